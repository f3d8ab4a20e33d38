// The Searcher: opens the index, runs a query, and turns the match set into hits with snippets.
#include <sys/stat.h>
#include <xapian.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <utility>

#include "common/schema.h"
#include "common/stored_fields.h"
#include "common/xapian_errors.h"
#include "kensaku/search.h"
#include "searcher/databases.h"
#include "searcher/facets.h"
#include "searcher/query_builder.h"
#include "searcher/ranking.h"
#include "searcher/snippet_builder.h"
#include "searcher/spelling.h"
#include "searcher/synonyms.h"

namespace kensaku {
namespace {

// A writer may commit while a search reads; Xapian then asks readers to reopen and retry.
constexpr int kModifiedRetries = 5;

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
  Xapian::Database db;   // every location as one database
  SynonymTable synonyms;
  // Built on `db`: rebuilt whenever the index is opened afresh.
  std::optional<QueryBuilder> builder;
  std::optional<SpellingSuggester> speller;
  // Per location, the stub file naming its current generation(s), as it was when opened.
  std::vector<StubStamp> stubs;

  Impl(std::vector<std::string> where, SynonymTable table)
      : locations(std::move(where)),
        location(describe_locations(locations)),
        synonyms(std::move(table)) {
    for (const std::string& each : locations) remote = remote || is_remote_location(each);
    open();
  }

  std::vector<StubStamp> current_stubs() const {
    std::vector<StubStamp> out;
    for (const std::string& each : locations) {
      out.push_back(is_remote_location(each) ? StubStamp{} : stub_stamp(each));
    }
    return out;
  }

  void open() {
    db = open_locations(locations);
    builder.emplace(db, &synonyms);
    speller.emplace(db);
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

  // Runs `built` (or `like`) and fills `response` with the page of hits.
  void match(const SearchRequest& request, const BuiltQuery& built, const Xapian::Query& base,
             const SnippetQuery& snippet_query, SearchResponse& response) {
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
        enquire.set_sort_by_value_then_relevance(schema::kDateSlot, false);
        break;
      case SortOrder::kDateDescending:
        enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
        break;
    }
    Xapian::doccount check_at_least = request.facets.empty() ? 0 : db.get_doccount();
    if (by_relevance && request.like.empty() && built.words.size() >= kFeedbackMinWords) {
      // Pseudo-relevance feedback: long questions gain the distinctive words of their best matches.
      MatchPage top = match_page(enquire, ranking, 0, kFeedbackDocuments, 0, true);
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
      if (!extra.empty()) {
        Xapian::Query expansion(Xapian::Query::OP_SCALE_WEIGHT,
                                Xapian::Query(Xapian::Query::OP_OR, extra.begin(), extra.end()),
                                kFeedbackWeight);
        // The expansion may lift an article without every word above one with them all: the
        // ranking is then one query, with no tiers to match in two passes, and a score above
        // the bonus no longer says that an article has every word.
        Ranking expanded;
        expanded.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, ranking.query, expansion);
        ranking = expanded;
      }
    }
    FacetCounter facets(request.facets);
    // Over remote databases, Xapian 1.4.22's MatchSpy counts some matches twice when the ranking
    // is sorted by a value, as every ranking here is (ties by id): the facets are then counted
    // in a pass of their own, in docid order, which counts each match once. Spies attach only
    // now: they would count the feedback's matches too.
    const bool facet_pass = remote && !request.facets.empty();
    if (!facet_pass) facets.attach(enquire);
    MatchPage page =
        match_page(enquire, ranking, static_cast<Xapian::doccount>(request.offset),
                   static_cast<Xapian::doccount>(request.limit), check_at_least, by_relevance);
    if (facet_pass) {
      Xapian::Enquire counting(db);
      counting.set_query(ranking.query);
      counting.set_weighting_scheme(Xapian::BoolWeight());
      facets.attach(counting);
      counting.get_mset(0, 0, check_at_least);
    }
    response.total = page.total;
    response.query_words = built.words.size();
    response.facets = facets.counts();

    QueryTerms query_terms = terms_of(built.words);
    SnippetBuilder snippets(snippet_query, schema::stemmer(),
                            SnippetBuilder::Options{request.fragments, 160});
    std::size_t rank = request.offset;
    response.hits.clear();
    for (const MatchPart& part : page.parts) {
      for (Xapian::MSetIterator it = part.mset.begin(); it != part.mset.end(); ++it) {
        response.hits.push_back(
            make_hit(request, built, ranking, query_terms, snippets, ++rank, it, part.bonus));
      }
    }
  }

  // The hit `it` points at (its score: weight + `bonus`): its stored fields, how many query words
  // it has, its snippet.
  Hit make_hit(const SearchRequest& request, const BuiltQuery& built, const Ranking& ranking,
               const QueryTerms& query_terms, SnippetBuilder& snippets, std::size_t rank,
               const Xapian::MSetIterator& it, double bonus) {
    Xapian::Document doc = it.get_document();
    Article article = decode_stored_fields(doc.get_data(), std::to_string(*it));
    Hit hit;
    hit.rank = rank;
    hit.id = std::move(article.id);
    hit.score = it.get_weight() + bonus;
    hit.title = std::move(article.title);
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
    if (request.fragments > 0) {
      hit.fragments = snippets.build(article.body);
      SnippetBuilder::join(hit.fragments, hit.snippet, hit.highlights);
    }
    return hit;
  }

  SearchResponse run(const SearchRequest& request) {
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

    if (!base.empty()) match(request, built, base, snippet_query, response);

    if (request.suggest && request.like.empty() && !built.unknown_words.empty()) {
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
        response.suggestion = replace_words(request.query, fixes);
        if (response.total == 0) {
          BuiltQuery corrected = builder->build(response.suggestion);
          if (!corrected.query.empty()) {
            SearchResponse alternative = response;
            match(request, corrected, corrected.query, corrected.snippet, alternative);
            if (alternative.total > 0) {
              alternative.showing_suggestion = true;
              response = std::move(alternative);
            }
          }
        }
      }
    }
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
    : impl_(std::make_unique<Impl>(
          databases, synonyms_path.empty() ? SynonymTable() : SynonymTable::load(synonyms_path))) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResponse Searcher::search(const SearchRequest& request) {
  if (request.limit == 0) throw UsageError("limit must be at least 1");
  validate_facets(request.facets);
  std::lock_guard<std::mutex> lock(impl_->mutex);
  for (int attempt = 0;; ++attempt) {
    try {
      return impl_->run(request);
    } catch (const Xapian::DatabaseModifiedError&) {
      // The next attempt's refresh() reopens the index, inside the try: a reopen that fails is
      // reported like any other error, never escapes as a Xapian exception.
      if (attempt >= kModifiedRetries) {
        throw FatalError("the index at " + impl_->location + " kept changing during the search",
                         "try again");
      }
    } catch (const Xapian::DatabaseCorruptError& e) {
      // A reader racing a writer's commits can meet a block the writer has just reused ("Expected
      // block 28 to be level 1, not 0"); it reads fine once reopened. Damage that is real is
      // still there after every retry, and is reported then.
      if (attempt >= kModifiedRetries) rethrow_as_kensaku_error(e, impl_->location);
    } catch (const Xapian::Error& e) {
      rethrow_as_kensaku_error(e, impl_->location);
    }
  }
}

std::size_t Searcher::article_count() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  try {
    impl_->refresh();
    return impl_->db.get_doccount();
  } catch (const Xapian::Error& e) {
    rethrow_as_kensaku_error(e, impl_->location);
  }
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
