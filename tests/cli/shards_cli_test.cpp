// Tests of sharded indexes through the binaries: kensaku-index --shards, incremental runs, feeds,
// locking and compaction of shards; kensaku-search over several --db and over xapian-tcpsrv.
#include <gtest/gtest.h>
#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/cli/xapian_tcpsrv.h"
#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The shard an article belongs in, computed here independently of the indexer: FNV-1a (64 bits)
// of the id's bytes, modulo the number of shards.
unsigned expected_shard(const std::string& id, unsigned shards) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char byte : id) {
    hash ^= byte;
    hash *= 1099511628211ull;
  }
  return static_cast<unsigned>(hash % shards);
}

// The shipped articles with their sidecars, copied to DIR/corpus.
fs::path copy_articles(const TempDir& dir) {
  fs::path to = dir / "corpus";
  fs::create_directories(to);
  for (const auto& entry : fs::directory_iterator(corpus_dir())) {
    std::string name = entry.path().filename().string();
    if (name.ends_with(".meta") || fs::exists(entry.path().string() + ".meta")) {
      fs::copy_file(entry.path(), to / name);
    }
  }
  return to;
}

// The article ids stored in each shard of the index at `index`.
std::vector<std::set<std::string>> ids_by_shard(const fs::path& index, unsigned shards) {
  std::vector<std::set<std::string>> out(shards);
  for (unsigned i = 0; i < shards; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "shard-%02u", i);
    Xapian::Database db((index / name).string());
    for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it) {
      out[i].insert(std::string(*it).substr(1));
    }
  }
  return out;
}

// Each id is in the one shard its hash names, and the shards hold exactly `ids`.
void expect_sharded_by_hash(const fs::path& index, unsigned shards,
                            const std::set<std::string>& ids) {
  std::set<std::string> all;
  std::vector<std::set<std::string>> by_shard = ids_by_shard(index, shards);
  for (unsigned i = 0; i < shards; ++i) {
    for (const std::string& id : by_shard[i]) {
      EXPECT_EQ(expected_shard(id, shards), i) << id;
      EXPECT_TRUE(all.insert(id).second) << id << " is in two shards";
    }
  }
  EXPECT_EQ(all, ids);
}

RunResult index(const fs::path& db, std::vector<std::string> args) {
  std::vector<std::string> argv{index_bin(), "--db", db.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

json search_json(const std::vector<std::string>& databases, const std::string& query) {
  std::vector<std::string> argv{search_bin()};
  for (const std::string& db : databases) argv.insert(argv.end(), {"--db", db});
  argv.insert(argv.end(), {"--json", "--limit", "50", "--fragments", "0", query});
  RunResult r = run(argv);
  EXPECT_TRUE(r.exit_status == 0 || r.exit_status == 1) << r.err;
  return json::parse(r.out.empty() ? "{}" : r.out);
}

std::vector<std::pair<std::string, double>> ranking(const json& response) {
  std::vector<std::pair<std::string, double>> out;
  for (const json& hit : response["hits"]) out.emplace_back(hit["id"], hit["score"]);
  return out;
}

std::set<std::string> corpus_ids() {
  std::set<std::string> ids;
  for (const auto& entry : fs::directory_iterator(corpus_dir())) {
    std::string name = entry.path().filename().string();
    if (name.ends_with(".txt") && fs::exists(entry.path().string() + ".meta")) {
      ids.insert("corpus/" + name);
    }
  }
  return ids;
}

TEST(ShardedIndexCli, PutsEachSeedArticleInExactlyOneShardAndSearchesFindThemAll) {
  TempDir dir;
  fs::path corpus = copy_articles(dir);
  RunResult r = index(dir / "sharded", {"--shards", "2", corpus.string()});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.err.find("added 5"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(dir / "sharded" / "XAPIANDB"),
            "glass shard-00/gen-0001\nglass shard-01/gen-0001\n");
  expect_sharded_by_hash(dir / "sharded", 2, corpus_ids());
  std::vector<std::set<std::string>> by_shard = ids_by_shard(dir / "sharded", 2);
  EXPECT_FALSE(by_shard[0].empty());
  EXPECT_FALSE(by_shard[1].empty());

  ASSERT_EQ(index(dir / "single", {"--quiet", corpus.string()}).exit_status, 0);
  for (const std::string query :
       {"japan", "alliance japan", "SM-6 co-production", "\"joint force\""}) {
    SCOPED_TRACE(query);
    json one = search_json({(dir / "single").string()}, query);
    EXPECT_FALSE(one["hits"].empty());
    EXPECT_EQ(ranking(search_json({(dir / "sharded").string()}, query)), ranking(one));
    // The shards named one by one are the same index as the stub that lists them.
    EXPECT_EQ(ranking(search_json({(dir / "sharded" / "shard-00").string(),
                                   (dir / "sharded" / "shard-01").string()},
                                  query)),
              ranking(one));
  }
  EXPECT_EQ(search_json({(dir / "sharded").string()}, "japan")["total"], 5);
}

TEST(ShardedIndexCli, RerunsChangeNothingAndRenamesAndRemovalsKeepEachArticleInItsShard) {
  TempDir dir;
  fs::path corpus = copy_articles(dir);
  fs::path db = dir / "index";
  ASSERT_EQ(index(db, {"--shards", "2", corpus.string()}).exit_status, 0);
  const std::string stub = read_file(db / "XAPIANDB");

  // Without --shards, the sharded index is updated as sharded; nothing changed, nothing written.
  RunResult again = index(db, {corpus.string()});
  EXPECT_EQ(again.exit_status, 0) << again.err;
  EXPECT_NE(again.err.find("scanned 5 · added 0 · updated 0 · removed 0 · unchanged 5"),
            std::string::npos)
      << again.err;
  EXPECT_EQ(read_file(db / "XAPIANDB"), stub);

  // Rename two articles (new ids, perhaps new shards) and remove a third.
  std::set<std::string> ids = corpus_ids();
  std::vector<std::string> names;
  for (const std::string& id : ids) names.push_back(id.substr(std::string("corpus/").size()));
  for (int i = 0; i < 2; ++i) {
    fs::rename(corpus / names[i], corpus / ("renamed-" + names[i]));
    fs::rename(corpus / (names[i] + ".meta"), corpus / ("renamed-" + names[i] + ".meta"));
    ids.erase("corpus/" + names[i]);
    ids.insert("corpus/renamed-" + names[i]);
  }
  fs::remove(corpus / names[2]);
  fs::remove(corpus / (names[2] + ".meta"));
  ids.erase("corpus/" + names[2]);
  RunResult changed = index(db, {corpus.string()});
  EXPECT_EQ(changed.exit_status, 0) << changed.err;
  EXPECT_NE(changed.err.find("scanned 4 · added 2 · updated 0 · removed 3 · unchanged 2"),
            std::string::npos)
      << changed.err;
  expect_sharded_by_hash(db, 2, ids);
  EXPECT_EQ(search_json({db.string()}, "japan")["total"], 4);
}

TEST(ShardedIndexCli, SplitsTheRecordsOfOneFeedOverTheShardsAndUpdatesThemInPlace) {
  TempDir dir;
  fs::path feeds = dir / "feeds";
  fs::create_directories(feeds);
  auto write_feed = [&](int records, const std::string& changed_title) {
    std::string text;
    for (int i = 1; i <= records; ++i) {
      json record = {{"id", i},
                     {"title", i == 3 ? changed_title : "Harbour report " + std::to_string(i)},
                     {"body", "The harbour of port " + std::to_string(i) + " reopened."}};
      text += record.dump() + "\n";
    }
    write_file(feeds / "wire.jsonl", text);
  };
  write_feed(20, "Harbour report 3");
  fs::path db = dir / "index";
  RunResult first = index(db, {"--shards", "3", feeds.string()});
  ASSERT_EQ(first.exit_status, 0) << first.err;
  EXPECT_NE(first.err.find("scanned 20 · added 20"), std::string::npos) << first.err;
  std::set<std::string> ids;
  for (int i = 1; i <= 20; ++i) ids.insert("feeds/wire.jsonl#" + std::to_string(i));
  expect_sharded_by_hash(db, 3, ids);
  for (const std::set<std::string>& shard : ids_by_shard(db, 3)) EXPECT_FALSE(shard.empty());

  RunResult again = index(db, {feeds.string()});
  EXPECT_NE(again.err.find("scanned 20 · added 0 · updated 0 · removed 0 · unchanged 20"),
            std::string::npos)
      << again.err;

  // Two records gone, one changed: each shard removes and updates only its own.
  write_feed(18, "Harbour closed again");
  RunResult changed = index(db, {feeds.string()});
  EXPECT_NE(changed.err.find("scanned 18 · added 0 · updated 1 · removed 2 · unchanged 17"),
            std::string::npos)
      << changed.err;
  ids.erase("feeds/wire.jsonl#19");
  ids.erase("feeds/wire.jsonl#20");
  expect_sharded_by_hash(db, 3, ids);
  json closed = search_json({db.string()}, "title:closed");
  ASSERT_EQ(closed["hits"].size(), 1u);
  EXPECT_EQ(closed["hits"][0]["id"], "feeds/wire.jsonl#3");
}

TEST(ShardedIndexCli, AnotherShardCountOrShardingAnUnshardedIndexIsAUsageError) {
  TempDir dir;
  fs::path corpus = copy_articles(dir);
  ASSERT_EQ(index(dir / "sharded", {"--quiet", "--shards", "2", corpus.string()}).exit_status, 0);
  RunResult other = index(dir / "sharded", {"--shards", "3", corpus.string()});
  EXPECT_EQ(other.exit_status, 2);
  EXPECT_NE(other.err.find("has 2 shards, not 3"), std::string::npos) << other.err;
  EXPECT_NE(other.err.find("hint:"), std::string::npos) << other.err;

  ASSERT_EQ(index(dir / "single", {"--quiet", corpus.string()}).exit_status, 0);
  RunResult unsharded = index(dir / "single", {"--shards", "2", corpus.string()});
  EXPECT_EQ(unsharded.exit_status, 2);
  EXPECT_NE(unsharded.err.find("is not sharded"), std::string::npos) << unsharded.err;

  EXPECT_EQ(index(dir / "new", {"--shards", "1", corpus.string()}).exit_status, 2);
  EXPECT_FALSE(fs::exists(dir / "new" / "XAPIANDB"));
}

TEST(ShardedIndexCli, ASecondWriterExits75WhileAnyShardIsLocked) {
  TempDir dir;
  fs::path corpus = copy_articles(dir);
  fs::path db = dir / "index";
  ASSERT_EQ(index(db, {"--quiet", "--shards", "2", corpus.string()}).exit_status, 0);
  for (const char* shard : {"shard-00", "shard-01"}) {
    SCOPED_TRACE(shard);
    Xapian::WritableDatabase writer((db / shard / "gen-0001").string(), Xapian::DB_OPEN);
    RunResult locked = index(db, {corpus.string()});
    EXPECT_EQ(locked.exit_status, 75) << locked.err;
    EXPECT_NE(locked.err.find("locked"), std::string::npos) << locked.err;
    EXPECT_EQ(index(db, {"--compact"}).exit_status, 75);
  }
  EXPECT_EQ(index(db, {"--quiet", corpus.string()}).exit_status, 0);
}

TEST(ShardedIndexCli, CompactRewritesEveryShardAndTheStubListsTheNewGenerations) {
  TempDir dir;
  fs::path corpus = copy_articles(dir);
  fs::path db = dir / "index";
  ASSERT_EQ(index(db, {"--quiet", "--shards", "2", corpus.string()}).exit_status, 0);
  json before = search_json({db.string()}, "alliance japan");
  RunResult compacted = index(db, {"--compact"});
  ASSERT_EQ(compacted.exit_status, 0) << compacted.err;
  EXPECT_EQ(read_file(db / "XAPIANDB"), "glass shard-00/gen-0002\nglass shard-01/gen-0002\n");
  EXPECT_EQ(read_file(db / "shard-00" / "XAPIANDB"), "glass gen-0002\n");
  EXPECT_EQ(ranking(search_json({db.string()}, "alliance japan")), ranking(before));
  // Incremental runs go on in the new generations.
  RunResult again = index(db, {corpus.string()});
  EXPECT_NE(again.err.find("unchanged 5"), std::string::npos) << again.err;
}

TEST(RemoteSearchCli, RemoteShardsGiveTheSameSpellingSuggestionAndFacetsAsLocalOnes) {
  TempDir dir;
  fs::path corpus = copy_articles(dir);
  fs::path db = dir / "index";
  ASSERT_EQ(index(db, {"--quiet", "--shards", "2", corpus.string()}).exit_status, 0);
  XapianTcpServer shard0((db / "shard-00").string());
  XapianTcpServer shard1((db / "shard-01").string());
  for (const std::string query : {"aliance", "japan allaince"}) {
    SCOPED_TRACE(query);
    json local = search_json({db.string()}, query);
    json remote = search_json({shard0.url(), shard1.url()}, query);
    EXPECT_FALSE(local["suggestion"].get<std::string>().empty());
    EXPECT_EQ(remote["suggestion"], local["suggestion"]);
    EXPECT_EQ(remote["notes"], local["notes"]);
    EXPECT_EQ(ranking(remote), ranking(local));
  }
  std::vector<std::string> facets{search_bin(), "--db",     shard0.url(), "--db", shard1.url(),
                                  "--json",     "--facets", "source",     "japan"};
  RunResult remote_facets = run(facets);
  ASSERT_EQ(remote_facets.exit_status, 0) << remote_facets.err;
  RunResult local_facets =
      run({search_bin(), "--db", db.string(), "--json", "--facets", "source", "japan"});
  EXPECT_EQ(json::parse(remote_facets.out)["facets"], json::parse(local_facets.out)["facets"]);
}

TEST(RemoteSearchCli, AnUnreachableRemoteIsOneClearErrorWithExitStatus2) {
  TempDir dir;
  fs::path db = index_corpus_copy(dir);
  const std::string port = std::to_string(XapianTcpServer::free_port());
  RunResult r =
      run({search_bin(), "--db", db.string(), "--db", "tcp://127.0.0.1:" + port, "japan"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("cannot reach the remote index at 127.0.0.1:" + port), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("hint: check that 'xapian-tcpsrv --port " + port), std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty());

  RunResult malformed = run({search_bin(), "--db", "tcp://127.0.0.1", "japan"});
  EXPECT_EQ(malformed.exit_status, 2);
  EXPECT_NE(malformed.err.find("is not a remote database address"), std::string::npos)
      << malformed.err;
}

TEST(RemoteSearchCli, ATimeoutXapianWouldReadAsNoneOrCouldNotHoldIsAUsageError) {
  // 0.0001 s rounds to 0 ms, which Xapian takes as no timeout at all; 1e10 s overflows it.
  for (const std::string timeout : {"0.0001", "1e10", "0", "-1", "nan", "inf", "ten"}) {
    RunResult r = run({search_bin(), "--db", "tcp://127.0.0.1:1?timeout=" + timeout, "japan"});
    EXPECT_EQ(r.exit_status, 2) << timeout;
    EXPECT_NE(r.err.find("is not a remote database address"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("0.001 to 86400"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace kensaku::testing
