// Prints search responses: text for people (TTY-aware) or JSON for programs, behind one interface.
#ifndef KENSAKU_SEARCHER_RESULT_PRINTER_H_
#define KENSAKU_SEARCHER_RESULT_PRINTER_H_

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "kensaku/error.h"
#include "kensaku/search.h"

namespace kensaku {

// The version of the JSON output's shape (see searcher/json-schema.md); bump it with any change.
inline constexpr int kJsonSchemaVersion = 3;

class ResultPrinter {
 public:
  virtual ~ResultPrinter() = default;
  virtual void print(const SearchResponse& response, std::ostream& out) = 0;
};

// Text for people: rank, title, source · author · date, path, snippet. `bold` marks highlights
// with ANSI bold (the caller decides: a terminal, and NO_COLOR unset).
std::unique_ptr<ResultPrinter> make_text_printer(bool bold);

// One JSON object per response, on one line.
std::unique_ptr<ResultPrinter> make_json_printer();

// The JSON text of one response (what make_json_printer prints, without the newline).
std::string response_to_json(const SearchResponse& response);

// Batch mode: one line per query, `{"qid", "ms", …the response object}` (ms: the engine's time).
std::string batch_line_json(const std::string& qid, const SearchResponse& response);

// Batch mode: the line for a query that failed, `{"qid", "error", "hint"}`.
std::string batch_error_json(const std::string& qid, const std::string& error,
                             const std::string& hint);

// Service mode (--serve): the answer to one request, `{"version", "id", …the rest of the response
// object}`; `id_json` is the request's id as JSON text.
std::string service_response_json(const std::string& id_json, const SearchResponse& response);

// Service mode: the answer to a request that failed,
// `{"version", "id", "error": {"message", "hint", "status"}}` (status: the exit status the same
// error would give on the command line).
std::string service_error_json(const std::string& id_json, const Error& error);

// Batch mode, TREC run format: `qid Q0 id rank score kensaku`, one line per hit (qid and id as
// terminal_safe shows them, so a control character in a file name cannot break the line).
std::string trec_run_lines(const std::string& qid, const SearchResponse& response);

// `text` as a terminal should get it: what a terminal would act on rather than show is written as
// a visible escape. C0 controls and DEL become \x1b-style escapes (a tab becomes a space), C1
// controls (U+0080-U+009F) and the bidirectional embedding, override and isolate controls
// (U+202A-U+202E, U+2066-U+2069) become \u009b-style escapes, and each byte that is not part of
// well-formed UTF-8 becomes \xNN. Everything else, all other Unicode included, is kept.
std::string terminal_safe(std::string_view text);

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_RESULT_PRINTER_H_
