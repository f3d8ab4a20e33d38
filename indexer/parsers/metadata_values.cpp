// ISO date and language-tag cleaning shared by the parsers.
#include "indexer/parsers/metadata_values.h"

#include <cctype>

#include "common/dates.h"

namespace kensaku {
namespace {

std::string_view trim(std::string_view text) {
  const char* ws = " \t\r\n\f\v";
  std::size_t first = text.find_first_not_of(ws);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(ws) - first + 1);
}

// Long enough to recognise the value, short enough for one line.
constexpr std::size_t kQuotedValueBytes = 80;

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (const unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

// The byte offset where the `count`th code point starts (text.size() when it has fewer).
std::size_t code_point_offset(std::string_view text, std::size_t count) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && count-- == 0) return i;
  }
  return text.size();
}

// Periods that end these words do not end a sentence ("Mr. Abe", "U.S. forces", "Jan. 5").
bool is_abbreviation(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "mr",  "mrs", "ms",  "dr",  "st",  "jr",  "sr",  "inc", "co",   "corp", "ltd",
      "no",  "vs",  "gen", "gov", "sen", "rep", "jan", "feb", "mar",  "apr",  "jun",
      "jul", "aug", "sep", "oct", "nov", "dec", "mt",  "ft",  "sept", "prof"};
  std::string lowered;
  for (const char c : word)
    lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lowered.size() == 1 || lowered.find('.') != std::string::npos) return true;  // "U.S", "A"
  for (const std::string_view known : kWords) {
    if (lowered == known) return true;
  }
  return false;
}

// The first sentence of `paragraph`: up to a '.', '!' or '?' followed by a space, or a CJK full
// stop; the whole paragraph when it has no sentence end.
std::string_view first_sentence(std::string_view paragraph) {
  for (std::size_t i = 0; i < paragraph.size(); ++i) {
    const char c = paragraph[i];
    if (paragraph.substr(i).starts_with("\u3002") || paragraph.substr(i).starts_with("\uFF01") ||
        paragraph.substr(i).starts_with("\uFF1F")) {
      return paragraph.substr(0, i + 3);
    }
    if ((c != '.' && c != '!' && c != '?') || i + 1 >= paragraph.size() ||
        paragraph[i + 1] != ' ') {
      continue;
    }
    if (c == '.') {
      const std::size_t word_start = paragraph.rfind(' ', i);
      const std::size_t from = word_start == std::string_view::npos ? 0 : word_start + 1;
      if (is_abbreviation(paragraph.substr(from, i - from))) continue;
    }
    return paragraph.substr(0, i + 1);
  }
  return paragraph;
}

bool ends_like_a_sentence(std::string_view line) {
  const char last = line.back();
  return last == '.' || last == ',' || last == ';' || last == ':';
}

}  // namespace

std::string derive_title(std::string_view text) {
  text = trim(text);
  const std::string_view line = trim(text.substr(0, text.find('\n')));
  if (line.empty()) return {};
  if (code_points(line) <= kMaxDerivedTitleCodePoints && !ends_like_a_sentence(line)) {
    return std::string(line);
  }
  std::string_view title = trim(first_sentence(line));
  if (code_points(title) <= kMaxDerivedTitleCodePoints) {
    // A sentence's full stop is not part of a headline.
    if (title.size() > 1 && title.back() == '.') title.remove_suffix(1);
    return std::string(title);
  }
  std::string_view cut = title.substr(0, code_point_offset(title, kMaxDerivedTitleCodePoints - 1));
  // At a word boundary, unless that would keep less than half: then inside the long word.
  if (const std::size_t space = cut.rfind(' ');
      space != std::string_view::npos && space > cut.size() / 2) {
    cut = cut.substr(0, space);
  }
  while (!cut.empty() && std::string_view(",;:-([\"'").find(cut.back()) != std::string_view::npos) {
    cut = trim(cut.substr(0, cut.size() - 1));
  }
  return std::string(cut) + "\u2026";
}

std::string unreadable_date_warning(std::string_view value) {
  std::string shown(trim(value).substr(0, kQuotedValueBytes));
  // Do not end inside a UTF-8 sequence.
  while (!shown.empty() && (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80) {
    shown.pop_back();
  }
  if (!shown.empty() && static_cast<unsigned char>(shown.back()) >= 0xC0) shown.pop_back();
  if (shown.size() < trim(value).size()) shown += "...";
  return "date \"" + shown +
         "\" is not a date Kensaku can read; the article is indexed undated (hint: write "
         "2025-03-30, 2025-03-30T09:00:00+09:00, Sun, 30 Mar 2025 09:00:00 +0900 or 30 March "
         "2025)";
}

bool set_date(std::string_view value, Article& article) {
  article.date = normalise_date(value);
  if (!article.date.empty() || trim(value).empty()) return true;
  article.warnings.push_back(unreadable_date_warning(value));
  return false;
}

std::string language_tag(std::string_view text) {
  text = trim(text);
  const std::string_view primary = text.substr(0, text.find_first_of("-_"));
  if (primary.size() < 2 || primary.size() > 8) return {};
  std::string tag;
  for (const char c : primary) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return {};
    tag += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return tag;
}

}  // namespace kensaku
