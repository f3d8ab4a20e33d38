// Tests of "remote :PROGRAM" lines in stub files: refused by both binaries unless the searcher is
// given --allow-remote-programs; "remote HOST:PORT" lines need nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/cli/xapian_tcpsrv.h"
#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;

class RemoteProgramStub : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = index_corpus_copy(dir_);
    marker_ = dir_ / "program-ran";
  }

  // A line that, if Xapian followed it, would create marker_.
  std::string touching_line() const { return "remote :/usr/bin/touch " + marker_.string() + "\n"; }

  // The generation the index's stub names.
  fs::path generation() const {
    std::string stub = read_file(db_ / "XAPIANDB");
    return db_ / stub.substr(6, stub.find('\n') - 6);
  }

  TempDir dir_;
  fs::path db_;
  fs::path marker_;
};

TEST_F(RemoteProgramStub, EveryWayOfReachingAProgramLineIsRefusedWithoutRunningIt) {
  // The line as the stub file given, as the index's own stub, and behind an "auto" line.
  const fs::path file_stub = dir_ / "stub";
  write_file(file_stub, touching_line());
  const fs::path nested = dir_ / "nested";
  write_file(nested, "auto " + file_stub.string() + "\n");
  const fs::path index_stub = dir_ / "index-with-program";
  fs::create_directories(index_stub);
  write_file(index_stub / "XAPIANDB", "glass " + generation().string() + "\n" + touching_line());
  for (const fs::path& location : {file_stub, nested, index_stub}) {
    for (const std::vector<std::string>& extra :
         {std::vector<std::string>{"japan"}, std::vector<std::string>{"--json", "japan"},
          std::vector<std::string>{"--serve"}}) {
      std::vector<std::string> argv{search_bin(), "--db", location.string()};
      argv.insert(argv.end(), extra.begin(), extra.end());
      RunResult r = run(argv, {}, "{\"q\": \"japan\"}\n");
      EXPECT_EQ(r.exit_status, 2) << location << '\n' << r.err;
      EXPECT_TRUE(contains(r.err, "would run the program /usr/bin/touch; refused")) << r.err;
      EXPECT_TRUE(contains(r.err, "--allow-remote-programs")) << r.err;
      EXPECT_FALSE(fs::exists(marker_)) << location;
    }
  }
}

TEST_F(RemoteProgramStub, TheIndexerNeverRunsAProgramFromAStubOrAGeneration) {
  write_file(db_ / "XAPIANDB", touching_line());
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--compact"}, std::vector<std::string>{"--check"},
        std::vector<std::string>{"--dry-run", corpus_dir().string()},
        std::vector<std::string>{corpus_dir().string()}}) {
    std::vector<std::string> argv{index_bin(), "--db", db_.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult r = run(argv);
    EXPECT_EQ(r.exit_status, 2) << args[0] << '\n' << r.err;
    EXPECT_TRUE(contains(r.err, "refused")) << r.err;
    EXPECT_FALSE(fs::exists(marker_)) << args[0];
  }
  // A stub planted in a generation whose iamglass is gone: the generation is no database.
  write_file(db_ / "XAPIANDB", "glass gen-0001\n");
  const fs::path gen = generation();
  fs::remove(gen / "iamglass");
  write_file(gen / "XAPIANDB", touching_line());
  RunResult r = run({index_bin(), "--db", db_.string(), corpus_dir().string()});
  EXPECT_EQ(r.exit_status, 2) << r.err;
  RunResult s = run({search_bin(), "--db", db_.string(), "japan"});
  EXPECT_EQ(s.exit_status, 2) << s.err;
  EXPECT_FALSE(fs::exists(marker_));
}

TEST_F(RemoteProgramStub, AllowingRemoteProgramsRunsThem) {
  const fs::path stub = dir_ / "stub";
  write_file(stub, "remote :/usr/bin/xapian-progsrv " + generation().string() + "\n");
  RunResult r = run({search_bin(), "--db", stub.string(), "--allow-remote-programs", "japan"});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "corpus/")) << r.out;
  // A program that does not speak the protocol ran, and its failure is a message, not a crash.
  write_file(stub, touching_line());
  RunResult bad = run({search_bin(), "--db", stub.string(), "--allow-remote-programs", "japan"});
  EXPECT_TRUE(fs::exists(marker_));
  EXPECT_EQ(bad.exit_status, 2) << bad.err;
  EXPECT_TRUE(contains(bad.err, "hint: ")) << bad.err;
}

TEST_F(RemoteProgramStub, TcpRemotesInAStubNeedNoPermission) {
  XapianTcpServer server(generation().string());
  const fs::path stub = dir_ / "stub";
  write_file(stub, "remote 127.0.0.1:" + std::to_string(server.port()) + "\n");
  RunResult r = run({search_bin(), "--db", stub.string(), "japan"});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "corpus/")) << r.out;
}

}  // namespace
}  // namespace kensaku::testing
