// Tests that control characters in stored fields never reach a terminal raw: the text printer
// shows them as escapes, and JSON writes them as \u escapes of the same value.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "searcher/cli/result_printer.h"

namespace kensaku {
namespace {

// Every code point a terminal acts on, each as UTF-8, with how terminal_safe shows it.
struct Control {
  std::string raw, shown;
};

std::vector<Control> every_control() {
  std::vector<Control> controls;
  char hex[16];
  for (unsigned c = 0; c < 0x20; ++c) {
    if (c == '\t') continue;
    std::snprintf(hex, sizeof hex, "\\x%02x", c);
    controls.push_back({std::string(1, static_cast<char>(c)), hex});
  }
  controls.push_back({"\x7f", "\\x7f"});
  auto utf8 = [](unsigned cp) {
    std::string out;
    if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    }
    out += static_cast<char>(0x80 | (cp & 0x3F));
    return out;
  };
  std::vector<unsigned> wide;
  for (unsigned cp = 0x80; cp <= 0x9F; ++cp) wide.push_back(cp);
  for (unsigned cp : {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}) {
    wide.push_back(cp);
  }
  for (unsigned cp : wide) {
    std::snprintf(hex, sizeof hex, "\\u%04x", cp);
    controls.push_back({utf8(cp), hex});
  }
  return controls;
}

// True when `text` holds a byte a terminal could act on: C0 but newline, DEL, the UTF-8 of a C1
// control or of a bidirectional control.
bool has_raw_control(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7F) return true;
    unsigned char next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    unsigned char third = i + 2 < text.size() ? static_cast<unsigned char>(text[i + 2]) : 0;
    if (c == 0xC2 && next >= 0x80 && next <= 0x9F) return true;
    if (c == 0xE2 && next == 0x80 && third >= 0xAA && third <= 0xAE) return true;
    if (c == 0xE2 && next == 0x81 && third >= 0xA6 && third <= 0xA9) return true;
  }
  return false;
}

SearchResponse response_with(const std::string& evil) {
  SearchResponse response;
  response.query = "q" + evil;
  response.total = 1;
  response.suggestion = "s" + evil;
  response.notes = {"note" + evil};
  Hit hit;
  hit.rank = 1;
  hit.id = "news/id" + evil + ".txt";
  hit.title = "Title" + evil;
  hit.source = "Source" + evil;
  hit.author = "Author" + evil;
  hit.date = "2025" + evil;
  hit.path = "/p/id" + evil + ".txt";
  hit.snippet = "before" + evil + "missile" + evil + "after";
  hit.highlights = {{7, 14}};
  response.hits.push_back(hit);
  response.facets["source"] = {{"Facet" + evil, 1}};
  return response;
}

TEST(TerminalSafe, EachControlIsShownAsAnEscapeAndOrdinaryTextIsKept) {
  for (const Control& control : every_control()) {
    EXPECT_EQ(terminal_safe("a" + control.raw + "b"), "a" + control.shown + "b") << control.shown;
  }
  EXPECT_EQ(terminal_safe("a\tb"), "a b");
  std::string ordinary = "Tōkyō 東京 — «ok» \u200f\u200e emoji \U0001F600 ü";
  EXPECT_EQ(terminal_safe(ordinary), ordinary);
}

TEST(TerminalSafe, BytesThatAreNotUtf8AreShownAsHexEscapes) {
  EXPECT_EQ(terminal_safe("a\x9b"
                          "31m"),
            "a\\x9b31m");  // a raw 8-bit CSI
  EXPECT_EQ(terminal_safe("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(terminal_safe("\xc0\xaf"), "\\xc0\\xaf");           // overlong '/'
  EXPECT_EQ(terminal_safe("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(terminal_safe("\xe6\x9d"), "\\xe6\\x9d");           // cut short
}

TEST(TerminalSafe, TheTextPrinterNeverWritesARawControlFromAnyField) {
  for (const Control& control : every_control()) {
    if (control.raw == "\n") continue;  // newlines are the printer's own; checked below
    for (bool bold : {false, true}) {
      std::ostringstream out;
      make_text_printer(bold)->print(response_with(control.raw), out);
      std::string text = out.str();
      if (bold) {
        // The printer's own bold marks are the only escapes allowed.
        for (std::string mark : {"\x1b[1m", "\x1b[0m"}) {
          for (std::size_t at; (at = text.find(mark)) != std::string::npos;) text.erase(at, 4);
        }
      }
      EXPECT_FALSE(has_raw_control(text)) << control.shown << ":\n" << text;
      EXPECT_NE(text.find("Title" + control.shown), std::string::npos) << text;
      EXPECT_NE(text.find("Facet" + control.shown), std::string::npos) << text;
    }
  }
  std::ostringstream out;
  make_text_printer(false)->print(response_with("\n"), out);
  EXPECT_NE(out.str().find("Title\\x0a"), std::string::npos) << out.str();
}

TEST(TerminalSafe, JsonWritesEveryControlEscapedAndReadsBackTheSameText) {
  for (const Control& control : every_control()) {
    SearchResponse response = response_with(control.raw);
    for (const std::string& line : {response_to_json(response), batch_line_json("q", response),
                                    service_response_json("1", response)}) {
      EXPECT_FALSE(has_raw_control(line)) << control.shown << ": " << line;
      nlohmann::json parsed = nlohmann::json::parse(line);
      EXPECT_EQ(parsed["hits"][0]["title"], "Title" + control.raw);
      EXPECT_EQ(parsed["hits"][0]["snippet"], response.hits[0].snippet);
    }
  }
  // U+2028/U+2029 end lines in JavaScript: escaped too, same value.
  SearchResponse response = response_with("\u2028\u2029");
  std::string line = response_to_json(response);
  EXPECT_EQ(line.find("\u2028"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(line)["hits"][0]["title"], "Title\u2028\u2029");
}

TEST(TerminalSafe, TrecLinesShowControlsInIdsEscapedSoEachHitIsOneLine) {
  SearchResponse response = response_with("\n\x1b[2J");
  std::string lines = trec_run_lines("q\x07", response);
  EXPECT_EQ(lines, "q\\x07 Q0 news/id\\x0a\\x1b[2J.txt 1 0.000000 kensaku\n");
}

}  // namespace
}  // namespace kensaku
