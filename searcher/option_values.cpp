// Parsing of search option values shared by the command line and the service's request fields.
#include "searcher/option_values.h"

#include <exception>

#include "kensaku/error.h"

namespace kensaku {

SortOrder parse_sort(const std::string& value) {
  if (value == "relevance") return SortOrder::kRelevance;
  if (value == "date") return SortOrder::kDateAscending;
  if (value == "-date") return SortOrder::kDateDescending;
  throw UsageError("unknown sort order '" + value + "'",
                   "sort by relevance, date (oldest first) or -date (newest first)");
}

double parse_half_life(const std::string& value) {
  std::size_t used = 0;
  double number = 0;
  try {
    number = std::stod(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  std::string unit = value.substr(used);
  double days = unit.empty() || unit == "d" ? 1
                : unit == "w"               ? 7
                : unit == "m"               ? 30
                : unit == "y"               ? 365
                                            : 0;
  if (used == 0 || days == 0 || !(number > 0)) {
    throw UsageError("recent '" + value + "' is not a half-life",
                     "give a number of days, or e.g. 2w, 6m, 1y");
  }
  return number * days;
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
