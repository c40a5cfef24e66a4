#pragma once
// The suggested order to visit sites on a field trip (实地踏勘): an open path from a start point
// through every site once, on straight-line distance in a projected CRS (metres). Nearest neighbour
// builds a first path, 2-opt then reverses segments while that shortens it. Good enough for the
// handful of sites of one trip; not an exact travelling-salesman solver, and roads are not used.

#include <cstddef>
#include <vector>

#include "landbank/geo.h"

namespace landbank {

struct VisitOrder {
  /// Indices into the `sites` argument, in visiting order (each exactly once).
  std::vector<std::size_t> order;
  /// Straight-line length of start -> first site -> ... -> last site, metres (no return leg).
  double totalMetres = 0;
};

/// Plans the visit. Points are in one projected CRS (easting/northing in metres). Empty `sites` give
/// an empty order and 0 m. Deterministic: ties are broken by the lower index. Throws nothing.
VisitOrder planVisitOrder(EastingNorthing start, const std::vector<EastingNorthing>& sites);

/// Length of start -> sites[order[0]] -> ... in metres (what VisitOrder::totalMetres holds).
double visitPathMetres(EastingNorthing start, const std::vector<EastingNorthing>& sites, const std::vector<std::size_t>& order);

}  // namespace landbank
