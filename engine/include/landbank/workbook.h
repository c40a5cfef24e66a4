#pragma once
// Tables for spreadsheet users: an XLSX workbook with one sheet per table, written through GDAL's
// XLSX driver (numbers as numbers, text as UTF-8 text), atomically (output_file.h).

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "landbank/output_file.h"

namespace landbank {

enum class CellType { Text, Integer, Real };

struct WorkbookColumn {
  std::string header;  ///< the first row of the sheet (any UTF-8 text, e.g. 签约投资(万元))
  CellType type = CellType::Text;
};

struct WorkbookSheet {
  std::string name;  ///< at most 31 characters, none of []:*?/\ (Excel's rules); checked
  std::vector<WorkbookColumn> columns;
  /// One JSON value per column: a string, a number, or null for an empty cell.
  std::vector<std::vector<nlohmann::json>> rows;
};

/// Writes the sheets, in order, to `path` (.xlsx). Throws Error(Usage) for a bad sheet name or an
/// empty workbook, Error(Io) naming the file when GDAL cannot write it (the target is then untouched).
void writeWorkbook(const std::filesystem::path& path, const std::vector<WorkbookSheet>& sheets, const OutputFileOptions& options);

}  // namespace landbank
