// Reads kensaku-search's service requests: one JSON object per line, whose fields are the search
// options of the command line (field list and types: searcher/json-schema.md, "Requests").
#ifndef KENSAKU_SEARCHER_REQUEST_READER_H_
#define KENSAKU_SEARCHER_REQUEST_READER_H_

#include <optional>
#include <string>
#include <vector>

#include "kensaku/error.h"
#include "kensaku/search.h"

namespace kensaku {

// One line of the service's input, read.
struct ServiceRequest {
  // The request's "id" as JSON text (`7`, `"a-1"`, `null`, …), to be echoed in its answer; "null"
  // when the request has none or the line is not a JSON object.
  std::string id = "null";
  SearchRequest search;
  // Why the request cannot be run (not JSON, not an object, an unknown field, a value of the
  // wrong type or out of range, no query); empty when it can be.
  std::optional<UsageError> error;
};

// Reads `line` over `defaults`: each field present replaces the default's value, the others keep
// it. Never throws: a bad request comes back with `error` set (and its id, when it has one).
ServiceRequest read_request(const std::string& line, const SearchRequest& defaults);

// The fields a request may carry, in the order the schema documents them.
const std::vector<std::string>& request_fields();

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_REQUEST_READER_H_
