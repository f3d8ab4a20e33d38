// Tests of kensaku-index's numeric options (issue 14, item 16): --max-size, --batch, --batch-mib,
// --shards and --wait take values in their documented ranges; negative, overflowing, non-numeric
// and out-of-range values are usage errors (exit 2) naming the option and value, changing nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;

struct NumericOption {
  std::string name, min, max, past_max;
};

const std::vector<NumericOption> kOptions = {
    {"--max-size", "1", "65536", "65537"},  {"--batch", "1", "1000000", "1000001"},
    {"--batch-mib", "1", "65536", "65537"}, {"--shards", "2", "100", "101"},
    {"--wait", "0", "86400", "86400.5"},
};

// Values no numeric option takes: signs, blanks, exponents, bases, words, wrapping numbers.
const std::vector<std::string> kNotNumbers = {"-1",
                                              "-0",
                                              "+5",
                                              " 5",
                                              "5 ",
                                              "1e3",
                                              "0x10",
                                              "ten",
                                              "5abc",
                                              "inf",
                                              "nan",
                                              "",
                                              "99999999999999",
                                              "4294967296",
                                              "18446744073709551617",
                                              std::string(300, '9')};

class IndexNumbersCli : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_.path() / "news";
    fs::create_directories(root_);
    write_file(root_ / "story.txt", "Harbour report\n\nThe harbour was busy.\n");
  }
  RunResult index(const std::string& option, const std::string& value, const fs::path& db) {
    return run({index_bin(), "--db", db.string(), "--quiet", option, value, root_.string()});
  }
  TempDir dir_;
  fs::path root_;
};

TEST_F(IndexNumbersCli, EveryBadValueOfEveryNumericOptionIsAUsageErrorNamingIt) {
  const fs::path db = dir_.path() / "never";
  for (const NumericOption& option : kOptions) {
    std::vector<std::string> bad = kNotNumbers;
    bad.push_back(option.past_max);
    if (option.min != "0") bad.push_back(std::to_string(std::stoull(option.min) - 1));
    if (option.name != "--wait") bad.push_back("1.5");
    for (const std::string& value : bad) {
      const RunResult r = index(option.name, value, db);
      EXPECT_EQ(r.exit_status, 2) << option.name << " " << value << "\n" << r.err;
      EXPECT_TRUE(contains(r.err, option.name + " '" + value.substr(0, 40)))
          << option.name << " " << value << "\n"
          << r.err;
      EXPECT_TRUE(contains(r.err, "hint:")) << r.err;
      EXPECT_FALSE(fs::exists(db)) << option.name << " " << value << " created the index";
    }
  }
}

TEST_F(IndexNumbersCli, TheEndsOfEveryRangeAreAccepted) {
  int run_number = 0;
  for (const NumericOption& option : kOptions) {
    for (const std::string& value : {option.min, option.max}) {
      if (option.name == "--shards" && value == option.max) continue;  // 100 databases: too slow
      const fs::path db = dir_.path() / ("db" + std::to_string(run_number++));
      const RunResult r = index(option.name, value, db);
      EXPECT_EQ(r.exit_status, 0) << option.name << " " << value << "\n" << r.err;
      EXPECT_EQ(search_index(db, {"harbour"}).exit_status, 0) << option.name << " " << value;
    }
  }
}

TEST_F(IndexNumbersCli, TheLargestMaxSizeDoesNotOverflowIntoSkippingFiles) {
  // Shifted to bytes, 65536 MiB is 2^36: every small file is below it, none skipped as too large.
  const RunResult r = run(
      {index_bin(), "--db", (dir_.path() / "big").string(), "--max-size", "65536", root_.string()});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "added 1")) << r.err;
}

TEST_F(IndexNumbersCli, ADecimalWaitIsAccepted) {
  const RunResult r = index("--wait", "0.25", dir_.path() / "waited");
  EXPECT_EQ(r.exit_status, 0) << r.err;
}

}  // namespace
}  // namespace kensaku::testing
