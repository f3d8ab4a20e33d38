// Out-of-line members of the error types, so their type information is emitted once and exported.
#include <utility>

#include "kensaku/error.h"

namespace kensaku {

Error::Error(const std::string& message, std::string hint, ExitStatus status)
    : std::runtime_error(message), hint_(std::move(hint)), status_(status) {}
Error::~Error() = default;

UsageError::UsageError(const std::string& message, std::string hint)
    : Error(message, std::move(hint), ExitStatus::kError) {}
UsageError::~UsageError() = default;

IndexNotFoundError::IndexNotFoundError(const std::string& location)
    : Error("no index at " + location,
            "run 'kensaku-index --db " + location + " PATH...' first to create it",
            ExitStatus::kError) {}
IndexNotFoundError::~IndexNotFoundError() = default;

IndexCorruptError::IndexCorruptError(const std::string& location, const std::string& detail)
    : IndexCorruptError(location, detail,
                        "run 'kensaku-index --db " + location +
                            " --check' to see what is damaged; to rebuild, remove " + location +
                            " and index the articles again") {}

IndexCorruptError::IndexCorruptError(const std::string& location, const std::string& detail,
                                     std::string hint)
    : Error("the index at " + location + " cannot be read: " + detail, std::move(hint),
            ExitStatus::kError) {}
IndexCorruptError::~IndexCorruptError() = default;

IndexLockedError::IndexLockedError(const std::string& location)
    : Error("the index at " + location + " is locked: another kensaku-index is writing to it",
            "try again later, or pass --wait SECONDS to wait for the lock", ExitStatus::kLocked) {}
IndexLockedError::~IndexLockedError() = default;

namespace {
std::string describe_input(const std::string& path, long line, const std::string& reason) {
  // Appended piecewise: GCC 12's -Wrestrict misfires on chained operator+ here.
  std::string where = path;
  if (line > 0) where.append(":").append(std::to_string(line));
  where.append(": ").append(reason);
  return where;
}
}  // namespace

InputError::InputError(const std::string& path, const std::string& reason, long line)
    : Error(describe_input(path, line, reason), {}, ExitStatus::kInputsFailed),
      path_(path),
      reason_(reason),
      line_(line) {}
InputError::~InputError() = default;

FatalError::FatalError(const std::string& message, std::string hint)
    : Error(message, std::move(hint), ExitStatus::kError) {}
FatalError::~FatalError() = default;

}  // namespace kensaku
