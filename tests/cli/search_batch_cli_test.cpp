// Tests of kensaku-search's batch mode (issue 7) and of the issue 5 options on the command line.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class SearchBatchCli : public CorpusIndexTest {
 protected:
  static std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
};

TEST_F(SearchBatchCli, AnswersEachLineInOrderAndABadLineGetsItsOwnErrorLine) {
  RunResult r =
      search({"--batch", "-", "--limit", "2"}, "q1\tSM6\nno tab here\nq3\tcounterstrike\n");
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto out = lines(r.out);
  ASSERT_EQ(out.size(), 3u) << r.out;
  json first = json::parse(out[0]), bad = json::parse(out[1]), third = json::parse(out[2]);
  EXPECT_EQ(first["qid"], "q1");
  EXPECT_EQ(first["total"], 3);
  EXPECT_EQ(first["hits"].size(), 2u);
  EXPECT_GE(first["ms"].get<double>(), 0.0);
  EXPECT_TRUE(first["hits"][0].contains("snippet"));
  EXPECT_TRUE(bad.contains("error"));
  EXPECT_EQ(third["qid"], "q3");
  EXPECT_EQ(third["total"], 3);
}

TEST_F(SearchBatchCli, TrecFormatWritesOneRunLinePerHit) {
  RunResult r = search({"--batch", "-", "--format", "trec"}, "7\tSM-6\n");
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto out = lines(r.out);
  ASSERT_EQ(out.size(), 3u) << r.out;
  std::istringstream fields(out[0]);
  std::string qid, q0, id, rank, score, tag;
  fields >> qid >> q0 >> id >> rank >> score >> tag;
  EXPECT_EQ(qid, "7");
  EXPECT_EQ(q0, "Q0");
  EXPECT_EQ(rank, "1");
  EXPECT_EQ(tag, "kensaku");
}

TEST_F(SearchBatchCli, TextOutputSaysWhenTheQueryWasReadLoosely) {
  RunResult r = search({"--color", "never", "japan AND"});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("plain words"), std::string::npos) << r.out;
  json j = json::parse(search({"--json", "AND japan"}).out);
  EXPECT_EQ(j["lenient"], true);
}

TEST_F(SearchBatchCli, AMisspeltQuerySaysItShowsTheSuggestion) {
  RunResult r = search({"--color", "never", "Hegsteh"});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("showing results for 'hegseth'"), std::string::npos) << r.out;
  json j = json::parse(search({"--json", "Hegsteh"}).out);
  EXPECT_EQ(j["suggestion"], "hegseth");
  EXPECT_EQ(j["showing_suggestion"], true);
}

TEST_F(SearchBatchCli, FacetsAndMatchedWordsAppearInJson) {
  json j = json::parse(search({"--json", "--limit", "1", "--facets", "source", "japan"}).out);
  std::size_t counted = 0;
  for (auto& [value, count] : j["facets"]["source"].items()) counted += count.get<std::size_t>();
  EXPECT_EQ(counted, 2u);  // two of the five articles state a source
  EXPECT_EQ(j["total"], 5);
  EXPECT_EQ(j["query_words"], 1);
  EXPECT_EQ(j["hits"][0]["matched_words"], 1);
}

TEST_F(SearchBatchCli, BadOptionsAreUsageErrors) {
  EXPECT_EQ(search({"--facets", "colour", "japan"}).exit_status, 2);
  EXPECT_EQ(search({"--since", "yesterday", "japan"}).exit_status, 2);
  EXPECT_EQ(search({"--recent", "soon", "japan"}).exit_status, 2);
  EXPECT_EQ(search({"--synonyms", "/no/such/file", "japan"}).exit_status, 2);
}

}  // namespace
}  // namespace kensaku::testing
