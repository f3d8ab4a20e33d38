// Searcher::article: one stored article by id, with the fields of its hit and its full text.
#include <gtest/gtest.h>

#include "indexer/indexer.h"
#include "kensaku/search.h"
#include "tests/test_support.h"

namespace kensaku {
namespace {

TEST(ArticleLookup, GivesEveryStoredFieldAndTheFullTextOfAHitsArticle) {
  testing::TempDir dir;
  IndexOptions options;
  options.database = (dir / "index").string();
  Indexer indexer(options, nullptr);
  indexer.run({testing::corpus_dir().string(),
               (testing::test_data_dir() / "feeds" / "world_news.jsonl").string()});
  Searcher searcher(options.database);
  SearchRequest request;
  request.query = "tram";
  SearchResponse response = searcher.search(request);
  ASSERT_FALSE(response.hits.empty());
  const Hit& hit = response.hits.front();
  std::optional<StoredArticle> article = searcher.article(hit.id);
  ASSERT_TRUE(article);
  EXPECT_EQ(article->id, hit.id);
  EXPECT_EQ(article->title, hit.title);
  EXPECT_EQ(article->author, hit.author);
  EXPECT_EQ(article->date, hit.date);
  EXPECT_EQ(article->url, hit.url);
  EXPECT_EQ(article->tags, hit.tags);
  EXPECT_NE(article->body.find("Construction is to start next spring."), std::string::npos);
  request.query = "missile";
  for (const Hit& each : searcher.search(request).hits) {
    std::optional<StoredArticle> found = searcher.article(each.id);
    ASSERT_TRUE(found) << each.id;
    EXPECT_EQ(found->title, each.title);
  }
}

TEST(ArticleLookup, AnUnknownIdIsNoArticleNotAnError) {
  testing::TempDir dir;
  IndexOptions options;
  options.database = (dir / "index").string();
  Indexer indexer(options, nullptr);
  indexer.run({testing::corpus_dir().string()});
  Searcher searcher(options.database);
  for (const char* id : {"", "none", "corpus/none.txt", "../etc/passwd", "#"}) {
    EXPECT_FALSE(searcher.article(id)) << id;
  }
}

}  // namespace
}  // namespace kensaku
