#include <gtest/gtest.h>

#include "detail/sqlite.h"
#include "landbank/error.h"
#include "landbank/store.h"
#include "test_support.h"

using namespace landbank;
using landbank::test::TempDir;

TEST(Store, CreatesEveryLayerWithASpatialIndexInTheDatabaseCrs) {
  TempDir dir;
  Store store = Store::create(dir / "a.sqlite");
  EXPECT_EQ(store.databaseCrs(), "EPSG:4549");
  EXPECT_EQ(store.schemaVersion(), Store::currentSchemaVersion());
  SqliteDatabase& db = store.database();
  for (const LayerSpec& spec : allLayerSpecs()) {
    const std::string table(spec.name);
    auto geometry = db.prepare("SELECT srid, spatial_index_enabled FROM geometry_columns WHERE f_table_name = ?");
    geometry.bind(1, table);
    ASSERT_TRUE(geometry.step()) << table;
    EXPECT_EQ(geometry.columnInt(0), 4549) << table;
    EXPECT_EQ(geometry.columnInt(1), 1) << table;
    EXPECT_EQ(store.featureCount(spec.layer), 0);
  }
  EXPECT_EQ(db.queryText("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(db.queryInt("PRAGMA foreign_keys"), 1);
}

TEST(Store, TheConstraintAttributesAMatchLoadsComeFromACoveringIndexNotTheRows) {
  // The rows hold each zone's geometry; a cold match loads every constraint's attributes and should
  // read the small index only (schema migration 8). The statement is MatchEngine's (engine_load.cpp).
  TempDir dir;
  Store store = Store::create(dir / "a.sqlite");
  auto plan = store.database().prepare("EXPLAIN QUERY PLAN SELECT fid, type, effect, value FROM constraints ORDER BY fid");
  std::string steps;
  while (plan.step()) steps += plan.columnText(3) + "\n";
  EXPECT_NE(steps.find("USING COVERING INDEX constraints_match"), std::string::npos) << steps;
  EXPECT_EQ(steps.find("TEMP B-TREE"), std::string::npos) << steps;  // already in fid order
}

TEST(Store, RefusesToOverwriteAnExistingFile) {
  TempDir dir;
  test::writeTextFile(dir / "a.sqlite", "precious");
  EXPECT_THROW(Store::create(dir / "a.sqlite"), Error);
  EXPECT_EQ(test::readTextFile(dir / "a.sqlite"), "precious");
}

TEST(Store, RefusesAGeographicDatabaseCrs) {
  TempDir dir;
  StoreCreateOptions geographic;
  geographic.crs = "EPSG:4490";
  EXPECT_THROW(Store::create(dir / "a.sqlite", geographic), Error);
  EXPECT_FALSE(std::filesystem::exists(dir / "a.sqlite"));
}

TEST(Store, OpensOnlyLandbankDatabases) {
  TempDir dir;
  EXPECT_THROW(Store::open(dir / "missing.sqlite"), Error);
  { SqliteDatabase other((dir / "other.sqlite").string(), SqliteDatabase::Access::Create); other.exec("CREATE TABLE t(x)"); }
  EXPECT_THROW(Store::open(dir / "other.sqlite"), Error);
}

TEST(Store, RefusesADatabaseFromANewerLandbank) {
  TempDir dir;
  { Store store = Store::create(dir / "a.sqlite"); store.database().exec("PRAGMA user_version = 999"); }
  try {
    Store::open(dir / "a.sqlite");
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("newer"), std::string::npos);
  }
}

TEST(Store, ProvenanceAndAuditAreRecorded) {
  TempDir dir;
  Store store = Store::create(dir / "a.sqlite");
  store.recordProvenance(Layer::Parcels, LayerProvenance{"parcels.shp", "2026-11-27T00:00:00Z", "planner", "EPSG:4549", "2026-10-31", 12});
  const auto provenance = Store::open(dir / "a.sqlite").provenance(Layer::Parcels);
  ASSERT_TRUE(provenance);
  EXPECT_EQ(provenance->source, "parcels.shp");
  EXPECT_EQ(provenance->asOf, "2026-10-31");
  EXPECT_EQ(provenance->featureCount, 12);
  EXPECT_FALSE(store.provenance(Layer::Parks));
  store.recordAudit(AuditEntry{"set_status", "parcels", "CY-1", {{"from", "reserved"}, {"to", "negotiating"}}});
  EXPECT_EQ(store.database().queryInt("SELECT count(*) FROM audit_log WHERE feature_id = 'CY-1'"), 1);
}
