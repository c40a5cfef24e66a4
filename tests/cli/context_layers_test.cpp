// The context layers for maps (roads, water, places): imported like every layer (same importer, same
// checks, all or nothing), listed like the other layers, exported and read back, and drawn in an
// export map beneath the land.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <gdal.h>
#include <nlohmann/json.hpp>

#include "test_support.h"

using namespace landbank::test;
using nlohmann::json;

namespace {

// EPSG:4549, metres. An expressway running east-west along northing 4018000 from 526000 to 528000,
// a main road north-south at easting 527000, a local road; all three named.
constexpr const char* kRoadsCsv =
    "id,name,class,WKT\n"
    "R-1,G20青银高速,expressway,\"LINESTRING (526000 4018000, 527000 4018000, 528000 4018000)\"\n"
    "R-2,正阳路,main,\"LINESTRING (527000 4017200, 527000 4018800)\"\n"
    "R-3,文阳路,local,\"MULTILINESTRING ((526200 4018400, 526600 4018400), (526700 4018400, 526900 4018400))\"\n";

class ContextLayersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    initDatabase(db());
    writeTextFile(m_dir / "roads.csv", kRoadsCsv);
    const CliResult result = runLandbank(db(), {"import", "roads", (m_dir / "roads.csv").string(), "--crs", "EPSG:4549"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
  }
  std::filesystem::path db() const { return m_dir / "scene.sqlite"; }
  std::filesystem::path file(const std::string& name) const { return m_dir / name; }
  json listJson(const std::filesystem::path& database, std::vector<std::string> args) const {
    args.insert(args.end(), {"--format", "json"});
    const CliResult result = runLandbank(database, args);
    EXPECT_EQ(result.exitCode, 0) << result.err;
    return json::parse(result.out);
  }
  TempDir m_dir;
};

/// One value from the sqlite3 shell with mod_spatialite loaded: an independent reader of the file.
std::string spatialiteValue(const std::filesystem::path& database, const std::string& sql) {
  TempDir scratch;
  const std::string command = "sqlite3 -cmd '.load mod_spatialite' '" + database.string() + "' \"" + sql + "\" > '" + (scratch / "out").string() + "'";
  if (std::system(command.c_str()) != 0) return {};
  return readTextFile(scratch / "out");
}

TEST_F(ContextLayersTest, RoadsAreListedLikeTheOtherLayersWithClassLabels) {
  const json roads = listJson(db(), {"roads"});
  ASSERT_EQ(roads.size(), 3u);
  EXPECT_EQ(roads[0].at("id"), "R-1");
  EXPECT_EQ(roads[0].at("class"), "expressway");
  EXPECT_EQ(roads[0].at("name"), "G20青银高速");
  // --class takes codes or their Chinese labels.
  EXPECT_EQ(listJson(db(), {"roads", "--class", "高速公路"}).size(), 1u);
  EXPECT_EQ(listJson(db(), {"roads", "--class", "main,local"}).size(), 2u);
  EXPECT_EQ(runLandbank(db(), {"roads", "--class", "motorway"}).exitCode, 2);
  const json labelled = listJson(db(), {"roads", "--labels"});
  EXPECT_EQ(labelled[0].at("class_label"), "高速公路");
  const CliResult table = runLandbank(db(), {"roads", "--format", "table"});
  EXPECT_NE(table.out.find("高速公路"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("3 个道路"), std::string::npos) << table.out;
  const CliResult english = runLandbank(db(), {"--lang", "en", "roads", "--format", "csv"});
  EXPECT_NE(english.out.find("R-2,正阳路,main"), std::string::npos) << english.out;
  // GeoJSON in lon/lat, a LineString and a MultiLineString.
  const json geojson = json::parse(runLandbank(db(), {"roads", "--format", "geojson"}).out);
  ASSERT_EQ(geojson.at("features").size(), 3u);
  EXPECT_EQ(geojson["features"][0]["geometry"]["type"], "LineString");
  EXPECT_EQ(geojson["features"][2]["geometry"]["type"], "MultiLineString");
  EXPECT_NEAR(geojson["features"][1]["geometry"]["coordinates"][0][0].get<double>(), 120.3, 0.1);
}

TEST_F(ContextLayersTest, ABadRoadsFileIsRefusedAndTheDatabaseIsUnchanged) {
  const std::string before = databaseFingerprint(db());
  // An unknown class: exit 1 naming the file, the feature and the field.
  writeTextFile(file("bad-class.csv"),
                "id,name,class,WKT\nR-8,长城路,main,\"LINESTRING (0 0, 10 0)\"\nR-9,春阳路,motorway,\"LINESTRING (527000 4017000, 527100 4017000)\"\n");
  const CliResult badClass = runLandbank(db(), {"import", "roads", file("bad-class.csv").string(), "--crs", "EPSG:4549", "--mode", "replace"});
  EXPECT_EQ(badClass.exitCode, 1);
  EXPECT_NE(badClass.err.find("bad-class.csv"), std::string::npos) << badClass.err;
  EXPECT_NE(badClass.err.find("R-9"), std::string::npos) << badClass.err;
  EXPECT_NE(badClass.err.find("class"), std::string::npos) << badClass.err;
  EXPECT_EQ(databaseFingerprint(db()), before);
  // A polygon in the roads layer: roads are lines.
  writeTextFile(file("polygon.csv"), "id,name,class,WKT\nR-7,春阳路,main,\"POLYGON ((527000 4017000, 527100 4017000, 527100 4017100, 527000 4017000))\"\n");
  const CliResult polygon = runLandbank(db(), {"import", "roads", file("polygon.csv").string(), "--crs", "EPSG:4549"});
  EXPECT_EQ(polygon.exitCode, 1);
  EXPECT_NE(polygon.err.find("LineString"), std::string::npos) << polygon.err;
  EXPECT_NE(polygon.err.find("R-7"), std::string::npos) << polygon.err;
  EXPECT_EQ(databaseFingerprint(db()), before);
  // A line among the places: places are points.
  writeTextFile(file("places.csv"), "id,name,class,WKT\nP-1,后桃林村,village,\"LINESTRING (527000 4017000, 527100 4017000)\"\n");
  EXPECT_EQ(runLandbank(db(), {"import", "places", file("places.csv").string(), "--crs", "EPSG:4549"}).exitCode, 1);
  EXPECT_EQ(databaseFingerprint(db()), before);
}

TEST_F(ContextLayersTest, WaterTakesLinesAndSurfacesAndPlacesTakePoints) {
  writeTextFile(file("water.csv"),
                "id,name,class,WKT\n"
                "W-1,白沙河,river,\"LINESTRING (526000 4017500, 528000 4017600)\"\n"
                "W-2,棘洪滩水库,reservoir,\"POLYGON ((526100 4018100, 526500 4018100, 526500 4018400, 526100 4018400, 526100 4018100))\"\n");
  ASSERT_EQ(runLandbank(db(), {"import", "water", file("water.csv").string(), "--crs", "EPSG:4549"}).exitCode, 0);
  writeTextFile(file("places.csv"), "id,name,class,WKT\nP-1,后桃林村,village,\"POINT (527300 4018300)\"\nP-2,城阳区人民政府,government,\"POINT (527500 4018500)\"\n");
  const CliResult places = runLandbank(db(), {"import", "places", file("places.csv").string(), "--crs", "EPSG:4549"});
  ASSERT_EQ(places.exitCode, 0) << places.err;
  EXPECT_EQ(listJson(db(), {"water", "--class", "水库"}).size(), 1u);
  const json placed = listJson(db(), {"places"});
  ASSERT_EQ(placed.size(), 2u);
  EXPECT_EQ(placed[0].at("class"), "village");
  EXPECT_EQ(placed[1].at("class"), "government");
}

TEST_F(ContextLayersTest, RoadsRoundTripThroughGeoJson) {
  const CliResult exported = runLandbank(db(), {"export", "geojson", "--layer", "roads", "-o", file("roads.geojson").string()});
  ASSERT_EQ(exported.exitCode, 0) << exported.err;
  const auto copy = file("copy.sqlite");
  initDatabase(copy);
  const CliResult imported = runLandbank(copy, {"import", "roads", file("roads.geojson").string()});
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  // Same ids, classes and names (centroids agree to 1e-7 degree, the last digit printed).
  const json original = listJson(db(), {"roads"}), copied = listJson(copy, {"roads"});
  ASSERT_EQ(copied.size(), original.size());
  for (std::size_t i = 0; i < original.size(); ++i)
    for (const char* field : {"id", "class", "name"}) EXPECT_EQ(copied[i].at(field), original[i].at(field)) << i << " " << field;
  // Lengths by SpatiaLite on both files: within 1 mm on 2 km (the GeoJSON is lon/lat to 1e-7 degree or better).
  const std::string sql = "SELECT printf('%.3f', sum(ST_Length(geom))) FROM roads";
  const std::string lengthBefore = spatialiteValue(db(), sql);
  const std::string lengthAfter = spatialiteValue(copy, sql);
  ASSERT_FALSE(lengthBefore.empty());
  EXPECT_NEAR(std::stod(lengthBefore), 2000 + 1600 + 600, 0.01);
  EXPECT_NEAR(std::stod(lengthAfter), std::stod(lengthBefore), 0.01);
}

/// A PNG's pixels read with GDAL (an independent reader), band-interleaved by pixel.
struct Picture {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  std::array<int, 3> at(int x, int y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 3;
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
};
Picture readPicture(const std::filesystem::path& png) {
  GDALAllRegister();
  Picture picture;
  GDALDatasetH dataset = GDALOpen(png.string().c_str(), GA_ReadOnly);
  if (!dataset) return picture;
  picture.width = GDALGetRasterXSize(dataset);
  picture.height = GDALGetRasterYSize(dataset);
  picture.rgb.resize(static_cast<std::size_t>(picture.width) * static_cast<std::size_t>(picture.height) * 3);
  int bands[] = {1, 2, 3};
  if (GDALDatasetRasterIO(dataset, GF_Read, 0, 0, picture.width, picture.height, picture.rgb.data(), picture.width, picture.height, GDT_Byte, 3, bands, 3,
                          picture.width * 3, 1) != CE_None)
    picture.rgb.clear();
  GDALClose(dataset);
  return picture;
}

TEST_F(ContextLayersTest, AnExportMapDrawsTheRoadWhereItIs) {
  // 2 km x 1.5 km around the crossing at (527000, 4018000), 800 x 600 px: 2.5 m a pixel, so the
  // expressway is the row y = 300 and the main road the column x = 400.
  const CliResult coordinates = runLandbank(db(), {"coord", "526000,4017250", "--from", "EPSG:4549", "--to", "EPSG:4326", "--format", "json"});
  const CliResult corner = runLandbank(db(), {"coord", "528000,4018750", "--from", "EPSG:4549", "--to", "EPSG:4326", "--format", "json"});
  const json low = json::parse(coordinates.out), high = json::parse(corner.out);
  const std::string extent = std::to_string(low["x"].get<double>()) + "," + std::to_string(low["y"].get<double>()) + "," +
                             std::to_string(high["x"].get<double>()) + "," + std::to_string(high["y"].get<double>());
  const std::string command = "env -u DISPLAY '" + std::string(LANDBANK_CLI_EXE) + "' --db '" + db().string() + "' export map --extent " + extent +
                              " --size 800x600 -o '" + file("roads.png").string() + "' 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const Picture picture = readPicture(file("roads.png"));
  ASSERT_EQ(picture.width, 800);
  ASSERT_EQ(picture.rgb.size(), 800u * 600u * 3u);
  // The expressway's orange on its row, west of the crossing (away from labels at the segment middles).
  int orange = 0;
  for (int y = 296; y <= 304; ++y) {
    const auto rgb = picture.at(120, y);
    orange += rgb[0] > 190 && rgb[1] > 90 && rgb[1] < 170 && rgb[2] < 110;
  }
  EXPECT_GE(orange, 3) << "the expressway is drawn about 6 px wide at y = 300";
  // The main road's grey on its column, south of the crossing; paper colour away from both.
  int grey = 0;
  for (int x = 396; x <= 404; ++x) {
    const auto rgb = picture.at(x, 520);
    grey += rgb[0] < 200 && std::abs(rgb[0] - rgb[2]) < 30;
  }
  EXPECT_GE(grey, 2) << "the main road is drawn at x = 400";
  const auto paper = picture.at(250, 150);
  EXPECT_GT(paper[0], 235) << "no road there";
}

}  // namespace
