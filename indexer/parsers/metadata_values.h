// Metadata values as every parser must store them: ISO dates and primary language subtags.
#ifndef KENSAKU_INDEXER_PARSERS_METADATA_VALUES_H_
#define KENSAKU_INDEXER_PARSERS_METADATA_VALUES_H_

#include <string>
#include <string_view>

namespace kensaku {

// The ISO 8601 date (and time, when a valid one follows) at the start of `text`, as "YYYY-MM-DD"
// or "YYYY-MM-DDTHH:MM:SS"; empty when `text` does not start with a real date. A space may stand
// for the 'T'. Fractional seconds and any zone designator are dropped without converting: the
// local time as the source states it is what its readers saw.
std::string iso_date(std::string_view text);

// The primary language subtag, lower-cased ("en-GB" -> "en"); empty when it is not one.
std::string language_tag(std::string_view text);

}  // namespace kensaku

#endif  // KENSAKU_INDEXER_PARSERS_METADATA_VALUES_H_
