// Where Xapian's exceptions stop: each becomes a Kensaku error with a hint for the user.
#ifndef KENSAKU_COMMON_XAPIAN_ERRORS_H_
#define KENSAKU_COMMON_XAPIAN_ERRORS_H_

#include <xapian.h>

#include <string>

#include "kensaku/error.h"

namespace kensaku {

// Throws the Kensaku error that tells a user what `error`, raised while working on the index at
// `location`, means: IndexNotFoundError, IndexLockedError, IndexCorruptError or FatalError.
// REQUIRES: called from a catch handler whose exception is `error` (it is rethrown to be
// classified, since Xapian::Error is not polymorphic).
[[noreturn]] void rethrow_as_kensaku_error(const Xapian::Error& error, const std::string& location);

}  // namespace kensaku

#endif  // KENSAKU_COMMON_XAPIAN_ERRORS_H_
