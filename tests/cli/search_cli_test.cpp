// Tests of the kensaku-search binary: the acceptance queries, text and JSON output, exit statuses.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class SearchCli : public CorpusIndexTest {
 protected:
  static RunResult search(std::vector<std::string> args, std::vector<std::string> env = {}) {
    std::vector<std::string> argv{search_bin(), "--db", index().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, env);
  }

  static json search_json(const std::string& query) {
    RunResult r = search({"--json", query});
    EXPECT_TRUE(r.exit_status == 0 || r.exit_status == 1) << r.err;
    return json::parse(r.out);
  }

  static std::set<std::string> names(const json& response) {
    std::set<std::string> out;
    for (const auto& hit : response["hits"]) {
      out.insert(fs::path(hit["path"].get<std::string>()).filename().string());
    }
    return out;
  }
};

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

TEST_F(SearchCli, SampleQueryRanksTheCoProductionArticleFirstAndFindsTheSm6Articles) {
  json response = search_json("SM-6 co-production");
  ASSERT_GE(response["hits"].size(), 3u);
  EXPECT_TRUE(response["hits"][0]["path"].get<std::string>().ends_with("003_b13ff8993483ff35.txt"));
  auto found = names(response);
  EXPECT_TRUE(found.count("000_d9e0c6bde5f95736.txt"));
  EXPECT_TRUE(found.count("001_9e27ae2802fd3b6b.txt"));
}

TEST_F(SearchCli, PhraseReturnsExactlyTheFourArticlesThatContainIt) {
  EXPECT_EQ(names(search_json("\"joint force headquarters\"")),
            (std::set<std::string>{"000_d9e0c6bde5f95736.txt", "002_c73403e411bd2990.txt",
                                   "003_b13ff8993483ff35.txt", "004_04c299b1cf399749.txt"}));
}

TEST_F(SearchCli, EnDashQueryReturnsAllFiveAndCurlyApostropheFindsTheVisit) {
  EXPECT_EQ(names(search_json("US\xE2\x80\x93Japan alliance")).size(), 5u);
  json visit = search_json("Hegseth\xE2\x80\x99s visit");
  ASSERT_FALSE(visit["hits"].empty());
  EXPECT_TRUE(visit["hits"][0]["path"].get<std::string>().ends_with("001_9e27ae2802fd3b6b.txt"));
}

TEST_F(SearchCli, AuthorQueryReturnsOnlyMaslowWithMetadataInJson) {
  json response = search_json("author:Maslow");
  ASSERT_EQ(response["hits"].size(), 1u);
  const json& hit = response["hits"][0];
  EXPECT_TRUE(hit["path"].get<std::string>().ends_with("002_c73403e411bd2990.txt"));
  EXPECT_EQ(hit["author"], "Sebastian Maslow");
  EXPECT_EQ(hit["source"], "East Asia Forum");
  EXPECT_EQ(hit["title"],
            "What The Upgraded US-Japan Alliance Means For Indo-Pacific Security - Analysis");
}

TEST_F(SearchCli, JsonHasTheDocumentedShapeAndHighlightsPointIntoTheSnippet) {
  json response = search_json("masts");
  EXPECT_EQ(response["version"], 3);
  EXPECT_EQ(response["query"], "masts");
  EXPECT_EQ(response["total"], 1);
  ASSERT_EQ(response["hits"].size(), 1u);
  const json& hit = response["hits"][0];
  for (const char* key : {"rank", "id", "score", "title", "source", "author", "date", "path", "url",
                          "snippet", "highlights"}) {
    EXPECT_TRUE(hit.contains(key)) << key;
  }
  EXPECT_EQ(hit["rank"], 1);
  std::string snippet = hit["snippet"];
  ASSERT_FALSE(hit["highlights"].empty());
  for (const auto& span : hit["highlights"]) {
    std::size_t start = span[0], end = span[1];
    EXPECT_LT(start, end);
    EXPECT_LE(end, code_points(snippet));
  }
}

TEST_F(SearchCli, TextOutputShowsRankTitleMetadataPathAndSnippet) {
  RunResult r = search({"author:Maslow"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("1. What The Upgraded US-Japan Alliance"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("East Asia Forum · Sebastian Maslow"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("002_c73403e411bd2990.txt"), std::string::npos) << r.out;
}

TEST_F(SearchCli, HighlightsAreBoldOnlyWhenAskedAndNeverWithNoColor) {
  RunResult piped = search({"masts"});
  EXPECT_EQ(piped.out.find("\x1b["), std::string::npos) << "no escapes when piped";
  RunResult forced = search({"--color", "always", "masts"});
  EXPECT_NE(forced.out.find("\x1b[1mmasts\x1b[0m"), std::string::npos) << forced.out;
  RunResult no_color = search({"--color", "auto", "masts"}, {"NO_COLOR=1"});
  EXPECT_EQ(no_color.out.find("\x1b["), std::string::npos);
}

TEST_F(SearchCli, NoHitsExitsOneWithAMessage) {
  RunResult r = search({"xylophonist"});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.out.find("No articles match"), std::string::npos);
}

TEST_F(SearchCli, MissingIndexExitsTwoAndSaysToRunTheIndexerFirst) {
  RunResult r = run({search_bin(), "--db", (index().parent_path() / "missing").string(), "japan"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("no index at"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("kensaku-index"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Xapian"), std::string::npos) << "no Xapian class names: " << r.err;
}

TEST_F(SearchCli, EmptyQueryAndUnknownOptionExitTwoWithOneLineEach) {
  RunResult empty = search({""});
  EXPECT_EQ(empty.exit_status, 2);
  EXPECT_NE(empty.err.find("empty query"), std::string::npos) << empty.err;
  RunResult none = search({});
  EXPECT_EQ(none.exit_status, 2);
  RunResult unknown = search({"--frobnicate", "japan"});
  EXPECT_EQ(unknown.exit_status, 2);
  EXPECT_NE(unknown.err.find("frobnicate"), std::string::npos) << unknown.err;
  RunResult bad_sort = search({"--sort", "sideways", "japan"});
  EXPECT_EQ(bad_sort.exit_status, 2);
}

}  // namespace
}  // namespace kensaku::testing
