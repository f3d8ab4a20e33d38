// The synonyms file: groups of words and phrases that mean the same, expanded at query time.
#ifndef KENSAKU_SEARCHER_SYNONYMS_H_
#define KENSAKU_SEARCHER_SYNONYMS_H_

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace kensaku {

// Lines of `expression = expression [= expression…]`, each expression a word or a phrase, all of
// a line meaning the same; `#` starts a comment; blank lines are ignored. Matching is on the
// index terms (stemmed, case-folded), so `USFJ = US Forces Japan` also expands `usfj`.
class SynonymTable {
 public:
  SynonymTable() = default;

  // Reads the file at `path`. Throws UsageError when it cannot be read or a line has no '='.
  static SynonymTable load(const std::string& path);

  // Parses the file's text; `origin` names it in error messages.
  static SynonymTable parse(std::string_view text, std::string_view origin);

  bool empty() const { return groups_.empty(); }

  // Expands `query`: a word or a phrase that is an expression of a group becomes an OR of it and
  // the group's other expressions (phrases stay phrases). Field-prefixed terms are left alone.
  Xapian::Query expand(const Xapian::Query& query) const;

 private:
  // Each expression as its index terms, in order.
  std::vector<std::vector<std::vector<std::string>>> groups_;
};

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_SYNONYMS_H_
