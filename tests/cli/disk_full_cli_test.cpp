// Tests of kensaku-index on a full disk (a small tmpfs) and past a file size limit (ulimit -f):
// reported as such, with the index's path, the last commit intact and searchable.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;

void write_articles(const fs::path& dir, int count) {
  fs::create_directories(dir);
  for (int i = 0; i < count; ++i) {
    std::string body = "Article ";
    body.append(std::to_string(i)).append("\n\nOil and grain exports, item ");
    for (int w = 0; w < 40; ++w) body.append(" w").append(std::to_string(i * 41 + w));
    std::string name = "a";
    name.append(std::to_string(i)).append(".txt");
    write_file(dir / name, body + "\n");
  }
}

// What a full disk must read like: its cause and the path, no advice to delete the index.
void expect_disk_full(const RunResult& r, const fs::path& db, const std::string& cause) {
  EXPECT_EQ(r.exit_status, 2) << r.err;
  EXPECT_TRUE(contains(r.err, cause)) << r.err;
  EXPECT_TRUE(contains(r.err, db.string())) << r.err;
  EXPECT_FALSE(contains(r.err, "cannot be read")) << r.err;
  EXPECT_FALSE(contains(r.err, "remove")) << r.err;
  EXPECT_TRUE(contains(r.err, "the last commit is intact")) << r.err;
}

// A tmpfs of `kib` KiB mounted on a directory, unmounted when this dies; mounted() is false where
// mounting is not permitted.
class SmallDisk {
 public:
  SmallDisk(const fs::path& where, int kib) : where_(where) {
    fs::create_directories(where_);
    const std::string options = "size=" + std::to_string(kib) + "k";
    mounted_ = ::mount("tmpfs", where_.c_str(), "tmpfs", 0, options.c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(where_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }

 private:
  fs::path where_;
  bool mounted_ = false;
};

TEST(DiskFull, AFullDiskIsReportedAsOneAndTheLastCommitStaysSearchable) {
  TempDir dir;
  write_articles(dir / "src", 400);
  SmallDisk disk(dir / "disk", 256);
  if (!disk.mounted())
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root); the ulimit test runs";
  const fs::path db = dir / "disk" / "index";
  RunResult r = run({index_bin(), "--db", db.string(), "--batch", "20", (dir / "src").string()});
  expect_disk_full(r, db, "no space left");
  EXPECT_EQ(run({search_bin(), "--db", db.string(), "oil"}).exit_status, 0);

  RunResult compact = run({index_bin(), "--db", db.string(), "--compact"});
  expect_disk_full(compact, db, "no space left");
  // The half-written generation is gone, and the index answers as before.
  std::size_t generations = 0;
  for (const auto& e : fs::directory_iterator(db)) {
    generations += e.path().filename().string().starts_with("gen-") ? 1 : 0;
  }
  EXPECT_EQ(generations, 1u);
  EXPECT_EQ(run({search_bin(), "--db", db.string(), "oil"}).exit_status, 0);
  RunResult check = run({index_bin(), "--db", db.string(), "--check"});
  EXPECT_EQ(check.exit_status, 0) << check.out << check.err;
}

TEST(DiskFull, AFileSizeLimitIsReportedAsOneNotAsAKillBySigxfsz) {
  TempDir dir;
  write_articles(dir / "src", 400);
  const fs::path db = dir / "index";
  // 64 blocks of 512 bytes: the first commits fit, the tables soon do not.
  RunResult r = run({"/bin/sh", "-c", "ulimit -f 64 && exec \"$0\" --db \"$1\" --batch 20 \"$2\"",
                     index_bin(), db.string(), (dir / "src").string()});
  expect_disk_full(r, db, "size limit");
  EXPECT_EQ(run({search_bin(), "--db", db.string(), "oil"}).exit_status, 0);
}

}  // namespace
}  // namespace kensaku::testing
