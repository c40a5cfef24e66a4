#pragma once
// Writing features to files other tools read: KML and GPX for phones, GeoJSON, GeoPackage,
// Shapefile, CSV with WKT and DXF for GIS and CAD offices, all through GDAL's drivers. Outputs are
// written atomically (output_file.h): a failure or a kill leaves no partial file and an old file intact.
//
// Attributes: every canonical field the feature has (typed), then its extra source attributes, under
// their own names, so that `landbank import` reads the file back without loss. Derived values (area_m2,
// area_mu) are not written as fields in GIS formats: the importer computes areas from geometry.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "landbank/features.h"
#include "landbank/geo.h"
#include "landbank/language.h"
#include "landbank/layers.h"
#include "landbank/output_file.h"

namespace landbank {

class Store;

enum class ExportFormat { Kml, Gpx, GeoJson, GeoPackage, Shapefile, Csv, Dxf };

/// "kml", "gpx", "geojson", "gpkg", "shp", "csv", "dxf" -> the format; nullopt otherwise.
std::optional<ExportFormat> exportFormatFromName(std::string_view name);
std::string_view exportFormatName(ExportFormat format);
/// The file extension with its dot: ".kml", ".shp", ...
std::string_view exportFileExtension(ExportFormat format);
/// The CRS written when --crs is not given: EPSG:4326 for KML, GPX, GeoJSON and CSV (KML, GPX and
/// RFC 7946 GeoJSON are WGS84 by definition), the database CRS for GeoPackage, Shapefile and DXF.
std::string defaultExportCrs(ExportFormat format, const std::string& databaseCrs);

/// The features of one layer to write (geometry as WKB in the database CRS, as readFeatures gives).
struct ExportLayer {
  Layer layer = Layer::Parcels;
  std::vector<FeatureRecord> features;
};

/// A site to visit: a KML placemark and a GPX waypoint, with the key figures in its description.
struct ExportSite {
  std::string id;
  std::string name;
  std::optional<int> rank;                ///< match rank (project exports)
  std::optional<double> score;            ///< match score in [0, 1]
  double areaSquareMetres = 0;
  std::string landUse;
  std::string status;
  EastingNorthing accessPoint;            ///< a point on the parcel (database CRS, metres)
};

struct FeatureExportOptions {
  ExportFormat format = ExportFormat::GeoPackage;
  std::filesystem::path output;
  OutputFileOptions outputFile;           ///< --force and the database that must not be overwritten
  std::optional<std::string> crs;         ///< --crs; defaultExportCrs() when unset
  std::vector<ExportLayer> layers;
  std::vector<ExportSite> sites;          ///< KML placemarks (layer "sites"), GPX waypoints
  /// The suggested route (database CRS), start first, then the sites in visiting order: a GPX route
  /// and a KML line. Empty: no route.
  std::vector<EastingNorthing> route;
  Language language = Language::Chinese;  ///< of the descriptions for people (field names stay)
};

struct FeatureExportResult {
  std::vector<std::filesystem::path> files;  ///< every file written (a shapefile has several)
  std::string crs;                           ///< the CRS written
  std::int64_t features = 0;                 ///< features of `layers` written
};

/// Writes the file(s). Throws Error(Usage) for a CRS the format cannot carry (KML, GPX, GeoJSON are
/// WGS84 only), an existing output without ExistingOutput::Replace or an output onto the database;
/// Error(Io) when GDAL cannot write (nothing is left behind); Error(Crs) for an unknown CRS.
FeatureExportResult exportFeatures(const Store& store, const FeatureExportOptions& options);

/// The files a shapefile export writes beside `shp`: .shp, .shx, .dbf, .prj, .cpg and .fields.csv
/// (the mapping from the 10-character DBF names to the full field names).
std::vector<std::filesystem::path> shapefileCompanions(const std::filesystem::path& shp);

/// DBF field names: at most 10 bytes, cut at a UTF-8 character boundary, made unique with a
/// numeric suffix ("subdistrict" -> "subdistric", a second one -> "subdistr_1"). Same order as `names`.
std::vector<std::string> shortenFieldNames(const std::vector<std::string>& names);

/// A file name (without folder) made from free text such as a Chinese project name: path separators,
/// control and reserved characters (<>:"/\|?*) become "_", leading dots and spaces are removed, ".."
/// cannot remain, Windows reserved names (CON, NUL, COM1...) get a "_" suffix, and the result is cut
/// to 120 bytes at a UTF-8 boundary. Chinese characters are kept. Empty text gives "export".
std::string safeFileName(const std::string& text);

}  // namespace landbank
