// Facet counts over the whole match set (Xapian's ValueCountMatchSpy), for source, author, year…
#ifndef KENSAKU_SEARCHER_FACETS_H_
#define KENSAKU_SEARCHER_FACETS_H_

#include <xapian.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kensaku/search.h"

namespace kensaku {

// Throws UsageError naming the first of `names` that is not a facet field.
void validate_facets(const std::vector<std::string>& names);

// Counts the values of the requested facet fields in every matching article. List fields (topic,
// place, tag) count each of an article's values once.
class FacetCounter {
 public:
  explicit FacetCounter(const std::vector<std::string>& names);
  ~FacetCounter();

  // Adds the spies to `enquire`; they count during get_mset (ask it to check every match).
  void attach(Xapian::Enquire& enquire);

  // Per facet name, its values most frequent first (ties by value).
  std::map<std::string, std::vector<FacetCount>> counts() const;

 private:
  std::vector<std::pair<std::string, std::unique_ptr<Xapian::ValueCountMatchSpy>>> spies_;
};

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_FACETS_H_
