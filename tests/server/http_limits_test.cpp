// The HTTP front: methods, size limits, traversal and bad encodings, keep-alive and HEAD, the
// security headers, malformed requests by the thousand and a slowloris client.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>

#include "tests/server/server_fixture.h"

namespace kensaku::testing {
namespace {

using nlohmann::json;

class HttpLimits : public ServerTest {};

void expect_error_object(const HttpReply& reply, const std::string& what) {
  json body = json::parse(reply.body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << what << ": " << reply.body;
  EXPECT_TRUE(body["error"]["message"].is_string()) << what;
  EXPECT_EQ(body["error"]["status"], 2) << what;
}

HttpReply raw(const std::string& request, bool head = false) {
  HttpConnection connection(ServerTest::port());
  connection.send(request);
  return connection.read_reply(head).value_or(HttpReply{});
}

TEST_F(HttpLimits, EveryMethodButGetAndHeadIs405WithAllow) {
  for (const char* method :
       {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "BREW"}) {
    HttpReply reply = raw(std::string(method) + " /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(reply.status, 405) << method;
    EXPECT_EQ(reply.header("allow"), "GET, HEAD") << method;
    expect_error_object(reply, method);
  }
}

TEST_F(HttpLimits, LongTargetsAre414BigHeadersAre431AndBodiesAre413) {
  for (std::size_t size : {8193u, 12000u, 20000u, 100000u}) {
    HttpReply reply =
        raw("GET /api/search?q=" + std::string(size, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(reply.status, 414) << size;
  }
  for (std::size_t size : {17000u, 40000u}) {
    HttpReply reply =
        raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(size, 'b') + "\r\n\r\n");
    EXPECT_EQ(reply.status, 431) << size;
  }
  std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 2000; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(raw(many + "\r\n").status, 431);
  EXPECT_EQ(raw("GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello").status,
            413);
  EXPECT_EQ(raw("GET /api/health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                "chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                .status,
            413);
}

TEST_F(HttpLimits, TraversalNulAndOverlongUtf8InPathsGive400Or404AndNeverAFile) {
  const std::vector<std::string> targets = {
      "/../../etc/passwd",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/assets/../../etc/passwd",
      "/assets/%2e%2e/app.css",
      "/articles/..%2f..%2fetc%2fpasswd",
      "/api/articles/../../etc/passwd",
      "/api/articles/%2e%2e%2fetc%2fpasswd",
      "/etc/passwd",
      "/%00",
      "/api/articles/a%00b",
      "/articles/%C0%AE%C0%AE/etc",
      "/%C0%AF",
      "/assets/app.css%00.txt",
      "//etc/passwd",
      "/assets//app.css",
      "/.",
      "/api/articles/%E0%80%AF",
      "/articles/x%5c..%5c..%5cetc",
      "/assets/.%2e/x",
      "/api/health%00",
      "etc/passwd",
      "*",
      "/api/articles/",
      "/articles/",
  };
  for (const std::string& target : targets) {
    HttpReply reply = raw("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_TRUE(reply.status == 400 || reply.status == 404) << target << " gave " << reply.status;
    EXPECT_EQ(reply.body.find("root:"), std::string::npos) << target;
  }
}

TEST_F(HttpLimits, EveryAnswerCarriesTheSecurityHeaders) {
  for (const char* target : {"/", "/?q=missile", "/api/health", "/api/search?q=x&bad=1", "/nope",
                             "/assets/app.js", "/assets/app.css", "/articles/none"}) {
    HttpReply reply = get(target);
    std::string csp = reply.header("content-security-policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << target;
    EXPECT_NE(csp.find("style-src 'self'"), std::string::npos) << target;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << target;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << target;
    EXPECT_EQ(reply.header("x-content-type-options"), "nosniff") << target;
    EXPECT_EQ(reply.header("referrer-policy"), "no-referrer") << target;
    EXPECT_EQ(reply.header("x-frame-options"), "DENY") << target;
  }
}

TEST_F(HttpLimits, KeepAliveAnswersSeveralRequestsOnOneConnectionAndHeadHasNoBody) {
  HttpConnection connection(port());
  for (int i = 0; i < 5; ++i) {
    connection.send("GET /api/search?q=missile HTTP/1.1\r\nHost: x\r\n\r\n");
    std::optional<HttpReply> reply = connection.read_reply();
    ASSERT_TRUE(reply) << i;
    EXPECT_EQ(reply->status, 200);
  }
  HttpReply full = get("/?q=missile");
  connection.send("HEAD /?q=missile HTTP/1.1\r\nHost: x\r\n\r\n");
  std::optional<HttpReply> head = connection.read_reply(true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("content-length"), std::to_string(full.body.size()));
  connection.send("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
  std::optional<HttpReply> after = connection.read_reply();
  ASSERT_TRUE(after) << "HEAD left no body bytes on the connection";
  EXPECT_EQ(json::parse(after->body)["status"], "ok");
}

// Requests that are not HTTP, or not well-formed HTTP/1.1, generated from a fixed seed.
std::string malformed_request(std::mt19937& random, int i) {
  static const std::vector<std::string> shapes = {
      "GARBAGE\r\n\r\n",
      "GET\r\n\r\n",
      "GET / HTTP/9.9\r\n\r\n",
      "GET / HTTP/1.1\r\nHost x\r\n\r\n",
      "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
      "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
      "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
      "GET / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
      "GET / HTTP/1.1\n\n",
      "GET /\x01 HTTP/1.1\r\n\r\n",
      " GET / HTTP/1.1\r\n\r\n",
      "\r\n\r\n\r\n",
      "GET /api/search?q=%C0%80 HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\n: empty\r\n\r\n"};
  if (i % 3 != 0) return shapes[random() % shapes.size()];
  std::string bytes(1 + random() % 300, '\0');
  for (char& c : bytes) c = static_cast<char>(random() % 256);
  return (i % 2 ? "GET /" : "") + bytes + "\r\n\r\n";
}

TEST_F(HttpLimits, TenThousandMalformedRequestsLeaveHealthAnswering) {
  std::mt19937 random(16);
  int answered = 0;
  for (int i = 0; i < 10000; ++i) {
    HttpConnection connection(port());
    connection.send(malformed_request(random, i));
    if (i % 50 == 0) {
      std::optional<HttpReply> reply = connection.read_reply(false, 5000);
      if (reply) {
        ++answered;
        EXPECT_TRUE(reply->status == 400 || reply->status == 404 || reply->status == 413 ||
                    reply->status == 405 || reply->status == 414 || reply->status == 431)
            << "request " << i << " gave " << reply->status;
      }
    }
  }
  EXPECT_GT(answered, 0);
  HttpReply health = get("/api/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(json::parse(health.body)["status"], "ok");
}

TEST_F(HttpLimits, AThousandSlowlorisConnectionsDoNotStopANormalClient) {
  std::vector<std::unique_ptr<HttpConnection>> idle;
  for (int i = 0; i < 1000; ++i) {
    idle.push_back(std::make_unique<HttpConnection>(port()));
    idle.back()->send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");  // and never the rest
  }
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    HttpReply reply = get("/api/search?q=missile");
    EXPECT_EQ(reply.status, 200) << i;
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_LT(seconds, 5.0) << "20 searches took " << seconds << " s beside 1,000 idle connections";
}

}  // namespace
}  // namespace kensaku::testing
