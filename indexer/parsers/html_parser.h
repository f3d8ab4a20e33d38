// Saved news web pages: metadata from the head, readable body text from the page, via libxml2.
#ifndef KENSAKU_INDEXER_PARSERS_HTML_PARSER_H_
#define KENSAKU_INDEXER_PARSERS_HTML_PARSER_H_

#include <string_view>

#include "common/article.h"

namespace kensaku {

// True when `path` names an HTML page (.html, .htm, .xhtml) or `head` (the first bytes of the
// file) looks like one (<!doctype html or <html).
bool is_html(std::string_view path, std::string_view head);

// Parses an HTML page (raw bytes; charset from a BOM, <meta charset> or detection). Title from
// og:title, then <title>, then the first <h1> (one inside an <article> first); author, date and
// source from meta tags (author, article:author, article:published_time, date, og:site_name) and
// JSON-LD NewsArticle/Article where present; url from og:url or <link rel=canonical>; lang from
// <html lang> (primary subtag, lower-cased: "en-GB" -> "en"). A page without any of these titles
// gets one derived from its body (derive_title; title_derived set). Dates are read by set_date:
// the local date and time as the page writes them, with its zone ("2024-03-05T07:45:00+09:00");
// when every stated date is unreadable, the first is named in article.warnings. The body is the
// visible text of the <article> (else <main>, else <body>) without script, style, nav, header,
// footer, aside, form, noscript, template, svg, iframe, media fallbacks and hidden elements, with
// entities decoded and block elements separated by newlines. All text is normalised with
// normalise_text. id and path are set to `path`. Throws InputError(path, reason) when the page has
// no body text, or when libxml2 stops before the end of the page (the reason names its error and
// line), or when the page has more than 1,000,000 elements (which bounds its tree to about
// 200 MiB): a page is never indexed cut short. Nesting depth has no limit of its own.
Article parse_html(std::string_view bytes, std::string_view path);

}  // namespace kensaku

#endif  // KENSAKU_INDEXER_PARSERS_HTML_PARSER_H_
