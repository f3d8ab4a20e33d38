// Tests of kensaku-search, the real binary, against hostile input: --serve lines that used to crash
// or end the service, numbers and dates that used to wrap or be searched as words, --batch lines
// that fail in every way, pages past the end, and control characters stored in articles.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<std::string> lines_of(const std::string& out) {
  std::vector<std::string> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class HostileSearchCli : public CorpusIndexTest {};

const std::string kGood = R"({"id": "after", "q": "missile", "limit": 1})";

TEST_F(HostileSearchCli, ServeAnswersEveryHostileLineWithAnErrorAndThenTheNextRequest) {
  const std::vector<std::string> hostile{
      "{\"id\": " + std::string(70000, '[') + std::string(70000, ']') + "}",  // 140 KB
      "{\"id\": " + std::string(30000, '[') + std::string(30000, ']') + ", \"q\": \"a\"}",
      R"({"id": 1e400, "q": "missile"})",
      R"({"q": "missile", "limit": 18446744073709551616})",
      R"({"q": "missile", "limit": NaN})",
      R"({"q": "missile", "offset": -0.5})",
      "{\"q\": \"mis\xff"
      "sile\"}",
      std::string("{\"q\": \"mis\0sile\"}", 17),
      "{\"q\": \"" + std::string(2 * 1024 * 1024, 'a') + "\"}",  // 2 MiB, never held whole
      "{\"q\": \"" + std::string(9000, 'a') + "\"}",
      R"({"q": "missile", "since": "yesterday"})",
      R"({"q": "missile", "recent": "banana"})",
  };
  std::string input;
  for (const std::string& line : hostile) input += line + "\n\n" + kGood + "\n";
  input += "   \n" + kGood;  // a last line without a newline is answered too
  RunResult r = search({"--serve"}, input);
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::vector<std::string> answers = lines_of(r.out);
  ASSERT_EQ(answers.size(), 2 * hostile.size() + 1) << r.out.substr(0, 2000);
  for (std::size_t i = 0; i < answers.size(); ++i) {
    json answer = json::parse(answers[i]);
    if (i % 2 == 0 && i / 2 < hostile.size()) {
      EXPECT_TRUE(answer.contains("error")) << hostile[i / 2].substr(0, 60);
      EXPECT_EQ(answer["error"]["status"], 2);
    } else {
      EXPECT_EQ(answer["id"], "after");
      EXPECT_EQ(answer["hits"].size(), 1u);
    }
  }
}

struct Case {
  std::vector<std::string> args;
  std::string named;  // what the message must quote
};

// Every value that must be refused, per numeric option: negative, overflowing, out of range, not a
// number. Each exits 2 with one message naming the option and the value, and prints no results.
TEST_F(HostileSearchCli, NumericOptionsRefuseEveryValueOutsideTheirRange) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> bad{
      {"--limit",
       {"0", "-1", "100001", "4294967296", "4294967297", "18446744073709551615",
        "18446744073709551616", "1e3", "1.5", "ten", "+3", "0x10", ""}},
      {"--offset",
       {"-1", "100001", "4294967296", "18446744073709551615", "99999999999999999999", "2.5", "1e9",
        "-0", "x"}},
      {"--fragments",
       {"-1", "21", "99999999999", "4294967296", "18446744073709551617", "1.0", "two"}},
  };
  for (const auto& [option, values] : bad) {
    for (const std::string& value : values) {
      for (bool joined : {false, true}) {
        if (joined && value.empty()) continue;  // "--limit=" is Boost's own error
        RunResult r =
            joined ? search({option + "=" + value, "missile"}) : search({option, value, "missile"});
        EXPECT_EQ(r.exit_status, 2) << option << " " << value << ": " << r.out.substr(0, 200);
        EXPECT_EQ(r.out, "") << option << " " << value;
        EXPECT_NE(r.err.find(option + " '" + value + "'"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("hint: give a whole number from"), std::string::npos) << r.err;
      }
    }
  }
}

TEST_F(HostileSearchCli, NumericOptionsAcceptTheEndsOfTheirRanges) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--limit", "1"},
           {"--limit", "100000", "--fragments", "0"},
           {"--limit", "10000"},  // 20000 passages at the default 2 fragments: the most there is
           {"--limit", "1000", "--fragments", "20"},
           {"--offset", "0"},
           {"--offset", "100000"},
           {"--fragments", "0"},
           {"--fragments", "20"}}) {
    std::vector<std::string> full = args;
    full.insert(full.begin(), "--json");
    full.push_back("missile");
    RunResult r = search(full);
    EXPECT_EQ(r.exit_status, 0) << args[0] << " " << args[1] << ": " << r.err;
    EXPECT_GT(json::parse(r.out)["total"].get<int>(), 0);
  }
}

// limit × fragments bounds the snippet work of one request, on the command line and in --serve.
TEST_F(HostileSearchCli, TooManySnippetPassagesInOneRequestIsAnErrorNamingBothOptions) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--limit", "100000"}, {"--limit", "10001"}, {"--limit", "1001", "--fragments", "20"}}) {
    std::vector<std::string> full = args;
    full.push_back("missile");
    RunResult r = search(full);
    EXPECT_EQ(r.exit_status, 2) << args[1];
    EXPECT_NE(r.err.find("--limit " + args[1] + " with --fragments"), std::string::npos) << r.err;
  }
  RunResult r = search({"--serve"}, R"({"q": "missile", "limit": 5000, "fragments": 5})"
                                    "\n" +
                                        kGood + "\n");
  std::vector<std::string> answers = lines_of(r.out);
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_NE(answers[0].find("snippet passages"), std::string::npos) << answers[0];
  EXPECT_EQ(json::parse(answers[1])["id"], "after");
}

TEST_F(HostileSearchCli, ServeRefusesTheSameNumbersNamingTheField) {
  std::string input;
  std::size_t requests = 0;
  for (std::string field : {"limit", "offset", "fragments"}) {
    for (std::string value : {"-1", "4294967296", "18446744073709551616", "1e19", "2.5", "\"3\"",
                              "100001", "true", "null"}) {
      input += R"({"q": "missile", ")" + field + "\": " + value + "}\n";
      ++requests;
    }
  }
  input += kGood + "\n";
  RunResult r = search({"--serve"}, input);
  ASSERT_EQ(r.exit_status, 0) << r.err;
  std::vector<std::string> answers = lines_of(r.out);
  ASSERT_EQ(answers.size(), requests + 1);
  for (std::size_t i = 0; i < requests; ++i) {
    json answer = json::parse(answers[i]);
    ASSERT_TRUE(answer.contains("error")) << answers[i];
    std::string field = i < 9 ? "limit" : i < 18 ? "offset" : "fragments";
    EXPECT_NE(answer["error"]["message"].get<std::string>().find("\"" + field + "\""),
              std::string::npos)
        << answers[i];
  }
  EXPECT_EQ(json::parse(answers.back())["id"], "after");
}

// A bad --since/--until/--recent is an error naming the value on the command line, in --batch
// (before any line is read) and in --serve (that request's error); never a search of its words.
TEST_F(HostileSearchCli, BadDateAndRecencyValuesAreErrorsNamingTheValueInEveryMode) {
  const std::vector<Case> cases{
      {{"--since", "yesterday"}, "--since 'yesterday'"},
      {{"--since", "2025-13"}, "--since '2025-13'"},
      {{"--since", "2025-02-30"}, "--since '2025-02-30'"},
      {{"--until", "1987..1986"}, "--until '1987..1986'"},
      {{"--until", "1987-03-01..1987-03-31"}, "--until '1987-03-01..1987-03-31'"},
      {{"--until", "last week"}, "--until 'last week'"},
      {{"--since", "2025", "--until", "2024"}, "--since 2025 is after --until 2024"},
      {{"--recent", "banana"}, "--recent 'banana'"},
      {{"--recent", "inf"}, "--recent 'inf'"},
      {{"--recent", "-3"}, "--recent '-3'"},
      {{"--recent", "1000y"}, "--recent"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = c.args;
    args.push_back("missile");
    RunResult r = search(args);
    EXPECT_EQ(r.exit_status, 2) << c.named << ": " << r.out.substr(0, 200);
    EXPECT_NE(r.err.find(c.named), std::string::npos) << r.err;
    std::vector<std::string> batch = c.args;
    batch.insert(batch.end(), {"--batch", "-"});
    r = search(batch, "q1\tmissile\n");
    EXPECT_EQ(r.exit_status, 2) << c.named;
    EXPECT_NE(r.err.find(c.named), std::string::npos) << r.err;
  }
  RunResult r = search({"--serve"}, R"({"id": 1, "q": "missile", "since": "yesterday"})"
                                    "\n"
                                    R"({"id": 2, "q": "missile", "until": "1987..1986"})"
                                    "\n"
                                    R"({"id": 3, "q": "missile", "recent": "banana"})"
                                    "\n" +
                                        kGood + "\n");
  std::vector<std::string> answers = lines_of(r.out);
  ASSERT_EQ(answers.size(), 4u);
  EXPECT_NE(answers[0].find("\\\"since\\\" 'yesterday'"), std::string::npos) << answers[0];
  EXPECT_NE(answers[1].find("\\\"until\\\" '1987..1986'"), std::string::npos) << answers[1];
  EXPECT_NE(answers[2].find("\\\"recent\\\" 'banana'"), std::string::npos) << answers[2];
  EXPECT_EQ(json::parse(answers[3])["id"], "after");
}

TEST_F(HostileSearchCli, BatchAnswersEveryLineAfterAnyKindOfError) {
  std::string input =
      "q1\tmissile\n"
      "no tab on this line\n"
      "q3\tx 我y\n"  // a query the query parser has failed on
      "q4\tjapan 我y\n"
      "q5\t" +
      std::string(9000, 'a') +
      "\n"  // over the query limit
      "q6\t" +
      std::string(70000, 'b') +
      "\n"  // over the line limit
      "q7\tdate:1987-13 missile\n"
      "q8\t\"unbalanced missile\n"
      "q9\tmissile\n";
  RunResult r = search({"--batch", "-", "--limit", "1"}, input);
  ASSERT_EQ(r.exit_status, 0) << r.err;
  std::vector<std::string> out = lines_of(r.out);
  ASSERT_EQ(out.size(), 9u) << r.out.substr(0, 3000);
  const std::vector<std::string> qids{"q1", "2", "q3", "q4", "q5", "q6", "q7", "q8", "q9"};
  for (std::size_t i = 0; i < out.size(); ++i) {
    json line = json::parse(out[i]);
    EXPECT_EQ(line["qid"], qids[i]);
    EXPECT_TRUE(line.contains("error") || line.contains("hits")) << out[i];
  }
  for (std::size_t i : {1, 4, 5}) EXPECT_TRUE(json::parse(out[i]).contains("error")) << out[i];
  EXPECT_EQ(json::parse(out[8])["hits"].size(), 1u);
}

TEST_F(HostileSearchCli, ABatchFileThatIsADirectoryIsAUsageErrorNamingIt) {
  const std::string folder = index().parent_path().string();
  RunResult r = search({"--batch", folder});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("the batch file " + folder + " is a directory"), std::string::npos) << r.err;
}

// Past the last match: "No more results (N articles match …)", exit 0, and JSON with that total
// and no hits. Nothing matching at all stays "No articles match", exit 1.
TEST_F(HostileSearchCli, APagePastTheEndSaysNoMoreResultsAndExitsZeroLikeItsJson) {
  RunResult page = search({"--offset", "100", "missile"});
  EXPECT_EQ(page.exit_status, 0) << page.err;
  RunResult all = search({"--json", "missile"});
  int total = json::parse(all.out)["total"];
  ASSERT_GT(total, 0);
  EXPECT_NE(
      page.out.find("No more results (" + std::to_string(total) + " articles match 'missile'"),
      std::string::npos)
      << page.out;
  EXPECT_EQ(page.out.find("No articles match"), std::string::npos);
  RunResult json_page = search({"--json", "--offset", std::to_string(total), "missile"});
  EXPECT_EQ(json_page.exit_status, 0);
  json parsed = json::parse(json_page.out);
  EXPECT_EQ(parsed["total"], total);
  EXPECT_TRUE(parsed["hits"].empty());
  RunResult none = search({"--offset", "100", "zzqqxxnomatch"});
  EXPECT_EQ(none.exit_status, 1);
  EXPECT_NE(none.out.find("No articles match"), std::string::npos) << none.out;
  RunResult none_json = search({"--json", "--no-spelling", "zzqqxxnomatch"});
  EXPECT_EQ(none_json.exit_status, 1);
  EXPECT_EQ(json::parse(none_json.out)["total"], 0);
}

// True when `text` holds a byte sequence a terminal acts on (newline aside): C0, DEL, C1, bidi.
bool has_raw_control(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    unsigned char next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    unsigned char third = i + 2 < text.size() ? static_cast<unsigned char>(text[i + 2]) : 0;
    if ((c < 0x20 && c != '\n') || c == 0x7F) return true;
    if (c == 0xC2 && next >= 0x80 && next <= 0x9F) return true;
    if (c == 0xE2 && next == 0x80 && third >= 0xAA && third <= 0xAE) return true;
    if (c == 0xE2 && next == 0x81 && third >= 0xA6 && third <= 0xA9) return true;
  }
  return false;
}

// A tiny corpus whose stored fields hold every class of control: ESC sequences (OSC title, CSI
// clear screen), BEL, DEL, C1 CSI, bidi overrides, and a file name with ESC in it.
TEST(ControlCharactersCli, StoredControlsNeverReachTheTerminalRawAndJsonKeepsThemEscaped) {
  TempDir dir;
  fs::path news = dir / "news";
  fs::create_directories(news);
  const std::string evil =
      "\x1b]0;pwned\x07 \x1b[2J \x7f \xc2\x9b"
      "31m \xe2\x80\xae \xe2\x81\xa6";
  write_file(news / "a.txt", "---\ntitle: Title " + evil + "\nauthor: Author " + evil +
                                 "\nsource: Source " + evil + "\n---\nThe missile body " + evil +
                                 " text about a missile.\n");
  write_file(news / ("b\x1b[31m\xe2\x80\xaered.txt"), "Another missile story.\n");
  fs::path index = dir / "index";
  RunResult indexed = run({index_bin(), "--db", index.string(), "--quiet", news.string()});
  ASSERT_EQ(indexed.exit_status, 0) << indexed.err;

  for (std::vector<std::string> args : {std::vector<std::string>{"missile"},
                                        {"--color", "always", "missile"},
                                        {"--facets", "source,author", "missile"}}) {
    RunResult text = search_index(index, args);
    ASSERT_EQ(text.exit_status, 0) << text.err;
    std::string shown = text.out;
    for (std::string bold : {"\x1b[1m", "\x1b[0m"}) {
      for (std::size_t at; (at = shown.find(bold)) != std::string::npos;) shown.erase(at, 4);
    }
    EXPECT_FALSE(has_raw_control(shown)) << shown;
    EXPECT_NE(shown.find("Title \\x1b]0;pwned\\x07 \\x1b[2J \\x7f \\u009b31m \\u202e \\u2066"),
              std::string::npos)
        << shown;
    EXPECT_NE(shown.find("b\\x1b[31m\\u202ered.txt"), std::string::npos) << shown;
  }
  RunResult trec = search_index(index, {"--batch", "-", "--format", "trec"}, "q\tmissile\n");
  EXPECT_FALSE(has_raw_control(trec.out)) << trec.out;

  for (std::vector<std::string> args :
       {std::vector<std::string>{"--json", "missile"}, {"--batch", "-"}, {"--serve"}}) {
    RunResult r = search_index(index, args,
                               args[0] == "--serve" ? R"({"q": "missile"})"
                                                      "\n"
                                                    : "q\tmissile\n");
    ASSERT_EQ(r.exit_status, 0) << r.err;
    EXPECT_FALSE(has_raw_control(r.out)) << r.out;
    json parsed = json::parse(lines_of(r.out).at(0));
    bool found = false;
    for (const json& hit : parsed["hits"]) {
      if (hit["title"] == "Title " + evil) found = true;
    }
    EXPECT_TRUE(found) << r.out;  // the same text, only written escaped
  }
}

}  // namespace
}  // namespace kensaku::testing
