// The JSON API: /api/search, /api/articles/{id}, /api/health and /api/openapi.json.
#ifndef KENSAKU_SEARCHER_SERVER_API_H_
#define KENSAKU_SEARCHER_SERVER_API_H_

#include <exception>
#include <string>

#include "kensaku/error.h"
#include "searcher/server/http_message.h"
#include "searcher/server/searcher_pool.h"
#include "searcher/server/url.h"

namespace kensaku::server {

// The bytes of `kensaku-search --json` for the same options (same printer).
HttpResponse api_search(SearcherPool& pool, const Target& target);

// One stored article: its metadata and full text; 404 when there is none with this id.
HttpResponse api_article(SearcherPool& pool, const std::string& id);

// The article count and the time of the last commit; 503 when the index cannot be opened.
HttpResponse api_health(SearcherPool& pool);

// The OpenAPI 3 description of the API.
HttpResponse api_openapi();

// The --serve error object with `status`.
HttpResponse error_response(int status, const Error& error);

// What a failed request is answered with: 400 for a UsageError, 503 for an index that cannot be
// opened or read, 500 (with no details) for anything else. Details of 503 and 500 go to stderr,
// not to the client.
struct Failure {
  int status;
  std::string message, hint;
};
Failure classify_failure(std::exception_ptr failure);

}  // namespace kensaku::server

#endif  // KENSAKU_SEARCHER_SERVER_API_H_
