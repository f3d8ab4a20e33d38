// The out-of-line hashes of hashing.h.
#include "common/hashing.h"

#include <cstdio>

namespace kensaku {

std::uint64_t content_digest(std::string_view bytes) {
  constexpr std::uint64_t kPrime = 1099511628211ull;
  std::uint64_t a = 14695981039346656037ull, b = 0x9E3779B97F4A7C15ull;
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    a = (a ^ static_cast<unsigned char>(bytes[i])) * kPrime;
    b = (b ^ static_cast<unsigned char>(bytes[i + 1])) * kPrime;
  }
  if (i < bytes.size()) a = (a ^ static_cast<unsigned char>(bytes[i])) * kPrime;
  return a ^ (b * 0xC2B2AE3D27D4EB4Full) ^ bytes.size();
}

std::string hex16(std::uint64_t value) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(value));
  return hex;
}

}  // namespace kensaku
