// Small string helpers shared by every component: ASCII-only trimming, case and comparisons.
#ifndef KENSAKU_COMMON_STRINGS_H
#define KENSAKU_COMMON_STRINGS_H

#include <string>
#include <string_view>

namespace kensaku {

// The C locale's white space: space, tab, line feed, carriage return, form feed, vertical tab.
constexpr std::string_view kAsciiSpace = " \t\n\r\f\v";

constexpr bool is_ascii_space(char c) { return kAsciiSpace.find(c) != std::string_view::npos; }

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// `text` without ASCII white space at either end (a view into `text`).
constexpr std::string_view trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(kAsciiSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kAsciiSpace) - first + 1);
}

// `text` with A-Z lowered; every other byte (UTF-8 included) unchanged.
inline std::string ascii_lower(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) c = ascii_lower(c);
  return lowered;
}

// Whether `a` and `b` are equal ignoring the case of A-Z.
constexpr bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// Whether `text` starts with `prefix`, ignoring the case of A-Z.
constexpr bool istarts_with_ascii(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals_ascii(text.substr(0, prefix.size()), prefix);
}

}  // namespace kensaku

#endif  // KENSAKU_COMMON_STRINGS_H
