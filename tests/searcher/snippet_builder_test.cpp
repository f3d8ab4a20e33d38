// Tests for SnippetBuilder: which passages it picks, how it cuts them, and what it highlights.
#include "searcher/snippet_builder.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kensaku {
namespace {

using Options = SnippetBuilder::Options;

// Sentences from the shipped corpus (corpus/000_*.txt and 001_*.txt), some shortened.
constexpr std::string_view kMasts =
    "In November 2024, India and Japan signed an agreement for Unified Complex Radio Antenna "
    "(UNICORN) masts for Indian naval warships.";
constexpr std::string_view kSm6 =
    "They also agreed to consider collaborating on the production of SM-6 surface-to-air defense "
    "missiles to help ease a munitions shortage.";
constexpr std::string_view kPressConference =
    "On March 30, in a joint press conference in Tokyo, United States Defense Secretary Pete "
    "Hegseth announced that the Defense Department (DoD) had started phase one of upgrading US "
    "Forces Japan to a joint force headquarters.";
constexpr std::string_view kRevamp =
    "This transformation is part of a broader strategy that was set in motion in July under the "
    "previous administration, when then-President Joe Biden's White House announced a major "
    "revamp of the U.S. military command in Japan.";

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The text a highlight covers, read by code points as a client would.
std::string covered(std::string_view text, const Highlight& h) {
  std::string out;
  std::size_t cp = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++cp;
    if (cp > h.start && cp <= h.end) out += c;
  }
  return out;
}

std::vector<std::string> covered(const Fragment& f) {
  std::vector<std::string> out;
  for (const Highlight& h : f.highlights) out.push_back(covered(f.text, h));
  return out;
}

std::vector<std::string> texts(const std::vector<Fragment>& fragments) {
  std::vector<std::string> out;
  for (const Fragment& f : fragments) out.push_back(f.text);
  return out;
}

SnippetQuery words(std::vector<std::string> terms) {
  SnippetQuery q;
  for (auto& t : terms) q.words.push_back({std::move(t), 1.0});
  return q;
}

SnippetQuery phrase(std::vector<std::string> terms) {
  SnippetQuery q;
  q.phrases.push_back({std::move(terms), 1.0});
  return q;
}

std::vector<Fragment> build(const SnippetQuery& query, std::string_view text,
                            Options options = {}) {
  SnippetBuilder builder(query, Xapian::Stem("english"), options);
  return builder.build(text);
}

void expect_same(const std::vector<Fragment>& a, const std::vector<Fragment>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].text, b[i].text);
    ASSERT_EQ(a[i].highlights.size(), b[i].highlights.size());
    for (std::size_t k = 0; k < a[i].highlights.size(); ++k) {
      EXPECT_EQ(a[i].highlights[k].start, b[i].highlights[k].start);
      EXPECT_EQ(a[i].highlights[k].end, b[i].highlights[k].end);
    }
  }
}

TEST(SnippetBuilder, HighlightsSurfaceWordOfStemmedMatch) {
  auto fragments = build(words({"mast"}), kMasts);
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(fragments[0].text, kMasts);
  ASSERT_EQ(fragments[0].highlights.size(), 1u);
  EXPECT_EQ(fragments[0].highlights[0].start, 98u);
  EXPECT_EQ(fragments[0].highlights[0].end, 103u);
  EXPECT_EQ(covered(fragments[0]), std::vector<std::string>{"masts"});
}

struct WordCase {
  const char* term;  // as the query parser gives it: a stem
  const char* text;
  std::vector<std::string> highlighted;
};

class MatchesWordsAsTheIndexSplitsAndStemsThem : public ::testing::TestWithParam<WordCase> {};

TEST_P(MatchesWordsAsTheIndexSplitsAndStemsThem, HighlightingTheWordAsWritten) {
  const WordCase& c = GetParam();
  auto fragments = build(words({c.term}), c.text);
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(fragments[0].text, c.text);
  EXPECT_EQ(covered(fragments[0]), c.highlighted);
}

INSTANTIATE_TEST_SUITE_P(
    SnippetBuilder, MatchesWordsAsTheIndexSplitsAndStemsThem,
    ::testing::Values(
        WordCase{"forc", "Japan hosts US forces, and the force grows.", {"forces", "force"}},
        WordCase{"sky", "Clear skies over Tokyo, said the sky watcher.", {"skies", "sky"}},
        WordCase{"die", "The dying art of diplomacy has not died.", {"dying", "died"}},
        WordCase{"hegseth",
                 "Hegseth's push under Trump worried Hegseth's critics.",
                 {"Hegseth's", "Hegseth's"}},
        WordCase{
            "japan", "It will coordinate with Japan\u2019s counterpart command.", {"Japan\u2019s"}},
        WordCase{"us", "The U.S. military command in Japan is growing.", {"U.S."}},
        WordCase{"3,000", "A 3,000-km (1,900-mile) East Asian archipelago.", {"3,000"}},
        WordCase{"c++", "Its software is written in C++ and C.", {"C++"}},
        WordCase{"at&t", "AT&T and NTT signed a deal.", {"AT&T"}},
        WordCase{"café", "The café near the base closed.", {"café"}},
        // A word that merely starts like the query word is another word.
        WordCase{"mast", "The mast and the master of the ship.", {"mast"}}));

TEST(SnippetBuilder, HighlightsPhraseAsOneSpan) {
  auto fragments = build(phrase({"joint", "forc", "headquart"}), kPressConference,
                         Options{.max_fragments = 2, .fragment_chars = 240});
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(fragments[0].text, kPressConference);
  // "joint press conference" does not match the phrase, so only the phrase is highlighted.
  EXPECT_EQ(covered(fragments[0]), std::vector<std::string>{"joint force headquarters"});
}

TEST(SnippetBuilder, HighlightsHyphenatedWordAsWrittenWhenQueriedAsPhrase) {
  auto fragments = build(phrase({"sm", "6"}), kSm6);
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(fragments[0].text, kSm6);
  EXPECT_EQ(covered(fragments[0]), std::vector<std::string>{"SM-6"});
  EXPECT_EQ(fragments[0].highlights[0].start, 64u);
  EXPECT_EQ(fragments[0].highlights[0].end, 68u);
}

TEST(SnippetBuilder, PhraseNeedsItsWordsNextToEachOther) {
  const std::string text = "SM missiles numbered 6 in all.";
  auto fragments = build(phrase({"sm", "6"}), text);
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(fragments[0].text, text);
  EXPECT_TRUE(fragments[0].highlights.empty());
}

TEST(SnippetBuilder, HighlightsWordAndOverlappingPhraseAsOneSpan) {
  SnippetQuery q = phrase({"joint", "forc", "headquart"});
  q.words.push_back({"forc", 1.0});
  auto fragments = build(q, kPressConference, Options{.max_fragments = 2, .fragment_chars = 240});
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(covered(fragments[0]),
            (std::vector<std::string>{"Forces", "joint force headquarters"}));
}

TEST(SnippetBuilder, HighlightOffsetsCountCodePointsNotBytes) {
  const std::string text = "The café\u2019s owner visited \u65e5\u672c and saw the masts.";
  auto fragments = build(words({"mast"}), text);
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(fragments[0].text, text);
  ASSERT_EQ(fragments[0].highlights.size(), 1u);
  // In bytes "masts" starts at 47: é takes 2, ’ 3, and each of 日本 3.
  EXPECT_EQ(fragments[0].highlights[0].start, 40u);
  EXPECT_EQ(fragments[0].highlights[0].end, 45u);
}

TEST(SnippetBuilder, HighlightOffsetsCountTheLeadingEllipsis) {
  const std::string text =
      "The caf\u00e9\u2019s owner visited \u65e5\u672c on a long journey across the region "
      "and, after many days at sea, finally saw the masts of the old fleet in the harbour.";
  auto fragments = build(words({"mast"}), text, Options{.max_fragments = 1, .fragment_chars = 40});
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(fragments[0].text, "\u2026saw the masts of the old fleet in the harbour.");
  ASSERT_EQ(fragments[0].highlights.size(), 1u);
  EXPECT_EQ(fragments[0].highlights[0].start, 9u);
  EXPECT_EQ(fragments[0].highlights[0].end, 14u);
}

TEST(SnippetBuilder, CutsLongSentenceAtWordsWithEllipsisOnBothSides) {
  auto fragments =
      build(words({"administr"}), kRevamp, Options{.max_fragments = 2, .fragment_chars = 60});
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(fragments[0].text,
            "\u2026the previous administration, when then-President Joe Biden's\u2026");
  EXPECT_EQ(covered(fragments[0]), std::vector<std::string>{"administration"});
}

TEST(SnippetBuilder, KeepsSentenceStartWhenTheMatchIsNearIt) {
  auto fragments =
      build(words({"transform"}), kRevamp, Options{.max_fragments = 2, .fragment_chars = 60});
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(fragments[0].text, "This transformation is part of a broader strategy that was\u2026");
}

TEST(SnippetBuilder, KeepsSentenceEndWhenTheMatchIsNearIt) {
  auto fragments =
      build(words({"revamp"}), kRevamp, Options{.max_fragments = 2, .fragment_chars = 60});
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(fragments[0].text,
            "\u2026announced a major revamp of the U.S. military command in Japan.");
}

TEST(SnippetBuilder, ShowsWholeSentenceUpToOneAndAHalfTimesTheTarget) {
  // kMasts is 131 code points: whole for a target of 100 (limit 150), cut for 80 (limit 120).
  auto whole = build(words({"mast"}), kMasts, Options{.max_fragments = 1, .fragment_chars = 100});
  ASSERT_EQ(whole.size(), 1u);
  EXPECT_EQ(whole[0].text, kMasts);
  auto cut = build(words({"mast"}), kMasts, Options{.max_fragments = 1, .fragment_chars = 80});
  ASSERT_EQ(cut.size(), 1u);
  EXPECT_EQ(cut[0].text,
            "\u2026for Unified Complex Radio Antenna (UNICORN) masts for Indian naval warships.");
}

TEST(SnippetBuilder, AddsWholeNeighbouringSentencesUpToTheTarget) {
  const std::string text =
      "Advertisement\n\nJapan hosts 50,000 US troops. The masts were replaced. The fleet sailed "
      "on Monday.\n\nHow it Works\n\nOfficials in Tokyo declined to comment on the schedule of "
      "the next exercise.";
  auto fragments = build(words({"mast"}), text, Options{.max_fragments = 1, .fragment_chars = 100});
  ASSERT_EQ(fragments.size(), 1u);
  // The headings would fit but are not prose; the last sentence would pass the target.
  EXPECT_EQ(fragments[0].text,
            "Japan hosts 50,000 US troops. The masts were replaced. The fleet sailed on Monday.");
}

TEST(SnippetBuilder, TreatsLineEndingInACommaAsCutMidSentence) {
  // From corpus/003_*.txt: the quote is on the next line, which ICU takes as a new sentence.
  const std::string text =
      "Defense Secretary Pete Hegseth emphasized the importance of this shift, stating,\n\"This "
      "upgrade reflects our shared commitment to maintaining peace and stability in the "
      "Indo-Pacific.\"";
  auto fragments =
      build(words({"emphas"}), text, Options{.max_fragments = 1, .fragment_chars = 80});
  EXPECT_EQ(texts(fragments),
            std::vector<std::string>{"Defense Secretary Pete Hegseth emphasized the importance of "
                                     "this shift, stating\u2026"});
}

TEST(SnippetBuilder, CollapsesWhitespaceAndShiftsHighlights) {
  // (A line break would end the sentence for ICU.)
  const std::string text = "Japan  currently\thosts \u00a0 50,000 US military   personnel.";
  auto fragments = build(words({"personnel"}), text);
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(fragments[0].text, "Japan currently hosts 50,000 US military personnel.");
  ASSERT_EQ(fragments[0].highlights.size(), 1u);
  EXPECT_EQ(fragments[0].highlights[0].start, 41u);
  EXPECT_EQ(fragments[0].highlights[0].end, 50u);
}

// Y mentions only Hegseth, Z only Taiwan, X both Hegseth and deterrence; Hegseth weighs most.
constexpr std::string_view kSentenceY =
    "Hegseth announced that plans to upgrade the U.S. military command in Japan would soon get "
    "underway.";
constexpr std::string_view kFiller1 =
    "The reorganization of USFJ into a warfighting headquarters would necessitate increased "
    "staff and the empowerment of its commander with the authority needed.";
constexpr std::string_view kSentenceZ =
    "The U.S. sees this strategic partnership with Japan as crucial due to the region facing a "
    "possible Taiwan emergency.";
constexpr std::string_view kFiller2 =
    "This latest development will help improve the command's ability to operate further, and it "
    "allows for more cooperation in real time with the Self-Defense Forces.";
constexpr std::string_view kSentenceX =
    "Hegseth listed three core pillars, including reestablishing deterrence, restoring the "
    "warrior ethos, and rebuilding the military.";

TEST(SnippetBuilder, SecondFragmentPrefersWordsTheFirstDidNotShow) {
  const std::string text = std::string(kSentenceY) + " " + std::string(kFiller1) + " " +
                           std::string(kSentenceZ) + " " + std::string(kFiller2) + " " +
                           std::string(kSentenceX);
  SnippetQuery q;
  q.words = {{"hegseth", 2.0}, {"deterr", 1.0}, {"taiwan", 1.0}};
  auto fragments = build(q, text);
  // X is the best passage and is picked first, but passages come back in text order.
  EXPECT_EQ(texts(fragments),
            (std::vector<std::string>{std::string(kSentenceZ), std::string(kSentenceX)}));
  ASSERT_EQ(fragments.size(), 2u);
  EXPECT_EQ(covered(fragments[0]), std::vector<std::string>{"Taiwan"});
  EXPECT_EQ(covered(fragments[1]), (std::vector<std::string>{"Hegseth", "deterrence"}));
  // Disjoint and in order: each passage's text appears after the previous one's.
  const std::size_t z = text.find(fragments[0].text);
  const std::size_t x = text.find(fragments[1].text);
  ASSERT_NE(z, std::string::npos);
  ASSERT_NE(x, std::string::npos);
  EXPECT_GE(x, z + fragments[0].text.size());
}

TEST(SnippetBuilder, WithoutThePreferenceTheRepeatedWordWouldWin) {
  // The same text with Taiwan unknown to the query: the second passage is Y, not Z.
  const std::string text = std::string(kSentenceY) + " " + std::string(kFiller1) + " " +
                           std::string(kSentenceZ) + " " + std::string(kFiller2) + " " +
                           std::string(kSentenceX);
  SnippetQuery q;
  q.words = {{"hegseth", 2.0}, {"deterr", 1.0}};
  EXPECT_EQ(texts(build(q, text)),
            (std::vector<std::string>{std::string(kSentenceY), std::string(kSentenceX)}));
}

TEST(SnippetBuilder, LaterFragmentStopsShortOfAPhraseRunningIntoAnEarlierOne) {
  // Phrases may cross sentences. The best passage (deterrence) starts inside "in Japan. Forces";
  // the second must not reach into it through that phrase.
  const std::string text = "We met in Japan. Forces of the alliance showed deterrence.";
  SnippetQuery q;
  q.words = {{"deterr", 5.0}, {"met", 1.0}, {"japan", 1.0}};
  q.phrases = {{{"in", "japan", "forc"}, 1.0}};
  auto fragments = build(q, text, Options{.max_fragments = 2, .fragment_chars = 30});
  EXPECT_EQ(
      texts(fragments),
      (std::vector<std::string>{"We met in Japan.", "Forces of the alliance showed deterrence."}));
  ASSERT_EQ(fragments.size(), 2u);
  EXPECT_EQ(covered(fragments[0]), (std::vector<std::string>{"met", "Japan"}));
  EXPECT_EQ(covered(fragments[1]), std::vector<std::string>{"deterrence"});
}

TEST(SnippetBuilder, PrefersPassageWithMoreDistinctWordsOverRepeats) {
  const std::string text =
      "Hegseth met Nakatani, then Hegseth met Ishiba, and Hegseth flew home. " +
      std::string(kFiller1) + " Hegseth stressed deterrence.";
  auto fragments =
      build(words({"hegseth", "deterr"}), text, Options{.max_fragments = 1, .fragment_chars = 80});
  EXPECT_EQ(texts(fragments), std::vector<std::string>{"Hegseth stressed deterrence."});
}

TEST(SnippetBuilder, PrefersPassageWithHeavierWord) {
  const std::string text =
      std::string(kSentenceY) + " " + std::string(kFiller1) + " " + std::string(kSentenceZ);
  SnippetQuery q;
  q.words = {{"hegseth", 0.5}, {"taiwan", 3.0}};
  auto fragments = build(q, text, Options{.max_fragments = 1, .fragment_chars = 160});
  EXPECT_EQ(texts(fragments), std::vector<std::string>{std::string(kSentenceZ)});
}

TEST(SnippetBuilder, PrefersPassageThatStartsASentenceAmongEqualOnes) {
  // Both windows hold "masts" once; only the second can start at its sentence's start.
  const std::string text =
      std::string(kRevamp.substr(0, kRevamp.size() - 1)) +
      ", and the masts of its ships were replaced by new antennas over many months of work in "
      "the dockyards. " +
      std::string(kFiller1) + " The masts were replaced.";
  auto fragments = build(words({"mast"}), text, Options{.max_fragments = 1, .fragment_chars = 60});
  EXPECT_EQ(texts(fragments), std::vector<std::string>{"The masts were replaced."});
}

TEST(SnippetBuilder, DoesNotAddPassageWithoutMatches) {
  const std::string text = std::string(kMasts) + " " + std::string(kFiller1);
  auto fragments = build(words({"mast"}), text, Options{.max_fragments = 3, .fragment_chars = 160});
  EXPECT_EQ(texts(fragments), std::vector<std::string>{std::string(kMasts)});
}

TEST(SnippetBuilder, NoMatchGivesTheStartOfTheText) {
  const std::string text = std::string(kMasts) + " " + std::string(kFiller1);
  auto fragments = build(words({"zebra"}), text);
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(fragments[0].text, kMasts);
  EXPECT_TRUE(fragments[0].highlights.empty());

  auto cut = build(words({"zebra"}), kRevamp, Options{.max_fragments = 2, .fragment_chars = 60});
  ASSERT_EQ(cut.size(), 1u);
  EXPECT_EQ(cut[0].text, "This transformation is part of a broader strategy that was\u2026");
  EXPECT_TRUE(cut[0].highlights.empty());
}

TEST(SnippetBuilder, EmptyTextGivesNoFragments) {
  EXPECT_TRUE(build(words({"mast"}), "").empty());
  EXPECT_TRUE(build(words({"mast"}), " \n\t ").empty());
}

TEST(SnippetBuilder, TextWithoutWordsStillGivesItsStart) {
  auto fragments = build(words({"mast"}), " , ");
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(fragments[0].text, ",");
  EXPECT_TRUE(fragments[0].highlights.empty());
}

TEST(SnippetBuilder, EmptyQueryGivesTheStartOfTheText) {
  auto fragments = build(SnippetQuery{}, kMasts);
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(fragments[0].text, kMasts);
  EXPECT_TRUE(fragments[0].highlights.empty());
}

TEST(SnippetBuilder, IsDeterministicAcrossBuildersAndCallOrder) {
  const std::string a = std::string(kSentenceY) + " " + std::string(kFiller1) + " " +
                        std::string(kSentenceZ) + " " + std::string(kSentenceX);
  const std::string b = std::string(kPressConference) + " " + std::string(kRevamp);
  SnippetQuery q = words({"hegseth", "taiwan", "command", "japan"});
  q.phrases.push_back({{"joint", "forc", "headquart"}, 2.0});
  SnippetBuilder first(q, Xapian::Stem("english"),
                       Options{.max_fragments = 2, .fragment_chars = 80});
  SnippetBuilder second(q, Xapian::Stem("english"),
                        Options{.max_fragments = 2, .fragment_chars = 80});
  const auto first_a = first.build(a);
  const auto first_b = first.build(b);
  const auto second_b = second.build(b);
  const auto second_a = second.build(a);
  ASSERT_EQ(first_a.size(), 2u);
  ASSERT_EQ(first_b.size(), 2u);
  expect_same(first_a, second_a);
  expect_same(first_b, second_b);
  expect_same(first_a, first.build(a));
}

TEST(SnippetBuilder, WildcardMatchesWordsStartingWithThePrefix) {
  const std::string text =
      "The drama is a co-production of NHK and the BBC. Its producers met the co-producers in "
      "Tokyo.";
  SnippetQuery q;
  q.wildcards.push_back({"produc", 1.0});
  auto fragments = build(q, text);
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(fragments[0].text, text);
  EXPECT_EQ(covered(fragments[0]),
            (std::vector<std::string>{"production", "producers", "producers"}));
}

TEST(SnippetBuilder, HyphenatedWildcardMatchesItsWordsInARow) {
  const std::string text =
      "The drama is a co-production of NHK and the BBC. Its producers met the co-producers in "
      "Tokyo.";
  SnippetQuery q;
  q.wildcards.push_back({"co-produc", 1.0});
  auto fragments = build(q, text);
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(covered(fragments[0]), (std::vector<std::string>{"co-production", "co-producers"}));
}

TEST(SnippetBuilder, CjkTermHighlightsInsideJapaneseText) {
  // 東京で日本の防衛大臣と会談した。日本語の記事です。
  const std::string text =
      "\u6771\u4eac\u3067\u65e5\u672c\u306e\u9632\u885b\u5927\u81e3\u3068\u4f1a\u8ac7\u3057\u305f"
      "\u3002\u65e5\u672c\u8a9e\u306e\u8a18\u4e8b\u3067\u3059\u3002";
  auto fragments = build(words({"\u65e5\u672c"}), text);
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_EQ(fragments[0].text, text);
  ASSERT_EQ(fragments[0].highlights.size(), 2u);
  EXPECT_EQ(fragments[0].highlights[0].start, 3u);
  EXPECT_EQ(fragments[0].highlights[0].end, 5u);
  EXPECT_EQ(fragments[0].highlights[1].start, 16u);
  EXPECT_EQ(fragments[0].highlights[1].end, 18u);

  // A phrase of bigrams, as the n-gram query parser makes for 日本語, covers the longer word.
  auto word = build(phrase({"\u65e5\u672c", "\u672c\u8a9e"}), text);
  ASSERT_EQ(word.size(), 1u);
  EXPECT_EQ(covered(word[0]), std::vector<std::string>{"\u65e5\u672c\u8a9e"});
}

TEST(SnippetBuilder, CjkTermNeedsItsCharactersTogether) {
  // 日 本 are separate runs: the index has no bigram 日本 here.
  const std::string text = "\u65e5 \u672c";
  auto fragments = build(words({"\u65e5\u672c"}), text);
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_TRUE(fragments[0].highlights.empty());
}

std::string repeat_filler(std::size_t bytes) {
  std::string out;
  while (out.size() < bytes) out += "The committee met again to discuss routine budget matters. ";
  return out;
}

TEST(SnippetBuilder, FindsPassagesInLongText) {
  const std::string text = repeat_filler(100'000) + std::string(kSm6) + " " +
                           repeat_filler(100'000) + "Officials praised the missile programme. " +
                           repeat_filler(1'000);
  SnippetQuery q = phrase({"sm", "6"});
  q.words.push_back({"missil", 1.0});
  auto fragments = build(q, text);
  ASSERT_EQ(fragments.size(), 2u);
  EXPECT_EQ(fragments[0].text, kSm6);
  EXPECT_EQ(covered(fragments[0]), (std::vector<std::string>{"SM-6", "missiles"}));
  EXPECT_EQ(fragments[1].text,
            "The committee met again to discuss routine budget matters. Officials praised the "
            "missile programme. The committee met again to discuss routine budget matters.");
  EXPECT_EQ(covered(fragments[1]), std::vector<std::string>{"missile"});
}

TEST(SnippetBuilder, HandlesMegabyteTextsWithMatchesEverywhere) {
  // Every word matches: the work must stay linear in the text for this to finish.
  std::string text;
  while (text.size() < 1'000'000) text += "masts mast ";
  auto fragments = build(words({"mast"}), text);
  ASSERT_EQ(fragments.size(), 2u);
  EXPECT_EQ(fragments[0].text.substr(0, 11), "masts mast ");
  EXPECT_FALSE(fragments[0].highlights.empty());
  EXPECT_LE(code_points(fragments[0].text), 160u + 2);

  // One long run without spaces or sentence ends.
  const std::string run(1'000'000, 'x');
  auto nothing = build(words({"mast"}), run);
  ASSERT_EQ(nothing.size(), 1u);
  EXPECT_EQ(nothing[0].text, std::string(160, 'x') + "\u2026");
  EXPECT_TRUE(nothing[0].highlights.empty());
}

TEST(SnippetBuilder, JoinsFragmentsShiftingHighlightsAndMergingEllipses) {
  std::vector<Fragment> fragments = {
      {"\u2026alpha beta\u2026", {{1, 6}}},
      {"\u2026gamma.", {{1, 6}}},
      {"Delta here.", {{0, 5}}},
  };
  std::string snippet = "stale";
  std::vector<Highlight> highlights = {{9, 9}};
  SnippetBuilder::join(fragments, snippet, highlights);
  EXPECT_EQ(snippet, "\u2026alpha beta \u2026 gamma. \u2026 Delta here.");
  ASSERT_EQ(highlights.size(), 3u);
  EXPECT_EQ(covered(snippet, highlights[0]), "alpha");
  EXPECT_EQ(covered(snippet, highlights[1]), "gamma");
  EXPECT_EQ(covered(snippet, highlights[2]), "Delta");
  EXPECT_EQ(highlights[1].start, 14u);
  EXPECT_EQ(highlights[2].start, 23u);
}

TEST(SnippetBuilder, JoinOfBuiltFragmentsKeepsEveryHighlight) {
  const std::string text = std::string(kSentenceY) + " " + std::string(kFiller1) + " " +
                           std::string(kSentenceZ) + " " + std::string(kFiller2) + " " +
                           std::string(kSentenceX);
  SnippetQuery q;
  q.words = {{"hegseth", 2.0}, {"deterr", 1.0}, {"taiwan", 1.0}};
  std::string snippet;
  std::vector<Highlight> highlights;
  SnippetBuilder::join(build(q, text), snippet, highlights);
  EXPECT_EQ(snippet, std::string(kSentenceZ) + " \u2026 " + std::string(kSentenceX));
  std::vector<std::string> got;
  for (const Highlight& h : highlights) got.push_back(covered(snippet, h));
  EXPECT_EQ(got, (std::vector<std::string>{"Taiwan", "Hegseth", "deterrence"}));
}

}  // namespace
}  // namespace kensaku
