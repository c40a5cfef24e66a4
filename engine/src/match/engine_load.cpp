// Loading the layers a match reads besides the parcels: constraints (with their rings for clipping
// and the require_within union), facilities by type (STRtrees and flat point arrays), parks and
// buildings. Done once per MatchEngine; `provenanceStamp` tells when a layer changed since.
#include <algorithm>
#include <cmath>
#include <limits>

#include "detail/spatialite_blob.h"
#include "landbank/error.h"
#include "landbank/store.h"
#include "match/match_internal.h"

namespace landbank {

using namespace match;
using nlohmann::json;

namespace {

// A layer's geometry as the row stores it (the `geom` column itself, not AsBinary(geom)): converted
// without SpatiaLite (detail/spatialite_blob.h), or by SpatiaLite's AsBinary() for a blob the converter
// leaves to it. A cold match then never loads mod_spatialite.
GeosGeometryPtr storedGeometry(SqliteDatabase& db, const char* table, std::int64_t fid, const SqliteStatement& row, int column) {
  int size = 0;
  const unsigned char* blob = row.columnBlobData(column, size);
  std::vector<unsigned char> wkb;
  if (wkbFromSpatialiteBlob(blob, static_cast<std::size_t>(size), wkb)) return geometryFromWkb(wkb.data(), wkb.size());
  auto statement = db.prepare(std::string("SELECT AsBinary(geom) FROM ") + table + " WHERE fid = ?");
  statement.bind(1, fid);
  if (statement.step()) wkb = statement.columnBlob(0);
  return geometryFromWkb(wkb.data(), wkb.size());
}

}  // namespace

const ProjectedToLonLat& MatchEngine::Impl::toLonLat() const {
  if (!toLonLatTransform) toLonLatTransform = std::make_unique<ProjectedToLonLat>(store->databaseCrs());
  return *toLonLatTransform;
}

std::string MatchEngine::Impl::provenanceStamp() const {
  std::string stamp;
  auto statement = store->database().prepare("SELECT layer, imported_at, feature_count FROM layer_provenance ORDER BY layer");
  while (statement.step()) stamp += statement.columnText(0) + "@" + statement.columnText(1) + "#" + statement.columnText(2) + ";";
  return stamp;
}

void MatchEngine::Impl::ensureConstraintGeometries() const {
  std::call_once(constraintGeometriesOnce, [this] {
    SqliteDatabase& db = store->database();
    auto statement = db.prepare("SELECT fid, geom, id FROM constraints ORDER BY fid");
    std::vector<ConstraintShape> shapes(constraints.size());
    std::size_t i = 0;
    while (statement.step()) {
      if (i == constraints.size())
        throw Error(ErrorCode::Database, Message{"匹配过程中约束图层被修改（另一进程同时修改了数据库），请重试", "the constraints changed during matching"},
                    {.layer = "constraints", .feature = statement.columnText(2)});
      ConstraintShape& shape = shapes[i];
      if (statement.columnInt(0) != constraints[i].fid)
        throw Error(ErrorCode::Database, Message{"匹配过程中约束图层被修改（另一进程同时修改了数据库），请重试", "the constraints changed during matching"},
                    {.layer = "constraints", .feature = statement.columnText(2)});
      shape.id = statement.columnText(2);
      shape.geometry = storedGeometry(db, "constraints", constraints[i].fid, statement, 1);
      std::size_t vertices = 0;
      if (polygonRings(shape.geometry.get(), shape.rings, shape.ringIsHole))
        for (const auto& ring : shape.rings) vertices += ring.size();
      if (vertices == 0 || vertices > kMaxClippedVertices) {
        shape.rings.clear();
        shape.ringIsHole.clear();
      }
      ++i;
    }
    if (i != constraints.size())
      throw Error(ErrorCode::Database, Message{"匹配过程中约束图层被修改（另一进程同时修改了数据库），请重试", "the constraints changed during matching"},
                  {.layer = "constraints"});
    constraintShapes = std::move(shapes);
    constraintTree = makeTree();
    std::vector<const GEOSGeometry*> withinParts;
    for (std::size_t index = 0; index < constraints.size(); ++index) {
      GEOSSTRtree_insert_r(geosContext(), constraintTree.get(), constraintShapes[index].geometry.get(), indexItem(index));
      if (constraints[index].kind == Effect::RequireWithin) withinParts.push_back(constraintShapes[index].geometry.get());
    }
    if (!withinParts.empty()) {
      std::vector<GEOSGeometry*> clones;
      for (const GEOSGeometry* part : withinParts) clones.push_back(GEOSGeom_clone_r(geosContext(), part));
      GeosGeometryPtr collection = takeGeometry(
          GEOSGeom_createCollection_r(geosContext(), GEOS_GEOMETRYCOLLECTION, clones.data(), static_cast<unsigned>(clones.size())),
          "collection");
      requireWithinUnion = takeGeometry(GEOSUnaryUnion_r(geosContext(), collection.get()), "union");
    }
    // STRtrees build on first query; build it here so that worker threads only ever read it.
    GeosGeometryPtr probe = takeGeometry(GEOSGeom_createRectangle_r(geosContext(), 0, 0, 1, 1), "rectangle");
    queryIndices(constraintTree.get(), probe.get());
  });
}

void MatchEngine::Impl::load() {
  SqliteDatabase& db = store->database();
  // Candidate rows are fetched through the area/status indexes in random table order; with a small
  // page cache each fetch is a pread() syscall, which dominated matching on 10^5 parcels. The store
  // maps the file already (configureConnection in store.cpp); matching adds a larger cache.
  db.run("PRAGMA cache_size = -131072");
  if (const CriterionRule* rule = rules.criterion("supply_chain")) supplyChainRadiusMetres = param(*rule, "radius_m", 5000);
  loadedProvenance = provenanceStamp();
  {
    // Attributes only: ids and geometries are read when a parcel has to be measured or a match
    // explained (ensureConstraintGeometries), which a cold match over stored facts never needs.
    // Reserved: growing a vector of 10^4 items moves each several times.
    constraints.reserve(static_cast<std::size_t>(db.queryInt("SELECT count(*) FROM constraints").value_or(0)));
    std::map<std::string, std::uint32_t, std::less<>> typeIndex;
    // Served by the covering index constraints_match (schema migration 8), not the table's rows.
    auto statement = db.prepare("SELECT fid, type, effect, value FROM constraints ORDER BY fid");
    while (statement.step()) {
      ConstraintItem item;
      item.fid = statement.columnInt(0);
      const std::string_view type = statement.columnTextView(1);
      auto found = typeIndex.find(type);
      if (found == typeIndex.end()) {
        found = typeIndex.emplace(std::string(type), static_cast<std::uint32_t>(constraintTypes.size())).first;
        constraintTypes.emplace_back(type);
      }
      item.type = found->second;
      item.kind = effectOf(statement.columnTextView(2));
      item.value = statement.columnOptionalDouble(3);
      constraints.push_back(item);
      if (item.kind == Effect::RequireWithin && requireWithinType.empty()) requireWithinType = type;
    }
    for (std::size_t index = 0; index < constraints.size(); ++index) constraintIndexByFid.add(constraints[index].fid, index);
    constraintIndexByFid.build();
  }
  {
    auto statement = db.prepare("SELECT id, type, name, sector, attrs, geom, fid FROM facilities ORDER BY id");
    while (statement.step()) {
      FacilityItem item;
      item.id = statement.columnText(0);
      item.type = statement.columnText(1);
      item.name = statement.columnOptionalText(2).value_or("");
      item.sector = statement.columnOptionalText(3).value_or("");
      item.fid = statement.columnInt(6);
      const json attrs = json::parse(statement.columnOptionalText(4).value_or("{}"), nullptr, false);
      if (attrs.is_object() && attrs.contains("subsector") && attrs.at("subsector").is_string())
        item.subsector = attrs.at("subsector").get<std::string>();
      item.geometry = storedGeometry(db, "facilities", item.fid, statement, 5);
      facilities.push_back(std::move(item));
    }
  }
  enterpriseTree = makeTree();
  for (std::size_t i = 0; i < facilities.size(); ++i) {
    const FacilityItem& facility = facilities[i];
    auto& tree = facilityTrees[facility.type];
    if (!tree) {
      tree = makeTree();
      facilityTypeIndex.emplace(facility.type, facilityTypeIndex.size());
    }
    // Items are the geometries themselves so that GEOSSTRtree_nearest_r can measure them.
    GEOSSTRtree_insert_r(geosContext(), tree.get(), facility.geometry.get(), const_cast<GEOSGeometry*>(facility.geometry.get()));
    facilitiesByType[facility.type].push_back(i);
    facilityIndexByFid.add(facility.fid, i);
    const std::size_t typeIndex = facilityTypeIndex.at(facility.type);
    if (facilityPoints.size() <= typeIndex) facilityPoints.resize(typeIndex + 1);
    facilityPoints[typeIndex].push_back({std::numeric_limits<double>::quiet_NaN(), 0});
    double x = 0, y = 0;
    if (GEOSGeomTypeId_r(geosContext(), facility.geometry.get()) == GEOS_POINT && geometryCentroid(facility.geometry.get(), x, y))
      facilityPoints[typeIndex].back() = {x, y};
    if (facility.type == "enterprise") {
      enterprises.push_back(i);
      GEOSSTRtree_insert_r(geosContext(), enterpriseTree.get(), facility.geometry.get(), indexItem(i));
    }
  }

  for (auto& points : facilityPoints)
    if (std::any_of(points.begin(), points.end(), [](const clip::Point& p) { return std::isnan(p.x); })) points.clear();

  parkTree = makeTree();
  {
    auto statement = db.prepare("SELECT id, name, sectors, attrs, geom, fid FROM parks ORDER BY id");
    while (statement.step()) {
      ParkItem item;
      item.id = statement.columnText(0);
      item.name = statement.columnText(1);
      item.fid = statement.columnInt(5);
      item.sectors = splitList(json::parse(statement.columnOptionalText(2).value_or("[]"), nullptr, false));
      const json attrs = json::parse(statement.columnOptionalText(3).value_or("{}"), nullptr, false);
      if (attrs.is_object() && attrs.contains("subsectors")) item.subsectors = splitList(attrs.at("subsectors"));
      item.geometry = storedGeometry(db, "parks", item.fid, statement, 4);
      parks.push_back(std::move(item));
    }
  }
  for (std::size_t i = 0; i < parks.size(); ++i) {
    GEOSSTRtree_insert_r(geosContext(), parkTree.get(), parks[i].geometry.get(), indexItem(i));
    parkIndexByFid.add(parks[i].fid, i);
  }
  facilityIndexByFid.build();
  parkIndexByFid.build();

  {
    auto statement = db.prepare(
        "SELECT fid, id, name, park_id, type, subdistrict, available_from, vacant_floor_m2, floor_load_kn_m2, clear_height_m,"
        " power_kva, rent_yuan_m2_month, geom FROM buildings ORDER BY id");
    while (statement.step()) {
      BuildingItem item;
      item.fid = statement.columnInt(0);
      item.id = statement.columnText(1);
      item.name = statement.columnOptionalText(2).value_or("");
      item.parkId = statement.columnOptionalText(3).value_or("");
      item.type = statement.columnOptionalText(4).value_or("");
      item.subdistrict = statement.columnOptionalText(5).value_or("");
      item.availableFrom = statement.columnOptionalText(6).value_or("");
      item.vacant = statement.columnOptionalDouble(7);
      item.floorLoad = statement.columnOptionalDouble(8);
      item.clearHeight = statement.columnOptionalDouble(9);
      item.power = statement.columnOptionalDouble(10);
      item.rent = statement.columnOptionalDouble(11);
      item.geometry = storedGeometry(db, "buildings", item.fid, statement, 12);
      buildings.push_back(std::move(item));
    }
  }

  // STRtrees build on first query; build them here so that worker threads only ever read them.
  GeosGeometryPtr probe = takeGeometry(GEOSGeom_createRectangle_r(geosContext(), 0, 0, 1, 1), "rectangle");
  queryIndices(enterpriseTree.get(), probe.get());
  queryIndices(parkTree.get(), probe.get());
  for (auto& [type, tree] : facilityTrees) GEOSSTRtree_nearest_r(geosContext(), tree.get(), probe.get());
}

}  // namespace landbank
