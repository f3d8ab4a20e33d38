// The pass over query text before the parser: limits, script boundaries, unmatched syntax,
// exclusion-only queries and typed field values. Every step is one pass over the text.
#include "searcher/query_text.h"

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <set>

#include "common/schema.h"
#include "kensaku/error.h"

namespace kensaku {
namespace {

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Where Xapian's parser ends a word and an operator (after "ADJ" in "ADJ,b"): spaces, control
// characters and punctuation that is neither query syntax nor inside words.
bool separates(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte == 0x7F) return true;
  return std::string_view(" ,;!?<>[]{}=|\\$%^~`").find(c) != std::string_view::npos;
}

// The code point starting at `text[i]` and its length in bytes (an invalid byte reads as itself).
std::pair<unsigned, std::size_t> code_point_at(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (lead >= 0x80 && lead < 0xC0) length = 1;
  if (i + length > text.size()) return {lead, 1};
  unsigned cp = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(text[i + k]);
    if ((byte & 0xC0) != 0x80) return {lead, 1};
    cp = (cp << 6) | (byte & 0x3F);
  }
  return {cp, length};
}

// How a query names a field: the typed fields whose values are checked, and the others.
enum class FieldName { kNone, kFreeText, kBoolean, kDate, kLang };

FieldName field_named(std::string_view name) {
  if (name == schema::date_field_name()) return FieldName::kDate;
  const schema::Field* field = schema::find_field(name);
  if (!field) return FieldName::kNone;
  if (field->name == "lang") return FieldName::kLang;
  return field->kind == schema::FieldKind::kBoolean ? FieldName::kBoolean : FieldName::kFreeText;
}

bool is_operator(std::string_view token) {
  if (token == "AND" || token == "OR" || token == "XOR" || token == "NOT") return true;
  for (std::string_view op : {"NEAR", "ADJ"}) {
    if (token.starts_with(op)) {
      std::string_view rest = token.substr(op.size());
      if (rest.empty()) return true;
      if (rest.size() >= 2 && rest[0] == '/' &&
          std::all_of(rest.begin() + 1, rest.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return true;
    }
  }
  return false;
}

// Cuts `text` to kMaxQueryBytes (at a space when there is one in the second half).
std::string_view cut_to_bytes(std::string_view text, std::vector<std::string>& notes) {
  if (text.size() <= kMaxQueryBytes) return text;
  std::size_t end = kMaxQueryBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  std::size_t space = text.substr(0, end).find_last_of(" \t\r\n");
  if (space != std::string_view::npos && space >= kMaxQueryBytes / 2) end = space;
  notes.push_back("the query was cut to its first " + std::to_string(end) + " of " +
                  std::to_string(text.size()) + " bytes (at most " +
                  std::to_string(kMaxQueryBytes) + " are read)");
  return text.substr(0, end);
}

// Cuts `text` before its (kMaxQueryWords + 1)th word, reads wildcards past kMaxQueryWildcards
// as words, and puts a space between a CJK character and a letter or digit of another script.
std::string bound_words(std::string_view text, std::vector<std::string>& notes) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  std::size_t words = 0, wildcards = 0;
  bool in_word = false;   // inside a run of non-CJK letters and digits
  bool last_cjk = false;  // the previous character was a CJK one
  std::size_t word_start = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto [cp, length] = code_point_at(text, i);
    const bool cjk = schema::is_cjk_ngram_char(cp);
    // Beyond ASCII, what Xapian's parser takes for a word character (symbols such as U+FFFD
    // separate words for it, and so here).
    const bool unicode_word = cp >= 0x80 && length > 1 && Xapian::Unicode::is_wordchar(cp);
    const bool letter = cp >= 0x80 ? !cjk && unicode_word : is_ascii_alnum(static_cast<char>(cp));
    if ((cjk && in_word) || (letter && last_cjk)) out += ' ';
    if (letter && !in_word) word_start = out.size();
    if ((cjk || (letter && !in_word)) && ++words > kMaxQueryWords) {
      out.resize(cjk ? out.size() : word_start);
      notes.push_back("the query was cut to its first " + std::to_string(kMaxQueryWords) +
                      " words");
      return out;
    }
    if (cp == ':' && in_word &&
        field_named(std::string_view(out).substr(word_start)) != FieldName::kNone) {
      --words;  // a field name is not a word searched for
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && !cjk && !unicode_word)) {
      out += ' ';  // control characters, symbols and bytes that are not UTF-8 separate words
    } else if (cp == '*' && in_word && ++wildcards > kMaxQueryWildcards) {
      if (wildcards == kMaxQueryWildcards + 1) {
        notes.push_back("only the first " + std::to_string(kMaxQueryWildcards) +
                        " wildcards were expanded; later ones were searched as written without "
                        "the '*'");
      }
      out += ' ';
    } else {
      out.append(text.substr(i, length));
    }
    in_word = letter;
    last_cjk = cjk;
    i += length;
  }
  return out;
}

// An unmatched quote (the last one of an odd count) becomes a space: the words after it are
// words, not a phrase running to the end of the query.
bool drop_unmatched_quote(std::string& text, std::vector<std::string>& notes) {
  if (std::count(text.begin(), text.end(), '"') % 2 == 0) return false;
  text[text.rfind('"')] = ' ';
  notes.push_back("an unmatched quote (\") was ignored");
  return true;
}

// A token of the query: a span of the text.
struct Token {
  std::size_t begin, end;
  bool dropped = false;
};

// Tokens: '(' and ')' outside quotes, and runs of other bytes up to a separator (a quoted part,
// separators included, belongs to the run it is in).
std::vector<Token> tokenise(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    if (separates(text[i])) {
      ++i;
    } else if (text[i] == '(' || text[i] == ')') {
      tokens.push_back({i, i + 1});
      ++i;
    } else {
      std::size_t j = i;
      bool quoted = false;
      while (j < text.size() &&
             (quoted || !(separates(text[j]) || text[j] == '(' || text[j] == ')'))) {
        if (text[j] == '"') quoted = !quoted;
        ++j;
      }
      tokens.push_back({i, j});
      i = j;
    }
  }
  return tokens;
}

}  // namespace

std::optional<DateRange> parse_date_range(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  DateRange range;
  const std::size_t dots = value.find("..");
  std::string_view from = value.substr(0, dots);
  std::string_view to = dots == std::string_view::npos ? value : value.substr(dots + 2);
  if (from.empty() && to.empty()) return std::nullopt;
  auto bound = [](std::string_view text, bool upper) -> std::optional<std::string> {
    // Only digits and separators: a stray dot ("2024...2025") is not a date.
    if (text.find("..") != std::string_view::npos) return std::nullopt;
    return date_bound(text, upper);
  };
  if (!from.empty() && !(range.from = bound(from, false))) return std::nullopt;
  if (!to.empty() && !(range.to = bound(to, true))) return std::nullopt;
  if (range.from && range.to && *range.from > *range.to) return std::nullopt;
  return range;
}

std::optional<std::string> date_bound(std::string_view text, bool upper) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != '-' && c != '/' && c != '.') {
      return std::nullopt;
    }
  }
  if (digits.size() != 4 && digits.size() != 6 && digits.size() != 8) return std::nullopt;
  const int year = std::stoi(digits.substr(0, 4));
  if (digits.size() == 4) return digits + (upper ? "1231" : "0101");
  const int month = std::stoi(digits.substr(4, 2));
  if (month < 1 || month > 12) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  if (digits.size() == 6) return digits + (upper ? std::to_string(days) : "01");
  const int day = std::stoi(digits.substr(6, 2));
  if (day < 1 || day > days) return std::nullopt;
  return digits;
}

void check_filter_value(std::string_view name, std::string_view value) {
  const FieldName field = field_named(name);
  if (value.empty()) return;
  std::string filter(name);
  filter.append(":").append(value);
  if (field == FieldName::kDate && !parse_date_range(value)) {
    throw UsageError("'" + filter + "' is not a date or date range",
                     "write date:YYYY, date:YYYY-MM or date:YYYY-MM-DD (a real day), or a range "
                     "FROM..TO whose end is not before its start (either end may be left out)");
  }
  if (field == FieldName::kLang && !language_subtag(value)) {
    throw UsageError("'" + filter + "' is not a language tag",
                     "write lang: and a language tag such as en, ja or en-GB");
  }
}

std::optional<std::string> language_subtag(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  const std::string_view primary = value.substr(0, value.find_first_of("-_"));
  if (primary.size() < 2 || primary.size() > 8) return std::nullopt;
  std::string tag;
  for (char c : primary) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return std::nullopt;
    tag += static_cast<char>(c | 0x20);
  }
  // The other subtags: letters and digits, 1 to 8 of them each.
  std::string_view rest = value.substr(primary.size());
  while (!rest.empty()) {
    rest.remove_prefix(1);
    std::size_t end = std::min(rest.find_first_of("-_"), rest.size());
    if (end < 1 || end > 8 ||
        !std::all_of(rest.begin(), rest.begin() + end, [](char c) { return is_ascii_alnum(c); }))
      return std::nullopt;
    rest.remove_prefix(end);
  }
  return tag;
}

namespace {

// Throws UsageError when `token` ("date:1987-13", "-lang:12") is a date: or lang: filter whose
// value is not one.
void check_typed_value(std::string_view token) {
  if (!token.empty() && (token[0] == '-' || token[0] == '+')) token.remove_prefix(1);
  const std::size_t colon = token.find(':');
  if (colon == std::string_view::npos) return;
  check_filter_value(token.substr(0, colon), token.substr(colon + 1));
}

// What a token is to the structure of the query.
enum class Role { kOpen, kClose, kOperator, kNot, kFilter, kExcluded, kEmptyField, kWord };

Role role_of(std::string_view text, const Token& token) {
  std::string_view t = text.substr(token.begin, token.end - token.begin);
  // The parser skips apostrophes and dots before a word: "'OR" is the operator.
  const std::size_t word = t.find_first_not_of("'.");
  if (word != std::string_view::npos && word > 0 && is_operator(t.substr(word))) {
    return t.substr(word) == "NOT" ? Role::kNot : Role::kOperator;
  }
  if (t == "(") return Role::kOpen;
  if (t == ")") return Role::kClose;
  // "-(a b)" excludes the group: the '-' is its NOT.
  if (t == "NOT" || (t == "-" && token.end < text.size() && text[token.end] == '('))
    return Role::kNot;
  if (is_operator(t)) return Role::kOperator;
  // "-AND" excludes no word: it is read as written.
  if (t.size() > 1 && t[0] == '-') return is_operator(t.substr(1)) ? Role::kWord : Role::kExcluded;
  const std::size_t colon = t.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    const FieldName field = field_named(t.substr(0, colon));
    const bool ends_here = colon + 1 == t.size();
    // "title:" followed by a space or nothing has no value; "title:(a b)" has one.
    const bool open_follows = token.end < text.size() && text[token.end] == '(';
    if (field != FieldName::kNone && ends_here && !open_follows) return Role::kEmptyField;
    if (field == FieldName::kBoolean || field == FieldName::kDate || field == FieldName::kLang)
      return Role::kFilter;
  }
  return Role::kWord;
}

// Drops unmatched brackets, fields with no value and operators missing an operand; returns the
// roles of the tokens kept, in order, and whether anything was dropped.
bool repair_structure(std::string_view text, std::vector<Token>& tokens, std::vector<Role>& roles,
                      std::vector<std::string>& notes) {
  bool repaired = false;
  std::vector<std::size_t> kept, open;  // indices of kept tokens; of unclosed '('
  auto drop = [&](std::size_t index) {
    tokens[index].dropped = true;
    repaired = true;
  };
  bool empty_field = false;
  auto drop_trailing_operators = [&] {
    while (!kept.empty() &&
           (roles[kept.back()] == Role::kOperator || roles[kept.back()] == Role::kNot)) {
      drop(kept.back());
      kept.pop_back();
    }
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].dropped) continue;
    const Role role = roles[i];
    const Role previous = kept.empty() ? Role::kOpen : roles[kept.back()];
    if (role == Role::kEmptyField) {
      tokens[i].dropped = true;
      std::string note = "'";
      note.append(text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
      note.append("' has no value and was ignored");
      notes.push_back(std::move(note));
      empty_field = true;
      continue;
    }
    if (role == Role::kOperator &&
        (previous == Role::kOpen || previous == Role::kOperator || previous == Role::kNot)) {
      drop(i);
      continue;
    }
    if (role == Role::kClose) {
      if (open.empty()) {
        drop(i);
        continue;
      }
      drop_trailing_operators();
      open.pop_back();
    }
    if (role == Role::kOpen) open.push_back(i);
    kept.push_back(i);
  }
  drop_trailing_operators();
  for (std::size_t index : open) drop(index);
  if (repaired) notes.push_back("unmatched brackets or operators were ignored");
  return repaired || empty_field;
}

// Puts each CJK run outside quotes in brackets: Xapian 1.4.22 fails on a run between two other
// words ("a 北京 b"), not on "a (北京) b". A boolean field's value ("tag:日米同盟") is left alone.
std::string bracket_cjk_runs(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  bool quoted = false, in_run = false, bracketed = false;
  for (std::size_t i = 0; i < text.size();) {
    auto [cp, length] = code_point_at(text, i);
    const bool cjk = schema::is_cjk_ngram_char(cp);
    if (in_run && !cjk) {
      if (bracketed) out += ')';
      in_run = bracketed = false;
    }
    if (cjk && !in_run) {
      in_run = true;
      bool boolean_value = false;
      if (i > 0 && text[i - 1] == ':') {
        std::size_t start = i - 1;
        while (start > 0 && is_ascii_alnum(text[start - 1])) --start;
        const FieldName field = field_named(text.substr(start, i - 1 - start));
        boolean_value = field != FieldName::kNone && field != FieldName::kFreeText;
      }
      bracketed = !quoted && !boolean_value;
      if (bracketed) out += '(';
    }
    if (cp == '"') quoted = !quoted;
    out.append(text.substr(i, length));
    i += length;
  }
  if (bracketed) out += ')';
  return out;
}

// A word NEAR and ADJ can join: letters and digits (any script but the CJK ones, which Xapian
// splits into several terms), apostrophes, after an optional field name; bytes that are not UTF-8
// end a word for Xapian's parser, so a token holding one is not a single word.
bool is_single_word(std::string_view token) {
  if (std::size_t colon = token.find(':');
      colon != std::string_view::npos && field_named(token.substr(0, colon)) != FieldName::kNone) {
    token.remove_prefix(colon + 1);
  }
  if (token.empty()) return false;
  for (std::size_t i = 0; i < token.size();) {
    auto [cp, length] = code_point_at(token, i);
    const bool ascii = cp < 0x80 && (is_ascii_alnum(static_cast<char>(cp)) || cp == '\'');
    const bool unicode = cp >= 0x80 && length > 1 && !schema::is_cjk_ngram_char(cp) &&
                         Xapian::Unicode::is_wordchar(cp);
    if (!ascii && !unicode) return false;
    i += length;
  }
  return true;
}

// NEAR and ADJ join single words; with a phrase, a hyphenated word or an exclusion beside them
// Xapian 1.4 reads the operator as a word (and leaks memory doing so). Such an operator is
// dropped: its words are searched as words.
bool drop_bad_proximity(std::string_view text, std::vector<Token>& tokens,
                        std::vector<std::string>& notes) {
  auto text_of = [&](const Token& t) { return text.substr(t.begin, t.end - t.begin); };
  bool dropped = false;
  std::size_t previous = tokens.size();  // the last kept token
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].dropped) continue;
    const std::string_view t = text_of(tokens[i]);
    if (is_operator(t) && (t.starts_with("NEAR") || t.starts_with("ADJ"))) {
      std::size_t next = i + 1;
      while (next < tokens.size() && tokens[next].dropped) ++next;
      auto word = [&](std::size_t k) {
        return k < tokens.size() && !is_operator(text_of(tokens[k])) &&
               is_single_word(text_of(tokens[k]));
      };
      if (!word(previous) || !word(next)) {
        tokens[i].dropped = dropped = true;
        continue;
      }
    }
    previous = i;
  }
  if (dropped) notes.push_back("NEAR and ADJ join single words; others were read as words");
  return dropped;
}

// "NEAR" and "ADJ" in `text` from `start` on, written in lower case: only the operators
// drop_bad_proximity kept may reach the parser as operators, because Xapian 1.4 leaks memory
// on the others ("OR+ADJ/1"). Lower case, they are the words the parser would have read.
void lower_proximity_words(std::string& text, std::size_t start) {
  for (std::string_view op : {"NEAR", "ADJ"}) {
    for (std::size_t at = text.find(op, start); at != std::string::npos;
         at = text.find(op, at + op.size())) {
      for (std::size_t k = at; k < at + op.size(); ++k) text[k] = static_cast<char>(text[k] | 0x20);
    }
  }
}

// Drops repeated filters, and those past kMaxQueryFilters (with a note).
void drop_extra_filters(std::string_view text, std::vector<Token>& tokens,
                        const std::vector<Role>& roles, std::vector<std::string>& notes) {
  std::set<std::string_view> seen;
  bool noted = false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (roles[i] != Role::kFilter || tokens[i].dropped) continue;
    std::string_view filter = text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
    if (seen.count(filter) || seen.size() >= kMaxQueryFilters) {
      tokens[i].dropped = true;
      if (!seen.count(filter) && !noted) {
        notes.push_back("only the first " + std::to_string(kMaxQueryFilters) +
                        " filters were applied");
        noted = true;
      }
      continue;
    }
    seen.insert(filter);
  }
}

// The text again from its tokens, without the dropped ones. A query of only exclusions is written
// so that Xapian reads it as such: "-oil -gas" alone as "NOT oil NOT gas" (Xapian reads a lone
// "-oil" as oil), and beside filters "NOT oil topic:grain" as "-oil topic:grain" (Xapian would
// exclude oil-and-grain from every article).
std::string write_tokens(std::string_view text, const std::vector<Token>& tokens,
                         const std::vector<Role>& roles) {
  bool positive = false, excluded = false, filter = false;
  std::vector<bool> negative{false};  // per bracket level: inside "NOT (...)" or "-(...)"
  std::size_t previous = tokens.size();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].dropped) continue;
    const bool after_not =
        previous < tokens.size() &&
        (roles[previous] == Role::kNot || text.substr(tokens[previous].begin, 1) == "-");
    previous = i;
    if (roles[i] == Role::kOpen) negative.push_back(negative.back() || after_not);
    if (roles[i] == Role::kClose && negative.size() > 1) negative.pop_back();
    if (roles[i] == Role::kWord && !after_not && !negative.back()) positive = true;
    if (roles[i] == Role::kExcluded || roles[i] == Role::kNot) excluded = true;
    if (roles[i] == Role::kFilter) filter = true;
  }
  const bool only_exclusions = !positive && excluded;
  std::string out;
  out.reserve(text.size() + 4 * tokens.size());
  std::size_t copied = 0;
  bool exclude_next = false;  // a NOT was written as the '-' of the next token
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    out.append(text, copied, tokens[i].begin - copied);
    copied = tokens[i].end;
    const std::size_t start = out.size();
    const std::string_view token = text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
    if (tokens[i].dropped) {
      out += ' ';
      continue;
    }
    if (only_exclusions && filter && roles[i] == Role::kNot) {
      exclude_next = true;
      continue;
    }
    if (exclude_next && roles[i] != Role::kExcluded) out += '-';
    exclude_next = false;
    if (only_exclusions && !filter && roles[i] == Role::kExcluded) {
      out.append("NOT ").append(token.substr(1));
    } else if (only_exclusions && !filter && token == "-") {
      out.append("NOT ");
    } else {
      out.append(token);
    }
    if (roles[i] != Role::kOperator) lower_proximity_words(out, start);
  }
  out.append(text, copied);
  return out;
}

}  // namespace

PreparedText prepare_query_text(std::string_view input) {
  PreparedText prepared;
  prepared.text = bound_words(cut_to_bytes(input, prepared.notes), prepared.notes);
  std::string& text = prepared.text;
  prepared.repaired = drop_unmatched_quote(text, prepared.notes);

  std::vector<Token> tokens = tokenise(text);
  std::vector<Role> roles;
  roles.reserve(tokens.size());
  for (const Token& token : tokens) {
    check_typed_value(std::string_view(text).substr(token.begin, token.end - token.begin));
    roles.push_back(role_of(text, token));
  }
  // A '-' or '+' before no word ("- x", "-?e") applies to nothing the reader can see.
  for (Token& token : tokens) {
    const std::string_view t = std::string_view(text).substr(token.begin, token.end - token.begin);
    if ((t == "-" || t == "+") && !(token.end < text.size() && text[token.end] == '(')) {
      token.dropped = true;
    }
    // Nor does a token with no letter, digit or quote ("'", "&&"): the parser skips it.
    const bool wordless = std::none_of(t.begin(), t.end(), [](char c) {
      return is_ascii_alnum(c) || c == '"' || c == '(' || c == ')' || c == '-' ||
             static_cast<unsigned char>(c) >= 0x80;
    });
    if (wordless) token.dropped = true;
  }
  if (repair_structure(text, tokens, roles, prepared.notes)) prepared.repaired = true;
  drop_extra_filters(text, tokens, roles, prepared.notes);
  if (drop_bad_proximity(text, tokens, prepared.notes)) prepared.repaired = true;

  text = bracket_cjk_runs(write_tokens(text, tokens, roles));
  return prepared;
}

}  // namespace kensaku
