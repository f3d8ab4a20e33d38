// Tests of kensaku-search --serve: JSON requests on stdin answered line by line, like --json, with
// errors on their own lines, command-line defaults, and an index that changes while it serves.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/child_process.h"
#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Indexes the corpus and the dated world-news feed, so requests can exercise the date options.
fs::path index_articles(const TempDir& dir) {
  fs::path articles = dir / "articles";
  fs::copy(corpus_dir(), articles, fs::copy_options::recursive);
  fs::copy_file(test_data_dir() / "feeds" / "world_news.jsonl", articles / "world_news.jsonl");
  fs::path index = dir / "index";
  RunResult r = run({index_bin(), "--db", index.string(), "--quiet", articles.string()});
  if (r.exit_status != 0) throw std::runtime_error("indexing failed: " + r.err);
  return index;
}

std::vector<json> json_lines(const std::string& out) {
  std::vector<json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  return lines;
}

class ServeCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    index_ = new fs::path(index_articles(*dir_));
  }
  static void TearDownTestSuite() {
    delete index_;
    delete dir_;
  }

  static RunResult search(std::vector<std::string> args, const std::string& input = {}) {
    return search_index(*index_, args, input);
  }

  // What `kensaku-search --json ARGS` prints, parsed.
  static json cli_json(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    RunResult r = search(args);
    EXPECT_TRUE(r.exit_status == 0 || r.exit_status == 1) << r.err;
    return json::parse(r.out);
  }

  static inline TempDir* dir_ = nullptr;
  static inline fs::path* index_ = nullptr;
};

// One request per option family, with the command line that asks the same.
struct Equivalent {
  std::string request;
  std::vector<std::string> args;
};

const std::vector<Equivalent> kEquivalents{
    {R"({"q": "SM-6 co-production"})", {"SM-6 co-production"}},
    {R"({"q": "alliance", "limit": 2, "offset": 1})",
     {"--limit", "2", "--offset", "1", "alliance"}},
    {R"({"q": "missile", "fragments": 0})", {"--fragments", "0", "missile"}},
    {R"({"q": "missile", "fragments": 3})", {"--fragments", "3", "missile"}},
    {R"({"q": "place:germany OR kyoto", "sort": "-date"})",
     {"--sort", "-date", "place:germany OR kyoto"}},
    {R"({"q": "place:germany OR kyoto", "sort": "date"})",
     {"--sort", "date", "place:germany OR kyoto"}},
    {R"({"q": "kyoto OR franc OR storm", "since": "2024-03-06", "until": "2024-03"})",
     {"--since", "2024-03-06", "--until", "2024-03", "kyoto OR franc OR storm"}},
    {R"({"q": "kyoto OR franc OR storm OR alliance", "recent": "2w"})",
     {"--recent", "2w", "kyoto OR franc OR storm OR alliance"}},
    {R"({"q": "kyoto OR franc OR storm OR alliance", "recent": 3})",
     {"--recent", "3", "kyoto OR franc OR storm OR alliance"}},
    {R"({"like": "articles/003_b13ff8993483ff35.txt", "limit": 3})",
     {"--like", "articles/003_b13ff8993483ff35.txt", "--limit", "3"}},
    {R"({"q": "alliance", "facets": ["source", "author"]})",
     {"--facets", "source,author", "alliance"}},
    {R"({"q": "alliance OR alpine", "facets": "source,year,place"})",
     {"--facets", "source,year,place", "alliance OR alpine"}},
    {R"({"q": "allaince"})", {"allaince"}},
    {R"({"q": "allaince", "no_spelling": true})", {"--no-spelling", "allaince"}},
    {R"({"q": "allaince", "suggest": false})", {"--no-spelling", "allaince"}},
    {R"({"q": "\"joint force headquarters"})", {"\"joint force headquarters"}},
};

TEST_F(ServeCli, EachRequestGetsTheJsonOfTheSameSearchOnTheCommandLineWithItsIdInOrder) {
  std::string input;
  std::vector<json> ids;
  for (std::size_t i = 0; i < kEquivalents.size(); ++i) {
    json request = json::parse(kEquivalents[i].request);
    // Ids are any JSON value: numbers and strings alternate here.
    request["id"] = i % 2 ? json("req-" + std::to_string(i)) : json(i * 10);
    ids.push_back(request["id"]);
    input += request.dump() + "\n";
  }
  RunResult served = search({"--serve"}, input);
  ASSERT_EQ(served.exit_status, 0) << served.err;
  EXPECT_EQ(served.err, "");
  std::vector<json> responses = json_lines(served.out);
  ASSERT_EQ(responses.size(), kEquivalents.size()) << served.out;
  // The id comes right after the version, before the response's own keys.
  std::istringstream raw(served.out);
  for (std::string line; std::getline(raw, line);) {
    EXPECT_TRUE(line.starts_with("{\"version\":3,\"id\":")) << line;
  }

  bool saw_hits = false, saw_date_order = false, saw_facets = false, saw_suggestion = false;
  for (std::size_t i = 0; i < kEquivalents.size(); ++i) {
    SCOPED_TRACE(kEquivalents[i].request);
    json response = responses[i];
    EXPECT_EQ(response["version"], 3);
    EXPECT_EQ(response["id"], ids[i]);
    response.erase("id");
    // Same hits, scores, snippets, facets and flags as --json: the objects are equal.
    EXPECT_EQ(response, cli_json(kEquivalents[i].args));
    saw_hits |= !response["hits"].empty();
    saw_facets |= response["facets"].contains("place");
    saw_suggestion |= !response["suggestion"].get<std::string>().empty();
    if (kEquivalents[i].request.find("\"-date\"") != std::string::npos) {
      ASSERT_GE(response["hits"].size(), 2u);
      saw_date_order = response["hits"][0]["date"] > response["hits"][1]["date"];
    }
  }
  // The requests did exercise their options (so the equalities above are not all empty pages).
  EXPECT_TRUE(saw_hits);
  EXPECT_TRUE(saw_date_order);
  EXPECT_TRUE(saw_facets);
  EXPECT_TRUE(saw_suggestion);
}

TEST_F(ServeCli, BadLinesGetAnErrorObjectOnTheirOwnLineAndTheLinesAfterThemAreAnswered) {
  std::string input =
      "{\"id\": 1, \"q\": \"masts\"}\n"
      "this is not json\n"
      "\n"
      "   \n"
      "[\"masts\"]\n"
      "{\"id\": \"typo\", \"q\": \"masts\", \"lmit\": 3}\n"
      "{\"id\": 4, \"q\": \"masts\", \"limit\": \"3\"}\n"
      "{\"id\": 5, \"q\": \"  \"}\n"
      "{\"id\": 6, \"q\": \"masts\", \"facets\": [\"colour\"]}\n"
      "{\"id\": 7, \"q\": \"masts\", \"sort\": \"newest\"}\n"
      "{\"id\": null, \"q\": \"masts\", \"since\": \"March\"}\n"
      "{\"q\": \"masts\"}\n"
      "{\"id\": 9, \"q\": \"masts\"}\n";
  RunResult served = search({"--serve"}, input);
  ASSERT_EQ(served.exit_status, 0) << served.err;
  std::vector<json> lines = json_lines(served.out);
  ASSERT_EQ(lines.size(), 11u) << served.out;  // the two blank lines get no answer

  EXPECT_EQ(lines[0]["id"], 1);
  EXPECT_EQ(lines[0]["total"], 1);
  const std::vector<json> error_ids{nullptr, nullptr, "typo", 4, 5, 6, 7, nullptr};
  for (std::size_t i = 1; i <= 8; ++i) {
    SCOPED_TRACE(lines[i].dump());
    EXPECT_EQ(lines[i]["version"], 3);
    EXPECT_EQ(lines[i]["id"], error_ids[i - 1]);
    ASSERT_TRUE(lines[i].contains("error"));
    EXPECT_FALSE(lines[i].contains("hits"));
    EXPECT_EQ(lines[i]["error"]["status"], 2);
    EXPECT_FALSE(lines[i]["error"]["message"].get<std::string>().empty());
    EXPECT_FALSE(lines[i]["error"]["hint"].get<std::string>().empty());
  }
  EXPECT_NE(lines[1]["error"]["message"].get<std::string>().find("not JSON"), std::string::npos);
  EXPECT_NE(lines[2]["error"]["message"].get<std::string>().find("not an object"),
            std::string::npos);
  EXPECT_NE(lines[3]["error"]["message"].get<std::string>().find("\"lmit\""), std::string::npos);
  EXPECT_NE(lines[4]["error"]["message"].get<std::string>().find("\"limit\""), std::string::npos);
  EXPECT_EQ(lines[5]["error"]["message"], "empty query");
  EXPECT_NE(lines[6]["error"]["message"].get<std::string>().find("colour"), std::string::npos);
  EXPECT_NE(lines[7]["error"]["message"].get<std::string>().find("newest"), std::string::npos);
  EXPECT_NE(lines[8]["error"]["message"].get<std::string>().find("March"), std::string::npos);
  // A request without an id is answered with "id": null.
  ASSERT_TRUE(lines[9].contains("id"));
  EXPECT_EQ(lines[9]["id"], nullptr);
  EXPECT_EQ(lines[9]["total"], 1);
  EXPECT_EQ(lines[10]["id"], 9);
  EXPECT_EQ(lines[10]["total"], 1);
}

TEST_F(ServeCli, CommandLineOptionsAreEveryRequestsDefaultsAndRequestFieldsOverrideThem) {
  RunResult served = search({"--limit", "1", "--fragments", "0", "--facets", "source", "--serve"},
                            "{\"id\": 1, \"q\": \"alliance\"}\n"
                            "{\"id\": 2, \"q\": \"alliance\", \"limit\": 3, \"facets\": []}\n"
                            "{\"id\": 3, \"q\": \"alliance\", \"fragments\": 1}\n");
  ASSERT_EQ(served.exit_status, 0) << served.err;
  std::vector<json> lines = json_lines(served.out);
  ASSERT_EQ(lines.size(), 3u) << served.out;
  EXPECT_EQ(lines[0]["hits"].size(), 1u);
  EXPECT_EQ(lines[0]["hits"][0]["snippet"], "");
  EXPECT_TRUE(lines[0]["facets"].contains("source"));
  EXPECT_EQ(lines[1]["hits"].size(), 3u);
  EXPECT_EQ(lines[1]["facets"], json::object());
  EXPECT_EQ(lines[2]["hits"].size(), 1u);
  EXPECT_NE(lines[2]["hits"][0]["snippet"], "");
}

TEST_F(ServeCli, EndOfInputEndsTheServiceWithStatusZeroAndNoOutput) {
  RunResult served = search({"--serve"});
  EXPECT_EQ(served.exit_status, 0) << served.err;
  EXPECT_EQ(served.out, "");
  EXPECT_EQ(served.err, "");
}

TEST_F(ServeCli, AQueryOnTheCommandLineBesideServeIsAUsageError) {
  RunResult served = search({"--serve", "masts"}, "{\"q\": \"masts\"}\n");
  EXPECT_EQ(served.exit_status, 2);
  EXPECT_EQ(served.out, "");
  EXPECT_NE(served.err.find("--serve"), std::string::npos) << served.err;
}

TEST(ServeCliWithoutIndex, MissingIndexIsTheUsualErrorExitBeforeAnyRequestIsRead) {
  TempDir dir;
  RunResult served = run({search_bin(), "--db", (dir / "nothing").string(), "--serve"}, {},
                         "{\"id\": 1, \"q\": \"masts\"}\n");
  EXPECT_EQ(served.exit_status, 2);
  EXPECT_EQ(served.out, "");
  EXPECT_NE(served.err.find("hint:"), std::string::npos) << served.err;
}

// A server started before an indexing run answers the next request from the new commit.
TEST(ServeCliWhileIndexing, ArticlesIndexedWhileTheServiceRunsAreFoundByTheNextRequest) {
  TempDir dir;
  fs::path index = index_corpus_copy(dir);
  ChildProcess server({search_bin(), "--db", index.string(), "--serve"});

  server.write_line(R"({"id": "before", "q": "zeppelin"})");
  std::optional<std::string> before = server.read_line();
  ASSERT_TRUE(before);
  json first = json::parse(*before);
  EXPECT_EQ(first["id"], "before");
  EXPECT_EQ(first["total"], 0);
  server.write_line(R"({"id": "count", "q": "alliance OR zeppelin", "limit": 50})");
  std::optional<std::string> count_before = server.read_line();
  ASSERT_TRUE(count_before);
  std::size_t total_before = json::parse(*count_before)["total"];

  write_file(dir / "corpus" / "airship.txt",
             "Zeppelin returns to the alliance skies\n\nA new zeppelin flew over Friedrichshafen "
             "on Monday, the first of its kind in the alliance's airspace for a decade.\n");
  RunResult indexed =
      run({index_bin(), "--db", index.string(), "--quiet", (dir / "corpus").string()});
  ASSERT_EQ(indexed.exit_status, 0) << indexed.err;

  server.write_line(R"({"id": "after", "q": "zeppelin"})");
  std::optional<std::string> after = server.read_line();
  ASSERT_TRUE(after);
  json second = json::parse(*after);
  EXPECT_EQ(second["id"], "after");
  ASSERT_EQ(second["total"], 1) << *after;
  EXPECT_EQ(second["hits"][0]["id"], "corpus/airship.txt");
  server.write_line(R"({"id": "count", "q": "alliance OR zeppelin", "limit": 50})");
  std::optional<std::string> count_after = server.read_line();
  ASSERT_TRUE(count_after);
  EXPECT_EQ(json::parse(*count_after)["total"], total_before + 1);

  EXPECT_EQ(server.wait(), 0);
  EXPECT_FALSE(server.read_line());
}

}  // namespace
}  // namespace kensaku::testing
