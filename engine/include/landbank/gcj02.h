#pragma once
// GCJ-02 (国测局坐标, "Mars coordinates"): the obfuscated lon/lat that Chinese phone maps (Amap/高德,
// Tencent) show and take in navigation links. It is not a datum PROJ knows, so the engine converts
// here, and only at the edges: coordinates pasted from phone maps and navigation links. Stored
// geometry is never GCJ-02.
//
// All points are lon/lat in degrees, longitude first (WGS84 = EPSG:4326 in traditional GIS order).
// Pure functions: thread-safe, throw nothing.

#include "landbank/geo.h"

namespace landbank::gcj02 {

/// True where the algorithm leaves coordinates unchanged (its rough bounding box of China:
/// lon 72.004..137.8347, lat 0.8293..55.8271); there GCJ-02 equals WGS84.
bool isOutsideChina(LonLat point);

/// WGS84 -> GCJ-02 (the public forward algorithm; exact by definition).
LonLat fromWgs84(LonLat wgs84);

/// GCJ-02 -> WGS84 by fixed-point iteration on the forward algorithm until the forward image of the
/// result lies within 1e-9 degrees (about 0.1 mm) of the input; better than 0.5 m everywhere in China.
LonLat toWgs84(LonLat gcj02);

}  // namespace landbank::gcj02
