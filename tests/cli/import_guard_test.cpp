// Imports that must not lose data or pass silently: nothing imported, a replace that empties a
// layer, boundaries replaced by level, CRSs their coordinates contradict, places no CRS has,
// truncated sources, and typed extra attributes of text-only sources.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "import_fixtures.h"
#include "test_support.h"

using namespace landbank::test;
using nlohmann::json;

namespace {

// A row of 100 m squares, 120 m apart, starting at the fixtures' corner (EPSG:4549).
std::vector<TestFeature> squares(int count, const std::string& prefix = "P-") {
  std::vector<TestFeature> features;
  for (int i = 0; i < count; ++i) {
    const double x = kX0 + i * 120.0, y = kY0;
    char wkt[256];
    std::snprintf(wkt, sizeof wkt, "POLYGON ((%.0f %.0f, %.0f %.0f, %.0f %.0f, %.0f %.0f, %.0f %.0f))", x, y, x + 100, y, x + 100,
                  y + 100, x, y + 100, x, y);
    features.push_back(parcel(prefix + std::to_string(i + 1), wkt));
  }
  return features;
}

std::string boxWkt(double x0, double y0, double x1, double y1) {
  char wkt[256];
  std::snprintf(wkt, sizeof wkt, "POLYGON ((%.6f %.6f, %.6f %.6f, %.6f %.6f, %.6f %.6f, %.6f %.6f))", x0, y0, x1, y0, x1, y1, x0,
                y1, x0, y0);
  return wkt;
}

}  // namespace

TEST_F(ImportTest, AnImportThatWouldImportNothingIsRefused) {
  writeVector(file("two.gpkg"), "GPKG", "EPSG:4549", squares(2));
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("two.gpkg").string()}).exitCode, 0);
  // Every feature invalid, --skip-invalid: a replace would have emptied the layer.
  writeTextFile(file("allbad.csv"), "id,land_use,status,WKT\nB-1,100101,idle,\"" + kSquareWkt + "\"\nB-2,100101,idle,\"" +
                                        kSquareWkt + "\"\n");
  expectRefused({"import", "parcels", file("allbad.csv").string(), "--crs", "EPSG:4549", "--mode", "replace", "--skip-invalid"},
                {"allbad.csv", "all 2 features were skipped", "nothing was imported"});
  expectRefused({"import", "parcels", file("allbad.csv").string(), "--crs", "EPSG:4549", "--skip-invalid"},
                {"allbad.csv", "all 2 features were skipped"});
  // A source without features, appended or replacing.
  writeTextFile(file("empty.geojson"), R"({"type":"FeatureCollection","features":[]})");
  expectRefused({"import", "parcels", file("empty.geojson").string()}, {"empty.geojson", "no features"});
  expectRefused({"import", "parcels", file("empty.geojson").string(), "--mode", "replace"}, {"empty.geojson", "no features"});
  EXPECT_EQ(parcelsJson(db()).size(), 2u);
}

TEST_F(ImportTest, AReplaceThatRemovesFarMoreThanItAddsAsksForForce) {
  writeVector(file("twelve.gpkg"), "GPKG", "EPSG:4549", squares(12));
  writeVector(file("one.gpkg"), "GPKG", "EPSG:4549", squares(1, "N-"));
  writeVector(file("five.gpkg"), "GPKG", "EPSG:4549", squares(5, "F-"));
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("twelve.gpkg").string()}).exitCode, 0);
  // 12 -> 1: removes 12, adds 1, loses 11 (> 10): refused.
  expectRefused({"import", "parcels", file("one.gpkg").string(), "--mode", "replace"},
                {"one.gpkg", "remove 12", "add only 1", "--force"});
  // 12 -> 5: loses 7 (not more than 10): allowed without --force.
  CliResult result = runLandbank(db(), {"import", "parcels", file("five.gpkg").string(), "--mode", "replace"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(parcelsJson(db()).size(), 5u);
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("twelve.gpkg").string(), "--mode", "replace"}).exitCode, 0);
  result = runLandbank(db(), {"--lang", "en", "import", "parcels", file("one.gpkg").string(), "--mode", "replace", "--force"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("imported 1"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("replaced 12"), std::string::npos) << result.out;
  EXPECT_EQ(parcelsJson(db()).size(), 1u);
}

TEST_F(ImportTest, ReplacingBoundariesReplacesOnlyTheLevelsTheFileHolds) {
  // A district with two subdistricts split at x = 527070; one parcel lies 70% in the west one.
  writeVector(file("all.gpkg"), "GPKG", "EPSG:4549",
              {TestFeature{{{"id", "D-1"}, {"name", "城阳区"}, {"level", "district"}}, boxWkt(526000, 4017000, 528000, 4019000)},
               TestFeature{{{"id", "SD-W"}, {"name", "西街道"}, {"level", "subdistrict"}}, boxWkt(526000, 4017000, 527070, 4019000)},
               TestFeature{{{"id", "SD-E"}, {"name", "东街道"}, {"level", "subdistrict"}}, boxWkt(527070, 4017000, 528000, 4019000)}});
  ASSERT_EQ(runLandbank(db(), {"import", "boundaries", file("all.gpkg").string()}).exitCode, 0);
  writeVector(file("p.gpkg"), "GPKG", "EPSG:4549", {parcel("P-1", kSquareWkt)});
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("p.gpkg").string()}).exitCode, 0);
  ASSERT_EQ(parcelsJson(db())[0]["subdistrict"], "西街道");

  // A file of districts only swaps the district and keeps both subdistricts (and the parcel's).
  writeVector(file("districts.gpkg"), "GPKG", "EPSG:4549",
              {TestFeature{{{"id", "D-1"}, {"name", "城阳区(新)"}, {"level", "district"}}, boxWkt(525000, 4016000, 529000, 4020000)}});
  CliResult result = runLandbank(db(), {"--lang", "en", "import", "boundaries", file("districts.gpkg").string(), "--mode", "replace"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("replaced 1 (level district; kept 2 of other levels)"), std::string::npos) << result.out;
  const json boundaries = json::parse(runLandbank(db(), {"boundaries", "--format", "json"}).out);
  EXPECT_EQ(boundaries.size(), 3u);
  EXPECT_EQ(parcelsJson(db())[0]["subdistrict"], "西街道");

  // An id held by a kept boundary of the other level is refused, not a database error.
  writeVector(file("clash.gpkg"), "GPKG", "EPSG:4549",
              {TestFeature{{{"id", "SD-W"}, {"name", "x"}, {"level", "district"}}, boxWkt(525000, 4016000, 529000, 4020000)}});
  expectRefused({"import", "boundaries", file("clash.gpkg").string(), "--mode", "replace"}, {"SD-W", "kept boundary"});

  // Subdistricts that no longer cover the parcel: imported, with the count of features that lost theirs.
  writeVector(file("far.gpkg"), "GPKG", "EPSG:4549",
              {TestFeature{{{"id", "SD-N"}, {"name", "北街道"}, {"level", "subdistrict"}}, boxWkt(526000, 4018500, 528000, 4019000)}});
  result = runLandbank(db(), {"--lang", "en", "import", "boundaries", file("far.gpkg").string(), "--mode", "replace"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.err.find("1 features (parcels, parks, buildings) no longer lie in any subdistrict"), std::string::npos)
      << result.err;
  EXPECT_TRUE(parcelsJson(db())[0]["subdistrict"].is_null());
}

TEST_F(ImportTest, AnExplicitOrDeclaredCrsThatTheCoordinatesContradictIsRefused) {
  // Lon/lat declared as EPSG:4549: it would import as 0.0 亩 near 0°N.
  writeTextFile(file("lonlat.csv"), "id,land_use,status,WKT\nP-1,100101,reserved,\"" + squareInLonLatWkt() + "\"\n");
  expectRefused({"import", "parcels", file("lonlat.csv").string(), "--crs", "EPSG:4549"},
                {"lonlat.csv", "look like longitude/latitude", "EPSG:4549", "--force-crs"});
  // A .prj that says lon/lat over metre coordinates.
  writeVector(file("wrongprj.shp"), "ESRI Shapefile", "EPSG:4326", {parcel("P-1", kSquareWkt)});
  expectRefused({"import", "parcels", file("wrongprj.shp").string()}, {"wrongprj.shp", "not degrees", "EPSG:4549"});
  // Qingdao metres declared as Taiwan's TM2 (EPSG:3826): a place far outside that CRS's area of use.
  writeTextFile(file("taiwan.csv"), "id,land_use,status,WKT\nP-1,100101,reserved,\"" + kSquareWkt + "\"\n");
  expectRefused({"import", "parcels", file("taiwan.csv").string(), "--crs", "EPSG:3826"},
                {"taiwan.csv", "outside its area of use", "Taiwan", "--force-crs"});
  // --force-crs trusts it (the planner knows better).
  const CliResult forced =
      runLandbank(db(), {"import", "parcels", file("taiwan.csv").string(), "--crs", "EPSG:3826", "--force-crs"});
  EXPECT_EQ(forced.exitCode, 0) << forced.err;
  // The right CRS passes.
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("taiwan.csv").string(), "--crs", "EPSG:4549", "--mode", "replace"}).exitCode, 0);
  EXPECT_NEAR(onlyArea(db()), 10000.0, 1e-6);
}

TEST_F(ImportTest, FeaturesOutsideTheDatabaseCrsAreaOfUseAreImportedWithAWarningAndInfoSaysSo) {
  // One square near Qingdao and one at 85°E (Xinjiang), 35 degrees off EPSG:4549's meridian.
  writeTextFile(file("far.csv"), "id,land_use,status,WKT\nP-1,100101,reserved,\"" + squareInLonLatWkt() + "\"\nP-2,100101,reserved,\"" +
                                     boxWkt(85.0, 40.0, 85.001, 40.001) + "\"\n");
  const CliResult result = runLandbank(db(), {"--lang", "en", "import", "parcels", file("far.csv").string(), "--crs", "EPSG:4326"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.err.find("1 of 2 features lie (partly) outside the area of use of the database CRS, EPSG:4549"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("lon 118.5..121.5"), std::string::npos) << result.err;
  const json info = json::parse(runLandbank(db(), {"info", "--format", "json"}).out);
  EXPECT_EQ(info["layers"][0]["layer"], "parcels");
  EXPECT_EQ(info["layers"][0]["beyond_crs_area_of_use"], true);
  const CliResult table = runLandbank(db(), {"info", "--format", "table"});
  EXPECT_NE(table.out.find("注意：地块 超出 EPSG:4549 的适用范围"), std::string::npos) << table.out;
  const CliResult english = runLandbank(db(), {"--lang", "en", "info", "--format", "table"});
  EXPECT_NE(english.out.find("parcels extends beyond the area of use"), std::string::npos) << english.out;
}

TEST_F(ImportTest, CoordinatesNoPlaceCanHaveAreRefused) {
  writeVector(file("huge.gpkg"), "GPKG", "EPSG:4549",
              {parcel("P-1", kSquareWkt), parcel("P-2", boxWkt(1e12, 1e12, 1e12 + 100, 1e12 + 100))});
  expectRefused({"import", "parcels", file("huge.gpkg").string()}, {"huge.gpkg", "P-2", "no place on Earth"});
  // With --skip-invalid the real parcel goes in and the impossible one is listed.
  const CliResult skipped = runLandbank(db(), {"import", "parcels", file("huge.gpkg").string(), "--skip-invalid"});
  ASSERT_EQ(skipped.exitCode, 0) << skipped.err;
  EXPECT_NE(skipped.err.find("P-2"), std::string::npos);
  EXPECT_NEAR(onlyArea(db()), 10000.0, 1e-6);
  writeTextFile(file("lat100.csv"), "id,land_use,status,WKT\nP-9,100101,reserved,\"" + boxWkt(120.3, 36.3, 120.301, 36.301) +
                                        "\"\nP-10,100101,reserved,\"" + boxWkt(120.3, 100, 120.301, 100.001) + "\"\n");
  expectRefused({"import", "parcels", file("lat100.csv").string(), "--crs", "EPSG:4326"}, {"P-10", "latitude ±90"});
}

TEST_F(ImportTest, TruncatedSourcesAreRefusedNotImportedInPart) {
  writeVector(file("fifty.shp"), "ESRI Shapefile", "EPSG:4549", squares(50));
  const auto dbf = file("fifty.dbf");
  std::filesystem::resize_file(dbf, std::filesystem::file_size(dbf) / 3);
  expectRefused({"import", "parcels", file("fifty.shp").string()}, {"fifty.shp", "truncated"});

  writeVector(file("five.fgb"), "FlatGeobuf", "EPSG:4549", squares(5));
  const auto fgb = file("five.fgb");
  std::filesystem::resize_file(fgb, std::filesystem::file_size(fgb) - 60);
  expectRefused({"import", "parcels", fgb.string()}, {"five.fgb"});
  EXPECT_EQ(parcelsJson(db()).size(), 0u);
}

TEST_F(ImportTest, NumbersInCsvExtraColumnsCompareAsNumbers) {
  writeTextFile(file("scores.csv"), "id,land_use,status,score,plot,WKT\n"
                                    "P-1,100101,reserved,5,007,\"" + boxWkt(527000, 4018000, 527100, 4018100) + "\"\n"
                                    "P-2,100101,reserved,40,12,\"" + boxWkt(527200, 4018000, 527300, 4018100) + "\"\n"
                                    "P-3,100101,reserved,100.5,13,\"" + boxWkt(527400, 4018000, 527500, 4018100) + "\"\n");
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("scores.csv").string(), "--crs", "EPSG:4549"}).exitCode, 0);
  // As text, "5" and "40" ... "100.5" would compare as "5" > "45": two rows instead of one.
  const CliResult result = runLandbank(db(), {"parcels", "--where", "attrs.score > 45", "--format", "json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const json rows = json::parse(result.out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["id"], "P-3");
  EXPECT_DOUBLE_EQ(rows[0]["attrs"]["score"].get<double>(), 100.5);
  // "007" is a code: the column stays text, digits kept.
  const json all = parcelsJson(db());
  EXPECT_EQ(all[0]["attrs"]["plot"], "007");
}
