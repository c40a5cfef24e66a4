#include "schema.h"

#include <functional>
#include <string>
#include <vector>

#include "detail/sqlite.h"
#include "landbank/error.h"
#include "landbank/stored_facts.h"
#include "landbank/texts.h"
#include "ledger/audit_chain.h"
#include "ledger/ledger_schema.h"

namespace landbank {

std::string tableName(Layer layer) { return std::string(layerName(layer)); }
std::string spatialIndexName(Layer layer) { return "idx_" + tableName(layer) + "_geom"; }

const char* sqlType(FieldType type) {
  switch (type) {
    case FieldType::Real: return "REAL";
    case FieldType::Integer:
    case FieldType::Boolean: return "INTEGER";
    case FieldType::Text:
    case FieldType::Date:
    case FieldType::TextList: return "TEXT";
  }
  return "TEXT";
}

namespace {

const char* spatialiteGeometryType(GeometryKind kind) {
  switch (kind) {
    case GeometryKind::Polygonal: return "MULTIPOLYGON";
    case GeometryKind::OptionalPoint:
    case GeometryKind::Point: return "POINT";
    case GeometryKind::PointOrPolygon:
    case GeometryKind::PointOrLine:
    case GeometryKind::Line:  // LineString or MultiLineString as the source has it
    case GeometryKind::LineOrPolygon: return "GEOMETRY";
  }
  return "GEOMETRY";
}

void createLayerTable(SqliteDatabase& db, const LayerSpec& spec, int srid) {
  const std::string table = std::string(spec.name);
  std::string sql = "CREATE TABLE " + table + " (fid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE";
  bool hasSubdistrict = false;
  for (const FieldSpec& field : spec.fields) {
    if (field.name == "id") continue;
    sql += ", " + std::string(field.name) + " " + sqlType(field.type);
    if (field.name == "subdistrict") hasSubdistrict = true;
  }
  if (spec.derivesSubdistrict) {
    if (!hasSubdistrict) sql += ", subdistrict TEXT";
    // 1 when subdistrict was derived from boundaries (and so is recomputed when they change).
    sql += ", subdistrict_derived INTEGER NOT NULL DEFAULT 0";
  }
  if (spec.geometry == GeometryKind::Polygonal) sql += ", area_m2 REAL, area_mu REAL";
  // Source fields that are not canonical, kept as a JSON object.
  sql += ", attrs TEXT NOT NULL DEFAULT '{}')";
  db.exec(sql);
  auto addGeometry = db.prepare("SELECT AddGeometryColumn(?, 'geom', ?, ?, 'XY', ?)");
  addGeometry.bind(1, table).bind(2, srid).bind(3, spatialiteGeometryType(spec.geometry));
  addGeometry.bind(4, spec.geometry == GeometryKind::OptionalPoint ? 0 : 1);  // NOT NULL except projects
  if (!addGeometry.step() || addGeometry.columnInt(0) != 1)
    throw Error(ErrorCode::Database, Message{"SpatiaLite 无法给 " + table + " 添加几何列", "SpatiaLite could not add the geometry column of " + table});
  auto createIndex = db.prepare("SELECT CreateSpatialIndex(?, 'geom')");
  createIndex.bind(1, table);
  if (!createIndex.step() || createIndex.columnInt(0) != 1)
    throw Error(ErrorCode::Database, Message{"SpatiaLite 无法为 " + table + " 创建空间索引", "SpatiaLite could not create the spatial index of " + table});
}

// Migration 1: the whole initial schema.
void migration1(SqliteDatabase& db, int srid) {
  // Transaction 0: we are already inside the caller's transaction. 'NONE' inserts no CRS rows;
  // we add exactly the ones we use.
  db.exec("SELECT InitSpatialMetadata(0, 'NONE')");
  for (int code : {srid, 4326, 4490}) {
    auto insert = db.prepare("SELECT InsertEpsgSrid(?)");
    insert.bind(1, code);
    insert.step();
  }
  db.exec(
      "CREATE TABLE landbank_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE layer_provenance (layer TEXT PRIMARY KEY, source TEXT NOT NULL, imported_at TEXT NOT NULL,"
      " imported_by TEXT NOT NULL, source_crs TEXT NOT NULL, as_of TEXT NOT NULL DEFAULT '', feature_count INTEGER NOT NULL);"
      // Every write through the engine leaves one row here (imports, edits, ledger entries).
      "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,"
      " layer TEXT NOT NULL, feature_id TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '{}');"
      "CREATE INDEX audit_log_feature ON audit_log(layer, feature_id);");
  // The layers of the first schema; later layers come with their own migration.
  for (Layer layer : {Layer::Parcels, Layer::Parks, Layer::Buildings, Layer::Constraints, Layer::Facilities, Layer::Boundaries, Layer::Projects})
    createLayerTable(db, layerSpec(layer), srid);
  db.exec(
      "CREATE INDEX parcels_status ON parcels(status);"
      "CREATE INDEX parcels_land_use ON parcels(land_use);"
      "CREATE INDEX parcels_area ON parcels(area_m2);"
      "CREATE INDEX parcels_subdistrict ON parcels(subdistrict);"
      "CREATE INDEX buildings_park ON buildings(park_id);"
      "CREATE INDEX buildings_type ON buildings(type);"
      "CREATE INDEX facilities_type ON facilities(type);"
      "CREATE INDEX constraints_type ON constraints(type);"
      "CREATE INDEX projects_stage ON projects(stage);");
}

// Migration 2: one composite index for the usual inventory filter and the matching engine's
// attribute stage (status, then a land-use code range, then area). SQLite uses one index per table
// and each column alone matches thousands of parcels; measured 57 -> 12 ms at 10^5 parcels for the
// query filter, and the matcher's rejection counts come from the index alone (docs/benchmarks.md).
void migration2(SqliteDatabase& db, int) {
  db.exec("CREATE INDEX parcels_status_use_area ON parcels(status, land_use, area_m2); ANALYZE parcels;");
}

// Migration 3: the same index with id as its last column, so a page of a filtered list ordered by id
// (`parcels --status .. --use .. --min-area .. --limit N`) picks its rows from the index alone instead
// of looking every match up in the table for its id (measured 0.61 -> 0.26 ms for that step at 10^4
// parcels, docs/benchmarks.md). Same name: the matcher and the docs refer to it.
void migration3(SqliteDatabase& db, int) {
  db.exec("DROP INDEX parcels_status_use_area;"
          "CREATE INDEX parcels_status_use_area ON parcels(status, land_use, area_m2, id); ANALYZE parcels;");
}

// Migration 4: the project ledger (issue #12) and the hash-chained, append-only audit log. Existing
// audit rows (imports, status edits) join the chain in seq order before the triggers go in.
void migration4(SqliteDatabase& db, int) {
  migrateAuditChain(db);
  createLedgerTables(db);
}

// Migration 5: the context layers for maps (issue #11): roads, water and places, each a table like the
// others (canonical columns, attrs, a geometry column with its R*Tree index) plus an index on class.
void migrationContextLayers(SqliteDatabase& db, int srid) {
  for (Layer layer : {Layer::Roads, Layer::Water, Layer::Places}) createLayerTable(db, layerSpec(layer), srid);
  db.exec(
      "CREATE INDEX roads_class ON roads(class);"
      "CREATE INDEX water_class ON water(class);"
      "CREATE INDEX places_class ON places(class);");
}

// Migration 6: the stored facts of offered parcels (landbank/stored_facts.h, docs/matching.md "Stored
// parcel facts"). `parcel_facts` holds one encoded row per offered parcel; `parcel_facts_state` says
// whether they are current. Engine writes refresh them in their transaction; the triggers mark them
// stale on any other write to what they are measured from, so a script's UPDATE can make a match
// slower, never wrong. A database that already has offered parcels starts stale: its first engine
// write to parcels, constraints, facilities or parks (an import, a status edit) builds them all.
void migrationStoredParcelFacts(SqliteDatabase& db, int) {
  const bool anyOffered = db.queryInt("SELECT EXISTS (SELECT 1 FROM parcels WHERE status IN ('reserved', 'available'))").value_or(0) != 0;
  db.exec("CREATE TABLE parcel_facts (fid INTEGER PRIMARY KEY, facts BLOB NOT NULL);"
          "CREATE TABLE parcel_facts_state (only_row INTEGER PRIMARY KEY CHECK (only_row = 1), stale INTEGER NOT NULL,"
          " format INTEGER NOT NULL, enterprise_radius_m REAL NOT NULL);");
  auto state = db.prepare("INSERT INTO parcel_facts_state VALUES (1, ?, ?, ?)");
  state.bind(1, anyOffered ? 1 : 0).bind(2, kStoredFactsFormat).bind(3, kStoredEnterpriseRadiusMetres);
  state.run();
  // One trigger per table and event; the WHEN clause keeps a 10^6-row import to one UPDATE.
  const std::string mark = " WHEN (SELECT stale FROM parcel_facts_state) = 0 BEGIN UPDATE parcel_facts_state SET stale = 1; END;";
  std::string sql;
  auto trigger = [&](const std::string& name, const std::string& event) { sql += "CREATE TRIGGER parcel_facts_stale_" + name + " AFTER " + event + mark; };
  trigger("parcels_insert", "INSERT ON parcels");
  trigger("parcels_delete", "DELETE ON parcels");
  trigger("parcels_update", "UPDATE OF status, area_m2, geom ON parcels");
  trigger("constraints_insert", "INSERT ON constraints");
  trigger("constraints_delete", "DELETE ON constraints");
  trigger("constraints_update", "UPDATE OF effect, geom ON constraints");
  trigger("facilities_insert", "INSERT ON facilities");
  trigger("facilities_delete", "DELETE ON facilities");
  trigger("facilities_update", "UPDATE OF type, geom ON facilities");
  trigger("parks_insert", "INSERT ON parks");
  trigger("parks_delete", "DELETE ON parks");
  trigger("parks_update", "UPDATE OF geom ON parks");
  db.exec(sql);
}

// Migration 7: the stored facts carry what a cold match reads of each offered parcel, so that it never
// touches the parcels table (whose rows hold the geometry: reading 11,000 of them scattered over a
// 200,000-parcel file cost 110 ms):
// - `parcel_facts` gains the attributes a match reads and is clustered by (land_use, area_m2, fid), the
//   order of the first hard rules: a project's candidates are one contiguous range of the table.
//   Parcels without land use or area pass no match and get no row (they are measured when asked for).
// - `parcel_facts_offered` (one row, written with the facts) holds the parcel count and `offered`, the
//   flat arrays of every offered parcel (fid, land use, area) the first three hard rules run over,
//   encoded in one value (stored_facts.cpp); a separate table, so that reading the state row does not
//   read this megabyte.
// - a script's UPDATE of any copied attribute marks the facts stale.
// The facts start stale when there are offered parcels: the next engine write rebuilds them.
void migrationColdMatchFacts(SqliteDatabase& db, int) {
  const bool anyOffered = db.queryInt("SELECT EXISTS (SELECT 1 FROM parcels WHERE status IN ('reserved', 'available'))").value_or(0) != 0;
  db.exec("DROP TABLE parcel_facts;"
          "CREATE TABLE parcel_facts (land_use TEXT NOT NULL, area_m2 REAL NOT NULL, fid INTEGER NOT NULL, id TEXT NOT NULL, name TEXT,"
          " status TEXT NOT NULL, subdistrict TEXT, price_wan_per_mu REAL, power_kva REAL, water INTEGER, gas INTEGER, sewage INTEGER,"
          " road INTEGER, available_from TEXT, facts BLOB NOT NULL, PRIMARY KEY (land_use, area_m2, fid)) WITHOUT ROWID;"
          "CREATE UNIQUE INDEX parcel_facts_fid ON parcel_facts(fid);"
          "CREATE TABLE parcel_facts_offered (only_row INTEGER PRIMARY KEY CHECK (only_row = 1), parcel_count INTEGER NOT NULL,"
          " offered BLOB NOT NULL);"
          "DROP TRIGGER parcel_facts_stale_parcels_update;"
          "CREATE TRIGGER parcel_facts_stale_parcels_update AFTER UPDATE OF id, name, land_use, status, subdistrict, price_wan_per_mu,"
          " power_kva, water, gas, sewage, road, available_from, area_m2, geom ON parcels"
          " WHEN (SELECT stale FROM parcel_facts_state) = 0 BEGIN UPDATE parcel_facts_state SET stale = 1; END;");
  db.exec(std::string("UPDATE parcel_facts_state SET stale = ") + (anyOffered ? "1" : "0"));
}

// Migration 8: the constraint attributes every match loads (fid, type, effect, value), as a covering
// index in fid order. The rows also hold each zone's geometry: loading 10^4 constraints read the
// whole 3.3 MB table (836 pages) where this index is 91 pages, 4 of the ~80 ms of a cold
// 200,000-parcel `landbank match` (docs/benchmarks.md).
void migrationConstraintAttributes(SqliteDatabase& db, int) {
  db.exec("CREATE INDEX IF NOT EXISTS constraints_match ON constraints(fid, type, effect, value);");
}

using Migration = std::function<void(SqliteDatabase&, int)>;

// Ordered, append-only: migration N brings user_version from N-1 to N.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list{migration1, migration2, migration3, migration4, migrationContextLayers,
                                         migrationStoredParcelFacts, migrationColdMatchFacts, migrationConstraintAttributes};
  return list;
}

}  // namespace

int latestSchemaVersion() { return static_cast<int>(migrations().size()); }

void migrateSchema(SqliteDatabase& db, int srid) {
  const int current = static_cast<int>(db.queryInt("PRAGMA user_version").value_or(0));
  if (current > latestSchemaVersion())
    throw Error(ErrorCode::Database,
                bilingual("数据库结构版本 {} 比这个 landbank 能识别的（{}）更新；请升级 landbank",
                          "database schema version {} is newer than this landbank understands ({}); upgrade landbank", current, latestSchemaVersion()),
                {.file = db.path()});
  for (int version = current + 1; version <= latestSchemaVersion(); ++version) {
    migrations()[static_cast<std::size_t>(version - 1)](db, srid);
    db.exec("PRAGMA user_version = " + std::to_string(version));
  }
}

}  // namespace landbank
