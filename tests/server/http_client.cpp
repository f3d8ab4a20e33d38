// The test client: blocking sockets with poll() timeouts.
#include "tests/server/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace kensaku::testing {

HttpConnection::HttpConnection(unsigned short port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    if (fd_ >= 0) ::close(fd_);
    throw std::runtime_error("cannot connect to port " + std::to_string(port));
  }
}

HttpConnection::~HttpConnection() { ::close(fd_); }

bool HttpConnection::send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

bool HttpConnection::fill(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return false;
  char chunk[65536];
  ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffered_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::optional<HttpReply> HttpConnection::read_reply(bool head, int timeout_ms) {
  std::size_t end;
  while ((end = buffered_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill(timeout_ms)) return std::nullopt;
  }
  HttpReply reply;
  std::string header = buffered_.substr(0, end);
  buffered_.erase(0, end + 4);
  std::size_t line_end = header.find("\r\n");
  std::string status_line = header.substr(0, line_end);
  if (status_line.size() < 12) return std::nullopt;
  reply.status = std::stoi(status_line.substr(9, 3));
  std::size_t pos = line_end == std::string::npos ? header.size() : line_end + 2;
  while (pos < header.size()) {
    std::size_t next = header.find("\r\n", pos);
    if (next == std::string::npos) next = header.size();
    std::string line = header.substr(pos, next - pos);
    std::size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    std::size_t value = line.find_first_not_of(' ', colon + 1);
    reply.headers[name] = value == std::string::npos ? "" : line.substr(value);
    pos = next + 2;
  }
  std::size_t length =
      head ? 0
           : std::stoul(reply.header("content-length").empty() ? "0"
                                                               : reply.header("content-length"));
  while (buffered_.size() < length) {
    if (!fill(timeout_ms)) return std::nullopt;
  }
  reply.body = buffered_.substr(0, length);
  buffered_.erase(0, length);
  return reply;
}

bool HttpConnection::closed_by_server(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return false;
  char c;
  return ::recv(fd_, &c, 1, MSG_PEEK) == 0;
}

HttpReply http_get(unsigned short port, const std::string& target, const std::string& method) {
  HttpConnection connection(port);
  connection.send(method + " " + target +
                  " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  return connection.read_reply(method == "HEAD").value_or(HttpReply{});
}

}  // namespace kensaku::testing
