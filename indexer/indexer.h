// The indexing run: sources -> change check -> parser -> document builder -> writer, with a
// summary.
#ifndef KENSAKU_INDEXER_INDEXER_H_
#define KENSAKU_INDEXER_INDEXER_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kensaku/error.h"

namespace kensaku {

class RootRegistry;

struct IndexOptions {
  std::string database;                     // index directory; created when missing
  std::uint64_t max_file_size = 32u << 20;  // larger files are reported and skipped
  std::size_t batch_articles = 2000;        // commit after this many changed articles ...
  std::uint64_t batch_bytes = 64u << 20;    // ... or this many bytes of input, whichever first
  bool keep_missing = false;  // keep the articles of files that vanished from the walked paths
  bool dry_run = false;       // decide everything, change nothing (the index is not even locked)
  double wait_seconds = 0;    // wait this long for another writer's lock instead of failing
  // Set (e.g. by a signal handler) to stop between articles: the batch so far is committed and
  // run() returns with `stopped`. Nothing is removed after a stop, since the walk was incomplete.
  const std::atomic<bool>* stop = nullptr;
  std::chrono::milliseconds progress_interval{250};  // how often IndexObserver::on_progress runs
  // Split the articles over this many shard databases (2 to kMaxShards; see IndexLayout), indexed
  // in parallel, one writer thread each. 0: as the index is (a new index is not sharded); an
  // existing sharded index is always updated as sharded. Asking for shards of an existing index
  // that has none, or another number of them, is a UsageError: re-sharding means indexing into
  // a new directory.
  unsigned shards = 0;
};

// What one run did. Articles are counted once each: a feed counts its records.
struct IndexSummary {
  std::size_t scanned = 0;
  std::size_t added = 0;
  std::size_t updated = 0;
  std::size_t removed = 0;
  std::size_t unchanged = 0;
  std::size_t failed = 0;
  double seconds = 0;
  bool stopped = false;  // the stop flag was set: the run ended early, its work so far committed
};

// Where a run is, for a progress line.
struct IndexProgress {
  std::size_t scanned = 0;   // articles looked at so far
  std::size_t indexed = 0;   // of which added or updated
  std::size_t expected = 0;  // articles the index held when the run began (0: unknown)
  double seconds = 0;        // since the run began
};

// What happened to one input, for --verbose.
enum class IndexAction { kAdded, kUpdated, kUnchanged, kRemoved };

// Hears about each input as the run goes. The library never prints; the binary decides how.
class IndexObserver {
 public:
  virtual ~IndexObserver() = default;
  virtual void on_failure(const InputError& /*error*/) {}
  // A problem the input was indexed past (an unreadable date): not a failure, no exit status.
  virtual void on_warning(const InputError& /*warning*/) {}
  virtual void on_article(const std::string& /*id*/, IndexAction /*action*/) {}
  virtual void on_progress(const IndexProgress& /*progress*/) {}
  // Something the user should know that is not a failure (a root indexed under another id
  // because its name was taken).
  virtual void on_notice(const std::string& /*message*/) {}
};

class Indexer {
 public:
  // Opens (or creates) the index, waiting options.wait_seconds for the lock. Throws
  // IndexLockedError when another writer holds it and IndexCorruptError when it cannot be read.
  // A sharded index locks every shard, in shard order, before it returns; the observer is then
  // called from the shards' threads one call at a time.
  Indexer(IndexOptions options, IndexObserver* observer);
  ~Indexer();
  Indexer(const Indexer&) = delete;
  Indexer& operator=(const Indexer&) = delete;

  // Indexes every article under `paths` (files or directories), committing in batches, then
  // removes the articles of files that are no longer under them (unless keep_missing). Inputs
  // that fail are reported to the observer and counted; they never stop the run, and what was
  // indexed from a path that cannot be read now is kept.
  IndexSummary run(const std::vector<std::string>& paths);

 private:
  // Which shard of how many this indexer writes; count 0 for an index that is not sharded.
  struct ShardSlot {
    unsigned index = 0;
    unsigned count = 0;
  };
  Indexer(IndexOptions options, IndexObserver* observer, ShardSlot slot);
  // Sets up shards_ when the index is (or is to be) sharded; false when it is not.
  bool open_shards(const IndexOptions& options, IndexObserver* observer);
  IndexSummary run_shards(const std::vector<std::string>& paths);
  // The run over `paths`, whose roots have the ids `root_ids` (one each).
  IndexSummary run_roots(const std::vector<std::string>& paths,
                         const std::vector<std::string>& root_ids);
  // Adds this database's roots to `roots` (deriving them first in an index written before roots
  // were registered); stores `roots` as this database's registry.
  void read_roots(RootRegistry& roots);
  void write_roots(const RootRegistry& roots);
  // The id of each root in `paths`, registering new ones in `roots`; tells `observer` when a
  // root's name was taken by another root.
  static std::vector<std::string> assign_roots(RootRegistry& roots,
                                               const std::vector<std::string>& paths,
                                               IndexObserver* observer);

  struct Impl;
  std::unique_ptr<Impl> impl_;  // null for a sharded index
  std::vector<std::unique_ptr<IndexObserver>> shard_observers_;
  std::vector<std::unique_ptr<Indexer>> shards_;  // one single-database indexer per shard
  IndexObserver* observer_ = nullptr;             // the caller's, for what the shards share
};

// "scanned 5 · added 5 · updated 0 · removed 0 · unchanged 0 · failed 0 · 0.1 s"
std::string format_summary(const IndexSummary& summary);

}  // namespace kensaku

#endif  // KENSAKU_INDEXER_INDEXER_H_
