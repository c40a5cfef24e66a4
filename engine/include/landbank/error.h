#pragma once
// One exception family for every engine failure. Expected outcomes (an empty result, a
// repaired geometry, a rejected parcel) are values in result structs, never exceptions.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "landbank/language.h"

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
  /// The code of the rule a refusal applies (a stage move's "skipped", "parcel_reserved"...), for
  /// programs such as the viewer's dialogs; not printed (the problem says it in words).
  std::optional<std::string> rule = std::nullopt;
};

/// A text for people in both languages, built where the facts are known (a throw site), so the
/// language is chosen only when the text is shown. Ids, codes, option and file names stay verbatim
/// in both. texts.h's bilingual() fills both from format strings.
struct Message {
  std::string zh;
  std::string en;

  const std::string& in(Language language) const noexcept { return language == Language::Chinese ? zh : en; }
};

/// The engine's exception. It carries its problem in both languages and composes the one-line
/// message (context first, then the problem) in the language asked for:
///   en: "file 'a.shp', feature 'P-3' (row 12), field 'price': 'abc' is not a number"
///   zh: "文件 'a.shp'，要素 'P-3'（第 12 行），字段 'price'：'abc' 不是数字"
/// what() is the English message (logs, tests, callers that know no language).
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, Message problem, ErrorContext context = {});
  /// A problem worded in English only (both languages show it; the context is still translated).
  /// For texts that come from elsewhere in English (GDAL, PROJ, SQLite): prefer Message for ours.
  Error(ErrorCode code, const std::string& problem, ErrorContext context = {});

  ErrorCode code() const noexcept { return m_code; }
  const ErrorContext& context() const noexcept { return m_context; }
  /// The problem without the context, in English (what() without the context).
  const std::string& problem() const noexcept { return m_problem.en; }
  /// The problem without the context, in both languages (to rethrow it with more context).
  const Message& problemMessage() const noexcept { return m_problem; }
  /// The one-line message in `language`: the context, then the problem, through printableText.
  std::string message(Language language) const;

 private:
  ErrorCode m_code;
  ErrorContext m_context;
  Message m_problem;
};

/// DESIGN.md's exit codes: bad usage (and malformed expressions) 2, every other failure 1.
int exitCodeFor(ErrorCode code) noexcept;

/// Text safe to print on one line of a terminal or log: valid UTF-8 kept, control characters
/// escaped (`\n`, `\t`, `\x1B`), bytes that are not UTF-8 written as `\xNN`. Every Error message
/// goes through it, so a crafted file name cannot forge a second line and GBK bytes never reach stderr raw.
std::string printableText(std::string_view text);

/// Formats the context as "file 'x', layer 'y', feature 'z', field 'w'" (empty when nothing is set);
/// in Chinese "文件 'x'，图层 'y'，要素 'z'，字段 'w'".
std::string describeContext(const ErrorContext& context, Language language = Language::English);

}  // namespace landbank
