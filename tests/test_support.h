// Helpers shared by the tests: paths to the corpus and ../shared, temporary directories, running
// the binaries.
#ifndef KENSAKU_TESTS_TEST_SUPPORT_H_
#define KENSAKU_TESTS_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kensaku::testing {

// The repository's corpus/ directory (the shipped articles).
std::filesystem::path corpus_dir();

// tests/data/ (small fixtures kept in the repository).
std::filesystem::path test_data_dir();

// ../shared beside the repository (or $KENSAKU_SHARED_DIR), or nullopt when it is absent. Tests
// that need it call REQUIRE_SHARED_OR_SKIP() instead of this directly.
std::optional<std::filesystem::path> shared_dir();

// A directory under the system temp dir, removed with everything in it when this object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// What a finished process left behind.
struct RunResult {
  int exit_status = -1;  // exit code, or 128 + signal number when killed by a signal
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] is a path) with extra environment entries "NAME=value" (each replacing an
// inherited one of that name), waits for it and captures stdout and stderr. `input` is written to
// its stdin.
RunResult run(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
              const std::string& input = {});

// True when `needle` occurs in `haystack` (output and error text checks).
bool contains(const std::string& haystack, const std::string& needle);

// Runs kensaku-search --db `db` with `args` (and `input` on stdin).
RunResult search_index(const std::filesystem::path& db, const std::vector<std::string>& args,
                       const std::string& input = {});

// The built binaries.
std::string index_bin();
std::string search_bin();

// Copies the shipped corpus into `dir` and indexes it into `dir/index`; returns the index path.
std::filesystem::path index_corpus_copy(const TempDir& dir);

// The fixture of the CLI tests that search corpus/: one index per test suite, built once.
class CorpusIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  // The index, for tests that run the binaries their own way.
  static const std::filesystem::path& index() { return *index_; }
  // kensaku-search --db INDEX ARGS..., with `input` on its standard input.
  static RunResult search(const std::vector<std::string>& args, const std::string& input = {});

 private:
  static inline std::unique_ptr<TempDir> dir_;
  static inline std::unique_ptr<std::filesystem::path> index_;
};

// Reads a whole file.
std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& content);

}  // namespace kensaku::testing

// Skips the test (or fails it, under KENSAKU_REQUIRE_SHARED=1) when ../shared is absent; otherwise
// declares `shared` as its path.
#define REQUIRE_SHARED_OR_SKIP(shared)                                                          \
  const auto shared##_opt = ::kensaku::testing::shared_dir();                                   \
  if (!shared##_opt) {                                                                          \
    const char* require = std::getenv("KENSAKU_REQUIRE_SHARED");                                \
    if (require && std::string(require) == "1") {                                               \
      FAIL() << "../shared is missing and KENSAKU_REQUIRE_SHARED=1";                            \
    }                                                                                           \
    GTEST_SKIP() << "../shared is not beside the repository (set KENSAKU_SHARED_DIR); skipped"; \
  }                                                                                             \
  const std::filesystem::path shared = *shared##_opt

#endif  // KENSAKU_TESTS_TEST_SUPPORT_H_
