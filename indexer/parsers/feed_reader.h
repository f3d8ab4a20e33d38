// JSON Lines news feeds, plain or gzip-compressed: one article per line.
#ifndef KENSAKU_INDEXER_PARSERS_FEED_READER_H_
#define KENSAKU_INDEXER_PARSERS_FEED_READER_H_

#include <functional>
#include <string>
#include <string_view>

#include "common/article.h"
#include "kensaku/error.h"

namespace kensaku {

// Reads the feed at `path` (".jsonl", or ".jsonl.gz" / gzip magic bytes: decompressed while
// streaming, never all in memory). Each line is a JSON object with "id" (string or number),
// "title", "body" (or "text"), "source", "author", "date", "url", "lang", and list fields "tags",
// "topics", "places" (arrays of strings, or one comma-separated string; "keywords" adds to the
// tags). Dates keep the valid ISO 8601 date prefix as written, without fraction or zone
// ("1987-02-26T15:01:01.790" -> "1987-02-26T15:01:01", "2024-03-06 09:15" ->
// "2024-03-06T09:15:00"); anything else leaves the date empty. Article ids are
// `feed_id + "#" + <record id>`; a line without an id is "line-" and its number, which no numeric
// record id can take. Blank lines are skipped. A line that is not a JSON object, or has no id, no
// title and no body, goes to `on_error` as an InputError naming the path and line, and reading
// goes on. A truncated gzip stream or a read error goes to `on_error` once (line 0 or the last
// line read, with the byte offset) and ends the feed; the partial line a damaged stream ends in is
// dropped. Gzip members may be concatenated; bytes after the last member that are not one are
// damage too. Returns the number of lines read.
long read_feed(const std::string& path, std::string_view feed_id,
               const std::function<void(Article&&)>& on_article,
               const std::function<void(const InputError&)>& on_error);

// What reading a whole feed found: `complete` only when it was read to its end (no read error,
// no truncated or corrupt gzip stream, nothing after it) and every line was a record or blank.
// Only a complete read says which records the feed no longer has.
struct FeedRead {
  long lines = 0;
  bool complete = false;
};

// As above, with each article's line number.
FeedRead read_feed(const std::string& path, std::string_view feed_id,
                   const std::function<void(Article&&, long line)>& on_article,
                   const std::function<void(const InputError&)>& on_error);

// True when `path` names a feed by its extension (.jsonl, .ndjson, .jsonl.gz, .ndjson.gz).
bool is_feed_path(std::string_view path);

}  // namespace kensaku

#endif  // KENSAKU_INDEXER_PARSERS_FEED_READER_H_
