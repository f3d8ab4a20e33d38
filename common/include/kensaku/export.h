// Symbol visibility for Kensaku's public API: everything else in libkensaku.so is hidden.
#ifndef KENSAKU_EXPORT_H_
#define KENSAKU_EXPORT_H_

// libkensaku.so is compiled with -fvisibility=hidden, so only what is marked KENSAKU_EXPORT is
// exported. On ELF the same default visibility is right on both sides: building the library it
// exports the symbol, and in a program it names the one the library exports (a class marked so
// also shares its type information, so a program can catch the library's error types).
#if defined(__GNUC__) || defined(__clang__)
#define KENSAKU_EXPORT __attribute__((visibility("default")))
#else
#define KENSAKU_EXPORT
#endif

#endif  // KENSAKU_EXPORT_H_
