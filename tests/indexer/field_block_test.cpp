// Tests of "key: value" metadata blocks (sidecars and front matter).
#include "indexer/parsers/field_block.h"

#include <gtest/gtest.h>

namespace kensaku {
namespace {

TEST(FieldBlock, ParsesKeysCaseInsensitivelyAndKeepsColonsInValues) {
  auto fields = parse_field_block("Title: A: B\nURL: https://x.org/a?b=c\n", nullptr);
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0], (MetadataField{"title", "A: B"}));
  EXPECT_EQ(fields[1], (MetadataField{"url", "https://x.org/a?b=c"}));
}

TEST(FieldBlock, SkipsCommentsAndBlankLinesAndReportsLinesWithoutAColon) {
  std::vector<long> bad;
  auto fields = parse_field_block("# comment\n\nauthor: X\nnot a field\n", &bad);
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(bad, std::vector<long>{4});
}

TEST(FieldBlock, AppliesScalarAndListFields) {
  Article a;
  apply_fields(parse_field_block("title: \"Quoted\"\nsource: East Asia Forum\nlang: EN\n"
                                 "tags: [alliance, 'defence']\ntopics: grain, corn\n",
                                 nullptr),
               a);
  EXPECT_EQ(a.title, "Quoted");
  EXPECT_EQ(a.source, "East Asia Forum");
  EXPECT_EQ(a.lang, "en");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"alliance", "defence"}));
  EXPECT_EQ(a.topics, (std::vector<std::string>{"grain", "corn"}));
}

TEST(FieldBlock, AnEmptyValueClearsTheField) {
  Article a;
  a.title = "derived";
  apply_fields(parse_field_block("title:\n", nullptr), a);
  EXPECT_EQ(a.title, "");
}

}  // namespace
}  // namespace kensaku
