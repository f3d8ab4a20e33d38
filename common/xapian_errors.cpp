// Maps Xapian's exception classes to Kensaku's errors, so no Xapian class name is the only message.
#include "common/xapian_errors.h"

#include <cerrno>
#include <cstring>

namespace kensaku {
namespace {

// True when Xapian recorded the system error `code` with `error`.
bool has_errno(const Xapian::Error& error, int code) {
  const char* text = error.get_error_string();
  return text != nullptr && std::strcmp(text, std::strerror(code)) == 0;
}

// Xapian's own text, with the system error it recorded (which get_msg() leaves out).
std::string detail(const Xapian::Error& error) {
  std::string text = error.get_msg();
  if (const char* system = error.get_error_string()) text.append(" (").append(system).append(")");
  return text;
}

// A system error that says more than the class it came with, whatever that class: a full disk
// reported as "cannot read the index" would send the user to delete a sound index. Returns when
// there is none.
void throw_if_system_error(const Xapian::Error& error, const std::string& location) {
  if (has_errno(error, ENOSPC) || has_errno(error, EDQUOT)) {
    throw FatalError("no space left on the device holding " + location + ": " + detail(error),
                     "free some space there (df -h " + location +
                         "), then run the same command again: the last commit is intact");
  }
  if (has_errno(error, EFBIG)) {
    throw FatalError(
        "a file of the index at " + location + " reached the size limit: " + detail(error),
        "raise the file size limit (ulimit -f) or free space, then run the same "
        "command again: the last commit is intact");
  }
  if (has_errno(error, EACCES) || has_errno(error, EPERM) || has_errno(error, EROFS)) {
    throw FatalError("no permission to use the index at " + location + ": " + detail(error),
                     "run as the index's owner, or check the permissions of " + location);
  }
  if (has_errno(error, EMFILE) || has_errno(error, ENFILE)) {
    throw FatalError("too many open files while opening " + location + ": " + detail(error),
                     "raise the open-file limit (ulimit -n) or search fewer databases at once");
  }
  if (has_errno(error, EIO)) {
    throw FatalError("an I/O error reading the index at " + location + ": " + detail(error),
                     "check the disk (dmesg), then " + check_hint(location));
  }
}

// The index is damaged: how to see where, and how to start again.
[[noreturn]] void throw_corrupt(const std::string& location, const std::string& what) {
  if (location.starts_with("tcp://")) throw IndexCorruptError(location, what, check_hint(location));
  throw IndexCorruptError(
      location, what,
      check_hint(location) + "; to rebuild, remove " + location + " and index the articles again");
}

[[noreturn]] void rethrow_database_error(const Xapian::Error& error, const std::string& location) {
  try {
    throw;
  } catch (const Xapian::DatabaseLockError&) {
    throw IndexLockedError(location);
  } catch (const Xapian::DatabaseNotFoundError&) {
    throw IndexNotFoundError(location);
  } catch (const Xapian::DatabaseVersionError&) {
    throw IndexCorruptError(location, "it is in a format this Xapian cannot read: " + detail(error),
                            "rebuild it with this version: remove " + location +
                                " and run kensaku-index --db " + location + " PATH...");
  } catch (const Xapian::DatabaseCreateError&) {
    throw FatalError("cannot create the index at " + location + ": " + detail(error),
                     "check that the parent directory exists and is writable");
  } catch (const Xapian::DatabaseModifiedError&) {
    throw IndexChangedError("the index at " + location + " kept changing while it was read",
                            "try again (a writer is committing very often)");
  } catch (const Xapian::DatabaseClosedError&) {
    throw FatalError("the index at " + location + " was closed while still in use",
                     "this is a bug in Kensaku: please report the command that did it");
  } catch (const Xapian::DatabaseError&) {
    // Corrupt, unreadable tables, a missing table file: the index cannot be read.
    throw_corrupt(location, detail(error));
  }
}

[[noreturn]] void rethrow_other_error(const Xapian::Error& error, const std::string& location) {
  try {
    throw;
  } catch (const Xapian::NetworkTimeoutError&) {
    throw FatalError("the remote index " + location + " did not answer in time: " + detail(error),
                     "check that its server is running and not overloaded, or raise the "
                     "timeout (tcp://HOST:PORT?timeout=SECONDS)");
  } catch (const Xapian::NetworkError&) {
    if (!location.starts_with("tcp://")) {
      throw FatalError(
          "lost the connection to a remote database " + location + " names: " + detail(error),
          "check the 'remote' lines of its stub file: is xapian-tcpsrv running at "
          "HOST:PORT, does the program run xapian-progsrv?");
    }
    throw FatalError("lost the connection to " + location + ": " + detail(error),
                     "check that xapian-tcpsrv is running there");
  } catch (const Xapian::DocNotFoundError&) {
    throw_corrupt(location, "an article it lists is missing (" + detail(error) + ")");
  } catch (const Xapian::FeatureUnavailableError&) {
    throw_corrupt(location, "a part Kensaku needs is missing (" + detail(error) + ")");
  } catch (const Xapian::SerialisationError&) {
    throw FatalError("could not decode what " + location + " sent: " + detail(error),
                     "use the same Xapian version on the server and here");
  } catch (const Xapian::QueryParserError&) {
    throw UsageError("the query cannot be read: " + detail(error),
                     "put words with unusual characters in quotes");
  } catch (const Xapian::WildcardError&) {
    throw UsageError("a wildcard matches too many words: " + detail(error),
                     "give more letters before the *");
  } catch (const Xapian::RangeError&) {
    throw UsageError("a value is out of range: " + detail(error), "use a smaller number");
  } catch (const Xapian::InvalidArgumentError&) {
    throw FatalError("the index at " + location + " cannot be searched as it is: " + detail(error),
                     check_hint(location));
  } catch (const Xapian::InvalidOperationError&) {
    throw FatalError("the index at " + location + " cannot do this: " + detail(error),
                     "a remote or read-only index cannot be written; use a local index directory");
  } catch (const Xapian::UnimplementedError&) {
    throw FatalError("the index at " + location + " does not support this: " + detail(error),
                     "search a local index directory instead of this kind of database");
  } catch (const Xapian::Error&) {
    // AssertionError, InternalError, and any class a later Xapian adds.
    throw FatalError(
        "Xapian failed on the index at " + location + ": " + detail(error),
        "this is a bug: please report the command that did it; " + check_hint(location));
  }
}

}  // namespace

std::string check_hint(const std::string& location) {
  if (location.starts_with("tcp://")) {
    return "run xapian-check on the database that server serves, on its machine";
  }
  return "run 'kensaku-index --db " + location + " --check' to see what is damaged";
}

void rethrow_as_kensaku_error(const Xapian::Error& error, const std::string& location) {
  // Xapian::Error has no virtual functions, so its class is found by rethrowing the exception
  // being handled and catching it by type, most specific first.
  throw_if_system_error(error, location);
  try {
    throw;
  } catch (const Xapian::DatabaseError&) {
    rethrow_database_error(error, location);
  } catch (const Xapian::Error&) {
    rethrow_other_error(error, location);
  }
}

void rethrow_as_kensaku_error(const std::exception& error, const std::string& location) {
  throw_corrupt(location, std::string("Xapian could not read it (") + error.what() + ")");
}

}  // namespace kensaku
