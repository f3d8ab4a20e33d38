// Tests of issue 14, item 21 on Reuters: a suggestion is offered only when it finds better.
#include <gtest/gtest.h>
#include <xapian.h>

#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/schema.h"
#include "indexer/indexer.h"
#include "kensaku/search.h"
#include "tests/test_support.h"

namespace kensaku {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

// Records of the Reuters feed indexed (enough for a vocabulary, quick to index).
constexpr std::size_t kRecords = 3000;

class QueryTrustReuters : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_SHARED_OR_SKIP(shared);
    if (dir_) return;
    dir_ = new TempDir();
    testing::RunResult feed = testing::run(
        {"/bin/gzip", "-dc", (shared / "corpora/reuters21578/reuters.jsonl.gz").string()});
    ASSERT_EQ(feed.exit_status, 0);
    std::istringstream lines(feed.out);
    std::string head;
    titles_ = new std::vector<std::string>();
    std::size_t count = 0;
    for (std::string line; count < kRecords && std::getline(lines, line); ++count) {
      head += line + "\n";
      std::string title = nlohmann::json::parse(line).value("title", "");
      if (!title.empty()) titles_->push_back(title);
    }
    testing::write_file(*dir_ / "reuters.jsonl", head);
    IndexOptions options;
    options.database = (*dir_ / "index").string();
    Indexer indexer(options, nullptr);
    ASSERT_EQ(indexer.run({(*dir_ / "reuters.jsonl").string()}).failed, 0u);
  }
  static void TearDownTestSuite() {
    delete titles_;
    delete dir_;
    titles_ = nullptr;
    dir_ = nullptr;
  }

  static SearchResponse search(const std::string& query) {
    Searcher searcher((*dir_ / "index").string());
    SearchRequest request;
    request.query = query;
    request.fragments = 0;
    return searcher.search(request);
  }

  static std::size_t best(const SearchResponse& response) {
    std::size_t most = 0;
    for (const Hit& hit : response.hits) most = std::max(most, hit.matched_words);
    return most;
  }

  // The title with its first long word misspelt (a letter dropped) so that no article has it;
  // empty when it has no such word.
  static std::pair<std::string, std::string> misspelt(const std::string& title,
                                                      const Xapian::Database& db) {
    std::istringstream words(title);
    std::string out, typo;
    for (std::string word; words >> word;) {
      std::string lower = word;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      bool letters =
          std::all_of(lower.begin(), lower.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      if (typo.empty() && letters && lower.size() >= 7) {
        std::string candidate = lower.substr(0, 3) + lower.substr(4);
        if (!db.term_exists(candidate) && !db.term_exists(schema::stemmer()(candidate))) {
          typo = candidate;
          word = candidate;
        }
      }
      out += (out.empty() ? "" : " ") + word;
    }
    return {typo.empty() ? std::string() : out, typo};
  }

  static inline TempDir* dir_ = nullptr;
  static inline std::vector<std::string>* titles_ = nullptr;
};

TEST_F(QueryTrustReuters, TitlesAsWrittenGetNoSuggestion) {
  for (std::size_t i = 0; i < 200 && i < titles_->size(); ++i) {
    EXPECT_EQ(search((*titles_)[i]).suggestion, "") << (*titles_)[i];
  }
}

TEST_F(QueryTrustReuters, MisspeltTitlesGetSuggestionsThatFindArticlesWithMoreOfTheirWords) {
  Xapian::Database db((*dir_ / "index").string() + "/XAPIANDB");
  std::size_t tried = 0, offered = 0;
  for (std::size_t i = 0; i < titles_->size() && tried < 150; ++i) {
    auto [query, typo] = misspelt((*titles_)[i], db);
    if (query.empty()) continue;
    ++tried;
    SearchResponse response = search(query);
    // An excluded word is never corrected.
    EXPECT_EQ(search((*titles_)[i] + " NOT " + typo).suggestion, "") << typo;
    if (response.suggestion.empty()) continue;
    ++offered;
    const std::size_t typed = response.showing_suggestion ? 0 : best(response);
    EXPECT_GT(best(search(response.suggestion)), typed) << query << " -> " << response.suggestion;
  }
  ASSERT_GE(tried, 100u);
  // Suggestions still come where they help: most dropped letters are found again.
  EXPECT_GE(offered * 2, tried) << offered << " of " << tried;
}

}  // namespace
}  // namespace kensaku
