#pragma once
// Imports any vector source GDAL reads into one layer of the store, all or nothing.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "landbank/feedback.h"
#include "landbank/layers.h"

namespace landbank {

class Store;

enum class ImportMode { Append, Replace };
enum class InvalidGeometryPolicy { Refuse, Repair };
enum class InvalidFeaturePolicy { Fail, Skip };
/// --force-crs: trust the source CRS even when its coordinates contradict it.
enum class CrsPlausibility { Check, Trust };
/// --force: let a replace remove far more rows than it adds (see kReplaceShrinkRule).
enum class ShrinkGuard { Refuse, Allow };

/// A replace refuses (unless --force) when it removes more than twice as many rows as it adds and the
/// layer loses more than this many rows: "imported 1, replaced 1600" is a mistake far more often than
/// a wish. Boundaries are replaced by level (only the levels the file holds), see importLayer.
constexpr std::int64_t kReplaceShrinkMinimumLoss = 10;

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
  /// --xy LONCOL,LATCOL: the x (longitude/easting) and y columns of a CSV.
  std::optional<std::pair<std::string, std::string>> xyColumns;
  /// --id-from-fid: ids from the source's feature ids (FID) instead of a field.
  enum class IdSource { Field, SourceFid } idSource = IdSource::Field;
  std::string idPrefix;                     ///< --id-prefix: put before every id (field or FID)
  CrsPlausibility crsCheck = CrsPlausibility::Check;
  ShrinkGuard shrinkGuard = ShrinkGuard::Refuse;
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
  std::int64_t keptRows = 0;                  ///< boundaries replace: rows of levels the file does not hold
  std::vector<std::string> replacedLevels;    ///< boundaries replace: the levels that were swapped
  std::int64_t lostSubdistrict = 0;           ///< rows whose derived subdistrict became empty (boundaries import)
  std::int64_t outsideDatabaseArea = 0;       ///< features (partly) outside the database CRS's area of use
  std::string databaseAreaText;               ///< that area of use, described for people
  std::vector<std::string> numericExtraFields;
  std::string legacyDatum;                    ///< "Beijing 1954", "Xi'an 1980" when the source uses one  ///< text extra fields stored as numbers (CSV/XLSX)
};

/// Reads, checks, converts and writes every feature in one transaction. On any error throws
/// landbank::Error naming the file, feature and field, and the database is exactly as before.
ImportResult importLayer(Store& store, const ImportOptions& options, Feedback& feedback);

/// A one-line summary for people: "parcels: imported 1,632 from a.gpkg (EPSG:4549), repaired 2, skipped 0".
std::string describeImport(const ImportOptions& options, const ImportResult& result);

}  // namespace landbank
