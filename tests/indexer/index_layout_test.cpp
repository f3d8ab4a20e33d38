// Tests of the index layout and the writer around it: stub generations, compaction, stops,
// concurrent searches.
#include "common/index_layout.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <set>
#include <thread>

#include "indexer/index_writer.h"
#include "indexer/indexer.h"
#include "kensaku/search.h"
#include "tests/test_support.h"

namespace kensaku {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

IndexSummary index_paths(const fs::path& db, const std::vector<std::string>& paths,
                         IndexObserver* observer = nullptr, IndexOptions options = {}) {
  options.database = db.string();
  Indexer indexer(options, observer);
  return indexer.run(paths);
}

std::set<std::string> ids(const SearchResponse& response) {
  std::set<std::string> out;
  for (const Hit& hit : response.hits) out.insert(hit.id);
  return out;
}

// The shipped articles (each file with a sidecar, and the sidecars), without whatever else corpus/
// may hold, so the counts below are those of the five articles.
fs::path copy_articles(const TempDir& dir) {
  fs::path to = dir / "corpus";
  fs::create_directories(to);
  for (const auto& entry : fs::directory_iterator(testing::corpus_dir())) {
    std::string name = entry.path().filename().string();
    if (name.ends_with(".meta") || fs::exists(entry.path().string() + ".meta")) {
      fs::copy_file(entry.path(), to / name);
    }
  }
  return to;
}

TEST(IndexLayout, ANewIndexStartsAsTheFirstGenerationBehindAStub) {
  TempDir dir;
  fs::path db = dir / "index";
  index_paths(db, {copy_articles(dir).string()});
  EXPECT_TRUE(fs::exists(db / "XAPIANDB"));
  IndexLayout layout(db.string());
  EXPECT_FALSE(layout.is_plain_database());
  EXPECT_EQ(layout.current_database(), (db / "gen-0001").string());
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), 5u);
}

TEST(IndexLayout, APlainGlassIndexIsStillUsedAndCompactionMovesItBehindAStub) {
  TempDir dir;
  fs::path db = dir / "index";
  Xapian::WritableDatabase(db.string(), Xapian::DB_CREATE_OR_OPEN).close();
  const fs::path corpus = copy_articles(dir);
  IndexSummary summary = index_paths(db, {corpus.string()});
  EXPECT_EQ(summary.added, 5u);
  IndexLayout layout(db.string());
  EXPECT_TRUE(layout.is_plain_database());
  EXPECT_FALSE(fs::exists(db / "XAPIANDB"));

  CompactionSummary compacted = compact_index(db.string(), IndexWriterOptions{});
  EXPECT_EQ(compacted.to, (db / "gen-0001").string());
  EXPECT_FALSE(layout.is_plain_database());
  EXPECT_FALSE(fs::exists(db / "postlist.glass"));
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), 5u);
  EXPECT_EQ(index_paths(db, {corpus.string()}).unchanged, 5u);
}

TEST(IndexLayout, ASearcherOpenedBeforeCompactionKeepsAnsweringTheSame) {
  TempDir dir;
  fs::path db = dir / "index";
  index_paths(db, {copy_articles(dir).string()});
  Searcher before(db.string());
  SearchRequest request;
  request.query = "japan alliance";
  std::set<std::string> expected = ids(before.search(request));
  ASSERT_FALSE(expected.empty());

  CompactionSummary compacted = compact_index(db.string(), IndexWriterOptions{});
  EXPECT_EQ(compacted.to, (db / "gen-0002").string());
  EXPECT_LE(compacted.bytes_after, compacted.bytes_before);
  // The replaced generation stays while a reader like `before` holds it ...
  EXPECT_TRUE(fs::exists(db / "gen-0001"));
  EXPECT_EQ(ids(before.search(request)), expected);
  EXPECT_EQ(ids(Searcher(db.string()).search(request)), expected);
  // ... and goes as its last reader moves on to the current one.
  EXPECT_FALSE(fs::exists(db / "gen-0001"));
}

TEST(IndexLayout, ASearcherOpenedBeforeCompactionSeesCommitsMadeAfterIt) {
  TempDir dir;
  fs::path db = dir / "index";
  fs::path articles = copy_articles(dir);
  index_paths(db, {articles.string()});
  Searcher before(db.string());
  SearchRequest request;
  request.query = "zeppelin";
  EXPECT_TRUE(before.search(request).hits.empty());

  compact_index(db.string(), IndexWriterOptions{});
  testing::write_file(articles / "airship.txt", "Airship news\n\nA zeppelin landed in Tokyo.\n");
  index_paths(db, {articles.string()});
  // Xapian's reopen() alone would keep reading gen-0001, which the writer no longer touches.
  SearchResponse after = before.search(request);
  ASSERT_EQ(after.hits.size(), 1u);
  EXPECT_TRUE(after.hits[0].id.ends_with("airship.txt"));
}

TEST(IndexLayout, ReplacedGenerationsNoReaderHoldsAreRemovedByTheNextWriter) {
  TempDir dir;
  fs::path db = dir / "index";
  index_paths(db, {copy_articles(dir).string()});
  compact_index(db.string(), IndexWriterOptions{});
  EXPECT_FALSE(fs::exists(db / "gen-0001"));  // no reader held it
  fs::create_directory(db / "gen-0007");      // as a killed compaction would leave it
  IndexWriter writer(db.string(), IndexWriterOptions{});
  EXPECT_FALSE(fs::exists(db / "gen-0007"));
  EXPECT_TRUE(fs::exists(db / "gen-0002"));
  EXPECT_EQ(writer.read([](const Xapian::Database& read) { return read.get_doccount(); }), 5u);
}

TEST(IndexLayout, AWriterThatWaitedThroughASwitchWritesToTheNewGeneration) {
  TempDir dir;
  fs::path db = dir / "index";
  index_paths(db, {copy_articles(dir).string()});
  auto holder = std::make_unique<IndexWriter>(db.string(), true);
  auto waiting = std::async(std::launch::async, [&] {
    IndexWriterOptions options;
    options.wait_seconds = 60;
    return IndexWriter(db.string(), options).database_path();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // What compaction does while it holds the lock: a new generation, then the switch.
  IndexLayout layout(db.string());
  std::string next = layout.next_generation();
  Xapian::Database(holder->database_path()).compact(next);
  layout.switch_to(next);
  holder.reset();
  EXPECT_EQ(waiting.get(), next);
}

TEST(IndexLayout, AWriterThatCannotGetTheLockInTimeSaysTheIndexIsLocked) {
  TempDir dir;
  fs::path db = dir / "index";
  IndexWriter holder(db.string(), true);
  IndexWriterOptions options;
  options.wait_seconds = 0.2;
  EXPECT_THROW(IndexWriter(db.string(), options), IndexLockedError);
}

// Stops the run after a number of added articles, as a signal handler would.
class StopAfter : public IndexObserver {
 public:
  StopAfter(std::size_t articles, std::atomic<bool>* stop) : left_(articles), stop_(stop) {}
  void on_article(const std::string&, IndexAction action) override {
    if (action == IndexAction::kAdded && left_ > 0 && --left_ == 0) stop_->store(true);
  }

 private:
  std::size_t left_;
  std::atomic<bool>* stop_;
};

TEST(Indexer, AStopCommitsTheArticlesDoneAndRemovesNothing) {
  TempDir dir;
  fs::path corpus = copy_articles(dir);
  fs::path db = dir / "index";
  index_paths(db, {corpus.string()});
  fs::remove(corpus / "004_04c299b1cf399749.txt");
  fs::remove(corpus / "004_04c299b1cf399749.txt.meta");
  for (int i = 0; i < 20; ++i) {
    std::string name = "extra-";
    name += std::to_string(100 + i);
    name += ".txt";
    testing::write_file(corpus / name, "Extra\n\nAn extra article about kangaroos.\n");
  }
  std::atomic<bool> stop{false};
  StopAfter observer(3, &stop);
  IndexOptions options;
  options.stop = &stop;
  IndexSummary stopped = index_paths(db, {corpus.string()}, &observer, options);
  EXPECT_TRUE(stopped.stopped);
  EXPECT_EQ(stopped.added, 3u);
  EXPECT_EQ(stopped.removed, 0u);
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), 8u);

  IndexSummary rest = index_paths(db, {corpus.string()});
  EXPECT_FALSE(rest.stopped);
  EXPECT_EQ(rest.added, 17u);
  EXPECT_EQ(rest.removed, 1u);
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), 24u);
}

TEST(Indexer, SearchesThroughOneSearcherAllSucceedWhileTheIndexerCommitsManyBatches) {
  TempDir dir;
  fs::path tree = dir / "tree";
  for (int i = 0; i < 600; ++i) {
    // Built piecewise: GCC 12's -Wrestrict misfires on chained operator+ of temporaries.
    std::string name = "a", text = "Harvest report ";
    name += std::to_string(i);
    name += ".txt";
    text += std::to_string(i);
    text += "\n\nThe wheat harvest in district ";
    text += std::to_string(i % 37);
    text += " brought grain.\n";
    testing::write_file(tree / name, text);
  }
  fs::path db = dir / "index";
  testing::write_file(dir / "seed" / "first.txt",
                      "First harvest\n\nThe first wheat of the year.\n");
  index_paths(db, {(dir / "seed").string()});
  Searcher searcher(db.string());  // one long-lived reader, as an embedding tool keeps
  SearchRequest request;
  request.query = "wheat";
  ASSERT_EQ(searcher.search(request).total, 1u);
  std::atomic<bool> done{false};
  auto indexing = std::async(std::launch::async, [&] {
    IndexOptions options;
    options.batch_articles = 3;
    IndexSummary summary = index_paths(db, {tree.string()}, nullptr, options);
    done = true;
    return summary;
  });
  std::size_t searches = 0;
  std::set<std::size_t> totals;
  std::string failure;
  while (!done) {
    try {
      totals.insert(searcher.search(request).total);
    } catch (const Error& e) {
      failure = e.what();
      break;
    }
    ++searches;
  }
  EXPECT_EQ(indexing.get().added, 600u);
  EXPECT_EQ(failure, "") << "after " << searches << " searches";
  EXPECT_GE(totals.size(), 2u) << searches << " searches";
  EXPECT_EQ(searcher.search(request).total, 601u);
}

}  // namespace
}  // namespace kensaku
