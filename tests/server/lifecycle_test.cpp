// Starting, logging and stopping: the startup line, one log line per request (query values left
// out with --log-queries=no), and SIGTERM/SIGINT stopping with exit status 0.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/server/server_fixture.h"

namespace kensaku::testing {
namespace {

int json_total(const std::string& out) { return nlohmann::json::parse(out)["total"].get<int>(); }

TEST(ServerLifecycle, LogsOneLinePerRequestWithTimeMethodPathStatusBytesAndMs) {
  TempDir dir;
  std::filesystem::path index = index_corpus_copy(dir);
  ServerProcess server({"--db", index.string()}, dir / "server.log");
  HttpReply ok = http_get(server.port(), "/api/search?q=secret+words&limit=2");
  HttpReply bad = http_get(server.port(), "/api/search?q=x&lmit=2");
  EXPECT_EQ(server.stop(SIGTERM), 0);
  std::string log = server.log();
  std::regex line(
      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ GET /api/search\\?q=secret\\+words&limit=2 200 " +
      std::to_string(ok.body.size()) + " \\d+\\.\\dms\n");
  EXPECT_TRUE(std::regex_search(log, line)) << log;
  EXPECT_NE(log.find("GET /api/search?q=x&lmit=2 400 " + std::to_string(bad.body.size())),
            std::string::npos)
      << log;
}

TEST(ServerLifecycle, LogQueriesNoDropsTheQueryValues) {
  TempDir dir;
  std::filesystem::path index = index_corpus_copy(dir);
  ServerProcess server({"--db", index.string(), "--log-queries=no"}, dir / "server.log");
  http_get(server.port(), "/?q=private+matter&sort=-date");
  http_get(server.port(), "/api/search?q=another%20secret");
  EXPECT_EQ(server.stop(SIGINT), 0);
  std::string log = server.log();
  EXPECT_EQ(log.find("private"), std::string::npos) << log;
  EXPECT_EQ(log.find("secret"), std::string::npos) << log;
  EXPECT_NE(log.find("GET /?q=&sort= 200"), std::string::npos) << log;
  EXPECT_NE(log.find("GET /api/search?q= 200"), std::string::npos) << log;
}

TEST(ServerLifecycle, SigtermClosesIdleKeepAliveConnectionsAndExitsZeroPromptly) {
  TempDir dir;
  std::filesystem::path index = index_corpus_copy(dir);
  ServerProcess server({"--db", index.string()}, dir / "server.log");
  std::vector<std::unique_ptr<HttpConnection>> open;
  for (int i = 0; i < 20; ++i) {
    open.push_back(std::make_unique<HttpConnection>(server.port()));
    open.back()->send("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_TRUE(open.back()->read_reply());
  }
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server.stop(SIGTERM), 0);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_LT(seconds, 3.0) << "idle connections held the stop for " << seconds << " s";
  EXPECT_TRUE(open.front()->closed_by_server(1000));
  EXPECT_NE(server.log().find("SIGTERM: stopping"), std::string::npos);
}

TEST(ServerLifecycle, AtTheConnectionCapTheLongestIdleConnectionMakesWayForANewClient) {
  TempDir dir;
  std::filesystem::path index = index_corpus_copy(dir);
  ServerProcess server({"--db", index.string(), "--max-connections", "5"}, dir / "server.log");
  std::vector<std::unique_ptr<HttpConnection>> held;
  for (int i = 0; i < 5; ++i) {
    held.push_back(std::make_unique<HttpConnection>(server.port()));
    held.back()->send("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_TRUE(held.back()->read_reply()) << i;
    ::usleep(5000);  // distinct idle times: the first is the oldest
  }
  // Slowloris at the cap: each new client is served, and the oldest idle connection closes.
  std::vector<std::unique_ptr<HttpConnection>> newcomers;  // kept open: the cap stays reached
  for (int i = 0; i < 3; ++i) {
    newcomers.push_back(std::make_unique<HttpConnection>(server.port()));
    newcomers.back()->send("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
    std::optional<HttpReply> served = newcomers.back()->read_reply();
    ASSERT_TRUE(served) << i;
    EXPECT_EQ(served->status, 200) << i;
    EXPECT_TRUE(held[static_cast<std::size_t>(i)]->closed_by_server(2000)) << i;
  }
  EXPECT_FALSE(held[4]->closed_by_server(100)) << "only the oldest make way";
}

TEST(ServerLifecycle, SlowlorisPastTheConnectionCapDoesNotStopANormalClient) {
  TempDir dir;
  std::filesystem::path index = index_corpus_copy(dir);
  ServerProcess server({"--db", index.string(), "--max-connections", "50"}, dir / "server.log");
  std::vector<std::unique_ptr<HttpConnection>> slow;
  for (int i = 0; i < 200; ++i) {
    slow.push_back(std::make_unique<HttpConnection>(server.port()));
    slow.back()->send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");  // and never the rest
  }
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(http_get(server.port(), "/api/search?q=missile").status, 200) << i;
}

TEST(ServerLifecycle, EveryRequestSeesTheLatestCommitAndFollowsCompactionWithNoRestart) {
  TempDir dir;
  std::filesystem::path index = index_corpus_copy(dir);
  ServerProcess server({"--db", index.string(), "--threads", "3"}, dir / "server.log");
  auto total = [&](const std::string& q) {
    HttpReply reply = http_get(server.port(), "/api/search?q=" + q);
    return reply.status == 200 ? nlohmann::json::parse(reply.body)["total"].get<int>() : -1;
  };
  for (int i = 0; i < 6; ++i) EXPECT_EQ(total("wombat"), 0);  // every worker's Searcher opened
  std::filesystem::path extra = dir / "extra";
  std::filesystem::create_directories(extra);
  write_file(extra / "wombat.txt", "A wombat was seen near the harbour.\n");
  RunResult added = run({index_bin(), "--db", index.string(), "--quiet", extra.string()});
  ASSERT_EQ(added.exit_status, 0) << added.err;
  for (int i = 0; i < 6; ++i) EXPECT_EQ(total("wombat"), 1) << "request " << i;
  RunResult compacted = run({index_bin(), "--db", index.string(), "--compact"});
  ASSERT_EQ(compacted.exit_status, 0) << compacted.err;
  for (int i = 0; i < 6; ++i) EXPECT_EQ(total("wombat"), 1) << "after compaction, request " << i;
  EXPECT_EQ(total("missile"), json_total(search_index(index, {"--json", "missile"}).out));
}

TEST(ServerLifecycle, BindsLoopbackByDefaultAndRejectsBadOptions) {
  RunResult help = run({server_bin(), "--help"});
  EXPECT_EQ(help.exit_status, 0);
  EXPECT_NE(help.out.find("127.0.0.1:8080"), std::string::npos);
  for (std::vector<std::string> args :
       {std::vector<std::string>{"--db", "x", "--listen", "nonsense"},
        {"--db", "x", "--listen", "127.0.0.1:99999"},
        {"--db", "x", "--listen", "::1:80"},
        {"--db", "x", "--log-queries", "maybe"},
        {"--db", "x", "--threads", "0"},
        {"--listen", "127.0.0.1:0"}}) {
    args.insert(args.begin(), server_bin());
    RunResult r = run(args, {"KENSAKU_DB="});
    EXPECT_EQ(r.exit_status, 2) << args[2];
    EXPECT_NE(r.err.find("kensaku-server: "), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace kensaku::testing
