// The Searcher: opens the index, runs a query, and turns the match set into hits with snippets.
#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "common/schema.h"
#include "common/stored_fields.h"
#include "common/xapian_errors.h"
#include "kensaku/search.h"
#include "searcher/databases.h"
#include "searcher/deadline.h"
#include "searcher/facets.h"
#include "searcher/query_builder.h"
#include "searcher/ranking.h"
#include "searcher/snippet_builder.h"
#include "searcher/spelling.h"
#include "searcher/synonyms.h"

namespace kensaku {
namespace {

// A search's count is exact up to this many matches, then estimated with bounds (README,
// "Limits"). Counting is one unweighted pass in document order that stops after this many: a few
// milliseconds for words, but a phrase's positions are checked in every candidate (a common
// phrase over Reuters x10 took 100-300 ms counted to the end). Every query over Reuters-21578
// (21,578 articles) is counted exactly.
constexpr Xapian::doccount kCountedExactly = 25000;

// A writer that commits while a search reads may overwrite what the search reads (Xapian throws
// DatabaseModifiedError): the search reopens the index and starts over, until its time limit,
// or for this long when it has none.
constexpr double kRetryWindowSeconds = 10;
// Whatever the deadline, this many attempts: the ones after the deadline do the least work (no
// count, no snippets), so they are the likeliest to finish between two commits.
constexpr int kMinAttempts = 8;
// A block a writer has just reused reads as damaged (DatabaseCorruptError) until reopened; damage
// still there after this many attempts in a row is real.
constexpr int kCorruptAttempts = 5;
// The largest time limit a request may ask for (a day); 0 is none.
constexpr double kMaxTimeLimitSeconds = 86400;

// Pseudo-relevance feedback for questions (queries of at least kFeedbackMinWords words): the
// kFeedbackTerms most distinctive words of the kFeedbackDocuments best matches join the query at
// kFeedbackWeight of a query word's weight, reordering the matches (never adding to them). Short
// keyword queries are precise as written and keep their cost. Measured on Cranfield (scripts/eval):
// MAP 0.425 -> 0.452, nDCG@10 0.452; 10-12 terms at weight 0.25-0.35 all give nDCG@10 >= 0.450,
// so the choice sits on a plateau, not a peak.
constexpr std::size_t kFeedbackMinWords = 5;
constexpr Xapian::doccount kFeedbackDocuments = 10;
constexpr Xapian::termcount kFeedbackTerms = 12;
constexpr double kFeedbackWeight = 0.35;

// How many of a liked article's most distinctive terms make the "more like this" query.
constexpr Xapian::termcount kLikeTerms = 30;

// Identifies the stub file DIR/XAPIANDB (or a stub file given directly): its inode changes when
// kensaku-index --compact renames a new stub over it.
struct StubStamp {
  ino_t inode = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const StubStamp&) const = default;
};

StubStamp stub_stamp(const std::string& location) {
  struct stat st;
  if (::stat(location.c_str(), &st) != 0) return {};
  if (S_ISDIR(st.st_mode) && ::stat((location + "/XAPIANDB").c_str(), &st) != 0) return {};
  return {st.st_ino,
          static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// Waits before attempt `attempt` + 1 of a search that met a commit: not at all after the first
// failure, then from 0.1 ms doubling up to 10 ms, each wait drawn at random up to that, so that
// a search that keeps meeting a writer's commits falls out of step with them.
void backoff(int attempt) {
  if (attempt <= 1) return;
  thread_local std::minstd_rand random(static_cast<unsigned>(
      std::hash<std::thread::id>()(std::this_thread::get_id()) ^
      static_cast<std::size_t>(std::chrono::steady_clock::now().time_since_epoch().count())));
  const long most = std::min(100L << std::min(attempt - 2, 7), 10000L);
  std::this_thread::sleep_for(
      std::chrono::microseconds(std::uniform_int_distribution<long>(most / 2, most)(random)));
}

// The note of a search that reached its time limit.
std::string time_limit_note(double seconds) {
  char limit[32];
  std::snprintf(limit, sizeof limit, "%g", seconds);
  return std::string("The search reached its time limit of ") + limit +
         " s: the results are the best found by then, and what was left out is flagged "
         "(\"timed_out\", \"total_exact\")";
}

// The locations joined for messages: "A" or "A, B".
std::string describe_locations(const std::vector<std::string>& locations) {
  std::string out;
  for (const std::string& location : locations) out += (out.empty() ? "" : ", ") + location;
  return out;
}

// "More like this" keeps words of the text: no field, id or date terms, no numbers, no stop words,
// and no word found in the given articles alone (it could find nothing else).
class LikeTermDecider : public Xapian::ExpandDecider {
 public:
  LikeTermDecider(const Xapian::Database& db, Xapian::doccount min_freq)
      : db_(db), min_freq_(min_freq) {}

  bool operator()(const std::string& term) const override {
    if (term.size() < 3 || (term[0] >= 'A' && term[0] <= 'Z')) return false;
    if (db_.get_termfreq(term) < min_freq_) return false;
    if (term.find_first_not_of("0123456789.,") == std::string::npos) return false;
    for (std::string_view stop : schema::stop_words()) {
      if (term == stop) return false;
    }
    return true;
  }

 private:
  Xapian::Database db_;
  Xapian::doccount min_freq_;
};

// The query text with each corrected word replaced (whole words, any case).
std::string replace_words(const std::string& text,
                          const std::map<std::string, std::string>& fixes) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!std::isalnum(static_cast<unsigned char>(text[i]))) {
      out += text[i++];
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && std::isalnum(static_cast<unsigned char>(text[j]))) ++j;
    std::string word = text.substr(i, j - i), lower = word;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto fix = fixes.find(lower);
    out += fix == fixes.end() ? word : fix->second;
    i = j;
  }
  return out;
}

}  // namespace

struct Searcher::Impl {
  // Serialises the public calls: Xapian::Database and the builders are not safe to share.
  std::mutex mutex;
  std::vector<std::string> locations;
  std::string location;  // the locations, for messages
  bool remote = false;   // some location is a tcp:// database
  StubPolicy policy;     // how stub files are followed
  ReaderDatabase db;     // every location as one database, holding its generations' reader locks
  SynonymTable synonyms;
  // Built on `db`: rebuilt whenever the index is opened afresh.
  std::optional<QueryBuilder> builder;
  std::optional<SpellingSuggester> speller;
  // Per location, the stub file naming its current generation(s), as it was when opened.
  std::vector<StubStamp> stubs;

  Impl(std::vector<std::string> where, SynonymTable table, const SearcherOptions& options)
      : locations(std::move(where)),
        location(describe_locations(locations)),
        policy{options.allow_remote_programs, {}},
        synonyms(std::move(table)) {
    for (const std::string& each : locations) remote = remote || is_remote_location(each);
    stubs = current_stubs();  // so that only a compaction while opening counts as one
    retrying(Deadline(kRetryWindowSeconds), [this] {
      open();
      return 0;
    });
  }

  // `body()`, again after each failure a writer's commits or compaction caused, from a freshly
  // opened index (body starts with refresh() or open()), until it succeeds: as long as
  // `window` lasts, and at least kMinAttempts times (README, "Threads and a changing index").
  // Every other Xapian error becomes a Kensaku error.
  template <typename Body>
  auto retrying(const Deadline& window, Body&& body) -> decltype(body()) {
    int corrupt_in_a_row = 0;
    for (int attempt = 1;; ++attempt) {
      try {
        return body();
      } catch (const Xapian::DatabaseModifiedError&) {
        corrupt_in_a_row = 0;
        if (attempt >= kMinAttempts && window.passed()) gave_up();
      } catch (const IndexChangedError&) {  // the same, met while opening (databases.cpp)
        corrupt_in_a_row = 0;
        if (attempt >= kMinAttempts && window.passed()) gave_up();
      } catch (const Xapian::DatabaseOpeningError& e) {
        // A generation retired by compaction while this search read it: open the current one.
        if (!stubs_changed() || attempt >= kMinAttempts) rethrow_as_kensaku_error(e, location);
      } catch (const Xapian::DatabaseCorruptError& e) {
        // A reader racing a writer's commits can meet a block the writer has just reused
        // ("Expected block 28 to be level 1, not 0"); it reads fine once reopened. Damage that is
        // real is still there after every retry, and is reported then.
        if (++corrupt_in_a_row >= kCorruptAttempts) rethrow_as_kensaku_error(e, location);
      } catch (const Xapian::Error& e) {
        rethrow_as_kensaku_error(e, location);
      }
      backoff(attempt);
    }
  }

  [[noreturn]] void gave_up() const {
    throw FatalError("the index at " + location + " kept changing during the search",
                     "try again, or give the search a longer time limit");
  }

  bool stubs_changed() const { return current_stubs() != stubs; }

  std::vector<StubStamp> current_stubs() const {
    std::vector<StubStamp> out;
    for (const std::string& each : locations) {
      out.push_back(is_remote_location(each) ? StubStamp{} : stub_stamp(each));
    }
    return out;
  }

  void open() {
    db = open_locations(locations, policy);
    // Also reached from the constructor, outside search()'s handlers: guarded here.
    xapian_try(location, [&] {
      builder.emplace(db, &synonyms);
      speller.emplace(db);
    });
    stubs = current_stubs();
  }

  // Sees the latest commit. Xapian's reopen() keeps reading the generation the stub named when
  // the index was opened, so a stub switched by compaction (of the index, or of any shard of it)
  // means opening the index afresh. A remote database follows its server.
  void refresh() {
    if (current_stubs() != stubs) {
      open();
      return;
    }
    try {
      db.reopen();
    } catch (const Xapian::DatabaseOpeningError&) {
      open();  // the generation this searcher read was retired
    }
  }

  // The query for `request.like`: the liked article's most distinctive words, without it.
  Xapian::Query like_query(const std::string& id, SnippetQuery& snippet) {
    std::string id_term = schema::id_term(id);
    Xapian::PostingIterator posting = db.postlist_begin(id_term);
    if (posting == db.postlist_end(id_term)) {
      throw UsageError("no article with the id '" + id + "'",
                       "--like takes an id as printed in the results (JSON \"id\")");
    }
    Xapian::RSet rset;
    rset.add_document(*posting);
    Xapian::Enquire enquire(db);
    LikeTermDecider decider(db, 2);
    // Exact term frequencies: over several databases Xapian would otherwise estimate them from
    // one shard, and the terms chosen would depend on how the articles are spread.
    Xapian::ESet eset =
        enquire.get_eset(kLikeTerms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    std::vector<Xapian::Query> terms;
    for (auto it = eset.begin(); it != eset.end(); ++it) {
      terms.emplace_back(*it);
      snippet.words.push_back({*it, it.get_weight()});
    }
    Xapian::Query similar(Xapian::Query::OP_OR, terms.begin(), terms.end());
    return Xapian::Query(Xapian::Query::OP_AND_NOT, similar, Xapian::Query(id_term));
  }

  Xapian::Query date_filter(const SearchRequest& request) {
    std::optional<std::string> lo, hi;
    if (!request.since.empty() && !(lo = date_bound(request.since, false))) {
      throw UsageError("--since '" + request.since + "' is not a date",
                       "use YYYY, YYYY-MM or YYYY-MM-DD");
    }
    if (!request.until.empty() && !(hi = date_bound(request.until, true))) {
      throw UsageError("--until '" + request.until + "' is not a date",
                       "use YYYY, YYYY-MM or YYYY-MM-DD");
    }
    if (lo && hi) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, *lo, *hi);
    if (lo) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, *lo);
    if (hi) return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, *hi);
    return Xapian::Query();
  }

  // Pseudo-relevance feedback: long questions gain the distinctive words of their best matches.
  Ranking with_feedback(const Ranking& ranking, Xapian::Enquire& enquire) {
    MatchPage top = match_page(enquire, ranking, 0, kFeedbackDocuments, true);
    Xapian::RSet rset;
    for (const MatchPart& part : top.parts) {
      for (auto it = part.mset.begin(); it != part.mset.end(); ++it) rset.add_document(*it);
    }
    LikeTermDecider decider(db, 1);
    // The query's own words may come back: a word weighty in the best matches gains weight.
    // Exact term frequencies: across shards Xapian would otherwise estimate them per database.
    Xapian::ESet eset = enquire.get_eset(
        kFeedbackTerms, rset,
        Xapian::Enquire::INCLUDE_QUERY_TERMS | Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    std::vector<Xapian::Query> extra;
    for (auto it = eset.begin(); it != eset.end(); ++it) extra.emplace_back(*it);
    if (extra.empty()) return ranking;
    Xapian::Query expansion(Xapian::Query::OP_SCALE_WEIGHT,
                            Xapian::Query(Xapian::Query::OP_OR, extra.begin(), extra.end()),
                            kFeedbackWeight);
    // The expansion may lift an article without every word above one with them all: the ranking
    // is then one query, with no tiers to match in two passes, and a score above the bonus no
    // longer says that an article has every word. It adds no match.
    Ranking expanded;
    expanded.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, ranking.query, expansion);
    expanded.matches = ranking.matches;
    return expanded;
  }

  // Fills the response's total (and its facets) from what the passes saw, counting the matches
  // in a pass of their own when the passes did not see them all, or when facets are asked for.
  void count(const SearchRequest& request, const Ranking& ranking, const MatchPage& page,
             const Deadline& deadline, SearchResponse& response) {
    MatchCount total = page.count;
    FacetCounter facets(request.facets);
    if (!total.exact() || !request.facets.empty()) {
      // Facets need every match; a count alone is exact up to kCountedExactly.
      const Xapian::doccount at_most = request.facets.empty()
                                           ? kCountedExactly
                                           : std::max(db.get_doccount(), Xapian::doccount{1});
      MatchCount counted =
          count_matches(db, ranking, at_most, request.facets.empty() ? nullptr : &facets, deadline,
                        !remote, &response.timed_out);
      // The passes' own bounds depend on the page: only an exact count of theirs is kept.
      if (counted.exact() || !total.exact()) total = counted;
    }
    response.total = total.estimate;
    response.total_exact = total.exact();
    response.total_lower = total.lower;
    response.total_upper = total.upper;
    response.facets = facets.counts();
  }

  // Runs `built` (or `like`) and fills `response` with the page of hits.
  void match(const SearchRequest& request, const BuiltQuery& built, const Xapian::Query& base,
             const SnippetQuery& snippet_query, const Deadline& deadline,
             SearchResponse& response) {
    Ranking ranking = rank(base, built.words, db, request.recent_half_life_days);
    if (Xapian::Query dates = date_filter(request); !dates.empty()) {
      ranking = ranking.filtered_by(dates);
    }

    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(bm25_weight());
    const bool by_relevance = request.sort == SortOrder::kRelevance;
    switch (request.sort) {
      case SortOrder::kRelevance:
        // Equal scores fall back to the article id, never to Xapian's internal document number.
        enquire.set_sort_by_relevance_then_value(schema::kIdSlot, false);
        break;
      case SortOrder::kDateAscending:
        enquire.set_sort_by_value_then_relevance(schema::date_sort_slot(db), false);
        break;
      case SortOrder::kDateDescending:
        enquire.set_sort_by_value_then_relevance(schema::date_sort_slot(db), true);
        break;
    }
    if (by_relevance && request.like.empty() && built.words.size() >= kFeedbackMinWords) {
      if (deadline.passed()) {
        response.timed_out = true;  // ranked as written, without feedback
      } else {
        ranking = with_feedback(ranking, enquire);
      }
    }
    MatchPage page =
        match_page(enquire, ranking, static_cast<Xapian::doccount>(request.offset),
                   static_cast<Xapian::doccount>(request.limit), by_relevance, deadline);
    response.timed_out = response.timed_out || page.cut_short;
    count(request, ranking, page, deadline, response);
    response.query_words = built.words.size();

    QueryTerms query_terms = terms_of(built.words);
    SnippetBuilder snippets(snippet_query, schema::stemmer(),
                            SnippetBuilder::Options{request.fragments, 160});
    std::size_t rank = request.offset;
    response.hits.clear();
    for (const MatchPart& part : page.parts) {
      for (Xapian::MSetIterator it = part.mset.begin(); it != part.mset.end(); ++it) {
        // Past the deadline, the remaining hits come without snippets.
        const bool snippet = request.fragments > 0 && !deadline.passed();
        response.timed_out = response.timed_out || (request.fragments > 0 && !snippet);
        response.hits.push_back(make_hit(request, built, ranking, query_terms, snippets, ++rank, it,
                                         part.bonus, snippet));
      }
    }
  }

  // The hit `it` points at (its score: weight + `bonus`): its stored fields, how many query words
  // it has, its snippet.
  Hit make_hit(const SearchRequest& request, const BuiltQuery& built, const Ranking& ranking,
               const QueryTerms& query_terms, SnippetBuilder& snippets, std::size_t rank,
               const Xapian::MSetIterator& it, double bonus, bool snippet) {
    Xapian::Document doc = it.get_document();
    Article article = decode_stored_fields(doc.get_data(), std::to_string(*it));
    Hit hit;
    hit.rank = rank;
    hit.id = std::move(article.id);
    hit.score = it.get_weight() + bonus;
    hit.title = std::move(article.title);
    hit.title_derived = article.title_derived;
    hit.source = std::move(article.source);
    hit.author = std::move(article.author);
    hit.date = std::move(article.date);
    hit.path = std::move(article.path);
    hit.url = std::move(article.url);
    hit.lang = std::move(article.lang);
    hit.tags = std::move(article.tags);
    hit.topics = std::move(article.topics);
    hit.places = std::move(article.places);
    if (request.count_matched_words && ranking.tier_bonus > 0 && hit.score >= ranking.tier_bonus) {
      // Only an article with every word gets the bonus, and no score reaches it without: no
      // need to read the article's term list.
      hit.matched_words = built.words.size();
    } else if (request.count_matched_words && !built.words.empty()) {
      std::set<std::string> terms = terms_in_document(db, *it, query_terms);
      for (const Xapian::Query& word : built.words) hit.matched_words += word_matches(word, terms);
    }
    if (snippet) {
      hit.fragments = snippets.build(article.body);
      SnippetBuilder::join(hit.fragments, hit.snippet, hit.highlights);
    }
    return hit;
  }

  SearchResponse run(const SearchRequest& request, const Deadline& deadline) {
    auto started = std::chrono::steady_clock::now();
    refresh();
    SearchResponse response;
    response.query = request.query;

    BuiltQuery built;
    bool has_text = request.query.find_first_not_of(" \t\r\n") != std::string::npos;
    if (has_text || request.like.empty()) built = builder->build(request.query);
    response.lenient = built.lenient;
    response.notes = built.notes;

    Xapian::Query base = built.query;
    SnippetQuery snippet_query = built.snippet;
    if (!request.like.empty()) {
      Xapian::Query similar = like_query(request.like, snippet_query);
      base = has_text ? Xapian::Query(Xapian::Query::OP_FILTER, similar, built.query) : similar;
      built.words.clear();  // similarity ranks by weight alone, not by tiers of words
    }

    if (!base.empty()) match(request, built, base, snippet_query, deadline, response);

    if (request.suggest && request.like.empty() && !built.unknown_words.empty() &&
        !deadline.passed()) {
      std::map<std::string, std::string> fixes;
      try {
        for (const std::string& word : built.unknown_words) {
          if (auto fix = speller->correct(word)) fixes.emplace(word, *fix);
        }
      } catch (const Xapian::UnimplementedError&) {
        // A remote server that cannot list its vocabulary: the search goes on without.
        fixes.clear();
        response.notes.push_back(
            "Spelling suggestions are not available from a database that cannot list its words.");
      }
      if (!fixes.empty()) {
        // Offered only when it finds better: an article with more of its words than any hit of
        // the query as typed has of the typed words (with no hits, any article is better).
        std::string suggestion = replace_words(request.query, fixes);
        BuiltQuery corrected = builder->build(suggestion);
        if (!corrected.query.empty()) {
          SearchResponse alternative = response;
          match(request, corrected, corrected.query, corrected.snippet, deadline, alternative);
          auto best = [](const SearchResponse& r) {
            std::size_t most = 0;
            for (const Hit& hit : r.hits) most = std::max(most, hit.matched_words);
            return most;
          };
          const bool better =
              alternative.total > 0 && (response.total == 0 || best(alternative) > best(response));
          if (better) response.suggestion = suggestion;
          if (better && response.total == 0) {
            alternative.suggestion = suggestion;
            alternative.showing_suggestion = true;
            response = std::move(alternative);
          }
        }
      }
    }
    if (response.timed_out) response.notes.push_back(time_limit_note(request.time_limit_seconds));
    response.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    return response;
  }
};

Searcher::Searcher(const std::string& database) : Searcher(database, std::string()) {}

Searcher::Searcher(const std::string& database, const std::string& synonyms_path)
    : Searcher(std::vector<std::string>{database}, synonyms_path) {}

Searcher::Searcher(const std::vector<std::string>& databases, const std::string& synonyms_path)
    : Searcher(databases, synonyms_path, SearcherOptions{}) {}

Searcher::Searcher(const std::vector<std::string>& databases, const std::string& synonyms_path,
                   const SearcherOptions& options)
    : impl_(std::make_unique<Impl>(
          databases, synonyms_path.empty() ? SynonymTable() : SynonymTable::load(synonyms_path),
          options)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResponse Searcher::search(const SearchRequest& request) {
  if (request.limit == 0) throw UsageError("limit must be at least 1");
  if (!(request.time_limit_seconds >= 0 && request.time_limit_seconds <= kMaxTimeLimitSeconds)) {
    throw UsageError(
        "time limit " + std::to_string(request.time_limit_seconds) + " is out of range",
        "give seconds from 0 (no limit) to 86400, e.g. 2 or 0.5");
  }
  validate_facets(request.facets);
  std::lock_guard<std::mutex> lock(impl_->mutex);
  // The budget counts from here, once any other search on this Searcher is done.
  const Deadline deadline(request.time_limit_seconds);
  return impl_->retrying(
      Deadline(deadline.limited() ? request.time_limit_seconds : kRetryWindowSeconds),
      [&] { return impl_->run(request, deadline); });
}

std::size_t Searcher::article_count() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->retrying(Deadline(kRetryWindowSeconds), [&] {
    impl_->refresh();
    return static_cast<std::size_t>(impl_->db.get_doccount());
  });
}

std::optional<StoredArticle> Searcher::article(const std::string& id) const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  try {
    impl_->refresh();
    const std::string term = schema::id_term(id);
    Xapian::PostingIterator posting = impl_->db.postlist_begin(term);
    if (posting == impl_->db.postlist_end(term)) return std::nullopt;
    Article stored =
        decode_stored_fields(impl_->db.get_document(*posting).get_data(), std::to_string(*posting));
    if (stored.id != id) return std::nullopt;  // a shortened id term shared by another id
    return StoredArticle{
        std::move(stored.id),     std::move(stored.title),  std::move(stored.source),
        std::move(stored.author), std::move(stored.date),   std::move(stored.path),
        std::move(stored.url),    std::move(stored.lang),   std::move(stored.tags),
        std::move(stored.topics), std::move(stored.places), std::move(stored.body)};
  } catch (const Xapian::Error& e) {
    rethrow_as_kensaku_error(e, impl_->location);
  }
}

}  // namespace kensaku
