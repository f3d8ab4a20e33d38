// libFuzzer target: kensaku-search --serve's loop must answer every non-blank line of any bytes
// with exactly one JSON line (a response or an error object), never crash, and never let a raw
// control character through; terminal_safe must leave none either.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "searcher/cli/json_service.h"
#include "searcher/cli/request_reader.h"
#include "searcher/cli/result_printer.h"

namespace {

// A search that finds one hit holding the request's own text in every field, so whatever the
// input smuggles in comes back through the printers.
kensaku::SearchResponse echo(const kensaku::SearchRequest& request) {
  kensaku::SearchResponse response;
  response.query = request.query;
  response.total = 1;
  kensaku::Hit hit;
  hit.rank = request.offset + 1;
  hit.id = hit.title = hit.author = hit.snippet = request.query;
  response.hits.push_back(hit);
  return response;
}

// Lines the loop must answer: what LineReader returns, less the blank ones.
std::size_t answerable_lines(const std::string& input) {
  std::istringstream in(input);
  kensaku::LineReader reader(in);
  std::size_t count = 0;
  std::string line;
  for (kensaku::LineReader::Status s;
       (s = reader.next(line)) != kensaku::LineReader::Status::kEnd;) {
    if (s == kensaku::LineReader::Status::kTooLong ||
        line.find_first_not_of(" \t\r") != std::string::npos) {
      ++count;
    }
  }
  return count;
}

bool has_raw_control(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    unsigned char next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if ((c < 0x20 && c != '\n') || c == 0x7F) return true;
    if (c == 0xC2 && next >= 0x80 && next <= 0x9F) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  std::istringstream in(input);
  std::ostringstream out;
  kensaku::serve_json_lines(echo, kensaku::SearchRequest{}, in, out);
  std::istringstream answers(out.str());
  std::size_t count = 0;
  for (std::string line; std::getline(answers, line); ++count) {
    nlohmann::json answer = nlohmann::json::parse(line, nullptr, false);
    if (answer.is_discarded() || !(answer.contains("error") || answer.contains("hits"))) {
      __builtin_trap();
    }
  }
  if (count != answerable_lines(input) || has_raw_control(out.str())) __builtin_trap();
  if (has_raw_control(kensaku::terminal_safe(input))) __builtin_trap();
  return 0;
}
