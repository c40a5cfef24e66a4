#pragma once
// A small RFC 4180 CSV reader and writer for our own tables and for every CSV output (CLI listings,
// plans, exports). Reading sources for import goes through GDAL; this is only for files we control.

#include <string>
#include <string_view>
#include <vector>

namespace landbank {

/// Parses CSV text (quotes, doubled quotes, CRLF) into rows of fields. A UTF-8 BOM is skipped.
std::vector<std::vector<std::string>> parseCsv(std::string_view text);

/// Quotes a field when it contains a comma, quote, CR or LF.
std::string csvField(std::string_view value);

/// A text cell a spreadsheet would run as a formula (leading `=`, `+`, `-`, `@`, tab, CR) gets a
/// leading apostrophe, as OWASP recommends for CSV injection; numbers are written as numbers instead.
std::string csvSafeText(std::string_view text);

}  // namespace landbank
