// The stored parcel facts (landbank/stored_facts.h): a match over them gives the same JSON as one that
// measures every fact; every engine write that changes them refreshes them in its transaction; a
// kill in the middle of that leaves the old facts and data; stale facts fall back to measuring.
//
// The scene, in EPSG:4549 metres from (527000, 4018000); every parcel a 100 m square of land use
// 100101 unless noted:
//
//   y=0..100   A (0-100) | C-RED exclude (100-200) | B (300-400), C-FARM exclude from 399.98 (2 m² of B)
//              D (600-700) with C-PEN penalty 0.4 over its west half (600-650) ... S (1200-1300, allocated)
//   C-DEV require_within: x -1000..699.5, y -1000..1000 (so 99.5% of D inside)
//   parks: PK-1 over x 0..50 of A (5,000 m²);   highway exit HX-1 at (50, 600); enterprise EN-1 at (350, 300)
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "detail/sqlite.h"
#include "landbank/edits.h"
#include "landbank/feedback.h"
#include "landbank/features.h"
#include "landbank/importer.h"
#include "landbank/matching.h"
#include "landbank/rulepack.h"
#include "landbank/store.h"
#include "landbank/stored_facts.h"
#include "test_support.h"

using namespace landbank;
using namespace landbank::test;
using nlohmann::json;

namespace {


class StoredFactsScene : public ::testing::Test {
 protected:
  void SetUp() override {
    initDatabase(db());
    writeTextFile(m_dir / "parcels.csv",
                  "id,land_use,status,price_wan_per_mu,water,gas,sewage,road,power_kva,WKT\n"
                  "A,100101,available,30,1,1,1,1,2000," + sceneBoxWkt(0, 0, 100, 100) + "\n"
                  "B,100101,available,30,1,1,1,1,2000," + sceneBoxWkt(300, 0, 400, 100) + "\n"
                  "D,100101,reserved,30,1,1,1,1,2000," + sceneBoxWkt(600, 0, 700, 100) + "\n"
                  "S,100101,allocated,30,1,1,1,1,2000," + sceneBoxWkt(1200, 0, 1300, 100) + "\n");
    writeTextFile(m_dir / "constraints.csv",
                  "id,type,effect,value,name,WKT\n"
                  "C-RED,eco_redline,exclude,,红线," + sceneBoxWkt(100, 0, 200, 100) + "\n"
                  "C-FARM,basic_farmland,exclude,,农田," + sceneBoxWkt(399.98, 0, 500, 100) + "\n"
                  "C-DEV,dev_boundary,require_within,,边界," + sceneBoxWkt(-1000, -1000, 699.5, 1000) + "\n"
                  "C-PEN,flood,penalty,0.4,洪涝," + sceneBoxWkt(600, 0, 650, 100) + "\n");
    writeTextFile(m_dir / "facilities.csv", "id,type,name,sector,WKT\nHX-1,highway_exit,出口,," + scenePointWkt(50, 600) + "\n"
                                            "EN-1,enterprise,企业,advanced_mfg," + scenePointWkt(350, 300) + "\n");
    writeTextFile(m_dir / "parks.csv", "id,name,sectors,WKT\nPK-1,园区,advanced_mfg," + sceneBoxWkt(0, 0, 50, 100) + "\n");
    for (const char* layer : {"parcels", "constraints", "facilities", "parks"}) importCsv(layer, m_dir / (std::string(layer) + ".csv"));
  }

  void importCsv(const std::string& layer, const std::filesystem::path& file, const std::string& mode = "append") {
    const CliResult result = runLandbank(db(), {"import", layer, file.string(), "--crs", "EPSG:4549", "--mode", mode});
    ASSERT_EQ(result.exitCode, 0) << result.err;
  }

  std::filesystem::path db() const { return m_dir / "scene.sqlite"; }

  // A whole-process run: the engine starts cold, as a planner's command does.
  std::string cli(const std::vector<std::string>& args) const {
    const CliResult result = runLandbankProcess(db(), args);
    EXPECT_EQ(result.exitCode, 0) << result.err;
    return result.out;
  }

  void markStale() const { spatialiteShell(db(), "UPDATE parcel_facts_state SET stale = 1"); }

  StoredFactsState state() const { return storedFactsState(Store::open(db(), StoreAccess::ReadOnly)); }

  std::optional<StoredParcelFacts> facts(const std::string& parcel) const { return readStoredFacts(Store::open(db(), StoreAccess::ReadOnly), parcel); }

  static double overlapWith(const StoredParcelFacts& facts, const std::string& constraint) {
    for (const auto& overlap : facts.overlaps)
      if (overlap.constraintId == constraint) return overlap.areaSquareMetres;
    return -1;
  }

  static std::vector<std::string> candidateIds(const std::string& matchJson) {
    std::vector<std::string> ids;
    const json result = json::parse(matchJson);
    for (const json& candidate : result["candidates"]) ids.push_back(candidate["id"].get<std::string>());
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  TempDir m_dir;
};

TEST_F(StoredFactsScene, ImportsLeaveCurrentFactsOfEveryOfferedParcelOnly) {
  EXPECT_EQ(state(), StoredFactsState::Current);
  for (const char* id : {"A", "B", "D"}) EXPECT_TRUE(facts(id).has_value()) << id;
  EXPECT_FALSE(facts("S").has_value());  // allocated: not offered, no facts
  const StoredParcelFacts d = *facts("D");
  EXPECT_NEAR(overlapWith(d, "C-PEN"), 5000.0, 1e-6);
  EXPECT_NEAR(*d.requireWithinShare, 0.995, 1e-12);
  EXPECT_NEAR(d.perimeterMetres, 400.0, 1e-9);
  ASSERT_EQ(d.nearest.size(), 2u);  // enterprise and highway_exit
  for (const auto& nearest : d.nearest) {
    if (nearest.facilityType == "highway_exit") {
      EXPECT_NEAR(*nearest.distanceMetres, std::hypot(550.0, 500.0), 1e-6);
    }
  }
  const StoredParcelFacts a = *facts("A");
  ASSERT_EQ(a.parks.size(), 1u);
  EXPECT_NEAR(a.parks[0].areaSquareMetres, 5000.0, 1e-6);
  EXPECT_NEAR(overlapWith(a, "C-RED"), 0.0, 1e-9);  // touches along x = 100: kept, with 0 m²
  const StoredParcelFacts b = *facts("B");
  ASSERT_EQ(b.enterprises.size(), 1u);
  EXPECT_NEAR(b.enterprises[0].distanceMetres, 200.0, 1e-9);
  EXPECT_NEAR(overlapWith(b, "C-FARM"), 2.0, 1e-6);
}

TEST_F(StoredFactsScene, StoredOverlapAreasAgreeWithSpatiaLite) {
  for (const auto& [parcel, constraint] : std::vector<std::pair<std::string, std::string>>{{"B", "C-FARM"}, {"D", "C-PEN"}, {"D", "C-DEV"}, {"A", "C-DEV"}}) {
    const std::string sql = "SELECT printf('%.9f', ST_Area(ST_Intersection(p.geom, c.geom))) FROM parcels p, constraints c WHERE p.id = '" + parcel +
                            "' AND c.id = '" + constraint + "'";
    const double expected = std::stod(spatialiteShell(db(), sql));
    EXPECT_NEAR(overlapWith(*facts(parcel), constraint), expected, 1e-6) << parcel << " " << constraint;
  }
}

TEST_F(StoredFactsScene, ColdMatchOverStoredFactsGivesTheSameJsonAsMeasuring) {
  writeTextFile(m_dir / "polluting.json", R"({"id": "P2", "name": "p", "sector": "advanced_mfg", "pollution_class": 2, "land_min_m2": 8000,
                                              "height_m": 24, "near": [{"type": "highway_exit", "max_m": 900}]})");
  writeTextFile(m_dir / "plain.json", R"({"id": "P1", "name": "p", "sector": "advanced_mfg", "subsector": "machinery", "land_min_m2": 8000,
                                          "needed_by": "2027-01-01"})");
  writeTextFile(m_dir / "small.json", R"({"id": "P3", "name": "p", "sector": "advanced_mfg", "land_min_m2": 12000})");
  const std::vector<std::vector<std::string>> runs{
      {"match", "--spec", (m_dir / "polluting.json").string(), "--format", "json"},
      {"match", "--spec", (m_dir / "plain.json").string(), "--format", "json"},
      {"match", "--spec", (m_dir / "plain.json").string(), "--format", "json", "--stability", "20"},
      {"match", "--spec", (m_dir / "small.json").string(), "--format", "json", "--assemble"},
      {"match", "--spec", (m_dir / "plain.json").string(), "--format", "json", "--why", "B"},
      {"match", "--spec", (m_dir / "plain.json").string(), "--format", "json", "--why", "D"},
      {"match", "--spec", (m_dir / "polluting.json").string(), "--format", "json", "--why", "A"},
  };
  ASSERT_EQ(state(), StoredFactsState::Current);
  std::vector<std::string> stored;
  for (const auto& args : runs) stored.push_back(cli(args));
  EXPECT_EQ(candidateIds(stored[1]), (std::vector<std::string>{"A", "D"})) << stored[1];  // B loses to C-FARM's 2 m²
  markStale();
  ASSERT_EQ(state(), StoredFactsState::Stale);
  for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_EQ(cli(runs[i]), stored[i]) << runs[i].back();
}

TEST_F(StoredFactsScene, ColdAndWarmMatchesOfTheSampleGiveByteIdenticalJson) {
  ASSERT_EQ(runLandbank(m_dir / "sample.sqlite", {"init", "--sample"}).exitCode, 0);
  const std::filesystem::path sample = m_dir / "sample.sqlite";
  ASSERT_EQ(storedFactsState(Store::open(sample, StoreAccess::ReadOnly)), StoredFactsState::Current);
  std::vector<std::string> projects;
  for (const json& project : json::parse(runLandbank(sample, {"projects", "--format", "json"}).out)) {
    if (project.contains("land_min_m2") && project["land_min_m2"].is_number()) projects.push_back(project["id"].get<std::string>());
    if (projects.size() == 5) break;
  }
  ASSERT_EQ(projects.size(), 5u);
  std::vector<std::vector<std::string>> runs;
  for (const std::string& id : projects) runs.push_back({"match", id, "--format", "json", "--top", "10"});
  runs.push_back({"match", projects[0], "--format", "json", "--why", json::parse(runLandbankProcess(sample, runs[0]).out)["candidates"][0]["id"]});
  const std::string firstParcel = json::parse(runLandbankProcess(sample, {"parcels", "--status", "available", "--limit", "1", "--format", "json"}).out)[0]["id"];
  runs.push_back({"match", "--parcel", firstParcel, "--format", "json"});
  std::vector<std::string> cold;
  for (const auto& args : runs) cold.push_back(runLandbankProcess(sample, args).out);
  spatialiteShell(sample, "UPDATE parcel_facts_state SET stale = 1");
  for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_EQ(runLandbankProcess(sample, runs[i]).out, cold[i]) << runs[i][1];
  // Warm: one engine, the same match twice over stored facts and twice measured.
  spatialiteShell(sample, "UPDATE parcel_facts_state SET stale = 0");
  const Store store = Store::open(sample, StoreAccess::ReadOnly);
  const MatchEngine engine(store, RulePack::load(RulePack::bundledPath()));
  const ProjectSpec spec = ProjectSpec::fromFeature(readFeature(store, Layer::Projects, projects[0]));
  const MatchResult first = engine.match(spec, MatchOptions{.top = 10});
  const MatchResult again = engine.match(spec, MatchOptions{.top = 10});
  ASSERT_EQ(first.candidates.size(), again.candidates.size());
  for (std::size_t i = 0; i < first.candidates.size(); ++i) {
    EXPECT_EQ(first.candidates[i].id, again.candidates[i].id);
    EXPECT_EQ(first.candidates[i].score, again.candidates[i].score);
  }
}

TEST_F(StoredFactsScene, AConstraintImportIsInTheFactsAndExcludesTheParcelOnAColdMatch) {
  writeTextFile(m_dir / "plain.json", R"({"id": "P1", "name": "p", "sector": "advanced_mfg", "land_min_m2": 8000})");
  const std::vector<std::string> args{"match", "--spec", (m_dir / "plain.json").string(), "--format", "json"};
  EXPECT_EQ(candidateIds(cli(args)), (std::vector<std::string>{"A", "D"}));
  // A new redline over the east half of A (x 50..100): 5,000 m².
  writeTextFile(m_dir / "more.csv", "id,type,effect,value,name,WKT\nC-NEW,eco_redline,exclude,,新红线," + sceneBoxWkt(50, 0, 100, 100) + "\n");
  importCsv("constraints", m_dir / "more.csv");
  EXPECT_EQ(state(), StoredFactsState::Current);
  EXPECT_NEAR(overlapWith(*facts("A"), "C-NEW"), 5000.0, 1e-6);
  const json result = json::parse(cli(args));
  EXPECT_EQ(candidateIds(result.dump()), (std::vector<std::string>{"D"}));
  EXPECT_EQ(result["rejected"]["constraint:eco_redline"], 1);  // A; B still fails on the farmland first
}

TEST_F(StoredFactsScene, StatusEditsAndParcelAppendsRefreshTheFactsOfThoseParcels) {
  ASSERT_FALSE(facts("S").has_value());
  {
    Store store = Store::open(db(), StoreAccess::ReadWrite);
    setParcelStatus(store, "S", "available");
  }
  EXPECT_EQ(state(), StoredFactsState::Current);
  ASSERT_TRUE(facts("S").has_value());
  EXPECT_NEAR(*facts("S")->requireWithinShare, 0.0, 1e-12);  // S lies outside the boundary
  {
    Store store = Store::open(db(), StoreAccess::ReadWrite);
    setParcelStatus(store, "A", "negotiating");
  }
  EXPECT_EQ(state(), StoredFactsState::Current);
  EXPECT_FALSE(facts("A").has_value());
  writeTextFile(m_dir / "new.csv", "id,land_use,status,WKT\nN,100101,available," + sceneBoxWkt(0, 150, 100, 250) + "\n");
  importCsv("parcels", m_dir / "new.csv");
  EXPECT_EQ(state(), StoredFactsState::Current);
  ASSERT_TRUE(facts("N").has_value());
  EXPECT_NEAR(*facts("N")->requireWithinShare, 1.0, 1e-12);
  // A new highway exit nearer to N changes its nearest distance: facilities feed every parcel's facts.
  writeTextFile(m_dir / "exit.csv", "id,type,name,WKT\nHX-2,highway_exit,出口," + scenePointWkt(50, 300) + "\n");
  importCsv("facilities", m_dir / "exit.csv");
  const StoredParcelFacts n = *facts("N");
  for (const auto& nearest : n.nearest) {
    if (nearest.facilityType == "highway_exit") {
      EXPECT_NEAR(*nearest.distanceMetres, 50.0, 1e-9);
    }
  }
}

TEST_F(StoredFactsScene, StaleFactsFallBackToMeasuringAndGiveTheRightAnswer) {
  writeTextFile(m_dir / "plain.json", R"({"id": "P1", "name": "p", "sector": "advanced_mfg", "land_min_m2": 8000})");
  const std::vector<std::string> args{"match", "--spec", (m_dir / "plain.json").string(), "--format", "json"};
  // A script adds an exclusion zone over D behind the engine's back: the trigger marks the facts stale.
  const std::string out = spatialiteShell(db(), "INSERT INTO constraints(id, type, effect, geom) VALUES ('C-SQL', 'eco_redline', 'exclude', "
                                                "CastToMulti(GeomFromText('POLYGON((527600 4018000, 527700 4018000, 527700 4018100, 527600 4018100, 527600 4018000))', 4549)))");
  ASSERT_EQ(state(), StoredFactsState::Stale) << out;
  EXPECT_EQ(candidateIds(cli(args)), (std::vector<std::string>{"A"}));
  // LANDBANK_DEBUG says that this match measured instead of reading the stored facts.
  setenv("LANDBANK_DEBUG", "1", 1);
  std::vector<std::string> english{"--lang", "en"};
  english.insert(english.end(), args.begin(), args.end());
  const CliResult debug = runLandbankProcess(db(), english);
  unsetenv("LANDBANK_DEBUG");
  EXPECT_NE(debug.err.find("stored parcel facts are stale or missing"), std::string::npos) << debug.err;
  // The next engine write rebuilds them all; the answer stays.
  {
    Store store = Store::open(db(), StoreAccess::ReadWrite);
    setParcelStatus(store, "S", "reserved");
  }
  EXPECT_EQ(state(), StoredFactsState::Current);
  EXPECT_NEAR(overlapWith(*facts("D"), "C-SQL"), 10000.0, 1e-6);
  EXPECT_EQ(candidateIds(cli(args)), (std::vector<std::string>{"A"}));
}

TEST_F(StoredFactsScene, AKillDuringTheRefreshLeavesTheOldFactsAndData) {
  const std::string before = databaseFingerprint(db());
  const StoredParcelFacts oldFacts = *facts("A");
  writeTextFile(m_dir / "more.csv", "id,type,effect,value,name,WKT\nC-NEW,eco_redline,exclude,,新红线," + sceneBoxWkt(50, 0, 100, 100) + "\n");
  const std::vector<std::string> args{"--db", db().string(), "import", "constraints", (m_dir / "more.csv").string(), "--crs", "EPSG:4549"};
  const KilledRun killed = killWhenStderrSays(args, "LANDBANK_TEST_STALL_IN_FACTS=1", "stalled in the parcel facts refresh", (m_dir / "stall.err").string());
  ASSERT_TRUE(killed.sawMarker) << killed.stderrText;
  EXPECT_TRUE(killed.killedBySignal);
  EXPECT_TRUE(databaseFingerprint(db()) == before);
  EXPECT_EQ(state(), StoredFactsState::Current);
  const StoredParcelFacts after = *facts("A");
  EXPECT_EQ(after.overlaps.size(), oldFacts.overlaps.size());
  EXPECT_LT(overlapWith(after, "C-NEW"), 0);  // no such constraint in the old facts
}

TEST_F(StoredFactsScene, ADatabaseFromBeforeTheFactsIsMigratedStaleAndBuiltByItsFirstWrite) {
  // Make the file look like schema version 5: no facts tables, no triggers.
  std::string sql = "DROP TABLE parcel_facts; DROP TABLE parcel_facts_state; DROP TABLE parcel_facts_offered;";
  for (const char* table : {"parcels", "constraints", "facilities", "parks"})
    for (const char* event : {"insert", "delete", "update"}) sql += std::string(" DROP TRIGGER parcel_facts_stale_") + table + "_" + event + ";";
  sql += " PRAGMA user_version = 5;";
  ASSERT_EQ(spatialiteShell(db(), sql), "");
  writeTextFile(m_dir / "plain.json", R"({"id": "P1", "name": "p", "sector": "advanced_mfg", "land_min_m2": 8000})");
  const std::vector<std::string> args{"match", "--spec", (m_dir / "plain.json").string(), "--format", "json"};
  const std::string measured = cli(args);  // the match opens it read-write once to migrate
  EXPECT_EQ(state(), StoredFactsState::Stale);
  EXPECT_EQ(candidateIds(measured), (std::vector<std::string>{"A", "D"}));
  {
    Store store = Store::open(db(), StoreAccess::ReadWrite);
    setParcelStatus(store, "S", "building");  // still not offered: nothing to measure, the facts stay stale
  }
  EXPECT_EQ(state(), StoredFactsState::Stale);
  EXPECT_EQ(cli(args), measured);
  {
    Store store = Store::open(db(), StoreAccess::ReadWrite);
    setParcelStatus(store, "S", "reserved");  // enters the offered set: the facts get built
  }
  EXPECT_EQ(state(), StoredFactsState::Current);
  EXPECT_TRUE(facts("A").has_value());
  EXPECT_TRUE(facts("S").has_value());
  EXPECT_EQ(candidateIds(cli(args)), candidateIds(measured));  // S lies outside the boundary: the candidates stay
}

TEST_F(StoredFactsScene, AParcelLeavingTheOfferedSetOnlyLosesItsRowAndColdMatchesStayExact) {
  writeTextFile(m_dir / "plain.json", R"({"id": "P1", "name": "p", "sector": "advanced_mfg", "land_min_m2": 8000})");
  writeTextFile(m_dir / "polluting.json", R"({"id": "P2", "name": "p", "sector": "advanced_mfg", "pollution_class": 2, "land_min_m2": 8000,
                                              "near": [{"type": "highway_exit", "max_m": 900}]})");
  const std::vector<std::vector<std::string>> runs{
      {"match", "--spec", (m_dir / "plain.json").string(), "--format", "json"},
      {"match", "--spec", (m_dir / "polluting.json").string(), "--format", "json", "--assemble"},
      {"match", "--spec", (m_dir / "plain.json").string(), "--format", "json", "--why", "D"},
  };
  // A cold match over the stored facts, then the same match measuring every fact: byte-identical.
  auto expectColdEqualsMeasuring = [&](const std::string& when) {
    EXPECT_EQ(state(), StoredFactsState::Current) << when;
    std::vector<std::string> stored;
    for (const auto& args : runs) stored.push_back(cli(args));
    markStale();
    for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_EQ(cli(runs[i]), stored[i]) << when << ": " << runs[i].back();
    spatialiteShell(db(), "UPDATE parcel_facts_state SET stale = 0");
    return stored;
  };
  const StoredParcelFacts dBefore = *facts("D");
  const std::vector<std::string> before = expectColdEqualsMeasuring("before");
  EXPECT_EQ(candidateIds(before[0]), (std::vector<std::string>{"A", "D"}));
  // Out: reserved -> negotiating. The refresh measures nothing (so loads no layer) and drops D's row only.
  {
    Store store = Store::open(db(), StoreAccess::ReadWrite);
    SqliteTransaction transaction(store.database());
    const std::int64_t fid = *store.database().queryInt("SELECT fid FROM parcels WHERE id = 'D'");
    store.database().exec("UPDATE parcels SET status = 'negotiating' WHERE id = 'D'");
    EXPECT_EQ(updateStoredFacts(store, StoredFactsChange{StoredFactsChange::Scope::Parcels, {fid}, StoredFactsState::Current}), 0);
    transaction.commit();
  }
  EXPECT_EQ(state(), StoredFactsState::Current);
  EXPECT_FALSE(facts("D").has_value());
  for (const char* id : {"A", "B"}) EXPECT_TRUE(facts(id).has_value()) << id;
  {
    Store store = Store::open(db(), StoreAccess::ReadWrite);
    setParcelStatus(store, "A", "allocated");  // the same through the engine write
  }
  EXPECT_FALSE(facts("A").has_value());
  const std::vector<std::string> out = expectColdEqualsMeasuring("after leaving");
  EXPECT_TRUE(candidateIds(out[0]).empty()) << out[0];
  // In: both back to available; D is measured again, with the same facts as before.
  {
    Store store = Store::open(db(), StoreAccess::ReadWrite);
    setParcelStatus(store, "D", "available");
    setParcelStatus(store, "A", "reserved");
  }
  ASSERT_TRUE(facts("D").has_value());
  EXPECT_NEAR(overlapWith(*facts("D"), "C-PEN"), overlapWith(dBefore, "C-PEN"), 1e-9);
  EXPECT_EQ(facts("D")->requireWithinShare, dBefore.requireWithinShare);
  const std::vector<std::string> back = expectColdEqualsMeasuring("after entering");
  EXPECT_EQ(candidateIds(back[0]), (std::vector<std::string>{"A", "D"}));
  // Leaving the offered set while the facts are stale keeps them stale (no rebuild in a status edit).
  markStale();
  {
    Store store = Store::open(db(), StoreAccess::ReadWrite);
    setParcelStatus(store, "B", "building");
  }
  EXPECT_EQ(state(), StoredFactsState::Stale);
  EXPECT_EQ(candidateIds(cli(runs[0])), candidateIds(back[0]));  // B was not a candidate (C-FARM)
}

TEST_F(StoredFactsScene, AnAppendOfConstraintsMeasuresOnlyTheParcelsNearTheNewZones) {
  writeTextFile(m_dir / "plain.json", R"({"id": "P1", "name": "p", "sector": "advanced_mfg", "land_min_m2": 8000})");
  writeTextFile(m_dir / "polluting.json", R"({"id": "P2", "name": "p", "sector": "advanced_mfg", "pollution_class": 2, "land_min_m2": 8000,
                                              "near": [{"type": "highway_exit", "max_m": 900}]})");
  const std::vector<std::vector<std::string>> runs{
      {"match", "--spec", (m_dir / "plain.json").string(), "--format", "json"},
      {"match", "--spec", (m_dir / "polluting.json").string(), "--format", "json", "--assemble"},
      {"match", "--spec", (m_dir / "plain.json").string(), "--format", "json", "--why", "D"},
      {"match", "--spec", (m_dir / "plain.json").string(), "--format", "json", "--why", "A"},
  };
  const StoredParcelFacts bBefore = *facts("B"), dBefore = *facts("D");
  // A penalty zone over the west 30 m of D (x 600..630): 3,000 m². Only D's envelope meets it.
  writeTextFile(m_dir / "more.csv", "id,type,effect,value,name,WKT\nC-PEN2,hazard_buffer,penalty,0.5,危险缓冲," + sceneBoxWkt(600, 0, 630, 100) + "\n");
  ImportResult result;
  {
    Store store = Store::open(db(), StoreAccess::ReadWrite);
    ImportOptions options;
    options.layer = Layer::Constraints;
    options.sourcePath = m_dir / "more.csv";
    options.crs = "EPSG:4549";
    options.mode = ImportMode::Append;
    SilentFeedback feedback;
    result = importLayer(store, options, feedback);
  }
  EXPECT_EQ(result.factsMeasured, 1);  // D only; A and B keep their rows
  ASSERT_EQ(state(), StoredFactsState::Current);
  const StoredParcelFacts d = *facts("D");
  EXPECT_NEAR(overlapWith(d, "C-PEN2"), 3000.0, 1e-6);
  EXPECT_NEAR(overlapWith(d, "C-PEN"), overlapWith(dBefore, "C-PEN"), 1e-9);
  EXPECT_EQ(d.overlaps.size(), dBefore.overlaps.size() + 1);
  EXPECT_EQ(facts("B")->overlaps.size(), bBefore.overlaps.size());
  EXPECT_LT(overlapWith(*facts("A"), "C-PEN2"), 0);
  // A cold match over the rows (one new, the others kept) equals a match that measures every fact.
  std::vector<std::string> stored;
  for (const auto& args : runs) stored.push_back(cli(args));
  EXPECT_NE(stored[2].find("\"value\": 0.35,"), std::string::npos) << stored[2];  // D's penalty: 0.4 x 0.5 + 0.5 x 0.3 (was 0.2)
  markStale();
  for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_EQ(cli(runs[i]), stored[i]) << runs[i].back();
  // A require_within zone among the appended ones changes the union every share is measured against:
  // every offered parcel is measured again.
  spatialiteShell(db(), "UPDATE parcel_facts_state SET stale = 0");
  writeTextFile(m_dir / "within.csv", "id,type,effect,value,name,WKT\nC-DEV2,dev_boundary,require_within,,边界二," + sceneBoxWkt(1000, -100, 1100, 200) + "\n");
  {
    Store store = Store::open(db(), StoreAccess::ReadWrite);
    ImportOptions options;
    options.layer = Layer::Constraints;
    options.sourcePath = m_dir / "within.csv";
    options.crs = "EPSG:4549";
    SilentFeedback feedback;
    result = importLayer(store, options, feedback);
  }
  EXPECT_EQ(result.factsMeasured, 3);  // A, B, D
}

}  // namespace

// Migration 7: the facts rows carry the attributes a match reads, and the flat arrays of the offered
// parcels are stored, so a cold match never reads the parcels table.
TEST_F(StoredFactsScene, TheFactsRowsCarryEachParcelsAttributesAndTheOfferedArraysItsCount) {
  const std::string differing = spatialiteShell(
      db(), "SELECT count(*) FROM parcel_facts f JOIN parcels p USING (fid) WHERE f.id IS NOT p.id OR f.name IS NOT p.name OR f.land_use IS NOT p.land_use"
            " OR f.status IS NOT p.status OR f.subdistrict IS NOT p.subdistrict OR f.price_wan_per_mu IS NOT p.price_wan_per_mu"
            " OR f.power_kva IS NOT p.power_kva OR f.water IS NOT p.water OR f.gas IS NOT p.gas OR f.sewage IS NOT p.sewage"
            " OR f.road IS NOT p.road OR f.available_from IS NOT p.available_from OR f.area_m2 IS NOT p.area_m2");
  EXPECT_EQ(differing.substr(0, differing.find('\n')), "0");
  const std::string rows = spatialiteShell(db(), "SELECT group_concat(p.id, ',') FROM parcel_facts f JOIN parcels p USING (fid) ORDER BY p.id");
  EXPECT_EQ(rows.substr(0, rows.find('\n')), "A,B,D");
  const std::string count = spatialiteShell(db(), "SELECT parcel_count FROM parcel_facts_offered");
  EXPECT_EQ(count.substr(0, count.find('\n')), "4");
  // A script's edit of a copied attribute (not only status, area or geometry) makes them stale.
  spatialiteShell(db(), "UPDATE parcels SET price_wan_per_mu = 99 WHERE id = 'A'");
  EXPECT_EQ(state(), StoredFactsState::Stale);
}

TEST_F(StoredFactsScene, AnOfferedParcelWithoutLandUseHasNoRowAndColdMatchesStayExact) {
  // The importer requires a land use; a script's row may lack it. The next engine write rebuilds the facts.
  const std::string inserted = spatialiteShell(
      db(), "INSERT INTO parcels(id, status, area_m2, geom) VALUES ('N', 'available', 10000, "
            "CastToMulti(GeomFromText('POLYGON((527000 4018300, 527100 4018300, 527100 4018400, 527000 4018400, 527000 4018300))', 4549)))");
  ASSERT_EQ(inserted, "");
  {
    Store store = Store::open(db(), StoreAccess::ReadWrite);
    setParcelStatus(store, "S", "reserved");
  }
  ASSERT_EQ(state(), StoredFactsState::Current);
  EXPECT_TRUE(facts("S").has_value());
  EXPECT_FALSE(facts("N").has_value());
  writeTextFile(m_dir / "plain.json", R"({"id": "P1", "name": "p", "sector": "advanced_mfg", "land_min_m2": 8000})");
  const std::vector<std::vector<std::string>> runs{{"match", "--spec", (m_dir / "plain.json").string(), "--format", "json"},
                                                   {"match", "--spec", (m_dir / "plain.json").string(), "--format", "json", "--why", "N"}};
  std::vector<std::string> cold;
  for (const auto& args : runs) cold.push_back(cli(args));
  EXPECT_EQ(json::parse(cold[0])["rejected"]["land_use"], 1) << cold[0];
  markStale();
  for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_EQ(cli(runs[i]), cold[i]) << runs[i].back();
}

TEST_F(StoredFactsScene, AColdMatchOverCurrentFactsNeverLoadsSpatialite) {
  writeTextFile(m_dir / "plain.json", R"({"id": "P1", "name": "p", "sector": "advanced_mfg", "land_min_m2": 8000})");
  const std::vector<std::string> args{"--lang", "en", "match", "--spec", (m_dir / "plain.json").string(), "--format", "json"};
  setenv("LANDBANK_DEBUG", "1", 1);
  const CliResult cold = runLandbankProcess(db(), args);
  markStale();
  const CliResult measuring = runLandbankProcess(db(), args);
  unsetenv("LANDBANK_DEBUG");
  ASSERT_EQ(cold.exitCode, 0) << cold.err;
  EXPECT_EQ(cold.err.find("SpatiaLite loaded"), std::string::npos) << cold.err;
  // Measuring reads the parcels' geometry with SpatiaLite's AsBinary(): loaded then, on first use.
  EXPECT_NE(measuring.err.find("SpatiaLite loaded"), std::string::npos) << measuring.err;
  EXPECT_EQ(cold.out, measuring.out);
}

TEST_F(StoredFactsScene, ASchema6DatabaseIsMigratedStaleAndRebuiltWithTheAttributesByItsFirstWrite) {
  // Schema 6: facts rows without attributes, no stored arrays, the narrower update trigger.
  const std::string sql =
      "DROP TABLE parcel_facts_offered; DROP TABLE parcel_facts; CREATE TABLE parcel_facts (fid INTEGER PRIMARY KEY, facts BLOB NOT NULL);"
      " UPDATE parcel_facts_state SET format = 1; DROP TRIGGER parcel_facts_stale_parcels_update;"
      " CREATE TRIGGER parcel_facts_stale_parcels_update AFTER UPDATE OF status, area_m2, geom ON parcels"
      " WHEN (SELECT stale FROM parcel_facts_state) = 0 BEGIN UPDATE parcel_facts_state SET stale = 1; END; PRAGMA user_version = 6;";
  ASSERT_EQ(spatialiteShell(db(), sql), "");
  writeTextFile(m_dir / "plain.json", R"({"id": "P1", "name": "p", "sector": "advanced_mfg", "land_min_m2": 8000})");
  const std::vector<std::string> args{"match", "--spec", (m_dir / "plain.json").string(), "--format", "json"};
  const std::string measured = cli(args);  // migrates to schema 7: stale, measured
  EXPECT_EQ(state(), StoredFactsState::Stale);
  {
    Store store = Store::open(db(), StoreAccess::ReadWrite);
    setParcelStatus(store, "S", "reserved");
    setParcelStatus(store, "S", "allocated");
  }
  EXPECT_EQ(state(), StoredFactsState::Current);
  const std::string names = spatialiteShell(db(), "SELECT group_concat(id, ',') FROM (SELECT id FROM parcel_facts ORDER BY id)");
  EXPECT_EQ(names.substr(0, names.find('\n')), "A,B,D");
  EXPECT_EQ(cli(args), measured);
}
