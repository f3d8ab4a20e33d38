// Reads request targets: the path and the query string, percent-decoded and checked to be UTF-8.
#ifndef KENSAKU_SEARCHER_SERVER_URL_H_
#define KENSAKU_SEARCHER_SERVER_URL_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kensaku::server {

// One name=value pair of a query string, decoded; in the order the client wrote them.
using QueryParam = std::pair<std::string, std::string>;

struct Target {
  std::string path;  // decoded
  std::vector<QueryParam> params;
};

// Splits `target` ("/api/search?q=a+b") into its decoded path and parameters. Throws UsageError
// for a target that is not an absolute path, a malformed %XX escape, a NUL or other control
// character, text that is not valid UTF-8 (overlong forms and surrogates included), and a path
// holding a "." or ".." segment or an empty one ("//").
Target parse_target(std::string_view target);

// `text` with %XX for every byte outside [A-Za-z0-9-._~] ("a b" -> "a%20b"), for building links.
std::string percent_encode(std::string_view text);

// True when `text` is valid UTF-8 with no overlong forms, surrogates or code points past U+10FFFF.
bool is_valid_utf8(std::string_view text);

}  // namespace kensaku::server

#endif  // KENSAKU_SEARCHER_SERVER_URL_H_
