// Independent answers: (1) the engine's index-driven queries against plain SpatiaLite SQL that scans
// every row (no R*Tree, no engine code), on the 1,600-parcel sample; (2) the conformance scene, whose
// answers were computed with shapely + pyproj (tests/data/conformance/expected.json).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "landbank/query.h"
#include "landbank/store.h"
#include "test_support.h"

using namespace landbank;
using namespace landbank::test;
using nlohmann::json;

namespace {

// A separate connection through the plain SQLite C API with mod_spatialite loaded.
class SpatialiteSql {
 public:
  explicit SpatialiteSql(const std::filesystem::path& path) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_enable_load_extension(m_db, 1);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_load_extension(m_db, "mod_spatialite", nullptr, &error), SQLITE_OK) << (error ? error : "");
    sqlite3_free(error);
  }
  ~SpatialiteSql() { sqlite3_close(m_db); }

  // First column of every row, as text.
  std::vector<std::string> column(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(m_db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK) << sqlite3_errmsg(m_db) << "\n" << sql;
    std::vector<std::string> values;
    while (statement && sqlite3_step(statement) == SQLITE_ROW)
      values.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
    sqlite3_finalize(statement);
    return values;
  }

 private:
  sqlite3* m_db = nullptr;
};

std::vector<std::string> idsOf(const QueryResult& result) {
  std::vector<std::string> ids;
  for (const QueryHit& hit : result.hits) ids.push_back(hit.record.id);
  return ids;
}

// Full precision: a probe on a shared vertex must be the same point in both queries.
std::string number(double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}
std::string point(double x, double y) { return "MakePoint(" + number(x) + ", " + number(y) + ", 4549)"; }

class SampleCrossCheck : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new TempDir;
    const CliResult result = runLandbank(*s_dir / "sample.sqlite", {"init", "--sample"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
  }
  static void TearDownTestSuite() {
    delete s_dir;
    s_dir = nullptr;
  }
  static std::filesystem::path database() { return *s_dir / "sample.sqlite"; }

  // Probe points: parcel centroids (inside), vertices of parcels (on edges shared by neighbours) and
  // random points over the district's extent (mostly in gaps between parcels).
  static std::vector<EastingNorthing> probes(SpatialiteSql& sql) {
    std::vector<EastingNorthing> points;
    // printf('%.17g') keeps every bit of the coordinates (SQLite's || would round them).
    for (const std::string& row : sql.column("SELECT printf('%.17g,%.17g', X(Centroid(geom)), Y(Centroid(geom))) FROM parcels WHERE fid % 97 = 0 "
                                             "UNION ALL SELECT printf('%.17g,%.17g', X(PointN(ExteriorRing(GeometryN(geom, 1)), 1)), "
                                             "Y(PointN(ExteriorRing(GeometryN(geom, 1)), 1))) FROM parcels WHERE fid % 131 = 0")) {
      const std::size_t comma = row.find(',');
      points.push_back(EastingNorthing::fromMetres(std::stod(row.substr(0, comma)), std::stod(row.substr(comma + 1))));
    }
    const std::vector<std::string> extent = sql.column("SELECT Min(MbrMinX(geom)) || ',' || Min(MbrMinY(geom)) || ',' || "
                                                       "Max(MbrMaxX(geom)) || ',' || Max(MbrMaxY(geom)) FROM parcels");
    double minX = 0, minY = 0, maxX = 0, maxY = 0;
    std::sscanf(extent.at(0).c_str(), "%lf,%lf,%lf,%lf", &minX, &minY, &maxX, &maxY);
    std::mt19937 random(20261127);
    std::uniform_real_distribution<double> x(minX, maxX), y(minY, maxY);
    for (int i = 0; i < 20; ++i) points.push_back(EastingNorthing::fromMetres(x(random), y(random)));
    return points;
  }

  static TempDir* s_dir;
};
TempDir* SampleCrossCheck::s_dir = nullptr;

TEST_F(SampleCrossCheck, PointInParcelMatchesAFullScan) {
  const Store store = Store::open(database(), StoreAccess::ReadOnly);
  SpatialiteSql sql(database());
  int nonEmpty = 0;
  for (const EastingNorthing& p : probes(sql)) {
    FeatureQuery query;
    query.at = p;
    const std::vector<std::string> engine = idsOf(runQuery(store, query));
    const std::vector<std::string> scan =
        sql.column("SELECT id FROM parcels WHERE ST_Intersects(geom, " + point(p.easting, p.northing) + ") ORDER BY id");
    EXPECT_EQ(engine, scan) << p.easting << "," << p.northing;
    nonEmpty += !scan.empty();
  }
  EXPECT_GT(nonEmpty, 10) << "the probes must hit parcels, or the comparison proves little";
}

TEST_F(SampleCrossCheck, BboxAndNearWithinMatchAFullScan) {
  const Store store = Store::open(database(), StoreAccess::ReadOnly);
  SpatialiteSql sql(database());
  for (const EastingNorthing& p : probes(sql)) {
    FeatureQuery box;
    box.bbox = ProjectedBox{p.easting - 500, p.northing - 500, p.easting + 500, p.northing + 500};
    EXPECT_EQ(idsOf(runQuery(store, box)),
              sql.column("SELECT id FROM parcels WHERE ST_Intersects(geom, BuildMbr(" + number(p.easting - 500) + ", " + number(p.northing - 500) +
                         ", " + number(p.easting + 500) + ", " + number(p.northing + 500) + ", 4549)) ORDER BY id"));
    FeatureQuery near;
    near.near = p;
    near.withinMetres = 2000;
    near.statuses = {"reserved", "available"};
    EXPECT_EQ(idsOf(runQuery(store, near)),
              sql.column("SELECT id FROM parcels WHERE status IN ('reserved', 'available') AND ST_Distance(geom, " +
                         point(p.easting, p.northing) + ") <= 2000 ORDER BY ST_Distance(geom, " + point(p.easting, p.northing) + "), id"));
  }
}

TEST_F(SampleCrossCheck, NearestKMatchesSortingEveryDistance) {
  const Store store = Store::open(database(), StoreAccess::ReadOnly);
  SpatialiteSql sql(database());
  for (const EastingNorthing& p : probes(sql)) {
    for (int k : {1, 10, 25}) {
      FeatureQuery query;
      query.near = p;
      query.nearest = k;
      query.landUsePrefixes = {"1001"};
      EXPECT_EQ(idsOf(runQuery(store, query)),
                sql.column("SELECT id FROM parcels WHERE land_use LIKE '1001%' ORDER BY ST_Distance(geom, " + point(p.easting, p.northing) +
                           "), id LIMIT " + std::to_string(k)))
          << "K=" << k << " at " << p.easting << "," << p.northing;
      // Without an attribute filter the search reads boxes from the R*Tree alone: a second path.
      query.landUsePrefixes.clear();
      EXPECT_EQ(idsOf(runQuery(store, query)), sql.column("SELECT id FROM parcels ORDER BY ST_Distance(geom, " + point(p.easting, p.northing) +
                                                          "), id LIMIT " + std::to_string(k)))
          << "K=" << k << " (no filter) at " << p.easting << "," << p.northing;
    }
    // A sparse point layer: the first boxes are empty and the search grows by the density it sees.
    FeatureQuery facilities;
    facilities.layer = Layer::Facilities;
    facilities.near = p;
    facilities.nearest = 3;
    EXPECT_EQ(idsOf(runQuery(store, facilities)), sql.column("SELECT id FROM facilities ORDER BY ST_Distance(geom, " +
                                                             point(p.easting, p.northing) + "), id LIMIT 3"));
  }
}

TEST_F(SampleCrossCheck, BuildingAndFacilityFiltersMatchPlainSql) {
  SpatialiteSql sql(database());
  auto cliIds = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--format", "json", "--sort", "id"});
    const CliResult result = runLandbank(database(), args);
    EXPECT_EQ(result.exitCode, 0) << result.err;
    std::vector<std::string> ids;
    for (const json& row : json::parse(result.out)) ids.push_back(row["id"]);
    return ids;
  };
  const std::vector<std::string> buildings =
      cliIds({"buildings", "--type", "factory,warehouse", "--min-vacant", "3000", "--min-clear-height", "8", "--max-rent", "30"});
  EXPECT_FALSE(buildings.empty());
  EXPECT_EQ(buildings, sql.column("SELECT id FROM buildings WHERE type IN ('factory', 'warehouse') AND vacant_floor_m2 >= 3000 AND "
                                  "clear_height_m >= 8 AND rent_yuan_m2_month <= 30 ORDER BY id"));
  EXPECT_EQ(cliIds({"buildings", "--park", "PK-01", "--min-vacant", "1ha"}),
            sql.column("SELECT id FROM buildings WHERE park_id = 'PK-01' AND vacant_floor_m2 >= 10000 ORDER BY id"));
  const std::vector<std::string> near = cliIds({"facilities", "--type", "highway_exit", "--near", "120.305,36.316", "--within", "8km"});
  EXPECT_FALSE(near.empty());
  EXPECT_EQ(near, sql.column("SELECT id FROM facilities WHERE type = 'highway_exit' AND ST_Distance(geom, ST_Transform(MakePoint(120.305, "
                             "36.316, 4326), 4549)) <= 8000 ORDER BY id"));
}

// The conformance scene's parcel queries (q1..q6, q4 nearest); the match cases belong to `match`.
TEST(ConformanceScene, ParcelQueriesGiveTheIndependentAnswers) {
  TempDir dir;
  const auto database = dir / "scene.sqlite";
  initDatabase(database);
  const auto data = testDataDir() / "conformance";
  for (const char* layer : {"boundaries", "constraints", "facilities", "parcels"}) {
    const CliResult result = runLandbank(database, {"import", layer, (data / (std::string(layer) + ".geojson")).string()});
    ASSERT_EQ(result.exitCode, 0) << layer << ": " << result.err;
  }
  std::ifstream stream(data / "expected.json");
  const json expected = json::parse(stream);
  auto run = [&](const json& args) {
    std::vector<std::string> arguments{"parcels"};
    for (const json& arg : args) arguments.push_back(arg.get<std::string>());
    arguments.insert(arguments.end(), {"--format", "json"});
    const CliResult result = runLandbank(database, arguments);
    EXPECT_EQ(result.exitCode, 0) << result.err;
    std::vector<std::string> ids;
    for (const json& row : json::parse(result.out)) ids.push_back(row["id"]);
    return ids;
  };
  for (const char* name : {"q1", "q1mu", "q2", "q3", "q3gap", "q5", "q6"}) {
    const json& e = expected.at(name);
    const std::vector<std::string> ignore = e.value("ignore", std::vector<std::string>{});
    auto strip = [&](std::vector<std::string> ids) {
      std::erase_if(ids, [&](const std::string& id) { return std::find(ignore.begin(), ignore.end(), id) != ignore.end(); });
      std::sort(ids.begin(), ids.end());
      return ids;
    };
    EXPECT_EQ(strip(run(e["args"])), strip(e["ids"].get<std::vector<std::string>>())) << name;
  }
  const json& q4 = expected.at("q4");
  const auto ordered = q4["ordered"].get<std::vector<std::string>>();
  for (const char* variant : {"args", "args_alt"}) {
    std::vector<std::string> got = run(q4[variant]);
    got.resize(std::min(got.size(), ordered.size()));
    EXPECT_EQ(got, ordered) << "q4 " << variant;
  }
}

}  // namespace
