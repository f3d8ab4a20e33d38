// Metadata values as every parser must store them: ISO dates and primary language subtags.
#ifndef KENSAKU_INDEXER_PARSERS_METADATA_VALUES_H_
#define KENSAKU_INDEXER_PARSERS_METADATA_VALUES_H_

#include <string>
#include <string_view>

#include "common/article.h"

namespace kensaku {

// Sets article.date to the stored form of `value` (common/dates.h: ISO 8601, RFC 2822, "30 March
// 2025", "20250330", ... with the stated zone kept). A value that is not blank and cannot be read
// leaves the date empty and adds a warning naming the value to article.warnings; nothing is
// guessed. True when the date was read (or the value was blank).
bool set_date(std::string_view value, Article& article);

// The warning set_date gives for `value`: `date "VALUE" is not a date ...` with a hint.
std::string unreadable_date_warning(std::string_view value);

// A readable title for an article that states none, from its text: the first line when it reads
// as a headline (at most kMaxDerivedTitleCodePoints, not ending like a sentence), else the first
// sentence of the first paragraph. Longer than kMaxDerivedTitleCodePoints, it is cut at the last
// word boundary before that (at a character for text without spaces, such as Japanese) and ends
// with "…". Empty only for text with no words. Callers set Article::title_derived.
inline constexpr std::size_t kMaxDerivedTitleCodePoints = 100;
std::string derive_title(std::string_view text);

// The primary language subtag, lower-cased ("en-GB" -> "en"); empty when it is not one.
std::string language_tag(std::string_view text);

}  // namespace kensaku

#endif  // KENSAKU_INDEXER_PARSERS_METADATA_VALUES_H_
