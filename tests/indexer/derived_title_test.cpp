// Tests of derived titles: articles that state no title get a readable one, marked as derived.
#include <gtest/gtest.h>

#include <string>

#include "common/schema.h"
#include "common/stored_fields.h"
#include "indexer/document_builder.h"
#include "indexer/parsers/html_parser.h"
#include "indexer/parsers/metadata_values.h"
#include "indexer/parsers/text_parser.h"

namespace kensaku {
namespace {

std::size_t code_points(const std::string& text) {
  std::size_t n = 0;
  for (const unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

struct TitleCase {
  const char* text;
  const char* title;
};

std::ostream& operator<<(std::ostream& out, const TitleCase& c) { return out << c.text; }

class DerivesATitle : public testing::TestWithParam<TitleCase> {};

TEST_P(DerivesATitle, FromTheHeadlineLineOrFirstSentence) {
  EXPECT_EQ(derive_title(GetParam().text), GetParam().title);
}

INSTANTIATE_TEST_SUITE_P(
    Texts, DerivesATitle,
    testing::Values(
        TitleCase{"Oil prices jump\nCrude rose 4% on Monday.", "Oil prices jump"},
        TitleCase{"  \n\nOil prices jump  \nText.", "Oil prices jump"},
        TitleCase{"Crude rose 4% on Monday. Traders cited the strike.", "Crude rose 4% on Monday"},
        TitleCase{"Mr. Abe met U.S. officials on Jan. 5 in Tokyo. Talks went on for hours.",
                  "Mr. Abe met U.S. officials on Jan. 5 in Tokyo"},
        TitleCase{"Will rates rise? Markets think so, and bonds fell sharply on the news today.",
                  "Will rates rise?"},
        TitleCase{"東京株式市場は続伸した。日経平均は上昇。",
                  "東京株式市場は続伸した。日経平均は上昇。"},
        TitleCase{"", ""}, TitleCase{" \n \n", ""}));

TEST(DerivedTitle, IsCutAtAWordBoundaryAndMarkedWithAnEllipsis) {
  std::string sentence = "The";
  for (int i = 0; i < 40; ++i) sentence += " committee" + std::to_string(i);
  sentence += " agreed.";
  const std::string title = derive_title(sentence);
  EXPECT_LE(code_points(title), kMaxDerivedTitleCodePoints);
  ASSERT_TRUE(title.ends_with("\u2026")) << title;
  const std::string kept = title.substr(0, title.size() - 3);
  // The kept part ends with a whole word of the sentence.
  EXPECT_TRUE(sentence.starts_with(kept + " ")) << title;
}

TEST(DerivedTitle, IsCutAtACharacterForTextWithoutSpaces) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += "日";
  const std::string title = derive_title(text);
  EXPECT_EQ(code_points(title), kMaxDerivedTitleCodePoints);
  EXPECT_TRUE(title.ends_with("\u2026"));
  EXPECT_TRUE(title.starts_with("日日日"));
}

TEST(DerivedTitle, TextArticleWithoutAHeadlineGetsItsFirstSentence) {
  const Article article = parse_text_article(
      "The central bank raised its key rate by a quarter point on Thursday, citing persistent "
      "inflation in services and a tight labour market. Markets had expected the move.\n\n"
      "More text follows here.\n",
      "corpus/003_b13ff8993483ff35.txt", {});
  EXPECT_EQ(article.title,
            "The central bank raised its key rate by a quarter point on Thursday, citing "
            "persistent inflation\u2026");
  EXPECT_TRUE(article.title_derived);
  EXPECT_NE(article.body.find("The central bank raised"), std::string::npos)
      << "the sentence stays in the body";
}

TEST(DerivedTitle, TextArticleHeadlineLineIsMarkedAsDerived) {
  const Article article = parse_text_article("Harbour bridge reopens\n\nCars crossed.\n", "x", {});
  EXPECT_EQ(article.title, "Harbour bridge reopens");
  EXPECT_TRUE(article.title_derived);
}

TEST(DerivedTitle, StatedTitlesAreNotMarked) {
  const Article front = parse_text_article("---\ntitle: Stated\n---\nA sentence.\n", "x.md", {});
  EXPECT_EQ(front.title, "Stated");
  EXPECT_FALSE(front.title_derived);
  const Article sidecar =
      parse_text_article("A sentence here.\n", "x.txt", std::string("title: From sidecar\n"));
  EXPECT_EQ(sidecar.title, "From sidecar");
  EXPECT_FALSE(sidecar.title_derived);
  const Article html = parse_html(
      "<html><head><title>Page title</title></head><body><p>Body.</p></body></html>", "p.html");
  EXPECT_EQ(html.title, "Page title");
  EXPECT_FALSE(html.title_derived);
}

TEST(DerivedTitle, HtmlPageWithoutAnyTitleGetsOneFromItsBody) {
  const Article article = parse_html(
      "<html><body><div><p>Flooding closed the coastal road on Sunday. Crews worked all "
      "night.</p></div></body></html>",
      "legacy/page0001.html");
  EXPECT_EQ(article.title, "Flooding closed the coastal road on Sunday");
  EXPECT_TRUE(article.title_derived);
}

TEST(DerivedTitle, TheFlagSurvivesTheStoredFields) {
  Article article;
  article.id = "a";
  article.title = "Derived";
  article.title_derived = true;
  EXPECT_TRUE(decode_stored_fields(encode_stored_fields(article)).title_derived);
  article.title_derived = false;
  EXPECT_FALSE(decode_stored_fields(encode_stored_fields(article)).title_derived);
}

bool has_title_word(const Article& article, const std::string& stem) {
  DocumentBuilder builder;
  const Xapian::Document doc = builder.build(article, Signature{});
  const std::string term = std::string(schema::title_prefix()) + stem;
  Xapian::TermIterator it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term;
}

TEST(DerivedTitle, FromTheFirstSentenceIsNotIndexedAgainAsTitleWords) {
  const Article sentence = parse_text_article(
      "Flooding closed the coastal road on Sunday. Crews worked all night.\n", "x.txt", {});
  ASSERT_TRUE(sentence.title_derived);
  EXPECT_FALSE(has_title_word(sentence, "flood"));
  const Article headline =
      parse_text_article("Flooding closes coastal road\n\nCrews worked all night.\n", "y.txt", {});
  ASSERT_TRUE(headline.title_derived);
  EXPECT_TRUE(has_title_word(headline, "flood")) << "a headline line is the title, not body text";
}

}  // namespace
}  // namespace kensaku
