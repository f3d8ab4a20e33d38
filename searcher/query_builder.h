// Turns user query text into a Xapian query, never failing on what users type.
#ifndef KENSAKU_SEARCHER_QUERY_BUILDER_H_
#define KENSAKU_SEARCHER_QUERY_BUILDER_H_

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "searcher/snippet_builder.h"

namespace kensaku {

// A query ready to run, with what the snippets should show.
struct BuiltQuery {
  Xapian::Query query;
  bool lenient = false;  // the text did not parse and was read as plain words
  SnippetQuery snippet;  // words and phrases to highlight, weighted by rarity in `db`
};

class QueryBuilder {
 public:
  // `db` supplies term statistics (for snippet weights) and the vocabulary for wildcards.
  explicit QueryBuilder(const Xapian::Database& db);
  ~QueryBuilder();

  // Normalises `text` like the indexer normalises articles, then parses it strictly in Kensaku's
  // query language; on a syntax error it re-parses the words alone and sets `lenient`.
  // Throws UsageError when the text holds no searchable word.
  BuiltQuery build(std::string_view text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_QUERY_BUILDER_H_
