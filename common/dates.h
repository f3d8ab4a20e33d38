// Dates as newsrooms write them, read into one stored ISO 8601 form; no Xapian or ICU here.
#ifndef KENSAKU_COMMON_DATES_H_
#define KENSAKU_COMMON_DATES_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace kensaku {

// A calendar date with the time of day and the UTC offset when the source states them.
struct ParsedDate {
  std::chrono::year_month_day day;
  std::optional<std::chrono::seconds> time;    // local time of day, as written
  std::optional<std::chrono::minutes> offset;  // east of UTC; nullopt: no zone (or "-0000")
};

// Reads a whole date value (surrounding spaces allowed, nothing else after it):
//   ISO 8601      2025-03-30, 2025-03-30T09:00[:00[.123]][Z|+09:00|+0900|+09], a space for 'T'
//   basic ISO     20250330, 20250330T090000Z
//   slashes/dots  2025/03/30, 2025.03.30 (year first; 05/03/2024 is ambiguous and not read)
//   RFC 2822      [Sun, ]30 Mar 2025 09:00[:00] +0900|GMT|UT|UTC|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT
//                 (a two-digit year is 19xx from 50, else 20xx; a "(comment)" after it is skipped)
//   day first     30 March 2025, 30th March 2025, 30 Mar 2025, 30-Mar-2025, optionally with a
//                 time and zone
//   month first   March 30, 2025, Mar 30 2025, March 30th, 2025, optionally "at" a time
// Month and weekday names are English, any case, in full or three letters; a weekday is skipped
// unchecked. Times may carry am/pm. Returns nullopt for anything else, and for dates that do not
// exist (2023-02-29) or times out of range (24:00, 09:60); a leap second (:60) reads as :59.
std::optional<ParsedDate> parse_date(std::string_view text);

// The stored form: "YYYY-MM-DD"; with a time "YYYY-MM-DDTHH:MM:SS"; with a zone too, the local
// time as written followed by its offset: "...T09:00:00+09:00", "...T09:00:00Z" for UTC. The
// local date is what a reader of the source saw, so day terms and date filters use it.
std::string format_date(const ParsedDate& date);

// parse_date then format_date; empty when the value is not a readable date.
std::string normalise_date(std::string_view text);

// The instant as a sortable UTC key "YYYYMMDDHHMMSS" (14 digits). A time without a zone counts
// as UTC; a date without a time as its midnight. Nullopt for a value parse_date cannot read.
std::optional<std::string> utc_sort_key(std::string_view date_text);

}  // namespace kensaku

#endif  // KENSAKU_COMMON_DATES_H_
