// The one walk over a query tree that compound forms and synonyms both use.
#include "searcher/query_rewrite.h"

#include <vector>

namespace kensaku {

Xapian::Query rewrite_query(
    const Xapian::Query& query,
    const std::function<std::optional<Xapian::Query>(const Xapian::Query&)>& rewrite) {
  if (std::optional<Xapian::Query> replaced = rewrite(query)) return *replaced;
  std::size_t n = query.get_num_subqueries();
  if (n == 0) return query;
  switch (query.get_type()) {
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX: {
      std::vector<Xapian::Query> subs;
      for (std::size_t i = 0; i < n; ++i)
        subs.push_back(rewrite_query(query.get_subquery(i), rewrite));
      return Xapian::Query(query.get_type(), subs.begin(), subs.end());
    }
    default:
      return query;
  }
}

}  // namespace kensaku
