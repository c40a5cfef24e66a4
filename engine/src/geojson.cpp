#include "landbank/geojson.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "detail/geos.h"
#include "landbank/error.h"

namespace landbank {

namespace {

double round7(double value) { return std::round(value * 1e7) / 1e7; }

nlohmann::json coordinates(const GEOSGeometry* geometry, const ProjectedToLonLat& toLonLat) {
  GEOSContextHandle_t context = geosContext();
  const GEOSCoordSequence* sequence = GEOSGeom_getCoordSeq_r(context, geometry);
  unsigned int size = 0;
  GEOSCoordSeq_getSize_r(context, sequence, &size);
  nlohmann::json points = nlohmann::json::array();
  for (unsigned int i = 0; i < size; ++i) {
    double x = 0, y = 0;
    GEOSCoordSeq_getXY_r(context, sequence, i, &x, &y);
    const LonLat lonLat = toLonLat.toLonLat(EastingNorthing::fromMetres(x, y));
    points.push_back({round7(lonLat.lon), round7(lonLat.lat)});
  }
  return points;
}

// Ring orientation from its signed area (shoelace formula) in lon/lat, after the transformation:
// the projection preserves orientation, but checking the output is what RFC 7946 asks about.
nlohmann::json orientedRing(const GEOSGeometry* ring, const ProjectedToLonLat& toLonLat, bool counterClockwise) {
  nlohmann::json points = coordinates(ring, toLonLat);
  double twiceArea = 0;
  for (std::size_t i = 0; i + 1 < points.size(); ++i)
    twiceArea += points[i][0].get<double>() * points[i + 1][1].get<double>() - points[i + 1][0].get<double>() * points[i][1].get<double>();
  if ((twiceArea > 0) != counterClockwise) std::reverse(points.begin(), points.end());
  return points;
}

nlohmann::json polygonCoordinates(const GEOSGeometry* polygon, const ProjectedToLonLat& toLonLat) {
  GEOSContextHandle_t context = geosContext();
  nlohmann::json rings = nlohmann::json::array();
  rings.push_back(orientedRing(GEOSGetExteriorRing_r(context, polygon), toLonLat, true));
  const int holes = GEOSGetNumInteriorRings_r(context, polygon);
  for (int i = 0; i < holes; ++i) rings.push_back(orientedRing(GEOSGetInteriorRingN_r(context, polygon, i), toLonLat, false));
  return rings;
}

nlohmann::json geometryJson(const GEOSGeometry* geometry, const ProjectedToLonLat& toLonLat) {
  GEOSContextHandle_t context = geosContext();
  const int type = GEOSGeomTypeId_r(context, geometry);
  auto parts = [&](auto&& partCoordinates) {
    nlohmann::json list = nlohmann::json::array();
    const int count = GEOSGetNumGeometries_r(context, geometry);
    for (int i = 0; i < count; ++i) list.push_back(partCoordinates(GEOSGetGeometryN_r(context, geometry, i)));
    return list;
  };
  switch (type) {
    case GEOS_POINT: return {{"type", "Point"}, {"coordinates", coordinates(geometry, toLonLat).at(0)}};
    case GEOS_LINESTRING: return {{"type", "LineString"}, {"coordinates", coordinates(geometry, toLonLat)}};
    case GEOS_POLYGON: return {{"type", "Polygon"}, {"coordinates", polygonCoordinates(geometry, toLonLat)}};
    case GEOS_MULTIPOINT:
      return {{"type", "MultiPoint"}, {"coordinates", parts([&](const GEOSGeometry* part) { return coordinates(part, toLonLat).at(0); })}};
    case GEOS_MULTILINESTRING:
      return {{"type", "MultiLineString"}, {"coordinates", parts([&](const GEOSGeometry* part) { return coordinates(part, toLonLat); })}};
    case GEOS_MULTIPOLYGON:
      return {{"type", "MultiPolygon"}, {"coordinates", parts([&](const GEOSGeometry* part) { return polygonCoordinates(part, toLonLat); })}};
    default: {
      nlohmann::json members = nlohmann::json::array();
      const int count = GEOSGetNumGeometries_r(context, geometry);
      for (int i = 0; i < count; ++i) members.push_back(geometryJson(GEOSGetGeometryN_r(context, geometry, i), toLonLat));
      return {{"type", "GeometryCollection"}, {"geometries", members}};
    }
  }
}

}  // namespace

nlohmann::json geoJsonGeometryLonLat(const std::vector<unsigned char>& wkb, const ProjectedToLonLat& toLonLat) {
  if (wkb.empty()) return nullptr;
  const GeosGeometryPtr geometry = geometryFromWkb(wkb.data(), wkb.size());
  if (GEOSisEmpty_r(geosContext(), geometry.get())) return nullptr;
  return geometryJson(geometry.get(), toLonLat);
}

}  // namespace landbank
