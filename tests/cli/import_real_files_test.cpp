// What planners' real files need: CAD red lines, GBK field names, real-typed and generated ids,
// CSV points with named columns, Chinese land-use names, legacy datums, re-imported exports,
// GeoPackages without a CRS, and sources that point at the network (loopback only).
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "import_fixtures.h"
#include "test_support.h"

using namespace landbank::test;
using nlohmann::json;

namespace {

// A DXF written by hand, as CAD offices send red lines: LWPOLYLINEs with the closed flag (70 = 1),
// one with a bulge (42 = 1: a semicircle of radius 50 m), and one left open.
std::string redLinesDxf() {
  struct Vertex {
    double x, y, bulge;
  };
  auto polyline = [](const std::string& handle, const std::string& layer, const std::vector<Vertex>& vertices, bool closed) {
    std::string out = "0\nLWPOLYLINE\n5\n" + handle + "\n100\nAcDbEntity\n8\n" + layer + "\n100\nAcDbPolyline\n90\n" +
                      std::to_string(vertices.size()) + "\n70\n" + (closed ? "1" : "0") + "\n";
    for (const Vertex& v : vertices) {
      char text[128];
      std::snprintf(text, sizeof text, "10\n%.3f\n20\n%.3f\n", v.x, v.y);
      out += text;
      if (v.bulge != 0) out += "42\n" + std::to_string(v.bulge) + "\n";
    }
    return out;
  };
  return "0\nSECTION\n2\nENTITIES\n" +
         polyline("A1", "M2", {{527000, 4018000, 0}, {527100, 4018000, 0}, {527100, 4018100, 0}, {527000, 4018100, 0}}, true) +
         polyline("A2", "M1", {{527000, 4018200, 0}, {527100, 4018200, 1.0}, {527100, 4018300, 0}, {527000, 4018300, 0}}, true) +
         polyline("A3", "M1", {{527300, 4018000, 0}, {527400, 4018000, 0}, {527400, 4018100, 0}}, false) + "0\nENDSEC\n0\nEOF\n";
}

json layerJson(const std::filesystem::path& db, const std::string& layer) {
  const CliResult result = runLandbank(db, {layer, "--format", "json"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  return json::parse(result.out);
}

}  // namespace

TEST_F(ImportTest, ClosedCadPolylinesBecomePolygonsWithArcsInOneDegreeSteps) {
  writeTextFile(file("red.dxf"), redLinesDxf());
  const CliResult result = runLandbank(db(), {"import", "parcels", file("red.dxf").string(), "--crs", "EPSG:4549", "--map",
                                              "id=EntityHandle", "--map", "land_use=Layer", "--set", "status=reserved", "--skip-invalid"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.err.find("'A3'"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("多段线未闭合"), std::string::npos) << result.err;
  const json parcels = parcelsJson(db());
  ASSERT_EQ(parcels.size(), 2u);
  EXPECT_NEAR(parcels[0]["area_m2"].get<double>(), 10000.0, 1e-6);
  // 100 m square plus a semicircle of radius 50 m: 10,000 + π·50²/2 = 13,926.99 m². 1-degree chords
  // lose 0.2 m² of the semicircle (GDAL's default 4-degree chords would lose 3.2 m²).
  EXPECT_NEAR(parcels[1]["area_m2"].get<double>(), 10000.0 + M_PI * 2500.0 / 2, 0.5);
  EXPECT_EQ(parcels[1]["land_use"], "100101");
}

TEST_F(ImportTest, GbkFieldNamesAreDecodedLikeTheValuesAndTheCodePageIsRecordedAsGiven) {
  // A shapefile as Chinese GIS software writes it: GBK names and values, code page byte 0x4D
  // (code page 936), no .cpg.
  char encoding[] = "ENCODING=CP936";
  char* options[] = {encoding, nullptr};
  writeVector(file("cities.shp"), "ESRI Shapefile", "EPSG:4549",
              {TestFeature{{{"城市代码", "370214"}, {"城市", "城阳"}, {"land_use", "100101"}, {"status", "储备"}}, kSquareWkt}}, options);
  std::filesystem::remove(file("cities.cpg"));
  {
    std::fstream dbf(file("cities.dbf"), std::ios::in | std::ios::out | std::ios::binary);
    dbf.seekp(29);
    dbf.put(static_cast<char>(0x4D));
  }
  CliResult result = runLandbank(db(), {"import", "parcels", file("cities.shp").string(), "--map", "id=城市代码", "--map", "name=城市"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("CP936（DBF 代码页字节）"), std::string::npos) << result.out;
  json parcels = parcelsJson(db());
  EXPECT_EQ(parcels[0]["id"], "370214");
  EXPECT_EQ(parcels[0]["name"], "城阳");
  // The same file with a .cpg saying 936: honoured, and recorded as "936".
  writeTextFile(file("cities.cpg"), "936\n");
  // (in English too: the summary names the encoding in the language asked for)
  result = runLandbank(db(), {"--lang", "en", "import", "parcels", file("cities.shp").string(), "--map", "id=城市代码", "--map", "name=城市", "--mode", "replace"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("936 (.cpg)"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("文件"), std::string::npos) << result.out;
  // A wrong name is listed against the decoded names, in valid UTF-8.
  expectRefused({"import", "parcels", file("cities.shp").string(), "--map", "id=代码"}, {"no field '代码'", "城市代码", "城市"});
}

TEST_F(ImportTest, IdsKeepTheirDigitsOrAreGenerated) {
  // A DBF code field of type Real: 370200000000.000 becomes "370200000000".
  writeTextFile(file("real.geojson"),
                R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":370200000000.0,"land_use":"100101","status":"reserved"},"geometry":{"type":"Polygon","coordinates":[[[120.3,36.3],[120.301,36.3],[120.301,36.301],[120.3,36.3]]]}}]})");
  ASSERT_EQ(runLandbank(db(), {"import", "parcels", file("real.geojson").string(), "--map", "id=code"}).exitCode, 0);
  EXPECT_EQ(parcelsJson(db())[0]["id"], "370200000000");
  // No id field at all: numbered from the source's FIDs, with a prefix.
  writeTextFile(file("noid.csv"), "land_use,status,WKT\n100101,reserved,\"" + kSquareWkt + "\"\n100102,reserved,\"" + kSquareWkt + "\"\n");
  const CliResult result = runLandbank(db(), {"import", "parcels", file("noid.csv").string(), "--crs", "EPSG:4549", "--id-from-fid",
                                              "--id-prefix", "CY-", "--mode", "replace", "--force"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const json parcels = parcelsJson(db());
  ASSERT_EQ(parcels.size(), 2u);
  EXPECT_EQ(parcels[0]["id"], "CY-1");
  EXPECT_EQ(parcels[1]["id"], "CY-2");
}

TEST_F(ImportTest, CsvPointsWithNamedColumnsChineseLandUseNamesAndDerivedFieldsDropped) {
  writeTextFile(file("points.csv"), "id,type,name,东坐标X,北坐标Y\nF-1,port,港,527000,4018000\n");
  const CliResult points =
      runLandbank(db(), {"import", "facilities", file("points.csv").string(), "--crs", "EPSG:4549", "--xy", "东坐标X,北坐标Y"});
  ASSERT_EQ(points.exitCode, 0) << points.err;
  EXPECT_NEAR(layerJson(db(), "facilities")[0]["centroid"][0].get<double>(), 120.30, 0.01);
  // A re-imported export: area_m2, area_mu, centroid and subdistrict_derived are Landbank's own.
  writeTextFile(file("export.csv"), "id,land_use,status,area_m2,area_mu,centroid,subdistrict_derived,plot,WKT\n"
                                    "P-1,一类工业用地,reserved,99999,150,\"[120.3, 36.3]\",1,A7,\"" + kSquareWkt + "\"\n");
  const CliResult result = runLandbank(db(), {"import", "parcels", file("export.csv").string(), "--crs", "EPSG:4549"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const json parcels = parcelsJson(db());
  EXPECT_EQ(parcels[0]["land_use"], "100101");
  EXPECT_NEAR(parcels[0]["area_m2"].get<double>(), 10000.0, 1e-6);  // computed, not the file's 99999
  EXPECT_EQ(parcels[0]["attrs"], (json{{"plot", "A7"}}));
}

TEST_F(ImportTest, LegacyDatumIsNamedAndAGeoPackageWithoutCrsIsDetected) {
  // Xi'an 1980 / 3-degree Gauss-Kruger CM 120E (EPSG:2385).
  writeVector(file("xian.shp"), "ESRI Shapefile", "EPSG:2385", {parcel("X-1", kSquareWkt)});
  const CliResult xian = runLandbank(db(), {"--lang", "en", "import", "parcels", file("xian.shp").string()});
  ASSERT_EQ(xian.exitCode, 0) << xian.err;
  EXPECT_NE(xian.out.find("datum Xi'an 1980"), std::string::npos) << xian.out;
  // srs_id 0 in a GeoPackage ("Undefined geographic SRS") is no CRS: lon/lat detected, metres refused with the hint.
  writeVector(file("nocrs.gpkg"), "GPKG", nullptr, {parcel("G-1", "POLYGON ((120.3 36.3, 120.301 36.3, 120.301 36.301, 120.3 36.3))")});
  const CliResult lonLat = runLandbank(db(), {"import", "parcels", file("nocrs.gpkg").string(), "--mode", "replace"});
  ASSERT_EQ(lonLat.exitCode, 0) << lonLat.err;
  EXPECT_NE(lonLat.out.find("EPSG:4326 (assumed"), std::string::npos) << lonLat.out;
  writeVector(file("metres.gpkg"), "GPKG", nullptr, {parcel("G-2", kSquareWkt)});
  expectRefused({"import", "parcels", file("metres.gpkg").string()}, {"metres.gpkg", "no CRS", "EPSG:4549"});
}

TEST_F(ImportTest, FileNamesWithControlCharactersArePrintedEscaped) {
  const std::string name = "bad\nlandbank: ok \x1b[2J.csv";
  writeTextFile(file(name), "id,land_use,status,WKT\nP-1,100101,idle,\"" + kSquareWkt + "\"\n");
  const CliResult result = runLandbank(db(), {"import", "parcels", file(name).string(), "--crs", "EPSG:4549"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_NE(result.err.find("bad\\nlandbank: ok \\x1B[2J.csv"), std::string::npos) << result.err;
}

TEST_F(ImportTest, SourcesThatPointAtTheNetworkMakeNoConnection) {
  // A listening socket on the loopback address records whether anything connects; tests never aim
  // at any other address.
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 16), 0);
  socklen_t length = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));

  // A GeoJSON whose "crs" is a link, a VRT over /vsicurl/, and a /vsicurl/ path given directly.
  writeTextFile(file("link.geojson"),
                R"({"type":"FeatureCollection","crs":{"type":"link","properties":{"href":")" + url +
                    R"(/crs.wkt","type":"ogcwkt"}},"features":[{"type":"Feature","properties":{"id":"L-1","land_use":"100101","status":"reserved"},"geometry":{"type":"Polygon","coordinates":[[[120.3,36.3],[120.301,36.3],[120.301,36.301],[120.3,36.3]]]}}]})");
  writeTextFile(file("remote.vrt"), "<OGRVRTDataSource><OGRVRTLayer name=\"parcels\"><SrcDataSource>/vsicurl/" + url +
                                        "/p.geojson</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>\n");
  runLandbank(db(), {"import", "parcels", file("link.geojson").string()});
  expectRefused({"import", "parcels", file("remote.vrt").string()}, {"remote.vrt", "GDAL cannot read"});
  expectRefused({"import", "parcels", "/vsicurl/" + url + "/p.geojson"}, {"127.0.0.1", "local files only"});
  const int connection = accept(listener, nullptr, nullptr);
  EXPECT_LT(connection, 0) << "something connected to " << url;
  if (connection >= 0) close(connection);
  close(listener);
}

TEST_F(ImportTest, InvalidGeometryIsLocatedInTheSourcesCoordinatesToo) {
  // A bow-tie in lon/lat: GEOS reports the crossing in EPSG:4549 metres; the message adds lon/lat.
  writeTextFile(file("bowtie.csv"), "id,land_use,status,WKT\nB-1,100101,reserved,\"POLYGON ((120.3 36.3, 120.302 36.302, "
                                     "120.302 36.3, 120.3 36.302, 120.3 36.3))\"\n");
  const CliResult result = runLandbank(db(), {"import", "parcels", file("bowtie.csv").string(), "--crs", "EPSG:4326"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.err.find("Self-intersection"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("在数据源坐标系中为 120.301 36.301"), std::string::npos) << result.err;
}

