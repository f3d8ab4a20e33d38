// Reads kensaku-search's service requests: one JSON object per line, whose fields are the search
// options of the command line (field list, types and limits: searcher/json-schema.md, "Requests"),
// and the bounded lines that --serve and --batch read them from.
#ifndef KENSAKU_SEARCHER_REQUEST_READER_H_
#define KENSAKU_SEARCHER_REQUEST_READER_H_

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "kensaku/error.h"
#include "kensaku/search.h"

namespace kensaku {

// The bounds on what one request line may hold (README, "Limits"). A line is read into at most
// kMaxLineBytes of memory whatever its length; arrays and objects nest at most kMaxNesting deep
// (nlohmann's dump and copies recurse, so a deeper id would overflow the stack); a query holds at
// most kMaxQueryBytes of UTF-8 (the query builder bounds its own work further, in the library).
inline constexpr std::size_t kMaxLineBytes = 64 * 1024;
inline constexpr std::size_t kMaxNesting = 64;
inline constexpr std::size_t kMaxQueryBytes = 8 * 1024;

// Reads `in` line by line without ever holding more than `max_bytes` of one line: a longer line is
// reported as such, and the rest of it is read and dropped. A last line without a newline is a
// line; a '\r' before the newline is dropped.
class LineReader {
 public:
  enum class Status { kLine, kTooLong, kEnd };

  explicit LineReader(std::istream& in, std::size_t max_bytes = kMaxLineBytes)
      : in_(in), max_bytes_(max_bytes) {}

  // The next line into `line`: kLine; kTooLong with the line's first max_bytes in `line`; kEnd
  // when the input has ended (`line` empty).
  Status next(std::string& line);

  // The 1-based number of the line `next` returned last.
  std::size_t line_number() const { return line_number_; }

 private:
  std::istream& in_;
  std::size_t max_bytes_;
  std::size_t line_number_ = 0;
};

// The UsageError for a line longer than kMaxLineBytes, `what` naming the line ("the request").
UsageError line_too_long_error(const std::string& what);

// How messages name an option: as on the command line (--since) or as a request field ("since").
enum class Spelling { kCommandLine, kRequestField };

// Checks what bounds a request's cost beyond each option's own range, which the library does not:
// the query's length, limit × fragments (kMaxPassages), and since/until as dates. Throws
// UsageError naming the options as `spelling` says.
void check_request_limits(const SearchRequest& request, Spelling spelling = Spelling::kCommandLine);

// One line of the service's input, read.
struct ServiceRequest {
  // The request's "id" as JSON text (`7`, `"a-1"`, `null`, …), to be echoed in its answer; "null"
  // when the request has none or the line is not a JSON object.
  std::string id = "null";
  SearchRequest search;
  // Why the request cannot be run (not JSON, nested too deep, not an object, an unknown field, a
  // value of the wrong type or out of range, no query, a query too long); empty when it can be.
  std::optional<UsageError> error;
};

// Reads `line` over `defaults`: each field present replaces the default's value, the others keep
// it. Never throws (but std::bad_alloc): a bad request comes back with `error` set (and its id,
// when it has one).
ServiceRequest read_request(const std::string& line, const SearchRequest& defaults);

// The fields a request may carry, in the order the schema documents them.
const std::vector<std::string>& request_fields();

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_REQUEST_READER_H_
