// Import options for real planners' files: --merge-parts (a feature split across records),
// --dry-run (every bad value in one pass), --crs checked for what PROJ would only guess, and the
// global options accepted after the command.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "import_fixtures.h"
#include "test_support.h"

using namespace landbank::test;
using nlohmann::json;

namespace {

std::string sq(double x, double y, double w, double h) {
  const auto n = [](double v) { return std::to_string(static_cast<long long>(v)); };
  return "\"POLYGON ((" + n(x) + " " + n(y) + ", " + n(x + w) + " " + n(y) + ", " + n(x + w) + " " + n(y + h) + ", " + n(x) + " " +
         n(y + h) + ", " + n(x) + " " + n(y) + "))\"";
}

// Output of a shell command (an independent tool: ogrinfo, the sqlite3 shell with SpatiaLite).
std::string shell(const std::string& command) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return out;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe.get())) out += buffer;
  return out;
}

// A county split across rows: C-1 is two touching 100 m squares (rows 1, 2) and a 50 m island
// (row 4): 22,500 m² in two polygons; C-2 is a 100 m square (row 3) and a 100 x 200 m island
// (row 5): 30,000 m²; C-3 has one record.
std::string countyCsv(const std::string& statusOfRow4 = "reserved") {
  return "id,land_use,status,name,WKT\n"
         "C-1,100101,reserved,北村," + sq(527000, 4018000, 100, 100) + "\n" +
         "C-1,100101,reserved,北村," + sq(527100, 4018000, 100, 100) + "\n" +
         "C-2,100102,available,南村," + sq(528000, 4018000, 100, 100) + "\n" +
         "C-1,100101," + statusOfRow4 + ",北村," + sq(529000, 4018000, 50, 50) + "\n" +
         "C-2,100102,available,南村," + sq(528500, 4018000, 100, 200) + "\n" +
         "C-3,100103,reserved,东村," + sq(530000, 4018000, 100, 100) + "\n";
}

}  // namespace

TEST_F(ImportTest, MergePartsJoinsRecordsOfOneFeatureIntoAMultiPolygon) {
  writeTextFile(file("county.csv"), countyCsv());
  const CliResult result =
      runLandbank(db(), {"--lang", "en", "import", "parcels", file("county.csv").string(), "--crs", "EPSG:4549", "--merge-parts"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("imported 3"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("merged 5 parts into 2 features"), std::string::npos) << result.out;

  std::map<std::string, double> area;
  for (const json& parcel : parcelsJson(db())) area[parcel["id"].get<std::string>()] = parcel["area_m2"].get<double>();
  ASSERT_EQ(area.size(), 3u);
  EXPECT_NEAR(area["C-1"], 22500.0, 1e-6);  // the touching squares' common edge dissolved, the island kept
  EXPECT_NEAR(area["C-2"], 30000.0, 1e-6);
  EXPECT_NEAR(area["C-3"], 10000.0, 1e-6);

  // Independent: SpatiaLite over the stored geometry (polygons and area) ...
  EXPECT_EQ(shell("sqlite3 -cmd '.load mod_spatialite' '" + db().string() +
                  "' \"SELECT id || ':' || ST_GeometryType(geom) || ':' || ST_NumGeometries(geom) || ':' || "
                  "printf('%.3f', ST_Area(geom)) FROM parcels ORDER BY id\""),
            "C-1:MULTIPOLYGON:2:22500.000\nC-2:MULTIPOLYGON:2:30000.000\nC-3:MULTIPOLYGON:1:10000.000\n");
  // ... and GDAL's SQLite dialect unioning the source's records by id.
  const std::string ogr = shell("ogrinfo -ro -q -oo GEOM_POSSIBLE_NAMES=WKT -oo KEEP_GEOM_COLUMNS=NO -dialect SQLite -sql "
                                "\"SELECT id, ST_Area(ST_Union(geometry)) AS merged FROM county GROUP BY id ORDER BY id\" '" +
                                file("county.csv").string() + "' 2>&1");
  EXPECT_NE(ogr.find("merged (Real) = 22500"), std::string::npos) << ogr;
  EXPECT_NE(ogr.find("merged (Real) = 30000"), std::string::npos) << ogr;
}

TEST_F(ImportTest, MergedPartsMustAgreeOnEveryMappedField) {
  writeTextFile(file("county.csv"), countyCsv("available"));
  expectRefused({"--lang", "en", "import", "parcels", file("county.csv").string(), "--crs", "EPSG:4549", "--merge-parts"},
                {"county.csv", "feature 'C-1'", "field 'status'", "row 4", "'reserved' at row 1", "'available' at row 4"});
}

TEST_F(ImportTest, DryRunWithMergePartsListsEveryDisagreeingPartInsteadOfStopping) {
  // Two features whose parts disagree (C-1's status at row 4, C-2's land use at row 5) and one bad code.
  writeTextFile(file("county.csv"), "id,land_use,status,name,WKT\n"
                                    "C-1,100101,reserved,北村," + sq(527000, 4018000, 100, 100) + "\n" +
                                    "C-1,100101,reserved,北村," + sq(527100, 4018000, 100, 100) + "\n" +
                                    "C-2,100102,available,南村," + sq(528000, 4018000, 100, 100) + "\n" +
                                    "C-1,100101,available,北村," + sq(529000, 4018000, 50, 50) + "\n" +
                                    "C-2,100103,available,南村," + sq(528500, 4018000, 100, 200) + "\n" +
                                    "C-3,100103,idle,东村," + sq(530000, 4018000, 100, 100) + "\n");
  const std::string before = databaseFingerprint(db());
  const CliResult result = runLandbank(
      db(), {"--lang", "en", "import", "parcels", file("county.csv").string(), "--crs", "EPSG:4549", "--merge-parts", "--dry-run"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  EXPECT_NE(result.err.find("1 distinct bad values (1 in all) in 1 fields, 2 other problems"), std::string::npos) << result.err;
  EXPECT_NE(result.out.find("field 'status': parts of one feature differ in 'status': 'reserved' at row 1, 'available' at row 4"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("field 'land_use': parts of one feature differ in 'land_use': '100102' at row 3, '100103' at row 5"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("status\t'idle'\t1\trow 6 (feature 'C-3')"), std::string::npos) << result.out;
  EXPECT_TRUE(databaseFingerprint(db()) == before) << "a dry run changed the database";
}

TEST_F(ImportTest, WithoutMergePartsARepeatedIdIsRefusedNamingBothRows) {
  writeTextFile(file("county.csv"), countyCsv());
  expectRefused({"--lang", "en", "import", "parcels", file("county.csv").string(), "--crs", "EPSG:4549"},
                {"county.csv", "feature 'C-1'", "row 2", "first at row 1", "--merge-parts"});
}

TEST_F(ImportTest, MergePartsOfGeoJsonIslands) {
  // Two island features of one district in lon/lat (RFC 7946), as a TopoJSON converted to GeoJSON gives them.
  writeTextFile(file("islands.geojson"),
                R"({"type":"FeatureCollection","features":[)"
                R"({"type":"Feature","properties":{"id":"I-1","land_use":"100101","status":"reserved"},"geometry":{"type":"Polygon","coordinates":[[[120.30,36.30],[120.301,36.30],[120.301,36.301],[120.30,36.301],[120.30,36.30]]]}},)"
                R"({"type":"Feature","properties":{"id":"I-1","land_use":"100101","status":"reserved"},"geometry":{"type":"Polygon","coordinates":[[[120.31,36.30],[120.311,36.30],[120.311,36.301],[120.31,36.301],[120.31,36.30]]]}}]})");
  const CliResult single = runLandbank(db(), {"--lang", "en", "import", "parcels", file("islands.geojson").string(), "--merge-parts"});
  ASSERT_EQ(single.exitCode, 0) << single.err;
  EXPECT_NE(single.out.find("merged 2 parts into 1 features"), std::string::npos) << single.out;
  const json parcels = parcelsJson(db());
  ASSERT_EQ(parcels.size(), 1u);
  // Two 0.001° squares at 36.3°N: about 111.0 m x 89.5 m each.
  EXPECT_NEAR(parcels[0]["area_m2"].get<double>(), 2 * 9934.0, 2 * 9934.0 * 0.01);
  EXPECT_EQ(shell("sqlite3 -cmd '.load mod_spatialite' '" + db().string() + "' \"SELECT ST_NumGeometries(geom) FROM parcels\""), "2\n");
}

TEST_F(ImportTest, DryRunListsEveryDistinctBadValueWithCountsAndWritesNothing) {
  writeTextFile(file("p.csv"), "id,land_use,status,far_max,WKT\n"
                               "A-1,100101,idle,1.5," + sq(527000, 4018000, 100, 100) + "\n" +
                               "A-2,999999,idle,1.5," + sq(527200, 4018000, 100, 100) + "\n" +
                               "A-3,100101,闲置,abc," + sq(527400, 4018000, 100, 100) + "\n" +
                               "A-4,100101,idle,1.5," + sq(527600, 4018000, 100, 100) + "\n" +
                               "A-5,M9,reserved,1.5," + sq(527800, 4018000, 100, 100) + "\n" +
                               "A-6,100101,reserved,1.5,\"POLYGON ((528200 4018000, 528300 4018100, 528300 4018000, 528200 4018100, 528200 4018000))\"\n" +
                               "A-7,100101,reserved,1.5," + sq(528000, 4018000, 100, 100) + "\n");
  const std::string before = databaseFingerprint(db());
  const CliResult result = runLandbank(db(), {"--lang", "en", "import", "parcels", file("p.csv").string(), "--crs", "EPSG:4549", "--dry-run"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_NE(result.err.find("5 distinct bad values (7 in all) in 3 fields, 1 other problems"), std::string::npos) << result.err;
  // Every distinct value once, with its count and first row; the layer's field order, most frequent first.
  const auto at = [&](const std::string& text) { return result.out.find(text); };
  EXPECT_NE(at("land_use\t'999999'\t1\trow 2 (feature 'A-2')"), std::string::npos) << result.out;
  EXPECT_NE(at("land_use\t'M9'\t1\trow 5 (feature 'A-5')"), std::string::npos) << result.out;
  EXPECT_NE(at("status\t'idle'\t3\trow 1 (feature 'A-1')"), std::string::npos) << result.out;
  EXPECT_NE(at("status\t'闲置'\t1\trow 3"), std::string::npos) << result.out;
  EXPECT_NE(at("far_max\t'abc'\t1\trow 3"), std::string::npos) << result.out;
  EXPECT_LT(at("land_use\t'999999'"), at("status\t'idle'"));
  EXPECT_NE(at("A-6"), std::string::npos) << "the invalid geometry is among the other problems: " << result.out;
  EXPECT_NE(at("would import 1 from p.csv"), std::string::npos) << result.out;
  EXPECT_TRUE(databaseFingerprint(db()) == before) << "a dry run changed the database";

  // A clean file: exit 0, the summary of what would happen, still nothing written.
  writeTextFile(file("good.csv"), "id,land_use,status,WKT\nG-1,100101,reserved," + sq(527000, 4018000, 100, 100) + "\n");
  const CliResult clean = runLandbank(db(), {"import", "parcels", file("good.csv").string(), "--crs", "EPSG:4549", "--dry-run", "--lang", "en"});
  EXPECT_EQ(clean.exitCode, 0) << clean.err;
  EXPECT_NE(clean.out.find("parcels: would import 1 from good.csv"), std::string::npos) << clean.out;
  EXPECT_NE(clean.out.find("dry run: nothing was written"), std::string::npos) << clean.out;
  EXPECT_TRUE(databaseFingerprint(db()) == before) << "a dry run changed the database";
}

TEST_F(ImportTest, DryRunSpeaksChineseByDefaultDownToEachBadValuesProblem) {
  writeTextFile(file("p.csv"), "id,land_use,status,far_max,WKT\n"
                               "A-1,100101,idle,1.5," + sq(527000, 4018000, 100, 100) + "\n" +
                               "A-2,999999,reserved,abc," + sq(527200, 4018000, 100, 100) + "\n");
  const std::string before = databaseFingerprint(db());
  const CliResult result = runLandbank(db(), {"import", "parcels", file("p.csv").string(), "--crs", "EPSG:4549", "--dry-run"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  const auto at = [&](const std::string& text) { return result.out.find(text); };
  EXPECT_NE(at("far_max\t'abc'\t1\t第 2 行（要素 'A-2'）：'abc' 不是数字"), std::string::npos) << result.out;
  EXPECT_NE(at("status\t'idle'\t1\t第 1 行（要素 'A-1'）：'idle' 不是可选值之一：reserved (储备)"), std::string::npos) << result.out;
  EXPECT_NE(at("land_use\t'999999'\t1\t第 2 行（要素 'A-2'）：'999999' 既不是"), std::string::npos) << result.out;
  for (const char* english : {"is not", "required", "one of", "would import"}) EXPECT_EQ(at(english), std::string::npos) << english << " in " << result.out;
  EXPECT_TRUE(databaseFingerprint(db()) == before) << "a dry run changed the database";
}

TEST_F(ImportTest, CrsNamesThatPROJOnlyGuessesAreRefusedInImportAndInit) {
  writeTextFile(file("p.csv"), "id,land_use,status,WKT\nA-1,100101,reserved," + sq(527000, 4018000, 100, 100) + "\n");
  // PROJ's fuzzy search reads "foo" as Amersfoort (EPSG:28992): a usage error, not a CRS.
  expectRefused({"import", "parcels", file("p.csv").string(), "--crs", "foo"}, {"--crs foo"}, 2);
  const CliResult init = runLandbank(file("new.sqlite"), {"init", "--crs", "foo"});
  EXPECT_EQ(init.exitCode, 2) << init.err;
  EXPECT_NE(init.err.find("--crs foo"), std::string::npos) << init.err;
  EXPECT_FALSE(std::filesystem::exists(file("new.sqlite")));
  // Unambiguous forms are accepted: AUTHORITY:CODE, a bare EPSG number, a PROJ string, WKT.
  EXPECT_EQ(runLandbank(file("a.sqlite"), {"init", "--crs", "4549"}).exitCode, 0);
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("p.csv").string(), "--crs",
                               "+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"})
                .exitCode,
            0);
  OGRSpatialReference reference;
  reference.importFromEPSG(4549);
  char* wkt = nullptr;
  reference.exportToWkt(&wkt);
  const std::string wktText = wkt;
  CPLFree(wkt);
  writeTextFile(file("q.csv"), "id,land_use,status,WKT\nB-1,100101,reserved," + sq(527200, 4018000, 100, 100) + "\n");
  const CliResult withWkt = runLandbank(db(), {"import", "parcels", file("q.csv").string(), "--crs", wktText});
  EXPECT_EQ(withWkt.exitCode, 0) << withWkt.err;
  EXPECT_EQ(parcelsJson(db()).size(), 2u);
}

TEST_F(ImportTest, GlobalOptionsAreAcceptedAfterTheCommandToo) {
  writeTextFile(file("p.csv"), "id,land_use,status,WKT\nA-1,100101,reserved," + sq(527000, 4018000, 100, 100) + "\n");
  // Before the command (runLandbank puts --db first) and after it: the same database.
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("p.csv").string(), "--crs", "EPSG:4549"}).exitCode, 0);
  const CliResult after = runLandbank({}, {"parcels", "--db", db().string(), "--format", "json"});
  ASSERT_EQ(after.exitCode, 0) << after.err;
  EXPECT_EQ(json::parse(after.out).size(), 1u);
  const CliResult before = runLandbank({}, {"--db", db().string(), "parcels", "--format", "json"});
  ASSERT_EQ(before.exitCode, 0) << before.err;
  EXPECT_EQ(before.out, after.out);
  // --lang after the command changes the language; --db after a nested command (parcel show) too.
  const CliResult english = runLandbank({}, {"parcel", "show", "A-1", "--format", "table", "--db", db().string(), "--lang", "en"});
  const CliResult chinese = runLandbank({}, {"--lang", "zh_CN", "parcel", "show", "A-1", "--format", "table", "--db", db().string()});
  ASSERT_EQ(english.exitCode, 0) << english.err;
  ASSERT_EQ(chinese.exitCode, 0) << chinese.err;
  EXPECT_NE(english.out, chinese.out);
  EXPECT_NE(chinese.out.find("储备"), std::string::npos) << chinese.out;
  EXPECT_EQ(english.out.find("储备"), std::string::npos) << english.out;
  // An option neither the command nor the program knows is still a usage error.
  const CliResult unknown = runLandbank({}, {"parcels", "--db", db().string(), "--colour", "red"});
  EXPECT_EQ(unknown.exitCode, 2) << unknown.err;
}
