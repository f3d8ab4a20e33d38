// Tests of the option values shared by the command line and --serve: numbers within their ranges,
// dates that are real dates, half-lives that are numbers; everything else rejected by name.
#include "searcher/cli/option_values.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "searcher/cli/request_reader.h"

namespace kensaku {
namespace {

struct NumericOption {
  std::string option, field;
  NumberRange range;
};

const std::vector<NumericOption> kNumericOptions{
    {"--limit", "limit", kLimitRange},
    {"--offset", "offset", kOffsetRange},
    {"--fragments", "fragments", kFragmentsRange},
};

// Text that must never be read as a number: signs, blanks, fractions, exponents, bases, words.
const std::vector<std::string> kNotNumbers{"",
                                           "-1",
                                           "-0",
                                           "+5",
                                           " 5",
                                           "5 ",
                                           "1.5",
                                           "1e3",
                                           "0x10",
                                           "ten",
                                           "5abc",
                                           "１０",
                                           "inf",
                                           "nan",
                                           "--3",
                                           "1,000",
                                           "18446744073709551615x"};

TEST(WholeNumbers, EveryValueInRangeIsReadExactlyOnTheCommandLineAndInRequests) {
  for (const NumericOption& o : kNumericOptions) {
    std::vector<std::uint64_t> values{o.range.min, o.range.min + 1, o.range.max - 1, o.range.max,
                                      (o.range.min + o.range.max) / 2};
    for (std::uint64_t v : values) {
      EXPECT_EQ(parse_whole_number(o.option, std::to_string(v), o.range), v) << o.option;
      EXPECT_EQ(parse_whole_number(o.option, "000" + std::to_string(v), o.range), v);
      // No snippets, so that the largest limits stay within kMaxPassages.
      std::string line = R"({"q": "a", ")" + o.field + "\": " + std::to_string(v) +
                         (o.field == "fragments" ? "}" : R"(, "fragments": 0})");
      ServiceRequest request = read_request(line, {});
      ASSERT_FALSE(request.error) << line << ": " << request.error->what();
      std::size_t got = o.field == "limit"    ? request.search.limit
                        : o.field == "offset" ? request.search.offset
                                              : request.search.fragments;
      EXPECT_EQ(got, v) << line;
    }
  }
}

TEST(WholeNumbers, OutOfRangeOverflowingAndNonNumbersAreErrorsNamingTheOptionAndValue) {
  for (const NumericOption& o : kNumericOptions) {
    std::vector<std::string> bad = kNotNumbers;
    for (std::string big : {"4294967296", "4294967295", "18446744073709551615",
                            "18446744073709551616", "99999999999999999999999999999999"}) {
      bad.push_back(big);
    }
    bad.push_back(std::to_string(o.range.max + 1));
    if (o.range.min > 0) bad.push_back(std::to_string(o.range.min - 1));
    for (const std::string& text : bad) {
      try {
        parse_whole_number(o.option, text, o.range);
        ADD_FAILURE() << o.option << " accepted '" << text << "'";
      } catch (const UsageError& e) {
        std::string what = e.what();
        EXPECT_NE(what.find(o.option), std::string::npos) << what;
        EXPECT_NE(what.find("'" + text.substr(0, 40)), std::string::npos) << what;
        EXPECT_NE(e.hint().find(std::to_string(o.range.max)), std::string::npos) << e.hint();
      }
    }
  }
}

TEST(WholeNumbers, RequestsRejectTheSameValuesAsJsonNumbersNamingTheField) {
  for (const NumericOption& o : kNumericOptions) {
    for (std::string number :
         std::vector<std::string>{"-1", "-5", "2.5", "1e30", "4294967296", "18446744073709551616",
                                  "1e19", std::to_string(o.range.max + 1)}) {
      std::string line = R"({"q": "a", ")" + o.field + "\": " + number + "}";
      ServiceRequest request = read_request(line, {});
      ASSERT_TRUE(request.error) << line;
      EXPECT_NE(std::string(request.error->what()).find("\"" + o.field + "\""), std::string::npos)
          << request.error->what();
    }
    // JSON has one number type: 3.0 is 3 and -0 is 0.
    ServiceRequest request = read_request(R"({"q": "a", ")" + o.field + "\": 3.0}", {});
    EXPECT_FALSE(request.error);
  }
  EXPECT_EQ(read_request(R"({"q": "a", "offset": -0})", {}).search.offset, 0u);
}

TEST(DateOptions, RealDatesAreAcceptedInEveryForm) {
  for (std::string date : {"2025", "1987", "2025-01", "2025-12", "2025-03-30", "2024-02-29",
                           "2000-02-29", "1999-12-31", "0001-01-01"}) {
    EXPECT_NO_THROW(check_date_option(date, "--since")) << date;
  }
  EXPECT_NO_THROW(check_date_option("", "--since"));
}

TEST(DateOptions, AnythingElseIsAnErrorNamingTheOptionAndTheValue) {
  for (std::string bad :
       {"yesterday",        "today",      "2025-13",    "2025-00",    "2025-02-30", "2023-02-29",
        "1900-02-29",       "2025-04-31", "2025-01-32", "2025-1",     "2025-01-1",  "25",
        "20250330",         "2025/03/30", "2025.03",    "1987..1986", "1987..",     "..1986",
        "2025-03-30T10:00", " 2025",      "2025 ",      "-2025",      "2025-",      "1e3",
        "1987.0.3.0.1",     "２０２５"}) {
    for (std::string option : {"--since", "--until"}) {
      try {
        check_date_option(bad, option);
        ADD_FAILURE() << option << " accepted '" << bad << "'";
      } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find(option + " '" + bad + "'"), std::string::npos)
            << e.what();
      }
    }
  }
}

TEST(DateOptions, SinceAfterUntilIsAnErrorButTheSamePeriodIsNot) {
  SearchRequest request;
  request.since = "2025-03";
  request.until = "2025-02-28";
  EXPECT_THROW(check_date_options(request, "--since", "--until"), UsageError);
  request.until = "2025-03";
  EXPECT_NO_THROW(check_date_options(request, "--since", "--until"));
  request.since = "2025-03-31";
  EXPECT_NO_THROW(check_date_options(request, "--since", "--until"));
}

TEST(HalfLives, NumbersWithAUnitAreDaysAndEverythingElseIsAnError) {
  EXPECT_EQ(parse_half_life("30"), 30);
  EXPECT_EQ(parse_half_life("1.5"), 1.5);
  EXPECT_EQ(parse_half_life("2w"), 14);
  EXPECT_EQ(parse_half_life("6m"), 180);
  EXPECT_EQ(parse_half_life("1y"), 365);
  EXPECT_EQ(parse_half_life("100y"), 36500);
  for (std::string bad : {"banana", "",       "inf",  "infinity", "nan",
                          "1e5",    "1e-300", "-3",   "+3",       " 30",
                          "30 ",    "30 d",   "3.",   ".5",       "0",
                          "0d",     "0.001",  "101y", "36501",    "99999999999999999999999",
                          "2x",     "2ww",    "１０"}) {
    try {
      parse_half_life(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("--recent"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(checked_half_life(0, "\"recent\""), 0);
  EXPECT_THROW(checked_half_life(1e300, "\"recent\""), UsageError);
  EXPECT_THROW(checked_half_life(0.001, "\"recent\""), UsageError);
}

}  // namespace
}  // namespace kensaku
