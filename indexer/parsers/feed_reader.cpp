// JSON Lines news feeds, plain or gzip: streamed line by line through zlib, each line an Article.
#include "indexer/parsers/feed_reader.h"

#include <fcntl.h>
#include <unistd.h>
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
  set_date(normalise_text(record.date), article);  // an unreadable date: a warning
  article.url = clean_text(record.url);
  article.lang = language_tag(record.lang);
  article.tags = clean_list(record.tags);
  article.topics = clean_list(record.topics);
  article.places = clean_list(record.places);
  return true;
}

// The bytes of a feed file: read as they are, or inflated when the file starts with gzip's magic
// bytes (whatever it is called), member after member. It tells a stream read to its end from one
// cut short, corrupt, followed by bytes that are no gzip member, or unreadable, with the byte
// offset of the damage.
class FeedBytes {
 public:
  enum class Status { kOk, kTruncated, kCorrupt, kTrailingGarbage, kReadError };

  explicit FeedBytes(int fd) : fd_(fd), in_(kChunkBytes) {}
  ~FeedBytes() {
    if (inflating_) inflateEnd(&stream_);
  }
  FeedBytes(const FeedBytes&) = delete;
  FeedBytes& operator=(const FeedBytes&) = delete;

  // Up to `size` bytes into `out`; 0 at the end or on damage (see status()).
  std::size_t read(char* out, std::size_t size) {
    if (done_) return 0;
    if (!started_ && !start()) return 0;
    if (!gzip_) {
      if (in_end_ > in_pos_) return take_raw(out, size);
      return fill() ? take_raw(out, size) : 0;
    }
    return inflate_into(out, size);
  }

  Status status() const { return status_; }
  std::uint64_t damage_offset() const { return damage_offset_; }
  const std::string& message() const { return message_; }

 private:
  bool fill() {
    in_pos_ = in_end_ = 0;
    for (;;) {
      const ssize_t n = ::read(fd_, in_.data(), in_.size());
      if (n > 0) {
        in_end_ = static_cast<std::size_t>(n);
        return true;
      }
      if (n == 0) return false;
      if (errno == EINTR) continue;
      return fail(Status::kReadError, std::strerror(errno));
    }
  }

  bool fail(Status status, std::string message) {
    status_ = status;
    damage_offset_ = consumed_ + in_pos_;
    message_ = std::move(message);
    done_ = true;
    return false;
  }

  bool start() {
    started_ = true;
    if (!fill()) {
      done_ = true;
      return false;
    }
    gzip_ = in_end_ >= 2 && static_cast<unsigned char>(in_[0]) == 0x1f &&
            static_cast<unsigned char>(in_[1]) == 0x8b;
    if (gzip_) {
      stream_ = z_stream{};
      if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) {
        return fail(Status::kReadError, "out of memory");
      }
      inflating_ = true;
    }
    return true;
  }

  std::size_t take_raw(char* out, std::size_t size) {
    const std::size_t n = std::min(size, in_end_ - in_pos_);
    std::memcpy(out, in_.data() + in_pos_, n);
    in_pos_ += n;
    if (in_pos_ == in_end_) consumed_ += in_end_;
    return n;
  }

  // Refills the input when it is used up; false at the end of the file (or on a read error).
  bool more_input() {
    if (in_pos_ < in_end_) return true;
    consumed_ += in_end_;
    return fill();
  }

  std::size_t inflate_into(char* out, std::size_t size) {
    stream_.next_out = reinterpret_cast<Bytef*>(out);
    stream_.avail_out = static_cast<uInt>(size);
    while (stream_.avail_out == size) {
      if (!more_input()) {
        if (status_ == Status::kOk) {
          fail(Status::kTruncated, "the gzip stream ends before its end");
        }
        break;
      }
      stream_.next_in = reinterpret_cast<Bytef*>(in_.data() + in_pos_);
      stream_.avail_in = static_cast<uInt>(in_end_ - in_pos_);
      const int rc = inflate(&stream_, Z_NO_FLUSH);
      in_pos_ = in_end_ - stream_.avail_in;
      if (rc == Z_STREAM_END) {
        if (!next_member()) break;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        fail(Status::kCorrupt, stream_.msg ? stream_.msg : "corrupt gzip data");
        break;
      }
    }
    return size - stream_.avail_out;
  }

  // After a member's end: another member (gzip files may be concatenated), the end of the file,
  // or bytes that are not gzip (damage: a tail cannot be told from the start of a lost member).
  bool next_member() {
    if (!more_input()) {
      done_ = true;  // the end of the file, or a read error more_input() recorded
      return false;
    }
    const bool magic =
        static_cast<unsigned char>(in_[in_pos_]) == 0x1f &&
        (in_pos_ + 1 >= in_end_ || static_cast<unsigned char>(in_[in_pos_ + 1]) == 0x8b);
    if (!magic) return fail(Status::kTrailingGarbage, "bytes after the gzip stream are not gzip");
    inflateReset(&stream_);
    return true;
  }

  int fd_;
  std::vector<char> in_;
  std::size_t in_pos_ = 0, in_end_ = 0;
  std::uint64_t consumed_ = 0;  // bytes of the file before in_
  bool started_ = false, gzip_ = false, inflating_ = false, done_ = false;
  z_stream stream_{};
  Status status_ = Status::kOk;
  std::uint64_t damage_offset_ = 0;
  std::string message_;
};

// Lines of a feed file. Lines are handed out as views into a reused chunk buffer; only a line
// that straddles two chunks is copied.
class LineReader {
 public:
  explicit LineReader(int fd) : bytes_(fd), chunk_(kChunkBytes) {}

  // The next line without its line break; false at the end of the input or on damage (see
  // bytes()). An over-long line comes back as `oversized` with its contents dropped. The partial
  // line a damaged stream ends in is dropped: there is no telling whether it was complete.
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
      const std::size_t read = bytes_.read(chunk_.data(), chunk_.size());
      if (read > 0) {
        end_ = read;
        continue;
      }
      if (bytes_.status() != FeedBytes::Status::kOk) return false;
      if (carry_.empty() && !oversized_) return false;
      line = carry_;  // the last line, without a line break
      oversized = oversized_;
      return true;
    }
  }

  const FeedBytes& bytes() const { return bytes_; }

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

  FeedBytes bytes_;
  std::vector<char> chunk_;
  std::size_t start_ = 0;
  std::size_t end_ = 0;
  std::string carry_;
  bool oversized_ = false;
};

// The one error a damaged stream ends with, naming the last line read and the byte offset.
std::string damage_reason(const FeedBytes& bytes, long line_number) {
  const std::string after = " after line " + std::to_string(line_number);
  const std::string at = " (byte " + std::to_string(bytes.damage_offset()) + ")";
  switch (bytes.status()) {
    case FeedBytes::Status::kTruncated:
      return "truncated gzip stream" + after + at;
    case FeedBytes::Status::kTrailingGarbage:
      return "unreadable data after the gzip stream" + after + at + ": " + bytes.message();
    case FeedBytes::Status::kCorrupt:
    case FeedBytes::Status::kReadError:
      return "read error" + after + at + ": " + bytes.message();
    case FeedBytes::Status::kOk:
      break;
  }
  return {};
}

}  // namespace

FeedRead read_feed(const std::string& path, std::string_view feed_id,
                   const std::function<void(Article&&, long line)>& on_article,
                   const std::function<void(const InputError&)>& on_error) {
  FeedRead result;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    on_error(InputError(path, std::string("cannot open feed: ") + std::strerror(errno)));
    return result;
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};

  LineReader reader(fd);
  long line_number = 0;
  std::string_view line;
  bool oversized = false;
  std::string reason;
  RecordReader record;
  bool every_line_read = true;
  while (reader.next(line, oversized)) {
    ++line_number;
    if (line_number == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    if (oversized) {
      every_line_read = false;
      on_error(InputError(path, "line is longer than 64 MiB", line_number));
      continue;
    }
    if (trim(line).empty()) continue;
    Article article;
    if (parse_record(line, line_number, feed_id, path, record, article, reason)) {
      on_article(std::move(article), line_number);
    } else {
      every_line_read = false;
      on_error(InputError(path, reason, line_number));
    }
  }
  result.lines = line_number;
  if (reader.bytes().status() != FeedBytes::Status::kOk) {
    on_error(InputError(path, damage_reason(reader.bytes(), line_number), line_number));
  } else {
    result.complete = every_line_read;
  }
  return result;
}

long read_feed(const std::string& path, std::string_view feed_id,
               const std::function<void(Article&&)>& on_article,
               const std::function<void(const InputError&)>& on_error) {
  return read_feed(
             path, feed_id, [&](Article&& article, long) { on_article(std::move(article)); },
             on_error)
      .lines;
}

bool is_feed_path(std::string_view path) {
  for (const std::string_view extension : {".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"}) {
    if (ends_with_ignoring_case(path, extension)) return true;
  }
  return false;
}

}  // namespace kensaku
