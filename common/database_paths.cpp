// Follows Xapian stub files the way Xapian's Database(path) does, without opening anything.
#include "common/database_paths.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "kensaku/error.h"

namespace kensaku {
namespace {

namespace fs = std::filesystem;

constexpr const char* kStubName = "XAPIANDB";
constexpr std::string_view kGlassMagic = "\x0f\rXapian Glass";

bool is_single_file_database(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string head(kGlassMagic.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  return in && head == kGlassMagic;
}

// What to do about a stub that names nothing usable: point it at the newest database beside it,
// or, when none is left, start again. Never "run kensaku-index" to fix what it cannot open.
std::string stub_repair_hint(const fs::path& stub) {
  const fs::path dir = stub.parent_path();
  std::string newest;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory(ec) && is_database_directory(entry.path().string())) {
      newest = std::max(newest, name);
    }
  }
  if (newest.empty()) {
    return "no database is left beside it: remove " + stub.string() +
           " and index the articles again (kensaku-index --db " + dir.string() + " PATH...)";
  }
  const std::string candidate = (dir / newest).string();
  return "the newest database beside it is " + candidate + ": check it with 'xapian-check " +
         candidate + "', then make it current with: printf 'glass " + newest + "\\n' > " +
         stub.string();
}

// A stub line as it may be shown on a terminal: control bytes and non-ASCII escaped, cut short.
std::string printable(const std::string& line) {
  constexpr std::size_t kShown = 60;
  std::string out;
  for (unsigned char c : line.substr(0, kShown)) {
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out.append("\\x").append(1, kHex[c >> 4]).append(1, kHex[c & 15]);
    }
  }
  if (line.size() > kShown) out += "...";
  return out;
}

class Resolver {
 public:
  Resolver(std::string location, const StubPolicy& policy)
      : location_(std::move(location)), policy_(policy) {}

  std::vector<DatabaseLeaf> run() {
    follow(location_, "", 0);
    return std::move(leaves_);
  }

 private:
  // Opens `path` as Xapian's "auto" does: a database directory, a single-file database, a
  // directory holding a stub, or a stub file.
  void follow(const fs::path& path, const std::string& named_at, int depth) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) missing(path, named_at);
    if (fs::is_directory(status)) {
      if (is_database_directory(path.string())) {
        add(DatabaseLeaf::Kind::kLocal, named_at).path = path.string();
      } else if (fs::exists(path / kStubName, ec)) {
        read_stub(path / kStubName, depth);
      } else {
        missing(path, named_at);
      }
    } else if (!fs::is_regular_file(status)) {
      read_stub(path, depth);  // refuses it without opening it (a FIFO would block)
    } else if (is_single_file_database(path)) {
      DatabaseLeaf& leaf = add(DatabaseLeaf::Kind::kLocal, named_at);
      leaf.path = path.string();
      leaf.backend = "glass";
    } else {
      read_stub(path, depth);
    }
  }

  [[noreturn]] void missing(const fs::path& path, const std::string& named_at) {
    if (named_at.empty()) throw IndexNotFoundError(path.string());
    throw IndexCorruptError(
        location_,
        named_at + " names " + path.string() + ", which is not there or holds no database",
        stub_repair_hint(named_at.substr(0, named_at.rfind(':'))));
  }

  void read_stub(const fs::path& stub, int depth) {
    if (depth >= kMaxStubDepth) {
      throw IndexCorruptError(location_,
                              "stub files nest more than " + std::to_string(kMaxStubDepth) +
                                  " deep at " + stub.string() + " (does one name itself?)",
                              "make " + stub.string() + " name a database directory");
    }
    // Only a small regular file is read: a FIFO would block, /dev/zero never end.
    std::error_code ec;
    if (!fs::is_regular_file(stub, ec) || fs::file_size(stub, ec) > kMaxStubBytes || ec) {
      throw IndexCorruptError(location_,
                              stub.string() +
                                  " is not a stub file (not a regular file of at most " +
                                  std::to_string(kMaxStubBytes) + " bytes)",
                              "a stub is a small text file of 'glass PATH' or 'auto PATH' lines");
    }
    std::ifstream in(stub);
    if (!in) missing(stub, "");
    const std::size_t before = leaves_.size();
    std::string line;
    for (unsigned number = 1; std::getline(in, line); ++number) {
      if (line.empty() || line[0] == '#') continue;
      read_line(stub, number, line, depth);
    }
    if (leaves_.size() == before) {
      throw IndexCorruptError(location_, stub.string() + " names no database",
                              stub_repair_hint(stub));
    }
  }

  void read_line(const fs::path& stub, unsigned number, const std::string& line, int depth) {
    const std::string at = stub.string() + ":" + std::to_string(number);
    const std::size_t space = line.find(' ');
    const std::string type = line.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
    auto resolved = [&] {
      fs::path target(rest);
      return target.is_absolute() ? target : stub.parent_path() / target;
    };
    if (type == "auto" && !rest.empty()) {
      follow(resolved(), at, depth + 1);
    } else if ((type == "glass" || type == "chert" || type == "honey") && !rest.empty()) {
      std::error_code ec;
      const fs::path target = resolved();
      const fs::file_status status = fs::status(target, ec);
      if (!fs::exists(status) || (!fs::is_directory(status) && !fs::is_regular_file(status)) ||
          (fs::is_directory(status) && !is_database_directory(target.string()))) {
        missing(target, at);
      }
      DatabaseLeaf& leaf = add(DatabaseLeaf::Kind::kLocal, at);
      leaf.path = resolved().string();
      leaf.backend = type;
    } else if (type == "remote" && rest.starts_with(":")) {
      const std::size_t args = rest.find(' ');
      const std::string program = rest.substr(1, args == std::string::npos ? args : args - 1);
      if (!policy_.allow_programs) {
        throw UsageError(at + ": 'remote :" + printable(program) + "' would run the program " +
                             printable(program) + "; refused",
                         policy_.refused_hint.empty()
                             ? "if you trust whoever wrote " + stub.string() +
                                   ", pass --allow-remote-programs "
                                   "(SearcherOptions::allow_remote_programs in the library); tcp "
                                   "remotes need nothing"
                             : policy_.refused_hint);
      }
      DatabaseLeaf& leaf = add(DatabaseLeaf::Kind::kProgram, at);
      leaf.path = program;
      if (args != std::string::npos) leaf.args = rest.substr(args + 1);
    } else if (type == "remote" && remote_tcp(rest, at)) {
      // Added by remote_tcp.
    } else if (type == "inmemory") {
      add(DatabaseLeaf::Kind::kInMemory, at);
    } else {
      throw IndexCorruptError(location_,
                              at + ": '" + printable(line) + "' is not a database Xapian opens",
                              "each line of a stub is 'auto PATH', 'glass PATH' or "
                              "'remote HOST:PORT'; fix or remove that line");
    }
  }

  // "HOST:PORT" or "[IPV6]:PORT": added as a tcp leaf; false when it is neither.
  bool remote_tcp(const std::string& rest, const std::string& at) {
    const std::size_t colon = rest.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size()) return false;
    const std::string port = rest.substr(colon + 1);
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
    std::string host = rest.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
    const unsigned number = static_cast<unsigned>(std::stoul(port));
    if (number == 0 || number > 65535) return false;
    DatabaseLeaf& leaf = add(DatabaseLeaf::Kind::kTcp, at);
    leaf.host = host;
    leaf.port = number;
    return true;
  }

  DatabaseLeaf& add(DatabaseLeaf::Kind kind, const std::string& named_at) {
    DatabaseLeaf& leaf = leaves_.emplace_back();
    leaf.kind = kind;
    leaf.named_at = named_at;
    return leaf;
  }

  std::string location_;
  StubPolicy policy_;
  std::vector<DatabaseLeaf> leaves_;
};

}  // namespace

bool is_database_directory(const std::string& directory) {
  std::error_code ec;
  const fs::path dir(directory);
  return fs::exists(dir / "iamglass", ec) || fs::exists(dir / "iamchert", ec) ||
         fs::exists(dir / "iamhoney", ec);
}

namespace {
// The N of a "gen-N" name, or 0.
unsigned long generation_number(const std::string& name) {
  constexpr std::string_view kPrefix = "gen-";
  if (!name.starts_with(kPrefix) || name.size() == kPrefix.size() || name.size() > 12 ||
      name.find_first_not_of("0123456789", kPrefix.size()) != std::string::npos) {
    return 0;
  }
  return std::stoul(name.substr(kPrefix.size()));
}
}  // namespace

bool is_retired_generation(const std::string& directory) {
  const fs::path dir = fs::path(directory).lexically_normal();
  const unsigned long number = generation_number(dir.filename().string());
  if (number == 0) return false;
  try {
    const std::vector<DatabaseLeaf> current = resolve_location(dir.parent_path().string(), {});
    if (current.size() != 1 || current[0].kind != DatabaseLeaf::Kind::kLocal) return false;
    const fs::path named = fs::path(current[0].path).lexically_normal();
    return named.parent_path() == dir.parent_path() &&
           generation_number(named.filename().string()) > number;
  } catch (const std::exception&) {
    return false;  // a stub that cannot be read says nothing about what is retired
  }
}

std::vector<DatabaseLeaf> resolve_location(const std::string& location, const StubPolicy& policy) {
  return Resolver(location, policy).run();
}

}  // namespace kensaku
