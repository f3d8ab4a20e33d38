// The search page, GET /: the form, and for a query its hits, facets and pagination, rendered on
// the server so it works without JavaScript and every state has a URL.
#ifndef KENSAKU_SEARCHER_SERVER_SEARCH_PAGE_H_
#define KENSAKU_SEARCHER_SERVER_SEARCH_PAGE_H_

#include "searcher/server/http_message.h"
#include "searcher/server/searcher_pool.h"
#include "searcher/server/url.h"

namespace kensaku::server {

// The facets the page counts.
inline constexpr const char* kPageFacets = "source,author,year,topic,place,lang";

// Throws what read_page_search and the Searcher throw.
HttpResponse search_page(SearcherPool& pool, const Target& target);

}  // namespace kensaku::server

#endif  // KENSAKU_SEARCHER_SERVER_SEARCH_PAGE_H_
