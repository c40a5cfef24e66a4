#pragma once
// Imports any vector source GDAL reads into one layer of the store, all or nothing.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "landbank/feedback.h"
#include "landbank/layers.h"

namespace landbank {

class Store;

enum class ImportMode { Append, Replace };
enum class InvalidGeometryPolicy { Refuse, Repair };
enum class InvalidFeaturePolicy { Fail, Skip };

struct ImportOptions {
  Layer layer = Layer::Parcels;
  std::filesystem::path sourcePath;
  std::optional<std::string> sourceLayer;   ///< --src-layer: a layer of a multi-layer source
  std::optional<std::string> crs;           ///< --crs: supplies a missing CRS or overrides the source's
  std::optional<std::string> encoding;      ///< --encoding: of text in the source (Shapefile DBF, CSV)
  std::map<std::string, std::string> fieldMap;  ///< --map canonical=source
  /// --set canonical=value: one value for every feature (e.g. status of a DXF or KML that has none).
  std::map<std::string, std::string> constantValues;
  ImportMode mode = ImportMode::Append;
  InvalidGeometryPolicy invalidGeometry = InvalidGeometryPolicy::Refuse;
  InvalidFeaturePolicy invalidFeatures = InvalidFeaturePolicy::Fail;  ///< --skip-invalid
  std::string asOf;                         ///< --as-of: free text date of the source data
};

/// A geometry that --repair changed by more than 1% of its area.
struct RepairReport {
  std::string featureId;
  double areaBeforeSquareMetres = 0;
  double areaAfterSquareMetres = 0;
  std::string reason;  ///< GEOS validity reason before repair
};

struct SkippedFeature {
  std::string featureId;
  std::string reason;
};

struct ImportResult {
  std::int64_t imported = 0;
  std::int64_t repaired = 0;
  std::int64_t replacedRows = 0;              ///< rows removed by --mode replace
  std::vector<RepairReport> largeRepairs;     ///< repairs that changed the area by more than 1%
  std::vector<SkippedFeature> skipped;        ///< with --skip-invalid
  std::string sourceCrs;                      ///< the CRS used for the source
  std::string encoding;                       ///< the text encoding used ("UTF-8", "GBK (detected)")
  std::string sourceLayerName;
};

/// Reads, checks, converts and writes every feature in one transaction. On any error throws
/// landbank::Error naming the file, feature and field, and the database is exactly as before.
ImportResult importLayer(Store& store, const ImportOptions& options, Feedback& feedback);

/// A one-line summary for people: "parcels: imported 1,632 from a.gpkg (EPSG:4549), repaired 2, skipped 0".
std::string describeImport(const ImportOptions& options, const ImportResult& result);

}  // namespace landbank
