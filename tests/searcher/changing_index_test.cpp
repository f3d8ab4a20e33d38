// Searches never fail because the index is being written: a writer commits as fast as Xapian
// allows (two articles changed per commit), then as the indexer does at its fastest (--batch 1),
// and compacts between rounds, retiring each old generation at once, while threads search with
// their own and a shared Searcher. Every search must answer. (With a fixed 5 retries and no
// pause between them, about 1 search in 1,000 here failed with "kept changing".)
#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "indexer/index_writer.h"
#include "indexer/indexer.h"
#include "kensaku/search.h"
#include "tests/test_support.h"

namespace kensaku {
namespace {

namespace fs = std::filesystem;

constexpr int kArticles = 1200;
constexpr int kWordsPerArticle = 250;
constexpr int kVocabulary = 2000;
constexpr auto kDuration = std::chrono::seconds(20);

// A fixed generator, so that every run writes the same articles.
class Words {
 public:
  explicit Words(std::uint32_t seed) : state_(seed) {}
  // Word numbers skewed towards the small ones, as word frequencies are.
  int next() {
    state_ = state_ * 1664525u + 1013904223u;
    const double u = static_cast<double>(state_ >> 8) / (1u << 24);
    return static_cast<int>(u * u * u * kVocabulary);
  }
  static std::string word(int n) {
    std::ostringstream out;
    out << 'w';
    for (int v = n + 26; v > 0; v /= 26) out << static_cast<char>('a' + v % 26);
    return out.str();
  }

 private:
  std::uint32_t state_;
};

void write_article(const fs::path& dir, int n, int version) {
  Words words(static_cast<std::uint32_t>(n * 7919 + version));
  std::ostringstream text;
  text << "Article " << n << " version " << version << "\n\n";
  for (int i = 0; i < kWordsPerArticle; ++i) {
    text << Words::word(words.next()) << (i % 12 ? " " : ". ");
  }
  text << '\n';
  testing::write_file(dir / (std::to_string(n) + ".txt"), text.str());
}

// The words numbered `numbers`, separated by `between`.
std::string words(const std::vector<int>& numbers, const char* between = " ") {
  std::ostringstream out;
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    out << (i ? between : "") << Words::word(numbers[i]);
  }
  return out.str();
}

// Common and rare words, phrases, facets, date sort, feedback: searches of every length.
std::vector<SearchRequest> requests() {
  const std::vector<std::string> texts = {words({0, 1}),
                                          words({3, 900}),
                                          '"' + words({0, 2}) + '"',
                                          words({5, 6, 7, 8, 9, 10}),
                                          words({1500, 4}, " OR "),
                                          "article"};
  std::vector<SearchRequest> out;
  for (const std::string& text : texts) {
    SearchRequest request;
    request.query = text;
    out.push_back(request);
  }
  out[1].facets = {"year", "source"};
  out[2].sort = SortOrder::kDateDescending;
  out[5].limit = 50;
  return out;
}

// `commits` commits back to back, each changing two articles' terms in place: as many commits
// a second as Xapian allows, each freeing blocks that the next may reuse under a reader.
int commit_small_changes(const std::string& index, int round, int commits) {
  Xapian::WritableDatabase raw(index, Xapian::DB_OPEN);
  std::uint32_t state = static_cast<std::uint32_t>(round);
  for (int c = 0; c < commits; ++c) {
    for (int k = 0; k < 2; ++k) {
      state = state * 1664525u + 1013904223u;
      const Xapian::docid id = 1 + (state >> 8) % raw.get_lastdocid();
      Xapian::Document doc;
      try {
        doc = raw.get_document(id);
      } catch (const Xapian::DocNotFoundError&) {
        continue;  // replaced by the indexer since
      }
      doc.add_term("Xround" + std::to_string(round) + "-" + std::to_string(c));
      raw.replace_document(id, doc);
    }
    raw.commit();
  }
  return commits;
}

struct Failures {
  std::mutex mutex;
  std::vector<std::string> messages;
  void add(const std::string& message) {
    std::lock_guard<std::mutex> lock(mutex);
    messages.push_back(message);
  }
};

TEST(SearchesDuringWrites, EverySearchAnswersWhateverTheWriterCommitsAndCompacts) {
  testing::TempDir dir;
  const fs::path articles = dir / "articles";
  for (int n = 0; n < kArticles; ++n) write_article(articles, n, 0);
  IndexOptions options;
  options.database = (dir / "index").string();
  Indexer(options, nullptr).run({articles.string()});
  options.batch_articles = 1;  // the fastest commit rate the indexer allows

  std::atomic<bool> writing{true};
  std::atomic<int> commits{0}, compactions{0};
  std::atomic<std::size_t> searches{0};
  Failures failures;
  std::thread writer([&] {
    try {
      // 20 s, or until KENSAKU_SEARCHES_DURING_WRITES searches were answered (the measurement).
      const char* wanted_text = std::getenv("KENSAKU_SEARCHES_DURING_WRITES");
      const std::size_t wanted = wanted_text ? std::strtoul(wanted_text, nullptr, 10) : 0;
      const auto end = std::chrono::steady_clock::now() + kDuration;
      for (int round = 1;
           wanted ? searches.load() < wanted : std::chrono::steady_clock::now() < end; ++round) {
        commits += commit_small_changes(options.database, round, 100);
        for (int k = 0; k < 25; ++k) write_article(articles, (round * 25 + k) % kArticles, round);
        commits += static_cast<int>(Indexer(options, nullptr).run({articles.string()}).updated);
        if (round % 2 == 0) {
          IndexWriterOptions compaction;
          compaction.wait_seconds = 30;
          compact_index(options.database, compaction);
          ++compactions;
        }
      }
    } catch (const std::exception& e) {
      failures.add(std::string("the writer threw: ") + e.what());
    } catch (const Xapian::Error& e) {
      failures.add("the writer threw: " + e.get_description());
    }
    writing = false;
  });

  const std::vector<SearchRequest> mix = requests();
  Searcher shared(options.database);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::optional<Searcher> own;
      if (t % 2 == 0) own.emplace(options.database);
      Searcher& searcher = own ? *own : shared;
      for (std::size_t i = static_cast<std::size_t>(t); writing; ++i) {
        try {
          SearchResponse response = searcher.search(mix[i % mix.size()]);
          if (response.hits.empty()) failures.add("no hits for " + mix[i % mix.size()].query);
        } catch (const Error& e) {
          failures.add(mix[i % mix.size()].query + ": " + e.what());
        }
        ++searches;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  writer.join();
  std::lock_guard<std::mutex> lock(failures.mutex);
  EXPECT_TRUE(failures.messages.empty())
      << failures.messages.size() << " of " << searches
      << " searches failed, the first: " << failures.messages.front();
  EXPECT_GT(commits.load(), 200) << "too few commits to race the searches";
  EXPECT_GE(compactions.load(), 2);
  EXPECT_GT(searches.load(), 1000u);
  std::printf("%zu searches, %d commits, %d compactions, 0 failures expected\n", searches.load(),
              commits.load(), compactions.load());
  RecordProperty("searches", std::to_string(searches.load()));
  RecordProperty("commits", std::to_string(commits.load()));
}

}  // namespace
}  // namespace kensaku
