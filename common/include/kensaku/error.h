// The errors Kensaku throws: one type per thing a caller can act on, each with a hint and an exit
// status.
#ifndef KENSAKU_ERROR_H_
#define KENSAKU_ERROR_H_

#include <stdexcept>
#include <string>

#include "kensaku/export.h"

namespace kensaku {

// Process exit statuses shared by kensaku-index and kensaku-search (see README, "Exit status").
enum class ExitStatus : int {
  kOk = 0,
  kNoHits = 1,         // kensaku-search: the query matched nothing
  kError = 2,          // usage, missing or corrupt index, other fatal errors
  kInputsFailed = 3,   // kensaku-index: finished, but some inputs could not be indexed
  kLocked = 75,        // EX_TEMPFAIL: another writer holds the index; try again later
  kInterrupted = 130,  // SIGINT after a clean commit
  kTerminated = 143,   // SIGTERM after a clean commit
};

// Base of every error Kensaku throws. what() says what went wrong; hint() says what to do about
// it (may be empty); exit_status() is what a command-line tool should exit with. Catch Error to
// handle them all; the subclasses below say which ones a caller can act on. Errors are plain
// values, safe to copy and to read from any thread.
class KENSAKU_EXPORT Error : public std::runtime_error {
 public:
  Error(const std::string& message, std::string hint, ExitStatus status);
  ~Error() override;

  const std::string& hint() const noexcept { return hint_; }
  ExitStatus exit_status() const noexcept { return status_; }

 private:
  std::string hint_;
  ExitStatus status_;
};

// A bad option or request field: the caller asked for something that cannot be done (e.g. an
// empty query, limit 0, an unknown facet, an unreadable synonyms file). Exit status kError (2).
class KENSAKU_EXPORT UsageError : public Error {
 public:
  explicit UsageError(const std::string& message, std::string hint = {});
  ~UsageError() override;
};

// No index at the given location; the hint says how to create one. Exit status kError (2).
class KENSAKU_EXPORT IndexNotFoundError : public Error {
 public:
  explicit IndexNotFoundError(const std::string& location);
  ~IndexNotFoundError() override;
};

// The index exists but cannot be read (corrupt, wrong format, unsupported version, a stub naming
// a database that is not there); the hint says how to check it, or what else to do. Exit status
// kError (2).
class KENSAKU_EXPORT IndexCorruptError : public Error {
 public:
  IndexCorruptError(const std::string& location, const std::string& detail);
  IndexCorruptError(const std::string& location, const std::string& detail, std::string hint);
  ~IndexCorruptError() override;
};

// Another writer holds the index's write lock (indexing only: searching takes no lock). Exit
// status kLocked (75): try again later.
class KENSAKU_EXPORT IndexLockedError : public Error {
 public:
  explicit IndexLockedError(const std::string& location);
  ~IndexLockedError() override;
};

// A single input (file, or line of a feed) could not be indexed; the run goes on without it
// (indexing only). Exit status kInputsFailed (3).
class KENSAKU_EXPORT InputError : public Error {
 public:
  InputError(const std::string& path, const std::string& reason, long line = 0);
  ~InputError() override;

  const std::string& path() const noexcept { return path_; }
  long line() const noexcept { return line_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string path_;
  std::string reason_;
  long line_;
};

// Anything else that stops the work: an I/O failure, a remote shard that went away, an index
// that kept changing through every retry of a search. Exit status kError (2).
class KENSAKU_EXPORT FatalError : public Error {
 public:
  explicit FatalError(const std::string& message, std::string hint = {});
  ~FatalError() override;
};

}  // namespace kensaku

#endif  // KENSAKU_ERROR_H_
