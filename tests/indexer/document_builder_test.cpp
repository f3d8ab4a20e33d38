// Tests of Article -> Xapian::Document: terms, values, stored fields and signatures.
#include "indexer/document_builder.h"

#include <gtest/gtest.h>

#include "common/schema.h"
#include "common/stored_fields.h"

namespace kensaku {
namespace {

Article sample() {
  Article a;
  a.id = "corpus/a.txt";
  a.title = "Joint force headquarters";
  a.body = "The unicorn masts were fitted to naval warships in Tokyo.";
  a.author = "Sebastian Maslow";
  a.source = "East Asia Forum";
  a.date = "2024-07-28";
  a.topics = {"Grain"};
  a.places = {"usa"};
  a.lang = "en";
  return a;
}

bool has_term(const Xapian::Document& doc, const std::string& term) {
  Xapian::TermIterator it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term;
}

Xapian::Query parse(const Xapian::Database& db, const std::string& text) {
  Xapian::QueryParser parser;
  schema::configure_query_parser(parser);
  parser.set_database(db);
  return parser.parse_query(text, schema::query_parser_flags());
}

TEST(DocumentBuilder, AddsIdDateAndFilterTermsThroughTheSchema) {
  DocumentBuilder builder;
  Xapian::Document doc = builder.build(sample(), Signature{});
  EXPECT_TRUE(has_term(doc, schema::id_term("corpus/a.txt")));
  EXPECT_TRUE(has_term(doc, std::string(schema::any_article_term())));
  auto dates = schema::date_terms("2024-07-28");
  EXPECT_TRUE(has_term(doc, dates->day));
  EXPECT_TRUE(has_term(doc, dates->month));
  EXPECT_TRUE(has_term(doc, dates->year));
  EXPECT_TRUE(has_term(doc, schema::boolean_term(*schema::find_field("topic"), "grain")));
  EXPECT_TRUE(has_term(doc, schema::boolean_term(*schema::find_field("place"), "USA")));
  EXPECT_TRUE(has_term(doc, schema::boolean_term(*schema::find_field("lang"), "en")));
  EXPECT_EQ(doc.get_value(schema::kDateSlot), "20240728");
  EXPECT_EQ(doc.get_value(schema::kIdSlot), "corpus/a.txt");
  EXPECT_EQ(doc.get_value(schema::kSourceSlot), "East Asia Forum");
}

TEST(DocumentBuilder, StoresEveryFieldForTheSearcher) {
  DocumentBuilder builder;
  Article a = sample();
  Article stored = decode_stored_fields(builder.build(a, Signature{}).get_data());
  EXPECT_EQ(stored.title, a.title);
  EXPECT_EQ(stored.body, a.body);
  EXPECT_EQ(stored.author, a.author);
  EXPECT_EQ(stored.topics, a.topics);
}

TEST(DocumentBuilder, SignatureRoundTripsExactly) {
  DocumentBuilder builder;
  Signature sig{123456789, 1742000000123456789, content_hash("abc")};
  Signature back = stored_signature(builder.build(sample(), sig));
  EXPECT_EQ(back.size, sig.size);
  EXPECT_EQ(back.mtime_ns, sig.mtime_ns);
  EXPECT_EQ(back.content_hash, sig.content_hash);
  EXPECT_NE(content_hash("abc"), content_hash("abd"));
  EXPECT_EQ(content_hash("abc").size(), 16u);
}

TEST(DocumentBuilder, StoredStampsReadBackEveryArticlesSizeMtimeAndDocument) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  DocumentBuilder builder;
  Article a = sample();
  Article b = sample();
  b.id = "corpus/b.txt";
  const Xapian::docid first =
      db.add_document(builder.build(a, Signature{10, 1742000000123456789, {}}));
  const Xapian::docid second = db.add_document(builder.build(b, Signature{20, -5, {}}));
  db.delete_document(first);
  const Xapian::docid third = db.add_document(builder.build(a, Signature{30, 7, "h"}));

  StoredStamps stamps(db);
  ASSERT_NE(stamps.find("corpus/a.txt"), nullptr);
  EXPECT_EQ(stamps.find("corpus/a.txt")->docid, third);
  EXPECT_EQ(stamps.find("corpus/a.txt")->size, 30u);
  EXPECT_EQ(stamps.find("corpus/a.txt")->mtime_ns, 7);
  ASSERT_NE(stamps.find("corpus/b.txt"), nullptr);
  EXPECT_EQ(stamps.find("corpus/b.txt")->docid, second);
  EXPECT_EQ(stamps.find("corpus/b.txt")->size, 20u);
  EXPECT_EQ(stamps.find("corpus/b.txt")->mtime_ns, -5);
  EXPECT_EQ(stamps.find("corpus/c.txt"), nullptr);
}

TEST(DocumentBuilder, PhrasesFieldsAndStemsAreSearchable) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  DocumentBuilder builder;
  db.add_document(builder.build(sample(), Signature{}));
  Xapian::Enquire enquire(db);
  for (const char* query : {"\"joint force headquarters\"", "mast", "warship", "author:maslow",
                            "author:\"sebastian maslow\"", "source:forum", "title:headquarters"}) {
    enquire.set_query(parse(db, query));
    EXPECT_EQ(enquire.get_mset(0, 10).size(), 1u) << query;
  }
  for (const char* query : {"\"headquarters the unicorn\"", "title:unicorn", "author:tokyo"}) {
    enquire.set_query(parse(db, query));
    EXPECT_EQ(enquire.get_mset(0, 10).size(), 0u) << query << " must not match across fields";
  }
}

TEST(DocumentBuilder, ATitleMatchOutranksTheSameWordInTheBody) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  DocumentBuilder builder;
  Article in_title;
  in_title.id = "t";
  in_title.title = "Missile production";
  in_title.body = "Japan and the United States agreed on several matters of cooperation today.";
  Article in_body;
  in_body.id = "b";
  in_body.title = "Cooperation agreed";
  in_body.body = "Japan and the United States agreed on missile matters of cooperation today.";
  db.add_document(builder.build(in_title, Signature{}));
  db.add_document(builder.build(in_body, Signature{}));
  Xapian::Enquire enquire(db);
  enquire.set_query(parse(db, "missile"));
  Xapian::MSet mset = enquire.get_mset(0, 10);
  ASSERT_EQ(mset.size(), 2u);
  EXPECT_EQ(mset.begin().get_document().get_value(schema::kIdSlot), "t");
}

}  // namespace
}  // namespace kensaku
