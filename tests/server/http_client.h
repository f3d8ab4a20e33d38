// A minimal HTTP/1.1 client for the server tests: raw requests over one loopback connection, so
// tests can send exactly the bytes they mean (malformed ones included).
#ifndef KENSAKU_TESTS_SERVER_HTTP_CLIENT_H_
#define KENSAKU_TESTS_SERVER_HTTP_CLIENT_H_

#include <map>
#include <optional>
#include <string>

namespace kensaku::testing {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class HttpConnection {
 public:
  // Connects to 127.0.0.1:`port`. Throws std::runtime_error when it cannot.
  explicit HttpConnection(unsigned short port);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Writes `bytes` as they are; false when the connection is closed.
  bool send(const std::string& bytes);
  // Reads one reply (status line, headers, Content-Length body; none for `head`); nullopt when
  // the connection closes first or nothing comes within `timeout_ms`.
  std::optional<HttpReply> read_reply(bool head = false, int timeout_ms = 10000);
  // True when the server has closed the connection (read returns 0) within `timeout_ms`.
  bool closed_by_server(int timeout_ms);

 private:
  bool fill(int timeout_ms);
  int fd_ = -1;
  std::string buffered_;
};

// GET `target` on a fresh connection ("Connection: close"); status 0 when no reply came.
HttpReply http_get(unsigned short port, const std::string& target,
                   const std::string& method = "GET");

}  // namespace kensaku::testing

#endif  // KENSAKU_TESTS_SERVER_HTTP_CLIENT_H_
