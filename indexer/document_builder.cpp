// Article -> Xapian::Document: terms, values and stored fields, all named by the schema.
#include "indexer/document_builder.h"

#include <cstdio>
#include <unordered_map>
#include <utility>

#include "common/compounds.h"
#include "common/schema.h"
#include "common/stored_fields.h"

namespace kensaku {
namespace {

// Keeps a phrase from matching across the end of one field and the start of the next.
constexpr Xapian::termpos kFieldGap = 100;

// Exact 64-bit big-endian: sortable_serialise's double would round nanosecond mtimes.
std::string encode_u64(std::uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) out[i] = static_cast<char>(v & 0xFF);
  return out;
}

std::uint64_t decode_u64(const std::string& s) {
  std::uint64_t v = 0;
  for (unsigned char c : s) v = (v << 8) | c;
  return v;
}

std::string join_lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += '\n';
    out += item;
  }
  return out;
}

// Memoises the stemmer: Snowball's English stemmer was 15% of a build, and news text repeats its
// words (21,578 Reuters articles: 2.4 million words, 60,000 distinct). The cache is emptied when
// it reaches kStemCacheLimit words, so a pathological vocabulary cannot grow it without bound.
constexpr std::size_t kStemCacheLimit = 1 << 17;

class StemCache : public Xapian::StemImplementation {
 public:
  explicit StemCache(Xapian::Stem stem) : stem_(std::move(stem)) {}

  std::string operator()(const std::string& word) override {
    auto it = stems_.find(word);
    if (it != stems_.end()) return it->second;
    if (stems_.size() >= kStemCacheLimit) stems_.clear();
    return stems_.emplace(word, stem_(word)).first->second;
  }

  std::string get_description() const override { return stem_.get_description(); }

 private:
  Xapian::Stem stem_;
  std::unordered_map<std::string, std::string> stems_;
};

// A title derived from the body's first sentence is already indexed as body text: indexing it
// again, as title words, would rank titleless articles up for their opening words.
bool title_repeats_body(const Article& article) {
  std::string_view title = article.title;
  if (title.ends_with("\u2026")) title.remove_suffix(std::string_view("\u2026").size());
  return article.title_derived && std::string_view(article.body).starts_with(title);
}

}  // namespace

std::string content_hash(std::string_view bytes) {
  // FNV-1a over 64 bits, two lanes interleaved to halve the dependency chain.
  std::uint64_t a = 14695981039346656037ull, b = 0x9E3779B97F4A7C15ull;
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    a = (a ^ static_cast<unsigned char>(bytes[i])) * 1099511628211ull;
    b = (b ^ static_cast<unsigned char>(bytes[i + 1])) * 1099511628211ull;
  }
  if (i < bytes.size()) a = (a ^ static_cast<unsigned char>(bytes[i])) * 1099511628211ull;
  std::uint64_t h = a ^ (b * 0xC2B2AE3D27D4EB4Full) ^ bytes.size();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

Signature stored_signature(const Xapian::Document& document) {
  Signature sig;
  sig.size = decode_u64(document.get_value(schema::kSizeSlot));
  sig.mtime_ns = static_cast<std::int64_t>(decode_u64(document.get_value(schema::kMtimeSlot)));
  sig.content_hash = document.get_value(schema::kHashSlot);
  return sig;
}

void store_signature(Xapian::Document& document, const Signature& signature) {
  document.add_value(schema::kSizeSlot, encode_u64(signature.size));
  document.add_value(schema::kMtimeSlot,
                     encode_u64(static_cast<std::uint64_t>(signature.mtime_ns)));
  if (!signature.content_hash.empty())
    document.add_value(schema::kHashSlot, signature.content_hash);
}

StoredStamps::StoredStamps(const Xapian::Database& db) {
  entries_.reserve(db.get_doccount());
  const Xapian::ValueIterator end;
  Xapian::ValueIterator size = db.valuestream_begin(schema::kSizeSlot);
  Xapian::ValueIterator mtime = db.valuestream_begin(schema::kMtimeSlot);
  for (Xapian::ValueIterator id = db.valuestream_begin(schema::kIdSlot); id != end; ++id) {
    Entry entry;
    entry.docid = id.get_docid();
    // Every article has all three values, so the streams advance together; skip_to only guards
    // against a document without some of them (it then reads as zero, as stored_signature does).
    if (size != end && size.get_docid() < entry.docid) size.skip_to(entry.docid);
    if (size != end && size.get_docid() == entry.docid) entry.size = decode_u64(*size);
    if (mtime != end && mtime.get_docid() < entry.docid) mtime.skip_to(entry.docid);
    if (mtime != end && mtime.get_docid() == entry.docid) {
      entry.mtime_ns = static_cast<std::int64_t>(decode_u64(*mtime));
    }
    entries_.emplace(*id, entry);
  }
}

const StoredStamps::Entry* StoredStamps::find(const std::string& article_id) const {
  auto it = entries_.find(article_id);
  return it == entries_.end() ? nullptr : &it->second;
}

DocumentBuilder::DocumentBuilder() : stemmer_(new StemCache(schema::stemmer())) {
  schema::configure_term_generator(generator_);
  generator_.set_stemmer(stemmer_);  // the schema's stemmer, memoised
}

Xapian::Document DocumentBuilder::build(const Article& article, const Signature& signature) {
  Xapian::Document doc;
  generator_.set_document(doc);

  // Free text: the title counts kTitleWeight times a body word, and is also searchable alone.
  const bool index_title = !article.title.empty() && !title_repeats_body(article);
  if (index_title) {
    generator_.index_text(article.title, schema::kTitleWeight);
    generator_.index_text(article.title, 1, std::string(schema::title_prefix()));
    generator_.increase_termpos(kFieldGap);
  }
  generator_.index_text(article.body);
  // Hyphenated words also as readers write them joined (SM-6 -> sm6), at the same positions.
  // One pass over both texts: the position scan finds a compound wherever it stands.
  if (!index_title) {
    add_compound_terms(doc, article.body, stemmer_);
  } else {
    add_compound_terms(doc, article.title + "\n" + article.body, stemmer_);
    add_compound_terms(doc, article.title, stemmer_, schema::title_prefix());
  }

  for (const schema::Field& field : schema::fields()) {
    const std::string* text = nullptr;
    const std::vector<std::string>* list = nullptr;
    if (field.name == "author") text = &article.author;
    if (field.name == "source") text = &article.source;
    if (field.name == "lang") text = &article.lang;
    if (field.name == "topic") list = &article.topics;
    if (field.name == "place") list = &article.places;
    if (field.name == "tag") list = &article.tags;
    if (field.kind == schema::FieldKind::kFreeText && text && !text->empty()) {
      generator_.increase_termpos(kFieldGap);
      generator_.index_text(*text, 1, std::string(field.prefix));
    }
    if (field.kind == schema::FieldKind::kBoolean) {
      if (text && !text->empty()) doc.add_boolean_term(schema::boolean_term(field, *text));
      if (list) {
        for (const auto& value : *list) doc.add_boolean_term(schema::boolean_term(field, value));
      }
    }
    if (field.facet_slot != Xapian::BAD_VALUENO) {
      std::string facet = text ? *text : (list ? join_lines(*list) : std::string());
      if (!facet.empty()) doc.add_value(field.facet_slot, facet);
    }
  }

  doc.add_boolean_term(schema::id_term(article.id));
  doc.add_boolean_term(std::string(schema::any_article_term()));
  if (auto terms = schema::date_terms(article.date)) {
    doc.add_boolean_term(terms->day);
    doc.add_boolean_term(terms->month);
    doc.add_boolean_term(terms->year);
    std::string value = *schema::date_value(article.date);
    doc.add_value(schema::kDateSlot, value);
    doc.add_value(schema::kYearSlot, value.substr(0, 4));
    if (auto timestamp = schema::timestamp_value(article.date, article.id)) {
      doc.add_value(schema::kTimestampSlot, *timestamp);
    }
  }
  doc.add_value(schema::kIdSlot, article.id);
  store_signature(doc, signature);
  doc.set_data(encode_stored_fields(article));
  return doc;
}

}  // namespace kensaku
