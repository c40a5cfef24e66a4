#include "landbank/store.h"

#include "detail/proj_library.h"
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <map>

#include "detail/geos.h"
#include "detail/sqlite.h"
#include "landbank/crs.h"
#include "landbank/error.h"
#include "landbank/texts.h"
#include "ledger/audit_chain.h"
#include "schema.h"
#include "subdistrict_locator.h"

namespace landbank {

struct Store::Impl {
  std::filesystem::path path;
  SqliteDatabase db;
  std::string crs;
  int srid = 0;
  int schemaVersion = 0;
  std::string user;  // setUser(); empty: currentUser()
  Impl(std::filesystem::path p, SqliteDatabase::Access access) : path(std::move(p)), db(path.string(), access) {}
};

namespace {

// The database CRS must be projected with metre units: areas and distances are computed in it.
int checkedProjectedSrid(const std::string& crsText) {
  const std::string crs = normaliseCrsName(crsText);
  if (crs.rfind("EPSG:", 0) != 0)
    throw Error(ErrorCode::Crs, Message{"数据库坐标系必须是 EPSG 代码（如 EPSG:4549），不能是 '" + crsText + "'",
                                        "the database CRS must be an EPSG code (e.g. EPSG:4549), not '" + crsText + "'"});
  const int srid = std::stoi(crs.substr(5));
  PJ_CONTEXT* context = projLibrary().context_create();
  PJ* pj = projLibrary().create(context, crs.c_str());
  bool projectedInMetres = false;
  if (pj && projLibrary().get_type(pj) == PJ_TYPE_PROJECTED_CRS) {
    PJ* cs = projLibrary().crs_get_coordinate_system(context, pj);
    const char* unit = nullptr;
    if (cs && projLibrary().cs_get_axis_info(context, cs, 0, nullptr, nullptr, nullptr, nullptr, &unit, nullptr, nullptr))
      projectedInMetres = unit && std::string(unit) == "metre";
    if (cs) projLibrary().destroy(cs);
  }
  if (pj) projLibrary().destroy(pj);
  projLibrary().context_destroy(context);
  if (!projectedInMetres)
    throw Error(ErrorCode::Crs, Message{crs + " 不是以米为单位的投影坐标系；计算面积和距离需要这样的坐标系（如 EPSG:4549）",
                                        crs + " is not a projected CRS in metres; areas and distances need one (e.g. EPSG:4549)"});
  return srid;
}

void configureConnection(SqliteDatabase& db) {
  // A 64 MiB page cache and memory-mapped reads: queries on 10^5-10^6 parcels otherwise spend most
  // of their time in pread() re-reading pages SQLite's default 2 MiB cache dropped (measured with
  // perf in engine/bench/query_bench.cpp; see docs/benchmarks.md). The map is address space, not
  // memory: 2 GiB (SQLite's default ceiling) covers a 10^6-parcel store (590 MB) whole, where the
  // earlier 256 MiB left most R*Tree and table pages to pread() copies.
  // temp_store = MEMORY keeps statement journals in memory: every INSERT of an import (with
  // SpatiaLite's R*Tree triggers) inside the one big transaction otherwise spilled its journal to a
  // temp file under /var/tmp, 32 pwrite() calls per feature (strace on 20,000 parcels: 641,640).
  // One at a time: exec() would load SpatiaLite, which a read-only connection loads only when used.
  for (const char* pragma : {"PRAGMA foreign_keys = ON", "PRAGMA cache_size = -65536", "PRAGMA mmap_size = 2147483648", "PRAGMA temp_store = MEMORY"})
    db.run(pragma);
}

std::string readMeta(SqliteDatabase& db, const std::string& key) {
  auto statement = db.prepare("SELECT value FROM landbank_meta WHERE key = ?");
  statement.bind(1, key);
  if (!statement.step())
    throw Error(ErrorCode::Database, Message{"不是 Landbank 数据库（landbank_meta 中没有 '" + key + "'）", "not a Landbank database (no '" + key + "' in landbank_meta)"},
                {.file = db.path()});
  return statement.columnText(0);
}

}  // namespace

Store::Store(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

Store Store::create(const std::filesystem::path& path, const StoreCreateOptions& options) {
  if (std::filesystem::exists(path))
    throw Error(ErrorCode::Io,
                Message{"数据库已存在，不会覆盖它（请先删除，或用 --db 换一个文件）", "database already exists; refusing to overwrite it (remove it or choose another --db)"},
                {.file = path.string()});
  const int srid = checkedProjectedSrid(options.crs);
  try {
    auto impl = std::make_unique<Impl>(path, SqliteDatabase::Access::Create);
    // WAL lets the viewer read while the CLI writes; the setting is stored in the file.
    impl->db.exec("PRAGMA journal_mode = WAL");
    configureConnection(impl->db);
    {
      SqliteTransaction transaction(impl->db);
      migrateSchema(impl->db, srid);
      auto meta = impl->db.prepare("INSERT INTO landbank_meta(key, value) VALUES (?, ?)");
      for (const auto& [key, value] : std::map<std::string, std::string>{
               {"crs", "EPSG:" + std::to_string(srid)}, {"created_at", utcNow()}, {"created_by", options.user.empty() ? currentUser() : options.user}}) {
        meta.bind(1, key).bind(2, value);
        meta.run();
      }
      transaction.commit();
    }
    impl->crs = "EPSG:" + std::to_string(srid);
    impl->srid = srid;
    impl->schemaVersion = latestSchemaVersion();
    return Store(std::move(impl));
  } catch (...) {
    // A half-made file is worse than none: the next `init` would refuse to overwrite it.
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(path.string() + suffix, ignored);
    throw;
  }
}

Store Store::open(const std::filesystem::path& path, StoreAccess access) {
  if (!std::filesystem::exists(path))
    throw Error(ErrorCode::Io, Message{"这里没有数据库；请用 `landbank init` 创建（或用 --db 路径 指定）", "no database here; create one with `landbank init` (or pass --db PATH)"},
                {.file = path.string()});
  if (std::filesystem::is_directory(path))
    throw Error(ErrorCode::Io,
                Message{"这是文件夹，不是数据库文件；请用 --db 文件夹/landbank.sqlite", "this is a folder, not a database file; pass --db FOLDER/landbank.sqlite"},
                {.file = path.string()});
  auto impl = std::make_unique<Impl>(
      path, access == StoreAccess::ReadOnly ? SqliteDatabase::Access::ReadOnly : SqliteDatabase::Access::ReadWrite);
  configureConnection(impl->db);
  const bool isLandbank =
      impl->db.queryInt("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='landbank_meta'").value_or(0) == 1;
  if (!isLandbank) throw Error(ErrorCode::Database, Message{"不是 Landbank 数据库", "not a Landbank database"}, {.file = path.string()});
  impl->crs = readMeta(impl->db, "crs");
  impl->srid = std::stoi(impl->crs.substr(5));
  const int version = static_cast<int>(impl->db.queryInt("PRAGMA user_version").value_or(0));
  if (version != latestSchemaVersion()) {
    if (access == StoreAccess::ReadOnly && version < latestSchemaVersion()) {
      // A file made by an older Landbank is upgraded (one transaction) by whichever command opens it
      // first, a listing included: a planner should never have to know about schema versions.
      impl.reset();
      try {
        (void)Store::open(path, StoreAccess::ReadWrite);
      } catch (const Error& error) {
        throw Error(ErrorCode::Database,
                    bilingual("数据库的结构版本是 {}，需要升级到 {}，升级需要写权限：{}", "the database has schema {} and needs the upgrade to {}, which needs write access: {}",
                              version, latestSchemaVersion(), error.problem()),
                    {.file = path.string()});
      }
      return Store::open(path, StoreAccess::ReadOnly);
    }
    SqliteTransaction transaction(impl->db);
    migrateSchema(impl->db, impl->srid);
    transaction.commit();
  }
  impl->schemaVersion = latestSchemaVersion();
  return Store(std::move(impl));
}

const std::filesystem::path& Store::path() const { return m_impl->path; }
const std::string& Store::databaseCrs() const { return m_impl->crs; }
int Store::databaseSrid() const { return m_impl->srid; }
int Store::schemaVersion() const { return m_impl->schemaVersion; }
int Store::currentSchemaVersion() { return latestSchemaVersion(); }
SqliteDatabase& Store::database() const { return m_impl->db; }

std::int64_t Store::featureCount(Layer layer) const {
  return m_impl->db.queryInt("SELECT count(*) FROM " + tableName(layer)).value_or(0);
}

LayerSummary Store::summary(Layer layer) const {
  LayerSummary result{layer, featureCount(layer), std::nullopt, provenance(layer)};
  if (result.count == 0) return result;
  auto extent = m_impl->db.prepare("SELECT min(xmin), min(ymin), max(xmax), max(ymax) FROM " + spatialIndexName(layer));
  if (extent.step() && !extent.isNull(0)) {
    ProjectedToLonLat toLonLat(m_impl->crs);
    const double minX = extent.columnDouble(0), minY = extent.columnDouble(1);
    const double maxX = extent.columnDouble(2), maxY = extent.columnDouble(3);
    LonLatBox box{1e9, 1e9, -1e9, -1e9};
    // Corners and edge midpoints: a projected box is not a lon/lat box, its edges curve slightly.
    for (double fx : {0.0, 0.5, 1.0})
      for (double fy : {0.0, 0.5, 1.0}) {
        const LonLat p = toLonLat.toLonLat(EastingNorthing::fromMetres(minX + fx * (maxX - minX), minY + fy * (maxY - minY)));
        box.minLon = std::min(box.minLon, p.lon);
        box.maxLon = std::max(box.maxLon, p.lon);
        box.minLat = std::min(box.minLat, p.lat);
        box.maxLat = std::max(box.maxLat, p.lat);
      }
    result.extent = box;
  }
  return result;
}

std::vector<LayerSummary> Store::summaries() const {
  std::vector<LayerSummary> list;
  for (const LayerSpec& spec : allLayerSpecs()) list.push_back(summary(spec.layer));
  return list;
}

void Store::recordProvenance(Layer layer, const LayerProvenance& provenance) {
  auto statement = m_impl->db.prepare(
      "INSERT OR REPLACE INTO layer_provenance(layer, source, imported_at, imported_by, source_crs, as_of, feature_count)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)");
  statement.bind(1, tableName(layer)).bind(2, provenance.source).bind(3, provenance.importedAt).bind(4, provenance.importedBy);
  statement.bind(5, provenance.sourceCrs).bind(6, provenance.asOf).bind(7, provenance.featureCount);
  statement.run();
}

std::optional<LayerProvenance> Store::provenance(Layer layer) const {
  auto statement = m_impl->db.prepare(
      "SELECT source, imported_at, imported_by, source_crs, as_of, feature_count FROM layer_provenance WHERE layer = ?");
  statement.bind(1, tableName(layer));
  if (!statement.step()) return std::nullopt;
  return LayerProvenance{statement.columnText(0), statement.columnText(1), statement.columnText(2),
                         statement.columnText(3), statement.columnText(4), statement.columnInt(5)};
}

void Store::recordAudit(const AuditEntry& entry) { appendAuditRow(m_impl->db, entry, auditUser(), utcNow()); }

void Store::setUser(std::string user) { m_impl->user = std::move(user); }

std::string Store::auditUser() const { return m_impl->user.empty() ? currentUser() : m_impl->user; }

std::int64_t Store::recomputeDerivedSubdistricts(std::optional<Layer> onlyLayer) {
  const SubdistrictLocator locator(m_impl->db);
  std::int64_t updated = 0;
  for (const LayerSpec& spec : allLayerSpecs()) {
    if (!spec.derivesSubdistrict || (onlyLayer && spec.layer != *onlyLayer)) continue;
    const std::string table = tableName(spec.layer);
    auto read = m_impl->db.prepare("SELECT fid, subdistrict, AsBinary(geom) FROM " + table +
                                   " WHERE subdistrict_derived = 1 AND geom IS NOT NULL");
    auto write = m_impl->db.prepare("UPDATE " + table + " SET subdistrict = ? WHERE fid = ?");
    while (read.step()) {
      int size = 0;
      const unsigned char* wkb = read.columnBlobData(2, size);
      const GeosGeometryPtr geometry = geometryFromWkb(wkb, static_cast<std::size_t>(size));
      const std::optional<std::string> wanted = locator.locate(geometry.get());
      if (read.columnOptionalText(1) == wanted) continue;
      if (wanted) write.bind(1, *wanted); else write.bindNull(1);
      write.bind(2, read.columnInt(0));
      write.run();
      ++updated;
    }
  }
  return updated;
}

std::string Store::currentUser() {
  for (const char* variable : {"LANDBANK_USER", "USER", "LOGNAME"})
    if (const char* value = std::getenv(variable); value && *value) return value;
  if (const passwd* entry = getpwuid(geteuid()); entry && entry->pw_name) return entry->pw_name;
  return "unknown";
}

std::string Store::utcNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace landbank
