// The shared index and server of the server tests.
#include "tests/server/server_fixture.h"

#include <stdexcept>

namespace kensaku::testing {

namespace fs = std::filesystem;

fs::path index_server_articles(const TempDir& dir) {
  fs::path articles = dir / "articles";
  fs::copy(corpus_dir(), articles, fs::copy_options::recursive);
  fs::copy_file(test_data_dir() / "feeds" / "world_news.jsonl", articles / "world_news.jsonl");
  fs::copy_file(test_data_dir() / "server" / "hostile.jsonl", articles / "hostile.jsonl");
  fs::path index = dir / "index";
  RunResult r = run({index_bin(), "--db", index.string(), "--quiet", articles.string()});
  if (r.exit_status != 0) throw std::runtime_error("indexing failed: " + r.err);
  return index;
}

void ServerTest::SetUpTestSuite() {
  dir_ = new TempDir();
  index_ = new fs::path(index_server_articles(*dir_));
  server_ = new ServerProcess({"--db", index_->string(), "--threads", "2"}, *dir_ / "server.log");
}

void ServerTest::TearDownTestSuite() {
  delete server_;
  delete index_;
  delete dir_;
}

std::string ServerTest::cli_json(const std::vector<std::string>& args) {
  std::vector<std::string> all{"--json"};
  all.insert(all.end(), args.begin(), args.end());
  RunResult r = search_index(*index_, all);
  EXPECT_TRUE(r.exit_status == 0 || r.exit_status == 1) << r.err;
  return r.out;
}

}  // namespace kensaku::testing
