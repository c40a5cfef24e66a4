// The 65 polygon cases of GEOS's own validity suite (TestValid.xml), a suite nobody here wrote:
// valid ones import, invalid ones are refused naming the case; with --repair each either becomes
// a valid polygon or is refused because nothing with area remains.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "landbank/csv.h"
#include "test_support.h"

using namespace landbank::test;

namespace {

struct ValidityCase {
  std::string id, description, wkt;
  bool expectedValid;
};

std::vector<ValidityCase> loadCases() {
  const auto rows = landbank::parseCsv(readTextFile(testDataDir() / "geos-testvalid" / "testvalid-polygons.csv"));
  std::vector<ValidityCase> cases;
  for (std::size_t i = 1; i < rows.size(); ++i)
    if (rows[i].size() >= 4) cases.push_back({rows[i][0], rows[i][1], rows[i][3], rows[i][2] == "true"});
  return cases;
}

std::string parcelCsv(const ValidityCase& c) {
  return "id,land_use,status,WKT\n" + c.id + ",100101,reserved,\"" + c.wkt + "\"\n";
}

}  // namespace

TEST(GeosValiditySuite, EveryCaseIsImportedOrRefusedAsGeosSays) {
  const auto cases = loadCases();
  ASSERT_EQ(cases.size(), 65u);
  TempDir dir;
  int valid = 0, refused = 0, repaired = 0, collapsed = 0;
  for (const ValidityCase& c : cases) {
    SCOPED_TRACE(c.id + " " + c.description);
    const auto db = dir / (c.id + ".sqlite");
    initDatabase(db);
    const auto csv = dir / (c.id + ".csv");
    writeTextFile(csv, parcelCsv(c));
    const std::string before = databaseFingerprint(db);
    const CliResult plain = runLandbank(db, {"import", "parcels", csv.string(), "--crs", "EPSG:4549"});
    if (c.expectedValid) {
      // A valid polygon imports, unless it has no area at all (a parcel needs one).
      if (plain.exitCode == 0) ++valid;
      else EXPECT_NE(plain.err.find("多边形面积为零"), std::string::npos) << plain.err;
      continue;
    }
    EXPECT_EQ(plain.exitCode, 1) << "an invalid case was accepted";
    EXPECT_NE(plain.err.find(c.id), std::string::npos) << plain.err;
    EXPECT_TRUE(databaseFingerprint(db) == before);
    ++refused;
    const CliResult fixed = runLandbank(db, {"--lang", "en", "import", "parcels", csv.string(), "--crs", "EPSG:4549", "--repair"});
    if (fixed.exitCode == 0) {
      ++repaired;
      EXPECT_NE(fixed.out.find("repaired 1"), std::string::npos) << fixed.out;
    } else {
      ++collapsed;
      // Nothing with area remains, or the geometry cannot even be built (too few points, an
      // unparsable coordinate): refused naming the case, database unchanged.
      EXPECT_NE(fixed.err.find(c.id), std::string::npos) << fixed.err;
      EXPECT_TRUE(databaseFingerprint(db) == before);
    }
  }
  EXPECT_EQ(refused, 42);
  EXPECT_GE(valid, 20);
  EXPECT_GT(repaired, 30);
  std::cout << "valid imported " << valid << ", invalid refused " << refused << ", repaired " << repaired
            << ", nothing left " << collapsed << "\n";
}
