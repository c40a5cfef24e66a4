// Golden outputs of the four formats on the hand-made scene (tests/data/golden/). To refresh them
// after an intended change: LANDBANK_UPDATE_GOLDEN=1 ctest -R Golden, then review the diff.
#include <gtest/gtest.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "query_scene.h"
#include "test_support.h"

using namespace landbank::test;
using nlohmann::json;

namespace {

class Golden : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new TempDir;
    buildQueryScene(*s_dir, *s_dir / "scene.sqlite");
  }
  static void TearDownTestSuite() {
    delete s_dir;
    s_dir = nullptr;
  }

  // Runs `parcels ARGS` and compares stdout with the golden file `name`.
  static std::string check(const std::string& name, std::vector<std::string> args) {
    args.insert(args.begin(), "parcels");
    const CliResult result = runLandbank(*s_dir / "scene.sqlite", args);
    EXPECT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.err, "");
    const std::filesystem::path golden = std::filesystem::path(LANDBANK_GOLDEN_DIR) / name;
    if (std::getenv("LANDBANK_UPDATE_GOLDEN")) writeTextFile(golden, result.out);
    EXPECT_EQ(result.out, readTextFile(golden)) << "differs from " << golden;
    return result.out;
  }

  static TempDir* s_dir;
};
TempDir* Golden::s_dir = nullptr;

const std::vector<std::string> kNearQuery = {"--near", scenePoint(500, 25), "--within", "450", "--crs", "EPSG:4549"};

std::vector<std::string> with(std::vector<std::string> args, std::vector<std::string> more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST_F(Golden, TableAlignsChineseTextAndRoundsNumbers) {
  const std::string out = check("parcels_near.table.txt", with(kNearQuery, {"--format", "table"}));
  EXPECT_NE(out.find("北区A地块"), std::string::npos);
}

TEST_F(Golden, JsonHasDistanceAndCentroidLonLat) {
  const json rows = json::parse(check("parcels_near.json", with(kNearQuery, {"--format", "json"})));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0]["id"], "D");
  EXPECT_TRUE(rows[0].contains("distance_m"));
  EXPECT_GT(rows[0]["centroid"][0].get<double>(), 120.0);  // lon first
  EXPECT_LT(rows[0]["centroid"][1].get<double>(), 40.0);
}

TEST_F(Golden, CsvHasAHeaderRowAndOptionalBom) {
  const std::string out = check("parcels_near.csv", with(kNearQuery, {"--format", "csv"}));
  EXPECT_EQ(out.rfind("id,name,land_use,status", 0), 0u);
  const CliResult bom = runLandbank(*s_dir / "scene.sqlite", with(with({"parcels"}, kNearQuery), {"--format", "csv", "--bom"}));
  EXPECT_EQ(bom.out, "\xEF\xBB\xBF" + out);
}

// Signed area of a lon/lat ring by the shoelace formula: positive means counter-clockwise.
double signedArea(const json& ring) {
  double twice = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i)
    twice += ring[i][0].get<double>() * ring[i + 1][1].get<double>() - ring[i + 1][0].get<double>() * ring[i][1].get<double>();
  return twice / 2;
}

TEST_F(Golden, GeoJsonIsRfc7946LonLatWithCounterClockwiseOuterRings) {
  const json collection = json::parse(check("parcels_near.geojson", with(kNearQuery, {"--format", "geojson"})));
  EXPECT_EQ(collection["type"], "FeatureCollection");
  ASSERT_EQ(collection["features"].size(), 4u);
  for (const json& feature : collection["features"]) {
    const json& geometry = feature["geometry"];
    ASSERT_EQ(geometry["type"], "MultiPolygon");
    for (const json& polygon : geometry["coordinates"]) {
      EXPECT_GT(signedArea(polygon[0]), 0) << feature["id"] << ": outer ring must be counter-clockwise";
      for (std::size_t hole = 1; hole < polygon.size(); ++hole) EXPECT_LT(signedArea(polygon[hole]), 0) << "holes clockwise";
      EXPECT_NEAR(polygon[0][0][0].get<double>(), 120.3, 0.2);  // lon first
    }
    EXPECT_EQ(feature["properties"]["id"], feature["id"]);
  }
  EXPECT_EQ(collection["features"][1]["geometry"]["coordinates"][0].size(), 2u) << "B keeps its hole";
}

TEST_F(Golden, OutputFileGetsTheFormatFromItsExtension) {
  const auto file = *s_dir / "out.geojson";
  const CliResult result = runLandbank(*s_dir / "scene.sqlite", with(with({"parcels"}, kNearQuery), {"-o", file.string()}));
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(readTextFile(file), readTextFile(std::filesystem::path(LANDBANK_GOLDEN_DIR) / "parcels_near.geojson"));
}

}  // namespace

TEST_F(Golden, OutputOntoTheDatabaseIsRefusedAndTheDatabaseKept) {
  const std::filesystem::path database = *s_dir / "scene.sqlite";
  const std::string before = databaseFingerprint(database);
  for (const std::string suffix : {"", "-wal", "-shm"}) {
    const CliResult result = runLandbank(database, {"parcels", "--format", "csv", "-o", database.string() + suffix});
    EXPECT_EQ(result.exitCode, 2) << suffix;
    EXPECT_NE(result.err.find("不会把输出写到数据库"), std::string::npos) << result.err;
  }
  EXPECT_EQ(databaseFingerprint(database), before);
  EXPECT_EQ(runLandbank(database, {"info"}).exitCode, 0);
}
