// Reads the values of search options, for kensaku-search's command line and its service requests
// alike, so both accept the same spellings and reject the rest with the same messages.
#ifndef KENSAKU_SEARCHER_OPTION_VALUES_H_
#define KENSAKU_SEARCHER_OPTION_VALUES_H_

#include <string>
#include <vector>

#include "kensaku/search.h"

namespace kensaku {

// "relevance", "date" (oldest first) or "-date" (newest first). Anything else is a UsageError.
SortOrder parse_sort(const std::string& value);

// A recency half-life in days: "30", "30d", "2w", "6m" (30-day months) or "1y" (365 days).
// Anything else, and a number that is not above 0, is a UsageError.
double parse_half_life(const std::string& value);

// The non-empty items of a comma-separated list ("source,,year" -> source, year).
std::vector<std::string> split_list(const std::string& value);

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_OPTION_VALUES_H_
