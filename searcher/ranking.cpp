// Ranking: BM25 parameters, the every-word tier and the recency bonus.
#include "searcher/ranking.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/schema.h"
#include "searcher/query_builder.h"
#include "searcher/query_rewrite.h"

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

// Ages beyond this many half-lives get no recency bonus (it would be below 2^-32, far under any
// difference between BM25 scores), which bounds the table below.
constexpr double kRecencyHorizonHalfLives = 32;

// "YYYYMMDD" of a day counted from 1970-01-01 (Howard Hinnant's civil_from_days).
std::string yyyymmdd_from_days(long days) {
  days += 719468;
  const long era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const long y = static_cast<long>(yoe) + era * 400 + (m <= 2);
  char text[48];
  std::snprintf(text, sizeof text, "%04ld%02u%02u", y, m, d);
  return text;
}

// A per-document bonus of kRecencyWeight * 0.5^(age / half-life), age in days before
// `newest_day`, read from the date slot. Built as Xapian's own ValueMapPostingSource (a table from
// each day to its bonus) rather than a PostingSource subclass, because xapian-tcpsrv can only
// run the posting sources Xapian registers: the same ranking then works over remote shards.
Xapian::Query recency_bonus(long oldest_day, long newest_day, double half_life_days) {
  auto* source = new Xapian::ValueMapPostingSource(schema::kDateSlot);
  const long horizon = static_cast<long>(std::ceil(kRecencyHorizonHalfLives * half_life_days));
  for (long day = std::max(oldest_day, newest_day - horizon); day <= newest_day; ++day) {
    const double age = static_cast<double>(newest_day - day);
    source->add_mapping(yyyymmdd_from_days(day), kRecencyWeight * std::exp2(-age / half_life_days));
  }
  source->set_default_weight(0);  // undated, or older than the horizon
  return Xapian::Query(source->release());
}

// An upper bound of the BM25 score `query` can give an article: each term's weight is at most
// (k1 + 1)(k3 + 1) times its idf, which is below log(2N + 2).
double max_bm25(const Xapian::Query& query, const Xapian::Database& db) {
  double terms = 0;
  for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) ++terms;
  terms += 1;  // a wildcard or synonym group weighs as one term and lists none
  double idf = std::log(2.0 * db.get_doccount() + 2.0);
  return terms * (kK1 + 1) * (kK3 + 1) * idf;
}

// `query` matching only articles with every word of `words` (descriptions of the query's word
// subqueries), or nullopt when some operator combines anything but words. An article with every
// word matches each word subquery, so an OR or AND_MAYBE of words weighs it as their AND does;
// an exclusion or filter keeps its right side.
std::optional<Xapian::Query> require_every_word(const Xapian::Query& query,
                                                const std::set<std::string>& words) {
  if (words.count(query.get_description())) return query;
  const std::size_t n = query.get_num_subqueries();
  switch (query.get_type()) {
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_AND_MAYBE: {
      std::vector<Xapian::Query> required;
      for (std::size_t i = 0; i < n; ++i) {
        std::optional<Xapian::Query> sub = require_every_word(query.get_subquery(i), words);
        if (!sub) return std::nullopt;
        required.push_back(*sub);
      }
      return Xapian::Query(Xapian::Query::OP_AND, required.begin(), required.end());
    }
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_AND_NOT: {
      if (n == 0) return std::nullopt;
      std::optional<Xapian::Query> left = require_every_word(query.get_subquery(0), words);
      if (!left) return std::nullopt;
      std::vector<Xapian::Query> subs{*left};
      for (std::size_t i = 1; i < n; ++i) subs.push_back(query.get_subquery(i));
      return Xapian::Query(query.get_type(), subs.begin(), subs.end());
    }
    default:
      return std::nullopt;
  }
}

// What an MSet says of all the matches of its query.
MatchCount count_of(const Xapian::MSet& mset) {
  return {mset.get_matches_estimated(), mset.get_matches_lower_bound(),
          mset.get_matches_upper_bound()};
}

// Thrown by DeadlineSpy through Xapian's matcher, which then stops.
struct DeadlineReached {};

// Sees every match of a counting pass; counts them and, every 1024, looks at the clock. Xapian
// has no way to stop a match at a deadline (Enquire::set_time_limit only stops checking beyond
// the page, and only over one database): an exception from a spy stops it anywhere.
class DeadlineSpy : public Xapian::MatchSpy {
 public:
  explicit DeadlineSpy(const Deadline& deadline) : deadline_(deadline) {}
  void operator()(const Xapian::Document&, double) override {
    if ((++seen_ & 1023u) == 0 && deadline_.passed()) throw DeadlineReached{};
  }
  Xapian::doccount seen() const { return seen_; }

 private:
  const Deadline& deadline_;
  Xapian::doccount seen_ = 0;
};

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

Xapian::Query expand_wildcards(const Xapian::Query& query, const Xapian::Database& db) {
  return rewrite_query(query, [&db](const Xapian::Query& sub) -> std::optional<Xapian::Query> {
    if (sub.get_type() != Xapian::Query::OP_WILDCARD) return std::nullopt;
    const std::string pattern = wildcard_pattern(sub);
    std::vector<std::pair<Xapian::doccount, std::string>> found;
    for (auto t = db.allterms_begin(pattern); t != db.allterms_end(pattern); ++t) {
      found.emplace_back(t.get_termfreq(), *t);
    }
    auto more_frequent = [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    };
    if (found.size() > kMaxWildcardExpansion) {
      std::partial_sort(found.begin(), found.begin() + kMaxWildcardExpansion, found.end(),
                        more_frequent);
      found.resize(kMaxWildcardExpansion);
    }
    if (found.empty()) return Xapian::Query::MatchNothing;
    std::vector<Xapian::Query> terms;
    for (const auto& [freq, term] : found) terms.emplace_back(term);
    return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
  });
}

Ranking rank(const Xapian::Query& base, const std::vector<Xapian::Query>& words,
             const Xapian::Database& db, double half_life_days) {
  Ranking ranking;
  ranking.query = expand_wildcards(base, db);
  ranking.matches = ranking.query;
  Xapian::Query recency;
  double recency_max = 0;
  if (half_life_days > 0) {
    long newest = days_from_yyyymmdd(db.get_value_upper_bound(schema::kDateSlot));
    long oldest = days_from_yyyymmdd(db.get_value_lower_bound(schema::kDateSlot));
    if (newest >= 0) {
      recency = recency_bonus(oldest >= 0 ? oldest : newest, newest, half_life_days);
      recency_max = kRecencyWeight;
    }
  }
  if (words.size() >= 2) {
    // Every word present: a boolean AND (weight 0) carrying a fixed bonus above any BM25 score.
    ranking.tier_bonus = max_bm25(base, db) + recency_max + 1;
    std::vector<Xapian::Query> expanded;
    std::set<std::string> descriptions;
    for (const Xapian::Query& word : words) {
      expanded.push_back(expand_wildcards(word, db));
      descriptions.insert(expanded.back().get_description());
    }
    ranking.every_word = Xapian::Query(Xapian::Query::OP_AND, expanded.begin(), expanded.end());
    ranking.untiered = ranking.query;
    std::optional<Xapian::Query> required = require_every_word(ranking.query, descriptions);
    ranking.tiered =
        required ? *required
                 : Xapian::Query(Xapian::Query::OP_FILTER, ranking.query, ranking.every_word);
    Xapian::Query bonus(
        Xapian::Query::OP_AND, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, ranking.every_word, 0),
        Xapian::Query((new Xapian::FixedWeightPostingSource(ranking.tier_bonus))->release()));
    // AND_MAYBE: the bonus never adds an article the query itself leaves out (-word, NOT).
    ranking.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, ranking.query, bonus);
  }
  if (!recency.empty()) {
    ranking.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, ranking.query, recency);
    if (!ranking.untiered.empty()) {
      ranking.untiered = Xapian::Query(Xapian::Query::OP_AND_MAYBE, ranking.untiered, recency);
      ranking.tiered = Xapian::Query(Xapian::Query::OP_AND_MAYBE, ranking.tiered, recency);
    }
  }
  return ranking;
}

Ranking Ranking::filtered_by(const Xapian::Query& filter) const {
  Ranking out = *this;
  out.query = Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
  out.matches = Xapian::Query(Xapian::Query::OP_FILTER, matches, filter);
  if (!untiered.empty()) {
    out.untiered = Xapian::Query(Xapian::Query::OP_FILTER, untiered, filter);
    out.tiered = Xapian::Query(Xapian::Query::OP_FILTER, tiered, filter);
  }
  return out;
}

MatchPage match_page(Xapian::Enquire& enquire, const Ranking& ranking, Xapian::doccount first,
                     Xapian::doccount count, bool by_relevance, const Deadline& deadline) {
  MatchPage page;
  if (!by_relevance || ranking.every_word.empty()) {
    enquire.set_query(ranking.query);
    page.parts.push_back({enquire.get_mset(first, count)});
    page.count = count_of(page.parts.back().mset);
    return page;
  }
  // Every article of the first pass scores above the bonus and every other article below it, so
  // the second pass's hits follow the first's.
  enquire.set_query(ranking.tiered);
  Xapian::MSet tiered = enquire.get_mset(first, count);
  page.parts.push_back({tiered, ranking.tier_bonus});
  const MatchCount with_every_word = count_of(tiered);
  page.count = {with_every_word.lower, with_every_word.lower, Xapian::doccount(-1)};
  // A pass that leaves room on its page has seen all its matches, so its count is exact.
  if (tiered.size() == count) return page;
  // Past the deadline, a page that has hits keeps them; one that has none gets the others.
  if (deadline.passed() && !tiered.empty()) {
    page.cut_short = true;
    return page;
  }
  const Xapian::doccount tiered_total = with_every_word.lower;
  enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, ranking.untiered, ranking.every_word));
  Xapian::MSet rest = enquire.get_mset(first > tiered_total ? first - tiered_total : 0,
                                       count - static_cast<Xapian::doccount>(tiered.size()));
  page.parts.push_back({rest});
  const MatchCount others = count_of(rest);
  page.count = {tiered_total + others.estimate, tiered_total + others.lower,
                tiered_total + others.upper};
  return page;
}

MatchCount count_matches(const Xapian::Database& db, const Ranking& ranking,
                         Xapian::doccount at_most, FacetCounter* facets, const Deadline& deadline,
                         bool local, bool* timed_out) {
  Xapian::Enquire enquire(db);
  enquire.set_query(ranking.matches.empty() ? ranking.query : ranking.matches);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  // Xapian's bounds from the posting lists' sizes, without matching.
  const MatchCount bounds = count_of(enquire.get_mset(0, 0, Xapian::doccount{0}));
  if (bounds.exact() && !facets) return bounds;
  if (deadline.passed()) {
    *timed_out = true;
    return bounds;
  }
  if (facets) facets->attach(enquire);
  DeadlineSpy spy(deadline);
  if (local && deadline.limited()) enquire.add_matchspy(&spy);
  if (!local && deadline.limited()) enquire.set_time_limit(deadline.remaining_seconds());
  try {
    // Checking one more than `at_most` tells "exactly at_most" from "more". The pass keeps no
    // item: unweighted and in document order, Xapian still checks every match up to the bound,
    // and twice as fast as when it keeps one (about 80 ns a match over Reuters).
    MatchCount counted = count_of(enquire.get_mset(0, 0, at_most + 1));
    if (!counted.exact() && deadline.passed()) *timed_out = true;
    return counted;
  } catch (const DeadlineReached&) {
    *timed_out = true;
    const Xapian::doccount lower = std::max(bounds.lower, spy.seen());
    return {std::clamp(bounds.estimate, lower, bounds.upper), lower, bounds.upper};
  }
}

}  // namespace kensaku
