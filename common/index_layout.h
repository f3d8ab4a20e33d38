// Where an index lives on disk: a directory whose Xapian stub file names the current generation.
#ifndef KENSAKU_INDEXER_INDEX_LAYOUT_H_
#define KENSAKU_INDEXER_INDEX_LAYOUT_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kensaku {

// An index directory DIR holds a stub file DIR/XAPIANDB ("glass gen-0003") naming the database
// that is current, DIR/gen-0003. Xapian opens a directory holding XAPIANDB as that stub, so
// searchers and Xapian's tools open DIR as before; compaction builds the next generation beside
// the current one and switches the stub with one rename(2), so readers see the old index or the
// new one, never a mixture. A plain glass directory (an index from before generations) is still
// opened as it is; compacting it moves it into the stub layout.
//
// A sharded index (kensaku-index --shards N) is a directory of N such index directories,
// DIR/shard-00 ... DIR/shard-NN, each with its own stub, generations and write lock, and a stub
// DIR/XAPIANDB listing the current database of every shard ("glass shard-00/gen-0001", one line
// each), so Xapian opens DIR as the union of the shards. An article lives in the shard
// shard_of(id, N) names, on every run.
//
// Everything that knows the on-disk arrangement lives here.
class IndexLayout {
 public:
  explicit IndexLayout(std::string directory);

  const std::string& directory() const { return directory_; }

  // True when DIR holds an index in any layout (plain, generations, sharded).
  bool exists() const;

  // True when DIR is a plain glass database (the layout before generations).
  bool is_plain_database() const;

  // The database a writer opens now: DIR/gen-N, or DIR itself for a plain database. nullopt when
  // there is no index yet. A sharded DIR has no one database: UsageError (open its shards). A
  // stub that is empty, names a database that is not there, or names anything but one local
  // database is IndexCorruptError, with a hint that does not send the user back here.
  std::optional<std::string> current_database() const;

  // The database a new index starts in (DIR/gen-0001); creates DIR when missing.
  std::string first_generation();

  // Makes `database` (a directory inside DIR) the current one: writes the stub to a temporary
  // file, syncs it and renames it over DIR/XAPIANDB.
  void switch_to(const std::string& database);

  // Where the next generation is built: one past the highest generation present.
  std::string next_generation() const;

  // Removes what no reader can need: a generation a killed compaction left half-built (newer
  // than the current one: no stub ever named it), a stub write a crash interrupted, and every
  // retired generation (older than the current one, or the files of a plain database moved into
  // the stub layout) that no reader holds. A Kensaku reader holds the generation it opened with a
  // shared flock(2) on its directory (see ReaderDatabase); a generation is removed only under an
  // exclusive one, taken without waiting. Retired generations still held are kept, the newest
  // kMaxHeldGenerations of them: older ones are removed anyway (their readers keep reading the
  // files they have open, and open the current generation at their next search).
  // REQUIRES: the caller holds the write lock of the current database. Returns what it removed.
  std::size_t remove_retired();

  // Bytes used by the files of `database`.
  static std::uint64_t size_of(const std::string& database);

  // The number of shards of a sharded index (the DIR/shard-NN directories, counted from 00); 0
  // when DIR is not sharded.
  unsigned shard_count() const;

  // DIR/shard-NN: the index directory of shard `index`.
  std::string shard_directory(unsigned index) const;

  // Creates the directories of `count` shards (nothing else: each shard's first generation is
  // made by the writer that locks it).
  void create_shards(unsigned count);

  // Rewrites DIR/XAPIANDB to list the current database of each of the `count` shards (through
  // a synced temporary file and one rename), unless it already does: searchers notice the new
  // stub and open the index afresh.
  void write_shard_stub(unsigned count);

 private:
  void replace_stub(const std::string& content);

  std::string directory_;
};

// The shard (0 <= shard < count) of the article `article_id`: FNV-1a (64 bits) of its bytes
// modulo `count`. Fixed for ever, whatever the platform or compiler, since incremental runs must
// find each article where an earlier run put it.
unsigned shard_of(std::string_view article_id, unsigned count);

// Most shards an index may have (two-digit shard directory names).
inline constexpr unsigned kMaxShards = 100;

// Most retired generations kept for readers that still hold them (see remove_retired): with the
// current one and one being built, an index directory never holds more than 4 generations.
inline constexpr std::size_t kMaxHeldGenerations = 2;

}  // namespace kensaku

#endif  // KENSAKU_INDEXER_INDEX_LAYOUT_H_
