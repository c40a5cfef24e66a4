// Visit order on hand-made point sets whose shortest open path is known (grid in metres).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "landbank/visit_order.h"

namespace landbank {
namespace {

EastingNorthing at(double e, double n) { return EastingNorthing::fromMetres(e, n); }

double bruteForceShortestMetres(EastingNorthing start, const std::vector<EastingNorthing>& sites) {
  std::vector<std::size_t> order(sites.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  double best = std::numeric_limits<double>::infinity();
  do best = std::min(best, visitPathMetres(start, sites, order));
  while (std::next_permutation(order.begin(), order.end()));
  return best;
}

TEST(VisitOrder, EmptyGivesNothing) {
  const VisitOrder plan = planVisitOrder(at(0, 0), {});
  EXPECT_TRUE(plan.order.empty());
  EXPECT_EQ(plan.totalMetres, 0.0);
}

TEST(VisitOrder, SitesOnALineFromOneEndAreVisitedInOrder) {
  //  S . . 3 . 1 . . 0 . 2      (1 km grid along the easting axis)
  const std::vector<EastingNorthing> sites{at(8000, 0), at(5000, 0), at(10000, 0), at(3000, 0)};
  const VisitOrder plan = planVisitOrder(at(0, 0), sites);
  EXPECT_EQ(plan.order, (std::vector<std::size_t>{3, 1, 0, 2}));
  EXPECT_NEAR(plan.totalMetres, 10000.0, 1e-9);
}

TEST(VisitOrder, StartInTheMiddleGoesToTheNearerEndFirst) {
  //  0 . . . S . . . . . . 1     start 4 km from the west site, 7 km from the east one:
  //  optimum 4 + 11 = 15 km (not 7 + 11 = 18 km).
  const std::vector<EastingNorthing> sites{at(0, 0), at(11000, 0)};
  const VisitOrder plan = planVisitOrder(at(4000, 0), sites);
  EXPECT_EQ(plan.order, (std::vector<std::size_t>{0, 1}));
  EXPECT_NEAR(plan.totalMetres, 15000.0, 1e-9);
}

TEST(VisitOrder, TwoOptRepairsTheGreedyDetour) {
  // Start S at the origin; sites 0 (-2 km, 4 km), 1 (3 km, -3 km), 2 (0, 4 km), 3 (2 km, 5 km).
  // Nearest neighbour goes 2, 0, 3, then all the way down to 1: 18.19 km. The shortest open path
  // goes to 1 first (4.24 km), then up to 3, 2, 0: 4.24 + 8.06 + 2.24 + 2.00 = 16.54 km.
  const std::vector<EastingNorthing> sites{at(-2000, 4000), at(3000, -3000), at(0, 4000), at(2000, 5000)};
  const VisitOrder plan = planVisitOrder(at(0, 0), sites);
  EXPECT_EQ(plan.order, (std::vector<std::size_t>{1, 3, 2, 0}));
  EXPECT_NEAR(plan.totalMetres, std::hypot(3000.0, 3000.0) + std::hypot(1000.0, 8000.0) + std::hypot(2000.0, 1000.0) + 2000.0, 1e-6);
  EXPECT_NEAR(plan.totalMetres, bruteForceShortestMetres(at(0, 0), sites), 1e-6);
}

TEST(VisitOrder, UnitSquareCornersFromACornerTakeThreeSides) {
  //  3---2
  //  |   |     1 km square, start at corner 0: the shortest open path walks three sides, 3 km.
  //  0---1
  const std::vector<EastingNorthing> sites{at(1000, 1000), at(0, 1000), at(1000, 0)};
  const VisitOrder plan = planVisitOrder(at(0, 0), sites);
  EXPECT_NEAR(plan.totalMetres, 3000.0, 1e-9);
}

TEST(VisitOrder, MatchesBruteForceOnSmallScatteredSets) {
  // Hand-placed scatters of 7 sites (optimum by enumerating all 5040 orders).
  const std::vector<std::vector<EastingNorthing>> scenes{
      {at(0, 5000), at(4000, 1000), at(-3000, 2000), at(6000, 6000), at(-5000, -4000), at(2000, -3000), at(7000, -1000)},
      {at(100, 100), at(9000, 200), at(300, 8000), at(8800, 8700), at(4500, 4400), at(2000, 6100), at(7000, 2500)},
  };
  for (const auto& sites : scenes) {
    const VisitOrder plan = planVisitOrder(at(0, 0), sites);
    std::vector<std::size_t> sorted = plan.order;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6})) << "every site exactly once";
    EXPECT_LE(plan.totalMetres, bruteForceShortestMetres(at(0, 0), sites) * 1.05) << "within 5% of the optimum";
  }
}

}  // namespace
}  // namespace landbank
