// Plain-text articles: decoding, front matter, sidecar metadata and what the text itself states.
#include "indexer/parsers/text_parser.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <set>

#include "common/text_normaliser.h"
#include "indexer/parsers/field_block.h"
#include "indexer/parsers/metadata_values.h"
#include "kensaku/error.h"

namespace kensaku {
namespace {

// A first line longer than this reads as a standfirst or a paragraph, not a headline.
constexpr std::size_t kMaxTitleCodePoints = 120;
// Bylines stand near the top; "By ..." further down is prose.
constexpr int kBylineSearchLines = 5;

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n";
  std::size_t first = s.find_first_not_of(ws);
  if (first == std::string_view::npos) return {};
  std::size_t last = s.find_last_not_of(ws);
  return s.substr(first, last - first + 1);
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

UChar32 first_code_point(std::string_view s) {
  if (s.empty()) return 0;
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
  return c;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// Strips list markers ("- ", "* ") that some sites put before metadata lines.
std::string_view strip_marker(std::string_view line) {
  line = trim(line);
  if (line.size() > 2 && (line[0] == '-' || line[0] == '*') && line[1] == ' ') {
    return trim(line.substr(2));
  }
  return line;
}

// A person's name as bylines write it: one to four words, each starting with a capital letter
// (particles such as "de", "van" and "bin" allowed inside), optionally "and" another name.
bool looks_like_name(std::string_view text) {
  text = trim(text);
  if (text.empty() || code_points(text) > 60) return false;
  int words = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = trim(text.substr(start, end - start));
    start = end + 1;
    if (word.empty()) continue;
    if (word == "and" || word == "&" || word == "de" || word == "van" || word == "von" ||
        word == "bin" || word == "al" || word == "da" || word == "der") {
      continue;
    }
    if (!u_isupper(first_code_point(word))) return false;
    ++words;
  }
  return words >= 1 && words <= 8;
}

std::string trim_trailing_period(std::string_view s) {
  s = trim(s);
  while (!s.empty() && (s.back() == '.' || s.back() == ',')) s.remove_suffix(1);
  return std::string(trim(s));
}

std::optional<std::string> byline_author(std::string_view line) {
  line = strip_marker(line);
  for (std::string_view label : {"author:", "authors:", "by:"}) {
    if (starts_with_ci(line, label)) {
      std::string name = trim_trailing_period(line.substr(label.size()));
      if (looks_like_name(name)) return name;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<std::string> by_line(std::string_view line) {
  line = trim(line);
  if (line.size() < 4 || line.substr(0, 3) != "By ") return std::nullopt;
  std::string name = trim_trailing_period(line.substr(3));
  // "By Sebastian Maslow" is a byline; "By increasing domestic production, ..." is a sentence.
  if (name.find(',') != std::string::npos || !looks_like_name(name)) return std::nullopt;
  return name;
}

std::optional<std::string> source_line(std::string_view line) {
  line = strip_marker(line);
  // "Sources:" (plural) lists what an article cites, not where it was published.
  if (!starts_with_ci(line, "source:")) return std::nullopt;
  std::string_view value = trim(line.substr(7));
  for (std::string_view lead :
       {"this article was published by ", "this article was first published by ",
        "originally published by ", "published by "}) {
    if (starts_with_ci(value, lead)) {
      value = value.substr(lead.size());
      break;
    }
  }
  std::string source = trim_trailing_period(value);
  if (source.empty() || code_points(source) > 80) return std::nullopt;
  return source;
}

bool is_headline(std::string_view line) {
  if (line.empty() || code_points(line) > kMaxTitleCodePoints) return false;
  char last = line.back();
  // Headlines do not end like sentences (a question headline is fine).
  return last != '.' && last != ',' && last != ';' && last != ':' && !by_line(line);
}

// A title for an article that states none: the headline-like first line, else the first sentence
// shortened, so that no article is listed by its id.
void take_derived_title(const Article& derived, std::string_view& body, Article& article) {
  if (derived.title.empty()) {
    article.title = derive_title(body);
    article.title_derived = !article.title.empty();
    return;
  }
  article.title = derived.title;
  article.title_derived = true;
  // The headline was the first line: keep it out of the body so it is not counted twice.
  std::string_view rest = trim(body);
  if (rest.starts_with(derived.title)) body = rest.substr(derived.title.size());
}

}  // namespace

void derive_metadata(std::string_view text, Article& article) {
  std::vector<std::string_view> lines = split_lines(text);
  int seen = 0;
  bool first = true;
  for (std::string_view raw : lines) {
    std::string_view line = trim(raw);
    if (line.empty()) continue;
    if (first) {
      first = false;
      if (article.title.empty() && is_headline(line)) article.title = std::string(line);
    }
    if (seen++ < kBylineSearchLines && article.author.empty()) {
      if (auto name = by_line(line)) article.author = *name;
    }
  }
  for (std::string_view raw : lines) {
    if (article.author.empty()) {
      if (auto name = byline_author(raw)) article.author = *name;
    }
    if (article.source.empty()) {
      if (auto source = source_line(raw)) article.source = *source;
    }
  }
}

Article parse_text_article(std::string_view bytes, std::string_view path,
                           const std::optional<std::string>& sidecar) {
  const std::string where(path);
  std::string text = normalise_text(decode_to_utf8(bytes).utf8);
  if (trim(text).empty()) throw InputError(where, "empty file");

  Article article;
  article.path = where;
  std::set<std::string> stated;  // fields given explicitly, even as empty: never derived

  std::string_view body = text;
  if (body.starts_with("---\n") || body.starts_with("---\r\n")) {
    std::size_t open_end = body.find('\n') + 1;
    std::size_t close = std::string_view::npos;
    for (std::size_t pos = open_end; pos < body.size();) {
      std::size_t end = body.find('\n', pos);
      if (end == std::string_view::npos) end = body.size();
      std::string_view line = trim(body.substr(pos, end - pos));
      if (line == "---" || line == "...") {
        close = pos;
        auto fields = parse_field_block(body.substr(open_end, close - open_end), nullptr);
        apply_fields(fields, article);
        for (const auto& field : fields) stated.insert(field.first);
        body = body.substr(std::min(end + 1, body.size()));
        break;
      }
      pos = end + 1;
    }
    if (close == std::string_view::npos) {
      throw InputError(where, "front matter opened with '---' on line 1 is never closed");
    }
  }

  if (sidecar) {
    std::string meta = normalise_text(decode_to_utf8(*sidecar).utf8);
    auto fields = parse_field_block(meta, nullptr);
    apply_fields(fields, article);
    for (const auto& field : fields) stated.insert(field.first);
  }

  Article derived;
  derive_metadata(body, derived);
  if (!stated.count("title") && article.title.empty()) {
    take_derived_title(derived, body, article);
  } else if (article.title.empty()) {
    // Stated as empty: the text states no title, so one is shown (marked derived) from its
    // opening, which stays in the body and so is not indexed again as title words.
    article.title = derive_title(trim(body));
    article.title_derived = !article.title.empty();
  }
  if (!stated.count("author") && !stated.count("authors") && article.author.empty()) {
    article.author = derived.author;
  }
  if (!stated.count("source") && !stated.count("publication") && article.source.empty()) {
    article.source = derived.source;
  }
  article.body = std::string(trim(body));
  if (article.body.empty() && article.title.empty()) throw InputError(where, "no text");
  return article;
}

}  // namespace kensaku
