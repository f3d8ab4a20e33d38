// Parses "key: value" metadata lines and applies them to an Article.
#include "indexer/parsers/field_block.h"

#include <algorithm>

#include "common/text_normaliser.h"
#include "indexer/parsers/metadata_values.h"

namespace kensaku {
namespace {

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n";
  std::size_t first = s.find_first_not_of(ws);
  if (first == std::string_view::npos) return {};
  std::size_t last = s.find_last_not_of(ws);
  return s.substr(first, last - first + 1);
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Accepts YAML-ish lists too ("[a, b]"), since front matter often carries them.
std::vector<std::string> split_list(std::string_view value) {
  value = trim(value);
  if (value.size() >= 2 && value.front() == '[' && value.back() == ']') {
    value = value.substr(1, value.size() - 2);
  }
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    std::string_view item = trim(value.substr(start, comma - start));
    if (item.size() >= 2 && (item.front() == '"' || item.front() == '\'') &&
        item.back() == item.front()) {
      item = item.substr(1, item.size() - 2);
    }
    if (!item.empty()) items.push_back(normalise_text(item));
    start = comma + 1;
  }
  return items;
}

std::string unquote(std::string_view value) {
  value = trim(value);
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  return normalise_text(value);
}

}  // namespace

std::vector<MetadataField> parse_field_block(std::string_view text, std::vector<long>* bad_lines) {
  std::vector<MetadataField> fields;
  long number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim(text.substr(start, end - start));
    ++number;
    start = end + 1;
    if (line.empty() || line.front() == '#') continue;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      if (bad_lines) bad_lines->push_back(number);
      continue;
    }
    fields.emplace_back(lower_ascii(trim(line.substr(0, colon))),
                        std::string(trim(line.substr(colon + 1))));
  }
  return fields;
}

void apply_fields(const std::vector<MetadataField>& fields, Article& article) {
  for (const auto& [key, value] : fields) {
    if (key == "title") {
      article.title = unquote(value);
    } else if (key == "source" || key == "publication") {
      article.source = unquote(value);
    } else if (key == "author" || key == "authors") {
      article.author = unquote(value);
    } else if (key == "date" || key == "published") {
      set_date(unquote(value), article);
    } else if (key == "url") {
      article.url = unquote(value);
    } else if (key == "lang" || key == "language") {
      article.lang = language_tag(unquote(value));
    } else if (key == "tags" || key == "keywords") {
      article.tags = split_list(value);
    } else if (key == "topics") {
      article.topics = split_list(value);
    } else if (key == "places") {
      article.places = split_list(value);
    }
  }
}

}  // namespace kensaku
