// Tests of the time limit's values (issue 14, items 9 and 16): --time-limit and a request's
// "time_limit" accept seconds from 0 to 86400 and reject everything else by name.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/whole_numbers.h"
#include "searcher/cli/option_values.h"
#include "searcher/cli/request_reader.h"

namespace kensaku {
namespace {

// Spellings that are a number of seconds within the range, and the number each is.
const std::vector<std::pair<std::string, double>> kGoodSeconds{
    {"0", 0},         {"2", 2},           {"0.5", 0.5},       {".25", 0.25}, {"10.", 10},
    {"86400", 86400}, {"86400.0", 86400}, {"0.000001", 1e-6}, {"007", 7}};

// Spellings that are not numbers of seconds, each with the word its message must hold.
const std::vector<std::pair<std::string, std::string>> kBadSeconds{
    {"-1", "negative"},
    {"-0.5", "negative"},
    {"inf", "not a number"},
    {"nan", "not a number"},
    {"NaN", "not a number"},
    {"1e3", "not a number"},
    {"", "not a number"},
    {".", "not a number"},
    {"1.2.3", "not a number"},
    {" 2", "not a number"},
    {"2 ", "not a number"},
    {"+2", "not a number"},
    {"0x10", "not a number"},
    {"two", "not a number"},
    {"86400.5", "out of range"},
    {"86401", "out of range"},
    {"99999999999999999999999", "out of range"},
    {std::string(400, '9'), "out of range"}};

TEST(TimeLimitValues, EveryCheckedSpellingOfSecondsReadsAsItsNumber) {
  for (const auto& [text, seconds] : kGoodSeconds) {
    EXPECT_DOUBLE_EQ(parse_decimal_number("--time-limit", text, kTimeLimitRange), seconds) << text;
  }
}

TEST(TimeLimitValues, EveryOtherSpellingIsAUsageErrorNamingTheOptionAndTheValue) {
  for (const auto& [text, why] : kBadSeconds) {
    try {
      parse_decimal_number("--time-limit", text, kTimeLimitRange);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const UsageError& e) {
      std::string message = e.what();
      EXPECT_NE(message.find("--time-limit '" + text.substr(0, 40)), std::string::npos) << message;
      EXPECT_NE(message.find(why), std::string::npos) << message;
      EXPECT_NE(e.hint().find("0 to 86400"), std::string::npos) << e.hint();
    }
  }
}

TEST(TimeLimitValues, ARequestsTimeLimitFieldSetsTheSearchsBudget) {
  SearchRequest defaults;
  EXPECT_DOUBLE_EQ(defaults.time_limit_seconds, 2.0);
  for (const auto& [field, seconds] : std::vector<std::pair<nlohmann::json, double>>{
           {0, 0}, {0.5, 0.5}, {86400, 86400}, {"1.5", 1.5}, {-0.0, 0}, {30, 30}}) {
    nlohmann::json line{{"q", "oil"}, {"time_limit", field}};
    ServiceRequest request = read_request(line.dump(), defaults);
    ASSERT_FALSE(request.error) << line.dump() << ": " << request.error->what();
    EXPECT_DOUBLE_EQ(request.search.time_limit_seconds, seconds) << line.dump();
  }
  ServiceRequest without = read_request(R"({"q": "oil"})", defaults);
  EXPECT_DOUBLE_EQ(without.search.time_limit_seconds, 2.0);
}

TEST(TimeLimitValues, ARequestsBadTimeLimitIsAnErrorNamingTheField) {
  for (const std::string value :
       {"-1", "-0.001", "86401", "1e300", "\"inf\"", "\"-2\"", "\"soon\"", "true", "null", "[1]"}) {
    std::string line = R"({"id": 3, "q": "oil", "time_limit": )" + value + "}";
    ServiceRequest request = read_request(line, SearchRequest{});
    ASSERT_TRUE(request.error) << line;
    std::string message = request.error->what();
    EXPECT_NE(message.find("\"time_limit\""), std::string::npos) << message;
    EXPECT_EQ(request.id, "3");
  }
}

TEST(TimeLimitValues, TimeLimitIsAListedRequestField) {
  const auto& fields = request_fields();
  EXPECT_NE(std::find(fields.begin(), fields.end(), "time_limit"), fields.end());
}

}  // namespace
}  // namespace kensaku
