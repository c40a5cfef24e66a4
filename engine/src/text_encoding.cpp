#include "text_encoding.h"

#include <iconv.h>

#include <cctype>
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
  std::string text(output.data(), output.size() - outLeft);
  // glibc's iconv passes UTF-8 forms beyond U+10FFFF (F5..F7 lead bytes) through unchanged: what
  // comes out must be valid UTF-8, or the bytes did not decode (found by the decode fuzzer).
  if (!isValidUtf8(text)) return std::nullopt;
  return text;
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

std::optional<std::string> iconvEncodingName(const std::string& name) {
  std::string upper;
  for (char c : name)
    if (!std::isspace(static_cast<unsigned char>(c))) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper.rfind("ANSI", 0) == 0) upper = upper.substr(4);  // "ANSI 936" in some .cpg files
  std::string candidate = upper;
  // GB18030 is a superset of GBK and GB2312: decoding with it accepts every file written in either.
  if (upper == "GBK" || upper == "GB2312" || upper == "CP936" || upper == "936" || upper == "GB18030" || upper == "54936")
    candidate = "GB18030";
  else if (upper == "950" || upper == "CP950" || upper == "BIG5") candidate = "BIG5";
  else if (upper == "65001" || upper == "UTF8" || upper == "UTF-8") candidate = "UTF-8";
  else if (upper == "932" || upper == "CP932") candidate = "CP932";
  else if (!upper.empty() && upper.find_first_not_of("0123456789") == std::string::npos) candidate = "CP" + upper;
  if (candidate.empty()) return std::nullopt;
  iconv_t converter = iconv_open("UTF-8", candidate.c_str());
  if (converter == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  iconv_close(converter);
  return candidate;
}

bool containsKana(std::string_view utf8) {
  // U+3040..U+30FF are E3 81 80 .. E3 83 BF in UTF-8.
  for (std::size_t i = 0; i + 2 < utf8.size(); ++i) {
    const auto a = static_cast<unsigned char>(utf8[i]), b = static_cast<unsigned char>(utf8[i + 1]);
    if (a == 0xE3 && b >= 0x81 && b <= 0x83) return true;
  }
  return false;
}

std::vector<std::string> cleanDecodings(std::string_view bytes) {
  std::vector<std::string> clean;
  const std::pair<const char*, const char*> candidates[] = {
      {"GB18030", "GBK"}, {"BIG5", "BIG5"}, {"EUC-JP", "EUC-JP"}, {"SHIFT_JIS", "SHIFT_JIS"}, {"EUC-KR", "EUC-KR"}};
  for (const auto& [iconvName, shown] : candidates) {
    const std::optional<std::string> text = decodeStrict(bytes, iconvName);
    if (!text) continue;
    bool control = false;
    for (unsigned char c : *text) control = control || c < 0x20 || c == 0x7F;
    if (control) continue;
    const std::string_view name(iconvName);
    // GBK is proposed under the detection rule (well-formed GB2312, no kana): GB18030 accepts almost
    // any byte pairs, Latin-1 "Müller" included, and EUC-JP bytes read as GB2312 come out as kana.
    if (name == "GB18030" && (!isEucCn(bytes) || containsKana(*text))) continue;
    // Kana from EUC-JP is Japanese text: the other candidates would decode it to garbage.
    if (name == "EUC-JP" && containsKana(*text)) return {std::string(shown)};
    clean.emplace_back(shown);
  }
  return clean;
}

TextDecoder::TextDecoder(std::optional<std::string> declaredEncoding, Message label)
    : m_mode(declaredEncoding ? Mode::Declared : Mode::Undecided), m_encoding(declaredEncoding.value_or("")), m_label(std::move(label)) {
  if (m_mode == Mode::Declared)
    if (std::optional<std::string> name = iconvEncodingName(m_encoding)) m_encoding = *name;
  if (m_mode == Mode::Declared && m_encoding == "UTF-8") m_mode = Mode::Utf8;
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
      // EUC-JP is well-formed GB2312 too, and decodes to kana there: Japanese, not GBK.
      if (auto decoded = isEucCn(bytes) ? decodeStrict(bytes, "GB18030") : std::nullopt; decoded && !containsKana(*decoded)) {
        m_mode = Mode::DetectedGbk;
        return decoded;
      }
      return std::nullopt;
  }
  return std::nullopt;
}

Message TextDecoder::describe() const {
  const bool labelled = !m_label.en.empty();
  switch (m_mode) {
    case Mode::Declared: return labelled ? m_label : Message{m_encoding + "（指定）", m_encoding + " (declared)"};
    case Mode::DetectedGbk: return Message{"GBK（自动识别）", "GBK (detected)"};
    case Mode::Utf8: return labelled ? m_label : Message{"UTF-8", "UTF-8"};
    case Mode::Undecided: return Message{"UTF-8", "UTF-8"};
  }
  return Message{"UTF-8", "UTF-8"};
}

}  // namespace landbank
