// How matches are ranked: BM25 as tuned on Cranfield, tiers of query words, recency.
#ifndef KENSAKU_SEARCHER_RANKING_H_
#define KENSAKU_SEARCHER_RANKING_H_

#include <xapian.h>

#include <vector>

#include "searcher/deadline.h"
#include "searcher/facets.h"

namespace kensaku {

// The weighting scheme every search uses.
Xapian::BM25Weight bm25_weight();

struct Ranking {
  Xapian::Query query;       // the whole ranking as one query
  double tier_bonus = 0;     // added to the score of articles with every query word
  Xapian::Query untiered;    // `query` without the bonus; empty when there are no tiers
  Xapian::Query every_word;  // the articles that get the bonus; empty when there are no tiers
  // `untiered` restricted to the articles with every word, each weighing as in `untiered`. When
  // the query's operators combine nothing but its words, this is `untiered` with each OR turned
  // into an AND, so that each posting list is read once. Empty when there are no tiers.
  Xapian::Query tiered;
  // The articles the ranking matches, as cheaply as they can be told: the query without the
  // bonus, the recency and the feedback words, which weigh and never add a match.
  Xapian::Query matches;

  // The same ranking of only the articles `filter` keeps (OP_FILTER: no weight of its own).
  Ranking filtered_by(const Xapian::Query& filter) const;
};

// Matches of one pass; each item's score is its MSet weight plus `bonus`.
struct MatchPart {
  Xapian::MSet mset;
  double bonus = 0;
};

// How many articles a ranking matches: exact when `lower == upper`, else Xapian's estimate
// between the bounds.
struct MatchCount {
  Xapian::doccount estimate = 0;
  Xapian::doccount lower = 0;
  Xapian::doccount upper = 0;
  bool exact() const { return lower == upper; }
};

// One page of a ranking's matches, possibly in two parts whose items follow each other.
struct MatchPage {
  std::vector<MatchPart> parts;
  // What the passes tell of all the matches: exact only when they saw every one (a page with
  // room left); otherwise a lower bound, to be counted by count_matches.
  MatchCount count;
  bool cut_short = false;  // the deadline passed before the second pass could fill the page
};

// The matches [first, first + count) of `ranking` in `enquire`'s order (weighting scheme and sort
// as set by the caller; no match spy, which would see only the matches the passes score).
//
// In one query, the bonus is so large that Xapian cannot skip any article with some query word
// until the page is full of articles with every word: a rare word next to common ones made the
// matcher score every article with a common word. Ranked by relevance, the page is matched in
// two passes instead, the articles with every word and then, when the page has room, the others
// without the bonus, each pass skipping what cannot reach its page. The hits, their order and
// their scores are those of the one query, up to rounding: the first pass sums the same weights
// in another order and adds the bonus last. Once `deadline` has passed, the second pass is left
// out (`cut_short`) unless the first found nothing for the page: the page then holds the best
// matches only.
MatchPage match_page(Xapian::Enquire& enquire, const Ranking& ranking, Xapian::doccount first,
                     Xapian::doccount count, bool by_relevance, const Deadline& deadline = {});

// The number of articles `ranking` matches, counted one by one in document order without
// weights (one pass over `ranking.matches`, so no article is counted twice whatever the tiers),
// exact up to `at_most` matches and estimated with bounds beyond. `facets`, when given, sees
// every match counted. Counting stops at `deadline` (`*timed_out` is then set) with the matches
// seen so far as the lower bound. `local`: every database is local, so that a match spy of
// Kensaku's own may watch the clock; remote ones get Xapian's time limit instead.
MatchCount count_matches(const Xapian::Database& db, const Ranking& ranking,
                         Xapian::doccount at_most, FacetCounter* facets, const Deadline& deadline,
                         bool local, bool* timed_out);

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
