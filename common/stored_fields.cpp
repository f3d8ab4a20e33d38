// Document data: a versioned, tagged, length-prefixed record of an article's fields.
#include "common/stored_fields.h"

#include <cstdint>

#include "kensaku/error.h"

namespace kensaku {
namespace {

constexpr char kFormatVersion = 1;

// Tags are part of the on-disk format: never reuse a number.
enum Tag : unsigned char {
  kId = 1,
  kPath = 2,
  kTitle = 3,
  kBody = 4,
  kSource = 5,
  kAuthor = 6,
  kDate = 7,
  kUrl = 8,
  kLang = 9,
  kTag = 10,
  kTopic = 11,
  kPlace = 12,
  kTitleDerived = 13,  // "1" when the title was derived from the text; absent otherwise
};

void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

void put_field(std::string& out, Tag tag, const std::string& value) {
  if (value.empty()) return;
  out += static_cast<char>(tag);
  put_varint(out, value.size());
  out += value;
}

class Reader {
 public:
  Reader(std::string_view data, std::string_view context) : data_(data), context_(context) {}

  bool done() const { return pos_ >= data_.size(); }

  unsigned char byte() {
    if (pos_ >= data_.size()) corrupt("record ends early");
    return static_cast<unsigned char>(data_[pos_++]);
  }

  std::uint64_t varint() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      unsigned char b = byte();
      value |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return value;
    }
    corrupt("bad length");
  }

  std::string_view bytes(std::uint64_t n) {
    if (n > data_.size() - pos_) corrupt("field runs past the record");
    std::string_view out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }

  [[noreturn]] void corrupt(const std::string& what) const {
    // No index path is known here: the hint names the check without one that would not work.
    throw IndexCorruptError("document " + std::string(context_), "stored fields: " + what,
                            "its document data is damaged: run 'kensaku-index --db DIR --check' "
                            "on the index directory, or rebuild the index");
  }

 private:
  std::string_view data_;
  std::string_view context_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string encode_stored_fields(const Article& a) {
  std::string out;
  out.reserve(a.body.size() + a.title.size() + a.id.size() + a.path.size() + 64);
  out += kFormatVersion;
  put_field(out, kId, a.id);
  put_field(out, kPath, a.path);
  put_field(out, kTitle, a.title);
  if (a.title_derived) put_field(out, kTitleDerived, "1");
  put_field(out, kSource, a.source);
  put_field(out, kAuthor, a.author);
  put_field(out, kDate, a.date);
  put_field(out, kUrl, a.url);
  put_field(out, kLang, a.lang);
  for (const auto& v : a.tags) put_field(out, kTag, v);
  for (const auto& v : a.topics) put_field(out, kTopic, v);
  for (const auto& v : a.places) put_field(out, kPlace, v);
  put_field(out, kBody, a.body);
  return out;
}

Article decode_stored_fields(std::string_view data, std::string_view context) {
  Reader reader(data, context);
  if (reader.done()) reader.corrupt("empty record");
  if (reader.byte() != kFormatVersion) reader.corrupt("unknown record version");
  Article a;
  while (!reader.done()) {
    unsigned char tag = reader.byte();
    std::string value(reader.bytes(reader.varint()));
    switch (tag) {
      case kId:
        a.id = std::move(value);
        break;
      case kPath:
        a.path = std::move(value);
        break;
      case kTitle:
        a.title = std::move(value);
        break;
      case kBody:
        a.body = std::move(value);
        break;
      case kSource:
        a.source = std::move(value);
        break;
      case kAuthor:
        a.author = std::move(value);
        break;
      case kDate:
        a.date = std::move(value);
        break;
      case kUrl:
        a.url = std::move(value);
        break;
      case kLang:
        a.lang = std::move(value);
        break;
      case kTag:
        a.tags.push_back(std::move(value));
        break;
      case kTopic:
        a.topics.push_back(std::move(value));
        break;
      case kPlace:
        a.places.push_back(std::move(value));
        break;
      case kTitleDerived:
        a.title_derived = value == "1";
        break;
      default:
        break;  // a field from a newer writer: skip it
    }
  }
  return a;
}

}  // namespace kensaku
