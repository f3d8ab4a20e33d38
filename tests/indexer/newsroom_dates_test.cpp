// Tests of dates in the parsers: newsroom forms are read from every place a date is stated, and
// an unreadable one is a warning naming the value, never a silently undated article.
#include <gtest/gtest.h>

#include <string>

#include "indexer/parsers/html_parser.h"
#include "indexer/parsers/text_parser.h"

namespace kensaku {
namespace {

struct DateCase {
  const char* written;
  const char* stored;
};

std::ostream& operator<<(std::ostream& out, const DateCase& c) { return out << c.written; }

class ParsersReadNewsroomDates : public testing::TestWithParam<DateCase> {};

TEST_P(ParsersReadNewsroomDates, InSidecars) {
  const Article article = parse_text_article("Headline\n\nText.\n", "story.txt",
                                             "date: " + std::string(GetParam().written) + "\n");
  EXPECT_EQ(article.date, GetParam().stored);
  EXPECT_TRUE(article.warnings.empty());
}

TEST_P(ParsersReadNewsroomDates, InFrontMatter) {
  const Article article = parse_text_article(
      "---\npublished: \"" + std::string(GetParam().written) + "\"\n---\nHeadline\n\nText.\n",
      "story.md", {});
  EXPECT_EQ(article.date, GetParam().stored);
}

TEST_P(ParsersReadNewsroomDates, InHtmlMetaTags) {
  const Article article =
      parse_html("<html><head><meta property=\"article:published_time\" content=\"" +
                     std::string(GetParam().written) + "\"></head><body><p>Text.</p></body></html>",
                 "page.html");
  EXPECT_EQ(article.date, GetParam().stored);
  EXPECT_TRUE(article.warnings.empty());
}

TEST_P(ParsersReadNewsroomDates, InHtmlJsonLd) {
  const Article article = parse_html(
      "<html><head><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
      "\"datePublished\": \"" +
          std::string(GetParam().written) + "\"}</script></head><body><p>Text.</p></body></html>",
      "page.html");
  EXPECT_EQ(article.date, GetParam().stored);
}

INSTANTIATE_TEST_SUITE_P(
    Forms, ParsersReadNewsroomDates,
    testing::Values(DateCase{"Sun, 30 Mar 2025 09:00:00 +0900", "2025-03-30T09:00:00+09:00"},
                    DateCase{"30 Mar 2025 09:00 GMT", "2025-03-30T09:00:00Z"},
                    DateCase{"Sun, 30 Mar 2025 09:00:00 EST", "2025-03-30T09:00:00-05:00"},
                    DateCase{"2025/03/30", "2025-03-30"}, DateCase{"20250330", "2025-03-30"},
                    DateCase{"30 March 2025", "2025-03-30"},
                    DateCase{"March 30, 2025", "2025-03-30"},
                    DateCase{"2025-03-30T09:00:00+09:00", "2025-03-30T09:00:00+09:00"},
                    DateCase{"2025-03-30T09:00Z", "2025-03-30T09:00:00Z"},
                    DateCase{"2025-03-30 09:00", "2025-03-30T09:00:00"}));

class ParsersNameUnreadableDates : public testing::TestWithParam<const char*> {};

TEST_P(ParsersNameUnreadableDates, InAWarningAndLeaveTheArticleUndated) {
  const std::string value = GetParam();
  const Article text =
      parse_text_article("Headline\n\nText.\n", "story.txt", "date: " + value + "\n");
  EXPECT_EQ(text.date, "");
  ASSERT_EQ(text.warnings.size(), 1u);
  EXPECT_NE(text.warnings[0].find("date \"" + value + "\""), std::string::npos) << text.warnings[0];
  EXPECT_NE(text.warnings[0].find("hint:"), std::string::npos) << text.warnings[0];

  const Article html = parse_html("<html><head><meta name=\"date\" content=\"" + value +
                                      "\"></head><body><p>Text.</p></body></html>",
                                  "page.html");
  EXPECT_EQ(html.date, "");
  ASSERT_EQ(html.warnings.size(), 1u);
  EXPECT_NE(html.warnings[0].find(value), std::string::npos) << html.warnings[0];
}

INSTANTIATE_TEST_SUITE_P(Values, ParsersNameUnreadableDates,
                         testing::Values("yesterday", "05/03/2024", "2023-02-29",
                                         "Sun, 30 Mar 2025 09:00:00 XYZ", "30.03.2025",
                                         "2025-03-30T25:00"));

TEST(ParsersNameUnreadableDates, NotWhenNoDateIsStated) {
  EXPECT_TRUE(parse_text_article("Headline\n\nText.\n", "story.txt", {}).warnings.empty());
  EXPECT_TRUE(parse_text_article("Headline\n\nText.\n", "story.txt", std::string("date:\n"))
                  .warnings.empty());
}

TEST(ParsersNameUnreadableDates, ShortenAHugeValueInTheWarning) {
  const Article article =
      parse_text_article("Headline\n\nText.\n", "story.txt", "date: " + std::string(5000, 'x'));
  ASSERT_EQ(article.warnings.size(), 1u);
  EXPECT_LT(article.warnings[0].size(), 400u);
}

}  // namespace
}  // namespace kensaku
