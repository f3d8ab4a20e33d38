// "Did you mean": corrections for query words that are not in the index, from the index's own
// vocabulary (no spelling table: building one costs about a third of the indexing time).
#ifndef KENSAKU_SEARCHER_SPELLING_H_
#define KENSAKU_SEARCHER_SPELLING_H_

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>

namespace kensaku {

class SpellingSuggester {
 public:
  explicit SpellingSuggester(const Xapian::Database& db);

  // The indexed word closest to `word` (lower case, not in the index): at most one edit
  // (insertion, deletion, substitution or swap of neighbours) for words of up to 5 letters, two
  // for longer ones; the more frequent wins a tie. The index holds stems, so `word` is compared
  // as written, as stemmed, and cut to a stem's length (a misspelt ending: "coproductoin" is
  // "coproduct" + one edit). Candidates share the word's first two letters, so a lookup reads only
  // that slice of the vocabulary, never all of it; joined compound terms with digits ("sm6") are
  // candidates only for words with digits. The answer is a word as articles print it ("ministry",
  // not the stem "ministri"), taken from the stored text of articles holding the stem. nullopt
  // when nothing is close enough.
  std::optional<std::string> correct(std::string_view word) const;

 private:
  // The most frequent surface form of `stem` in the first articles that hold it, lower-cased;
  // `stem` itself when their stored text has none.
  std::string surface_form(const std::string& stem) const;

  Xapian::Database db_;
  Xapian::Stem stemmer_;
};

// Optimal-string-alignment distance (Damerau-Levenshtein without repeated edits of a substring),
// or `limit` + 1 as soon as it must exceed `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_SPELLING_H_
