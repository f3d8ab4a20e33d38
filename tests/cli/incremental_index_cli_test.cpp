// Tests of incremental kensaku-index runs: change detection, removal, dry runs, locks, signals,
// crashes, compaction.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "tests/child_process.h"
#include "tests/test_support.h"

extern char** environ;

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

RunResult index(const std::vector<std::string>& args) {
  std::vector<std::string> argv{index_bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

// The ids kensaku-search returns for `query` (at most 200); none when it had to show the results
// of a spelling suggestion instead.
std::set<std::string> search_ids(const fs::path& db, const std::string& query) {
  RunResult r = run({search_bin(), "--db", db.string(), "--json", "--limit", "200", query});
  EXPECT_TRUE(r.exit_status == 0 || r.exit_status == 1) << r.err;
  std::set<std::string> ids;
  json response = json::parse(r.out);
  if (response.value("showing_suggestion", false)) return ids;
  for (const auto& hit : response["hits"]) ids.insert(hit["id"].get<std::string>());
  return ids;
}

std::size_t article_count(const fs::path& db) {
  return Xapian::Database(db.string()).get_doccount();
}

// The number of id terms whose article is indexed more than once (0 for a sound index).
std::size_t doubled_ids(const fs::path& db) {
  Xapian::Database database(db.string());
  std::size_t doubled = 0;
  for (auto it = database.allterms_begin("Q"); it != database.allterms_end("Q"); ++it) {
    if (it.get_termfreq() != 1) ++doubled;
  }
  return doubled;
}

// The generation the index's stub names (xapian-check takes a database, not a stub).
fs::path current_generation(const fs::path& db) {
  std::istringstream stub(read_file(db / "XAPIANDB"));
  std::string backend, relative;
  stub >> backend >> relative;
  return db / relative;
}

// A process started in the background, its output going to files.
class Background {
 public:
  Background(const std::vector<std::string>& argv, const fs::path& output) : output_(output) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
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
  bool started() const { return pid_ > 0; }
  bool running() {
    if (status_) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      status_ = decode(status);
      return false;
    }
    return true;
  }
  void signal(int sig) { ::kill(pid_, sig); }
  int wait() {
    if (!status_) {
      int status = 0;
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      status_ = decode(status);
    }
    return *status_;
  }
  std::string err() const { return read_file(output_); }

 private:
  static int decode(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  pid_t pid_ = -1;
  std::optional<int> status_;
  fs::path output_;
};

// Polls until `ready` or the process ends; true when `ready` came first.
template <typename Ready>
bool wait_until(Background& process, Ready ready) {
  for (int i = 0; i < 6000; ++i) {
    if (ready()) return true;
    if (!process.running()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// Committed articles, 0 while there is no index yet or it is being created.
std::size_t committed(const fs::path& db) {
  try {
    return article_count(db);
  } catch (const Xapian::Error&) {
    return 0;
  }
}

// Writes the Reuters-21578 articles as text files (title line, blank line, body), 1000 to a
// directory, and returns how many it wrote.
std::size_t write_reuters_tree(const fs::path& shared, const fs::path& root, std::size_t limit) {
  RunResult unzipped =
      run({"/bin/gzip", "-dc", (shared / "corpora/reuters21578/reuters.jsonl.gz").string()});
  if (unzipped.exit_status != 0) throw std::runtime_error("gzip failed: " + unzipped.err);
  std::istringstream lines(unzipped.out);
  std::string line;
  std::size_t written = 0;
  while (written < limit && std::getline(lines, line)) {
    json record = json::parse(line);
    std::string id = std::to_string(record["id"].get<long>());
    std::string title = record.value("title", "");
    std::string body = record.value("body", "");
    std::string text = title + "\n\n" + body + "\n";
    if (title.empty() && body.empty()) text = "Reuters article " + id + " has no text.\n";
    char name[64];
    std::snprintf(name, sizeof name, "%02zu/%05zu.txt", written / 1000, written);
    write_file(root / name, text);
    ++written;
  }
  return written;
}

// Copies the shipped articles (each file that has a sidecar, and the sidecars) into `to`, leaving
// out whatever else corpus/ may hold, so the counts below are those of the five articles.
void copy_articles(const fs::path& to) {
  fs::create_directories(to);
  for (const auto& entry : fs::directory_iterator(corpus_dir())) {
    std::string name = entry.path().filename().string();
    if (name.ends_with(".meta") || fs::exists(entry.path().string() + ".meta")) {
      fs::copy_file(entry.path(), to / name);
    }
  }
}

class IncrementalIndexCli : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_ = dir_ / "corpus";
    db_ = dir_ / "index";
    copy_articles(corpus_);
    RunResult first = index({"--db", db_.string(), corpus_.string()});
    ASSERT_EQ(first.exit_status, 0) << first.err;
  }

  RunResult rerun(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--db", db_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(corpus_.string());
    return index(args);
  }

  TempDir dir_;
  fs::path corpus_, db_;
  const std::string article_ = "001_9e27ae2802fd3b6b.txt";
  const std::string article_id_ = "corpus/001_9e27ae2802fd3b6b.txt";
};

TEST_F(IncrementalIndexCli, ANewFileIsAddedAndFound) {
  write_file(corpus_ / "new.txt", "Quokka census\n\nThe quokka census counted many quokkas.\n");
  RunResult r = rerun();
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "scanned 6 · added 1 · updated 0 · removed 0 · unchanged 5"))
      << r.err;
  EXPECT_EQ(search_ids(db_, "quokka"), std::set<std::string>{"corpus/new.txt"});
  EXPECT_EQ(article_count(db_), 6u);
}

TEST_F(IncrementalIndexCli, AModifiedFileIsReplacedNotDoubled) {
  ASSERT_EQ(search_ids(db_, "wombat"), std::set<std::string>{});
  std::string text = read_file(corpus_ / article_);
  write_file(corpus_ / article_, text + "\nA wombat was seen at the headquarters.\n");
  RunResult r = rerun();
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "added 0 · updated 1 · removed 0 · unchanged 4")) << r.err;
  EXPECT_EQ(search_ids(db_, "wombat"), std::set<std::string>{article_id_});
  EXPECT_EQ(article_count(db_), 5u);
  EXPECT_EQ(doubled_ids(db_), 0u);
}

TEST_F(IncrementalIndexCli, ATouchedFileIsNotReindexedAndNotReadAgainNextTime) {
  fs::path file = corpus_ / article_;
  fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(10));
  RunResult touched = rerun();
  ASSERT_EQ(touched.exit_status, 0) << touched.err;
  EXPECT_TRUE(contains(touched.err, "added 0 · updated 0 · removed 0 · unchanged 5"))
      << touched.err;

  // Same size, same mtime, different bytes: only a run that opened the file could notice.
  std::string text = read_file(file);
  auto stamp = fs::last_write_time(file);
  std::string swapped = text;
  swapped.replace(swapped.size() - 9, 8, " zebras ");
  write_file(file, swapped);
  fs::last_write_time(file, stamp);
  RunResult again = rerun();
  ASSERT_EQ(again.exit_status, 0) << again.err;
  EXPECT_TRUE(contains(again.err, "updated 0 · removed 0 · unchanged 5")) << again.err;
  EXPECT_EQ(search_ids(db_, "zebras"), std::set<std::string>{});
}

TEST_F(IncrementalIndexCli, ADeletedFileIsRemovedFromTheIndex) {
  ASSERT_TRUE(search_ids(db_, "\"joint defense command\"").count(article_id_));
  fs::remove(corpus_ / article_);
  fs::remove(corpus_ / (article_ + ".meta"));
  RunResult r = rerun();
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "scanned 4 · added 0 · updated 0 · removed 1 · unchanged 4"))
      << r.err;
  EXPECT_FALSE(search_ids(db_, "\"joint defense command\"").count(article_id_));
  EXPECT_EQ(article_count(db_), 4u);
}

TEST_F(IncrementalIndexCli, ARenamedFileIsRemovedUnderItsOldIdAndAddedUnderItsNewOne) {
  fs::rename(corpus_ / article_, corpus_ / "renamed.txt");
  fs::rename(corpus_ / (article_ + ".meta"), corpus_ / "renamed.txt.meta");
  RunResult r = rerun();
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "added 1 · updated 0 · removed 1 · unchanged 4")) << r.err;
  std::set<std::string> hits = search_ids(db_, "\"joint defense command\"");
  EXPECT_TRUE(hits.count("corpus/renamed.txt"));
  EXPECT_FALSE(hits.count(article_id_));
  EXPECT_EQ(article_count(db_), 5u);
}

TEST_F(IncrementalIndexCli, ASidecarLeftBehindByARenameIsNotIndexedAsAnArticle) {
  fs::rename(corpus_ / article_, corpus_ / "renamed.txt");
  RunResult r = rerun();
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "scanned 5 · added 1 · updated 0 · removed 1 · unchanged 4"))
      << r.err;
  EXPECT_EQ(article_count(db_), 5u);
  EXPECT_TRUE(search_ids(db_, "\"joint defense command\"").count("corpus/renamed.txt"));
  // Indexed as an article, the sidecar would be found by its own comment line.
  EXPECT_EQ(search_ids(db_, "\"metadata stated by the article\""), std::set<std::string>{});
}

TEST_F(IncrementalIndexCli, AChangedSidecarReindexesItsArticle) {
  fs::path meta = corpus_ / (article_ + ".meta");
  std::string text = read_file(meta);
  std::size_t title = text.find("title: ");
  ASSERT_NE(title, std::string::npos);
  text.insert(title + 7, "Platypus ");
  write_file(meta, text);
  RunResult r = rerun();
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "added 0 · updated 1 · removed 0 · unchanged 4")) << r.err;
  EXPECT_EQ(search_ids(db_, "title:platypus"), std::set<std::string>{article_id_});
}

TEST_F(IncrementalIndexCli, KeepMissingKeepsTheArticlesOfVanishedFiles) {
  fs::remove(corpus_ / article_);
  RunResult r = rerun({"--keep-missing"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "removed 0 · unchanged 4")) << r.err;
  EXPECT_TRUE(search_ids(db_, "\"joint defense command\"").count(article_id_));
}

TEST_F(IncrementalIndexCli, APathThatCannotBeReadKeepsItsArticles) {
  fs::rename(corpus_, dir_ / "elsewhere");  // as if its disk were not mounted
  RunResult r = rerun();
  EXPECT_EQ(r.exit_status, 3) << r.err;
  EXPECT_TRUE(contains(r.err, "removed 0")) << r.err;
  EXPECT_EQ(article_count(db_), 5u);
}

TEST_F(IncrementalIndexCli, DryRunPrintsEachChangeAndChangesNothing) {
  write_file(corpus_ / "new.txt", "Quokka census\n\nThe quokka census counted many quokkas.\n");
  write_file(corpus_ / article_, read_file(corpus_ / article_) + "\nA wombat.\n");
  fs::remove(corpus_ / "000_d9e0c6bde5f95736.txt");
  fs::remove(corpus_ / "000_d9e0c6bde5f95736.txt.meta");
  const auto revision = Xapian::Database(db_.string()).get_revision();

  RunResult dry = rerun({"--dry-run"});
  ASSERT_EQ(dry.exit_status, 0) << dry.err;
  EXPECT_TRUE(contains(dry.out, "would add corpus/new.txt\n")) << dry.out;
  EXPECT_TRUE(contains(dry.out, "would update " + article_id_ + "\n")) << dry.out;
  EXPECT_TRUE(contains(dry.out, "would remove corpus/000_d9e0c6bde5f95736.txt\n")) << dry.out;
  EXPECT_TRUE(contains(dry.err, "added 1 · updated 1 · removed 1 · unchanged 3")) << dry.err;
  EXPECT_EQ(Xapian::Database(db_.string()).get_revision(), revision);
  EXPECT_EQ(search_ids(db_, "quokka"), std::set<std::string>{});

  RunResult real = rerun();
  EXPECT_TRUE(contains(real.err, "added 1 · updated 1 · removed 1 · unchanged 3")) << real.err;
}

TEST_F(IncrementalIndexCli, DryRunOnANewIndexCreatesNothing) {
  fs::path fresh = dir_ / "fresh";
  RunResult r = index({"--db", fresh.string(), "--dry-run", corpus_.string()});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "added 5")) << r.err;
  EXPECT_FALSE(fs::exists(fresh));
}

TEST_F(IncrementalIndexCli, UnderCronTheSummaryIsTheOnlyOutputAndVerboseNamesEachFile) {
  write_file(corpus_ / "new.txt", "Quokka census\n\nThe quokka census counted many quokkas.\n");
  RunResult r = rerun();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  fs::remove(corpus_ / "new.txt");
  RunResult verbose = rerun({"--verbose"});
  EXPECT_TRUE(contains(verbose.err, "removed corpus/new.txt\n")) << verbose.err;
  EXPECT_TRUE(contains(verbose.err, "unchanged " + article_id_ + "\n")) << verbose.err;
}

TEST_F(IncrementalIndexCli, WaitWaitsForTheLockThenIndexes) {
  write_file(corpus_ / "new.txt", "Quokka census\n\nThe quokka census counted many quokkas.\n");
  auto holder = std::make_unique<Xapian::WritableDatabase>(db_.string(), Xapian::DB_OPEN);
  RunResult impatient = rerun({"--wait", "0.3"});
  EXPECT_EQ(impatient.exit_status, 75) << impatient.err;

  Background waiting({index_bin(), "--db", db_.string(), "--wait", "120", corpus_.string()},
                     dir_ / "waiting.err");
  ASSERT_TRUE(waiting.started());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_TRUE(waiting.running()) << waiting.err();
  holder.reset();  // releases the lock
  EXPECT_EQ(waiting.wait(), 0) << waiting.err();
  EXPECT_TRUE(contains(waiting.err(), "added 1 · updated 0 · removed 0 · unchanged 5"))
      << waiting.err();
}

TEST_F(IncrementalIndexCli, CompactKeepsResultsAndSwitchesToASmallerOrEqualGeneration) {
  const std::vector<std::string> queries = {"japan", "\"joint defense command\"", "missile",
                                            "author:maslow"};
  std::vector<std::string> before;
  for (const auto& q : queries) {
    before.push_back(run({search_bin(), "--db", db_.string(), "--json", q}).out);
  }
  fs::path old_generation = current_generation(db_);
  auto size = [](const fs::path& dir) {
    std::uintmax_t bytes = 0;
    for (const auto& e : fs::directory_iterator(dir))
      bytes += e.is_regular_file() ? e.file_size() : 0;
    return bytes;
  };
  const std::uintmax_t old_size = size(old_generation);
  // A reader that opened the index before the switch holds the old generation.
  ChildProcess reader({search_bin(), "--db", db_.string(), "--serve"});
  reader.write_line(R"({"q": "japan"})");
  ASSERT_TRUE(reader.read_line().has_value());

  RunResult r = index({"--db", db_.string(), "--compact"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "compacted")) << r.err;
  fs::path new_generation = current_generation(db_);
  EXPECT_NE(new_generation, old_generation);
  EXPECT_LE(size(new_generation), old_size);
  EXPECT_TRUE(fs::exists(old_generation));  // still held by `reader`
  for (std::size_t i = 0; i < queries.size(); ++i) {
    EXPECT_EQ(run({search_bin(), "--db", db_.string(), "--json", queries[i]}).out, before[i]);
  }
  reader.write_line(R"({"q": "missile"})");
  std::optional<std::string> answer = reader.read_line();
  ASSERT_TRUE(answer.has_value());
  EXPECT_TRUE(contains(*answer, "\"hits\"")) << *answer;
  EXPECT_EQ(reader.wait(), 0);
  RunResult check = run({"/usr/bin/xapian-check", new_generation.string()});
  EXPECT_EQ(check.exit_status, 0) << check.out << check.err;

  // The next run writes to the new generation.
  write_file(corpus_ / "new.txt", "Quokka census\n\nThe quokka census counted many quokkas.\n");
  RunResult after = rerun();
  EXPECT_TRUE(contains(after.err, "added 1 · updated 0 · removed 0 · unchanged 5")) << after.err;
  EXPECT_EQ(search_ids(db_, "quokka"), std::set<std::string>{"corpus/new.txt"});
  // No reader holds the old generation any more: the next writer removed it.
  EXPECT_FALSE(fs::exists(old_generation));
}

// The Reuters articles as files: the large runs that crashes and signals interrupt.
class ReutersIndexCli : public ::testing::Test {
 protected:
  std::size_t write_tree(const fs::path& shared, std::size_t limit) {
    return write_reuters_tree(shared, tree_, limit);
  }
  TempDir dir_;
  fs::path tree_ = dir_ / "reuters";
  fs::path db_ = dir_ / "index";
};

// A run over many files reads the stored stamps in one pass instead of looking each article up:
// every kind of change must still be found, wherever in the walk it is.
TEST_F(ReutersIndexCli, InALargeTreeEveryKindOfChangeIsFoundWhereverItIs) {
  REQUIRE_SHARED_OR_SKIP(shared);
  ASSERT_EQ(write_tree(shared, 1200), 1200u);
  RunResult first = run({index_bin(), "--db", db_.string(), tree_.string()});
  ASSERT_EQ(first.exit_status, 0) << first.err;
  auto rerun = [&] { return run({index_bin(), "--db", db_.string(), tree_.string()}); };

  const fs::path early = tree_ / "00/00003.txt";  // among the first files walked
  const fs::path late = tree_ / "01/01150.txt";   // among the last
  write_file(early, read_file(early) + "\nA wombat was seen at the exchange.\n");
  write_file(late, read_file(late) + "\nA quokka was seen at the exchange.\n");
  const fs::path touched = tree_ / "01/01100.txt";
  fs::last_write_time(touched, fs::last_write_time(touched) + std::chrono::seconds(10));
  fs::remove(tree_ / "01/01000.txt");
  write_file(tree_ / "01/new.txt", "Kangaroo count\n\nThe kangaroo count rose.\n");
  RunResult changed = rerun();
  ASSERT_EQ(changed.exit_status, 0) << changed.err;
  EXPECT_TRUE(
      contains(changed.err, "scanned 1200 · added 1 · updated 2 · removed 1 · unchanged 1197"))
      << changed.err;
  EXPECT_EQ(search_ids(db_, "wombat"), std::set<std::string>{"reuters/00/00003.txt"});
  EXPECT_EQ(search_ids(db_, "quokka"), std::set<std::string>{"reuters/01/01150.txt"});
  EXPECT_EQ(search_ids(db_, "kangaroo"), std::set<std::string>{"reuters/01/new.txt"});
  EXPECT_EQ(article_count(db_), 1200u);
  EXPECT_EQ(doubled_ids(db_), 0u);

  // The touched file's new stamp was stored: changing its bytes behind the same size and mtime
  // goes unnoticed, because the file is not opened again.
  const std::string text = read_file(touched);
  const auto stamp = fs::last_write_time(touched);
  std::string swapped = text;
  swapped.replace(0, 6, "Zebras");
  write_file(touched, swapped);
  fs::last_write_time(touched, stamp);
  RunResult again = rerun();
  ASSERT_EQ(again.exit_status, 0) << again.err;
  EXPECT_TRUE(
      contains(again.err, "scanned 1200 · added 0 · updated 0 · removed 0 · unchanged 1200"))
      << again.err;
  EXPECT_FALSE(search_ids(db_, "zebras").count("reuters/01/01100.txt"));
}

TEST_F(ReutersIndexCli, AnIndexerKilledMidRunLeavesACleanIndexAndTheRerunHasEveryArticleOnce) {
  REQUIRE_SHARED_OR_SKIP(shared);
  const std::size_t articles = write_tree(shared, SIZE_MAX);
  ASSERT_EQ(articles, 21578u);
  Background indexer(
      {index_bin(), "--db", db_.string(), "--quiet", "--batch", "500", tree_.string()},
      dir_ / "killed.err");
  ASSERT_TRUE(wait_until(indexer, [&] { return committed(db_) >= 1000; })) << indexer.err();
  indexer.signal(SIGKILL);
  EXPECT_EQ(indexer.wait(), 128 + SIGKILL);
  const std::size_t survived = article_count(db_);
  EXPECT_GE(survived, 1000u);
  EXPECT_LT(survived, articles);
  RunResult check = run({"/usr/bin/xapian-check", current_generation(db_).string()});
  EXPECT_EQ(check.exit_status, 0) << check.out << check.err;
  EXPECT_TRUE(contains(check.out, "No errors found")) << check.out;

  RunResult rerun = index({"--db", db_.string(), tree_.string()});
  ASSERT_EQ(rerun.exit_status, 0) << rerun.err;
  EXPECT_TRUE(contains(rerun.err, "scanned 21578 · added " + std::to_string(articles - survived) +
                                      " · updated 0 · removed 0 · unchanged " +
                                      std::to_string(survived)))
      << rerun.err;
  EXPECT_EQ(article_count(db_), articles);
  EXPECT_EQ(doubled_ids(db_), 0u);
}

TEST_F(ReutersIndexCli, SigtermCommitsExits143AndTheRerunFinishesTheRest) {
  REQUIRE_SHARED_OR_SKIP(shared);
  const std::size_t articles = write_tree(shared, 6000);
  Background indexer({index_bin(), "--db", db_.string(), "--batch", "100", tree_.string()},
                     dir_ / "term.err");
  ASSERT_TRUE(wait_until(indexer, [&] { return committed(db_) >= 100; })) << indexer.err();
  indexer.signal(SIGTERM);
  EXPECT_EQ(indexer.wait(), 143) << indexer.err();
  EXPECT_TRUE(contains(indexer.err(), "stopped")) << indexer.err();
  const std::size_t done = article_count(db_);
  EXPECT_LT(done, articles);
  // What the summary says was added is exactly what was committed.
  EXPECT_TRUE(contains(indexer.err(), "added " + std::to_string(done) + " ·")) << indexer.err();

  RunResult rerun = index({"--db", db_.string(), tree_.string()});
  ASSERT_EQ(rerun.exit_status, 0) << rerun.err;
  EXPECT_TRUE(contains(rerun.err, "added " + std::to_string(articles - done) +
                                      " · updated 0 · removed 0 · unchanged " +
                                      std::to_string(done)))
      << rerun.err;
  EXPECT_EQ(article_count(db_), articles);
  EXPECT_EQ(doubled_ids(db_), 0u);
}

TEST_F(ReutersIndexCli, OfTwoIndexersStartedTogetherOneIndexesAndTheOtherExits75) {
  REQUIRE_SHARED_OR_SKIP(shared);
  const std::size_t articles = write_tree(shared, 3000);
  // A first run creates the index, so both contenders open an existing one.
  write_file(dir_ / "seed" / "a.txt", "Seed\n\nA seed article.\n");
  ASSERT_EQ(index({"--db", db_.string(), "--keep-missing", (dir_ / "seed").string()}).exit_status,
            0);
  Background first({index_bin(), "--db", db_.string(), tree_.string()}, dir_ / "first.err");
  Background second({index_bin(), "--db", db_.string(), tree_.string()}, dir_ / "second.err");
  std::multiset<int> statuses{first.wait(), second.wait()};
  EXPECT_EQ(statuses, (std::multiset<int>{0, 75})) << first.err() << second.err();
  std::string loser = first.wait() == 75 ? first.err() : second.err();
  EXPECT_TRUE(contains(loser, db_.string())) << loser;
  EXPECT_TRUE(contains(loser, "another kensaku-index")) << loser;
  EXPECT_EQ(article_count(db_), articles + 1);
}

TEST_F(ReutersIndexCli, SearchesInALoopAllSucceedWhileTheIndexerCommitsManyBatches) {
  REQUIRE_SHARED_OR_SKIP(shared);
  const std::size_t articles = write_tree(shared, 3000);
  Background indexer({index_bin(), "--db", db_.string(), "--batch", "25", tree_.string()},
                     dir_ / "loop.err");
  ASSERT_TRUE(wait_until(indexer, [&] { return committed(db_) > 0; })) << indexer.err();
  std::size_t searches = 0, failures = 0;
  std::set<std::size_t> totals;
  std::string last_error;
  while (indexer.running()) {
    RunResult r = run({search_bin(), "--db", db_.string(), "--json", "oil prices"});
    ++searches;
    json response = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
    if ((r.exit_status != 0 && r.exit_status != 1) || response.is_discarded()) {
      ++failures;
      last_error = "exit " + std::to_string(r.exit_status) + ": " + r.err.substr(0, 2000);
    } else {
      totals.insert(response["total"].get<std::size_t>());
    }
  }
  EXPECT_EQ(indexer.wait(), 0) << indexer.err();
  EXPECT_EQ(failures, 0u) << last_error;
  // The searches saw several commits, not one finished index.
  EXPECT_GE(totals.size(), 2u) << searches << " searches";
  EXPECT_EQ(article_count(db_), articles);
}

}  // namespace
}  // namespace kensaku::testing
