#pragma once
// Text decoding for imported attributes. Chinese shapefiles are often GBK/GB18030 with neither
// a .cpg nor a code-page byte; their bytes must never reach the store as mojibake.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "landbank/error.h"

namespace landbank {

bool isValidUtf8(std::string_view bytes);
bool isAscii(std::string_view bytes);

/// Strictly decodes `bytes` from `encoding` (an iconv name: GBK, GB18030, BIG5, ...) to UTF-8;
/// std::nullopt when any byte sequence is invalid in that encoding.
std::optional<std::string> decodeStrict(std::string_view bytes, const std::string& encoding);

/// The iconv name for an encoding as users and .cpg files write it: "936"/"CP936"/"GBK"/"GB2312" ->
/// "GB18030" (a superset), "950" -> "BIG5", "65001" -> "UTF-8", other code page numbers -> "CPnnn";
/// std::nullopt when iconv knows no such encoding.
std::optional<std::string> iconvEncodingName(const std::string& name);

/// Encodings among GB18030 (shown "GBK"), BIG5, EUC-JP, SHIFT_JIS and EUC-KR that decode `bytes`
/// strictly and without control characters: the only ones a hint may propose.
std::vector<std::string> cleanDecodings(std::string_view bytes);

/// True when the text holds Japanese kana (U+3040..U+30FF): EUC-JP decoded as GB2312 gives kana,
/// which Chinese attribute text practically never contains.
bool containsKana(std::string_view utf8);

/// Decides how to read the text of one source. Without a declared encoding the first non-ASCII
/// value settles it: valid UTF-8 means UTF-8; otherwise text that decodes strictly as GB18030 into
/// CJK characters (and no kana) is taken as GBK (reported as detected); anything else is refused.
class TextDecoder {
 public:
  /// `label` is how the encoding is recorded ("936 (.cpg)"); by default "<name> (declared)".
  explicit TextDecoder(std::optional<std::string> declaredEncoding, Message label = {});
  /// UTF-8 text, or std::nullopt when the bytes are not valid in the (declared or detected) encoding.
  std::optional<std::string> decode(std::string_view bytes);
  /// "UTF-8", "GBK (declared)", "GBK (detected)" / "GBK（自动识别）" for the import summary.
  Message describe() const;
  /// The English description (audit records, logs).
  std::string description() const { return describe().en; }
  bool detectedGbk() const { return m_mode == Mode::DetectedGbk; }

 private:
  enum class Mode { Undecided, Utf8, DetectedGbk, Declared };
  Mode m_mode;
  std::string m_encoding;
  Message m_label;
};

}  // namespace landbank
