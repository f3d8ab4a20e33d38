// One client connection: reads requests with Beast under the server's limits and timeouts,
// answers each through the router, keeps the connection alive between them.
#ifndef KENSAKU_SEARCHER_SERVER_SESSION_H_
#define KENSAKU_SEARCHER_SERVER_SESSION_H_

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "searcher/server/http_server.h"

namespace kensaku::server {

class Session;

// What every connection shares: options, searchers, and the open sessions (to stop them).
struct ServerContext {
  ServerContext(const ServerOptions& o, SearcherPool& p) : options(o), pool(p) {}
  const ServerOptions& options;
  SearcherPool& pool;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> connections{0};
  std::mutex mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
};

// Starts serving `socket`; over the connection cap, answers 503 and closes it.
void start_session(boost::asio::ip::tcp::socket socket, ServerContext& context);

// Closes every connection waiting for a request; the others close after their answer.
void close_idle_sessions(ServerContext& context);

}  // namespace kensaku::server

#endif  // KENSAKU_SEARCHER_SERVER_SESSION_H_
