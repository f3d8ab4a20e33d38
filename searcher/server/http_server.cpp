// The listener and the thread pool: accepts connections onto strands, stops on a signal.
#include "searcher/server/http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

#include "kensaku/error.h"
#include "searcher/server/access_log.h"
#include "searcher/server/session.h"

namespace kensaku::server {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

void accept_next(tcp::acceptor& acceptor, asio::io_context& io, ServerContext& context) {
  acceptor.async_accept(asio::make_strand(io),
                        [&](boost::system::error_code ec, tcp::socket socket) {
                          if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
                          if (!ec) start_session(std::move(socket), context);
                          // Out of file descriptors (EMFILE) and the like: the next accept may
                          // succeed.
                          accept_next(acceptor, io, context);
                        });
}

tcp::acceptor open_acceptor(asio::io_context& io, const ServerOptions& options) {
  boost::system::error_code ec;
  asio::ip::address address = asio::ip::make_address(options.host, ec);
  if (ec) {
    throw UsageError("--listen host '" + options.host + "' is not an IP address",
                     "use 127.0.0.1:8080, [::1]:8080 or 0.0.0.0:8080");
  }
  tcp::endpoint endpoint(address, options.port);
  tcp::acceptor acceptor(io);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw FatalError("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                         ": " + ec.message(),
                     "choose another --listen address or port");
  }
  return acceptor;
}

// After a stop: polls until every connection has closed, then stops the pool; past `until`, gives
// up on requests still running.
void drain(asio::steady_timer& timer, std::chrono::steady_clock::time_point until,
           ServerContext& context, asio::io_context& io) {
  if (context.connections.load() == 0) return io.stop();
  if (std::chrono::steady_clock::now() >= until) {
    write_log_line("kensaku-server: requests still in flight after the drain timeout; exiting");
    std::fflush(stderr);
    std::_Exit(0);
  }
  timer.expires_after(std::chrono::milliseconds(50));
  timer.async_wait([&timer, until, &context, &io](boost::system::error_code ec) {
    if (!ec) drain(timer, until, context, io);
  });
}

// On SIGTERM/SIGINT: stop accepting, close idle connections, and give the others drain_timeout.
void stop_on_signal(asio::signal_set& signals, tcp::acceptor& acceptor, asio::steady_timer& timer,
                    ServerContext& context, asio::io_context& io) {
  signals.async_wait([&](boost::system::error_code ec, int signal) {
    if (ec) return;
    write_log_line("kensaku-server: " + std::string(signal == SIGINT ? "SIGINT" : "SIGTERM") +
                   ": stopping (finishing requests in flight)");
    context.stopping = true;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    close_idle_sessions(context);
    drain(timer, std::chrono::steady_clock::now() + context.options.drain_timeout, context, io);
  });
}

}  // namespace

void serve_http(const ServerOptions& options, SearcherPool& pool) {
  asio::io_context io(static_cast<int>(options.threads));
  tcp::acceptor acceptor = open_acceptor(io, options);
  ServerContext context(options, pool);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::steady_timer deadline(io);
  stop_on_signal(signals, acceptor, deadline, context, io);
  accept_next(acceptor, io, context);

  tcp::endpoint bound = acceptor.local_endpoint();
  std::string host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                             : bound.address().to_string();
  std::printf("kensaku-server: listening on http://%s:%u/\n", host.c_str(),
              static_cast<unsigned>(bound.port()));
  std::fflush(stdout);

  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < options.threads; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (std::thread& thread : threads) thread.join();
}

}  // namespace kensaku::server
