// Text normalisation shared by indexer and searcher: charset decoding, NFKC, quote and dash
// folding.
#ifndef KENSAKU_COMMON_TEXT_NORMALISER_H_
#define KENSAKU_COMMON_TEXT_NORMALISER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kensaku {

// The outcome of decoding raw bytes of unknown charset.
struct DecodedText {
  std::string utf8;          // the text as valid UTF-8, without a byte-order mark
  std::string encoding;      // what the input was read as, e.g. "UTF-8", "UTF-16LE", "Shift_JIS"
  std::size_t replaced = 0;  // invalid sequences replaced by U+FFFD
};

// Detects the charset of `bytes` and converts them to UTF-8. Order of evidence: a byte-order mark,
// then `declared_charset` (e.g. from an HTML meta tag or HTTP header) when ICU knows it, then valid
// UTF-8, then ICU's charset detector. Never throws on bad input: undecodable sequences become
// U+FFFD and are counted in `replaced`.
DecodedText decode_to_utf8(std::string_view bytes, std::string_view declared_charset = {});

// Normalises UTF-8 text for indexing and querying, identically on both sides: NFKC, typographic
// quotes folded to ' and ", dashes and hyphens (U+2010..U+2015, U+2212) folded to '-', soft
// hyphens and zero-width characters removed. Idempotent. ASCII input is returned unchanged
// without touching ICU. Invalid UTF-8 in `text` is replaced by U+FFFD.
std::string normalise_text(std::string_view text);

// Byte offsets into `text` (valid UTF-8) where sentences start, as ICU's sentence BreakIterator
// finds them for `locale` (default: "en") with its abbreviation list ("ss=standard" unless `locale`
// sets ss), except that a lone capital other than I and a full stop ("U.S.", "F.") never ends a
// sentence. The first entry is always 0; the size is not included; empty text gives no entries.
std::vector<std::size_t> sentence_starts(std::string_view text, const char* locale = "");

}  // namespace kensaku

#endif  // KENSAKU_COMMON_TEXT_NORMALISER_H_
