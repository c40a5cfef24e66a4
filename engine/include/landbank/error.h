#pragma once
// One exception family for every engine failure. Expected outcomes (an empty result, a
// repaired geometry, a rejected parcel) are values in result structs, never exceptions.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace landbank {

/// Stable error codes; append only (scripts may depend on the numbers through `--format json` errors).
enum class ErrorCode {
  Usage = 1,          ///< bad command-line usage or bad option value (exit 2)
  Io = 2,             ///< a file cannot be opened, read or written
  Database = 3,       ///< SQLite/SpatiaLite failure, wrong schema, locked
  Crs = 4,            ///< missing, unknown or implausible coordinate reference system
  Encoding = 5,       ///< text that is not valid in the declared/detected encoding
  MissingField = 6,   ///< a required field is absent from the source or empty in a feature
  BadValue = 7,       ///< a value cannot be parsed as its type or is not in its code list
  InvalidGeometry = 8,///< GEOS says the geometry is invalid (and --repair was not given or failed)
  Duplicate = 9,      ///< a duplicate id within a file or against the database
  UnknownId = 10,     ///< an id that does not exist in the database
  Internal = 11,      ///< a bug: an invariant that should hold did not
  Expression = 12,    ///< a malformed filter expression (exit 2)
};

/// Where a failure happened. Every member is optional; the message names those that are set.
struct ErrorContext {
  std::optional<std::string> file = std::nullopt;
  std::optional<std::string> layer = std::nullopt;
  std::optional<std::string> feature = std::nullopt;  ///< feature id, or "#N" (1-based source row) when the id is unknown
  std::optional<std::string> field = std::nullopt;
  std::optional<std::int64_t> row = std::nullopt;  ///< 1-based row (feature) number in the source
};

/// The engine's exception. what() returns a complete one-line message: the context first
/// ("file 'a.shp', feature 'P-3', field 'price'"), then the problem.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& problem, ErrorContext context = {});

  ErrorCode code() const noexcept { return m_code; }
  const ErrorContext& context() const noexcept { return m_context; }
  const std::string& problem() const noexcept { return m_problem; }

 private:
  ErrorCode m_code;
  ErrorContext m_context;
  std::string m_problem;
};

/// DESIGN.md's exit codes: bad usage (and malformed expressions) 2, every other failure 1.
int exitCodeFor(ErrorCode code) noexcept;

/// Text safe to print on one line of a terminal or log: valid UTF-8 kept, control characters
/// escaped (`\n`, `\t`, `\x1B`), bytes that are not UTF-8 written as `\xNN`. Every Error message
/// goes through it, so a crafted file name cannot forge a second line and GBK bytes never reach stderr raw.
std::string printableText(std::string_view text);

/// Formats the context as "file 'x', layer 'y', feature 'z', field 'w'" (empty when nothing is set).
std::string describeContext(const ErrorContext& context);

}  // namespace landbank
