// Tests of the full-timestamp sort slot: what the builder writes, and the day-slot fallback for
// indexes written before it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/schema.h"
#include "indexer/document_builder.h"

namespace kensaku {
namespace {

Xapian::Document build(const std::string& id, const std::string& date) {
  DocumentBuilder builder;
  Article article;
  article.id = id;
  article.body = "Oil prices moved.";
  article.date = date;
  return builder.build(article, Signature{});
}

TEST(TimestampSlot, HoldsTheUtcInstantThenTheId) {
  EXPECT_EQ(build("a", "2025-03-30T09:00:00+09:00").get_value(schema::kTimestampSlot),
            "20250330000000a");
  EXPECT_EQ(build("b", "2025-03-30T09:00:00").get_value(schema::kTimestampSlot), "20250330090000b");
  EXPECT_EQ(build("c", "2025-03-30").get_value(schema::kTimestampSlot), "20250330000000c");
  EXPECT_EQ(build("d", "").get_value(schema::kTimestampSlot), "");
}

// Ids in the order --sort date gives over `db`.
std::vector<std::string> by_date(const Xapian::Database& db, bool newest_first) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query::MatchAll);
  enquire.set_sort_by_value_then_relevance(schema::date_sort_slot(db), newest_first);
  std::vector<std::string> ids;
  const Xapian::MSet mset = enquire.get_mset(0, 100);
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    ids.push_back(it.get_document().get_value(schema::kIdSlot));
  }
  return ids;
}

TEST(TimestampSlot, OrdersOneDaysArticlesByTimeAndZoneThenId) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  db.add_document(build("evening", "2025-03-30T18:00:00Z"));
  db.add_document(build("tokyo-morning", "2025-03-30T08:00:00+09:00"));  // 23:00 the day before
  db.add_document(build("b-noon", "2025-03-30T12:00:00Z"));
  db.add_document(build("a-noon", "2025-03-30 12:00"));
  db.add_document(build("morning", "2025-03-30T07:30:00"));
  EXPECT_EQ(schema::date_sort_slot(db), schema::kTimestampSlot);
  EXPECT_EQ(by_date(db, false),
            (std::vector<std::string>{"tokyo-morning", "morning", "a-noon", "b-noon", "evening"}));
  EXPECT_EQ(by_date(db, true),
            (std::vector<std::string>{"evening", "b-noon", "a-noon", "morning", "tokyo-morning"}));
}

TEST(TimestampSlot, AnIndexWithDatedArticlesWithoutTheSlotIsSortedByDay) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const auto& [id, date] :
       std::vector<std::pair<std::string, std::string>>{{"late", "2025-03-31T23:00:00"},
                                                        {"early", "2025-03-29T01:00:00"},
                                                        {"new", "2025-03-30T12:00:00"}}) {
    Xapian::Document doc = build(id, date);
    if (id != "new") doc.remove_value(schema::kTimestampSlot);  // as written before the slot
    db.add_document(doc);
  }
  EXPECT_EQ(schema::date_sort_slot(db), schema::kDateSlot);
  EXPECT_EQ(by_date(db, false), (std::vector<std::string>{"early", "new", "late"}));
  EXPECT_EQ(by_date(db, true), (std::vector<std::string>{"late", "new", "early"}));
}

}  // namespace
}  // namespace kensaku
