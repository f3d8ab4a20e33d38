// Words readers write joined, hyphenated or apart (SM-6, SM6, "SM 6"; co-production, coproduction):
// the one rule the indexer and the query builder share to make those spellings meet.
#ifndef KENSAKU_COMMON_COMPOUNDS_H_
#define KENSAKU_COMMON_COMPOUNDS_H_

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace kensaku {

// A run of words written as one ("SM-6", "counter-strike", "AIM-120") or, in a query, a code
// written apart ("SM 6"). `parts` are the lower-case words as the term generator splits them;
// `joined` is what a reader writes without the hyphen ("sm6", "counterstrike").
struct Compound {
  std::vector<std::string> parts;
  std::string joined;
};

// At most this many parts make a compound: longer hyphen chains are phrases, not words.
inline constexpr std::size_t kMaxCompoundParts = 4;

// Every hyphenated word of `text` (normalised: dashes are already '-'), ASCII letters and digits
// only, 2..kMaxCompoundParts parts, in text order, repeats included. "U.S.-Japan" is not one
// (the dots make "U.S." an acronym for the term generator).
std::vector<Compound> hyphenated_compounds(std::string_view text);

// Codes written apart, as a query may quote them: a run of capital letters then a run of digits
// separated by one space ("SM 6", "F 35"; not "not 6"). In text order.
std::vector<Compound> spaced_codes(std::string_view text);

// The index term the joined spelling stands for: the stem of `joined`, after `prefix`.
std::string joined_term(const Compound& compound, const Xapian::Stem& stemmer,
                        std::string_view prefix = {});

// The index terms of the parts, as the term generator writes them (stemmed, after `prefix`).
std::vector<std::string> part_terms(const Compound& compound, const Xapian::Stem& stemmer,
                                    std::string_view prefix = {});

// Adds to `document` the joined term of every compound in `text` at the position of its first
// part, wherever its part terms stand in a row under `prefix`: so SM6 finds "SM-6" and a phrase
// through the compound still matches. Call after the text was indexed into `document`.
void add_compound_terms(Xapian::Document& document, std::string_view text,
                        const Xapian::Stem& stemmer, std::string_view prefix = {});

}  // namespace kensaku

#endif  // KENSAKU_COMMON_COMPOUNDS_H_
