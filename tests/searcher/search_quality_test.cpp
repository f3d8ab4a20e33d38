// Tests of issue 5's search behaviour on real indexes: compounds, tiers, spelling, leniency,
// synonyms, facets, "more like this", dates, recency and deterministic snippets.
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

std::set<std::string> names(const SearchResponse& response) {
  std::set<std::string> out;
  for (const Hit& hit : response.hits)
    out.insert(fs::path(hit.id).filename().string().substr(0, 3));
  return out;
}

void index_into(const fs::path& database, const fs::path& articles) {
  IndexOptions options;
  options.database = database.string();
  Indexer indexer(options, nullptr);
  IndexSummary summary = indexer.run({articles.string()});
  ASSERT_EQ(summary.failed, 0u);
}

// The shipped corpus, indexed once for the suite.
class SearchQualityOnCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    index_into(*dir_ / "index", testing::corpus_dir());
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string index() { return (*dir_ / "index").string(); }

  static SearchResponse search(const std::string& query, std::size_t limit = 10) {
    Searcher searcher(index(), (testing::corpus_dir() / ".synonyms.txt").string());
    SearchRequest request;
    request.query = query;
    request.limit = limit;
    return searcher.search(request);
  }

  static inline TempDir* dir_ = nullptr;
};

TEST_F(SearchQualityOnCorpus, Sm6WrittenJoinedHyphenatedOrQuotedApartFindsTheSameThreeArticles) {
  const std::set<std::string> expected{"000", "001", "003"};
  EXPECT_EQ(names(search("SM6")), expected);
  EXPECT_EQ(names(search("\"SM 6\"")), expected);
  EXPECT_EQ(names(search("SM-6")), expected);
  EXPECT_EQ(names(search("sm6")), expected);
}

TEST_F(SearchQualityOnCorpus, CounterstrikeFindsTheHyphenatedSpellingToo) {
  EXPECT_EQ(names(search("counterstrike")), (std::set<std::string>{"000", "002", "004"}));
  EXPECT_EQ(names(search("counter-strike")), (std::set<std::string>{"000", "002", "004"}));
}

TEST_F(SearchQualityOnCorpus, CoproductionWrittenJoinedFindsTheHyphenatedArticle) {
  EXPECT_EQ(names(search("coproduction")), (std::set<std::string>{"003"}));
}

TEST_F(SearchQualityOnCorpus, CodesWithDigitsWorkAsWritten) {
  EXPECT_EQ(names(search("AIM-120")), (std::set<std::string>{"003"}));
  EXPECT_EQ(names(search("F-35")), (std::set<std::string>{"002"}));
  EXPECT_EQ(names(search("F35")), (std::set<std::string>{"002"}));
  EXPECT_EQ(names(search("PAC-3")), (std::set<std::string>{"000", "002"}));
}

TEST_F(SearchQualityOnCorpus, UsWithDotsAndWithoutIsTheSameWord) {
  SearchResponse dotted = search("U.S. Hegseth"), plain = search("US Hegseth");
  EXPECT_EQ(names(dotted), names(plain));
  EXPECT_EQ(dotted.total, plain.total);
}

TEST_F(SearchQualityOnCorpus, AMisspeltNameSuggestsTheIndexedWordAndShowsItsResults) {
  SearchResponse response = search("Hegsteh");
  EXPECT_EQ(response.suggestion, "hegseth");
  EXPECT_TRUE(response.showing_suggestion);
  EXPECT_EQ(names(response), (std::set<std::string>{"000", "001", "003"}));
}

TEST_F(SearchQualityOnCorpus, WordsThatAreInTheIndexAreNeverCorrected) {
  for (const char* query : {"munitions", "Iwo", "Iwo munitions", "Hegseth"}) {
    SearchResponse response = search(query);
    EXPECT_EQ(response.suggestion, "") << query;
    EXPECT_FALSE(response.showing_suggestion) << query;
    EXPECT_GT(response.total, 0u) << query;
  }
}

TEST_F(SearchQualityOnCorpus, ArticlesWithEveryWordRankAboveArticlesWithSome) {
  SearchResponse response = search("Hegseth counterstrike Iwo", 5);
  EXPECT_EQ(response.query_words, 3u);
  ASSERT_GE(response.hits.size(), 2u);
  for (std::size_t i = 1; i < response.hits.size(); ++i) {
    EXPECT_GE(response.hits[i - 1].matched_words, response.hits[i].matched_words) << i;
  }
  // Only 000 and 001 have Hegseth, and only 001 has Iwo; 000, 002 and 004 have counterstrike.
  EXPECT_EQ(fs::path(response.hits[0].id).filename().string().substr(0, 3), "001");
  EXPECT_EQ(response.hits[0].matched_words, 2u);
  EXPECT_EQ(names(response), (std::set<std::string>{"000", "001", "002", "003", "004"}));
}

TEST_F(SearchQualityOnCorpus, TextThatDoesNotParseIsSearchedLenientlyAndSaysSo) {
  // Stray operators: the strict parse fails, the words are searched, and the answer says so.
  for (const char* query : {"japan AND", "AND japan", "OR OR japan", "japan NOT"}) {
    SearchResponse response = search(query);
    EXPECT_TRUE(response.lenient) << query;
    EXPECT_EQ(response.total, 5u) << query;
  }
  // Operators with no word at all: a clean answer with no hits, not an error.
  for (const char* query : {"-", "+", "\""}) {
    SearchResponse response = search(query);
    EXPECT_TRUE(response.lenient) << query;
    EXPECT_EQ(response.total, 0u) << query;
  }
}

TEST_F(SearchQualityOnCorpus, OddTextThatXapianAcceptsIsAnsweredStrictly) {
  struct Case {
    const char* query;
    std::size_t total;
  };
  for (const Case& c : {Case{"https://example.org/a?b=1&c=japan", 5}, Case{"1/2", 0},
                        Case{"a#1", 0}, Case{"a#1 japan", 5}, Case{"Energy & security act", 5}}) {
    SearchResponse response;
    ASSERT_NO_THROW(response = search(c.query)) << c.query;
    EXPECT_FALSE(response.lenient) << c.query;
    EXPECT_EQ(response.total, c.total) << c.query;
  }
}

TEST_F(SearchQualityOnCorpus, UnmatchedQuotesAndBracketsAreReadLenientlyAsWords) {
  // The unmatched quote is ignored: the words are words, not a phrase running to the end.
  for (const char* query : {"\"joint force", "(japan", "japan)"}) {
    SearchResponse response;
    ASSERT_NO_THROW(response = search(query)) << query;
    EXPECT_TRUE(response.lenient) << query;
    EXPECT_EQ(response.total, 5u) << query;
  }
}

TEST_F(SearchQualityOnCorpus, SynonymsFindArticlesThatUseTheOtherName) {
  // Only 002 spells out JFHQ; the phrase appears in four articles.
  EXPECT_EQ(names(search("JFHQ")), (std::set<std::string>{"000", "002", "003", "004"}));
  // DICAS is named once, in 003, which also spells it out.
  EXPECT_TRUE(names(search("\"Defense Industrial Cooperation, Acquisition and Sustainment\""))
                  .count("003"));
  std::set<std::string> usfj = names(search("USFJ"));
  EXPECT_TRUE(usfj.count("000") && usfj.count("004"));
}

TEST_F(SearchQualityOnCorpus, NearAndAdjFindWordsWithinADistance) {
  EXPECT_GT(search("joint NEAR/2 headquarters").total, 0u);
  EXPECT_GT(search("joint ADJ/2 headquarters").total, 0u);
  EXPECT_EQ(search("headquarters ADJ/2 joint").total, 0u);  // ADJ keeps the order
}

TEST_F(SearchQualityOnCorpus, SnippetsAreTheSameWhateverTheOffset) {
  SearchResponse whole = search("Japan alliance missile", 5);
  Searcher searcher(index());
  for (std::size_t offset = 1; offset < whole.hits.size(); ++offset) {
    SearchRequest request;
    request.query = "Japan alliance missile";
    request.offset = offset;
    request.limit = 1;
    SearchResponse page = searcher.search(request);
    ASSERT_EQ(page.hits.size(), 1u);
    EXPECT_EQ(page.hits[0].id, whole.hits[offset].id);
    EXPECT_EQ(page.hits[0].snippet, whole.hits[offset].snippet);
  }
}

TEST_F(SearchQualityOnCorpus, MoreLikeThisFindsOtherArticlesAndNeverTheArticleItself) {
  Searcher searcher(index());
  SearchRequest request;
  request.like = "corpus/003_b13ff8993483ff35.txt";
  SearchResponse response = searcher.search(request);
  EXPECT_GT(response.hits.size(), 0u);
  for (const Hit& hit : response.hits) EXPECT_NE(hit.id, request.like);
  request.like = "corpus/no-such-article.txt";
  EXPECT_THROW(searcher.search(request), UsageError);
}

TEST_F(SearchQualityOnCorpus, UnknownFacetsAndBadDatesAreUsageErrors) {
  Searcher searcher(index());
  SearchRequest request;
  request.query = "japan";
  request.facets = {"colour"};
  EXPECT_THROW(searcher.search(request), UsageError);
  request.facets = {};
  request.since = "last tuesday";
  EXPECT_THROW(searcher.search(request), UsageError);
}

// A small dated collection for facets, date ranges and recency.
class SearchQualityOnDatedArticles : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path articles = dir_ / "articles";
    fs::create_directories(articles);
    struct Item {
      const char* name;
      const char* date;
      const char* source;
      const char* topics;
      const char* text;
    };
    const Item items[] = {
        {"a1", "2024-01-10", "Wire", "grain", "Wheat harvest news from the plains."},
        {"a2", "2024-06-15", "Wire", "grain, trade", "Wheat exports rise as trade grows."},
        {"a3", "2025-03-01", "Herald", "grain", "Wheat prices fall after the harvest."},
        {"a4", "2025-03-20", "Herald", "trade", "Wheat tariffs and trade talks."},
        {"a5", "2025-04-02", "Gazette", "", "Rice and wheat in the markets."},
    };
    for (const Item& item : items) {
      testing::write_file(articles / (std::string(item.name) + ".txt"), item.text);
      testing::write_file(articles / (std::string(item.name) + ".txt.meta"),
                          std::string("title: ") + item.name + "\ndate: " + item.date +
                              "\nsource: " + item.source + "\ntopics: " + item.topics + "\n");
    }
    index_into(dir_ / "index", articles);
  }

  SearchResponse search(SearchRequest request) {
    Searcher searcher((dir_ / "index").string());
    return searcher.search(request);
  }

  static std::set<std::string> titles(const SearchResponse& response) {
    std::set<std::string> out;
    for (const Hit& hit : response.hits) out.insert(hit.title);
    return out;
  }

  TempDir dir_;
};

TEST_F(SearchQualityOnDatedArticles, FacetsCountEveryMatchNotJustThePage) {
  SearchRequest request;
  request.query = "wheat";
  request.limit = 1;
  request.facets = {"source", "year", "topic"};
  SearchResponse response = search(request);
  EXPECT_EQ(response.total, 5u);
  EXPECT_EQ(response.hits.size(), 1u);
  const auto& source = response.facets.at("source");
  ASSERT_EQ(source.size(), 3u);
  EXPECT_EQ(source[0].value, "Herald");  // 2, ties with Wire broken by value
  EXPECT_EQ(source[0].count, 2u);
  EXPECT_EQ(source[1].value, "Wire");
  EXPECT_EQ(source[2].count, 1u);
  std::size_t years = 0;
  for (const FacetCount& year : response.facets.at("year")) years += year.count;
  EXPECT_EQ(years, response.total);
  const auto& topic = response.facets.at("topic");
  ASSERT_EQ(topic.size(), 2u);
  EXPECT_EQ(topic[0].value, "grain");
  EXPECT_EQ(topic[0].count, 3u);
  EXPECT_EQ(topic[1].value, "trade");
  EXPECT_EQ(topic[1].count, 2u);
}

TEST_F(SearchQualityOnDatedArticles, SinceAndUntilKeepOnlyArticlesInTheRange) {
  SearchRequest request;
  request.query = "wheat";
  request.since = "2025-03";
  EXPECT_EQ(titles(search(request)), (std::set<std::string>{"a3", "a4", "a5"}));
  request.until = "2025-03";
  EXPECT_EQ(titles(search(request)), (std::set<std::string>{"a3", "a4"}));
  request.since = "";
  request.until = "2024";
  EXPECT_EQ(titles(search(request)), (std::set<std::string>{"a1", "a2"}));
  request.query = "wheat date:2024-06";
  request.until = "";
  EXPECT_EQ(titles(search(request)), (std::set<std::string>{"a2"}));
}

TEST_F(SearchQualityOnDatedArticles, RecencyLetsTheNewerOfEquallyRelevantArticlesWin) {
  SearchRequest request;
  request.query = "wheat";
  request.sort = SortOrder::kRelevance;
  request.recent_half_life_days = 30;
  SearchResponse response = search(request);
  ASSERT_EQ(response.hits.size(), 5u);
  // "Wheat" appears once in every article, so recency decides among near-equal scores.
  EXPECT_EQ(response.hits[0].title, "a5");
}

TEST_F(SearchQualityOnDatedArticles, AWildcardFindsEveryExpansion) {
  SearchRequest request;
  request.query = "harv*";
  EXPECT_EQ(titles(search(request)), (std::set<std::string>{"a1", "a3"}));
  EXPECT_TRUE(search(request).notes.empty());
}

TEST(SearchQuality, AWildcardBeyondTheBoundSaysSoAndStillAnswers) {
  TempDir dir;
  const fs::path articles = dir / "articles";
  fs::create_directories(articles);
  std::string text;
  for (int i = 0; i < 150; ++i) text += "zeta" + std::to_string(1000 + i) + "x ";
  testing::write_file(articles / "many.txt", text);
  index_into(dir / "index", articles);
  Searcher searcher((dir / "index").string());
  SearchRequest request;
  request.query = "zeta*";
  SearchResponse response = searcher.search(request);
  EXPECT_EQ(response.total, 1u);
  ASSERT_EQ(response.notes.size(), 1u);
  EXPECT_NE(response.notes[0].find("zeta*"), std::string::npos) << response.notes[0];
  EXPECT_NE(response.notes[0].find("100"), std::string::npos) << response.notes[0];
}

}  // namespace
}  // namespace kensaku
