// Local and remote databases behind one Xapian::Database.
#include "searcher/databases.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>

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
// A compaction may retire the generation a stub named between reading the stub and locking the
// generation: that means "read the stub again", a few times at most.
constexpr int kOpenRetries = 8;

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

ReaderDatabase open_remote(const std::string& location) {
  RemoteAddress address = parse_remote(location);
  const auto timeout_ms = static_cast<unsigned>(std::lround(address.timeout_seconds * 1000));
  const std::string where = address.host + ":" + std::to_string(address.port);
  try {
    ReaderDatabase db;
    db.add_database(Xapian::Remote::open(address.host, address.port, timeout_ms, timeout_ms));
    return db;
  } catch (const Xapian::NetworkError& e) {
    throw FatalError("cannot reach the remote index at " + where + ": " + e.get_msg(),
                     "check that 'xapian-tcpsrv --port " + std::to_string(address.port) +
                         " DATABASE' is running on " + address.host +
                         " and that the port is reachable from here");
  } catch (const Xapian::Error& e) {
    rethrow_as_kensaku_error(e, location);
  }
}

// Takes the shared reader lock of the database directory `path`; false when the directory is
// gone (or going: a writer removing it held the lock until it was unlinked).
bool lock_for_reading(ReaderDatabase& db, const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat info {};
  if (::flock(fd, LOCK_SH) != 0 || ::fstat(fd, &info) != 0 || info.st_nlink == 0) {
    ::close(fd);
    return false;
  }
  db.hold_lock(fd, path);
  return true;
}

// Adds the database `leaf` to `db`; false when it is a directory that vanished meanwhile.
bool add_leaf(ReaderDatabase& db, const DatabaseLeaf& leaf) {
  switch (leaf.kind) {
    case DatabaseLeaf::Kind::kLocal: {
      std::error_code ec;
      if (std::filesystem::is_directory(leaf.path, ec) && !lock_for_reading(db, leaf.path)) {
        return false;
      }
      // Opened as the backend itself, so Xapian follows no stub of its own.
      const int flags = leaf.backend == "glass" ? Xapian::DB_BACKEND_GLASS : 0;
      db.add_database(Xapian::Database(leaf.path, flags));
      return true;
    }
    case DatabaseLeaf::Kind::kTcp:
      db.add_database(Xapian::Remote::open(leaf.host, leaf.port));
      return true;
    case DatabaseLeaf::Kind::kProgram:
      db.add_database(Xapian::Remote::open(leaf.path, leaf.args));
      return true;
    case DatabaseLeaf::Kind::kInMemory:
      db.add_database(Xapian::Database(std::string(), Xapian::DB_BACKEND_INMEMORY));
      return true;
  }
  return false;
}

// Opens every database `location` names now; nullopt when one vanished meanwhile.
std::optional<ReaderDatabase> open_leaves(const std::string& location, const StubPolicy& policy) {
  const std::vector<DatabaseLeaf> leaves = resolve_location(location, policy);
  ReaderDatabase db;
  const bool complete = xapian_try(location, [&] {
    for (const DatabaseLeaf& leaf : leaves) {
      if (!add_leaf(db, leaf)) return false;
    }
    return true;
  });
  if (!complete) return std::nullopt;
  return db;
}

ReaderDatabase open_local(const std::string& location, const StubPolicy& policy) {
  for (int attempt = 1;; ++attempt) {
    try {
      if (std::optional<ReaderDatabase> db = open_leaves(location, policy)) return *db;
    } catch (const IndexCorruptError&) {
      // A compaction that switched the stub and removed the generation it named between two
      // reads looks like damage once; real damage is still there after every attempt.
      if (attempt >= kOpenRetries) throw;
    } catch (const IndexNotFoundError&) {
      if (attempt >= kOpenRetries) throw;
    }
    if (attempt >= kOpenRetries) break;
  }
  throw IndexChangedError(
      "the index at " + location + " kept switching generations while opening it", "try again");
}

}  // namespace

bool is_remote_location(const std::string& location) { return location.starts_with(kRemoteScheme); }

struct ReaderDatabase::Locks {
  Locks(int descriptor, std::string directory) : fd(descriptor), path(std::move(directory)) {}
  // Closing the descriptor releases its flock. The last reader of a generation that compaction
  // retired removes it then, so its space comes back at once rather than at the next writer's
  // run (a reader without write permission leaves it to the writer).
  ~Locks() {
    if (is_retired_generation(path) && ::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
    ::close(fd);
  }
  Locks(const Locks&) = delete;
  Locks& operator=(const Locks&) = delete;
  int fd;
  std::string path;
};

void ReaderDatabase::add(const ReaderDatabase& other) {
  add_database(other);
  locks_.insert(locks_.end(), other.locks_.begin(), other.locks_.end());
}

void ReaderDatabase::hold_lock(int fd, const std::string& directory) {
  locks_.push_back(std::make_shared<const Locks>(fd, directory));
}

ReaderDatabase open_location(const std::string& location, const StubPolicy& policy) {
  if (is_remote_location(location)) return open_remote(location);
  return open_local(location, policy);
}

ReaderDatabase open_locations(const std::vector<std::string>& locations, const StubPolicy& policy) {
  if (locations.empty()) throw UsageError("no index given", "name at least one database");
  if (locations.size() == 1) return open_location(locations.front(), policy);
  ReaderDatabase combined;
  for (const std::string& location : locations) {
    ReaderDatabase one = open_location(location, policy);
    xapian_try(location, [&] { combined.add(one); });
  }
  return combined;
}

}  // namespace kensaku
