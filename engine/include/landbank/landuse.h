#pragma once
// The national land-use classification (国土空间调查、规划、用途管制用地用海分类指南) and the
// mapping of legacy GB 50137-2011 codes (M1, W1, ...) onto it, both read from CSV tables in gisdata/.

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace landbank {

struct LandUseClass {
  std::string code;    ///< "100102"
  std::string nameZh;  ///< "二类工业用地"
  std::string nameEn;  ///< "Class 2 industrial land"
};

class LandUseTable {
 public:
  /// Reads gisdata/landuse_codes.csv and gisdata/landuse_legacy_gb50137.csv from `gisdataDir`.
  /// Throws Error(Io) naming the file when either is missing or malformed.
  static LandUseTable load(const std::filesystem::path& gisdataDir);

  /// The bundled table (from bundledDataDir()), loaded once per process. Thread-safe.
  static const LandUseTable& bundled();

  /// A national code as given, or the national code of a legacy GB 50137 code ("M2" -> "100102").
  /// std::nullopt when the code is in neither table.
  std::optional<std::string> normalise(const std::string& code) const;

  const LandUseClass* find(const std::string& nationalCode) const;
  const std::map<std::string, LandUseClass>& classes() const { return m_classes; }

 private:
  std::map<std::string, LandUseClass> m_classes;
  std::map<std::string, std::string> m_legacyToNational;
  std::map<std::string, std::string> m_nameToCode;  ///< 二类工业用地 -> 100102
};

/// The bundled data folder: $LANDBANK_GISDATA if set, else the source tree's gisdata/ baked in at build time.
std::filesystem::path bundledDataDir();

}  // namespace landbank
