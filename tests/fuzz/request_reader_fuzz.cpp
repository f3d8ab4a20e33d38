// libFuzzer target: read_request on any line (what --serve reads) never throws or crashes, and
// what it returns is either an error or a request that can be run.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "searcher/cli/request_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const kensaku::SearchRequest defaults = [] {
    kensaku::SearchRequest request;
    request.limit = 5;
    return request;
  }();
  const std::string line(reinterpret_cast<const char*>(data), size);
  const kensaku::ServiceRequest request = kensaku::read_request(line, defaults);
  // The id is echoed into the answer as JSON text: it must parse as JSON.
  if (!nlohmann::json::accept(request.id)) std::abort();
  if (request.error) {
    if (std::string(request.error->what()).empty()) std::abort();
    return 0;
  }
  // A request without an error has something to search for.
  if (request.search.query.find_first_not_of(" \t\r\n") == std::string::npos &&
      request.search.like.empty()) {
    std::abort();
  }
  return 0;
}
