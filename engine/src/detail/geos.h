#pragma once
// RAII over the re-entrant GEOS C API (geos_c.h, *_r functions). The GEOS README gives the C++
// API no stability promise, so we use the C API with one context per thread.

#define USE_UNSTABLE_GEOS_CPP_API 0
#include <geos_c.h>

#include <memory>
#include <string>
#include <vector>

namespace landbank {

/// The calling thread's GEOS context (created on first use, freed at thread exit). GEOS errors
/// are captured and rethrown as Error(InvalidGeometry) by the helpers below.
GEOSContextHandle_t geosContext();

struct GeosGeometryDeleter {
  void operator()(GEOSGeometry* geometry) const { GEOSGeom_destroy_r(geosContext(), geometry); }
};
/// An owned GEOS geometry; must be destroyed on the thread that created it.
using GeosGeometryPtr = std::unique_ptr<GEOSGeometry, GeosGeometryDeleter>;

struct GeosPreparedDeleter {
  void operator()(const GEOSPreparedGeometry* prepared) const { GEOSPreparedGeom_destroy_r(geosContext(), prepared); }
};
using GeosPreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, GeosPreparedDeleter>;

/// Takes ownership of a geometry returned by GEOS; throws Error(InvalidGeometry) with the last GEOS
/// message when it is null.
GeosGeometryPtr takeGeometry(GEOSGeometry* geometry, const char* operation);

GeosGeometryPtr geometryFromWkb(const unsigned char* wkb, std::size_t size);
GeosGeometryPtr geometryFromWkt(const std::string& wkt);
std::vector<unsigned char> geometryToWkb(const GEOSGeometry* geometry);
std::string geometryToWkt(const GEOSGeometry* geometry, int decimals = 3);
GeosGeometryPtr cloneGeometry(const GEOSGeometry* geometry);
GeosPreparedPtr prepareGeometry(const GEOSGeometry* geometry);

double geometryArea(const GEOSGeometry* geometry);
/// Minimum distance between two geometries (0 when they intersect), in CRS units.
double geometryDistance(const GEOSGeometry* a, const GEOSGeometry* b);
/// Area of the intersection (0 when disjoint).
double intersectionArea(const GEOSGeometry* a, const GEOSGeometry* b);
/// Centroid as (x, y); for an empty geometry returns false.
bool geometryCentroid(const GEOSGeometry* geometry, double& x, double& y);
/// Envelope (minx, miny, maxx, maxy); false for empty.
bool geometryEnvelope(const GEOSGeometry* geometry, double& minX, double& minY, double& maxX, double& maxY);

/// Last message GEOS reported on this thread (for error texts).
std::string lastGeosMessage();

}  // namespace landbank
