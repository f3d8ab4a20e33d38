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

// Boolean fields match case-folded exact values; QueryParser would pass the typed case through.
class BooleanFieldProcessor : public Xapian::FieldProcessor {
 public:
  explicit BooleanFieldProcessor(const schema::Field& field) : field_(field) {}
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(schema::boolean_term(field_, value));
  }

 private:
  const schema::Field& field_;
};

// date:2025-03-01..2025-03-31, date:2024.., date:..2024-06, date:2025-03 (a whole month).
class DateFieldProcessor : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override {
    std::size_t dots = value.find("..");
    std::string_view from = value, to = value;
    if (dots != std::string::npos) {
      from = std::string_view(value).substr(0, dots);
      to = std::string_view(value).substr(dots + 2);
    }
    std::optional<std::string> lo, hi;
    if (!from.empty() && !(lo = date_bound(from, false))) bad(value);
    if (!to.empty() && !(hi = date_bound(to, true))) bad(value);
    if (lo && hi) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, *lo, *hi);
    if (lo) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, *lo);
    if (hi) return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, *hi);
    bad(value);
  }

 private:
  [[noreturn]] static void bad(const std::string& value) {
    throw Xapian::QueryParserError("'" + value + "' is not a date or date range");
  }
};

bool is_ascii_alnum(unsigned char c) { return c < 0x80 && std::isalnum(c); }

// Anything that is not part of a word becomes a space, so no operator survives.
std::string words_only(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
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

std::optional<std::string> date_bound(std::string_view text, bool upper) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != '-' && c != '/' && c != '.') {
      return std::nullopt;
    }
  }
  if (digits.size() == 4) return digits + (upper ? "1231" : "0101");
  if (digits.size() == 6) {
    int month = std::stoi(digits.substr(4, 2));
    if (month < 1 || month > 12) return std::nullopt;
    return digits + (upper ? "31" : "01");  // "31" covers every month: values are real dates
  }
  if (digits.size() == 8) return schema::date_value(digits);
  return std::nullopt;
}

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

  Impl(const Xapian::Database& database, const SynonymTable* table)
      : db(database), synonyms(table) {
    for (Xapian::QueryParser* p : {&parser, &lenient_parser}) {
      schema::configure_query_parser(*p);
      p->set_database(db);
      p->set_default_op(Xapian::Query::OP_OR);
      p->set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    }
    // Processors are reference-counted by the parser once released to it.
    for (const schema::Field& field : schema::fields()) {
      if (field.kind == schema::FieldKind::kBoolean) {
        parser.add_boolean_prefix(std::string(field.name),
                                  (new BooleanFieldProcessor(field))->release());
      }
    }
    parser.add_boolean_prefix(std::string(schema::date_field_name()),
                              (new DateFieldProcessor())->release());
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

BuiltQuery QueryBuilder::build(std::string_view text) {
  std::string normalised = normalise_text(text);
  if (normalised.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw UsageError("empty query", "give at least one word to search for");
  }
  BuiltQuery built;
  unsigned flags = schema::query_parser_flags();
  try {
    built.query = impl_->parser.parse_query(join_hyphenated_wildcards(normalised), flags);
  } catch (const Xapian::QueryParserError&) {
    built.lenient = true;
  }
  if (built.query.empty()) {
    // A syntax error, or operators with nothing to apply to (a lone "-"): read the words alone.
    built.lenient = true;
    unsigned plain =
        flags & ~(Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_LOVEHATE |
                  Xapian::QueryParser::FLAG_WILDCARD);
    built.query = impl_->lenient_parser.parse_query(words_only(normalised), plain);
  }
  if (built.query.empty()) return built;

  std::map<std::vector<std::string>, std::string> joined;
  std::vector<Compound> compounds = hyphenated_compounds(normalised);
  for (Compound& code : spaced_codes(normalised)) compounds.push_back(std::move(code));
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
  for (const Xapian::Query& word : words) built.words.push_back(expand(word));
  built.query = expand(built.query);
  std::set<std::string> seen;
  impl_->collect(built.query, built.snippet, seen);
  impl_->note_wildcards(built.query, built.notes);

  std::set<std::string> leaves;
  collect_leaf_terms(built.query, leaves);
  for (const std::string& word : plain_words(normalised)) {
    std::string term = impl_->stemmer(word);
    if (word.size() < 3 || !leaves.count(term)) continue;  // operators, stop words, short words
    if (impl_->db.term_exists(term) || impl_->db.term_exists(word)) continue;
    if (std::find(built.unknown_words.begin(), built.unknown_words.end(), word) ==
        built.unknown_words.end()) {
      built.unknown_words.push_back(word);
    }
  }
  return built;
}

}  // namespace kensaku
