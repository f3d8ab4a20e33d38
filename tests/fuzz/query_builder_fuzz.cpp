// libFuzzer target: the query builder must read any text (mixed scripts, operators, fields) without
// an exception other than UsageError, and within the documented limits.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "common/schema.h"
#include "common/text_normaliser.h"
#include "kensaku/error.h"
#include "searcher/query_builder.h"
#include "searcher/query_text.h"

namespace {

// A small in-memory index with English, CJK, compound and field terms, so that wildcards,
// spelling candidates and CJK n-grams all have something to meet.
Xapian::Database& database() {
  static Xapian::WritableDatabase db = [] {
    Xapian::WritableDatabase out(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::TermGenerator generator;
    kensaku::schema::configure_term_generator(generator);
    for (const char* text :
         {"Japan and the United States agree on SM-6 missile co-production",
          "\xE7\xBE\x8E\xE6\x97\xA5\xE5\x90\x8C\xE7\x9B\x9F joint force headquarters in Tokyo",
          "oil prices rose as OPEC cut output; crude traded near 18 dollars"}) {
      Xapian::Document doc;
      generator.set_document(doc);
      generator.index_text(text);
      generator.index_text(text, 1, std::string(kensaku::schema::title_prefix()));
      doc.add_boolean_term(std::string(kensaku::schema::any_article_term()));
      out.add_document(doc);
    }
    out.commit();
    return out;
  }();
  return db;
}

std::size_t distinct_terms(const Xapian::Query& query) {
  std::set<std::string> terms(query.get_terms_begin(), query.get_terms_end());
  return terms.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static kensaku::QueryBuilder builder(database());
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const std::string prepared = kensaku::prepare_query_text(kensaku::normalise_text(text)).text;
    // The cut text plus a bracket pair per CJK run and a space per script boundary or exclusion.
    if (prepared.size() > 4 * kensaku::kMaxQueryBytes) __builtin_trap();
    kensaku::BuiltQuery built = builder.build(text);
    if (built.words.size() > kensaku::kMaxQueryWords) __builtin_trap();
    // A word is at most a character and a bigram, or a compound's parts and its joined form;
    // each wildcard up to kMaxWildcardExpansion words.
    if (distinct_terms(built.query) >
        4 * kensaku::kMaxQueryWords + kensaku::kMaxQueryFilters +
            kensaku::kMaxQueryWildcards * kensaku::kMaxWildcardExpansion)
      __builtin_trap();
  } catch (const kensaku::UsageError&) {
    // Text without a word, or a date:/lang: value that is not one.
  }
  return 0;
}
