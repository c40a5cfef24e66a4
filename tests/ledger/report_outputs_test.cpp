// The report as a workbook (read back with ogrinfo), and the report and the grade using one rule
// for floor space.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "landbank/rulepack.h"
#include "ledger_scene.h"

using namespace landbank::test;
using nlohmann::json;

namespace {

/// Output of a shell command (stdout).
std::string capture(const std::string& command) {
  std::string text;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return text;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) text.append(buffer, n);
  ::pclose(pipe);
  return text;
}

/// One sheet of `ogrinfo -al` output: per feature, field name -> (type, value text).
struct Cell {
  std::string type, value;
};
using Sheet = std::vector<std::map<std::string, Cell>>;

std::map<std::string, Sheet> readWithOgrinfo(const std::filesystem::path& xlsx) {
  // GDAL's own reader (ogrinfo), not landbank's: what a spreadsheet user's tools see.
  const std::string text = capture("ogrinfo -ro -al '" + xlsx.string() + "' 2>&1");
  std::map<std::string, Sheet> sheets;
  std::string sheet;
  std::istringstream lines(text);
  std::string line;
  const std::regex layerName("^Layer name: (.*)$"), feature("^OGRFeature\\((.*)\\):\\d+$"), field("^  (.+) \\((\\w+)\\) = (.*)$");
  std::smatch match;
  while (std::getline(lines, line)) {
    if (std::regex_match(line, match, layerName)) {
      sheet = match[1];
      sheets[sheet];
    } else if (std::regex_match(line, match, feature)) {
      sheets[match[1]].emplace_back();
      sheet = match[1];
    } else if (!sheet.empty() && !sheets[sheet].empty() && std::regex_match(line, match, field)) {
      sheets[sheet].back()[match[1]] = Cell{match[2], match[3]};
    }
  }
  return sheets;
}

// The month of TotalsEqualSumsOverTheLedgerBySql (follow_through_test.cpp), as a workbook.
void fillNovember(const LedgerScene& scene) {
  for (const char* project : {"P-001", "P-002", "P-003"}) {
    scene.ok({"ledger", "move", project, "negotiating", "--date", "2026-10-05"});
    scene.ok({"ledger", "move", project, "signed", "--date", "2026-11-03"});
  }
  scene.ok({"ledger", "commit", "P-001", "--investment", "20000", "--tax", "500"});
  scene.ok({"ledger", "commit", "P-002", "--investment", "8000"});
  scene.ok({"ledger", "move", "P-001", "landed", "--parcel", "CY-1", "--date", "2026-11-20"});
  scene.ok({"ledger", "move", "P-003", "landed", "--building", "B-1", "--date", "2026-11-21"});
  scene.ok({"ledger", "result", "P-001", "--year", "2026", "--investment", "6000", "--tax", "120", "--output", "3000"});
  scene.ok({"ledger", "result", "P-003", "--year", "2026", "--investment", "800", "--tax", "30"});
  scene.ok({"ledger", "problem", "add", "P-001", "a", "--category", "land", "--dept", "自然资源局", "--date", "2026-11-02", "--due", "2026-11-10"});
  scene.ok({"ledger", "problem", "add", "P-002", "b", "--category", "approval", "--dept", "行政审批局", "--date", "2026-11-05", "--due", "2026-12-20"});
  scene.ok({"ledger", "problem", "resolve", "PB-0002", "--date", "2026-11-15"});
}

TEST(ReportWorkbook, OneSheetPerGroupingNumbersAsNumbersChineseHeadersAndTotalsEqualSql) {
  LedgerScene scene;
  fillNovember(scene);
  const std::filesystem::path xlsx = scene.file("月报.xlsx");
  const std::string said = scene.ok({"report", "--period", "2026-11", "--format", "xlsx", "-o", xlsx.string()});
  EXPECT_NE(said.find("7"), std::string::npos) << said;
  const auto sheets = readWithOgrinfo(xlsx);
  for (const char* name : {"合计", "按街道", "按产业", "按来源地", "按企业层级", "按部门", "按阶段"}) EXPECT_TRUE(sheets.count(name)) << name;
  ASSERT_EQ(sheets.at("合计").size(), 1u);
  const auto& total = sheets.at("合计")[0];
  const std::string range = " BETWEEN '2026-11-01' AND '2026-11-30'";
  EXPECT_EQ(total.at("分组").value, "合计");
  EXPECT_EQ(total.at("签约").type, "Integer");
  EXPECT_EQ(std::stoll(total.at("签约").value),
            scene.sqlInt("SELECT count(DISTINCT project_id) FROM ledger_stage_history WHERE to_stage = 'signed' AND on_date" + range));
  EXPECT_EQ(std::stoll(total.at("落地").value),
            scene.sqlInt("SELECT count(DISTINCT project_id) FROM ledger_stage_history WHERE to_stage = 'landed' AND on_date" + range));
  // XLSX cells hold numbers, not types: a whole amount reads back as Integer, never as String.
  EXPECT_NE(total.at("签约投资(万元)").type, "String");
  EXPECT_EQ(total.at("供地(亩)").type, "Real");
  EXPECT_NEAR(std::stod(total.at("签约投资(万元)").value), scene.sqlDouble("SELECT sum(investment_wan) FROM ledger_commitments"), 1e-6);
  EXPECT_NEAR(std::stod(total.at("完成投资(万元)").value), scene.sqlDouble("SELECT sum(investment_wan) FROM ledger_results WHERE year = 2026"), 1e-6);
  EXPECT_NEAR(std::stod(total.at("供地(亩)").value),
              scene.sqlDouble("SELECT sum(p.area_mu) FROM ledger_stage_history h JOIN parcels p ON p.id = h.site_id WHERE h.to_stage = 'landed' AND h.on_date" + range),
              1e-6);
  EXPECT_EQ(std::stoll(total.at("新增问题").value), scene.sqlInt("SELECT count(*) FROM ledger_problems WHERE opened_on" + range));
  // The department sheet: one row per department plus the total, problem figures only.
  const Sheet& byDept = sheets.at("按部门");
  ASSERT_EQ(byDept.size(), 3u);
  EXPECT_FALSE(byDept[0].count("签约"));
  bool found = false;
  for (const auto& row : byDept) found = found || row.at("分组").value == "自然资源局";
  EXPECT_TRUE(found);

  // --by gives that table alone; English headers with --lang en.
  const std::filesystem::path single = scene.file("by-stage.xlsx");
  scene.ok({"--lang", "en", "report", "--period", "2026-11", "--by", "stage", "--format", "xlsx", "-o", single.string()});
  const auto english = readWithOgrinfo(single);
  ASSERT_EQ(english.size(), 1u);
  ASSERT_TRUE(english.count("by stage"));
  EXPECT_EQ(english.at("by stage").back().at("group").value, "total");
  // Written atomically over an old file; never onto the database; xlsx needs -o.
  scene.ok({"report", "--period", "2026-11", "-o", xlsx.string()});  // the extension says xlsx
  EXPECT_EQ(readWithOgrinfo(xlsx).size(), 7u);
  EXPECT_EQ(scene.run({"report", "--period", "2026-11", "--format", "xlsx"}).exitCode, 2);
  // A period of the right shape that names no real month is a usage error too.
  for (const char* bad : {"2026-13", "2026-00", "20x6", "2026-1x"}) EXPECT_EQ(scene.run({"report", "--period", bad}).exitCode, 2) << bad;
  const CliResult ontoDb = scene.run({"report", "--period", "2026-11", "--format", "xlsx", "-o", scene.db().string()});
  EXPECT_NE(ontoDb.exitCode, 0);
  EXPECT_EQ(scene.sqlInt("SELECT count(*) FROM projects"), 3) << "the database is intact";
}

TEST(ReportRules, FloorSpaceCountsAsLandAtTheRulePacksFarInTheReportAndTheGrade) {
  LedgerScene scene;
  fillNovember(scene);
  // A rule pack whose equivalent FAR is 4 instead of 2: P-003's 2,000 m² in B-1 is 0.75 亩.
  json pack;
  std::ifstream(landbank::RulePack::bundledPath()) >> pack;
  bool changed = false;
  std::function<void(json&)> setFar = [&](json& node) {
    if (node.is_object()) {
      for (auto& [key, value] : node.items()) {
        if (key == "floor_project_equivalent_far" && value.is_object() && value.contains("value")) {
          value["value"] = 4.0;
          changed = true;
        } else {
          setFar(value);
        }
      }
    } else if (node.is_array()) {
      for (json& item : node) setFar(item);
    }
  };
  setFar(pack);
  ASSERT_TRUE(changed);
  writeTextFile(scene.file("far4.json"), pack.dump(2));
  const double cy1 = scene.sqlDouble("SELECT area_mu FROM parcels WHERE id = 'CY-1'");
  const json bundled = json::parse(scene.ok({"report", "--period", "2026-11", "--format", "json"}));
  EXPECT_NEAR(bundled["total"]["result_land_mu"].get<double>(), cy1 + 1.5, 1e-9);
  const json far4 = json::parse(scene.ok({"report", "--period", "2026-11", "--format", "json", "--rules", scene.file("far4.json").string()}));
  EXPECT_NEAR(far4["total"]["result_land_mu"].get<double>(), cy1 + 0.75, 1e-9);
  EXPECT_NEAR(far4["total"]["tax_per_mu"].get<double>(), 150.0 / (cy1 + 0.75), 1e-9);
  const json grade = json::parse(scene.ok({"ledger", "grade", "P-003", "--year", "2026", "--format", "json", "--rules", scene.file("far4.json").string()}));
  const json& first = grade.is_array() ? grade[0] : grade;
  EXPECT_NEAR(first["land_mu"].get<double>(), 0.75, 1e-9) << "the grade and the report read the same rule";
}

}  // namespace
