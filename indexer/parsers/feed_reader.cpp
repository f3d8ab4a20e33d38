// JSON Lines news feeds, plain or gzip: streamed line by line through zlib, each line an Article.
#include "indexer/parsers/feed_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "common/text_normaliser.h"
#include "indexer/parsers/metadata_values.h"

namespace kensaku {
namespace {

using json = nlohmann::json;

// Big enough that gzread is called rarely, small enough to stay in cache.
constexpr std::size_t kChunkBytes = 256 * 1024;

// No news record comes near this; a longer "line" is a file that is not JSON Lines (a JSON array
// dumped on one line, a binary file), and holding it whole would defeat streaming.
constexpr std::size_t kMaxLineBytes = 64 * 1024 * 1024;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// NFKC can turn exotic spaces at the edges into ASCII ones, so trim once more afterwards.
std::string clean_text(std::string_view raw) {
  std::string text = normalise_text(trim(raw));
  const std::string_view trimmed = trim(text);
  if (trimmed.size() != text.size()) {
    text = std::string(trimmed);
  }
  return text;
}

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), text.end() - suffix.size(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
}

// The members of a record that an Article has a place for.
enum class Member {
  kOther,
  kId,
  kTitle,
  kBody,
  kText,
  kSource,
  kAuthor,
  kDate,
  kUrl,
  kLang,
  kTags,
  kTopics,
  kPlaces
};

Member member_named(std::string_view key) {
  static constexpr std::pair<std::string_view, Member> kMembers[] = {
      {"id", Member::kId},         {"title", Member::kTitle},   {"body", Member::kBody},
      {"text", Member::kText},     {"source", Member::kSource}, {"author", Member::kAuthor},
      {"date", Member::kDate},     {"url", Member::kUrl},       {"lang", Member::kLang},
      {"tags", Member::kTags},     {"keywords", Member::kTags}, {"topics", Member::kTopics},
      {"places", Member::kPlaces},
  };
  for (const auto& [name, member] : kMembers) {
    if (name == key) return member;
  }
  return Member::kOther;
}

bool is_list(Member member) {
  return member == Member::kTags || member == Member::kTopics || member == Member::kPlaces;
}

// nlohmann's message repeats "line 1" (it sees one line at a time) and echoes the last token,
// which may be a whole article body; keep only the part that says what is wrong.
std::string describe_parse_error(std::size_t position, std::string_view message) {
  const std::size_t column = message.find("column ");
  if (column != std::string_view::npos) {
    const std::size_t colon = message.find(": ", column);
    if (colon != std::string_view::npos) message.remove_prefix(colon + 2);
  }
  message = message.substr(0, message.find("; last read"));
  return "not valid JSON (at byte " + std::to_string(position) + "): " + std::string(message);
}

// One record, taken straight from nlohmann's SAX events: feeds carry many members an Article has
// no place for (Reuters: people, orgs, lewissplit...), and building a DOM for them was most of
// the cost of reading a feed. The raw strings are kept in members reused from line to line.
class RecordReader {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  // Reads `line`; false (with error()) when it is not valid JSON or not a JSON object.
  bool read(std::string_view line) {
    for (std::string* field : {&id, &title, &body, &text, &source, &author, &date, &url, &lang}) {
      field->clear();
    }
    for (std::vector<std::string>* list : {&tags, &topics, &places}) list->clear();
    depth_ = 0;
    member_ = Member::kOther;
    list_ = nullptr;
    error_.clear();
    return json::sax_parse(line.begin(), line.end(), this) && error_.empty();
  }

  const std::string& error() const { return error_; }

  std::string id, title, body, text, source, author, date, url, lang;
  std::vector<std::string> tags, topics, places;  // raw items; "a, b" strings not yet split

  // The SAX interface (see nlohmann::json_sax); returning false stops the parse.
  bool null() { return scalar("null"); }
  bool boolean(bool) { return scalar("a boolean"); }
  bool number_integer(number_integer_t value) { return number(std::to_string(value)); }
  bool number_unsigned(number_unsigned_t value) { return number(std::to_string(value)); }
  bool number_float(number_float_t, const string_t& literal) { return number(literal); }
  bool binary(binary_t&) { return scalar("binary"); }

  bool string(string_t& value) {
    if (depth_ == 0) return not_an_object("a string");
    if (depth_ == 2 && list_ != nullptr) {
      list_->push_back(value);
    } else if (depth_ == 1) {
      if (is_list(member_)) {
        list_of(member_).push_back(value);
      } else if (std::string* field = text_field(member_)) {
        *field = value;
      }
    }
    return true;
  }

  bool start_object(std::size_t) {
    ++depth_;
    return true;
  }
  bool end_object() {
    --depth_;
    return true;
  }
  bool key(string_t& name) {
    if (depth_ == 1) member_ = member_named(name);
    return true;
  }
  bool start_array(std::size_t) {
    if (depth_ == 0) return not_an_object("an array");
    if (depth_ == 1 && is_list(member_)) list_ = &list_of(member_);
    ++depth_;
    return true;
  }
  bool end_array() {
    if (--depth_ == 1) list_ = nullptr;
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    error_ = describe_parse_error(position, e.what());
    return false;
  }

 private:
  bool not_an_object(std::string_view what) {
    error_ = "line is " + std::string(what) + ", not a JSON object";
    return false;
  }

  bool scalar(std::string_view what) { return depth_ == 0 ? not_an_object(what) : true; }

  bool number(std::string_view literal) {
    if (depth_ == 0) return not_an_object("a number");
    if (depth_ == 1 && member_ == Member::kId) id = literal;
    return true;
  }

  std::string* text_field(Member member) {
    switch (member) {
      case Member::kId:
        return &id;
      case Member::kTitle:
        return &title;
      case Member::kBody:
        return &body;
      case Member::kText:
        return &text;
      case Member::kSource:
        return &source;
      case Member::kAuthor:
        return &author;
      case Member::kDate:
        return &date;
      case Member::kUrl:
        return &url;
      case Member::kLang:
        return &lang;
      default:
        return nullptr;
    }
  }

  std::vector<std::string>& list_of(Member member) {
    return member == Member::kTags ? tags : member == Member::kTopics ? topics : places;
  }

  int depth_ = 0;  // 1 inside the record object, 2 inside one of its arrays or objects, ...
  Member member_ = Member::kOther;
  std::vector<std::string>* list_ = nullptr;  // the list field whose array is being read
  std::string error_;
};

void add_list_item(std::string_view raw, std::vector<std::string>& list) {
  if (trim(raw).empty()) return;
  std::string item = clean_text(raw);
  if (!item.empty() && std::find(list.begin(), list.end(), item) == list.end()) {
    list.push_back(std::move(item));
  }
}

// List items come from ["a", "b"] or from "a, b"; both may be mixed in one record.
std::vector<std::string> clean_list(const std::vector<std::string>& raw_items) {
  std::vector<std::string> list;
  for (std::string_view rest : raw_items) {
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      add_list_item(rest.substr(0, comma), list);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return list;
}

// Turns one line into an Article; false (with `reason`) when the line is not a usable record.
bool parse_record(std::string_view line, long line_number, std::string_view feed_id,
                  const std::string& path, RecordReader& record, Article& article,
                  std::string& reason) {
  if (!record.read(line)) {
    reason = record.error();
    return false;
  }
  article.title = clean_text(record.title);
  article.body = clean_text(record.body);
  if (article.body.empty()) article.body = clean_text(record.text);
  // A record with an id but no text is still a record of the feed (Reuters keeps such "UNPROC"
  // stories, with their date and source), so it is indexed; without an id it is not a record.
  if (article.title.empty() && article.body.empty() && trim(record.id).empty()) {
    reason = "record has no id, no title and no body";
    return false;
  }
  // A record without a usable id is named by its line, as the header promises; "line-" keeps it
  // apart from a record whose id is that number.
  const std::string line_id = trim(record.id).empty() ? "line-" + std::to_string(line_number) : "";
  article.id.reserve(feed_id.size() + 1 + record.id.size() + line_id.size());
  article.id.append(feed_id).append("#").append(line_id.empty() ? record.id : line_id);
  article.path = path;
  article.source = clean_text(record.source);
  article.author = clean_text(record.author);
  article.date = iso_date(normalise_text(record.date));
  article.url = clean_text(record.url);
  article.lang = language_tag(record.lang);
  article.tags = clean_list(record.tags);
  article.topics = clean_list(record.topics);
  article.places = clean_list(record.places);
  return true;
}

struct GzFileCloser {
  void operator()(gzFile_s* file) const { gzclose(file); }
};
using GzFile = std::unique_ptr<gzFile_s, GzFileCloser>;

// Lines of a file through zlib, which inflates gzip (recognised by its magic bytes, whatever the
// file is called) and passes anything else through unchanged. Lines are handed out as views into
// a reused chunk buffer; only a line that straddles two chunks is copied.
class LineReader {
 public:
  enum class Status { kOk, kTruncated, kReadError };

  explicit LineReader(gzFile file) : file_(file), chunk_(kChunkBytes) {}

  // The next line without its line break; false at the end of the input or on an error (see
  // status()). An over-long line comes back as `oversized` with its contents dropped.
  bool next(std::string_view& line, bool& oversized) {
    carry_.clear();
    oversized_ = false;
    for (;;) {
      const char* begin = chunk_.data() + start_;
      const char* newline = static_cast<const char*>(std::memchr(begin, '\n', end_ - start_));
      if (newline != nullptr) {
        const std::size_t length = static_cast<std::size_t>(newline - begin);
        start_ += length + 1;
        if (carry_.empty() && !oversized_) {
          line = std::string_view(begin, length);
        } else {
          keep(begin, length);
          line = carry_;
        }
        oversized = oversized_;
        return true;
      }
      keep(begin, end_ - start_);
      start_ = end_ = 0;
      const int read = gzread(file_, chunk_.data(), static_cast<unsigned>(chunk_.size()));
      if (read > 0) {
        end_ = static_cast<std::size_t>(read);
        continue;
      }
      int error = Z_OK;
      const char* message = gzerror(file_, &error);
      if (read < 0 || (error != Z_OK && error != Z_BUF_ERROR)) {
        status_ = Status::kReadError;
        error_message_ = error == Z_ERRNO ? std::strerror(errno) : message;
        return false;
      }
      if (error == Z_BUF_ERROR) {
        // zlib's "unexpected end of file": the stream stopped mid-member. The partial last line
        // is dropped: there is no telling whether it was complete.
        status_ = Status::kTruncated;
        return false;
      }
      if (carry_.empty() && !oversized_) return false;
      line = carry_;
      oversized = oversized_;
      return true;
    }
  }

  Status status() const { return status_; }
  const std::string& error_message() const { return error_message_; }

 private:
  void keep(const char* data, std::size_t length) {
    if (oversized_) return;
    if (carry_.size() + length > kMaxLineBytes) {
      oversized_ = true;
      carry_.clear();
      carry_.shrink_to_fit();
      return;
    }
    carry_.append(data, length);
  }

  gzFile file_;
  std::vector<char> chunk_;
  std::size_t start_ = 0;
  std::size_t end_ = 0;
  std::string carry_;
  bool oversized_ = false;
  Status status_ = Status::kOk;
  std::string error_message_;
};

}  // namespace

long read_feed(const std::string& path, std::string_view feed_id,
               const std::function<void(Article&&)>& on_article,
               const std::function<void(const InputError&)>& on_error) {
  errno = 0;
  GzFile file(gzopen(path.c_str(), "rb"));
  if (!file) {
    on_error(InputError(path, std::string("cannot open feed: ") +
                                  (errno != 0 ? std::strerror(errno) : "out of memory")));
    return 0;
  }
  gzbuffer(file.get(), kChunkBytes);

  LineReader reader(file.get());
  long line_number = 0;
  std::string_view line;
  bool oversized = false;
  std::string reason;
  RecordReader record;
  while (reader.next(line, oversized)) {
    ++line_number;
    if (line_number == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    if (oversized) {
      on_error(InputError(path, "line is longer than 64 MiB", line_number));
      continue;
    }
    if (trim(line).empty()) continue;
    Article article;
    if (parse_record(line, line_number, feed_id, path, record, article, reason)) {
      on_article(std::move(article));
    } else {
      on_error(InputError(path, reason, line_number));
    }
  }
  switch (reader.status()) {
    case LineReader::Status::kOk:
      break;
    case LineReader::Status::kTruncated:
      on_error(InputError(path, "truncated gzip stream after line " + std::to_string(line_number),
                          line_number));
      break;
    case LineReader::Status::kReadError:
      on_error(InputError(
          path,
          "read error after line " + std::to_string(line_number) + ": " + reader.error_message(),
          line_number));
      break;
  }
  return line_number;
}

bool is_feed_path(std::string_view path) {
  for (const std::string_view extension : {".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"}) {
    if (ends_with_ignoring_case(path, extension)) return true;
  }
  return false;
}

}  // namespace kensaku
