// Tests of newsroom metadata through the binaries: --sort date by the full timestamp (and by day
// on an index written before the timestamp slot), date warnings, derived titles, nested HTML.
#include <gtest/gtest.h>
#include <xapian.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/schema.h"
#include "tests/cli/xapian_tcpsrv.h"
#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// One article per (name, date): a headline, a body with the word "harbour", a sidecar date.
void write_articles(const fs::path& root,
                    const std::vector<std::pair<std::string, std::string>>& dated) {
  fs::create_directories(root);
  for (const auto& [name, date] : dated) {
    write_file(root / (name + ".txt"), "Harbour report " + name + "\n\nThe harbour was busy.\n");
    write_file(root / (name + ".txt.meta"), "date: " + date + "\n");
  }
}

RunResult index(const fs::path& db, const fs::path& root) {
  return run({index_bin(), "--db", db.string(), root.string()});
}

// The ids --sort `order` returns for "harbour", in order.
std::vector<std::string> sorted_ids(const fs::path& db, const std::string& order) {
  const RunResult r = search_index(db, {"--json", "--limit", "50", "--sort", order, "harbour"});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  std::vector<std::string> ids;
  const json response = json::parse(r.out);
  for (const auto& hit : response["hits"]) {
    const std::string id = hit["id"].get<std::string>();
    ids.push_back(fs::path(id).stem().string());
  }
  return ids;
}

// One day's reports in several forms and zones; UTC order: tokyo (23:00 the day before),
// rfc (01:30), noon-a and noon-b (12:00, ties by id), evening (18:00), and the next day's.
const std::vector<std::pair<std::string, std::string>> kOneDay = {
    {"evening", "2025-03-30T18:00:00Z"},    {"noon-b", "30 Mar 2025 12:00 GMT"},
    {"tokyo", "2025-03-30T08:00:00+09:00"}, {"next-day", "2025/03/31"},
    {"noon-a", "2025-03-30 12:00"},         {"rfc", "Sun, 30 Mar 2025 10:30:00 +0900"},
};

TEST(SortByDate, OrdersArticlesOfOneDayByTheirFullTimestampInUtc) {
  TempDir dir;
  write_articles(dir / "news", kOneDay);
  ASSERT_EQ(index(dir / "db", dir / "news").exit_status, 0);
  EXPECT_EQ(sorted_ids(dir / "db", "date"),
            (std::vector<std::string>{"tokyo", "rfc", "noon-a", "noon-b", "evening", "next-day"}));
  EXPECT_EQ(sorted_ids(dir / "db", "-date"),
            (std::vector<std::string>{"next-day", "evening", "noon-b", "noon-a", "rfc", "tokyo"}));
}

TEST(SortByDate, OrdersRemoteShardsByTheFullTimestampToo) {
  TempDir dir;
  write_articles(dir / "news", kOneDay);
  ASSERT_EQ(
      run({index_bin(), "--db", (dir / "db").string(), "--shards", "2", (dir / "news").string()})
          .exit_status,
      0);
  XapianTcpServer shard0((dir / "db" / "shard-00").string());
  XapianTcpServer shard1((dir / "db" / "shard-01").string());
  const RunResult r = run({search_bin(), "--db", shard0.url(), "--db", shard1.url(), "--json",
                           "--sort", "-date", "harbour"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const json response = json::parse(r.out);
  std::vector<std::string> ids;
  for (const auto& hit : response["hits"]) {
    ids.push_back(fs::path(hit["id"].get<std::string>()).stem().string());
  }
  EXPECT_EQ(ids,
            (std::vector<std::string>{"next-day", "evening", "noon-b", "noon-a", "rfc", "tokyo"}));
  EXPECT_EQ(sorted_ids(dir / "db", "-date"), ids) << "local shards sort alike";
}

TEST(SortByDate, FallsBackToTheDayOnAnIndexWrittenBeforeTheTimestampSlot) {
  TempDir dir;
  write_articles(dir / "news", {{"late", "2025-03-31T23:00:00"},
                                {"early", "2025-03-29T01:00:00"},
                                {"middle", "2025-03-30T12:00:00"}});
  ASSERT_EQ(index(dir / "db", dir / "news").exit_status, 0);
  {
    // What an older kensaku-index wrote: no timestamp values.
    Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_OPEN);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      Xapian::Document doc = db.get_document(*it);
      if (doc.get_value(schema::kTimestampSlot).empty()) continue;
      doc.remove_value(schema::kTimestampSlot);
      db.replace_document(*it, doc);
    }
    db.commit();
    ASSERT_EQ(db.get_value_freq(schema::kTimestampSlot), 0u);
  }
  EXPECT_EQ(sorted_ids(dir / "db", "date"), (std::vector<std::string>{"early", "middle", "late"}));
  EXPECT_EQ(sorted_ids(dir / "db", "-date"), (std::vector<std::string>{"late", "middle", "early"}));
}

TEST(DateWarnings, NameTheFileAndValueAndIndexTheArticleUndated) {
  TempDir dir;
  write_articles(dir / "news", {{"odd", "yesterday"}, {"fine", "30 March 2025"}});
  const RunResult r = index(dir / "db", dir / "news");
  EXPECT_EQ(r.exit_status, 0) << "a warning is not a failure: " << r.err;
  EXPECT_TRUE(contains(r.err, "warning:")) << r.err;
  EXPECT_TRUE(contains(r.err, "odd.txt")) << r.err;
  EXPECT_TRUE(contains(r.err, "\"yesterday\"")) << r.err;
  EXPECT_FALSE(contains(r.err, "fine.txt")) << r.err;
  const json response = json::parse(search_index(dir / "db", {"--json", "harbour"}).out);
  ASSERT_EQ(response["hits"].size(), 2u);
  for (const auto& hit : response["hits"]) {
    const bool odd = hit["id"].get<std::string>().ends_with("odd.txt");
    EXPECT_EQ(hit["date"], odd ? "" : "2025-03-30");
  }
}

TEST(DerivedTitles, AreShownAndMarkedInJson) {
  TempDir dir;
  fs::create_directories(dir / "news");
  write_file(dir / "news" / "003_b13ff8993483ff35.txt",
             "By increasing domestic production, Japan gains control over its supply of "
             "interceptors. The harbour deal follows.\n");
  write_file(dir / "news" / "stated.txt", "Harbour reopens\n\nThe harbour reopened.\n");
  write_file(dir / "news" / "stated.txt.meta", "title: Stated harbour title\n");
  ASSERT_EQ(index(dir / "db", dir / "news").exit_status, 0);
  const json response = json::parse(search_index(dir / "db", {"--json", "harbour"}).out);
  ASSERT_EQ(response["hits"].size(), 2u);
  for (const auto& hit : response["hits"]) {
    if (hit["id"].get<std::string>().ends_with("stated.txt")) {
      EXPECT_EQ(hit["title"], "Stated harbour title");
      EXPECT_EQ(hit["title_derived"], false);
    } else {
      EXPECT_EQ(hit["title"],
                "By increasing domestic production, Japan gains control over its supply of "
                "interceptors");
      EXPECT_EQ(hit["title_derived"], true);
    }
  }
}

TEST(NestedHtml, EveryParagraphOfALegacyPageIsFound) {
  TempDir dir;
  fs::create_directories(dir / "news");
  std::string html = "<html><head><title>Legacy</title></head><body>";
  for (int i = 0; i < 400; ++i) {
    html += "<div><font size=2><p>Paragraph " + std::to_string(i) + " word" + std::to_string(i) +
            "x.</p>";
  }
  write_file(dir / "news" / "legacy.html", html + "</body></html>");
  const RunResult indexed = index(dir / "db", dir / "news");
  ASSERT_EQ(indexed.exit_status, 0) << indexed.err;
  for (int i : {0, 126, 127, 128, 255, 256, 399}) {
    const RunResult r = search_index(dir / "db", {"--json", "word" + std::to_string(i) + "x"});
    ASSERT_EQ(r.exit_status == 0 || r.exit_status == 1, true) << r.err;
    const json response = json::parse(r.out);
    // A lost word would come back as a suggestion of a kept one.
    EXPECT_FALSE(response["showing_suggestion"].get<bool>()) << "paragraph " << i << " lost";
    EXPECT_EQ(response["hits"].size(), 1u) << "paragraph " << i << " lost";
  }
}

}  // namespace
}  // namespace kensaku::testing
