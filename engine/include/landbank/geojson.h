#pragma once
// GeoJSON geometry for other tools (RFC 7946): WGS84 lon/lat, outer rings counter-clockwise and
// holes clockwise (section 3.1.6), coordinates rounded to 7 decimals (about 1 cm).

#include <vector>

#include <nlohmann/json.hpp>

#include "landbank/crs.h"

namespace landbank {

/// Converts ISO WKB in the database CRS to a GeoJSON geometry object in lon/lat; null JSON for empty
/// input. Throws Error(InvalidGeometry) for WKB GEOS cannot read, Error(Crs) when PROJ fails.
nlohmann::json geoJsonGeometryLonLat(const std::vector<unsigned char>& wkb, const ProjectedToLonLat& toLonLat);

}  // namespace landbank
