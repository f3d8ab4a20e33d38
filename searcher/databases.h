// Opening what a Searcher reads: local index directories and stub files, and remote databases
// served by xapian-tcpsrv (tcp://HOST:PORT), combined into one Xapian database.
#ifndef KENSAKU_SEARCHER_DATABASES_H_
#define KENSAKU_SEARCHER_DATABASES_H_

#include <xapian.h>

#include <string>
#include <vector>

namespace kensaku {

// True when `location` names a remote database ("tcp://...").
bool is_remote_location(const std::string& location);

// Opens one location: a Kensaku index directory (plain, with generations or sharded), a Xapian
// database or stub file, or tcp://HOST:PORT[?timeout=SECONDS] (IPv6 hosts in brackets; the
// timeout, 10 s by default, bounds connecting and each exchange). Throws IndexNotFoundError or
// IndexCorruptError for a local location, UsageError for a malformed tcp:// address, and
// FatalError naming HOST:PORT, with a hint, when a remote one cannot be reached. A writer's
// commit racing the opening is Xapian::DatabaseModifiedError or DatabaseCorruptError (a block the
// writer reused), left to the caller to open again and to report once the damage proves real.
Xapian::Database open_location(const std::string& location);

// All of `locations` as one database: Xapian merges their statistics, so scores are those of one
// database holding every article. Throws as open_location, and UsageError when `locations` is
// empty.
Xapian::Database open_locations(const std::vector<std::string>& locations);

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_DATABASES_H_
