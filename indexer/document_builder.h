// Turns an Article into a Xapian document, through the schema only.
#ifndef KENSAKU_INDEXER_DOCUMENT_BUILDER_H_
#define KENSAKU_INDEXER_DOCUMENT_BUILDER_H_

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/article.h"

namespace kensaku {

// What change detection compares on the next run: the file's size and mtime (cheap, from stat)
// and a hash of its content (decides when only the mtime moved).
struct Signature {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::string content_hash;
};

// A 64-bit content hash as 16 hex digits: stable across runs and machines.
std::string content_hash(std::string_view bytes);

// Reads back the signature stored in `document` (zeros and an empty hash when it has none).
Signature stored_signature(const Xapian::Document& document);

// Writes `signature` into `document`'s values, replacing what was there.
void store_signature(Xapian::Document& document, const Signature& signature);

// The size and mtime stored for every article of an index, read in one sequential pass over
// three value streams (id, size, mtime): a few block reads per thousand articles, where looking
// articles up one at a time costs a B-tree descent for the id term and one per value.
class StoredStamps {
 public:
  struct Entry {
    Xapian::docid docid = 0;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
  };

  explicit StoredStamps(const Xapian::Database& db);

  // The entry of the article `article_id`, or nullptr when the index has no such article.
  const Entry* find(const std::string& article_id) const;

 private:
  std::unordered_map<std::string, Entry> entries_;
};

// Builds documents: title and body as positional free text (title weighted above body), metadata
// as prefixed terms and filters, the date as a sortable value, the signature as values, and every
// field in the document data for the searcher. Reuse one builder for many articles.
class DocumentBuilder {
 public:
  DocumentBuilder();
  Xapian::Document build(const Article& article, const Signature& signature);

 private:
  Xapian::TermGenerator generator_;
  Xapian::Stem stemmer_;
};

}  // namespace kensaku

#endif  // KENSAKU_INDEXER_DOCUMENT_BUILDER_H_
