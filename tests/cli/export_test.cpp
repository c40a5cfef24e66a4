// `landbank export` and `landbank coord` end to end: every GIS format read back by landbank's own
// import (same ids, attributes, Chinese text, areas within 0.1%), cross-checked with ogrinfo; KML and
// GPX for phones; --force, unknown ids, unsafe names, and a kill during an export.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <gdal.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdlib>

#include "landbank/feature_export.h"
#include "test_support.h"

extern char** environ;

using namespace landbank::test;
using nlohmann::json;

namespace {

// Three parcels in EPSG:4549 (metres), 10 m grid:
//   100 x 100 m square (10,000 m², 15 亩)        A-2: an L of 100 x 100 minus 50 x 50 (7,500 m²)
//   甲-3: 60 x 50 m (3,000 m²), an id in Chinese, with a hole-free outline
// Extra source fields: 备注 (Chinese name and text), plot_no (integer), a_rather_long_field_name (real).
constexpr const char* kSceneCsv =
    "id,name,land_use,status,price_wan_per_mu,far_max,water,gas,available_from,owner,备注,plot_no,a_rather_long_field_name,WKT\n"
    "A-1,城阳街道-工业地块-001,100101,reserved,32.5,2.0,yes,no,2026-03-01,青岛某储备中心,临近高速出口,7,0.25,"
    "\"POLYGON ((527000 4018000, 527100 4018000, 527100 4018100, 527000 4018100, 527000 4018000))\"\n"
    "A-2,流亭街道-仓储地块-002,100102,available,28,1.5,yes,yes,2027-01-15,,\"需拆迁, 两户\",8,1.5,"
    "\"POLYGON ((527200 4018000, 527300 4018000, 527300 4018050, 527250 4018050, 527250 4018100, 527200 4018100, 527200 4018000))\"\n"
    "甲-3,夏庄街道 研发地块,100103,reserved,,,,,,,,9,,"
    "\"POLYGON ((527400 4018000, 527460 4018000, 527460 4018050, 527400 4018050, 527400 4018000))\"\n";

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    initDatabase(db());
    writeTextFile(m_dir / "scene.csv", kSceneCsv);
    const CliResult result = runLandbank(db(), {"import", "parcels", (m_dir / "scene.csv").string(), "--crs", "EPSG:4549"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
  }
  std::filesystem::path db() const { return m_dir / "scene.sqlite"; }
  std::filesystem::path file(const std::string& name) const { return m_dir / name; }

  static std::map<std::string, json> parcelsById(const std::filesystem::path& database) {
    const CliResult result = runLandbank(database, {"parcels", "--format", "json"});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    std::map<std::string, json> byId;
    for (const json& row : json::parse(result.out)) byId[row.at("id").get<std::string>()] = row;
    return byId;
  }

  /// Imports `exported` into a fresh database and compares every parcel with the original: same ids,
  /// every attribute equal (extras renamed by `extraRenames`), areas within 0.1%.
  void expectRoundTrip(const std::filesystem::path& exported, const std::vector<std::string>& importOptions,
                       const std::map<std::string, std::string>& extraRenames = {},
                       const std::set<std::string>& ignoredExtras = {}) {
    const auto copy = file("copy-" + exported.filename().string() + ".sqlite");
    initDatabase(copy);
    std::vector<std::string> args{"import", "parcels", exported.string()};
    args.insert(args.end(), importOptions.begin(), importOptions.end());
    const CliResult imported = runLandbank(copy, args);
    ASSERT_EQ(imported.exitCode, 0) << exported << ": " << imported.err;
    const auto original = parcelsById(db());
    const auto back = parcelsById(copy);
    ASSERT_EQ(back.size(), original.size()) << exported;
    for (const auto& [id, row] : original) {
      ASSERT_TRUE(back.count(id)) << exported << " lost " << id;
      json expected = row, got = back.at(id);
      EXPECT_NEAR(got.at("area_m2").get<double>(), expected.at("area_m2").get<double>(), expected.at("area_m2").get<double>() * 1e-3)
          << exported << " " << id;
      for (const char* derived : {"area_m2", "area_mu", "centroid"}) {
        expected.erase(derived);
        got.erase(derived);
      }
      if (expected.contains("attrs"))
        for (const auto& [from, to] : extraRenames)
          if (expected["attrs"].contains(from)) {
            expected["attrs"][to] = expected["attrs"][from];
            expected["attrs"].erase(from);
          }
      if (got.contains("attrs")) {
        for (const std::string& ignored : ignoredExtras) got["attrs"].erase(ignored);
        if (got["attrs"].empty()) got.erase("attrs");
      }
      EXPECT_EQ(got, expected) << exported << " " << id;
    }
  }

  /// GDAL's own reading of a file (an independent reader): features with -q, the summary with -so.
  static std::string ogrinfo(const std::filesystem::path& path, const std::string& options = "-q") {
    const std::string command = "ogrinfo -ro -al " + options + " '" + path.string() + "' 2>&1";
    std::string output;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
      char buffer[4096];
      while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
      ::pclose(pipe);
    }
    return output;
  }

  TempDir m_dir;
};

TEST_F(ExportTest, SceneHasTheAreasDrawn) {
  const auto parcels = parcelsById(db());
  ASSERT_EQ(parcels.size(), 3u);
  EXPECT_NEAR(parcels.at("A-1").at("area_m2").get<double>(), 10000.0, 0.01);
  EXPECT_NEAR(parcels.at("A-2").at("area_m2").get<double>(), 7500.0, 0.01);
  EXPECT_NEAR(parcels.at("甲-3").at("area_m2").get<double>(), 3000.0, 0.01);
}

TEST_F(ExportTest, GeoPackageRoundTripsEveryAttributeAndChineseText) {
  const CliResult result = runLandbank(db(), {"export", "gpkg", "--layer", "parcels", "-o", file("p.gpkg").string()});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  expectRoundTrip(file("p.gpkg"), {});
  const std::string summary = ogrinfo(file("p.gpkg"), "-so");
  EXPECT_NE(summary.find("Feature Count: 3"), std::string::npos) << summary;
  EXPECT_NE(summary.find("ID[\"EPSG\",4549]"), std::string::npos) << "GeoPackage defaults to the database CRS: " << summary;
  EXPECT_NE(ogrinfo(file("p.gpkg")).find("备注 (String) = 临近高速出口"), std::string::npos);
}

TEST_F(ExportTest, GeoJsonIsRfc7946LonLatAndRoundTrips) {
  ASSERT_EQ(runLandbank(db(), {"export", "geojson", "--layer", "parcels", "-o", file("p.geojson").string()}).exitCode, 0);
  const json document = json::parse(readTextFile(file("p.geojson")));
  EXPECT_EQ(document.at("type"), "FeatureCollection");
  EXPECT_FALSE(document.contains("crs")) << "RFC 7946 has no crs member";
  const json first = document.at("features").at(0).at("geometry").at("coordinates").at(0).at(0);
  EXPECT_NEAR(first.at(0).get<double>(), 120.3, 0.2) << "longitude first";
  EXPECT_NEAR(first.at(1).get<double>(), 36.3, 0.2);
  expectRoundTrip(file("p.geojson"), {});
}

TEST_F(ExportTest, ShapefileHasUtf8CpgAndAFieldMappingThatRestoresLongNames) {
  const CliResult result = runLandbank(db(), {"export", "shp", "--layer", "parcels", "-o", file("p.shp").string()});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  for (const char* extension : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".fields.csv"})
    EXPECT_TRUE(std::filesystem::exists(file(std::string("p") + extension))) << extension;
  EXPECT_EQ(readTextFile(file("p.cpg")).substr(0, 5), "UTF-8");
  // The mapping from DBF names to full names, used here as a planner would: --map for canonical
  // fields, renames for extra attributes.
  std::ifstream mapping(file("p.fields.csv"));
  std::string line;
  std::getline(mapping, line);
  EXPECT_EQ(line, "dbf_name,field");
  std::vector<std::string> options;
  std::map<std::string, std::string> renames;
  const std::set<std::string> canonical{"id", "name", "land_use", "status", "subdistrict", "price_wan_per_mu", "far_min", "far_max",
                                        "height_max_m", "density_max", "power_kva", "water", "gas", "sewage", "road", "available_from", "owner"};
  while (std::getline(mapping, line)) {
    const auto comma = line.find(',');
    const std::string shortName = line.substr(0, comma), fullName = line.substr(comma + 1);
    EXPECT_LE(shortName.size(), 10u) << fullName;
    if (shortName == fullName) continue;
    if (canonical.count(fullName)) options.insert(options.end(), {"--map", fullName + "=" + shortName});
    else renames[fullName] = shortName;
  }
  EXPECT_EQ(renames.count("a_rather_long_field_name"), 1u);
  expectRoundTrip(file("p.shp"), options, renames);
  EXPECT_NE(ogrinfo(file("p.shp")).find("需拆迁, 两户"), std::string::npos) << "Chinese text read by GDAL through the .cpg";
}

TEST_F(ExportTest, CsvCarriesWktAndTypesAndRoundTrips) {
  ASSERT_EQ(runLandbank(db(), {"export", "csv", "--layer", "parcels", "-o", file("p.csv").string()}).exitCode, 0);
  EXPECT_EQ(readTextFile(file("p.csv")).substr(0, 4), "WKT,");
  EXPECT_TRUE(std::filesystem::exists(file("p.csvt")));
  expectRoundTrip(file("p.csv"), {"--crs", "EPSG:4326"});
}

TEST_F(ExportTest, KmlHasStyledPolygonsAndRoundTripsThroughItsParcelsFolder) {
  const CliResult result = runLandbank(db(), {"export", "kml", "--parcels", "A-1,A-2,甲-3", "-o", file("p.kml").string()});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const std::string kml = readTextFile(file("p.kml"));
  EXPECT_NE(kml.find("<PolyStyle>"), std::string::npos);
  EXPECT_NE(kml.find("http://www.opengis.net/kml/2.2"), std::string::npos);
  // GDAL's LIBKML reader adds its Placemark bookkeeping fields (tessellate, extrude, visibility),
  // which the importer keeps as extra attributes; everything of ours comes back unchanged.
  expectRoundTrip(file("p.kml"), {"--src-layer", "parcels"}, {}, {"tessellate", "extrude", "visibility"});
  // One placemark per site with the key figures, and the suggested route.
  const std::string sites = ogrinfo(file("p.kml"), "-q -geom=NO");
  EXPECT_NE(sites.find("Layer name: sites"), std::string::npos);
  EXPECT_NE(sites.find("地块 A-1（城阳街道-工业地块-001）；面积 10000 平方米（15.0 亩）"), std::string::npos) << sites;
  EXPECT_NE(sites.find("Layer name: route"), std::string::npos);
}

TEST_F(ExportTest, GpxHasAWaypointPerSiteAndTheRouteInVisitOrder) {
  // Start 1 km west of the parcels: the shortest order is west to east.
  const CliResult coord = runLandbank({}, {"coord", "526000,4018050", "--from", "EPSG:4549", "--to", "EPSG:4326", "--format", "json"});
  ASSERT_EQ(coord.exitCode, 0) << coord.err;
  const json start = json::parse(coord.out);
  const std::string startText = std::to_string(start.at("x").get<double>()) + "," + std::to_string(start.at("y").get<double>());
  const CliResult result = runLandbank(db(), {"--lang", "en", "export", "gpx", "--parcels", "甲-3,A-1,A-2", "--start", startText, "-o",
                                              file("p.gpx").string()});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("1. A-1"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("2. A-2"), std::string::npos);
  EXPECT_NE(result.out.find("3. 甲-3"), std::string::npos);
  // Path to points inside each parcel: at least the 1 km to A-1's west edge plus the 300 m between the
  // west edges of A-1 and 甲-3, less than the 1.46 km to the far corner of 甲-3 plus slack.
  EXPECT_NE(result.out.find("Total distance 1."), std::string::npos) << result.out;
  const std::string gpx = readTextFile(file("p.gpx"));
  EXPECT_NE(gpx.find("http://www.topografix.com/GPX/1/1"), std::string::npos);
  std::size_t waypoints = 0, routePoints = 0;
  for (std::size_t at = gpx.find("<wpt "); at != std::string::npos; at = gpx.find("<wpt ", at + 1)) ++waypoints;
  for (std::size_t at = gpx.find("<rtept "); at != std::string::npos; at = gpx.find("<rtept ", at + 1)) ++routePoints;
  EXPECT_EQ(waypoints, 3u);
  EXPECT_EQ(routePoints, 4u) << "start plus three sites";
  EXPECT_NE(gpx.find("Parcel A-2 (流亭街道-仓储地块-002); area 7500 m² (11.2 mu)"), std::string::npos) << gpx;
  const std::string info = ogrinfo(file("p.gpx"), "-q -geom=NO");
  EXPECT_NE(info.find("Layer name: waypoints"), std::string::npos);
  EXPECT_NE(info.find("Layer name: routes"), std::string::npos);
}

TEST_F(ExportTest, DxfHasALayerPerStatusAndTheIdsAsText) {
  ASSERT_EQ(runLandbank(db(), {"export", "dxf", "--layer", "parcels", "-o", file("p.dxf").string()}).exitCode, 0);
  const std::string info = ogrinfo(file("p.dxf"), "-q -geom=NO");
  EXPECT_NE(info.find("Layer (String) = parcels_reserved"), std::string::npos) << info;
  EXPECT_NE(info.find("Layer (String) = parcels_available"), std::string::npos);
  EXPECT_NE(info.find("Layer (String) = parcels_ids"), std::string::npos);
  for (const char* id : {"A-1", "A-2", "甲-3"}) EXPECT_NE(info.find(std::string("Text (String) = ") + id), std::string::npos) << id;
}

TEST_F(ExportTest, WhereSelectsAndCrsReprojects) {
  const CliResult result = runLandbank(db(), {"export", "gpkg", "--layer", "parcels", "--where", "status = 'available'", "--crs", "EPSG:4528",
                                              "-o", file("a.gpkg").string()});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(ogrinfo(file("a.gpkg"), "-so").find("Feature Count: 1"), std::string::npos);
  const std::string info = ogrinfo(file("a.gpkg"));
  EXPECT_NE(info.find("A-2"), std::string::npos);
  EXPECT_NE(info.find("(40527"), std::string::npos) << "eastings with the zone prefix 40: " << info;
}

TEST_F(ExportTest, ExistingFileIsKeptWithoutForce) {
  writeTextFile(file("p.geojson"), "old");
  CliResult result = runLandbank(db(), {"export", "geojson", "--layer", "parcels", "-o", file("p.geojson").string()});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("--force"), std::string::npos) << result.err;
  EXPECT_EQ(readTextFile(file("p.geojson")), "old");
  result = runLandbank(db(), {"export", "geojson", "--layer", "parcels", "-o", file("p.geojson").string(), "--force"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(readTextFile(file("p.geojson")).find("FeatureCollection"), std::string::npos);
  // A shapefile is refused when any companion exists.
  writeTextFile(file("s.dbf"), "old");
  EXPECT_EQ(runLandbank(db(), {"export", "shp", "--layer", "parcels", "-o", file("s.shp").string()}).exitCode, 2);
  EXPECT_FALSE(std::filesystem::exists(file("s.shp")));
}

TEST_F(ExportTest, UnknownIdsExitOneNamingThem) {
  const CliResult result = runLandbank(db(), {"export", "kml", "--parcels", "A-1,NOPE-1,NOPE-2", "-o", file("x.kml").string()});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.err.find("NOPE-1, NOPE-2"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(file("x.kml")));
  const CliResult project = runLandbank(db(), {"export", "kml", "--project", "P-NONE", "-o", file("y.kml").string()});
  EXPECT_EQ(project.exitCode, 1);
  EXPECT_NE(project.err.find("P-NONE"), std::string::npos) << project.err;
}

TEST_F(ExportTest, BadUsageExitsTwoBeforeWriting) {
  EXPECT_EQ(runLandbank(db(), {"export", "kml", "--layer", "parcels", "--crs", "EPSG:4549", "-o", file("a.kml").string()}).exitCode, 2);
  EXPECT_EQ(runLandbank(db(), {"export", "kml", "--layer", "parcels", "-o", file("a.gpx").string()}).exitCode, 2);
  EXPECT_EQ(runLandbank(db(), {"export", "kml", "-o", file("a.kml").string()}).exitCode, 2);
  EXPECT_EQ(runLandbank(db(), {"export", "gpkg", "--layer", "parcels", "--parcels", "A-1", "-o", file("a.gpkg").string()}).exitCode, 2);
  EXPECT_EQ(runLandbank(db(), {"export", "gpkg", "--layer", "parcels", "-o", db().string(), "--force"}).exitCode, 2)
      << "never onto the open database";
  EXPECT_EQ(runLandbank(db(), {"export", "map", "--layer", "parcels"}).exitCode, 2);
  for (const auto& entry : std::filesystem::directory_iterator(m_dir.path()))
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
}

TEST_F(ExportTest, AKillDuringAnExportLeavesTheOldFileIntact) {
  writeTextFile(file("p.gpkg"), "old content");
  const std::string errPath = file("stall.err").string();
  const std::vector<std::string> args{"--db", db().string(), "export", "gpkg", "--layer", "parcels", "-o",
                                file("p.gpkg").string(), "--force"};
  const KilledRun killed = killWhenStderrSays(args, "LANDBANK_TEST_EXPORT_STALL_AFTER=2", "export stalled after 2", errPath);
  ASSERT_TRUE(killed.sawMarker) << killed.stderrText;
  EXPECT_TRUE(killed.killedBySignal);
  EXPECT_EQ(readTextFile(file("p.gpkg")), "old content");
}

/// Runs the built executable with no QT_QPA_PLATFORM and no DISPLAY: `export map` must pick the
/// offscreen platform itself.
CliResult runWithoutDisplay(const std::filesystem::path& database, const std::string& args) {
  TempDir scratch;
  const std::string command = "env -u QT_QPA_PLATFORM -u DISPLAY -u WAYLAND_DISPLAY '" + std::string(LANDBANK_CLI_EXE) + "' --db '" +
                              database.string() + "' " + args + " >'" + (scratch / "out").string() + "' 2>'" + (scratch / "err").string() + "'";
  const int status = std::system(command.c_str());
  CliResult result;
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = readTextFile(scratch / "out");
  result.err = readTextFile(scratch / "err");
  return result;
}

/// RGB of one pixel of a PNG, read with GDAL (an independent reader).
std::array<int, 3> pixelAt(const std::filesystem::path& png, int x, int y) {
  GDALDatasetH dataset = GDALOpen(png.string().c_str(), GA_ReadOnly);
  std::array<int, 3> rgb{-1, -1, -1};
  if (!dataset) return rgb;
  for (int band = 0; band < 3; ++band) {
    unsigned char value = 0;
    if (GDALRasterIO(GDALGetRasterBand(dataset, band + 1), GF_Read, x, y, 1, 1, &value, 1, 1, GDT_Byte, 0, 0) == CE_None) rgb[band] = value;
  }
  GDALClose(dataset);
  return rgb;
}

TEST_F(ExportTest, MapPngDrawsTheParcelWhereItIsWithoutADisplay) {
  // A-1 (100 m square) with 300 m around it: 700 m of ground over the 300 px height, so the parcel is
  // about 43 px wide, centred at (200, 150); its rank marker sits on the centre.
  const CliResult result = runWithoutDisplay(db(), "export map --parcels A-1 --size 400x300 -o '" + file("m.png").string() + "'");
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.err, "") << "no Qt chatter on stderr";
  GDALAllRegister();
  GDALDatasetH dataset = GDALOpen(file("m.png").string().c_str(), GA_ReadOnly);
  ASSERT_NE(dataset, nullptr);
  EXPECT_EQ(GDALGetRasterXSize(dataset), 400);
  EXPECT_EQ(GDALGetRasterYSize(dataset), 300);
  GDALClose(dataset);
  // Inside the parcel, off the marker: the reserved-land fill (green dominant).
  for (auto [x, y] : {std::pair{186, 137}, std::pair{214, 163}, std::pair{186, 163}}) {
    const auto rgb = pixelAt(file("m.png"), x, y);
    EXPECT_GT(rgb[1], rgb[0] + 20) << x << "," << y << " should be green: " << rgb[0] << " " << rgb[1] << " " << rgb[2];
  }
  // 100 m south of the parcel (43 px below its south edge): the map background, not land.
  const auto outside = pixelAt(file("m.png"), 200, 215);
  EXPECT_LT(std::abs(outside[1] - outside[0]), 10) << outside[0] << " " << outside[1] << " " << outside[2];
}

TEST_F(ExportTest, MapPdfHasSearchableChineseTextAndEmbeddedFonts) {
  const CliResult result = runWithoutDisplay(db(), "export map --parcels A-1,A-2 --paper A4 --dpi 150 --title 城阳踏勘图 -o '" +
                                                       file("m.pdf").string() + "'");
  ASSERT_EQ(result.exitCode, 0) << result.err;
  TempDir scratch;
  ASSERT_EQ(std::system(("pdftotext '" + file("m.pdf").string() + "' '" + (scratch / "t.txt").string() + "'").c_str()), 0);
  const std::string text = readTextFile(scratch / "t.txt");
  EXPECT_NE(text.find("城阳踏勘图"), std::string::npos) << text;
  EXPECT_NE(text.find("甲-3"), std::string::npos) << "labels are text, not pixels: " << text;
  ASSERT_EQ(std::system(("pdffonts '" + file("m.pdf").string() + "' >'" + (scratch / "f.txt").string() + "'").c_str()), 0);
  const std::string fonts = readTextFile(scratch / "f.txt");
  // pdffonts columns: name type encoding emb sub uni ...; every font's "emb" must be yes, a CJK one among them.
  std::istringstream lines(fonts);
  std::string line;
  int fontCount = 0;
  while (std::getline(lines, line)) {
    const auto encoding = line.find("Identity-H");
    if (encoding == std::string::npos) continue;
    ++fontCount;
    std::istringstream columns(line.substr(encoding + 10));
    std::string embedded;
    columns >> embedded;
    EXPECT_EQ(embedded, "yes") << line;
  }
  EXPECT_GT(fontCount, 0) << fonts;
  EXPECT_NE(fonts.find("WenQuanYi"), std::string::npos) << fonts;
  // A4 landscape.
  ASSERT_EQ(std::system(("pdfinfo '" + file("m.pdf").string() + "' >'" + (scratch / "i.txt").string() + "'").c_str()), 0);
  EXPECT_NE(readTextFile(scratch / "i.txt").find("(A4)"), std::string::npos) << readTextFile(scratch / "i.txt");
}

TEST_F(ExportTest, MapSvgAndUsageErrors) {
  CliResult result = runWithoutDisplay(db(), "export map --extent 120.38,36.29,120.41,36.31 --size 300x200 -o '" + file("m.svg").string() + "'");
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(readTextFile(file("m.svg")).find("<svg"), std::string::npos);
  result = runWithoutDisplay(db(), "export map --extent 120.38,36.29,120.41,36.31 -o '" + file("m.svg").string() + "'");
  EXPECT_EQ(result.exitCode, 2) << "exists, no --force";
  // The drawing library's refusals follow --lang like the command line's own.
  EXPECT_NE(result.err.find("输出文件已存在"), std::string::npos) << result.err;
  result = runWithoutDisplay(db(), "--lang en export map --extent 120.38,36.29,120.41,36.31 -o '" + file("m.svg").string() + "'");
  EXPECT_NE(result.err.find("the output file exists"), std::string::npos) << result.err;
  result = runWithoutDisplay(db(), "export map --extent 120.38,36.29,120.41,36.31 -o '" + file("no-such-folder/m.png").string() + "'");
  EXPECT_EQ(result.exitCode, 1) << result.err;
  EXPECT_NE(result.err.find("输出所在的文件夹不存在"), std::string::npos) << result.err;
  EXPECT_EQ(runLandbank(db(), {"export", "map", "--parcels", "A-1", "-o", file("m.jpg").string()}).exitCode, 2);
  EXPECT_EQ(runLandbank(db(), {"export", "map", "--parcels", "A-1", "--size", "big", "-o", file("n.png").string()}).exitCode, 2);
  EXPECT_EQ(runLandbank(db(), {"export", "map", "--extent", "1,2,3", "-o", file("n.png").string()}).exitCode, 2);
  EXPECT_EQ(runLandbank(db(), {"export", "map", "--parcels", "NOPE", "-o", file("n.png").string()}).exitCode, 1);
  EXPECT_EQ(runLandbank(db(), {"export", "gpkg", "--layer", "parcels", "--size", "10x10", "-o", file("n.gpkg").string()}).exitCode, 2);
}

TEST(SafeFileName, ChineseKeptSeparatorsAndDotsDefused) {
  EXPECT_EQ(landbank::safeFileName("轨道交通转向架智能制造基地"), "轨道交通转向架智能制造基地");
  EXPECT_EQ(landbank::safeFileName("../../etc/passwd"), "___etc_passwd");
  EXPECT_EQ(landbank::safeFileName("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
  EXPECT_EQ(landbank::safeFileName(".hidden"), "hidden");
  EXPECT_EQ(landbank::safeFileName("a..b"), "a_b");
  EXPECT_EQ(landbank::safeFileName("CON"), "CON_");
  EXPECT_EQ(landbank::safeFileName("nul.txt"), "nul_.txt");
  EXPECT_EQ(landbank::safeFileName(""), "export");
  EXPECT_EQ(landbank::safeFileName(".."), "export");
  const std::string longName(200, 'x');
  EXPECT_EQ(landbank::safeFileName(longName).size(), 120u);
  std::string chinese;
  for (int i = 0; i < 50; ++i) chinese += "地";  // 150 bytes: cut at a character boundary
  EXPECT_EQ(landbank::safeFileName(chinese).size(), 120u);
}

TEST(ShortenFieldNames, TenBytesAtCharacterBoundariesAndUnique) {
  const auto names = landbank::shortenFieldNames({"id", "subdistrict", "subdistrict_code", "price_wan_per_mu", "备注说明信息"});
  EXPECT_EQ(names, (std::vector<std::string>{"id", "subdistric", "subdistr_1", "price_wan_", "备注说"}));
}

TEST(CoordCommand, JsonAndTableAndErrors) {
  CliResult result = runLandbank({}, {"coord", "116.404,39.915", "--to", "gcj02", "--format", "json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const json point = json::parse(result.out);
  EXPECT_NEAR(point.at("x").get<double>(), 116.41024449916938, 1e-6);
  EXPECT_NEAR(point.at("y").get<double>(), 39.91640428150164, 1e-6);
  result = runLandbank({}, {"coord", "116.41024449916938,39.91640428150164", "--from", "gcj02", "--to", "EPSG:4326", "--format", "json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NEAR(json::parse(result.out).at("x").get<double>(), 116.404, 1e-7);
  result = runLandbank({}, {"--lang", "en", "coord", "120.385,36.305", "--to", "4528", "--format", "table"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("EPSG:4528"), std::string::npos);
  EXPECT_NE(result.out.find("40534"), std::string::npos) << result.out;
  EXPECT_EQ(runLandbank({}, {"coord", "120.385", "--to", "4528"}).exitCode, 2);
  EXPECT_EQ(runLandbank({}, {"coord", "a,b", "--to", "4528"}).exitCode, 2);
  EXPECT_EQ(runLandbank({}, {"coord", "1,2", "--to", "EPSG:99999"}).exitCode, 2);
  EXPECT_EQ(runLandbank({}, {"coord", "1,2"}).exitCode, 2) << "--to is required";
}

}  // namespace

namespace {

// The packet on the bundled sample (a real project and the matching engine's facts).
class PacketTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new TempDir();
    const CliResult result = runLandbank(*s_dir / "sample.sqlite", {"init", "--sample"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
  }
  static void TearDownTestSuite() { delete s_dir; }
  static std::filesystem::path db() { return *s_dir / "sample.sqlite"; }
  static TempDir* s_dir;
};
TempDir* PacketTest::s_dir = nullptr;

std::string commandOutput(const std::string& command) {
  std::string output;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
    ::pclose(pipe);
  }
  return output;
}

TEST_F(PacketTest, CoverOverviewAndAPagePerSiteWithSearchableFacts) {
  TempDir out;
  const auto pdf = out / "packet.pdf";
  const CliResult result = runWithoutDisplay(db(), "export packet --project P-001 --top 3 -o '" + pdf.string() + "'");
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const json match = json::parse(runLandbank(db(), {"match", "P-001", "--top", "3", "--format", "json"}).out);
  ASSERT_EQ(match.at("candidates").size(), 3u);
  const std::string info = commandOutput("pdfinfo '" + pdf.string() + "'");
  EXPECT_NE(info.find("Pages:           5"), std::string::npos) << "cover + overview + 3 sites: " << info;
  const std::string text = commandOutput("pdftotext '" + pdf.string() + "' -");
  EXPECT_NE(text.find("轨道交通转向架智能制造基地"), std::string::npos);
  for (const json& candidate : match.at("candidates")) {
    const std::string id = candidate.at("id").get<std::string>();
    EXPECT_NE(text.find(id), std::string::npos) << id;
    const json parcel = json::parse(runLandbank(db(), {"parcel", "show", id, "--format", "json"}).out);
    const std::string name = parcel.contains("name") ? parcel.at("name").get<std::string>() : parcel.at("properties").at("name").get<std::string>();
    EXPECT_NE(text.find(name), std::string::npos) << name;
    // The area as the packet prints it: m² with thousands separators.
    const double area = candidate.at("area_m2").get<double>();
    const long rounded = std::lround(area);
    const std::string areaText = std::to_string(rounded / 1000) + "," + (rounded % 1000 < 100 ? "0" : "") + (rounded % 1000 < 10 ? "0" : "") +
                                 std::to_string(rounded % 1000);
    EXPECT_NE(text.find(areaText), std::string::npos) << areaText;
  }
  EXPECT_NE(text.find("EPSG:4528"), std::string::npos);
  EXPECT_NE(text.find("GCJ-02"), std::string::npos);
  // Every page rendered is not blank: more than a few percent of its pixels are not white.
  ASSERT_EQ(std::system(("pdftoppm -r 30 -gray '" + pdf.string() + "' '" + (out / "page").string() + "'").c_str()), 0);
  int pages = 0;
  for (const auto& entry : std::filesystem::directory_iterator(out.path())) {
    if (entry.path().extension() != ".pgm") continue;
    ++pages;
    const std::string image = readTextFile(entry.path());
    // PGM (P5): header of three lines, then one byte per pixel.
    std::size_t offset = 0;
    for (int line = 0; line < 3; ++line) offset = image.find('\n', offset) + 1;
    std::size_t dark = 0;
    for (std::size_t i = offset; i < image.size(); ++i) dark += static_cast<unsigned char>(image[i]) < 200;
    EXPECT_GT(static_cast<double>(dark) / static_cast<double>(image.size() - offset), 0.02) << entry.path();
  }
  EXPECT_EQ(pages, 5);

  // On the first site's page the parcel is outlined and numbered in the highlight crimson at the
  // centre of the detail map (its extent is centred on the parcel): the map spans the page width and
  // about 10%-50% of its height. The legend (right quarter) also holds that colour: ignored.
  ASSERT_EQ(std::system(("pdftoppm -r 40 -f 3 -l 3 '" + pdf.string() + "' '" + (out / "site").string() + "'").c_str()), 0);
  std::filesystem::path ppm;
  for (const auto& entry : std::filesystem::directory_iterator(out.path()))
    if (entry.path().extension() == ".ppm") ppm = entry.path();
  const std::string image = readTextFile(ppm);
  std::istringstream header(image);
  std::string magic;
  int width = 0, height = 0, maximum = 0;
  header >> magic >> width >> height >> maximum;
  const std::size_t offset = static_cast<std::size_t>(header.tellg()) + 1;
  double sumX = 0, sumY = 0;
  int crimson = 0;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width * 3 / 4; ++x) {
      const std::size_t i = offset + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 3;
      const int r = static_cast<unsigned char>(image[i]), g = static_cast<unsigned char>(image[i + 1]), b = static_cast<unsigned char>(image[i + 2]);
      if (r > 170 && g < 60 && b > 60 && b < 140) {
        ++crimson;
        sumX += x;
        sumY += y;
      }
    }
  ASSERT_GT(crimson, 10) << "the highlighted parcel is drawn";
  EXPECT_NEAR(sumX / crimson, width / 2.0, width * 0.08) << "horizontally at the map's centre";
  EXPECT_GT(sumY / crimson, height * 0.10);
  EXPECT_LT(sumY / crimson, height * 0.50) << "inside the detail map";
}

// The QR code on a site page is read back by an independent decoder (zbarimg, Debian zbar-tools):
// it must be the Amap navigation link to the GCJ-02 position of the WGS84 access point printed
// beside it, as `landbank coord` converts it.
TEST_F(PacketTest, QrCodeDecodesToTheGcj02OfThePrintedAccessPoint) {
  TempDir out;
  const auto pdf = out / "packet.pdf";
  // --today sets the cover's date (a packet made for a given day says that day).
  ASSERT_EQ(runWithoutDisplay(db(), "--today 2025-06-30 export packet --project P-001 --top 1 -o '" + pdf.string() + "'").exitCode, 0);
  EXPECT_NE(commandOutput("pdftotext -f 1 -l 1 '" + pdf.string() + "' -").find("日期：2025-06-30"), std::string::npos);
  ASSERT_EQ(std::system(("pdftoppm -r 200 -f 3 -l 3 -png '" + pdf.string() + "' '" + (out / "qr").string() + "'").c_str()), 0);
  std::filesystem::path png;
  for (const auto& entry : std::filesystem::directory_iterator(out.path()))
    if (entry.path().extension() == ".png") png = entry.path();
  const std::string decoded = commandOutput("zbarimg -q --raw '" + png.string() + "' 2>/dev/null");
  const std::string prefix = "https://uri.amap.com/navigation?to=";
  ASSERT_EQ(decoded.rfind(prefix, 0), 0u) << "decoded: " << decoded;
  double qrLon = 0, qrLat = 0;
  ASSERT_EQ(std::sscanf(decoded.c_str() + prefix.size(), "%lf,%lf", &qrLon, &qrLat), 2) << decoded;
  EXPECT_NE(decoded.find("coordinate=gaode"), std::string::npos);

  // The page prints the WGS84 access point and its GCJ-02 with six decimals (the map corners use five).
  const std::string text = commandOutput("pdftotext -f 3 -l 3 '" + pdf.string() + "' -");
  std::vector<std::pair<double, double>> pairs;
  for (std::size_t at = text.find("1"); at != std::string::npos && at < text.size(); at = text.find("1", at + 1)) {
    double lon = 0, lat = 0;
    int used = 0;
    if (std::sscanf(text.c_str() + at, "%lf, %lf%n", &lon, &lat, &used) == 2 && lon > 100 && lon < 130 && lat > 20 && lat < 50) {
      const std::string token = text.substr(at, static_cast<std::size_t>(used));
      const std::size_t dot = token.find('.');
      if (dot != std::string::npos && token.find(',') - dot - 1 == 6) pairs.emplace_back(lon, lat);
      at += static_cast<std::size_t>(used);
    }
  }
  ASSERT_GE(pairs.size(), 2u) << text;
  const auto [wgsLon, wgsLat] = pairs[0];
  const auto [gcjLon, gcjLat] = pairs[1];
  EXPECT_NEAR(qrLon, gcjLon, 1e-6);
  EXPECT_NEAR(qrLat, gcjLat, 1e-6);
  const CliResult converted = runLandbank(db(), {"coord", fmt::format("{:.6f},{:.6f}", wgsLon, wgsLat), "--from", "EPSG:4326", "--to", "gcj02", "--format", "json"});
  ASSERT_EQ(converted.exitCode, 0) << converted.err;
  const json point = json::parse(converted.out);
  EXPECT_NEAR(point.at("x").get<double>(), qrLon, 2e-6);
  EXPECT_NEAR(point.at("y").get<double>(), qrLat, 2e-6);
  // GCJ-02 is offset from WGS84 by a few hundred metres around Qingdao; a link without the shift
  // would send the team to the wrong place.
  EXPECT_GT(std::hypot(qrLon - wgsLon, qrLat - wgsLat), 1e-3);

  // The score and the hard rules are named in Chinese (code labels), not by their keys.
  EXPECT_NE(text.find("面积匹配"), std::string::npos) << text;
  EXPECT_EQ(text.find("area_fit"), std::string::npos);
  EXPECT_EQ(text.find("land_use"), std::string::npos);
}

TEST_F(PacketTest, UsageAndUnknownIds) {
  TempDir out;
  EXPECT_EQ(runLandbank(db(), {"export", "packet", "-o", (out / "a.pdf").string()}).exitCode, 2);
  EXPECT_EQ(runLandbank(db(), {"export", "packet", "--project", "P-001", "-o", (out / "a.png").string()}).exitCode, 2);
  const CliResult unknown = runLandbank(db(), {"export", "packet", "--parcels", "CY-00001,NOPE-9", "-o", (out / "a.pdf").string()});
  EXPECT_EQ(unknown.exitCode, 1);
  EXPECT_NE(unknown.err.find("NOPE-9"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(out / "a.pdf"));
}

}  // namespace

namespace {

// The investment catalogue on the bundled sample, limited to one subdistrict (about 100 pages).
class CatalogueTest : public PacketTest {};

std::vector<std::string> pdfPages(const std::filesystem::path& pdf) {
  const std::string text = commandOutput("pdftotext '" + pdf.string() + "' -");
  std::vector<std::string> pages;
  std::size_t start = 0;
  for (std::size_t end = text.find('\f'); end != std::string::npos; end = text.find('\f', start)) {
    pages.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return pages;
}

json landbankJson(const std::filesystem::path& database, const std::vector<std::string>& args) {
  const CliResult result = runLandbank(database, args);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  return json::parse(result.out);
}

TEST_F(CatalogueTest, OffersOnlyReservedAndAvailableLandAndVacantCarriersOfTheSubdistrict) {
  TempDir out;
  const auto pdf = out / "catalogue.pdf";
  // Chinese name without its 街道 suffix; --today sets the cover's date.
  const CliResult result = runWithoutDisplay(db(), "--today 2025-06-30 export catalogue --subdistrict 城阳 -o '" + pdf.string() + "'");
  ASSERT_EQ(result.exitCode, 0) << result.err;

  const json offered = landbankJson(db(), {"parcels", "--status", "reserved,available", "--subdistrict", "城阳街道", "--format", "json"});
  std::vector<json> carriers;
  for (const json& building : landbankJson(db(), {"buildings", "--subdistrict", "城阳街道", "--format", "json"}))
    if (building.value("vacant_floor_m2", 0.0) > 0) carriers.push_back(building);
  ASSERT_GT(offered.size(), 10u);
  ASSERT_GT(carriers.size(), 5u);
  const std::size_t sites = offered.size() + carriers.size();

  // Cover + contents + a page per site; each site page carries the 编号 row once.
  const std::vector<std::string> pages = pdfPages(pdf);
  ASSERT_GT(pages.size(), sites + 1);
  const std::size_t contentsPages = pages.size() - sites - 1;
  EXPECT_GE(contentsPages, 1u);
  EXPECT_LE(contentsPages, 3u);
  EXPECT_NE(pages[0].find("城阳区招商地块推介册"), std::string::npos) << pages[0];
  EXPECT_NE(pages[0].find("日期：2025-06-30"), std::string::npos) << pages[0];
  EXPECT_NE(pages[0].find(fmt::format("可供土地 {} 宗", offered.size())), std::string::npos) << pages[0];
  EXPECT_NE(pages[1].find("目录"), std::string::npos);
  std::size_t sitePages = 0;
  for (std::size_t i = 1 + contentsPages; i < pages.size(); ++i) sitePages += pages[i].find("编号") != std::string::npos;
  EXPECT_EQ(sitePages, sites);
  const std::string info = commandOutput("pdfinfo '" + pdf.string() + "'");
  const std::size_t pagesAt = info.find("Pages:");
  ASSERT_NE(pagesAt, std::string::npos) << info;
  EXPECT_EQ(std::stoul(info.substr(pagesAt + 6)), pages.size()) << info;

  std::string text, contents;
  for (std::size_t i = 0; i < pages.size(); ++i) (i >= 1 && i <= contentsPages ? contents : text) += pages[i];
  text += contents;
  for (const json& parcel : offered) {
    EXPECT_NE(text.find(parcel.at("id").get<std::string>()), std::string::npos) << parcel.at("id");
    EXPECT_NE(text.find(parcel.at("name").get<std::string>()), std::string::npos) << parcel.at("name");
  }
  for (const json& building : carriers) {
    EXPECT_NE(text.find(building.at("id").get<std::string>()), std::string::npos) << building.at("id");
    EXPECT_NE(text.find(building.at("name").get<std::string>()), std::string::npos) << building.at("name");
  }
  // --subdistrict limits it: the contents list no site of another subdistrict.
  std::set<std::string> inSubdistrict;
  for (const json& parcel : offered) inSubdistrict.insert(parcel.at("id").get<std::string>());
  for (const json& building : carriers) inSubdistrict.insert(building.at("id").get<std::string>());
  for (const json& parcel : landbankJson(db(), {"parcels", "--status", "reserved,available", "--format", "json"}))
    if (!inSubdistrict.contains(parcel.at("id").get<std::string>())) {
      EXPECT_EQ(contents.find(parcel.at("id").get<std::string>() + " "), std::string::npos);
    }

  // Nothing internal: no parcel in another status (not even on the maps), no project, no owner.
  std::size_t others = 0;
  std::set<std::string> owners;
  for (const json& parcel : landbankJson(db(), {"parcels", "--format", "json"})) {
    if (parcel.contains("owner") && parcel.at("owner").is_string()) owners.insert(parcel.at("owner").get<std::string>());
    const std::string status = parcel.at("status").get<std::string>();
    if (status == "reserved" || status == "available") continue;
    ++others;
    EXPECT_EQ(text.find(parcel.at("id").get<std::string>()), std::string::npos) << parcel.at("id") << " " << status;
  }
  ASSERT_GT(others, 100u) << "the sample has parcels in negotiation, allocated, built";
  ASSERT_FALSE(owners.empty());
  for (const std::string& owner : owners) EXPECT_EQ(text.find(owner), std::string::npos) << owner;
  const json projects = landbankJson(db(), {"projects", "--format", "json"});
  ASSERT_GT(projects.size(), 5u);
  for (const json& project : projects) EXPECT_EQ(text.find(project.at("name").get<std::string>()), std::string::npos) << project.at("name");
  for (const char* internal : {"negotiating", "洽谈", "owner", "权属"}) EXPECT_EQ(text.find(internal), std::string::npos) << internal;

  // Pages are not blank: cover, first contents page and two site pages.
  ASSERT_EQ(std::system(("pdftoppm -r 20 -gray -f 1 -l 2 '" + pdf.string() + "' '" + (out / "page").string() + "'").c_str()), 0);
  const std::string last = std::to_string(pages.size());
  ASSERT_EQ(std::system(("pdftoppm -r 20 -gray -f " + last + " -l " + last + " '" + pdf.string() + "' '" + (out / "last").string() + "'").c_str()), 0);
  ASSERT_EQ(std::system(("pdftoppm -r 20 -gray -f " + std::to_string(contentsPages + 2) + " -l " + std::to_string(contentsPages + 2) + " '" + pdf.string() + "' '" +
                         (out / "first").string() + "'").c_str()), 0);
  int images = 0;
  for (const auto& entry : std::filesystem::directory_iterator(out.path())) {
    if (entry.path().extension() != ".pgm") continue;
    ++images;
    const std::string image = readTextFile(entry.path());
    std::size_t offset = 0;
    for (int line = 0; line < 3; ++line) offset = image.find('\n', offset) + 1;
    std::size_t dark = 0;
    for (std::size_t i = offset; i < image.size(); ++i) dark += static_cast<unsigned char>(image[i]) < 200;
    EXPECT_GT(static_cast<double>(dark) / static_cast<double>(image.size() - offset), 0.005) << entry.path();
  }
  EXPECT_EQ(images, 4);
}

TEST_F(CatalogueTest, UsageExistingFileAndUnknownSubdistrict) {
  TempDir out;
  const auto pdf = out / "c.pdf";
  writeTextFile(pdf, "keep");
  const CliResult exists = runLandbank(db(), {"export", "catalogue", "--subdistrict", "城阳街道", "-o", pdf.string()});
  EXPECT_EQ(exists.exitCode, 2);
  EXPECT_NE(exists.err.find("--force"), std::string::npos) << exists.err;
  EXPECT_EQ(readTextFile(pdf), "keep");
  const CliResult unknown = runLandbank(db(), {"export", "catalogue", "--subdistrict", "不存在", "-o", (out / "d.pdf").string()});
  EXPECT_EQ(unknown.exitCode, 2);
  EXPECT_NE(unknown.err.find("棘洪滩街道"), std::string::npos) << "names the valid subdistricts: " << unknown.err;
  EXPECT_FALSE(std::filesystem::exists(out / "d.pdf"));
  // A near miss gets the same did-you-mean as the listings (one resolver, area_names.h).
  const CliResult nearMiss = runLandbank(db(), {"export", "catalogue", "--subdistrict", "棘洪X", "-o", (out / "d.pdf").string()});
  EXPECT_EQ(nearMiss.exitCode, 2);
  EXPECT_NE(nearMiss.err.find("是否要找 棘洪滩街道"), std::string::npos) << nearMiss.err;
  EXPECT_EQ(nearMiss.err.find("红岛街道"), std::string::npos) << "names the near misses only: " << nearMiss.err;
  const CliResult listed = runLandbank(db(), {"parcels", "--subdistrict", "棘洪X", "--format", "json"});
  EXPECT_NE(listed.err.find("是否要找 棘洪滩街道"), std::string::npos) << listed.err;
  EXPECT_FALSE(std::filesystem::exists(out / "d.pdf"));
  EXPECT_EQ(runLandbank(db(), {"export", "catalogue", "-o", (out / "d.png").string()}).exitCode, 2);
  EXPECT_EQ(runLandbank(db(), {"export", "catalogue", "--project", "P-001", "-o", (out / "d.pdf").string()}).exitCode, 2);
  EXPECT_EQ(runLandbank(db(), {"export", "kml", "--layer", "parcels", "--subdistrict", "城阳", "-o", (out / "d.kml").string()}).exitCode, 2);
}

}  // namespace
