// Tests of both binaries over damaged indexes: every table file damaged in several ways, and the
// stub; each command exits 2 with a message and a hint, never 134 (std::terminate) or 139.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <string>

#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kArticles = 300;  // enough for tables of many blocks, so damage is not all at block 0

void write_articles(const fs::path& dir, int count) {
  fs::create_directories(dir);
  for (int i = 0; i < count; ++i) {
    // Appended piecewise: GCC 12's -Wrestrict misfires on chained operator+ here.
    std::string body = "Article ";
    body.append(std::to_string(i)).append("\n\nOil prices and grain exports, item ");
    body.append(std::to_string(i)).append(", word").append(std::to_string(i * 7));
    body.append(" term").append(std::to_string(i * 13)).append(" and more about markets.\n");
    std::string name = "a";
    name.append(std::to_string(i)).append(".txt");
    write_file(dir / name, body);
  }
}

// What a user sees when a command fails: a message, a hint, no bare Xapian class name.
void expect_reported(const RunResult& r, const std::string& what) {
  EXPECT_LT(r.exit_status, 128) << what << ": killed by a signal\n" << r.err;
  if (r.exit_status != 2) return;
  EXPECT_TRUE(contains(r.err, "kensaku-index: ") || contains(r.err, "kensaku-search: "))
      << what << '\n'
      << r.err;
  EXPECT_TRUE(contains(r.err, "hint: ")) << what << '\n' << r.err;
  EXPECT_FALSE(contains(r.err, "Error:")) << what << '\n' << r.err;
  EXPECT_FALSE(contains(r.err, "terminate")) << what << '\n' << r.err;
}

class DamagedIndex : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pristine_ = new TempDir;
    write_articles(*pristine_ / "src", kArticles);
    // A feed too: its records are found through the index's terms and metadata.
    fs::copy_file(test_data_dir() / "feeds" / "world_news.jsonl",
                  *pristine_ / "src" / "world_news.jsonl");
    RunResult r = run({index_bin(), "--db", (*pristine_ / "index").string(), "--quiet",
                       (*pristine_ / "src").string()});
    ASSERT_EQ(r.exit_status, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete pristine_;
    pristine_ = nullptr;
  }

  // A fresh copy of the pristine index, to damage.
  fs::path copy() {
    fs::path db = dir_ / "index";
    fs::remove_all(db);
    fs::copy(*pristine_ / "index", db, fs::copy_options::recursive);
    return db;
  }

  fs::path src() const { return *pristine_ / "src"; }

  // Every command that opens the index, each run once.
  std::vector<std::pair<std::string, RunResult>> run_every_command(const fs::path& db) {
    const std::string d = db.string();
    // A new article each time, so an indexing run has something to write.
    write_file(dir_ / "extra" / ("new" + std::to_string(++runs_) + ".txt"), "New\n\nFresh oil.\n");
    const std::string extra = (dir_ / "extra").string();
    // A touched feed is read again, its earlier records looked up in the index.
    fs::last_write_time(src() / "world_news.jsonl",
                        fs::file_time_type::clock::now() + std::chrono::seconds(runs_));
    return {
        {"index", run({index_bin(), "--db", d, src().string(), extra})},
        {"index --dry-run", run({index_bin(), "--db", d, "--dry-run", src().string(), extra})},
        {"index --keep-missing", run({index_bin(), "--db", d, "--keep-missing", extra})},
        {"index --compact", run({index_bin(), "--db", d, "--compact"})},
        {"index --check", run({index_bin(), "--db", d, "--check"})},
        {"search", run({search_bin(), "--db", d, "oil"})},
        {"search --json", run({search_bin(), "--db", d, "--json", "grain exports"})},
    };
  }

  TempDir dir_;
  int runs_ = 0;
  static TempDir* pristine_;
};

TempDir* DamagedIndex::pristine_ = nullptr;

enum class Damage { kEmpty, kFirstBlockOnly, kHalf, kGarbage, kGarbageHead, kMissing };

const char* name_of(Damage damage) {
  static const char* kNames[] = {"emptied", "cut to 100 bytes", "cut in half",
                                 "garbage", "garbage head",     "removed"};
  return kNames[static_cast<int>(damage)];
}

void damage_file(const fs::path& file, Damage damage, unsigned seed) {
  const auto size = fs::file_size(file);
  std::mt19937 random(seed);
  auto garbage = [&](std::size_t n) {
    std::string bytes(n, '\0');
    for (char& c : bytes) c = static_cast<char>(random() & 0xff);
    return bytes;
  };
  switch (damage) {
    case Damage::kEmpty:
      fs::resize_file(file, 0);
      break;
    case Damage::kFirstBlockOnly:
      fs::resize_file(file, std::min<std::uintmax_t>(size, 100));
      break;
    case Damage::kHalf:
      fs::resize_file(file, size / 2);
      break;
    case Damage::kGarbage:
      write_file(file, garbage(size));
      break;
    case Damage::kGarbageHead: {
      std::string bytes = read_file(file);
      bytes.replace(0, std::min<std::size_t>(bytes.size(), 8192), garbage(8192));
      write_file(file, bytes);
      break;
    }
    case Damage::kMissing:
      fs::remove(file);
      break;
  }
}

TEST_F(DamagedIndex, EveryCommandOverEveryDamagedTableExitsTwoWithAMessageOrWorks) {
  const std::vector<std::string> tables = {"postlist.glass", "termlist.glass", "docdata.glass",
                                           "position.glass", "iamglass"};
  const std::vector<Damage> damages = {Damage::kEmpty,   Damage::kFirstBlockOnly, Damage::kHalf,
                                       Damage::kGarbage, Damage::kGarbageHead,    Damage::kMissing};
  unsigned seed = 1;
  for (const std::string& table : tables) {
    for (Damage damage : damages) {
      const fs::path db = copy();
      damage_file(db / "gen-0001" / table, damage, seed++);
      std::string what = table;
      what.append(" ").append(name_of(damage));
      for (const auto& [command, result] : run_every_command(db)) {
        expect_reported(result, what + ": " + command);
        // A table emptied, cut to its first block or overwritten whole is read as damaged on
        // opening, and so is a missing postlist or version file (Xapian reads a missing
        // termlist, docdata or position table as one never written).
        const bool whole_table = damage == Damage::kEmpty || damage == Damage::kFirstBlockOnly ||
                                 damage == Damage::kGarbage;
        const bool vital = table == "postlist.glass" || table == "iamglass";
        if (whole_table || (damage == Damage::kMissing && vital)) {
          EXPECT_EQ(result.exit_status, 2) << what << ": " << command << '\n' << result.err;
        }
      }
    }
  }
}

TEST_F(DamagedIndex, CheckFindsDamageAnywhereInATable) {
  for (const char* table : {"postlist.glass", "termlist.glass", "position.glass"}) {
    for (Damage damage : {Damage::kHalf, Damage::kGarbage, Damage::kEmpty}) {
      const fs::path db = copy();
      damage_file(db / "gen-0001" / table, damage, 7);
      RunResult r = run({index_bin(), "--db", db.string(), "--check"});
      EXPECT_EQ(r.exit_status, 2) << table << " " << name_of(damage) << '\n' << r.out << r.err;
      expect_reported(r, table);
      EXPECT_TRUE(contains(r.err, "errors in the index at " + db.string())) << r.err;
      // The check's own failure never sends the user to run the check again.
      EXPECT_FALSE(contains(r.err, "--check' to see")) << r.err;
    }
  }
}

TEST_F(DamagedIndex, CheckOfASoundIndexSaysSoAndExitsZero) {
  const fs::path db = copy();
  RunResult r = run({index_bin(), "--db", db.string(), "--check"});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "no damage found")) << r.err;
  EXPECT_TRUE(contains(r.out, "gen-0001")) << r.out;
}

TEST_F(DamagedIndex, ADamagedStubStopsEveryCommandWithAHintThatDoesNotLoopBack) {
  struct StubCase {
    std::string name;
    std::string content;
  };
  const std::vector<StubCase> stubs = {
      {"a missing generation", "glass gen-0042\n"},
      {"an empty stub", ""},
      {"comments only", "# nothing here\n"},
      {"a stub naming itself", "auto XAPIANDB\n"},
      {"an unknown line", "flint gen-0001\n"},
      {"garbage", std::string("\x01\x02\xff\xfe garbage\n", 14)},
  };
  for (const StubCase& stub : stubs) {
    const fs::path db = copy();
    write_file(db / "XAPIANDB", stub.content);
    for (const auto& [command, result] : run_every_command(db)) {
      EXPECT_EQ(result.exit_status, 2) << stub.name << ": " << command << '\n' << result.err;
      expect_reported(result, stub.name + ": " + command);
      // kensaku-index cannot open this index: telling the user to run it is no help.
      EXPECT_FALSE(contains(result.err, "PATH...' first")) << stub.name << '\n' << result.err;
      EXPECT_FALSE(contains(result.err, "--check' to see")) << stub.name << '\n' << result.err;
    }
  }
}

TEST_F(DamagedIndex, AStubNamingAMissingGenerationShowsHowToGoBackToTheOneThatIsThere) {
  const fs::path db = copy();
  write_file(db / "XAPIANDB", "glass gen-0042\n");
  RunResult r = run({search_bin(), "--db", db.string(), "oil"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_TRUE(contains(r.err, "gen-0042")) << r.err;
  EXPECT_TRUE(contains(r.err, "printf 'glass gen-0001\\n' > " + (db / "XAPIANDB").string()))
      << r.err;
  // The repair the hint names works.
  write_file(db / "XAPIANDB", "glass gen-0001\n");
  EXPECT_EQ(run({search_bin(), "--db", db.string(), "oil"}).exit_status, 0);
}

TEST_F(DamagedIndex, ADamagedShardStopsEveryCommandOfTheShardedIndex) {
  const fs::path pristine = dir_ / "sharded-pristine";
  ASSERT_EQ(
      run({index_bin(), "--db", pristine.string(), "--shards", "2", "--quiet", src().string()})
          .exit_status,
      0);
  const fs::path db = dir_ / "sharded";
  for (Damage damage : {Damage::kGarbage, Damage::kEmpty, Damage::kMissing}) {
    fs::remove_all(db);
    fs::copy(pristine, db, fs::copy_options::recursive);
    damage_file(db / "shard-01" / "gen-0001" / "postlist.glass", damage, 3);
    for (const auto& [command, result] : run_every_command(db)) {
      expect_reported(result, std::string(name_of(damage)) + ": " + command);
      EXPECT_EQ(result.exit_status, 2) << name_of(damage) << ": " << command << '\n' << result.err;
    }
  }
}

}  // namespace
}  // namespace kensaku::testing
