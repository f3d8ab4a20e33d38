// Tests of kensaku-search on query values that are not values (issue 14, item 13): a message
// naming the value and exit 2 on the command line, an error line in --batch and --serve.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class QueryValuesCli : public CorpusIndexTest {};

const std::vector<std::string> kBadValues = {
    "date:1987-13",   "date:1987..1986", "date:2025-02-30",   "date:yesterday",
    "date:2025-13..", "lang:12",         "japan date:1987-00"};

TEST_F(QueryValuesCli, ABadFilterValueIsAnErrorNamingItWithExitStatus2) {
  for (const std::string& query : kBadValues) {
    RunResult r = search({"--", query});
    EXPECT_EQ(r.exit_status, 2) << query;
    const std::size_t space = query.rfind(' ');
    const std::string value = space == std::string::npos ? query : query.substr(space + 1);
    EXPECT_TRUE(contains(r.err, value)) << r.err;
    EXPECT_TRUE(contains(r.err, "hint:")) << r.err;
    EXPECT_EQ(r.out, "") << query;
  }
}

TEST_F(QueryValuesCli, ABadFilterValueInABatchOrARequestIsAnErrorLineAndTheRestGoesOn) {
  std::string batch, requests;
  for (std::size_t i = 0; i < kBadValues.size(); ++i) {
    batch.append("q").append(std::to_string(i)).append("\t").append(kBadValues[i]).append("\n");
    requests += json{{"id", i}, {"q", kBadValues[i]}}.dump() + "\n";
  }
  batch += "last\tjapan\n";
  requests += json{{"id", "last"}, {"q", "japan"}}.dump() + "\n";
  for (const auto& [args, input] : {std::pair{std::vector<std::string>{"--batch", "-"}, batch},
                                    std::pair{std::vector<std::string>{"--serve"}, requests}}) {
    RunResult r = search(args, input);
    std::istringstream lines(r.out);
    std::size_t errors = 0;
    json last;
    for (std::string line; std::getline(lines, line);) {
      last = json::parse(line);
      errors += last.contains("error");
    }
    EXPECT_EQ(errors, kBadValues.size()) << r.out;
    EXPECT_GT(last["total"].get<int>(), 0) << r.out;
  }
}

TEST_F(QueryValuesCli, SinceAndUntilRejectDaysThatDoNotExist) {
  EXPECT_EQ(search({"--since", "2025-02-30", "japan"}).exit_status, 2);
  EXPECT_EQ(search({"--until", "2025-13", "japan"}).exit_status, 2);
  EXPECT_NE(search({"--since", "2024-02-29", "japan"}).exit_status, 2);
}

}  // namespace
}  // namespace kensaku::testing
