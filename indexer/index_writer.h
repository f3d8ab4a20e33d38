// The one writer of an index: opens it under Xapian's write lock, puts and removes articles, commits.
#ifndef KENSAKU_INDEXER_INDEX_WRITER_H_
#define KENSAKU_INDEXER_INDEX_WRITER_H_

#include <xapian.h>

#include <optional>
#include <string>

namespace kensaku {

class IndexWriter {
 public:
  // Opens the index at `location`, creating it when `create` is true and it does not exist.
  // Throws IndexLockedError when another writer holds it, IndexNotFoundError when it does not
  // exist and `create` is false, IndexCorruptError when it cannot be read.
  IndexWriter(const std::string& location, bool create);

  // The document stored under `id_term`, if any.
  std::optional<Xapian::docid> find(const std::string& id_term) const;
  Xapian::Document document(Xapian::docid id) const;

  // Adds or replaces the article identified by `id_term`.
  void put(const std::string& id_term, const Xapian::Document& document);
  void replace(Xapian::docid id, const Xapian::Document& document);

  // Removes the article identified by `id_term`, if present.
  void remove(const std::string& id_term);

  // Makes everything put so far durable and visible to searchers, atomically.
  void commit();

  Xapian::WritableDatabase& database() { return db_; }
  const std::string& location() const { return location_; }

 private:
  std::string location_;
  Xapian::WritableDatabase db_;
};

}  // namespace kensaku

#endif  // KENSAKU_INDEXER_INDEX_WRITER_H_
