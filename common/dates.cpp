// Reading newsroom dates (ISO 8601, RFC 2822, written-out months) with std::chrono calendars.
#include "common/dates.h"

#include <array>
#include <cstdio>

namespace kensaku {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> kWeekdays = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

// Zone names RFC 2822 defines (plus UTC and Z); others are ambiguous (IST, CST elsewhere).
struct ZoneName {
  std::string_view name;
  int hours;
};
constexpr std::array<ZoneName, 12> kZones = {{{"ut", 0},
                                              {"utc", 0},
                                              {"gmt", 0},
                                              {"z", 0},
                                              {"est", -5},
                                              {"edt", -4},
                                              {"cst", -6},
                                              {"cdt", -5},
                                              {"mst", -7},
                                              {"mdt", -6},
                                              {"pst", -8},
                                              {"pdt", -7}}};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A position in the text with the small reads the formats are made of.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  std::size_t pos() const { return pos_; }
  void reset(std::size_t pos) { pos_ = pos; }

  void skip_spaces() {
    while (!done() && (peek() == ' ' || peek() == '\t')) ++pos_;
  }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  // A run of digits; `count` is how many (0: none, value -1).
  long number(int& count) {
    long value = 0;
    count = 0;
    while (!done() && is_digit(peek()) && count < 9) {
      value = value * 10 + (text_[pos_++] - '0');
      ++count;
    }
    return count == 0 ? -1 : value;
  }
  // A run of letters, lower-cased.
  std::string word() {
    std::string w;
    while (!done() && is_alpha(peek())) w += lower(text_[pos_++]);
    return w;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// 1-12 for a month name in full or its first three letters ("sept" too); 0 otherwise.
unsigned month_number(std::string_view word) {
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (word == kMonths[i] || (word.size() >= 3 && kMonths[i].starts_with(word))) {
      return static_cast<unsigned>(i + 1);
    }
  }
  return 0;
}

bool is_weekday(std::string_view word) {
  for (std::string_view day : kWeekdays) {
    if (word == day || (word.size() >= 3 && day.starts_with(word))) return true;
  }
  return false;
}

std::optional<year_month_day> make_day(long y, long m, long d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  const year_month_day ymd{year{static_cast<int>(y)}, month{static_cast<unsigned>(m)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

// "+09:00", "+0900", "+09", "-0500", "Z", "GMT", "EST"; "(comment)" after it is skipped. False
// for a zone that cannot be read. "-0000" states that the zone is unknown (RFC 2822 3.3).
bool read_zone(Cursor& in, ParsedDate& date) {
  in.skip_spaces();
  if (in.peek() == '+' || in.peek() == '-') {
    const bool west = in.peek() == '-';
    in.eat(in.peek());
    int digits = 0;
    long zone_hours = in.number(digits), zone_minutes = 0;
    if (digits == 4) {
      zone_minutes = zone_hours % 100;
      zone_hours /= 100;
    } else if (digits == 2 && in.eat(':')) {
      int m_digits = 0;
      zone_minutes = in.number(m_digits);
      if (m_digits != 2) return false;
    } else if (digits != 2) {
      return false;
    }
    if (zone_hours > 23 || zone_minutes > 59) return false;
    if (!(west && zone_hours == 0 && zone_minutes == 0)) {
      const minutes east{zone_hours * 60 + zone_minutes};
      date.offset = west ? -east : east;
    }
  } else if (is_alpha(in.peek())) {
    const std::string name = in.word();
    bool known = false;
    for (const ZoneName& zone : kZones) {
      if (name == zone.name) {
        date.offset = minutes{zone.hours * 60};
        known = true;
      }
    }
    if (!known) return false;
  }
  in.skip_spaces();
  if (in.eat('(')) {
    while (!in.done() && in.peek() != ')') in.reset(in.pos() + 1);
    if (!in.eat(')')) return false;
  }
  return true;
}

// "09:00", "09:00:00", "09:00:00.250", "9:00 pm", and after a 'T' the basic "0900", "090000".
bool read_time(Cursor& in, ParsedDate& date, bool basic_allowed) {
  int digits = 0;
  long hour = in.number(digits), minute = 0, second = 0;
  if (digits == 4 || digits == 6) {
    if (!basic_allowed) return false;
    if (digits == 6) {
      second = hour % 100;
      hour /= 100;
    }
    minute = hour % 100;
    hour /= 100;
  } else {
    if (digits < 1 || digits > 2 || !in.eat(':')) return false;
    minute = in.number(digits);
    if (digits != 2) return false;
    if (in.eat(':')) {
      second = in.number(digits);
      if (digits != 2) return false;
    }
  }
  if (in.peek() == '.' || in.peek() == ',') {  // fractions of a second: dropped
    in.reset(in.pos() + 1);
    if (!is_digit(in.peek())) return false;
    while (is_digit(in.peek())) in.reset(in.pos() + 1);
  }
  const std::size_t before_suffix = in.pos();
  in.skip_spaces();
  std::string suffix = in.word();
  if (suffix == "a" || suffix == "p") {  // "a.m." / "p.m."
    if (!in.eat('.') || in.word() != "m") return false;
    in.eat('.');
    suffix += 'm';
  }
  if (suffix == "am" || suffix == "pm") {
    if (hour < 1 || hour > 12) return false;
    hour = hour % 12 + (suffix == "pm" ? 12 : 0);
  } else {
    in.reset(before_suffix);
  }
  if (second == 60) second = 59;  // a leap second
  if (hour > 23 || minute > 59 || second > 59) return false;
  date.time = hours{hour} + minutes{minute} + seconds{second};
  return read_zone(in, date);
}

// What follows a date: nothing, or a time (after 'T', a space, ", " or "at") and its zone.
bool read_time_part(Cursor& in, ParsedDate& date, bool basic_allowed) {
  if (in.done()) return true;
  if (in.eat('T') || in.eat('t')) return read_time(in, date, basic_allowed);
  in.skip_spaces();
  in.eat(',');
  in.skip_spaces();
  const std::size_t at = in.pos();
  if (in.word() != "at") in.reset(at);
  in.skip_spaces();
  if (in.done()) return true;
  return read_time(in, date, basic_allowed);
}

// "2025-03-30", "2025/03/30", "2025.03.30" (the year already read) and what follows.
bool read_year_first(Cursor& in, long year, ParsedDate& date) {
  const char separator = in.peek();
  if (separator != '-' && separator != '/' && separator != '.') return false;
  in.eat(separator);
  int digits = 0;
  const long month = in.number(digits);
  // ISO wants two digits; "2025/3/30" is as clear with slashes.
  if (digits != 2 && !(digits == 1 && separator != '-')) return false;
  if (!in.eat(separator)) return false;
  const long day_number = in.number(digits);
  if (digits != 2 && !(digits == 1 && separator != '-')) return false;
  const auto ymd = make_day(year, month, day_number);
  if (!ymd) return false;
  date.day = *ymd;
  return read_time_part(in, date, separator == '-');
}

// "20250330" and "20250330T090000Z" (the eight digits already read).
bool read_basic(Cursor& in, long digits8, ParsedDate& date) {
  const auto ymd = make_day(digits8 / 10000, digits8 / 100 % 100, digits8 % 100);
  if (!ymd) return false;
  date.day = *ymd;
  if (in.done()) return true;
  if (!in.eat('T') && !in.eat('t')) return read_time_part(in, date, false);
  return read_time(in, date, true);
}

long full_year(long year, int digits) {
  if (digits == 4) return year;
  if (digits == 2) return year + (year >= 50 ? 1900 : 2000);  // RFC 2822 4.3
  return -1;
}

// "30 Mar 2025 09:00 +0900", "30 March 2025", "30-Mar-2025" (the day already read).
bool read_day_first(Cursor& in, long day_number, ParsedDate& date) {
  const bool dashes = in.eat('-');
  if (!dashes) in.skip_spaces();
  std::string word = in.word();
  if (!dashes && (word == "st" || word == "nd" || word == "rd" || word == "th")) {  // "30th"
    in.skip_spaces();
    word = in.word();
  }
  const unsigned month = month_number(word);
  if (month == 0) return false;
  in.eat('.');
  if (dashes && !in.eat('-')) return false;
  if (!dashes) {
    in.eat(',');
    in.skip_spaces();
  }
  int digits = 0;
  const long written_year = in.number(digits);
  const long year = full_year(written_year, digits);
  const auto ymd = make_day(year, month, day_number);
  if (!ymd) return false;
  date.day = *ymd;
  return read_time_part(in, date, false);
}

// "March 30, 2025", "Mar 30 2025", "March 30th, 2025" (the month already read).
bool read_month_first(Cursor& in, unsigned month, ParsedDate& date) {
  in.eat('.');
  in.skip_spaces();
  int digits = 0;
  const long day_number = in.number(digits);
  if (digits < 1 || digits > 2) return false;
  const std::size_t after_day = in.pos();
  const std::string ordinal = in.word();
  if (ordinal != "st" && ordinal != "nd" && ordinal != "rd" && ordinal != "th") in.reset(after_day);
  in.eat(',');
  in.skip_spaces();
  const long year = in.number(digits);
  if (digits != 4) return false;
  const auto ymd = make_day(year, month, day_number);
  if (!ymd) return false;
  date.day = *ymd;
  return read_time_part(in, date, false);
}

bool read_date(Cursor& in, ParsedDate& date) {
  if (is_alpha(in.peek())) {
    std::string word = in.word();
    if (is_weekday(word)) {
      in.eat('.');
      in.eat(',');
      in.skip_spaces();
      if (!is_alpha(in.peek())) return read_date(in, date);
      word = in.word();
    }
    const unsigned month = month_number(word);
    return month != 0 && read_month_first(in, month, date);
  }
  int digits = 0;
  const long number = in.number(digits);
  if (digits == 4) return read_year_first(in, number, date);
  if (digits == 8) return read_basic(in, number, date);
  if (digits == 1 || digits == 2) return read_day_first(in, number, date);
  return false;
}

std::string_view trim(std::string_view text) {
  const char* ws = " \t\r\n\f\v";
  const std::size_t first = text.find_first_not_of(ws);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(ws) - first + 1);
}

}  // namespace

std::optional<ParsedDate> parse_date(std::string_view text) {
  Cursor in(trim(text));
  ParsedDate date;
  if (in.done() || !read_date(in, date)) return std::nullopt;
  in.skip_spaces();
  if (!in.done()) return std::nullopt;
  return date;
}

std::string format_date(const ParsedDate& date) {
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.day.year()),
                static_cast<unsigned>(date.day.month()), static_cast<unsigned>(date.day.day()));
  std::string result(text);
  if (!date.time) return result;
  const hh_mm_ss<seconds> clock{*date.time};
  std::snprintf(text, sizeof text, "T%02d:%02d:%02d", static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  result += text;
  if (!date.offset) return result;
  if (*date.offset == minutes{0}) return result + 'Z';
  const long east = date.offset->count();
  const long size = east < 0 ? -east : east;
  std::snprintf(text, sizeof text, "%c%02ld:%02ld", east < 0 ? '-' : '+', size / 60, size % 60);
  return result + text;
}

std::string normalise_date(std::string_view text) {
  const auto date = parse_date(text);
  return date ? format_date(*date) : std::string();
}

std::optional<std::string> utc_sort_key(std::string_view date_text) {
  const auto date = parse_date(date_text);
  if (!date) return std::nullopt;
  sys_seconds instant = sys_days{date->day} + date->time.value_or(seconds{0});
  if (date->offset) instant -= *date->offset;
  const sys_days day_start = floor<days>(instant);
  year_month_day utc{day_start};
  // Converting can step outside years 1-9999 only at their very ends: keep the local time there.
  if (utc.year() < year{1} || utc.year() > year{9999}) {
    utc = date->day;
    instant = sys_days{date->day} + date->time.value_or(seconds{0});
  }
  const hh_mm_ss<seconds> clock{instant - floor<days>(instant)};
  char key[20];
  std::snprintf(key, sizeof key, "%04d%02u%02u%02d%02d%02d", static_cast<int>(utc.year()),
                static_cast<unsigned>(utc.month()), static_cast<unsigned>(utc.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return std::string(key);
}

}  // namespace kensaku
