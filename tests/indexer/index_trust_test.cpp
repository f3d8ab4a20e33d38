// Tests that indexing loses nothing and counts right: damaged and unreadable feeds, duplicate
// record ids, long ids, and roots that share a name.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <xapian.h>
#include <zlib.h>

#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "common/schema.h"
#include "common/stored_fields.h"
#include "common/index_layout.h"
#include "indexer/indexer.h"
#include "indexer/parsers/feed_reader.h"
#include "indexer/root_registry.h"
#include "tests/test_support.h"

namespace kensaku {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

class Recorder : public IndexObserver {
 public:
  void on_failure(const InputError& error) override { failures.push_back(error.what()); }
  void on_notice(const std::string& message) override { notices.push_back(message); }
  std::vector<std::string> failures, notices;
};

struct Outcome {
  IndexSummary summary;
  std::vector<std::string> failures, notices;
};

Outcome index(const fs::path& db, const std::vector<fs::path>& paths, unsigned shards = 0) {
  Recorder recorder;
  IndexOptions options;
  options.database = db.string();
  options.shards = shards;
  Indexer indexer(options, &recorder);
  std::vector<std::string> args;
  for (const fs::path& path : paths) args.push_back(path.string());
  Outcome run{indexer.run(args), {}, {}};
  run.failures = recorder.failures;
  run.notices = recorder.notices;
  return run;
}

// Every article of the index: id -> title (all shards).
std::map<std::string, std::string> articles(const fs::path& db) {
  std::map<std::string, std::string> found;
  IndexLayout layout(db.string());
  std::vector<std::string> databases;
  if (layout.shard_count() == 0) databases.push_back(db.string());
  for (unsigned i = 0; i < layout.shard_count(); ++i) {
    databases.push_back(layout.shard_directory(i));
  }
  for (const std::string& path : databases) {
    Xapian::Database xdb(path);
    const std::string marker(schema::any_article_term());
    for (auto it = xdb.postlist_begin(marker); it != xdb.postlist_end(marker); ++it) {
      Xapian::Document doc = xdb.get_document(*it);
      const std::string id = doc.get_value(schema::kIdSlot);
      EXPECT_FALSE(found.count(id)) << "two articles with the id " << id;
      found[id] = decode_stored_fields(doc.get_data()).title;
    }
  }
  return found;
}

std::size_t doc_count(const fs::path& db) { return articles(db).size(); }

// True when the article `id` is found again by its id term, as --like and replacement find it.
bool found_by_id(const fs::path& db, const std::string& id) {
  Xapian::Database xdb(db.string());
  const std::string term = schema::id_term(id);
  auto it = xdb.postlist_begin(term);
  return it != xdb.postlist_end(term) && xdb.get_document(*it).get_value(schema::kIdSlot) == id;
}

// `head` and the number `n`.
std::string numbered(std::string_view head, long long n) {
  std::string text(head);
  text.append(std::to_string(n));
  return text;
}

std::string record(const std::string& id, const std::string& version) {
  return R"({"id": ")" + id + R"(", "title": "Story )" + id + " " + version +
         R"(", "body": "The harbour story )" + id + " in its " + version + " version.\"}\n";
}

std::string records(int from, int to, const std::string& version) {
  std::string content;
  for (int i = from; i <= to; ++i) content += record(std::to_string(i), version);
  return content;
}

std::string gzip(const std::string& content) {
  uLongf size = compressBound(content.size()) + 64;
  std::string out(size, '\0');
  z_stream stream{};
  deflateInit2(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(content.data()));
  stream.avail_in = static_cast<uInt>(content.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

void write_story(const fs::path& path, const std::string& title);

// One way a feed can be damaged: the file's new bytes, and the records it still shows in v2.
struct Damage {
  std::string name;
  std::string file;   // feed.jsonl or feed.jsonl.gz
  std::string bytes;  // what the feed holds now
};

std::vector<Damage> damages() {
  const std::string head = records(1, 20, "v2");
  const std::string whole = records(1, 40, "v2");
  const std::string packed = gzip(whole);
  std::vector<Damage> list = {
      {"garbage tail", "feed.jsonl", head + "\x01\x02\xff garbage {{{\nmore junk"},
      {"last line cut", "feed.jsonl", head + record("21", "v2").substr(0, 30)},
      {"binary tail", "feed.jsonl", head + std::string("\0\0\0\x7f\x45\x4c\x46", 7)},
      {"malformed middle line", "feed.jsonl", head + "{not json\n" + records(21, 40, "v2")},
      {"gzip trailing garbage", "feed.jsonl.gz", gzip(head) + "trailing bytes"},
      {"gzip half a second member", "feed.jsonl.gz",
       gzip(head) + gzip(records(21, 40, "v2")).substr(0, 40)},
      {"gzip corrupt in the middle", "feed.jsonl.gz",
       packed.substr(0, packed.size() / 2) + std::string(64, '\xAA') +
           packed.substr(packed.size() / 2 + 64)},
  };
  for (std::size_t cut : {packed.size() / 3, packed.size() / 2, packed.size() - 9,
                          packed.size() - 4, packed.size() - 1}) {
    list.push_back({numbered("gzip cut at byte ", static_cast<long long>(cut)), "feed.jsonl.gz",
                    packed.substr(0, cut)});
  }
  return list;
}

// A feed that is damaged keeps every record it had; the records it still shows are updated; the
// damage is named; and once it is whole again, the records it lost are removed.
TEST(DamagedFeed, KeepsTheRecordsPastTheDamageAndUpdatesTheOthers) {
  for (const Damage& damage : damages()) {
    SCOPED_TRACE(damage.name);
    TempDir dir;
    fs::create_directories(dir / "wire");
    const fs::path feed = dir / "wire" / damage.file;
    write_file(feed,
               damage.file.ends_with(".gz") ? gzip(records(1, 40, "v1")) : records(1, 40, "v1"));
    ASSERT_EQ(index(dir / "db", {dir / "wire"}).summary.added, 40u);

    write_file(feed, damage.bytes);
    const Outcome run = index(dir / "db", {dir / "wire"});
    EXPECT_EQ(run.summary.removed, 0u);
    EXPECT_GE(run.summary.failed, 1u);
    ASSERT_FALSE(run.failures.empty());
    EXPECT_NE(run.failures.back().find(feed.string()), std::string::npos) << run.failures.back();
    const auto held = articles(dir / "db");
    EXPECT_EQ(held.size(), 40u);
    std::size_t v2 = 0;
    for (const auto& [id, title] : held) v2 += title.ends_with(" v2");
    EXPECT_EQ(v2, run.summary.updated);
    EXPECT_GE(run.summary.updated, damage.name.starts_with("gzip") ? 0u : 20u);

    // Damage is read again on the next run (a download finishing), never taken as unchanged.
    EXPECT_EQ(index(dir / "db", {dir / "wire"}).summary.removed, 0u);

    // Whole again, with records 31-40 gone: only now are they removed.
    const std::string repaired = records(1, 30, "v3");
    write_file(feed, damage.file.ends_with(".gz") ? gzip(repaired) : repaired);
    const Outcome whole = index(dir / "db", {dir / "wire"});
    EXPECT_EQ(whole.summary.failed, 0u) << (whole.failures.empty() ? "" : whole.failures[0]);
    EXPECT_EQ(whole.summary.removed, 10u);
    EXPECT_EQ(articles(dir / "db").size(), 30u);
  }
}

TEST(DamagedFeed, KeepsItsRecordsInEveryShardAndNamesTheDamageOnce) {
  TempDir dir;
  fs::create_directories(dir / "wire");
  const std::string packed = gzip(records(1, 60, "v1"));
  write_file(dir / "wire" / "feed.jsonl.gz", packed);
  ASSERT_EQ(index(dir / "db", {dir / "wire"}, 3).summary.added, 60u);
  const std::string next = gzip(records(1, 40, "v2"));
  write_file(dir / "wire" / "feed.jsonl.gz", next.substr(0, next.size() - 6));
  const Outcome run = index(dir / "db", {dir / "wire"}, 3);
  EXPECT_EQ(run.summary.removed, 0u);
  EXPECT_EQ(run.summary.updated, 40u);
  EXPECT_EQ(run.failures.size(), 1u);
  EXPECT_EQ(doc_count(dir / "db"), 60u);
  write_file(dir / "wire" / "feed.jsonl.gz", next);
  EXPECT_EQ(index(dir / "db", {dir / "wire"}, 3).summary.removed, 20u);
  EXPECT_EQ(doc_count(dir / "db"), 40u);
}

TEST(DamagedFeed, AnEmptyFeedKeepsItsRecordsAsAnEmptyFileKeepsItsArticle) {
  TempDir dir;
  fs::create_directories(dir / "in");
  write_file(dir / "in" / "wire.jsonl", records(1, 5, "v1"));
  write_file(dir / "in" / "wire.jsonl.gz", gzip(records(1, 5, "v1")));
  write_story(dir / "in" / "story.txt", "Story");
  ASSERT_EQ(index(dir / "db", {dir / "in"}).summary.added, 11u);
  for (const char* name : {"wire.jsonl", "wire.jsonl.gz", "story.txt"}) {
    write_file(dir / "in" / name, "");
  }
  const Outcome run = index(dir / "db", {dir / "in"});
  EXPECT_EQ(run.summary.failed, 3u);
  EXPECT_EQ(run.summary.removed, 0u);
  EXPECT_EQ(doc_count(dir / "db"), 11u);
}

// Every cut of a gzip feed short of its end, and every byte flipped, is damage: never a
// complete read.
TEST(DamagedFeed, EveryCutOfAGzipFeedIsAnIncompleteRead) {
  TempDir dir;
  const std::string packed = gzip(records(1, 12, "v1"));
  const fs::path feed = dir / "feed.jsonl.gz";
  auto complete = [&](const std::string& bytes) {
    write_file(feed, bytes);
    return read_feed(
               feed.string(), "f", [](Article&&, long) {}, [](const InputError&) {})
        .complete;
  };
  EXPECT_TRUE(complete(packed));
  EXPECT_TRUE(complete(packed + packed));
  for (std::size_t cut = 1; cut < packed.size(); ++cut) {
    EXPECT_FALSE(complete(packed.substr(0, cut))) << "cut at " << cut;
    EXPECT_FALSE(complete(packed + packed.substr(0, cut))) << "second member cut at " << cut;
  }
  for (std::size_t at = 10; at < packed.size(); ++at) {
    std::string flipped = packed;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x55);
    EXPECT_FALSE(complete(flipped)) << "byte " << at << " flipped";
  }
}

TEST(DamagedFeed, NamesTheByteOffsetOfGzipDamage) {
  TempDir dir;
  const std::string packed = gzip(records(1, 40, "v1"));
  write_file(dir / "cut.jsonl.gz", packed.substr(0, packed.size() - 4));
  write_file(dir / "tail.jsonl.gz", packed + "junk");
  const Outcome run = index(dir / "db", {dir / "cut.jsonl.gz", dir / "tail.jsonl.gz"});
  ASSERT_EQ(run.failures.size(), 2u);
  EXPECT_NE(run.failures[0].find("truncated gzip stream after line 40 (byte " +
                                 std::to_string(packed.size() - 4) + ")"),
            std::string::npos)
      << run.failures[0];
  EXPECT_NE(run.failures[1].find("unreadable data after the gzip stream after line 40 (byte " +
                                 std::to_string(packed.size()) + ")"),
            std::string::npos)
      << run.failures[1];
}

TEST(DamagedFeed, AFeedReadToItsEndRemovesWhatItNoLongerHas) {
  // A last line without a line break, and gzip members one after another, are whole feeds.
  TempDir dir;
  std::string plain = records(1, 10, "v1");
  write_file(dir / "plain.jsonl", plain);
  write_file(dir / "multi.jsonl.gz", gzip(records(1, 5, "v1")) + gzip(records(6, 10, "v1")));
  ASSERT_EQ(index(dir / "db", {dir.path()}).summary.added, 20u);
  plain = records(1, 8, "v1");
  plain.pop_back();
  write_file(dir / "plain.jsonl", plain);
  write_file(dir / "multi.jsonl.gz", gzip(records(1, 5, "v1")) + gzip(records(6, 9, "v1")));
  const Outcome run = index(dir / "db", {dir.path()});
  EXPECT_EQ(run.summary.failed, 0u);
  EXPECT_EQ(run.summary.removed, 3u);
  EXPECT_EQ(articles(dir / "db").size(), 17u);
}

// A feed replaced by one that cannot be read (/proc/self/mem: EIO, and a size of 0) keeps its
// records.
TEST(UnreadableFeed, KeepsEveryRecordItHad) {
  TempDir dir;
  fs::create_directories(dir / "wire");
  write_file(dir / "wire" / "feed.jsonl", records(1, 25, "v1"));
  ASSERT_EQ(index(dir / "db", {dir / "wire"}).summary.added, 25u);
  fs::remove(dir / "wire" / "feed.jsonl");
  fs::create_symlink("/proc/self/mem", dir / "wire" / "feed.jsonl");
  const Outcome run = index(dir / "db", {dir / "wire"});
  EXPECT_EQ(run.summary.failed, 1u);
  EXPECT_EQ(run.summary.removed, 0u);
  ASSERT_EQ(run.failures.size(), 1u);
  EXPECT_NE(run.failures[0].find("feed.jsonl"), std::string::npos);
  EXPECT_EQ(articles(dir / "db").size(), 25u);
}

// What an I/O error looks like to the reader (/proc/self/mem cannot be read at offset 0): named,
// with errno's words, and never a complete read.
TEST(UnreadableFeed, AnInputOutputErrorIsNamedAndNeverACompleteRead) {
  std::vector<std::string> errors;
  const FeedRead read = read_feed(
      "/proc/self/mem", "f", [](Article&&, long) {},
      [&](const InputError& error) { errors.push_back(error.what()); });
  EXPECT_FALSE(read.complete);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("/proc/self/mem: read error after line 0 (byte 0): Input/output error"),
            std::string::npos)
      << errors[0];
}

// Moves the modification time of every file under `root` one minute on: every file is read.
void touch_all(const fs::path& root) {
  for (auto it = fs::recursive_directory_iterator(root); it != fs::end(it); ++it) {
    if (it->is_regular_file()) {
      fs::last_write_time(it->path(), fs::last_write_time(it->path()) + std::chrono::minutes(1));
    }
  }
}

// Random feeds with repeated ids, over many runs, sharded or not: each duplicate is named at
// its own line, and added - removed is always the change in the index.
void check_counts_over_generated_feeds(unsigned shards) {
  TempDir dir;
  fs::create_directories(dir / "wire");
  std::mt19937 random(20260314 + shards);
  std::size_t before = 0;
  for (int round = 0; round < 25; ++round) {
    SCOPED_TRACE(numbered("round ", round));
    std::string content;
    std::set<std::string> ids;
    std::size_t duplicates = 0;
    std::vector<std::size_t> duplicate_lines;
    const int lines = 5 + static_cast<int>(random() % 30);
    for (int line = 1; line <= lines; ++line) {
      const std::string id = std::to_string(random() % 40);
      if (!ids.insert(id).second) {
        ++duplicates;
        duplicate_lines.push_back(static_cast<std::size_t>(line));
      }
      content += record(id, numbered("v", random() % 3));
    }
    write_file(dir / "wire" / "feed.jsonl", content);
    const Outcome run = index(dir / "db", {dir / "wire"}, shards);
    const std::size_t after = doc_count(dir / "db");
    EXPECT_EQ(after, ids.size());
    EXPECT_EQ(before + run.summary.added - run.summary.removed, after);
    EXPECT_EQ(run.summary.added + run.summary.updated + run.summary.unchanged, ids.size());
    EXPECT_EQ(run.summary.scanned, ids.size());
    ASSERT_EQ(run.failures.size(), duplicates);
    for (std::size_t i = 0; i < duplicates; ++i) {
      EXPECT_NE(
          run.failures[i].find(numbered("feed.jsonl:", static_cast<long long>(duplicate_lines[i])) +
                               ": duplicate record id"),
          std::string::npos)
          << run.failures[i];
    }
    before = after;
  }
}

TEST(DuplicateRecordIds, AreNamedAtTheLaterLineAndCountedOnce) {
  check_counts_over_generated_feeds(0);
}

TEST(DuplicateRecordIds, AreNamedOnceAndCountedOnceInAShardedIndex) {
  check_counts_over_generated_feeds(3);
}

// Random changes to two same-named roots of files, feeds (some damaged, some with repeats) and
// nested folders, sharded or not: after every run, added - removed is the change in the index
// and every article is there once.
TEST(SummaryCounts, EqualTheChangeInTheIndexOverGeneratedRuns) {
  for (unsigned shards : {0u, 2u}) {
    TempDir dir;
    std::mt19937 random(1414 + shards);
    const std::vector<fs::path> roots = {dir / "a" / "news", dir / "b" / "news"};
    std::size_t before = 0;
    for (int round = 0; round < 30; ++round) {
      SCOPED_TRACE(numbered("round ", round) + numbered(" shards ", shards));
      for (const fs::path& root : roots) {
        for (int change = 0; change < 4; ++change) {
          const fs::path file = root / numbered("d", random() % 3) / numbered("f", random() % 6);
          switch (random() % 5) {
            case 0:
              fs::remove(file.string() + ".txt");
              break;
            case 1:
            case 2:
              write_story(file.string() + ".txt", numbered("Story ", random() % 4));
              break;
            case 3: {
              std::string feed;
              const int lines = static_cast<int>(random() % 8);
              for (int i = 0; i < lines; ++i) {
                feed += record(std::to_string(random() % 6), numbered("v", random() % 2));
              }
              if (random() % 4 == 0) feed += "{cut";
              fs::create_directories(file.parent_path());
              write_file(file.string() + ".jsonl", random() % 3 == 0 ? gzip(feed) : feed);
              break;
            }
            default:
              fs::remove(file.string() + ".jsonl");
          }
        }
      }
      const std::vector<fs::path> run_roots =
          random() % 2 ? roots : std::vector<fs::path>{roots[random() % 2]};
      const Outcome run = index(dir / "db", run_roots, shards);
      const std::size_t after = doc_count(dir / "db");  // also checks every id is there once
      EXPECT_EQ(before + run.summary.added - run.summary.removed, after);
      before = after;
    }
  }
}

// A folder named like a feed's records ("wire.jsonl#x") holds its own feed: neither feed takes
// the other's records for its own.
TEST(SummaryCounts, AFolderNamedLikeAFeedsRecordsKeepsItsOwnFeed) {
  TempDir dir;
  fs::create_directories(dir / "in" / "wire.jsonl#x");
  write_file(dir / "in" / "wire.jsonl", records(1, 5, "v1"));
  write_file(dir / "in" / "wire.jsonl#x" / "b.jsonl", records(1, 5, "v1"));
  EXPECT_EQ(index(dir / "db", {dir / "in"}).summary.added, 10u);
  write_file(dir / "in" / "wire.jsonl", records(1, 6, "v1"));
  const Outcome run = index(dir / "db", {dir / "in"});
  EXPECT_EQ(run.summary.added, 1u);
  EXPECT_EQ(run.summary.removed, 0u);
  EXPECT_EQ(run.summary.unchanged, 10u);
  EXPECT_EQ(doc_count(dir / "db"), 11u);
}

// A file named like a feed's record ("wire.jsonl#3" beside wire.jsonl) and a feed in a folder so
// named share ids with records: the first indexed keeps the id, the other is named, and reruns
// change nothing (no article replaced back and forth).
TEST(SummaryCounts, AFileOrFeedWhoseIdIsAlsoARecordsIdIsNamedAndNothingFlipsBetweenRuns) {
  for (bool file_first : {false, true}) {
    SCOPED_TRACE(file_first ? "file first" : "feed first");
    TempDir dir;
    fs::create_directories(dir / "in" / "wire.jsonl#x");
    write_story(dir / "in" / "wire.jsonl#3", "Hash file");
    write_file(dir / "in" / "wire.jsonl#x" / "b.jsonl", records(1, 2, "inner"));
    std::string outer = records(1, 2, "outer") + record("x/b.jsonl#1", "outer");
    if (!file_first) outer += record("3", "outer");
    write_file(dir / "in" / "wire.jsonl", outer);
    index(dir / "db", {dir / "in"});
    if (file_first) write_file(dir / "in" / "wire.jsonl", outer + record("3", "outer"));
    for (int rerun = 0; rerun < 2; ++rerun) {
      const std::size_t before = doc_count(dir / "db");
      if (rerun == 1) touch_all(dir / "in");
      const Outcome run = index(dir / "db", {dir / "in"});
      EXPECT_EQ(run.summary.added, 0u);
      EXPECT_EQ(run.summary.updated, 0u);
      EXPECT_EQ(run.summary.removed, 0u);
      EXPECT_EQ(doc_count(dir / "db"), before);
      EXPECT_EQ(doc_count(dir / "db"), 5u);  // two ids are shared: five articles
      std::string failures;
      for (const std::string& failure : run.failures) failures += failure + "\n";
      EXPECT_NE(failures.find("already the id of"), std::string::npos) << failures;
    }
    // The file goes: its id is free, and the record takes it on the next run.
    fs::remove(dir / "in" / "wire.jsonl#3");
    index(dir / "db", {dir / "in"});
    index(dir / "db", {dir / "in"});
    const auto held = articles(dir / "db");
    ASSERT_TRUE(held.count("in/wire.jsonl#3"));
    EXPECT_EQ(held.at("in/wire.jsonl#3"), "Story 3 outer");
    EXPECT_EQ(held.size(), 5u);
  }
}

// A path made of folders of up to 200 bytes whose id (from the root's name on) is `length` bytes
// and ends in `leaf`.
fs::path long_path(const fs::path& root, std::size_t length, const std::string& leaf) {
  fs::path path = root;
  std::size_t id_length = root.filename().string().size() + 1 + leaf.size();
  while (id_length < length) {
    const std::size_t part = std::min<std::size_t>(200, length - id_length);
    if (part < 2) {
      path /= "p";  // 2 bytes with its slash
      id_length += 2;
      continue;
    }
    path /= std::string(part - 1, 'd');
    id_length += part;
  }
  return path / leaf;
}

TEST(LongIds, IndexFindRemoveAndCountEveryLength) {
  for (std::size_t length : {200u, 245u, 250u, 1000u, 4000u}) {
    SCOPED_TRACE(numbered("id length ", static_cast<long long>(length)));
    TempDir dir;
    const fs::path root = dir / "r";
    const fs::path feed = long_path(root, length - 30, "wire.jsonl");
    const fs::path text = long_path(root, length, "story.txt");
    fs::create_directories(feed.parent_path());
    fs::create_directories(text.parent_path());
    std::string content;
    const std::string long_record(length, 'x');
    for (int i = 1; i <= 50; ++i) content += record(std::to_string(i), "v1");
    content += record(long_record, "v1");
    write_file(feed, content);
    write_file(text, "Long headline\n\nA story far down.\n");
    const std::string text_id = "r/" + fs::relative(text, root).string();
    ASSERT_EQ(text_id.size(), length);

    const Outcome first = index(dir / "db", {root});
    EXPECT_EQ(first.summary.added, 52u);
    EXPECT_EQ(first.summary.removed, 0u);
    EXPECT_TRUE(first.failures.empty()) << first.failures[0];
    EXPECT_EQ(doc_count(dir / "db"), 52u);
    EXPECT_TRUE(found_by_id(dir / "db", text_id));
    const std::string feed_id = "r/" + fs::relative(feed, root).string();
    EXPECT_TRUE(found_by_id(dir / "db", feed_id + "#" + long_record));

    // Changed feed: every record is found again, none added twice.
    write_file(feed, content + record("51", "v1"));
    const Outcome second = index(dir / "db", {root});
    EXPECT_EQ(second.summary.added, 1u);
    EXPECT_EQ(second.summary.unchanged, 52u);
    EXPECT_EQ(second.summary.removed, 0u);
    EXPECT_EQ(doc_count(dir / "db"), 53u);

    fs::remove(feed);
    fs::remove(text);
    const Outcome gone = index(dir / "db", {root});
    EXPECT_EQ(gone.summary.removed, 53u);
    EXPECT_EQ(doc_count(dir / "db"), 0u);
  }
}

TEST(LongIds, AreFoundAndRemovedInAShardedIndex) {
  TempDir dir;
  const fs::path feed = long_path(dir / "r", 1500, "wire.jsonl");
  fs::create_directories(feed.parent_path());
  write_file(feed, records(1, 30, "v1"));
  EXPECT_EQ(index(dir / "db", {dir / "r"}, 3).summary.added, 30u);
  write_file(feed, records(1, 20, "v1"));
  const Outcome run = index(dir / "db", {dir / "r"}, 3);
  EXPECT_EQ(run.summary.removed, 10u);
  EXPECT_EQ(run.summary.unchanged, 20u);
  EXPECT_EQ(doc_count(dir / "db"), 20u);
  fs::remove(feed);
  EXPECT_EQ(index(dir / "db", {dir / "r"}, 3).summary.removed, 20u);
  EXPECT_EQ(doc_count(dir / "db"), 0u);
}

TEST(LongIds, DeeplyNestedFilesAreIndexedAndRemoved) {
  TempDir dir;
  fs::path deep = dir / "r";
  for (int level = 0; level < 150; ++level) deep /= numbered("level", level);
  fs::create_directories(deep);
  write_file(deep / "story.txt", "Deep headline\n\nA story far down.\n");
  write_file(deep / "wire.jsonl", records(1, 10, "v1"));
  EXPECT_EQ(index(dir / "db", {dir / "r"}).summary.added, 11u);
  EXPECT_EQ(index(dir / "db", {dir / "r"}).summary.unchanged, 11u);
  fs::remove(deep / "story.txt");
  fs::remove(deep / "wire.jsonl");
  EXPECT_EQ(index(dir / "db", {dir / "r"}).summary.removed, 11u);
  EXPECT_EQ(doc_count(dir / "db"), 0u);
}

void write_story(const fs::path& path, const std::string& title) {
  fs::create_directories(path.parent_path());
  write_file(path, title + "\n\nThe body of " + title + ".\n");
}

// Two folders called news, indexed one after the other, together, in either order, sharded or
// not: each keeps its own articles.
TEST(SameNamedRoots, NeverOverwriteOrRemoveEachOthersArticles) {
  for (unsigned shards : {0u, 2u}) {
    for (int order = 0; order < 3; ++order) {
      SCOPED_TRACE(numbered("shards ", shards) + numbered(" order ", order));
      TempDir dir;
      for (int i = 1; i <= 3; ++i) {
        write_story(dir / "a" / "news" / (numbered("story", i) + ".txt"), numbered("A", i));
      }
      write_story(dir / "b" / "news" / "story1.txt", "B1");
      write_file(dir / "a" / "news" / "wire.jsonl", records(1, 4, "a"));
      write_file(dir / "b" / "news" / "wire.jsonl", records(1, 2, "b"));
      const fs::path a = dir / "a" / "news", b = dir / "b" / "news";
      if (order == 0) {
        index(dir / "db", {a}, shards);
        index(dir / "db", {b}, shards);
      } else if (order == 1) {
        index(dir / "db", {b}, shards);
        index(dir / "db", {a}, shards);
      } else {
        index(dir / "db", {a, b}, shards);
      }
      const auto held = articles(dir / "db");
      EXPECT_EQ(held.size(), 10u);
      std::multiset<std::string> titles;
      for (const auto& [id, title] : held) titles.insert(title);
      EXPECT_EQ(titles.count("A1"), 1u);
      EXPECT_EQ(titles.count("B1"), 1u);
      for (const fs::path& root : {a, b}) {
        const Outcome again = index(dir / "db", {root}, shards);
        EXPECT_EQ(again.summary.removed, 0u);
        EXPECT_EQ(again.summary.added, 0u);
      }
      EXPECT_EQ(index(dir / "db", {a, b}, shards).summary.unchanged, 10u);
      EXPECT_EQ(doc_count(dir / "db"), 10u);
    }
  }
}

TEST(SameNamedRoots, SingleFilesAndFeedsOfTheSameNameStayApart) {
  TempDir dir;
  write_story(dir / "a" / "story.txt", "A");
  write_story(dir / "b" / "story.txt", "B");
  write_file(dir / "a" / "wire.jsonl", records(1, 3, "a"));
  write_file(dir / "b" / "wire.jsonl", records(1, 3, "b"));
  index(dir / "db", {dir / "a" / "story.txt", dir / "a" / "wire.jsonl"});
  index(dir / "db", {dir / "b" / "story.txt", dir / "b" / "wire.jsonl"});
  EXPECT_EQ(doc_count(dir / "db"), 8u);
  EXPECT_EQ(index(dir / "db", {dir / "a" / "wire.jsonl"}).summary.removed, 0u);
  EXPECT_EQ(doc_count(dir / "db"), 8u);
}

// Roots b (with a folder news in it), a/news and c/b/news: the third cannot be "b/news", which
// is a folder of the root b.
TEST(SameNamedRoots, ATailIdNeverFallsInsideAnotherRoot) {
  TempDir dir;
  write_story(dir / "p" / "b" / "news" / "x.txt", "PB");
  write_story(dir / "a" / "news" / "x.txt", "AN");
  write_story(dir / "c" / "b" / "news" / "x.txt", "CBN");
  index(dir / "db", {dir / "p" / "b"});
  index(dir / "db", {dir / "a" / "news"});
  index(dir / "db", {dir / "c" / "b" / "news"});
  EXPECT_EQ(doc_count(dir / "db"), 3u);
  for (const fs::path& root : {dir / "p" / "b", dir / "a" / "news", dir / "c" / "b" / "news"}) {
    EXPECT_EQ(index(dir / "db", {root}).summary.removed, 0u);
  }
  EXPECT_EQ(doc_count(dir / "db"), 3u);
}

// Strips what this code adds to an index, leaving it as the code before root registration
// wrote it: no registry, no id scheme, no feed member terms.
void make_legacy(const fs::path& db) {
  Xapian::WritableDatabase xdb(db.string());
  xdb.set_metadata(std::string(schema::roots_key()), "");
  xdb.set_metadata(std::string(schema::id_scheme_key()), "");
  const std::string marker(schema::any_article_term());
  std::vector<Xapian::docid> docids;
  for (auto it = xdb.postlist_begin(marker); it != xdb.postlist_end(marker); ++it) {
    docids.push_back(*it);
  }
  for (Xapian::docid docid : docids) {
    Xapian::Document doc = xdb.get_document(docid);
    std::vector<std::string> feed_terms;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      if ((*t).starts_with("XFEED")) feed_terms.push_back(*t);
    }
    for (const std::string& term : feed_terms) doc.remove_term(term);
    xdb.replace_document(docid, doc);
  }
  xdb.commit();
}

void check_migration(unsigned shards) {
  TempDir dir;
  for (int i = 1; i <= 3; ++i) {
    write_story(dir / "a" / "news" / (numbered("s", i) + ".txt"), numbered("A", i));
  }
  write_file(dir / "a" / "news" / "wire.jsonl", records(1, 4, "a"));
  index(dir / "db", {dir / "a" / "news"}, shards);
  const auto before = articles(dir / "db");
  IndexLayout layout((dir / "db").string());
  if (shards == 0) make_legacy(dir / "db");
  for (unsigned i = 0; i < layout.shard_count(); ++i) make_legacy(layout.shard_directory(i));

  // Same size and time, other words: a file read again would come back updated.
  const fs::path story = dir / "a" / "news" / "s1.txt";
  struct stat st {};
  ASSERT_EQ(::stat(story.c_str(), &st), 0);
  write_file(story, "Z1\n\nThe body of Z1.\n");
  const struct timespec times[2] = {st.st_atim, st.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, story.c_str(), times, 0), 0);

  const Outcome migrated = index(dir / "db", {dir / "a" / "news"}, shards);
  EXPECT_EQ(migrated.summary.unchanged, 7u);
  EXPECT_EQ(migrated.summary.updated + migrated.summary.added + migrated.summary.removed, 0u);
  EXPECT_EQ(articles(dir / "db"), before);

  // The registry now knows a/news: b/news no longer takes its ids.
  write_story(dir / "b" / "news" / "s1.txt", "B1");
  index(dir / "db", {dir / "b" / "news"}, shards);
  EXPECT_EQ(doc_count(dir / "db"), 8u);
  const Outcome again = index(dir / "db", {dir / "a" / "news"}, shards);
  EXPECT_EQ(again.summary.removed, 0u);
  // The feed records got their member terms: a changed feed still finds them all.
  write_file(dir / "a" / "news" / "wire.jsonl", records(1, 3, "a"));
  const Outcome feed = index(dir / "db", {dir / "a" / "news"}, shards);
  EXPECT_EQ(feed.summary.removed, 1u);
  EXPECT_EQ(feed.summary.added, 0u);
  EXPECT_EQ(doc_count(dir / "db"), 7u);
}

TEST(Migration, AnIndexFromBeforeKeepsItsIdsAndReadsNoUnchangedFile) { check_migration(0); }

TEST(Migration, AShardedIndexFromBeforeKeepsItsIdsAndReadsNoUnchangedFile) { check_migration(3); }

TEST(Migration, FindsTheRootAndFeedOfALegacyArticleFromItsStoredPath) {
  using Root = std::pair<std::string, std::string>;
  EXPECT_EQ(legacy_root("corpus/sub/a.txt", "/nonexistent/x/corpus/sub/a.txt"),
            Root("/nonexistent/x/corpus", "corpus"));
  EXPECT_EQ(legacy_root("a.txt", "/nonexistent/x/a.txt"), Root("/nonexistent/x/a.txt", "a.txt"));
  EXPECT_EQ(legacy_root("other/a.txt", "/nonexistent/x/corpus/a.txt"), std::nullopt);
  EXPECT_EQ(feed_id_of_record("news/wire.jsonl#42", "/r/news/wire.jsonl"), "news/wire.jsonl");
  EXPECT_EQ(feed_id_of_record("wire.jsonl#a#b", "/r/wire.jsonl"), "wire.jsonl");
  EXPECT_EQ(feed_id_of_record("news/wire.jsonl#x/wire.jsonl#1", "/r/news/wire.jsonl#x/wire.jsonl"),
            "news/wire.jsonl#x/wire.jsonl");
  EXPECT_EQ(feed_id_of_record("news/wire.jsonl#x/wire.jsonl#1", "/r/news/wire.jsonl"),
            "news/wire.jsonl");
  EXPECT_EQ(feed_id_of_record("news/a.txt", "/r/news/a.txt"), std::nullopt);
}

TEST(MovedRoot, KeepsTheOldArticlesAndSaysHowToDropThem) {
  TempDir dir;
  for (int i = 1; i <= 3; ++i) {
    write_story(dir / "a" / "news" / (numbered("s", i) + ".txt"), numbered("A", i));
  }
  index(dir / "db", {dir / "a" / "news"});
  fs::create_directories(dir / "c");
  fs::rename(dir / "a" / "news", dir / "c" / "news");
  const Outcome moved = index(dir / "db", {dir / "c" / "news"});
  EXPECT_EQ(moved.summary.added, 3u);
  ASSERT_EQ(moved.notices.size(), 1u);
  EXPECT_NE(moved.notices[0].find("which is missing"), std::string::npos) << moved.notices[0];
  EXPECT_NE(moved.notices[0].find("mkdir -p " + (dir / "a" / "news").string()), std::string::npos)
      << moved.notices[0];
  EXPECT_EQ(doc_count(dir / "db"), 6u);
  // The hint: the old root, present and empty, says its articles are gone.
  fs::create_directories(dir / "a" / "news");
  EXPECT_EQ(index(dir / "db", {dir / "a" / "news"}).summary.removed, 3u);
  EXPECT_EQ(doc_count(dir / "db"), 3u);
}

TEST(RootRegistry, GivesEachRootAFreeIdAndKeepsIt) {
  RootRegistry roots;
  EXPECT_EQ(roots.assign("/a/news"), "news");
  EXPECT_EQ(roots.assign("/b/news"), "b/news");
  EXPECT_EQ(roots.assign("/p/b"), "p/b");  // "b" would put b/news's ids inside it
  EXPECT_EQ(roots.assign("/x/b/news"), "x/b/news");
  EXPECT_EQ(roots.assign("/news"), "news~2");
  EXPECT_EQ(roots.assign("/a/news"), "news");
  EXPECT_EQ(roots.assign("/f/wire.jsonl"), "wire.jsonl");
  EXPECT_EQ(roots.assign("/g/wire.jsonl#x"), "g/wire.jsonl#x");
  const RootRegistry back = RootRegistry::parse(roots.serialise());
  EXPECT_EQ(back, roots);
}

TEST(RootRegistry, GivesAFolderInsideARootTheIdsThatRootGivesIt) {
  RootRegistry roots;
  EXPECT_EQ(roots.assign("/a/news"), "news");
  EXPECT_EQ(roots.assign("/b/news"), "b/news");
  EXPECT_EQ(roots.assign("/b/news/sport/2026"), "b/news/sport/2026");
  EXPECT_EQ(roots.assign("/a/news/sport"), "news/sport");
  EXPECT_FALSE(roots.has("/a/news/sport"));
  EXPECT_EQ(roots.assign("/a/newsroom"), "newsroom");
}

TEST(SameNamedRoots, AFolderInsideAnIndexedRootIsIndexedOnceNotTwice) {
  TempDir dir;
  write_story(dir / "a" / "news" / "sport" / "x.txt", "Sport");
  write_story(dir / "a" / "news" / "y.txt", "Y");
  index(dir / "db", {dir / "a" / "news"});
  const Outcome inner = index(dir / "db", {dir / "a" / "news" / "sport"});
  EXPECT_EQ(inner.summary.added, 0u);
  EXPECT_EQ(inner.summary.unchanged, 1u);
  EXPECT_TRUE(inner.notices.empty()) << inner.notices[0];
  fs::remove(dir / "a" / "news" / "sport" / "x.txt");
  EXPECT_EQ(index(dir / "db", {dir / "a" / "news" / "sport"}).summary.removed, 1u);
  EXPECT_EQ(doc_count(dir / "db"), 1u);
}

TEST(SameNamedRoots, ARootIndexedAfterAFolderInsideItKeepsThatFoldersIds) {
  TempDir dir;
  write_story(dir / "a" / "news" / "sport" / "x.txt", "Sport");
  write_story(dir / "a" / "news" / "sport" / "z.txt", "Sport Z");
  write_story(dir / "a" / "news" / "y.txt", "Y");
  index(dir / "db", {dir / "a" / "news" / "sport"});
  const Outcome outer = index(dir / "db", {dir / "a" / "news"});
  EXPECT_EQ(outer.summary.added, 1u);
  EXPECT_EQ(outer.summary.unchanged, 2u);
  EXPECT_EQ(doc_count(dir / "db"), 3u);
  fs::remove(dir / "a" / "news" / "sport" / "x.txt");
  const Outcome gone = index(dir / "db", {dir / "a" / "news"});
  EXPECT_EQ(gone.summary.removed, 1u);
  EXPECT_EQ(doc_count(dir / "db"), 2u);
  EXPECT_TRUE(articles(dir / "db").count("sport/z.txt"));
}

TEST(SameNamedRoots, AMissingPathTakesNoName) {
  TempDir dir;
  write_story(dir / "real" / "news" / "x.txt", "X");
  const Outcome typo = index(dir / "db", {dir / "typo" / "news"});
  EXPECT_EQ(typo.summary.failed, 1u);
  index(dir / "db", {dir / "real" / "news"});
  EXPECT_TRUE(articles(dir / "db").count("news/x.txt"));
}

TEST(RootRegistry, SurvivesAnyBytesInPaths) {
  RootRegistry roots;
  const std::vector<std::string> keys = {"/t/a\tb", "/t/new\nline", "/t/12:34", "/t/é"};
  std::vector<std::string> ids;
  for (const std::string& key : keys) ids.push_back(roots.assign(key));
  RootRegistry back = RootRegistry::parse(roots.serialise());
  for (std::size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(back.assign(keys[i]), ids[i]);
  EXPECT_EQ(RootRegistry::parse("garbage"), RootRegistry());
}

}  // namespace
}  // namespace kensaku
