// Test helpers: locating fixtures and ../shared, temporary directories, running the real binaries.
#include "tests/test_support.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace kensaku::testing {

namespace fs = std::filesystem;

fs::path corpus_dir() { return fs::path(KENSAKU_SOURCE_DIR) / "corpus"; }

fs::path test_data_dir() { return fs::path(KENSAKU_SOURCE_DIR) / "tests" / "data"; }

std::optional<fs::path> shared_dir() {
  if (const char* env = std::getenv("KENSAKU_SHARED_DIR"); env && *env) {
    if (fs::is_directory(env)) return fs::path(env);
    return std::nullopt;
  }
  fs::path beside = fs::path(KENSAKU_SOURCE_DIR).parent_path() / "shared";
  if (fs::is_directory(beside / "corpora")) return beside;
  return std::nullopt;
}

TempDir::TempDir() {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path candidate = fs::temp_directory_path() / ("kensaku-test-" + std::to_string(rd()));
    std::error_code ec;
    if (fs::create_directory(candidate, ec)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ec;
  // Tests may leave read-only files or directories behind (unreadable-input cases).
  for (auto it = fs::recursive_directory_iterator(path_, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  }
  fs::remove_all(path_, ec);
}

RunResult run(const std::vector<std::string>& argv, const std::vector<std::string>& env,
              const std::string& input) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) throw std::runtime_error("pipe failed");

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
    posix_spawn_file_actions_addclose(&actions, fd);
  }

  // An entry of `env` replaces an inherited one of the same name (getenv finds the first).
  auto name_of = [](const std::string& entry) { return entry.substr(0, entry.find('=') + 1); };
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    std::string inherited = *e;
    bool replaced = false;
    for (const auto& extra : env) replaced = replaced || name_of(extra) == name_of(inherited);
    if (!replaced) env_strings.push_back(std::move(inherited));
  }
  for (const auto& extra : env) env_strings.push_back(extra);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& s : args) argp.push_back(s.data());
  argp.push_back(nullptr);

  pid_t pid;
  int rc = posix_spawn(&pid, argp[0], &actions, nullptr, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    close(err_pipe[0]);
    throw std::runtime_error("cannot run " + argv[0] + ": " + std::strerror(rc));
  }

  // Feed stdin and drain both outputs together, so neither side blocks on a full pipe.
  signal(SIGPIPE, SIG_IGN);
  RunResult result;
  std::size_t written = 0;
  if (input.empty()) close(in_pipe[1]);
  bool in_open = !input.empty(), out_open = true, err_open = true;
  if (in_open) fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);
  char buffer[65536];
  while (out_open || err_open || in_open) {
    std::vector<pollfd> fds;
    if (out_open) fds.push_back({out_pipe[0], POLLIN, 0});
    if (err_open) fds.push_back({err_pipe[0], POLLIN, 0});
    if (in_open) fds.push_back({in_pipe[1], POLLOUT, 0});
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (const pollfd& p : fds) {
      if (!p.revents) continue;
      if (p.fd == in_pipe[1]) {
        ssize_t n = write(in_pipe[1], input.data() + written, input.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        if (n < 0 || written == input.size()) {
          close(in_pipe[1]);
          in_open = false;
        }
        continue;
      }
      ssize_t n = read(p.fd, buffer, sizeof buffer);
      if (n <= 0) {
        close(p.fd);
        (p.fd == out_pipe[0] ? out_open : err_open) = false;
      } else {
        (p.fd == out_pipe[0] ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
      }
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

RunResult search_index(const fs::path& db, const std::vector<std::string>& args,
                       const std::string& input) {
  std::vector<std::string> argv{search_bin(), "--db", db.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, {}, input);
}

std::string index_bin() { return KENSAKU_INDEX_BIN; }
std::string search_bin() { return KENSAKU_SEARCH_BIN; }

fs::path index_corpus_copy(const TempDir& dir) {
  fs::path corpus = dir / "corpus";
  fs::copy(corpus_dir(), corpus, fs::copy_options::recursive);
  fs::path index = dir / "index";
  RunResult r = run({index_bin(), "--db", index.string(), "--quiet", corpus.string()});
  if (r.exit_status != 0) {
    throw std::runtime_error("indexing the corpus failed (" + std::to_string(r.exit_status) +
                             "): " + r.err);
  }
  return index;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_file(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

void CorpusIndexTest::SetUpTestSuite() {
  dir_ = std::make_unique<TempDir>();
  index_ = std::make_unique<std::filesystem::path>(index_corpus_copy(*dir_));
}

void CorpusIndexTest::TearDownTestSuite() {
  index_.reset();
  dir_.reset();
}

RunResult CorpusIndexTest::search(const std::vector<std::string>& args, const std::string& input) {
  return search_index(*index_, args, input);
}

}  // namespace kensaku::testing
