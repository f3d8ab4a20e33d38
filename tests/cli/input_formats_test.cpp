// Tests of every input format and hostile input through the real binaries: each bad file is named
// once on stderr, the run goes on, everything else is indexed and searchable, and the run exits 3.
#include <gtest/gtest.h>
#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>

#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::size_t count_lines_containing(const std::string& text, const std::string& needle) {
  std::size_t n = 0, pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    if (text.substr(pos, end - pos).find(needle) != std::string::npos) ++n;
    pos = end + 1;
  }
  return n;
}

json search(const fs::path& index, const std::string& query) {
  RunResult r = run({search_bin(), "--db", index.string(), "--json", query});
  EXPECT_TRUE(r.exit_status == 0 || r.exit_status == 1) << query << ": " << r.err;
  return json::parse(r.out);
}

std::set<std::string> titles(const json& response) {
  std::set<std::string> out;
  for (const auto& hit : response["hits"]) out.insert(hit["title"].get<std::string>());
  return out;
}

// Every format in one tree, with one hostile input of each kind beside good ones.
class InputFormats : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    fs::path tree = *dir_ / "inbox";
    fs::create_directories(tree);
    fs::copy(test_data_dir() / "articles", tree / "articles", fs::copy_options::recursive);
    fs::copy(test_data_dir() / "html", tree / "html", fs::copy_options::recursive);
    fs::copy(test_data_dir() / "feeds", tree / "feeds", fs::copy_options::recursive);
    fs::copy_file(test_data_dir() / "encodings" / "western.windows-1252.txt",
                  tree / "articles" / "cafe.windows-1252.txt");
    fs::copy_file(test_data_dir() / "encodings" / "western.utf16le-bom.txt",
                  tree / "articles" / "cafe.utf16.txt");
    // UTF-32BE opens with 00 00 FE FF: NUL bytes, yet a byte order mark and no binary file.
    std::string utf32 = read_file(test_data_dir() / "encodings" / "western.utf32le-bom.txt");
    for (std::size_t i = 0; i + 4 <= utf32.size(); i += 4) {
      std::swap(utf32[i], utf32[i + 3]);
      std::swap(utf32[i + 1], utf32[i + 2]);
    }
    write_file(tree / "articles" / "cafe.utf32be.txt", utf32);
    fs::copy_file(test_data_dir() / "encodings" / "japanese.shift_jis.txt",
                  tree / "articles" / "japanese.sjis.txt");
    fs::copy_file(test_data_dir() / "encodings" / "japanese.euc-jp.txt",
                  tree / "articles" / "japanese.eucjp.txt");
    // Hostile inputs.
    write_file(tree / "hostile" / "program.bin", std::string("\x7f"
                                                             "ELF\x02\x01\0\0\0\0",
                                                             10));
    write_file(tree / "hostile" / "empty.txt", "");
    write_file(tree / "hostile" / "huge.txt", std::string(2u << 20, 'a'));
    fs::create_directories(tree / "hostile" / "loop");
    fs::create_directory_symlink("..", tree / "hostile" / "loop" / "back");
    std::string gz = read_file(test_data_dir() / "feeds" / "world_news.jsonl.gz");
    write_file(tree / "hostile" / "cut.jsonl.gz", gz.substr(0, gz.size() * 2 / 3));
    // Already hostile among the fixtures: feeds/broken_lines.jsonl (bad lines),
    // html/paywall_no_body.html (no body), articles/unclosed_front_matter.md.

    index_ = new fs::path(*dir_ / "index");
    result_ = new RunResult(
        run({index_bin(), "--db", index_->string(), "--max-size", "1", tree.string()}));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete index_;
    delete dir_;
  }

  static inline TempDir* dir_ = nullptr;
  static inline fs::path* index_ = nullptr;
  static inline RunResult* result_ = nullptr;
};

TEST_F(InputFormats, TheRunExitsThreeAndNamesEachBadInputOnce) {
  EXPECT_EQ(result_->exit_status, 3) << result_->err;
  const std::string& err = result_->err;
  EXPECT_EQ(count_lines_containing(err, "program.bin: binary file"), 1u) << err;
  EXPECT_EQ(count_lines_containing(err, "empty.txt: empty file"), 1u) << err;
  EXPECT_EQ(count_lines_containing(err, "huge.txt: larger than the size cap"), 1u) << err;
  EXPECT_EQ(count_lines_containing(err, "symbolic link loop"), 1u) << err;
  EXPECT_EQ(count_lines_containing(err, "cut.jsonl.gz"), 1u) << err;
  EXPECT_EQ(count_lines_containing(err, "truncated gzip"), 1u) << err;
  EXPECT_EQ(count_lines_containing(err, "paywall_no_body.html"), 1u) << err;
  EXPECT_EQ(count_lines_containing(err, "unclosed_front_matter.md"), 1u) << err;
  EXPECT_TRUE(contains(err, "never closed")) << err;
  // Feed lines are named by file and line number.
  for (const char* where : {"broken_lines.jsonl:3:", "broken_lines.jsonl:5:",
                            "broken_lines.jsonl:8:", "broken_lines.jsonl:9:"}) {
    EXPECT_EQ(count_lines_containing(err, where), 1u) << where << "\n" << err;
  }
  EXPECT_TRUE(contains(err, "failed ")) << err;
}

TEST_F(InputFormats, EverythingElseIsIndexed) {
  // Plain text with sidecar-free metadata, Markdown with front matter, HTML, feeds (plain and
  // gzip with the same records), other encodings: each is found by a word of its own.
  EXPECT_EQ(
      titles(search(*index_, "ferries harbour storm")).count("Harbour ferries return after storm"),
      1u);
  json cafe = search(*index_, "Zürich café");
  std::set<std::string> cafe_ids;
  for (const auto& hit : cafe["hits"]) cafe_ids.insert(hit["id"].get<std::string>());
  for (const char* copy : {"cafe.windows-1252.txt", "cafe.utf16.txt", "cafe.utf32be.txt"}) {
    EXPECT_TRUE(cafe_ids.count(std::string("inbox/articles/") + copy)) << copy << " decodes";
  }
  json html = search(*index_, "source:\"kansai\" OR 路面電車");
  EXPECT_GE(html["total"].get<int>(), 1);
  json rail = search(*index_, "\"rail fares\"");
  EXPECT_EQ(rail["total"], 1) << "the good lines of a broken feed are indexed";
}

TEST_F(InputFormats, FrontMatterMetadataReachesTheHit) {
  json response = search(*index_, "title:\"harbour ferries\"");
  ASSERT_EQ(response["hits"].size(), 1u);
  const json& hit = response["hits"][0];
  EXPECT_EQ(hit["author"], "Ana Ruiz");
  EXPECT_EQ(hit["source"], "Coastal Courier");
  EXPECT_EQ(hit["date"], "2025-02-14");
  EXPECT_EQ(hit["url"], "https://example.org/ferries");
  EXPECT_EQ(hit["tags"], json::array({"transport", "weather"}));
  EXPECT_EQ(search(*index_, "title:ferries tag:Weather")["total"], 1) << "tags filter, any case";
  EXPECT_EQ(search(*index_, "title:ferries tag:politics")["total"], 0);
}

TEST_F(InputFormats, JapaneseIsFoundByTwoAndFourCharacterQueriesWithHighlights) {
  for (const std::string& query : {std::string("同盟"), std::string("共同生産")}) {
    json response = search(*index_, query);
    // "同盟" is Chinese too: find the Japanese article among the hits.
    const json* found = nullptr;
    for (const auto& candidate : response["hits"]) {
      if (candidate["title"] == "日米、ミサイル共同生産で合意") found = &candidate;
    }
    ASSERT_NE(found, nullptr) << query << ": " << response.dump();
    const json& hit = *found;
    ASSERT_FALSE(hit["highlights"].empty()) << query;
    // The highlighted text is the query (or covers it).
    std::string snippet = hit["snippet"];
    std::u32string wide;
    for (std::size_t i = 0; i < snippet.size();) {
      unsigned char c = snippet[i];
      int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
      for (int k = 1; k < len; ++k) cp = (cp << 6) | (snippet[i + k] & 0x3F);
      wide += cp;
      i += len;
    }
    std::u32string expected = query == "同盟" ? U"同盟" : U"共同生産";
    bool covered = false;
    for (const auto& span : hit["highlights"]) {
      std::size_t start = span[0], end = span[1];
      covered = covered || wide.substr(start, end - start).find(expected) != std::u32string::npos;
    }
    EXPECT_TRUE(covered) << query << ": " << hit.dump();
  }
}

TEST_F(InputFormats, ChineseShiftJisAndEucJpTextIsSearchable) {
  EXPECT_EQ(search(*index_, "联合司令部")["total"], 1);
  EXPECT_EQ(search(*index_, "共同生产")["total"], 1);
  // The Shift_JIS and EUC-JP files hold the same sentences; both must decode to the same words.
  json defence = search(*index_, "防衛相会談");
  std::set<std::string> files;
  for (const auto& hit : defence["hits"]) {
    files.insert(fs::path(hit["path"].get<std::string>()).filename().string());
  }
  EXPECT_TRUE(files.count("japanese.sjis.txt")) << defence.dump();
  EXPECT_TRUE(files.count("japanese.eucjp.txt")) << defence.dump();
}

TEST_F(InputFormats, HtmlMetadataReachesTheHit) {
  json response = search(*index_, "harbour bridge reopens");
  ASSERT_FALSE(response["hits"].empty());
  const json& hit = response["hits"][0];
  EXPECT_EQ(hit["title"], "Harbour bridge reopens to traffic after six-month repair");
  EXPECT_EQ(hit["source"], "The Coastal Courier");
  EXPECT_EQ(hit["author"], "Maria Okafor");
  EXPECT_EQ(search(*index_, "STYLEMARKER")["total"], 0) << "style text is not body text";
}

TEST_F(InputFormats, PlainAndGzipFeedsGiveTheSameRecordsUnderTheirOwnIds) {
  json kyoto = search(*index_, "\"tram extension\"");
  std::set<std::string> ids;
  for (const auto& hit : kyoto["hits"]) ids.insert(hit["id"].get<std::string>());
  EXPECT_TRUE(ids.count("inbox/feeds/world_news.jsonl#wn-0001")) << kyoto.dump();
  EXPECT_TRUE(ids.count("inbox/feeds/world_news.jsonl.gz#wn-0001")) << kyoto.dump();
}

TEST(HostileInput, AnUnreadableFileIsNamedAndTheRestIndexed) {
  TempDir dir;
  fs::permissions(dir.path(), fs::perms::all, fs::perm_options::replace);
  fs::copy(corpus_dir(), dir / "corpus");
  write_file(dir / "corpus" / "secret.txt", "Secret headline\n\nHidden text.\n");
  fs::permissions(dir / "corpus" / "secret.txt", fs::perms::none, fs::perm_options::replace);
  std::vector<std::string> argv;
  if (geteuid() == 0) {
    // Root reads anything: run the indexer as an unprivileged user so the file is unreadable.
    fs::copy_file(index_bin(), dir / "kensaku-index");
    fs::permissions(dir / "kensaku-index", fs::perms::all, fs::perm_options::replace);
    for (auto it = fs::recursive_directory_iterator(dir / "corpus"); it != fs::end(it); ++it) {
      if (it->path().filename() != "secret.txt") {
        fs::permissions(it->path(), fs::perms::all, fs::perm_options::replace);
      }
    }
    fs::permissions(dir / "corpus", fs::perms::all, fs::perm_options::replace);
    argv = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
            (dir / "kensaku-index").string()};
  } else {
    argv = {index_bin()};
  }
  argv.insert(argv.end(), {"--db", (dir / "index").string(), (dir / "corpus").string()});
  RunResult r = run(argv);
  EXPECT_EQ(r.exit_status, 3) << r.err;
  EXPECT_EQ(count_lines_containing(r.err, "secret.txt: cannot open"), 1u) << r.err;
  EXPECT_EQ(Xapian::Database((dir / "index").string()).get_doccount(), 5u);
}

}  // namespace
}  // namespace kensaku::testing
