// Tests of the schema module: ids, dates, boolean terms and field prefixes.
#include "common/schema.h"

#include <gtest/gtest.h>

#include <set>

namespace kensaku::schema {
namespace {

TEST(Schema, IdTermIsThePrefixedIdWhenShort) {
  std::string term = id_term("corpus/003_b13ff8993483ff35.txt");
  EXPECT_TRUE(term.ends_with("corpus/003_b13ff8993483ff35.txt"));
  EXPECT_LT(term.size(), 245u);
}

TEST(Schema, LongIdsStayDistinctAndFitXapiansTermLimit) {
  std::string base(400, 'a');
  std::string a = id_term(base + "1"), b = id_term(base + "2");
  EXPECT_NE(a, b);
  EXPECT_LE(a.size(), 245u);
  EXPECT_EQ(a, id_term(base + "1"));  // stable
}

TEST(Schema, LongIdsAreNotCutInsideAUtf8Sequence) {
  std::string id;
  for (int i = 0; i < 150; ++i) id += "日";
  std::string term = id_term(id);
  std::size_t hash = term.rfind('#');
  ASSERT_NE(hash, std::string::npos);
  // Every byte before the hash belongs to a whole character: the head is a run of "日".
  std::string head = term.substr(1, hash - 1);
  EXPECT_EQ(head.size() % 3, 0u);
}

TEST(Schema, DateValueAcceptsIsoDatesAndRejectsOthers) {
  EXPECT_EQ(date_value("1987-02-26T15:01:01.790"), "19870226");
  EXPECT_EQ(date_value("2025-03-30"), "20250330");
  EXPECT_EQ(date_value("20250330"), "20250330");
  EXPECT_EQ(date_value("2025-13-01"), std::nullopt);
  EXPECT_EQ(date_value("March 30"), std::nullopt);
  EXPECT_EQ(date_value(""), std::nullopt);
}

TEST(Schema, DateTermsFollowOmegasDayMonthYearConvention) {
  auto terms = date_terms("2025-03-30");
  ASSERT_TRUE(terms);
  EXPECT_EQ(terms->day, "D20250330");
  EXPECT_EQ(terms->month, "M202503");
  EXPECT_EQ(terms->year, "Y2025");
}

TEST(Schema, BooleanTermsAreCaseFolded) {
  const Field* topic = find_field("topic");
  ASSERT_NE(topic, nullptr);
  EXPECT_EQ(boolean_term(*topic, "Grain"), boolean_term(*topic, "grain"));
  EXPECT_EQ(boolean_term(*topic, "GRAIN"), boolean_term(*topic, "grain"));
}

TEST(Schema, FieldNamesAndPrefixesAreUnique) {
  std::set<std::string_view> names, prefixes;
  for (const Field& field : fields()) {
    EXPECT_TRUE(names.insert(field.name).second) << field.name;
    EXPECT_TRUE(prefixes.insert(field.prefix).second) << field.prefix;
    EXPECT_NE(field.prefix, id_term("").substr(0, 1)) << "clashes with the id prefix";
  }
  for (std::string_view name : {"title", "author", "source", "topic", "place", "tag", "lang"}) {
    EXPECT_NE(find_field(name), nullptr) << name;
  }
  EXPECT_EQ(find_field("nonsense"), nullptr);
}

TEST(Schema, FreeTextWordStripsFieldPrefixesAndRejectsFilters) {
  EXPECT_EQ(free_text_word("japan"), "japan");
  EXPECT_EQ(free_text_word(std::string(title_prefix()) + "japan"), "japan");
  EXPECT_EQ(free_text_word(std::string(find_field("author")->prefix) + "maslow"), "maslow");
  EXPECT_EQ(free_text_word(boolean_term(*find_field("topic"), "grain")), std::nullopt);
  EXPECT_EQ(free_text_word(id_term("a.txt")), std::nullopt);
  EXPECT_EQ(free_text_word(date_terms("2025-03-30")->day), std::nullopt);
}

TEST(Schema, QueryParserAndTermGeneratorStemAlike) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator generator;
  configure_term_generator(generator);
  Xapian::Document doc;
  generator.set_document(doc);
  generator.index_text("Unicorn masts for warships");
  db.add_document(doc);
  Xapian::QueryParser parser;
  configure_query_parser(parser);
  parser.set_database(db);
  Xapian::Enquire enquire(db);
  enquire.set_query(parser.parse_query("mast warship", query_parser_flags()));
  EXPECT_EQ(enquire.get_mset(0, 10).size(), 1u);
}

}  // namespace
}  // namespace kensaku::schema
