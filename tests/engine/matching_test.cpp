// Matching and evaluation on a hand-made scene whose answers are known in advance.
//
// The scene, in EPSG:4549 metres from (527000, 4018000); every parcel is a 100 m square
// (10,000 m² = 15 亩) of land use 100101, available, unless noted:
//
//   y=300..400   F (airport height limit 30 m over it)          * highway exit at (50, 600)
//   y=0..100     A | redline | B|farmland(2 m² into B) ... D (99.5% in dev boundary) ... E (97%)
//                x: A 0-100, redline 100-200, B 300-400, farmland from 399.98, D 600-700, E 800-900,
//                S 1200-1300 (allocated), U 1400-1500 (0901), Z 1600-1650 (5,000 m²), W 1800-1900 (water source 2)
//   dev boundary (require_within): x -1000..699.5, 700..897 and 900..3000, y -1000..1000
//   flood penalty 0.4 over the west half of D (x 600..650)
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <numbers>
#include <random>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "detail/convex_clip.h"
#include "detail/geos.h"
#include "landbank/edits.h"
#include "landbank/error.h"
#include "landbank/evaluation.h"
#include "landbank/matching.h"
#include "landbank/rulepack.h"
#include "landbank/store.h"
#include "match/power_rule.h"
#include "test_support.h"

using namespace landbank;
using namespace landbank::test;
using nlohmann::json;

namespace {


class MatchScene : public ::testing::Test {
 protected:
  void SetUp() override {
    initDatabase(db());
    writeTextFile(m_dir / "parcels.csv",
                  "id,land_use,status,price_wan_per_mu,water,gas,sewage,road,power_kva,WKT\n"
                  "A,100101,available,30,1,1,1,1,2000," + sceneBoxWkt(0, 0, 100, 100) + "\n"
                  "B,100101,available,30,1,1,1,1,2000," + sceneBoxWkt(300, 0, 400, 100) + "\n"
                  "D,100101,available,30,1,1,1,1,2000," + sceneBoxWkt(600, 0, 700, 100) + "\n"
                  "E,100101,available,30,1,1,1,1,2000," + sceneBoxWkt(800, 0, 900, 100) + "\n"
                  "F,100101,reserved,30,1,1,1,1,2000," + sceneBoxWkt(0, 300, 100, 400) + "\n"
                  "S,100101,allocated,30,1,1,1,1,2000," + sceneBoxWkt(1200, 0, 1300, 100) + "\n"
                  "U,0901,available,30,1,1,1,1,2000," + sceneBoxWkt(1400, 0, 1500, 100) + "\n"
                  "Z,100101,available,30,1,1,1,1,2000," + sceneBoxWkt(1600, 0, 1650, 100) + "\n"
                  "W,100102,available,30,1,1,1,1,2000," + sceneBoxWkt(1800, 0, 1900, 100) + "\n");
    writeTextFile(m_dir / "constraints.csv",
                  "id,type,effect,value,name,WKT\n"
                  "C-RED,eco_redline,exclude,,红线," + sceneBoxWkt(100, 0, 200, 100) + "\n"
                  "C-FARM,basic_farmland,exclude,,农田," + sceneBoxWkt(399.98, 0, 500, 100) + "\n"
                  "C-DEV1,dev_boundary,require_within,,边界," + sceneBoxWkt(-1000, -1000, 699.5, 1000) + "\n"
                  "C-DEV2,dev_boundary,require_within,,边界," + sceneBoxWkt(700, -1000, 897, 1000) + "\n"
                  "C-DEV3,dev_boundary,require_within,,边界," + sceneBoxWkt(900, -1000, 3000, 1000) + "\n"
                  "C-AIR,airport_height,limit_height,30,限高," + sceneBoxWkt(0, 300, 100, 400) + "\n"
                  "C-WATER,water_source_2,exclude_polluting,,水源," + sceneBoxWkt(1800, 0, 1900, 100) + "\n"
                  "C-PEN,flood,penalty,0.4,洪涝," + sceneBoxWkt(600, 0, 650, 100) + "\n");
    writeTextFile(m_dir / "facilities.csv", "id,type,name,WKT\nHX-1,highway_exit,出口," + scenePointWkt(50, 600) + "\n");
    for (const char* layer : {"parcels", "constraints", "facilities"}) {
      const CliResult result = runLandbank(db(), {"import", layer, (m_dir / (std::string(layer) + ".csv")).string(), "--crs", "EPSG:4549"});
      ASSERT_EQ(result.exitCode, 0) << result.err;
    }
  }

  std::filesystem::path db() const { return m_dir / "scene.sqlite"; }

  static ProjectSpec project(json fields) {
    if (fields.is_null()) fields = json::object();
    fields["id"] = fields.value("id", "T");
    fields["name"] = "test";
    if (!fields.contains("sector")) fields["sector"] = "advanced_mfg";
    return ProjectSpec::fromJson(fields, "test");
  }

  static std::vector<std::string> ids(const MatchResult& result) {
    std::vector<std::string> list;
    for (const Candidate& candidate : result.candidates) list.push_back(candidate.id);
    std::sort(list.begin(), list.end());
    return list;
  }

  static const RuleCheck* check(const WhyResult& why, const std::string& rule) {
    for (const RuleCheck& c : why.checks)
      if (c.rule == rule) return &c;
    return nullptr;
  }

  TempDir m_dir;
};

TEST_F(MatchScene, EveryHardRuleDecidesAsDesignSays) {
  const Store store = Store::open(db(), StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
  const MatchResult result = engine.match(project({{"pollution_class", 1}, {"land_min_m2", 8000}}));
  // A touches the red line at one edge (passes); B overlaps farmland by 2 m² (fails); D is 99.5%
  // inside the development boundary (passes), E 97% (fails); S is allocated; U commercial; Z too small.
  EXPECT_EQ(ids(result), (std::vector<std::string>{"A", "D", "F", "W"}));
  EXPECT_EQ(result.considered, 9);
  EXPECT_EQ(result.rejected.at("status"), 1);
  EXPECT_EQ(result.rejected.at("land_use"), 1);
  EXPECT_EQ(result.rejected.at("area"), 1);
  EXPECT_EQ(result.rejected.at("constraint:basic_farmland"), 1);
  EXPECT_EQ(result.rejected.at("constraint:dev_boundary"), 1);
  EXPECT_EQ(result.rulePackId, "chengyang-admission");
}

TEST_F(MatchScene, PollutingProjectsKeepOutOfWaterSourcesAndOffLighterIndustrialLand) {
  const Store store = Store::open(db(), StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
  // Class 2 may use 100102 and 100103 only: W is the one 100102 parcel, and it lies in a water source zone.
  const MatchResult result = engine.match(project({{"pollution_class", 2}}));
  EXPECT_TRUE(result.candidates.empty());
  EXPECT_EQ(result.rejected.at("constraint:water_source_2"), 1);
  // An explicit land_use list replaces the table.
  const MatchResult listed = engine.match(project({{"pollution_class", 1}, {"land_use", {"0901"}}}));
  EXPECT_EQ(ids(listed), std::vector<std::string>{"U"});
}

TEST_F(MatchScene, HeightAndNearLimits) {
  const Store store = Store::open(db(), StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
  EXPECT_EQ(ids(engine.match(project({{"height_m", 24}, {"land_min_m2", 8000}}))), (std::vector<std::string>{"A", "D", "F", "W"}));
  const MatchResult tall = engine.match(project({{"height_m", 40}, {"land_min_m2", 8000}}));
  EXPECT_EQ(ids(tall), (std::vector<std::string>{"A", "D", "W"}));
  EXPECT_EQ(tall.rejected.at("height"), 1);
  // F is 200 m from the exit, A 500 m: a 300 m limit keeps F only; 500 m keeps A too (boundary inclusive).
  const MatchResult near = engine.match(project({{"near", json::array({{{"type", "highway_exit"}, {"max_m", 300}}})}}));
  EXPECT_EQ(ids(near), std::vector<std::string>{"F"});
  const MatchResult near500 = engine.match(project({{"near", json::array({{{"type", "highway_exit"}, {"max_m", 500}}})}}));
  EXPECT_EQ(ids(near500), (std::vector<std::string>{"A", "F"}));
}

TEST_F(MatchScene, WhyExplainsOverlapsWithRemaindersAndLimitsWithDistances) {
  const Store store = Store::open(db(), StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
  MatchOptions english;
  english.language = Language::English;
  const WhyResult b = engine.why(project({{"land_min_m2", 9990}}), CandidateKind::Parcel, "B", english);
  EXPECT_FALSE(b.candidate);
  const RuleCheck* farm = check(b, "constraint:basic_farmland");
  ASSERT_NE(farm, nullptr);
  EXPECT_FALSE(farm->passed);
  EXPECT_NE(farm->fact.find("永久基本农田 C-FARM by 2 m²"), std::string::npos) << farm->fact;
  EXPECT_NE(farm->fact.find("along its east side"), std::string::npos) << farm->fact;
  ASSERT_TRUE(farm->remainderSquareMetres);
  EXPECT_NEAR(*farm->remainderSquareMetres, 9998.0, 0.01);  // within 0.01 m²
  EXPECT_TRUE(*farm->remainderMeetsMinimum);
  const WhyResult bStrict = engine.why(project({{"land_min_m2", 9999}}), CandidateKind::Parcel, "B");
  EXPECT_FALSE(*check(bStrict, "constraint:basic_farmland")->remainderMeetsMinimum);

  const WhyResult a = engine.why(project({{"near", json::array({{{"type", "highway_exit"}, {"max_m", 300}}})}}), CandidateKind::Parcel, "A", english);
  const RuleCheck* touch = check(a, "constraint:eco_redline");
  ASSERT_NE(touch, nullptr);
  EXPECT_TRUE(touch->passed);
  const RuleCheck* near = check(a, "near:highway_exit");
  ASSERT_NE(near, nullptr);
  EXPECT_FALSE(near->passed);
  EXPECT_EQ(near->fact, "nearest 高速出入口 500 m > 300 m");
  EXPECT_EQ(near->remedy, "the limit would have to move out by 200 m to 500 m");

  const WhyResult e = engine.why(project({}), CandidateKind::Parcel, "E", english);
  const RuleCheck* within = check(e, "constraint:dev_boundary");
  ASSERT_NE(within, nullptr);
  EXPECT_FALSE(within->passed);
  EXPECT_NE(within->fact.find("97.0% of its area"), std::string::npos) << within->fact;
  EXPECT_NEAR(*within->remainderSquareMetres, 9700.0, 0.01);

  const WhyResult f = engine.why(project({{"height_m", 40}}), CandidateKind::Parcel, "F", english);
  EXPECT_EQ(check(f, "height")->remedy, "the limit would have to rise by 10 m, or the project's height drop to 30 m");
  EXPECT_THROW(engine.why(project({}), CandidateKind::Parcel, "NOPE"), Error);
}

// The same facts in Chinese, the default: B's 0.02 m x 100 m strip of farmland is 2 m² on its east
// side and leaves 9,998 m² (14.997 亩); A is 500 m from the exit against a 300 m limit; F's 30 m
// limit is 10 m short of a 40 m project.
TEST_F(MatchScene, WhyTextsAreChineseByDefault) {
  const Store store = Store::open(db(), StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
  const WhyResult b = engine.why(project({{"land_min_m2", 9990}}), CandidateKind::Parcel, "B");
  const RuleCheck* farm = check(b, "constraint:basic_farmland");
  ASSERT_NE(farm, nullptr);
  EXPECT_EQ(farm->fact, "与永久基本农田 C-FARM 重叠 2 m²（0.0 亩），沿地块东侧");
  EXPECT_EQ(farm->remedy, "扣除冲突区域后剩余 9,998 m²（15.0 亩），仍满足项目最小用地 9,990 m²（15.0 亩）");
  const WhyResult bStrict = engine.why(project({{"land_min_m2", 9999}}), CandidateKind::Parcel, "B");
  EXPECT_EQ(check(bStrict, "constraint:basic_farmland")->remedy, "扣除冲突区域后剩余 9,998 m²（15.0 亩），不满足项目最小用地 9,999 m²（15.0 亩）");
  EXPECT_EQ(check(b, "area")->fact, "面积 10,000 m²（15.0 亩），在项目用地范围内");

  const WhyResult a = engine.why(project({{"near", json::array({{{"type", "highway_exit"}, {"max_m", 300}}})}}), CandidateKind::Parcel, "A");
  EXPECT_EQ(check(a, "near:highway_exit")->fact, "最近的高速出入口 500 m > 300 m");
  EXPECT_EQ(check(a, "near:highway_exit")->remedy, "限值需外移 200 m 至 500 m");
  const WhyResult f = engine.why(project({{"height_m", 40}}), CandidateKind::Parcel, "F");
  EXPECT_EQ(check(f, "height")->fact, "机场净空限高区 C-AIR 限高 30 m；项目需要 40 m");
  EXPECT_EQ(check(f, "height")->remedy, "限高需提高 10 m，或项目高度降至 30 m");
  // Codes stay codes in either language.
  EXPECT_EQ(farm->rule, "constraint:basic_farmland");
}

// The CLI's global --lang: Chinese by default in the JSON texts and the table, English on request,
// a usage error for anything else. Keys and rule codes are the same in both.
TEST_F(MatchScene, CliLangOptionSelectsTheTextsNotTheKeys) {
  writeTextFile(m_dir / "spec.json", R"({"id": "T", "name": "test", "sector": "advanced_mfg", "land_min_m2": 9990})");
  const std::string spec = (m_dir / "spec.json").string();
  auto farmCheck = [&](const std::vector<std::string>& args) {
    const CliResult result = runLandbank(db(), args);
    EXPECT_EQ(result.exitCode, 0) << result.err;
    const json why = json::parse(result.out);
    for (const json& c : why.at("checks"))
      if (c.at("rule") == "constraint:basic_farmland") return c;
    ADD_FAILURE() << "no farmland check in " << result.out;
    return json::object();
  };
  const json zh = farmCheck({"match", "--spec", spec, "--why", "B", "--format", "json"});
  EXPECT_EQ(zh.at("fact"), "与永久基本农田 C-FARM 重叠 2 m²（0.0 亩），沿地块东侧");
  EXPECT_EQ(zh.at("remainder_m2"), 9998.0);
  const json en = farmCheck({"--lang", "en", "match", "--spec", spec, "--why", "B", "--format", "json"});
  EXPECT_EQ(en.at("fact"), "overlaps 永久基本农田 C-FARM by 2 m² (0.0 亩) along its east side");
  EXPECT_EQ(en.at("remedy"), "cutting out the conflicting zone leaves 9,998 m² (15.0 亩), which still meets the minimum of 9,990 m² (15.0 亩)");
  EXPECT_EQ(farmCheck({"--lang", "zh", "match", "--spec", spec, "--why", "B", "--format", "json"}), zh);

  const CliResult table = runLandbank(db(), {"match", "--spec", spec, "--why", "B", "--format", "table"});
  EXPECT_NE(table.out.find("[不通过] 管控:永久基本农田: 与永久基本农田"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("如何满足: 扣除冲突区域后剩余 9,998 m²"), std::string::npos) << table.out;
  const CliResult tableEn = runLandbank(db(), {"--lang", "en", "match", "--spec", spec, "--why", "B", "--format", "table"});
  EXPECT_NE(tableEn.out.find("[FAIL] constraint:basic_farmland: overlaps"), std::string::npos) << tableEn.out;
  EXPECT_NE(tableEn.out.find("to pass: cutting out"), std::string::npos) << tableEn.out;

  writeTextFile(m_dir / "big.json", R"({"id": "T", "name": "test", "sector": "advanced_mfg", "land_min_m2": 50000})");
  const std::string big = (m_dir / "big.json").string();
  const json zhEval = json::parse(runLandbank(db(), {"evaluate", "--spec", big, "--format", "json"}).out);
  // A sparse spec totals D already, so the compliant-land reason follows the score's reason.
  auto hasReason = [](const json& evaluation, const std::string& reason) {
    for (const json& r : evaluation.at("reasons"))
      if (r == reason) return true;
    ADD_FAILURE() << "no reason '" << reason << "' in " << evaluation.at("reasons").dump();
    return false;
  };
  EXPECT_TRUE(hasReason(zhEval, "没有地块或载体满足匹配硬性条件（最高 D，不低于已定等级）"));
  EXPECT_TRUE(hasReason(zhEval, "按总分：加权总分 45.8 ≥ 0，对应 D 不予准入"));
  EXPECT_EQ(zhEval.at("reasons").back(), "结论：D 不予准入（暂定：缺项补齐后可能变化）");
  EXPECT_EQ(zhEval.at("grade"), "D");
  const json enEval = json::parse(runLandbank(db(), {"--lang", "en", "evaluate", "--spec", big, "--format", "json"}).out);
  EXPECT_TRUE(hasReason(enEval, "no parcel or building passes the hard matching rules (at most D, no lower than the grade already set)"));
  EXPECT_TRUE(hasReason(enEval, "by score: the weighted score 45.8 >= 0 gives D 不予准入"));
  const CliResult evalTable = runLandbank(db(), {"evaluate", "--spec", big, "--format", "table"});
  EXPECT_NE(evalTable.out.find("维度 / 指标"), std::string::npos) << evalTable.out;
  const CliResult evalTableEn = runLandbank(db(), {"--lang", "en", "evaluate", "--spec", big, "--format", "table"});
  EXPECT_NE(evalTableEn.out.find("dimension / indicator"), std::string::npos) << evalTableEn.out;
  EXPECT_NE(evalTableEn.out.find("grade D"), std::string::npos) << evalTableEn.out;

  const CliResult bad = runLandbank(db(), {"--lang", "fr", "match", "--spec", spec});
  EXPECT_EQ(bad.exitCode, 2);
  EXPECT_NE(bad.err.find("--lang 只能是 zh_CN 或 en，不能是 'fr'"), std::string::npos) << bad.err;
}

// A rule pack with two criteria whose arithmetic is easy to follow by hand.
RulePack twoCriteriaPack() {
  json pack = json::parse(std::ifstream(RulePack::bundledPath()));
  json criteria = json::array();
  criteria.push_back({{"name", "compactness"}, {"weight", 0.3}, {"source", "district"}, {"zero_at", 0.5}, {"full_at", 1.0}});
  criteria.push_back({{"name", "area_fit"}, {"weight", 0.1}, {"source", "district"}, {"zero_at_excess_share", 1.0}});
  pack["matching"]["criteria"] = criteria;
  return RulePack::parse(pack.dump(), "two-criteria");
}

TEST_F(MatchScene, ScoreIsTheRenormalisedWeightedSumAndTiesBreakById) {
  const Store store = Store::open(db(), StoreAccess::ReadOnly);
  const MatchEngine engine(store, twoCriteriaPack());
  const MatchResult result = engine.match(project({{"land_min_m2", 8000}}));
  ASSERT_EQ(result.candidates.size(), 4u);
  // Square: 4πA/P² = π/4 -> (0.7854 - 0.5) / 0.5 = 0.5708; area 10,000 vs 8,000: excess 0.25 -> 0.75.
  // Weights 0.3 and 0.1 renormalise to 0.75 and 0.25: 0.75 * 0.5708 + 0.25 * 0.75 = 0.61562.
  const double expected = 0.75 * (std::numbers::pi / 4 - 0.5) / 0.5 + 0.25 * 0.75;
  for (const Candidate& candidate : result.candidates) {
    EXPECT_NEAR(candidate.score, expected, 1e-9);
    ASSERT_EQ(candidate.criteria.size(), 2u);
    EXPECT_DOUBLE_EQ(candidate.criteria[0].weight, 0.75);
    EXPECT_NEAR(candidate.criteria[1].value, 0.25, 1e-9);
  }
  // Equal scores: ranked by id.
  EXPECT_EQ(result.candidates[0].id, "A");
  EXPECT_EQ(result.candidates[3].id, "W");
  EXPECT_EQ(result.candidates[3].rank, 4);
}

TEST_F(MatchScene, PenaltyZonesLowerTheScoreByValueTimesShare) {
  json pack = json::parse(std::ifstream(RulePack::bundledPath()));
  pack["matching"]["criteria"] = json::array({{{"name", "penalty"}, {"weight", 1.0}, {"source", "district"}}});
  const Store store = Store::open(db(), StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::parse(pack.dump(), "penalty"));
  const MatchResult result = engine.match(project({{"land_min_m2", 8000}}));
  ASSERT_EQ(result.candidates.size(), 4u);
  // D: 1 - 0.4 x 50% = 0.8; the others carry no penalty and rank first, by id.
  EXPECT_EQ(result.candidates[3].id, "D");
  EXPECT_NEAR(result.candidates[3].score, 0.8, 1e-9);
  EXPECT_NEAR(result.candidates[3].criteria[0].value, 0.2, 1e-9);
  EXPECT_DOUBLE_EQ(result.candidates[0].score, 1.0);
}

TEST_F(MatchScene, StabilityIsReproducibleAndCountsExactlyKPerDraw) {
  // Distance scores from 0 m (full) to the project's 2 km limit: F (200 m) > A (500 m) > D (743 m) > W;
  // every other criterion is equal across the four, so no weight perturbation can reorder them.
  json pack = json::parse(std::ifstream(RulePack::bundledPath()));
  pack["matching"]["criteria"][0]["best_m"]["highway_exit"] = 0;
  const Store store = Store::open(db(), StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::parse(pack.dump(), "stability"));
  MatchOptions options;
  options.stabilityDraws = 200;
  options.stabilityTopK = 2;
  options.stabilitySeed = 7;
  const ProjectSpec spec = project({{"land_min_m2", 8000}, {"near", json::array({{{"type", "highway_exit"}, {"max_m", 2000}}})}});
  const MatchResult first = engine.match(spec, options);
  const MatchResult second = engine.match(spec, options);
  double total = 0;
  for (std::size_t i = 0; i < first.candidates.size(); ++i) {
    ASSERT_TRUE(first.candidates[i].stability);
    EXPECT_EQ(*first.candidates[i].stability, *second.candidates[i].stability);
    total += *first.candidates[i].stability;
  }
  EXPECT_NEAR(total, 2.0, 1e-12);  // each draw puts exactly K = 2 candidates in the top K
  ASSERT_EQ(first.candidates.size(), 4u);
  EXPECT_EQ(first.candidates[0].id, "F");
  EXPECT_EQ(*first.candidates[0].stability, 1.0);
  EXPECT_EQ(first.candidates[1].id, "A");
  EXPECT_EQ(*first.candidates[1].stability, 1.0);
  EXPECT_EQ(*first.candidates[2].stability, 0.0);
}

TEST_F(MatchScene, ReverseMatchingListsOpenProjectsThatFit) {
  writeTextFile(m_dir / "projects.csv",
                "id,name,sector,stage,land_min_m2,pollution_class,height_m\n"
                "P-1,小项目,advanced_mfg,lead,8000,1,24\n"
                "P-2,高楼项目,advanced_mfg,signed,8000,1,40\n"
                "P-3,已落地项目,advanced_mfg,landed,8000,1,24\n"
                "P-4,大项目,advanced_mfg,negotiating,20000,1,24\n");
  ASSERT_EQ(runLandbank(db(), {"import", "projects", (m_dir / "projects.csv").string()}).exitCode, 0);
  const Store store = Store::open(db(), StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
  const ReverseMatchResult result = engine.reverse(CandidateKind::Parcel, "F");
  EXPECT_EQ(result.considered, 3);  // P-3 has landed already
  ASSERT_EQ(result.projects.size(), 1u);
  EXPECT_EQ(result.projects[0].projectId, "P-1");
  EXPECT_EQ(result.rejected.at("height"), 1);
  EXPECT_EQ(result.rejected.at("area"), 1);
}

TEST(RulePackTest, BundledPackIsValidAndDocumentsItsSources) {
  const RulePack pack = RulePack::load(RulePack::bundledPath());
  EXPECT_FALSE(pack.version.empty());
  EXPECT_EQ(pack.effectiveDate.size(), 10u);
  for (const CriterionRule& rule : pack.criteria) EXPECT_TRUE(pack.sources.count(rule.source)) << rule.name;
  EXPECT_EQ(pack.compatibleLandUses("advanced_mfg", 2), (std::vector<std::string>{"100102", "100103"}));
  EXPECT_EQ(pack.compatibleLandUses("emerging", 3), (std::vector<std::string>{"100103"}));
}

TEST(RulePackTest, UnknownKeysAndOutOfRangeWeightsAreErrors) {
  json pack = json::parse(std::ifstream(RulePack::bundledPath()));
  json typo = pack;
  typo["matching"]["criteria"][0]["wieght"] = 0.1;
  try {
    RulePack::parse(typo.dump(), "typo.json");
    FAIL() << "an unknown key was accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("matching.criteria[0].wieght: unknown key"), std::string::npos) << error.what();
  }
  json heavy = pack;
  heavy["matching"]["criteria"][1]["weight"] = 1.5;
  EXPECT_THROW(RulePack::parse(heavy.dump(), "heavy.json"), Error);
  json badSource = pack;
  badSource["evaluation"]["rd_intensity"]["source"] = "nowhere";
  EXPECT_THROW(RulePack::parse(badSource.dump(), "source.json"), Error);
  json badCode = pack;
  badCode["land_use"]["by_sector"]["research"] = {"999999"};
  EXPECT_THROW(RulePack::parse(badCode.dump(), "code.json"), Error);
}

TEST(RulePackTest, EveryRefusalSaysItsProblemInChineseToo) {
  const json pack = json::parse(std::ifstream(RulePack::bundledPath()));
  // One broken copy per kind of check, the rarer ones included; each must be refused with the key's
  // path and a Chinese problem (no English words left in the Chinese message).
  std::vector<std::pair<std::string, std::function<void(json&)>>> cases = {
      {"matching.criteria[0].wieght", [](json& p) { p["matching"]["criteria"][0]["wieght"] = 0.1; }},
      {"matching.criteria[1].weight", [](json& p) { p["matching"]["criteria"][1]["weight"] = 1.5; }},
      {"matching.criteria[1].name", [](json& p) { p["matching"]["criteria"][1]["name"] = p["matching"]["criteria"][0]["name"]; }},
      {"matching.require_within_share", [](json& p) { p["matching"]["require_within_share"] = 0; }},
      {"evaluation.grades", [](json& p) { p["evaluation"]["grades"] = json::array(); }},
      {"effective_date", [](json& p) { p["effective_date"] = "2026/01/01"; }},
      {"land_use.by_sector.research", [](json& p) { p["land_use"]["by_sector"]["research"] = {"999999"}; }},
      {"evaluation.rd_intensity.source", [](json& p) { p["evaluation"]["rd_intensity"]["source"] = "nowhere"; }},
      {"follow_through.score_cap", [](json& p) { p["follow_through"]["score_cap"] = 7; }},
  };
  for (auto& [path, breakIt] : cases) {
    json broken = pack;
    breakIt(broken);
    try {
      RulePack::parse(broken.dump(), "broken.json");
      ADD_FAILURE() << path << ": accepted";
    } catch (const Error& error) {
      const std::string zh = error.message(Language::Chinese);
      EXPECT_NE(zh.find("规则包 " + path + " 有误："), std::string::npos) << zh;
      const std::string problem = zh.substr(zh.find("有误：") + std::string("有误：").size());
      for (const char* english : {"must", "unknown", "not ", "appears", "needs"}) EXPECT_EQ(problem.find(english), std::string::npos) << zh;
      EXPECT_NE(error.message(Language::English).find("rule pack " + path + ": "), std::string::npos) << error.what();
    }
  }
}

// ---------------------------------------------------------------- evaluation

class EvaluationScene : public MatchScene {
 protected:
  // Built to land on grade A: every indicator at or beyond "good", compliant land (A, D, F, W).
  static json gradeA() {
    return {{"id", "EV"}, {"name", "test"}, {"sector", "advanced_mfg"}, {"subsector", "rail_transit"}, {"tier", "global500"},
            {"land_min_m2", 8000}, {"investment_wan", 9600}, {"output_wan", 24000}, {"tax_wan", 1200}, {"jobs", 60},
            {"energy_tce", 240}, {"pollution_class", 1}, {"far", 1.5}, {"building_coefficient", 0.45}, {"admin_share", 0.05},
            {"green_ratio", 0.15}, {"rd_intensity", 0.06}, {"high_tech", true}, {"hazardous_chem", false}};
  }
  EvaluationResult evaluate(const json& fields, const EvaluationOptions& options = {}) {
    const Store store = Store::open(db(), StoreAccess::ReadOnly);
    const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
    return evaluateProject(engine, store, ProjectSpec::fromJson(fields, "test"), options);
  }
  static const Dimension& dimension(const EvaluationResult& result, const std::string& name) {
    for (const Dimension& d : result.dimensions)
      if (d.name == name) return d;
    throw std::runtime_error("no dimension " + name);
  }
};

TEST_F(EvaluationScene, ProjectsBuiltForEachGradeLandOnIt) {
  const EvaluationResult a = evaluate(gradeA());
  EXPECT_EQ(a.grade, "A") << a.totalScore;
  EXPECT_FALSE(a.provisional);
  // On the best candidate parcel, 10,000 m² = 15 亩: 9,600 万元 / 15 = 640 万元/亩.
  EXPECT_NEAR(*dimension(a, "economic_benefit").indicators[0].value, 640.0, 1e-9);

  json b = gradeA();
  b["jobs"] = 6;  // 0.5 jobs per 亩 < 1: social benefit fails, which denies the top grade
  const EvaluationResult gradeB = evaluate(b);
  EXPECT_EQ(gradeB.grade, "B") << gradeB.totalScore;
  EXPECT_EQ(dimension(gradeB, "social_benefit").verdict, DimensionVerdict::Fail);

  json c = gradeA();
  c["hazardous_chem"] = true;  // hazardous chemicals: conditional admission at best
  EXPECT_EQ(evaluate(c).grade, "C");
  json c2 = gradeA();
  c2["investment_wan"] = 2400;  // 160 万元/亩 on the 15 亩 candidate < 300
  EXPECT_EQ(evaluate(c2).grade, "C");
  json c3 = gradeA();
  c3["building_coefficient"] = 0.2;  // below the 30% control indicator
  EXPECT_EQ(evaluate(c3).grade, "C");

  json d = gradeA();
  d["land_min_m2"] = 50000;  // no parcel is that large
  const EvaluationResult gradeD = evaluate(d, {.language = Language::English});
  EXPECT_EQ(gradeD.grade, "D");
  EXPECT_EQ(gradeD.reasons[1], "lowered to D 不予准入: no parcel or building passes the hard matching rules");
  // Chinese by default; c2's investment intensity (160 万元/亩 on the 15 亩 candidate, against >= 300) caps the grade at C.
  EXPECT_EQ(evaluate(d).reasons[1], "降为 D 不予准入：没有地块或载体满足匹配硬性条件");
  const EvaluationResult lowInvestment = evaluate(c2);
  EXPECT_EQ(lowInvestment.reasons[1], "降为 C 有条件准入：经济效益：投资强度 160.00 未达到 >= 300（良好 600）");
  EXPECT_EQ(evaluate(c2, {.language = Language::English}).reasons[1], "lowered to C 有条件准入: 投资强度 160.00 fails >= 300 (good 600) (经济效益)");
}

TEST_F(EvaluationScene, MissingInputsAreReportedNotScoredAsZero) {
  json fields = gradeA();
  fields.erase("rd_intensity");
  const EvaluationResult result = evaluate(fields);
  const Dimension& social = dimension(result, "social_benefit");
  EXPECT_EQ(social.verdict, DimensionVerdict::Incomplete);
  EXPECT_EQ(social.missing, std::vector<std::string>{"rd_intensity"});
  EXPECT_DOUBLE_EQ(*social.score, 100.0);  // the two present indicators both score full
  EXPECT_TRUE(result.provisional);
  EXPECT_EQ(result.grade, "A");

  for (const char* key : {"far", "building_coefficient", "admin_share", "green_ratio", "output_wan", "tax_wan", "high_tech",
                          "hazardous_chem", "tier", "energy_tce"}) {
    json without = gradeA();
    without.erase(key);
    const EvaluationResult partial = evaluate(without);
    EXPECT_TRUE(partial.provisional) << key;
    bool reported = false;
    for (const Dimension& d : partial.dimensions)
      for (const std::string& name : d.missing) reported = reported || name == key || (std::string(key) == "output_wan" && name == "output_per_mu") ||
                                                         (std::string(key) == "tax_wan" && name == "tax_per_mu") ||
                                                         (std::string(key) == "tier" && name == "enterprise_tier") ||
                                                         (std::string(key) == "energy_tce" && name == "energy_per_output");
    EXPECT_TRUE(reported) << key;
  }
}

TEST_F(MatchScene, TopCutsTheRankedListButNotTheCandidateCount) {
  const Store store = Store::open(db(), StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
  const ProjectSpec spec = project({{"land_min_m2", 8000}});
  const MatchResult all = engine.match(spec);
  const MatchResult top = engine.match(spec, MatchOptions{.top = 2});
  ASSERT_EQ(all.candidates.size(), 4u);
  EXPECT_EQ(top.candidateCount, 4);
  ASSERT_EQ(top.candidates.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(top.candidates[i].id, all.candidates[i].id);
    EXPECT_EQ(top.candidates[i].score, all.candidates[i].score);
    EXPECT_EQ(top.candidates[i].criteria.size(), all.candidates[i].criteria.size());
  }
  EXPECT_EQ(top.rejected, all.rejected);
}

TEST_F(MatchScene, AStatusEditIsSeenByAnEngineThatAlreadyMatched) {
  Store store = Store::open(db(), StoreAccess::ReadWrite);
  const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
  const ProjectSpec spec = project({{"land_min_m2", 8000}});
  EXPECT_EQ(ids(engine.match(spec)), (std::vector<std::string>{"A", "D", "F", "W"}));
  setParcelStatus(store, "F", "allocated");
  const MatchResult after = engine.match(spec);
  EXPECT_EQ(ids(after), (std::vector<std::string>{"A", "D", "W"}));
  EXPECT_EQ(after.rejected.at("status"), 2);
  setParcelStatus(store, "S", "available");  // S is a 100 m square inside the boundary, away from every zone
  EXPECT_EQ(ids(engine.match(spec)), (std::vector<std::string>{"A", "D", "S", "W"}));
}

std::vector<clip::Point> points(std::initializer_list<std::pair<double, double>> list) {
  std::vector<clip::Point> out;
  for (const auto& [x, y] : list) out.push_back({x, y});
  return out;
}

double clipped(const std::vector<clip::Point>& zone, const std::vector<clip::Point>& parcel) {
  clip::Point origin;
  const std::vector<clip::Point> convex = clip::convexCounterClockwise(parcel, origin);
  EXPECT_FALSE(convex.empty());
  std::vector<clip::Point> a, b;
  return clip::clippedArea(zone.data(), zone.size(), convex, origin, a, b);
}

TEST(ConvexClip, HandMadeOverlaps) {
  const auto square = points({{0, 0}, {10, 0}, {10, 10}, {0, 10}});
  EXPECT_DOUBLE_EQ(clipped(points({{5, 5}, {15, 5}, {15, 15}, {5, 15}}), square), 25);
  // Clockwise input and a closing point are accepted.
  EXPECT_DOUBLE_EQ(clipped(points({{5, 5}, {5, 15}, {15, 15}, {15, 5}, {5, 5}}), points({{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}})), 25);
  // Touching along an edge, and disjoint.
  EXPECT_DOUBLE_EQ(clipped(points({{10, 0}, {20, 0}, {20, 10}, {10, 10}}), square), 0);
  EXPECT_DOUBLE_EQ(clipped(points({{30, 0}, {40, 0}, {40, 10}}), square), 0);
  // A concave U around the square's middle: its two arms cover x 0-3 and 7-10 over y 2-10, the base y 0-2.
  const auto u = points({{-5, 0}, {15, 0}, {15, 20}, {7, 20}, {7, 2}, {3, 2}, {3, 20}, {-5, 20}});
  EXPECT_NEAR(clipped(u, square), 20 + 2 * 3 * 8, 1e-9);
  // The zone inside the parcel entirely.
  EXPECT_NEAR(clipped(points({{2, 2}, {4, 2}, {3, 4}}), square), 2, 1e-12);
}

TEST(ConvexClip, OnlyConvexSimpleOutlinesAreAccepted) {
  clip::Point origin;
  EXPECT_TRUE(clip::convexCounterClockwise(points({{0, 0}, {10, 0}, {5, 5}, {10, 10}, {0, 10}}), origin).empty());  // notch
  // A pentagram turns the same way at every vertex but twice round.
  std::vector<clip::Point> star;
  for (int k = 0; k < 5; ++k) star.push_back({std::cos(k * 4 * std::numbers::pi / 5), std::sin(k * 4 * std::numbers::pi / 5)});
  EXPECT_TRUE(clip::convexCounterClockwise(star, origin).empty());
  EXPECT_TRUE(clip::convexCounterClockwise(points({{0, 0}, {1, 1}, {2, 2}}), origin).empty());  // degenerate
  // Collinear and repeated points are dropped, not rejected.
  EXPECT_EQ(clip::convexCounterClockwise(points({{0, 0}, {5, 0}, {10, 0}, {10, 0}, {10, 10}, {0, 10}}), origin).size(), 4u);
}

// The independent cross-check: GEOS overlay areas of random parcels (convex pentagons as the
// benchmark makes them) against random concave 12-gons, at projected-CRS magnitudes.
TEST(ConvexClip, AgreesWithGeosOverlayOnRandomShapes) {
  std::mt19937_64 rng(7);
  auto uniform = [&](double a, double b) { return a + (b - a) * static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  // Coordinates in their shortest round-trip text, so that GEOS reads exactly the same doubles.
  auto wkt = [](const std::vector<clip::Point>& ring) {
    std::string text = "POLYGON((";
    for (std::size_t i = 0; i <= ring.size(); ++i)
      text += (i ? "," : "") + fmt::format("{} {}", ring[i % ring.size()].x, ring[i % ring.size()].y);
    return text + "))";
  };
  int overlapping = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const double x = 450000 + uniform(0, 1000), y = 3950000 + uniform(0, 1000);
    const double inset = uniform(5, 40), cut = uniform(0, 40), cell = 150;
    const std::vector<clip::Point> parcel{{x + inset, y + inset}, {x + cell - inset - cut, y + inset}, {x + cell - inset, y + inset + cut},
                                          {x + cell - inset, y + cell - inset}, {x + inset, y + cell - inset}};
    const double cx = x + uniform(-200, 350), cy = y + uniform(-200, 350), r = uniform(20, 300);
    std::vector<clip::Point> zone;
    for (int k = 0; k < 12; ++k) {
      const double angle = 2 * std::numbers::pi * k / 12, radius = r * uniform(0.3, 1.0);
      zone.push_back({cx + radius * std::cos(angle), cy + radius * std::sin(angle)});
    }
    const double expected = intersectionArea(geometryFromWkt(wkt(zone)).get(), geometryFromWkt(wkt(parcel)).get());
    if (expected > 1) ++overlapping;
    EXPECT_NEAR(clipped(zone, parcel), expected, 1e-6) << "trial " << trial;
  }
  EXPECT_GT(overlapping, 50);  // the scene really tests overlaps, not only misses
}

}  // namespace

// ---------------------------------------------------------------- issue 10: power, buildings, evaluation texts

TEST_F(MatchScene, PowerShortOfTheNeedIsRejectedAndWhyStatesTheShortfall) {
  const Store store = Store::open(db(), StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
  ASSERT_TRUE(engine.rules().powerSupply.has_value());  // the bundled pack makes power a hard rule
  // Every parcel supplies 2,000 kVA: a 1,500 kVA project keeps the candidates of the first test.
  EXPECT_EQ(ids(engine.match(project({{"land_min_m2", 8000}, {"power_kva", 1500}}))), (std::vector<std::string>{"A", "D", "F", "W"}));
  // 2,500 kVA: none; the six parcels with the right status, use and size are all short of power.
  const MatchResult short_ = engine.match(project({{"land_min_m2", 8000}, {"power_kva", 2500}}));
  EXPECT_TRUE(short_.candidates.empty());
  EXPECT_EQ(short_.rejected.at("power"), 6);
  const WhyResult why = engine.why(project({{"land_min_m2", 8000}, {"power_kva", 2500}}), CandidateKind::Parcel, "A");
  const RuleCheck* power = check(why, "power");
  ASSERT_NE(power, nullptr);
  EXPECT_FALSE(power->passed);
  EXPECT_EQ(power->fact, "供电容量 2,000 kVA < 项目需要 2,500 kVA，缺口 500 kVA");
  EXPECT_NE(power->remedy.find("500 kVA"), std::string::npos) << power->remedy;
  EXPECT_TRUE(check(engine.why(project({{"land_min_m2", 8000}, {"power_kva", 1500}}), CandidateKind::Parcel, "A"), "power")->passed);

  // The command says why the list is empty, in the table and (for scripts) on stderr beside the JSON.
  writeTextFile(m_dir / "power.json", R"({"id": "PW", "name": "耗电项目", "sector": "advanced_mfg", "land_min_m2": 8000, "power_kva": 2500})");
  const CliResult table = runLandbank(db(), {"match", "--spec", (m_dir / "power.json").string(), "--format", "table"});
  ASSERT_EQ(table.exitCode, 0) << table.err;
  EXPECT_NE(table.out.find("没有候选：6 处用地或载体的状态、用途和面积合适，但供电容量都低于项目所需的 2500 kVA"), std::string::npos) << table.out;
  const CliResult asJson = runLandbank(db(), {"match", "--spec", (m_dir / "power.json").string(), "--format", "json"});
  EXPECT_EQ(json::parse(asJson.out).at("rejected").at("power"), 6);
  EXPECT_NE(asJson.err.find("2500 kVA"), std::string::npos) << asJson.err;
  const CliResult whyTable = runLandbank(db(), {"--lang", "en", "match", "--spec", (m_dir / "power.json").string(), "--why", "A", "--format", "table"});
  EXPECT_NE(whyTable.out.find("[FAIL] power supply: power supply 2,000 kVA < the project's need of 2,500 kVA, short by 500 kVA"), std::string::npos)
      << whyTable.out;
}

TEST(PowerRule, UnknownSupplyFollowsTheRulePack) {
  PowerSupplyRule pass;
  PowerSupplyRule reject;
  reject.unknownSupply = PowerSupplyRule::UnknownSupply::Reject;
  EXPECT_TRUE(match::powerSupplyPasses(pass, std::nullopt, 800.0));
  EXPECT_FALSE(match::powerSupplyPasses(reject, std::nullopt, 800.0));
  EXPECT_TRUE(match::powerSupplyPasses(reject, std::nullopt, std::nullopt));  // no need stated
  EXPECT_TRUE(match::powerSupplyPasses(reject, 800.0, 800.0));
  EXPECT_FALSE(match::powerSupplyPasses(pass, 799.0, 800.0));
  const RuleCheck unknown = match::explainPowerSupply(pass, std::nullopt, 800, Language::Chinese);
  EXPECT_TRUE(unknown.passed);
  EXPECT_NE(unknown.fact.find("未登记"), std::string::npos);
  EXPECT_NE(unknown.fact.find("核实"), std::string::npos);  // a pass that must still be verified says so
  json pack = json::parse(readTextFile(RulePack::bundledPath()));
  pack["matching"]["power_supply"]["unknown_supply"] = "maybe";
  EXPECT_THROW(RulePack::parse(pack.dump(), "power.json"), Error);
  pack["matching"].erase("power_supply");  // packs before 2026.3 have no power rule
  EXPECT_FALSE(RulePack::parse(pack.dump(), "old.json").powerSupply.has_value());
}

TEST_F(MatchScene, BuildingsHonourNearAndReportFloorSpaceInSquareMetres) {
  // BL-NEAR is 100 m from the highway exit at (50, 600), BL-FAR about 1,960 m.
  writeTextFile(m_dir / "buildings.csv", "id,name,type,vacant_floor_m2,WKT\n"
                                         "BL-NEAR,近厂房,factory,3000," + scenePointWkt(50, 500) + "\n"
                                         "BL-FAR,远厂房,factory,3000," + scenePointWkt(2000, 500) + "\n");
  ASSERT_EQ(runLandbank(db(), {"import", "buildings", (m_dir / "buildings.csv").string(), "--crs", "EPSG:4549"}).exitCode, 0);
  writeTextFile(m_dir / "floor.json", R"({"id": "FL", "name": "租赁项目", "sector": "advanced_mfg", "floor_need_m2": 2000,
                                          "building_type": "factory", "near": [{"type": "highway_exit", "max_m": 500}]})");
  const std::string spec = (m_dir / "floor.json").string();
  const json matched = json::parse(runLandbank(db(), {"match", "--spec", spec, "--kind", "building", "--format", "json"}).out);
  ASSERT_EQ(matched.at("candidates").size(), 1u) << matched.dump();
  EXPECT_EQ(matched.at("candidates").at(0).at("id"), "BL-NEAR");
  EXPECT_EQ(matched.at("rejected").at("near:highway_exit"), 1);
  const json why = json::parse(runLandbank(db(), {"match", "--spec", spec, "--kind", "building", "--why", "BL-FAR", "--format", "json"}).out);
  EXPECT_FALSE(why.at("candidate").get<bool>());
  bool nearChecked = false;
  for (const json& c : why.at("checks"))
    if (c.at("rule") == "near:highway_exit") nearChecked = !c.at("passed").get<bool>();
  EXPECT_TRUE(nearChecked) << why.dump();
  const CliResult table = runLandbank(db(), {"match", "--spec", spec, "--kind", "building", "--format", "table"});
  EXPECT_NE(table.out.find("空置面积 m²"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("亩"), std::string::npos) << table.out;  // floor space is not land
  EXPECT_NE(table.out.find("3,000"), std::string::npos) << table.out;
}

TEST_F(EvaluationScene, GradeTextsGoFromTheScoreThroughEachCapToOneConclusion) {
  json fields = gradeA();
  fields["hazardous_chem"] = true;  // the total stays above 85 (grade A by score), the cap makes it C
  const EvaluationResult result = evaluate(fields);
  EXPECT_EQ(result.scoreGrade, "A") << result.totalScore;
  EXPECT_EQ(result.grade, "C");
  ASSERT_GE(result.reasons.size(), 3u);
  EXPECT_EQ(result.reasons.front().rfind("按总分：加权总分", 0), 0u) << result.reasons.front();
  EXPECT_NE(result.reasons.front().find("对应 A 优先引进"), std::string::npos);
  EXPECT_EQ(result.reasons[1].rfind("降为 C 有条件准入：安全环保：危险化学品", 0), 0u) << result.reasons[1];
  EXPECT_EQ(result.reasons.back(), "结论：C 有条件准入");
  for (const std::string& reason : result.reasons) EXPECT_EQ(reason.find("评为"), std::string::npos) << reason;
  ASSERT_FALSE(result.caps.empty());
  EXPECT_TRUE(result.caps.front().lowers);
  EXPECT_EQ(result.caps.front().grade, "C");
  // The table prints the conclusion's grade and nothing that contradicts it.
  writeTextFile(m_dir / "hazard.json", fields.dump());
  const CliResult table = runLandbank(db(), {"evaluate", "--spec", (m_dir / "hazard.json").string(), "--format", "table"});
  EXPECT_NE(table.out.find("等级 C 有条件准入"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("评为 A"), std::string::npos) << table.out;
}

TEST_F(EvaluationScene, IncompleteDimensionShowsAProvisionalRangeNotFullMarks) {
  json fields = gradeA();
  fields.erase("rd_intensity");
  fields.erase("high_tech");
  const Dimension& social = dimension(evaluate(fields), "social_benefit");
  // jobs per 亩 scores full; the two missing indicators could score 0 or 1: 33.3 .. 100.
  EXPECT_NEAR(*social.scoreLow, 100.0 / 3, 1e-9);
  EXPECT_NEAR(*social.scoreHigh, 100.0, 1e-9);
  writeTextFile(m_dir / "partial.json", fields.dump());
  const CliResult table = runLandbank(db(), {"evaluate", "--spec", (m_dir / "partial.json").string(), "--format", "table"});
  std::string socialRow;
  std::istringstream lines(table.out);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("社会效益", 0) == 0) socialRow = line;
  EXPECT_NE(socialRow.find("暂定 33.3–100.0"), std::string::npos) << table.out;
  EXPECT_EQ(socialRow.find(" 100.0 "), std::string::npos) << socialRow;
  const json asJson = json::parse(runLandbank(db(), {"evaluate", "--spec", (m_dir / "partial.json").string(), "--format", "json"}).out);
  for (const json& d : asJson.at("dimensions"))
    if (d.at("name") == "social_benefit") {
      EXPECT_TRUE(d.at("provisional").get<bool>());
      EXPECT_EQ(d.at("score_range"), json::array({33.3, 100.0}));
    }
}

TEST_F(EvaluationScene, PerMuIndicatorsUseTheLandTheProjectWillUse) {
  // The best candidate parcel is 10,000 m² = 15 亩, not land_min_m2 (12 亩): 9,600 万元 / 15 = 640.
  const EvaluationResult onCandidate = evaluate(gradeA());
  ASSERT_TRUE(onCandidate.landBasis.has_value());
  EXPECT_NEAR(onCandidate.landBasis->mu, 15.0, 1e-9);
  EXPECT_NE(onCandidate.landBasis->description.find("最优候选地块"), std::string::npos) << onCandidate.landBasis->description;
  const Indicator& intensity = dimension(onCandidate, "economic_benefit").indicators[0];
  EXPECT_NEAR(*intensity.value, 640.0, 1e-9);
  EXPECT_NE(intensity.unit.find("最优候选地块"), std::string::npos) << intensity.unit;
  // No candidate (no parcel is that large): the upper bound, 120 亩, with the lower bound's figure beside it.
  json big = gradeA();
  big["land_min_m2"] = 50000;
  big["land_max_m2"] = 80000;
  const EvaluationResult onRange = evaluate(big);
  EXPECT_NEAR(onRange.landBasis->mu, 120.0, 1e-9);
  EXPECT_NEAR(*onRange.landBasis->otherMu, 75.0, 1e-9);
  const Indicator& rangeIntensity = dimension(onRange, "economic_benefit").indicators[0];
  EXPECT_NEAR(*rangeIntensity.value, 80.0, 1e-9);
  EXPECT_EQ(rangeIntensity.valueText, "80.00（按 75.0 亩为 128.00）");
  EXPECT_NE(rangeIntensity.unit.find("用地上限"), std::string::npos) << rangeIntensity.unit;
}

TEST_F(EvaluationScene, RatiosPrintAsPercentagesWithThePrecisionTheyCarry) {
  json fields = gradeA();
  fields["rd_intensity"] = 0.035;
  fields["admin_share"] = 0.0725;
  const EvaluationResult result = evaluate(fields);
  auto indicator = [&](const std::string& dimensionName, const std::string& name) -> const Indicator& {
    for (const Indicator& i : dimension(result, dimensionName).indicators)
      if (i.name == name) return i;
    throw std::runtime_error("no indicator " + name);
  };
  EXPECT_EQ(indicator("social_benefit", "rd_intensity").valueText, "3.5%");
  EXPECT_EQ(indicator("land_planning", "admin_share").valueText, "7.25%");
  EXPECT_EQ(indicator("land_planning", "building_coefficient").valueText, "45%");
  EXPECT_EQ(indicator("land_planning", "building_coefficient").threshold, ">= 30%");
  writeTextFile(m_dir / "ratios.json", fields.dump());
  const CliResult table = runLandbank(db(), {"evaluate", "--spec", (m_dir / "ratios.json").string(), "--format", "table"});
  EXPECT_NE(table.out.find("3.5%"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("0.04"), std::string::npos) << table.out;
}
