// Tests of the stored-fields record: every field survives, damage is detected.
#include "common/stored_fields.h"

#include <gtest/gtest.h>

#include "kensaku/error.h"

namespace kensaku {
namespace {

Article full_article() {
  Article a;
  a.id = "corpus/002.txt";
  a.path = "/data/corpus/002.txt";
  a.title = "What The Upgraded US-Japan Alliance Means";
  a.body = std::string("Body with\0NUL and 日本語", 24);
  a.source = "East Asia Forum";
  a.author = "Sebastian Maslow";
  a.date = "2024-07-28";
  a.url = "https://example.org/a";
  a.lang = "en";
  a.tags = {"alliance", "defence"};
  a.topics = {"grain"};
  a.places = {"usa", "japan"};
  return a;
}

TEST(StoredFields, EveryFieldSurvivesARoundTrip) {
  Article a = full_article();
  Article b = decode_stored_fields(encode_stored_fields(a));
  EXPECT_EQ(b.id, a.id);
  EXPECT_EQ(b.path, a.path);
  EXPECT_EQ(b.title, a.title);
  EXPECT_EQ(b.body, a.body);
  EXPECT_EQ(b.source, a.source);
  EXPECT_EQ(b.author, a.author);
  EXPECT_EQ(b.date, a.date);
  EXPECT_EQ(b.url, a.url);
  EXPECT_EQ(b.lang, a.lang);
  EXPECT_EQ(b.tags, a.tags);
  EXPECT_EQ(b.topics, a.topics);
  EXPECT_EQ(b.places, a.places);
}

TEST(StoredFields, EmptyFieldsTakeNoSpace) {
  Article a;
  a.id = "x";
  EXPECT_EQ(encode_stored_fields(a).size(), 1u + 1u + 1u + 1u);  // version, tag, length, "x"
}

TEST(StoredFields, FieldsFromANewerWriterAreSkipped) {
  Article a;
  a.title = "kept";
  std::string data = encode_stored_fields(a);
  data += static_cast<char>(99);  // an unknown tag
  data += static_cast<char>(3);
  data += "abc";
  EXPECT_EQ(decode_stored_fields(data).title, "kept");
}

TEST(StoredFields, TruncatedRecordsAreReportedAsCorruption) {
  std::string data = encode_stored_fields(full_article());
  EXPECT_THROW(decode_stored_fields(data.substr(0, data.size() - 3), "7"), IndexCorruptError);
  EXPECT_THROW(decode_stored_fields("", "7"), IndexCorruptError);
  EXPECT_THROW(decode_stored_fields("\x09", "7"), IndexCorruptError);  // unknown version
}

}  // namespace
}  // namespace kensaku
