// How matches are ranked: BM25 as tuned on Cranfield, tiers of query words, recency.
#ifndef KENSAKU_SEARCHER_RANKING_H_
#define KENSAKU_SEARCHER_RANKING_H_

#include <xapian.h>

#include <vector>

namespace kensaku {

// The weighting scheme every search uses.
Xapian::BM25Weight bm25_weight();

struct Ranking {
  Xapian::Query query;    // what Enquire runs
  double tier_bonus = 0;  // added to the score of articles with every query word
};

// Wraps `base` so that articles containing every one of `words` rank above those with only some
// (a bonus larger than any BM25 score the query can reach), and, when `half_life_days` > 0,
// newer articles get a small bonus that halves every `half_life_days` before the newest article
// in `db`.
Ranking rank(const Xapian::Query& base, const std::vector<Xapian::Query>& words,
             const Xapian::Database& db, double half_life_days);

// `query` with each OP_WILDCARD replaced by the synonym group of the kMaxWildcardExpansion
// indexed words it matches that are in most articles of `db` (ties: alphabetical). Xapian 1.4
// expands a wildcard in each database of a combined one separately, so the same query would
// weigh differently over shards than over one database; expanded here, it cannot.
Xapian::Query expand_wildcards(const Xapian::Query& query, const Xapian::Database& db);

// Days since 1970-01-01 of a "YYYYMMDD" value, or nullopt-like -1 when it is not one.
long days_from_yyyymmdd(const std::string& value);

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_RANKING_H_
