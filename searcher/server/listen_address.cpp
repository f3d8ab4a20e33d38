// --listen values.
#include "searcher/server/listen_address.h"

#include "kensaku/error.h"

namespace kensaku::server {

ListenAddress parse_listen(const std::string& text) {
  const char* hint = "use HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080 (port 0: any free port)";
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos) throw UsageError("--listen '" + text + "' has no port", hint);
  std::string host = text.substr(0, colon), port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    throw UsageError("--listen '" + text + "': put an IPv6 address in brackets", hint);
  }
  if (host.empty()) host = "127.0.0.1";
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) > 65535) {
    throw UsageError("--listen '" + text + "' has no valid port", hint);
  }
  return ListenAddress{host, static_cast<unsigned short>(std::stoul(port))};
}

}  // namespace kensaku::server
