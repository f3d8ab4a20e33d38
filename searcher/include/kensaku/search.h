// Kensaku's embeddable search API: open an index, ask a ranked query, get hits with snippets.
#ifndef KENSAKU_SEARCH_H_
#define KENSAKU_SEARCH_H_

#include <cstddef>
#include <map>
#include <memory>
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
  kRelevance,   // best match first (the default)
  kDateAscending,
  kDateDescending,
};

// What to search for. Only `query` is required.
struct SearchRequest {
  std::string query;            // user text, in Kensaku's query language (see README)
  std::size_t offset = 0;       // number of hits to skip
  std::size_t limit = 10;       // at most this many hits
  std::size_t fragments = 2;    // passages per hit in the snippet; 0 for none
  SortOrder sort = SortOrder::kRelevance;
};

// One ranked result, with the stored fields of its article.
struct Hit {
  std::size_t rank = 0;  // 1-based position in the whole ranking (offset included)
  std::string id;        // the article id, stable across runs and shards
  double score = 0;
  std::string title, source, author, date, path, url, lang;
  std::vector<std::string> tags, topics, places;
  std::string snippet;                // the fragments joined with " … "
  std::vector<Highlight> highlights;  // offsets into `snippet`
  std::vector<Fragment> fragments;
};

// The answer to one SearchRequest.
struct SearchResponse {
  std::string query;        // the query text as asked
  std::size_t total = 0;    // number of matching articles (exact for small sets, else estimated)
  std::vector<Hit> hits;
};

// A read-only view of one index. Opening reads nothing but the index's metadata; each search sees
// the latest commit of the index at the time it starts.
//
// Thread-safety: a Searcher may be used by one thread at a time; give each thread its own
// Searcher (they are cheap) or serialise calls.
class KENSAKU_EXPORT Searcher {
 public:
  // Opens the index at `database` (a directory written by kensaku-index).
  // Throws IndexNotFoundError when there is no index there, IndexCorruptError when it cannot be
  // read.
  explicit Searcher(const std::string& database);
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // Runs `request`. Throws UsageError for an invalid request (e.g. an empty query) and
  // IndexCorruptError when the index cannot be read.
  SearchResponse search(const SearchRequest& request);

  // Number of articles in the index.
  std::size_t article_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kensaku

#endif  // KENSAKU_SEARCH_H_
