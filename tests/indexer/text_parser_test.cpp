// Tests of plain-text articles: metadata from sidecars, front matter and the text itself.
#include "indexer/parsers/text_parser.h"

#include <gtest/gtest.h>

#include "kensaku/error.h"
#include "tests/test_support.h"

namespace kensaku {
namespace {

using testing::corpus_dir;
using testing::read_file;

Article parse_seed(const std::string& name, bool with_sidecar) {
  auto path = corpus_dir() / name;
  std::optional<std::string> sidecar;
  if (with_sidecar) sidecar = read_file(path.string() + ".meta");
  return parse_text_article(read_file(path), path.string(), sidecar);
}

TEST(TextParser, DerivesTitleBylineAndSourceThatTheTextStates) {
  Article a = parse_seed("002_c73403e411bd2990.txt", false);
  EXPECT_EQ(a.title,
            "What The Upgraded US-Japan Alliance Means For Indo-Pacific Security - Analysis");
  EXPECT_EQ(a.author, "Sebastian Maslow");
  EXPECT_EQ(a.source, "East Asia Forum");
}

TEST(TextParser, TakesTheAuthorFromAnAuthorLine) {
  Article a = parse_seed("000_d9e0c6bde5f95736.txt", false);
  EXPECT_EQ(a.author, "Varuna Shankar");
  // A long first sentence is a standfirst, not a headline: the title is derived from it, shortened.
  EXPECT_TRUE(a.title.starts_with("Seeing stability beyond unpredictability")) << a.title;
  EXPECT_TRUE(a.title.ends_with("\u2026")) << a.title;
  EXPECT_TRUE(a.title_derived);
}

TEST(TextParser, ProseStartingWithByIsNotAByline) {
  Article a = parse_seed("003_b13ff8993483ff35.txt", false);
  EXPECT_EQ(a.author, "") << "'By increasing domestic production, ...' is a sentence";
  EXPECT_EQ(a.source, "") << "'Sources:' lists citations, not the publication";
  Article b = parse_text_article("Headline\nBy increasing output, Japan gains control.\n", "x", {});
  EXPECT_EQ(b.author, "");
}

TEST(TextParser, ShortFirstLineBecomesTheTitleAndLeavesTheBody) {
  Article a = parse_seed("001_9e27ae2802fd3b6b.txt", false);
  EXPECT_EQ(a.title,
            "US and Japan bolster joint defense command to counter Chinese military in "
            "Indo-Pacific region");
  EXPECT_FALSE(a.body.starts_with(a.title + "\n\n" + a.title)) << "first line taken once";
}

TEST(TextParser, SidecarOverridesWhatTheTextSuggests) {
  Article a = parse_seed("001_9e27ae2802fd3b6b.txt", true);
  EXPECT_EQ(a.source, "IRIA - International Relations Insights & Analysis");
  EXPECT_EQ(a.author, "");
}

TEST(TextParser, AFieldTheSidecarLeavesEmptyIsNotDerived) {
  Article a = parse_text_article("Short Headline\nBy Jane Doe\n\nBody text here.\n", "x.txt",
                                 std::string("author:\n"));
  EXPECT_EQ(a.author, "");
  EXPECT_EQ(a.title, "Short Headline");
}

TEST(TextParser, EveryShippedArticleParsesWithItsSidecar) {
  for (const char* name :
       {"000_d9e0c6bde5f95736.txt", "001_9e27ae2802fd3b6b.txt", "002_c73403e411bd2990.txt",
        "003_b13ff8993483ff35.txt", "004_04c299b1cf399749.txt"}) {
    Article a = parse_seed(name, true);
    EXPECT_GT(a.body.size(), 1000u) << name;
  }
  EXPECT_EQ(parse_seed("002_c73403e411bd2990.txt", true).author, "Sebastian Maslow");
  EXPECT_EQ(parse_seed("000_d9e0c6bde5f95736.txt", true).author, "Varuna Shankar");
  // Its sidecar states the title as empty: a derived one is shown, and its words stay in the body.
  Article untitled = parse_seed("004_04c299b1cf399749.txt", true);
  EXPECT_TRUE(untitled.title_derived);
  EXPECT_TRUE(untitled.title.starts_with("The United States is set to overhaul")) << untitled.title;
  EXPECT_TRUE(untitled.body.starts_with("The United States is set to overhaul")) << untitled.body;
}

TEST(TextParser, NormalisesTypographyBeforeIndexing) {
  Article a = parse_text_article(
      "Hegseth\xE2\x80\x99s visit to the US\xE2\x80\x93Japan summit\n"
      "\nBody.\n",
      "x.txt", {});
  EXPECT_EQ(a.title, "Hegseth's visit to the US-Japan summit");
}

TEST(TextParser, ReadsFrontMatter) {
  Article a = parse_text_article(
      "---\ntitle: Front Title\nauthor: A. Writer\ndate: 2025-03-30\ntags: x, y\n---\nBody.\n",
      "x.md", {});
  EXPECT_EQ(a.title, "Front Title");
  EXPECT_EQ(a.author, "A. Writer");
  EXPECT_EQ(a.date, "2025-03-30");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(a.body, "Body.");
}

TEST(TextParser, FrontMatterThatNeverClosesIsAnInputError) {
  try {
    parse_text_article("---\ntitle: Broken\n\nBody without end\n", "broken.md", {});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.path(), "broken.md");
    EXPECT_NE(std::string(e.what()).find("never closed"), std::string::npos);
  }
}

TEST(TextParser, EmptyAndWhitespaceOnlyFilesAreInputErrors) {
  EXPECT_THROW(parse_text_article("", "e.txt", {}), InputError);
  EXPECT_THROW(parse_text_article(" \n\t\n", "e.txt", {}), InputError);
}

}  // namespace
}  // namespace kensaku
