// Stable, dependency-free hashes: ids too long for a term, shard placement, content signatures.
#ifndef KENSAKU_COMMON_HASHING_H
#define KENSAKU_COMMON_HASHING_H

#include <cstdint>
#include <string>
#include <string_view>

namespace kensaku {

// FNV-1a over 64 bits: the same value on every platform and in every release (ids and shard
// numbers on disk depend on it).
constexpr std::uint64_t fnv1a_64(std::string_view bytes) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

// A 64-bit digest of a whole file's bytes for change detection: FNV-1a in two interleaved lanes
// (half the dependency chain of fnv1a_64, so about twice as fast), mixed with the length.
std::uint64_t content_digest(std::string_view bytes);

// `value` as 16 lower-case hex digits.
std::string hex16(std::uint64_t value);

}  // namespace kensaku

#endif  // KENSAKU_COMMON_HASHING_H
