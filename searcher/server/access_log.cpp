// Formats and writes the request log.
#include "searcher/server/access_log.h"

#include <cstdio>
#include <ctime>
#include <mutex>

namespace kensaku::server {
namespace {

constexpr std::size_t kMaxLoggedTarget = 512;

void append_safe(std::string& out, char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u == 0x7f || c == '"') {
    static constexpr char kHex[] = "0123456789ABCDEF";
    out += '%';
    out += kHex[u >> 4];
    out += kHex[u & 0xf];
  } else {
    out += c;
  }
}

}  // namespace

std::string logged_target(std::string_view target, bool with_query_values) {
  std::string out;
  bool in_value = false, in_query = false;
  for (char c : target) {
    if (out.size() >= kMaxLoggedTarget) {
      out += "...";
      break;
    }
    if (c == '?' && !in_query) {
      in_query = true;
    } else if (in_query && c == '&') {
      in_value = false;
    } else if (in_query && c == '=' && !in_value) {
      in_value = true;
      out += c;
      continue;
    }
    if (in_value && !with_query_values) continue;
    append_safe(out, c);
  }
  return out;
}

std::string access_line(std::chrono::system_clock::time_point when, std::string_view method,
                        std::string_view target, int status, std::size_t bytes, double ms) {
  std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::string safe_method;
  for (char c : method.substr(0, 20)) append_safe(safe_method, c);
  char tail[64];
  std::snprintf(tail, sizeof tail, " %d %zu %.1fms", status, bytes, ms);
  return std::string(stamp) + " " + (safe_method.empty() ? "-" : safe_method) + " " +
         std::string(target) + tail;
}

void write_log_line(const std::string& line) {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fputc('\n', stderr);
}

}  // namespace kensaku::server
