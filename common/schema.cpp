// The index schema: the only place that spells Xapian term prefixes and chooses analysis settings.
#include "common/schema.h"

#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstdio>

#include "common/dates.h"

namespace kensaku::schema {
namespace {

// Prefixes follow Xapian Omega's conventions where one exists (S title, A author, K keyword/tag,
// L language, Q unique id, D/M/Y dates); multi-letter ones start with X.
constexpr std::string_view kIdPrefix = "Q";
constexpr std::string_view kTitlePrefix = "S";
constexpr std::string_view kArticleMarker = "XKIND:article";
constexpr std::string_view kFeedStateKey = "kensaku:feed:";
constexpr std::string_view kFeedPrefix = "XFEED:";  // ':' always: feed ids may start upper case
constexpr std::string_view kRootsKey = "kensaku:roots";
constexpr std::string_view kIdSchemeKey = "kensaku:ids";
constexpr std::string_view kDayPrefix = "D";
constexpr std::string_view kMonthPrefix = "M";
constexpr std::string_view kYearPrefix = "Y";

constexpr std::array<Field, 7> kFields = {{
    {"title", kTitlePrefix, FieldKind::kFreeText, Xapian::BAD_VALUENO},
    {"author", "A", FieldKind::kFreeText, kAuthorSlot},
    {"source", "XSOURCE", FieldKind::kFreeText, kSourceSlot},
    {"topic", "XTOPIC", FieldKind::kBoolean, kTopicsSlot},
    {"place", "XPLACE", FieldKind::kBoolean, kPlacesSlot},
    {"tag", "K", FieldKind::kBoolean, kTagsSlot},
    {"lang", "L", FieldKind::kBoolean, kLangSlot},
}};

// Words too common to rank by, dropped from queries (never from the index, so phrases keep them):
// Snowball's English list without "us" (the country, as U.S. is indexed), "can" and "will"
// (nouns and modals that news queries use), and the question words of natural-language queries.
constexpr std::array<std::string_view, 123> kStopWords = {
    "a",      "about",    "above",     "after",      "again",   "against", "all",     "am",
    "an",     "and",      "any",       "are",        "as",      "at",      "be",      "because",
    "been",   "before",   "being",     "below",      "between", "both",    "but",     "by",
    "could",  "did",      "do",        "does",       "doing",   "down",    "during",  "each",
    "few",    "for",      "from",      "further",    "had",     "has",     "have",    "having",
    "he",     "her",      "here",      "hers",       "herself", "him",     "himself", "his",
    "how",    "i",        "if",        "in",         "into",    "is",      "it",      "its",
    "itself", "me",       "more",      "most",       "my",      "myself",  "no",      "nor",
    "not",    "of",       "off",       "on",         "once",    "only",    "or",      "other",
    "ought",  "our",      "ours",      "ourselves",  "out",     "over",    "own",     "same",
    "she",    "should",   "so",        "some",       "such",    "than",    "that",    "the",
    "their",  "theirs",   "them",      "themselves", "then",    "there",   "these",   "they",
    "this",   "those",    "through",   "to",         "too",     "under",   "until",   "up",
    "very",   "was",      "we",        "were",       "what",    "when",    "where",   "which",
    "while",  "who",      "whom",      "why",        "with",    "would",   "you",     "your",
    "yours",  "yourself", "yourselves"};

// Xapian's limit on a term's length is 245 bytes; keep well under it, prefix included.
constexpr std::size_t kMaxIdTermBytes = 200;

// FNV-1a: a stable, dependency-free hash for shortening over-long ids.
std::uint64_t fnv1a(std::string_view data) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string fold_case(std::string_view value) {
  std::string folded;
  icu::UnicodeString::fromUTF8(icu::StringPiece(value.data(), static_cast<int32_t>(value.size())))
      .foldCase()
      .toUTF8String(folded);
  return folded;
}

}  // namespace

std::span<const Field> fields() { return kFields; }

const Field* find_field(std::string_view name) {
  for (const Field& field : kFields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

namespace {

// `prefix` + `text`, shortened when longer than kMaxIdTermBytes: a readable head, then '#' and
// the hash of the whole text, so distinct texts stay distinct.
std::string fitted(std::string_view prefix, std::string_view text) {
  std::string term;
  if (prefix.size() + text.size() <= kMaxIdTermBytes) {
    term.reserve(prefix.size() + text.size());
    term.append(prefix.data(), prefix.size()).append(text.data(), text.size());
    return term;
  }
  term.append(prefix.data(), prefix.size());
  char hash[20];
  std::snprintf(hash, sizeof hash, "#%016llx", static_cast<unsigned long long>(fnv1a(text)));
  std::size_t keep = kMaxIdTermBytes - prefix.size() - 17;
  // Do not cut a UTF-8 sequence in half.
  while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;
  term.append(text.substr(0, keep));
  term += hash;
  return term;
}

}  // namespace

std::string id_term(std::string_view article_id) { return fitted(kIdPrefix, article_id); }

std::string_view id_from_id_term(std::string_view term) {
  return term.starts_with(kIdPrefix) ? term.substr(kIdPrefix.size()) : term;
}

std::string feed_records_prefix(std::string_view feed_id) {
  std::string prefix(kIdPrefix);
  prefix.append(feed_id.data(), feed_id.size()).push_back('#');
  return prefix;
}

std::string feed_term(std::string_view feed_id) { return fitted(kFeedPrefix, feed_id); }

std::string feed_state_key(std::string_view feed_id) { return fitted(kFeedStateKey, feed_id); }

std::string_view feed_state_key_prefix() { return kFeedStateKey; }

std::string_view roots_key() { return kRootsKey; }

std::string_view id_scheme_key() { return kIdSchemeKey; }

std::string_view any_article_term() { return kArticleMarker; }

std::string boolean_term(const Field& field, std::string_view value) {
  std::string term(field.prefix);
  std::string folded = fold_case(value);
  // A boolean term starting with ':' or an upper-case letter would be ambiguous after a
  // multi-letter prefix in Xapian's convention; folded values are lower case, so only ':' matters.
  if (field.prefix.size() > 1 && !folded.empty() && folded[0] == ':') term += ':';
  term += folded;
  return term;
}

std::optional<std::string> date_value(std::string_view iso_date) {
  std::string digits;
  if (iso_date.size() >= 10 && iso_date[4] == '-' && iso_date[7] == '-') {
    digits = std::string(iso_date.substr(0, 4)) + std::string(iso_date.substr(5, 2)) +
             std::string(iso_date.substr(8, 2));
  } else if (iso_date.size() == 8) {
    digits = std::string(iso_date);
  } else {
    return std::nullopt;
  }
  if (!all_digits(digits)) return std::nullopt;
  int month = std::stoi(digits.substr(4, 2));
  int day = std::stoi(digits.substr(6, 2));
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  return digits;
}

std::optional<DateTerms> date_terms(std::string_view iso_date) {
  auto value = date_value(iso_date);
  if (!value) return std::nullopt;
  DateTerms terms;
  terms.day = std::string(kDayPrefix) + *value;
  terms.month = std::string(kMonthPrefix) + value->substr(0, 6);
  terms.year = std::string(kYearPrefix) + value->substr(0, 4);
  return terms;
}

std::optional<std::string> timestamp_value(std::string_view iso_date, std::string_view article_id) {
  std::optional<std::string> key = utc_sort_key(iso_date);
  if (!key) {
    // A date the day terms accept but the reader does not (an older form): its midnight.
    const auto day = date_value(iso_date);
    if (!day) return std::nullopt;
    key = *day + "000000";
  }
  key->append(article_id);
  return key;
}

Xapian::valueno date_sort_slot(const Xapian::Database& db) {
  return db.get_value_freq(kTimestampSlot) >= db.get_value_freq(kDateSlot) ? kTimestampSlot
                                                                           : kDateSlot;
}

std::optional<std::string_view> free_text_word(std::string_view term) {
  if (term.empty()) return std::nullopt;
  unsigned char first = static_cast<unsigned char>(term[0]);
  if (!(first >= 'A' && first <= 'Z')) return term;  // unprefixed: a word of the text
  for (const Field& field : kFields) {
    if (field.kind == FieldKind::kFreeText && term.starts_with(field.prefix)) {
      std::string_view word = term.substr(field.prefix.size());
      if (!word.empty() && word[0] == ':') word.remove_prefix(1);
      if (!word.empty()) return word;
    }
  }
  return std::nullopt;
}

std::string_view date_field_name() { return "date"; }

std::string_view title_prefix() { return kTitlePrefix; }

Xapian::Stem stemmer() { return Xapian::Stem("english"); }

// Stemming every term (no unstemmed copies) builds faster and smaller indexes than STEM_SOME,
// and phrases still work because positions are kept on the stems.
Xapian::TermGenerator::stem_strategy term_stem_strategy() {
  return Xapian::TermGenerator::STEM_ALL;
}

Xapian::QueryParser::stem_strategy query_stem_strategy() { return Xapian::QueryParser::STEM_ALL; }

int term_generator_flags() { return Xapian::TermGenerator::FLAG_CJK_NGRAM; }

// FLAG_PURE_NOT: "NOT oil" is every article but oil's, not a syntax error read as "oil".
unsigned query_parser_flags() {
  return Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
         Xapian::QueryParser::FLAG_CJK_NGRAM | Xapian::QueryParser::FLAG_PURE_NOT;
}

bool is_cjk_ngram_char(unsigned code_point) {
  // Boundaries of the ranges: odd positions end a range that starts one past the previous entry.
  static constexpr unsigned kSplits[] = {
      0x1100 - 1, 0x11FF,      0x2E80 - 1, 0x2FDF,      0x3000 - 1,  0x9FFF,      0xA700 - 1,
      0xA71F,     0xA960 - 1,  0xA97F,     0xAC00 - 1,  0xD7FF,      0xF900 - 1,  0xFAFF,
      0xFE30 - 1, 0xFE4F,      0xFF00 - 1, 0xFFEF,      0x1B000 - 1, 0x1B12F,     0x1F200 - 1,
      0x1F2FF,    0x20000 - 1, 0x2A6DF,    0x2A700 - 1, 0x2EBEF,     0x2F800 - 1, 0x2FA1F,
  };
  if (code_point < 0x1100) return false;
  const auto* it = std::lower_bound(std::begin(kSplits), std::end(kSplits), code_point);
  return ((it - std::begin(kSplits)) & 1) != 0;
}

std::span<const std::string_view> stop_words() { return kStopWords; }

void configure_query_parser(Xapian::QueryParser& parser) {
  parser.set_stemmer(stemmer());
  parser.set_stemming_strategy(query_stem_strategy());
  // The parser keeps stop words inside phrases and when a query has nothing else.
  auto* stopper = new Xapian::SimpleStopper();
  for (std::string_view word : kStopWords) stopper->add(std::string(word));
  parser.set_stopper(stopper->release());
  for (const Field& field : kFields) {
    if (field.kind == FieldKind::kFreeText) {
      parser.add_prefix(std::string(field.name), std::string(field.prefix));
    }
  }
}

void configure_term_generator(Xapian::TermGenerator& generator) {
  generator.set_stemmer(stemmer());
  generator.set_stemming_strategy(term_stem_strategy());
  generator.set_flags(term_generator_flags());
}

}  // namespace kensaku::schema
