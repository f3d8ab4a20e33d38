// What a database location comes down to once its Xapian stub files are followed, read by Kensaku
// before Xapian opens anything, so that a stub line that would run a program is refused.
#ifndef KENSAKU_COMMON_DATABASE_PATHS_H_
#define KENSAKU_COMMON_DATABASE_PATHS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace kensaku {

// One database a location names. A Xapian stub file lists databases one a line: "auto PATH"
// (itself possibly a stub), "glass PATH", "chert PATH", "honey PATH", "remote HOST:PORT",
// "remote :PROGRAM ARGS" (Xapian runs PROGRAM and speaks its protocol over its stdin/stdout),
// "inmemory"; relative paths are relative to the stub's directory.
struct DatabaseLeaf {
  enum class Kind { kLocal, kTcp, kProgram, kInMemory };
  Kind kind = Kind::kLocal;
  std::string path;      // kLocal: the database directory (or single file); kProgram: the program
  std::string backend;   // kLocal: "glass", "chert", "honey", or "" (whatever Xapian finds there)
  std::string host;      // kTcp
  unsigned port = 0;     // kTcp
  std::string args;      // kProgram: its arguments, as one string
  std::string named_at;  // "STUB:LINE" that named it; empty for the location itself
};

struct StubPolicy {
  // A "remote :PROGRAM" line runs PROGRAM as the user who opens the stub: refused (UsageError)
  // unless the caller asked for it (kensaku-search --allow-remote-programs).
  bool allow_programs = false;
  // The hint of that UsageError; empty: how to allow them (--allow-remote-programs).
  std::string refused_hint;
};

// Stub files may name stub files: this deep at most, which also ends a stub that names itself.
inline constexpr int kMaxStubDepth = 8;
// Largest stub file read (a shard list of 100 lines is under 3 KiB).
inline constexpr std::uintmax_t kMaxStubBytes = 64 * 1024;

// The databases `location` (a database directory or file, a directory holding a XAPIANDB stub,
// or a stub file) names, in order. Throws IndexNotFoundError when `location` is not there (or
// holds no database), IndexCorruptError naming the stub and line when a stub is empty, names a
// database that is not there, has a line Xapian would not read, nests deeper than
// kMaxStubDepth, or is not a regular file of at most kMaxStubBytes, and UsageError for a program
// line `policy` does not allow. Reads files only.
std::vector<DatabaseLeaf> resolve_location(const std::string& location, const StubPolicy& policy);

// True when `directory` holds a Xapian database itself (not a stub): iamglass, iamchert, iamhoney.
bool is_database_directory(const std::string& directory);

// True when `directory` is a generation DIR/gen-N that compaction has replaced: DIR/XAPIANDB
// names DIR/gen-M with M > N. Never true for one being built (N > M) or for anything else.
bool is_retired_generation(const std::string& directory);

}  // namespace kensaku

#endif  // KENSAKU_COMMON_DATABASE_PATHS_H_
