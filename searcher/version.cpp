// kensaku::version(): the version compiled into the library, for programs that link it.
#include "kensaku/version.h"

namespace kensaku {

const char* version() noexcept { return KENSAKU_VERSION; }

}  // namespace kensaku
