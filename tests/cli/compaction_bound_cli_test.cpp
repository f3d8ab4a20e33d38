// Tests of how many generations repeated compactions leave on disk: killed ones, back to back,
// with and without readers holding old generations.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <random>
#include <thread>

#include "tests/child_process.h"
#include "tests/test_support.h"

extern char** environ;

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;

// The current generation, one kept for each of at most 2 readers that still hold an old one (the
// README's bound), and the half-built one of a compaction killed just now.
constexpr std::size_t kMaxGenerations = 4;

std::size_t generations(const fs::path& db) {
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(db)) {
    if (entry.path().filename().string().starts_with("gen-")) ++count;
  }
  return count;
}

// Starts `argv`, lets it run `delay`, then kills it with SIGKILL (if it has not ended).
void kill_after(const std::vector<std::string>& argv, std::chrono::microseconds delay) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  ASSERT_EQ(posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  std::this_thread::sleep_for(delay);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
}

class CompactionBound : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_ / "src");
    for (int i = 0; i < 400; ++i) {
      std::string body = "Article ";
      body.append(std::to_string(i)).append("\n\nOil and grain, item ").append(std::to_string(i));
      body.append(" word").append(std::to_string(i * 7)).append(".\n");
      std::string name = "a";
      name.append(std::to_string(i)).append(".txt");
      write_file(dir_ / "src" / name, body);
    }
    ASSERT_EQ(index({(dir_ / "src").string()}).exit_status, 0);
  }

  RunResult index(std::vector<std::string> args) {
    std::vector<std::string> argv{index_bin(), "--db", db_.string(), "--quiet"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
  }

  RunResult compact() { return index({"--compact"}); }

  TempDir dir_;
  fs::path db_ = dir_ / "index";
};

TEST_F(CompactionBound, CompactionsBackToBackLeaveOnlyTheCurrentGenerationWhenNoOneReads) {
  for (int i = 0; i < 15; ++i) {
    ASSERT_EQ(compact().exit_status, 0);
    EXPECT_EQ(generations(db_), 1u) << "after compaction " << i;
  }
  EXPECT_EQ(run({search_bin(), "--db", db_.string(), "oil"}).exit_status, 0);
}

TEST_F(CompactionBound, KilledCompactionsNeverLeaveMoreThanTheBound) {
  std::mt19937 random(14);
  std::uniform_int_distribution<int> delay_us(0, 60000);
  for (int i = 0; i < 30; ++i) {
    kill_after({index_bin(), "--db", db_.string(), "--quiet", "--compact"},
               std::chrono::microseconds(delay_us(random)));
    EXPECT_LE(generations(db_), kMaxGenerations) << "after kill " << i;
    ASSERT_EQ(run({search_bin(), "--db", db_.string(), "oil"}).exit_status, 0)
        << "after kill " << i;
  }
  // The next writer, of any kind, clears what the killed ones left.
  ASSERT_EQ(index({(dir_ / "src").string()}).exit_status, 0);
  EXPECT_EQ(generations(db_), 1u);
}

TEST_F(CompactionBound, AReaderKeepsItsGenerationUntilItMovesOnAndOldOnesAreBoundedMeanwhile) {
  ChildProcess reader({search_bin(), "--db", db_.string(), "--serve"});
  reader.write_line(R"({"q": "oil"})");
  ASSERT_TRUE(reader.read_line().has_value());
  const fs::path held = db_ / "gen-0001";
  ASSERT_EQ(compact().exit_status, 0);
  EXPECT_TRUE(fs::exists(held));  // the reader still reads it
  EXPECT_EQ(generations(db_), 2u);
  // Moving on to the current generation, the last reader of the old one removes it: no writer
  // has to run for the space to come back.
  reader.write_line(R"({"q": "oil"})");
  ASSERT_TRUE(reader.read_line().has_value());
  EXPECT_FALSE(fs::exists(held));
  EXPECT_EQ(generations(db_), 1u);

  // More readers, each stopping at a later generation, and compactions more often than ever.
  std::vector<std::unique_ptr<ChildProcess>> readers;
  for (int i = 0; i < 6; ++i) {
    readers.push_back(std::make_unique<ChildProcess>(
        std::vector<std::string>{search_bin(), "--db", db_.string(), "--serve"}));
    readers.back()->write_line(R"({"q": "grain"})");
    ASSERT_TRUE(readers.back()->read_line().has_value());
    ASSERT_EQ(compact().exit_status, 0);
    EXPECT_LE(generations(db_), kMaxGenerations - 1) << "after compaction " << i;
  }
  // Every reader still answers (it opens the current generation at its next request).
  for (auto& r : readers) {
    r->write_line(R"({"q": "oil"})");
    std::optional<std::string> answer = r->read_line();
    ASSERT_TRUE(answer.has_value());
    EXPECT_TRUE(contains(*answer, "\"hits\"")) << *answer;
  }
  reader.write_line(R"({"q": "oil"})");
  ASSERT_TRUE(reader.read_line().has_value());
  // They all read the current generation now: compacting retires it, held by them.
  ASSERT_EQ(compact().exit_status, 0);
  EXPECT_EQ(generations(db_), 2u);
  // Once they end, the last of them removes it.
  for (auto& r : readers) EXPECT_EQ(r->wait(), 0);
  EXPECT_EQ(reader.wait(), 0);
  EXPECT_EQ(generations(db_), 1u);
  ASSERT_EQ(compact().exit_status, 0);
  EXPECT_EQ(generations(db_), 1u);
}

}  // namespace
}  // namespace kensaku::testing
