// Local and remote databases behind one Xapian::Database.
#include "searcher/databases.h"

#include <cmath>
#include <cstdlib>

#include "common/xapian_errors.h"
#include "kensaku/error.h"

namespace kensaku {
namespace {

constexpr std::string_view kRemoteScheme = "tcp://";
constexpr double kDefaultRemoteTimeoutSeconds = 10;
// Xapian takes whole milliseconds and reads 0 as "wait for ever": a timeout must round to at
// least 1 ms, and a day is more than any search should wait (and fits the unsigned it takes).
constexpr double kMinRemoteTimeoutSeconds = 0.001;
constexpr double kMaxRemoteTimeoutSeconds = 86400;

struct RemoteAddress {
  std::string host;
  unsigned port = 0;
  double timeout_seconds = kDefaultRemoteTimeoutSeconds;
};

[[noreturn]] void bad_address(const std::string& location) {
  throw UsageError("'" + location + "' is not a remote database address",
                   "write tcp://HOST:PORT (optionally ?timeout=SECONDS, 0.001 to 86400), the "
                   "host and port xapian-tcpsrv listens on");
}

RemoteAddress parse_remote(const std::string& location) {
  std::string rest = location.substr(kRemoteScheme.size());
  RemoteAddress address;
  if (std::size_t query = rest.find('?'); query != std::string::npos) {
    std::string option = rest.substr(query + 1);
    rest.resize(query);
    if (!option.starts_with("timeout=")) bad_address(location);
    char* end = nullptr;
    address.timeout_seconds = std::strtod(option.c_str() + 8, &end);
    if (end == option.c_str() + 8 || *end != '\0' ||
        !(address.timeout_seconds >= kMinRemoteTimeoutSeconds &&
          address.timeout_seconds <= kMaxRemoteTimeoutSeconds)) {
      bad_address(location);
    }
  }
  std::size_t colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0) bad_address(location);
  address.host = rest.substr(0, colon);
  if (address.host.front() == '[' && address.host.back() == ']') {
    address.host = address.host.substr(1, address.host.size() - 2);
  }
  std::string port = rest.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
    bad_address(location);
  address.port = static_cast<unsigned>(std::stoul(port));
  if (address.port == 0 || address.port > 65535 || address.host.empty()) bad_address(location);
  return address;
}

Xapian::Database open_remote(const std::string& location) {
  RemoteAddress address = parse_remote(location);
  const auto timeout_ms = static_cast<unsigned>(std::lround(address.timeout_seconds * 1000));
  const std::string where = address.host + ":" + std::to_string(address.port);
  try {
    return Xapian::Remote::open(address.host, address.port, timeout_ms, timeout_ms);
  } catch (const Xapian::NetworkError& e) {
    throw FatalError("cannot reach the remote index at " + where + ": " + e.get_msg(),
                     "check that 'xapian-tcpsrv --port " + std::to_string(address.port) +
                         " DATABASE' is running on " + address.host +
                         " and that the port is reachable from here");
  } catch (const Xapian::Error& e) {
    rethrow_as_kensaku_error(e, location);
  }
}

}  // namespace

bool is_remote_location(const std::string& location) { return location.starts_with(kRemoteScheme); }

Xapian::Database open_location(const std::string& location) {
  if (is_remote_location(location)) return open_remote(location);
  try {
    return Xapian::Database(location);
  } catch (const Xapian::DatabaseModifiedError&) {
    throw;  // a commit raced the opening: the Searcher opens again (searcher.cpp)
  } catch (const Xapian::DatabaseCorruptError&) {
    throw;  // likewise (a block the writer reused), until the damage proves real
  } catch (const Xapian::Error& e) {
    rethrow_as_kensaku_error(e, location);
  }
}

Xapian::Database open_locations(const std::vector<std::string>& locations) {
  if (locations.empty()) throw UsageError("no index given", "name at least one database");
  if (locations.size() == 1) return open_location(locations.front());
  Xapian::Database combined;
  for (const std::string& location : locations) combined.add_database(open_location(location));
  return combined;
}

}  // namespace kensaku
