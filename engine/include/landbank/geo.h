#pragma once
// Coordinate types that cannot be swapped by accident. A lon/lat swap is the most common
// silent bug in GIS code: these types make it a compile error.

namespace landbank {

/// Geographic coordinate in degrees, longitude first (EPSG:4326 / EPSG:4490 in traditional GIS order).
struct LonLat {
  double lon = 0;
  double lat = 0;
  static constexpr LonLat fromDegrees(double longitude, double latitude) { return LonLat{longitude, latitude}; }
};

/// Projected coordinate in metres of the database CRS (EPSG:4549 by default): easting first,
/// whatever the CRS's official axis order says.
struct EastingNorthing {
  double easting = 0;
  double northing = 0;
  static constexpr EastingNorthing fromMetres(double e, double n) { return EastingNorthing{e, n}; }
};

/// An axis-aligned box in the database CRS (metres).
struct ProjectedBox {
  double minEasting = 0, minNorthing = 0, maxEasting = 0, maxNorthing = 0;
  bool isEmpty() const { return maxEasting < minEasting || maxNorthing < minNorthing; }
};

/// An axis-aligned box in lon/lat degrees.
struct LonLatBox {
  double minLon = 0, minLat = 0, maxLon = 0, maxLat = 0;
};

}  // namespace landbank
