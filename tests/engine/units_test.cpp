#include <gtest/gtest.h>

#include "landbank/error.h"
#include "landbank/units.h"

using namespace landbank;

TEST(Units, OneMuIsTenThousandFifteenthsOfASquareMetre) {
  EXPECT_NEAR(muToSquareMetres(15.0), 10000.0, 1e-9);
  EXPECT_NEAR(squareMetresToMu(10000.0), 15.0, 1e-12);
}

TEST(Units, AreaSuffixesConvertToSquareMetres) {
  EXPECT_DOUBLE_EQ(parseAreaSquareMetres("30000"), 30000.0);
  EXPECT_DOUBLE_EQ(parseAreaSquareMetres("30000m2"), 30000.0);
  EXPECT_DOUBLE_EQ(parseAreaSquareMetres("30000m²"), 30000.0);
  EXPECT_NEAR(parseAreaSquareMetres("45mu"), 30000.0, 1e-9);
  EXPECT_NEAR(parseAreaSquareMetres("45亩"), 30000.0, 1e-9);
  EXPECT_DOUBLE_EQ(parseAreaSquareMetres("3ha"), 30000.0);
  EXPECT_DOUBLE_EQ(parseAreaSquareMetres(" 2.5 ha "), 25000.0);
}

TEST(Units, MalformedAreasAreUsageErrors) {
  for (const char* bad : {"", "abc", "45 acres", "-3ha", "nan", "1e400", "45mumu"}) {
    try {
      parseAreaSquareMetres(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::Usage) << bad;
      EXPECT_EQ(exitCodeFor(error.code()), 2);
    }
  }
}

TEST(Units, LengthsTakeMetresOrKilometres) {
  EXPECT_DOUBLE_EQ(parseLengthMetres("1500"), 1500.0);
  EXPECT_DOUBLE_EQ(parseLengthMetres("2km"), 2000.0);
  EXPECT_THROW(parseLengthMetres("2 miles"), Error);
}
