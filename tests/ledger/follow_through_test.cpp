// The arithmetic of the follow-through grade on hand-made figures (the bundled rule pack's
// benchmarks: tax 30 万元/亩, output 600 万元/亩, energy 0.05 tce/万元, investment 300 万元/亩,
// jobs 1.5 /亩; weights 0.40/0.25/0.15/0.10/0.10; cap 1.2; A >= 90, B >= 70, C >= 50), the stage
// machine's rule table, and the report's totals against SQL.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "landbank/error.h"
#include "landbank/follow_through.h"
#include "landbank/ledger.h"
#include "landbank/rulepack.h"
#include "ledger_scene.h"

using namespace landbank;
using namespace landbank::test;
using nlohmann::json;

namespace {

FollowThroughInput onlyTax(double landMu, double taxWan) {
  FollowThroughInput input;
  input.projectId = "T";
  input.year = 2026;
  input.landMu = landMu;
  input.result.taxWan = taxWan;
  return input;
}

const FollowThroughIndicator& indicator(const FollowThroughGrade& grade, const std::string& name) {
  for (const FollowThroughIndicator& i : grade.indicators)
    if (i.name == name) return i;
  throw std::runtime_error("no indicator " + name);
}

TEST(FollowThrough, IndicatorsPerMuOfOccupiedLand) {
  const RulePack rules = RulePack::load(RulePack::bundledPath());
  FollowThroughInput input;
  input.landMu = 50;
  input.result.taxWan = 1500;        // 30 万元/亩: the benchmark
  input.result.outputWan = 30000;    // 600 万元/亩
  input.result.energyTce = 1500;     // 0.05 tce/万元
  input.result.jobs = 75;            // 1.5 /亩
  input.cumulativeInvestmentWan = 15000;  // 300 万元/亩
  const FollowThroughGrade grade = gradeFollowThrough(rules, input, Language::English);
  EXPECT_DOUBLE_EQ(*indicator(grade, "tax_per_mu").value, 30.0);
  EXPECT_DOUBLE_EQ(*indicator(grade, "output_per_mu").value, 600.0);
  EXPECT_DOUBLE_EQ(*indicator(grade, "energy_per_output").value, 0.05);
  EXPECT_DOUBLE_EQ(*indicator(grade, "jobs_per_mu").value, 1.5);
  EXPECT_DOUBLE_EQ(*indicator(grade, "investment_intensity").value, 300.0);
  ASSERT_TRUE(grade.score);
  EXPECT_NEAR(*grade.score, 100.0, 1e-9);  // every indicator at its benchmark
  EXPECT_EQ(grade.grade, "A");
  // Halving the energy per output doubles that ratio, capped at 1.2: 100 + 100 * 0.15 * 0.2 = 103.
  input.result.energyTce = 750;
  EXPECT_NEAR(*gradeFollowThrough(rules, input, Language::English).score, 103.0, 1e-9);
}

TEST(FollowThrough, GradesLandOnEachBandAndEachBoundary) {
  const RulePack rules = RulePack::load(RulePack::bundledPath());
  // Tax alone on 10 亩: score = 100 * (tax / 10) / 30.
  const std::vector<std::pair<double, std::string>> cases{
      {400, "A"}, {270, "A"}, {269.7, "B"}, {210, "B"}, {209.7, "C"}, {150, "C"}, {149.7, "D"}, {0, "D"}};
  for (const auto& [tax, expected] : cases) {
    const FollowThroughGrade grade = gradeFollowThrough(rules, onlyTax(10, tax), Language::Chinese);
    EXPECT_EQ(grade.grade, expected) << "tax " << tax << " score " << grade.score.value_or(-1);
  }
  EXPECT_NEAR(*gradeFollowThrough(rules, onlyTax(10, 400), Language::Chinese).score, 120.0, 1e-9) << "capped at 1.2";
  EXPECT_EQ(gradeFollowThrough(rules, onlyTax(10, 270), Language::Chinese).gradeLabel, "优先发展");
  // No land on record: not graded.
  FollowThroughInput noLand = onlyTax(10, 300);
  noLand.landMu.reset();
  EXPECT_TRUE(gradeFollowThrough(rules, noLand, Language::English).grade.empty());
}

TEST(FollowThrough, DeliveryRatiosAndShortfallsNamedByClause) {
  const RulePack rules = RulePack::load(RulePack::bundledPath());
  FollowThroughInput input = onlyTax(20, 320);
  input.result.outputWan = 9500;
  input.result.energyTce = 600;
  input.cumulativeInvestmentWan = 18000;
  Commitments promised;
  promised.taxWan = 500;
  promised.outputWan = 10000;
  promised.investmentWan = 20000;
  promised.energyTce = 500;
  promised.jobs = 100;
  promised.clauses["tax_wan"] = "第六条";
  input.commitments = promised;
  const FollowThroughGrade grade = gradeFollowThrough(rules, input, Language::Chinese);
  std::map<std::string, Delivery> byKey;
  for (const Delivery& d : grade.deliveries) byKey[d.commitment] = d;
  EXPECT_DOUBLE_EQ(*byKey["tax_wan"].ratio, 0.64);
  EXPECT_TRUE(byKey["tax_wan"].shortfall);
  EXPECT_EQ(byKey["tax_wan"].text, "第六条 年税收：承诺 500，实际 320，差 180（64%）");
  EXPECT_DOUBLE_EQ(*byKey["output_wan"].ratio, 0.95);
  EXPECT_FALSE(byKey["output_wan"].shortfall) << "0.95 >= the pack's delivery threshold 0.9";
  EXPECT_DOUBLE_EQ(*byKey["investment_wan"].ratio, 0.9);
  EXPECT_FALSE(byKey["investment_wan"].shortfall) << "exactly at the threshold";
  EXPECT_DOUBLE_EQ(*byKey["energy_tce"].ratio, 1.2);
  EXPECT_TRUE(byKey["energy_tce"].shortfall) << "energy is a ceiling: above it is the shortfall";
  EXPECT_FALSE(byKey["jobs"].ratio);
  EXPECT_TRUE(byKey["jobs"].shortfall) << "a promise without a result is not delivered";
}

TEST(LedgerStageRules, EveryPairOfStages) {
  const std::vector<std::string> order{"lead", "negotiating", "signed", "landed", "building", "operating"};
  for (std::size_t from = 0; from < order.size(); ++from)
    for (std::size_t to = 0; to < order.size(); ++to) {
      const std::string rule = stageMoveRule(order[from], order[to]);
      const std::string expected = to == from ? "same_stage" : to == from + 1 ? "" : to < from ? "backwards" : "skipped";
      EXPECT_EQ(rule, expected) << order[from] << " -> " << order[to];
    }
  for (const std::string& stage : order) {
    EXPECT_EQ(stageMoveRule(stage, "dropped"), "") << "any stage may be dropped";
    EXPECT_EQ(stageMoveRule("dropped", stage), "reopen_dropped");
  }
  EXPECT_EQ(stageMoveRule("dropped", "dropped"), "same_stage");
  EXPECT_EQ(stageMoveRule("", "lead"), "");
  EXPECT_EQ(stageMoveRule("", "signed"), "skipped");
  EXPECT_EQ(parseStage("签约"), "signed");
  EXPECT_EQ(parseStage("洽谈"), "negotiating");
  EXPECT_EQ(parseStage("投产"), "operating");
  EXPECT_THROW(parseStage("launched"), Error);
}

TEST(LedgerDates, DaysBetweenAcrossMonthsAndLeapYears) {
  EXPECT_EQ(daysBetween("2026-01-10", "2026-12-01"), 325);
  EXPECT_EQ(daysBetween("2028-02-28", "2028-03-01"), 2);
  EXPECT_EQ(daysBetween("2026-03-01", "2026-02-28"), -1);
  EXPECT_EQ(parseLedgerDate("2026年11月20日", "--date"), "2026-11-20");
  EXPECT_EQ(ledgerToday(std::string("2026/11/20")), "2026-11-20");
}

TEST(LedgerReport, TotalsEqualSumsOverTheLedgerBySql) {
  LedgerScene scene;
  for (const char* project : {"P-001", "P-002", "P-003"}) {
    scene.ok({"ledger", "move", project, "negotiating", "--date", "2026-10-05"});
    scene.ok({"ledger", "move", project, "signed", "--date", "2026-11-03"});
  }
  scene.ok({"ledger", "commit", "P-001", "--investment", "20000", "--tax", "500"});
  scene.ok({"ledger", "commit", "P-002", "--investment", "8000"});
  scene.ok({"ledger", "move", "P-001", "landed", "--parcel", "CY-1", "--date", "2026-11-20"});
  scene.ok({"ledger", "move", "P-002", "landed", "--parcel", "CY-2", "--date", "2026-12-02"});
  scene.ok({"ledger", "move", "P-003", "landed", "--building", "B-1", "--date", "2026-11-21"});
  scene.ok({"ledger", "result", "P-001", "--year", "2026", "--investment", "6000", "--tax", "120", "--output", "3000"});
  scene.ok({"ledger", "result", "P-003", "--year", "2026", "--investment", "800", "--tax", "30"});
  scene.ok({"ledger", "result", "P-002", "--year", "2025", "--investment", "50"});
  scene.ok({"ledger", "problem", "add", "P-001", "a", "--category", "land", "--dept", "自然资源局", "--date", "2026-11-02", "--due", "2026-11-10"});
  scene.ok({"ledger", "problem", "add", "P-002", "b", "--category", "approval", "--dept", "行政审批局", "--date", "2026-11-05", "--due", "2026-12-20"});
  scene.ok({"ledger", "problem", "resolve", "PB-0002", "--date", "2026-11-15"});

  const json month = json::parse(scene.ok({"report", "--period", "2026-11", "--format", "json"}));
  const json& total = month["total"];
  const std::string range = " BETWEEN '2026-11-01' AND '2026-11-30'";
  EXPECT_EQ(total["signed"], scene.sqlInt("SELECT count(DISTINCT project_id) FROM ledger_stage_history WHERE to_stage = 'signed' AND on_date" + range));
  EXPECT_EQ(total["signed"], 3);
  EXPECT_EQ(total["landed"], scene.sqlInt("SELECT count(DISTINCT project_id) FROM ledger_stage_history WHERE to_stage = 'landed' AND on_date" + range));
  EXPECT_EQ(total["landed"], 2);
  EXPECT_NEAR(total["land_supplied_mu"].get<double>(),
              scene.sqlDouble("SELECT sum(p.area_mu) FROM ledger_stage_history h JOIN parcels p ON p.id = h.site_id WHERE h.to_stage = 'landed' AND h.on_date" + range),
              1e-9);
  EXPECT_NEAR(total["committed_investment_wan"].get<double>(), 28000.0, 1e-9);
  EXPECT_NEAR(total["delivered_investment_wan"].get<double>(),
              scene.sqlDouble("SELECT sum(investment_wan) FROM ledger_results WHERE year = 2026"), 1e-9);
  EXPECT_EQ(total["problems_opened"], scene.sqlInt("SELECT count(*) FROM ledger_problems WHERE opened_on" + range));
  EXPECT_EQ(total["problems_resolved"], 1);
  EXPECT_EQ(total["problems_overdue"], 1);  // PB-0001, due 11-10, open at 11-30
  EXPECT_NEAR(total["mean_days_to_resolve"].get<double>(), 10.0, 1e-9);
  // 亩均 over projects with land: P-001 on CY-1 and P-003 in B-1 (2,000 m2 at FAR 2 = 1.5 亩).
  const double cy1 = scene.sqlDouble("SELECT area_mu FROM parcels WHERE id = 'CY-1'");
  EXPECT_NEAR(total["tax_per_mu"].get<double>(), 150.0 / (cy1 + 1.5), 1e-9);

  // By group: the rows add up to the total.
  for (const char* by : {"subdistrict", "sector", "stage", "dept"}) {
    const json grouped = json::parse(scene.ok({"report", "--period", "2026-11", "--by", by, "--format", "json"}));
    long long opened = 0, landed = 0;
    for (const json& row : grouped["rows"]) {
      opened += row["problems_opened"].get<long long>();
      if (row.contains("landed")) landed += row["landed"].get<long long>();
    }
    EXPECT_EQ(opened, total["problems_opened"].get<long long>()) << by;
    if (std::string(by) != "dept") {
      EXPECT_EQ(landed, 2) << by;
    }
  }
  const json bySubdistrict = json::parse(scene.ok({"report", "--period", "2026-11", "--by", "subdistrict", "--format", "json"}));
  ASSERT_EQ(bySubdistrict["rows"].size(), 1u) << bySubdistrict.dump();  // all three lie in 流亭街道 (site or point)
  EXPECT_EQ(bySubdistrict["rows"][0]["group"], "流亭街道");
  const std::string csv = scene.ok({"report", "--period", "2026", "--by", "dept", "--format", "csv"});
  EXPECT_NE(csv.find("自然资源局"), std::string::npos);
}


TEST(EvaluateCalibration, TheSectorsDeliveryRatiosBesideANewProjectsPromises) {
  LedgerScene scene;
  // advanced_mfg history: P-001 promised tax 500 / output 10000 and delivered 250/8000 (2025) and
  // 400/6000 (2026); P-002 promised 100/1000 and delivered 110/1300 (2026). Mean ratios: tax
  // (0.5 + 0.8 + 1.1) / 3 = 0.8, output (0.8 + 0.6 + 1.3) / 3 = 0.9.
  scene.ok({"ledger", "commit", "P-001", "--tax", "500", "--output", "10000"});
  scene.ok({"ledger", "commit", "P-002", "--tax", "100", "--output", "1000"});
  scene.ok({"ledger", "result", "P-001", "--year", "2025", "--tax", "250", "--output", "8000"});
  scene.ok({"ledger", "result", "P-001", "--year", "2026", "--tax", "400", "--output", "6000"});
  scene.ok({"ledger", "result", "P-002", "--year", "2026", "--tax", "110", "--output", "1300"});
  // The new project P-003 (advanced_mfg, no agreement yet) promises 200 tax and 5000 output.
  scene.ok({"project", "edit", "P-003", "--set", "tax_wan=200", "--set", "output_wan=5000"});
  const json evaluated = json::parse(scene.ok({"evaluate", "P-003", "--format", "json"}));
  ASSERT_TRUE(evaluated.contains("calibration")) << evaluated.dump();
  const json& c = evaluated["calibration"];
  EXPECT_EQ(c["sector"], "advanced_mfg");
  EXPECT_EQ(c["project_years"], 3);
  EXPECT_NEAR(c["tax_ratio"].get<double>(), 0.8, 1e-12);
  EXPECT_NEAR(c["output_ratio"].get<double>(), 0.9, 1e-12);
  EXPECT_EQ(c["promise_source"], "project");
  EXPECT_NEAR(c["promised_tax_wan"].get<double>(), 200, 1e-12);
  EXPECT_NEAR(c["expected_tax_wan"].get<double>(), 160, 1e-9);
  EXPECT_NEAR(c["expected_output_wan"].get<double>(), 4500, 1e-9);
  // The ledger command computes the same ratios.
  const json ledger = json::parse(scene.ok({"ledger", "calibration", "--format", "json"}));
  ASSERT_EQ(ledger.size(), 1u) << ledger.dump();
  // Once P-003 signs an agreement, its commitments are the promises.
  scene.ok({"ledger", "commit", "P-003", "--tax", "300"});
  const json signedUp = json::parse(scene.ok({"evaluate", "P-003", "--format", "json"}))["calibration"];
  EXPECT_EQ(signedUp["promise_source"], "commitments");
  EXPECT_NEAR(signedUp["expected_tax_wan"].get<double>(), 240, 1e-9);
  EXPECT_TRUE(signedUp["expected_output_wan"].is_null()) << "the agreement promises no output";
  // The table, in the language.
  const std::string zh = scene.ok({"evaluate", "P-003", "--format", "table"});
  EXPECT_NE(zh.find("兑现校准"), std::string::npos) << zh;
  EXPECT_NE(zh.find("0.80"), std::string::npos) << zh;
  EXPECT_NE(zh.find("240"), std::string::npos) << zh;
  const std::string en = scene.ok({"--lang", "en", "evaluate", "P-003", "--format", "table"});
  EXPECT_NE(en.find("calibration (advanced_mfg"), std::string::npos) << en;
  // A sector without history: the keys stay, the figures are null.
  scene.ok({"project", "edit", "P-003", "--set", "sector=biomedicine"});
  const json none = json::parse(scene.ok({"evaluate", "P-003", "--format", "json"}))["calibration"];
  EXPECT_EQ(none["project_years"], 0);
  EXPECT_TRUE(none["tax_ratio"].is_null());
  EXPECT_TRUE(none["expected_tax_wan"].is_null());
  EXPECT_EQ(none.size(), 9u);
}

}  // namespace
