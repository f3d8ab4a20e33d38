// The count's bound: `total` is exact up to 25,000 matches; beyond, it is an estimate flagged
// with bounds that hold the true count, the same on every page.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "indexer/indexer.h"
#include "kensaku/search.h"
#include "tests/test_support.h"

namespace kensaku {
namespace {

constexpr int kArticles = 26000;  // one more thousand than are counted exactly

class CountBound : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    std::ofstream feed(*dir_ / "feed.jsonl");
    // Every article has "everywhere", and "zulu" or "yankee" (odd and even numbers); one in 100
    // "rare" (even numbers).
    for (int n = 0; n < kArticles; ++n) {
      feed << "{\"id\": \"" << n << "\", \"title\": \"Story " << n << "\", \"body\": \"everywhere"
           << (n % 2 ? " zulu" : " yankee") << (n % 100 ? "" : " rare") << " text\"}\n";
    }
    feed.close();
    IndexOptions options;
    options.database = (*dir_ / "index").string();
    Indexer(options, nullptr).run({(*dir_ / "feed.jsonl").string()});
    index_ = new std::string(options.database);
  }
  static void TearDownTestSuite() {
    delete index_;
    delete dir_;
  }

  static SearchResponse search(const std::string& query, std::size_t offset, std::size_t limit) {
    SearchRequest request;
    request.query = query;
    request.offset = offset;
    request.limit = limit;
    request.fragments = 0;
    request.time_limit_seconds = 0;
    return Searcher(*index_).search(request);
  }

  static testing::TempDir* dir_;
  static std::string* index_;
};

testing::TempDir* CountBound::dir_ = nullptr;
std::string* CountBound::index_ = nullptr;

const std::vector<std::pair<std::size_t, std::size_t>> kPages = {{0, 1}, {0, 10}, {500, 100}};

TEST_F(CountBound, UpToTheBoundTheTotalIsExactOnEveryPage) {
  for (const auto& [query, expected] : std::vector<std::pair<std::string, std::size_t>>{
           {"zulu", kArticles / 2}, {"rare", kArticles / 100}, {"zulu rare", 13260}}) {
    for (const auto& [offset, limit] : kPages) {
      SearchResponse response = search(query, offset, limit);
      EXPECT_EQ(response.total, expected) << query;
      EXPECT_TRUE(response.total_exact) << query;
    }
  }
}

TEST_F(CountBound, BeyondTheBoundTheTotalIsAFlaggedEstimateTheSameOnEveryPage) {
  // Each article has one of the two words: only counting them tells 26,000 from 13,000.
  const std::string query = "zulu yankee";
  std::vector<std::size_t> totals;
  for (const auto& [offset, limit] : kPages) {
    SearchResponse response = search(query, offset, limit);
    EXPECT_FALSE(response.total_exact);
    EXPECT_GT(response.total_lower, 25000u);
    EXPECT_LE(response.total_lower, static_cast<std::size_t>(kArticles));
    EXPECT_GE(response.total_upper, static_cast<std::size_t>(kArticles));
    EXPECT_LE(response.total_lower, response.total);
    EXPECT_LE(response.total, response.total_upper);
    totals.push_back(response.total);
  }
  EXPECT_EQ(totals, std::vector<std::size_t>(totals.size(), totals.front()));
  // One word's count is its posting list's length, exact without counting, whatever the bound.
  EXPECT_TRUE(search("everywhere", 0, 10).total_exact);
  EXPECT_EQ(search("everywhere", 0, 10).total, static_cast<std::size_t>(kArticles));
}

}  // namespace
}  // namespace kensaku
