// kensaku-search --serve: answers JSON requests read line by line with one Searcher, so the index
// stays open between them.
#ifndef KENSAKU_SEARCHER_JSON_SERVICE_H_
#define KENSAKU_SEARCHER_JSON_SERVICE_H_

#include <istream>
#include <ostream>

#include "kensaku/search.h"

namespace kensaku {

// Answers each line of `in` with one line on `out`, in order, flushed at once so a client can
// wait for it: the response (the --json object plus the request's "id"), or an error object for
// a request that cannot be read or run. Lines holding only blanks get no answer. Returns when `in`
// ends. `defaults` supplies every field a request leaves out.
//
// A kensaku::Error from the searcher (a bad request, an index that went away) is answered as an
// error line with its exit status, and the loop goes on; any other exception propagates.
void serve_json_lines(Searcher& searcher, const SearchRequest& defaults, std::istream& in,
                      std::ostream& out);

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_JSON_SERVICE_H_
