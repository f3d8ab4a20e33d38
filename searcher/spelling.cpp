// Spelling suggestions by edit distance over a slice of the indexed vocabulary.
#include "searcher/spelling.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "common/schema.h"
#include "common/stored_fields.h"

namespace kensaku {
namespace {

// Articles read to find how a stem is printed: enough to outvote a typo in one of them.
constexpr Xapian::doccount kSurfaceSampleArticles = 3;

// How much longer than a stem a misspelt word may be and still be compared cut to its length.
constexpr std::size_t kMaxCutLetters = 4;

bool has_digit(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// Words of `text`, lower-cased: runs of ASCII letters and digits and of non-ASCII bytes, a hyphen
// between two such runs kept inside the word ("co-produce": the index also holds it joined).
std::vector<std::string> words_of(std::string_view text) {
  auto in_word = [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return std::isalnum(byte) || byte >= 0x80;
  };
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_word(c)) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (c == '-' && !word.empty() && i + 1 < text.size() && in_word(text[i + 1])) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string without_hyphens(std::string word) {
  word.erase(std::remove(word.begin(), word.end(), '-'), word.end());
  return word;
}

}  // namespace

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

SpellingSuggester::SpellingSuggester(const Xapian::Database& db)
    : db_(db), stemmer_(schema::stemmer()) {}

std::optional<std::string> SpellingSuggester::correct(std::string_view word) const {
  if (word.size() < 3) return std::nullopt;
  const std::size_t limit = word.size() <= 5 ? 1 : 2;
  const std::string slice(word.substr(0, 2));
  const std::string stem = stemmer_(std::string(word));
  const bool digits = has_digit(word);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  Xapian::doccount best_freq = 0;
  for (auto t = db_.allterms_begin(slice); t != db_.allterms_end(slice); ++t) {
    const std::string& term = *t;
    if (!digits && has_digit(term)) continue;
    std::size_t distance =
        std::min(edit_distance(word, term, limit), edit_distance(stem, term, limit));
    // The part kept must be most of the word: "energy" is not "end" with a misspelt ending.
    if (word.size() > term.size() && word.size() - term.size() <= kMaxCutLetters &&
        3 * term.size() >= 2 * word.size()) {
      // Cutting the word costs one edit, so an exact stem never beats a true near-miss.
      distance = std::min(distance, 1 + edit_distance(word.substr(0, term.size()), term, limit));
    }
    if (distance > limit || distance == 0) continue;
    Xapian::doccount freq = t.get_termfreq();
    if (distance < best_distance || (distance == best_distance && freq > best_freq)) {
      best = term;
      best_distance = distance;
      best_freq = freq;
    }
  }
  if (!best) return std::nullopt;
  return surface_form(*best);
}

std::string SpellingSuggester::surface_form(const std::string& stem) const {
  std::map<std::string, std::size_t> forms;
  Xapian::doccount read = 0;
  for (auto p = db_.postlist_begin(stem);
       p != db_.postlist_end(stem) && read < kSurfaceSampleArticles; ++p, ++read) {
    std::string data = db_.get_document(*p).get_data();
    if (data.empty()) continue;
    Article article = decode_stored_fields(data, std::to_string(*p));
    for (const std::string& text : {article.title, article.body}) {
      for (const std::string& w : words_of(text)) {
        std::string joined = without_hyphens(w);
        if (joined.compare(0, 2, stem, 0, 2) == 0 && stemmer_(joined) == stem) ++forms[w];
      }
    }
  }
  std::string best = stem;
  std::size_t best_count = 0;
  for (const auto& [form, count] : forms) {
    if (count > best_count) {
      best = form;
      best_count = count;
    }
  }
  return best;
}

}  // namespace kensaku
