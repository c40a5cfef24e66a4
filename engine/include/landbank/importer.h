#pragma once
// Imports any vector source GDAL reads into one layer of the store, all or nothing.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "landbank/error.h"
#include "landbank/feedback.h"
#include "landbank/language.h"
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
/// --merge-parts: records sharing an id are parts of one feature (a MultiPolygon), not duplicates.
enum class RepeatedIds { Refuse, MergeParts };
/// --dry-run: read and check the whole source, collect every bad value, write nothing.
enum class ImportRun { Write, DryRun };

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
  RepeatedIds repeatedIds = RepeatedIds::Refuse;
  ImportRun run = ImportRun::Write;
  Language language = Language::Chinese;  ///< of the notices given to the feedback (errors carry both)
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
  Message reason;  ///< the whole one-line message (context and problem) in both languages
};

/// --dry-run: one distinct bad value of one field (an unknown code, a number that is not one, an
/// empty required value) and how often it occurs.
struct BadValueCount {
  std::string field;          ///< canonical field name
  std::string value;          ///< the source's text (decoded), "" for an empty required value
  std::int64_t count = 0;
  std::int64_t firstRow = 0;  ///< 1-based source row of its first occurrence
  std::string firstFeature;   ///< the id there (or "#row")
  Message problem;            ///< what is wrong with it (both languages), with the valid values where a code list applies
  bool codeList = false;      ///< the field takes codes (status, land_use, sector, tier, type, ...)
};

struct ImportResult {
  std::int64_t imported = 0;
  std::int64_t repaired = 0;
  std::int64_t replacedRows = 0;              ///< rows removed by --mode replace
  std::vector<RepairReport> largeRepairs;     ///< repairs that changed the area by more than 1%
  std::vector<SkippedFeature> skipped;        ///< with --skip-invalid
  std::string sourceCrs;                      ///< the CRS used for the source
  Message encoding;                           ///< the text encoding used ("UTF-8", "GBK (detected)" / "GBK（自动识别）")
  std::string sourceLayerName;
  std::int64_t keptRows = 0;                  ///< boundaries replace: rows of levels the file does not hold
  std::vector<std::string> replacedLevels;    ///< boundaries replace: the levels that were swapped
  std::int64_t lostSubdistrict = 0;           ///< rows whose derived subdistrict became empty (boundaries import)
  std::int64_t factsMeasured = 0;             ///< offered parcels whose stored facts were measured (landbank/stored_facts.h)
  std::int64_t outsideDatabaseArea = 0;       ///< features (partly) outside the database CRS's area of use
  std::string databaseAreaText;               ///< that area of use, described for people
  std::vector<std::string> numericExtraFields;  ///< text extra fields stored as numbers (CSV/XLSX)
  std::string legacyDatum;                    ///< "Beijing 1954", "Xi'an 1980" when the source uses one
  std::int64_t mergedParts = 0;               ///< --merge-parts: records that were parts of a feature with several
  std::int64_t mergedFeatures = 0;            ///< --merge-parts: the features those parts became
  std::int64_t rowsRead = 0;                  ///< records read from the source
  /// --dry-run: every distinct bad value per field (canonical field order, then most frequent
  /// first); other per-feature problems (geometry, duplicates, encoding) are in `skipped`.
  std::vector<BadValueCount> badValues;
  bool dryRun = false;                        ///< nothing was written
};

/// Reads, checks, converts and writes every feature in one transaction. On any error throws
/// landbank::Error naming the file, feature and field, and the database is exactly as before.
/// With ImportRun::DryRun the whole source is read and checked as for a write, bad values and
/// per-feature problems are collected instead of thrown (result.badValues, result.skipped), and
/// the transaction is rolled back: the database is never changed. When nothing is wrong, the
/// guards of a real import (nothing to import, a shrinking replace) still throw.
ImportResult importLayer(Store& store, const ImportOptions& options, Feedback& feedback);

/// A one-line summary for people in `language`: "parcels: imported 1632 from a.gpkg (EPSG:4549, UTF-8),
/// repaired 2" (en), "parcels：导入 1632 个要素，来自 a.gpkg（EPSG:4549，UTF-8），修复 2" (zh_CN).
std::string describeImport(const ImportOptions& options, const ImportResult& result, Language language);

}  // namespace landbank
