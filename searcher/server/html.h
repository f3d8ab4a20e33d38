// HTML building blocks: escaping of untrusted text, marked fragments, safe links.
#ifndef KENSAKU_SEARCHER_SERVER_HTML_H_
#define KENSAKU_SEARCHER_SERVER_HTML_H_

#include <string>
#include <string_view>
#include <vector>

#include "kensaku/search.h"

namespace kensaku::server {

// `text` safe inside an element or a quoted attribute: & < > " ' escaped, control characters
// (other than tab and newline) and invalid UTF-8 replaced by U+FFFD.
std::string escape_html(std::string_view text);

// `text` escaped, with each highlight (code point offsets) inside <mark>…</mark>.
std::string marked_html(const std::string& text, const std::vector<Highlight>& highlights);

// `text` escaped, with every occurrence of any of `words` (whole words, ASCII case-insensitive)
// inside <mark>…</mark>.
std::string words_marked_html(const std::string& text, const std::vector<std::string>& words);

// True for an absolute http:// or https:// URL with a host, holding no whitespace or control
// characters: the only URLs the page links to.
bool is_web_url(std::string_view url);

}  // namespace kensaku::server

#endif  // KENSAKU_SEARCHER_SERVER_HTML_H_
