// Kensaku's embeddable search API: open an index, ask a ranked query, get hits with snippets.
#ifndef KENSAKU_SEARCH_H_
#define KENSAKU_SEARCH_H_

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kensaku/error.h"
#include "kensaku/export.h"

namespace kensaku {

// A half-open span [start, end) of Unicode code points in the text it belongs to.
struct Highlight {
  std::size_t start = 0;
  std::size_t end = 0;
};

// One passage of an article that shows why it matched.
struct Fragment {
  std::string text;
  std::vector<Highlight> highlights;  // offsets into `text`
};

// How hits are ordered.
enum class SortOrder {
  kRelevance,  // best match first (the default)
  kDateAscending,
  kDateDescending,
};

// What to search for. `query` is required unless `like` is given.
struct SearchRequest {
  std::string query;          // user text, in Kensaku's query language (see README)
  std::size_t offset = 0;     // number of hits to skip
  std::size_t limit = 10;     // at most this many hits
  std::size_t fragments = 2;  // passages per hit in the snippet; 0 for none
  SortOrder sort = SortOrder::kRelevance;
  // Only articles dated on or after `since` / on or before `until`: "YYYY", "YYYY-MM" or
  // "YYYY-MM-DD" (a year or month covers all its days). Empty: no bound. Articles without a
  // date are left out when either is set. Anything else is a UsageError.
  std::string since, until;
  // Days after which an article's recency bonus halves; 0 (the default) ranks by relevance
  // alone. The bonus is measured from the newest article in the index, and is small: it
  // decides near-ties between equally relevant articles, never overrides the tiers.
  double recent_half_life_days = 0;
  // Articles similar to the one with this id (its most distinctive terms), excluding it. With a
  // query too, only articles matching the query. An unknown id is a UsageError.
  std::string like;
  // Fields to count over the whole match set: any of "source", "author", "year", "topic",
  // "place", "tag", "lang". An unknown name is a UsageError.
  std::vector<std::string> facets;
  // Offer a spelling suggestion for words that are not in the index (and search for it when the
  // query itself finds nothing).
  bool suggest = true;
  // Fill Hit::matched_words (one read of each hit's term list). Callers that need only ids and
  // scores, such as TREC run output, turn it off.
  bool count_matched_words = true;
  // The search's time budget in seconds, from when it starts (after any other search on the same
  // Searcher): past it, the search returns the best results found so far, flagged
  // (SearchResponse::timed_out), rather than an error. It bounds the count, the second ranking
  // pass, feedback, snippets, facets, spelling and retries on a changing index; one Xapian
  // ranking pass, once begun, runs to its end (the query's length bounds it). 0: no limit.
  // Anything below 0 or above 86400 is a UsageError.
  double time_limit_seconds = 2.0;
};

// One ranked result, with the stored fields of its article.
struct Hit {
  std::size_t rank = 0;  // 1-based position in the whole ranking (offset included)
  std::string id;        // the article id, stable across runs and shards
  double score = 0;
  std::string title, source, author, date, path, url, lang;
  bool title_derived = false;  // the article states no title: `title` was taken from its text
  std::vector<std::string> tags, topics, places;
  std::string snippet;                // the fragments joined with " … "
  std::vector<Highlight> highlights;  // offsets into `snippet`
  std::vector<Fragment> fragments;
  std::size_t matched_words = 0;  // how many of the query's words (SearchResponse::query_words)
                                  // this article contains
};

// How many matching articles have one value of a facet field.
struct FacetCount {
  std::string value;  // as stored (e.g. "East Asia Forum", "2024")
  std::size_t count = 0;
};

// The answer to one SearchRequest.
struct SearchResponse {
  std::string query;  // the query text as asked
  // The number of matching articles, whatever the page: exact up to 25,000 matches (and
  // whenever facets are asked for) unless the time limit cut the count short; otherwise an
  // estimate between total_lower and total_upper, and total_exact is false.
  std::size_t total = 0;
  bool total_exact = true;
  std::size_t total_lower = 0, total_upper = 0;  // both equal `total` when it is exact
  // The time limit (SearchRequest::time_limit_seconds) was reached: some of the work was left out
  // (a line in `notes` says so): the count (then total_exact is false), facet counts past that
  // point, hits past the first pass, feedback, snippets of the remaining hits, spelling.
  bool timed_out = false;
  std::vector<Hit> hits;
  // The text could not be parsed strictly (unbalanced quotes, stray operators…) and was read as
  // plain words.
  bool lenient = false;
  // The number of words (terms, phrases, field terms) the query asks for; articles with all of
  // them rank above articles with only some.
  std::size_t query_words = 0;
  // "Did you mean": the query with each word that is not in the index replaced by the closest
  // indexed word; empty when no word needed it or the query found good matches.
  std::string suggestion;
  // The hits are those of `suggestion`, because the query as written found nothing.
  bool showing_suggestion = false;
  // Remarks for the reader about how the query was read, e.g. that a wildcard matched more words
  // than are searched, or that a feature was left out because a remote database cannot offer it.
  // One sentence each.
  std::vector<std::string> notes;
  // For each facet asked for, its values over the whole match set, most frequent first (ties by
  // value).
  std::map<std::string, std::vector<FacetCount>> facets;
  // The engine's own time for this search: parse, match, fetch and snippets, in milliseconds.
  double elapsed_ms = 0;
};

// One stored article as the indexer kept it: the fields of a Hit and the full text.
struct StoredArticle {
  std::string id, title, source, author, date, path, url, lang;
  std::vector<std::string> tags, topics, places;
  std::string body;
};

// A read-only view of one index, or of several searched as one. Opening reads nothing but the
// indexes' metadata.
//
// Errors: every error is a kensaku::Error subclass (kensaku/error.h) carrying a hint and the exit
// status a command-line tool should use; UsageError, IndexNotFoundError, IndexCorruptError and
// FatalError all have ExitStatus::kError (2). Out of memory is std::bad_alloc, as anywhere.
//
// Thread-safety: several threads may each own a Searcher and search in parallel (opening one is
// cheap). One Searcher may also be shared: its calls are serialised, one search at a time, so
// sharing saves memory but not time.
//
// The index changing underneath: each search (and article_count) sees the latest commit of the
// index at the time it starts, including a switch to a newly compacted generation. A writer that
// commits again while a search is reading makes the search reopen the index and start over, as
// often as needed until its time limit (10 s without one), and at least 8 times: attempts past
// the limit do the least work, so they fit between commits. Only a search that lost every race
// gives up, with FatalError ("kept changing"). A searcher never blocks a writer, nor waits for one.
//
// A moved-from Searcher may only be destroyed or assigned to.
// How a Searcher opens its databases.
struct SearcherOptions {
  // Follow "remote :PROGRAM ARGS" lines of Xapian stub files, which make Xapian run PROGRAM. Off
  // by default (a stub file is data, and reading data should not run programs): such a line is
  // then a UsageError naming the stub and line. tcp remotes ("remote HOST:PORT") are always
  // followed.
  bool allow_remote_programs = false;
};

class KENSAKU_EXPORT Searcher {
 public:
  // Opens the index at `database` (a directory written by kensaku-index, or a Xapian stub file).
  // Throws IndexNotFoundError when there is no index there, IndexCorruptError when what is there
  // cannot be read as an index (damaged, a stray file, an unsupported format), FatalError for any
  // other failure to open it.
  explicit Searcher(const std::string& database);

  // As above, expanding queries with the synonyms file at `synonyms_path` (format in the README;
  // empty for none). Also throws UsageError when that file cannot be read or has a bad line.
  Searcher(const std::string& database, const std::string& synonyms_path);

  // Opens several databases and searches them as one: each entry is an index directory written
  // by kensaku-index (plain, with generations, or sharded), a Xapian database or stub file, or a
  // remote database served by xapian-tcpsrv, "tcp://HOST:PORT" ("tcp://[::1]:PORT" for IPv6),
  // optionally with "?timeout=SECONDS" (10 by default; it bounds connecting and each exchange).
  // Statistics are combined across all of them, so scores equal those of one database holding
  // every article, and equal scores are ordered by article id wherever the articles live. Each
  // local entry is followed as `Searcher(database)` follows one (a compaction switching its stub
  // opens everything afresh at the next search); a remote entry reads what its server serves.
  // The synonyms file is applied here, before the query reaches any database, so it works over
  // remote databases too. Over a remote database, a feature Xapian cannot run there is left out
  // with a line in SearchResponse::notes, never an error (see README, "Scaling out").
  // Throws UsageError when `databases` is empty or a tcp:// address is malformed,
  // IndexNotFoundError / IndexCorruptError for a local entry as above, and FatalError (exit
  // status 2) naming HOST:PORT, with a hint to check xapian-tcpsrv there, when a remote one cannot
  // be reached; a remote that goes away later makes search() throw FatalError likewise.
  explicit Searcher(const std::vector<std::string>& databases,
                    const std::string& synonyms_path = "");
  // As above, opening the databases as `options` says.
  Searcher(const std::vector<std::string>& databases, const std::string& synonyms_path,
           const SearcherOptions& options);
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // Runs `request` against the latest commit of the index. Throws UsageError for an invalid
  // request: an empty query without `like`, limit 0, an unknown facet, a `since`/`until` that is
  // not a date, an unknown `like` id. Throws IndexCorruptError when the index cannot be read,
  // FatalError when it kept changing through every retry or another failure stops the search
  // (e.g. a remote index that went away). A query that does not parse is not an error: it is
  // searched as plain words (SearchResponse::lenient). Safe to call from several threads.
  SearchResponse search(const SearchRequest& request);

  // Number of articles in the latest commit of the index. Throws IndexCorruptError when the index
  // cannot be read, FatalError for any other failure. Safe to call from several threads.
  std::size_t article_count() const;

  // The article with this id (as in Hit::id) in the latest commit, or nullopt when there is none.
  // Throws IndexCorruptError when the index cannot be read, FatalError for any other failure.
  // Safe to call from several threads.
  std::optional<StoredArticle> article(const std::string& id) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kensaku

#endif  // KENSAKU_SEARCH_H_
