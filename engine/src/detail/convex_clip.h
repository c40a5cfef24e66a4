#pragma once
// The area of the overlap of a polygon with a convex polygon, by Sutherland-Hodgman clipping.
//
// Why: the hard rule "overlaps an exclusion zone by more than 1 m²" is decided for every parcel
// that passes the attribute rules against every zone around it (hundreds of thousands of pairs at
// 10^6 parcels). A GEOS overlay builds the whole intersection geometry (noding, topology graph) to
// report one number; clipping a zone's rings against a small convex parcel is a few hundred
// multiplications. The matching engine uses it only to decide that an overlap is clearly above or
// clearly below the tolerance; values near the tolerance, and every area shown to a user, still
// come from GEOS.
//
// Clipping a simple ring against a half-plane keeps its signed area equal to the area of the part
// of its interior inside the half-plane (the bridge edges the clipper adds along the boundary
// enclose no area), so the result is exact up to rounding for concave zones too. Holes are clipped
// the same way and subtracted.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <utility>
#include <vector>

namespace landbank::clip {

struct Point {
  double x = 0, y = 0;
};

/// Twice the signed area (positive counter-clockwise) of a ring given without its closing point.
inline double twiceSignedArea(const std::vector<Point>& ring) {
  double sum = 0;
  for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % n];
    sum += a.x * b.y - b.x * a.y;
  }
  return sum;
}

/// The ring (closing point optional) as a strictly convex counter-clockwise polygon relative to
/// `origin` (set to one of its points: small coordinates keep the clipping exact), or empty when it is not convex (or degenerate). Collinear and repeated points
/// are dropped. A self-intersecting "star" turns the same way at every vertex too, so the total
/// turning must also be one full turn.
inline std::vector<Point> convexCounterClockwise(std::vector<Point> ring, Point& origin) {
  if (ring.size() > 1 && ring.front().x == ring.back().x && ring.front().y == ring.back().y) ring.pop_back();
  std::vector<Point> distinct;
  distinct.reserve(ring.size());
  for (const Point& p : ring)
    if (distinct.empty() || p.x != distinct.back().x || p.y != distinct.back().y) distinct.push_back(p);
  while (distinct.size() > 1 && distinct.front().x == distinct.back().x && distinct.front().y == distinct.back().y) distinct.pop_back();
  if (distinct.size() < 3) return {};
  origin = distinct.front();
  for (Point& p : distinct) p = {p.x - origin.x, p.y - origin.y};
  if (twiceSignedArea(distinct) < 0) {
    std::reverse(distinct.begin() + 1, distinct.end());
  }
  std::vector<Point> convex;
  convex.reserve(distinct.size());
  double turning = 0;
  const std::size_t n = distinct.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Point& prev = distinct[(i + n - 1) % n];
    const Point& here = distinct[i];
    const Point& next = distinct[(i + 1) % n];
    const double ax = here.x - prev.x, ay = here.y - prev.y, bx = next.x - here.x, by = next.y - here.y;
    const double cross = ax * by - ay * bx;
    if (cross < 0) return {};
    if (cross == 0) {
      if (ax * bx + ay * by < 0) return {};  // a spike doubling back
      continue;                                // collinear: not a corner
    }
    turning += std::atan2(cross, ax * bx + ay * by);
    convex.push_back(here);
  }
  if (convex.size() < 3 || std::abs(turning - 2 * std::numbers::pi) > 1e-6) return {};
  return convex;
}

/// |area(ring ∩ convex)| where `convex` comes from convexCounterClockwise() (relative to `origin`)
/// and `ring` holds `count` absolute points without the closing one. `a` and `b` are scratch.
inline double clippedArea(const Point* ring, std::size_t count, const std::vector<Point>& convex, Point origin, std::vector<Point>& a,
                          std::vector<Point>& b) {
  a.clear();
  for (std::size_t i = 0; i < count; ++i) a.push_back({ring[i].x - origin.x, ring[i].y - origin.y});
  const std::size_t edges = convex.size();
  for (std::size_t e = 0; e < edges && !a.empty(); ++e) {
    const Point p = convex[e], q = convex[(e + 1) % edges];
    const double ex = q.x - p.x, ey = q.y - p.y;
    b.clear();
    const std::size_t n = a.size();
    Point previous = a[n - 1];
    double previousSide = ex * (previous.y - p.y) - ey * (previous.x - p.x);
    for (std::size_t i = 0; i < n; ++i) {
      const Point current = a[i];
      const double side = ex * (current.y - p.y) - ey * (current.x - p.x);
      if ((side >= 0) != (previousSide >= 0)) {
        const double t = previousSide / (previousSide - side);
        b.push_back({previous.x + (current.x - previous.x) * t, previous.y + (current.y - previous.y) * t});
      }
      if (side >= 0) b.push_back(current);
      previous = current;
      previousSide = side;
    }
    std::swap(a, b);
  }
  return a.size() < 3 ? 0.0 : std::abs(twiceSignedArea(a)) / 2;
}

}  // namespace landbank::clip
