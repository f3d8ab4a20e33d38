// libFuzzer target: decoding, normalisation and sentence splitting must hold their invariants on
// any bytes.
#include <unicode/ustring.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/text_normaliser.h"

namespace {

// Checked with ICU's converter rather than the code under test, so a shared bug cannot hide.
bool is_valid_utf8(const std::string& s) {
  UErrorCode ec = U_ZERO_ERROR;
  int32_t length = 0;
  u_strFromUTF8(nullptr, 0, &length, s.data(), static_cast<int32_t>(s.size()), &ec);
  return ec != U_INVALID_CHAR_FOUND && ec != U_ILLEGAL_ARGUMENT_ERROR;
}

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

void check_sentences(const std::string& text) {
  const std::vector<std::size_t> starts = kensaku::sentence_starts(text);
  if (text.empty()) {
    if (!starts.empty()) __builtin_trap();
    return;
  }
  if (starts.empty() || starts.front() != 0) __builtin_trap();
  for (std::size_t i = 0; i < starts.size(); ++i) {
    if (starts[i] >= text.size()) __builtin_trap();
    if (i > 0 && starts[i] <= starts[i - 1]) __builtin_trap();
    // Byte offsets, so they must fall on character boundaries.
    if (is_utf8_continuation(text[starts[i]])) __builtin_trap();
  }
}

void check(std::string_view bytes, std::string_view declared_charset) {
  const kensaku::DecodedText decoded = kensaku::decode_to_utf8(bytes, declared_charset);
  if (!is_valid_utf8(decoded.utf8)) __builtin_trap();
  if (decoded.encoding.empty()) __builtin_trap();

  const std::string once = kensaku::normalise_text(decoded.utf8);
  if (!is_valid_utf8(once)) __builtin_trap();
  if (kensaku::normalise_text(once) != once) __builtin_trap();

  // The normaliser must also cope with the raw bytes, ill-formed or not.
  const std::string raw = kensaku::normalise_text(bytes);
  if (!is_valid_utf8(raw)) __builtin_trap();
  if (kensaku::normalise_text(raw) != raw) __builtin_trap();

  check_sentences(once);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  check(bytes, {});
  // Also through the declared-charset path, including stateful and multi-byte converters, with
  // the charset picked by the first byte so the fuzzer can steer it.
  static constexpr std::string_view kDeclared[] = {
      "utf-8",      "UTF-16",  "utf-32be", "shift_jis",    "EUC-JP",    "ISO-2022-JP",
      "iso-8859-1", "GB18030", "Big5",     "windows-1251", "x-unknown", "UTF-7"};
  if (size > 0) check(bytes.substr(1), kDeclared[data[0] % std::size(kDeclared)]);
  return 0;
}
