// Over Reuters-21578 (../shared): /api/search gives the bytes of kensaku-search --json for 100
// queries built from the feed's own titles, with facets and paging among them.
#include <gtest/gtest.h>
#include <zlib.h>

#include <nlohmann/json.hpp>

#include "searcher/server/url.h"
#include "tests/server/server_fixture.h"

namespace kensaku::testing {
namespace {

using nlohmann::json;

// The first two words (letters only, 3+ characters) of the titles of the feed's records, until
// `count` queries: real words the index holds, in the feed's order.
std::vector<std::string> title_queries(const std::filesystem::path& feed, std::size_t count) {
  std::vector<std::string> queries;
  gzFile in = gzopen(feed.c_str(), "rb");
  char buffer[1 << 16];
  while (queries.size() < count && gzgets(in, buffer, sizeof buffer)) {
    json record = json::parse(buffer, nullptr, false);
    if (!record.is_object() || !record.contains("title") || !record["title"].is_string()) continue;
    std::string title = record["title"], word, query;
    int words = 0;
    for (char c : title + " ") {
      if (std::isalpha(static_cast<unsigned char>(c))) {
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      } else {
        if (word.size() >= 3 && words < 2) query += (words++ ? " " : "") + word;
        word.clear();
      }
    }
    if (words == 2) queries.push_back(query);
  }
  gzclose(in);
  return queries;
}

TEST(ReutersApi, HundredTitleQueriesGiveTheBytesOfSearchJson) {
  REQUIRE_SHARED_OR_SKIP(shared);
  std::filesystem::path feed = shared / "corpora" / "reuters21578" / "reuters.jsonl.gz";
  TempDir dir;
  std::filesystem::path index = dir / "index";
  RunResult indexed = run({index_bin(), "--db", index.string(), "--quiet", feed.string()});
  ASSERT_EQ(indexed.exit_status, 0) << indexed.err;
  ServerProcess server({"--db", index.string()}, dir / "server.log");
  std::vector<std::string> queries = title_queries(feed, 100);
  ASSERT_EQ(queries.size(), 100u);
  for (std::size_t i = 0; i < queries.size(); ++i) {
    std::vector<std::string> cli{"--json"};
    std::string target = "/api/search?q=" + server::percent_encode(queries[i]);
    if (i % 4 == 1) {
      target += "&facets=topic,place,year";
      cli.insert(cli.end(), {"--facets", "topic,place,year"});
    } else if (i % 4 == 2) {
      target += "&offset=10&limit=20";
      cli.insert(cli.end(), {"--offset", "10", "--limit", "20"});
    } else if (i % 4 == 3) {
      target += "&sort=-date&fragments=1";
      cli.insert(cli.end(), {"--sort", "-date", "--fragments", "1"});
    }
    cli.push_back(queries[i]);
    HttpReply reply = http_get(server.port(), target);
    RunResult expected = search_index(index, cli);
    EXPECT_EQ(reply.status, 200) << target;
    EXPECT_EQ(reply.body, expected.out) << target;
  }
}

}  // namespace
}  // namespace kensaku::testing
