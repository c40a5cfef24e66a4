#include "landbank/feature_report.h"

#include <algorithm>
#include <cmath>

#include "detail/sqlite.h"
#include "landbank/crs.h"
#include "landbank/error.h"
#include "landbank/units.h"
#include "schema.h"

namespace landbank {

namespace {

// Reads the feature's geometry once into a temporary binding: every query below compares against it
// through `?` (as WKB), after an R*Tree box probe of the other layer.
struct FeatureGeometry {
  std::vector<unsigned char> wkb;
  double minX = 0, minY = 0, maxX = 0, maxY = 0;
  double area = 0;
};

FeatureGeometry loadGeometry(const Store& store, Layer layer, const std::string& id) {
  auto statement = store.database().prepare("SELECT AsBinary(geom), MbrMinX(geom), MbrMinY(geom), MbrMaxX(geom), MbrMaxY(geom), ST_Area(geom) FROM " +
                                            tableName(layer) + " WHERE id = ?");
  statement.bind(1, id);
  FeatureGeometry geometry;
  if (statement.step() && !statement.isNull(0)) {
    geometry.wkb = statement.columnBlob(0);
    geometry.minX = statement.columnDouble(1), geometry.minY = statement.columnDouble(2);
    geometry.maxX = statement.columnDouble(3), geometry.maxY = statement.columnDouble(4);
    geometry.area = statement.columnDouble(5);
  }
  return geometry;
}

std::string indexProbe(Layer layer) {
  return "fid IN (SELECT pkid FROM " + spatialIndexName(layer) + " WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?)";
}

void bindProbe(SqliteStatement& statement, int first, const FeatureGeometry& geometry, double margin) {
  statement.bind(first, geometry.maxX + margin).bind(first + 1, geometry.minX - margin);
  statement.bind(first + 2, geometry.maxY + margin).bind(first + 3, geometry.minY - margin);
}

}  // namespace

FeatureReport featureReport(const Store& store, Layer layer, const std::string& id) {
  if (layer != Layer::Parcels && layer != Layer::Buildings && layer != Layer::Parks)
    throw Error(ErrorCode::Usage, Message{"show 只适用于地块、载体和园区", "show applies to parcels, buildings and parks"});
  FeatureReport report;
  report.layer = layer;
  report.record = readFeature(store, layer, id);
  report.databaseCrs = store.databaseCrs();
  report.provenance = store.provenance(layer);
  if (report.record.centroid) report.centroidLonLat = ProjectedToLonLat(store.databaseCrs()).toLonLat(*report.record.centroid);

  const FeatureGeometry geometry = loadGeometry(store, layer, id);
  if (geometry.wkb.empty()) return report;
  const int srid = store.databaseSrid();
  SqliteDatabase& db = store.database();
  const std::string geom = "GeomFromWKB(?, " + std::to_string(srid) + ")";

  // Constraints overlapping the interior (touching along an edge is not "applies").
  {
    auto statement = db.prepare("SELECT id, type, effect, value, name, ST_Area(ST_Intersection(geom, " + geom + ")) FROM constraints WHERE " +
                                indexProbe(Layer::Constraints) + " AND ST_Intersects(geom, " + geom + ") AND NOT ST_Touches(geom, " + geom + ")");
    statement.bindBlob(1, geometry.wkb.data(), geometry.wkb.size());
    bindProbe(statement, 2, geometry, 0);
    statement.bindBlob(6, geometry.wkb.data(), geometry.wkb.size());
    statement.bindBlob(7, geometry.wkb.data(), geometry.wkb.size());
    while (statement.step()) {
      ConstraintOverlap overlap;
      overlap.id = statement.columnText(0);
      overlap.type = statement.columnText(1);
      overlap.effect = statement.columnText(2);
      overlap.value = statement.columnOptionalDouble(3);
      overlap.name = statement.columnOptionalText(4).value_or("");
      overlap.overlapSquareMetres = statement.columnOptionalDouble(5).value_or(0);
      overlap.shareOfFeature = geometry.area > 0 ? overlap.overlapSquareMetres / geometry.area : 1.0;
      report.constraints.push_back(std::move(overlap));
    }
    std::sort(report.constraints.begin(), report.constraints.end(), [](const auto& a, const auto& b) {
      return a.overlapSquareMetres != b.overlapSquareMetres ? a.overlapSquareMetres > b.overlapSquareMetres : a.id < b.id;
    });
  }

  // Nearest facility per type: the facilities layer is small (tens to hundreds of points and lines)
  // and indexed by type, so an ordered scan per type is cheaper than growing index boxes.
  {
    auto statement = db.prepare("SELECT id, name, ST_Distance(geom, " + geom + ") AS d FROM facilities WHERE type = ? AND geom IS NOT NULL ORDER BY d, id LIMIT 1");
    for (std::string_view type : codes::facilityType) {
      statement.reset();
      statement.bindBlob(1, geometry.wkb.data(), geometry.wkb.size());
      statement.bind(2, type);
      if (statement.step())
        report.nearestFacilities.push_back({std::string(type), statement.columnText(0), statement.columnOptionalText(1).value_or(""), statement.columnDouble(2)});
    }
  }

  // Neighbours: same-layer features within 1 m (shared edges, allowing for digitising gaps).
  {
    constexpr double kNeighbourMetres = 1.0;
    auto statement = db.prepare("SELECT id FROM " + tableName(layer) + " WHERE " + indexProbe(layer) +
                                " AND id != ? AND ST_Distance(geom, " + geom + ") <= ? ORDER BY id");
    bindProbe(statement, 1, geometry, kNeighbourMetres);
    statement.bind(5, id);
    statement.bindBlob(6, geometry.wkb.data(), geometry.wkb.size());
    statement.bind(7, kNeighbourMetres);
    while (statement.step()) report.neighbourIds.push_back(statement.columnText(0));
  }

  // The park: a building names it; a parcel lies in the park holding most of its area.
  if (layer == Layer::Buildings && report.record.properties.contains("park_id")) {
    report.parkId = report.record.properties["park_id"].get<std::string>();
  } else if (layer == Layer::Parcels) {
    auto statement = db.prepare("SELECT id, ST_Area(ST_Intersection(geom, " + geom + ")) AS a FROM parks WHERE " + indexProbe(Layer::Parks) +
                                " AND ST_Intersects(geom, " + geom + ") ORDER BY a DESC, id LIMIT 1");
    statement.bindBlob(1, geometry.wkb.data(), geometry.wkb.size());
    bindProbe(statement, 2, geometry, 0);
    statement.bindBlob(6, geometry.wkb.data(), geometry.wkb.size());
    if (statement.step() && statement.columnOptionalDouble(1).value_or(0) > 0) report.parkId = statement.columnText(0);
  }
  if (report.parkId) {
    auto statement = db.prepare("SELECT name FROM parks WHERE id = ?");
    statement.bind(1, *report.parkId);
    if (statement.step()) report.parkName = statement.columnOptionalText(0);
  }
  return report;
}

nlohmann::json featureReportJson(const FeatureReport& report) {
  nlohmann::json json;
  json["layer"] = std::string(layerName(report.layer));
  json["id"] = report.record.id;
  nlohmann::json properties = report.record.properties;
  properties.erase("area_m2");
  properties.erase("area_mu");
  json["properties"] = properties;
  json["attrs"] = report.record.extra;
  if (report.record.properties.contains("area_m2")) {
    const double m2 = report.record.properties["area_m2"].get<double>();
    json["area"] = {{"m2", std::round(m2 * 100) / 100}, {"mu", std::round(squareMetresToMu(m2) * 1000) / 1000},
                    {"ha", std::round(m2 / kSquareMetresPerHectare * 10000) / 10000}};
  }
  if (report.centroidLonLat)
    json["centroid"] = {std::round(report.centroidLonLat->lon * 1e7) / 1e7, std::round(report.centroidLonLat->lat * 1e7) / 1e7};
  if (report.record.centroid)
    json["centroid_db"] = {{"crs", report.databaseCrs},
                           {"x", std::round(report.record.centroid->easting * 100) / 100},
                           {"y", std::round(report.record.centroid->northing * 100) / 100}};
  json["subdistrict"] = report.record.properties.value("subdistrict", nlohmann::json(nullptr));
  json["park"] = report.parkId ? nlohmann::json{{"id", *report.parkId}, {"name", report.parkName.value_or("")}} : nlohmann::json(nullptr);
  json["constraints"] = nlohmann::json::array();
  for (const ConstraintOverlap& c : report.constraints)
    json["constraints"].push_back({{"id", c.id}, {"type", c.type}, {"effect", c.effect}, {"name", c.name},
                                   {"value", c.value ? nlohmann::json(*c.value) : nlohmann::json(nullptr)},
                                   {"overlap_m2", std::round(c.overlapSquareMetres * 100) / 100},
                                   {"share", std::round(c.shareOfFeature * 10000) / 10000}});
  json["nearest_facilities"] = nlohmann::json::array();
  for (const NearestFacility& f : report.nearestFacilities)
    json["nearest_facilities"].push_back({{"type", f.type}, {"id", f.id}, {"name", f.name}, {"distance_m", std::round(f.distanceMetres * 10) / 10}});
  json["neighbours"] = report.neighbourIds;
  if (report.provenance)
    json["provenance"] = {{"source", report.provenance->source}, {"imported_at", report.provenance->importedAt},
                          {"imported_by", report.provenance->importedBy}, {"source_crs", report.provenance->sourceCrs},
                          {"as_of", report.provenance->asOf}};
  else
    json["provenance"] = nullptr;
  return json;
}

}  // namespace landbank
