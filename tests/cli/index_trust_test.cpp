// Tests that kensaku-index loses no article through the binaries: unreadable and cut feeds,
// duplicate record ids, long paths, and two roots of the same name.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>
#include <zlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

RunResult index(const std::vector<std::string>& args) {
  std::vector<std::string> argv{index_bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

std::size_t article_count(const fs::path& db) {
  return Xapian::Database(db.string()).get_doccount();
}

// The ids of the index's articles, from their id values (slot 1, schema::kIdSlot).
std::set<std::string> stored_ids(const fs::path& db) {
  Xapian::Database xdb(db.string());
  std::set<std::string> ids;
  for (auto it = xdb.valuestream_begin(1); it != xdb.valuestream_end(1); ++it) ids.insert(*it);
  return ids;
}

// The ids kensaku-search returns for `query`.
std::set<std::string> search_ids(const fs::path& db, const std::string& query) {
  RunResult r = run({search_bin(), "--db", db.string(), "--json", "--limit", "200", query});
  EXPECT_TRUE(r.exit_status == 0 || r.exit_status == 1) << r.err;
  std::set<std::string> ids;
  const json response = json::parse(r.out);
  for (const auto& hit : response["hits"]) ids.insert(hit["id"].get<std::string>());
  return ids;
}

std::string records(int from, int to, const std::string& version) {
  std::string content;
  for (int i = from; i <= to; ++i) {
    const std::string n = std::to_string(i);
    content.append(R"({"id": ")").append(n).append(R"(", "title": "Harbour story )");
    content.append(n).append(" ").append(version).append(R"(", "body": "Tram harbour )");
    content.append(version).append(" text.\"}\n");
  }
  return content;
}

std::string gzip(const std::string& content) {
  std::string out(compressBound(content.size()) + 64, '\0');
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

// Sets the file's modification time one minute later: the next run must open it.
void touch_later(const fs::path& path) {
  fs::last_write_time(path, fs::last_write_time(path) + std::chrono::minutes(1));
}

// A feed and a text file that cannot be opened (permissions) both keep what they had: named on
// stderr, exit 3. As root, the indexer runs as nobody so that permissions apply.
TEST(IndexTrust, AnUnreadableFeedKeepsEveryRecordAsAnUnreadableFileKeepsItsArticle) {
  TempDir dir;
  fs::create_directories(dir / "in");
  write_file(dir / "in" / "wire.jsonl", records(1, 30, "v1"));
  write_file(dir / "in" / "story.txt", "Harbour headline\n\nTram harbour text.\n");
  const fs::path db = dir / "db";
  ASSERT_EQ(index({"--db", db.string(), (dir / "in").string()}).exit_status, 0);
  ASSERT_EQ(article_count(db), 31u);

  for (const char* name : {"wire.jsonl", "story.txt"}) {
    touch_later(dir / "in" / name);
    fs::permissions(dir / "in" / name, fs::perms::none, fs::perm_options::replace);
  }
  std::vector<std::string> argv{index_bin()};
  if (geteuid() == 0) {
    fs::copy_file(index_bin(), dir / "kensaku-index");
    for (auto it = fs::recursive_directory_iterator(dir.path()); it != fs::end(it); ++it) {
      if (it->path().parent_path() != dir / "in") {
        fs::permissions(it->path(), fs::perms::all, fs::perm_options::replace);
      }
    }
    fs::permissions(dir.path(), fs::perms::all, fs::perm_options::replace);
    fs::permissions(dir / "in", fs::perms::all, fs::perm_options::replace);
    argv = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
            (dir / "kensaku-index").string()};
  }
  argv.insert(argv.end(), {"--db", db.string(), (dir / "in").string()});
  const RunResult r = run(argv);
  EXPECT_EQ(r.exit_status, 3) << r.err;
  EXPECT_TRUE(contains(r.err, "wire.jsonl: cannot open feed: Permission denied")) << r.err;
  EXPECT_TRUE(contains(r.err, "story.txt: cannot open")) << r.err;
  EXPECT_TRUE(contains(r.err, "removed 0")) << r.err;
  EXPECT_EQ(article_count(db), 31u);
}

// A feed being downloaded: cut, it keeps the records past the cut and says where; whole, it
// removes the records it no longer has.
TEST(IndexTrust, AGzipFeedCutMidDownloadKeepsItsRecordsUntilItIsWhole) {
  TempDir dir;
  fs::create_directories(dir / "in");
  const fs::path feed = dir / "in" / "wire.jsonl.gz";
  write_file(feed, gzip(records(1, 400, "v1")));
  const fs::path db = dir / "db";
  ASSERT_EQ(index({"--db", db.string(), (dir / "in").string()}).exit_status, 0);

  const std::string next = gzip(records(1, 300, "v2"));
  for (std::size_t cut : {next.size() / 4, next.size() / 2, next.size() - 3}) {
    write_file(feed, next.substr(0, cut));
    const RunResult r = index({"--db", db.string(), (dir / "in").string()});
    EXPECT_EQ(r.exit_status, 3) << r.err;
    EXPECT_TRUE(contains(r.err, feed.string() + ":")) << r.err;
    EXPECT_TRUE(contains(r.err, "truncated gzip stream after line ")) << r.err;
    EXPECT_TRUE(contains(r.err, "(byte " + std::to_string(cut) + ")")) << r.err;
    EXPECT_TRUE(contains(r.err, "removed 0")) << r.err;
    EXPECT_EQ(article_count(db), 400u);
  }
  write_file(feed, next);
  const RunResult whole = index({"--db", db.string(), (dir / "in").string()});
  EXPECT_EQ(whole.exit_status, 0) << whole.err;
  EXPECT_TRUE(contains(whole.err, "removed 100")) << whole.err;
  EXPECT_EQ(article_count(db), 300u);
}

TEST(IndexTrust, APlainFeedWithAGarbageTailKeepsItsRecordsAndNamesTheLine) {
  TempDir dir;
  fs::create_directories(dir / "in");
  const fs::path feed = dir / "in" / "wire.jsonl";
  write_file(feed, records(1, 50, "v1"));
  const fs::path db = dir / "db";
  ASSERT_EQ(index({"--db", db.string(), (dir / "in").string()}).exit_status, 0);
  write_file(feed, records(1, 10, "v2") + "\x1f\x8b\x08 binary junk\n{\"id\": \"11\", \"tit");
  const RunResult r = index({"--db", db.string(), (dir / "in").string()});
  EXPECT_EQ(r.exit_status, 3) << r.err;
  EXPECT_TRUE(contains(r.err, feed.string() + ":11: not valid JSON")) << r.err;
  EXPECT_TRUE(contains(r.err, feed.string() + ":12: not valid JSON")) << r.err;
  EXPECT_TRUE(contains(r.err, "updated 10 · removed 0")) << r.err;
  EXPECT_EQ(article_count(db), 50u);
}

TEST(IndexTrust, DuplicateRecordIdsAreNamedAtTheLaterLineAndCountedOnce) {
  TempDir dir;
  fs::create_directories(dir / "in");
  write_file(dir / "in" / "wire.jsonl",
             records(1, 5, "v1") + records(3, 3, "v2") + records(6, 6, "v1") + records(1, 1, "v3"));
  const RunResult r = index({"--db", (dir / "db").string(), (dir / "in").string()});
  EXPECT_EQ(r.exit_status, 3) << r.err;
  EXPECT_TRUE(contains(r.err, "wire.jsonl:6: duplicate record id \"3\" (first at line 3)"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "wire.jsonl:8: duplicate record id \"1\" (first at line 1)"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "scanned 6 · added 6 · updated 0 · removed 0")) << r.err;
  EXPECT_EQ(article_count(dir / "db"), 6u);
}

// The issue's example: a feed under a path of 181 bytes and more kept no records.
TEST(IndexTrust, AFeedUnderALongPathKeepsItsRecords) {
  for (std::size_t length : {181u, 250u, 1000u, 3000u}) {
    TempDir dir;
    fs::path folder = dir / "in";
    std::size_t id_length = 2;
    while (id_length < length) {
      const std::size_t part = std::min<std::size_t>(200, length - id_length);
      folder /= std::string(part, 'n');
      id_length += part + 1;
    }
    fs::create_directories(folder);
    write_file(folder / "wire.jsonl", records(1, 50, "v1"));
    const fs::path db = dir / "db";
    const RunResult first = index({"--db", db.string(), (dir / "in").string()});
    EXPECT_EQ(first.exit_status, 0) << first.err;
    EXPECT_TRUE(contains(first.err, "added 50 · updated 0 · removed 0")) << first.err;
    EXPECT_EQ(article_count(db), 50u) << length;
    write_file(folder / "wire.jsonl", records(1, 49, "v1"));
    const RunResult second = index({"--db", db.string(), (dir / "in").string()});
    EXPECT_TRUE(contains(second.err, "added 0 · updated 0 · removed 1 · unchanged 49"))
        << second.err;
    EXPECT_EQ(article_count(db), 49u) << length;
    EXPECT_EQ(stored_ids(db).size(), 49u);
    // Found again by its id, as --like finds it.
    const std::string id = *stored_ids(db).begin();
    const RunResult like = run({search_bin(), "--db", db.string(), "--json", "--like", id});
    EXPECT_NE(like.exit_status, 2) << like.err;  // 2: "no article with the id"
    EXPECT_FALSE(contains(like.err, "no article with the id")) << like.err;
  }
}

TEST(IndexTrust, TwoFoldersOfTheSameNameKeepTheirOwnArticles) {
  TempDir dir;
  for (const auto& [root, word] : {std::pair{"a", "alpha"}, std::pair{"b", "beta"}}) {
    fs::create_directories(dir / root / "news");
    write_file(dir / root / "news" / "story1.txt",
               std::string("Harbour ") + word + "\n\nTram harbour text about " + word + ".\n");
  }
  write_file(dir / "a" / "news" / "story2.txt", "Harbour two\n\nTram harbour text.\n");
  const fs::path db = dir / "db";
  const RunResult a = index({"--db", db.string(), (dir / "a" / "news").string()});
  EXPECT_EQ(a.exit_status, 0) << a.err;
  const RunResult b = index({"--db", db.string(), (dir / "b" / "news").string()});
  EXPECT_EQ(b.exit_status, 0) << b.err;
  EXPECT_TRUE(contains(b.err, "note: the articles of " + (dir / "b" / "news").string() +
                                  " get ids b/news/...: the name news belongs to the root " +
                                  (dir / "a" / "news").string()))
      << b.err;
  EXPECT_TRUE(contains(b.err, "added 1 · updated 0 · removed 0")) << b.err;
  EXPECT_EQ(stored_ids(db),
            (std::set<std::string>{"news/story1.txt", "news/story2.txt", "b/news/story1.txt"}));
  EXPECT_EQ(search_ids(db, "beta"), (std::set<std::string>{"b/news/story1.txt"}));
  const RunResult both =
      index({"--db", db.string(), (dir / "a" / "news").string(), (dir / "b" / "news").string()});
  EXPECT_TRUE(contains(both.err, "removed 0 · unchanged 3")) << both.err;
  EXPECT_FALSE(contains(both.err, "note:")) << both.err;
}

}  // namespace
}  // namespace kensaku::testing
