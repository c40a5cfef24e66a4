#pragma once
// Converting one point between coordinate reference systems for people: EPSG codes through PROJ,
// plus "gcj02" (the phone-map offset, see gcj02.h) at either end. Used by `landbank coord` and by
// exports that write navigation links; never for stored geometry.

#include <string>

namespace landbank {

/// A point in a named CRS, in traditional GIS order: x = longitude or easting, y = latitude or
/// northing (degrees or metres as the CRS says; EPSG:4528 eastings carry the zone prefix 40).
struct CrsPoint {
  double x = 0;
  double y = 0;
};

/// The CRS name "gcj02" (any case, also "GCJ-02"), false for anything else.
bool isGcj02Name(const std::string& crs);

/// Normalises a user CRS name: "gcj02" for GCJ-02 spellings, else normaliseCrsName ("4549" ->
/// "EPSG:4549"). Throws Error(Crs) when PROJ cannot use it.
std::string normaliseConversionCrs(const std::string& crs);

/// True when the CRS's coordinates are degrees (geographic CRSs and gcj02).
bool isGeographicCrs(const std::string& crs);

/// Converts `point` from `fromCrs` to `toCrs` (names as normaliseConversionCrs accepts). GCJ-02 goes
/// through WGS84 (EPSG:4326): gcj02 -> WGS84 by the iterative inverse, WGS84 -> gcj02 by the forward
/// algorithm. Throws Error(Crs) for an unknown CRS or a point PROJ cannot transform (e.g. outside
/// the projection's domain).
CrsPoint convertCoordinate(CrsPoint point, const std::string& fromCrs, const std::string& toCrs);

}  // namespace landbank
