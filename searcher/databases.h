// Opening what a Searcher reads: local index directories and stub files, and remote databases
// served by xapian-tcpsrv (tcp://HOST:PORT), combined into one Xapian database.
#ifndef KENSAKU_SEARCHER_DATABASES_H_
#define KENSAKU_SEARCHER_DATABASES_H_

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

#include "common/database_paths.h"

namespace kensaku {

// True when `location` names a remote database ("tcp://...").
bool is_remote_location(const std::string& location);

// A database opened for reading, holding a shared flock(2) on each local database directory it
// reads (a generation DIR/gen-NNNN) for as long as any copy of it lives. A writer removes a
// retired generation only when it can take that lock exclusively (see IndexLayout::
// remove_retired), so a Kensaku reader never loses the generation it reads; the last reader of a
// retired generation removes it itself as it lets go. Keep the
// ReaderDatabase (not a Xapian::Database sliced from it) for as long as the database is used.
class ReaderDatabase : public Xapian::Database {
 public:
  ReaderDatabase() = default;
  // Adds `other`'s databases and its locks.
  void add(const ReaderDatabase& other);
  // Holds `fd`'s lock on `directory` (and closes it) until the last copy of this database dies;
  // the last holder of a retired generation removes it then (is_retired_generation).
  void hold_lock(int fd, const std::string& directory);

 private:
  struct Locks;
  std::vector<std::shared_ptr<const Locks>> locks_;
};

// Opens one location: a Kensaku index directory (plain, with generations or sharded), a Xapian
// database or stub file, or tcp://HOST:PORT[?timeout=SECONDS] (IPv6 hosts in brackets; the
// timeout, 10 s by default, bounds connecting and each exchange). Stub files are followed by
// Kensaku (resolve_location), so a "remote :PROGRAM" line is refused unless `policy` allows it.
// Throws IndexNotFoundError or IndexCorruptError for a local location, UsageError for a malformed
// tcp:// address or a refused program, FatalError naming HOST:PORT, with a hint, when a remote
// one cannot be reached, and IndexChangedError when a writer's commits or compactions kept
// overtaking the opening (the Searcher opens again until its time limit).
ReaderDatabase open_location(const std::string& location, const StubPolicy& policy = {});

// All of `locations` as one database: Xapian merges their statistics, so scores are those of one
// database holding every article. Throws as open_location, and UsageError when `locations` is
// empty.
ReaderDatabase open_locations(const std::vector<std::string>& locations,
                              const StubPolicy& policy = {});

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_DATABASES_H_
