// Reading SpatiaLite's geometry blobs without SpatiaLite, and loading SpatiaLite only when SQL needs
// it. The converter's WKB must be byte for byte what SpatiaLite's own AsBinary() returns for the same
// blob (SpatiaLite is the independent answer here); what it does not read it must refuse, not guess.
#include <gtest/gtest.h>

#include "detail/spatialite_blob.h"
#include "detail/sqlite.h"
#include "landbank/error.h"
#include "test_support.h"

namespace landbank {
namespace {

class SpatialiteBlob : public ::testing::Test {
 protected:
  void SetUp() override { m_db.emplace((m_dir / "g.sqlite").string(), SqliteDatabase::Access::Create); }
  // The blob SpatiaLite stores for `wkt` (`expression` wraps the geometry, e.g. CompressGeometry(%)).
  std::vector<unsigned char> blob(const std::string& wkt, const std::string& expression = "%") {
    std::string sql = expression;
    sql.replace(sql.find('%'), 1, "GeomFromText(?, 4549)");
    auto statement = m_db->prepare("SELECT " + sql);
    statement.bind(1, wkt);
    EXPECT_TRUE(statement.step());
    EXPECT_FALSE(statement.isNull(0)) << wkt;
    return statement.columnBlob(0);
  }
  std::vector<unsigned char> asBinary(const std::vector<unsigned char>& geometry) {
    auto statement = m_db->prepare("SELECT AsBinary(?)");
    statement.bindBlob(1, geometry.data(), geometry.size());
    EXPECT_TRUE(statement.step());
    return statement.columnBlob(0);
  }
  test::TempDir m_dir;
  std::optional<SqliteDatabase> m_db;
};

TEST_F(SpatialiteBlob, EveryPlain2DClassConvertsToExactlyWhatAsBinaryReturns) {
  const std::vector<std::string> shapes{
      "POINT(500000.5 4000000.25)",
      "LINESTRING(0 0, 10 0, 10 10)",
      "POLYGON((0 0, 100 0, 100 100, 0 100, 0 0), (10 10, 20 10, 20 20, 10 20, 10 10))",
      "MULTIPOINT(1 2, 3 4, 5 6)",
      "MULTILINESTRING((0 0, 1 1), (2 2, 3 3, 4 2))",
      "MULTIPOLYGON(((0 0, 10 0, 10 10, 0 0)), ((20 20, 30 20, 30 30, 20 30, 20 20), (22 22, 24 22, 24 24, 22 22)))",
      "GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 5 5), POLYGON((0 0, 1 0, 1 1, 0 0)))",
  };
  for (const std::string& wkt : shapes) {
    const std::vector<unsigned char> stored = blob(wkt);
    std::vector<unsigned char> wkb{0xAB};  // the converter appends
    ASSERT_TRUE(wkbFromSpatialiteBlob(stored.data(), stored.size(), wkb)) << wkt;
    EXPECT_EQ(wkb.front(), 0xAB);
    wkb.erase(wkb.begin());
    EXPECT_EQ(wkb, asBinary(stored)) << wkt;
  }
}

TEST_F(SpatialiteBlob, WhatItDoesNotReadIsRefusedAndLeftToSpatialite) {
  auto refused = [](const std::vector<unsigned char>& bytes) {
    std::vector<unsigned char> wkb{1, 2, 3};
    const bool converted = wkbFromSpatialiteBlob(bytes.data(), bytes.size(), wkb);
    EXPECT_EQ(wkb, (std::vector<unsigned char>{1, 2, 3})) << "a refusal must leave the output as it was";
    return !converted;
  };
  // Classes with Z or M, and SpatiaLite's compressed classes.
  EXPECT_TRUE(refused(blob("POINT Z(1 2 3)")));
  EXPECT_TRUE(refused(blob("LINESTRING M(0 0 1, 1 1 2)")));
  EXPECT_TRUE(refused(blob("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))", "CompressGeometry(%)")));
  // Damaged blobs: every truncation of a valid one, a wrong member marker, a wrong end marker.
  const std::vector<unsigned char> valid = blob("MULTIPOLYGON(((0 0, 10 0, 10 10, 0 0)), ((20 20, 30 20, 30 30, 20 20)))");
  for (std::size_t size = 0; size < valid.size(); ++size) {
    std::vector<unsigned char> cut(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(size));
    if (!cut.empty()) cut.back() = 0xFE;  // keep an end marker where the blob now stops
    EXPECT_TRUE(refused(cut)) << "truncated to " << size << " bytes";
  }
  std::vector<unsigned char> marker = valid;
  marker[43 + 4] = 0x00;  // header (39) + class (4) + count (4): the first member's 0x69
  EXPECT_TRUE(refused(marker));
  std::vector<unsigned char> end = valid;
  end.back() = 0x00;
  EXPECT_TRUE(refused(end));
  // A count far beyond the bytes that follow.
  std::vector<unsigned char> count = blob("LINESTRING(0 0, 10 0)");
  count[43] = 0xFF;
  count[44] = 0xFF;
  EXPECT_TRUE(refused(count));
}

TEST_F(SpatialiteBlob, AReadOnlyConnectionLoadsSpatialiteOnlyWhenSqlNeedsIt) {
  m_db->exec("CREATE TABLE shapes(fid INTEGER PRIMARY KEY, geom BLOB); INSERT INTO shapes VALUES (1, GeomFromText('POINT(3 4)', 4549));");
  EXPECT_TRUE(m_db->spatialiteLoaded()) << "a connection that writes loads it at once (SpatiaLite's triggers)";
  m_db.reset();
  SqliteDatabase reader((m_dir / "g.sqlite").string(), SqliteDatabase::Access::ReadOnly);
  reader.run("PRAGMA cache_size = -1024");
  EXPECT_EQ(reader.queryInt("SELECT count(*) FROM shapes"), 1);
  auto raw = reader.prepare("SELECT geom FROM shapes");
  ASSERT_TRUE(raw.step());
  const std::vector<unsigned char> stored = raw.columnBlob(0);
  EXPECT_FALSE(reader.spatialiteLoaded()) << "plain SQL and raw blobs need no SpatiaLite";
  // A statement SQLite cannot prepare without SpatiaLite's functions is prepared again with them.
  auto x = reader.prepare("SELECT X(geom) FROM shapes WHERE fid = 1");
  ASSERT_TRUE(x.step());
  EXPECT_DOUBLE_EQ(x.columnDouble(0), 3.0);
  EXPECT_TRUE(reader.spatialiteLoaded());
  // The statement prepared before the load still works, and so does a plain error after it.
  auto again = reader.prepare("SELECT geom FROM shapes");
  ASSERT_TRUE(again.step());
  EXPECT_EQ(again.columnBlob(0), stored);
  EXPECT_THROW(reader.prepare("SELECT no_such_function_anywhere(1)"), Error);
}

TEST_F(SpatialiteBlob, AnUnknownFunctionIsStillAnErrorAfterTheRetry) {
  m_db.reset();
  SqliteDatabase reader((m_dir / "g.sqlite").string(), SqliteDatabase::Access::ReadOnly);
  try {
    reader.prepare("SELECT surely_not_a_function(1)");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.message(Language::English)).find("surely_not_a_function"), std::string::npos) << error.message(Language::English);
  }
  EXPECT_TRUE(reader.spatialiteLoaded()) << "the retry loaded SpatiaLite before giving up";
}

}  // namespace
}  // namespace landbank
