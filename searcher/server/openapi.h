// The OpenAPI 3 description of kensaku-server's JSON API, served at /api/openapi.json.
#ifndef KENSAKU_SEARCHER_SERVER_OPENAPI_H_
#define KENSAKU_SEARCHER_SERVER_OPENAPI_H_

#include <string_view>

namespace kensaku::server {

std::string_view openapi_json();

}  // namespace kensaku::server

#endif  // KENSAKU_SEARCHER_SERVER_OPENAPI_H_
