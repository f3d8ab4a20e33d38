// libFuzzer target: kensaku-server's request target and parameter parsing, and the HTML escaping
// of what it reads, must hold their invariants on any bytes (only UsageError may be thrown).
#include <unicode/ustring.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "kensaku/error.h"
#include "searcher/server/access_log.h"
#include "searcher/server/html.h"
#include "searcher/server/search_params.h"
#include "searcher/server/url.h"

namespace {

// Checked with ICU rather than the code under test, so a shared bug cannot hide.
bool icu_valid_utf8(const std::string& s) {
  UErrorCode ec = U_ZERO_ERROR;
  int32_t length = 0;
  u_strFromUTF8(nullptr, 0, &length, s.data(), static_cast<int32_t>(s.size()), &ec);
  return ec != U_INVALID_CHAR_FOUND && ec != U_ILLEGAL_ARGUMENT_ERROR;
}

void check_decoded(const std::string& text) {
  if (!icu_valid_utf8(text)) __builtin_trap();
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) __builtin_trap();
  }
}

void check_escaped(const std::string& html) {
  for (char c : html) {
    if (c == '<' || c == '>' || c == '"' || c == '\'') __builtin_trap();
  }
  if (!icu_valid_utf8(html)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  check_escaped(kensaku::server::escape_html(input));
  std::string logged = kensaku::server::logged_target(input, false);
  for (char c : logged) {
    if (static_cast<unsigned char>(c) <= 0x20) __builtin_trap();
  }
  try {
    kensaku::server::Target target = kensaku::server::parse_target(input);
    check_decoded(target.path);
    if (target.path.empty() || target.path[0] != '/') __builtin_trap();
    if (target.path.find("/../") != std::string::npos) __builtin_trap();
    for (const auto& [name, value] : target.params) {
      check_decoded(name);
      check_decoded(value);
    }
    try {
      kensaku::SearchRequest request = kensaku::server::read_api_search(target.params);
      if (request.limit == 0 || request.limit > kensaku::server::kMaxLimit) __builtin_trap();
      if (request.offset > kensaku::server::kMaxOffset) __builtin_trap();
      if (request.query.size() > kensaku::server::kMaxQueryBytes) __builtin_trap();
    } catch (const kensaku::UsageError&) {
    }
    try {
      kensaku::server::PageSearch page = kensaku::server::read_page_search(target.params);
      std::string query = kensaku::server::query_with_filters(page.request.query, page.filters);
      (void)query;
    } catch (const kensaku::UsageError&) {
    }
  } catch (const kensaku::UsageError&) {
  }
  return 0;
}
