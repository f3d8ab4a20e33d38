// The pass over query text before Xapian's parser sees it: the limits on a query's size, and the
// repairs that keep the parser from failing or misreading what users type.
#ifndef KENSAKU_SEARCHER_QUERY_TEXT_H_
#define KENSAKU_SEARCHER_QUERY_TEXT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kensaku {

// A query is read up to this many bytes (cut at a space before it when there is one): real
// queries are far shorter (Cranfield's longest is 266 bytes), pasted paragraphs fit.
inline constexpr std::size_t kMaxQueryBytes = 4096;

// A query is read up to this many words (each CJK character counts as one, field names do not):
// Cranfield's longest question has 46, and 128 common Reuters words match in about 50 ms.
inline constexpr std::size_t kMaxQueryWords = 128;

// At most this many wildcards are expanded (each into up to kMaxWildcardExpansion words); later
// ones are searched as the word written before the '*'.
inline constexpr std::size_t kMaxQueryWildcards = 4;

// At most this many distinct filters (topic:, place:, tag:, lang:, date:) apply; a repeated one
// counts once. Each date: range reads a value stream of the whole index.
inline constexpr std::size_t kMaxQueryFilters = 16;

// The query text ready for the parser.
struct PreparedText {
  std::string text;
  bool repaired = false;           // unbalanced quotes or brackets, empty fields: read leniently
  std::vector<std::string> notes;  // what was cut or repaired, for the reader
};

// Applies the limits above, then: separates CJK runs from Latin letters and digits (Xapian 1.4's
// parser fails on "x 我y"), drops an unmatched quote, unmatched brackets, fields with no value and
// operators with nothing on one side, and writes a query of only exclusions ("-oil", "NOT oil")
// as NOT terms. Throws UsageError when a date: or lang: value is not one.
// `text` must be normalised (normalise_text). Linear in the text's length.
PreparedText prepare_query_text(std::string_view text);

// One end of a date range: "2025", "2025-03" or "2025-03-30" (also "202503", "20250330"), as
// "YYYYMMDD" of the first (`upper` false) or last day it covers; nullopt when it is not a date
// (month 13, 30 February).
std::optional<std::string> date_bound(std::string_view text, bool upper);

// A date: value's range as "YYYYMMDD" bounds (each may be absent: "2024.." or "..2024-06"), or
// nullopt when it is not a date or date range (month 13, 30 February, an end before the start).
struct DateRange {
  std::optional<std::string> from, to;
};
std::optional<DateRange> parse_date_range(std::string_view value);

// Throws UsageError naming the filter when `name` is date or lang and `value` is not a date
// range or a language tag; does nothing for other fields.
void check_filter_value(std::string_view name, std::string_view value);

// The language subtag a lang: value stands for ("en-GB" -> "en", as the indexer stores it), or
// nullopt when it is not a language tag.
std::optional<std::string> language_subtag(std::string_view value);

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_QUERY_TEXT_H_
