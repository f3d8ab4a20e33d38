// Compound words: finding hyphenated words and spaced codes, and adding their joined terms.
#include "common/compounds.h"

#include <algorithm>
#include <map>
#include <set>

namespace kensaku {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// Any byte that could belong to a word (non-ASCII bytes included): a compound must not start or
// end inside a longer word such as "é-6" or "x.y-z".
bool is_word_byte(char c) { return is_alnum(c) || static_cast<unsigned char>(c) >= 0x80; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Compound make_compound(std::vector<std::string> parts) {
  Compound compound;
  for (const std::string& part : parts) compound.joined += part;
  compound.parts = std::move(parts);
  return compound;
}

}  // namespace

std::vector<Compound> hyphenated_compounds(std::string_view text) {
  std::vector<Compound> out;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    if (!is_alnum(text[i]) ||
        (i > 0 && (is_word_byte(text[i - 1]) || text[i - 1] == '.' || text[i - 1] == '-'))) {
      ++i;
      continue;
    }
    // A run of alnum parts joined by single hyphens, starting at a word start.
    std::vector<std::string> parts;
    std::size_t j = i;
    while (true) {
      std::size_t start = j;
      while (j < n && is_alnum(text[j])) ++j;
      parts.push_back(lower(text.substr(start, j - start)));
      if (j + 1 < n && text[j] == '-' && is_alnum(text[j + 1])) {
        ++j;
        continue;
      }
      break;
    }
    bool clean_end = j == n || !(is_word_byte(text[j]) || text[j] == '-' ||
                                 (text[j] == '.' && j + 1 < n && is_alnum(text[j + 1])));
    if (parts.size() >= 2 && parts.size() <= kMaxCompoundParts && clean_end) {
      out.push_back(make_compound(std::move(parts)));
    }
    i = std::max(j, i + 1);
  }
  return out;
}

std::vector<Compound> spaced_codes(std::string_view text) {
  std::vector<Compound> out;
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    // Codes are written in capitals (SM 6, F 35): "not 6" is two words, not a code.
    if (!is_upper(text[i]) || (i > 0 && is_word_byte(text[i - 1]))) continue;
    std::size_t j = i;
    while (j < n && is_upper(text[j])) ++j;
    if (j + 1 >= n || text[j] != ' ' || !is_digit(text[j + 1])) continue;
    std::size_t k = j + 1;
    while (k < n && is_digit(text[k])) ++k;
    if (k < n && is_word_byte(text[k])) continue;
    out.push_back(
        make_compound({lower(text.substr(i, j - i)), std::string(text.substr(j + 1, k - j - 1))}));
  }
  return out;
}

std::string joined_term(const Compound& compound, const Xapian::Stem& stemmer,
                        std::string_view prefix) {
  return std::string(prefix) + stemmer(compound.joined);
}

std::vector<std::string> part_terms(const Compound& compound, const Xapian::Stem& stemmer,
                                    std::string_view prefix) {
  std::vector<std::string> terms;
  terms.reserve(compound.parts.size());
  for (const std::string& part : compound.parts)
    terms.push_back(std::string(prefix) + stemmer(part));
  return terms;
}

void add_compound_terms(Xapian::Document& document, std::string_view text,
                        const Xapian::Stem& stemmer, std::string_view prefix) {
  std::vector<Compound> compounds = hyphenated_compounds(text);
  if (compounds.empty()) return;
  // Each distinct compound once: the position scan below finds all its occurrences.
  std::set<std::vector<std::string>> done;
  std::map<std::string, std::set<Xapian::termpos>> positions;  // cache per part term
  auto positions_of = [&](const std::string& term) -> const std::set<Xapian::termpos>& {
    auto [it, inserted] = positions.try_emplace(term);
    if (inserted) {
      Xapian::TermIterator t = document.termlist_begin();
      t.skip_to(term);
      if (t != document.termlist_end() && *t == term) {
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) it->second.insert(*p);
      }
    }
    return it->second;
  };
  for (const Compound& compound : compounds) {
    if (!done.insert(compound.parts).second) continue;
    std::vector<std::string> terms = part_terms(compound, stemmer, prefix);
    std::string joined = joined_term(compound, stemmer, prefix);
    for (Xapian::termpos first : positions_of(terms[0])) {
      bool in_a_row = true;
      for (std::size_t k = 1; k < terms.size() && in_a_row; ++k) {
        in_a_row = positions_of(terms[k]).count(first + static_cast<Xapian::termpos>(k)) > 0;
      }
      if (in_a_row) document.add_posting(joined, first);
    }
  }
}

}  // namespace kensaku
