// The read-search-write loop of kensaku-search --serve.
#include "searcher/json_service.h"

#include <string>

#include "searcher/request_reader.h"
#include "searcher/result_printer.h"

namespace kensaku {

void serve_json_lines(Searcher& searcher, const SearchRequest& defaults, std::istream& in,
                      std::ostream& out) {
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ServiceRequest request = read_request(line, defaults);
    try {
      if (request.error) throw *request.error;
      // Searcher::search reopens the index first, so each request sees the latest commit.
      out << service_response_json(request.id, searcher.search(request.search)) << '\n';
    } catch (const Error& e) {
      out << service_error_json(request.id, e) << '\n';
    }
    out.flush();
  }
}

}  // namespace kensaku
