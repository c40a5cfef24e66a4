// The one output layer of the listings and match (formats, -o, CSV safety, round trips), tables in
// the planner's language with totals and --group-by, Chinese input, and the option checks.
// Runs on the bundled sample (real commands, real data) and on small files whose answers are known.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "landbank/code_labels.h"
#include "landbank/layers.h"
#include "output.h"
#include "test_support.h"

using namespace landbank::test;
using nlohmann::json;

namespace {

class Listing : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new TempDir;
    const CliResult result = runLandbank(*s_dir / "sample.sqlite", {"init", "--sample"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
  }
  static void TearDownTestSuite() { delete s_dir; }
  static std::filesystem::path db() { return *s_dir / "sample.sqlite"; }
  static CliResult run(const std::vector<std::string>& args) { return runLandbank(db(), args); }
  static TempDir* s_dir;
};
TempDir* Listing::s_dir = nullptr;

const char* const kListings[] = {"parcels", "buildings", "parks", "facilities", "constraints", "projects", "boundaries", "roads", "water", "places"};

TEST_F(Listing, EveryListingWritesEveryFormatAndFollowsTheExtension) {
  for (const char* listing : kListings) {
    for (const char* format : {"json", "csv", "geojson", "table"}) {
      const CliResult result = run({listing, "--format", format, "--limit", "3"});
      ASSERT_EQ(result.exitCode, 0) << listing << " " << format << ": " << result.err;
      if (std::string(format) == "json") {
        EXPECT_TRUE(json::parse(result.out).is_array()) << listing;
      } else if (std::string(format) == "geojson") {
        EXPECT_EQ(json::parse(result.out).at("type"), "FeatureCollection") << listing;
      } else if (std::string(format) == "csv") {
        EXPECT_EQ(result.out.rfind("id,", 0), 0u) << listing << ": " << result.out.substr(0, 80);
      }
    }
    TempDir out;
    const CliResult toCsv = run({listing, "--limit", "2", "-o", (out / "x.csv").string()});
    ASSERT_EQ(toCsv.exitCode, 0) << toCsv.err;
    EXPECT_EQ(readTextFile(out / "x.csv").rfind("id,", 0), 0u) << listing;
    ASSERT_EQ(run({listing, "--limit", "2", "-o", (out / "x.geojson").string()}).exitCode, 0);
    EXPECT_EQ(json::parse(readTextFile(out / "x.geojson")).at("type"), "FeatureCollection");
  }
}

TEST_F(Listing, MismatchedOrUnwritableFormatsAreRefusedNamingWhatCanBeWritten) {
  TempDir out;
  const CliResult kml = run({"parcels", "-o", (out / "out.kml").string()});
  EXPECT_EQ(kml.exitCode, 2);
  EXPECT_NE(kml.err.find("table, json, csv, geojson"), std::string::npos) << kml.err;
  EXPECT_FALSE(std::filesystem::exists(out / "out.kml"));
  const CliResult mismatch = run({"projects", "--format", "csv", "-o", (out / "x.json").string()});
  EXPECT_EQ(mismatch.exitCode, 2);
  EXPECT_FALSE(std::filesystem::exists(out / "x.json"));
  const CliResult show = run({"parcel", "show", "CY-0001", "--format", "csv"});
  EXPECT_EQ(show.exitCode, 2);
  EXPECT_NE(show.err.find("table, json"), std::string::npos) << show.err;
  EXPECT_EQ(run({"parcels", "--format", "kml"}).exitCode, 2);
  // projects --format csv used to print JSON
  const CliResult projects = run({"projects", "--format", "csv"});
  ASSERT_EQ(projects.exitCode, 0);
  EXPECT_EQ(projects.out.rfind("id,name,", 0), 0u) << projects.out.substr(0, 80);
}

TEST_F(Listing, MatchWritesEveryFormat) {
  const json projects = json::parse(run({"projects", "--format", "json"}).out);
  const std::string project = projects.at(0).at("id");
  const CliResult asJson = run({"match", project, "--format", "json", "--top", "3"});
  ASSERT_EQ(asJson.exitCode, 0) << asJson.err;
  const json expected = json::parse(asJson.out);
  const CliResult csv = run({"match", project, "--format", "csv", "--top", "3"});
  ASSERT_EQ(csv.exitCode, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("project,rank,kind,id,", 0), 0u);
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 1 + static_cast<long>(expected.at("candidates").size()));
  const CliResult geojson = run({"match", project, "--format", "geojson", "--top", "3"});
  ASSERT_EQ(geojson.exitCode, 0) << geojson.err;
  const json collection = json::parse(geojson.out);
  ASSERT_EQ(collection.at("features").size(), expected.at("candidates").size());
  if (!expected.at("candidates").empty()) {
    EXPECT_EQ(collection["features"][0]["geometry"]["coordinates"], expected["candidates"][0]["centroid"]);
  }
  TempDir out;
  EXPECT_EQ(run({"match", project, "-o", (out / "m.kml").string()}).exitCode, 2);
  EXPECT_EQ(run({"match", project, "--why", "CY-0001", "--format", "csv"}).exitCode, 2);
}

TEST_F(Listing, ProjectsWrittenAsGeoJsonOrCsvImportBackUnchanged) {
  const json original = json::parse(run({"projects", "--format", "json"}).out);
  for (const char* extension : {"geojson", "csv"}) {
    TempDir dir;
    const auto file = dir / (std::string("projects.") + extension);
    ASSERT_EQ(run({"projects", "-o", file.string()}).exitCode, 0);
    const auto copy = dir / "copy.sqlite";
    initDatabase(copy);
    const CliResult imported = runLandbank(copy, {"import", "projects", file.string()});
    ASSERT_EQ(imported.exitCode, 0) << extension << ": " << imported.err;
    json back = json::parse(runLandbank(copy, {"projects", "--format", "json"}).out);
    ASSERT_EQ(back.size(), original.size()) << extension;
    for (std::size_t i = 0; i < back.size(); ++i) EXPECT_EQ(back[i], original[i]) << extension << " row " << i;
  }
}

TEST_F(Listing, CsvTextCellsThatASpreadsheetWouldRunAreNeutralised) {
  TempDir dir;
  const auto scene = dir / "scene.sqlite";
  initDatabase(scene);
  writeTextFile(dir / "projects.csv",
                "id,name,sector,enterprise,investment_wan\n"
                "P1,=HYPERLINK(1),advanced_mfg,@SUM(A1),12.5\n"
                "P2,-2+3,advanced_mfg,+cmd,0\n");
  ASSERT_EQ(runLandbank(scene, {"import", "projects", (dir / "projects.csv").string()}).exitCode, 0);
  const CliResult csv = runLandbank(scene, {"projects", "--format", "csv"});
  ASSERT_EQ(csv.exitCode, 0) << csv.err;
  EXPECT_NE(csv.out.find("P1,'=HYPERLINK(1),'@SUM(A1)"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("'@SUM(A1)"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("P2,'-2+3"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("'+cmd"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find(",12.5,"), std::string::npos) << csv.out;  // numbers stay numbers
}

TEST_F(Listing, TablesEndWithTotalsAndGroupByCountsAndSums) {
  const json parcels = json::parse(run({"parcels", "--status", "reserved", "--format", "json"}).out);
  double area = 0;
  for (const json& p : parcels) area += p.at("area_m2").get<double>();
  const CliResult table = run({"parcels", "--status", "储备", "--format", "table"});
  ASSERT_EQ(table.exitCode, 0) << table.err;
  char mu[64];
  std::snprintf(mu, sizeof mu, "%.1f", area / (10000.0 / 15.0));
  std::string muText = mu;  // add the thousands separators the table prints
  for (int at = static_cast<int>(muText.find('.')) - 3; at > 0; at -= 3) muText.insert(static_cast<std::size_t>(at), ",");
  EXPECT_NE(table.out.find(std::to_string(parcels.size()) + " 个地块，合计 " + muText + " 亩"), std::string::npos) << table.out.substr(table.out.size() - 200);
  const CliResult english = run({"--lang", "en", "parcels", "--status", "reserved", "--format", "table"});
  EXPECT_NE(english.out.find(std::to_string(parcels.size()) + " parcels, " + muText + " mu"), std::string::npos);

  const CliResult groups = run({"parcels", "--group-by", "subdistrict", "--status", "reserved", "--format", "json"});
  ASSERT_EQ(groups.exitCode, 0) << groups.err;
  std::map<std::string, std::pair<std::size_t, double>> expected;
  for (const json& p : parcels) {
    auto& [count, sum] = expected[p.value("subdistrict", "")];
    ++count;
    sum += p.at("area_m2").get<double>();
  }
  const json rows = json::parse(groups.out);
  ASSERT_EQ(rows.size(), expected.size());
  for (const json& row : rows) {
    const auto& [count, sum] = expected.at(row.at("subdistrict").get<std::string>());
    EXPECT_EQ(row.at("count"), count);
    EXPECT_NEAR(row.at("area_m2").get<double>(), sum, 0.05 * static_cast<double>(count));
  }
  const CliResult byClass = run({"parcels", "--group-by", "land_use_class", "--format", "table"});
  ASSERT_EQ(byClass.exitCode, 0);
  EXPECT_NE(byClass.out.find("1001 工业用地"), std::string::npos);
  EXPECT_EQ(run({"parcels", "--group-by", "colour"}).exitCode, 2);
  const CliResult buildings = run({"buildings", "--format", "table"});
  EXPECT_NE(buildings.out.find("空置面积合计"), std::string::npos);
  const CliResult park = run({"park", "show", json::parse(run({"parks", "--format", "json"}).out).at(0).at("id"), "--format", "table"});
  ASSERT_EQ(park.exitCode, 0) << park.err;
  EXPECT_NE(park.out.find("园区内载体"), std::string::npos);
  EXPECT_NE(park.out.find("园区内地块（按状态）"), std::string::npos);
}

// Every code of every list and every canonical field name, as a whole word: none may appear in a
// Chinese table. Ids, numbers, units and names are not codes and are allowed.
std::set<std::string> englishCodes() {
  using namespace landbank;
  std::set<std::string> words;
  for (CodeList list : {CodeList::ParcelStatus, CodeList::BuildingType, CodeList::ConstraintType, CodeList::ConstraintEffect,
                        CodeList::FacilityType, CodeList::Sector, CodeList::Tier, CodeList::Origin, CodeList::Stage, CodeList::Rule,
                        CodeList::Subsector})
    for (std::string_view code : codesOf(list)) words.emplace(code);
  for (const LayerSpec& layer : allLayerSpecs())
    for (const FieldSpec& field : layer.fields) words.emplace(field.name);
  for (const char* derived : {"area_m2", "area_mu", "distance_m", "highway_exit_distance", "area_fit", "floor_fit", "supply_chain"})
    words.emplace(derived);
  // Layer names and the English headers tables printed before they followed the language (info,
  // project list, audit list, the ledger's views, report).
  for (const LayerSpec& layer : allLayerSpecs()) words.emplace(layerName(layer.layer));
  for (const char* header : {"layer", "extent", "imported", "database", "schema", "seq", "action", "feature", "detail", "group", "introduced",
                             "committed_investment_wan", "problems_opened", "days", "since", "kind", "what", "parcel",
                             "score", "dimension", "indicator", "threshold", "verdict", "rank", "note"})
    words.emplace(header);
  return words;
}

std::vector<std::string> englishCodesIn(const std::string& text, const std::set<std::string>& codes) {
  std::vector<std::string> found;
  static const std::regex word("[A-Za-z_][A-Za-z_0-9]*");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), word); it != std::sregex_iterator(); ++it)
    if (codes.count(it->str())) found.push_back(it->str());
  return found;
}

// Strict UTF-8 (a table that cuts a cell inside a character prints mojibake).
bool validUtf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    i += length;
  }
  return true;
}

TEST_F(Listing, ChineseTablesShowNoEnglishCodeOrHeader) {
  const json projects = json::parse(run({"projects", "--format", "json"}).out);
  const std::string project = projects.at(0).at("id");
  const std::string parcel = json::parse(run({"parcels", "--format", "json", "--limit", "1"}).out).at(0).at("id");
  const std::string building = json::parse(run({"buildings", "--format", "json", "--limit", "1"}).out).at(0).at("id");
  const std::string park = json::parse(run({"parks", "--format", "json", "--limit", "1"}).out).at(0).at("id");
  const std::set<std::string> codes = englishCodes();
  std::vector<std::vector<std::string>> commands = {
      {"parcels", "--limit", "30"}, {"buildings", "--limit", "30"}, {"parks"}, {"facilities"}, {"constraints"}, {"projects"}, {"boundaries"},
      {"parcels", "--group-by", "status"}, {"projects", "--group-by", "stage"}, {"parcel", "show", parcel}, {"building", "show", building},
      {"park", "show", park}, {"match", project, "--top", "5"}, {"match", project, "--why", parcel}, {"match", "--parcel", parcel}, {"rules", "show"},
      {"info"}, {"project", "list"}, {"project", "show", project}, {"ledger", "show", project}, {"ledger", "list"}, {"ledger", "overdue"},
      {"report", "--period", "2026"}, {"report", "--period", "2026", "--by", "sector"}, {"audit", "list", "--limit", "30"},
      {"evaluate", project}, {"allocate", "--seconds", "10", "--no-baseline"}};
  // Evaluation of several projects: their subsectors and missing inputs are named by label.
  for (std::size_t i = 1; i < std::min<std::size_t>(projects.size(), 6); ++i) commands.push_back({"evaluate", projects.at(i).at("id")});
  for (std::vector<std::string> command : commands) {
    command.insert(command.end(), {"--format", "table"});
    const CliResult result = run(command);
    ASSERT_EQ(result.exitCode, 0) << command.front() << ": " << result.err;
    std::string printed;
    for (const std::string& arg : command) printed += arg + " ";
    // The rule pack's parameters are quoted as its own compact JSON (`rules show`): not table text.
    const std::vector<std::string> found = englishCodesIn(std::regex_replace(result.out, std::regex("\\{[^ ]*"), ""), codes);
    std::string list;
    for (const std::string& code : found) list += code + " ";
    EXPECT_TRUE(found.empty()) << printed << "shows " << list << "\n" << result.out.substr(0, 3000);
    EXPECT_TRUE(validUtf8(result.out)) << printed << "prints broken UTF-8";
  }
}

TEST_F(Listing, ChineseInputReachesTheCodes) {
  EXPECT_EQ(run({"parcels", "--status", "储备,可供应", "--format", "json"}).out,
            run({"parcels", "--status", "reserved,available", "--format", "json"}).out);
  EXPECT_EQ(run({"parcels", "--use", "工业", "--format", "json"}).out, run({"parcels", "--use", "1001", "--format", "json"}).out);
  EXPECT_EQ(run({"facilities", "--type", "高速出入口", "--format", "json"}).out,
            run({"facilities", "--type", "highway_exit", "--format", "json"}).out);
  EXPECT_EQ(run({"projects", "--stage", "洽谈", "--format", "json"}).out, run({"projects", "--stage", "negotiating", "--format", "json"}).out);
  const CliResult refused = run({"parcels", "--status", "spare"});
  EXPECT_EQ(refused.exitCode, 2);
  EXPECT_NE(refused.err.find("reserved (储备)"), std::string::npos) << refused.err;
  EXPECT_EQ(run({"parcels", "--use", "飞行"}).exitCode, 2);
}

TEST_F(Listing, SubdistrictWithoutSuffixMatchesAndAnUnknownOneGetsAHint) {
  const json boundaries = json::parse(run({"boundaries", "--format", "json"}).out);
  std::string subdistrict;
  for (const json& b : boundaries)
    if (b.at("level") == "subdistrict" && b.at("name").get<std::string>().ends_with("街道")) subdistrict = b.at("name");
  ASSERT_FALSE(subdistrict.empty());
  const std::string stem = subdistrict.substr(0, subdistrict.size() - std::string("街道").size());
  const CliResult full = run({"parcels", "--subdistrict", subdistrict, "--format", "json"});
  const CliResult bare = run({"parcels", "--subdistrict", stem, "--format", "json"});
  ASSERT_EQ(bare.exitCode, 0);
  EXPECT_EQ(bare.out, full.out);
  EXPECT_GT(json::parse(full.out).size(), 0u);
  EXPECT_EQ(bare.err, "");
  const std::string typo = stem.substr(0, 6);  // the first two characters
  const CliResult hinted = run({"parcels", "--subdistrict", typo + "X", "--format", "json"});
  EXPECT_EQ(hinted.exitCode, 0);
  EXPECT_NE(hinted.err.find(subdistrict), std::string::npos) << hinted.err;
}

TEST_F(Listing, TheSampleUsesTodaysDistrictNames) {
  std::set<std::string> names;
  for (const json& b : json::parse(run({"boundaries", "--format", "json"}).out)) names.insert(b.at("name").get<std::string>());
  EXPECT_TRUE(names.count("即墨区"));
  EXPECT_FALSE(names.count("即墨市"));
  EXPECT_TRUE(names.count("城阳区"));
}

TEST_F(Listing, QueryOptionsWithImpossibleValuesAreUsageErrors) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"parcels", "--crs", "foo", "--at", "1,2"},
           {"parcels", "--nearest", "-1", "--at", "120.3,36.3"},
           {"parcels", "--limit", "-1"},
           {"parcels", "--min-area", ""},
           {"projects", "--limit", "-1"},
           {"buildings", "--nearest", "-2", "--at", "120.3,36.3"}}) {
    const CliResult result = run(args);
    EXPECT_EQ(result.exitCode, 2) << args[1] << " " << args[2] << ": " << result.err;
  }
}

}  // namespace

namespace {

std::string projectsGeoJson(const std::string& near, const std::string& landMin) {
  return R"({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": {"id": "P1", "name": "零部件项目", "sector": "advanced_mfg", "near": ")" +
         near + R"(", "land_min_m2": ")" + landMin + R"("}}]})";
}

TEST(NearAtImport, AMisspelledFacilityTypeIsRefusedNamingFeatureAndFieldAndNothingIsStored) {
  TempDir dir;
  const auto db = dir / "p.sqlite";
  initDatabase(db);
  const std::string before = databaseFingerprint(db);
  for (const std::string near : {"highwayexit<=3000", "highway_exit=3000", "highway_exit<=far", "port<=30000;metro"}) {
    writeTextFile(dir / "projects.geojson", projectsGeoJson(near, "30000"));
    const CliResult result = runLandbank(db, {"import", "projects", (dir / "projects.geojson").string()});
    EXPECT_EQ(result.exitCode, 1) << near;
    EXPECT_NE(result.err.find("要素 'P1'"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("字段 'near'"), std::string::npos) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_EQ(databaseFingerprint(db), before) << near;
  }
  writeTextFile(dir / "projects.geojson", projectsGeoJson("highwayexit<=3000", "30000"));
  EXPECT_NE(runLandbank(db, {"import", "projects", (dir / "projects.geojson").string()}).err.find("highway_exit (高速出入口)"), std::string::npos);
}

TEST(NearAtImport, LabelsAndUnitsAreStoredAsCodesAndMetres) {
  TempDir dir;
  const auto db = dir / "p.sqlite";
  initDatabase(db);
  writeTextFile(dir / "projects.geojson", projectsGeoJson("高速出入口<=3km；港口≤30公里", "80亩"));
  const CliResult result = runLandbank(db, {"import", "projects", (dir / "projects.geojson").string()});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const json project = json::parse(runLandbank(db, {"projects", "--format", "json"}).out).at(0);
  EXPECT_EQ(project.at("near"), "highway_exit<=3000;port<=30000");
  EXPECT_NEAR(project.at("land_min_m2").get<double>(), 80 * 10000.0 / 15.0, 1e-6);
}

// A "-" for a missing number keeps a column of numbers right-aligned (report's 平均办结天数).
TEST(PrintTable, MissingNumbersKeepTheColumnRightAligned) {
  std::ostringstream out;
  landbank::cli::printTable(out, {"分组", "平均办结天数"}, {{"区自然资源局", "27.2"}, {"区市场监督管理局", "-"}, {"合计", "127.3"}});
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 5u) << out.str();
  // Right-aligned: every data line ends at the same display column, the "-" under the numbers' last digit.
  for (std::size_t i = 2; i < lines.size(); ++i) EXPECT_EQ(landbank::cli::displayWidth(lines[i]), landbank::cli::displayWidth(lines[2])) << lines[i];
  EXPECT_EQ(lines[3].back(), '-');
  // A column with a word in it stays left-aligned.
  std::ostringstream text;
  landbank::cli::printTable(text, {"a", "b"}, {{"x", "12"}, {"y", "n/a"}});
  EXPECT_NE(text.str().find("\nx  12\n"), std::string::npos) << text.str();
}

}  // namespace
