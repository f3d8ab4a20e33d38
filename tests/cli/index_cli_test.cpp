// Tests of the kensaku-index binary: summary, idempotence, failures, exit statuses.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>

#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;

RunResult index(const std::vector<std::string>& args) {
  std::vector<std::string> argv{index_bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

TEST(IndexCli, IndexingTheCorpusTwiceLeavesExactlyFiveArticles) {
  TempDir dir;
  fs::path db = dir / "index";
  RunResult first = index({"--db", db.string(), corpus_dir().string()});
  ASSERT_EQ(first.exit_status, 0) << first.err;
  EXPECT_TRUE(
      contains(first.err, "scanned 5 · added 5 · updated 0 · removed 0 · unchanged 0 · failed 0"))
      << first.err;
  RunResult second = index({"--db", db.string(), corpus_dir().string()});
  ASSERT_EQ(second.exit_status, 0) << second.err;
  EXPECT_TRUE(contains(second.err, "added 0 · updated 0 · removed 0 · unchanged 5")) << second.err;
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), 5u);
}

TEST(IndexCli, QuietPrintsNothingWhenEverythingWasIndexed) {
  TempDir dir;
  RunResult r = index({"--db", (dir / "index").string(), "--quiet", corpus_dir().string()});
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, "");
}

TEST(IndexCli, AFailedInputIsNamedAndEverythingElseIsIndexed) {
  TempDir dir;
  fs::copy(corpus_dir(), dir / "corpus");
  write_file(dir / "corpus" / "binary.txt", std::string("\x7f"
                                                        "ELF\0\0\0\x01",
                                                        8));
  write_file(dir / "corpus" / "empty.txt", "");
  RunResult r = index({"--db", (dir / "index").string(), "--quiet", (dir / "corpus").string()});
  EXPECT_EQ(r.exit_status, 3) << r.err;
  EXPECT_TRUE(contains(r.err, "binary.txt: binary file")) << r.err;
  EXPECT_TRUE(contains(r.err, "empty.txt: empty file")) << r.err;
  EXPECT_TRUE(contains(r.err, "failed 2")) << r.err;
  EXPECT_EQ(Xapian::Database((dir / "index").string()).get_doccount(), 5u);
}

TEST(IndexCli, AMissingPathIsReportedAndTheRunGoesOn) {
  TempDir dir;
  RunResult r = index(
      {"--db", (dir / "index").string(), (dir / "no-such-dir").string(), corpus_dir().string()});
  EXPECT_EQ(r.exit_status, 3);
  EXPECT_TRUE(contains(r.err, "no-such-dir: cannot read")) << r.err;
  EXPECT_EQ(Xapian::Database((dir / "index").string()).get_doccount(), 5u);
}

TEST(IndexCli, ALockedIndexExitsWithTempFailAndSaysWhoHoldsIt) {
  TempDir dir;
  fs::path db = dir / "index";
  Xapian::WritableDatabase holder(db.string(), Xapian::DB_CREATE_OR_OPEN);
  RunResult r = index({"--db", db.string(), corpus_dir().string()});
  EXPECT_EQ(r.exit_status, 75);
  EXPECT_TRUE(contains(r.err, db.string())) << r.err;
  EXPECT_TRUE(contains(r.err, "another kensaku-index")) << r.err;
}

TEST(IndexCli, UsageErrorsExitTwoWithAHint) {
  RunResult no_db = run({index_bin(), corpus_dir().string()}, {"KENSAKU_DB="});
  EXPECT_EQ(no_db.exit_status, 2);
  EXPECT_TRUE(contains(no_db.err, "--db")) << no_db.err;
  RunResult unknown = index({"--frobnicate"});
  EXPECT_EQ(unknown.exit_status, 2);
  EXPECT_TRUE(contains(unknown.err, "frobnicate")) << unknown.err;
  TempDir dir;
  RunResult nothing = index({"--db", (dir / "index").string()});
  EXPECT_EQ(nothing.exit_status, 2);
  EXPECT_TRUE(contains(nothing.err, "nothing to index")) << nothing.err;
}

TEST(IndexCli, TheIndexCanBeNamedByEnvironment) {
  TempDir dir;
  RunResult r = run({index_bin(), "--quiet", corpus_dir().string()},
                    {"KENSAKU_DB=" + (dir / "env-index").string()});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(Xapian::Database((dir / "env-index").string()).get_doccount(), 5u);
}

}  // namespace
}  // namespace kensaku::testing
