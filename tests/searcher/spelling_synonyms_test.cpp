// Tests of the spelling suggester (edit distance over the vocabulary) and the synonyms file.
#include <gtest/gtest.h>

#include "common/compounds.h"
#include "common/schema.h"
#include "common/stored_fields.h"
#include "kensaku/error.h"
#include "searcher/spelling.h"
#include "searcher/synonyms.h"

namespace kensaku {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndSwapsOfNeighbours) {
  EXPECT_EQ(edit_distance("hegseth", "hegseth", 2), 0u);
  EXPECT_EQ(edit_distance("hegsteh", "hegseth", 2), 1u);  // "te" swapped
  EXPECT_EQ(edit_distance("missle", "missile", 2), 1u);
  EXPECT_EQ(edit_distance("japan", "japon", 2), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting", 5), 3u);
  EXPECT_EQ(edit_distance("abc", "xyzxyz", 2), 3u);  // stops past the limit
}

TEST(SpellingSuggester, ProposesTheClosestMoreFrequentIndexedWord) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const char* words : {"hegseth visit", "hegseth", "heathen", "missile"}) {
    Xapian::Document doc;
    std::string text = words;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find(' ', start);
      if (end == std::string::npos) end = text.size();
      doc.add_term(text.substr(start, end - start));
      start = end + 1;
    }
    db.add_document(doc);
  }
  SpellingSuggester speller(db);
  EXPECT_EQ(speller.correct("hegsteh"), "hegseth");
  EXPECT_EQ(speller.correct("misile"), "missile");
  EXPECT_EQ(speller.correct("zzzzzz"), std::nullopt);
  EXPECT_EQ(speller.correct("ab"), std::nullopt);  // too short to guess
}

TEST(SpellingSuggester, AnswersWithTheWordAsArticlesPrintItNotItsStem) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator generator;
  schema::configure_term_generator(generator);
  for (const char* body : {"The defence ministry said the ministry would buy missiles.",
                           "Missiles and SM-6 missile6 co-production."}) {
    Article article;
    article.body = body;
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(article.body);
    add_compound_terms(doc, article.body, schema::stemmer());
    doc.set_data(encode_stored_fields(article));
    db.add_document(doc);
  }
  SpellingSuggester speller(db);
  ASSERT_TRUE(db.term_exists("ministri"));  // the index holds stems only
  EXPECT_EQ(speller.correct("ministre"), "ministry");
  EXPECT_EQ(speller.correct("misiles"), "missiles");  // never the compound term "missile6"
  EXPECT_EQ(speller.correct("ministryy"), "ministry");
  EXPECT_EQ(speller.correct("coproductoin"), "co-production");  // indexed joined, printed hyphened
}

TEST(SynonymTable, ExpandsAWordIntoEveryExpressionOfItsLine) {
  SynonymTable table = SynonymTable::parse(
      "# comment\n\nUSFJ = US Forces Japan  # trailing comment\nJFHQ = joint force headquarters\n",
      "test");
  Xapian::Query expanded = table.expand(Xapian::Query("usfj"));
  std::string description = expanded.get_description();
  EXPECT_NE(description.find("usfj"), std::string::npos) << description;
  EXPECT_NE(description.find("us PHRASE 3 forc PHRASE 3 japan"), std::string::npos) << description;
  std::vector<Xapian::Query> words{Xapian::Query("joint"), Xapian::Query("forc"),
                                   Xapian::Query("headquart")};
  Xapian::Query phrase(Xapian::Query::OP_PHRASE, words.begin(), words.end());
  EXPECT_NE(table.expand(phrase).get_description().find("jfhq"), std::string::npos);
  EXPECT_EQ(table.expand(Xapian::Query("japan")).get_description(),
            Xapian::Query("japan").get_description());
}

TEST(SynonymTable, ALineWithoutEqualsIsAUsageErrorNamingTheLine) {
  try {
    SynonymTable::parse("USFJ = US Forces Japan\nJFHQ joint force\n", "syn.txt");
    FAIL() << "expected a UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("syn.txt:2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(SynonymTable::load("/no/such/synonyms.txt"), UsageError);
}

}  // namespace
}  // namespace kensaku
