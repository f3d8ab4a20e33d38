// The generation layout of an index directory: the stub, its atomic switch, retired generations.
#include "common/index_layout.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

#include "common/database_paths.h"
#include "kensaku/error.h"

namespace kensaku {
namespace {

namespace fs = std::filesystem;

// Xapian's name for a stub file inside a directory, and the marker of a glass database.
constexpr const char* kStubName = "XAPIANDB";
constexpr const char* kGlassMarker = "iamglass";
constexpr std::string_view kGenerationPrefix = "gen-";
constexpr const char* kShardFormat = "shard-%02u";
constexpr int kStubRereads = 4;

// A writer follows its stub to the one local generation it made, never to a program.
const StubPolicy kWriterStubs{.allow_programs = false,
                              .refused_hint =
                                  "kensaku-index writes only the local generations it made; "
                                  "make the stub name one ('glass gen-NNNN') or index into a new "
                                  "directory"};

std::string generation_name(unsigned number) {
  char name[32];
  std::snprintf(name, sizeof name, "gen-%04u", number);
  return name;
}

// The number of a "gen-NNNN" directory name, or 0.
unsigned generation_number(const std::string& name) {
  if (!name.starts_with(kGenerationPrefix)) return 0;
  std::string digits = name.substr(kGenerationPrefix.size());
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return 0;
  return static_cast<unsigned>(std::stoul(digits));
}

void sync_path(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  if (errno == ENOSPC || errno == EDQUOT) {
    throw FatalError(
        "no space left on the device: " + what + " " + path + ": " + std::strerror(errno),
        "free some space there (df -h " + fs::path(path).parent_path().string() +
            "), then run the same command again: the last commit is intact");
  }
  throw FatalError(what + " " + path + ": " + std::strerror(errno),
                   "check the permissions and free space of the index directory");
}

// Takes the exclusive lock of the database directory `path` without waiting: a reader that holds
// it shared (ReaderDatabase) makes this fail. Returns the descriptor, -1 when held (or gone).
int try_lock_exclusively(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -1;
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Removes `path` (a file, or a directory with everything in it); true when it is gone.
bool remove_path(const fs::path& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
  return !ec;
}

// Removes the generation `path` if no reader holds it; true when removed.
bool remove_unheld(const fs::path& path) {
  const int fd = try_lock_exclusively(path);
  if (fd < 0) return false;
  // Held until the directory is gone: a reader that blocks on it meanwhile then sees it unlinked.
  const bool removed = remove_path(path);
  ::close(fd);
  return removed;
}

// Whether `name` is a file a plain glass database keeps beside its tables.
bool is_plain_database_file(const std::string& name) {
  return name.ends_with(".glass") || name == "flintlock" || name == "iamglass.tmp";
}

}  // namespace

IndexLayout::IndexLayout(std::string directory) : directory_(std::move(directory)) {
  while (directory_.size() > 1 && directory_.back() == '/') directory_.pop_back();
}

bool IndexLayout::is_plain_database() const {
  std::error_code ec;
  return fs::exists(fs::path(directory_) / kGlassMarker, ec);
}

bool IndexLayout::exists() const { return shard_count() > 0 || current_database().has_value(); }

std::optional<std::string> IndexLayout::current_database() const {
  if (shard_count() > 0) {
    // Its databases are the shards': writing "the" database of DIR would write into one of them.
    throw UsageError("the index at " + directory_ + " is sharded",
                     "open each of its shards (" + shard_directory(0) + ", ...) instead");
  }
  // Xapian prefers a glass database over a stub in the same directory, and so does this.
  if (is_plain_database()) return directory_;
  std::error_code ec;
  if (!fs::exists(fs::path(directory_) / kStubName, ec)) return std::nullopt;
  // Read as a searcher reads it, never running a program; a compaction switching the stub
  // between reading it and finding the generation it named means "read it again".
  std::vector<DatabaseLeaf> leaves;
  for (int attempt = 0;; ++attempt) {
    try {
      leaves = resolve_location(directory_, kWriterStubs);
      break;
    } catch (const IndexCorruptError&) {
      if (attempt >= kStubRereads) throw;
    }
  }
  const std::string stub = (fs::path(directory_) / kStubName).string();
  if (leaves.size() != 1 || leaves[0].kind != DatabaseLeaf::Kind::kLocal ||
      !is_database_directory(leaves[0].path)) {
    throw IndexCorruptError(directory_,
                            stub + " names something other than one local database directory",
                            "kensaku-index writes only the generations it made ('glass gen-NNNN'); "
                            "index into a new directory instead");
  }
  return leaves[0].path;
}

std::string IndexLayout::first_generation() {
  std::error_code ec;
  fs::create_directories(directory_, ec);
  if (ec) {
    errno = ec.value();
    fail("cannot create", directory_);
  }
  return (fs::path(directory_) / generation_name(1)).string();
}

std::string IndexLayout::next_generation() const {
  unsigned highest = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(directory_, ec)) {
    highest = std::max(highest, generation_number(entry.path().filename().string()));
  }
  return (fs::path(directory_) / generation_name(highest + 1)).string();
}

void IndexLayout::replace_stub(const std::string& content) {
  const std::string stub = (fs::path(directory_) / kStubName).string();
  const std::string temporary = stub + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << content;
    out.flush();
    if (!out) fail("cannot write", temporary);
  }
  // The stub's bytes must be on disk before the rename makes them current.
  sync_path(temporary, O_RDONLY);
  if (::rename(temporary.c_str(), stub.c_str()) != 0) {
    int saved = errno;
    ::unlink(temporary.c_str());
    errno = saved;
    fail("cannot replace", stub);
  }
  sync_path(directory_, O_RDONLY | O_DIRECTORY);
}

void IndexLayout::switch_to(const std::string& database) {
  replace_stub("glass " + fs::path(database).filename().string() + "\n");
  if (is_plain_database()) {
    // Until the glass marker goes, Xapian keeps opening DIR as the plain database.
    if (::unlink((fs::path(directory_) / kGlassMarker).c_str()) != 0) {
      fail("cannot retire", directory_ + "/" + kGlassMarker);
    }
    sync_path(directory_, O_RDONLY | O_DIRECTORY);
  }
}

std::size_t IndexLayout::remove_retired() {
  const fs::path dir(directory_);
  std::error_code ec;
  if (!fs::exists(dir / kStubName, ec) || is_plain_database()) return 0;
  const unsigned current = generation_number(fs::path(*current_database()).filename().string());
  std::size_t removed = 0;
  std::vector<unsigned> retired;
  bool plain_files = false;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    const unsigned number = generation_number(name);
    if (number > current || name.starts_with(std::string(kStubName) + ".tmp.")) {
      // Never named by the stub (a killed compaction, an interrupted stub write): no reader.
      removed += remove_path(entry.path()) ? 1 : 0;
    } else if (number > 0 && number < current) {
      retired.push_back(number);
    } else if (is_plain_database_file(name)) {
      plain_files = true;
    }
  }
  if (plain_files) {
    // A reader of the plain database holds DIR itself.
    if (const int fd = try_lock_exclusively(dir); fd >= 0) {
      for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (is_plain_database_file(entry.path().filename().string())) remove_path(entry.path());
      }
      ::close(fd);
      ++removed;
    }
  }
  std::sort(retired.rbegin(), retired.rend());  // newest first
  std::size_t held = 0;
  for (unsigned number : retired) {
    const fs::path path = dir / generation_name(number);
    if (remove_unheld(path) || (++held > kMaxHeldGenerations && remove_path(path))) ++removed;
  }
  return removed;
}

std::uint64_t IndexLayout::size_of(const std::string& database) {
  std::uint64_t bytes = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(database, ec)) {
    if (entry.is_regular_file(ec)) {
      // Only the database's own files: inside a plain database DIR, not the generations.
      bytes += entry.file_size(ec);
    }
  }
  return bytes;
}

unsigned IndexLayout::shard_count() const {
  unsigned count = 0;
  std::error_code ec;
  while (count < kMaxShards && fs::is_directory(shard_directory(count), ec)) ++count;
  return count;
}

std::string IndexLayout::shard_directory(unsigned index) const {
  char name[32];
  std::snprintf(name, sizeof name, kShardFormat, index);
  return (fs::path(directory_) / name).string();
}

void IndexLayout::create_shards(unsigned count) {
  for (unsigned i = 0; i < count; ++i) {
    std::error_code ec;
    fs::create_directories(shard_directory(i), ec);
    if (ec) {
      errno = ec.value();
      fail("cannot create", shard_directory(i));
    }
  }
}

void IndexLayout::write_shard_stub(unsigned count) {
  std::string content;
  for (unsigned i = 0; i < count; ++i) {
    std::optional<std::string> current = IndexLayout(shard_directory(i)).current_database();
    if (!current) throw IndexNotFoundError(shard_directory(i));
    // Relative, so the whole directory can be moved or served from another path.
    content += "glass " + fs::path(*current).lexically_relative(directory_).string() + "\n";
  }
  std::ifstream in(fs::path(directory_) / kStubName);
  std::string existing((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (existing != content) replace_stub(content);
}

unsigned shard_of(std::string_view article_id, unsigned count) {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a offset basis
  for (unsigned char byte : article_id) {
    hash ^= byte;
    hash *= 1099511628211ull;  // FNV-1a prime
  }
  return count == 0 ? 0 : static_cast<unsigned>(hash % count);
}

}  // namespace kensaku
