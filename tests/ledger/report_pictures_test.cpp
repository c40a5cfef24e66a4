// The monthly meeting's pictures (`report --map`, `report --chart stages`), drawn by the rendering
// library in a child process without a display, read back with GDAL (an independent PNG reader).
//
// The district, 0.04 deg squares west to east (about 3.6 km x 4.4 km each):
//
//   +--------+--------+--------+
//   | 西城   | 中城   | 东城   |     parcels: W-1 W-2 | M-1 M-2 M-3 | E-1
//   | 1 land | 3 land | 0 land |     landed in 2026:  W-1 | M-1 M-2 M-3 | -
//   +--------+--------+--------+
#include <gtest/gtest.h>

#include <gdal.h>

#include <array>
#include <map>

#include <nlohmann/json.hpp>

#include "test_support.h"

using namespace landbank::test;
using nlohmann::json;

namespace {

std::string square(double lon, double lat, double size) {
  auto p = [](double x, double y) { return "[" + std::to_string(x) + "," + std::to_string(y) + "]"; };
  return "[[" + p(lon, lat) + "," + p(lon + size, lat) + "," + p(lon + size, lat + size) + "," + p(lon, lat + size) + "," + p(lon, lat) + "]]";
}

std::string polygon(const std::string& properties, const std::string& rings) {
  return R"({"type":"Feature","properties":)" + properties + R"(,"geometry":{"type":"Polygon","coordinates":)" + rings + "}}";
}

/// RGB pixels of a PNG, read with GDAL.
struct Raster {
  int width = 0, height = 0;
  std::vector<unsigned char> r, g, b;
  std::array<int, 3> at(int x, int y) const {
    const std::size_t i = static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x);
    return {r[i], g[i], b[i]};
  }
};

Raster readPng(const std::filesystem::path& path) {
  GDALAllRegister();
  Raster raster;
  GDALDatasetH dataset = GDALOpen(path.string().c_str(), GA_ReadOnly);
  EXPECT_NE(dataset, nullptr) << path;
  if (!dataset) return raster;
  EXPECT_STREQ(GDALGetDriverShortName(GDALGetDatasetDriver(dataset)), "PNG");
  raster.width = GDALGetRasterXSize(dataset);
  raster.height = GDALGetRasterYSize(dataset);
  const std::size_t size = static_cast<std::size_t>(raster.width) * static_cast<std::size_t>(raster.height);
  for (auto* band : {&raster.r, &raster.g, &raster.b}) band->resize(size);
  int index = 1;
  for (auto* band : {&raster.r, &raster.g, &raster.b})
    EXPECT_EQ(GDALRasterIO(GDALGetRasterBand(dataset, index++), GF_Read, 0, 0, raster.width, raster.height, band->data(), raster.width,
                           raster.height, GDT_Byte, 0, 0),
              CE_None);
  GDALClose(dataset);
  return raster;
}

std::array<int, 3> rgbOf(const std::string& hex) {
  return {std::stoi(hex.substr(1, 2), nullptr, 16), std::stoi(hex.substr(3, 2), nullptr, 16), std::stoi(hex.substr(5, 2), nullptr, 16)};
}

class ReportPictures : public ::testing::Test {
 protected:
  void SetUp() override {
    initDatabase(db());
    // The district is the three squares' union (a 0.12 x 0.04 rectangle).
    std::string boundaries = polygon(R"({"id":"D-1","name":"示范区","level":"district"})",
                         "[[[120.30,36.20],[120.42,36.20],[120.42,36.24],[120.30,36.24],[120.30,36.20]]]");
    const char* names[] = {"西城街道", "中城街道", "东城街道"};
    for (int i = 0; i < 3; ++i)
      boundaries += "," + polygon(R"({"id":"S-)" + std::to_string(i + 1) + R"(","name":")" + names[i] + R"(","level":"subdistrict"})",
                                  square(120.30 + 0.04 * i, 36.20, 0.04));
    writeTextFile(dir / "boundaries.geojson", R"({"type":"FeatureCollection","features":[)" + boundaries + "]}");
    std::string parcels;
    const std::vector<std::pair<std::string, double>> sites{{"W-1", 120.305}, {"W-2", 120.32},  {"M-1", 120.345},
                                                            {"M-2", 120.355}, {"M-3", 120.365}, {"E-1", 120.39}};
    for (const auto& [id, lon] : sites)
      parcels += (parcels.empty() ? "" : ",") + polygon(R"({"id":")" + id + R"(","land_use":"100101","status":"available"})", square(lon, 36.21, 0.004));
    writeTextFile(dir / "parcels.geojson", R"({"type":"FeatureCollection","features":[)" + parcels + "]}");
    for (const char* layer : {"boundaries", "parcels"})
      ASSERT_EQ(runLandbank(db(), {"import", layer, (dir / (std::string(layer) + ".geojson")).string(), "--as-of", "2026-10-31"}).exitCode, 0);
  }

  std::filesystem::path db() const { return dir / "pictures.sqlite"; }
  std::string ok(const std::vector<std::string>& args) {
    std::vector<std::string> full{"--today", "2026-06-15", "--user", "tester"};
    full.insert(full.end(), args.begin(), args.end());
    const CliResult result = runLandbank(db(), full);
    EXPECT_EQ(result.exitCode, 0) << result.err;
    return result.out;
  }
  /// The built executable in a child process, without QT_QPA_PLATFORM or DISPLAY: the library picks
  /// the offscreen platform itself.
  CliResult draw(const std::string& args) {
    TempDir scratch;
    const std::string command = "env -u QT_QPA_PLATFORM -u DISPLAY -u WAYLAND_DISPLAY '" + std::string(LANDBANK_CLI_EXE) + "' --db '" +
                                db().string() + "' --today 2026-06-15 " + args + " >'" + (scratch / "out").string() + "' 2>'" +
                                (scratch / "err").string() + "'";
    const int status = std::system(command.c_str());
    CliResult result;
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = readTextFile(scratch / "out");
    result.err = readTextFile(scratch / "err");
    return result;
  }

  void landProjects() {
    const std::vector<std::pair<std::string, std::string>> landings{{"P-001", "W-1"}, {"P-002", "M-1"}, {"P-003", "M-2"}, {"P-004", "M-3"}};
    for (const auto& [project, parcel] : landings) {
      ok({"project", "add", "--name", "项目" + project, "--sector", "advanced_mfg", "--stage", "signed", "--date", "2026-01-05"});
      ok({"ledger", "move", project, "landed", "--parcel", parcel, "--date", "2026-03-10"});
    }
  }

  TempDir dir;
};

TEST_F(ReportPictures, ChoroplethGivesTheLargestValueTheDarkestClassWhereItLies) {
  landProjects();
  const std::filesystem::path png = dir / "landed.png";
  const CliResult result = draw("report --period 2026 --map landed --size 1200x800 --format json -o '" + png.string() + "'");
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.err, "") << "no Qt chatter on stderr";
  const json drawn = json::parse(result.out);
  // Counts 0, 1, 3: one class per value, light to dark.
  ASSERT_EQ(drawn["classes"].size(), 3u) << drawn.dump();
  std::map<std::string, json> byName;
  for (const json& item : drawn["subdistricts"]) byName[item["name"]] = item;
  EXPECT_EQ(byName["中城街道"]["value"], 3.0);
  EXPECT_EQ(byName["中城街道"]["class"], 2) << "the largest value is in the darkest (last) class";
  EXPECT_EQ(byName["西城街道"]["class"], 1);
  EXPECT_EQ(byName["东城街道"]["value"], 0.0) << "no landing counts as 0, not as missing";
  EXPECT_EQ(byName["东城街道"]["class"], 0);
  const std::string darkest = drawn["classes"][2]["color"], middle = drawn["classes"][1]["color"], lightest = drawn["classes"][0]["color"];
  EXPECT_EQ(byName["中城街道"]["color"], darkest);
  // Darkest means darkest: lower luminance down the classes.
  auto luminance = [](const std::array<int, 3>& c) { return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]; };
  EXPECT_LT(luminance(rgbOf(darkest)), luminance(rgbOf(middle)));
  EXPECT_LT(luminance(rgbOf(middle)), luminance(rgbOf(lightest)));

  // In the picture: each class colour fills a large area, and where it lies follows the map
  // (west 1 class, middle the darkest, east the lightest), by the mean column of its pixels.
  const Raster raster = readPng(png);
  ASSERT_EQ(raster.width, 1200);
  ASSERT_EQ(raster.height, 800);
  std::map<std::string, std::pair<long long, double>> found;  // colour -> (pixels, sum of x)
  for (int y = 0; y < raster.height; ++y)
    for (int x = 0; x < raster.width; ++x)
      for (const std::string& colour : {darkest, middle, lightest})
        if (raster.at(x, y) == rgbOf(colour)) {
          ++found[colour].first;
          found[colour].second += x;
        }
  for (const std::string& colour : {darkest, middle, lightest}) EXPECT_GT(found[colour].first, 20000) << colour;
  auto meanX = [&](const std::string& colour) { return found[colour].second / static_cast<double>(found[colour].first); };
  EXPECT_LT(meanX(middle), meanX(darkest)) << "西城 (1) lies west of 中城 (3)";
  EXPECT_LT(meanX(darkest), meanX(lightest)) << "中城 (3) lies west of 东城 (0)";
}

TEST_F(ReportPictures, ChoroplethSvgWithNoDataAndEnglish) {
  landProjects();
  ok({"ledger", "result", "P-001", "--year", "2026", "--tax", "300"});
  ok({"ledger", "result", "P-002", "--year", "2026", "--tax", "100"});
  const std::filesystem::path svg = dir / "tax.svg";
  const CliResult result = draw("report --period 2026 --map tax_per_mu --format json -o '" + svg.string() + "'");
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const json drawn = json::parse(result.out);
  for (const json& item : drawn["subdistricts"]) {
    if (item["name"] == "东城街道") {
      EXPECT_TRUE(item["value"].is_null()) << "亩均 without land is no data, not 0";
    }
  }
  const std::string text = readTextFile(svg);
  EXPECT_EQ(text.rfind("<?xml", 0), 0u);
  EXPECT_NE(text.find("<svg"), std::string::npos);
  EXPECT_NE(text.find("</svg>"), std::string::npos);
  EXPECT_NE(text.find("亩均税收"), std::string::npos);
  EXPECT_NE(text.find("无数据"), std::string::npos);
  // Qt writes a text run per script: the Chinese words and the date are separate <text> elements.
  EXPECT_NE(text.find("数据截至"), std::string::npos);
  EXPECT_NE(text.find("2026-10-31"), std::string::npos) << "the boundaries' as-of date";
  const CliResult english = draw("--lang en report --period 2026 --map tax_per_mu -o '" + (dir / "tax-en.svg").string() + "'");
  ASSERT_EQ(english.exitCode, 0) << english.err;
  const std::string en = readTextFile(dir / "tax-en.svg");
  EXPECT_NE(en.find("tax per mu by subdistrict"), std::string::npos);
  EXPECT_NE(en.find("no data"), std::string::npos);
}

TEST_F(ReportPictures, BadPictureRequestsAreUsageErrors) {
  EXPECT_EQ(draw("report --period 2026 --map landed").exitCode, 2) << "needs -o";
  EXPECT_EQ(draw("report --period 2026 --map nonsense -o '" + (dir / "x.png").string() + "'").exitCode, 2);
  EXPECT_EQ(draw("report --period 2026 --map landed -o '" + (dir / "x.pdf").string() + "'").exitCode, 2);
  EXPECT_EQ(draw("report --period 2026 --map landed --chart stages -o '" + (dir / "x.png").string() + "'").exitCode, 2);
  EXPECT_EQ(draw("report --period 2026 --map landed --by sector -o '" + (dir / "x.png").string() + "'").exitCode, 2);
  EXPECT_EQ(draw("report --period 2026 -o '" + (dir / "x.png").string() + "'").exitCode, 2) << "a picture needs --map or --chart";
  EXPECT_FALSE(std::filesystem::exists(dir / "x.png"));
}

// Stage histories (today 2026-06-15), counts at each month's end (lead, negotiating, signed):
//   P-001 lead 01-10, negotiating 03-05, signed 05-20     Jan 2 1 0   Feb 3 1 0   Mar 2 2 0
//   P-002 lead 02-01                                       Apr 2 1 0   May 2 0 1   Jun 2 0 1
//   P-003 negotiating 01-20, dropped 04-10 (not counted after)
//   P-004 lead 2025-12-01
TEST_F(ReportPictures, StageChartBarsFollowTheLedger) {
  ok({"project", "add", "--name", "甲", "--sector", "advanced_mfg", "--stage", "lead", "--date", "2026-01-10"});
  ok({"project", "add", "--name", "乙", "--sector", "advanced_mfg", "--stage", "lead", "--date", "2026-02-01"});
  ok({"project", "add", "--name", "丙", "--sector", "advanced_mfg", "--stage", "negotiating", "--date", "2026-01-20"});
  ok({"project", "add", "--name", "丁", "--sector", "advanced_mfg", "--stage", "lead", "--date", "2025-12-01"});
  ok({"ledger", "move", "P-001", "negotiating", "--date", "2026-03-05"});
  ok({"ledger", "move", "P-001", "signed", "--date", "2026-05-20"});
  ok({"ledger", "move", "P-003", "dropped", "--date", "2026-04-10", "--reason", "企业战略调整"});
  const std::vector<std::array<long long, 3>> expected{{2, 1, 0}, {3, 1, 0}, {2, 2, 0}, {2, 1, 0}, {2, 0, 1}, {2, 0, 1}};

  const std::filesystem::path png = dir / "stages.png";
  const CliResult result = draw("report --period 2026 --chart stages --size 1000x600 --format json -o '" + png.string() + "'");
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const json drawn = json::parse(result.out);
  const json& months = drawn["figures"]["months"];
  ASSERT_EQ(months.size(), expected.size()) << "January to June (today is 06-15)";
  for (std::size_t m = 0; m < expected.size(); ++m) {
    EXPECT_EQ(months[m]["counts"]["lead"], expected[m][0]) << m;
    EXPECT_EQ(months[m]["counts"]["negotiating"], expected[m][1]) << m;
    EXPECT_EQ(months[m]["counts"]["signed"], expected[m][2]) << m;
    EXPECT_EQ(months[m]["counts"]["landed"], 0) << m;
  }
  EXPECT_EQ(months[5]["counted_on"], "2026-06-15");

  const Raster raster = readPng(png);
  ASSERT_EQ(raster.width, 1000);
  std::vector<std::array<int, 3>> stageColours;
  for (const json& stage : drawn["stages"]) stageColours.push_back(rgbOf(stage["color"]));
  auto stageAt = [&](int x, int y) -> int {
    for (std::size_t s = 0; s < stageColours.size(); ++s)
      if (raster.at(x, y) == stageColours[s]) return static_cast<int>(s);
    return -1;
  };
  const json& bars = drawn["bars"];
  ASSERT_EQ(bars.size(), expected.size());
  const int baseline = bars[0]["baseline"];
  // Independently of the positions reported: the row just above the axis crosses six bars.
  int runs = 0;
  for (int x = 1; x < raster.width; ++x)
    if (stageAt(x, baseline - 2) >= 0 && stageAt(x - 1, baseline - 2) < 0) ++runs;
  EXPECT_EQ(runs, 6);
  // Each bar's column: the pixels of each stage's colour are its count times the scale (within the
  // rounding of one pixel), stacked lead first; the tallest bar (February, 4) is 4/3 of a 3.
  const double scale = drawn["pixels_per_project"];
  std::vector<int> heights;
  for (std::size_t m = 0; m < expected.size(); ++m) {
    const int x = bars[m]["left"].get<int>() + bars[m]["width"].get<int>() / 2;
    std::array<int, 6> pixels{};
    int y = baseline - 1;
    for (; y >= 0 && stageAt(x, y) >= 0; --y) ++pixels[static_cast<std::size_t>(stageAt(x, y))];
    heights.push_back(baseline - 1 - y);
    for (std::size_t s = 0; s < 3; ++s) EXPECT_NEAR(pixels[s], static_cast<double>(expected[m][s]) * scale, 1.0) << "month " << m << " stage " << s;
    for (std::size_t s = 3; s < 6; ++s) EXPECT_EQ(pixels[s], 0);
    // Lead sits at the bottom of the stack.
    if (expected[m][0] > 0) {
      EXPECT_EQ(stageAt(x, baseline - 1), 0);
    }
  }
  EXPECT_NEAR(static_cast<double>(heights[1]) / heights[0], 4.0 / 3.0, 0.02);
  EXPECT_EQ(heights[3], heights[4]) << "April and May both hold three projects";

  // SVG and English too.
  const CliResult svg = draw("--lang en report --period 2026-06 --chart stages -o '" + (dir / "stages.svg").string() + "'");
  ASSERT_EQ(svg.exitCode, 0) << svg.err;
  const std::string text = readTextFile(dir / "stages.svg");
  EXPECT_NE(text.find("Projects by stage at month end"), std::string::npos);
  EXPECT_NE(text.find("negotiating"), std::string::npos);
}

}  // namespace
