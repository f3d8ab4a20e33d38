// Tests of charset decoding, normalisation and sentence boundaries in common/text_normaliser.
#include "common/text_normaliser.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstddef>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace kensaku {
namespace {

// The texts the fixtures in tests/data/encodings hold, each ending in a newline.
const std::string kWestern =
    "“We’re not worried,” said José Müller, who runs a café near Zürich’s old town. Prices rose 5% "
    "– the sharpest rise since 2019 – but tourists keep coming.\n";
const std::string kFrench =
    "Le café de la rue Saint-Honoré a rouvert à Paris après deux années de travaux. « C'est un "
    "soulagement », a déclaré la propriétaire, Hélène Durand.\n";
const std::string kJapanese =
    "日本政府は3月30日、東京で日米防衛相会談を開いた。ヘグセス国防長官は「在日米軍を統合軍司令部に"
    "格上げする」と述べた。中谷防衛相も協力を確認した。\n";

std::string fixture(const std::string& name) {
  const auto path = testing::test_data_dir() / "encodings" / name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct FixtureCase {
  const char* file;
  const std::string* text;
  const char* encoding;
};

void PrintTo(const FixtureCase& c, std::ostream* os) { *os << c.file; }

class DecodesFixture : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(DecodesFixture, ToTheExpectedTextAndNamesItsEncoding) {
  const FixtureCase& c = GetParam();
  const std::string bytes = fixture(c.file);
  ASSERT_FALSE(bytes.empty());
  const DecodedText decoded = decode_to_utf8(bytes);
  EXPECT_EQ(decoded.utf8, *c.text);
  EXPECT_EQ(decoded.encoding, c.encoding);
  EXPECT_EQ(decoded.replaced, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Encodings, DecodesFixture,
    ::testing::Values(FixtureCase{"western.utf8-bom.txt", &kWestern, "UTF-8"},
                      FixtureCase{"western.utf16le-bom.txt", &kWestern, "UTF-16LE"},
                      FixtureCase{"western.utf16be-bom.txt", &kWestern, "UTF-16BE"},
                      FixtureCase{"western.utf32le-bom.txt", &kWestern, "UTF-32LE"},
                      FixtureCase{"western.windows-1252.txt", &kWestern, "windows-1252"},
                      // Latin-1 text is read as windows-1252, its superset.
                      FixtureCase{"french.latin1.txt", &kFrench, "windows-1252"},
                      FixtureCase{"japanese.shift_jis.txt", &kJapanese, "Shift_JIS"},
                      FixtureCase{"japanese.euc-jp.txt", &kJapanese, "EUC-JP"}),
    [](const ::testing::TestParamInfo<FixtureCase>& info) {
      std::string name;
      for (const char* p = info.param.file; *p; ++p) {
        if (std::isalnum(static_cast<unsigned char>(*p))) name += *p;
      }
      return name;
    });

TEST(DecodeToUtf8, ReplacesEachIllFormedUtf8SequenceAndCountsThem) {
  const DecodedText decoded = decode_to_utf8(fixture("invalid.utf8.txt"));
  EXPECT_EQ(decoded.encoding, "UTF-8");
  // 0xFF; C0 AF (two maximal subparts, as Unicode recommends); E2 80 cut short.
  EXPECT_EQ(decoded.utf8,
            "“Tokyo’s defence budget” rose again\uFFFD — officials in Zürich and Malmö "
            "\uFFFD\uFFFDsaid\uFFFD so.\n");
  EXPECT_EQ(decoded.replaced, 4u);
}

TEST(DecodeToUtf8, ReturnsEmptyUtf8ForEmptyInput) {
  const DecodedText decoded = decode_to_utf8("");
  EXPECT_EQ(decoded.utf8, "");
  EXPECT_EQ(decoded.encoding, "UTF-8");
  EXPECT_EQ(decoded.replaced, 0u);
}

TEST(DecodeToUtf8, ReadsPureAsciiAsUtf8Unchanged) {
  const std::string ascii = "US forces in Japan.\r\nTabs\tand ~symbols~ stay.";
  const DecodedText decoded = decode_to_utf8(ascii);
  EXPECT_EQ(decoded.utf8, ascii);
  EXPECT_EQ(decoded.encoding, "UTF-8");
}

TEST(DecodeToUtf8, StripsALoneByteOrderMark) {
  const DecodedText decoded = decode_to_utf8("\xEF\xBB\xBF");
  EXPECT_EQ(decoded.utf8, "");
  EXPECT_EQ(decoded.encoding, "UTF-8");
}

TEST(DecodeToUtf8, PrefersTheByteOrderMarkToTheDeclaredCharset) {
  const DecodedText decoded = decode_to_utf8(fixture("western.utf16le-bom.txt"), "Shift_JIS");
  EXPECT_EQ(decoded.utf8, kWestern);
  EXPECT_EQ(decoded.encoding, "UTF-16LE");
}

TEST(DecodeToUtf8, UsesTheDeclaredCharset) {
  const DecodedText decoded = decode_to_utf8(fixture("japanese.euc-jp.txt"), "euc-jp");
  EXPECT_EQ(decoded.utf8, kJapanese);
  EXPECT_EQ(decoded.encoding, "EUC-JP");
}

TEST(DecodeToUtf8, TrustsTheDeclaredCharsetOverUtf8Validity) {
  const DecodedText decoded = decode_to_utf8("caf\xC3\xA9", "windows-1252");
  EXPECT_EQ(decoded.utf8, "cafÃ©");
  EXPECT_EQ(decoded.encoding, "windows-1252");
}

TEST(DecodeToUtf8, ReadsDeclaredLatin1AsWindows1252) {
  const DecodedText decoded = decode_to_utf8(fixture("western.windows-1252.txt"), "ISO-8859-1");
  EXPECT_EQ(decoded.utf8, kWestern);  // 0x93 is “, not the C1 control U+0093
  EXPECT_EQ(decoded.encoding, "windows-1252");
}

TEST(DecodeToUtf8, AcceptsADeclaredLabelInQuotesAndSpaces) {
  // Valid UTF-8, so only the declared label can make it windows-1252.
  const DecodedText decoded = decode_to_utf8("caf\xC3\xA9", " \"Windows-1252\" ");
  EXPECT_EQ(decoded.utf8, "cafÃ©");
  EXPECT_EQ(decoded.encoding, "windows-1252");
}

TEST(DecodeToUtf8, IgnoresADeclaredLabelCarryingConverterOptions) {
  // ICU would accept this as windows-1252; a label from a page must not pass options to ICU.
  const DecodedText decoded = decode_to_utf8("caf\xC3\xA9", "windows-1252,version=1");
  EXPECT_EQ(decoded.utf8, "café");
  EXPECT_EQ(decoded.encoding, "UTF-8");
}

TEST(DecodeToUtf8, FallsBackToDetectionWhenTheDeclaredCharsetIsUnknown) {
  const DecodedText decoded = decode_to_utf8(fixture("japanese.shift_jis.txt"), "x-no-such-thing");
  EXPECT_EQ(decoded.utf8, kJapanese);
  EXPECT_EQ(decoded.encoding, "Shift_JIS");
}

TEST(DecodeToUtf8, RepairsDeclaredUtf8LikeDetectedUtf8) {
  const DecodedText decoded = decode_to_utf8("ok\xC3(", "utf-8");
  EXPECT_EQ(decoded.utf8, "ok\uFFFD(");
  EXPECT_EQ(decoded.replaced, 1u);
}

TEST(DecodeToUtf8, CountsATruncatedUtf16CodeUnit) {
  const std::string bytes(
      "\xFF\xFE"
      "A\0B\0C",
      7);
  const DecodedText decoded = decode_to_utf8(bytes);
  EXPECT_EQ(decoded.utf8, "AB\uFFFD");
  EXPECT_EQ(decoded.encoding, "UTF-16LE");
  EXPECT_EQ(decoded.replaced, 1u);
}

TEST(DecodeToUtf8, RecognisesUtf16WithoutAByteOrderMark) {
  const std::u16string text = u"The Defense Department announced the plan in Tokyo on March 30.";
  const std::string bytes(reinterpret_cast<const char*>(text.data()), text.size() * 2);
  const DecodedText decoded = decode_to_utf8(bytes);
  EXPECT_EQ(decoded.utf8, "The Defense Department announced the plan in Tokyo on March 30.");
  EXPECT_EQ(decoded.encoding, "UTF-16LE");
}

TEST(DecodeToUtf8, RecognisesSevenBitIso2022Jp) {
  // "日本語のテキスト" as ISO-2022-JP: ESC $ B switches to JIS X 0208, ESC ( B back to ASCII.
  const DecodedText decoded = decode_to_utf8("\x1B$BF|K\\8l$N%F%-%9%H\x1B(B");
  EXPECT_EQ(decoded.utf8, "日本語のテキスト");
  EXPECT_EQ(decoded.encoding, "ISO-2022-JP");
}

TEST(DecodeToUtf8, ReadsShortUnlabelledWesternBytesAsWindows1252) {
  const DecodedText decoded = decode_to_utf8("Caf\xE9 \x96 na\xEFve");
  EXPECT_EQ(decoded.utf8, "Café – naïve");
  EXPECT_EQ(decoded.encoding, "windows-1252");
}

TEST(DecodeToUtf8, PrefersWindows1252ToANeighbourCharsetThatIsOnlySlightlyMoreLikely) {
  // ICU ranks ISO-8859-2 a few points above Latin-1 here; it would read è as č.
  const DecodedText decoded =
      decode_to_utf8("Le syst\xE8me de m\xE8re apr\xE8s Moli\xE8re, se\xF1or.");
  EXPECT_EQ(decoded.utf8, "Le système de mère après Molière, señor.");
  EXPECT_EQ(decoded.encoding, "windows-1252");
}

TEST(NormaliseText, FoldsEnDashBetweenWordsToHyphen) {
  EXPECT_EQ(normalise_text("US–Japan"), "US-Japan");
}

TEST(NormaliseText, FoldsEveryDashAndMinusToHyphen) {
  EXPECT_EQ(normalise_text("a‐b‑c‒d–e—f―g−h﹘i﹣j－k"), "a-b-c-d-e-f-g-h-i-j-k");
}

TEST(NormaliseText, FoldsCurlyApostropheToAscii) {
  EXPECT_EQ(normalise_text("Hegseth’s"), "Hegseth's");
}

TEST(NormaliseText, FoldsSingleQuotesPrimeAndModifierApostropheToAscii) {
  EXPECT_EQ(normalise_text("‘a’ ‚b‛ 5′ Hawaiʼi"), "'a' 'b' 5' Hawai'i");
}

TEST(NormaliseText, FoldsCurlyDoubleQuotesToAscii) {
  EXPECT_EQ(normalise_text("“quoted”"), "\"quoted\"");
}

TEST(NormaliseText, FoldsLowAndGuillemetQuotesAndDoublePrimeToAscii) {
  EXPECT_EQ(normalise_text("„a‟ «b» 12″"), "\"a\" \"b\" 12\"");
}

TEST(NormaliseText, FoldsWhatNfkcTurnsIntoDashesAndPrimes) {
  // Superscript minus and the vertical em dash become U+2212 and U+2014 under NFKC; the triple
  // prime becomes three primes.
  EXPECT_EQ(normalise_text("x⁻¹ ︱ 3‴"), "x-1 - 3'''");
}

TEST(NormaliseText, AppliesNfkcToFullWidthForms) { EXPECT_EQ(normalise_text("ＳＭ－６"), "SM-6"); }

TEST(NormaliseText, AppliesNfkcToLigatures) { EXPECT_EQ(normalise_text("ﬁnance"), "finance"); }

TEST(NormaliseText, AppliesNfkcToNoBreakSpaceAndEllipsis) {
  EXPECT_EQ(normalise_text("10\u00A0km…"), "10 km...");
}

TEST(NormaliseText, ComposesDecomposedAccents) { EXPECT_EQ(normalise_text("Cafe\u0301"), "Café"); }

TEST(NormaliseText, RemovesSoftHyphen) {
  EXPECT_EQ(normalise_text("co\u00ADoperate"), "cooperate");
}

TEST(NormaliseText, RemovesZeroWidthCharactersAndByteOrderMark) {
  EXPECT_EQ(normalise_text("a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf"), "abcdef");
}

TEST(NormaliseText, ComposesALetterWithTheAccentARemovedSoftHyphenKeptApart) {
  EXPECT_EQ(normalise_text("e\u00AD\u0301"), "é");
}

TEST(NormaliseText, ReturnsAsciiUnchanged) {
  std::string ascii;
  for (int c = 0; c < 0x80; ++c) ascii += static_cast<char>(c);
  EXPECT_EQ(normalise_text(ascii), ascii);
}

TEST(NormaliseText, LeavesJapaneseTextUnchanged) {
  EXPECT_EQ(normalise_text("日本語のテキスト。"), "日本語のテキスト。");
}

TEST(NormaliseText, AppliesNfkcToJapaneseWidthVariants) {
  // Half-width katakana and full-width digits; the ideographic full stop and brackets stay.
  EXPECT_EQ(normalise_text("ﾃｷｽﾄは３月「３０日」。"), "テキストは3月「30日」。");
}

TEST(NormaliseText, ReplacesIllFormedUtf8) {
  EXPECT_EQ(normalise_text("ab\xFF"
                           "cd\xE2\x80"),
            "ab\uFFFDcd\uFFFD");
}

TEST(NormaliseText, ReturnsEmptyForEmpty) { EXPECT_EQ(normalise_text(""), ""); }

TEST(NormaliseText, IsIdempotent) {
  for (const std::string& text : std::vector<std::string>{
           "US–Japan “2+2” talks", "ＳＭ－６ and ﬁ", "e\u00AD\u0301 ᄀ\u200Dᅡ", "12″ ‴ ⁗", "﹘—〜",
           "Ⅻ ㎏ ㍻ ½", "ab\xFF\xC0\xAF", "ﾃｷｽﾄ ｶﾞ", "\u0301\u00AD\u0301", kWestern, kJapanese}) {
    const std::string once = normalise_text(text);
    EXPECT_EQ(normalise_text(once), once) << "input: " << text;
  }
}

TEST(SentenceStarts, SplitsEnglishButNotAfterUS) {
  EXPECT_EQ(sentence_starts("The U.S. is moving fast. Japan agrees."),
            (std::vector<std::size_t>{0, 25}));
}

TEST(SentenceStarts, KeepsUSBeforeACapitalisedWordInTheSentence) {
  EXPECT_EQ(sentence_starts("The U.S. Navy arrived. Japan agrees."),
            (std::vector<std::size_t>{0, 23}));
}

TEST(SentenceStarts, KeepsInitialsAndTitlesInTheSentence) {
  EXPECT_EQ(sentence_starts("John F. Kennedy met Mr. Smith. They talked."),
            (std::vector<std::size_t>{0, 31}));
}

TEST(SentenceStarts, SplitsAfterAnAcronymOfSeveralCapitals) {
  EXPECT_EQ(sentence_starts("He joined the FBI. Then he left."), (std::vector<std::size_t>{0, 19}));
}

TEST(SentenceStarts, SplitsAfterTheWordI) {
  EXPECT_EQ(sentence_starts("He fought in World War I. Then he came home."),
            (std::vector<std::size_t>{0, 26}));
}

TEST(SentenceStarts, SplitsJapaneseAtIdeographicFullStops) {
  // Each of these characters is three bytes in UTF-8.
  EXPECT_EQ(sentence_starts("日本は同意した。米国も同意した。", "ja"),
            (std::vector<std::size_t>{0, 24}));
}

TEST(SentenceStarts, SplitsJapaneseWithTheDefaultLocale) {
  EXPECT_EQ(sentence_starts(kJapanese), (std::vector<std::size_t>{0, 72, 171}));
}

TEST(SentenceStarts, ReturnsZeroAloneForOneSentence) {
  EXPECT_EQ(sentence_starts("No full stop here"), (std::vector<std::size_t>{0}));
}

TEST(SentenceStarts, ReturnsNothingForEmptyText) { EXPECT_TRUE(sentence_starts("").empty()); }

}  // namespace
}  // namespace kensaku
