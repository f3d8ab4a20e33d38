// Reads the query-string parameters of /api/search and of the search page into a SearchRequest,
// with the command line's spellings and messages, strictly: an unknown or repeated parameter and
// a bad value are errors.
#ifndef KENSAKU_SEARCHER_SERVER_SEARCH_PARAMS_H_
#define KENSAKU_SEARCHER_SERVER_SEARCH_PARAMS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "kensaku/search.h"
#include "searcher/server/url.h"

namespace kensaku::server {

// Bounds on what one request may ask for: every request's cost is bounded by them.
inline constexpr std::size_t kMaxLimit = 100;
inline constexpr std::size_t kMaxOffset = 10000;
inline constexpr std::size_t kMaxFragments = 10;
inline constexpr std::size_t kMaxQueryBytes = 1024;
inline constexpr std::size_t kMaxFilters = 20;

// A search as the page asks for it: the request, plus the facet filters the page adds to the
// query ("source:East Asia Forum"), kept apart so the page can show and remove each.
struct PageSearch {
  SearchRequest request;
  std::vector<std::string> filters;  // FIELD:VALUE, as given
  bool has_query = false;            // q or like was given: there is something to search
};

// The parameters of /api/search: q, limit, offset, fragments, sort, since, until, recent, like,
// facets. Throws UsageError naming the parameter for anything else or a bad value.
SearchRequest read_api_search(const std::vector<QueryParam>& params);

// The page's parameters: those of the API and any number of `filter` (FIELD:VALUE, FIELD one of
// source, author, year, topic, place, tag, lang). An empty q without like asks for the empty page.
PageSearch read_page_search(const std::vector<QueryParam>& params);

// The query text the searcher gets for `search`: q with each filter as a required field term
// (`+source:"East Asia Forum"`; year filters as `+date:"2024"`).
std::string query_with_filters(const std::string& query, const std::vector<std::string>& filters);

// The parameter names /api/search accepts, in the order the API documents them.
const std::vector<std::string>& api_search_params();

}  // namespace kensaku::server

#endif  // KENSAKU_SEARCHER_SERVER_SEARCH_PARAMS_H_
