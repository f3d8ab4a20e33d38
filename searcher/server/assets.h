// The page's stylesheet and script, compiled into the binary (no file is read to serve them).
#ifndef KENSAKU_SEARCHER_SERVER_ASSETS_H_
#define KENSAKU_SEARCHER_SERVER_ASSETS_H_

#include <optional>
#include <string_view>

namespace kensaku::server {

struct Asset {
  std::string_view content_type;
  std::string_view body;
};

// The asset served at `path` ("/assets/app.css", "/assets/app.js"), if there is one.
std::optional<Asset> find_asset(std::string_view path);

}  // namespace kensaku::server

#endif  // KENSAKU_SEARCHER_SERVER_ASSETS_H_
