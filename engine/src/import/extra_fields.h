#pragma once
// Extra (non-canonical) attributes of sources that carry only text (CSV, XLSX, ODS: we read them
// as text so that we parse numbers ourselves). A column whose every value is a number is stored as
// numbers, so that `--where "attrs.score > 45"` compares numbers, as it does for a shapefile's
// typed fields. The decision is per column, over the whole file: one "n/a" keeps the column text.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace landbank {

class SqliteDatabase;

/// Plain decimal numbers only: "-12", "3.5", "1e3". Not "007" (a code), "1,234", "0x10", "nan",
/// " 5" or integers beyond 64 bits (kept as their digits).
enum class NumberShape { NotANumber, Integer, Real };
NumberShape numberShape(std::string_view text);

class NumericColumnDetector {
 public:
  void observe(const std::string& column, std::string_view text);
  /// Columns whose every observed value is a number; true when all are integers.
  std::map<std::string, bool> numericColumns() const;

 private:
  enum class Kind { Integer, Real, Text };
  std::map<std::string, Kind> m_kinds;
};

/// Rewrites, in `table` rows with fid > `fidAfter`, the listed attrs members from JSON text to JSON
/// numbers. Returns the column names converted.
std::vector<std::string> storeNumericExtras(SqliteDatabase& db, const std::string& table, std::int64_t fidAfter,
                                            const std::map<std::string, bool>& columns);

}  // namespace landbank
