// The index schema: every Xapian term prefix, value slot and field name, and the analysis settings
// both sides must agree on. No prefix literal may appear outside schema.cpp.
#ifndef KENSAKU_COMMON_SCHEMA_H_
#define KENSAKU_COMMON_SCHEMA_H_

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kensaku::schema {

// Value slots. Numbers are part of the on-disk format: never renumber, only add.
enum Slot : Xapian::valueno {
  kDateSlot = 0,    // "YYYYMMDD": sorting, date ranges, recency
  kIdSlot = 1,      // the article id: a stable tie-break between equal scores
  kSizeSlot = 2,    // signature: file size (64-bit big-endian)
  kMtimeSlot = 3,   // signature: file mtime in ns (64-bit big-endian)
  kHashSlot = 4,    // signature: content hash (16 hex digits)
  kSourceSlot = 5,  // source as written: facet counts
  kAuthorSlot = 6,  // author as written: facet counts
  kYearSlot = 7,    // "YYYY": facet counts
  kTopicsSlot = 8,  // topics, serialised list: facet counts
  kPlacesSlot = 9,  // places, serialised list: facet counts
  kTagsSlot = 10,   // tags, serialised list: facet counts
  kLangSlot = 11,   // language tag: facet counts
  // "YYYYMMDDHHMMSS" (the UTC instant, see timestamp_value) followed by the article id: --sort
  // date/-date, so equal instants order by id. Indexes written before it have none.
  kTimestampSlot = 12,
};

// How a query field is matched.
enum class FieldKind {
  kFreeText,  // words, stemmed, with positions: phrases work inside the field
  kBoolean,   // exact value, case-folded: a filter that does not change the ranking
};

// A field users can name in a query (`author:maslow`) and that JSON output uses.
struct Field {
  std::string_view name;    // as typed in queries and printed in JSON
  std::string_view prefix;  // Xapian term prefix
  FieldKind kind;
  Xapian::valueno facet_slot;  // value slot that facets count; Xapian::BAD_VALUENO for none
};

// Every named field, in the order the README lists them.
std::span<const Field> fields();

// The field called `name`, if there is one.
const Field* find_field(std::string_view name);

// The boolean term that identifies an article: unique, used with replace_document. Ids too long
// for a Xapian term (245 bytes) are shortened to a readable head and a hash of the whole id, so
// distinct ids stay distinct; the whole id is in kIdSlot. A shortened term keeps no prefix of the
// id: nothing may find an article by a prefix of its id term (see feed_term).
std::string id_term(std::string_view article_id);

// The article id an id term stands for (shortened ids come back shortened).
std::string_view id_from_id_term(std::string_view term);

// The id term prefix of the records of the feed `feed_id` ("Q<feed id>#"), for ids short enough
// to keep whole. Enumerate a feed's records by feed_term instead.
std::string feed_records_prefix(std::string_view feed_id);

// The boolean term every record of the feed `feed_id` carries (shortened like id_term): its
// posting list is the feed's records, whatever the length of their ids.
std::string feed_term(std::string_view feed_id);

// The metadata key under which the indexer keeps what it knows of the feed `feed_id` (its stamp,
// record count and id), so an unchanged feed is never read again; shortened like id_term (Xapian
// keys have the same limit as terms).
std::string feed_state_key(std::string_view feed_id);

// What every feed_state_key starts with.
std::string_view feed_state_key_prefix();

// The metadata key of the root registry (which id each indexed root gives its articles).
std::string_view roots_key();

// The metadata key holding the id scheme the index was last written with ("2": roots
// registered, feed records carry feed_term); absent in an index built before.
std::string_view id_scheme_key();

// The term that marks a document as an article (as opposed to index bookkeeping).
std::string_view any_article_term();

// Terms for a boolean field value: prefix + case-folded value.
std::string boolean_term(const Field& field, std::string_view value);

// Date terms in Omega's convention (D YYYYMMDD, M YYYYMM, Y YYYY) for an ISO date; empty when
// the date is not valid.
struct DateTerms {
  std::string day, month, year;
};
std::optional<DateTerms> date_terms(std::string_view iso_date);

// "YYYYMMDD" for an ISO date ("YYYY-MM-DD..." or "YYYYMMDD"), or nullopt when it is not a date.
std::optional<std::string> date_value(std::string_view iso_date);

// The kTimestampSlot value of an article: its date's UTC instant (common/dates.h utc_sort_key; a
// date without a time is its midnight, a time without a zone is taken as UTC) then its id; nullopt
// when the date is not valid.
std::optional<std::string> timestamp_value(std::string_view iso_date, std::string_view article_id);

// The slot that --sort date reads in `db`: kTimestampSlot when every dated article has one, else
// (an index written before the slot existed, or only partly re-indexed since) kDateSlot, the day.
Xapian::valueno date_sort_slot(const Xapian::Database& db);

// The word a free-text term stands for, without its field prefix ("Sjapan" -> "japan"), or
// nullopt for terms that are not words (ids, dates, boolean filters).
std::optional<std::string_view> free_text_word(std::string_view term);

// The query field for date ranges over kDateSlot ("date:2025-03").
std::string_view date_field_name();

// The prefix of title words (for `title:`).
std::string_view title_prefix();

// How much a word in the title counts relative to the same word in the body.
inline constexpr Xapian::termcount kTitleWeight = 3;

// Stemming and term generation, identical in indexer and searcher.
Xapian::Stem stemmer();
Xapian::TermGenerator::stem_strategy term_stem_strategy();
Xapian::QueryParser::stem_strategy query_stem_strategy();

// TermGenerator flags (e.g. CJK n-grams) and the QueryParser flags that must match them.
int term_generator_flags();
unsigned query_parser_flags();

// True for a code point that the CJK n-gram flags split into characters and bigrams (Xapian's
// CJK::codepoint_is_cjk as of 1.4.22): what makes "共同" one word of a query and one span of a
// snippet.
bool is_cjk_ngram_char(unsigned code_point);

// Words dropped from queries (outside phrases) because they do not help ranking; the index keeps
// them so phrases still match.
std::span<const std::string_view> stop_words();

// Sets up `parser` with the stop words, the stemmer, stemming strategy, and every field prefix of
// fields(). The caller adds its own processors (dates, wildcards) on top.
void configure_query_parser(Xapian::QueryParser& parser);

// Sets up `generator` with the stemmer, stemming strategy and flags.
void configure_term_generator(Xapian::TermGenerator& generator);

}  // namespace kensaku::schema

#endif  // KENSAKU_COMMON_SCHEMA_H_
