// Tests of query text -> Xapian query: fields, normalisation, leniency, snippet terms.
#include "searcher/query_builder.h"

#include <gtest/gtest.h>

#include "common/schema.h"
#include "kensaku/error.h"

namespace kensaku {
namespace {

class QueryBuilderTest : public ::testing::Test {
 protected:
  Xapian::WritableDatabase db_{std::string(), Xapian::DB_BACKEND_INMEMORY};
};

TEST_F(QueryBuilderTest, BooleanFieldsAreCaseFoldedFilters) {
  QueryBuilder builder(db_);
  std::string description = builder.build("topic:Grain").query.get_description();
  EXPECT_NE(description.find(schema::boolean_term(*schema::find_field("topic"), "grain")),
            std::string::npos)
      << description;
}

TEST_F(QueryBuilderTest, TypographicQueryTextIsNormalisedLikeArticles) {
  QueryBuilder builder(db_);
  EXPECT_EQ(builder.build("US\xE2\x80\x93Japan").query.get_description(),
            builder.build("US-Japan").query.get_description());
  EXPECT_EQ(builder.build("Hegseth\xE2\x80\x99s").query.get_description(),
            builder.build("Hegseth's").query.get_description());
}

TEST_F(QueryBuilderTest, HyphenatedWordsBecomePhrasesForSnippets) {
  QueryBuilder builder(db_);
  BuiltQuery built = builder.build("SM-6 masts");
  ASSERT_EQ(built.snippet.phrases.size(), 1u);
  EXPECT_EQ(built.snippet.phrases[0].terms, (std::vector<std::string>{"sm", "6"}));
  // The joined spelling (SM6) is a word to highlight too, where an article writes it so.
  std::vector<std::string> words;
  for (const auto& word : built.snippet.words) words.push_back(word.term);
  EXPECT_EQ(words, (std::vector<std::string>{"sm6", "mast"}));
  EXPECT_FALSE(built.lenient);
}

TEST_F(QueryBuilderTest, ARunOfCjkCharactersIsOneWordHighlightedAsARun) {
  QueryBuilder builder(db_);
  BuiltQuery built = builder.build("\u5171\u540C\u58F0\u660E missile");  // 共同声明 missile
  EXPECT_EQ(built.words.size(), 2u);  // not one per character and bigram
  ASSERT_EQ(built.snippet.phrases.size(), 1u);
  // The bigrams stand for the run; a lone 同 elsewhere in an article is not highlighted.
  EXPECT_EQ(built.snippet.phrases[0].terms,
            (std::vector<std::string>{"\u5171\u540C", "\u540C\u58F0", "\u58F0\u660E"}));
  ASSERT_EQ(built.snippet.words.size(), 1u);
  EXPECT_EQ(built.snippet.words[0].term, "missil");
}

TEST_F(QueryBuilderTest, ExplicitAndOfWordsStillCountsEachWord) {
  QueryBuilder builder(db_);
  EXPECT_EQ(builder.build("missile AND defence").words.size(), 2u);
}

TEST_F(QueryBuilderTest, FiltersAreNotHighlighted) {
  QueryBuilder builder(db_);
  BuiltQuery built = builder.build("japan topic:grain");
  ASSERT_EQ(built.snippet.words.size(), 1u);
  EXPECT_EQ(built.snippet.words[0].term, "japan");
}

TEST_F(QueryBuilderTest, UnbalancedSyntaxIsReadLeniently) {
  QueryBuilder builder(db_);
  BuiltQuery built = builder.build("japan AND");
  EXPECT_TRUE(built.lenient);
  EXPECT_FALSE(built.query.empty());
}

TEST_F(QueryBuilderTest, TextWithoutWordsIsAUsageError) {
  QueryBuilder builder(db_);
  EXPECT_THROW(builder.build(""), UsageError);
  EXPECT_THROW(builder.build("  \t "), UsageError);
}

}  // namespace
}  // namespace kensaku
