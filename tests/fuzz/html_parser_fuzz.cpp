// libFuzzer target: parse_html on any bytes returns a well-formed article or throws InputError.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/dates.h"
#include "indexer/parsers/html_parser.h"
#include "kensaku/error.h"

namespace {

// The promises of Article and parse_html that hold whatever the input.
void check(const kensaku::Article& article) {
  if (article.body.empty()) std::abort();
  if (article.body.front() == '\n' || article.body.back() == '\n') std::abort();
  if (article.body.find("\n\n") != std::string::npos) std::abort();
  // A date is empty or in the stored form, which reads back as itself (common/dates.h).
  if (!article.date.empty() && kensaku::normalise_date(article.date) != article.date) std::abort();
  for (const char c : article.lang) {
    if (c < 'a' || c > 'z') std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kensaku::is_html("fuzz", bytes.substr(0, 512));
  try {
    check(kensaku::parse_html(bytes, "fuzz.html"));
  } catch (const kensaku::InputError& error) {
    if (error.path() != "fuzz.html") std::abort();
  }
  return 0;
}
