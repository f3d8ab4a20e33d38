// The root registry: root ids that stay unique for any set of roots and stable across runs.
#include "indexer/root_registry.h"

#include <filesystem>
#include <vector>

namespace kensaku {
namespace {

namespace fs = std::filesystem;

// True when `id` is `root` or an article id below it.
bool starts_as(std::string_view id, std::string_view root) {
  if (!id.starts_with(root)) return false;
  return id.size() == root.size() || id[root.size()] == '/' || id[root.size()] == '#';
}

std::vector<std::string> components(const std::string& key) {
  std::vector<std::string> parts;
  for (const fs::path& part : fs::path(key).relative_path()) {
    if (!part.empty()) parts.push_back(part.string());
  }
  return parts;
}

// Reads one "<length>:<bytes>" field of the serialised registry.
bool read_field(std::string_view& in, std::string& out) {
  const std::size_t colon = in.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 12) return false;
  std::size_t length = 0;
  for (char c : in.substr(0, colon)) {
    if (c < '0' || c > '9') return false;
    length = length * 10 + static_cast<std::size_t>(c - '0');
  }
  if (in.size() - colon - 1 < length) return false;
  out.assign(in.substr(colon + 1, length));
  in.remove_prefix(colon + 1 + length);
  return true;
}

}  // namespace

RootRegistry RootRegistry::parse(std::string_view stored) {
  RootRegistry registry;
  std::string key, id;
  while (!stored.empty() && read_field(stored, key) && read_field(stored, id)) {
    registry.learn(key, id);
  }
  return registry;
}

std::string RootRegistry::serialise() const {
  std::string out;
  for (const auto& [key, id] : ids_) {
    out += std::to_string(key.size()) + ":" + key + std::to_string(id.size()) + ":" + id;
  }
  return out;
}

bool RootRegistry::is_free(std::string_view id) const {
  for (const auto& [key, taken] : ids_) {
    if (starts_as(id, taken) || starts_as(taken, id)) return false;
  }
  return true;
}

std::string RootRegistry::assign(const std::string& key) {
  if (auto it = ids_.find(key); it != ids_.end()) return it->second;
  // A folder inside a registered root has the ids that root gives it: one article per file.
  const std::string* outer = nullptr;
  for (const auto& [other, id] : ids_) {
    if (key.size() > other.size() && key.starts_with(other) &&
        (key[other.size()] == '/' || other == "/")) {
      if (!outer || other.size() > outer->size()) outer = &other;
    }
  }
  if (outer) {
    const std::string below = key.substr(*outer == "/" ? 1 : outer->size() + 1);
    return ids_.at(*outer) + "/" + below;
  }
  const std::vector<std::string> parts = components(key);
  const std::string name = parts.empty() ? key : parts.back();
  std::string tail;
  for (auto part = parts.rbegin(); part != parts.rend(); ++part) {
    tail = tail.empty() ? *part : *part + "/" + tail;
    if (is_free(tail)) return ids_[key] = tail;
  }
  for (unsigned n = 2;; ++n) {
    std::string id = name + "~" + std::to_string(n);
    if (is_free(id)) return ids_[key] = id;
  }
}

bool RootRegistry::learn(const std::string& key, const std::string& id) {
  if (key.empty() || id.empty() || ids_.count(key) || !is_free(id)) return false;
  ids_[key] = id;
  return true;
}

void RootRegistry::merge(const RootRegistry& other) {
  for (const auto& [key, id] : other.ids_) learn(key, id);
}

std::map<std::string, std::string> RootRegistry::inside(const std::string& key) const {
  std::map<std::string, std::string> found;
  const std::string head = key == "/" ? key : key + "/";
  for (auto it = ids_.lower_bound(head); it != ids_.end() && it->first.starts_with(head); ++it) {
    found.insert(*it);
  }
  return found;
}

std::optional<std::string> RootRegistry::key_of(std::string_view id) const {
  for (const auto& [key, taken] : ids_) {
    if (taken == id) return key;
  }
  return std::nullopt;
}

std::string root_key(const std::string& path) {
  std::error_code ec;
  std::string key = fs::weakly_canonical(fs::absolute(path, ec), ec).string();
  if (ec) key = fs::absolute(path).lexically_normal().string();
  while (key.size() > 1 && key.back() == '/') key.pop_back();
  return key;
}

std::optional<std::pair<std::string, std::string>> legacy_root(std::string_view id,
                                                               std::string_view path) {
  // Legacy root ids are one component: the root's name, then the path below it.
  const std::size_t slash = id.find('/');
  const std::string_view name = id.substr(0, slash);
  const std::string_view below = slash == std::string_view::npos ? "" : id.substr(slash);
  if (!path.ends_with(below)) return std::nullopt;
  const std::string_view root = path.substr(0, path.size() - below.size());
  if (fs::path(root).filename().string() != name && root != name) return std::nullopt;
  return std::make_pair(root_key(std::string(root)), std::string(name));
}

std::optional<std::string> feed_id_of_record(std::string_view id, std::string_view path) {
  // The feed id is the root's name and the path below it, so the stored path ends with it; when
  // the root was named through a link it does not, and only the path below the root must match.
  const std::string file_name = fs::path(path).filename().string();
  std::optional<std::string> loose;
  for (std::size_t hash = id.find('#'); hash != std::string_view::npos;
       hash = id.find('#', hash + 1)) {
    const std::string_view feed = id.substr(0, hash);
    if (path == feed || (path.ends_with(feed) && path[path.size() - feed.size() - 1] == '/')) {
      return std::string(feed);
    }
    const std::size_t slash = feed.find('/');
    if (slash == std::string_view::npos
            ? feed == file_name
            : path.ends_with(feed.substr(slash)) && feed.ends_with("/" + file_name)) {
      loose = std::string(feed);
    }
  }
  return loose;
}

}  // namespace kensaku
