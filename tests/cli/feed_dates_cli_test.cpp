// Tests of JSONL feed records' dates through the binaries (issue 14, item 25): the dates a
// newsroom writes are read as in any other input, and an unreadable one is a warning naming the
// feed, its line and the value, never a silently undated record.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct DatedRecord {
  std::string id, date, stored;  // `stored`: the JSON date expected; "" for an unreadable one
};

const std::vector<DatedRecord> kRecords = {
    {"iso", "2025-03-30T09:00:00+09:00", "2025-03-30T09:00:00+09:00"},
    {"rfc", "Sun, 30 Mar 2025 09:00:00 +0900", "2025-03-30T09:00:00+09:00"},
    {"slashes", "2025/03/30", "2025-03-30"},
    {"digits", "20250330", "2025-03-30"},
    {"words", "30 March 2025", "2025-03-30"},
    {"ambiguous", "05/03/2024", ""},
    {"word", "yesterday", ""},
    {"no-day", "2023-02-29", ""},
    {"undated", "", ""},
};

class FeedDatesCli : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_.path() / "wire";
    fs::create_directories(root_);
    std::string feed;
    for (const DatedRecord& record : kRecords) {
      feed += json{{"id", record.id},
                   {"title", "Harbour report " + record.id},
                   {"body", "The harbour was busy."},
                   {"date", record.date}}
                  .dump() +
              "\n";
    }
    write_file(root_ / "news.jsonl", feed);
    db_ = dir_.path() / "index";
  }
  TempDir dir_;
  fs::path root_, db_;
};

TEST_F(FeedDatesCli, EveryRecordIsIndexedWithItsDateReadOrAWarningNamingFileLineAndValue) {
  const RunResult indexed = run({index_bin(), "--db", db_.string(), root_.string()});
  ASSERT_EQ(indexed.exit_status, 0) << indexed.err;
  const std::string feed = (root_ / "news.jsonl").string();
  const RunResult found = search_index(db_, {"--json", "--limit", "50", "harbour"});
  ASSERT_EQ(found.exit_status, 0) << found.err;
  const json hits = json::parse(found.out);
  for (std::size_t i = 0; i < kRecords.size(); ++i) {
    const DatedRecord& record = kRecords[i];
    const std::string warning =
        feed + ":" + std::to_string(i + 1) + ": date \"" + record.date + "\" is not a date";
    const bool unreadable = record.stored.empty() && !record.date.empty();
    EXPECT_EQ(contains(indexed.err, warning), unreadable) << record.id << "\n" << indexed.err;

    bool seen = false;
    for (const json& h : hits["hits"]) {
      if (h["id"].get<std::string>().ends_with("#" + record.id)) {
        seen = true;
        EXPECT_EQ(h["date"], record.stored) << record.id;
      }
    }
    EXPECT_TRUE(seen) << record.id << "\n" << hits.dump();
  }
  // Warnings, not failures: as many as unreadable dates, and no other line on stderr says so.
  std::size_t warnings = 0;
  for (std::size_t at = 0; (at = indexed.err.find("warning:", at)) != std::string::npos; ++at) {
    ++warnings;
  }
  EXPECT_EQ(warnings, 3u) << indexed.err;
}

}  // namespace
}  // namespace kensaku::testing
