// Reads the values of search options, for kensaku-search's command line and its service requests
// alike, so both accept the same spellings and ranges and reject the rest with the same messages.
#ifndef KENSAKU_SEARCHER_OPTION_VALUES_H_
#define KENSAKU_SEARCHER_OPTION_VALUES_H_

#include <string>
#include <vector>

#include "common/whole_numbers.h"
#include "kensaku/search.h"

namespace kensaku {

// The ranges of the numeric options (README, "Limits"; json-schema.md, "Requests"). Each bounds
// what one request can cost: every hit is fetched (and given snippets), the matcher keeps
// offset + limit candidates in memory (at most 200,000: some 20 MB), and a snippet is built from
// up to `fragments` passages. A limit of 100,000 still lets one request list every match of a
// Reuters-sized index (--fragments 0); offset + limit stays far below 2^32, Xapian's doccount.
inline constexpr NumberRange kLimitRange{1, 100000};
inline constexpr NumberRange kOffsetRange{0, 100000};
inline constexpr NumberRange kFragmentsRange{0, 20};
// Snippet passages per request (limit × fragments): building them is the costly part of a hit, so
// a page with snippets holds up to 10,000 hits at the default 2 fragments, or 1,000 at 20.
inline constexpr std::uint64_t kMaxPassages = 20000;

// A search's time budget in seconds (SearchRequest::time_limit_seconds): 0 for none, at most a day.
inline constexpr DecimalRange kTimeLimitRange{0, 86400, "seconds"};

// A recency half-life's bounds, in days: from a quarter of an hour to a century.
inline constexpr double kMinHalfLifeDays = 0.01;
inline constexpr double kMaxHalfLifeDays = 36500;

// "relevance", "date" (oldest first) or "-date" (newest first). Anything else is a UsageError.
SortOrder parse_sort(const std::string& value);

// A recency half-life in days: a number ("30", "1.5") optionally followed by d, w, m (30-day
// months) or y (365 days). Anything else ("banana", "inf", "1e5", " 30"), and a half-life outside
// kMinHalfLifeDays..kMaxHalfLifeDays, is a UsageError naming `option` and the value.
double parse_half_life(const std::string& value, const std::string& option = "--recent");

// Checks a number of days given directly (a service request's "recent"): 0 (no recency), or a
// finite half-life within the bounds above; else a UsageError naming `option`.
double checked_half_life(double days, const std::string& option);

// Checks a --since/--until value: "YYYY", "YYYY-MM" or "YYYY-MM-DD", a real calendar date (month
// 01-12, a day the month has); "" is no bound. Anything else ("yesterday", "2025-13",
// "1987..1986", "2025-02-30") is a UsageError naming `option` and the value.
void check_date_option(const std::string& value, const std::string& option);

// Checks since/until of `request` as above, and that since is not after until (an empty range
// would silently match nothing). `since_name`/`until_name` are how the messages name them.
void check_date_options(const SearchRequest& request, const std::string& since_name,
                        const std::string& until_name);

// The non-empty items of a comma-separated list ("source,,year" -> source, year).
std::vector<std::string> split_list(const std::string& value);

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_OPTION_VALUES_H_
