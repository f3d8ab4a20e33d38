// Query text -> Xapian::Query via Xapian's QueryParser configured from the schema, with a lenient
// fallback, compound spellings, synonyms and bounded wildcards.
#include "searcher/query_builder.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "common/compounds.h"
#include "common/schema.h"
#include "common/text_normaliser.h"
#include "kensaku/error.h"
#include "searcher/query_rewrite.h"
#include "searcher/synonyms.h"

namespace kensaku {
namespace {

// The first filter value a parse met that is not a value ("date", "1987-13"). Processors record
// it rather than throw: Xapian 1.4 leaks the parse's state when a processor throws.
struct BadFilter {
  std::optional<std::pair<std::string, std::string>> first;
  void record(std::string_view field, const std::string& value) {
    if (!first) first.emplace(std::string(field), value);
  }
};

// Boolean fields match case-folded exact values; QueryParser would pass the typed case through.
// A lang: value is its primary subtag, as the indexer stores it ("en-GB" finds "en" articles).
class BooleanFieldProcessor : public Xapian::FieldProcessor {
 public:
  BooleanFieldProcessor(const schema::Field& field, BadFilter& bad) : field_(field), bad_(bad) {}
  Xapian::Query operator()(const std::string& value) override {
    if (field_.name == "lang") {
      std::optional<std::string> tag = language_subtag(value);
      if (!tag) {
        bad_.record(field_.name, value);
        return Xapian::Query::MatchNothing;
      }
      return Xapian::Query(schema::boolean_term(field_, *tag));
    }
    return Xapian::Query(schema::boolean_term(field_, value));
  }

 private:
  const schema::Field& field_;
  BadFilter& bad_;
};

// date:2025-03-01..2025-03-31, date:2024.., date:..2024-06, date:2025-03 (a whole month).
class DateFieldProcessor : public Xapian::FieldProcessor {
 public:
  explicit DateFieldProcessor(BadFilter& bad) : bad_(bad) {}
  Xapian::Query operator()(const std::string& value) override {
    std::optional<DateRange> range = parse_date_range(value);
    if (!range) {
      bad_.record(schema::date_field_name(), value);
      return Xapian::Query::MatchNothing;
    }
    const auto& [lo, hi] = *range;
    if (lo && hi) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, *lo, *hi);
    if (lo) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, *lo);
    return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, *hi);
  }

 private:
  BadFilter& bad_;
};

bool is_ascii_alnum(unsigned char c) { return c < 0x80 && std::isalnum(c); }

// The length of the field filter starting at text[i] ("topic:grain", "date:1987..1988"), or 0
// when no field of the schema is named there.
std::size_t field_token_length(std::string_view text, std::size_t i) {
  if (i > 0 && static_cast<unsigned char>(text[i - 1]) >= 0x80) return 0;
  if (i > 0 && is_ascii_alnum(static_cast<unsigned char>(text[i - 1]))) return 0;
  std::size_t colon = i;
  while (colon < text.size() && is_ascii_alnum(static_cast<unsigned char>(text[colon]))) ++colon;
  if (colon == text.size() || text[colon] != ':' || colon + 1 == text.size()) return 0;
  std::string_view name = text.substr(i, colon - i);
  if (name != schema::date_field_name() && !schema::find_field(name)) return 0;
  std::size_t end = text.find_first_of(" \t\r\n()\"", colon + 1);
  return (end == std::string_view::npos ? text.size() : end) - i;
}

// Anything that is not part of a word or of a field filter becomes a space, so no operator
// survives.
std::string words_only(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (std::size_t field = field_token_length(text, i); field > 0) {
      out.append(text.substr(i, field));
      i += field - 1;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool word_char = c >= 0x80 || std::isalnum(c);
    // Keep inner hyphens and apostrophes so SM-6 and Hegseth's stay single words.
    bool joiner = (c == '-' || c == '\'' || c == '.') && i > 0 && i + 1 < text.size() &&
                  is_ascii_alnum(static_cast<unsigned char>(text[i - 1])) &&
                  is_ascii_alnum(static_cast<unsigned char>(text[i + 1]));
    out += (word_char || joiner) ? static_cast<char>(c) : ' ';
  }
  return out;
}

// The words of `text` as the indexer splits them, ORed: the reading of last resort, for text
// that even the words-only parse fails on (it cannot fail).
Xapian::Query indexed_words(std::string_view text) {
  Xapian::Document scratch;
  Xapian::TermGenerator generator;
  schema::configure_term_generator(generator);
  generator.set_document(scratch);
  generator.index_text(std::string(text));
  std::vector<Xapian::Query> terms;
  for (auto t = scratch.termlist_begin(); t != scratch.termlist_end(); ++t) terms.emplace_back(*t);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// Xapian cannot expand a wildcard inside a hyphenated word ("co-produc*" parses as a phrase of
// "co" and "produc"); the index holds hyphenated words joined too, so "coproduc*" finds them.
std::string join_hyphenated_wildcards(std::string_view text) {
  std::string out(text);
  for (std::size_t star = out.find('*'); star != std::string::npos;
       star = out.find('*', star + 1)) {
    std::size_t start = star;
    while (start > 0 &&
           (is_ascii_alnum(static_cast<unsigned char>(out[start - 1])) || out[start - 1] == '-')) {
      --start;
    }
    std::string word = out.substr(start, star - start);
    if (word.find('-') == std::string::npos || word.front() == '-') continue;
    std::string joined;
    for (char c : word) {
      if (c != '-') joined += c;
    }
    out.replace(start, word.size(), joined);
    star = start + joined.size();
  }
  return out;
}

}  // namespace

// Xapian 1.4 exposes the pattern only through the description ("WILDCARD SYNONYM produc"), whose
// last word is the pattern.
std::string wildcard_pattern(const Xapian::Query& query) {
  std::string description = query.get_description();
  if (description.ends_with(")")) description.pop_back();
  std::size_t space = description.rfind(' ');
  return space == std::string::npos ? description : description.substr(space + 1);
}

namespace {

// The field prefix of a free-text term ("" for body words, "S" for title words).
std::string prefix_of(const std::string& term) {
  auto word = schema::free_text_word(term);
  if (!word) return {};
  return term.substr(0, term.size() - word->size());
}

// A phrase of compound parts also matches the compound written joined: SM-6 finds SM6.
Xapian::Query add_joined_forms(const Xapian::Query& query,
                               const std::map<std::vector<std::string>, std::string>& joined) {
  return rewrite_query(query, [&](const Xapian::Query& q) -> std::optional<Xapian::Query> {
    if (q.get_type() != Xapian::Query::OP_PHRASE) return std::nullopt;
    std::vector<std::string> words;
    std::string prefix;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
      Xapian::Query sub = q.get_subquery(i);
      if (sub.get_type() != Xapian::Query::LEAF_TERM) return q;
      std::string term = *sub.get_terms_begin();
      std::string p = prefix_of(term);
      if (i > 0 && p != prefix) return q;
      prefix = p;
      words.push_back(term.substr(p.size()));
    }
    auto found = joined.find(words);
    if (found == joined.end()) return q;
    return Xapian::Query(Xapian::Query::OP_OR, q, Xapian::Query(prefix + found->second));
  });
}

// A run of CJK characters as the parser reads it: the AND of its characters and bigrams (all at
// one query position). It is one word of the query, however many n-grams it has.
bool is_cjk_run(const Xapian::Query& query) {
  if (query.get_type() != Xapian::Query::OP_AND || query.get_num_subqueries() < 2) return false;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    Xapian::Query sub = query.get_subquery(i);
    if (sub.get_type() != Xapian::Query::LEAF_TERM) return false;
    const std::string term = *sub.get_terms_begin();
    auto word = schema::free_text_word(term);
    if (!word || word->empty()) return false;
    if (!schema::is_cjk_ngram_char(*Xapian::Utf8Iterator(word->data(), word->size()))) return false;
  }
  return true;
}

// The query position of a term ("Query(北@1)" -> 1); 0 when it has none. Xapian 1.4 shows it
// only in the description.
Xapian::termpos query_position(const Xapian::Query& leaf) {
  std::string description = leaf.get_description();
  std::size_t at = description.rfind('@');
  if (at == std::string::npos) return 0;
  Xapian::termpos pos = 0;
  for (std::size_t i = at + 1;
       i < description.size() && std::isdigit(static_cast<unsigned char>(description[i])); ++i)
    pos = pos * 10 + static_cast<Xapian::termpos>(description[i] - '0');
  return pos;
}

// The one CJK character a term stands for (after its prefix), or "" when it is not one.
std::string lone_cjk_character(const std::string& term) {
  auto word = schema::free_text_word(term);
  if (!word || word->empty()) return {};
  Xapian::Utf8Iterator it(word->data(), word->size());
  if (!schema::is_cjk_ngram_char(*it)) return {};
  ++it;
  return it == Xapian::Utf8Iterator() ? std::string(*word) : std::string();
}

// Articles index a CJK run as its characters and bigrams in turn (北 北京 京: positions 1, 2, 3),
// but the parser makes a quoted run a phrase of its characters alone, which never matches. Each
// pair of characters of one run (same query position) gets its bigram between them, so
// "北京" is the phrase 北 北京 京 and matches exactly where the run is written.
Xapian::Query cjk_phrases(const Xapian::Query& query) {
  return rewrite_query(query, [](const Xapian::Query& q) -> std::optional<Xapian::Query> {
    if (q.get_type() != Xapian::Query::OP_PHRASE) return std::nullopt;
    std::vector<Xapian::Query> terms;
    std::string previous;  // the previous term's CJK character, if it was one
    Xapian::termpos previous_pos = 0;
    std::string previous_term;
    bool changed = false;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
      Xapian::Query sub = q.get_subquery(i);
      if (sub.get_type() != Xapian::Query::LEAF_TERM) return q;
      const std::string term = *sub.get_terms_begin();
      const std::string character = lone_cjk_character(term);
      const Xapian::termpos pos = query_position(sub);
      if (!character.empty() && !previous.empty() && pos == previous_pos) {
        const std::string prefix = term.substr(0, term.size() - character.size());
        if (previous_term.starts_with(prefix)) {
          terms.emplace_back(prefix + previous + character);
          changed = true;
        }
      }
      terms.push_back(sub);
      previous = character;
      previous_pos = pos;
      previous_term = term;
    }
    if (!changed) return q;
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                         static_cast<Xapian::termcount>(terms.size()));
  });
}

// Every article, weighing nothing.
Xapian::Query every_article() {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(std::string(schema::any_article_term())), 0);
}

// "NOT oil" is parsed as every document but oil's: every article, never the index's own records.
Xapian::Query articles_for_match_all(const Xapian::Query& query) {
  return rewrite_query(query, [](const Xapian::Query& q) -> std::optional<Xapian::Query> {
    if (q.get_type() != Xapian::Query::LEAF_MATCH_ALL) return std::nullopt;
    return every_article();
  });
}

// The query's words: what tiers count. Operators that combine words are opened; filters and
// exclusions are not words.
void collect_words(const Xapian::Query& query, std::vector<Xapian::Query>& words) {
  switch (query.get_type()) {
    case Xapian::Query::OP_AND:
      if (is_cjk_run(query)) break;
      [[fallthrough]];
    case Xapian::Query::OP_OR:
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        collect_words(query.get_subquery(i), words);
      }
      return;
    case Xapian::Query::OP_AND_MAYBE:
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        collect_words(query.get_subquery(i), words);
      }
      return;
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_AND_NOT:
      if (query.get_num_subqueries() > 0) collect_words(query.get_subquery(0), words);
      return;
    case Xapian::Query::OP_VALUE_RANGE:
    case Xapian::Query::OP_VALUE_GE:
    case Xapian::Query::OP_VALUE_LE:
      return;
    default:
      break;
  }
  words.push_back(query);
}

// Lower-case ASCII words of the text with at least one letter, for spelling.
std::vector<std::string> plain_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool letter = false;
  auto flush = [&] {
    if (!word.empty() && letter) words.push_back(word);
    word.clear();
    letter = false;
  };
  for (char c : text) {
    if (is_ascii_alnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      letter = letter || std::isalpha(static_cast<unsigned char>(c));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

void collect_leaf_terms(const Xapian::Query& query, std::set<std::string>& out) {
  if (query.get_type() == Xapian::Query::LEAF_TERM) {
    out.insert(*query.get_terms_begin());
    return;
  }
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    collect_leaf_terms(query.get_subquery(i), out);
  }
}

}  // namespace

bool word_matches(const Xapian::Query& word, const std::set<std::string>& terms) {
  switch (word.get_type()) {
    case Xapian::Query::LEAF_TERM:
      return terms.count(*word.get_terms_begin()) > 0;
    case Xapian::Query::OP_WILDCARD: {
      std::string pattern = wildcard_pattern(word);
      auto it = terms.lower_bound(pattern);
      return it != terms.end() && it->starts_with(pattern);
    }
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR: {
      for (std::size_t i = 0; i < word.get_num_subqueries(); ++i) {
        if (!word_matches(word.get_subquery(i), terms)) return false;
      }
      return word.get_num_subqueries() > 0;
    }
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SCALE_WEIGHT:
      return word.get_num_subqueries() > 0 && word_matches(word.get_subquery(0), terms);
    default:
      for (std::size_t i = 0; i < word.get_num_subqueries(); ++i) {
        if (word_matches(word.get_subquery(i), terms)) return true;
      }
      // Boolean filters and ranges are not checked against terms: a match is a match.
      return word.get_num_subqueries() == 0 && word.get_type() != Xapian::Query::LEAF_TERM;
  }
}

namespace {

void collect_terms(const Xapian::Query& query, QueryTerms& out) {
  if (query.get_type() == Xapian::Query::LEAF_TERM) {
    out.terms.insert(*query.get_terms_begin());
  } else if (query.get_type() == Xapian::Query::OP_WILDCARD) {
    out.patterns.insert(wildcard_pattern(query));
  }
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    collect_terms(query.get_subquery(i), out);
  }
}

}  // namespace

QueryTerms terms_of(const std::vector<Xapian::Query>& words) {
  QueryTerms out;
  for (const Xapian::Query& word : words) collect_terms(word, out);
  return out;
}

std::set<std::string> terms_in_document(const Xapian::Database& db, Xapian::docid docid,
                                        const QueryTerms& query) {
  std::set<std::string> found;
  Xapian::TermIterator t = db.termlist_begin(docid);
  const Xapian::TermIterator end = db.termlist_end(docid);
  // Both lists are sorted: skip_to walks the document's terms once.
  auto term = query.terms.begin();
  auto pattern = query.patterns.begin();
  while (t != end && (term != query.terms.end() || pattern != query.patterns.end())) {
    bool take_pattern =
        term == query.terms.end() || (pattern != query.patterns.end() && *pattern < *term);
    const std::string& next = take_pattern ? *pattern : *term;
    t.skip_to(next);
    if (t == end) break;
    if (take_pattern) {
      if ((*t).starts_with(next)) found.insert(*t);
      ++pattern;
    } else {
      if (*t == next) found.insert(next);
      ++term;
    }
  }
  return found;
}

struct QueryBuilder::Impl {
  Xapian::Database db;
  const SynonymTable* synonyms;
  Xapian::QueryParser parser;
  Xapian::QueryParser lenient_parser;
  Xapian::Stem stemmer = schema::stemmer();
  BadFilter bad_filter;  // written by the processors during a parse

  Impl(const Xapian::Database& database, const SynonymTable* table)
      : db(database), synonyms(table) {
    for (Xapian::QueryParser* p : {&parser, &lenient_parser}) {
      schema::configure_query_parser(*p);
      p->set_database(db);
      p->set_default_op(Xapian::Query::OP_OR);
      p->set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
      // Processors are reference-counted by the parser once released to it. The words-only
      // reading keeps the filters too.
      for (const schema::Field& field : schema::fields()) {
        if (field.kind == schema::FieldKind::kBoolean) {
          p->add_boolean_prefix(std::string(field.name),
                                (new BooleanFieldProcessor(field, bad_filter))->release());
        }
      }
      p->add_boolean_prefix(std::string(schema::date_field_name()),
                            (new DateFieldProcessor(bad_filter))->release());
    }
  }

  double weight_of(const std::string& term) const {
    double doc_count = std::max<double>(1, db.get_doccount());
    double freq = db.get_termfreq(term);
    return std::log((doc_count + 1) / (freq + 0.5));
  }

  void collect(const Xapian::Query& query, SnippetQuery& out, std::set<std::string>& seen) const {
    switch (query.get_type()) {
      case Xapian::Query::LEAF_TERM: {
        std::string term = *query.get_terms_begin();
        auto word = schema::free_text_word(term);
        if (word && seen.insert(std::string(*word)).second) {
          out.words.push_back({std::string(*word), weight_of(term)});
        }
        return;
      }
      case Xapian::Query::OP_WILDCARD: {
        std::string pattern = wildcard_pattern(query);
        if (seen.insert("*" + pattern).second) out.wildcards.push_back({pattern, 1.0});
        return;
      }
      case Xapian::Query::OP_PHRASE: {
        SnippetQuery::Phrase phrase;
        double weight = 0;
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
          Xapian::Query sub = query.get_subquery(i);
          if (sub.get_type() != Xapian::Query::LEAF_TERM) return;
          std::string term = *sub.get_terms_begin();
          auto word = schema::free_text_word(term);
          if (!word) return;
          phrase.terms.emplace_back(*word);
          weight += weight_of(term);
        }
        phrase.weight = weight;
        if (!phrase.terms.empty()) out.phrases.push_back(std::move(phrase));
        return;
      }
      case Xapian::Query::OP_AND:
        if (is_cjk_run(query)) {
          // Highlight the run its bigrams cover ("共同"), not each character wherever it stands.
          SnippetQuery::Phrase run;
          for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
            std::string term = *query.get_subquery(i).get_terms_begin();
            std::string word(*schema::free_text_word(term));
            auto lead_bytes = std::count_if(word.begin(), word.end(), [](char c) {
              return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
            });
            if (lead_bytes < 2) continue;  // a lone character
            run.terms.push_back(word);
            run.weight += weight_of(term);
          }
          if (!run.terms.empty() && seen.insert(query.get_description()).second) {
            out.phrases.push_back(std::move(run));
          }
          return;
        }
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
          collect(query.get_subquery(i), out, seen);
        }
        return;
      case Xapian::Query::OP_FILTER:
      case Xapian::Query::OP_AND_NOT:
        // Only the left side ranks; filters (topic:, place:, dates) and exclusions are not shown.
        if (query.get_num_subqueries() > 0) collect(query.get_subquery(0), out, seen);
        return;
      default:
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
          collect(query.get_subquery(i), out, seen);
        }
    }
  }

  Xapian::Query parse(const std::string& text, const std::string& original, bool& lenient);

  // Notes for wildcards that matched more words than are searched.
  void note_wildcards(const Xapian::Query& query, std::vector<std::string>& notes) const {
    if (query.get_type() == Xapian::Query::OP_WILDCARD) {
      std::string pattern = wildcard_pattern(query);
      Xapian::termcount count = 0;
      for (auto t = db.allterms_begin(pattern); t != db.allterms_end(pattern); ++t) {
        if (++count > kMaxWildcardExpansion) break;
      }
      if (count > kMaxWildcardExpansion) {
        notes.push_back("'" + pattern + "*' matches more than " +
                        std::to_string(kMaxWildcardExpansion) + " indexed words; only the " +
                        std::to_string(kMaxWildcardExpansion) +
                        " most frequent were searched (make the prefix longer to narrow it)");
      }
      return;
    }
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
      note_wildcards(query.get_subquery(i), notes);
    }
  }
};

QueryBuilder::QueryBuilder(const Xapian::Database& db, const SynonymTable* synonyms)
    : impl_(std::make_unique<Impl>(db, synonyms)) {}
QueryBuilder::~QueryBuilder() = default;

namespace {

// At most this many words of a query are offered for spelling correction.
constexpr std::size_t kMaxSpellingWords = 8;

// The terms of `words` that make a word unable to match anything in `db`: a word in no article,
// or a phrase with such a word. A word found through a synonym or a joined form is found.
std::set<std::string> missing_terms(const std::vector<Xapian::Query>& words,
                                    const Xapian::Database& db) {
  std::set<std::string> missing;
  std::map<std::string, bool> exists;  // each distinct term looked up once
  for (const Xapian::Query& word : words) {
    std::set<std::string> leaves, present;
    collect_leaf_terms(word, leaves);
    for (const std::string& term : leaves) {
      auto [it, inserted] = exists.try_emplace(term, false);
      if (inserted) it->second = db.term_exists(term);
      if (it->second) present.insert(term);
    }
    if (word_matches(word, present)) continue;
    for (const std::string& term : leaves) {
      if (!present.count(term)) missing.insert(term);
    }
  }
  return missing;
}

// What a subquery matches, whatever its query positions: its description without "@N".
std::string position_free(const Xapian::Query& query) {
  const std::string description = query.get_description();
  std::string out;
  out.reserve(description.size());
  for (std::size_t i = 0; i < description.size(); ++i) {
    if (description[i] == '@' && i + 1 < description.size() &&
        std::isdigit(static_cast<unsigned char>(description[i + 1]))) {
      while (i + 1 < description.size() &&
             std::isdigit(static_cast<unsigned char>(description[i + 1])))
        ++i;
      continue;
    }
    out += description[i];
  }
  return out;
}

// The words, each once ("oil oil" is one word): the tiers count each once. "Every article" (the
// left side of "NOT oil") is no word.
std::vector<Xapian::Query> distinct_words(const std::vector<Xapian::Query>& words) {
  std::vector<Xapian::Query> out;
  std::set<std::string> seen{position_free(every_article())};
  for (const Xapian::Query& word : words) {
    if (seen.insert(position_free(word)).second) out.push_back(word);
  }
  return out;
}

// `query` with a repeated part of an AND, OR or synonym group kept once: each copy would be
// matched again (a phrase checked, a range read) for nothing. A word repeated in an OR stays:
// Xapian weighs it by its count (as ranking was tuned on Cranfield), and the word limit
// bounds the copies.
Xapian::Query without_repeats(const Xapian::Query& query) {
  return rewrite_query(query, [](const Xapian::Query& q) -> std::optional<Xapian::Query> {
    const auto type = q.get_type();
    if (type != Xapian::Query::OP_OR && type != Xapian::Query::OP_AND &&
        type != Xapian::Query::OP_SYNONYM)
      return std::nullopt;
    std::vector<Xapian::Query> subs;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
      Xapian::Query sub = without_repeats(q.get_subquery(i));
      const bool weighted_word =
          type == Xapian::Query::OP_OR && sub.get_type() == Xapian::Query::LEAF_TERM;
      if (seen.insert(position_free(sub)).second || weighted_word) subs.push_back(sub);
    }
    if (subs.size() == 1) return subs.front();
    return Xapian::Query(type, subs.begin(), subs.end());
  });
}

}  // namespace

// Parses `text` strictly, then as words alone, then as the indexer's words: the last cannot fail.
Xapian::Query QueryBuilder::Impl::parse(const std::string& text, const std::string& original,
                                        bool& lenient) {
  const unsigned flags = schema::query_parser_flags();
  // A filter value the text check did not see (Xapian found a field inside a longer token).
  auto check_filters = [this] {
    if (!bad_filter.first) return;
    auto [field, value] = *bad_filter.first;
    bad_filter.first.reset();
    check_filter_value(field, value);
  };
  bad_filter.first.reset();
  Xapian::Query query;
  try {
    query = parser.parse_query(join_hyphenated_wildcards(text), flags);
  } catch (const Xapian::QueryParserError&) {
    lenient = true;
  }
  check_filters();
  if (!query.empty()) return query;
  // A syntax error, or operators with nothing to apply to (a lone "-"): read the words alone.
  lenient = true;
  const unsigned plain =
      flags & ~(Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_LOVEHATE |
                Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PURE_NOT);
  try {
    query = lenient_parser.parse_query(words_only(text), plain);
  } catch (const Xapian::QueryParserError&) {
    query = indexed_words(words_only(text));
  }
  check_filters();
  // Nothing left of the repaired text ("AND"): the words as the indexer reads them, which the
  // parser never sees (Xapian 1.4 leaks memory on some text it cannot read).
  if (query.empty()) query = indexed_words(original);
  return query;
}

BuiltQuery QueryBuilder::build(std::string_view text) {
  std::string normalised = normalise_text(text);
  if (normalised.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw UsageError("empty query", "give at least one word to search for");
  }
  BuiltQuery built;
  PreparedText prepared = prepare_query_text(normalised);
  built.notes = std::move(prepared.notes);
  built.lenient = prepared.repaired;
  // The original text is read only when nothing of the prepared one is left ("AND"), and within
  // the limits.
  std::string bounded = normalised.substr(0, std::min(normalised.size(), kMaxQueryBytes));
  built.query = impl_->parse(prepared.text, bounded, built.lenient);
  if (built.query.empty()) return built;
  built.query = without_repeats(articles_for_match_all(cjk_phrases(built.query)));

  std::map<std::vector<std::string>, std::string> joined;
  std::vector<Compound> compounds = hyphenated_compounds(prepared.text);
  for (Compound& code : spaced_codes(prepared.text)) compounds.push_back(std::move(code));
  for (const Compound& compound : compounds) {
    joined.emplace(part_terms(compound, impl_->stemmer), joined_term(compound, impl_->stemmer));
  }
  // Words are taken before expansion, so a compound's or synonym's alternatives stay one word.
  auto expand = [&](Xapian::Query query) {
    if (!joined.empty()) query = add_joined_forms(query, joined);
    if (impl_->synonyms) query = impl_->synonyms->expand(query);
    return query;
  };
  std::vector<Xapian::Query> words;
  collect_words(built.query, words);
  for (const Xapian::Query& word : distinct_words(words)) built.words.push_back(expand(word));
  built.query = expand(built.query);
  std::set<std::string> seen;
  impl_->collect(built.query, built.snippet, seen);
  impl_->note_wildcards(built.query, built.notes);

  const std::set<std::string> missing = missing_terms(built.words, impl_->db);
  std::set<std::string> offered;
  for (const std::string& word : plain_words(prepared.text)) {
    if (built.unknown_words.size() >= kMaxSpellingWords) break;
    // Operators, stop words and short words are not query terms; found words need no spelling.
    if (word.size() < 3 || !missing.count(impl_->stemmer(word))) continue;
    if (impl_->db.term_exists(word)) continue;
    if (offered.insert(word).second) built.unknown_words.push_back(word);
  }
  return built;
}

}  // namespace kensaku
