// Tests of sharding in the indexer library: the fixed shard hash, and what a sharded run reports.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <vector>

#include "common/index_layout.h"
#include "indexer/indexer.h"
#include "tests/test_support.h"

namespace kensaku {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

TEST(ShardOf, IsFnv1aOfTheIdBytesSoEveryBuildPutsAnArticleInTheSameShard) {
  // FNV-1a 64 of "" is 0xcbf29ce484222325, of "a" 0xaf63dc4c8601ec8c (the published test values).
  EXPECT_EQ(shard_of("", 1000), 0xcbf29ce484222325ull % 1000);
  EXPECT_EQ(shard_of("a", 1000), 0xaf63dc4c8601ec8cull % 1000);
  EXPECT_EQ(shard_of("corpus/000_d9e0c6bde5f95736.txt", 2), 0u);
  EXPECT_EQ(shard_of("feed.jsonl#1", 2), 1u);
}

class CollectingObserver : public IndexObserver {
 public:
  void on_failure(const InputError& error) override { failures.push_back(error.what()); }
  void on_article(const std::string& id, IndexAction action) override {
    if (action == IndexAction::kAdded) added.push_back(id);
  }
  std::vector<std::string> failures, added;
};

TEST(ShardedIndexer, ReportsEachArticleOnceAndAFailureEveryShardMeetsOnce) {
  TempDir dir;
  fs::path articles = dir / "articles";
  fs::create_directories(articles);
  for (int i = 0; i < 8; ++i) {
    testing::write_file(articles / ("story" + std::to_string(i) + ".txt"),
                        "Story " + std::to_string(i) + "\n\nThe harbour reopened today.\n");
  }
  testing::write_file(articles / "broken.jsonl", "{\"id\": 1, \"title\": \"Fine\"}\nnot json\n");
  CollectingObserver observer;
  IndexOptions options;
  options.database = (dir / "index").string();
  options.shards = 3;
  Indexer indexer(options, &observer);
  IndexSummary summary = indexer.run({articles.string()});
  EXPECT_EQ(summary.added, 9u);
  EXPECT_EQ(summary.scanned, 9u);
  EXPECT_EQ(summary.failed, 1u);  // the bad feed line, seen by all three shards, counted once
  ASSERT_EQ(observer.failures.size(), 1u);
  EXPECT_NE(observer.failures[0].find("broken.jsonl:2"), std::string::npos);
  EXPECT_EQ(observer.added.size(), 9u);

  IndexLayout layout(options.database);
  ASSERT_EQ(layout.shard_count(), 3u);
  Xapian::doccount total = 0;
  for (unsigned i = 0; i < 3; ++i)
    total += Xapian::Database(layout.shard_directory(i)).get_doccount();
  EXPECT_EQ(total, 9u);
  EXPECT_EQ(Xapian::Database(options.database).get_doccount(), 9u);
}

}  // namespace
}  // namespace kensaku
