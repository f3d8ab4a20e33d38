// Loading the synonyms file and expanding queries with it.
#include "searcher/synonyms.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/schema.h"
#include "common/text_normaliser.h"
#include "kensaku/error.h"
#include "searcher/query_rewrite.h"

namespace kensaku {
namespace {

// The index terms of an expression, split and stemmed as the term generator does for ASCII text.
std::vector<std::string> expression_terms(std::string_view text, const Xapian::Stem& stemmer) {
  std::vector<std::string> terms;
  Xapian::Document scratch;
  Xapian::TermGenerator generator;
  schema::configure_term_generator(generator);
  generator.set_document(scratch);
  generator.index_text(normalise_text(text));
  // Terms come back sorted; put them back in text order by position.
  std::vector<std::pair<Xapian::termpos, std::string>> placed;
  for (auto t = scratch.termlist_begin(); t != scratch.termlist_end(); ++t) {
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
      placed.emplace_back(*p, *t);
  }
  std::sort(placed.begin(), placed.end());
  for (auto& [pos, term] : placed) terms.push_back(std::move(term));
  (void)stemmer;
  return terms;
}

Xapian::Query expression_query(const std::vector<std::string>& terms) {
  if (terms.size() == 1) return Xapian::Query(terms[0]);
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                       static_cast<Xapian::termcount>(terms.size()));
}

// The terms of `query` when it is a single word or a phrase of single words, else empty.
std::vector<std::string> plain_terms(const Xapian::Query& query) {
  std::vector<std::string> terms;
  if (query.get_type() == Xapian::Query::LEAF_TERM) {
    terms.push_back(*query.get_terms_begin());
  } else if (query.get_type() == Xapian::Query::OP_PHRASE) {
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
      Xapian::Query sub = query.get_subquery(i);
      if (sub.get_type() != Xapian::Query::LEAF_TERM) return {};
      terms.push_back(*sub.get_terms_begin());
    }
  }
  for (const std::string& term : terms) {
    // Field-prefixed terms start with an upper-case letter.
    if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z') return {};
  }
  return terms;
}

}  // namespace

SynonymTable SynonymTable::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw UsageError("cannot read the synonyms file " + path,
                     "check the path given to --synonyms (or $KENSAKU_SYNONYMS)");
  }
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

SynonymTable SynonymTable::parse(std::string_view text, std::string_view origin) {
  SynonymTable table;
  Xapian::Stem stemmer = schema::stemmer();
  std::size_t line_no = 0;
  while (!text.empty()) {
    std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    ++line_no;
    if (std::size_t hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (line.find('=') == std::string_view::npos) {
      throw UsageError(std::string(origin) + ":" + std::to_string(line_no) +
                           ": a synonyms line needs '=' between expressions",
                       "write e.g. 'USFJ = US Forces Japan'");
    }
    std::vector<std::vector<std::string>> group;
    std::size_t start = 0;
    while (start <= line.size()) {
      std::size_t eq = line.find('=', start);
      std::string_view expression =
          line.substr(start, eq == std::string_view::npos ? eq : eq - start);
      std::vector<std::string> terms = expression_terms(expression, stemmer);
      if (!terms.empty()) group.push_back(std::move(terms));
      if (eq == std::string_view::npos) break;
      start = eq + 1;
    }
    if (group.size() >= 2) table.groups_.push_back(std::move(group));
  }
  return table;
}

Xapian::Query SynonymTable::expand(const Xapian::Query& query) const {
  if (groups_.empty()) return query;
  return rewrite_query(query, [this](const Xapian::Query& q) -> std::optional<Xapian::Query> {
    std::vector<std::string> terms = plain_terms(q);
    if (terms.empty()) return std::nullopt;
    std::vector<Xapian::Query> alternatives{q};
    for (const auto& group : groups_) {
      bool member = false;
      for (const auto& expression : group) member = member || expression == terms;
      if (!member) continue;
      for (const auto& expression : group) {
        if (expression != terms) alternatives.push_back(expression_query(expression));
      }
    }
    if (alternatives.size() == 1) return q;
    return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
  });
}

}  // namespace kensaku
