// Matching over Reuters-21578: `total` is the same on every page and equals a brute-force count of
// the query's matches (a Xapian MSet of every match, independent of the ranking's passes), and a
// search past its time limit comes back flagged with the best results found, never an error.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "indexer/indexer.h"
#include "kensaku/search.h"
#include "searcher/query_builder.h"
#include "searcher/ranking.h"
#include "searcher/cli/result_printer.h"
#include "tests/test_support.h"

namespace kensaku {
namespace {

namespace fs = std::filesystem;

// Pages that once gave different totals for one query (the count followed the page).
const std::vector<std::pair<std::size_t, std::size_t>> kPages = {
    {0, 1}, {0, 10}, {0, 100}, {7, 10}, {95, 5}, {1000, 3}, {0, 1000}};

class MatchingOnReuters : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto shared = testing::shared_dir();
    if (!shared) return;
    dir_ = new testing::TempDir();
    IndexOptions options;
    options.database = (*dir_ / "index").string();
    Indexer(options, nullptr)
        .run({(*shared / "corpora" / "reuters21578" / "reuters.jsonl.gz").string()});
    index_ = new std::string(options.database);
  }
  static void TearDownTestSuite() {
    delete index_;
    delete dir_;
  }

  // Every match of `text` as the query builder reads it, counted by listing them all.
  static std::size_t brute_force(const Xapian::Database& db, const std::string& text) {
    QueryBuilder builder(db);
    Xapian::Enquire enquire(db);
    enquire.set_query(expand_wildcards(builder.build(text).query, db));
    return enquire.get_mset(0, db.get_doccount(), db.get_doccount()).size();
  }

  // Words of many frequencies from the index's own vocabulary, combined with a fixed generator
  // into 2-4 word queries and two-word phrases, plus the shapes users write (filters, fields,
  // operators, exclusions, wildcards).
  static std::vector<std::string> queries(const Xapian::Database& db) {
    std::vector<std::string> words;
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
      const std::string term = *t;
      if (term.size() < 3 || term.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != term.npos) {
        continue;
      }
      if (t.get_termfreq() >= 20) words.push_back(term);
    }
    std::vector<std::string> out = {"oil price",         "oil date:1987-03", "\"oil price\"",
                                    "oil -price",        "oil OR gas",       "title:oil",
                                    "topic:grain wheat", "pri* oil",         "said",
                                    "the company said",  "of the",           "reuter",
                                    "place:usa dollar",  "oil NEAR/3 price"};
    std::uint32_t state = 21578;
    auto next = [&state] {
      state = state * 1664525u + 1013904223u;
      return state >> 8;
    };
    for (int i = 0; i < 120; ++i) {
      std::string query;
      const bool phrase = i % 6 == 5;
      const int n = phrase ? 2 : 2 + static_cast<int>(next() % 3);
      for (int w = 0; w < n; ++w) query += (w ? " " : "") + words[next() % words.size()];
      out.push_back(phrase ? "\"" + query + "\"" : query);
    }
    return out;
  }

  // `n` distinct words of the index in the most articles: the costliest OR it can be asked.
  static std::string frequent_words(const Xapian::Database& db, std::size_t n) {
    std::vector<std::pair<Xapian::doccount, std::string>> words;
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
      const std::string term = *t;
      if (term.size() >= 3 && term.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == term.npos &&
          term != "and" && term != "not" && term != "near" && term != "adj") {
        words.emplace_back(t.get_termfreq(), term);
      }
    }
    std::sort(words.rbegin(), words.rend());
    std::string out;
    for (std::size_t i = 0; i < n && i < words.size(); ++i) out += words[i].second + " ";
    return out;
  }

  static testing::TempDir* dir_;
  static std::string* index_;
};

testing::TempDir* MatchingOnReuters::dir_ = nullptr;
std::string* MatchingOnReuters::index_ = nullptr;

TEST_F(MatchingOnReuters, TotalIsTheBruteForceCountOnEveryPage) {
  REQUIRE_SHARED_OR_SKIP(shared);
  Xapian::Database db(*index_);
  Searcher searcher(*index_);
  std::size_t large = 0;
  for (const std::string& text : queries(db)) {
    const std::size_t expected = brute_force(db, text);
    large += expected > 1000;
    for (const auto& [offset, limit] : kPages) {
      SearchRequest request;
      request.query = text;
      request.offset = offset;
      request.limit = limit;
      request.fragments = 0;
      request.suggest = false;
      request.time_limit_seconds = 0;  // the count must not depend on the machine's load
      SearchResponse response = searcher.search(request);
      EXPECT_EQ(response.total, expected) << text << " at " << offset << "+" << limit;
      EXPECT_TRUE(response.total_exact) << text;
      EXPECT_EQ(response.total_lower, expected) << text;
      EXPECT_EQ(response.total_upper, expected) << text;
      EXPECT_FALSE(response.timed_out) << text;
    }
  }
  EXPECT_GT(large, 20u) << "too few queries with more matches than a page-based count reaches";
}

TEST_F(MatchingOnReuters, FacetsAndDateSortCountTheSameMatchesAsRelevance) {
  REQUIRE_SHARED_OR_SKIP(shared);
  Xapian::Database db(*index_);
  Searcher searcher(*index_);
  for (const char* text : {"oil price", "oil date:1987-03", "wheat export", "\"of the\""}) {
    const std::size_t expected = brute_force(db, text);
    for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kDateDescending}) {
      SearchRequest request;
      request.query = text;
      request.sort = sort;
      request.facets = {"year", "topic"};
      request.time_limit_seconds = 0;
      SearchResponse response = searcher.search(request);
      EXPECT_EQ(response.total, expected) << text;
      std::size_t years = 0;
      for (const FacetCount& year : response.facets.at("year")) years += year.count;
      EXPECT_EQ(years, expected) << text;  // every Reuters article has a date
    }
  }
}

TEST_F(MatchingOnReuters, ABigOrWithATinyBudgetComesBackFlaggedWithTheBestHitsNotAnError) {
  REQUIRE_SHARED_OR_SKIP(shared);
  Xapian::Database db(*index_);
  Searcher searcher(*index_);
  for (std::size_t words : {50u, 300u, 1000u}) {
    SearchRequest request;
    request.query = frequent_words(db, words);
    request.time_limit_seconds = 0.001;
    SearchResponse response = searcher.search(request);
    EXPECT_TRUE(response.timed_out) << words;
    EXPECT_FALSE(response.hits.empty()) << words;
    EXPECT_FALSE(response.total_exact) << words;
    const std::size_t all = brute_force(db, request.query);
    EXPECT_LE(response.total_lower, all) << words;
    EXPECT_GE(response.total_upper, all) << words;
    EXPECT_LE(response.total_lower, response.total);
    EXPECT_LE(response.total, response.total_upper);
    ASSERT_FALSE(response.notes.empty());
    EXPECT_TRUE(testing::contains(response.notes.back(), "time limit of 0.001 s")) << words;
    nlohmann::json json = nlohmann::json::parse(response_to_json(response));
    EXPECT_EQ(json["timed_out"], true);
    EXPECT_EQ(json["total_exact"], false);
    EXPECT_EQ(json["total_bounds"],
              nlohmann::json::array({response.total_lower, response.total_upper}));
  }
}

TEST_F(MatchingOnReuters, WithoutABudgetTheSameQueryIsCompleteAndSaysNothingOfIt) {
  REQUIRE_SHARED_OR_SKIP(shared);
  Xapian::Database db(*index_);
  Searcher searcher(*index_);
  SearchRequest request;
  request.query = frequent_words(db, 300);
  request.time_limit_seconds = 0;
  SearchResponse response = searcher.search(request);
  EXPECT_FALSE(response.timed_out);
  EXPECT_TRUE(response.total_exact);
  EXPECT_EQ(response.total, brute_force(db, request.query));
  ASSERT_FALSE(response.hits.empty());
  EXPECT_FALSE(response.hits[0].snippet.empty());
  nlohmann::json json = nlohmann::json::parse(response_to_json(response));
  EXPECT_FALSE(json.contains("timed_out"));
  EXPECT_FALSE(json.contains("total_exact"));
  EXPECT_FALSE(json.contains("total_bounds"));
}

TEST_F(MatchingOnReuters, AnOrdinaryQueryPastItsBudgetKeepsItsHitsAndTheirOrder) {
  REQUIRE_SHARED_OR_SKIP(shared);
  Searcher searcher(*index_);
  for (const char* text : {"oil price", "the company said", "wheat export subsidies"}) {
    SearchRequest request;
    request.query = text;
    request.fragments = 0;
    request.time_limit_seconds = 0;
    SearchResponse complete = searcher.search(request);
    request.time_limit_seconds = 1e-9;  // passed before the search begins
    SearchResponse cut = searcher.search(request);
    EXPECT_TRUE(cut.timed_out) << text;
    ASSERT_FALSE(cut.hits.empty()) << text;
    for (std::size_t i = 0; i < cut.hits.size() && i < complete.hits.size(); ++i) {
      EXPECT_EQ(cut.hits[i].id, complete.hits[i].id) << text << " #" << i;
    }
    EXPECT_LE(cut.total_lower, complete.total) << text;
    EXPECT_GE(cut.total_upper, complete.total) << text;
  }
}

TEST_F(MatchingOnReuters, ACountThatReachesItsDeadlineStopsThereWithBoundsThatHoldTheTruth) {
  REQUIRE_SHARED_OR_SKIP(shared);
  Xapian::Database db(*index_);
  QueryBuilder builder(db);
  BuiltQuery built = builder.build(frequent_words(db, 1000));
  Ranking ranking = rank(built.query, built.words, db, 0);
  const std::size_t all = brute_force(db, frequent_words(db, 1000));
  using Clock = std::chrono::steady_clock;
  bool timed_out = false;
  auto started = Clock::now();
  MatchCount full =
      count_matches(db, ranking, db.get_doccount(), nullptr, Deadline(), true, &timed_out);
  const double full_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  ASSERT_TRUE(full.exact());
  ASSERT_EQ(full.estimate, all);
  ASSERT_FALSE(timed_out);
  // A deadline a tenth of the way in: the count stops near it, not at the end.
  started = Clock::now();
  MatchCount cut = count_matches(db, ranking, db.get_doccount(), nullptr,
                                 Deadline(full_seconds / 10), true, &timed_out);
  const double cut_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  EXPECT_TRUE(timed_out);
  EXPECT_FALSE(cut.exact());
  EXPECT_LT(cut.lower, all);
  EXPECT_GE(cut.upper, all);
  EXPECT_LT(cut_seconds, full_seconds / 2) << "full count " << full_seconds << " s";
}

TEST_F(MatchingOnReuters, ATimeLimitOutOfRangeIsAUsageErrorNamingIt) {
  REQUIRE_SHARED_OR_SKIP(shared);
  Searcher searcher(*index_);
  for (double bad : {-1.0, -0.001, 86401.0, std::nan(""), HUGE_VAL}) {
    SearchRequest request;
    request.query = "oil";
    request.time_limit_seconds = bad;
    try {
      searcher.search(request);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const UsageError& e) {
      EXPECT_TRUE(testing::contains(e.what(), "time limit")) << e.what();
    }
  }
}

}  // namespace
}  // namespace kensaku
