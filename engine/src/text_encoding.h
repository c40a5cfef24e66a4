#pragma once
// Text decoding for imported attributes. Chinese shapefiles are often GBK/GB18030 with neither
// a .cpg nor a code-page byte; their bytes must never reach the store as mojibake.

#include <optional>
#include <string>
#include <string_view>

namespace landbank {

bool isValidUtf8(std::string_view bytes);
bool isAscii(std::string_view bytes);

/// Strictly decodes `bytes` from `encoding` (an iconv name: GBK, GB18030, BIG5, ...) to UTF-8;
/// std::nullopt when any byte sequence is invalid in that encoding.
std::optional<std::string> decodeStrict(std::string_view bytes, const std::string& encoding);

/// Decides how to read the text of one source. Without a declared encoding the first non-ASCII
/// value settles it: valid UTF-8 means UTF-8; otherwise text that decodes strictly as GB18030 into
/// CJK characters is taken as GBK (reported as detected); anything else is refused.
class TextDecoder {
 public:
  explicit TextDecoder(std::optional<std::string> declaredEncoding);
  /// UTF-8 text, or std::nullopt when the bytes are not valid in the (declared or detected) encoding.
  std::optional<std::string> decode(std::string_view bytes);
  /// "UTF-8", "GBK" (declared), "GBK (detected)".
  std::string description() const;
  bool detectedGbk() const { return m_mode == Mode::DetectedGbk; }

 private:
  enum class Mode { Undecided, Utf8, DetectedGbk, Declared };
  Mode m_mode;
  std::string m_encoding;
};

}  // namespace landbank
