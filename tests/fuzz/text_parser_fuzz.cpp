// libFuzzer target: parse_text_article (front matter, sidecar, derived metadata) on any bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "indexer/parsers/text_parser.h"
#include "kensaku/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The first byte chooses whether the rest is split into an article and a sidecar.
  std::optional<std::string> sidecar;
  if (!bytes.empty() && (bytes[0] & 1)) {
    std::size_t split = bytes.size() / 2;
    sidecar = std::string(bytes.substr(split));
    bytes = bytes.substr(1, split - 1 > 0 ? split - 1 : 0);
  }
  try {
    kensaku::Article article = kensaku::parse_text_article(bytes, "fuzz.txt", sidecar);
    if (article.body.empty() && article.title.empty()) std::abort();
    if (article.path != "fuzz.txt") std::abort();
  } catch (const kensaku::InputError& error) {
    if (error.path() != "fuzz.txt") std::abort();
  }
  return 0;
}
