// Parsing of search option values shared by the command line and the service's request fields.
#include "searcher/cli/option_values.h"

#include <cmath>
#include <cstdio>
#include <optional>

#include "kensaku/error.h"

namespace kensaku {
namespace {

bool all_digits(const std::string& text, std::size_t from, std::size_t count) {
  if (from + count > text.size()) return false;
  for (std::size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// The first (or, with `last`, the final) day `value` covers as "YYYYMMDD", or nullopt when it is
// not exactly YYYY, YYYY-MM or YYYY-MM-DD naming a real date.
std::optional<std::string> date_edge(const std::string& value, bool last) {
  std::size_t n = value.size();
  if (!(n == 4 || n == 7 || n == 10) || !all_digits(value, 0, 4)) return std::nullopt;
  int year = std::stoi(value.substr(0, 4)), month = last ? 12 : 1;
  if (n >= 7) {
    if (value[4] != '-' || !all_digits(value, 5, 2)) return std::nullopt;
    month = std::stoi(value.substr(5, 2));
    if (month < 1 || month > 12) return std::nullopt;
  }
  int day = last ? days_in_month(year, month) : 1;
  if (n == 10) {
    if (value[7] != '-' || !all_digits(value, 8, 2)) return std::nullopt;
    day = std::stoi(value.substr(8, 2));
    if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
  }
  char edge[9];
  std::snprintf(edge, sizeof edge, "%04d%02d%02d", year, month, day);
  return std::string(edge);
}

[[noreturn]] void not_a_date(const std::string& value, const std::string& option) {
  std::string hint = "use YYYY, YYYY-MM or YYYY-MM-DD (a real date)";
  if (value.find("..") != std::string::npos) hint += "; for a range give both --since and --until";
  throw UsageError(option + " " + shown_value(value) + " is not a date", hint);
}

}  // namespace

SortOrder parse_sort(const std::string& value) {
  if (value == "relevance") return SortOrder::kRelevance;
  if (value == "date") return SortOrder::kDateAscending;
  if (value == "-date") return SortOrder::kDateDescending;
  throw UsageError("unknown sort order " + shown_value(value),
                   "sort by relevance, date (oldest first) or -date (newest first)");
}

double parse_half_life(const std::string& value, const std::string& option) {
  // Digits, an optional fraction, an optional unit: nothing stod would also take ("inf", "1e5",
  // leading blanks, a sign).
  std::size_t i = 0;
  while (i < value.size() && value[i] >= '0' && value[i] <= '9') ++i;
  std::size_t whole_digits = i;
  if (i < value.size() && value[i] == '.') {
    std::size_t start = ++i;
    while (i < value.size() && value[i] >= '0' && value[i] <= '9') ++i;
    if (i == start) whole_digits = 0;  // "3." is not a number
  }
  std::string unit = value.substr(i);
  double per_unit = unit.empty() || unit == "d" ? 1
                    : unit == "w"               ? 7
                    : unit == "m"               ? 30
                    : unit == "y"               ? 365
                                                : 0;
  if (whole_digits == 0 || per_unit == 0) {
    throw UsageError(option + " " + shown_value(value) + " is not a half-life",
                     "give a number of days, or e.g. 2w, 6m, 1y");
  }
  double days = std::stod(value.substr(0, i)) * per_unit;
  if (days == 0) {
    throw UsageError(option + " " + shown_value(value) + " is not a half-life",
                     "give a half-life above 0, or leave " + option + " out");
  }
  return checked_half_life(days, option);
}

double checked_half_life(double days, const std::string& option) {
  if (days == 0) return 0;
  if (!std::isfinite(days) || days < kMinHalfLifeDays || days > kMaxHalfLifeDays) {
    char shown[64];
    std::snprintf(shown, sizeof shown, "%g", days);
    throw UsageError(option + " of " + shown + " days is out of range",
                     "give a half-life from 0.01 days (a quarter of an hour) to 36500 (100 years)");
  }
  return days;
}

void check_date_option(const std::string& value, const std::string& option) {
  if (!value.empty() && !date_edge(value, false)) not_a_date(value, option);
}

void check_date_options(const SearchRequest& request, const std::string& since_name,
                        const std::string& until_name) {
  check_date_option(request.since, since_name);
  check_date_option(request.until, until_name);
  if (request.since.empty() || request.until.empty()) return;
  if (*date_edge(request.since, false) > *date_edge(request.until, true)) {
    throw UsageError(since_name + " " + request.since + " is after " + until_name + " " +
                         request.until + ", so nothing could match",
                     "give the earlier date to " + since_name);
  }
}

std::vector<std::string> split_list(const std::string& value) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t comma = value.find(',', start);
    std::string item = value.substr(start, comma == std::string::npos ? comma : comma - start);
    if (!item.empty()) items.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

}  // namespace kensaku
