#include "landbank/visit_order.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace landbank {

namespace {

double distanceMetres(EastingNorthing a, EastingNorthing b) { return std::hypot(a.easting - b.easting, a.northing - b.northing); }

}  // namespace

double visitPathMetres(EastingNorthing start, const std::vector<EastingNorthing>& sites, const std::vector<std::size_t>& order) {
  double total = 0;
  EastingNorthing previous = start;
  for (std::size_t index : order) {
    total += distanceMetres(previous, sites[index]);
    previous = sites[index];
  }
  return total;
}

VisitOrder planVisitOrder(EastingNorthing start, const std::vector<EastingNorthing>& sites) {
  VisitOrder result;
  const std::size_t count = sites.size();
  if (count == 0) return result;

  // Nearest neighbour from the start.
  std::vector<bool> visited(count, false);
  EastingNorthing current = start;
  for (std::size_t step = 0; step < count; ++step) {
    std::size_t best = count;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < count; ++i) {
      if (visited[i]) continue;
      const double d = distanceMetres(current, sites[i]);
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    visited[best] = true;
    result.order.push_back(best);
    current = sites[best];
  }

  // 2-opt on the open path start, p[0], ..., p[n-1]: reversing p[i..j] replaces the edges
  // (prev(i), p[i]) and (p[j], p[j+1]) by (prev(i), p[j]) and (p[i], p[j+1]); the last site has no
  // outgoing edge, so reversing a tail changes one edge only. Repeat until no move gains more than 1 mm.
  auto point = [&](std::size_t position) { return sites[result.order[position]]; };
  bool improved = true;
  while (improved) {
    improved = false;
    for (std::size_t i = 0; i < count; ++i) {
      const EastingNorthing before = i == 0 ? start : point(i - 1);
      for (std::size_t j = i + 1; j < count; ++j) {
        double removed = distanceMetres(before, point(i));
        double added = distanceMetres(before, point(j));
        if (j + 1 < count) {
          removed += distanceMetres(point(j), point(j + 1));
          added += distanceMetres(point(i), point(j + 1));
        }
        if (added < removed - 1e-3) {
          std::reverse(result.order.begin() + static_cast<std::ptrdiff_t>(i), result.order.begin() + static_cast<std::ptrdiff_t>(j) + 1);
          improved = true;
        }
      }
    }
  }
  result.totalMetres = visitPathMetres(start, sites, result.order);
  return result;
}

}  // namespace landbank
