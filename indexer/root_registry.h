// The ids of indexed roots: which id each root directory (or file) gives the articles below it.
#ifndef KENSAKU_INDEXER_ROOT_REGISTRY_H_
#define KENSAKU_INDEXER_ROOT_REGISTRY_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace kensaku {

// Every root an index was built from, by its canonical absolute path, with the id it gives its
// articles (`<root id>/<path below the root>`). A root's id is its name when no other root has
// taken it, otherwise the shortest tail of its path that is free ("b/news" beside "news"), and
// "<name>~N" if even the whole path is taken. A folder inside a registered root takes the ids that
// root gives its files, so a file indexed through both is one article. An id is free when it
// neither equals nor starts (up to a '/' or '#') nor is the start of another root's id, so no two
// files ever share an id. Kept in the index's metadata, so a root keeps its id on every later run.
class RootRegistry {
 public:
  // The registry as serialise() wrote it; anything unreadable in it is ignored.
  static RootRegistry parse(std::string_view stored);
  std::string serialise() const;

  // The id of the root at `key`: the registered one; for a folder inside a registered root, the
  // id that root gives it (not registered: it follows that root); else a new one, registered.
  std::string assign(const std::string& key);

  // Registers `id` for `key` (an existing index's root, found from its articles) unless either
  // is already registered or the id is not free.
  bool learn(const std::string& key, const std::string& id);

  // Adds the roots of `other` that do not conflict with these (the shards of one index).
  void merge(const RootRegistry& other);

  bool has(const std::string& key) const { return ids_.count(key) > 0; }

  // The roots registered inside the root at `key` (key -> id), which a walk of it meets.
  std::map<std::string, std::string> inside(const std::string& key) const;

  // The key registered with the id `id`, if any.
  std::optional<std::string> key_of(std::string_view id) const;

  bool operator==(const RootRegistry&) const = default;

 private:
  bool is_free(std::string_view id) const;
  std::map<std::string, std::string> ids_;  // canonical path -> root id
};

// The key of the root `path` names: its canonical absolute path (symbolic links resolved, so a
// folder reached through a link is the same root).
std::string root_key(const std::string& path);

// For an article of an index built before roots were registered (ids `<root name>/<path>`):
// the canonical path of the root it came from and that root's id, derived from its id and its
// stored path; nullopt when they do not fit together.
std::optional<std::pair<std::string, std::string>> legacy_root(std::string_view id,
                                                               std::string_view path);

// The feed id of a feed record `id` read from the feed file `path` ("corpus/wire.jsonl" for
// "corpus/wire.jsonl#42"), whatever '#' the record id or the folders hold; nullopt when none fits.
std::optional<std::string> feed_id_of_record(std::string_view id, std::string_view path);

}  // namespace kensaku

#endif  // KENSAKU_INDEXER_ROOT_REGISTRY_H_
