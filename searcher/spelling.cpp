// Spelling suggestions by edit distance over a slice of the indexed vocabulary.
#include "searcher/spelling.h"

#include <algorithm>
#include <vector>

namespace kensaku {

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), row(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= m; ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], prev2[j - 2] + 1);
      }
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, row);
  }
  return std::min(prev[m], limit + 1);
}

SpellingSuggester::SpellingSuggester(const Xapian::Database& db) : db_(db) {}

std::optional<std::string> SpellingSuggester::correct(std::string_view word) const {
  if (word.size() < 3) return std::nullopt;
  const std::size_t limit = word.size() <= 5 ? 1 : 2;
  const std::string slice(word.substr(0, 2));
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  Xapian::doccount best_freq = 0;
  for (auto t = db_.allterms_begin(slice); t != db_.allterms_end(slice); ++t) {
    const std::string& term = *t;
    std::size_t distance = edit_distance(word, term, limit);
    if (distance > limit || distance == 0) continue;
    Xapian::doccount freq = t.get_termfreq();
    if (distance < best_distance || (distance == best_distance && freq > best_freq)) {
      best = term;
      best_distance = distance;
      best_freq = freq;
    }
  }
  return best;
}

}  // namespace kensaku
