// The one writer of an index: opens it under Xapian's write lock, puts and removes articles,
// commits.
#ifndef KENSAKU_INDEXER_INDEX_WRITER_H_
#define KENSAKU_INDEXER_INDEX_WRITER_H_

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/xapian_errors.h"
#include "common/index_layout.h"

namespace kensaku {

struct IndexWriterOptions {
  bool create = true;       // create the index when there is none
  bool dry_run = false;     // read the index without locking it; every change is dropped
  double wait_seconds = 0;  // how long to wait for another writer's lock before giving up
  const std::atomic<bool>* stop = nullptr;  // gives up waiting for the lock when set
};

class IndexWriter {
 public:
  // Opens the index at `location` (see IndexLayout), creating it when `create` is true and it
  // does not exist. Throws IndexLockedError when another writer holds it past the wait,
  // IndexNotFoundError when it does not exist and may not be created, IndexCorruptError when it
  // cannot be read. Under dry_run a missing index reads as empty.
  IndexWriter(const std::string& location, const IndexWriterOptions& options);
  IndexWriter(const std::string& location, bool create);

  // The document stored under `id_term`, if any.
  std::optional<Xapian::docid> find(const std::string& id_term) const;
  Xapian::Document document(Xapian::docid id) const;

  // Adds or replaces the article identified by `id_term`.
  void put(const std::string& id_term, const Xapian::Document& document);
  void replace(Xapian::docid id, const Xapian::Document& document);
  // Adds an article the caller knows is not in the index (put() looks its id term up first).
  void add(const Xapian::Document& document);

  // Removes the article identified by `id_term`, if present.
  void remove(const std::string& id_term);

  std::string metadata(const std::string& key) const;
  void set_metadata(const std::string& key, const std::string& value);

  // Makes everything put so far durable and visible to searchers, atomically.
  void commit();

  // Runs `read` on the database being written (reads see the changes not yet committed) inside
  // the Xapian guard: what it throws reaches the caller as a Kensaku error. The database is lent
  // for the call only; keep nothing of it (iterators included) past the call.
  template <typename Read>
  decltype(auto) read(Read&& read) const {
    return xapian_try(location_, [&]() -> decltype(auto) { return read(reader_); });
  }
  const std::string& location() const { return location_; }
  // The Xapian database written to (a generation directory inside `location`).
  const std::string& database_path() const { return database_path_; }
  bool dry_run() const { return !writable_.has_value(); }

  // Releases the write lock; every later call fails.
  void close();

 private:
  std::string location_;
  std::string database_path_;
  std::optional<Xapian::WritableDatabase> writable_;
  Xapian::Database reader_;
};

// What compact_index did.
struct CompactionSummary {
  std::string from, to;  // the databases before and after
  std::uint64_t bytes_before = 0, bytes_after = 0;
};

// Rewrites the index at `location` compactly into a new generation and switches the stub to it,
// holding the write lock throughout so no commit is lost; searchers keep answering from the old
// generation until they reopen. Waits for the lock as `options` says. A sharded index is
// compacted shard by shard with every shard locked, then its stub lists the new generations;
// the summary then names the index directory and sums the shards' bytes.
CompactionSummary compact_index(const std::string& location, const IndexWriterOptions& options);

// What check_index found.
struct CheckSummary {
  std::vector<std::string> databases;  // the current generation of the index (of each shard)
  std::size_t errors = 0;              // damage Xapian's check found in them
};

// Runs Xapian's consistency check (what xapian-check does) on the current generation of the
// index at `location`, of each shard when it is sharded, writing Xapian's report of what it
// checks and finds to `out`. Takes no lock: a commit during the check can show as an error, so
// a damaged result is worth one rerun. A generation Xapian cannot check at all counts as one
// error, its reason written to `out`. Throws IndexNotFoundError when there is no index, and
// IndexCorruptError (with a hint that does not send the user back to --check) when its stub
// names no database that is there.
CheckSummary check_index(const std::string& location, std::ostream& out);

}  // namespace kensaku

#endif  // KENSAKU_INDEXER_INDEX_WRITER_H_
