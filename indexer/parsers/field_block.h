// "key: value" metadata blocks, shared by sidecar files and front matter.
#ifndef KENSAKU_INDEXER_PARSERS_FIELD_BLOCK_H_
#define KENSAKU_INDEXER_PARSERS_FIELD_BLOCK_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/article.h"

namespace kensaku {

// One "key: value" line; keys are lower-cased, values trimmed.
using MetadataField = std::pair<std::string, std::string>;

// Parses `text` as lines of "key: value". Blank lines and lines starting with '#' are skipped;
// a line without a colon is an error reported through `bad_line` (its 1-based number) and
// otherwise ignored.
std::vector<MetadataField> parse_field_block(std::string_view text, std::vector<long>* bad_lines);

// Sets the Article fields named by `fields`: title, source, author, date, url, lang, and the list
// fields tags/topics/places (comma-separated). Fields present with an empty value are set empty;
// unknown keys are ignored. Values are normalised with normalise_text; a date is read with set_date
// (an unreadable one is left empty with a warning in article.warnings) and a language is reduced
// to its primary subtag.
void apply_fields(const std::vector<MetadataField>& fields, Article& article);

}  // namespace kensaku

#endif  // KENSAKU_INDEXER_PARSERS_FIELD_BLOCK_H_
