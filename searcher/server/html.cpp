// Escaping and marking for the pages: every stored field is untrusted text.
#include "searcher/server/html.h"

#include <algorithm>
#include <cctype>

#include "searcher/server/url.h"

namespace kensaku::server {
namespace {

// The byte length of the UTF-8 sequence starting at `i`, or 0 when it is not valid there.
std::size_t sequence_length(std::string_view text, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  std::size_t length = c < 0x80           ? 1
                       : (c >> 5) == 0x6  ? 2
                       : (c >> 4) == 0xe  ? 3
                       : (c >> 3) == 0x1e ? 4
                                          : 0;
  if (length == 0 || i + length > text.size()) return 0;
  return is_valid_utf8(text.substr(i, length)) ? length : 0;
}

void append_escaped_char(std::string& out, std::string_view text, std::size_t& i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  switch (c) {
    case '&':
      out += "&amp;";
      ++i;
      return;
    case '<':
      out += "&lt;";
      ++i;
      return;
    case '>':
      out += "&gt;";
      ++i;
      return;
    case '"':
      out += "&quot;";
      ++i;
      return;
    case '\'':
      out += "&#39;";
      ++i;
      return;
    default:
      break;
  }
  if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
    out += "\xEF\xBF\xBD";
    ++i;
    return;
  }
  std::size_t length = sequence_length(text, i);
  if (length == 0) {
    out += "\xEF\xBF\xBD";
    ++i;
    return;
  }
  out.append(text.substr(i, length));
  i += length;
}

bool is_word_byte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return std::isalnum(u) || u >= 0x80;
}

bool equal_folded(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t i = 0;
  while (i < text.size()) append_escaped_char(out, text, i);
  return out;
}

std::string marked_html(const std::string& text, const std::vector<Highlight>& highlights) {
  std::string out;
  std::size_t i = 0, code_point = 0, next = 0;
  bool open = false;
  std::string_view view(text);
  while (i < view.size()) {
    while (open && next < highlights.size() && code_point >= highlights[next].end) {
      out += "</mark>";
      open = false;
      ++next;
    }
    while (!open && next < highlights.size() && highlights[next].end <= code_point) ++next;
    if (!open && next < highlights.size() && code_point >= highlights[next].start) {
      out += "<mark>";
      open = true;
    }
    append_escaped_char(out, view, i);
    ++code_point;
  }
  if (open) out += "</mark>";
  return out;
}

std::string words_marked_html(const std::string& text, const std::vector<std::string>& words) {
  std::string out;
  std::string_view view(text);
  std::size_t i = 0;
  while (i < view.size()) {
    if (is_word_byte(view[i]) && (i == 0 || !is_word_byte(view[i - 1]))) {
      std::size_t j = i;
      while (j < view.size() && is_word_byte(view[j])) ++j;
      std::string_view word = view.substr(i, j - i);
      bool hit = std::any_of(words.begin(), words.end(),
                             [&](const std::string& w) { return equal_folded(word, w); });
      if (hit) out += "<mark>";
      while (i < j) append_escaped_char(out, view, i);
      if (hit) out += "</mark>";
      continue;
    }
    append_escaped_char(out, view, i);
  }
  return out;
}

bool is_web_url(std::string_view url) {
  std::string_view rest;
  if (url.substr(0, 7) == "http://") {
    rest = url.substr(7);
  } else if (url.substr(0, 8) == "https://") {
    rest = url.substr(8);
  } else {
    return false;
  }
  if (rest.empty() || rest[0] == '/' || rest[0] == '?' || rest[0] == '#') return false;
  return std::none_of(url.begin(), url.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\';
  });
}

}  // namespace kensaku::server
