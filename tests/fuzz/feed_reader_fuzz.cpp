// libFuzzer target: read_feed on any file, plain or gzip, keeps its promises and never crashes.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/dates.h"
#include "indexer/parsers/feed_reader.h"

namespace {

// The input becomes the content of an in-memory file that read_feed opens by path, so the real
// entry point (gzip detection included) is what runs, without touching the disk.
const std::string& feed_path() {
  static const std::string path = [] {
    const int fd = memfd_create("feed_reader_fuzz", 0);
    if (fd < 0) std::abort();
    return "/proc/self/fd/" + std::to_string(fd);
  }();
  return path;
}

void write_input(const uint8_t* data, size_t size) {
  const int fd = std::stoi(feed_path().substr(feed_path().rfind('/') + 1));
  if (ftruncate(fd, 0) != 0) std::abort();
  size_t written = 0;
  while (written < size) {
    const ssize_t n = pwrite(fd, data + written, size - written, static_cast<off_t>(written));
    if (n <= 0) std::abort();
    written += static_cast<size_t>(n);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  write_input(data, size);
  long articles = 0;
  long stream_errors = 0;
  long last_error_line = 0;
  const long lines = kensaku::read_feed(
      feed_path(), "fuzz",
      [&](kensaku::Article&& article) {
        if (article.id.rfind("fuzz#", 0) != 0 || article.id.size() == 5) std::abort();
        if (article.path != feed_path()) std::abort();
        // A date is empty or in the stored form, which reads back as itself (common/dates.h).
        if (!article.date.empty() && kensaku::normalise_date(article.date) != article.date)
          std::abort();
        ++articles;
      },
      [&](const kensaku::InputError& error) {
        if (error.path() != feed_path() || error.line() < last_error_line) std::abort();
        last_error_line = error.line();
        if (error.reason().rfind("truncated gzip", 0) == 0 ||
            error.reason().rfind("unreadable data after the gzip stream", 0) == 0 ||
            error.reason().rfind("read error", 0) == 0) {
          ++stream_errors;
        }
      });
  if (lines < 0 || articles > lines || stream_errors > 1) std::abort();
  return 0;
}
