// A sharded index run: one single-database indexer per shard, each on its own thread.
//
// Every shard's indexer walks all the paths (a walk costs one stat(2) per file) and keeps only
// the articles whose id hashes to it; a feed is read by every shard, each keeping its own
// records. This keeps one code path for changes, removals and feeds, sharded or not, and lets
// the shards parse, build and write in parallel without a queue between them.
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

#include "common/index_layout.h"
#include "indexer/indexer.h"
#include "indexer/root_registry.h"

namespace kensaku {
namespace {

// What the shards' observers share: the caller's observer, called one at a time, and each
// shard's latest progress, summed into one line.
struct SharedObserver {
  std::mutex mutex;
  IndexObserver* out;
  std::vector<IndexProgress> progress;
};

class ShardObserver : public IndexObserver {
 public:
  ShardObserver(std::shared_ptr<SharedObserver> shared, std::size_t shard)
      : shared_(std::move(shared)), shard_(shard) {}

  void on_failure(const InputError& error) override {
    std::lock_guard lock(shared_->mutex);
    shared_->out->on_failure(error);
  }

  void on_warning(const InputError& warning) override {
    std::lock_guard lock(shared_->mutex);
    shared_->out->on_warning(warning);
  }

  // Every shard registers the same roots, so shard 0 alone says what it learnt.
  void on_notice(const std::string& message) override {
    if (shard_ != 0) return;
    std::lock_guard lock(shared_->mutex);
    shared_->out->on_notice(message);
  }

  void on_article(const std::string& id, IndexAction action) override {
    std::lock_guard lock(shared_->mutex);
    shared_->out->on_article(id, action);
  }

  void on_progress(const IndexProgress& progress) override {
    std::lock_guard lock(shared_->mutex);
    shared_->progress[shard_] = progress;
    IndexProgress total;
    for (const IndexProgress& p : shared_->progress) {
      total.scanned += p.scanned;
      total.indexed += p.indexed;
      total.expected += p.expected;
      total.seconds = std::max(total.seconds, p.seconds);
    }
    shared_->out->on_progress(total);
  }

 private:
  std::shared_ptr<SharedObserver> shared_;
  std::size_t shard_;
};

}  // namespace

bool Indexer::open_shards(const IndexOptions& options, IndexObserver* observer) {
  IndexLayout layout(options.database);
  const unsigned existing = layout.shard_count();
  if (existing == 0 && options.shards == 0) return false;
  if (options.shards == 1 || options.shards > kMaxShards) {
    throw UsageError("--shards takes a number from 2 to " + std::to_string(kMaxShards),
                     "leave --shards out for an index that is not sharded");
  }
  if (existing == 0 && layout.exists()) {
    throw UsageError("the index at " + options.database + " is not sharded",
                     "leave --shards out to update it as it is, or index into a new directory "
                     "with --shards " +
                         std::to_string(options.shards));
  }
  if (options.shards != 0 && options.shards != existing && existing != 0) {
    throw UsageError("the index at " + options.database + " has " + std::to_string(existing) +
                         " shards, not " + std::to_string(options.shards),
                     "leave --shards out to update it as it is; to re-shard, index into a new "
                     "directory with --shards " +
                         std::to_string(options.shards));
  }
  const unsigned count = existing != 0 ? existing : options.shards;
  if (!options.dry_run) layout.create_shards(count);

  std::shared_ptr<SharedObserver> shared;
  if (observer) {
    shared = std::make_shared<SharedObserver>();
    shared->out = observer;
    shared->progress.resize(count);
  }
  // In shard order, as every writer (and compaction) locks them: two runs never deadlock, and a
  // second run stops at the first shard with IndexLockedError, releasing what it held.
  for (unsigned i = 0; i < count; ++i) {
    IndexObserver* shard_observer = nullptr;
    if (shared) {
      shard_observers_.push_back(std::make_unique<ShardObserver>(shared, i));
      shard_observer = shard_observers_.back().get();
    }
    shards_.push_back(
        std::unique_ptr<Indexer>(new Indexer(options, shard_observer, ShardSlot{i, count})));
  }
  if (!options.dry_run) layout.write_shard_stub(count);
  return true;
}

IndexSummary Indexer::run_shards(const std::vector<std::string>& paths) {
  const auto started = std::chrono::steady_clock::now();
  // Every shard holds the same registry, so every shard gives a root the same id.
  RootRegistry roots;
  for (const auto& shard : shards_) shard->read_roots(roots);
  const std::vector<std::string> root_ids = assign_roots(roots, paths, observer_);
  for (const auto& shard : shards_) shard->write_roots(roots);
  std::vector<IndexSummary> summaries(shards_.size());
  std::vector<std::exception_ptr> errors(shards_.size());
  {
    std::vector<std::jthread> threads;
    threads.reserve(shards_.size());
    for (std::size_t i = 0; i < shards_.size(); ++i) {
      threads.emplace_back([&, i] {
        try {
          summaries[i] = shards_[i]->run_roots(paths, root_ids);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      });
    }
  }
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  IndexSummary total;
  for (const IndexSummary& s : summaries) {
    total.scanned += s.scanned;
    total.added += s.added;
    total.updated += s.updated;
    total.removed += s.removed;
    total.unchanged += s.unchanged;
    total.failed += s.failed;
    total.stopped = total.stopped || s.stopped;
  }
  total.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return total;
}

}  // namespace kensaku
