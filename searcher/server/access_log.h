// The request log: one line per request on stderr, in one format.
#ifndef KENSAKU_SEARCHER_SERVER_ACCESS_LOG_H_
#define KENSAKU_SEARCHER_SERVER_ACCESS_LOG_H_

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace kensaku::server {

// `target` for the log: as sent, or with every query value dropped ("/?q=&sort=") when
// `with_query_values` is false; control characters and spaces shown as %XX, and cut at 512 bytes.
std::string logged_target(std::string_view target, bool with_query_values);

// "2026-12-03T19:40:01Z GET /api/search?q=x 200 1234 1.2ms"
std::string access_line(std::chrono::system_clock::time_point when, std::string_view method,
                        std::string_view target, int status, std::size_t bytes, double ms);

// Writes `line` and a newline to stderr, whole, whichever thread calls.
void write_log_line(const std::string& line);

}  // namespace kensaku::server

#endif  // KENSAKU_SEARCHER_SERVER_ACCESS_LOG_H_
