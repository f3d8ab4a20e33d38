// Turns user query text into a Xapian query, never failing on what users type.
#ifndef KENSAKU_SEARCHER_QUERY_BUILDER_H_
#define KENSAKU_SEARCHER_QUERY_BUILDER_H_

#include <xapian.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "searcher/query_text.h"
#include "searcher/snippet_builder.h"

namespace kensaku {

class SynonymTable;

// A trailing wildcard matches at most this many indexed words (the most frequent ones).
inline constexpr Xapian::termcount kMaxWildcardExpansion = 100;

// The pattern of an OP_WILDCARD query ("produc" for produc*).
std::string wildcard_pattern(const Xapian::Query& query);

// A query ready to run, with what the snippets should show.
struct BuiltQuery {
  Xapian::Query query;   // empty when the text holds no searchable word (a lone "-")
  bool lenient = false;  // the text did not parse and was read as plain words
  SnippetQuery snippet;  // words and phrases to highlight, weighted by rarity in `db`
  // The query's words: the parts an article may match some of (a word, a phrase, a field term,
  // a wildcard, each with its spelling variants and synonyms). Tiers count these.
  std::vector<Xapian::Query> words;
  // Words the user typed (lower case) whose terms are in no indexed article: spelling candidates.
  std::vector<std::string> unknown_words;
  std::vector<std::string> notes;  // what the reader should know about how the text was read
};

class QueryBuilder {
 public:
  // `db` supplies term statistics (for snippet weights) and the vocabulary for wildcards;
  // `synonyms` (may be null) is kept by reference and must outlive the builder.
  explicit QueryBuilder(const Xapian::Database& db, const SynonymTable* synonyms = nullptr);
  ~QueryBuilder();

  // Normalises `text` like the indexer normalises articles, applies the limits and repairs of
  // prepare_query_text (each noted in `notes`; a repair sets `lenient`), then parses it strictly
  // in Kensaku's query language; on a syntax error it re-parses the words alone and sets
  // `lenient`. Words written as compounds (SM-6, "SM 6") also match their joined form (SM6), and
  // synonyms expand; a word written twice is one word. Linear in the text's length, and bounded
  // by kMaxQueryBytes whatever its length. Throws UsageError when the text is empty or a date: or
  // lang: value is not one.
  BuiltQuery build(std::string_view text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Whether an article whose matching terms are `terms` (Enquire::get_matching_terms) contains
// the query word `word` (one of BuiltQuery::words): every term of a phrase, any alternative.
bool word_matches(const Xapian::Query& word, const std::set<std::string>& terms);

// The terms and wildcard patterns of a set of query words, sorted.
struct QueryTerms {
  std::set<std::string> terms;
  std::set<std::string> patterns;
};
QueryTerms terms_of(const std::vector<Xapian::Query>& words);

// Which of `query` terms document `docid` contains (a wildcard pattern: the first of its
// expansions there). One pass over the document's term list.
std::set<std::string> terms_in_document(const Xapian::Database& db, Xapian::docid docid,
                                        const QueryTerms& query);

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_QUERY_BUILDER_H_
