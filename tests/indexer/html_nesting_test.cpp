// Tests of deeply nested legacy HTML: every paragraph kept at any depth, in bounded time.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <tuple>

#include "indexer/parsers/html_parser.h"
#include "kensaku/error.h"

namespace kensaku {
namespace {

// `levels` paragraphs, each inside one more unclosed `opener`, as legacy page builders wrote.
std::string nested_page(const std::string& opener, int levels) {
  std::string html = "<html><head><title>Legacy</title></head><body>";
  for (int i = 0; i < levels; ++i) {
    html += opener;
    html += "<p>Paragraph number " + std::to_string(i) + " ends here.</p>";
  }
  return html + "</body></html>";
}

int paragraphs_kept(const std::string& body, int levels) {
  int kept = 0;
  for (int i = 0; i < levels; ++i) {
    kept += body.find("Paragraph number " + std::to_string(i) + " ends") != std::string::npos;
  }
  return kept;
}

class DeeplyNestedHtml : public testing::TestWithParam<std::tuple<const char*, int>> {};

TEST_P(DeeplyNestedHtml, KeepsEveryParagraph) {
  const auto [opener, levels] = GetParam();
  const Article article = parse_html(nested_page(opener, levels), "legacy.html");
  EXPECT_EQ(paragraphs_kept(article.body, levels), levels) << opener << " x " << levels;
}

INSTANTIATE_TEST_SUITE_P(
    UnclosedContainers, DeeplyNestedHtml,
    testing::Combine(testing::Values("<div>", "<font face=\"Arial\">", "<span>", "<b>",
                                     "<table><tr><td>", "<div><font size=2>",
                                     "<blockquote><span><i>", "<center><div><font><b>"),
                     testing::Values(256, 400, 1000)));

TEST(DeeplyNestedHtml, KeepsTheTextTenThousandLevelsDownInBoundedTime) {
  const auto start = std::chrono::steady_clock::now();
  const Article article = parse_html(nested_page("<div><font>", 10000), "legacy.html");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(paragraphs_kept(article.body, 10000), 10000);
  EXPECT_LT(seconds, 10.0);  // about 0.05 s on one core; generous for a loaded machine
}

TEST(DeeplyNestedHtml, KeepsTheWordsAtTheBottomOfFortyThousandElements) {
  std::string html = "<html><body><p>Intro.</p>";
  for (int i = 0; i < 20000; ++i) html += "<div><span>";
  html += "deep";
  const Article article = parse_html(html, "deep.html");
  EXPECT_NE(article.body.find("Intro."), std::string::npos);
  EXPECT_NE(article.body.find("deep"), std::string::npos);
}

TEST(DeeplyNestedHtml, TakesTheTitleAndDateFromAHeadOfANestedPage) {
  std::string html =
      "<html><head><meta name=\"date\" content=\"2025-03-30T09:00:00+09:00\"></head><body>";
  for (int i = 0; i < 500; ++i) html += "<div>";
  html += "<h1>Headline at the bottom</h1><p>Text.</p>";
  const Article article = parse_html(html, "legacy.html");
  EXPECT_EQ(article.title, "Headline at the bottom");
  EXPECT_EQ(article.date, "2025-03-30T09:00:00+09:00");
}

TEST(DeeplyNestedHtml, APageOfMoreThanAMillionElementsIsNamedWithTheLimit) {
  std::string html = "<html><body><p>Start.</p>";
  for (int i = 0; i < 1'000'001; ++i) html += "<div>";
  try {
    parse_html(html + "end", "huge.html");
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.path(), "huge.html");
    EXPECT_NE(error.reason().find("more than 1000000 elements"), std::string::npos)
        << error.reason();
  }
}

}  // namespace
}  // namespace kensaku
