// Tests of reading service requests (kensaku-search --serve): fields over defaults, ids, and the
// errors that name what is wrong.
#include "searcher/cli/request_reader.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/test_support.h"

namespace kensaku {
namespace {

ServiceRequest read(const std::string& line, const SearchRequest& defaults = {}) {
  return read_request(line, defaults);
}

// The error's message, or a marker that there was none (so EXPECT_THAT-style checks read plainly).
std::string error_of(const ServiceRequest& request) {
  return request.error ? request.error->what() : "(no error)";
}

bool mentions(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(RequestReader, EveryFieldReplacesItsDefault) {
  ServiceRequest request = read(
      R"({"q": "SM-6", "offset": 20, "limit": 5, "fragments": 0, "sort": "-date",
          "since": "2024", "until": "2025-06", "recent": "2w", "like": "corpus/a.txt",
          "facets": ["source", "year"], "suggest": false})");
  ASSERT_FALSE(request.error) << error_of(request);
  const SearchRequest& search = request.search;
  EXPECT_EQ(search.query, "SM-6");
  EXPECT_EQ(search.offset, 20u);
  EXPECT_EQ(search.limit, 5u);
  EXPECT_EQ(search.fragments, 0u);
  EXPECT_EQ(search.sort, SortOrder::kDateDescending);
  EXPECT_EQ(search.since, "2024");
  EXPECT_EQ(search.until, "2025-06");
  EXPECT_EQ(search.recent_half_life_days, 14);
  EXPECT_EQ(search.like, "corpus/a.txt");
  EXPECT_EQ(search.facets, (std::vector<std::string>{"source", "year"}));
  EXPECT_FALSE(search.suggest);
}

TEST(RequestReader, AbsentFieldsKeepTheDefaults) {
  SearchRequest defaults;
  defaults.limit = 3;
  defaults.fragments = 1;
  defaults.sort = SortOrder::kDateAscending;
  defaults.facets = {"source"};
  defaults.suggest = false;
  defaults.recent_half_life_days = 30;
  ServiceRequest request = read(R"({"q": "alliance", "limit": 7})", defaults);
  ASSERT_FALSE(request.error) << error_of(request);
  EXPECT_EQ(request.search.limit, 7u);
  EXPECT_EQ(request.search.fragments, 1u);
  EXPECT_EQ(request.search.sort, SortOrder::kDateAscending);
  EXPECT_EQ(request.search.facets, (std::vector<std::string>{"source"}));
  EXPECT_FALSE(request.search.suggest);
  EXPECT_EQ(request.search.recent_half_life_days, 30);
}

TEST(RequestReader, FieldsTakeTheCommandLineSpellingsAsWell) {
  EXPECT_EQ(read(R"({"q": "a", "sort": "relevance"})").search.sort, SortOrder::kRelevance);
  EXPECT_EQ(read(R"({"q": "a", "sort": "date"})").search.sort, SortOrder::kDateAscending);
  EXPECT_EQ(read(R"({"q": "a", "recent": "6m"})").search.recent_half_life_days, 180);
  EXPECT_EQ(read(R"({"q": "a", "recent": "1y"})").search.recent_half_life_days, 365);
  EXPECT_EQ(read(R"({"q": "a", "recent": 30})").search.recent_half_life_days, 30);
  EXPECT_EQ(read(R"({"q": "a", "recent": 1.5})").search.recent_half_life_days, 1.5);
  EXPECT_EQ(read(R"({"q": "a", "facets": "source,,year"})").search.facets,
            (std::vector<std::string>{"source", "year"}));
  EXPECT_FALSE(read(R"({"q": "a", "no_spelling": true})").search.suggest);
  EXPECT_TRUE(read(R"({"q": "a", "no_spelling": false})").search.suggest);
}

TEST(RequestReader, ZeroRecencyAndEmptyFacetsTurnOffTheDefaults) {
  SearchRequest defaults;
  defaults.recent_half_life_days = 30;
  defaults.facets = {"source"};
  ServiceRequest request = read(R"({"q": "a", "recent": 0, "facets": []})", defaults);
  ASSERT_FALSE(request.error) << error_of(request);
  EXPECT_EQ(request.search.recent_half_life_days, 0);
  EXPECT_TRUE(request.search.facets.empty());
}

TEST(RequestReader, TheIdIsKeptAsTheJsonTheClientWrote) {
  EXPECT_EQ(read(R"({"id": 7, "q": "a"})").id, "7");
  EXPECT_EQ(read(R"({"id": "q-7", "q": "a"})").id, "\"q-7\"");
  EXPECT_EQ(read(R"({"id": null, "q": "a"})").id, "null");
  EXPECT_EQ(read(R"({"id": {"user": 3, "seq": [1, 2]}, "q": "a"})").id,
            R"({"user":3,"seq":[1,2]})");
  EXPECT_EQ(read(R"({"q": "a"})").id, "null");
}

TEST(RequestReader, ABadRequestKeepsItsIdSoItsErrorCanBeMatchedToIt) {
  ServiceRequest request = read(R"({"id": "x-1", "q": "a", "limit": "ten"})");
  ASSERT_TRUE(request.error);
  EXPECT_EQ(request.id, "\"x-1\"");
}

TEST(RequestReader, ALineThatIsNotAJsonObjectIsAnErrorWithANullId) {
  for (const char* line : {"q=SM-6", "{\"id\": 1, \"q\": ", "[1, 2]", "\"SM-6\"", "7"}) {
    ServiceRequest request = read(line);
    ASSERT_TRUE(request.error) << line;
    EXPECT_EQ(request.id, "null") << line;
    EXPECT_EQ(request.error->exit_status(), ExitStatus::kError);
    EXPECT_FALSE(request.error->hint().empty());
  }
  EXPECT_TRUE(mentions(error_of(read("q=SM-6")), "not JSON"));
  EXPECT_FALSE(mentions(error_of(read("q=SM-6")), "json.exception"));
  EXPECT_TRUE(mentions(error_of(read("[1, 2]")), "array, not an object"));
}

TEST(RequestReader, UnknownFieldsAreErrorsThatNameEveryOneOfThem) {
  ServiceRequest request = read(R"({"q": "a", "lmit": 3, "ofset": 2})");
  ASSERT_TRUE(request.error);
  EXPECT_TRUE(mentions(error_of(request), "\"lmit\"")) << error_of(request);
  EXPECT_TRUE(mentions(error_of(request), "\"ofset\"")) << error_of(request);
  EXPECT_TRUE(mentions(request.error->hint(), "\"limit\"")) << request.error->hint();
}

TEST(RequestReader, HintsPointFromCommandLineSpellingsToTheFields) {
  EXPECT_TRUE(mentions(read(R"({"q": "a", "no-spelling": true})").error->hint(), "no_spelling"));
  EXPECT_TRUE(mentions(read(R"({"query": "a"})").error->hint(), "\"q\""));
  EXPECT_TRUE(mentions(read(R"({"q": "a", "db": "/tmp/x"})").error->hint(), "--db"));
}

TEST(RequestReader, ValuesOfTheWrongTypeOrRangeAreErrorsThatNameTheField) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"q": 7})", "\"q\""},
      {R"({"q": "a", "limit": "10"})", "\"limit\""},
      {R"({"q": "a", "limit": -1})", "\"limit\""},
      {R"({"q": "a", "offset": 2.5})", "\"offset\""},
      {R"({"q": "a", "fragments": true})", "\"fragments\""},
      {R"({"q": "a", "sort": "newest"})", "newest"},
      {R"({"q": "a", "sort": 1})", "\"sort\""},
      {R"({"q": "a", "since": 2024})", "\"since\""},
      {R"({"q": "a", "recent": "soon"})", "soon"},
      {R"({"q": "a", "recent": -3})", "\"recent\""},
      {R"({"q": "a", "like": ["x"]})", "\"like\""},
      {R"({"q": "a", "facets": [1]})", "\"facets\""},
      {R"({"q": "a", "facets": {"source": true}})", "\"facets\""},
      {R"({"q": "a", "suggest": "yes"})", "\"suggest\""},
      {R"({"q": "a", "no_spelling": 1})", "\"no_spelling\""},
  };
  for (const auto& [line, named] : cases) {
    ServiceRequest request = read(line);
    ASSERT_TRUE(request.error) << line;
    EXPECT_TRUE(mentions(error_of(request), named)) << line << " -> " << error_of(request);
    EXPECT_EQ(request.error->exit_status(), ExitStatus::kError);
  }
}

TEST(RequestReader, ContradictorySuggestAndNoSpellingIsAnError) {
  EXPECT_TRUE(read(R"({"q": "a", "suggest": true, "no_spelling": true})").error);
  EXPECT_FALSE(read(R"({"q": "a", "suggest": false, "no_spelling": true})").error);
}

TEST(RequestReader, AnEmptyQueryIsAnErrorUnlessTheRequestAsksForSimilarArticles) {
  EXPECT_EQ(error_of(read(R"({"id": 1})")), "empty query");
  EXPECT_EQ(error_of(read(R"({"q": ""})")), "empty query");
  EXPECT_EQ(error_of(read(R"({"q": " \t "})")), "empty query");
  EXPECT_FALSE(read(R"({"like": "corpus/a.txt"})").error);
  SearchRequest defaults;
  defaults.like = "corpus/a.txt";
  EXPECT_FALSE(read(R"({"id": 1})", defaults).error);
}

TEST(RequestReader, EveryFieldIsDocumentedInTheSchemaFile) {
  std::string schema =
      testing::read_file(std::filesystem::path(KENSAKU_SOURCE_DIR) / "searcher" / "json-schema.md");
  std::size_t requests = schema.find("## Requests");
  ASSERT_NE(requests, std::string::npos);
  for (const std::string& field : request_fields()) {
    EXPECT_NE(schema.find("| `" + field + "` |", requests), std::string::npos) << field;
  }
}

}  // namespace
}  // namespace kensaku
