// Parcel assembly (`--assemble`) on hand-made parcels whose answers are known, and the shared
// boundary lengths of the sample cross-checked with SpatiaLite SQL.
//
// The scene, in EPSG:4549 metres from (527000, 4018000), grid 50 m; every parcel has land use
// 100101, is available and has 2,000 kVA, and is 5,000 m² unless noted:
//
//   y=100..150  L2 L3                                 N2 (x 900..925, y 25..225: a thin arm)
//   y= 50..100  L2 ..    K2 (x 400..500)  S2 (x 690..790)        X2 (+ water source 2 over part of it)
//   y=  0.. 50  L1 L1    K1 (x 300..400)  S1 (x 600..700)  N1 (x 900..1100, y 0..25)  X1
//               x 0..100
//   L1 (0..100 x 0..50) and L2 (0..50 x 50..150) share 50 m: an L, union 10,000 m², hull 12,500 m² (0.8).
//   L3 (50..100 x 100..150, 2,500 m²) shares 50 m with L2 only.
//   K1 and K2 meet at the corner (400, 50) only. S1 and S2 share 10 m (x 690..700), under the 20 m minimum.
//   N1 and N2 share 25 m, but their union (10,000 m²) fills only 0.36 of its hull (27,500 m²).
//   X1 (1300..1400 x 0..50) and X2 (1300..1400 x 50..100) share 100 m; a water-source zone
//   (exclude_polluting) covers part of X2 only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "detail/sqlite.h"
#include "landbank/error.h"
#include "landbank/matching.h"
#include "landbank/rulepack.h"
#include "landbank/store.h"
#include "test_support.h"

using namespace landbank;
using namespace landbank::test;
using nlohmann::json;

namespace {


class AssemblyScene : public ::testing::Test {
 protected:
  void SetUp() override {
    initDatabase(db());
    std::string parcels = "id,land_use,status,price_wan_per_mu,water,gas,sewage,road,power_kva,WKT\n";
    auto parcel = [&](const char* id, const std::string& wkt) { parcels += std::string(id) + ",100101,available,30,1,1,1,1,2000," + wkt + "\n"; };
    parcel("L1", sceneBoxWkt(0, 0, 100, 50));
    parcel("L2", sceneBoxWkt(0, 50, 50, 150));
    parcel("L3", sceneBoxWkt(50, 100, 100, 150));
    parcel("K1", sceneBoxWkt(300, 0, 400, 50));
    parcel("K2", sceneBoxWkt(400, 50, 500, 100));
    parcel("S1", sceneBoxWkt(600, 0, 700, 50));
    parcel("S2", sceneBoxWkt(690, 50, 790, 100));
    parcel("N1", sceneBoxWkt(900, 0, 1100, 25));
    parcel("N2", sceneBoxWkt(900, 25, 925, 225));
    parcel("X1", sceneBoxWkt(1300, 0, 1400, 50));
    parcel("X2", sceneBoxWkt(1300, 50, 1400, 100));
    writeTextFile(m_dir / "parcels.csv", parcels);
    writeTextFile(m_dir / "constraints.csv",
                  "id,type,effect,value,name,WKT\nC-WATER,water_source_2,exclude_polluting,,水源," + sceneBoxWkt(1350, 60, 1390, 90) + "\n");
    writeTextFile(m_dir / "projects.csv",
                  "id,name,sector,tier,stage,land_min_m2,land_max_m2,pollution_class\n"
                  "BIG,大项目,advanced_mfg,global500,signed,9000,12000,1\n"
                  "SMALL,小项目,advanced_mfg,other,signed,4000,6000,1\n");
    for (const char* layer : {"parcels", "constraints", "projects"}) {
      const CliResult result = runLandbank(db(), {"import", layer, (m_dir / (std::string(layer) + ".csv")).string(), "--crs", "EPSG:4549"});
      ASSERT_EQ(result.exitCode, 0) << result.err;
    }
  }

  std::filesystem::path db() const { return m_dir / "assembly.sqlite"; }

  static ProjectSpec project(double minArea, std::optional<double> maxArea, int pollutionClass = 1) {
    json fields{{"id", "T"}, {"name", "test"}, {"sector", "advanced_mfg"}, {"land_min_m2", minArea}, {"pollution_class", pollutionClass}};
    if (maxArea) fields["land_max_m2"] = *maxArea;
    if (pollutionClass >= 2) fields["land_use"] = json::array({"100101"});  // the ladder would refuse 100101 to class 2
    return ProjectSpec::fromJson(fields, "test");
  }

  static MatchResult assembled(const MatchEngine& engine, const ProjectSpec& spec) {
    MatchOptions options;
    options.assemble = AssemblyMode::On;
    return engine.match(spec, options);
  }

  static std::vector<std::string> ids(const MatchResult& result) {
    std::vector<std::string> list;
    for (const Candidate& candidate : result.candidates) list.push_back(candidate.id);
    std::sort(list.begin(), list.end());
    return list;
  }

  TempDir m_dir;
};

TEST_F(AssemblyScene, AnLOfTwoParcelsFitsAProjectTooLargeForEither) {
  const Store store = Store::open(db(), StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
  const ProjectSpec spec = project(9000, 12000);
  // Without --assemble no parcel is large enough.
  EXPECT_TRUE(engine.match(spec).candidates.empty());
  const MatchResult result = assembled(engine, spec);
  // The L and the X pair; not the corner pair, the 10 m pair or the thin arms.
  EXPECT_EQ(ids(result), (std::vector<std::string>{"L1+L2", "X1+X2"}));
  const auto l = std::find_if(result.candidates.begin(), result.candidates.end(), [](const Candidate& c) { return c.id == "L1+L2"; });
  ASSERT_NE(l, result.candidates.end());
  EXPECT_EQ(l->members, (std::vector<std::string>{"L1", "L2"}));
  EXPECT_EQ(l->kind, CandidateKind::Parcel);
  EXPECT_NEAR(l->areaSquareMetres, 10000, 1e-6);  // the union's area, within 1 µm²
  ASSERT_TRUE(l->centroid.has_value());
  // Scored like a parcel: area_fit on the union (10,000 / 9,000 - 1), compactness of the union.
  const auto areaFit = std::find_if(l->criteria.begin(), l->criteria.end(), [](const CriterionScore& c) { return c.name == "area_fit"; });
  ASSERT_NE(areaFit, l->criteria.end());
  EXPECT_NEAR(areaFit->value, 10000.0 / 9000.0 - 1, 1e-9);
  // Examined: the L, the X pair and the thin arms (the corner and 10 m pairs are not adjacent).
  EXPECT_EQ(result.considered, 11 + 3);
  EXPECT_EQ(result.rejected.at("assembly:compactness"), 1);
  std::int64_t rejected = 0;
  for (const auto& [reason, count] : result.rejected) rejected += count;
  EXPECT_EQ(rejected + result.candidateCount, result.considered);
}

TEST_F(AssemblyScene, CornerContactShortEdgeAndThinArmsAreRefused) {
  const Store store = Store::open(db(), StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
  EXPECT_NEAR(engine.sharedBoundaryMetres("L1", "L2"), 50, 0.01);
  EXPECT_NEAR(engine.sharedBoundaryMetres("K1", "K2"), 0, 0.01);   // a corner only
  EXPECT_NEAR(engine.sharedBoundaryMetres("S1", "S2"), 10, 0.01);  // under the rule pack's 20 m
  EXPECT_NEAR(engine.sharedBoundaryMetres("N1", "N2"), 25, 0.01);
  EXPECT_NEAR(engine.sharedBoundaryMetres("L1", "K1"), 0, 0.01);   // 200 m apart
  const std::vector<std::string> found = ids(assembled(engine, project(9000, 12000)));
  for (const char* refused : {"K1+K2", "S1+S2", "N1+N2"}) EXPECT_EQ(std::count(found.begin(), found.end(), refused), 0) << refused;
}

TEST_F(AssemblyScene, EveryMemberIsNeeded) {
  const Store store = Store::open(db(), StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
  // 9,000 m²: L1+L2 suffices, so L1+L2+L3 (L3 not needed) is not offered; L2+L3 (7,500 m²) is too small.
  std::vector<std::string> found = ids(assembled(engine, project(9000, std::nullopt)));
  EXPECT_EQ(std::count(found.begin(), found.end(), "L1+L2"), 1);
  EXPECT_EQ(std::count(found.begin(), found.end(), "L1+L2+L3"), 0);
  EXPECT_EQ(std::count(found.begin(), found.end(), "L2+L3"), 0);
  // 11,000 m²: all three are needed (dropping L2 disconnects L1 from L3); 12,500 m² over a hull of 15,000.
  found = ids(assembled(engine, project(11000, std::nullopt)));
  EXPECT_EQ(std::count(found.begin(), found.end(), "L1+L2+L3"), 1);
  EXPECT_EQ(std::count(found.begin(), found.end(), "L1+L2"), 0);
  // 12,000 m² at most: the three together (12,500 m²) are too large.
  found = ids(assembled(engine, project(11000, 12000)));
  EXPECT_EQ(std::count(found.begin(), found.end(), "L1+L2+L3"), 0);
}

TEST_F(AssemblyScene, AConstraintOverOneMemberExcludesTheAssemblyWhenItsRuleApplies) {
  const Store store = Store::open(db(), StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
  // The water-source zone over part of X2 excludes polluting projects (class >= 2) only.
  std::vector<std::string> found = ids(assembled(engine, project(9000, 12000, 1)));
  EXPECT_EQ(std::count(found.begin(), found.end(), "X1+X2"), 1);
  found = ids(assembled(engine, project(9000, 12000, 2)));
  EXPECT_EQ(found, (std::vector<std::string>{"L1+L2"}));
}

TEST_F(AssemblyScene, AnAssemblyAndItsMembersAreNeverBothAssigned) {
  // Only the L's parcels stay in the round for both (holding X2 takes X1+X2 with it, and SMALL may
  // not have X1): the major project BIG takes L1+L2, and SMALL, which could use L1 or L2 alone, is
  // left out with both taken by BIG.
  const std::vector<std::string> round{"allocate", "--projects", "BIG,SMALL", "--hold", "L3,K1,K2,S1,S2,N1,N2,X2", "--forbid", "SMALL=X1",
                                       "--format", "json"};
  std::vector<std::string> args = round;
  args.push_back("--assemble");
  CliResult result = runLandbank(db(), args);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  json plan = json::parse(result.out);
  ASSERT_EQ(plan["assignments"].size(), 1u) << plan.dump(2);
  EXPECT_EQ(plan["assignments"][0]["project"], "BIG");
  EXPECT_EQ(plan["assignments"][0]["site"], "L1+L2");
  EXPECT_EQ(plan["assignments"][0]["members"], json({"L1", "L2"}));
  ASSERT_EQ(plan["unplaced"].size(), 1u);
  EXPECT_EQ(plan["unplaced"][0]["project"], "SMALL");
  EXPECT_EQ(plan["unplaced"][0]["reason"], "taken");
  EXPECT_EQ(plan["unplaced"][0]["taken_by"], json({"BIG"}));
  // Without --assemble BIG has no candidate and SMALL takes a parcel.
  result = runLandbank(db(), round);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  plan = json::parse(result.out);
  ASSERT_EQ(plan["assignments"].size(), 1u);
  EXPECT_EQ(plan["assignments"][0]["project"], "SMALL");
  EXPECT_EQ(plan["unplaced"][0]["reason"], "no_candidate");
}

TEST_F(AssemblyScene, MatchJsonListsTheMembers) {
  const CliResult result = runLandbank(db(), {"match", "BIG", "--assemble", "--format", "json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const json out = json::parse(result.out);
  ASSERT_FALSE(out["candidates"].empty());
  for (const json& candidate : out["candidates"]) {
    EXPECT_EQ(candidate["kind"], "parcel");
    ASSERT_TRUE(candidate.contains("members"));
    EXPECT_EQ(candidate["members"].size(), 2u);
  }
  // --assemble is a usage error with reverse matching; with --why it is allowed (below).
  EXPECT_EQ(runLandbank(db(), {"match", "--parcel", "L1", "--assemble"}).exitCode, 2);
}

const RuleCheck* checkNamed(const WhyResult& why, const std::string& rule) {
  for (const RuleCheck& check : why.checks)
    if (check.rule == rule) return &check;
  return nullptr;
}

TEST_F(AssemblyScene, WhyExplainsAnAssemblyWithTheSameAnswerAsTheMatch) {
  const Store store = Store::open(db(), StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
  const ProjectSpec spec = project(9000, 12000);
  const MatchResult matched = assembled(engine, spec);
  const auto l = std::find_if(matched.candidates.begin(), matched.candidates.end(), [](const Candidate& c) { return c.id == "L1+L2"; });
  ASSERT_NE(l, matched.candidates.end());
  // The L: a candidate, its members in id order whatever order they were typed in, the same score.
  const WhyResult why = engine.why(spec, CandidateKind::Parcel, "L2+L1");
  EXPECT_EQ(why.id, "L1+L2");
  EXPECT_TRUE(why.candidate);
  for (const char* rule : {"assembly:members", "assembly:adjacency", "assembly:needed", "assembly:compactness", "area", "status", "land_use"})
    ASSERT_NE(checkNamed(why, rule), nullptr) << rule;
  EXPECT_NE(checkNamed(why, "assembly:adjacency")->fact.find("L1–L2 共边 50 m"), std::string::npos) << checkNamed(why, "assembly:adjacency")->fact;
  ASSERT_TRUE(why.scored.has_value());
  EXPECT_NEAR(why.scored->score, l->score, 1e-12);
  EXPECT_EQ(why.scored->members, (std::vector<std::string>{"L1", "L2"}));
  EXPECT_NEAR(why.scored->areaSquareMetres, 10000, 1e-6);
  // The status rule is said once per member, named by it.
  std::size_t statusChecks = 0;
  for (const RuleCheck& check : why.checks) statusChecks += check.rule == "status" ? 1 : 0;
  EXPECT_EQ(statusChecks, 2u);

  // A pair that meets at a corner only: not adjacent, so not a candidate; the match never offers it.
  const WhyResult corner = engine.why(spec, CandidateKind::Parcel, "K1+K2");
  EXPECT_FALSE(corner.candidate);
  EXPECT_FALSE(checkNamed(corner, "assembly:adjacency")->passed);
  EXPECT_FALSE(checkNamed(corner, "assembly:adjacency")->remedy.empty());
  // The L with L3 added: L3 is surplus for 9,000 m² (and the three exceed 12,000 m²).
  const WhyResult surplus = engine.why(project(9000, std::nullopt), CandidateKind::Parcel, "L1+L2+L3");
  EXPECT_FALSE(surplus.candidate);
  EXPECT_FALSE(checkNamed(surplus, "assembly:needed")->passed);
  EXPECT_NE(checkNamed(surplus, "assembly:needed")->remedy.find("L3"), std::string::npos);
  // Thin arms: adjacent, big enough, but not compact.
  const WhyResult thin = engine.why(spec, CandidateKind::Parcel, "N1+N2");
  EXPECT_FALSE(thin.candidate);
  EXPECT_TRUE(checkNamed(thin, "assembly:adjacency")->passed);
  EXPECT_FALSE(checkNamed(thin, "assembly:compactness")->passed);
  // The water-source zone over X2 fails X2's own rule for a polluting project, named by the member.
  const WhyResult polluting = engine.why(project(9000, 12000, 2), CandidateKind::Parcel, "X1+X2");
  EXPECT_FALSE(polluting.candidate);
  bool memberNamed = false;
  for (const RuleCheck& check : polluting.checks)
    if (!check.passed && check.fact.starts_with("[X2] ")) memberNamed = true;
  EXPECT_TRUE(memberNamed);
  // An unknown member is named; a malformed id is a usage error.
  try {
    engine.why(spec, CandidateKind::Parcel, "L1+NOPE");
    FAIL() << "an unknown member was explained";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::UnknownId);
    EXPECT_NE(std::string(error.what()).find("NOPE"), std::string::npos);
  }
  EXPECT_THROW(engine.why(spec, CandidateKind::Parcel, "L1++L2"), Error);
  EXPECT_THROW(engine.why(spec, CandidateKind::Parcel, "L1+L1"), Error);
}

TEST_F(AssemblyScene, WhyOfAnAssemblyFromTheCommandLine) {
  CliResult result = runLandbank(db(), {"match", "BIG", "--why", "L1+L2", "--format", "table"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("合并:相邻连片"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("[L2] "), std::string::npos) << result.out;
  result = runLandbank(db(), {"--lang", "en", "match", "BIG", "--why", "K1+K2", "--assemble", "--format", "json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const json why = json::parse(result.out);
  EXPECT_EQ(why["candidate"], false) << why.dump(2);
  EXPECT_EQ(runLandbank(db(), {"match", "BIG", "--why", "L1+NOPE"}).exitCode, 1);
}

// Shared boundary lengths of neighbouring sample parcels, measured by SpatiaLite SQL, against the
// engine's measure (within 1 cm), for every pair among the first 120 sample parcels that touch:
//  - where the two boundaries are noded alike, the length of their intersection
//    (ST_Intersection(ST_Boundary(a), ST_Boundary(b))) is the shared edge;
//  - where one parcel's vertex lies on the other's edge only up to rounding (a T-junction), that
//    intersection misses most of the edge; the length of each boundary within 5 cm of the other
//    parcel (ST_Buffer), less the 2 x 5 cm that the ends add, still measures it.
TEST(AssemblySample, SharedBoundariesAgreeWithSpatialite) {
  TempDir dir;
  const std::filesystem::path db = dir / "sample.sqlite";
  ASSERT_EQ(runLandbank(db, {"init", "--sample"}).exitCode, 0);
  const Store store = Store::open(db, StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
  auto statement = store.database().prepare(
      "SELECT a.id, b.id, IFNULL(ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))), 0),"
      " IFNULL(ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Buffer(b.geom, 0.05))), 0),"
      " IFNULL(ST_Length(ST_Intersection(ST_Boundary(b.geom), ST_Buffer(a.geom, 0.05))), 0), ST_Distance(a.geom, b.geom)"
      " FROM parcels a JOIN parcels b"
      " ON a.fid < b.fid AND b.fid IN (SELECT rowid FROM SpatialIndex WHERE f_table_name = 'parcels' AND search_frame ="
      " BuildMbr(MbrMinX(a.geom) - 1, MbrMinY(a.geom) - 1, MbrMaxX(a.geom) + 1, MbrMaxY(a.geom) + 1))"
      " WHERE a.fid <= 120 AND ST_Distance(a.geom, b.geom) <= 0.05 ORDER BY a.id, b.id");
  int noded = 0, junctions = 0;
  while (statement.step()) {
    const std::string a = statement.columnText(0), b = statement.columnText(1);
    const double exact = statement.columnDouble(2);
    const double near = std::max(0.0, std::min(statement.columnDouble(3), statement.columnDouble(4)) - 2 * (0.05 - statement.columnDouble(5)));
    const double measured = engine.sharedBoundaryMetres(a, b);
    EXPECT_NEAR(measured, near, 0.01) << a << " / " << b;
    if (std::abs(exact - near) <= 0.01) {
      EXPECT_NEAR(measured, exact, 0.01) << a << " / " << b;
      ++noded;
    } else {
      EXPECT_GT(measured, exact + 0.01) << a << " / " << b;
      ++junctions;
    }
  }
  EXPECT_GE(noded, 5);
  EXPECT_GE(junctions, 1);
}

}  // namespace
