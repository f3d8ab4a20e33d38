// kensaku-search's line-by-line modes: --serve answers JSON requests, --batch answers
// qid<TAB>query lines, each with one Searcher so the index stays open between them.
#ifndef KENSAKU_SEARCHER_JSON_SERVICE_H_
#define KENSAKU_SEARCHER_JSON_SERVICE_H_

#include <functional>
#include <istream>
#include <ostream>

#include "kensaku/search.h"

namespace kensaku {

// What answers one request: Searcher::search, or a stand-in in tests.
using SearchFunction = std::function<SearchResponse(const SearchRequest&)>;

// Answers each line of `in` with one line on `out`, in order, flushed at once so a client can
// wait for it: the response (the --json object plus the request's "id"), or an error object for
// a request that cannot be read or run. Lines holding only blanks get no answer. Returns when `in`
// ends (or `out` fails). `defaults` supplies every field a request leaves out.
//
// No request ends the loop: a line over kMaxLineBytes is skipped with an error (never held in
// memory whole), and any exception while answering (a kensaku::Error with its exit status,
// std::bad_alloc, any other exception) becomes that request's error object.
void serve_json_lines(const SearchFunction& search, const SearchRequest& defaults, std::istream& in,
                      std::ostream& out);
// With a Searcher (inline, so the service's loop links without the library, as in its fuzzer).
inline void serve_json_lines(Searcher& searcher, const SearchRequest& defaults, std::istream& in,
                             std::ostream& out) {
  serve_json_lines([&](const SearchRequest& r) { return searcher.search(r); }, defaults, in, out);
}

// Batch mode: one search per qid<TAB>query line of `in`, answered in order on `out` (a JSON line
// each, or TREC run lines with `trec`). Any failure of one line (no tab, a line or query over its
// limit, a bad query, any exception while searching) is an error line (TREC: a line on `err`) and
// the batch goes on. Returns the number of lines that failed.
std::size_t run_batch_lines(const SearchFunction& search, const SearchRequest& defaults,
                            std::istream& in, std::ostream& out, std::ostream& err, bool trec);

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_JSON_SERVICE_H_
