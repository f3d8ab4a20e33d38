// Request targets: strict percent-decoding, UTF-8 checks and path segment rules.
#include "searcher/server/url.h"

#include "kensaku/error.h"

namespace kensaku::server {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX (and '+' as a space when `plus_is_space`), then checks the result.
std::string decode(std::string_view text, bool plus_is_space, const char* what) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      int hi = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
      int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        throw UsageError(std::string("malformed %-escape in the ") + what,
                         "write a byte as % and two hex digits");
      }
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += plus_is_space && c == '+' ? ' ' : c;
    }
  }
  for (char c : out) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      throw UsageError(std::string("control character in the ") + what,
                       "NUL, newlines and other control characters are not accepted");
    }
  }
  if (!is_valid_utf8(out)) {
    throw UsageError(std::string("the ") + what + " is not valid UTF-8",
                     "percent-encode text as UTF-8");
  }
  return out;
}

void check_segments(const std::string& path) {
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string_view segment(path.data() + start, end - start);
    bool last = end == path.size();
    if (segment == "." || segment == ".." || (segment.empty() && !last)) {
      throw UsageError("the path has an empty, '.' or '..' segment", "ask for a canonical path");
    }
    if (segment.find('\\') != std::string_view::npos) {
      throw UsageError("the path holds a backslash", "ask for a canonical path");
    }
    start = end + 1;
  }
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80           ? 1
                         : (c >> 5) == 0x6  ? 2
                         : (c >> 4) == 0xe  ? 3
                         : (c >> 3) == 0x1e ? 4
                                            : 0;
    if (length == 0 || i + length > text.size()) return false;
    unsigned code = length == 1 ? c : c & (0x7f >> length);
    for (std::size_t k = 1; k < length; ++k) {
      unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    static constexpr unsigned kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return false;
    }
    i += length;
  }
  return true;
}

Target parse_target(std::string_view target) {
  if (target.empty() || target[0] != '/') {
    throw UsageError("the request target is not an absolute path", "ask for a path such as /");
  }
  std::size_t question = target.find('?');
  std::string_view path = target.substr(0, question);
  std::string_view query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  if (std::size_t hash = query.find('#'); hash != std::string_view::npos)
    query = query.substr(0, hash);
  Target out;
  out.path = decode(path, false, "path");
  check_segments(out.path);
  std::size_t start = 0;
  while (start < query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    if (!pair.empty()) {
      std::size_t equals = pair.find('=');
      std::string name = decode(pair.substr(0, equals), true, "query string");
      std::string value = equals == std::string_view::npos
                              ? std::string()
                              : decode(pair.substr(equals + 1), true, "query string");
      out.params.emplace_back(std::move(name), std::move(value));
    }
    start = end + 1;
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' ||
        u == '.' || u == '_' || u == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    }
  }
  return out;
}

}  // namespace kensaku::server
