// Tests of the compound-word rules the indexer and the query builder share.
#include "common/compounds.h"

#include <gtest/gtest.h>

#include "common/schema.h"

namespace kensaku {
namespace {

std::vector<std::string> joined(const std::vector<Compound>& compounds) {
  std::vector<std::string> out;
  for (const Compound& c : compounds) out.push_back(c.joined);
  return out;
}

TEST(Compounds, HyphenatedWordsAreFoundWithTheirPartsInLowerCase) {
  auto found = hyphenated_compounds("The SM-6 and AIM-120, a co-production; F-35 and PAC-3.");
  EXPECT_EQ(joined(found),
            (std::vector<std::string>{"sm6", "aim120", "coproduction", "f35", "pac3"}));
  EXPECT_EQ(found[0].parts, (std::vector<std::string>{"sm", "6"}));
}

TEST(Compounds, AcronymsWithDotsAndLoneOrLeadingHyphensAreNotCompounds) {
  EXPECT_TRUE(hyphenated_compounds("U.S.-Japan ties").empty());
  EXPECT_TRUE(hyphenated_compounds("a - b, -x, y-").empty());
  EXPECT_TRUE(hyphenated_compounds("a-b-c-d-e").empty());  // a chain, not a word
}

TEST(Compounds, SpacedCodesAreLettersThenDigits) {
  EXPECT_EQ(joined(spaced_codes("the SM 6 and F 35 but not 6 SM or SM six")),
            (std::vector<std::string>{"sm6", "f35"}));
}

TEST(Compounds, TheJoinedTermIsAddedAtThePositionOfTheFirstPart) {
  Xapian::Document doc;
  Xapian::TermGenerator generator;
  schema::configure_term_generator(generator);
  generator.set_document(doc);
  const std::string text = "Japan will co-produce the SM-6 missile";
  generator.index_text(text);
  add_compound_terms(doc, text, schema::stemmer());
  auto positions = [&](const std::string& term) {
    std::vector<Xapian::termpos> out;
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(term);
    if (t != doc.termlist_end() && *t == term) {
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out.push_back(*p);
    }
    return out;
  };
  EXPECT_EQ(positions("sm6"), positions("sm"));
  EXPECT_EQ(positions("coproduc"), positions("co"));
  EXPECT_FALSE(positions("sm6").empty());
}

}  // namespace
}  // namespace kensaku
