// Finds the article files under the paths given to kensaku-index, with what change detection needs.
#ifndef KENSAKU_INDEXER_SOURCE_WALKER_H_
#define KENSAKU_INDEXER_SOURCE_WALKER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kensaku/error.h"

namespace kensaku {

// The size and modification time of a file, as stat(2) reports them.
struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

// One candidate input: an article file or a feed, found but not yet opened.
struct SourceFile {
  std::string path;  // absolute, lexically normal path of the file
  std::string id;    // stable id: the root's id, then the path below it ("corpus/a.txt")
  FileStamp stamp;
  std::optional<std::string> sidecar_path;  // "<path>.meta" when it exists
  std::optional<FileStamp> sidecar_stamp;
};

// Walks files and directories recursively, in a deterministic (sorted) order. Skips hidden
// entries (names starting with '.'), sidecar files (they travel with their article, and one left
// without its article is not an article either) and the excluded paths (e.g. the index itself).
// Follows symbolic links but never loops.
class SourceWalker {
 public:
  using FileCallback = std::function<void(SourceFile&&)>;
  using ErrorCallback = std::function<void(const InputError&)>;
  // Hears the id of a path that could not be read: what was indexed under it must not be taken
  // for deleted.
  using UnreadableCallback = std::function<void(const std::string& id)>;

  // Picks the files the caller will open (a rerun opens only changed files): the walk starts
  // reading them in the background a few files ahead of reporting them. Others are never opened.
  using ReadAheadFilter = std::function<bool(const SourceFile&)>;

  // `excluded` are paths never descended into (compared after canonicalisation).
  explicit SourceWalker(std::vector<std::string> excluded = {});

  void set_read_ahead(ReadAheadFilter filter) { read_ahead_ = std::move(filter); }

  // Roots registered on their own (absolute path -> root id) that a walk may meet inside the
  // root it walks: their entries keep the ids their own root gives them.
  void set_inner_roots(std::map<std::string, std::string> roots) {
    inner_roots_ = std::move(roots);
  }

  // Reports every file under `root` (or `root` itself when it is a file) to `on_file`, and every
  // path that cannot be read (missing, unreadable, a symlink loop) to `on_error`.
  void walk(const std::string& root, const FileCallback& on_file, const ErrorCallback& on_error,
            const UnreadableCallback& on_unreadable = {}) const;
  // As above, with `id` as the root's id (see RootRegistry) instead of root_id(root).
  void walk(const std::string& root, const std::string& id, const FileCallback& on_file,
            const ErrorCallback& on_error, const UnreadableCallback& on_unreadable = {}) const;

  // The id `root` gives the files below it when no other root has that name: the name of its
  // last component.
  static std::string root_id(const std::string& root);

 private:
  std::vector<std::string> excluded_;
  ReadAheadFilter read_ahead_;
  std::map<std::string, std::string> inner_roots_;
};

}  // namespace kensaku

#endif  // KENSAKU_INDEXER_SOURCE_WALKER_H_
