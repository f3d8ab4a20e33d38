// Where Xapian's exceptions stop: each becomes a Kensaku error with a hint for the user.
#ifndef KENSAKU_COMMON_XAPIAN_ERRORS_H_
#define KENSAKU_COMMON_XAPIAN_ERRORS_H_

#include <xapian.h>

#include <exception>
#include <string>
#include <utility>

#include "kensaku/error.h"

namespace kensaku {

// A writer's commit or compaction overtook a reader (Xapian's DatabaseModifiedError, or the
// generations kept switching while the index was opened): a reader may open it again and retry.
// Internal: embedders see a FatalError ("try again") once a searcher has given up retrying.
class IndexChangedError : public FatalError {
 public:
  using FatalError::FatalError;
};

// Throws the Kensaku error that tells a user what `error`, raised while working on the index at
// `location`, means, in words and with a hint; no Xapian class name is ever the whole message.
// A system error under any class is named first: a full disk (ENOSPC, EDQUOT, EFBIG) is
// FatalError "no space left ...", a permission is FatalError naming it. Then by class:
// DatabaseLockError -> IndexLockedError, DatabaseNotFoundError -> IndexNotFoundError, other
// database damage -> IndexCorruptError, QueryParserError/RangeError/WildcardError ->
// UsageError, the rest -> FatalError.
// REQUIRES: called from a catch handler whose exception is `error` (it is rethrown to be
// classified, since Xapian::Error is not polymorphic).
[[noreturn]] void rethrow_as_kensaku_error(const Xapian::Error& error, const std::string& location);

// As above for a std exception that escaped from inside Xapian: IndexCorruptError naming it.
[[noreturn]] void rethrow_as_kensaku_error(const std::exception& error,
                                           const std::string& location);

// The one guard around Xapian: runs `work` and returns what it returns, turning any
// Xapian::Error it throws into a Kensaku error (see rethrow_as_kensaku_error). Every call into
// Xapian goes through this, so none can escape as std::terminate.
// Xapian also lets std exceptions through (std::length_error, std::bad_alloc from a damaged
// table claiming a huge length): they are damage too. Kensaku's own errors pass unchanged.
template <typename Work>
decltype(auto) xapian_try(const std::string& location, Work&& work) {
  try {
    return std::forward<Work>(work)();
  } catch (const Xapian::Error& error) {
    rethrow_as_kensaku_error(error, location);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& error) {
    rethrow_as_kensaku_error(error, location);
  }
}

// The hint sentence naming the command that checks the index at `location` ("run 'kensaku-index
// --db LOCATION --check' ..."; for a tcp:// location, xapian-check on the server).
std::string check_hint(const std::string& location);

}  // namespace kensaku

#endif  // KENSAKU_COMMON_XAPIAN_ERRORS_H_
