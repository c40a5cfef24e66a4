// The bundled Chengyang sample: every layer populated at the sizes the foundation promises,
// deterministic, and believable where it can be checked mechanically.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "test_support.h"

using namespace landbank::test;
using nlohmann::json;

namespace {

class SampleTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new TempDir;
    const CliResult result = runLandbank(*s_dir / "sample.sqlite", {"init", "--sample"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
  }
  static void TearDownTestSuite() { delete s_dir; }
  static std::filesystem::path db() { return *s_dir / "sample.sqlite"; }
  static json list(const std::string& layer) {
    const CliResult result = runLandbank(db(), {layer, "--format", "json"});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    return json::parse(result.out);
  }
  static std::set<std::string> valuesOf(const json& rows, const std::string& field) {
    std::set<std::string> values;
    for (const auto& row : rows)
      if (row.contains(field) && row[field].is_string()) values.insert(row[field].get<std::string>());
    return values;
  }
  static TempDir* s_dir;
};
TempDir* SampleTest::s_dir = nullptr;

}  // namespace

TEST_F(SampleTest, EveryLayerIsPopulatedAtTheFoundationSizes) {
  const json info = json::parse(runLandbank(db(), {"info", "--format", "json"}).out);
  std::map<std::string, std::int64_t> counts;
  for (const auto& layer : info["layers"]) {
    counts[layer["layer"]] = layer["count"];
    EXPECT_TRUE(layer["provenance"].is_object()) << layer["layer"];
    EXPECT_NE(layer["provenance"]["as_of"].get<std::string>().find("synthetic"), std::string::npos);
  }
  EXPECT_GE(counts["parcels"], 1500);
  EXPECT_GE(counts["parks"], 8);
  EXPECT_GE(counts["buildings"], 150);
  EXPECT_GE(counts["constraints"], 20);
  EXPECT_GE(counts["facilities"], 50);
  EXPECT_GE(counts["projects"], 40);
  EXPECT_GE(counts["boundaries"], 9);  // Chengyang and its subdistricts at least
  // The context for maps: four expressways, trunk roads and the parks' grid roads; rivers and
  // reservoirs; villages, landmarks and the government seats.
  EXPECT_GE(counts["roads"], 100);
  EXPECT_GE(counts["water"], 5);
  EXPECT_GE(counts["places"], 20);
}

// Output of the sqlite3 shell with mod_spatialite loaded: an independent reader of the file.
std::string spatialiteQuery(const std::filesystem::path& database, const std::string& sql) {
  std::string output;
  if (FILE* pipe = ::popen(("sqlite3 -cmd '.load mod_spatialite' '" + database.string() + "' \"" + sql + "\"").c_str(), "r")) {
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
    ::pclose(pipe);
  }
  return output;
}

TEST_F(SampleTest, AnExpresswayRunsThroughEveryHighwayExit) {
  // Each highway exit's distance to the nearest expressway, by SpatiaLite, not by landbank.
  const std::string rows = spatialiteQuery(db(), "SELECT f.name || '|' || (SELECT min(ST_Distance(f.geom, r.geom)) FROM roads r WHERE r.class = 'expressway')"
                                                 " FROM facilities f WHERE f.type = 'highway_exit'");
  std::istringstream lines(rows);
  std::string line;
  int exits = 0;
  while (std::getline(lines, line)) {
    const std::size_t bar = line.find('|');
    ASSERT_NE(bar, std::string::npos) << line;
    ++exits;
    EXPECT_LT(std::stod(line.substr(bar + 1)), 3.0) << line.substr(0, bar) << " is off every expressway";
  }
  EXPECT_GE(exits, 10) << rows;
}

TEST_F(SampleTest, GridRoadsRunInTheGapsBetweenParcels) {
  // Main and secondary roads are the grid lines between the parks' blocks: none crosses a parcel's
  // interior (the parcel shrunk by 1 m), found through the parcels' R*Tree.
  const std::string crossing = spatialiteQuery(
      db(), "SELECT count(*) FROM roads r, parcels p WHERE r.class IN ('main', 'secondary') AND p.ROWID IN (SELECT ROWID FROM SpatialIndex"
            " WHERE f_table_name = 'parcels' AND search_frame = r.geom) AND ST_Intersects(ST_Buffer(p.geom, -1), r.geom)");
  EXPECT_EQ(crossing, "0\n");
  EXPECT_GT(std::stoi(spatialiteQuery(db(), "SELECT count(*) FROM roads WHERE class = 'main'")), 20);
  // The grid roads carry the names the parcel names use ("正阳路以北、青威路以东..."): every road named
  // in a parcel's name is a road of the layer.
  std::set<std::string> roadNames;
  for (const auto& road : list("roads")) roadNames.insert(road["name"].get<std::string>());
  int named = 0;
  for (const auto& parcel : list("parcels")) {
    const std::string name = parcel["name"].get<std::string>();
    const std::size_t north = name.find("以北、");
    if (north == std::string::npos) continue;
    ++named;
    EXPECT_TRUE(roadNames.contains(name.substr(0, north))) << name;
  }
  EXPECT_GT(named, 50);
}

TEST_F(SampleTest, CodeListsAreCoveredAsPromised) {
  const json constraints = list("constraints");
  EXPECT_GE(valuesOf(constraints, "type").size(), 8u);
  const json projects = list("projects");
  EXPECT_EQ(valuesOf(projects, "sector").size(), 7u);
  EXPECT_EQ(valuesOf(projects, "stage").size(), 6u);
  EXPECT_EQ(valuesOf(projects, "tier").size(), 6u);
  EXPECT_EQ(valuesOf(projects, "origin").size(), 5u);
  const json parcels = list("parcels");
  EXPECT_GE(valuesOf(parcels, "status").size(), 6u);
}

TEST_F(SampleTest, ParcelsAreBetweenFiveAndThreeHundredMuAndInChengyangSubdistricts) {
  const json parcels = list("parcels");
  const std::set<std::string> subdistricts{"城阳街道", "流亭街道", "夏庄街道", "惜福镇街道",
                                           "棘洪滩街道", "上马街道", "红岛街道", "河套街道"};
  for (const auto& parcel : parcels) {
    const double mu = parcel["area_mu"].get<double>();
    EXPECT_GE(mu, 4.99) << parcel["id"];
    EXPECT_LE(mu, 300.01) << parcel["id"];
    ASSERT_TRUE(parcel["subdistrict"].is_string()) << parcel["id"];
    EXPECT_TRUE(subdistricts.count(parcel["subdistrict"].get<std::string>())) << parcel["subdistrict"];
    // Chengyang lies within 120.1..120.6 E, 36.1..36.5 N.
    EXPECT_GT(parcel["centroid"][0].get<double>(), 120.1);
    EXPECT_LT(parcel["centroid"][0].get<double>(), 120.6);
    EXPECT_GT(parcel["centroid"][1].get<double>(), 36.1);
    EXPECT_LT(parcel["centroid"][1].get<double>(), 36.5);
  }
}

TEST_F(SampleTest, TheGeneratorIsDeterministic) {
  TempDir other;
  ASSERT_EQ(runLandbank(other / "again.sqlite", {"init", "--sample"}).exitCode, 0);
  EXPECT_EQ(runLandbank(other / "again.sqlite", {"parcels", "--format", "json"}).out,
            runLandbank(db(), {"parcels", "--format", "json"}).out);
}

TEST_F(SampleTest, InitRefusesToOverwriteTheSample) {
  const std::string before = databaseFingerprint(db());
  const CliResult result = runLandbank(db(), {"init", "--sample"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.err.find("不会覆盖"), std::string::npos) << result.err;
  EXPECT_TRUE(databaseFingerprint(db()) == before);
}

TEST(InitCommand, RecordsTheUserGivenWithUserAndSaysSoInTheSessionsLanguage) {
  TempDir dir;
  const CliResult zh = runLandbank(dir / "a.sqlite", {"--user", "规划科-李", "init"});
  ASSERT_EQ(zh.exitCode, 0) << zh.err;
  EXPECT_NE(zh.out.find("已创建"), std::string::npos) << zh.out;
  EXPECT_NE(zh.out.find("数据库结构版本"), std::string::npos) << zh.out;
  const CliResult en = runLandbank(dir / "b.sqlite", {"--lang", "en", "init"});
  EXPECT_NE(en.out.find("created "), std::string::npos) << en.out;
  // The creator is the --user of the init, not the OS account (read back with sqlite3, independently).
  const std::string query = "sqlite3 '" + (dir / "a.sqlite").string() + "' \"SELECT value FROM landbank_meta WHERE key = 'created_by'\" > '" +
                            (dir / "who.txt").string() + "'";
  ASSERT_EQ(std::system(query.c_str()), 0);
  EXPECT_EQ(readTextFile(dir / "who.txt"), "规划科-李\n");
}
