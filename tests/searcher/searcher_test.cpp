// Tests of the Searcher API on the shipped corpus: ranking, phrases, fields, typography, errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "indexer/indexer.h"
#include "kensaku/search.h"
#include "tests/test_support.h"

namespace kensaku {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

// The corpus is indexed once for the whole suite: every test here only reads.
class SearcherOnCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    IndexOptions options;
    options.database = (*dir_ / "index").string();
    Indexer indexer(options, nullptr);
    IndexSummary summary = indexer.run({testing::corpus_dir().string()});
    ASSERT_EQ(summary.added, 5u);
    ASSERT_EQ(summary.failed, 0u);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static std::string index() { return (*dir_ / "index").string(); }

  static std::vector<std::string> ids(const SearchResponse& response) {
    std::vector<std::string> out;
    for (const Hit& hit : response.hits) out.push_back(fs::path(hit.id).filename().string());
    return out;
  }

  static SearchResponse search(const std::string& query) {
    Searcher searcher(index());
    SearchRequest request;
    request.query = query;
    return searcher.search(request);
  }

  static inline TempDir* dir_ = nullptr;
};

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

TEST_F(SearcherOnCorpus, SampleQueryRanksTheCoProductionArticleFirst) {
  auto found = ids(search("SM-6 co-production"));
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0], "003_b13ff8993483ff35.txt");
  EXPECT_TRUE(as_set(found).count("000_d9e0c6bde5f95736.txt"));
  EXPECT_TRUE(as_set(found).count("001_9e27ae2802fd3b6b.txt"));
}

TEST_F(SearcherOnCorpus, PhraseMatchesOnlyArticlesWithTheWordsInOrder) {
  EXPECT_EQ(as_set(ids(search("\"joint force headquarters\""))),
            (std::set<std::string>{"000_d9e0c6bde5f95736.txt", "002_c73403e411bd2990.txt",
                                   "003_b13ff8993483ff35.txt", "004_04c299b1cf399749.txt"}));
}

TEST_F(SearcherOnCorpus, EnDashAndCurlyApostropheSearchLikeTheirAsciiForms) {
  EXPECT_EQ(search("US\xE2\x80\x93Japan alliance").hits.size(), 5u);
  EXPECT_EQ(search("US-Japan alliance").hits.size(), 5u);
  auto visit = ids(search("\"Hegseth\xE2\x80\x99s visit\""));
  EXPECT_EQ(visit, std::vector<std::string>{"001_9e27ae2802fd3b6b.txt"});
  auto curly_words = ids(search("Hegseth\xE2\x80\x99s visit"));
  ASSERT_FALSE(curly_words.empty());
  EXPECT_EQ(curly_words[0], "001_9e27ae2802fd3b6b.txt");
}

TEST_F(SearcherOnCorpus, AuthorFieldFindsOnlyThatAuthorsArticleWithItsMetadata) {
  SearchResponse response = search("author:Maslow");
  ASSERT_EQ(ids(response), std::vector<std::string>{"002_c73403e411bd2990.txt"});
  const Hit& hit = response.hits[0];
  EXPECT_EQ(hit.author, "Sebastian Maslow");
  EXPECT_EQ(hit.source, "East Asia Forum");
  EXPECT_EQ(hit.title,
            "What The Upgraded US-Japan Alliance Means For Indo-Pacific Security - Analysis");
  EXPECT_TRUE(fs::path(hit.path).is_absolute());
}

TEST_F(SearcherOnCorpus, HitsCarrySnippetsWithHighlightsInsideTheSnippet) {
  SearchResponse response = search("masts");
  ASSERT_EQ(response.hits.size(), 1u);
  const Hit& hit = response.hits[0];
  ASSERT_FALSE(hit.highlights.empty());
  EXPECT_NE(hit.snippet.find("masts"), std::string::npos);
}

TEST_F(SearcherOnCorpus, RanksAreOneBasedAcrossPages) {
  Searcher searcher(index());
  SearchRequest request;
  request.query = "Japan";
  request.limit = 2;
  request.offset = 2;
  SearchResponse page = searcher.search(request);
  ASSERT_EQ(page.hits.size(), 2u);
  EXPECT_EQ(page.hits[0].rank, 3u);
  EXPECT_EQ(page.total, 5u);
}

TEST(Searcher, EqualScoresAreOrderedByArticleIdNotByIndexingOrder) {
  TempDir dir;
  // Identical texts score identically; write them in an order unlike their names.
  for (const char* name : {"c.txt", "a.txt", "d.txt", "b.txt"}) {
    testing::write_file(dir / "docs" / name, "Headline\n\nThe same alliance story.\n");
  }
  IndexOptions options;
  options.database = (dir / "index").string();
  for (const char* name : {"d.txt", "b.txt", "c.txt", "a.txt"}) {
    Indexer(options, nullptr).run({(dir / "docs" / name).string()});
  }
  Searcher searcher(options.database);
  SearchRequest request;
  request.query = "alliance";
  SearchResponse response = searcher.search(request);
  ASSERT_EQ(response.hits.size(), 4u);
  std::vector<std::string> order;
  for (const Hit& hit : response.hits) order.push_back(hit.id);
  EXPECT_EQ(order, (std::vector<std::string>{"a.txt", "b.txt", "c.txt", "d.txt"}));
  EXPECT_EQ(response.hits[0].score, response.hits[3].score);
}

TEST_F(SearcherOnCorpus, EmptyQueryIsAUsageError) {
  Searcher searcher(index());
  SearchRequest request;
  request.query = "   ";
  EXPECT_THROW(searcher.search(request), UsageError);
}

TEST(Searcher, MissingIndexThrowsIndexNotFoundWithAHint) {
  TempDir dir;
  try {
    Searcher searcher((dir / "nothing-here").string());
    FAIL() << "expected IndexNotFoundError";
  } catch (const IndexNotFoundError& e) {
    EXPECT_NE(e.hint().find("kensaku-index"), std::string::npos);
    EXPECT_EQ(e.exit_status(), ExitStatus::kError);
  }
}

TEST(Searcher, DamagedIndexThrowsIndexCorrupt) {
  TempDir dir;
  fs::create_directories(dir / "index");
  testing::write_file(dir / "index" / "iamglass", "this is not a glass database");
  EXPECT_THROW(Searcher((dir / "index").string()), IndexCorruptError);
}

}  // namespace
}  // namespace kensaku
