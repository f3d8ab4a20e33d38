// Tests of the HTML parser: metadata sources and precedence, body text, charsets, errors.
#include "indexer/parsers/html_parser.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "common/text_normaliser.h"
#include "kensaku/error.h"
#include "tests/test_support.h"

namespace kensaku {
namespace {

using testing::read_file;
using testing::test_data_dir;

Article parse_fixture(const std::string& name) {
  const std::string path = (test_data_dir() / "html" / name).string();
  return parse_html(read_file(path), path);
}

Article parse_page(std::string_view html) { return parse_html(html, "page.html"); }

// A minimal page around `head` and `body` markup.
std::string page(std::string_view head, std::string_view body) {
  return "<!DOCTYPE html><html><head>" + std::string(head) + "</head><body>" + std::string(body) +
         "</body></html>";
}

constexpr std::string_view kSomeBody = "<p>Story text.</p>";

::testing::AssertionResult contains(const std::string& text, std::string_view part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << part << "\" is not in:\n" << text;
}

::testing::AssertionResult lacks(const std::string& text, std::string_view part) {
  if (text.find(part) == std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << part << "\" should not be in:\n" << text;
}

TEST(HtmlParser, TakesTitleFromOpenGraphBeforeTitleElement) {
  const Article article = parse_fixture("harbour_bridge.html");
  EXPECT_EQ(article.title, "Harbour bridge reopens to traffic after six-month repair");
}

TEST(HtmlParser, TakesTitleFromTitleElementWhenThereIsNoOpenGraphTitle) {
  const Article article = parse_fixture("council_budget_title_only.html");
  EXPECT_EQ(article.title, "Council agrees budget for 2024");
}

TEST(HtmlParser, TakesTitleFromTheArticleHeadingWhenThereIsNoTitleElement) {
  const Article article = parse_fixture("flood_warning_h1_only.html");
  EXPECT_EQ(article.title, "Flood warning issued for lower valley");
}

TEST(HtmlParser, TakesTitleFromTheFirstHeadingWhenNoHeadingIsInAnArticle) {
  const Article article =
      parse_page(page("", "<h1>Site  <em>name</em></h1><h1>Second</h1><p>Text.</p>"));
  EXPECT_EQ(article.title, "Site name");
}

TEST(HtmlParser, TakesAuthorFromMetaAuthorBeforeArticleAuthorAndJsonLd) {
  const Article article = parse_fixture("harbour_bridge.html");
  EXPECT_EQ(article.author, "Maria Okafor");
}

TEST(HtmlParser, TakesAuthorFromArticleAuthorWhenThereIsNoMetaAuthor) {
  const Article article = parse_fixture("council_budget_title_only.html");
  EXPECT_EQ(article.author, "Jonas Lindqvist");
}

TEST(HtmlParser, IgnoresArticleAuthorThatIsAProfileUrl) {
  const Article article = parse_page(page(
      R"(<meta property="article:author" content="https://social.example/someone">)", kSomeBody));
  EXPECT_EQ(article.author, "");
}

TEST(HtmlParser, TakesAuthorFromJsonLdWhenMetaTagsHaveNone) {
  const Article article = parse_fixture("election_jsonld_graph.html");
  EXPECT_EQ(article.author, normalise_text("Chloé Tremblay, Marc-André Roy"));
}

TEST(HtmlParser, ReadsJsonLdAuthorGivenAsAPlainString) {
  const Article article = parse_page(page(R"(<script type="application/ld+json">
      {"@type": "Article", "author": "Priya Raman"}</script>)",
                                          kSomeBody));
  EXPECT_EQ(article.author, "Priya Raman");
}

TEST(HtmlParser, ReadsReportageNewsArticleFromATopLevelJsonLdArray) {
  const Article article = parse_page(page(R"(<script type="application/ld+json">
      [{"@type": "BreadcrumbList"},
       {"@type": "ReportageNewsArticle", "author": ["Ana Silva", {"name": "Rui Costa"}],
        "datePublished": "2023-06-30", "publisher": "Jornal do Porto"}]</script>)",
                                          kSomeBody));
  EXPECT_EQ(article.author, "Ana Silva, Rui Costa");
  EXPECT_EQ(article.date, "2023-06-30");
  EXPECT_EQ(article.source, "Jornal do Porto");
}

TEST(HtmlParser, IgnoresJsonLdOfOtherTypesAndBrokenJsonLd) {
  const Article article = parse_page(page(R"(
      <script type="application/ld+json">{"@type": "Recipe", "author": "Chef"}</script>
      <script type="application/ld+json">{"@type": "NewsArticle", "author": </script>)",
                                          kSomeBody));
  EXPECT_EQ(article.author, "");
}

TEST(HtmlParser, ReadsNewsArticleFromJsonLdGraph) {
  const Article article = parse_fixture("election_jsonld_graph.html");
  EXPECT_EQ(article.date, "2024-02-19T21:05:12-05:00");
  EXPECT_EQ(article.source, "Le Quotidien du Nord");
  EXPECT_EQ(article.lang, "fr");
}

TEST(HtmlParser, TakesDateFromPublishedTimeBeforeMetaDateJsonLdAndTimeElement) {
  const Article article = parse_fixture("harbour_bridge.html");
  EXPECT_EQ(article.date, "2024-03-05T07:45:00Z");
}

TEST(HtmlParser, TakesDateFromMetaPubdate) {
  const Article article = parse_fixture("council_budget_title_only.html");
  EXPECT_EQ(article.date, "2023-11-02T18:20:31");
}

TEST(HtmlParser, TakesDateFromDublinCoreDate) {
  const Article article = parse_fixture("flood_warning_h1_only.html");
  EXPECT_EQ(article.date, "2024-01-15");
}

TEST(HtmlParser, TakesDateFromMetaDateBeforeJsonLd) {
  const Article article = parse_page(page(R"(<meta name="date" content="2022-05-01">
      <script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2021-01-01"}
      </script>)",
                                          kSomeBody));
  EXPECT_EQ(article.date, "2022-05-01");
}

TEST(HtmlParser, TakesDateFromTimeElementInsideTheArticle) {
  const Article article =
      parse_page(page("", R"(<aside><time datetime="2001-01-01">old</time></aside>
               <article><p>By A. Writer, <time datetime="2024-04-09T16:02">9 April</time></p>
               <p>Text.</p></article>)"));
  EXPECT_EQ(article.date, "2024-04-09T16:02:00");
}

TEST(HtmlParser, IgnoresTimeElementsOutsideTheArticle) {
  const Article article =
      parse_page(page("", R"(<div><time datetime="2024-04-09">9 April</time><p>Text.</p></div>)"));
  EXPECT_EQ(article.date, "");
}

TEST(HtmlParser, KeepsTheLocalDateAndTimeAsWrittenWithTheirZone) {
  const Article article = parse_page(
      page(R"(<meta property="article:published_time" content="2024-12-31T23:30:00-08:00">)",
           kSomeBody));
  EXPECT_EQ(article.date, "2024-12-31T23:30:00-08:00");
}

TEST(HtmlParser, SkipsDatesThatCannotBeReadForTheNextSourceWithoutAWarning) {
  const Article article =
      parse_page(page(R"(<meta property="article:published_time" content="5 Smarch 2024">
              <meta name="date" content="2024-02-30">
              <meta name="pubdate" content="Thu, 29 Feb 2024 09:15 GMT">)",
                      kSomeBody));
  EXPECT_EQ(article.date, "2024-02-29T09:15:00Z");
  EXPECT_TRUE(article.warnings.empty());
}

TEST(HtmlParser, TakesSourceFromSiteNameBeforeJsonLdPublisher) {
  EXPECT_EQ(parse_fixture("harbour_bridge.html").source, "The Coastal Courier");
  const Article article = parse_page(page(R"(<script type="application/ld+json">
      {"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Courier Group"}}
      </script>)",
                                          kSomeBody));
  EXPECT_EQ(article.source, "Courier Group");
}

TEST(HtmlParser, TakesUrlFromOpenGraphBeforeCanonicalLink) {
  EXPECT_EQ(parse_fixture("harbour_bridge.html").url,
            "https://coastalcourier.example/news/2024/03/harbour-bridge-reopens");
  EXPECT_EQ(parse_fixture("flood_warning_h1_only.html").url,
            "https://rivervalleynews.example/flood-warning-issued");
}

TEST(HtmlParser, TakesThePrimaryLanguageSubtagFromHtmlLang) {
  EXPECT_EQ(parse_fixture("harbour_bridge.html").lang, "en");
  EXPECT_EQ(parse_fixture("council_budget_title_only.html").lang, "en");
  EXPECT_EQ(parse_fixture("kyoto_tram.shift_jis.html").lang, "ja");
  EXPECT_EQ(parse_page(page("", kSomeBody)).lang, "");
}

TEST(HtmlParser, CollectsTagsFromKeywordsAndArticleTags) {
  const Article article = parse_fixture("harbour_bridge.html");
  EXPECT_EQ(article.tags, (std::vector<std::string>{"transport", "infrastructure", "Port Ellery",
                                                    "bridges", "Transport"}));
  EXPECT_EQ(parse_fixture("council_budget_title_only.html").tags,
            (std::vector<std::string>{"council", "budget", "local government"}));
}

TEST(HtmlParser, KeepsScriptStyleNavHeaderFooterAsideAndFormTextOutOfTheBody) {
  const Article article = parse_fixture("harbour_bridge.html");
  for (const std::string_view marker :
       {"SCRIPTMARKER", "STYLEMARKER", "NAVMARKER", "HEADERMARKER", "FOOTERMARKER", "ASIDEMARKER",
        "FORMMARKER", "NOSCRIPTMARKER", "TEMPLATEMARKER", "IFRAMEMARKER", "ALTMARKER"}) {
    EXPECT_TRUE(lacks(article.body, marker));
  }
  EXPECT_TRUE(contains(article.body, "The Port Ellery harbour bridge reopened"));
  EXPECT_TRUE(contains(article.body, "The bridge at dawn."));
}

TEST(HtmlParser, KeepsHiddenElementsOutOfTheBody) {
  const Article article = parse_page(page("", R"(<p>Shown.</p><p hidden>Secret one.</p>
      <div style="DISPLAY: none">Secret two.</div>)"));
  EXPECT_EQ(article.body, "Shown.");
}

TEST(HtmlParser, PrefersTheArticleElementToTheRestOfTheBody) {
  const Article article = parse_page(page("", R"(<div>Cookie banner</div>
      <article><p>Article text.</p></article><div>Comments</div>)"));
  EXPECT_EQ(article.body, "Article text.");
}

TEST(HtmlParser, UsesMainWhenThereIsNoArticle) {
  const Article article = parse_page(page("", "<div>Menu</div><main><p>Main text.</p></main>"));
  EXPECT_EQ(article.body, "Main text.");
}

TEST(HtmlParser, UsesTheWholeBodyWhenThereIsNoArticleOrMain) {
  const Article article = parse_fixture("council_budget_title_only.html");
  EXPECT_TRUE(contains(article.body, "Home\nCouncil agrees budget\nNorthfield council"));
}

TEST(HtmlParser, PassesOverAnEmptyArticleElement) {
  const Article article = parse_page(page("", "<article></article><p>Page text.</p>"));
  EXPECT_EQ(article.body, "Page text.");
}

TEST(HtmlParser, PutsBlockElementsOnLinesOfTheirOwnSoWordsNeverGlue) {
  const Article article = parse_page(
      page("",
           "<div>one</div><div>two</div><p>three<br>four</p><ul><li>five</li><li>six</li></ul>"
           "<h2>seven</h2><blockquote>eight</blockquote><table><tr><td>nine</td><td>ten</td></tr>"
           "<tr><td>eleven</td></tr></table><section>twelve</section>"));
  EXPECT_EQ(article.body,
            "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine ten\neleven\ntwelve");
}

TEST(HtmlParser, CollapsesWhitespaceWithinALine) {
  const Article article =
      parse_page(page("", "<p>  Heavy \t rain\n   fell  <b>on</b>\n\nMonday.  </p>"));
  EXPECT_EQ(article.body, "Heavy rain fell on Monday.");
}

TEST(HtmlParser, KeepsTheLinesOfPreformattedText) {
  const Article article = parse_page(page("", "<pre>COPPER  8,512\nZINC    2,431</pre>"));
  EXPECT_EQ(article.body, "COPPER 8,512\nZINC 2,431");
}

TEST(HtmlParser, KeepsInlineElementsInsideTheirWords) {
  const Article article = parse_page(page("", "<p>re<b>open</b>ed</p>"));
  EXPECT_EQ(article.body, "reopened");
}

TEST(HtmlParser, DecodesNamedAndNumericEntities) {
  const Article article = parse_fixture("harbour_bridge.html");
  EXPECT_TRUE(contains(article.body, normalise_text("Cost & schedule")));
  EXPECT_TRUE(contains(article.body, normalise_text("said café owner Tom Brennan")));
  EXPECT_TRUE(contains(article.body, normalise_text("the bridge’s cycle lane")));
  EXPECT_TRUE(contains(article.body, normalise_text("“Trade fell by a third.”")));
  EXPECT_TRUE(contains(article.body, normalise_text("£4.2m")));
  for (const std::string_view entity : {"&amp;", "&eacute;", "&#8217;", "&ldquo;", "&pound;"}) {
    EXPECT_TRUE(lacks(article.body, entity));
  }
}

TEST(HtmlParser, DecodesAWindows1252PageFromItsMetaCharset) {
  const Article article = parse_fixture("zurich_cafes.windows-1252.html");
  EXPECT_EQ(article.title, normalise_text("Zürich café owners feel the franc’s rise"));
  EXPECT_TRUE(contains(article.body, normalise_text("the franc’s rise — now at €0.95 — hurts the "
                                                    "“tourist” trade.")));
  EXPECT_TRUE(contains(article.body, normalise_text("sagt Jürg Müller.")));
  EXPECT_EQ(article.lang, "de");
}

TEST(HtmlParser, DecodesAShiftJisPageFromItsMetaCharset) {
  const Article article = parse_fixture("kyoto_tram.shift_jis.html");
  EXPECT_EQ(article.title, normalise_text("京都市、路面電車の延伸を承認"));
  EXPECT_EQ(article.source, normalise_text("関西新報"));
  EXPECT_TRUE(
      contains(article.body, normalise_text("路面電車の路線延伸計画を賛成多数で可決した。")));
  EXPECT_TRUE(contains(article.body, normalise_text("開業は２０２８年春を予定している。")));
}

TEST(HtmlParser, ReadsPagesLabelledIso88591AsWindows1252LikeBrowsersDo) {
  const std::string html =
      page(R"(<meta http-equiv="content-type" content="text/html; charset=ISO-8859-1">)",
           "<p>The council\x92s plan costs \x80 5m.</p>");
  EXPECT_EQ(parse_page(html).body, normalise_text("The council’s plan costs € 5m."));
}

TEST(HtmlParser, DecodesAUtf8PageWithAByteOrderMark) {
  const Article article =
      parse_page("\xEF\xBB\xBF" + page("<title>Caf\xC3\xA9</title>", kSomeBody));
  EXPECT_EQ(article.title, normalise_text("Café"));
}

TEST(HtmlParser, DoesNotDecodeUtf8TwiceWhenTheMetaCharsetDisagrees) {
  // The declaration wins over detection, but once the bytes are UTF-8 libxml2 must not re-read
  // them in the declared charset.
  const std::string html = page(R"(<meta charset="utf-8">)", "<p>na\xC3\xAFve</p>");
  EXPECT_EQ(parse_page(html).body, normalise_text("naïve"));
}

TEST(HtmlParser, ThrowsInputErrorNamingTheFileWhenThePageHasNoBodyText) {
  const std::string path = (test_data_dir() / "html" / "paywall_no_body.html").string();
  try {
    parse_html(read_file(path), path);
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.path(), path);
    EXPECT_EQ(error.reason(), "HTML page has no body text");
  }
}

TEST(HtmlParser, ThrowsInputErrorForAnEmptyOrBlankFile) {
  EXPECT_THROW(parse_html("", "empty.html"), InputError);
  EXPECT_THROW(parse_html(" \n\t ", "blank.html"), InputError);
  EXPECT_THROW(parse_html("<html><body>  </body></html>", "blank.html"), InputError);
}

TEST(HtmlParser, GivesTheArticleItsPathAsPathAndId) {
  const Article article = parse_html(page("", kSomeBody), "news/2024/story.html");
  EXPECT_EQ(article.path, "news/2024/story.html");
  EXPECT_EQ(article.id, "news/2024/story.html");
}

TEST(HtmlParser, ReadsFragmentsWithoutHtmlOrBodyElements) {
  const Article article = parse_page("<title>Brief</title><p>Just a paragraph.</p>");
  EXPECT_EQ(article.title, "Brief");
  EXPECT_EQ(article.body, "Just a paragraph.");
}

// Whatever the bytes, the parser returns an article or throws InputError; it never crashes.
TEST(HtmlParser, SurvivesGarbageBytes) {
  std::mt19937 random(20240305);
  std::uniform_int_distribution<int> byte(0, 255);
  const std::string pieces[] = {
      "<",    ">",        "</", "<!--",  "-->",   "<article>", "<meta charset=\"", "&#",
      "&amp", "<script>", "\"", "<svg>", "<pre>", "\xFE\xFF",  "\xEF\xBB\xBF",     "<html lang=\""};
  int parsed = 0, named = 0;
  for (int round = 0; round < 300; ++round) {
    std::string bytes;
    const int length = byte(random) * 4;
    for (int i = 0; i < length; ++i) {
      if (byte(random) < 40) {
        bytes += pieces[static_cast<std::size_t>(byte(random)) % std::size(pieces)];
      } else {
        bytes += static_cast<char>(byte(random));
      }
    }
    // Text, or an error naming the file and why: never an empty article, never a crash.
    try {
      const Article article = parse_html(bytes, "garbage.html");
      EXPECT_FALSE(article.body.empty()) << "round " << round;
      ++parsed;
    } catch (const InputError& error) {
      EXPECT_EQ(error.path(), "garbage.html");
      EXPECT_FALSE(error.reason().empty()) << "round " << round;
      ++named;
    }
  }
  EXPECT_GT(parsed, 0);
  EXPECT_EQ(parsed + named, 300);
}

TEST(HtmlParser, ReadsMarkupNestedTwoHundredFortyLevelsDeep) {
  std::string html = "<html><body>";
  for (int i = 0; i < 120; ++i) html += "<div><span>";
  html += "deep";
  EXPECT_EQ(parse_page(html).body, "deep");
}

TEST(HtmlParser, SurvivesDeeplyNestedJsonLd) {
  const std::string json_ld = std::string(100000, '[') + std::string(100000, ']');
  const Article article =
      parse_page(page("<script type=\"application/ld+json\">" + json_ld + "</script>", kSomeBody));
  EXPECT_EQ(article.author, "");
}

TEST(IsHtml, RecognisesHtmlExtensionsInAnyCase) {
  EXPECT_TRUE(is_html("news/story.html", ""));
  EXPECT_TRUE(is_html("news/story.HTM", ""));
  EXPECT_TRUE(is_html("story.xhtml", ""));
  EXPECT_FALSE(is_html("story.txt", "Plain text"));
  EXPECT_FALSE(is_html("html", ""));
}

TEST(IsHtml, RecognisesHtmlByItsFirstBytes) {
  EXPECT_TRUE(is_html("saved_page", "<!DOCTYPE html>\n<html>"));
  EXPECT_TRUE(is_html("saved_page", "\xEF\xBB\xBF  <html lang=\"en\">"));
  EXPECT_TRUE(is_html("saved_page", "\n<HTML>"));
  EXPECT_FALSE(is_html("story.txt", "The <html> element is..."));
}

}  // namespace
}  // namespace kensaku
