// Ranking: BM25 parameters, the every-word tier and the recency bonus.
#include "searcher/ranking.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/schema.h"

namespace kensaku {
namespace {

// BM25 as measured on Cranfield (scripts/eval): k1 1.6 over Xapian's 1.0 and the textbook 1.2
// (MAP +0.004 with feedback), b 0.75 (0.5 and 0.9 both lose).
constexpr double kK1 = 1.6;
constexpr double kK3 = 1.0;
constexpr double kB = 0.75;

// The recency bonus at its largest (an article dated on the newest day): about a near-tie in
// BM25 terms, so it reorders close matches and never a clearly better one.
constexpr double kRecencyWeight = 1.0;

// A per-document bonus of kRecencyWeight * 0.5^(age / half-life), read from the date slot.
class RecencySource : public Xapian::ValuePostingSource {
 public:
  RecencySource(long newest_day, double half_life_days)
      : Xapian::ValuePostingSource(schema::kDateSlot),
        newest_day_(newest_day),
        half_life_days_(half_life_days) {}

  double get_weight() const override {
    long day = days_from_yyyymmdd(get_value());
    if (day < 0) return 0;
    double age = static_cast<double>(std::max(0L, newest_day_ - day));
    return kRecencyWeight * std::exp2(-age / half_life_days_);
  }

  RecencySource* clone() const override { return new RecencySource(newest_day_, half_life_days_); }

  std::string name() const override { return "kensaku::RecencySource"; }

  void init(const Xapian::Database& db) override {
    Xapian::ValuePostingSource::init(db);
    set_maxweight(kRecencyWeight);
  }

 private:
  long newest_day_;
  double half_life_days_;
};

// An upper bound of the BM25 score `query` can give an article: each term's weight is at most
// (k1 + 1)(k3 + 1) times its idf, which is below log(2N + 2).
double max_bm25(const Xapian::Query& query, const Xapian::Database& db) {
  double terms = 0;
  for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) ++terms;
  terms += 1;  // a wildcard or synonym group weighs as one term and lists none
  double idf = std::log(2.0 * db.get_doccount() + 2.0);
  return terms * (kK1 + 1) * (kK3 + 1) * idf;
}

}  // namespace

Xapian::BM25Weight bm25_weight() { return Xapian::BM25Weight(kK1, 0, kK3, kB, 0.5); }

long days_from_yyyymmdd(const std::string& value) {
  if (value.size() != 8) return -1;
  for (char c : value) {
    if (c < '0' || c > '9') return -1;
  }
  long y = std::stol(value.substr(0, 4));
  unsigned m = static_cast<unsigned>(std::stoul(value.substr(4, 2)));
  unsigned d = static_cast<unsigned>(std::stoul(value.substr(6, 2)));
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

Ranking rank(const Xapian::Query& base, const std::vector<Xapian::Query>& words,
             const Xapian::Database& db, double half_life_days) {
  Ranking ranking;
  ranking.query = base;
  Xapian::Query recency;
  double recency_max = 0;
  if (half_life_days > 0) {
    long newest = days_from_yyyymmdd(db.get_value_upper_bound(schema::kDateSlot));
    if (newest >= 0) {
      recency = Xapian::Query((new RecencySource(newest, half_life_days))->release());
      recency_max = kRecencyWeight;
    }
  }
  if (words.size() >= 2) {
    // Every word present: a boolean AND (weight 0) carrying a fixed bonus above any BM25 score.
    ranking.tier_bonus = max_bm25(base, db) + recency_max + 1;
    Xapian::Query all(Xapian::Query::OP_AND, words.begin(), words.end());
    Xapian::Query bonus(
        Xapian::Query::OP_AND, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, all, 0),
        Xapian::Query((new Xapian::FixedWeightPostingSource(ranking.tier_bonus))->release()));
    // AND_MAYBE: the bonus never adds an article the query itself leaves out (-word, NOT).
    ranking.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, base, bonus);
  }
  if (!recency.empty()) {
    ranking.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, ranking.query, recency);
  }
  return ranking;
}

}  // namespace kensaku
