// Fault injection on the real kensaku-index: kill -9 at seeded random moments while it indexes
// files, reads feeds (JSONL and .jsonl.gz) and compacts; a full disk; files that vanish or turn
// unreadable mid-run. After each fault and a clean rerun, every article is in the index exactly
// once with its latest content, read back from the index with Xapian.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include "tests/test_support.h"

extern char** environ;

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Retired generations a sound --compact may leave beside the current one (item 11's bound): the
// one that readers opened before the switch may still need, and one being written.
constexpr std::size_t kMaxGenerationsOnDisk = 3;

// $KENSAKU_FAULT_SEED replays a run; otherwise a fresh seed, printed by every test that uses it.
std::uint64_t fault_seed() {
  static const std::uint64_t seed = [] {
    if (const char* env = std::getenv("KENSAKU_FAULT_SEED"); env && *env) {
      return static_cast<std::uint64_t>(std::stoull(env));
    }
    return static_cast<std::uint64_t>(std::random_device{}());
  }();
  return seed;
}

std::mt19937_64 seeded_rng(const std::string& test) {
  const std::uint64_t seed = fault_seed() ^ std::hash<std::string>{}(test);
  std::cerr << "[fault-injection] " << test << ": KENSAKU_FAULT_SEED=" << fault_seed() << "\n";
  ::testing::Test::RecordProperty("fault_seed", std::to_string(fault_seed()));
  return std::mt19937_64(seed);
}

int uniform(std::mt19937_64& rng, int low, int high) {
  return std::uniform_int_distribution<int>(low, high)(rng);
}

// Fixed-width letters only: one term whatever the tokeniser does with digits and hyphens, and no
// word is a prefix of another article's. The final q is untouched by the stemmer (which indexes
// "zqaby" as "zqabi", "zqaas" as "zqaa").
std::string letters(int n, int width) {
  std::string text(static_cast<std::size_t>(width), 'a');
  for (int i = width - 1; i >= 0; --i, n /= 26)
    text[static_cast<std::size_t>(i)] = char('a' + n % 26);
  return text;
}
std::string marker(int article) { return "zq" + letters(article, 3) + "q"; }
std::string revision_word(int article, int revision) {
  return "rv" + letters(article, 3) + letters(revision, 2) + "q";
}

// What the index must hold: each live article at its latest revision, no removed one.
struct Collection {
  std::map<int, int> live;  // article -> latest revision
  std::set<int> gone;
  int next = 0;

  void add(int count) {
    for (int i = 0; i < count; ++i) live[next++] = 0;
  }
  // Revises about `revise`% of the articles, removes `remove`%, adds `add` new ones.
  void mutate(std::mt19937_64& rng, int revise, int remove, int add_count) {
    for (auto it = live.begin(); it != live.end();) {
      const int roll = uniform(rng, 0, 99);
      if (roll < remove) {
        gone.insert(it->first);
        it = live.erase(it);
        continue;
      }
      if (roll < remove + revise) ++it->second;
      ++it;
    }
    add(add_count);
  }
};

// Title and body naming the article and its revision among filler words; the body grows with
// the revision, so a rewrite never keeps both the size and the mtime of the previous one.
std::string title_of(int article, int revision) {
  return "Report " + marker(article) + " " + revision_word(article, revision);
}
std::string body_of(int article, int revision) {
  static const char* const kWords[] = {"oil",      "price",  "market",  "trade",  "grain",
                                       "bank",     "rate",   "share",   "export", "company",
                                       "minister", "report", "analyst", "crude",  "barrel",
                                       "quarter",  "profit", "loss",    "tonnes", "harvest"};
  std::mt19937 filler(static_cast<unsigned>(article * 131 + revision));
  std::string body = marker(article) + " " + revision_word(article, revision) + ".";
  for (int i = 0; i < 220 + revision * 3; ++i) {
    body += (i % 12 == 0) ? ".\n" : " ";
    body += kWords[filler() % std::size(kWords)];
  }
  return body + "\n";
}

fs::path article_file(const fs::path& root, int article) {
  std::string folder = "d", name = "a";
  folder += std::to_string(article % 8);
  name += std::to_string(article);
  return root / folder / (name + ".txt");
}

// Brings the tree under `root` to `c`: writes every live article whose file is not at its
// revision, deletes the removed ones.
void write_tree(const fs::path& root, const Collection& c, std::map<int, int>& on_disk) {
  for (const auto& [article, revision] : c.live) {
    auto it = on_disk.find(article);
    if (it != on_disk.end() && it->second == revision) continue;
    fs::create_directories(article_file(root, article).parent_path());
    write_file(article_file(root, article),
               title_of(article, revision) + "\n\n" + body_of(article, revision));
    on_disk[article] = revision;
  }
  for (int article : c.gone) {
    if (on_disk.erase(article)) fs::remove(article_file(root, article));
  }
}

std::string feed_text(const Collection& c) {
  std::string text;
  for (const auto& [article, revision] : c.live) {
    nlohmann::json record = {{"id", std::string("r").append(std::to_string(article))},
                             {"title", title_of(article, revision)},
                             {"body", body_of(article, revision)},
                             {"date", "2025-03-30"}};
    text += record.dump() + "\n";
  }
  return text;
}

void write_gzip(const fs::path& path, const std::string& text) {
  gzFile out = gzopen(path.c_str(), "wb");
  ASSERT_NE(out, nullptr) << path;
  ASSERT_EQ(gzwrite(out, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  ASSERT_EQ(gzclose(out), Z_OK);
}

// The feed at `path` (gzip when it ends in .gz), replaced with one rename like a download that
// completed.
void write_feed(const fs::path& path, const Collection& c) {
  const fs::path partial = path.string() + ".partial";
  if (path.extension() == ".gz") {
    write_gzip(partial, feed_text(c));
  } else {
    write_file(partial, feed_text(c));
  }
  fs::rename(partial, path);
}

// The index's articles, read with Xapian: how many documents carry each marker and revision
// word. Every live article once at its latest revision, none at an older one, no removed one,
// and no id term held by two documents.
void expect_latest_exactly_once(const fs::path& db, const Collection& c, const std::string& when) {
  SCOPED_TRACE(when);
  Xapian::Database index(db.string());
  Xapian::doccount markers = 0;
  for (auto it = index.allterms_begin("zq"); it != index.allterms_end("zq"); ++it) {
    markers += it.get_termfreq();
  }
  EXPECT_EQ(markers, c.live.size()) << "documents carrying an article marker";
  std::size_t wrong = 0;
  std::string examples;
  auto note = [&](const std::string& what) {
    if (++wrong <= 5) examples += "\n  " + what;
  };
  for (const auto& [article, revision] : c.live) {
    const auto copies = index.get_termfreq(marker(article));
    if (copies != 1) note(marker(article) + " is in " + std::to_string(copies) + " documents");
    if (index.get_termfreq(revision_word(article, revision)) != 1) {
      note(marker(article) + " is not at its latest revision " + std::to_string(revision));
    }
    for (int old = 0; old < revision; ++old) {
      if (index.get_termfreq(revision_word(article, old)) != 0) {
        note(marker(article) + " still holds revision " + std::to_string(old));
      }
    }
  }
  for (int article : c.gone) {
    if (index.get_termfreq(marker(article)) != 0) note(marker(article) + " was removed");
  }
  EXPECT_EQ(wrong, 0u) << "articles not exactly once at their latest content:" << examples;
  std::size_t doubled = 0;
  for (auto it = index.allterms_begin("Q"); it != index.allterms_end("Q"); ++it) {
    doubled += it.get_termfreq() != 1;
  }
  EXPECT_EQ(doubled, 0u) << "id terms held by more than one document";
}

// What a fault may leave: an index that opens, holds no article twice, and a searcher can read.
void expect_sound_after_fault(const fs::path& db, const std::string& when) {
  SCOPED_TRACE(when);
  if (!fs::exists(db)) return;  // killed before its first commit
  std::size_t doubled = 0;
  try {
    Xapian::Database index(db.string());
    for (auto it = index.allterms_begin("zq"); it != index.allterms_end("zq"); ++it) {
      doubled += it.get_termfreq() > 1;
    }
  } catch (const Xapian::Error& e) {
    ADD_FAILURE() << "the index does not open: " << e.get_description();
    return;
  }
  EXPECT_EQ(doubled, 0u) << "articles indexed twice";
  RunResult search = search_index(db, {"--json", "--no-spelling", "--limit", "1", marker(0)});
  EXPECT_TRUE(search.exit_status == 0 || search.exit_status == 1) << search.err;
}

// kensaku-index started in the background, its stderr going to a file.
class Background {
 public:
  Background(const std::vector<std::string>& argv, const fs::path& err) : err_(err) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> args = argv;
    std::vector<char*> argp;
    for (auto& s : args) argp.push_back(s.data());
    argp.push_back(nullptr);
    if (posix_spawn(&pid_, argp[0], &actions, nullptr, argp.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Background() {
    if (pid_ > 0 && !status_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  bool started() const { return pid_ > 0; }
  // Kills it with SIGKILL; true when it was still running (the kill landed mid-run).
  bool kill_now() {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      status_ = decode(status);
      return false;
    }
    ::kill(pid_, SIGKILL);
    return wait() == 128 + SIGKILL;
  }
  int wait() {
    if (!status_) {
      int status = 0;
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      status_ = decode(status);
    }
    return *status_;
  }
  std::string err() const { return read_file(err_); }

 private:
  static int decode(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  pid_t pid_ = -1;
  std::optional<int> status_;
  fs::path err_;
};

// kensaku-index with `args`, run as `prefix` says (empty: directly).
std::vector<std::string> index_argv(const std::vector<std::string>& args,
                                    const std::vector<std::string>& prefix = {}) {
  std::vector<std::string> argv = prefix;
  argv.push_back(index_bin());
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// A clean run: must finish with status 0.
void index_cleanly(const std::vector<std::string>& args, const std::string& when,
                   const std::vector<std::string>& prefix = {}) {
  RunResult r = run(index_argv(args, prefix));
  ASSERT_EQ(r.exit_status, 0) << when << "\n" << r.err;
}

// Runs `args` and kills it after a random delay within `window_ms`; returns whether the kill
// landed while it ran. The window adapts: halved after a run that finished first, widened after
// one that was killed, so most kills land whatever the machine's speed.
bool run_and_kill(const std::vector<std::string>& args, std::mt19937_64& rng, int& window_ms,
                  const fs::path& err) {
  Background process(index_argv(args), err);
  EXPECT_TRUE(process.started());
  std::this_thread::sleep_for(std::chrono::milliseconds(uniform(rng, 0, window_ms)));
  const bool landed = process.kill_now();
  window_ms = landed ? window_ms * 5 / 4 + 1 : std::max(1, window_ms / 2);
  return landed;
}

int elapsed_ms(Clock::time_point since) {
  return static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

// A test whose kills all came too late proved nothing: it fails.
void report_kills(const std::string& test, int landed, int iterations) {
  std::cerr << "[fault-injection] " << test << ": " << landed << " of " << iterations
            << " kills landed mid-run\n";
  EXPECT_GT(landed, 0) << "no kill landed while kensaku-index ran";
}

// What a kill-and-rerun loop runs on: the indexer's arguments, its index, where a killed run's
// stderr goes, and the kill window (adapted by run_and_kill).
struct KillTarget {
  std::vector<std::string> args;
  fs::path db, err;
  int window_ms;
};

// `iterations` times: change the input (`change`), kill a run at a random moment, check the index
// is sound, rerun cleanly and check every article of `c` is present once at its latest revision.
template <typename Change>
void kill_and_rerun(const std::string& test, KillTarget target, std::mt19937_64& rng,
                    const Collection& c, int iterations, Change change) {
  int landed = 0;
  for (int i = 0; i < iterations; ++i) {
    change();
    landed += run_and_kill(target.args, rng, target.window_ms, target.err);
    const std::string when = "iteration " + std::to_string(i);
    expect_sound_after_fault(target.db, "after the kill, " + when);
    index_cleanly(target.args, "rerun, " + when);
    expect_latest_exactly_once(target.db, c, "after the rerun, " + when);
  }
  report_kills(test, landed, iterations);
}

// Kills runs over a tree of 400 files; `first` is added to the first build's options (--shards).
void kill_file_runs(const std::string& test, const std::vector<std::string>& first) {
  auto rng = seeded_rng(test);
  TempDir dir;
  const fs::path root = dir / "news", db = dir / "index";
  Collection c;
  std::map<int, int> on_disk;
  c.add(400);
  write_tree(root, c, on_disk);
  const std::vector<std::string> args{"--db", db.string(), "--batch", "25", root.string()};
  std::vector<std::string> first_args = first;
  first_args.insert(first_args.end(), args.begin(), args.end());
  auto start = Clock::now();
  index_cleanly(first_args, "first build");
  int window = elapsed_ms(start) + 20;
  kill_and_rerun(test, {args, db, dir / "killed.err", window}, rng, c, 8, [&] {
    c.mutate(rng, 30, 5, 30);
    write_tree(root, c, on_disk);
  });
}

TEST(FaultInjection, KilledFileRunsLeaveEveryArticleOnceWithItsLatestContentAfterARerun) {
  kill_file_runs("files", {});
}

TEST(FaultInjection, KilledShardedRunsLeaveEveryArticleOnceWithItsLatestContentAfterARerun) {
  kill_file_runs("shards", {"--shards", "2"});
}

// Kills runs reading a feed of `records` records at `feed` (JSONL, or gzip by its name).
void kill_feed_runs(const std::string& test, const fs::path& feed_name) {
  auto rng = seeded_rng(test);
  TempDir dir;
  const fs::path root = dir / "feeds", db = dir / "index";
  fs::create_directories(root);
  const fs::path feed = root / feed_name;
  Collection c;
  c.add(1500);
  write_feed(feed, c);
  const std::vector<std::string> args{"--db", db.string(), "--batch", "100", root.string()};
  auto start = Clock::now();
  index_cleanly(args, "first build");
  int window = elapsed_ms(start) + 20;
  kill_and_rerun(test, {args, db, dir / "killed.err", window}, rng, c, 6, [&] {
    c.mutate(rng, 40, 5, 60);
    write_feed(feed, c);
  });
}

TEST(FaultInjection, KilledJsonlFeedRunsLeaveEveryRecordOnceWithItsLatestContentAfterARerun) {
  kill_feed_runs("jsonl", "wire.jsonl");
}

TEST(FaultInjection, KilledGzipFeedRunsLeaveEveryRecordOnceWithItsLatestContentAfterARerun) {
  kill_feed_runs("jsonl.gz", "wire.jsonl.gz");
}

// A feed cut at a random byte (a download in progress) or ending in garbage keeps every record:
// those before the damage updated, those past it as they were, until the whole feed is back.
TEST(FaultInjection, AFeedCutOrDamagedMidStreamKeepsEveryRecordUntilItIsWholeAgain) {
  auto rng = seeded_rng("damaged feed");
  for (const std::string name : {"wire.jsonl", "wire.jsonl.gz"}) {
    SCOPED_TRACE(name);
    TempDir dir;
    const fs::path root = dir / "feeds", db = dir / "index", feed = root / name;
    fs::create_directories(root);
    Collection c;
    c.add(600);
    write_feed(feed, c);
    const std::vector<std::string> args{"--db", db.string(), root.string()};
    index_cleanly(args, "first build");
    for (int i = 0; i < 3; ++i) {
      c.mutate(rng, 30, 0, 0);
      write_feed(feed, c);
      std::string bytes = read_file(feed);
      const auto cut = static_cast<std::size_t>(
          uniform(rng, static_cast<int>(bytes.size() / 5), static_cast<int>(bytes.size() * 4 / 5)));
      bytes.resize(cut);
      const bool plain = name.ends_with(".jsonl");
      // In a plain feed the lines before the cut are whole records, which must be updated.
      const auto whole = static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\n'));
      if (plain && i % 2 == 1) bytes += "\n{\"id\": \"r\x01garbage";
      write_file(feed, bytes);
      RunResult damaged = run(index_argv(args));
      EXPECT_EQ(damaged.exit_status, 3) << "cut at byte " << cut << "\n" << damaged.err;
      EXPECT_TRUE(contains(damaged.err, name)) << damaged.err;
      // Every record is still there exactly once, whichever revision it is at.
      Xapian::Database index(db.string());
      std::size_t lost = 0, stale = 0, line = 0;
      for (const auto& [article, revision] : c.live) {
        lost += index.get_termfreq(marker(article)) != 1;
        if (plain && line++ < whole)
          stale += index.get_termfreq(revision_word(article, revision)) != 1;
      }
      EXPECT_EQ(lost, 0u) << "records lost from a feed cut at byte " << cut << " of " << name;
      EXPECT_EQ(stale, 0u) << "whole records before the cut at byte " << cut << " not updated";
      write_feed(feed, c);
      index_cleanly(args, "rerun on the whole feed");
      expect_latest_exactly_once(db, c, "after the whole feed is back");
    }
  }
}

std::vector<fs::path> generations(const fs::path& db) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(db)) {
    if (entry.path().filename().string().starts_with("gen-")) found.push_back(entry.path());
  }
  return found;
}

TEST(FaultInjection, KilledCompactionsKeepTheIndexSearchableAndEveryArticleOnce) {
  auto rng = seeded_rng("compact");
  TempDir dir;
  const fs::path root = dir / "news", db = dir / "index";
  Collection c;
  std::map<int, int> on_disk;
  c.add(600);
  write_tree(root, c, on_disk);
  const std::vector<std::string> args{"--db", db.string(), "--batch", "50", root.string()};
  const std::vector<std::string> compact{"--db", db.string(), "--compact"};
  index_cleanly(args, "first build");
  auto start = Clock::now();
  index_cleanly(compact, "first compaction");
  int window = elapsed_ms(start) + 20;
  int landed = 0;
  constexpr int kIterations = 6;
  for (int i = 0; i < kIterations; ++i) {
    const std::string when = "iteration " + std::to_string(i);
    c.mutate(rng, 20, 5, 20);
    write_tree(root, c, on_disk);
    index_cleanly(args, "update, " + when);
    landed += run_and_kill(compact, rng, window, dir / "killed.err");
    expect_sound_after_fault(db, "after the killed compaction, " + when);
    expect_latest_exactly_once(db, c, "after the killed compaction, " + when);
    index_cleanly(args, "rerun, " + when);
    expect_latest_exactly_once(db, c, "after the rerun, " + when);
  }
  index_cleanly(compact, "last compaction");
  expect_latest_exactly_once(db, c, "after the last compaction");
  report_kills("compact", landed, kIterations);
}

TEST(FaultInjection, RepeatedAndKilledCompactionsLeaveABoundedNumberOfGenerations) {
  auto rng = seeded_rng("generations");
  TempDir dir;
  const fs::path root = dir / "news", db = dir / "index";
  Collection c;
  std::map<int, int> on_disk;
  c.add(300);
  write_tree(root, c, on_disk);
  const std::vector<std::string> compact{"--db", db.string(), "--compact"};
  index_cleanly({"--db", db.string(), root.string()}, "first build");
  auto start = Clock::now();
  index_cleanly(compact, "first compaction");
  int window = elapsed_ms(start) + 10;
  for (int i = 0; i < 8; ++i) {
    if (i % 2 == 0) {
      run_and_kill(compact, rng, window, dir / "killed.err");
    } else {
      index_cleanly(compact, "compaction " + std::to_string(i));
    }
    EXPECT_LE(generations(db).size(), kMaxGenerationsOnDisk) << "after compaction " << i;
  }
  index_cleanly(compact, "last compaction");
  EXPECT_LE(generations(db).size(), kMaxGenerationsOnDisk);
  expect_latest_exactly_once(db, c, "after the compactions");
}

// A directory with little space: its own tmpfs where mounting is permitted (root, a mount
// namespace that allows it); otherwise none, and runs are limited with RLIMIT_FSIZE instead.
class SmallDisk {
 public:
  SmallDisk(const fs::path& dir, int kib) : dir_(dir) {
    fs::create_directories(dir);
    const std::string options = "size=" + std::to_string(kib) + "k";
    // KENSAKU_FAULT_NO_MOUNT=1 tries the fallback where mounting would work.
    const char* no_mount = std::getenv("KENSAKU_FAULT_NO_MOUNT");
    if (no_mount && std::string(no_mount) == "1") {
      why_ = "KENSAKU_FAULT_NO_MOUNT=1";
      return;
    }
    mounted_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) == 0;
    if (!mounted_) why_ = std::strerror(errno);
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  bool mounted() const { return mounted_; }
  const std::string& why_not_mounted() const { return why_; }
  // Frees space, as a user who cleared the disk would.
  void grow(int kib) {
    const std::string options = "size=" + std::to_string(kib) + "k";
    ASSERT_EQ(::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT, options.c_str()), 0);
  }

 private:
  fs::path dir_;
  bool mounted_ = false;
  std::string why_;
};

// Without a mount: writes past `kib` KiB fail with EFBIG (SIGXFSZ ignored, as a daemon would).
std::vector<std::string> file_size_limit(int kib) {
  return {"/bin/sh", "-c",
          "trap '' XFSZ; ulimit -f " + std::to_string(kib * 2) + " && exec \"$0\" \"$@\""};
}

struct FullDiskRun {
  RunResult result;
  bool mounted = false;
};

// Indexes 150 articles with room to spare, then 1,200 more onto a disk that fills up; after the
// failed run the committed articles are intact, and once there is room a rerun completes it.
void fill_the_disk(const TempDir& dir, Collection& c, FullDiskRun& out) {
  const fs::path root = dir / "news", disk = dir / "disk", db = disk / "index";
  std::map<int, int> on_disk;
  SmallDisk small(disk, 1536);
  out.mounted = small.mounted();
  if (!small.mounted()) {
    std::cerr << "[fault-injection] no tmpfs mount (" << small.why_not_mounted()
              << "): the full disk is RLIMIT_FSIZE instead\n";
  }
  const auto limit = small.mounted() ? std::vector<std::string>{} : file_size_limit(1024);
  c.add(150);
  write_tree(root, c, on_disk);
  const std::vector<std::string> args{"--db", db.string(), "--batch", "50", root.string()};
  index_cleanly(args, "first build, with room", limit);
  c.add(1200);
  write_tree(root, c, on_disk);
  out.result = run(index_argv(args, limit));
  EXPECT_NE(out.result.exit_status, 0) << "the disk never filled up: make the disk smaller";
  expect_sound_after_fault(db, "after the disk filled up");
  if (small.mounted()) small.grow(256 * 1024);
  index_cleanly(args, "rerun with room");
  expect_latest_exactly_once(db, c, "after the rerun with room");
}

// Item 22: disk full is said as such, with the path, exit 2; never as an unreadable or damaged
// index to remove, and a xapian-check hint names a generation (xapian-check cannot open a stub).
void expect_disk_full_message(const RunResult& result, const fs::path& disk) {
  const std::string& err = result.err;
  EXPECT_EQ(result.exit_status, 2) << err;
  EXPECT_TRUE(contains(err, "disk full") || contains(err, "No space left on device")) << err;
  EXPECT_TRUE(contains(err, disk.string())) << "names the full disk's path:\n" << err;
  for (const char* wrong :
       {"corrupt", "damaged", "cannot be read", "unreadable", "remove it", "delete", "rm -"}) {
    EXPECT_FALSE(contains(err, wrong)) << "\"" << wrong << "\" in:\n" << err;
  }
  if (const auto at = err.find("xapian-check "); at != std::string::npos) {
    const std::string command = err.substr(at, err.find_first_of("'\n", at) - at);
    EXPECT_TRUE(contains(command, "gen-")) << command;
  }
}

TEST(FaultInjection, AFullDiskLosesNothingAndARerunWithRoomCompletesTheIndex) {
  TempDir dir;
  Collection c;
  FullDiskRun full;
  fill_the_disk(dir, c, full);
}

TEST(FaultInjection, AFullDiskIsReportedAsDiskFullWithThePathAndNoHintToDeleteTheIndex) {
  TempDir dir;
  Collection c;
  FullDiskRun full;
  fill_the_disk(dir, c, full);
  if (!full.mounted) GTEST_SKIP() << "no tmpfs mount here: the disk-full message is not checked";
  expect_disk_full_message(full.result, dir / "disk");
}

// Bytes the files under `dir` take on disk (what a tmpfs counts).
std::uintmax_t allocated_bytes(const fs::path& dir) {
  std::uintmax_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    struct stat info {};
    if (entry.is_regular_file() && ::stat(entry.path().c_str(), &info) == 0) {
      total += static_cast<std::uintmax_t>(info.st_blocks) * 512;
    }
  }
  return total;
}

// Builds an index of 600 articles, moves it onto a tmpfs with room for it but not for a
// compacted copy beside it, and compacts there: the compaction fails, the index it started from
// stays current and whole, and once there is room a compaction succeeds.
void compact_on_a_full_disk(const TempDir& dir, FullDiskRun& out) {
  const fs::path root = dir / "news", built = dir / "built", disk = dir / "disk";
  const fs::path db = disk / "index";
  Collection c;
  std::map<int, int> on_disk;
  c.add(600);
  write_tree(root, c, on_disk);
  index_cleanly({"--db", built.string(), root.string()}, "build with room");
  const auto kib = static_cast<int>(allocated_bytes(built) / 1024 * 105 / 100 + 64);
  SmallDisk small(disk, kib);
  out.mounted = small.mounted();
  if (!small.mounted()) GTEST_SKIP() << "no tmpfs mount (" << small.why_not_mounted() << ")";
  fs::copy(built, db, fs::copy_options::recursive);
  out.result = run(index_argv({"--db", db.string(), "--compact"}));
  EXPECT_NE(out.result.exit_status, 0) << "the compaction found room: make the disk smaller";
  expect_sound_after_fault(db, "after the compaction ran out of room");
  expect_latest_exactly_once(db, c, "after the compaction ran out of room");
  small.grow(256 * 1024);
  index_cleanly({"--db", db.string(), "--compact"}, "compaction with room");
  expect_latest_exactly_once(db, c, "after the compaction with room");
}

TEST(FaultInjection, ACompactionOnAFullDiskKeepsTheIndexCurrentAndWhole) {
  TempDir dir;
  FullDiskRun full;
  compact_on_a_full_disk(dir, full);
}

TEST(FaultInjection, ACompactionOnAFullDiskIsReportedAsDiskFullWithThePath) {
  TempDir dir;
  FullDiskRun full;
  compact_on_a_full_disk(dir, full);
  if (!full.mounted) return;  // skipped above
  expect_disk_full_message(full.result, dir / "disk");
}

// Runs as an unprivileged user where the test is root (root reads any file), after handing the
// directory to that user.
std::vector<std::string> unprivileged(const fs::path& dir) {
  if (geteuid() != 0) return {};
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    EXPECT_EQ(::lchown(entry.path().c_str(), 65534, 65534), 0) << entry.path();
  }
  EXPECT_EQ(::chown(dir.c_str(), 65534, 65534), 0);
  return {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
}

// Starts a run that must read every file, does `fault` to some of them after a random delay,
// and waits for the run: it must end normally (0, or 3 naming the files it could not read).
template <typename Fault>
void fault_mid_run(const std::vector<std::string>& argv, std::mt19937_64& rng, int window_ms,
                   const fs::path& err, Fault fault) {
  Background process(argv, err);
  ASSERT_TRUE(process.started());
  std::this_thread::sleep_for(std::chrono::milliseconds(uniform(rng, 0, window_ms)));
  fault();
  const int status = process.wait();
  EXPECT_TRUE(status == 0 || status == 3) << "status " << status << "\n" << process.err();
}

TEST(FaultInjection, FilesThatVanishMidRunAreRemovedAndEveryOtherArticleIndexedOnce) {
  auto rng = seeded_rng("vanishing");
  TempDir dir;
  const fs::path root = dir / "news", db = dir / "index";
  Collection c;
  std::map<int, int> on_disk;
  c.add(800);
  write_tree(root, c, on_disk);
  const std::vector<std::string> args{"--db", db.string(), "--batch", "50", root.string()};
  auto start = Clock::now();
  index_cleanly(args, "first build");
  const int window = elapsed_ms(start);
  for (int i = 0; i < 4; ++i) {
    c.mutate(rng, 100, 0, 0);  // every file changes: the run reads them all
    write_tree(root, c, on_disk);
    std::vector<int> doomed;
    for (const auto& [article, revision] : c.live) {
      if (uniform(rng, 0, 9) == 0) doomed.push_back(article);
    }
    fault_mid_run(index_argv(args), rng, window, dir / "run.err", [&] {
      for (int article : doomed) fs::remove(article_file(root, article));
    });
    for (int article : doomed) {
      c.live.erase(article);
      c.gone.insert(article);
      on_disk.erase(article);
    }
    expect_sound_after_fault(db, "after files vanished, iteration " + std::to_string(i));
    index_cleanly(args, "rerun");
    expect_latest_exactly_once(db, c, "after the rerun, iteration " + std::to_string(i));
  }
}

TEST(FaultInjection, FilesThatTurnUnreadableMidRunKeepTheirArticlesUntilTheyCanBeReadAgain) {
  auto rng = seeded_rng("unreadable");
  TempDir dir;
  const fs::path root = dir / "news", db = dir / "index";
  Collection c;
  std::map<int, int> on_disk;
  c.add(800);
  write_tree(root, c, on_disk);
  const auto as_user = unprivileged(dir.path());
  const std::vector<std::string> args{"--db", db.string(), "--batch", "50", root.string()};
  auto start = Clock::now();
  index_cleanly(args, "first build", as_user);
  const int window = elapsed_ms(start);
  for (int i = 0; i < 3; ++i) {
    const Collection before = c;
    c.mutate(rng, 100, 0, 0);
    write_tree(root, c, on_disk);
    if (!as_user.empty()) unprivileged(dir.path());
    std::vector<int> locked;
    for (const auto& [article, revision] : c.live) {
      if (uniform(rng, 0, 9) == 0) locked.push_back(article);
    }
    fault_mid_run(index_argv(args, as_user), rng, window, dir / "run.err", [&] {
      for (int article : locked) {
        fs::permissions(article_file(root, article), fs::perms::none, fs::perm_options::replace);
      }
    });
    // While they stay unreadable each keeps its article at one of its revisions, and each not
    // yet at its latest is named.
    RunResult again = run(index_argv(args, as_user));
    Xapian::Database index(db.string());
    std::size_t lost = 0, unnamed = 0, stale = 0;
    for (int article : locked) {
      const bool old_one = index.get_termfreq(revision_word(article, before.live.at(article))) == 1;
      const bool new_one = index.get_termfreq(revision_word(article, c.live.at(article))) == 1;
      lost += index.get_termfreq(marker(article)) != 1 || !(old_one || new_one);
      // One read at its new revision before the lock is unchanged, and rightly not opened again.
      stale += !new_one;
      if (!new_one) unnamed += !contains(again.err, article_file(root, article).string() + ":");
    }
    EXPECT_EQ(again.exit_status, stale ? 3 : 0) << again.err;
    EXPECT_EQ(lost, 0u) << "articles of unreadable files lost, iteration " << i;
    EXPECT_EQ(unnamed, 0u) << again.err;
    for (int article : locked) {
      fs::permissions(article_file(root, article), fs::perms::owner_read | fs::perms::owner_write,
                      fs::perm_options::replace);
    }
    index_cleanly(args, "rerun once readable", as_user);
    expect_latest_exactly_once(db, c,
                               "after the files are readable, iteration " + std::to_string(i));
  }
}

TEST(FaultInjection, AFeedThatTurnsUnreadableMidRunKeepsEveryRecordUntilItCanBeReadAgain) {
  auto rng = seeded_rng("unreadable feed");
  for (const std::string name : {"wire.jsonl", "wire.jsonl.gz"}) {
    SCOPED_TRACE(name);
    TempDir dir;
    const fs::path root = dir / "feeds", db = dir / "index", feed = root / name;
    fs::create_directories(root);
    Collection c;
    c.add(1000);
    write_feed(feed, c);
    const auto as_user = unprivileged(dir.path());
    const std::vector<std::string> args{"--db", db.string(), "--batch", "100", root.string()};
    auto start = Clock::now();
    index_cleanly(args, "first build", as_user);
    const int window = elapsed_ms(start);
    for (int i = 0; i < 2; ++i) {
      c.mutate(rng, 50, 0, 0);
      write_feed(feed, c);
      if (!as_user.empty()) unprivileged(dir.path());
      fault_mid_run(index_argv(args, as_user), rng, window, dir / "run.err",
                    [&] { fs::permissions(feed, fs::perms::none, fs::perm_options::replace); });
      // A new version arrives unreadable (the feed was opened before the lock, or not at all):
      // the next run must read it and cannot; it is named, exits 3 and loses no record.
      c.mutate(rng, 50, 0, 0);
      write_feed(feed, c);
      if (!as_user.empty()) unprivileged(dir.path());
      fs::permissions(feed, fs::perms::none, fs::perm_options::replace);
      RunResult again = run(index_argv(args, as_user));
      EXPECT_EQ(again.exit_status, 3) << again.err;
      EXPECT_TRUE(contains(again.err, feed.string())) << again.err;
      Xapian::Database index(db.string());
      std::size_t lost = 0;
      for (const auto& [article, revision] : c.live) {
        lost += index.get_termfreq(marker(article)) != 1;
      }
      EXPECT_EQ(lost, 0u) << "records of an unreadable feed lost, iteration " << i;
      fs::permissions(feed, fs::perms::owner_read | fs::perms::owner_write,
                      fs::perm_options::replace);
      index_cleanly(args, "rerun once readable", as_user);
      expect_latest_exactly_once(db, c,
                                 "after the feed is readable, iteration " + std::to_string(i));
    }
  }
}

}  // namespace
}  // namespace kensaku::testing
