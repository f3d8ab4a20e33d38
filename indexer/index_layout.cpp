// The generation layout of an index directory: the stub, its atomic switch, retired generations.
#include "indexer/index_layout.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "kensaku/error.h"

namespace kensaku {
namespace {

namespace fs = std::filesystem;

// Xapian's name for a stub file inside a directory, and the marker of a glass database.
constexpr const char* kStubName = "XAPIANDB";
constexpr const char* kGlassMarker = "iamglass";
constexpr std::string_view kGenerationPrefix = "gen-";
constexpr const char* kShardFormat = "shard-%02u";

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
  throw FatalError(what + " " + path + ": " + std::strerror(errno),
                   "check the permissions and free space of the index directory");
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
  std::ifstream stub(fs::path(directory_) / kStubName);
  if (!stub) return std::nullopt;
  std::string line;
  while (std::getline(stub, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string backend, relative;
    fields >> backend >> relative;
    if (relative.empty()) break;
    return (fs::path(directory_) / relative).string();
  }
  throw IndexCorruptError(directory_, std::string(kStubName) + " names no database");
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

std::size_t IndexLayout::remove_retired(std::chrono::seconds grace) {
  const fs::path dir(directory_);
  std::error_code ec;
  if (!fs::exists(dir / kStubName, ec) || is_plain_database()) return 0;
  auto switched = fs::last_write_time(dir / kStubName, ec);
  if (ec || fs::file_time_type::clock::now() - switched < grace) return 0;
  const std::string current = fs::path(*current_database()).filename().string();
  std::size_t removed = 0;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    bool retired = false;
    if (generation_number(name) > 0) {
      retired = name != current;
    } else if (name.ends_with(".glass") || name == "flintlock" || name == "iamglass.tmp") {
      retired = true;  // left by a plain database that compaction moved into a generation
    } else if (name.starts_with(std::string(kStubName) + ".tmp.")) {
      retired = true;  // a stub write that a crash interrupted before its rename
    }
    if (!retired) continue;
    std::error_code remove_error;
    fs::remove_all(entry.path(), remove_error);
    if (!remove_error) ++removed;
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
