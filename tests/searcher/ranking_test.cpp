// Tests of the ranking: tiers matched in two passes give the one query's pages, scores and counts.
#include "searcher/ranking.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/schema.h"
#include "searcher/query_builder.h"

namespace kensaku {
namespace {

using Ranked = std::vector<std::pair<Xapian::docid, double>>;

// 600 articles over the words rare (about 2%), mid (30%) and common (70%), with varied counts
// and lengths. Every tenth article repeats an earlier one, so that equal scores are broken by
// the id slot as the Searcher breaks them; every third is tagged "keep" for filters.
class TieredMatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::uint32_t state = 20261122;
    auto next = [&state] {
      state = state * 1664525u + 1013904223u;
      return state >> 8;
    };
    std::vector<Xapian::Document> made;
    for (int i = 0; i < 600; ++i) {
      Xapian::Document doc;
      if (i % 10 == 9) {
        doc = made[next() % made.size()];
      } else {
        auto add = [&](const char* word, unsigned percent) {
          if (next() % 100 < percent) doc.add_term(word, 1 + next() % 4);
        };
        add("rare", 2);
        add("mid", 30);
        add("common", 70);
        doc.add_term("filler", 1 + next() % 40);
        if (i % 3 == 0) doc.add_boolean_term("Xkeep");
      }
      made.push_back(doc);
      Xapian::Document stored = doc;
      stored.add_value(schema::kIdSlot, "article-" + std::to_string(1000 + (i * 7919) % 600));
      db_.add_document(stored);
    }
    db_.commit();
  }

  Xapian::Enquire enquire() const {
    Xapian::Enquire enquire(db_);
    enquire.set_weighting_scheme(bm25_weight());
    enquire.set_sort_by_relevance_then_value(schema::kIdSlot, false);
    return enquire;
  }

  static Ranking ranking_of(const std::vector<std::string>& words, const Xapian::Database& db) {
    std::vector<Xapian::Query> queries(words.begin(), words.end());
    Xapian::Query base(Xapian::Query::OP_OR, queries.begin(), queries.end());
    return rank(base, queries, db, 0);
  }

  // Every match of the ranking's one query, in order.
  Ranked one_query(const Ranking& ranking) const {
    Xapian::Enquire all = enquire();
    all.set_query(ranking.query);
    Ranked out;
    Xapian::MSet mset = all.get_mset(0, db_.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) out.emplace_back(*it, it.get_weight());
    return out;
  }

  static Ranked hits_of(const MatchPage& page) {
    Ranked out;
    for (const MatchPart& part : page.parts) {
      for (auto it = part.mset.begin(); it != part.mset.end(); ++it) {
        out.emplace_back(*it, it.get_weight() + part.bonus);
      }
    }
    return out;
  }

  // All the matches, as the Searcher tells them: from the passes when they saw every one, else
  // counted.
  Xapian::doccount total_of(const Ranking& ranking, const MatchPage& page) const {
    if (page.count.exact()) return page.count.lower;
    bool timed_out = false;
    MatchCount counted =
        count_matches(db_, ranking, db_.get_doccount(), nullptr, Deadline(), true, &timed_out);
    EXPECT_TRUE(counted.exact());
    EXPECT_FALSE(timed_out);
    EXPECT_LE(page.count.lower, counted.lower);
    return counted.estimate;
  }

  // Every page of `ranking` from the two passes is the one query's page, with the same scores.
  void expect_pages_of_the_one_query(const Ranking& ranking, const std::string& what) const {
    const Ranked expected = one_query(ranking);
    for (Xapian::doccount first : {0u, 1u, 5u, 9u, 10u, 13u, 40u, 200u, 590u}) {
      for (Xapian::doccount count : {1u, 7u, 10u, 50u}) {
        Xapian::Enquire paged = enquire();
        MatchPage page = match_page(paged, ranking, first, count, true);
        Ranked want(expected.begin() + std::min<std::size_t>(first, expected.size()),
                    expected.begin() + std::min<std::size_t>(first + count, expected.size()));
        // Equal, not near: on these articles the first pass's sums round as the one query's.
        EXPECT_EQ(hits_of(page), want) << what << ", " << first << "+" << count;
        EXPECT_EQ(total_of(ranking, page), expected.size()) << what << ", " << first;
      }
    }
  }

  Xapian::WritableDatabase db_{std::string(), Xapian::DB_BACKEND_INMEMORY};
};

const std::vector<std::vector<std::string>> kWordSets = {
    {"rare", "common"}, {"rare", "mid", "common"}, {"mid", "common"}, {"rare", "mid"}};

TEST_F(TieredMatchTest, EveryPageOfTheTwoPassesIsThePageOfTheOneQueryWithTheSameScores) {
  for (const auto& words : kWordSets) {
    Ranking ranking = ranking_of(words, db_);
    ASSERT_FALSE(ranking.every_word.empty());
    expect_pages_of_the_one_query(ranking, std::to_string(words.size()) + " words");
  }
}

TEST_F(TieredMatchTest, TheFirstPassOfPlainWordsIsTheirAndSoThatEachPostingListIsReadOnce) {
  Ranking ranking = ranking_of({"rare", "mid", "common"}, db_);
  const std::vector<Xapian::Query> words = {Xapian::Query("rare"), Xapian::Query("mid"),
                                            Xapian::Query("common")};
  EXPECT_EQ(ranking.tiered.get_description(),
            Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()).get_description());
}

TEST_F(TieredMatchTest, QueriesAsTheBuilderWritesThemGetTheAndOfTheirWordsAsFirstPass) {
  // Phrases, compounds with their joined form, wildcards and exclusions are words or keep their
  // place: none of them needs the filter that reads each posting list twice.
  QueryBuilder builder(db_);
  for (const char* text : {"rare mid common", "\"rare mid\" common", "SM-6 common", "rare commo*",
                           "rare common -mid", "title:rare common"}) {
    BuiltQuery built = builder.build(text);
    Ranking ranking = rank(built.query, built.words, db_, 0);
    ASSERT_FALSE(ranking.tiered.empty()) << text;
    EXPECT_NE(ranking.tiered.get_type(), Xapian::Query::OP_FILTER)
        << text << ": " << ranking.tiered.get_description();
    expect_pages_of_the_one_query(ranking, text);
  }
}

TEST_F(TieredMatchTest, AnExcludedWordStaysExcludedInBothPasses) {
  const std::vector<Xapian::Query> words = {Xapian::Query("mid"), Xapian::Query("common")};
  Xapian::Query base(Xapian::Query::OP_AND_NOT,
                     Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()),
                     Xapian::Query("rare"));
  Ranking ranking = rank(base, words, db_, 0);
  EXPECT_EQ(ranking.tiered.get_type(), Xapian::Query::OP_AND_NOT);
  expect_pages_of_the_one_query(ranking, "mid common -rare");
}

TEST_F(TieredMatchTest, AnAlternativeThatIsNoWordKeepsTheFirstPassAFilterOfTheOneQuery) {
  // A value range beside the words: articles may match it with no word at all.
  const std::vector<Xapian::Query> words = {Xapian::Query("rare"), Xapian::Query("mid")};
  std::vector<Xapian::Query> alternatives = words;
  alternatives.emplace_back(Xapian::Query::OP_VALUE_GE, schema::kIdSlot, "article-1500");
  Xapian::Query base(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
  Ranking ranking = rank(base, words, db_, 0);
  EXPECT_EQ(ranking.tiered.get_type(), Xapian::Query::OP_FILTER);
  expect_pages_of_the_one_query(ranking, "rare mid or a value range");
}

TEST_F(TieredMatchTest, AFilteredRankingKeepsOnlyTheFilteredArticlesInBothPasses) {
  Ranking ranking = ranking_of({"mid", "common"}, db_).filtered_by(Xapian::Query("Xkeep"));
  const Ranked expected = one_query(ranking);
  ASSERT_LT(expected.size(), one_query(ranking_of({"mid", "common"}, db_)).size());
  for (Xapian::doccount first : {0u, 30u, 60u}) {
    Xapian::Enquire paged = enquire();
    MatchPage page = match_page(paged, ranking, first, 40, true);
    Ranked want(expected.begin() + std::min<std::size_t>(first, expected.size()),
                expected.begin() + std::min<std::size_t>(first + 40, expected.size()));
    EXPECT_EQ(hits_of(page), want) << first;
    EXPECT_EQ(total_of(ranking, page), expected.size()) << first;
  }
}

TEST_F(TieredMatchTest, TheCountIsEveryMatchOnceAcrossBothPassesUpToItsBound) {
  for (const auto& words : kWordSets) {
    Ranking ranking = ranking_of(words, db_);
    const Xapian::doccount all = one_query(ranking).size();
    bool timed_out = false;
    MatchCount exact = count_matches(db_, ranking, all, nullptr, Deadline(), true, &timed_out);
    EXPECT_TRUE(exact.exact());
    EXPECT_EQ(exact.estimate, all);
    // One match fewer than the bound allows: an estimate, between bounds that hold the truth.
    MatchCount bounded =
        count_matches(db_, ranking, all - 1, nullptr, Deadline(), true, &timed_out);
    EXPECT_FALSE(bounded.exact());
    EXPECT_LE(bounded.lower, all);
    EXPECT_GE(bounded.lower, all - 1);
    EXPECT_GE(bounded.upper, all);
    EXPECT_FALSE(timed_out);
  }
}

TEST_F(TieredMatchTest, ACountPastItsDeadlineIsFlaggedWithBoundsThatHoldTheTruth) {
  Ranking ranking = ranking_of({"mid", "common"}, db_);
  const Xapian::doccount all = one_query(ranking).size();
  Deadline passed(1e-9);
  while (!passed.passed()) {
  }
  bool timed_out = false;
  MatchCount count = count_matches(db_, ranking, all, nullptr, passed, true, &timed_out);
  EXPECT_TRUE(timed_out);
  EXPECT_FALSE(count.exact());
  EXPECT_LE(count.lower, all);
  EXPECT_GE(count.upper, all);
}

TEST_F(TieredMatchTest, AFullFirstPassLeavesTheCountOpenAndOneWithRoomClosesIt) {
  Ranking ranking = ranking_of({"rare", "common"}, db_);
  const Xapian::doccount all = one_query(ranking).size();
  Xapian::Enquire paged = enquire();
  MatchPage full = match_page(paged, ranking, 0, 3, true);
  EXPECT_FALSE(full.count.exact());
  EXPECT_LE(full.count.lower, all);
  MatchPage last = match_page(paged, ranking, all - 2, 10, true);
  ASSERT_TRUE(last.count.exact());
  EXPECT_EQ(last.count.lower, all);
}

TEST_F(TieredMatchTest, PastTheDeadlineTheSecondPassIsLeftOutAndTheFirstPassKept) {
  Ranking ranking = ranking_of({"rare", "common"}, db_);
  Deadline passed(1e-9);
  while (!passed.passed()) {
  }
  Xapian::Enquire paged = enquire();
  MatchPage page = match_page(paged, ranking, 0, 50, true, passed);
  EXPECT_TRUE(page.cut_short);
  ASSERT_EQ(page.parts.size(), 1u);
  const Ranked expected = one_query(ranking);
  EXPECT_EQ(hits_of(page), Ranked(expected.begin(), expected.begin() + page.parts[0].mset.size()));
}

TEST_F(TieredMatchTest, OneWordOrAnotherOrderIsOneQuery) {
  Ranking single = ranking_of({"common"}, db_);
  EXPECT_TRUE(single.every_word.empty());
  Xapian::Enquire paged = enquire();
  EXPECT_EQ(match_page(paged, single, 0, 10, true).parts.size(), 1u);
  Xapian::Enquire by_date = enquire();
  EXPECT_EQ(match_page(by_date, ranking_of({"mid", "common"}, db_), 0, 10, false).parts.size(), 1u);
}

}  // namespace
}  // namespace kensaku
