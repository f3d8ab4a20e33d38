// The "Scaling out" topology: two xapian-tcpsrv shards behind two kensaku-server instances, each
// answering the bytes kensaku-search --json gives over the same two remotes.
#include <gtest/gtest.h>

#include "searcher/server/url.h"
#include "tests/cli/xapian_tcpsrv.h"
#include "tests/server/server_fixture.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;

TEST(ScalingOut, TwoServersOverTwoRemoteShardsAnswerLikeTheCommandLine) {
  TempDir dir;
  fs::path articles = dir / "articles";
  fs::copy(corpus_dir(), articles, fs::copy_options::recursive);
  fs::copy_file(test_data_dir() / "feeds" / "world_news.jsonl", articles / "world_news.jsonl");
  fs::path sharded = dir / "sharded";
  RunResult built =
      run({index_bin(), "--db", sharded.string(), "--shards", "2", "--quiet", articles.string()});
  ASSERT_EQ(built.exit_status, 0) << built.err;
  XapianTcpServer shard0((sharded / "shard-00").string());
  XapianTcpServer shard1((sharded / "shard-01").string());
  std::vector<std::string> dbs{"--db", shard0.url(), "--db", shard1.url()};
  ServerProcess front_a(dbs, dir / "a.log");
  ServerProcess front_b(dbs, dir / "b.log");
  const std::vector<std::vector<std::string>> cases = {
      {"q", "SM-6 co-production"},
      {"q", "missile"},
      {"q", "japan", "sort", "-date"},
      {"q", "tram OR franc", "facets", "source,year"},
      {"q", "missle"}};
  for (const auto& c : cases) {
    std::string target = "/api/search";
    std::vector<std::string> cli{search_bin(), "--json"};
    cli.insert(cli.end(), dbs.begin(), dbs.end());
    for (std::size_t i = 0; i < c.size(); i += 2) {
      target += (i ? "&" : "?") + c[i] + "=" + server::percent_encode(c[i + 1]);
      if (c[i] != "q") cli.insert(cli.end(), {"--" + c[i], c[i + 1]});
    }
    cli.push_back(c[1]);
    RunResult expected = run(cli);
    HttpReply a = http_get(front_a.port(), target), b = http_get(front_b.port(), target);
    EXPECT_EQ(a.status, 200) << target << a.body;
    EXPECT_EQ(a.body, expected.out) << target;
    EXPECT_EQ(b.body, expected.out) << target;
  }
  EXPECT_EQ(http_get(front_a.port(), "/api/health").status, 200);
  EXPECT_EQ(http_get(front_b.port(), "/?q=missile").status, 200);
}

}  // namespace
}  // namespace kensaku::testing
