// Maps a request to its answer: the pages, the API and the assets, with the security headers
// every answer carries. No path reaches the file system: articles come from the index by id.
#ifndef KENSAKU_SEARCHER_SERVER_ROUTER_H_
#define KENSAKU_SEARCHER_SERVER_ROUTER_H_

#include "searcher/server/http_message.h"
#include "searcher/server/searcher_pool.h"

namespace kensaku::server {

// Never throws for a bad request: every failure is an answer (400, 404, 405, 503, 500).
HttpResponse route(const HttpRequest& request, SearcherPool& pool);

// The headers every answer carries (CSP without inline script or style, nosniff, no referrer,
// no framing).
const std::vector<std::pair<std::string, std::string>>& security_headers();

}  // namespace kensaku::server

#endif  // KENSAKU_SEARCHER_SERVER_ROUTER_H_
