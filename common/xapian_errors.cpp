// Maps Xapian's exception classes to Kensaku's errors, so no Xapian class name is the only message.
#include "common/xapian_errors.h"

namespace kensaku {

void rethrow_as_kensaku_error(const Xapian::Error& error, const std::string& location) {
  // Xapian::Error has no virtual functions, so its class is found by rethrowing the exception
  // being handled and catching it by type, most specific first.
  try {
    throw;
  } catch (const Xapian::DatabaseLockError&) {
    throw IndexLockedError(location);
  } catch (const Xapian::DatabaseNotFoundError&) {
    throw IndexNotFoundError(location);
  } catch (const Xapian::DatabaseError&) {
    // Corrupt, version mismatch, cannot open, modified beyond retry: the index cannot be read.
    throw IndexCorruptError(location, error.get_msg());
  } catch (const Xapian::NetworkError&) {
    throw FatalError("lost the connection to " + location + ": " + error.get_msg(),
                     "check that xapian-tcpsrv is running there");
  } catch (const Xapian::Error&) {
    throw FatalError("index " + location + ": " + error.get_description());
  }
}

}  // namespace kensaku
