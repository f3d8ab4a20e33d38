// The document data layout: what the indexer stores with each article so the searcher never reads
// the corpus files.
#ifndef KENSAKU_COMMON_STORED_FIELDS_H_
#define KENSAKU_COMMON_STORED_FIELDS_H_

#include <string>
#include <string_view>

#include "common/article.h"

namespace kensaku {

// Encodes every field of `article` (body included) as Xapian document data. The layout is a
// version byte followed by tagged, length-prefixed fields, so a newer reader can skip fields it
// does not know and an older index stays readable.
std::string encode_stored_fields(const Article& article);

// Decodes document data written by encode_stored_fields. Throws IndexCorruptError (naming
// `context`, e.g. the article's document id) when the data is damaged.
Article decode_stored_fields(std::string_view data, std::string_view context = {});

}  // namespace kensaku

#endif  // KENSAKU_COMMON_STORED_FIELDS_H_
