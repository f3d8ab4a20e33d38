// Tests of SearcherOptions::allow_remote_programs and of the reader lock a Searcher holds.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>

#include "indexer/indexer.h"
#include "kensaku/search.h"
#include "tests/test_support.h"

namespace kensaku {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

fs::path make_index(const TempDir& dir) {
  fs::path db = dir / "index";
  IndexOptions options;
  options.database = db.string();
  Indexer(options, nullptr).run({testing::corpus_dir().string()});
  return db;
}

// True when some process holds a lock on the directory `path` (an exclusive one cannot be had).
bool held(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY);
  const bool locked = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
  ::close(fd);
  return locked;
}

TEST(SearcherOptions, AStubThatWouldRunAProgramIsRefusedByDefaultAndFollowedWhenAllowed) {
  TempDir dir;
  const fs::path db = make_index(dir);
  const fs::path stub = dir / "stub";
  testing::write_file(stub, "remote :/usr/bin/xapian-progsrv " + (db / "gen-0001").string() + "\n");
  EXPECT_THROW(Searcher(std::vector<std::string>{stub.string()}), UsageError);
  Searcher allowed({stub.string()}, "", SearcherOptions{.allow_remote_programs = true});
  SearchRequest request;
  request.query = "japan";
  EXPECT_FALSE(allowed.search(request).hits.empty());
}

TEST(SearcherOptions, ASearcherHoldsTheGenerationItReadsAndLetsGoWhenItCloses) {
  TempDir dir;
  const fs::path db = make_index(dir);
  EXPECT_FALSE(held(db / "gen-0001"));
  {
    Searcher searcher(db.string());
    EXPECT_TRUE(held(db / "gen-0001"));
  }
  EXPECT_FALSE(held(db / "gen-0001"));
}

}  // namespace
}  // namespace kensaku
