// Tests of the --serve and --batch loops against hostile input: lines too long, nested too deep,
// numbers out of range, bytes that are not text, and searches that throw anything at all. Each
// bad line gets its own error answer, and the line after it is answered.
#include <gtest/gtest.h>

#include <new>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "searcher/cli/json_service.h"
#include "searcher/cli/request_reader.h"

namespace kensaku {
namespace {

using nlohmann::json;

// A search that finds nothing, and says what it was asked.
SearchResponse echo(const SearchRequest& request) {
  SearchResponse response;
  response.query = request.query;
  return response;
}

std::vector<json> serve(const std::string& input, const SearchFunction& search = echo) {
  std::istringstream in(input);
  std::ostringstream out;
  serve_json_lines(search, SearchRequest{}, in, out);
  std::vector<json> answers;
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) answers.push_back(json::parse(line));
  return answers;
}

std::string message_of(const json& answer) {
  return answer.contains("error") ? answer["error"]["message"].get<std::string>() : "(answered)";
}

const std::string kGood = R"({"id": "next", "q": "missile"})";

// Each hostile line, followed by a good request: the hostile one gets an error naming what is
// wrong, the good one its answer.
TEST(HostileRequests, EachBadLineGetsAnErrorAndTheNextRequestIsAnswered) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"id": )" + std::string(70000, '[') + std::string(70000, ']') + "}", "longer than"},
      {R"({"id": )" + std::string(30000, '[') + std::string(30000, ']') + R"(, "q": "a"})",
       "levels deep"},
      {std::string(65, '{') + std::string(65, '}'), "levels deep"},
      {R"({"q": "a", "facets": )" + std::string(100, '[') + std::string(100, ']') + "}",
       "levels deep"},
      {R"({"id": 1e400, "q": "a"})", "out of range"},
      {R"({"id": -1e400, "q": "a"})", "out of range"},
      {R"({"q": "a", "limit": 1e400})", "out of range"},
      {R"({"q": "a", "limit": 18446744073709551616})", "\"limit\""},
      {R"({"q": "a", "offset": 99999999999999999999999999})", "\"offset\""},
      {R"({"q": "a", "limit": NaN})", "not JSON"},
      {R"({"q": "a", "limit": Infinity})", "not JSON"},
      {R"({"q": "a", "limit": -0.5})", "\"limit\""},
      {"{\"q\": \"mis\xff\xfesile\"}", "UTF-8"},
      {"{\"q\": \"\xc0\xaf\"}", "UTF-8"},
      {"{\"q\": \"\xed\xa0\x80\"}", "UTF-8"},
      {std::string("{\"q\": \"a\0b\"}", 12), "not JSON"},
      {std::string("\0", 1), "not JSON"},
      {"\x1b[2J", "not JSON"},
      {R"({"q": ")" + std::string(kMaxQueryBytes + 1, 'a') + R"("})", "over the limit"},
      {R"({"q": "a", "since": "yesterday"})", "yesterday"},
      {R"({"q": "a", "until": "1987..1986"})", "1987..1986"},
      {R"({"q": "a", "since": "2025-13"})", "2025-13"},
      {R"({"q": "a", "recent": "banana"})", "banana"},
      {R"({"q": "a", "recent": 1e300})", "\"recent\""},
  };
  for (const auto& [line, named] : cases) {
    std::vector<json> answers = serve(line + "\n" + kGood + "\n");
    ASSERT_EQ(answers.size(), 2u) << line.substr(0, 80);
    EXPECT_TRUE(answers[0].contains("error")) << line.substr(0, 80);
    EXPECT_NE(message_of(answers[0]).find(named), std::string::npos)
        << line.substr(0, 80) << " -> " << message_of(answers[0]);
    EXPECT_EQ(answers[0]["error"]["status"], 2);
    EXPECT_EQ(answers[1]["id"], "next") << line.substr(0, 80);
    EXPECT_EQ(answers[1]["query"], "missile");
  }
}

TEST(HostileRequests, NestingUpToTheLimitIsAcceptedAndOneLevelMoreIsNot) {
  // The request object is the first level.
  auto nested_id = [](std::size_t levels) {
    return R"({"q": "a", "id": )" + std::string(levels - 1, '[') + std::string(levels - 1, ']') +
           "}";
  };
  EXPECT_FALSE(read_request(nested_id(kMaxNesting), {}).error);
  ASSERT_TRUE(read_request(nested_id(kMaxNesting + 1), {}).error);
  // Brackets inside strings are text, not nesting.
  EXPECT_FALSE(read_request(R"({"q": ")" + std::string(1000, '[') + R"("})", {}).error);
}

TEST(HostileRequests, BlankAndEmptyLinesGetNoAnswerAndALastLineWithoutNewlineIsAnswered) {
  std::vector<json> answers = serve("\n\n   \t\r\n\r\n" + kGood + "\n\n" + kGood);
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[1]["query"], "missile");
  EXPECT_EQ(serve(kGood + "\r\n").size(), 1u);
  EXPECT_TRUE(serve("").empty());
}

// Whatever a search throws, the request gets an error object with a status, and the service
// answers the next request.
TEST(HostileRequests, AnyExceptionFromASearchBecomesThatRequestsErrorObject) {
  const std::vector<std::pair<std::function<void()>, std::string>> throwers{
      {[] { throw UsageError("bad filter"); }, "bad filter"},
      {[] { throw IndexCorruptError("/x", "damaged"); }, "damaged"},
      {[] { throw FatalError("kept changing"); }, "kept changing"},
      {[] { throw std::bad_alloc(); }, "out of memory"},
      {[] { throw std::length_error("basic_string::_M_create"); }, "internal error"},
      {[] { throw std::runtime_error("boom"); }, "boom"},
      {[] { throw 42; }, "internal error"},
  };
  for (const auto& [thrower, named] : throwers) {
    int calls = 0;
    SearchFunction search = [&, thrower = thrower](const SearchRequest& request) {
      if (calls++ == 0) thrower();
      return echo(request);
    };
    std::vector<json> answers = serve(R"({"id": 1, "q": "a"})"
                                      "\n" +
                                          kGood + "\n",
                                      search);
    ASSERT_EQ(answers.size(), 2u) << named;
    EXPECT_EQ(answers[0]["id"], 1);
    EXPECT_NE(message_of(answers[0]).find(named), std::string::npos) << message_of(answers[0]);
    EXPECT_EQ(answers[0]["error"]["status"], 2);
    EXPECT_EQ(answers[1]["query"], "missile") << named;
  }
}

TEST(LineReader, NeverKeepsMoreThanItsLimitAndSkipsTheRestOfALongLine) {
  std::istringstream in(std::string(100, 'x') + "\nshort\n" + std::string(11, 'y') + "\r\n" +
                        std::string(10, 'z') + "\r\nlast");
  LineReader reader(in, 10);
  std::string line;
  EXPECT_EQ(reader.next(line), LineReader::Status::kTooLong);
  EXPECT_EQ(line, std::string(10, 'x'));
  EXPECT_EQ(reader.next(line), LineReader::Status::kLine);
  EXPECT_EQ(line, "short");
  EXPECT_EQ(reader.next(line), LineReader::Status::kTooLong);
  EXPECT_EQ(reader.next(line), LineReader::Status::kLine);  // 10 bytes and "\r\n": fits
  EXPECT_EQ(line, std::string(10, 'z'));
  EXPECT_EQ(reader.next(line), LineReader::Status::kLine);
  EXPECT_EQ(line, "last");
  EXPECT_EQ(reader.line_number(), 5u);
  EXPECT_EQ(reader.next(line), LineReader::Status::kEnd);
}

std::vector<json> batch(const std::string& input, const SearchFunction& search = echo) {
  std::istringstream in(input);
  std::ostringstream out, err;
  run_batch_lines(search, SearchRequest{}, in, out, err, false);
  std::vector<json> answers;
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) answers.push_back(json::parse(line));
  return answers;
}

TEST(HostileBatch, EveryKindOfFailureIsAnErrorLineAndEveryLaterLineIsAnswered) {
  SearchFunction search = [](const SearchRequest& request) -> SearchResponse {
    if (request.query == "usage") throw UsageError("a usage error");
    if (request.query == "fatal") throw FatalError("QueryParserError: parse error");
    if (request.query == "corrupt") throw IndexCorruptError("/x", "damaged");
    if (request.query == "alloc") throw std::bad_alloc();
    if (request.query == "std") throw std::out_of_range("vector::at");
    return echo(request);
  };
  std::string input = "q1\tusage\nno tab\nq3\tfatal\nq4\t" + std::string(kMaxQueryBytes + 1, 'a') +
                      "\nq5\t" + std::string(kMaxLineBytes, 'b') + "\nq6\tcorrupt\nq7\talloc\n" +
                      "q8\tstd\nq9\tmissile";
  std::vector<json> answers = batch(input, search);
  ASSERT_EQ(answers.size(), 9u);
  const std::vector<std::string> qids{"q1", "2", "q3", "q4", "q5", "q6", "q7", "q8", "q9"};
  for (std::size_t i = 0; i < qids.size(); ++i) {
    EXPECT_EQ(answers[i]["qid"], qids[i]);
    EXPECT_EQ(answers[i].contains("error"), i < 8) << answers[i].dump().substr(0, 200);
  }
  EXPECT_NE(answers[3]["error"].get<std::string>().find("over the limit"), std::string::npos);
  EXPECT_NE(answers[4]["error"].get<std::string>().find("longer than"), std::string::npos);
  EXPECT_EQ(answers[8]["query"], "missile");
}

}  // namespace
}  // namespace kensaku
