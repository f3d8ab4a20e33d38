// Tests of kensaku-search's time limit (issue 14, item 9): --time-limit reaches one-shot searches,
// --batch and --serve (as every request's default), a request's "time_limit" overrides it, and a
// value that is not a number of seconds is a usage error naming it.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A budget that has passed before any search begins: every search with it times out.
const std::string kPassed = "0.000000001";

class TimeLimitCli : public CorpusIndexTest {
 protected:
  // Every output line of `r` as JSON.
  static std::vector<json> lines(const RunResult& r) {
    std::vector<json> out;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
    return out;
  }
};

TEST_F(TimeLimitCli, ATimeLimitThatHasPassedFlagsAOneShotSearchAsTimedOut) {
  RunResult r = search({"--json", "--time-limit", kPassed, "japan"});
  ASSERT_LE(r.exit_status, 1) << r.err;
  json response = json::parse(r.out);
  EXPECT_EQ(response.value("timed_out", false), true) << r.out;
  EXPECT_TRUE(contains(response["notes"].dump(), "time limit")) << r.out;
}

TEST_F(TimeLimitCli, NoTimeLimitOrTheDefaultOneLeavesASmallSearchComplete) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--json", "--time-limit", "0", "japan"},
        std::vector<std::string>{"--json", "--time-limit", "30", "japan"},
        std::vector<std::string>{"--json", "japan"}}) {
    RunResult r = search(args);
    ASSERT_EQ(r.exit_status, 0) << r.err;
    EXPECT_FALSE(json::parse(r.out).contains("timed_out")) << r.out;
  }
}

TEST_F(TimeLimitCli, TheTimeLimitIsTheDefaultOfEveryBatchQuery) {
  RunResult r = search({"--time-limit", kPassed, "--batch", "-"}, "q1\tjapan\nq2\tsm-6\n");
  ASSERT_LE(r.exit_status, 1) << r.err;
  std::vector<json> out = lines(r);
  ASSERT_EQ(out.size(), 2u) << r.out;
  for (const json& line : out) EXPECT_EQ(line.value("timed_out", false), true) << line.dump();
}

TEST_F(TimeLimitCli, AServeRequestsTimeLimitOverridesTheCommandLinesDefault) {
  std::string requests = json{{"id", 1}, {"q", "japan"}}.dump() + "\n" +
                         json{{"id", 2}, {"q", "japan"}, {"time_limit", 0}}.dump() + "\n" +
                         json{{"id", 3}, {"q", "japan"}, {"time_limit", -1}}.dump() + "\n" +
                         json{{"id", 4}, {"q", "japan"}, {"time_limit", 1e-9}}.dump() + "\n";
  RunResult r = search({"--time-limit", kPassed, "--serve"}, requests);
  ASSERT_EQ(r.exit_status, 0) << r.err;
  std::vector<json> out = lines(r);
  ASSERT_EQ(out.size(), 4u) << r.out;
  EXPECT_EQ(out[0].value("timed_out", false), true) << out[0].dump();
  EXPECT_FALSE(out[1].contains("timed_out")) << out[1].dump();
  EXPECT_FALSE(out[1].contains("error")) << out[1].dump();
  EXPECT_TRUE(contains(out[2]["error"].value("message", ""), "\"time_limit\" '-1' is negative"))
      << out[2];
  EXPECT_EQ(out[3].value("timed_out", false), true) << out[3].dump();
}

TEST_F(TimeLimitCli, ABadTimeLimitIsAUsageErrorNamingTheOptionAndTheValue) {
  for (const std::string value : {"-1", "-0.5", "inf", "nan", "1e3", "two", "", "86401", "86400.01",
                                  "99999999999999999999999999"}) {
    RunResult r = search({"--time-limit", value, "japan"});
    EXPECT_EQ(r.exit_status, 2) << value;
    EXPECT_TRUE(contains(r.err, "--time-limit '" + value + "'")) << r.err;
    EXPECT_TRUE(contains(r.err, "hint:")) << r.err;
    EXPECT_EQ(r.out, "") << value;
  }
}

}  // namespace
}  // namespace kensaku::testing
