// Xapian WritableDatabase behind Kensaku's errors, opened through the index layout.
#include "indexer/index_writer.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <exception>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/xapian_errors.h"

namespace kensaku {
namespace {

// Xapian 1.4 can end the process through std::terminate from inside commit() when the disk fills
// at some moments (an error thrown where it cannot be caught), so no exception reaches the guard.
// A glass commit switches revisions last, so the previous commit is intact: the handler says so
// and exits 2, as the guard would have. Per thread, since shards commit in parallel.
thread_local const std::string* committing = nullptr;
std::terminate_handler default_terminate = nullptr;

bool device_full(const std::string& location) {
  struct statvfs fs {};
  if (::statvfs(location.c_str(), &fs) != 0) return false;
  return static_cast<unsigned long long>(fs.f_bavail) * fs.f_frsize < (1ULL << 20);
}

[[noreturn]] void terminate_during_commit() {
  if (committing) {
    const std::string& location = *committing;
    const std::string message =
        device_full(location)
            ? "kensaku-index: no space left on the device holding " + location +
                  ": No space left on device (Xapian stopped while committing)\n  hint: free some "
                  "space there (df -h " +
                  location + "), then run the same command again: the last commit is intact\n"
            : "kensaku-index: Xapian stopped while committing to " + location +
                  "\n  hint: run the same command again: the last commit is intact; kensaku-index "
                  "--db " +
                  location + " --check checks the index\n";
    [[maybe_unused]] auto written = ::write(STDERR_FILENO, message.data(), message.size());
    ::_exit(2);
  }
  default_terminate ? default_terminate() : std::abort();
  std::abort();
}

// Marks the calling thread as committing to `location` while it lives.
class CommitScope {
 public:
  explicit CommitScope(const std::string& location) {
    static std::once_flag installed;
    std::call_once(installed,
                   [] { default_terminate = std::set_terminate(terminate_during_commit); });
    committing = &location;
  }
  ~CommitScope() { committing = nullptr; }
  CommitScope(const CommitScope&) = delete;
  CommitScope& operator=(const CommitScope&) = delete;
};

using Clock = std::chrono::steady_clock;

constexpr auto kLockPollInterval = std::chrono::milliseconds(100);

// A compaction may switch the stub while this writer waits for the lock, or remove the
// generation it read: both mean "look again", a few times at most.
constexpr int kSwitchRetries = 8;

struct LockedDatabase {
  std::string path;
  Xapian::WritableDatabase db;
};

Xapian::WritableDatabase open_generation(const std::string& path, int flags,
                                         const std::string& location) {
  // As the glass backend itself: a stub planted in a generation is never followed.
  return xapian_try(
      location, [&] { return Xapian::WritableDatabase(path, flags | Xapian::DB_BACKEND_GLASS); });
}

LockedDatabase lock_current(IndexLayout& layout, bool create) {
  const std::string& location = layout.directory();
  for (int attempt = 0; attempt < kSwitchRetries; ++attempt) {
    std::optional<std::string> current = layout.current_database();
    if (!current) {
      if (!create) throw IndexNotFoundError(location);
      std::string first = layout.first_generation();
      Xapian::WritableDatabase db = open_generation(first, Xapian::DB_CREATE_OR_OPEN, location);
      // Holding the first generation's lock, this process is the one that names it current; a
      // crash before the switch leaves a generation the next run opens and names.
      if (!layout.current_database()) layout.switch_to(first);
      if (layout.current_database() == first) return {first, std::move(db)};
      continue;
    }
    try {
      Xapian::WritableDatabase db = open_generation(*current, Xapian::DB_OPEN, location);
      // The lock is only worth having on the database that is still current.
      if (layout.current_database() == current) return {*current, std::move(db)};
    } catch (const IndexNotFoundError&) {
      if (layout.current_database() == current) throw;
    }
  }
  throw FatalError("the index at " + location + " kept switching generations while opening it",
                   "try again");
}

}  // namespace

IndexWriter::IndexWriter(const std::string& location, bool create)
    : IndexWriter(location, IndexWriterOptions{.create = create}) {}

IndexWriter::IndexWriter(const std::string& location, const IndexWriterOptions& options)
    : location_(location) {
  IndexLayout layout(location);
  if (options.dry_run) {
    std::optional<std::string> current = layout.current_database();
    if (!current && !options.create) throw IndexNotFoundError(location);
    // Nothing indexed yet: a dry run compares the tree with an empty index.
    reader_ = xapian_try(location_, [&]() -> Xapian::Database {
      if (current) return Xapian::Database(*current, Xapian::DB_BACKEND_GLASS);
      return Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
    });
    database_path_ = current.value_or(location);
    return;
  }
  const auto deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(std::max(0.0, options.wait_seconds)));
  for (;;) {
    try {
      LockedDatabase locked = lock_current(layout, options.create);
      database_path_ = std::move(locked.path);
      writable_ = std::move(locked.db);
      reader_ = *writable_;
      break;
    } catch (const IndexLockedError&) {
      bool stopping = options.stop && options.stop->load();
      if (stopping || Clock::now() + kLockPollInterval > deadline) throw;
      std::this_thread::sleep_for(kLockPollInterval);
    }
  }
  try {
    layout.remove_retired();
  } catch (const Error&) {
    // Old generations take space, nothing else: never a reason to stop indexing.
  }
}

std::optional<Xapian::docid> IndexWriter::find(const std::string& id_term) const {
  return xapian_try(location_, [&]() -> std::optional<Xapian::docid> {
    Xapian::PostingIterator it = reader_.postlist_begin(id_term);
    if (it == reader_.postlist_end(id_term)) return std::nullopt;
    return *it;
  });
}

Xapian::Document IndexWriter::document(Xapian::docid id) const {
  // The id comes from a posting list read just now, so Xapian need not check it exists.
  return xapian_try(location_, [&] { return reader_.get_document(id, Xapian::DOC_ASSUME_VALID); });
}

void IndexWriter::put(const std::string& id_term, const Xapian::Document& document) {
  if (!writable_) return;
  xapian_try(location_, [&] { writable_->replace_document(id_term, document); });
}

void IndexWriter::replace(Xapian::docid id, const Xapian::Document& document) {
  if (!writable_) return;
  xapian_try(location_, [&] { writable_->replace_document(id, document); });
}

void IndexWriter::add(const Xapian::Document& document) {
  if (!writable_) return;
  xapian_try(location_, [&] { writable_->add_document(document); });
}

void IndexWriter::remove(const std::string& id_term) {
  if (!writable_) return;
  xapian_try(location_, [&] { writable_->delete_document(id_term); });
}

std::string IndexWriter::metadata(const std::string& key) const {
  return xapian_try(location_, [&] { return reader_.get_metadata(key); });
}

void IndexWriter::set_metadata(const std::string& key, const std::string& value) {
  if (!writable_) return;
  xapian_try(location_, [&] { writable_->set_metadata(key, value); });
}

void IndexWriter::commit() {
  if (!writable_) return;
  const CommitScope scope(location_);
  xapian_try(location_, [&] { writable_->commit(); });
}

void IndexWriter::close() {
  xapian_try(location_, [&] {
    if (writable_) writable_->close();
    reader_.close();
  });
  writable_.reset();
}

namespace {

// Compacts the database `writer` holds locked into the next generation of `layout`, and switches
// the layout's stub to it.
CompactionSummary compact_locked(const IndexWriter& writer, IndexLayout& layout) {
  CompactionSummary summary;
  summary.from = writer.database_path();
  summary.to = layout.next_generation();
  summary.bytes_before = IndexLayout::size_of(summary.from);
  try {
    xapian_try(layout.directory(), [&] {
      Xapian::Database(summary.from, Xapian::DB_BACKEND_GLASS).compact(summary.to);
    });
  } catch (const Error&) {
    // The stub still names the old generation; the half-written one is no use to anyone (a
    // kill here leaves it for the next writer's remove_retired instead).
    std::error_code ec;
    std::filesystem::remove_all(summary.to, ec);
    throw;
  }
  summary.bytes_after = IndexLayout::size_of(summary.to);
  layout.switch_to(summary.to);
  return summary;
}

void remove_retired_quietly(IndexLayout& layout) {
  try {
    layout.remove_retired();
  } catch (const Error&) {
    // The new generation is current; an old one left behind is removed by a later writer.
  }
}

}  // namespace

CompactionSummary compact_index(const std::string& location, const IndexWriterOptions& options) {
  IndexWriterOptions locked = options;
  locked.create = false;
  locked.dry_run = false;
  IndexLayout top(location);
  if (const unsigned shards = top.shard_count(); shards > 0) {
    // Every shard is locked before any is rewritten, in shard order like every writer, so no
    // indexing run slips in between the shards.
    std::vector<IndexWriter> writers;
    writers.reserve(shards);
    for (unsigned i = 0; i < shards; ++i) writers.emplace_back(top.shard_directory(i), locked);
    CompactionSummary total{location, location, 0, 0};
    for (unsigned i = 0; i < shards; ++i) {
      IndexLayout layout(top.shard_directory(i));
      CompactionSummary one = compact_locked(writers[i], layout);
      total.bytes_before += one.bytes_before;
      total.bytes_after += one.bytes_after;
    }
    top.write_shard_stub(shards);
    for (unsigned i = 0; i < shards; ++i) {
      IndexLayout layout(top.shard_directory(i));
      remove_retired_quietly(layout);
      writers[i].close();
    }
    return total;
  }
  // The writer's lock keeps every other writer out while the copy is made and switched in.
  IndexWriter writer(location, locked);
  CompactionSummary summary = compact_locked(writer, top);
  remove_retired_quietly(top);
  writer.close();
  return summary;
}

CheckSummary check_index(const std::string& location, std::ostream& out) {
  IndexLayout top(location);
  CheckSummary summary;
  if (const unsigned shards = top.shard_count(); shards > 0) {
    for (unsigned i = 0; i < shards; ++i) {
      std::optional<std::string> current = IndexLayout(top.shard_directory(i)).current_database();
      if (!current) throw IndexNotFoundError(top.shard_directory(i));
      summary.databases.push_back(*current);
    }
  } else if (std::optional<std::string> current = top.current_database()) {
    summary.databases.push_back(*current);
  } else {
    throw IndexNotFoundError(location);
  }
  for (const std::string& database : summary.databases) {
    out << database << ":\n";
    try {
      summary.errors +=
          xapian_try(location, [&] { return Xapian::Database::check(database, 0, &out); });
    } catch (const IndexCorruptError& e) {
      // Damage the check cannot get past is its finding, not a reason to run it again.
      out << "cannot be checked past: " << e.what() << '\n';
      ++summary.errors;
    }
  }
  return summary;
}

}  // namespace kensaku
