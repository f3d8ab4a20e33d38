// The Reuters-21578 feed indexes as it is, and its filters and date ranges return exactly the
// articles that carry them, counted independently from the raw JSON Lines.
#include <gtest/gtest.h>
#include <xapian.h>
#include <zlib.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// What the raw feed says, read without any Kensaku code.
struct ReutersFacts {
  std::size_t records = 0;
  std::set<std::string> grain, usa, grain_and_usa, march_1987;
};

ReutersFacts read_facts(const fs::path& feed) {
  ReutersFacts facts;
  gzFile in = gzopen(feed.c_str(), "rb");
  EXPECT_NE(in, nullptr);
  std::string line;
  char buffer[1 << 16];
  auto handle = [&](const std::string& text) {
    if (text.empty()) return;
    json record = json::parse(text);
    ++facts.records;
    std::string id = std::to_string(record["id"].get<long>());
    bool grain = false, usa = false;
    for (const auto& t : record["topics"]) grain = grain || t == "grain";
    for (const auto& p : record["places"]) usa = usa || p == "usa";
    if (grain) facts.grain.insert(id);
    if (usa) facts.usa.insert(id);
    if (grain && usa) facts.grain_and_usa.insert(id);
    if (record["date"].get<std::string>().starts_with("1987-03")) facts.march_1987.insert(id);
  };
  while (gzgets(in, buffer, sizeof buffer)) {
    line += buffer;
    if (!line.empty() && line.back() == '\n') {
      handle(line);
      line.clear();
    }
  }
  handle(line);
  gzclose(in);
  return facts;
}

class ReutersFeed : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto shared_dir_opt = shared_dir();
    if (!shared_dir_opt) return;
    feed_ = new fs::path(*shared_dir_opt / "corpora" / "reuters21578" / "reuters.jsonl.gz");
    dir_ = new TempDir();
    index_result_ = new RunResult(
        run({index_bin(), "--db", (*dir_ / "index").string(), "--quiet", feed_->string()}));
    facts_ = new ReutersFacts(read_facts(*feed_));
  }
  static void TearDownTestSuite() {
    delete facts_;
    delete index_result_;
    delete dir_;
    delete feed_;
  }

  // The ids of every article the query returns (all pages), as the feed's own record ids.
  static std::set<std::string> ids(const std::string& query) {
    RunResult r = run({search_bin(), "--db", (*dir_ / "index").string(), "--json", "--limit",
                       "100000", "--fragments", "0", query});
    EXPECT_TRUE(r.exit_status == 0 || r.exit_status == 1) << r.err;
    std::set<std::string> out;
    const json response = json::parse(r.out);  // kept alive: the loop reads into it
    for (const auto& hit : response["hits"]) {
      std::string id = hit["id"];
      out.insert(id.substr(id.rfind('#') + 1));
    }
    return out;
  }

  static inline fs::path* feed_ = nullptr;
  static inline TempDir* dir_ = nullptr;
  static inline RunResult* index_result_ = nullptr;
  static inline ReutersFacts* facts_ = nullptr;
};

// One test, because each ctest test is its own process and indexing the feed is the costly part.
TEST_F(ReutersFeed, IndexesEveryRecordAndItsFiltersAndDateRangesReturnExactlyTheRightArticles) {
  REQUIRE_SHARED_OR_SKIP(shared);
  // Every record, title-only briefs and the one story without text included.
  EXPECT_EQ(index_result_->exit_status, 0) << index_result_->err;
  EXPECT_EQ(facts_->records, 21578u);
  EXPECT_EQ(Xapian::Database((*dir_ / "index").string()).get_doccount(), 21578u);

  EXPECT_EQ(ids("topic:grain"), facts_->grain);
  EXPECT_EQ(ids("place:usa"), facts_->usa);
  EXPECT_EQ(ids("topic:grain place:usa"), facts_->grain_and_usa);
  EXPECT_EQ(ids("topic:GRAIN"), facts_->grain) << "filters ignore case";

  EXPECT_FALSE(facts_->march_1987.empty());
  EXPECT_EQ(ids("date:1987-03"), facts_->march_1987);
  EXPECT_EQ(ids("date:1987-03-01..1987-03-31"), facts_->march_1987);
}

}  // namespace
}  // namespace kensaku::testing
