// Numeric option values read strictly, for both binaries alike: whole numbers (digits only) and
// decimals (digits, an optional fraction) within a stated range, or a UsageError naming the
// option and the value (never a wrapped, truncated or infinite number).
#ifndef KENSAKU_COMMON_WHOLE_NUMBERS_H_
#define KENSAKU_COMMON_WHOLE_NUMBERS_H_

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kensaku/error.h"

namespace kensaku {

// The values an option accepts, both ends included.
struct NumberRange {
  std::uint64_t min = 0;
  std::uint64_t max = 0;
};

// "a whole number from 1 to 10000": the hint of every message below.
inline std::string range_hint(NumberRange range) {
  return "give a whole number from " + std::to_string(range.min) + " to " +
         std::to_string(range.max);
}

// `shown` as the user wrote it, cut short so a message stays one line.
inline std::string shown_value(std::string_view shown) {
  std::string text(shown.substr(0, 40));
  if (shown.size() > 40) text += "...";
  return "'" + text + "'";
}

// Throws the UsageError for a value outside `range` ("--limit '4294967296' is out of range").
[[noreturn]] inline void number_out_of_range(std::string_view option, std::string_view shown,
                                             NumberRange range) {
  throw UsageError(std::string(option) + " " + shown_value(shown) + " is out of range",
                   range_hint(range));
}

// Throws the UsageError for a value that is not a whole number at all ("-1", "1.5", "ten").
[[noreturn]] inline void not_a_whole_number(std::string_view option, std::string_view shown,
                                            NumberRange range) {
  bool negative = !shown.empty() && shown.front() == '-';
  throw UsageError(std::string(option) + " " + shown_value(shown) +
                       (negative ? " is negative" : " is not a whole number"),
                   range_hint(range));
}

// Checks an already-read number against `range`; returns it.
inline std::uint64_t checked_in_range(std::string_view option, std::string_view shown,
                                      std::uint64_t value, NumberRange range) {
  if (value < range.min || value > range.max) number_out_of_range(option, shown, range);
  return value;
}

// Reads `text` (the value of `option`, e.g. "--limit") as a whole number within `range`: ASCII
// digits only (no sign, blank, fraction, exponent or base prefix), any number of them, so
// "4294967296" and "99999999999999999999999" are out of range rather than wrapped.
inline std::uint64_t parse_whole_number(std::string_view option, std::string_view text,
                                        NumberRange range) {
  if (text.empty()) not_a_whole_number(option, text, range);
  std::uint64_t value = 0;
  bool too_big = false;
  for (char c : text) {
    if (c < '0' || c > '9') not_a_whole_number(option, text, range);
    std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    // value * 10 + digit > max, asked without overflowing
    if (digit > range.max || value > (range.max - digit) / 10) too_big = true;
    if (!too_big) value = value * 10 + digit;
  }
  if (too_big) number_out_of_range(option, text, range);
  return checked_in_range(option, text, value, range);
}

// The values a decimal option accepts, both ends included; `unit` names them in the hint.
struct DecimalRange {
  double min = 0;
  double max = 0;
  const char* unit = "";
};

// "give a number of seconds from 0 to 86400": the hint of every decimal message below.
inline std::string decimal_hint(DecimalRange range) {
  char text[96];
  std::snprintf(text, sizeof text, "give a number of %s from %g to %g, e.g. 0.5", range.unit,
                range.min, range.max);
  return text;
}

// Checks an already-read decimal against `range` (NaN and infinities are outside any); returns it.
inline double checked_decimal(std::string_view option, std::string_view shown, double value,
                              DecimalRange range) {
  if (std::isnan(value)) {
    throw UsageError(std::string(option) + " " + shown_value(shown) + " is not a number",
                     decimal_hint(range));
  }
  if (value < 0 && range.min >= 0) {
    throw UsageError(std::string(option) + " " + shown_value(shown) + " is negative",
                     decimal_hint(range));
  }
  if (!(value >= range.min && value <= range.max)) {
    throw UsageError(std::string(option) + " " + shown_value(shown) + " is out of range",
                     decimal_hint(range));
  }
  return value;
}

// Reads `text` (the value of `option`, e.g. "--time-limit") as a decimal within `range`: ASCII
// digits with an optional fraction ("2", "0.5", ".5"), nothing else (no sign, blank, exponent,
// "inf" or "nan"), so every accepted spelling is an exact finite number.
inline double parse_decimal_number(std::string_view option, std::string_view text,
                                   DecimalRange range) {
  std::size_t digits = 0, dots = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '.' && dots == 0) {
      ++dots;
    } else {
      bool negative = !text.empty() && text.front() == '-';
      throw UsageError(std::string(option) + " " + shown_value(text) +
                           (negative ? " is negative" : " is not a number"),
                       decimal_hint(range));
    }
  }
  if (digits == 0) {
    throw UsageError(std::string(option) + " " + shown_value(text) + " is not a number",
                     decimal_hint(range));
  }
  // Many digits read as a huge (or infinite) double, which the range check then refuses.
  return checked_decimal(option, text, std::strtod(std::string(text).c_str(), nullptr), range);
}

}  // namespace kensaku

#endif  // KENSAKU_COMMON_WHOLE_NUMBERS_H_
