// Strict UTF-8: decoding one sequence, validating, appending a code point.
#ifndef KENSAKU_COMMON_UTF8_H
#define KENSAKU_COMMON_UTF8_H

#include <cstddef>
#include <string>
#include <string_view>

namespace kensaku {

// The length (1-4) of the well-formed UTF-8 sequence at text[at], storing its code point in `cp`;
// 0 when the byte there does not start one (a stray continuation byte, an overlong form, a
// surrogate, a code point past U+10FFFF, or a sequence cut by the end of `text`).
std::size_t utf8_sequence(std::string_view text, std::size_t at, char32_t& cp);

// Whether all of `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

// Appends `cp` (a Unicode scalar value) to `out` as UTF-8.
void append_utf8(std::string& out, char32_t cp);

}  // namespace kensaku

#endif  // KENSAKU_COMMON_UTF8_H
