#include "landbank/error.h"

#include <cstdint>
#include <cstdio>

namespace landbank {

namespace {
std::string composeMessage(const std::string& problem, const ErrorContext& context, Language language) {
  const std::string where = describeContext(context, language);
  if (where.empty()) return printableText(problem);
  return printableText(where + (language == Language::Chinese ? "：" : ": ") + problem);
}

// Length of the valid UTF-8 sequence at `i` (0 when invalid): overlong forms, surrogates and
// values beyond U+10FFFF are invalid.
std::size_t utf8SequenceLength(std::string_view text, std::size_t i, std::uint32_t& codePoint) {
  const auto c = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  if (c < 0x80) { codePoint = c; return 1; }
  if ((c & 0xE0) == 0xC0) { length = 2; codePoint = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { length = 3; codePoint = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { length = 4; codePoint = c & 0x07; }
  else return 0;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    codePoint = (codePoint << 6) | (next & 0x3F);
  }
  if ((length == 2 && codePoint < 0x80) || (length == 3 && codePoint < 0x800) || (length == 4 && codePoint < 0x10000) ||
      (codePoint >= 0xD800 && codePoint <= 0xDFFF) || codePoint > 0x10FFFF)
    return 0;
  return length;
}
}  // namespace

std::string printableText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t codePoint = 0;
    const std::size_t length = utf8SequenceLength(text, i, codePoint);
    const bool control = length > 0 && (codePoint < 0x20 || codePoint == 0x7F || (codePoint >= 0x80 && codePoint < 0xA0) ||
                                        codePoint == 0x2028 || codePoint == 0x2029);
    if (length == 0 || control) {
      const auto byte = static_cast<unsigned char>(text[i]);
      if (byte == '\n') out += "\\n";
      else if (byte == '\r') out += "\\r";
      else if (byte == '\t') out += "\\t";
      else {
        // A control character (one or two bytes) or a byte that is not UTF-8: each byte as \xNN.
        const std::size_t count = length == 0 ? 1 : length;
        for (std::size_t k = 0; k < count; ++k) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\x%02X", static_cast<unsigned char>(text[i + k]));
          out += escaped;
        }
        i += count;
        continue;
      }
      ++i;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

Error::Error(ErrorCode code, Message problem, ErrorContext context)
    : std::runtime_error(composeMessage(problem.en, context, Language::English)),
      m_code(code),
      m_context(std::move(context)),
      m_problem(std::move(problem)) {}

Error::Error(ErrorCode code, const std::string& problem, ErrorContext context) : Error(code, Message{problem, problem}, std::move(context)) {}

std::string Error::message(Language language) const {
  if (language == Language::English) return what();
  return composeMessage(m_problem.zh, m_context, language);
}

int exitCodeFor(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::Usage:
    case ErrorCode::Expression:
      return 2;
    default:
      return 1;
  }
}

std::string describeContext(const ErrorContext& context, Language language) {
  const bool chinese = language == Language::Chinese;
  const char* separator = chinese ? "，" : ", ";
  std::string text;
  auto append = [&](const char* zh, const char* en, const std::optional<std::string>& value) {
    if (!value) return;
    if (!text.empty()) text += separator;
    text += chinese ? zh : en;
    text += " '";
    text += *value;
    text += "'";
  };
  append("文件", "file", context.file);
  append("图层", "layer", context.layer);
  append("要素", "feature", context.feature);
  if (context.row) {
    const std::string number = std::to_string(*context.row);
    if (chinese) text += context.feature ? "（第 " + number + " 行）" : (text.empty() ? "" : separator) + ("第 " + number + " 行");
    else text += context.feature ? " (row " + number + ")" : (text.empty() ? "" : separator) + ("row " + number);
  }
  append("字段", "field", context.field);
  return text;
}

}  // namespace landbank
