// Tests of the JSON Lines feed reader: fields, ids, bad lines, gzip (whole and truncated), Reuters.
#include "indexer/parsers/feed_reader.h"

#include <gtest/gtest.h>
#include <stdio.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/text_normaliser.h"
#include "tests/test_support.h"

namespace kensaku {
namespace {

using testing::read_file;
using testing::TempDir;
using testing::test_data_dir;
using testing::write_file;

// Everything one read_feed call produced.
struct FeedContents {
  long lines = 0;
  std::vector<Article> articles;
  std::vector<InputError> errors;

  const Article* find(const std::string& id) const {
    for (const Article& article : articles) {
      if (article.id == id) return &article;
    }
    return nullptr;
  }
};

FeedContents read_all(const std::string& path, std::string_view feed_id = "feed") {
  FeedContents contents;
  contents.lines = read_feed(
      path, feed_id, [&](Article&& article) { contents.articles.push_back(std::move(article)); },
      [&](const InputError& error) { contents.errors.push_back(error); });
  return contents;
}

std::string fixture(const std::string& name) { return (test_data_dir() / "feeds" / name).string(); }

// Writes `content` gzip-compressed with zlib, as any gzip tool would.
void write_gzip(const std::filesystem::path& path, const std::string& content) {
  gzFile file = gzopen(path.c_str(), "wb6");
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(gzwrite(file, content.data(), static_cast<unsigned>(content.size())),
            static_cast<int>(content.size()));
  ASSERT_EQ(gzclose(file), Z_OK);
}

// Reads a feed made of `lines`, written to a temporary plain file.
FeedContents read_lines(const std::vector<std::string>& lines) {
  TempDir dir;
  std::string content;
  for (const std::string& line : lines) content += line + "\n";
  write_file(dir / "feed.jsonl", content);
  return read_all((dir / "feed.jsonl").string());
}

std::string date_of(const std::string& date_json) {
  const FeedContents contents = read_lines({R"({"title": "T", "date": )" + date_json + "}"});
  EXPECT_EQ(contents.articles.size(), 1u);
  return contents.articles.empty() ? "" : contents.articles[0].date;
}

bool same_article(const Article& a, const Article& b) {
  return a.id == b.id && a.path == b.path && a.title == b.title && a.body == b.body &&
         a.source == b.source && a.author == b.author && a.date == b.date && a.url == b.url &&
         a.lang == b.lang && a.tags == b.tags && a.topics == b.topics && a.places == b.places;
}

TEST(FeedReader, ReadsEveryArticleOfAWellFormedFeed) {
  const FeedContents contents = read_all(fixture("world_news.jsonl"), "world");
  EXPECT_EQ(contents.lines, 6);
  EXPECT_EQ(contents.articles.size(), 6u);
  EXPECT_TRUE(contents.errors.empty());
  const Article& first = contents.articles.at(0);
  EXPECT_EQ(first.id, "world#wn-0001");
  EXPECT_EQ(first.path, fixture("world_news.jsonl"));
  EXPECT_EQ(first.title, "Kyoto approves tram extension");
  EXPECT_EQ(first.body,
            "Kyoto city council on Tuesday approved a 4.2 km extension of the city's tram line to "
            "the new university campus.\nConstruction is to start next spring.");
  EXPECT_EQ(first.source, "Kansai Herald");
  EXPECT_EQ(first.author, "Aiko Tanaka");
  EXPECT_EQ(first.date, "2024-03-05T14:30:00+09:00");  // the zone as written
  EXPECT_EQ(first.url, "https://kansaiherald.example/2024/03/05/tram");
  EXPECT_EQ(first.lang, "en");
  EXPECT_EQ(first.tags, (std::vector<std::string>{"transport", "Kyoto"}));
  EXPECT_EQ(first.topics, (std::vector<std::string>{"urban-planning"}));
  EXPECT_EQ(first.places, (std::vector<std::string>{"japan"}));
}

TEST(FeedReader, GivesTheSameArticlesFromPlainAndGzipFeeds) {
  const FeedContents plain = read_all(fixture("world_news.jsonl"), "world");
  const FeedContents gzip = read_all(fixture("world_news.jsonl.gz"), "world");
  EXPECT_EQ(gzip.lines, plain.lines);
  EXPECT_TRUE(gzip.errors.empty());
  ASSERT_EQ(gzip.articles.size(), plain.articles.size());
  for (std::size_t i = 0; i < plain.articles.size(); ++i) {
    Article expected = plain.articles[i];
    expected.path = fixture("world_news.jsonl.gz");
    EXPECT_TRUE(same_article(gzip.articles[i], expected)) << "article " << i;
  }
}

TEST(FeedReader, RecognisesGzipByItsMagicBytesWhateverTheFileIsCalled) {
  TempDir dir;
  write_file(dir / "compressed_but_named.jsonl", read_file(fixture("world_news.jsonl.gz")));
  const FeedContents contents = read_all((dir / "compressed_but_named.jsonl").string());
  EXPECT_EQ(contents.articles.size(), 6u);
  EXPECT_TRUE(contents.errors.empty());
}

TEST(FeedReader, ReadsAPlainFeedNamedLikeAGzipOne) {
  TempDir dir;
  write_file(dir / "not_compressed.jsonl.gz", read_file(fixture("world_news.jsonl")));
  EXPECT_EQ(read_all((dir / "not_compressed.jsonl.gz").string()).articles.size(), 6u);
}

TEST(FeedReader, MakesIdsFromTheFeedIdAndTheRecordIdOrLineNumber) {
  const FeedContents contents = read_all(fixture("world_news.jsonl"), "world");
  std::vector<std::string> ids;
  for (const Article& article : contents.articles) ids.push_back(article.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"world#wn-0001", "world#1042", "world#line-3",
                                           "world#wn-0004", "world#wn-0005", "world#wn-0006"}));
}

TEST(FeedReader, UsesTheLineNumberForAnEmptyOrNullId) {
  const FeedContents contents =
      read_lines({R"({"id": "", "title": "A"})", R"({"id": null, "title": "B"})"});
  ASSERT_EQ(contents.articles.size(), 2u);
  EXPECT_EQ(contents.articles[0].id, "feed#line-1");
  EXPECT_EQ(contents.articles[1].id, "feed#line-2");
}

TEST(FeedReader, ARecordWithoutAnIdNeverTakesTheIdOfARecordNumberedLikeItsLine) {
  const FeedContents contents =
      read_lines({R"({"id": 2, "title": "Numbered two"})", R"({"title": "On line two"})"});
  ASSERT_EQ(contents.articles.size(), 2u);
  EXPECT_EQ(contents.articles[0].id, "feed#2");
  EXPECT_EQ(contents.articles[1].id, "feed#line-2");
}

TEST(FeedReader, TakesNumericIdsAsWritten) {
  const FeedContents contents =
      read_lines({R"({"id": 12.5, "title": "A"})", R"({"id": -3, "title": "B"})",
                  R"({"id": 18446744073709551615, "title": "C"})"});
  ASSERT_EQ(contents.articles.size(), 3u);
  EXPECT_EQ(contents.articles[0].id, "feed#12.5");
  EXPECT_EQ(contents.articles[1].id, "feed#-3");
  EXPECT_EQ(contents.articles[2].id, "feed#18446744073709551615");
}

TEST(FeedReader, IgnoresMembersOfNestedObjectsAndArrays) {
  const FeedContents contents = read_lines(
      {R"({"id": {"value": "x"}, "related": {"title": "Wrong", "body": "Wrong", "id": "w"},)"
       R"( "title": "Right", "tags": [["nested"], {"name": "obj"}, "kept"], "topics": {"a": "b"}})"});
  ASSERT_EQ(contents.articles.size(), 1u);
  const Article& article = contents.articles[0];
  EXPECT_EQ(article.id, "feed#line-1");
  EXPECT_EQ(article.title, "Right");
  EXPECT_EQ(article.body, "");
  EXPECT_EQ(article.tags, (std::vector<std::string>{"kept"}));
  EXPECT_TRUE(article.topics.empty());
}

TEST(FeedReader, ReportsLinesThatAreNotOneJsonObject) {
  const FeedContents contents =
      read_lines({R"("just a string")", "null", R"({"title": "A"} {"title": "B"})", "{"});
  EXPECT_TRUE(contents.articles.empty());
  ASSERT_EQ(contents.errors.size(), 4u);
  EXPECT_EQ(contents.errors[0].reason(), "line is a string, not a JSON object");
  EXPECT_EQ(contents.errors[1].reason(), "line is null, not a JSON object");
  EXPECT_TRUE(contents.errors[2].reason().starts_with("not valid JSON (at byte 16)"))
      << contents.errors[2].reason();
  EXPECT_TRUE(contents.errors[3].reason().starts_with("not valid JSON"))
      << contents.errors[3].reason();
}

TEST(FeedReader, ReadsListFieldsFromArraysAndCommaSeparatedStrings) {
  const FeedContents contents = read_all(fixture("world_news.jsonl"), "world");
  const Article* franc = contents.find("world#1042");
  ASSERT_NE(franc, nullptr);
  EXPECT_EQ(franc->topics, (std::vector<std::string>{"money-fx"}));
  EXPECT_EQ(franc->places, (std::vector<std::string>{"switzerland", "germany"}));
  const Article* storm = contents.find("world#line-3");
  ASSERT_NE(storm, nullptr);
  EXPECT_EQ(storm->topics, (std::vector<std::string>{"weather"}));
  const Article* kyoto = contents.find("world#wn-0005");
  ASSERT_NE(kyoto, nullptr);
  EXPECT_EQ(kyoto->tags, (std::vector<std::string>{"交通", "京都"}));
}

TEST(FeedReader, TakesKeywordsAsTags) {
  const FeedContents contents = read_all(fixture("world_news.jsonl"), "world");
  const Article* franc = contents.find("world#1042");
  ASSERT_NE(franc, nullptr);
  EXPECT_EQ(franc->tags, (std::vector<std::string>{"markets", "currency"}));
}

TEST(FeedReader, DropsEmptyAndNonStringListItems) {
  const FeedContents contents = read_lines(
      {R"({"title": "T", "topics": ["grain", "", 7, null, " wheat "], "places": ",,"})"});
  ASSERT_EQ(contents.articles.size(), 1u);
  EXPECT_EQ(contents.articles[0].topics, (std::vector<std::string>{"grain", "wheat"}));
  EXPECT_TRUE(contents.articles[0].places.empty());
}

TEST(FeedReader, ReadsTheBodyFromTextWhenThereIsNoBody) {
  const FeedContents contents = read_all(fixture("world_news.jsonl"), "world");
  const Article* franc = contents.find("world#1042");
  ASSERT_NE(franc, nullptr);
  EXPECT_EQ(franc->body,
            "The Swiss franc rose to its strongest level against the euro since 2015 on "
            "Wednesday, as investors sought safety.");
}

TEST(FeedReader, KeepsTitleOnlyBriefsAndBodyOnlyRecords) {
  const FeedContents contents = read_all(fixture("world_news.jsonl"), "world");
  const Article* brief = contents.find("world#wn-0004");
  ASSERT_NE(brief, nullptr);
  EXPECT_EQ(brief->title, "BRIEF: Port strike ends after two days");
  EXPECT_EQ(brief->body, "");
  const Article* table = contents.find("world#wn-0006");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->title, "");
  EXPECT_EQ(table->date, "");
}

TEST(FeedReader, NormalisesTextFields) {
  const FeedContents contents = read_all(fixture("world_news.jsonl"), "world");
  const Article* kyoto = contents.find("world#wn-0005");
  ASSERT_NE(kyoto, nullptr);
  EXPECT_EQ(kyoto->title, normalise_text("京都市、路面電車の延伸を承認"));
  EXPECT_EQ(kyoto->body,
            normalise_text("京都市議会は５日、路面電車の路線延伸計画を賛成多数で可決した。"));
  EXPECT_EQ(kyoto->source, normalise_text("関西新報"));
  EXPECT_EQ(kyoto->lang, "ja");
}

TEST(FeedReader, TakesThePrimaryLanguageSubtag) {
  const FeedContents contents = read_all(fixture("world_news.jsonl"), "world");
  const Article* storm = contents.find("world#line-3");
  ASSERT_NE(storm, nullptr);
  EXPECT_EQ(storm->lang, "de");
}

// A feed's dates are read by the shared date reader (common/dates.h via set_date), like every
// other input's: ISO 8601 with its zone, RFC 2822 and the other spellings newsrooms write.
TEST(FeedReader, ReadsIsoDatesAndTimesKeepingTheirZone) {
  EXPECT_EQ(date_of(R"("1987-02-26T15:01:01.790")"), "1987-02-26T15:01:01");
  EXPECT_EQ(date_of(R"("2024-03-07T08:00:00.250Z")"), "2024-03-07T08:00:00Z");
  EXPECT_EQ(date_of(R"("2024-03-05T14:30:00+09:00")"), "2024-03-05T14:30:00+09:00");
  EXPECT_EQ(date_of(R"("2024-03-05T14:30")"), "2024-03-05T14:30:00");
  EXPECT_EQ(date_of(R"("1987-03-31")"), "1987-03-31");
  EXPECT_EQ(date_of(R"("2024-03-06 09:15:27")"), "2024-03-06T09:15:27");
}

TEST(FeedReader, ReadsTheDatesNewsroomsWrite) {
  EXPECT_EQ(date_of(R"("Sun, 30 Mar 2025 09:00:00 +0900")"), "2025-03-30T09:00:00+09:00");
  EXPECT_EQ(date_of(R"("2025/03/30")"), "2025-03-30");
  EXPECT_EQ(date_of(R"("20250330")"), "2025-03-30");
  EXPECT_EQ(date_of(R"("30 March 2025")"), "2025-03-30");
}

TEST(FeedReader, LeavesAnUnreadableDateEmptyWithAWarningNamingIt) {
  for (const std::string date : {"not a date", "2023-02-29", "2024-13-01", "1987-03-31T605:12:19",
                                 "2024-03-05T24:00:00", "2024-03-05 garbage"}) {
    const FeedContents contents = read_lines({R"({"title": "T", "date": ")" + date + R"("})"});
    ASSERT_EQ(contents.articles.size(), 1u) << date;
    EXPECT_EQ(contents.articles[0].date, "") << date;
    ASSERT_EQ(contents.articles[0].warnings.size(), 1u) << date;
    EXPECT_NE(contents.articles[0].warnings[0].find("\"" + date + "\""), std::string::npos)
        << contents.articles[0].warnings[0];
  }
}

TEST(FeedReader, ARecordWithoutADateHasNoWarning) {
  for (const std::string line :
       {R"({"title": "T"})", R"({"title": "T", "date": ""})", R"({"title": "T", "date": "  "})"}) {
    const FeedContents contents = read_lines({line});
    ASSERT_EQ(contents.articles.size(), 1u) << line;
    EXPECT_EQ(contents.articles[0].date, "") << line;
    EXPECT_TRUE(contents.articles[0].warnings.empty()) << line;
  }
}

TEST(FeedReader, ReportsBadLinesWithTheirLineNumbersAndReadsTheRest) {
  const FeedContents contents = read_all(fixture("broken_lines.jsonl"), "b");
  EXPECT_EQ(contents.lines, 9);
  std::vector<std::string> ids;
  for (const Article& article : contents.articles) ids.push_back(article.id);
  // b-6 has an id but no text: still a record of the feed.
  EXPECT_EQ(ids, (std::vector<std::string>{"b#b-1", "b#b-4", "b#b-6", "b#b-7"}));
  std::vector<long> error_lines;
  for (const InputError& error : contents.errors) {
    error_lines.push_back(error.line());
    EXPECT_EQ(error.path(), fixture("broken_lines.jsonl"));
  }
  EXPECT_EQ(error_lines, (std::vector<long>{3, 5, 8, 9}));
  ASSERT_EQ(contents.errors.size(), 4u);
  EXPECT_EQ(contents.errors[0].reason().rfind("not valid JSON", 0), 0u)
      << contents.errors[0].reason();
  EXPECT_EQ(contents.errors[1].reason(), "line is an array, not a JSON object");
  EXPECT_EQ(contents.errors[2].reason(), "line is a number, not a JSON object");
  EXPECT_EQ(contents.errors[3].reason(), "record has no id, no title and no body");
}

TEST(FeedReader, ReadsALastLineWithoutANewlineAndSkipsBlankLines) {
  TempDir dir;
  write_file(dir / "f.jsonl", "\n  \n{\"title\": \"A\"}\r\n\n{\"title\": \"B\"}");
  const FeedContents contents = read_all((dir / "f.jsonl").string());
  EXPECT_EQ(contents.lines, 5);
  ASSERT_EQ(contents.articles.size(), 2u);
  EXPECT_EQ(contents.articles[0].id, "feed#line-3");
  EXPECT_EQ(contents.articles[1].id, "feed#line-5");
  EXPECT_TRUE(contents.errors.empty());
}

TEST(FeedReader, SkipsAByteOrderMarkAtTheStart) {
  TempDir dir;
  write_file(dir / "f.jsonl", "\xEF\xBB\xBF{\"title\": \"A\"}\n");
  const FeedContents contents = read_all((dir / "f.jsonl").string());
  EXPECT_EQ(contents.articles.size(), 1u);
  EXPECT_TRUE(contents.errors.empty());
}

TEST(FeedReader, ReportsInvalidUtf8AsABadLine) {
  const FeedContents contents = read_lines({"{\"title\": \"caf\xE9\"}", R"({"title": "ok"})"});
  EXPECT_EQ(contents.articles.size(), 1u);
  ASSERT_EQ(contents.errors.size(), 1u);
  EXPECT_EQ(contents.errors[0].line(), 1);
}

TEST(FeedReader, ReadsLinesLongerThanAnyReadBuffer) {
  TempDir dir;
  std::string body;
  for (int i = 0; body.size() < 3'000'000; ++i) body += "word" + std::to_string(i) + " ";
  body.pop_back();
  const std::string content = R"({"id": "a", "title": "Short"})"
                              "\n"
                              R"({"id": "long", "title": "Long", "body": ")" +
                              body + "\"}\n" + R"({"id": "z", "title": "After"})" + "\n";
  write_file(dir / "long.jsonl", content);
  write_gzip(dir / "long.jsonl.gz", content);
  for (const char* name : {"long.jsonl", "long.jsonl.gz"}) {
    const FeedContents contents = read_all((dir / name).string());
    ASSERT_EQ(contents.articles.size(), 3u) << name;
    EXPECT_EQ(contents.articles[1].body, body) << name;
    EXPECT_EQ(contents.articles[2].id, "feed#z") << name;
    EXPECT_TRUE(contents.errors.empty()) << name;
  }
}

TEST(FeedReader, ReportsALineLongerThan64MiBAndReadsOn) {
  TempDir dir;
  const std::string content = R"({"title": "Before"})"
                              "\n"
                              R"({"title": "Huge", "body": ")" +
                              std::string(65 * 1024 * 1024, 'a') + "\"}\n" +
                              R"({"title": "After"})" + "\n";
  write_gzip(dir / "huge.jsonl.gz", content);
  const FeedContents contents = read_all((dir / "huge.jsonl.gz").string());
  EXPECT_EQ(contents.lines, 3);
  ASSERT_EQ(contents.articles.size(), 2u);
  EXPECT_EQ(contents.articles[1].title, "After");
  ASSERT_EQ(contents.errors.size(), 1u);
  EXPECT_EQ(contents.errors[0].line(), 2);
  EXPECT_EQ(contents.errors[0].reason(), "line is longer than 64 MiB");
}

TEST(FeedReader, ReportsATruncatedGzipStreamOnceAndKeepsTheEarlierArticles) {
  TempDir dir;
  std::string content;
  for (int i = 1; i <= 3000; ++i) {
    content += R"({"id": )" + std::to_string(i) + R"(, "title": "Story )" + std::to_string(i) +
               R"(", "body": "Body of story number )" + std::to_string(i * 7919) + "\"}\n";
  }
  write_gzip(dir / "whole.jsonl.gz", content);
  const std::string compressed = read_file(dir / "whole.jsonl.gz");
  write_file(dir / "cut.jsonl.gz", compressed.substr(0, compressed.size() / 2));

  const FeedContents contents = read_all((dir / "cut.jsonl.gz").string());
  ASSERT_EQ(contents.errors.size(), 1u);
  const InputError& error = contents.errors[0];
  EXPECT_EQ(error.reason(), "truncated gzip stream after line " + std::to_string(contents.lines) +
                                " (byte " + std::to_string(compressed.size() / 2) + ")");
  EXPECT_EQ(error.line(), contents.lines);
  EXPECT_EQ(error.path(), (dir / "cut.jsonl.gz").string());
  EXPECT_GT(contents.lines, 0);
  EXPECT_LT(contents.lines, 3000);
  ASSERT_EQ(contents.articles.size(), static_cast<std::size_t>(contents.lines));
  for (std::size_t i = 0; i < contents.articles.size(); ++i) {
    ASSERT_EQ(contents.articles[i].id, "feed#" + std::to_string(i + 1));
  }
}

TEST(FeedReader, ReportsAGzipFixtureCutInsideItsTrailerAfterItsLastLine) {
  TempDir dir;
  const std::string compressed = read_file(fixture("world_news.jsonl.gz"));
  write_file(dir / "cut.jsonl.gz", compressed.substr(0, compressed.size() - 4));
  const FeedContents contents = read_all((dir / "cut.jsonl.gz").string());
  EXPECT_EQ(contents.articles.size(), 6u);
  ASSERT_EQ(contents.errors.size(), 1u);
  EXPECT_EQ(contents.errors[0].reason(), "truncated gzip stream after line 6 (byte " +
                                             std::to_string(compressed.size() - 4) + ")");
}

TEST(FeedReader, ReportsCorruptGzipDataOnceAndStops) {
  TempDir dir;
  std::string compressed = read_file(fixture("world_news.jsonl.gz"));
  for (std::size_t i = 20; i < compressed.size() - 8; i += 3) compressed[i] = '\xAA';
  write_file(dir / "corrupt.jsonl.gz", compressed);
  const FeedContents contents = read_all((dir / "corrupt.jsonl.gz").string());
  // Garbage inflated before zlib notices may come out as bad lines first; the read error is last.
  ASSERT_FALSE(contents.errors.empty());
  const auto is_read_error = [](const InputError& error) {
    return error.reason().starts_with("read error after line ");
  };
  EXPECT_EQ(std::count_if(contents.errors.begin(), contents.errors.end(), is_read_error), 1);
  EXPECT_TRUE(is_read_error(contents.errors.back())) << contents.errors.back().reason();
}

TEST(FeedReader, ReportsAFeedThatCannotBeOpenedOnce) {
  const FeedContents contents = read_all("/nonexistent/feed.jsonl");
  EXPECT_EQ(contents.lines, 0);
  EXPECT_TRUE(contents.articles.empty());
  ASSERT_EQ(contents.errors.size(), 1u);
  EXPECT_EQ(contents.errors[0].path(), "/nonexistent/feed.jsonl");
}

TEST(FeedReader, ReportsADirectoryGivenAsAFeedOnce) {
  TempDir dir;
  const FeedContents contents = read_all(dir.path().string());
  EXPECT_TRUE(contents.articles.empty());
  EXPECT_EQ(contents.errors.size(), 1u);
}

TEST(FeedReader, ReadsAnEmptyFeedAsNoLines) {
  TempDir dir;
  write_file(dir / "empty.jsonl", "");
  write_gzip(dir / "empty.jsonl.gz", "");
  for (const char* name : {"empty.jsonl", "empty.jsonl.gz"}) {
    const FeedContents contents = read_all((dir / name).string());
    EXPECT_EQ(contents.lines, 0) << name;
    EXPECT_TRUE(contents.articles.empty()) << name;
    EXPECT_TRUE(contents.errors.empty()) << name;
  }
}

TEST(IsFeedPath, RecognisesJsonLinesExtensions) {
  EXPECT_TRUE(is_feed_path("feeds/reuters.jsonl"));
  EXPECT_TRUE(is_feed_path("feeds/reuters.jsonl.gz"));
  EXPECT_TRUE(is_feed_path("wire.NDJSON"));
  EXPECT_TRUE(is_feed_path("wire.ndjson.gz"));
  EXPECT_FALSE(is_feed_path("story.json"));
  EXPECT_FALSE(is_feed_path("archive.gz"));
  EXPECT_FALSE(is_feed_path("jsonl"));
}

// What the raw Reuters JSON says, counted independently of read_feed (zcat and nlohmann).
struct ReutersCounts {
  long records = 0;
  long with_grain = 0;
  long with_usa = 0;
  std::vector<long> lines_without_text;  // records with an empty title and an empty body
};

bool has_value(const nlohmann::json& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

ReutersCounts count_raw_reuters(const std::filesystem::path& path) {
  ReutersCounts counts;
  const std::string command = "zcat '" + path.string() + "'";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return counts;
  char* line = nullptr;
  std::size_t capacity = 0;
  while (getline(&line, &capacity, pipe) >= 0) {
    ++counts.records;
    const nlohmann::json record = nlohmann::json::parse(line);
    if (has_value(record.at("topics"), "grain")) ++counts.with_grain;
    if (has_value(record.at("places"), "usa")) ++counts.with_usa;
    if (record.at("title").get<std::string>().empty() &&
        record.at("body").get<std::string>().empty()) {
      counts.lines_without_text.push_back(counts.records);
    }
  }
  std::free(line);
  pclose(pipe);
  return counts;
}

TEST(FeedReader, ReadsTheWholeReutersCorpus) {
  REQUIRE_SHARED_OR_SKIP(shared);
  const std::filesystem::path path = shared / "corpora" / "reuters21578" / "reuters.jsonl.gz";
  const ReutersCounts expected = count_raw_reuters(path);
  ASSERT_EQ(expected.records, 21578);

  long articles = 0, with_grain = 0, with_usa = 0, with_date = 0, title_only = 0;
  std::vector<long> error_lines;
  const long lines = read_feed(
      path.string(), "reuters",
      [&](Article&& article) {
        ++articles;
        if (std::find(article.topics.begin(), article.topics.end(), "grain") !=
            article.topics.end()) {
          ++with_grain;
        }
        if (std::find(article.places.begin(), article.places.end(), "usa") !=
            article.places.end()) {
          ++with_usa;
        }
        if (!article.date.empty()) ++with_date;
        if (article.body.empty()) ++title_only;
      },
      [&](const InputError& error) { error_lines.push_back(error.line()); });

  EXPECT_EQ(lines, 21578);
  // Every record becomes an article, including those without any text (NEWID 12793 is an UNPROC
  // story with only a date and a source): each has an id, so it is a record of the feed.
  EXPECT_EQ(error_lines, std::vector<long>{});
  EXPECT_FALSE(expected.lines_without_text.empty());
  EXPECT_EQ(articles, 21578);
  EXPECT_EQ(with_grain, expected.with_grain);
  EXPECT_EQ(with_usa, expected.with_usa);
  EXPECT_EQ(with_date, articles);
  EXPECT_GT(title_only, 1000);  // the BRIEF stories are kept
}

}  // namespace
}  // namespace kensaku
