// The read-search-write loops of kensaku-search --serve and --batch.
#include "searcher/cli/json_service.h"

#include <exception>
#include <new>
#include <string>

#include "searcher/cli/request_reader.h"
#include "searcher/cli/result_printer.h"

namespace kensaku {
namespace {

// Runs `answer`, turning whatever it throws into the Error a caller reports for that one request:
// a kensaku::Error as it is, anything else as a FatalError (exit status 2) saying what it was.
template <typename Answer, typename Report>
void guarded(const Answer& answer, const Report& report) {
  try {
    answer();
  } catch (const Error& e) {
    report(e);
  } catch (const std::bad_alloc&) {
    report(FatalError("out of memory while answering this request",
                      "ask for fewer hits or fragments, or a narrower query"));
  } catch (const std::exception& e) {
    report(FatalError(std::string("internal error: ") + e.what(), "please report this request"));
  } catch (...) {
    report(FatalError("internal error: an unknown exception", "please report this request"));
  }
}

bool blank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

}  // namespace

void serve_json_lines(const SearchFunction& search, const SearchRequest& defaults, std::istream& in,
                      std::ostream& out) {
  LineReader reader(in);
  std::string line;
  for (LineReader::Status status; (status = reader.next(line)) != LineReader::Status::kEnd;) {
    if (status == LineReader::Status::kLine && blank(line)) continue;
    std::string id = "null";
    std::string answer;
    guarded(
        [&] {
          if (status == LineReader::Status::kTooLong) throw line_too_long_error("the request");
          ServiceRequest request = read_request(line, defaults);
          id = request.id;
          if (request.error) throw *request.error;
          // Searcher::search reopens the index first, so each request sees the latest commit.
          answer = service_response_json(id, search(request.search));
        },
        [&](const Error& e) { answer = service_error_json(id, e); });
    out << answer << '\n';
    out.flush();
    if (!out) return;  // the client is gone
  }
}

std::size_t run_batch_lines(const SearchFunction& search, const SearchRequest& defaults,
                            std::istream& in, std::ostream& out, std::ostream& err, bool trec) {
  LineReader reader(in);
  std::string line;
  std::size_t bad = 0;
  for (LineReader::Status status; (status = reader.next(line)) != LineReader::Status::kEnd;) {
    if (status == LineReader::Status::kLine && line.find_first_not_of(" \t") == std::string::npos)
      continue;
    std::string line_no = std::to_string(reader.line_number());
    std::size_t tab = line.find('\t');
    std::string qid = tab == std::string::npos ? line_no : line.substr(0, tab);
    guarded(
        [&] {
          if (status == LineReader::Status::kTooLong) throw line_too_long_error("line " + line_no);
          if (tab == std::string::npos) {
            throw UsageError("line " + line_no + " has no tab", "write each line as qid<TAB>query");
          }
          SearchRequest request = defaults;
          request.query = line.substr(tab + 1);
          check_request_limits(request);
          SearchResponse response = search(request);
          out << (trec ? trec_run_lines(qid, response) : batch_line_json(qid, response) + "\n");
        },
        [&](const Error& e) {
          ++bad;
          if (trec) {
            err << "kensaku-search: query " << terminal_safe(qid) << ": " << terminal_safe(e.what())
                << '\n';
          } else {
            out << batch_error_json(qid, e.what(), e.hint()) << '\n';
          }
        });
  }
  return bad;
}

}  // namespace kensaku
