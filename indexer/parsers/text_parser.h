// Plain-text and Markdown articles: metadata from a sidecar, from front matter, or derived from the
// text.
#ifndef KENSAKU_INDEXER_PARSERS_TEXT_PARSER_H_
#define KENSAKU_INDEXER_PARSERS_TEXT_PARSER_H_

#include <optional>
#include <string>
#include <string_view>

#include "common/article.h"

namespace kensaku {

// The suffix of a sidecar metadata file: `story.txt` has its metadata in `story.txt.meta`.
inline constexpr std::string_view kSidecarSuffix = ".meta";

// Parses a text article. `bytes` is the raw file (any charset); `sidecar`, when present, is the
// raw content of its .meta file. Metadata precedence, field by field: sidecar, then front matter
// (a leading "---" block of key: value lines, closed by "---"), then what the text itself
// states (see derive_metadata). A field the sidecar lists with an empty value stays empty.
// A title that is not stated is derived (title_derived set): the headline-like first line, which
// then leaves the body, else the body's first sentence shortened by derive_title.
// Throws InputError for an empty file or a front-matter block that never closes.
Article parse_text_article(std::string_view bytes, std::string_view path,
                           const std::optional<std::string>& sidecar);

// Fills title, author and source from the text where the text states them and the article has
// none yet: a title from a short first line (not a sentence), an author from a byline near the top
// ("By Sebastian Maslow") or an "Author:" line, a source from a "Source:" line. Does not treat
// prose such as "By increasing domestic production, Japan gains..." as a byline.
void derive_metadata(std::string_view text, Article& article);

}  // namespace kensaku

#endif  // KENSAKU_INDEXER_PARSERS_TEXT_PARSER_H_
