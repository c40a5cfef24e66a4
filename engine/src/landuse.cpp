#include "landbank/landuse.h"

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

#include "landbank/csv.h"
#include "landbank/error.h"
#include "landbank/texts.h"

#ifndef LANDBANK_GISDATA_DIR
#error "LANDBANK_GISDATA_DIR must be defined by the build"
#endif

namespace landbank {

namespace {

std::vector<std::vector<std::string>> readCsvFile(const std::filesystem::path& path, std::size_t minColumns) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::Io, Message{"无法打开用地分类表", "cannot open the land-use table"}, {.file = path.string()});
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::vector<std::vector<std::string>> rows = parseCsv(buffer.str());
  if (rows.empty()) throw Error(ErrorCode::Io, Message{"用地分类表是空的", "the land-use table is empty"}, {.file = path.string()});
  rows.erase(rows.begin());  // header
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].size() == 1 && rows[i][0].empty()) continue;  // blank line
    if (rows[i].size() < minColumns)
      throw Error(ErrorCode::Io, bilingual("第 {} 行有 {} 列，应为 {} 列", "row {} has {} columns, expected {}", i + 2, rows[i].size(), minColumns),
                  {.file = path.string()});
  }
  return rows;
}

}  // namespace

LandUseTable LandUseTable::load(const std::filesystem::path& gisdataDir) {
  LandUseTable table;
  for (const auto& row : readCsvFile(gisdataDir / "landuse_codes.csv", 3)) {
    if (row.size() < 3) continue;
    table.m_classes[row[0]] = LandUseClass{row[0], row[1], row[2]};
    table.m_nameToCode.try_emplace(row[1], row[0]);  // the first (most general) class of a name wins
  }
  for (const auto& row : readCsvFile(gisdataDir / "landuse_legacy_gb50137.csv", 2)) {
    if (row.size() < 2) continue;
    table.m_legacyToNational[row[0]] = row[1];
  }
  return table;
}

const LandUseTable& LandUseTable::bundled() {
  static const LandUseTable table = load(bundledDataDir());
  return table;
}

std::optional<std::string> LandUseTable::normalise(const std::string& code) const {
  if (m_classes.count(code)) return code;
  // The class's Chinese name, as status accepts 储备: 一类工业用地 -> 100101.
  if (auto named = m_nameToCode.find(code); named != m_nameToCode.end()) return named->second;
  auto legacy = m_legacyToNational.find(code);
  if (legacy != m_legacyToNational.end()) return legacy->second;
  // Legacy codes are often written in lower case ("m2") in hand-made sheets.
  std::string upper = code;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  legacy = m_legacyToNational.find(upper);
  if (legacy != m_legacyToNational.end()) return legacy->second;
  return std::nullopt;
}

const LandUseClass* LandUseTable::find(const std::string& nationalCode) const {
  auto it = m_classes.find(nationalCode);
  return it == m_classes.end() ? nullptr : &it->second;
}

std::filesystem::path bundledDataDir() {
  if (const char* overridden = std::getenv("LANDBANK_GISDATA"); overridden && *overridden) return overridden;
  return LANDBANK_GISDATA_DIR;
}

}  // namespace landbank
