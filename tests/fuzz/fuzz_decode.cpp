// Fuzz target: the text decoder of imported attributes. The first byte picks a declared encoding
// (or none: detection); whatever the bytes, a decoded value must be valid UTF-8, and decoding
// never crashes.
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz_store.h"
#include "text_encoding.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const std::array<const char*, 8> kEncodings{"", "GBK", "GB18030", "BIG5", "EUC-JP", "SHIFT_JIS", "UTF-8", "CP936"};
  const std::string encoding = kEncodings[data[0] % kEncodings.size()];
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  landbank::TextDecoder decoder(encoding.empty() ? std::nullopt : std::optional<std::string>(encoding));
  // Two values through one decoder: the first settles detection, the second is read under it.
  const std::size_t half = bytes.size() / 2;
  for (std::string_view value : {bytes.substr(0, half), bytes.substr(half)}) {
    if (const auto text = decoder.decode(value); text && !landbank::isValidUtf8(*text))
      landbank::fuzz::reportBug("decoder " + decoder.description(), std::string(value), "produced invalid UTF-8");
  }
  if (!encoding.empty())
    if (const auto text = landbank::decodeStrict(bytes, encoding); text && !landbank::isValidUtf8(*text))
      landbank::fuzz::reportBug("decodeStrict " + encoding, std::string(bytes), "produced invalid UTF-8");
  return 0;
}
