#pragma once
// SpatiaLite's own geometry BLOB (the `geom` column as stored) turned into WKB without SpatiaLite's
// SQL functions, so that a read-only match can read geometries without loading mod_spatialite (about
// 50 ms, see detail/sqlite.h). Only the plain 2D classes are converted; everything else (compressed,
// Z/M, TinyPoint) is left to SpatiaLite's AsBinary() by the caller.
//
// Layout (https://www.gaia-gis.it/gaia-sins/BLOB-Geometry.html): 0x00, byte order (0x01 little-endian),
// SRID int32, MBR (4 doubles), 0x7C, class int32, the class's data, 0xFE. The data of the 2D classes is
// WKB's, except that each member of a collection starts with the marker 0x69 where WKB repeats the
// byte-order byte.
#include <cstddef>
#include <vector>

namespace landbank {

/// Appends the WKB of `blob` to `wkb` and returns true, or returns false (and leaves `wkb` as it was)
/// when the blob is not a plain 2D SpatiaLite geometry this function reads.
bool wkbFromSpatialiteBlob(const unsigned char* blob, std::size_t size, std::vector<unsigned char>& wkb);

}  // namespace landbank
