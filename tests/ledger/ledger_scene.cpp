#include "ledger_scene.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

namespace landbank::test {

namespace {

// Squares of 0.002 deg (about 180 m x 222 m) west to east; a point building; one subdistrict around all.
std::string square(double lon, double lat, double size) {
  auto p = [](double x, double y) { return "[" + std::to_string(x) + "," + std::to_string(y) + "]"; };
  return "[[" + p(lon, lat) + "," + p(lon + size, lat) + "," + p(lon + size, lat + size) + "," + p(lon, lat + size) + "," + p(lon, lat) + "]]";
}

std::string parcel(const std::string& id, double lon, const std::string& status) {
  return R"({"type":"Feature","properties":{"id":")" + id + R"(","land_use":"100101","status":")" + status +
         R"("},"geometry":{"type":"Polygon","coordinates":)" + square(lon, 36.25, 0.002) + "}}";
}

template <typename Fn>
auto withSqlite(const std::filesystem::path& db, Fn fn) {
  sqlite3* handle = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  sqlite3_enable_load_extension(handle, 1);
  sqlite3_load_extension(handle, "mod_spatialite", nullptr, nullptr);
  auto result = fn(handle);
  sqlite3_close(handle);
  return result;
}

}  // namespace

LedgerScene::LedgerScene() : m_db(m_dir / "ledger.sqlite") {
  initDatabase(m_db);
  writeTextFile(m_dir / "boundaries.geojson",
                R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"S-1","name":"流亭街道","level":"subdistrict"},)"
                R"("geometry":{"type":"Polygon","coordinates":)" + square(120.30, 36.20, 0.10) + "}}]}");
  writeTextFile(m_dir / "parcels.geojson", R"({"type":"FeatureCollection","features":[)" + parcel("CY-1", 120.31, "available") + "," +
                                               parcel("CY-2", 120.32, "available") + "," + parcel("CY-3", 120.33, "reserved") + "," +
                                               parcel("CY-4", 120.34, "available") + "]}");
  writeTextFile(m_dir / "buildings.geojson",
                R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"B-1","type":"factory","vacant_floor_m2":5000},)"
                R"("geometry":{"type":"Point","coordinates":[120.35,36.26]}}]})");
  for (const char* layer : {"boundaries", "parcels", "buildings"}) {
    const CliResult result = runLandbank(m_db, {"import", layer, (m_dir / (std::string(layer) + ".geojson")).string()});
    EXPECT_EQ(result.exitCode, 0) << result.err;
  }
  ok({"project", "add", "--name", "齿轮厂", "--sector", "先进制造业", "--stage", "线索", "--land-min-m2", "10000", "--land-max-m2", "100000",
      "--date", "2026-01-10"});  // P-001
  ok({"project", "add", "--name", "电池厂", "--sector", "advanced_mfg", "--stage", "lead", "--land-min-m2", "10000", "--land-max-m2", "100000",
      "--date", "2026-02-01", "--at", "120.355,36.255"});  // P-002
  ok({"project", "add", "--name", "研发中心", "--sector", "advanced_mfg", "--stage", "lead", "--floor-need-m2", "2000", "--building-type",
      "factory", "--date", "2026-03-01"});  // P-003
}

CliResult LedgerScene::run(const std::vector<std::string>& args) const {
  std::vector<std::string> full{"--today", "2026-12-01", "--user", "tester"};
  full.insert(full.end(), args.begin(), args.end());
  return runLandbank(m_db, full);
}

std::string LedgerScene::ok(const std::vector<std::string>& args) const {
  const CliResult result = run(args);
  std::string command;
  for (const std::string& arg : args) command += arg + " ";
  EXPECT_EQ(result.exitCode, 0) << command << "\n" << result.err;
  return result.out;
}

long long LedgerScene::sqlInt(const std::string& sql) const {
  return withSqlite(m_db, [&](sqlite3* handle) {
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr), SQLITE_OK) << sqlite3_errmsg(handle) << " in " << sql;
    long long value = -1;
    if (statement && sqlite3_step(statement) == SQLITE_ROW) value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return value;
  });
}

double LedgerScene::sqlDouble(const std::string& sql) const {
  return withSqlite(m_db, [&](sqlite3* handle) {
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr), SQLITE_OK) << sqlite3_errmsg(handle) << " in " << sql;
    double value = -1;
    if (statement && sqlite3_step(statement) == SQLITE_ROW) value = sqlite3_column_double(statement, 0);
    sqlite3_finalize(statement);
    return value;
  });
}

std::string LedgerScene::sqlText(const std::string& sql) const {
  return withSqlite(m_db, [&](sqlite3* handle) {
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr), SQLITE_OK) << sqlite3_errmsg(handle) << " in " << sql;
    std::string value;
    if (statement && sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0))
      value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    sqlite3_finalize(statement);
    return value;
  });
}

std::string LedgerScene::sqlExec(const std::string& sql) const {
  return withSqlite(m_db, [&](sqlite3* handle) {
    char* error = nullptr;
    std::string message;
    if (sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) message = error ? error : "error";
    sqlite3_free(error);
    return message;
  });
}

}  // namespace landbank::test
