// Tests of scripts/kensaku-cron: the indexer under flock, its output appended to a log, its exit
// status.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>

#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;

class KensakuCron : public ::testing::Test {
 protected:
  RunResult cron(const std::vector<std::string>& paths) {
    std::vector<std::string> argv{(fs::path(KENSAKU_SOURCE_DIR) / "scripts/kensaku-cron").string(),
                                  "--db", db_.string(), "--log", log_.string()};
    argv.insert(argv.end(), paths.begin(), paths.end());
    return run(argv, {"KENSAKU_INDEX=" + index_bin()});
  }
  TempDir dir_;
  fs::path db_ = dir_ / "index";
  fs::path log_ = dir_ / "logs" / "kensaku.log";
};

TEST_F(KensakuCron, AppendsTheSummaryToTheLogAndExitsWithTheIndexersStatus) {
  const fs::path news = dir_ / "news";
  write_file(news / "a.txt", "Harbour reopens\n\nThe harbour reopened on Monday.\n");
  write_file(news / "b.txt", "Ferries return\n\nFerries returned after the storm.\n");
  RunResult first = cron({news.string()});
  EXPECT_EQ(first.exit_status, 0) << first.err;
  EXPECT_EQ(first.out + first.err, "");
  write_file(dir_ / "bad" / "empty.txt", "");
  RunResult second = cron({news.string(), (dir_ / "bad").string()});
  EXPECT_EQ(second.exit_status, 3);
  std::string log = read_file(log_);
  EXPECT_TRUE(contains(log, "scanned 2 · added 2")) << log;
  EXPECT_TRUE(contains(log, "empty.txt: empty file")) << log;
  EXPECT_TRUE(contains(log, "unchanged 2 · failed 1")) << log;
  // Every line carries the time it was written: "2025-01-31T04:05:06+0000 scanned ...".
  ASSERT_GT(log.size(), 10u);
  EXPECT_EQ(log[4], '-') << log;
  EXPECT_EQ(log[10], 'T') << log;
}

TEST_F(KensakuCron, ARunThatFindsThePreviousOneStillGoingExits75AndSaysSoInTheLog) {
  fs::create_directories(dir_ / "logs");
  int fd = ::open((db_.string() + ".cron.lock").c_str(), O_CREAT | O_WRONLY, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  RunResult r = cron({corpus_dir().string()});
  ::close(fd);
  EXPECT_EQ(r.exit_status, 75);
  EXPECT_TRUE(contains(read_file(log_), "previous run still holds")) << read_file(log_);
  EXPECT_FALSE(fs::exists(db_));
}

}  // namespace
}  // namespace kensaku::testing
