// The server's view of one HTTP exchange, free of Beast types: what the router reads and writes.
#ifndef KENSAKU_SEARCHER_SERVER_HTTP_MESSAGE_H_
#define KENSAKU_SEARCHER_SERVER_HTTP_MESSAGE_H_

#include <string>
#include <utility>
#include <vector>

namespace kensaku::server {

struct HttpRequest {
  std::string method;  // "GET", "HEAD", …
  std::string target;  // as sent: "/api/search?q=a"
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond the common ones
};

}  // namespace kensaku::server

#endif  // KENSAKU_SEARCHER_SERVER_HTTP_MESSAGE_H_
