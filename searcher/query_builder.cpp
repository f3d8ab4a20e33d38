// Query text -> Xapian::Query via Xapian's QueryParser configured from the schema, with a lenient fallback.
#include "searcher/query_builder.h"

#include <cmath>
#include <optional>
#include <set>

#include "common/schema.h"
#include "common/text_normaliser.h"
#include "kensaku/error.h"

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

// One end of a date range: "2025", "2025-03" or "2025-03-30" (also "202503", "20250330"), as the
// first or last day it covers. nullopt when the text is not such a date.
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

// Anything that is not part of a word becomes a space, so no operator survives.
std::string words_only(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool word_char = c >= 0x80 || std::isalnum(c);
    // Keep inner hyphens and apostrophes so SM-6 and Hegseth's stay single words.
    bool joiner = (c == '-' || c == '\'' || c == '.') && i > 0 && i + 1 < text.size() &&
                  std::isalnum(static_cast<unsigned char>(text[i - 1])) &&
                  std::isalnum(static_cast<unsigned char>(text[i + 1]));
    out += (word_char || joiner) ? static_cast<char>(c) : ' ';
  }
  return out;
}

}  // namespace

struct QueryBuilder::Impl {
  Xapian::Database db;
  Xapian::QueryParser parser;
  Xapian::QueryParser lenient_parser;
  double doc_count;

  explicit Impl(const Xapian::Database& database)
      : db(database), doc_count(std::max<double>(1, database.get_doccount())) {
    for (Xapian::QueryParser* p : {&parser, &lenient_parser}) {
      schema::configure_query_parser(*p);
      p->set_database(db);
      p->set_default_op(Xapian::Query::OP_OR);
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
      case Xapian::Query::OP_FILTER:
        // Only the left side ranks; filters (topic:, place:, dates) are not shown in snippets.
        if (query.get_num_subqueries() > 0) collect(query.get_subquery(0), out, seen);
        return;
      case Xapian::Query::OP_AND_NOT:
        if (query.get_num_subqueries() > 0) collect(query.get_subquery(0), out, seen);
        return;
      default:
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
          collect(query.get_subquery(i), out, seen);
        }
    }
  }
};

QueryBuilder::QueryBuilder(const Xapian::Database& db) : impl_(std::make_unique<Impl>(db)) {}
QueryBuilder::~QueryBuilder() = default;

BuiltQuery QueryBuilder::build(std::string_view text) {
  std::string normalised = normalise_text(text);
  if (normalised.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw UsageError("empty query", "give at least one word to search for");
  }
  BuiltQuery built;
  try {
    built.query = impl_->parser.parse_query(normalised, schema::query_parser_flags());
  } catch (const Xapian::QueryParserError&) {
    built.lenient = true;
    built.query = impl_->lenient_parser.parse_query(
        words_only(normalised), schema::query_parser_flags() & ~Xapian::QueryParser::FLAG_BOOLEAN);
  }
  if (built.query.empty()) {
    throw UsageError("the query '" + std::string(text) + "' has no searchable word",
                     "search for words, \"phrases\", or field:value");
  }
  std::set<std::string> seen;
  impl_->collect(built.query, built.snippet, seen);
  return built;
}

}  // namespace kensaku
