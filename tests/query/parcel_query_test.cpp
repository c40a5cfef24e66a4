// Every filter of `landbank parcels` (and its siblings) on the hand-made scene of query_scene.h,
// whose answers are worked out by hand in the comments.
#include <gtest/gtest.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "query_scene.h"
#include "test_support.h"

using namespace landbank::test;
using nlohmann::json;

namespace {

class SceneQuery : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new TempDir;
    s_database = *s_dir / "scene.sqlite";
    buildQueryScene(*s_dir, s_database);
  }
  static void TearDownTestSuite() {
    delete s_dir;
    s_dir = nullptr;
  }

  // Runs a query with JSON output (and the scene's CRS for coordinates) and returns the ids in order.
  static std::vector<std::string> ids(const std::string& layer, std::vector<std::string> args) {
    args.insert(args.begin(), layer);
    args.insert(args.end(), {"--format", "json", "--crs", "EPSG:4549"});
    const CliResult result = runLandbank(s_database, args);
    EXPECT_EQ(result.exitCode, 0) << result.err;
    std::vector<std::string> found;
    for (const json& row : json::parse(result.out)) found.push_back(row["id"]);
    return found;
  }
  static std::vector<std::string> parcels(std::vector<std::string> args) { return ids("parcels", std::move(args)); }

  static TempDir* s_dir;
  static std::filesystem::path s_database;
};
TempDir* SceneQuery::s_dir = nullptr;
std::filesystem::path SceneQuery::s_database;

using Ids = std::vector<std::string>;

TEST_F(SceneQuery, NoFilterListsEveryParcelById) { EXPECT_EQ(parcels({}), (Ids{"A", "B", "C", "D"})); }

TEST_F(SceneQuery, StatusTakesAListAndChineseLabels) {
  EXPECT_EQ(parcels({"--status", "available"}), (Ids{"B", "C"}));
  EXPECT_EQ(parcels({"--status", "reserved,allocated"}), (Ids{"A", "D"}));
  EXPECT_EQ(parcels({"--status", "储备"}), (Ids{"A"}));
  EXPECT_EQ(parcels({"--status", "built"}), Ids{});
}

TEST_F(SceneQuery, UseMatchesCodesAndPrefixes) {
  EXPECT_EQ(parcels({"--use", "1001"}), (Ids{"A", "B", "C"}));
  EXPECT_EQ(parcels({"--use", "100101,0701"}), (Ids{"C", "D"}));
  EXPECT_EQ(parcels({"--use", "100103"}), (Ids{"B"}));
  // Prefixes become the codes present in the data (an equality the area index can follow):
  // overlapping prefixes, a prefix no parcel has, and codes that share a prefix but not the next digit.
  EXPECT_EQ(parcels({"--use", "1001,100102"}), (Ids{"A", "B", "C"}));
  EXPECT_EQ(parcels({"--use", "0902"}), Ids{});
  EXPECT_EQ(parcels({"--use", "10010"}), (Ids{"A", "B", "C"}));
  EXPECT_EQ(parcels({"--use", "07", "--max-area", "8mu"}), (Ids{"D"}));
  EXPECT_EQ(parcels({"--status", "reserved,available", "--use", "1001", "--min-area", "9700"}), (Ids{"A", "C"}));
  EXPECT_EQ(parcels({"--status", "available", "--use", "1001", "--max-area", "9700", "--limit", "5"}), (Ids{"B"}));
}

TEST_F(SceneQuery, AreaBoundsTakeUnitsAndComeFromGeometryWithHoles) {
  // B's 20 m hole leaves 9,600 m²; D's two parts add up to 5,000 m².
  EXPECT_EQ(parcels({"--min-area", "9700"}), (Ids{"A", "C"}));
  EXPECT_EQ(parcels({"--max-area", "9700m2"}), (Ids{"B", "D"}));
  EXPECT_EQ(parcels({"--min-area", "14mu", "--max-area", "0.98ha"}), (Ids{"B"}));
  EXPECT_EQ(parcels({"--max-area", "0.4ha"}), Ids{});
}

TEST_F(SceneQuery, SubdistrictIsExact) { EXPECT_EQ(parcels({"--subdistrict", "S2"}), (Ids{"C", "D"})); }

TEST_F(SceneQuery, AtFindsTheParcelContainingThePoint) {
  EXPECT_EQ(parcels({"--at", scenePoint(50, 50)}), (Ids{"C"}));
  EXPECT_EQ(parcels({"--at", scenePoint(420, 20)}), (Ids{"D"}));        // second part of the multipolygon
  EXPECT_EQ(parcels({"--at", scenePoint(150, 150)}), Ids{});            // inside B's hole
  EXPECT_EQ(parcels({"--at", scenePoint(250, 50)}), Ids{});             // open land
}

TEST_F(SceneQuery, APointOnASharedEdgeBelongsToBothParcels) {
  EXPECT_EQ(parcels({"--at", scenePoint(100, 150)}), (Ids{"A", "B"}));
  EXPECT_EQ(parcels({"--at", scenePoint(100, 100)}), (Ids{"A", "B", "C"}));  // the corner of three
}

TEST_F(SceneQuery, NearWithinMeasuresFromTheGeometryAndSortsNearestFirst) {
  // From (500, 25): D 50 m, B sqrt(300² + 75²) = 309.2 m, C 400 m, A sqrt(400² + 75²) = 407.0 m.
  EXPECT_EQ(parcels({"--near", scenePoint(500, 25), "--within", "350"}), (Ids{"D", "B"}));
  EXPECT_EQ(parcels({"--near", scenePoint(500, 25), "--within", "0.4km"}), (Ids{"D", "B", "C"}));
  const CliResult result = runLandbank(s_database, {"parcels", "--near", scenePoint(500, 25), "--crs", "EPSG:4549", "--format", "json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const json rows = json::parse(result.out);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_NEAR(rows[0]["distance_m"].get<double>(), 50.0, 0.01);
  EXPECT_NEAR(rows[1]["distance_m"].get<double>(), 309.23, 0.01);
  EXPECT_NEAR(rows[2]["distance_m"].get<double>(), 400.0, 0.01);
  EXPECT_NEAR(rows[3]["distance_m"].get<double>(), 406.97, 0.01);
}

TEST_F(SceneQuery, NearestKIsOrderedAndKMayExceedTheLayer) {
  EXPECT_EQ(parcels({"--near", scenePoint(500, 25), "--nearest", "2"}), (Ids{"D", "B"}));
  EXPECT_EQ(parcels({"--at", scenePoint(500, 25), "--nearest", "3"}), (Ids{"D", "B", "C"}));
  EXPECT_EQ(parcels({"--near", scenePoint(500, 25), "--nearest", "10"}), (Ids{"D", "B", "C", "A"}));
  EXPECT_EQ(parcels({"--near", scenePoint(500, 25), "--nearest", "0"}), Ids{});
  // Inside a parcel the distance is 0, so it comes first; far away the search widens until it finds K.
  EXPECT_EQ(parcels({"--near", scenePoint(50, 150), "--nearest", "1"}), (Ids{"A"}));
  EXPECT_EQ(parcels({"--near", scenePoint(-60000, 80000), "--nearest", "1"}), (Ids{"A"}));  // 100 km away, north-west
  // Filters apply before choosing the K nearest.
  EXPECT_EQ(parcels({"--near", scenePoint(500, 25), "--nearest", "1", "--use", "1001"}), (Ids{"B"}));
}

TEST_F(SceneQuery, BboxSelectsIntersectingParcels) {
  EXPECT_EQ(parcels({"--bbox", scenePoint(90, 40) + "," + scenePoint(310, 60)}), (Ids{"C", "D"}));
  EXPECT_EQ(parcels({"--bbox", scenePoint(120, 0) + "," + scenePoint(130, 10)}), Ids{});
}

TEST_F(SceneQuery, ParkSelectsParcelsMostlyInsideIt) { EXPECT_EQ(parcels({"--park", "P1"}), (Ids{"A", "B"})); }

TEST_F(SceneQuery, WhereUsesCanonicalAndExtraAttributes) {
  EXPECT_EQ(parcels({"--where", "plot_no = 'X1'"}), (Ids{"A"}));
  EXPECT_EQ(parcels({"--where", "attrs.plot_no in ('X1', 'X2') and not land_use like '%03'"}), (Ids{"A"}));
  EXPECT_EQ(parcels({"--where", "area_m2 >= 0.95ha and area_m2 < 15mu"}), (Ids{"B"}));
  EXPECT_EQ(parcels({"--where", "price_wan_per_mu is null"}), (Ids{"D"}));
  EXPECT_EQ(parcels({"--where", "price_wan_per_mu > 35 or status = 'reserved' and subdistrict = 'S2'"}), (Ids{"B", "C"}));
  EXPECT_EQ(parcels({"--where", "(price_wan_per_mu > 35 or status = 'reserved') and subdistrict = 'S1'"}), (Ids{"A", "B"}));
  EXPECT_EQ(parcels({"--where", "area_mu > 14.5"}), (Ids{"A", "C"}));
}

TEST_F(SceneQuery, FiltersCombine) {
  EXPECT_EQ(parcels({"--status", "available", "--use", "1001", "--near", scenePoint(500, 25), "--within", "350"}), (Ids{"B"}));
  EXPECT_EQ(parcels({"--subdistrict", "S1", "--min-area", "9700", "--where", "price_wan_per_mu < 40"}), (Ids{"A"}));
}

TEST_F(SceneQuery, SortAndLimit) {
  EXPECT_EQ(parcels({"--sort", "area_m2:desc,id", "--limit", "3"}), (Ids{"A", "C", "B"}));
  EXPECT_EQ(parcels({"--sort", "price_wan_per_mu:desc", "--where", "price_wan_per_mu is not null"}), (Ids{"B", "C", "A"}));
  EXPECT_EQ(parcels({"--near", scenePoint(500, 25), "--sort", "distance_m:desc", "--limit", "1"}), (Ids{"A"}));
}

TEST_F(SceneQuery, ConstraintsByTypeEffectPointAndParcel) {
  EXPECT_EQ(ids("constraints", {"--effect", "exclude"}), (Ids{"K1"}));
  EXPECT_EQ(ids("constraints", {"--type", "airport_height"}), (Ids{"K2"}));
  EXPECT_EQ(ids("constraints", {"--at", scenePoint(100, 50)}), (Ids{"K1"}));
  EXPECT_EQ(ids("constraints", {"--intersecting-parcel", "D"}), (Ids{"K2"}));
  EXPECT_EQ(ids("constraints", {"--intersecting-parcel", "B"}), (Ids{"K1"}));
}

TEST_F(SceneQuery, FacilitiesAndParks) {
  EXPECT_EQ(ids("facilities", {"--type", "highway_exit", "--near", scenePoint(0, 0), "--within", "600"}), (Ids{"F1"}));
  EXPECT_EQ(ids("facilities", {"--near", scenePoint(0, 0), "--within", "400"}), Ids{});
  EXPECT_EQ(ids("parks", {"--at", scenePoint(10, 150)}), (Ids{"P1"}));
}

TEST_F(SceneQuery, LonLatIsTheDefaultCrs) {
  // The centroid of C printed in WGS84 finds C again without --crs.
  const CliResult c = runLandbank(s_database, {"parcels", "--where", "id = 'C'", "--format", "json"});
  const json centroid = json::parse(c.out).at(0)["centroid"];
  const std::string lonLat = centroid[0].dump() + "," + centroid[1].dump();
  const CliResult result = runLandbank(s_database, {"parcels", "--at", lonLat, "--format", "json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(json::parse(result.out).at(0)["id"], "C");
}

TEST_F(SceneQuery, ZonePrefixedEastingsOfEpsg4528AreAccepted) {
  // EPSG:4528 is the same GK zone 40 (CM 120E) with the zone number in front: easting + 40,000,000 m.
  const CliResult result = runLandbank(s_database, {"parcels", "--at", "40527050,4018050", "--crs", "EPSG:4528", "--format", "json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  ASSERT_EQ(json::parse(result.out).size(), 1u);
  EXPECT_EQ(json::parse(result.out)[0]["id"], "C");
}

TEST_F(SceneQuery, ShowReportsAreaConstraintsFacilitiesAndNeighbours) {
  const CliResult result = runLandbank(s_database, {"parcel", "show", "B", "--format", "json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const json report = json::parse(result.out);
  EXPECT_NEAR(report["area"]["m2"].get<double>(), 9600.0, 0.01);
  EXPECT_NEAR(report["area"]["mu"].get<double>(), 14.4, 0.001);
  EXPECT_EQ(report["park"]["id"], "P1");
  ASSERT_EQ(report["constraints"].size(), 1u);
  EXPECT_EQ(report["constraints"][0]["id"], "K1");
  EXPECT_NEAR(report["constraints"][0]["overlap_m2"].get<double>(), 4800.0, 0.01);  // x 100..150 of B less 10 x 20 m of hole
  EXPECT_NEAR(report["constraints"][0]["share"].get<double>(), 0.5, 1e-4);
  ASSERT_EQ(report["nearest_facilities"].size(), 1u);
  EXPECT_NEAR(report["nearest_facilities"][0]["distance_m"].get<double>(), 309.2, 0.05);
  EXPECT_EQ(report["neighbours"], (json{"A", "C"}));  // C touches B at one corner
  EXPECT_EQ(report["centroid_db"]["crs"], "EPSG:4549");
}

TEST_F(SceneQuery, ParkShowReportsItsAreaAndConstraints) {
  const CliResult result = runLandbank(s_database, {"park", "show", "P1", "--format", "json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const json report = json::parse(result.out);
  EXPECT_EQ(report["layer"], "parks");
  EXPECT_NEAR(report["area"]["ha"].get<double>(), 2.0, 1e-6);
  ASSERT_EQ(report["constraints"].size(), 1u);  // K1 covers x 50..150 of the park's 0..200
  EXPECT_NEAR(report["constraints"][0]["share"].get<double>(), 0.5, 1e-4);
  EXPECT_EQ(report["neighbours"], json::array());
}

TEST_F(SceneQuery, ShowTableMatchesItsGoldenFile) {
  const CliResult result = runLandbank(s_database, {"--lang", "en", "parcel", "show", "A", "--format", "table"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  // The import time changes on every run: compare everything but the source line.
  std::string text = result.out;
  const std::size_t source = text.find("\nsource ");
  ASSERT_NE(source, std::string::npos);
  text.erase(source + 1, text.find('\n', source + 1) - source);
  const std::filesystem::path golden = std::filesystem::path(LANDBANK_GOLDEN_DIR) / "parcel_show_A.table.txt";
  if (std::getenv("LANDBANK_UPDATE_GOLDEN")) writeTextFile(golden, text);
  EXPECT_EQ(text, readTextFile(golden));
}

TEST_F(SceneQuery, UsageErrorsExitTwoAndNameTheProblem) {
  auto run = [](std::vector<std::string> args) { return runLandbank(s_database, args); };
  EXPECT_EQ(run({"parcels", "--within", "100"}).exitCode, 2);
  EXPECT_EQ(run({"parcels", "--nearest", "3"}).exitCode, 2);
  EXPECT_EQ(run({"parcels", "--status", "sold"}).exitCode, 2);
  EXPECT_EQ(run({"parcels", "--min-area", "12 acres"}).exitCode, 2);
  EXPECT_EQ(run({"parcels", "--at", "120.3"}).exitCode, 2);
  EXPECT_EQ(run({"parcels", "--sort", "colour"}).exitCode, 2);
  const CliResult unknown = run({"parcels", "--park", "NOPE"});
  EXPECT_EQ(unknown.exitCode, 1);
  EXPECT_NE(unknown.err.find("NOPE"), std::string::npos);
  EXPECT_EQ(run({"parcel", "show", "NOPE"}).exitCode, 1);
}

}  // namespace
