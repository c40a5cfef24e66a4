#include "landbank/importer.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>
#include <unordered_set>

#include "detail/gdal.h"
#include "detail/geos.h"
#include "detail/sqlite.h"
#include "field_values.h"
#include "landbank/crs.h"
#include "landbank/error.h"
#include "landbank/store.h"
#include "landbank/units.h"
#include "schema.h"
#include "subdistrict_locator.h"
#include "text_encoding.h"

namespace landbank {

namespace {

std::string lowerCase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// ---- source opening -------------------------------------------------------------------------

// GDAL 3.6 takes these as configuration options, not open options, and some drivers read them
// lazily (XLSX parses its sheet on first access), so they stay set for the whole import:
// DXF closed polylines are parcels, not lines; spreadsheets always have a header row and are
// read as text (we parse numbers ourselves).
class ScopedReaderConfig {
 public:
  ScopedReaderConfig() {
    for (const auto& [key, value] : kOptions) CPLSetThreadLocalConfigOption(key, value);
  }
  ~ScopedReaderConfig() {
    for (const auto& [key, value] : kOptions) CPLSetThreadLocalConfigOption(key, nullptr);
  }
  ScopedReaderConfig(const ScopedReaderConfig&) = delete;
  ScopedReaderConfig& operator=(const ScopedReaderConfig&) = delete;

 private:
  static constexpr std::pair<const char*, const char*> kOptions[] = {{"DXF_CLOSED_LINE_AS_POLYGON", "TRUE"},
                                                                     {"OGR_XLSX_HEADERS", "FORCE"},
                                                                     {"OGR_XLSX_FIELD_TYPES", "STRING"},
                                                                     {"OGR_ODS_HEADERS", "FORCE"},
                                                                     {"OGR_ODS_FIELD_TYPES", "STRING"}};
};

GdalDatasetPtr openSource(const ImportOptions& options) {
  const std::string path = options.sourcePath.string();
  if (!std::filesystem::exists(options.sourcePath)) throw Error(ErrorCode::Io, "file not found", {.file = path});
  const std::string extension = lowerCase(options.sourcePath.extension().string());
  CPLStringList openOptions;
  if (extension == ".csv") {
    // Geometry from a WKT column or from x/y columns; every value kept as text so that we parse
    // (and report) numbers ourselves instead of GDAL silently turning "abc" into 0.
    openOptions.AddNameValue("GEOM_POSSIBLE_NAMES", "WKT,wkt,geom,geometry,the_geom,GEOMETRY,Geometry");
    openOptions.AddNameValue("X_POSSIBLE_NAMES", "x,X,lon,lng,longitude,Lon,Longitude,easting,Easting,经度,centroid_lon");
    openOptions.AddNameValue("Y_POSSIBLE_NAMES", "y,Y,lat,latitude,Lat,Latitude,northing,Northing,纬度,centroid_lat");
    openOptions.AddNameValue("KEEP_GEOM_COLUMNS", "NO");
    openOptions.AddNameValue("AUTODETECT_TYPE", "NO");
    openOptions.AddNameValue("EMPTY_STRING_AS_NULL", "YES");
  } else if (extension == ".shp" || extension == ".dbf") {
    // Raw bytes: we decode (or detect) the encoding ourselves, strictly, so that a wrong guess
    // becomes an error instead of mojibake in the store. A .cpg, when present, still wins.
    std::filesystem::path cpg = options.sourcePath;
    cpg.replace_extension(".cpg");
    if (options.encoding || !std::filesystem::exists(cpg)) openOptions.AddNameValue("ENCODING", "");
  }
  GdalErrorCapture capture;
  GDALDatasetH dataset =
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, openOptions.List(), nullptr);
  if (!dataset)
    throw Error(ErrorCode::Io, "GDAL cannot read it as a vector source" + capture.suffix(), {.file = path});
  return GdalDatasetPtr(GDALDataset::FromHandle(dataset));
}

OGRLayer* chooseSourceLayer(GDALDataset& dataset, const ImportOptions& options) {
  const std::string file = options.sourcePath.string();
  std::string names;
  for (int i = 0; i < dataset.GetLayerCount(); ++i) names += (i ? ", " : "") + std::string(dataset.GetLayer(i)->GetName());
  if (options.sourceLayer) {
    OGRLayer* layer = dataset.GetLayerByName(options.sourceLayer->c_str());
    if (!layer)
      throw Error(ErrorCode::Usage, "no layer '" + *options.sourceLayer + "' in the source; it has: " + names, {.file = file});
    return layer;
  }
  if (dataset.GetLayerCount() == 0) throw Error(ErrorCode::BadValue, "the source has no layers", {.file = file});
  if (dataset.GetLayerCount() == 1) return dataset.GetLayer(0);
  // A multi-layer source (a GeoPackage of the whole district) usually names its layers like ours.
  if (OGRLayer* same = dataset.GetLayerByName(std::string(layerName(options.layer)).c_str())) return same;
  throw Error(ErrorCode::Usage, "the source has several layers (" + names + "); pick one with --src-layer", {.file = file});
}

// ---- CRS --------------------------------------------------------------------------------------

struct SourceCrs {
  OGRSpatialReference reference;
  std::string name;  // for provenance and messages
};

std::string describeSpatialReference(const OGRSpatialReference& reference) {
  const char* authority = reference.GetAuthorityName(nullptr);
  const char* code = reference.GetAuthorityCode(nullptr);
  if (authority && code) return std::string(authority) + ":" + code;
  OGRSpatialReference copy(reference);
  if (copy.AutoIdentifyEPSG() == OGRERR_NONE && copy.GetAuthorityCode(nullptr))
    return std::string("EPSG:") + copy.GetAuthorityCode(nullptr);
  const char* name = reference.GetName();
  return name ? name : "unnamed CRS";
}

std::optional<SourceCrs> resolveSourceCrs(OGRLayer& layer, const ImportOptions& options, Feedback& feedback) {
  const std::string file = options.sourcePath.string();
  SourceCrs crs;
  if (options.crs) {
    const std::string name = normaliseCrsName(*options.crs);
    if (crs.reference.SetFromUserInput(name.c_str()) != OGRERR_NONE)
      throw Error(ErrorCode::Crs, "GDAL does not know the CRS '" + *options.crs + "'", {.file = file});
    crs.name = name;
  } else if (const OGRSpatialReference* declared = layer.GetSpatialRef()) {
    crs.reference = *declared;
    crs.name = describeSpatialReference(*declared);
  } else {
    if (layer.GetGeomType() == wkbNone) return std::nullopt;  // a table without geometry (projects in XLSX)
    OGREnvelope extent;
    if (layer.GetExtent(&extent, TRUE) != OGRERR_NONE) return std::nullopt;  // no geometry in any feature
    const bool plausibleLonLat = extent.MinX >= -180 && extent.MaxX <= 180 && extent.MinY >= -90 && extent.MaxY <= 90;
    if (!plausibleLonLat) {
      const std::string hint = suggestCrsForCoordinates(extent.MinX, extent.MinY);
      throw Error(ErrorCode::Crs,
                  "the source has no CRS and its coordinates (x " + std::to_string(extent.MinX) + ".." +
                      std::to_string(extent.MaxX) + ") are not longitude/latitude; pass --crs" +
                      (hint.empty() ? std::string(" EPSG:NNNN") : " (they look like " + hint + ")"),
                  {.file = file});
    }
    // GeoJSON (RFC 7946) and most CSVs without a CRS are WGS84 lon/lat.
    crs.reference.SetFromUserInput("EPSG:4326");
    crs.name = "EPSG:4326 (assumed: no CRS in the source, coordinates are lon/lat)";
    feedback.notice("no CRS in " + options.sourcePath.filename().string() + "; coordinates look like lon/lat, using EPSG:4326");
  }
  crs.reference.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return crs;
}

// ---- field mapping ----------------------------------------------------------------------------

struct MappedField {
  const FieldSpec* spec;
  int sourceIndex;  // -1: absent in the source
  std::string sourceName;
  std::optional<std::string> constant;  // --set: the same value for every feature
};

std::vector<MappedField> mapFields(OGRFeatureDefn& definition, const LayerSpec& layerSpec, const ImportOptions& options,
                                   std::vector<int>& extraFields) {
  const std::string file = options.sourcePath.string();
  std::string available;
  for (int i = 0; i < definition.GetFieldCount(); ++i)
    available += (i ? ", " : "") + std::string(definition.GetFieldDefn(i)->GetNameRef());
  std::string canonicalNames;
  for (const FieldSpec& f : layerSpec.fields) canonicalNames += (canonicalNames.empty() ? "" : ", ") + std::string(f.name);
  for (const auto& [canonical, source] : options.fieldMap) {
    if (!layerSpec.field(canonical))
      throw Error(ErrorCode::Usage,
                  "--map " + canonical + "=" + source + ": '" + canonical + "' is not a field of " + std::string(layerSpec.name) +
                      " (fields: " + canonicalNames + ")");
    if (definition.GetFieldIndex(source.c_str()) < 0)
      throw Error(ErrorCode::MissingField,
                  "--map " + canonical + "=" + source + ": the source has no field '" + source + "' (it has: " + available + ")",
                  {.file = file, .field = source});
  }
  for (const auto& [canonical, value] : options.constantValues) {
    if (!layerSpec.field(canonical))
      throw Error(ErrorCode::Usage, "--set " + canonical + "=" + value + ": '" + canonical + "' is not a field of " +
                                        std::string(layerSpec.name) + " (fields: " + canonicalNames + ")");
    if (canonical == "id") throw Error(ErrorCode::Usage, "--set id=...: every feature needs its own id; map it with --map id=SOURCE");
    if (options.fieldMap.count(canonical))
      throw Error(ErrorCode::Usage, "field '" + canonical + "' is given both by --map and by --set; choose one");
  }
  std::vector<MappedField> mapped;
  std::vector<bool> used(static_cast<std::size_t>(definition.GetFieldCount()), false);
  for (const FieldSpec& spec : layerSpec.fields) {
    int index = -1;
    std::string sourceName;
    if (auto constant = options.constantValues.find(std::string(spec.name)); constant != options.constantValues.end()) {
      mapped.push_back(MappedField{&spec, -1, "", constant->second});
      continue;
    }
    if (auto it = options.fieldMap.find(std::string(spec.name)); it != options.fieldMap.end()) {
      index = definition.GetFieldIndex(it->second.c_str());
    } else {
      // Same name, ignoring case (GetFieldIndex is case-insensitive), unless that source field
      // is already mapped to another canonical field.
      index = definition.GetFieldIndex(std::string(spec.name).c_str());
      if (index >= 0 && used[static_cast<std::size_t>(index)]) index = -1;
    }
    if (index >= 0) {
      used[static_cast<std::size_t>(index)] = true;
      sourceName = definition.GetFieldDefn(index)->GetNameRef();
    } else if (spec.requirement == Requirement::Required) {
      throw Error(ErrorCode::MissingField,
                  "required field '" + std::string(spec.name) + "' is missing; the source has: " + available +
                      " (map one with --map " + std::string(spec.name) + "=SOURCE_FIELD)",
                  {.file = file, .layer = std::string(layerSpec.name), .field = std::string(spec.name)});
    }
    mapped.push_back(MappedField{&spec, index, sourceName, std::nullopt});
  }
  for (int i = 0; i < definition.GetFieldCount(); ++i)
    if (!used[static_cast<std::size_t>(i)]) extraFields.push_back(i);
  return mapped;
}

// ---- geometry ---------------------------------------------------------------------------------

bool allCoordinatesFinite(const OGRGeometry& geometry) {
  switch (wkbFlatten(geometry.getGeometryType())) {
    case wkbPoint: {
      const auto& point = *geometry.toPoint();
      return point.IsEmpty() || (std::isfinite(point.getX()) && std::isfinite(point.getY()));
    }
    case wkbLineString:
    case wkbLinearRing: {
      const auto& line = *geometry.toLineString();
      for (int i = 0; i < line.getNumPoints(); ++i)
        if (!std::isfinite(line.getX(i)) || !std::isfinite(line.getY(i))) return false;
      return true;
    }
    case wkbPolygon: {
      for (const OGRLinearRing* ring : *geometry.toPolygon())
        if (!allCoordinatesFinite(*ring)) return false;
      return true;
    }
    default:
      if (OGR_GT_IsSubClassOf(geometry.getGeometryType(), wkbGeometryCollection)) {
        for (const OGRGeometry* part : *geometry.toGeometryCollection())
          if (!allCoordinatesFinite(*part)) return false;
      }
      return true;
  }
}

// An unclosed ring is an error in every format; GEOS would only say "IllegalArgumentException".
bool hasUnclosedRing(const OGRGeometry& geometry) {
  const auto type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbPolygon) {
    for (const OGRLinearRing* ring : *geometry.toPolygon()) {
      const int n = ring->getNumPoints();
      if (n > 0 && (ring->getX(0) != ring->getX(n - 1) || ring->getY(0) != ring->getY(n - 1))) return true;
    }
    return false;
  }
  if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
    for (const OGRGeometry* part : *geometry.toGeometryCollection())
      if (hasUnclosedRing(*part)) return true;
  }
  return false;
}

bool hasShortRing(const OGRGeometry& geometry) {
  const auto type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbPolygon) {
    for (const OGRLinearRing* ring : *geometry.toPolygon())
      if (ring->getNumPoints() > 0 && ring->getNumPoints() < 4) return true;
    return false;
  }
  if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
    for (const OGRGeometry* part : *geometry.toGeometryCollection())
      if (hasShortRing(*part)) return true;
  }
  return false;
}

// Keeps the polygonal parts of a geometry (make-valid can return a collection with lines and
// points where parts collapsed) as one MultiPolygon.
GeosGeometryPtr polygonalParts(const GEOSGeometry* geometry) {
  GEOSContextHandle_t context = geosContext();
  std::vector<GEOSGeometry*> polygons;
  auto collect = [&](auto&& self, const GEOSGeometry* g) -> void {
    const int type = GEOSGeomTypeId_r(context, g);
    if (type == GEOS_POLYGON) {
      if (!GEOSisEmpty_r(context, g)) polygons.push_back(GEOSGeom_clone_r(context, g));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
      for (int i = 0; i < GEOSGetNumGeometries_r(context, g); ++i) self(self, GEOSGetGeometryN_r(context, g, i));
    }
  };
  collect(collect, geometry);
  return takeGeometry(GEOSGeom_createCollection_r(context, GEOS_MULTIPOLYGON, polygons.data(),
                                                  static_cast<unsigned>(polygons.size())),
                      "collect polygons");
}

GeosGeometryPtr singlePointOf(GeosGeometryPtr geometry) {
  GEOSContextHandle_t context = geosContext();
  if (GEOSGeomTypeId_r(context, geometry.get()) == GEOS_MULTIPOINT && GEOSGetNumGeometries_r(context, geometry.get()) == 1)
    return cloneGeometry(GEOSGetGeometryN_r(context, geometry.get(), 0));
  return geometry;
}

struct ConvertedGeometry {
  GeosGeometryPtr geometry;  // in the database CRS; null for a project without a site
  bool repaired = false;
  std::optional<RepairReport> largeRepair;
};

class GeometryConverter {
 public:
  GeometryConverter(const LayerSpec& spec, const std::optional<SourceCrs>& sourceCrs, const std::string& databaseCrs,
                    InvalidGeometryPolicy policy)
      : m_spec(spec), m_policy(policy) {
    if (!sourceCrs) return;
    m_target.SetFromUserInput(databaseCrs.c_str());
    m_target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!sourceCrs->reference.IsSame(&m_target)) {
      m_transform.reset(OGRCreateCoordinateTransformation(&sourceCrs->reference, &m_target));
      if (!m_transform) throw Error(ErrorCode::Crs, "cannot transform from " + sourceCrs->name + " to " + databaseCrs);
    }
  }

  // Throws Error(InvalidGeometry/Crs) with the problem; the caller adds the feature context.
  ConvertedGeometry convert(const OGRGeometry* source, const std::string& featureId) {
    ConvertedGeometry result;
    if (!source) {
      if (m_spec.geometry == GeometryKind::OptionalPoint) return result;
      throw Error(ErrorCode::InvalidGeometry, "the feature has no geometry");
    }
    std::unique_ptr<OGRGeometry> geometry(source->clone());
    if (geometry->IsEmpty()) {
      if (m_spec.geometry == GeometryKind::OptionalPoint) return result;
      throw Error(ErrorCode::InvalidGeometry, "empty geometry");
    }
    if (geometry->hasCurveGeometry()) geometry.reset(geometry->getLinearGeometry());
    geometry->flattenTo2D();  // Z and M are not used: heights are attributes
    geometry->setMeasured(FALSE);
    if (!allCoordinatesFinite(*geometry)) throw Error(ErrorCode::InvalidGeometry, "a coordinate is NaN or infinite");
    if (hasUnclosedRing(*geometry)) throw Error(ErrorCode::InvalidGeometry, "unclosed ring (first and last points differ)");
    if (hasShortRing(*geometry)) throw Error(ErrorCode::InvalidGeometry, "a ring has fewer than 4 points");
    if (m_transform && geometry->transform(m_transform.get()) != OGRERR_NONE)
      throw Error(ErrorCode::Crs, "coordinates cannot be transformed to the database CRS (outside the source CRS's area?)");
    checkKind(*geometry);
    std::vector<unsigned char> wkb(static_cast<std::size_t>(geometry->WkbSize()));
    geometry->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    GeosGeometryPtr geos = geometryFromWkb(wkb.data(), wkb.size());
    GEOSContextHandle_t context = geosContext();
    const char invalid = GEOSisValid_r(context, geos.get());
    if (invalid == 2) throw Error(ErrorCode::InvalidGeometry, "GEOS cannot test validity: " + lastGeosMessage());
    if (invalid == 0) {
      char* reasonText = GEOSisValidReason_r(context, geos.get());
      const std::string reason = reasonText ? reasonText : "invalid";
      GEOSFree_r(context, reasonText);
      if (m_policy == InvalidGeometryPolicy::Refuse)
        throw Error(ErrorCode::InvalidGeometry, "invalid geometry: " + reason + " (use --repair to fix it with GEOS make-valid)");
      const double areaBefore = geometryArea(geos.get());
      geos = repair(geos.get(), reason);
      result.repaired = true;
      const double areaAfter = geometryArea(geos.get());
      if (m_spec.geometry == GeometryKind::Polygonal || isPolygon(geos.get())) {
        const double change = std::fabs(areaAfter - areaBefore) / std::max(areaBefore, 1e-9);
        if (change > 0.01) result.largeRepair = RepairReport{featureId, areaBefore, areaAfter, reason};
      }
    }
    if (m_spec.geometry == GeometryKind::Polygonal) {
      geos = polygonalParts(geos.get());
      const double area = geometryArea(geos.get());
      if (GEOSisEmpty_r(context, geos.get()) || !(area > 0)) throw Error(ErrorCode::InvalidGeometry, "the polygon has no area");
    } else if (m_spec.geometry == GeometryKind::OptionalPoint || m_spec.geometry == GeometryKind::PointOrPolygon) {
      geos = singlePointOf(std::move(geos));
    }
    result.geometry = std::move(geos);
    return result;
  }

 private:
  static bool isPolygon(const GEOSGeometry* g) {
    const int type = GEOSGeomTypeId_r(geosContext(), g);
    return type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON;
  }

  void checkKind(const OGRGeometry& geometry) const {
    const auto type = wkbFlatten(geometry.getGeometryType());
    const bool polygon = type == wkbPolygon || type == wkbMultiPolygon;
    const bool point = type == wkbPoint || (type == wkbMultiPoint && geometry.toMultiPoint()->getNumGeometries() == 1);
    const bool line = type == wkbLineString || type == wkbMultiLineString;
    bool ok = false;
    const char* expected = "";
    switch (m_spec.geometry) {
      case GeometryKind::Polygonal: ok = polygon; expected = "Polygon or MultiPolygon"; break;
      case GeometryKind::PointOrPolygon: ok = point || polygon; expected = "Point or Polygon"; break;
      case GeometryKind::PointOrLine: ok = point || line; expected = "Point or LineString"; break;
      case GeometryKind::OptionalPoint: ok = point; expected = "Point (or no geometry)"; break;
    }
    if (!ok)
      throw Error(ErrorCode::InvalidGeometry, std::string("geometry is ") + OGRGeometryTypeToName(geometry.getGeometryType()) +
                                                  ", " + std::string(m_spec.name) + " need " + expected);
  }

  GeosGeometryPtr repair(const GEOSGeometry* geometry, const std::string& reason) const {
    GEOSContextHandle_t context = geosContext();
    // The "structure" method (GEOS 3.10+) rebuilds polygons from their rings, the behaviour
    // planners expect for a bow-tie (two triangles) rather than the "linework" method's slivers.
    GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(context);
    GEOSMakeValidParams_setMethod_r(context, params, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(context, params, 0);
    GEOSGeometry* repaired = GEOSMakeValidWithParams_r(context, geometry, params);
    GEOSMakeValidParams_destroy_r(context, params);
    if (!repaired) throw Error(ErrorCode::InvalidGeometry, "invalid geometry (" + reason + ") and GEOS make-valid failed");
    GeosGeometryPtr result(repaired);
    if (GEOSisEmpty_r(context, result.get()))
      throw Error(ErrorCode::InvalidGeometry, "invalid geometry (" + reason + "); nothing with area remains after repair");
    return result;
  }

  const LayerSpec& m_spec;
  InvalidGeometryPolicy m_policy;
  OGRSpatialReference m_target;
  std::unique_ptr<OGRCoordinateTransformation> m_transform;
};

// ---- writing ----------------------------------------------------------------------------------

// SpatiaLite keeps idx_<table>_geom current with an AFTER INSERT trigger that calls RTreeAlign(),
// which prepares and runs an INSERT statement of its own for every row (perf: a third of a
// 10^5-parcel import went to sqlite3_prepare and sqlite3_exec there). During an import the trigger is
// dropped inside the import's transaction, each row's box goes in through one prepared statement,
// and the trigger is created again from its own SQL before the commit. A failed import rolls the
// DROP back with everything else; a database without the trigger is left to itself.
class SpatialIndexFeeder {
 public:
  SpatialIndexFeeder(SqliteDatabase& db, const std::string& table) : m_db(db), m_trigger("gii_" + table + "_geom") {
    auto read = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
    read.bind(1, m_trigger);
    if (!read.step()) return;
    m_triggerSql = read.columnText(0);
    m_db.exec("DROP TRIGGER \"" + m_trigger + "\"");
    // The R*Tree stores 32-bit floats and rounds each box outwards itself, as RTreeAlign's insert does.
    m_insert = std::make_unique<SqliteStatement>(
        db.prepare("INSERT INTO \"idx_" + table + "_geom\" (pkid, xmin, xmax, ymin, ymax) VALUES (?, ?, ?, ?, ?)"));
  }

  void add(std::int64_t fid, const GEOSGeometry* geometry) {
    double minX = 0, minY = 0, maxX = 0, maxY = 0;
    if (!m_insert || !geometryEnvelope(geometry, minX, minY, maxX, maxY)) return;
    m_insert->bind(1, fid).bind(2, minX).bind(3, maxX).bind(4, minY).bind(5, maxY);
    m_insert->run();
  }

  void finish() {
    if (!m_insert) return;
    m_insert.reset();
    m_db.exec(m_triggerSql);
  }

 private:
  SqliteDatabase& m_db;
  std::string m_trigger;
  std::string m_triggerSql;
  std::unique_ptr<SqliteStatement> m_insert;  // null when the trigger stays (not found) or is back
};

class LayerInserter {
 public:
  /// `locator` derives the subdistrict of rows whose source gives none (layers that derive it).
  LayerInserter(SqliteDatabase& db, const LayerSpec& spec, int srid, const SubdistrictLocator* locator)
      : m_db(db), m_spec(spec), m_locator(locator) {
    const std::string table(spec.name);
    std::string columns = "id", values = "?";
    for (const FieldSpec& field : spec.fields) {
      if (field.name == "id") continue;
      columns += ", " + std::string(field.name);
      values += ", ?";
    }
    if (spec.derivesSubdistrict) {
      if (!spec.field("subdistrict")) {
        columns += ", subdistrict";
        values += ", ?";
      }
      columns += ", subdistrict_derived";
      values += ", ?";
    }
    if (spec.geometry == GeometryKind::Polygonal) {
      columns += ", area_m2, area_mu";
      values += ", ?, ?";
    }
    columns += ", attrs, geom";
    values += ", ?, GeomFromWKB(?, " + std::to_string(srid) + ")";
    m_insert = std::make_unique<SqliteStatement>(db.prepare("INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")"));
    m_exists = std::make_unique<SqliteStatement>(db.prepare("SELECT 1 FROM " + table + " WHERE id = ?"));
  }

  bool exists(const std::string& id) {
    m_exists->bind(1, id);
    const bool found = m_exists->step();
    m_exists->reset();
    return found;
  }

  void insert(const nlohmann::json& values, const nlohmann::json& extra, const GEOSGeometry* geometry) {
    SqliteStatement& s = *m_insert;
    int index = 1;
    auto bindJson = [&](const nlohmann::json& value) {
      if (value.is_null()) s.bindNull(index);
      else if (value.is_boolean()) s.bind(index, static_cast<std::int64_t>(value.get<bool>() ? 1 : 0));
      else if (value.is_number_integer()) s.bind(index, value.get<std::int64_t>());
      else if (value.is_number()) s.bind(index, value.get<double>());
      else if (value.is_string()) s.bind(index, value.get<std::string>());
      else s.bind(index, value.dump());  // TextList: JSON array text
      ++index;
    };
    // A subdistrict the source does not give is derived here, from the boundaries, as the row goes in.
    const bool subdistrictGiven = values.contains("subdistrict") && !values.at("subdistrict").is_null();
    nlohmann::json derivedSubdistrict = nullptr;
    if (m_spec.derivesSubdistrict && !subdistrictGiven && m_locator)
      if (std::optional<std::string> name = m_locator->locate(geometry)) derivedSubdistrict = *name;
    for (const FieldSpec& field : m_spec.fields) {
      if (field.name == "subdistrict" && m_spec.derivesSubdistrict && !subdistrictGiven) bindJson(derivedSubdistrict);
      else bindJson(values.contains(field.name) ? values.at(std::string(field.name)) : nullptr);
    }
    if (m_spec.derivesSubdistrict) {
      if (!m_spec.field("subdistrict")) bindJson(derivedSubdistrict);
      s.bind(index++, static_cast<std::int64_t>(subdistrictGiven ? 0 : 1));
    }
    if (m_spec.geometry == GeometryKind::Polygonal) {
      const double area = geometryArea(geometry);
      s.bind(index++, area);
      s.bind(index++, squareMetresToMu(area));
    }
    s.bind(index++, extra.dump());
    if (geometry) {
      const std::vector<unsigned char> wkb = geometryToWkb(geometry);
      s.bindBlob(index++, wkb.data(), wkb.size());
    } else {
      s.bindNull(index++);
    }
    s.run();
    s.reset();
    if (geometry) m_spatialIndex.add(m_db.lastInsertRowId(), geometry);
  }

  /// Before the commit: the spatial index trigger back in place.
  void finish() { m_spatialIndex.finish(); }

 private:
  SqliteDatabase& m_db;
  const LayerSpec& m_spec;
  const SubdistrictLocator* m_locator;
  SpatialIndexFeeder m_spatialIndex{m_db, std::string(m_spec.name)};
  std::unique_ptr<SqliteStatement> m_insert;
  std::unique_ptr<SqliteStatement> m_exists;
};

// Test hook for the crash-safety test: after N features, stop and wait to be killed (kill -9).
std::int64_t stallAfterFeatures() {
  const char* value = std::getenv("LANDBANK_TEST_STALL_AFTER");
  return value ? std::atoll(value) : -1;
}

}  // namespace

ImportResult importLayer(Store& store, const ImportOptions& options, Feedback& feedback) {
  const LayerSpec& spec = layerSpec(options.layer);
  const std::string file = options.sourcePath.string();
  const std::string layerText(spec.name);
  const ScopedReaderConfig readerConfig;
  GdalDatasetPtr dataset = openSource(options);
  OGRLayer& source = *chooseSourceLayer(*dataset, options);
  ImportResult result;
  result.sourceLayerName = source.GetName();
  const std::optional<SourceCrs> sourceCrs = resolveSourceCrs(source, options, feedback);
  result.sourceCrs = sourceCrs ? sourceCrs->name : "none";
  std::vector<int> extraFields;
  const std::vector<MappedField> fields = mapFields(*source.GetLayerDefn(), spec, options, extraFields);
  GeometryConverter converter(spec, sourceCrs, store.databaseCrs(), options.invalidGeometry);
  TextDecoder decoder(options.encoding);
  OGRFeatureDefn& definition = *source.GetLayerDefn();

  SqliteDatabase& db = store.database();
  SqliteTransaction transaction(db);
  if (options.mode == ImportMode::Replace) {
    result.replacedRows = store.featureCount(options.layer);
    db.exec("DELETE FROM " + layerText);
  }
  std::optional<SubdistrictLocator> locator;
  if (spec.derivesSubdistrict) locator.emplace(db);
  LayerInserter inserter(db, spec, store.databaseSrid(), locator ? &*locator : nullptr);
  std::unordered_set<std::string> seenIds;
  const std::int64_t total = source.GetFeatureCount(FALSE);
  const std::int64_t stallAfter = stallAfterFeatures();
  std::int64_t row = 0;

  auto decodeText = [&](const char* raw, const std::string& featureLabel, const std::string& fieldName) {
    std::optional<std::string> text = decoder.decode(raw);
    if (!text)
      throw Error(ErrorCode::Encoding,
                  "text is not valid " + decoder.description() +
                      (options.encoding ? std::string() : "; if the file is GBK/GB18030, pass --encoding GBK"),
                  {.file = file, .feature = featureLabel, .field = fieldName});
    return *text;
  };

  source.ResetReading();
  for (auto& feature : source) {
    ++row;
    if (feedback.isCancelled()) throw Error(ErrorCode::Internal, "import cancelled; nothing was written", {.file = file});
    std::string featureLabel = "#" + std::to_string(row);
    try {
      nlohmann::json values = nlohmann::json::object();
      // The id first, so that every later error names the feature by it.
      for (const MappedField& mapped : fields) {
        if (mapped.spec->name != "id" || mapped.sourceIndex < 0) continue;
        if (feature->IsFieldSetAndNotNull(mapped.sourceIndex)) {
          std::string id = decodeText(feature->GetFieldAsString(mapped.sourceIndex), featureLabel, "id");
          while (!id.empty() && std::isspace(static_cast<unsigned char>(id.back()))) id.pop_back();
          while (!id.empty() && std::isspace(static_cast<unsigned char>(id.front()))) id.erase(id.begin());
          if (!id.empty()) featureLabel = id;
          values["id"] = id;
        }
      }
      for (const MappedField& mapped : fields) {
        const std::string fieldName(mapped.spec->name);
        if (fieldName == "id") continue;
        const ErrorContext context{.file = file, .layer = layerText, .feature = featureLabel, .field = fieldName};
        nlohmann::json value = nullptr;
        if (mapped.constant) {
          try {
            value = parseFieldValue(*mapped.spec, *mapped.constant);
          } catch (const Error& error) {
            throw Error(ErrorCode::Usage, "--set " + fieldName + "=" + *mapped.constant + ": " + error.problem());
          }
        } else if (mapped.sourceIndex >= 0 && feature->IsFieldSetAndNotNull(mapped.sourceIndex)) {
          const OGRFieldType type = definition.GetFieldDefn(mapped.sourceIndex)->GetType();
          try {
            if (type == OFTInteger || type == OFTInteger64 || type == OFTReal)
              value = parseFieldNumber(*mapped.spec, feature->GetFieldAsDouble(mapped.sourceIndex));
            else
              value = parseFieldValue(*mapped.spec, decodeText(feature->GetFieldAsString(mapped.sourceIndex), featureLabel, fieldName));
          } catch (const Error& error) {
            if (error.code() != ErrorCode::BadValue) throw;
            throw Error(ErrorCode::BadValue, error.problem(), context);
          }
        }
        if (value.is_null() && mapped.spec->requirement == Requirement::Required)
          throw Error(ErrorCode::MissingField, "required value is empty", context);
        if (!value.is_null()) values[fieldName] = value;
      }
      if (!values.contains("id") || values["id"].get<std::string>().empty())
        throw Error(ErrorCode::MissingField, "required value is empty", {.file = file, .layer = layerText, .feature = featureLabel, .field = "id"});
      const std::string id = values["id"].get<std::string>();
      if (!seenIds.insert(id).second)
        throw Error(ErrorCode::Duplicate, "duplicate id in the source file", {.file = file, .layer = layerText, .feature = id, .field = "id"});
      if (options.mode == ImportMode::Append && inserter.exists(id))
        throw Error(ErrorCode::Duplicate, "id already exists in the database (use --mode replace to swap the whole layer)",
                    {.file = file, .layer = layerText, .feature = id, .field = "id"});
      nlohmann::json extra = nlohmann::json::object();
      for (int index : extraFields) {
        if (!feature->IsFieldSetAndNotNull(index)) continue;
        const OGRFieldDefn* fieldDefinition = definition.GetFieldDefn(index);
        const std::string name = decodeText(fieldDefinition->GetNameRef(), featureLabel, fieldDefinition->GetNameRef());
        switch (fieldDefinition->GetType()) {
          case OFTInteger:
          case OFTInteger64: extra[name] = feature->GetFieldAsInteger64(index); break;
          case OFTReal: extra[name] = feature->GetFieldAsDouble(index); break;
          default: extra[name] = decodeText(feature->GetFieldAsString(index), featureLabel, name);
        }
      }
      ConvertedGeometry geometry;
      try {
        geometry = converter.convert(feature->GetGeometryRef(), id);
      } catch (const Error& error) {
        throw Error(error.code(), error.problem(), {.file = file, .layer = layerText, .feature = id, .field = "geometry"});
      }
      if (geometry.repaired) ++result.repaired;
      if (geometry.largeRepair) result.largeRepairs.push_back(*geometry.largeRepair);
      inserter.insert(values, extra, geometry.geometry.get());
      ++result.imported;
    } catch (const Error& error) {
      const bool perFeature = error.code() == ErrorCode::InvalidGeometry || error.code() == ErrorCode::BadValue ||
                              error.code() == ErrorCode::MissingField || error.code() == ErrorCode::Duplicate ||
                              error.code() == ErrorCode::Encoding || error.code() == ErrorCode::Crs;
      if (options.invalidFeatures != InvalidFeaturePolicy::Skip || !perFeature) throw;
      result.skipped.push_back(SkippedFeature{featureLabel, error.what()});
    }
    if (total > 0 && (row % 256 == 0 || row == total))
      feedback.progress(static_cast<double>(row) / static_cast<double>(total), "import " + layerText);
    if (stallAfter >= 0 && row == stallAfter) {
      std::cerr << "landbank: test hook: stalled after " << row << " features" << std::endl;
      std::this_thread::sleep_for(std::chrono::seconds(600));
    }
  }
  result.encoding = decoder.description();
  if (decoder.detectedGbk()) feedback.notice("text in " + options.sourcePath.filename().string() + " detected as GBK; use --encoding to override");

  // New boundaries change every layer's derived subdistricts; importing another layer only adds rows
  // of that layer, so recomputing the others (10^6 parcels when buildings arrive) would be wasted.
  inserter.finish();
  // New boundaries change every layer's derived subdistricts. Rows of any other layer got theirs as
  // they went in, and its older rows are still right: the boundaries did not change.
  if (options.layer == Layer::Boundaries) store.recomputeDerivedSubdistricts();
  store.recordProvenance(options.layer, LayerProvenance{options.sourcePath.filename().string(), Store::utcNow(),
                                                        Store::currentUser(), result.sourceCrs, options.asOf,
                                                        result.imported});
  store.recordAudit(AuditEntry{"import", layerText, "",
                               {{"source", options.sourcePath.filename().string()},
                                {"mode", options.mode == ImportMode::Replace ? "replace" : "append"},
                                {"imported", result.imported},
                                {"repaired", result.repaired},
                                {"skipped", result.skipped.size()},
                                {"replaced_rows", result.replacedRows},
                                {"source_crs", result.sourceCrs},
                                {"encoding", result.encoding}}});
  // Index statistics for the query planner: without them SQLite picks the first usable index
  // (e.g. status, matching most parcels) over a selective one (area_m2); see docs/benchmarks.md.
  store.database().exec("ANALYZE " + tableName(options.layer));
  transaction.commit();
  return result;
}

std::string describeImport(const ImportOptions& options, const ImportResult& result) {
  std::string text = std::string(layerName(options.layer)) + ": imported " + std::to_string(result.imported) + " from " +
                     options.sourcePath.filename().string() + " (" + result.sourceCrs + ", " + result.encoding + ")";
  if (options.mode == ImportMode::Replace) text += ", replaced " + std::to_string(result.replacedRows);
  text += ", repaired " + std::to_string(result.repaired);
  if (options.invalidFeatures == InvalidFeaturePolicy::Skip) text += ", skipped " + std::to_string(result.skipped.size());
  return text;
}

}  // namespace landbank
