// Xapian WritableDatabase behind Kensaku's errors.
#include "indexer/index_writer.h"

#include "common/xapian_errors.h"

namespace kensaku {
namespace {

Xapian::WritableDatabase open_writable(const std::string& location, bool create) {
  try {
    return Xapian::WritableDatabase(location,
                                    create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN);
  } catch (const Xapian::Error& e) {
    rethrow_as_kensaku_error(e, location);
  }
}

}  // namespace

IndexWriter::IndexWriter(const std::string& location, bool create)
    : location_(location), db_(open_writable(location, create)) {}

std::optional<Xapian::docid> IndexWriter::find(const std::string& id_term) const {
  try {
    Xapian::PostingIterator it = db_.postlist_begin(id_term);
    if (it == db_.postlist_end(id_term)) return std::nullopt;
    return *it;
  } catch (const Xapian::Error& e) {
    rethrow_as_kensaku_error(e, location_);
  }
}

Xapian::Document IndexWriter::document(Xapian::docid id) const {
  try {
    return db_.get_document(id);
  } catch (const Xapian::Error& e) {
    rethrow_as_kensaku_error(e, location_);
  }
}

void IndexWriter::put(const std::string& id_term, const Xapian::Document& document) {
  try {
    db_.replace_document(id_term, document);
  } catch (const Xapian::Error& e) {
    rethrow_as_kensaku_error(e, location_);
  }
}

void IndexWriter::replace(Xapian::docid id, const Xapian::Document& document) {
  try {
    db_.replace_document(id, document);
  } catch (const Xapian::Error& e) {
    rethrow_as_kensaku_error(e, location_);
  }
}

void IndexWriter::remove(const std::string& id_term) {
  try {
    db_.delete_document(id_term);
  } catch (const Xapian::Error& e) {
    rethrow_as_kensaku_error(e, location_);
  }
}

void IndexWriter::commit() {
  try {
    db_.commit();
  } catch (const Xapian::Error& e) {
    rethrow_as_kensaku_error(e, location_);
  }
}

}  // namespace kensaku
