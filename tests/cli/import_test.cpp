// End-to-end import tests: the CLI on small hand-made files whose answers are known in advance.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "import_fixtures.h"
#include "test_support.h"

extern char** environ;

using namespace landbank::test;
using nlohmann::json;

TEST_F(ImportTest, GeoJsonInLonLatGivesTheSquaresAreaIn4549) {
  writeTextFile(file("square.geojson"),
                R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"P-1","land_use":"100102","status":"reserved","name":"方块"},"geometry":)" +
                    [] {
                      OGRGeometry* g = nullptr;
                      const std::string wkt = squareInLonLatWkt();
                      OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g);
                      char* text = g->exportToJson();
                      std::string out = text;
                      CPLFree(text);
                      OGRGeometryFactory::destroyGeometry(g);
                      return out;
                    }() + "}]}");
  const CliResult result = runLandbank(db(), {"--lang", "en", "import", "parcels", file("square.geojson").string()});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("imported 1"), std::string::npos);
  const json parcels = parcelsJson(db());
  ASSERT_EQ(parcels.size(), 1u);
  // Straight edges in 4549 become very slightly curved in lon/lat; 12-decimal corners keep
  // the area within 0.05 m² of 10,000 m².
  EXPECT_NEAR(parcels[0]["area_m2"].get<double>(), 10000.0, 0.05);
  EXPECT_NEAR(parcels[0]["area_mu"].get<double>(), 15.0, 0.001);
  EXPECT_EQ(parcels[0]["name"], "方块");
  EXPECT_NEAR(parcels[0]["centroid"][0].get<double>(), 120.30, 0.05);
}

TEST_F(ImportTest, ProjectedShapefileWithPrj) {
  writeVector(file("parcels.shp"), "ESRI Shapefile", "EPSG:4549", {parcel("P-1", kSquareWkt)});
  ASSERT_TRUE(std::filesystem::exists(file("parcels.prj")));
  const CliResult result = runLandbank(db(), {"import", "parcels", file("parcels.shp").string()});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NEAR(onlyArea(db()), 10000.0, 1e-6);
}

TEST_F(ImportTest, CsvWithWktColumnAndCrsOption) {
  writeTextFile(file("parcels.csv"), "id,land_use,status,price_wan_per_mu,WKT\nP-1,M2,储备,45.5,\"" + kSquareWkt + "\"\n");
  const CliResult result = runLandbank(db(), {"import", "parcels", file("parcels.csv").string(), "--crs", "EPSG:4549"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const json parcels = parcelsJson(db());
  EXPECT_NEAR(parcels[0]["area_m2"].get<double>(), 10000.0, 1e-6);
  EXPECT_EQ(parcels[0]["land_use"], "100102");  // legacy M2 mapped
  EXPECT_EQ(parcels[0]["status"], "reserved");  // 储备
  EXPECT_DOUBLE_EQ(parcels[0]["price_wan_per_mu"].get<double>(), 45.5);
}

TEST_F(ImportTest, CsvWithXyColumnsMakesPoints) {
  writeTextFile(file("facilities.csv"), "id,type,name,lon,lat\nF-1,highway_exit,城阳出口,120.40,36.30\n");
  const CliResult result = runLandbank(db(), {"import", "facilities", file("facilities.csv").string(), "--crs", "EPSG:4326"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const json facilities = json::parse(runLandbank(db(), {"facilities", "--format", "json"}).out);
  ASSERT_EQ(facilities.size(), 1u);
  EXPECT_NEAR(facilities[0]["centroid"][0].get<double>(), 120.40, 1e-7);
  EXPECT_NEAR(facilities[0]["centroid"][1].get<double>(), 36.30, 1e-7);
}

TEST_F(ImportTest, GeoPackageKmlAndDxfGiveTheSameArea) {
  writeVector(file("parcels.gpkg"), "GPKG", "EPSG:4549", {parcel("P-1", kSquareWkt)});
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("parcels.gpkg").string()}).exitCode, 0);
  EXPECT_NEAR(onlyArea(db()), 10000.0, 1e-6);

  // KML: lon/lat; the parcel id is the placemark's <name>.
  writeVector(file("parcels.kml"), "KML", "EPSG:4326",
              {TestFeature{{{"Name", "P-K"}, {"land_use", "100102"}, {"status", "reserved"}}, squareInLonLatWkt()}});
  const CliResult kml = runLandbank(db(), {"import", "parcels", file("parcels.kml").string(), "--map", "id=Name", "--mode", "replace"});
  ASSERT_EQ(kml.exitCode, 0) << kml.err;
  EXPECT_NEAR(onlyArea(db()), 10000.0, 0.05);
  EXPECT_EQ(parcelsJson(db())[0]["id"], "P-K");

  // DXF: a closed polyline on drawing layer "M2" in a drawing without CRS; the user names the
  // CRS, takes the id from the entity handle, the land use from the layer, and sets the status.
  writeVector(file("parcels.dxf"), "DXF", nullptr, {TestFeature{{{"Layer", "M2"}}, kSquareWkt}});
  const CliResult dxf = runLandbank(db(), {"import", "parcels", file("parcels.dxf").string(), "--crs", "EPSG:4549", "--map",
                                           "id=EntityHandle", "--map", "land_use=Layer", "--set", "status=reserved", "--mode", "replace"});
  ASSERT_EQ(dxf.exitCode, 0) << dxf.err;
  const json parcels = parcelsJson(db());
  ASSERT_EQ(parcels.size(), 1u);
  EXPECT_NEAR(parcels[0]["area_m2"].get<double>(), 10000.0, 1e-6);
  EXPECT_EQ(parcels[0]["land_use"], "100102");
  EXPECT_EQ(parcels[0]["status"], "reserved");
  // Without the CRS the drawing is refused: its coordinates are not lon/lat.
  expectRefused({"import", "parcels", file("parcels.dxf").string(), "--map", "id=EntityHandle", "--map", "land_use=Layer",
                 "--set", "status=reserved"},
                {"parcels.dxf", "--crs", "EPSG:4549"});
  expectRefused({"import", "parcels", file("parcels.dxf").string(), "--crs", "EPSG:4549", "--map", "id=EntityHandle", "--map",
                 "land_use=Layer", "--set", "status=idle"},
                {"--set status=idle", "reserved"}, 2);
}

TEST_F(ImportTest, XlsxProjectsWithoutGeometry) {
  writeVector(file("projects.xlsx"), "XLSX", nullptr,
              {TestFeature{{{"id", "P-001"}, {"name", "汽车零部件项目"}, {"sector", "先进制造业"}, {"investment_wan", "120000"},
                            {"land_min_m2", "30000"}, {"pollution_class", "2"}, {"stage", "negotiating"}, {"联系人", "王工"}},
                           ""}},
              nullptr, wkbNone);
  const CliResult result = runLandbank(db(), {"import", "projects", file("projects.xlsx").string()});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const json projects = json::parse(runLandbank(db(), {"projects", "--format", "json"}).out);
  ASSERT_EQ(projects.size(), 1u);
  EXPECT_EQ(projects[0]["sector"], "advanced_mfg");
  EXPECT_DOUBLE_EQ(projects[0]["investment_wan"].get<double>(), 120000.0);
  EXPECT_EQ(projects[0]["pollution_class"], 2);
  EXPECT_EQ(projects[0]["attrs"]["联系人"], "王工");  // unknown fields are kept
}

TEST_F(ImportTest, GbkShapefileWithoutCpgReadsRightWithEncodingAndIsDetectedWithout) {
  const auto shp = testDataDir() / "conformance" / "gbk_shp" / "地块.shp";
  const std::vector<std::string> maps{"--map", "id=DKBH", "--map", "name=DKMC", "--map", "land_use=YDXZ", "--map", "status=ZT"};
  std::vector<std::string> args{"import", "parcels", shp.string(), "--encoding", "GBK"};
  args.insert(args.end(), maps.begin(), maps.end());
  CliResult result = runLandbank(db(), args);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  json parcels = parcelsJson(db());
  ASSERT_EQ(parcels.size(), 317u);
  EXPECT_EQ(parcels[0]["id"], "T-0001");
  EXPECT_EQ(parcels[0]["name"], "测试地块1号");

  std::vector<std::string> detect{"import", "parcels", shp.string(), "--mode", "replace"};
  detect.insert(detect.end(), maps.begin(), maps.end());
  result = runLandbank(db(), detect);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("GBK（自动识别）"), std::string::npos) << result.out;
  EXPECT_EQ(parcelsJson(db())[0]["name"], "测试地块1号");
}

TEST_F(ImportTest, UndecodableTextIsRefusedWithAnEncodingHint) {
  // Latin-1 bytes: neither UTF-8 nor Chinese GBK. Written raw into a DBF without .cpg.
  char** options = CSLSetNameValue(nullptr, "ENCODING", "");
  writeVector(file("latin.shp"), "ESRI Shapefile", "EPSG:4549", {parcel("P-1", kSquareWkt, {{"name", "M\xFCller Stra\xDF" "e"}})}, options);
  CSLDestroy(options);
  std::filesystem::remove(file("latin.cpg"));
  expectRefused({"import", "parcels", file("latin.shp").string()}, {"latin.shp", "P-1", "name", "--encoding"});
}

TEST_F(ImportTest, BowTieIsRefusedAndRepairedOnRequest) {
  const std::string bowTie = "POLYGON ((527000 4018000, 527100 4018100, 527100 4018000, 527000 4018100, 527000 4018000))";
  writeTextFile(file("bowtie.csv"), "id,land_use,status,WKT\nBT-1,100101,available,\"" + bowTie + "\"\n");
  expectRefused({"import", "parcels", file("bowtie.csv").string(), "--crs", "EPSG:4549"},
                {"bowtie.csv", "BT-1", "Self-intersection", "--repair"});
  const CliResult repaired = runLandbank(db(), {"--lang", "en", "import", "parcels", file("bowtie.csv").string(), "--crs", "EPSG:4549", "--repair"});
  ASSERT_EQ(repaired.exitCode, 0) << repaired.err;
  EXPECT_NE(repaired.out.find("repaired 1"), std::string::npos) << repaired.out;
  EXPECT_NE(repaired.err.find("BT-1"), std::string::npos);  // area changed by more than 1%: reported
  // Two triangles of 2,500 m² each.
  EXPECT_NEAR(onlyArea(db()), 5000.0, 1e-6);
}

TEST_F(ImportTest, UnclosedRingEmptyGeometryAndNanAreRefused) {
  writeTextFile(file("unclosed.csv"), "id,land_use,status,WKT\nU-1,100101,available,\"POLYGON ((527000 4018000, 527100 4018000, 527100 4018100, 527000 4018100))\"\n");
  expectRefused({"import", "parcels", file("unclosed.csv").string(), "--crs", "EPSG:4549"}, {"U-1", "geometry"});
  writeTextFile(file("empty.csv"), "id,land_use,status,WKT\nE-1,100101,available,POLYGON EMPTY\n");
  expectRefused({"import", "parcels", file("empty.csv").string(), "--crs", "EPSG:4549"}, {"E-1", "geometry"});
  writeTextFile(file("nan.geojson"), R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"N-1","land_use":"100101","status":"available"},"geometry":{"type":"Polygon","coordinates":[[[120.3,36.3],[120.31,36.3],[120.31,NaN],[120.3,36.3]]]}}]})");
  const CliResult nan = runLandbank(db(), {"import", "parcels", file("nan.geojson").string()});
  EXPECT_NE(nan.exitCode, 0);
  EXPECT_EQ(runLandbank(db(), {"parcels", "--format", "json"}).out, "[]\n");
}

TEST_F(ImportTest, DuplicateIdsInTheFileOrAgainstTheDatabaseAreRefused) {
  writeVector(file("dup.gpkg"), "GPKG", "EPSG:4549", {parcel("P-1", kSquareWkt), parcel("P-1", kSquareWkt)});
  expectRefused({"import", "parcels", file("dup.gpkg").string()}, {"dup.gpkg", "P-1", "duplicate id"});

  writeVector(file("one.gpkg"), "GPKG", "EPSG:4549", {parcel("P-1", kSquareWkt)});
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("one.gpkg").string()}).exitCode, 0);
  expectRefused({"import", "parcels", file("one.gpkg").string()}, {"P-1", "already exists", "--mode replace"});
  // Replace swaps the layer: still one parcel.
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("one.gpkg").string(), "--mode", "replace"}).exitCode, 0);
  EXPECT_EQ(parcelsJson(db()).size(), 1u);
}

TEST_F(ImportTest, MissingRequiredFieldBadNumberAndBadCodeAreRefused) {
  writeTextFile(file("nostatus.csv"), "id,land_use,WKT\nP-1,100101,\"" + kSquareWkt + "\"\n");
  expectRefused({"import", "parcels", file("nostatus.csv").string(), "--crs", "EPSG:4549"}, {"nostatus.csv", "status", "--map"});
  writeTextFile(file("badnumber.csv"), "id,land_use,status,price_wan_per_mu,WKT\nP-1,100101,reserved,45,\"" + kSquareWkt +
                                           "\"\nP-2,100101,reserved,abc,\"" + kSquareWkt + "\"\n");
  expectRefused({"import", "parcels", file("badnumber.csv").string(), "--crs", "EPSG:4549"},
                {"badnumber.csv", "feature 'P-2'", "field 'price_wan_per_mu'", "'abc' is not a number"});
  writeTextFile(file("badstatus.csv"), "id,land_use,status,WKT\nP-1,100101,idle,\"" + kSquareWkt + "\"\n");
  expectRefused({"import", "parcels", file("badstatus.csv").string(), "--crs", "EPSG:4549"}, {"P-1", "status", "reserved, available"});
  // --skip-invalid imports the good one and reports the bad one.
  const CliResult skipped = runLandbank(db(), {"--lang", "en", "import", "parcels", file("badnumber.csv").string(), "--crs", "EPSG:4549", "--skip-invalid"});
  ASSERT_EQ(skipped.exitCode, 0) << skipped.err;
  EXPECT_NE(skipped.out.find("imported 1"), std::string::npos);
  EXPECT_NE(skipped.out.find("skipped 1"), std::string::npos);
  EXPECT_NE(skipped.err.find("P-2"), std::string::npos);
}

TEST_F(ImportTest, MissingCrsIsRefusedWithTheLikelyCrsNamed) {
  writeVector(file("noprj.shp"), "ESRI Shapefile", nullptr, {parcel("P-1", kSquareWkt)});
  expectRefused({"import", "parcels", file("noprj.shp").string()}, {"noprj.shp", "--crs", "EPSG:4549"});
  const std::string prefixed = "POLYGON ((40527000 4018000, 40527100 4018000, 40527100 4018100, 40527000 4018100, 40527000 4018000))";
  writeVector(file("zone40.shp"), "ESRI Shapefile", nullptr, {parcel("P-1", prefixed)});
  expectRefused({"import", "parcels", file("zone40.shp").string()}, {"--crs", "EPSG:4528"});
  // With the zone-prefixed CRS named, the square is the same 10,000 m² (zone 40 = CM 120E).
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("zone40.shp").string(), "--crs", "EPSG:4528"}).exitCode, 0);
  EXPECT_NEAR(onlyArea(db()), 10000.0, 0.01);
}

TEST_F(ImportTest, UsageErrorsExitTwo) {
  expectRefused({"import", "lakes", "x.shp"}, {"unknown layer 'lakes'"}, 2);
  writeVector(file("one.gpkg"), "GPKG", "EPSG:4549", {parcel("P-1", kSquareWkt)});
  expectRefused({"import", "parcels", file("one.gpkg").string(), "--map", "colour=id"}, {"colour", "not a field of parcels"}, 2);
  expectRefused({"import", "parcels", file("one.gpkg").string(), "--map", "nonsense"}, {"CANONICAL=SOURCE"}, 2);
  EXPECT_EQ(runLandbank(db(), {"import", "parcels"}).exitCode, 2);
}

TEST_F(ImportTest, SubdistrictIsDerivedFromTheLargestOverlapAndRecomputedWhenBoundariesChange) {
  // Two subdistricts split at x = 527070: the square lies 70% in West, 30% in East.
  writeVector(file("b1.gpkg"), "GPKG", "EPSG:4549",
              {TestFeature{{{"id", "SD-W"}, {"name", "西街道"}, {"level", "subdistrict"}},
                           "POLYGON ((526000 4017000, 527070 4017000, 527070 4019000, 526000 4019000, 526000 4017000))"},
               TestFeature{{{"id", "SD-E"}, {"name", "东街道"}, {"level", "subdistrict"}},
                           "POLYGON ((527070 4017000, 528000 4017000, 528000 4019000, 527070 4019000, 527070 4017000))"}});
  ASSERT_EQ(runLandbank(db(), {"import", "boundaries", file("b1.gpkg").string()}).exitCode, 0);
  writeVector(file("p.gpkg"), "GPKG", "EPSG:4549", {parcel("P-1", kSquareWkt), parcel("P-2", kSquareWkt, {{"subdistrict", "给定街道"}})});
  // Same square twice is allowed (the store does not forbid overlap); ids differ.
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("p.gpkg").string()}).exitCode, 0);
  json parcels = parcelsJson(db());
  EXPECT_EQ(parcels[0]["subdistrict"], "西街道");
  EXPECT_EQ(parcels[1]["subdistrict"], "给定街道");  // from the source: kept
  // Move the split to x = 527030: now 70% East.
  writeVector(file("b2.gpkg"), "GPKG", "EPSG:4549",
              {TestFeature{{{"id", "SD-W"}, {"name", "西街道"}, {"level", "subdistrict"}},
                           "POLYGON ((526000 4017000, 527030 4017000, 527030 4019000, 526000 4019000, 526000 4017000))"},
               TestFeature{{{"id", "SD-E"}, {"name", "东街道"}, {"level", "subdistrict"}},
                           "POLYGON ((527030 4017000, 528000 4017000, 528000 4019000, 527030 4019000, 527030 4017000))"}});
  ASSERT_EQ(runLandbank(db(), {"import", "boundaries", file("b2.gpkg").string(), "--mode", "replace"}).exitCode, 0);
  parcels = parcelsJson(db());
  EXPECT_EQ(parcels[0]["subdistrict"], "东街道");
  EXPECT_EQ(parcels[1]["subdistrict"], "给定街道");
}

TEST_F(ImportTest, InfoShowsProvenanceAndAsOf) {
  writeVector(file("parcels.gpkg"), "GPKG", "EPSG:4549", {parcel("P-1", kSquareWkt)});
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("parcels.gpkg").string(), "--as-of", "2026-10-31"}).exitCode, 0);
  const json info = json::parse(runLandbank(db(), {"info", "--format", "json"}).out);
  EXPECT_EQ(info["crs"], "EPSG:4549");
  const json& parcels = info["layers"][0];
  EXPECT_EQ(parcels["layer"], "parcels");
  EXPECT_EQ(parcels["count"], 1);
  EXPECT_EQ(parcels["provenance"]["source"], "parcels.gpkg");
  EXPECT_EQ(parcels["provenance"]["as_of"], "2026-10-31");
  EXPECT_EQ(parcels["provenance"]["source_crs"], "EPSG:4549");
  EXPECT_NEAR(parcels["extent"][0].get<double>(), 120.30, 0.05);
}

TEST_F(ImportTest, KillDashNineDuringImportLeavesTheDatabaseAsBefore) {
  // 3,000 parcels; the importer stalls (test hook) after 2,000 rows written inside its
  // transaction, and we kill it with SIGKILL there.
  std::vector<TestFeature> many;
  for (int i = 0; i < 3000; ++i) {
    const double x = kX0 + (i % 60) * 120.0, y = kY0 + (i / 60) * 120.0;
    char wkt[256];
    std::snprintf(wkt, sizeof wkt, "POLYGON ((%.0f %.0f, %.0f %.0f, %.0f %.0f, %.0f %.0f, %.0f %.0f))", x, y, x + 100, y, x + 100,
                  y + 100, x, y + 100, x, y);
    many.push_back(parcel("K-" + std::to_string(i), wkt));
  }
  writeVector(file("many.gpkg"), "GPKG", "EPSG:4549", many);
  writeVector(file("first.gpkg"), "GPKG", "EPSG:4549", {parcel("P-1", kSquareWkt)});
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("first.gpkg").string()}).exitCode, 0);
  const std::string before = databaseFingerprint(db());

  const std::string errPath = file("stall.err").string();
  const std::vector<std::string> args{"--db", db().string(), "import", "parcels", file("many.gpkg").string()};
  const KilledRun killed = killWhenStderrSays(args, "LANDBANK_TEST_STALL_AFTER=2000", "stalled after 2000", errPath);
  ASSERT_TRUE(killed.sawMarker) << killed.stderrText;
  EXPECT_TRUE(killed.killedBySignal);
  EXPECT_TRUE(databaseFingerprint(db()) == before);
  EXPECT_EQ(parcelsJson(db()).size(), 1u);
}

TEST_F(ImportTest, MultiPartAndZmGeometriesAreKeptIn2D) {
  // Two 100 m squares as one MultiPolygon with Z and M values: 20,000 m², stored as 2D.
  writeTextFile(file("multi.csv"),
                "id,land_use,status,WKT\nM-1,100101,reserved,\"MULTIPOLYGON ZM (((527000 4018000 5 1, 527100 4018000 5 1, "
                "527100 4018100 5 1, 527000 4018100 5 1, 527000 4018000 5 1)), ((527200 4018000 7 2, 527300 4018000 7 2, "
                "527300 4018100 7 2, 527200 4018100 7 2, 527200 4018000 7 2)))\"\n");
  const CliResult result = runLandbank(db(), {"import", "parcels", file("multi.csv").string(), "--crs", "EPSG:4549"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NEAR(onlyArea(db()), 20000.0, 1e-6);
  EXPECT_NEAR(parcelsJson(db())[0]["area_mu"].get<double>(), 30.0, 1e-3);
  // A parcel with a hole: 100x100 minus 20x20.
  writeTextFile(file("hole.csv"),
                "id,land_use,status,WKT\nH-1,100101,reserved,\"POLYGON ((527000 4018000, 527100 4018000, 527100 4018100, "
                "527000 4018100, 527000 4018000), (527040 4018040, 527060 4018040, 527060 4018060, 527040 4018060, 527040 4018040))\"\n");
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("hole.csv").string(), "--crs", "EPSG:4549", "--mode", "replace"}).exitCode, 0);
  EXPECT_NEAR(onlyArea(db()), 9600.0, 1e-6);
}

TEST_F(ImportTest, AreaCrossCheckedWithSpatiaLiteSql) {
  // Independent of our GEOS area: SpatiaLite's ST_Area over the stored geometry, via plain SQL.
  writeVector(file("parcels.gpkg"), "GPKG", "EPSG:4549",
              {parcel("P-1", kSquareWkt), parcel("P-2", "POLYGON ((527200 4018000, 527350 4018000, 527200 4018200, 527200 4018000))")});
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("parcels.gpkg").string()}).exitCode, 0);
  EXPECT_EQ(spatialiteShell(db(), "SELECT id || ':' || printf('%.3f', ST_Area(geom)) || ':' || printf('%.3f', area_m2) FROM parcels ORDER BY id"),
            "P-1:10000.000:10000.000\nP-2:15000.000:15000.000\n");
}

TEST_F(ImportTest, TheSpatialIndexIsCompleteAndSpatiaLitesTriggerIsBackAfterAnImport) {
  // The import feeds the R*Tree itself, without SpatiaLite's per-row trigger; afterwards SpatiaLite's
  // own check must find the index exact, and the trigger must be there again, as a fresh store has it.
  const std::string triggerSql = "SELECT sql FROM sqlite_master WHERE name = 'gii_parcels_geom'";
  const std::string freshTrigger = spatialiteShell(db(), triggerSql);
  ASSERT_NE(freshTrigger, "");
  writeVector(file("a.gpkg"), "GPKG", "EPSG:4549",
              {parcel("P-1", kSquareWkt), parcel("P-2", "POLYGON ((527200 4018000, 527350 4018000, 527200 4018200, 527200 4018000))")});
  writeVector(file("b.gpkg"), "GPKG", "EPSG:4549", {parcel("P-3", "POLYGON ((528000 4019000, 528050 4019000, 528050 4019050, 528000 4019000))")});
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("a.gpkg").string()}).exitCode, 0);
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("b.gpkg").string(), "--mode", "append"}).exitCode, 0);
  EXPECT_EQ(spatialiteShell(db(), "SELECT CheckSpatialIndex('parcels', 'geom'), (SELECT count(*) FROM idx_parcels_geom)"), "1|3\n");
  EXPECT_EQ(spatialiteShell(db(), triggerSql), freshTrigger);
  // A failing import (a duplicate id) changes nothing, the trigger included.
  const std::string before = databaseFingerprint(db());
  EXPECT_NE(runLandbank(db(), {"import", "parcels", file("b.gpkg").string(), "--mode", "append"}).exitCode, 0);
  EXPECT_EQ(databaseFingerprint(db()), before);
  EXPECT_EQ(spatialiteShell(db(), triggerSql), freshTrigger);
}
