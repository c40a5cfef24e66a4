#include "landbank/map_features.h"

#include <algorithm>
#include <string>

#include "detail/sqlite.h"
#include "landbank/store.h"
#include "schema.h"

namespace landbank {

namespace {

/// The style attribute's column of a layer (see MapFeatureRow::category).
std::string categoryColumn(const LayerSpec& spec) {
  if (spec.layer == Layer::Parcels) return "status";
  if (spec.layer == Layer::Boundaries) return "level";
  if (spec.layer == Layer::Projects) return "stage";
  if (spec.field("class")) return "class";  // roads, water, places
  return spec.field("type") ? "type" : "NULL";
}

/// The columns the map needs, in MapFeatureRow's order; NULL where the layer has no such column.
std::string selectColumns(const LayerSpec& spec) {
  auto column = [&](std::string_view name) { return spec.field(name) ? std::string(name) : std::string("NULL"); };
  const std::string subdistrict = spec.derivesSubdistrict ? "subdistrict" : column("subdistrict");
  const std::string area = spec.geometry == GeometryKind::Polygonal ? "area_m2" : "NULL";
  // Centroid and AsBinary are SpatiaLite's (the same as readFeatures): together ~1.5 s of SQL for a
  // whole layer of 10^6 parcels.
  return "SELECT id, " + column("name") + ", " + categoryColumn(spec) + ", " + column("land_use") + ", " + subdistrict + ", " +
         column("sector") + ", " + area + ", X(Centroid(geom)), Y(Centroid(geom)), AsBinary(geom) FROM " + tableName(spec.layer);
}

std::string textOrEmpty(const SqliteStatement& row, int column) { return row.isNull(column) ? std::string() : row.columnText(column); }

/// Row ids (fid) of the selected features, ascending and unique.
std::vector<std::int64_t> selectedFids(SqliteDatabase& db, Layer layer, const MapFeatureSelection& selection) {
  std::vector<std::int64_t> fids;
  if (!selection.boxes.empty()) {
    // SpatiaLite keeps idx_<table>_geom with pkid = fid (as query.cpp's spatial filters use it).
    auto boxQuery = db.prepare("SELECT pkid FROM " + spatialIndexName(layer) + " WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?");
    for (const ProjectedBox& box : selection.boxes) {
      if (box.isEmpty()) continue;
      boxQuery.reset();
      boxQuery.bind(1, box.maxEasting).bind(2, box.minEasting).bind(3, box.maxNorthing).bind(4, box.minNorthing);
      while (boxQuery.step()) fids.push_back(boxQuery.columnInt(0));
    }
  }
  if (!selection.ids.empty()) {
    auto idQuery = db.prepare("SELECT fid FROM " + tableName(layer) + " WHERE id = ?");
    for (const std::string& id : selection.ids) {
      idQuery.reset();
      idQuery.bind(1, id);
      if (idQuery.step()) fids.push_back(idQuery.columnInt(0));
    }
  }
  std::ranges::sort(fids);
  fids.erase(std::unique(fids.begin(), fids.end()), fids.end());
  return fids;
}

}  // namespace

void readMapFeatures(const Store& store, Layer layer, const MapFeatureSelection& selection, const std::function<void(MapFeatureRow&)>& visit) {
  const LayerSpec& spec = layerSpec(layer);
  SqliteDatabase& db = store.database();
  std::string sql = selectColumns(spec);
  std::string fidList;
  if (!selection.everything()) {
    const std::vector<std::int64_t> fids = selectedFids(db, layer, selection);
    if (fids.empty()) return;
    // One statement for any number of boxes: the fids as a JSON array. SQLite looks each one up by
    // rowid and sorts the few thousand rows by id in a temporary b-tree (EXPLAIN QUERY PLAN: SEARCH
    // USING INTEGER PRIMARY KEY, LIST SUBQUERY, TEMP B-TREE FOR ORDER BY), never scanning the table.
    fidList.reserve(fids.size() * 8 + 2);
    fidList += '[';
    for (std::size_t i = 0; i < fids.size(); ++i) {
      if (i) fidList += ',';
      fidList += std::to_string(fids[i]);
    }
    fidList += ']';
    sql += " WHERE fid IN (SELECT value FROM json_each(?))";
  }
  sql += " ORDER BY id";
  auto row = db.prepare(sql);
  if (!fidList.empty()) row.bind(1, fidList);
  MapFeatureRow feature;
  while (row.step()) {
    feature.id = row.columnText(0);
    feature.name = textOrEmpty(row, 1);
    feature.category = textOrEmpty(row, 2);
    feature.landUse = textOrEmpty(row, 3);
    feature.subdistrict = textOrEmpty(row, 4);
    feature.sector = textOrEmpty(row, 5);
    feature.areaM2 = row.columnOptionalDouble(6);
    feature.centroidX = row.columnOptionalDouble(7);
    feature.centroidY = row.columnOptionalDouble(8);
    int size = 0;
    const unsigned char* wkb = row.isNull(9) ? nullptr : row.columnBlobData(9, size);
    feature.wkb = wkb && size > 0 ? std::span<const unsigned char>(wkb, static_cast<std::size_t>(size)) : std::span<const unsigned char>();
    visit(feature);
  }
}

std::vector<std::string> distinctMapValues(const Store& store, Layer layer, MapCategoryField field) {
  const LayerSpec& spec = layerSpec(layer);
  const std::string column = field == MapCategoryField::LandUse ? (spec.field("land_use") ? "land_use" : "NULL") : categoryColumn(spec);
  // Parcels have indexes on status and land_use: ~30 ms at 10^6 parcels; the other layers are small.
  auto query = store.database().prepare("SELECT DISTINCT " + column + " FROM " + tableName(layer));
  std::vector<std::string> values;
  while (query.step()) values.push_back(textOrEmpty(query, 0));
  std::ranges::sort(values);
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

}  // namespace landbank
