// The HTML pages: hits, facets and pagination rendered on the server, and every stored field of
// the hostile articles (tests/data/server/hostile.jsonl) rendered as text, never as markup.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "searcher/server/url.h"
#include "tests/server/server_fixture.h"

namespace kensaku::testing {
namespace {

using nlohmann::json;
using server::percent_encode;

class Pages : public ServerTest {};

// The markup a hostile field would inject if it were not escaped.
void expect_no_injected_markup(const std::string& html, const std::string& where) {
  for (const char* needle : {"<script>alert", "<img", "<svg", "<iframe", "<b onmouseover", "<i>tag",
                             "href=\"javascript:", "href=\"JaVaScRiPt:", "href=\"data:",
                             "</mark><script", "<a href=\"javascript", "\x01", "\x07", "\x1b"}) {
    EXPECT_EQ(html.find(needle), std::string::npos) << where << " holds " << needle;
  }
  // The only scripts are the page's own, external one.
  std::regex script("<script[^>]*>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), script);
       it != std::sregex_iterator(); ++it) {
    EXPECT_EQ(it->str(), "<script src=\"/assets/app.js\" defer>") << where;
  }
  EXPECT_EQ(html.find(" style="), std::string::npos) << where << " has an inline style";
  EXPECT_EQ(html.find("<style"), std::string::npos) << where;
}

TEST_F(Pages, HostileFieldsRenderAsTextInResultsFacetsAndArticlePages) {
  HttpReply results = get("/?q=hostile");
  ASSERT_EQ(results.status, 200);
  expect_no_injected_markup(results.body, "results");
  EXPECT_NE(results.body.find("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"),
            std::string::npos)
      << "the hostile title is shown, as text";
  json hits = json::parse(get("/api/search?q=hostile&limit=20").body)["hits"];
  ASSERT_GE(hits.size(), 4u);
  for (const auto& hit : hits) {
    std::string id = hit["id"];
    HttpReply page = get("/articles/" + percent_encode(id) + "?q=hostile");
    EXPECT_EQ(page.status, 200) << id;
    expect_no_injected_markup(page.body, id);
    // Links come only for http(s) addresses.
    std::string url = hit["url"];
    bool web = url.rfind("https://", 0) == 0;
    EXPECT_EQ(page.body.find("Original article") != std::string::npos, web) << id;
  }
  for (const char* facet :
       {"/?q=hostile&filter=topic:x%22%3E%3Cscript%3E", "/?filter=source:Hostile%20Wire",
        "/?q=%3Cscript%3Ealert(1)%3C/script%3E",
        "/?q=%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E"}) {
    HttpReply page = get(facet);
    expect_no_injected_markup(page.body, facet);
  }
}

TEST_F(Pages, TheResultsPageShowsRankTitleLinkMetadataMarkedFragmentsAndTheCount) {
  HttpReply page = get("/?q=SM-6+co-production");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  json api = json::parse(get("/api/search?q=SM-6+co-production").body);
  std::string first = api["hits"][0]["id"];
  EXPECT_NE(first.find("003_"), std::string::npos);
  EXPECT_NE(page.body.find("Showing 1–" + std::to_string(api["hits"].size()) + " of " +
                           std::to_string(api["total"].get<int>())),
            std::string::npos);
  EXPECT_NE(
      page.body.find("<span class=\"rank\">1.</span> <a href=\"/articles/" + percent_encode(first)),
      std::string::npos);
  EXPECT_NE(page.body.find("<mark>SM-6</mark>"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"SM-6 co-production\""), std::string::npos)
      << "the box keeps the query";
  EXPECT_NE(page.body.find("role=\"search\""), std::string::npos);
  EXPECT_NE(page.body.find("<main"), std::string::npos);
  EXPECT_NE(page.body.find("<label for=\"q\""), std::string::npos);
}

TEST_F(Pages, FacetLinksAddAFilterThatNarrowsTheCountAndCanBeRemoved) {
  HttpReply page = get("/?q=missile");
  std::smatch match;
  std::regex facet_link(
      "href=\"(/\\?q=missile&amp;filter=source%3A[^\"]+)\">([^<]+) <span "
      "class=\"count\">(\\d+)</span>");
  ASSERT_TRUE(std::regex_search(page.body, match, facet_link)) << page.body;
  std::string href = std::regex_replace(match[1].str(), std::regex("&amp;"), "&");
  std::string count = match[3];
  HttpReply filtered = get(href);
  ASSERT_EQ(filtered.status, 200);
  EXPECT_NE(filtered.body.find(" of " + count + "</h1>"), std::string::npos) << href;
  EXPECT_NE(filtered.body.find("Active filters"), std::string::npos);
  EXPECT_NE(filtered.body.find("href=\"/?q=missile\" class=\"remove\""), std::string::npos)
      << "removing it returns";
}

TEST_F(Pages, PaginationLinksToTheNextPageAndDidYouMeanAndNoResultsHelpShow) {
  HttpReply page = get("/?q=the+OR+a+OR+missile+OR+japan&limit=2");
  EXPECT_NE(page.body.find("rel=\"next\""), std::string::npos);
  HttpReply second = get("/?q=the+OR+a+OR+missile+OR+japan&limit=2&offset=2");
  EXPECT_NE(second.body.find("Showing 3–4 of"), std::string::npos);
  EXPECT_NE(second.body.find("aria-current=\"page\">2<"), std::string::npos);
  EXPECT_NE(get("/?q=missle").body.find("class=\"suggestion\""), std::string::npos);
  EXPECT_NE(get("/?q=zzqxnothing").body.find("No articles found"), std::string::npos);
  EXPECT_NE(get("/?q=missile+AND").body.find("plain words"), std::string::npos);
  EXPECT_NE(get("/?q=missile").body.find("Similar articles"), std::string::npos);
}

TEST_F(Pages, TheArticlePageMarksTheQueryWordsAndListsSimilarArticles) {
  json hit = json::parse(get("/api/search?q=SM-6+co-production").body)["hits"][0];
  HttpReply page = get("/articles/" + percent_encode(hit["id"].get<std::string>()) + "?q=SM-6");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<mark>SM</mark>-<mark>6</mark>"), std::string::npos);
  EXPECT_NE(page.body.find("Similar articles"), std::string::npos);
  EXPECT_EQ(get("/articles/none").status, 404);
  EXPECT_EQ(get("/articles/x?bad=1").status, 400);
}

TEST_F(Pages, BadPageParametersAre400Pages) {
  for (const char* target : {"/?q=x&limit=abc", "/?q=x&sort=best", "/?q=x&nope=1",
                             "/?filter=colour:red", "/?q=x&since=never"}) {
    HttpReply page = get(target);
    EXPECT_EQ(page.status, 400) << target;
    EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8") << target;
  }
}

}  // namespace
}  // namespace kensaku::testing
