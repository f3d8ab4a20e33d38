// Connections: Beast's request parser with size limits, a deadline on every read, one answer per
// request (HEAD without the body), keep-alive unless the client or a stop says otherwise.
#include "searcher/server/session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <optional>

#include "searcher/server/access_log.h"
#include "searcher/server/api.h"
#include "searcher/server/router.h"

namespace kensaku::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(asio::ip::tcp::socket socket, ServerContext& context)
      : stream_(std::move(socket)),
        context_(context),
        buffer_(context.options.max_header_bytes + 1024) {
    ++context_.connections;
  }
  ~Session() {
    --context_.connections;
    std::lock_guard<std::mutex> lock(context_.mutex);
    context_.sessions.erase(this);
  }

  void start(bool over_capacity) {
    {
      std::lock_guard<std::mutex> lock(context_.mutex);
      context_.sessions.emplace(this, weak_from_this());
    }
    if (over_capacity) {
      std::string method = "-";
      answer(method, "-",
             HttpResponse{503,
                          "application/json; charset=utf-8",
                          service_error_json_text("too many connections", "try again in a moment"),
                          {}},
             false, false);
      return;
    }
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

  // On the session's strand: a connection waiting for its next request is closed now.
  void close_if_idle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->close();
    });
  }

  // While waiting for a request: since when (steady clock ticks), for eviction; nullopt when busy.
  std::optional<std::chrono::steady_clock::rep> idle_since() const {
    if (busy_) return std::nullopt;
    return idle_since_.load();
  }

 private:
  static std::string service_error_json_text(const std::string& message, const std::string& hint) {
    return error_response(503, FatalError(message, hint)).body;
  }

  void read() {
    idle_since_ = std::chrono::steady_clock::now().time_since_epoch().count();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(context_.options.max_header_bytes));
    parser_->body_limit(0);
    stream_.expires_after(requests_ == 0 ? context_.options.header_timeout
                                         : context_.options.idle_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  // The status for a request Beast could not read, or 0 to close without an answer.
  int read_failure_status(beast::error_code ec) const {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
        ec == asio::error::eof || ec == asio::error::bad_descriptor) {
      return 0;
    }
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      // Beast keeps the request line once it has read it whole: without it, the line itself
      // (that is, the target) is what is too long.
      return parser_->get().target().empty() ? 414 : 431;
    }
    if (ec == http::error::body_limit || ec == http::error::unexpected_body) return 413;
    return 400;
  }

  void on_read(beast::error_code ec) {
    if (ec) {
      int status = read_failure_status(ec);
      if (status == 0 || context_.stopping) return close();
      const char* message = status == 414   ? "the request line is too long"
                            : status == 431 ? "the request headers are too large"
                            : status == 413 ? "a request may not have a body"
                                            : "the request could not be read as HTTP/1.1";
      HttpResponse out =
          error_response(status, UsageError(message, "see searcher/server/api.md, \"Limits\""));
      return answer("-", "-", std::move(out), false, false);
    }
    ++requests_;
    busy_ = true;
    started_ = std::chrono::steady_clock::now();
    const auto& request = parser_->get();
    std::string method(request.method_string()), target(request.target());
    bool keep_alive = request.keep_alive() && !context_.stopping;
    HttpResponse out;
    if (target.size() > context_.options.max_target_bytes) {
      out = error_response(414, UsageError("the request target is too long",
                                           "see searcher/server/api.md, \"Limits\""));
      keep_alive = false;
    } else {
      out = route(HttpRequest{method, target}, context_.pool);
    }
    answer(method, target, std::move(out), keep_alive, method == "HEAD");
  }

  void answer(const std::string& method, const std::string& target, HttpResponse out,
              bool keep_alive, bool head) {
    busy_ = true;
    auto response = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(out.status), 11);
    response->set(http::field::server, "kensaku-server");
    response->set(http::field::content_type, out.content_type);
    for (const auto& [name, value] : security_headers()) response->set(name, value);
    for (const auto& [name, value] : out.headers) response->set(name, value);
    std::size_t bytes = out.body.size();
    response->content_length(bytes);
    if (!head) response->body() = std::move(out.body);
    response->keep_alive(keep_alive);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_)
            .count();
    write_log_line(access_line(std::chrono::system_clock::now(), method,
                               logged_target(target, context_.options.log_queries), out.status,
                               bytes, ms));
    stream_.expires_after(context_.options.idle_timeout);
    http::async_write(
        stream_, *response,
        [self = shared_from_this(), response, keep_alive](beast::error_code ec, std::size_t) {
          self->busy_ = false;
          if (ec || !keep_alive || self->context_.stopping) return self->close();
          self->read();
        });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  ServerContext& context_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> parser_;
  std::size_t requests_ = 0;
  // Read by other strands choosing a connection to evict, hence atomic.
  std::atomic<bool> busy_{false};
  std::atomic<std::chrono::steady_clock::rep> idle_since_{0};
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

namespace {

// Closes the connection that has waited longest for a request, so that idle (or slowloris)
// connections cannot hold every slot. False when every connection has a request in flight.
// The open sessions, copied out of the registry: a session released inside the lock would lock
// it again in its destructor.
std::vector<std::shared_ptr<Session>> open_sessions(ServerContext& context) {
  std::vector<std::shared_ptr<Session>> open;
  std::lock_guard<std::mutex> lock(context.mutex);
  for (auto& [key, weak] : context.sessions) {
    if (auto session = weak.lock()) open.push_back(std::move(session));
  }
  return open;
}

bool evict_oldest_idle(ServerContext& context) {
  std::vector<std::shared_ptr<Session>> open = open_sessions(context);
  std::shared_ptr<Session> oldest;
  std::chrono::steady_clock::rep oldest_since = 0;
  for (const auto& session : open) {
    std::optional<std::chrono::steady_clock::rep> since = session->idle_since();
    if (since && (!oldest || *since < oldest_since)) {
      oldest = session;
      oldest_since = *since;
    }
  }
  if (oldest) oldest->close_if_idle();
  return oldest != nullptr;
}

}  // namespace

void start_session(asio::ip::tcp::socket socket, ServerContext& context) {
  bool over =
      context.connections.load() >= context.options.max_connections && !evict_oldest_idle(context);
  std::make_shared<Session>(std::move(socket), context)->start(over);
}

void close_idle_sessions(ServerContext& context) {
  for (auto& session : open_sessions(context)) session->close_if_idle();
}

}  // namespace kensaku::server
