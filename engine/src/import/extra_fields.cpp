#include "import/extra_fields.h"

#include <cctype>
#include <charconv>

#include "detail/sqlite.h"

namespace landbank {

NumberShape numberShape(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto digit = [&](std::size_t k) { return k < n && std::isdigit(static_cast<unsigned char>(text[k])); };
  if (i < n && (text[i] == '-' || text[i] == '+')) ++i;
  const std::size_t firstDigit = i;
  while (digit(i)) ++i;
  const std::size_t integerDigits = i - firstDigit;
  if (integerDigits == 0) return NumberShape::NotANumber;
  if (integerDigits > 1 && text[firstDigit] == '0') return NumberShape::NotANumber;  // "007": a code, not seven
  bool integral = true;
  if (i < n && text[i] == '.') {
    ++i;
    if (!digit(i)) return NumberShape::NotANumber;
    while (digit(i)) ++i;
    integral = false;
  }
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '-' || text[i] == '+')) ++i;
    if (!digit(i)) return NumberShape::NotANumber;
    while (digit(i)) ++i;
    integral = false;
  }
  if (i != n) return NumberShape::NotANumber;
  if (integral) {
    std::int64_t value = 0;
    const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
    const auto [end, error] = std::from_chars(begin, text.data() + n, value);
    if (error != std::errc() || end != text.data() + n) return NumberShape::NotANumber;  // beyond 64 bits: keep the digits
    return NumberShape::Integer;
  }
  return NumberShape::Real;
}

void NumericColumnDetector::observe(const std::string& column, std::string_view text) {
  const NumberShape shape = numberShape(text);
  auto [it, inserted] = m_kinds.try_emplace(column, Kind::Integer);
  if (shape == NumberShape::NotANumber) it->second = Kind::Text;
  else if (shape == NumberShape::Real && it->second == Kind::Integer) it->second = Kind::Real;
}

std::map<std::string, bool> NumericColumnDetector::numericColumns() const {
  std::map<std::string, bool> columns;
  for (const auto& [name, kind] : m_kinds)
    if (kind != Kind::Text) columns[name] = kind == Kind::Integer;
  return columns;
}

std::vector<std::string> storeNumericExtras(SqliteDatabase& db, const std::string& table, std::int64_t fidAfter,
                                            const std::map<std::string, bool>& columns) {
  std::vector<std::string> converted;
  for (const auto& [name, integral] : columns) {
    // A JSON path quotes the member name; a name holding '"' or '\' cannot be quoted there, so
    // that rare column stays text.
    if (name.find_first_of("\"\\") != std::string::npos) continue;
    const std::string path = "$.\"" + name + "\"";
    auto update = db.prepare("UPDATE \"" + table + "\" SET attrs = json_set(attrs, ?1, CAST(json_extract(attrs, ?1) AS " +
                             (integral ? "INTEGER" : "REAL") + ")) WHERE fid > ?2 AND json_type(attrs, ?1) = 'text'");
    update.bind(1, path).bind(2, fidAfter);
    update.run();
    converted.push_back(name);
  }
  return converted;
}

}  // namespace landbank
