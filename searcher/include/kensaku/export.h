// Symbol visibility for Kensaku's public API: everything else in the library is hidden.
#ifndef KENSAKU_EXPORT_H_
#define KENSAKU_EXPORT_H_

#if defined(KENSAKU_STATIC)
#define KENSAKU_EXPORT
#else
#define KENSAKU_EXPORT __attribute__((visibility("default")))
#endif

#endif  // KENSAKU_EXPORT_H_
