// The HTTP/1.1 front: Boost.Beast over Asio, a fixed pool of threads, keep-alive, limits and
// timeouts on every connection, and a graceful stop on SIGTERM/SIGINT.
#ifndef KENSAKU_SEARCHER_SERVER_HTTP_SERVER_H_
#define KENSAKU_SEARCHER_SERVER_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <string>

#include "searcher/server/searcher_pool.h"

namespace kensaku::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port (the startup line names it)
  std::size_t threads = 2;
  std::size_t max_connections = 4096;       // more are answered 503 and closed
  std::size_t max_target_bytes = 8192;      // a longer request target: 414
  std::size_t max_header_bytes = 16384;     // request line and headers together: 431
  std::chrono::seconds header_timeout{10};  // to receive a request's headers: then closed
  std::chrono::seconds idle_timeout{30};    // between requests of a keep-alive connection
  std::chrono::seconds drain_timeout{10};   // for requests in flight when asked to stop
  bool log_queries = true;                  // false: query values left out of the log
};

// Serves `pool` until SIGTERM or SIGINT, then stops accepting, lets requests in flight finish
// (at most drain_timeout) and returns. Prints "kensaku-server: listening on http://HOST:PORT/"
// on stdout once it accepts connections. Throws FatalError when it cannot listen.
void serve_http(const ServerOptions& options, SearcherPool& pool);

}  // namespace kensaku::server

#endif  // KENSAKU_SEARCHER_SERVER_HTTP_SERVER_H_
