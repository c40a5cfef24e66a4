#include <gtest/gtest.h>

#include "landbank/crs.h"
#include "landbank/error.h"

using namespace landbank;

// Chengyang lies near 120.4E 36.3N, on the central meridian of EPSG:4549 (120E): eastings a
// little above the 500 km false easting, northings about 4 020 km.
TEST(Crs, Epsg4549IsEastingFirstWhateverTheEpsgAxisOrderSays) {
  ProjectedToLonLat transform("EPSG:4549");
  const EastingNorthing p = transform.toProjected(LonLat::fromDegrees(120.4, 36.3));
  EXPECT_GT(p.easting, 530000);
  EXPECT_LT(p.easting, 540000);
  EXPECT_GT(p.northing, 4010000);
  EXPECT_LT(p.northing, 4030000);
  const LonLat back = transform.toLonLat(p);
  EXPECT_NEAR(back.lon, 120.4, 1e-9);  // within 1e-9 deg
  EXPECT_NEAR(back.lat, 36.3, 1e-9);
}

TEST(Crs, CentralMeridianMapsToTheFalseEasting) {
  ProjectedToLonLat transform("EPSG:4549");
  EXPECT_NEAR(transform.toProjected(LonLat::fromDegrees(120.0, 36.0)).easting, 500000.0, 1e-3);  // within 1 mm
}

TEST(Crs, NormalisesEpsgSpellings) {
  EXPECT_EQ(normaliseCrsName("4549"), "EPSG:4549");
  EXPECT_EQ(normaliseCrsName("epsg:4549"), "EPSG:4549");
  EXPECT_EQ(normaliseCrsName(" EPSG:4490 "), "EPSG:4490");
  EXPECT_THROW(normaliseCrsName("EPSG:999999"), Error);
}

TEST(Crs, SuggestsZoneFromGaussKrugerEastings) {
  EXPECT_NE(suggestCrsForCoordinates(40527000, 4018000).find("EPSG:4528"), std::string::npos);
  EXPECT_NE(suggestCrsForCoordinates(527000, 4018000).find("EPSG:4549"), std::string::npos);
  EXPECT_EQ(suggestCrsForCoordinates(12, 13), "");
  // 6-digit eastings far from Qingdao's northings (Guangzhou, 2.5 million m): no EPSG:4549 guess.
  const std::string south = suggestCrsForCoordinates(527000, 2500000);
  EXPECT_EQ(south.find("EPSG:4549 ("), std::string::npos) << south;
  EXPECT_NE(south.find("not Qingdao"), std::string::npos) << south;
}
