// GCJ-02 against reference pairs published with public conversion libraries, and the inverse's
// round trip. Points are lon/lat degrees, longitude first.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "landbank/coordinate_conversion.h"
#include "landbank/gcj02.h"

namespace landbank {
namespace {

struct ReferencePair {
  const char* place;
  LonLat wgs84;
  LonLat gcj02;
};

// WGS84 -> GCJ-02 pairs from the test suites of public conversion libraries:
// - googollee/eviltransform, python/test.py TESTS (wgsLat, wgsLng, gcjLat, gcjLng): Shanghai, Shenzhen, Beijing;
// - wandergis/coordtransform, test/app.js: wgs84togcj02(116.404, 39.915) = [116.41024449916938, 39.91640428150164].
const ReferencePair kPublishedPairs[] = {
    {"Shanghai (eviltransform)", {121.5272106, 31.1774276}, {121.531541859215, 31.17530398364597}},
    {"Shenzhen (eviltransform)", {113.912316, 22.543847}, {113.9171764808363, 22.540796131694766}},
    {"Beijing (eviltransform)", {116.377817, 39.911954}, {116.38404722455657, 39.91334545536069}},
    {"Beijing (coordtransform)", {116.404, 39.915}, {116.41024449916938, 39.91640428150164}},
};

double groundDistanceMetres(LonLat a, LonLat b) {
  constexpr double metresPerDegree = 111320.0;  // spherical approximation: fine for sub-metre checks
  const double dx = (a.lon - b.lon) * metresPerDegree * std::cos(a.lat * std::numbers::pi / 180.0);
  const double dy = (a.lat - b.lat) * metresPerDegree;
  return std::hypot(dx, dy);
}

TEST(Gcj02, ForwardMatchesPublishedPairsWithin1e6Degrees) {
  for (const ReferencePair& pair : kPublishedPairs) {
    const LonLat converted = gcj02::fromWgs84(pair.wgs84);
    EXPECT_NEAR(converted.lon, pair.gcj02.lon, 1e-6) << pair.place;
    EXPECT_NEAR(converted.lat, pair.gcj02.lat, 1e-6) << pair.place;
  }
}

TEST(Gcj02, InverseOfPublishedPairsIsWithinHalfAMetre) {
  for (const ReferencePair& pair : kPublishedPairs) {
    const LonLat back = gcj02::toWgs84(pair.gcj02);
    EXPECT_LT(groundDistanceMetres(back, pair.wgs84), 0.5) << pair.place;
  }
}

TEST(Gcj02, InverseRoundTripsWithinHalfAMetreAcrossChina) {
  // A grid over the algorithm's box of China, including Qingdao (Chengyang ~120.4E 36.3N).
  for (double lon = 74.0; lon <= 135.0; lon += 3.05)
    for (double lat = 3.0; lat <= 53.0; lat += 2.5) {
      const LonLat wgs84{lon, lat};
      const LonLat back = gcj02::toWgs84(gcj02::fromWgs84(wgs84));
      ASSERT_LT(groundDistanceMetres(back, wgs84), 0.5) << lon << "," << lat;
      ASSERT_LT(groundDistanceMetres(back, wgs84), 0.001) << "the iteration should converge far below 1 mm at " << lon << "," << lat;
    }
}

TEST(Gcj02, OffsetInQingdaoIsHundredsOfMetres) {
  const LonLat wgs84{120.385, 36.305};
  const double offset = groundDistanceMetres(gcj02::fromWgs84(wgs84), wgs84);
  EXPECT_GT(offset, 100.0);
  EXPECT_LT(offset, 1000.0);
}

TEST(Gcj02, OutsideChinaEqualsWgs84) {
  const LonLat tokyo{139.6917, 35.6895};
  const LonLat london{-0.1276, 51.5072};
  EXPECT_TRUE(gcj02::isOutsideChina(tokyo));
  for (LonLat point : {tokyo, london}) {
    EXPECT_EQ(gcj02::fromWgs84(point).lon, point.lon);
    EXPECT_EQ(gcj02::fromWgs84(point).lat, point.lat);
    EXPECT_EQ(gcj02::toWgs84(point).lon, point.lon);
    EXPECT_EQ(gcj02::toWgs84(point).lat, point.lat);
  }
}

TEST(CoordinateConversion, GaussKrugerZonePrefixDiffersByFortyMillionMetres) {
  const CrsPoint wgs84{120.385, 36.305};
  const CrsPoint cm120 = convertCoordinate(wgs84, "EPSG:4326", "4549");
  const CrsPoint zone40 = convertCoordinate(wgs84, "EPSG:4326", "EPSG:4528");
  EXPECT_NEAR(zone40.x - cm120.x, 40'000'000.0, 1e-3);
  EXPECT_NEAR(zone40.y, cm120.y, 1e-3);
  // 120.385E is 0.385 degrees east of the central meridian: about 34.6 km east of the 500 km false easting.
  EXPECT_NEAR(cm120.x, 534'560.0, 200.0);
  const CrsPoint back = convertCoordinate(zone40, "EPSG:4528", "EPSG:4326");
  EXPECT_NEAR(back.x, wgs84.x, 1e-9);
  EXPECT_NEAR(back.y, wgs84.y, 1e-9);
}

TEST(CoordinateConversion, Gcj02AtEitherEndGoesThroughWgs84) {
  const CrsPoint wgs84{116.404, 39.915};
  const CrsPoint gcj = convertCoordinate(wgs84, "EPSG:4326", "gcj02");
  EXPECT_NEAR(gcj.x, 116.41024449916938, 1e-6);
  EXPECT_NEAR(gcj.y, 39.91640428150164, 1e-6);
  // GCJ-02 -> projected equals WGS84 -> projected of the inverse.
  const CrsPoint viaGcj = convertCoordinate(gcj, "GCJ-02", "EPSG:4549");
  const CrsPoint direct = convertCoordinate(wgs84, "EPSG:4326", "EPSG:4549");
  EXPECT_NEAR(viaGcj.x, direct.x, 0.01);
  EXPECT_NEAR(viaGcj.y, direct.y, 0.01);
}

}  // namespace
}  // namespace landbank
