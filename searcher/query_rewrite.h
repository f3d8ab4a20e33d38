// Rewriting parts of a Xapian query while keeping its boolean structure.
#ifndef KENSAKU_SEARCHER_QUERY_REWRITE_H_
#define KENSAKU_SEARCHER_QUERY_REWRITE_H_

#include <xapian.h>

#include <functional>
#include <optional>

namespace kensaku {

// Walks `query` top down. Where `rewrite` returns a query, that replaces the subquery (and its
// children are not visited); elsewhere the boolean combinators (AND, OR, AND_MAYBE, AND_NOT,
// FILTER, XOR, SYNONYM, MAX) are rebuilt from their rewritten children, and every other operator
// (NEAR, ADJ, weight scaling, value ranges) is left as written.
Xapian::Query rewrite_query(
    const Xapian::Query& query,
    const std::function<std::optional<Xapian::Query>(const Xapian::Query&)>& rewrite);

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_QUERY_REWRITE_H_
