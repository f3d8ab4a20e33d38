// Charset decoding, NFKC with typographic folding, and sentence boundaries, all on top of ICU.
#include "common/text_normaliser.h"

#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <utility>

#include "kensaku/error.h"

namespace kensaku {
namespace {

constexpr char kReplacementUtf8[] = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::size_t kMaxIcuLength = std::numeric_limits<int32_t>::max();

[[noreturn]] void throw_icu_error(const char* what, UErrorCode ec) {
  throw FatalError(std::string("ICU failed to ") + what + ": " + u_errorName(ec),
                   "check that the ICU data library (libicudata) matches libicuuc");
}

const std::uint8_t* bytes_of(std::string_view s) {
  return reinterpret_cast<const std::uint8_t*>(s.data());
}

// Index of the first byte >= 0x80 at or after `from`, or s.size(); eight bytes at a time because
// most text handed to us is mostly ASCII.
std::size_t skip_ascii(std::string_view s, std::size_t from) {
  const std::uint8_t* p = bytes_of(s);
  std::size_t i = from;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, p + i, 8);
    if (word & 0x8080808080808080ULL) break;
  }
  while (i < s.size() && p[i] < 0x80) ++i;
  return i;
}

struct Utf8Census {
  std::size_t multibyte = 0;  // well-formed sequences of two to four bytes
  std::size_t invalid = 0;    // ill-formed maximal subparts, as U8_NEXT delimits them
};

Utf8Census census_utf8(std::string_view s) {
  Utf8Census census;
  const std::uint8_t* p = bytes_of(s);
  const std::size_t n = s.size();
  for (std::size_t i = skip_ascii(s, 0); i < n; i = skip_ascii(s, i)) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    ++(c < 0 ? census.invalid : census.multibyte);
  }
  return census;
}

// What the folding maps `c` to: nullptr to keep it, "" to drop it, otherwise its ASCII stand-in.
const char* fold_of(UChar32 c) {
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
      return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x00AB:
    case 0x00BB:
      return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D:
      return "-";
    case 0x00AD:
    case 0x200B:
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:
      return "";
    default:
      return nullptr;
  }
}

// Copies `in` to `out` with each ill-formed UTF-8 sequence replaced by U+FFFD and, when `fold` is
// set, the typographic folding applied, in one pass; returns how many sequences it replaced.
std::size_t rewrite_utf8(std::string_view in, bool fold, std::string& out) {
  std::size_t replaced = 0;
  const std::uint8_t* p = bytes_of(in);
  const std::size_t n = in.size();
  out.reserve(out.size() + n);
  std::size_t copied = 0;  // in[copied, start) is pending, unchanged
  for (std::size_t i = skip_ascii(in, 0); i < n; i = skip_ascii(in, i)) {
    const std::size_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    const char* replacement = nullptr;
    if (c < 0) {
      replacement = kReplacementUtf8;
      ++replaced;
    } else if (fold) {
      replacement = fold_of(c);
    }
    if (!replacement) continue;
    out.append(in.data() + copied, start - copied);
    out.append(replacement);
    copied = i;
  }
  out.append(in.data() + copied, n - copied);
  return replaced;
}

// ---- decoding ----

std::size_t* counter_of(const void* context) {
  return static_cast<std::size_t*>(const_cast<void*>(context));
}

// ICU's own substitute callback writes U+001A for some single-byte codepages; the contract is
// U+FFFD, counted.
void substitute_to_unicode(const void* context, UConverterToUnicodeArgs* args, const char*, int32_t,
                           UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close or clone: nothing to replace
  ++*counter_of(context);
  static const UChar kReplacement = 0xFFFD;
  *err = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, err);
}

// Reached only if a converter hands over an unpaired surrogate.
void substitute_from_unicode(const void* context, UConverterFromUnicodeArgs* args, const UChar*,
                             int32_t, UChar32, UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;
  ++*counter_of(context);
  *err = U_ZERO_ERROR;
  ucnv_cbFromUWriteBytes(args, kReplacementUtf8, 3, 0, err);
}

icu::LocalUConverterPointer open_converter(const char* name) {
  UErrorCode ec = U_ZERO_ERROR;
  icu::LocalUConverterPointer converter(ucnv_open(name, &ec));
  if (U_FAILURE(ec)) converter.adoptInstead(nullptr);
  return converter;
}

// The name people and HTTP use for the converter's charset, not ICU's table name.
std::string charset_name(UConverter* converter) {
  UErrorCode ec = U_ZERO_ERROR;
  const char* icu_name = ucnv_getName(converter, &ec);
  if (U_FAILURE(ec)) return "unknown";
  for (const char* standard : {"MIME", "IANA"}) {
    UErrorCode ec2 = U_ZERO_ERROR;
    const char* name = ucnv_getStandardName(icu_name, standard, &ec2);
    if (U_SUCCESS(ec2) && name) return name;
  }
  return icu_name;
}

bool is_utf8_converter(UConverter* converter) {
  UErrorCode ec = U_ZERO_ERROR;
  return std::strcmp(ucnv_getName(converter, &ec), "UTF-8") == 0;
}

// As the WHATWG Encoding Standard does: pages labelled Latin-1 or ASCII are nearly always
// windows-1252 (curly quotes in 0x80..0x9F), and windows-1252 decodes true Latin-1 identically.
bool is_windows_1252_in_practice(UConverter* converter) {
  UErrorCode ec = U_ZERO_ERROR;
  const char* name = ucnv_getName(converter, &ec);
  return std::strcmp(name, "ISO-8859-1") == 0 || std::strcmp(name, "US-ASCII") == 0;
}

DecodedText decode_utf8(std::string_view bytes) {
  DecodedText decoded;
  decoded.encoding = "UTF-8";
  decoded.replaced = rewrite_utf8(bytes, /*fold=*/false, decoded.utf8);
  return decoded;
}

DecodedText decode_with(UConverter* from, std::string_view bytes) {
  DecodedText decoded;
  decoded.encoding = charset_name(from);
  icu::LocalUConverterPointer to = open_converter("UTF-8");
  if (!to.isValid()) throw_icu_error("open the UTF-8 converter", U_MISSING_RESOURCE_ERROR);
  UErrorCode ec = U_ZERO_ERROR;
  ucnv_setToUCallBack(from, substitute_to_unicode, &decoded.replaced, nullptr, nullptr, &ec);
  ucnv_setFromUCallBack(to.getAlias(), substitute_from_unicode, &decoded.replaced, nullptr, nullptr,
                        &ec);
  if (U_FAILURE(ec)) throw_icu_error("set conversion callbacks", ec);

  std::string& out = decoded.utf8;
  out.resize(std::max<std::size_t>(64, bytes.size() + bytes.size() / 2));
  char* target = out.data();
  const char* source = bytes.data();
  UChar pivot[1024];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  for (bool reset = true;; reset = false) {
    ec = U_ZERO_ERROR;
    ucnv_convertEx(to.getAlias(), from, &target, out.data() + out.size(), &source,
                   bytes.data() + bytes.size(), pivot, &pivot_source, &pivot_target,
                   pivot + std::size(pivot), reset, /*flush=*/true, &ec);
    if (ec != U_BUFFER_OVERFLOW_ERROR) break;
    const std::size_t used = target - out.data();
    out.resize(out.size() * 2);
    target = out.data() + used;
  }
  if (U_FAILURE(ec)) throw_icu_error("convert text", ec);
  out.resize(target - out.data());
  return decoded;
}

DecodedText decode_as(const char* charset, std::string_view bytes) {
  icu::LocalUConverterPointer converter = open_converter(charset);
  if (!converter.isValid()) throw_icu_error("open a converter", U_MISSING_RESOURCE_ERROR);
  return decode_with(converter.getAlias(), bytes);
}

// The declared label as a converter name, or "" when it cannot be one. Labels come from untrusted
// pages, and ICU reads converter options after a comma and looks for a data file named like an
// unknown converter, so only the characters charset names use get through. Labels lifted from
// markup may keep their quotes: charset="utf-8".
std::string charset_label(std::string_view declared) {
  constexpr std::string_view kBlank = " \t\r\n\f\v\"'";
  const std::size_t first = declared.find_first_not_of(kBlank);
  if (first == std::string_view::npos) return {};
  const std::string_view label =
      declared.substr(first, declared.find_last_not_of(kBlank) - first + 1);
  constexpr std::size_t kLongestName = 64;
  if (label.size() > kLongestName) return {};
  for (const char c : label) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && std::strchr("-_.:+()", c) == nullptr) {
      return {};
    }
  }
  return std::string(label);
}

bool is_western(const char* charset) {
  return std::strcmp(charset, "ISO-8859-1") == 0 || std::strcmp(charset, "windows-1252") == 0;
}

struct Candidate {
  std::string charset;
  int32_t confidence = 0;
};

// ICU's detector, best candidate first. Its HTML filter keeps markup from swamping the statistics.
std::vector<Candidate> detector_candidates(std::string_view bytes) {
  // The statistics settle long before this; more only costs time.
  constexpr std::size_t kSample = 256 * 1024;
  UErrorCode ec = U_ZERO_ERROR;
  icu::LocalUCharsetDetectorPointer detector(ucsdet_open(&ec));
  if (U_FAILURE(ec)) throw_icu_error("open the charset detector", ec);
  ucsdet_enableInputFilter(detector.getAlias(), true);
  ucsdet_setText(detector.getAlias(), bytes.data(),
                 static_cast<int32_t>(std::min(bytes.size(), kSample)), &ec);
  int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector.getAlias(), &count, &ec);
  std::vector<Candidate> candidates;
  if (U_FAILURE(ec)) return candidates;  // e.g. U_INVALID_CHAR_FOUND: nothing recognised it
  for (int32_t i = 0; i < count; ++i) {
    UErrorCode ec2 = U_ZERO_ERROR;
    const char* name = ucsdet_getName(matches[i], &ec2);
    const int32_t confidence = ucsdet_getConfidence(matches[i], &ec2);
    if (U_SUCCESS(ec2) && name) candidates.push_back({name, confidence});
  }
  return candidates;
}

// Confidence (0..100) below which ICU's guess is noise: its multi-byte recognisers give 10 to any
// text they cannot rule out, and single-byte ones rarely pass 50 on text that is not theirs.
constexpr int32_t kConfident = 50;

// On short Western text the detector often ranks a neighbour (ISO-8859-2 for French, say) just
// above Latin-1; a non-Western guess must beat the Western one by this much to be believed.
constexpr int32_t kWesternMargin = 10;

// For bytes that are not UTF-8: ICU's guess when it is confident, else windows-1252, which
// decodes any byte and is what unlabelled 8-bit Western text nearly always is.
std::string guess_legacy_charset(std::string_view bytes) {
  const std::vector<Candidate> candidates = detector_candidates(bytes);
  int32_t western = 0;
  for (const Candidate& c : candidates) {
    if (is_western(c.charset.c_str())) western = std::max(western, c.confidence);
  }
  for (const Candidate& c : candidates) {
    if (is_western(c.charset.c_str())) break;
    if (c.confidence < kConfident || c.confidence < western + kWesternMargin) break;
    if (open_converter(c.charset.c_str()).isValid()) return c.charset;
  }
  return "windows-1252";
}

// NUL and ESC never occur in real UTF-8 text, but BOM-less UTF-16 of ASCII and 7-bit ISO-2022-JP
// are full of them and still pass as valid UTF-8.
std::string wide_or_escaped_charset(std::string_view bytes) {
  if (bytes.find('\0') == std::string_view::npos && bytes.find('\x1B') == std::string_view::npos) {
    return {};
  }
  const std::vector<Candidate> candidates = detector_candidates(bytes);
  if (candidates.empty() || candidates.front().confidence < kConfident) return {};
  const std::string& best = candidates.front().charset;
  for (const char* prefix : {"UTF-16", "UTF-32", "ISO-2022"}) {
    if (best.rfind(prefix, 0) == 0 && open_converter(best.c_str()).isValid()) return best;
  }
  return {};
}

// ---- normalisation ----

const icu::Normalizer2& nfkc_instance() {
  static const icu::Normalizer2* const instance = [] {
    UErrorCode ec = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(ec);
    if (U_FAILURE(ec) || !nfkc) throw_icu_error("load the NFKC data", ec);
    return nfkc;
  }();
  return *instance;
}

// ---- sentences ----

// ICU 72's abbreviation filter (ss=standard) never suppresses an entry with an inner full stop,
// though its English list has "U.S.", nor can a list name every initial. So a break after a lone
// capital and a full stop, on the same line, is not taken: "U.S. Navy", "John F. Kennedy". "I." is
// left alone, as a pronoun or "World War I." ends sentences more often than an initial I does.
// The cost is that "... talks with the U.S. The ..." stays one sentence.
bool follows_capital_initial(std::string_view text, std::size_t boundary) {
  std::size_t i = boundary;
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
  if (i < 2 || text[i - 1] != '.') return false;
  const std::uint8_t* p = bytes_of(text);
  auto j = static_cast<int32_t>(i) - 1;  // the caller has checked the size fits
  UChar32 capital;
  U8_PREV(p, 0, j, capital);
  if (!u_isupper(capital)) return false;
  UChar32 before = ' ';
  if (j > 0) U8_PREV(p, 0, j, before);
  if (before == '.') return true;
  return capital != 'I' && !u_isalpha(before) && !u_isdigit(before);
}

icu::BreakIterator& sentence_iterator(const char* locale) {
  // A handful of locales at most in practice; the bound only guards against callers that pass
  // arbitrary strings.
  constexpr std::size_t kMaxCached = 8;
  thread_local std::vector<std::pair<std::string, std::unique_ptr<icu::BreakIterator>>> cache;
  const std::string key = (locale && *locale) ? locale : "en";
  for (auto& [name, iterator] : cache) {
    if (name == key) return *iterator;
  }
  UErrorCode ec = U_ZERO_ERROR;
  icu::Locale icu_locale(key.c_str());
  char ss[32];
  if (icu_locale.getKeywordValue("ss", ss, sizeof ss, ec) == 0) {
    icu_locale.setKeywordValue("ss", "standard", ec);
  }
  ec = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> iterator(
      icu::BreakIterator::createSentenceInstance(icu_locale, ec));
  if (U_FAILURE(ec) || !iterator) throw_icu_error("create a sentence break iterator", ec);
  if (cache.size() >= kMaxCached) cache.erase(cache.begin());
  cache.emplace_back(key, std::move(iterator));
  return *cache.back().second;
}

}  // namespace

DecodedText decode_to_utf8(std::string_view bytes, std::string_view declared_charset) {
  UErrorCode ec = U_ZERO_ERROR;
  int32_t bom_length = 0;
  const char* bom_charset = ucnv_detectUnicodeSignature(
      bytes.data(), static_cast<int32_t>(std::min<std::size_t>(bytes.size(), 8)), &bom_length, &ec);
  if (U_SUCCESS(ec) && bom_charset) {
    // Only the Unicode forms anyone writes; the UTF-7 and SCSU signatures can be ordinary text.
    for (const char* charset : {"UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"}) {
      if (std::strcmp(bom_charset, charset) != 0) continue;
      const std::string_view body = bytes.substr(bom_length);
      return std::strcmp(charset, "UTF-8") == 0 ? decode_utf8(body) : decode_as(charset, body);
    }
  }

  if (const std::string label = charset_label(declared_charset); !label.empty()) {
    if (icu::LocalUConverterPointer declared = open_converter(label.c_str()); declared.isValid()) {
      if (is_utf8_converter(declared.getAlias())) return decode_utf8(bytes);
      if (is_windows_1252_in_practice(declared.getAlias())) return decode_as("windows-1252", bytes);
      return decode_with(declared.getAlias(), bytes);
    }
  }

  const Utf8Census census = census_utf8(bytes);
  if (census.invalid == 0) {
    if (const std::string charset = wide_or_escaped_charset(bytes); !charset.empty()) {
      return decode_as(charset.c_str(), bytes);
    }
    return decode_utf8(bytes);
  }
  // In legacy 8-bit text (Latin, Shift_JIS, EUC-JP) most non-ASCII sequences are not well-formed
  // UTF-8; in damaged UTF-8 most are. ICU's detector gives up on UTF-8 at the first few errors.
  if (census.multibyte > census.invalid) return decode_utf8(bytes);
  return decode_as(guess_legacy_charset(bytes).c_str(), bytes);
}

std::string normalise_text(std::string_view text) {
  const std::size_t first_non_ascii = skip_ascii(text, 0);
  if (first_non_ascii == text.size()) return std::string(text);
  const icu::Normalizer2& nfkc = nfkc_instance();
  // Folding comes first so that a removed soft hyphen or joiner cannot leave a letter and its
  // combining mark apart for a second call to join (idempotence), and so that U+2033 (double
  // prime) becomes a double quote rather than NFKC's two primes.
  std::string folded(text.substr(0, first_non_ascii));
  rewrite_utf8(text.substr(first_non_ascii), /*fold=*/true, folded);
  if (folded.size() > kMaxIcuLength) {
    throw FatalError("cannot normalise " + std::to_string(folded.size()) +
                     " bytes of text at once: ICU takes at most 2 GiB");
  }
  UErrorCode ec = U_ZERO_ERROR;
  const icu::StringPiece piece(folded.data(), static_cast<int32_t>(folded.size()));
  if (nfkc.isNormalizedUTF8(piece, ec) && U_SUCCESS(ec)) return folded;

  std::string normalised;
  icu::StringByteSink<std::string> sink(&normalised, static_cast<int32_t>(folded.size()));
  ec = U_ZERO_ERROR;
  nfkc.normalizeUTF8(0, piece, sink, nullptr, ec);
  if (U_FAILURE(ec)) throw_icu_error("normalise text to NFKC", ec);
  // NFKC makes foldable characters of some others (U+FE58 into U+2014, U+2034 into primes) but
  // never removable ones, and an ASCII stand-in for a starter keeps NFKC text NFKC: one more
  // folding pass finishes the job.
  std::string out;
  rewrite_utf8(normalised, /*fold=*/true, out);
  return out;
}

std::vector<std::size_t> sentence_starts(std::string_view text, const char* locale) {
  std::vector<std::size_t> starts;
  if (text.empty()) return starts;
  // BreakIterator reports positions as int32_t.
  if (text.size() > kMaxIcuLength) return {0};

  UErrorCode ec = U_ZERO_ERROR;
  icu::LocalUTextPointer utext(
      utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &ec));
  icu::BreakIterator& iterator = sentence_iterator(locale);
  iterator.setText(utext.getAlias(), ec);
  if (U_FAILURE(ec)) throw_icu_error("set the text of a sentence break iterator", ec);
  for (int32_t at = iterator.first(); at != icu::BreakIterator::DONE; at = iterator.next()) {
    const auto boundary = static_cast<std::size_t>(at);
    if (boundary >= text.size()) break;
    if (boundary > 0 && follows_capital_initial(text, boundary)) continue;
    starts.push_back(boundary);
  }
  return starts;
}

}  // namespace kensaku
