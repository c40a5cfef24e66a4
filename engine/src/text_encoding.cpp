#include "text_encoding.h"

#include <iconv.h>

#include <cerrno>
#include <vector>

namespace landbank {

bool isAscii(std::string_view bytes) {
  for (unsigned char c : bytes)
    if (c >= 0x80) return false;
  return true;
}

bool isValidUtf8(std::string_view bytes) {
  std::size_t i = 0;
  const std::size_t n = bytes.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    std::size_t length = 0;
    std::uint32_t codePoint = 0;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { length = 2; codePoint = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { length = 3; codePoint = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { length = 4; codePoint = c & 0x07; }
    else return false;
    if (i + length > n) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(bytes[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      codePoint = (codePoint << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values beyond U+10FFFF are invalid UTF-8.
    if ((length == 2 && codePoint < 0x80) || (length == 3 && codePoint < 0x800) || (length == 4 && codePoint < 0x10000) ||
        (codePoint >= 0xD800 && codePoint <= 0xDFFF) || codePoint > 0x10FFFF)
      return false;
    i += length;
  }
  return true;
}

std::optional<std::string> decodeStrict(std::string_view bytes, const std::string& encoding) {
  iconv_t converter = iconv_open("UTF-8", encoding.c_str());
  if (converter == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string input(bytes);
  std::vector<char> output(input.size() * 4 + 16);
  char* in = input.data();
  std::size_t inLeft = input.size();
  char* out = output.data();
  std::size_t outLeft = output.size();
  const std::size_t rc = iconv(converter, &in, &inLeft, &out, &outLeft);
  iconv_close(converter);
  if (rc == static_cast<std::size_t>(-1) || inLeft != 0) return std::nullopt;
  return std::string(output.data(), output.size() - outLeft);
}

namespace {

// True when the bytes are well-formed EUC-CN (GB2312): every non-ASCII byte pairs with another in
// 0xA1..0xFE. Chinese attribute text in GBK files almost always stays inside GB2312, while Latin-1
// text ("Müller") or binary junk almost never does (an accented letter is followed by ASCII).
// Files that need GBK's extension characters are read with an explicit --encoding GBK.
bool isEucCn(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    if (lead < 0x80) continue;
    if (lead < 0xA1 || lead > 0xFE || i + 1 >= bytes.size()) return false;
    const auto trail = static_cast<unsigned char>(bytes[i + 1]);
    if (trail < 0xA1 || trail > 0xFE) return false;
    ++i;
  }
  return true;
}

}  // namespace

TextDecoder::TextDecoder(std::optional<std::string> declaredEncoding)
    : m_mode(declaredEncoding ? Mode::Declared : Mode::Undecided), m_encoding(declaredEncoding.value_or("")) {
  // GB18030 is a superset of GBK and GB2312: decoding with it accepts every file written in either.
  for (const char* alias : {"GBK", "gbk", "GB2312", "gb2312", "CP936", "cp936", "936"})
    if (m_encoding == alias) m_encoding = "GB18030";
  if (m_mode == Mode::Declared && (m_encoding == "UTF-8" || m_encoding == "utf-8" || m_encoding == "UTF8" || m_encoding == "utf8"))
    m_mode = Mode::Utf8;
}

std::optional<std::string> TextDecoder::decode(std::string_view bytes) {
  if (isAscii(bytes)) return std::string(bytes);
  switch (m_mode) {
    case Mode::Declared:
      return decodeStrict(bytes, m_encoding);
    case Mode::DetectedGbk:
      // Detected files stay under the detection rule: a value outside GB2312 is refused, not guessed.
      return isEucCn(bytes) ? decodeStrict(bytes, "GB18030") : std::nullopt;
    case Mode::Utf8:
      return isValidUtf8(bytes) ? std::optional<std::string>(bytes) : std::nullopt;
    case Mode::Undecided:
      if (isValidUtf8(bytes)) {
        m_mode = Mode::Utf8;
        return std::string(bytes);
      }
      if (auto decoded = isEucCn(bytes) ? decodeStrict(bytes, "GB18030") : std::nullopt) {
        m_mode = Mode::DetectedGbk;
        return decoded;
      }
      return std::nullopt;
  }
  return std::nullopt;
}

std::string TextDecoder::description() const {
  switch (m_mode) {
    case Mode::Declared: return m_encoding + " (declared)";
    case Mode::DetectedGbk: return "GBK (detected)";
    case Mode::Utf8:
    case Mode::Undecided: return "UTF-8";
  }
  return "UTF-8";
}

}  // namespace landbank
