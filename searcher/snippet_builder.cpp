// Picks and cuts query-relevant passages: one tokenising pass, a window over matches, sentences.
#include "searcher/snippet_builder.h"

#include <xapian.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/schema.h"
#include "common/text_normaliser.h"

namespace kensaku {
namespace {

using Xapian::Utf8Iterator;
namespace unicode = Xapian::Unicode;

constexpr std::size_t kNpos = std::string_view::npos;
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026
constexpr std::string_view kJoiner = " \xE2\x80\xA6 ";
constexpr std::size_t kJoinerChars = 3;

// TermGenerator's default max_word_length: longer words are not indexed and take no position, so
// they must not break a phrase either.
constexpr std::size_t kMaxWordBytes = 64;
// Bounds the look-back ring; a query phrase this long is not something people type.
constexpr std::size_t kMaxPatternLength = 32;
// Wildcard hits of a word are kept as a 64-bit mask.
constexpr std::size_t kMaxWildcards = 64;
// A word's stem cache grows with the vocabulary of the hits of one query; this only stops a
// pathological text from growing it without bound.
constexpr std::size_t kCacheLimit = 1 << 16;

// Scoring. A repeated query word adds less each time (1, 1.25, 1.375, ... towards 1.5 times its
// weight), so a passage with two different words beats one that repeats a word.
constexpr double kCoverageBonus = 0.25;      // per distinct query word beyond the first
constexpr double kSentenceStartBonus = 0.1;  // a passage that starts a sentence reads better
constexpr double kShownPenalty = 0.3;        // weight left to words an earlier passage shows
constexpr std::size_t kTieCandidates = 6;    // near-best windows whose cuts are compared

// Sentence boundaries are asked for in chunks around the passages actually considered, so a long
// text costs no more ICU work than a short one; the margin gives ICU the context it looks at.
constexpr std::size_t kSentenceChunk = 1024;
constexpr std::size_t kSentenceMargin = 256;

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// One character of UTF-8 text: its code point and its length in bytes.
struct Char {
  unsigned ch;
  unsigned len;
};

// Decodes the character at text[at] exactly as Xapian's Utf8Iterator does (an invalid, overlong
// or truncated sequence reads as its first byte, ISO-8859-1 style), but inline: calling into the
// library for every character made it the main cost of a snippet.
Char decode_multibyte(std::string_view text, std::size_t at) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + at;
  const std::size_t left = text.size() - at;
  const unsigned c = p[0];
  if (c < 0xC2) return {c, 1};
  auto cont = [p](std::size_t i) { return (p[i] & 0xC0) == 0x80; };
  if (c < 0xE0) {
    if (left < 2 || !cont(1)) return {c, 1};
    return {((c & 0x1Fu) << 6) | (p[1] & 0x3Fu), 2};
  }
  if (c < 0xF0) {
    if (left < 3 || !cont(1) || !cont(2) || (c == 0xE0 && p[1] < 0xA0)) return {c, 1};
    return {((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu), 3};
  }
  if (c >= 0xF5 || left < 4 || !cont(1) || !cont(2) || !cont(3) || (c == 0xF0 && p[1] < 0x90) ||
      (c == 0xF4 && p[1] >= 0x90)) {
    return {c, 1};
  }
  return {((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu), 4};
}

inline Char decode(std::string_view text, std::size_t at) {
  const auto c = static_cast<unsigned char>(text[at]);
  return c < 0x80 ? Char{c, 1} : decode_multibyte(text, at);
}

void append_utf8(std::string& s, unsigned ch) {
  if (ch < 0x80) {
    s.push_back(static_cast<char>(ch));
  } else {
    unicode::append_utf8(s, ch);
  }
}

// Xapian's Unicode classes, answered without the library for ASCII (the bulk of news text):
// ASCII word characters are letters, digits and '_' (the only ASCII connector punctuation), and
// ASCII whitespace is the controls and the space.
inline bool is_wordchar(unsigned ch) {
  if (ch < 0x80) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
  }
  return unicode::is_wordchar(ch);
}

inline unsigned to_lower(unsigned ch) {
  if (ch < 0x80) return (ch >= 'A' && ch <= 'Z') ? ch + ('a' - 'A') : ch;
  return unicode::tolower(ch);
}

bool is_space(unsigned ch) {
  if (ch < 0x80) return ch <= 0x20 || ch == 0x7F;
  return unicode::is_whitespace(ch);
}

bool is_digit(unsigned ch) {
  if (ch < 0x80) return ch >= '0' && ch <= '9';
  return unicode::get_category(ch) == unicode::DECIMAL_DIGIT_NUMBER;
}

inline bool is_cjk(unsigned ch) { return schema::is_cjk_ngram_char(ch); }

bool is_cjk_wordchar(unsigned ch) { return is_cjk(ch) && is_wordchar(ch); }

unsigned check_wordchar(unsigned ch) { return is_wordchar(ch) ? to_lower(ch) : 0; }

bool is_ascii_upper(unsigned ch) { return ch >= 'A' && ch <= 'Z'; }

constexpr unsigned kIgnore = std::numeric_limits<unsigned>::max();

bool is_ignorable(unsigned ch) {
  return ch >= 0x200b && (ch <= 0x200d || ch == 0x2060 || ch == 0xfeff);
}

// The characters TermGenerator keeps inside a word (AT&T, Hegseth's), mapped as it maps them.
unsigned check_infix(unsigned ch) {
  if (ch == '\'' || ch == '&' || ch == 0xb7 || ch == 0x5f4 || ch == 0x2027) return ch;
  if (ch == 0x2019 || ch == 0x201b) return '\'';
  return is_ignorable(ch) ? kIgnore : 0;
}

// Between two digits TermGenerator also keeps separators (3,000 and 1.5 are one word).
unsigned check_infix_digit(unsigned ch) {
  switch (ch) {
    case ',':
    case '.':
    case ';':
    case 0x037e:
    case 0x0589:
    case 0x060D:
    case 0x07F8:
    case 0x2044:
    case 0xFE10:
    case 0xFE13:
    case 0xFE14:
      return ch;
    default:
      return is_ignorable(ch) ? kIgnore : 0;
  }
}

unsigned check_suffix(unsigned ch) { return (ch == '+' || ch == '#') ? ch : 0; }

// One indexed word (or CJK character) of the text.
struct Token {
  std::size_t begin = 0, end = 0;        // bytes of its surface form in the text
  std::size_t cp_begin = 0, cp_end = 0;  // the same in code points
  unsigned cjk = 0;                      // the character, for a CJK character; else 0
  bool glued = false;                    // a CJK character right after another one
  std::string lower;                     // for a word: the lowercase form TermGenerator indexes
};

// Splits text into words the way Xapian's TermGenerator does in CJK n-gram mode (initials such as
// U.S., infixes such as ' and &, suffixes such as C++), except that a CJK run yields one token per
// character: that is what carries the index's positions.
class Tokeniser {
 public:
  explicit Tokeniser(std::string_view text) : text_(text) {}

  // Fills `tok` with the next word; false at the end of the text.
  bool next(Token& tok) {
    while (true) {
      Char c{0, 0};
      while (pos_ < text_.size() && !is_wordchar((c = decode(text_, pos_)).ch)) {
        pos_ += c.len;
        ++cp_;
        in_cjk_run_ = false;
      }
      if (pos_ >= text_.size()) return false;
      tok.begin = pos_;
      tok.cp_begin = cp_;
      tok.lower.clear();
      if (is_cjk(c.ch)) {
        tok.cjk = c.ch;
        tok.glued = in_cjk_run_;
        pos_ += c.len;
        ++cp_;
        tok.end = pos_;
        tok.cp_end = cp_;
        in_cjk_run_ = true;
        after_cjk_ = true;
        return true;
      }
      in_cjk_run_ = false;
      tok.cjk = 0;
      tok.glued = false;
      // TermGenerator resumes its word loop after a CJK run, past its check for initials: after
      // "日本 ", "U.S." is the two words "u" and "s".
      const bool initials = !after_cjk_;
      after_cjk_ = false;
      if ((initials && read_initials(tok, c.ch)) || read_word(tok, c)) return true;
    }
  }

 private:
  bool ascii_upper_at(std::size_t p) const {
    return p < text_.size() && is_ascii_upper(static_cast<unsigned char>(text_[p]));
  }

  // "U.S." and "P.T.O" are indexed as "us" and "pto".
  bool read_initials(Token& tok, unsigned first) {
    if (!is_ascii_upper(first)) return false;
    std::size_t p = pos_;
    while (true) {
      tok.lower.push_back(static_cast<char>(to_lower(static_cast<unsigned char>(text_[p]))));
      ++p;
      if (p >= text_.size() || text_[p] != '.') break;
      ++p;
      if (!ascii_upper_at(p)) break;
    }
    // Only ASCII was read, so bytes are code points.
    if (tok.lower.size() > 1 && (p >= text_.size() || !is_wordchar(decode(text_, p).ch))) {
      cp_ += p - pos_;
      pos_ = p;
      tok.end = p;
      tok.cp_end = cp_;
      return true;
    }
    tok.lower.clear();
    return false;
  }

  // Reads one word from pos_ (a non-CJK word character); false when TermGenerator would skip it.
  bool read_word(Token& tok, Char c) {
    std::size_t& p = pos_;
    unsigned ch = to_lower(c.ch);
    bool ended = false;
    while (true) {
      unsigned prev = 0;
      do {
        append_utf8(tok.lower, ch);
        prev = ch;
        p += c.len;
        ++cp_;
        if (p >= text_.size()) {
          ended = true;
          break;
        }
        c = decode(text_, p);
        if (is_cjk(c.ch)) {
          ended = true;
          break;
        }
        ch = check_wordchar(c.ch);
      } while (ch);
      if (ended) break;
      // p is at a character that is not a word character; it may join two words into one.
      const std::size_t after = p + c.len;
      if (after >= text_.size()) break;
      const Char next = decode(text_, after);
      const unsigned next_ch = check_wordchar(next.ch);
      // Xapian would carry the word across a CJK run; ending it here only differs for text such
      // as "abc'日本", and keeps a word's surface contiguous.
      if (!next_ch || is_cjk(next.ch)) break;
      const unsigned infix =
          is_digit(prev) && is_digit(next.ch) ? check_infix_digit(c.ch) : check_infix(c.ch);
      if (!infix) break;
      if (infix != kIgnore) append_utf8(tok.lower, infix);
      p = after;
      ++cp_;
      c = next;
      ch = next_ch;
    }
    tok.end = p;
    tok.cp_end = cp_;
    if (!ended) read_suffix(tok);
    return tok.lower.size() <= kMaxWordBytes;
  }

  // "C++" and "C#" keep their suffix, but "fish+chips" is two words.
  void read_suffix(Token& tok) {
    const std::size_t len = tok.lower.size();
    std::size_t p = pos_;
    unsigned count = 0;
    unsigned ch = 0;
    while (p < text_.size() && (ch = check_suffix(static_cast<unsigned char>(text_[p])))) {
      if (++count > 3) {
        tok.lower.resize(len);
        cp_ += p - pos_;
        pos_ = p;
        return;
      }
      tok.lower.push_back(static_cast<char>(ch));
      ++p;
    }
    cp_ += p - pos_;
    pos_ = p;
    if (p < text_.size() && is_wordchar(decode(text_, p).ch)) {
      tok.lower.resize(len);
      return;
    }
    tok.end = p;
    tok.cp_end = cp_;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t cp_ = 0;
  bool in_cjk_run_ = false;
  bool after_cjk_ = false;
};

// One position of a query pattern: a symbol (stem or CJK character) or a wildcard prefix.
struct Element {
  int32_t sym = -1;
  int32_t prefix = -1;
  bool glued = false;  // must directly follow the previous CJK character in the text
  bool operator==(const Element&) const = default;
};

// A query word, phrase or wildcard as a sequence of consecutive positions.
struct Pattern {
  std::vector<Element> elements;
  std::size_t item = 0;
};

// What a text word means to the query; cached per lowercase word.
struct WordInfo {
  int32_t sym = -1;
  uint64_t prefixes = 0;
};

// A place where a query item matched: bytes and code points of its span in the text.
struct Match {
  std::size_t item;
  std::size_t begin, end;
  std::size_t cp_begin, cp_end;
};

struct Span {
  std::size_t begin, end;
};

// Sentence starts of a text, asked of ICU lazily in fixed chunks (so the answer never depends on
// which chunks were needed first).
class Sentences {
 public:
  explicit Sentences(std::string_view text)
      : text_(text), chunks_(text.size() / kSentenceChunk + 1), done_(chunks_.size(), false) {}

  // The smallest start in [at_least, at_most], or kNpos.
  std::size_t next_start(std::size_t at_least, std::size_t at_most) {
    if (at_least > at_most || at_least >= text_.size()) return kNpos;
    at_most = std::min(at_most, text_.size() - 1);
    for (std::size_t k = at_least / kSentenceChunk; k <= at_most / kSentenceChunk; ++k) {
      const auto& starts = chunk(k);
      auto it = std::lower_bound(starts.begin(), starts.end(), at_least);
      if (it != starts.end()) return *it <= at_most ? *it : kNpos;
    }
    return kNpos;
  }

  // The largest start in [at_least, at_most], or kNpos.
  std::size_t prev_start(std::size_t at_most, std::size_t at_least) {
    if (at_least > at_most || text_.empty()) return kNpos;
    at_most = std::min(at_most, text_.size() - 1);
    for (std::size_t k = at_most / kSentenceChunk + 1; k-- > at_least / kSentenceChunk;) {
      const auto& starts = chunk(k);
      auto it = std::upper_bound(starts.begin(), starts.end(), at_most);
      if (it != starts.begin()) return *(it - 1) >= at_least ? *(it - 1) : kNpos;
    }
    return kNpos;
  }

 private:
  const std::vector<std::size_t>& chunk(std::size_t k) {
    if (done_[k]) return chunks_[k];
    done_[k] = true;
    const std::size_t lo = k * kSentenceChunk;
    const std::size_t hi = std::min(text_.size(), lo + kSentenceChunk);
    std::size_t from = lo > kSentenceMargin ? lo - kSentenceMargin : 0;
    std::size_t to = std::min(text_.size(), hi + kSentenceMargin);
    while (from < text_.size() && is_continuation(text_[from])) ++from;
    while (to < text_.size() && is_continuation(text_[to])) ++to;
    auto& out = chunks_[k];
    if (k == 0) out.push_back(0);
    if (from < to) {
      for (std::size_t s : sentence_starts(text_.substr(from, to - from))) {
        // A start at the cut itself is an artefact of cutting.
        const std::size_t at = from + s;
        if (at > from && at >= lo && at < hi) out.push_back(at);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  std::string_view text_;
  std::vector<std::vector<std::size_t>> chunks_;
  std::vector<bool> done_;
};

// Places passages in one text and renders them: all the byte/code-point arithmetic lives here and
// only ever walks a passage's neighbourhood, never the whole text.
class Passages {
 public:
  Passages(std::string_view text, std::size_t target)
      : text_(text), sentences_(text), target_(target), max_(target + target / 2) {
    first_ = skip_space(0, text_.size());
  }

  std::size_t size() const { return text_.size(); }
  // Byte offset of the first character that is not whitespace.
  std::size_t first_visible() const { return first_; }

  // A passage around the core [a, b) (byte offsets at word boundaries), inside [lo, hi): whole
  // sentences when they fit in 1.5x the target length, else cut at word boundaries.
  Span place(std::size_t a, std::size_t b, std::size_t lo, std::size_t hi) {
    const std::size_t core = cps(a, b);
    const std::size_t slack = target_ > core ? target_ - core : 0;
    std::size_t s = sentences_.prev_start(a, retreat(b, max_, lo));
    if (s != kNpos) s = skip_space(s, a);
    // A sentence starting at an empty core (no match) is not one ending there.
    const std::size_t e = sentence_end_after(std::max(b, next_char(a)), advance(a, max_, hi), hi);
    std::size_t start, end;
    if (s != kNpos && e != kNpos && cps(s, e) <= max_) {
      start = s;
      end = e;
    } else {
      if (s != kNpos && cps(s, b) <= target_) {
        start = s;
      } else {
        // Some context before the matches and most of the room after them, unless the sentence
        // ends soon: then the room goes before.
        std::size_t before = slack / 3;
        if (e != kNpos && cps(a, e) + before < target_) before = target_ - cps(a, e);
        start = cut_start(a, before, lo);
      }
      end = (e != kNpos && cps(start, e) <= max_) ? e : cut_end(start, b, hi);
    }
    grow(start, end, lo, hi);
    // A line break ends a sentence for ICU, but "…, stating," does not read as an ending.
    // Never down to nothing: a text of punctuation alone still shows.
    const std::size_t keep = std::max(b, next_char(start));
    while (end > keep && is_dangling(char_before(end))) end = prev_char(end);
    return {start, end};
  }

  bool starts_sentence(std::size_t x) {
    if (x <= first_) return true;
    const std::size_t z = skip_space_back(x, 0);
    return z == 0 || sentences_.next_start(z, x) != kNpos;
  }

  bool ends_sentence(std::size_t x) {
    const std::size_t y = skip_space(x, text_.size());
    return y == text_.size() || sentences_.next_start(x, y) != kNpos;
  }

  // The passage's text, whitespace runs collapsed to one space, with "…" where it cuts a sentence,
  // and the matches inside it as code-point highlights.
  Fragment render(Span span, const std::vector<Match>& matches) {
    Fragment out;
    std::vector<Span> marks;
    auto it = std::lower_bound(matches.begin(), matches.end(), span.begin,
                               [](const Match& m, std::size_t at) { return m.begin < at; });
    for (; it != matches.end() && it->begin < span.end; ++it) {
      if (it->end > span.end) continue;
      if (!marks.empty() && it->begin <= marks.back().end) {
        marks.back().end = std::max(marks.back().end, it->end);
      } else {
        marks.push_back({it->begin, it->end});
      }
    }
    std::size_t cp = 0;
    if (!starts_sentence(span.begin)) {
      out.text += kEllipsis;
      ++cp;
    }
    auto mark = marks.begin();
    bool pending_space = false;
    for (std::size_t at = span.begin; at < span.end;) {
      const Char c = decode(text_, at);
      const std::size_t next = std::min(at + c.len, span.end);
      if (is_space(c.ch)) {
        pending_space = true;
        at = next;
        continue;
      }
      if (pending_space) {
        out.text += ' ';
        ++cp;
        pending_space = false;
      }
      if (mark != marks.end() && mark->begin == at) out.highlights.push_back({cp, cp});
      out.text.append(text_.data() + at, next - at);
      ++cp;
      if (mark != marks.end() && mark->end == next) {
        if (!out.highlights.empty()) out.highlights.back().end = cp;
        ++mark;
      }
      at = next;
    }
    if (!ends_sentence(span.end)) out.text += kEllipsis;
    return out;
  }

 private:
  std::size_t cps(std::size_t a, std::size_t b) const {
    std::size_t n = 0;
    for (std::size_t i = a; i < b; ++i) n += !is_continuation(text_[i]);
    return n;
  }
  std::size_t next_char(std::size_t x) const {
    if (x >= text_.size()) return text_.size();
    ++x;
    while (x < text_.size() && is_continuation(text_[x])) ++x;
    return x;
  }
  std::size_t prev_char(std::size_t x) const {
    if (x == 0) return 0;
    --x;
    while (x > 0 && is_continuation(text_[x])) --x;
    return x;
  }
  std::size_t advance(std::size_t x, std::size_t n, std::size_t hi) const {
    while (n-- > 0 && x < hi) x = next_char(x);
    return std::min(x, hi);
  }
  std::size_t retreat(std::size_t x, std::size_t n, std::size_t lo) const {
    while (n-- > 0 && x > lo) x = prev_char(x);
    return std::max(x, lo);
  }
  unsigned char_at(std::size_t x) const { return decode(text_, x).ch; }
  unsigned char_before(std::size_t x) const { return char_at(prev_char(x)); }
  std::size_t skip_space(std::size_t x, std::size_t hi) const {
    while (x < hi && is_space(char_at(x))) x = next_char(x);
    return std::min(x, hi);
  }
  std::size_t skip_space_back(std::size_t x, std::size_t lo) const {
    while (x > lo && is_space(char_before(x))) x = prev_char(x);
    return x;
  }

  bool word_starts_at(std::size_t x) const {
    if (x == 0) return true;
    if (x >= text_.size()) return false;
    const unsigned ch = char_at(x);
    if (is_space(ch)) return false;
    const unsigned before = char_before(x);
    return is_space(before) || is_cjk_wordchar(ch) || is_cjk_wordchar(before);
  }

  bool word_ends_at(std::size_t x) const {
    if (x >= text_.size()) return true;
    if (x == 0) return false;
    const unsigned before = char_before(x);
    if (is_space(before)) return false;
    const unsigned ch = char_at(x);
    return is_space(ch) || is_cjk_wordchar(ch) || is_cjk_wordchar(before);
  }

  // Punctuation that reads badly right before "…".
  static bool is_dangling(unsigned ch) {
    switch (ch) {
      case ',':
      case ';':
      case ':':
      case '-':
      case '(':
      case '[':
      case '{':
      case '/':
      case '&':
        return true;
      default:
        return is_space(ch);
    }
  }

  // The first word start at most `before` code points before a, never in an earlier sentence.
  std::size_t cut_start(std::size_t a, std::size_t before, std::size_t lo) {
    std::size_t x = retreat(a, before, lo);
    while (x < a && !word_starts_at(x)) x = next_char(x);
    const std::size_t s = sentences_.prev_start(a, x);
    if (s != kNpos) x = std::max(x, skip_space(s, a));
    return x;
  }

  // The last word end at most target code points after start (but not before b).
  std::size_t cut_end(std::size_t start, std::size_t b, std::size_t hi) const {
    const std::size_t p = advance(start, target_, hi);
    if (p <= b) return b;
    std::size_t x = p;
    while (x > b && !word_ends_at(x)) x = prev_char(x);
    // Without a match to show, a first word longer than the target is cut inside: better part
    // of it than nothing.
    if (x == start) return p;
    const std::size_t keep = std::max(b, next_char(start));
    while (x > keep && is_dangling(char_before(x))) x = prev_char(x);
    return x;
  }

  // The end (trailing whitespace excluded) of the first sentence that ends at or after `from`,
  // if it ends by `limit` and before `hi`; else kNpos.
  std::size_t sentence_end_after(std::size_t from, std::size_t limit, std::size_t hi) {
    const std::size_t t = sentences_.next_start(from, std::min(skip_space(limit, hi), hi));
    std::size_t e;
    if (t != kNpos) {
      e = skip_space_back(t, from);
    } else if (hi == text_.size()) {
      e = skip_space_back(text_.size(), from);
    } else {
      return kNpos;
    }
    return e <= limit ? e : kNpos;
  }

  // Whether the sentence ending at x ends like prose; headings and bylines ("Advertisement",
  // "How it Works") are sentences to ICU but only clutter a passage they are added to.
  bool ends_with_stop(std::size_t x) const {
    while (x > 0) {
      const unsigned ch = char_before(x);
      switch (ch) {
        case '.':
        case '!':
        case '?':
        case 0x2026:  // …
        case 0x3002:  // 。
        case 0xFF01:  // ！
        case 0xFF0E:  // ．
        case 0xFF1F:  // ？
          return true;
        default:
          break;
      }
      const auto category = unicode::get_category(ch);
      if (ch != '\'' && ch != '"' && category != unicode::CLOSE_PUNCTUATION &&
          category != unicode::FINAL_QUOTE_PUNCTUATION) {
        return false;
      }
      x = prev_char(x);
    }
    return false;
  }

  // Adds whole neighbouring sentences, alternately after and before so that the matches stay near
  // the middle, while the passage stays within the target length.
  void grow(std::size_t& start, std::size_t& end, std::size_t lo, std::size_t hi) {
    std::size_t length = cps(start, end);
    bool forward = true, backward = true;
    while (forward || backward) {
      if (forward) forward = grow_forward(start, end, length, hi);
      if (backward) backward = grow_backward(start, end, length, lo);
    }
  }

  bool grow_forward(std::size_t start, std::size_t& end, std::size_t& length, std::size_t hi) {
    if (length >= target_ || !ends_sentence(end)) return false;
    const std::size_t y = skip_space(end, hi);
    if (y >= hi) return false;
    const std::size_t e = sentence_end_after(next_char(y), advance(end, target_ - length, hi), hi);
    if (e == kNpos || !ends_with_stop(e) || cps(start, e) > target_) return false;
    length = cps(start, e);
    end = e;
    return true;
  }

  bool grow_backward(std::size_t& start, std::size_t end, std::size_t& length, std::size_t lo) {
    if (length >= target_ || start <= lo || !starts_sentence(start)) return false;
    const std::size_t z = skip_space_back(start, lo);
    if (z <= lo || !ends_with_stop(z)) return false;
    std::size_t s = sentences_.prev_start(prev_char(z), retreat(start, target_ - length, lo));
    if (s == kNpos) return false;
    s = skip_space(s, z);
    if (cps(s, end) > target_) return false;
    length = cps(s, end);
    start = s;
    return true;
  }

  std::string_view text_;
  Sentences sentences_;
  std::size_t target_, max_;
  std::size_t first_ = 0;
};

std::string lowercase(std::string_view s) {
  std::string out;
  for (Utf8Iterator i(s.data(), s.size()); i != Utf8Iterator(); ++i) {
    append_utf8(out, to_lower(*i));
  }
  return out;
}

bool all_cjk(std::string_view s) {
  if (s.empty()) return false;
  for (Utf8Iterator i(s.data(), s.size()); i != Utf8Iterator(); ++i) {
    if (!is_cjk_wordchar(*i)) return false;
  }
  return true;
}

double clean_weight(double w) { return std::isfinite(w) && w > 0 ? w : 0.0; }

}  // namespace

struct SnippetBuilder::Impl {
  Impl(Xapian::Stem stem, Options opts) : stemmer(std::move(stem)), options(opts) {
    // Stems of these stemmers keep the word's first letter, which lets most words of a text skip
    // stemming; a stemmer that strips prefixes (e.g. Indonesian, Irish) must see every word.
    const std::string d = stemmer.get_description();
    first_letter_filter = stemmer.is_none() || d == "Xapian::Stem(english)" ||
                          d == "Xapian::Stem(porter)" || d == "Xapian::Stem(earlyenglish)" ||
                          d == "Xapian::Stem(lovins)";
  }

  Xapian::Stem stemmer;
  Options options;

  std::vector<double> weights;  // per item
  std::vector<Pattern> patterns;
  std::unordered_map<std::string, int32_t> syms;
  std::unordered_map<unsigned, int32_t> cjk_syms;
  std::vector<std::string> prefixes;
  std::vector<std::vector<std::size_t>> by_last_sym, by_last_prefix;
  std::size_t longest = 1;

  bool first_letter_filter = true;
  bool ascii_first[128] = {};
  std::vector<unsigned> other_first;  // sorted

  std::unordered_map<std::string, WordInfo> cache;
  std::vector<Match> matches;

  void note_first_letter(std::string_view s) {
    if (s.empty()) return;
    const unsigned ch = decode(s, 0).ch;
    if (ch < 128) {
      ascii_first[ch] = true;
    } else {
      other_first.push_back(ch);
    }
  }

  bool may_match(unsigned first) const {
    if (!first_letter_filter) return true;
    if (first < 128) return ascii_first[first];
    return std::binary_search(other_first.begin(), other_first.end(), first);
  }

  int32_t intern(const std::string& stem) {
    auto [it, added] = syms.emplace(stem, static_cast<int32_t>(syms.size()));
    if (added) note_first_letter(stem);
    return it->second;
  }

  int32_t intern_cjk(unsigned ch) {
    std::string s;
    unicode::append_utf8(s, ch);
    const int32_t id = intern(s);
    cjk_syms.emplace(ch, id);
    return id;
  }

  // A query term (already a stem) as positions: one, or one per character for CJK.
  std::vector<Element> term_elements(std::string_view term) {
    std::vector<Element> out;
    const std::string lower = lowercase(term);
    if (lower.empty()) return out;
    if (all_cjk(lower)) {
      for (Utf8Iterator i(lower); i != Utf8Iterator(); ++i) {
        out.push_back({intern_cjk(*i), -1, !out.empty()});
      }
    } else {
      out.push_back({intern(lower), -1, false});
    }
    return out;
  }

  void add_item(std::vector<Element> elements, double weight) {
    if (elements.empty() || elements.size() > kMaxPatternLength) return;
    weight = clean_weight(weight);
    for (const Pattern& p : patterns) {
      if (p.elements == elements) {
        weights[p.item] = std::max(weights[p.item], weight);
        return;
      }
    }
    longest = std::max(longest, elements.size());
    patterns.push_back({std::move(elements), weights.size()});
    weights.push_back(weight);
  }

  void add_phrase(const SnippetQuery::Phrase& phrase) {
    std::vector<Element> elements;
    std::string prev;
    for (const std::string& term : phrase.terms) {
      std::vector<Element> part = term_elements(term);
      if (part.empty()) continue;
      // CJK bigrams of one run ("日本", "本語") overlap by a character: keep it once.
      const std::string lower = lowercase(term);
      if (part.size() > 1 && all_cjk(lower) && all_cjk(prev) &&
          elements.size() >= part.size() - 1 &&
          std::equal(part.begin(), part.end() - 1, elements.end() - (part.size() - 1),
                     [](const Element& x, const Element& y) { return x.sym == y.sym; })) {
        elements.push_back(part.back());
      } else {
        elements.insert(elements.end(), part.begin(), part.end());
      }
      prev = lower;
    }
    add_item(std::move(elements), phrase.weight);
  }

  // "produc" matches any word starting so; "co-produc" is split as the index splits it, its last
  // word being the prefix.
  void add_wildcard(const SnippetQuery::Wildcard& wildcard) {
    // Split before lowercasing, as the indexer does: "U.S" is one word there.
    std::vector<Token> tokens;
    Tokeniser tokeniser(wildcard.prefix);
    for (Token tok; tokeniser.next(tok);) tokens.push_back(tok);
    if (tokens.empty()) return;
    std::vector<Element> elements;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      const Token& tok = tokens[k];
      if (tok.cjk) {
        elements.push_back({intern_cjk(tok.cjk), -1, tok.glued});
      } else if (k + 1 < tokens.size()) {
        elements.push_back({intern(stemmer(tok.lower)), -1, false});
      } else {
        if (prefixes.size() >= kMaxWildcards) return;
        note_first_letter(tok.lower);
        elements.push_back({-1, static_cast<int32_t>(prefixes.size()), false});
        prefixes.push_back(tok.lower);
      }
    }
    add_item(std::move(elements), wildcard.weight);
  }

  void index_patterns() {
    std::sort(other_first.begin(), other_first.end());
    by_last_sym.assign(syms.size(), {});
    by_last_prefix.assign(prefixes.size(), {});
    for (std::size_t k = 0; k < patterns.size(); ++k) {
      const Element& last = patterns[k].elements.back();
      if (last.sym >= 0) {
        by_last_sym[static_cast<std::size_t>(last.sym)].push_back(k);
      } else {
        by_last_prefix[static_cast<std::size_t>(last.prefix)].push_back(k);
      }
    }
  }

  WordInfo classify(const Token& tok) {
    if (tok.cjk) {
      auto it = cjk_syms.find(tok.cjk);
      return it == cjk_syms.end() ? WordInfo{} : WordInfo{it->second, 0};
    }
    if (!may_match(decode(tok.lower, 0).ch)) return {};
    if (auto it = cache.find(tok.lower); it != cache.end()) return it->second;
    if (cache.size() >= kCacheLimit) cache.clear();
    const std::string stem = stemmer(tok.lower);
    WordInfo info;
    if (auto it = syms.find(stem); it != syms.end()) info.sym = it->second;
    for (std::size_t k = 0; k < prefixes.size(); ++k) {
      if (tok.lower.starts_with(prefixes[k]) || stem.starts_with(prefixes[k])) {
        info.prefixes |= uint64_t{1} << k;
      }
    }
    cache.emplace(tok.lower, info);
    return info;
  }

  // One pass over the text: every place where a query item matches, sorted by position.
  void find_matches(std::string_view text) {
    matches.clear();
    if (patterns.empty()) return;
    struct Seen {
      std::size_t index = kNpos;
      WordInfo info;
      bool glued = false;
      std::size_t begin = 0, cp_begin = 0;
    };
    // The last few matching words by position; a phrase checks back through it.
    std::vector<Seen> ring(longest);
    Tokeniser tokeniser(text);
    Token tok;
    for (std::size_t index = 0; tokeniser.next(tok); ++index) {
      const WordInfo info = classify(tok);
      if (info.sym < 0 && info.prefixes == 0) continue;
      ring[index % longest] = {index, info, tok.glued, tok.begin, tok.cp_begin};
      auto try_patterns = [&](const std::vector<std::size_t>& ids) {
        for (std::size_t id : ids) {
          const std::vector<Element>& elements = patterns[id].elements;
          const std::size_t n = elements.size();
          if (n > index + 1) continue;
          bool ok = true;
          for (std::size_t k = 0; k < n && ok; ++k) {
            const Seen& seen = ring[(index - k) % longest];
            const Element& e = elements[n - 1 - k];
            ok = seen.index == index - k && (!e.glued || seen.glued) &&
                 (e.sym >= 0 ? seen.info.sym == e.sym : (seen.info.prefixes >> e.prefix) & 1);
          }
          if (!ok) continue;
          const Seen& first = ring[(index - (n - 1)) % longest];
          matches.push_back({patterns[id].item, first.begin, tok.end, first.cp_begin, tok.cp_end});
        }
      };
      if (info.sym >= 0) try_patterns(by_last_sym[static_cast<std::size_t>(info.sym)]);
      for (uint64_t bits = info.prefixes; bits; bits &= bits - 1) {
        try_patterns(by_last_prefix[static_cast<std::size_t>(std::countr_zero(bits))]);
      }
    }
    std::sort(matches.begin(), matches.end(), [](const Match& x, const Match& y) {
      return std::tie(x.begin, x.end, x.item) < std::tie(y.begin, y.end, y.item);
    });
  }

  // Greedy choice of up to max_fragments non-overlapping passages, best first.
  std::vector<Span> choose(Passages& passages) {
    struct Candidate {
      double score;
      std::size_t first, last;  // matches [first, last) of the window
      std::size_t lo, hi;       // the free stretch of text it lies in
    };
    std::vector<Span> chosen;  // sorted by position
    std::vector<double> weight = weights;
    std::vector<uint32_t> count(weights.size(), 0);
    std::vector<Candidate> candidates;
    std::vector<std::size_t> window;
    const std::size_t n = passages.size();
    const std::size_t width = std::max<std::size_t>(options.fragment_chars, 1);

    auto score = [&]() {
      double sum = 0;
      std::size_t distinct = 0;
      for (std::size_t k = 0; k < count.size(); ++k) {
        if (count[k] == 0) continue;
        ++distinct;
        sum += weight[k] * (1.5 - std::ldexp(1.0, -static_cast<int>(std::min(count[k], 60u))));
      }
      return distinct ? sum * (1 + kCoverageBonus * static_cast<double>(distinct - 1)) : 0.0;
    };

    // Sliding windows over the matches of one free stretch: each window starts at a match and
    // takes the following matches that end within `width` code points of it.
    auto scan = [&](const std::vector<std::size_t>& ids, std::size_t lo, std::size_t hi) {
      std::size_t j = 0;
      for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::size_t limit = matches[ids[i]].cp_begin + width;
        while (j < ids.size() && (j == i || matches[ids[j]].cp_end <= limit)) {
          ++count[matches[ids[j]].item];
          ++j;
        }
        candidates.push_back({score(), ids[i], ids[j - 1] + 1, lo, hi});
        --count[matches[ids[i]].item];
      }
    };

    while (chosen.size() < options.max_fragments) {
      candidates.clear();
      std::size_t gap = kNpos;
      std::size_t g = 0;
      window.clear();
      auto flush = [&]() {
        if (window.empty()) return;
        const std::size_t lo = gap == 0 ? 0 : chosen[gap - 1].end;
        const std::size_t hi = gap == chosen.size() ? n : chosen[gap].begin;
        scan(window, lo, hi);
        window.clear();
      };
      for (std::size_t m = 0; m < matches.size(); ++m) {
        while (g < chosen.size() && chosen[g].begin <= matches[m].begin) ++g;
        const bool free = (g == 0 || matches[m].begin >= chosen[g - 1].end) &&
                          (g == chosen.size() || matches[m].end <= chosen[g].begin);
        if (!free) continue;
        if (g != gap) {
          flush();
          gap = g;
        }
        window.push_back(m);
      }
      flush();
      if (candidates.empty()) break;

      auto better = [](const Candidate& x, const Candidate& y) {
        return x.score != y.score ? x.score > y.score : x.first < y.first;
      };
      const Candidate best = *std::min_element(candidates.begin(), candidates.end(), better);
      // Only windows that the sentence bonus could lift above the best are worth cutting.
      const double floor = best.score / (1 + kSentenceStartBonus);
      auto cut = std::partition(candidates.begin(), candidates.end(),
                                [&](const Candidate& c) { return c.score >= floor; });
      const std::size_t keep =
          std::min<std::size_t>(kTieCandidates, static_cast<std::size_t>(cut - candidates.begin()));
      std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(keep),
                        cut, better);

      Span pick{};
      double pick_score = -1;
      for (std::size_t k = 0; k < keep; ++k) {
        const Candidate& c = candidates[k];
        // Candidates come best first and only a strictly better one replaces the pick.
        if (c.score * (1 + kSentenceStartBonus) <= pick_score) break;
        std::size_t b = 0;
        for (std::size_t m = c.first; m < c.last; ++m) {
          // A phrase running into the next chosen passage sorts among the window's matches but
          // was not counted in it.
          if (matches[m].end <= c.hi) b = std::max(b, matches[m].end);
        }
        const Span span = passages.place(matches[c.first].begin, b, c.lo, c.hi);
        const double s =
            c.score * (passages.starts_sentence(span.begin) ? 1 + kSentenceStartBonus : 1.0);
        if (s > pick_score) {
          pick_score = s;
          pick = span;
        }
      }
      chosen.insert(
          std::upper_bound(chosen.begin(), chosen.end(), pick,
                           [](const Span& x, const Span& y) { return x.begin < y.begin; }),
          pick);
      for (const Match& m : matches) {
        if (m.begin >= pick.begin && m.end <= pick.end)
          weight[m.item] = weights[m.item] * kShownPenalty;
      }
    }
    return chosen;
  }
};

SnippetBuilder::SnippetBuilder(SnippetQuery query, Xapian::Stem stemmer, Options options)
    : impl_(std::make_unique<Impl>(std::move(stemmer), options)) {
  for (const auto& word : query.words)
    impl_->add_item(impl_->term_elements(word.term), word.weight);
  for (const auto& phrase : query.phrases) impl_->add_phrase(phrase);
  for (const auto& wildcard : query.wildcards) impl_->add_wildcard(wildcard);
  impl_->index_patterns();
}

SnippetBuilder::~SnippetBuilder() = default;

std::vector<Fragment> SnippetBuilder::build(std::string_view text) {
  std::vector<Fragment> out;
  if (text.empty() || impl_->options.max_fragments == 0) return out;
  Passages passages(text, std::max<std::size_t>(impl_->options.fragment_chars, 1));
  const std::size_t first = passages.first_visible();
  if (first >= text.size()) return out;
  impl_->find_matches(text);
  std::vector<Span> spans = impl_->choose(passages);
  if (spans.empty()) spans.push_back(passages.place(first, first, 0, text.size()));
  for (const Span& span : spans) out.push_back(passages.render(span, impl_->matches));
  return out;
}

void SnippetBuilder::join(const std::vector<Fragment>& fragments, std::string& snippet,
                          std::vector<Highlight>& highlights) {
  snippet.clear();
  highlights.clear();
  std::size_t cp = 0;
  for (std::size_t k = 0; k < fragments.size(); ++k) {
    std::string_view text = fragments[k].text;
    std::size_t dropped = 0;
    if (k > 0) {
      // The joiner already says that text was left out; the passages' own marks at the seam
      // would only repeat it.
      if (snippet.ends_with(kEllipsis)) {
        snippet.resize(snippet.size() - kEllipsis.size());
        --cp;
      }
      snippet += kJoiner;
      cp += kJoinerChars;
      if (text.starts_with(kEllipsis)) {
        text.remove_prefix(kEllipsis.size());
        dropped = 1;
      }
    }
    for (const Highlight& h : fragments[k].highlights) {
      if (h.start < dropped) continue;
      highlights.push_back({h.start - dropped + cp, h.end - dropped + cp});
    }
    snippet += text;
    for (char c : text) cp += !is_continuation(c);
  }
}

}  // namespace kensaku
