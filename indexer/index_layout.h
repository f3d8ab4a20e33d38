// Where an index lives on disk: a directory whose Xapian stub file names the current generation.
#ifndef KENSAKU_INDEXER_INDEX_LAYOUT_H_
#define KENSAKU_INDEXER_INDEX_LAYOUT_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace kensaku {

// An index directory DIR holds a stub file DIR/XAPIANDB ("glass gen-0003") naming the database
// that is current, DIR/gen-0003. Xapian opens a directory holding XAPIANDB as that stub, so
// searchers and Xapian's tools open DIR as before; compaction builds the next generation beside
// the current one and switches the stub with one rename(2), so readers see the old index or the
// new one, never a mixture. A plain glass directory (an index from before generations) is still
// opened as it is; compacting it moves it into the stub layout.
//
// Everything that knows the on-disk arrangement lives here, so that sharding (several databases
// behind one stub) changes this class only.
class IndexLayout {
 public:
  explicit IndexLayout(std::string directory);

  const std::string& directory() const { return directory_; }

  // True when DIR holds an index in either layout.
  bool exists() const;

  // True when DIR is a plain glass database (the layout before generations).
  bool is_plain_database() const;

  // The database a writer opens now: DIR/gen-N, or DIR itself for a plain database. nullopt when
  // there is no index yet.
  std::optional<std::string> current_database() const;

  // The database a new index starts in (DIR/gen-0001); creates DIR when missing.
  std::string first_generation();

  // Makes `database` (a directory inside DIR) the current one: writes the stub to a temporary
  // file, syncs it and renames it over DIR/XAPIANDB.
  void switch_to(const std::string& database);

  // Where the next generation is built: one past the highest generation present.
  std::string next_generation() const;

  // Removes databases no longer current (earlier generations, the files of a plain database that
  // was moved into the stub layout, a generation a crashed compaction left half-built) once the
  // stub has named another database for at least `grace`: a searcher that opened the index
  // before the switch keeps reading the old generation until it opens the index again.
  // REQUIRES: the caller holds the write lock of the current database. Returns what it removed.
  std::size_t remove_retired(std::chrono::seconds grace);

  // Bytes used by the files of `database`.
  static std::uint64_t size_of(const std::string& database);

 private:
  std::string directory_;
};

// How long a replaced generation is kept for searchers that still have it open.
inline constexpr std::chrono::seconds kRetiredGenerationGrace{600};

}  // namespace kensaku

#endif  // KENSAKU_INDEXER_INDEX_LAYOUT_H_
