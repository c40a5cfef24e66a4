#pragma once
// The deterministic generator of the bundled Chengyang (城阳区, Qingdao) sample: the real district
// outlines plus synthetic but plausible parcels, industrial parks, buildings, zoning constraints,
// facilities and incoming projects, written as one GeoPackage in EPSG:4549.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace landbank {

/// What to generate. The defaults produce the bundled sample; the benchmark raises parcelCount.
struct SampleOptions {
  /// Seed of every random stream. The same seed (and the same other options) gives the same
  /// attribute values and coordinates, bit for bit, on every platform with IEEE doubles: the
  /// generator uses std::mt19937_64 with its own uniform/normal transforms, never the
  /// implementation-defined std::*_distribution.
  std::uint64_t seed = 20261127;
  /// Number of parcels, >= 1. Up to a few thousand they keep realistic sizes (5 to 300 亩);
  /// beyond that they shrink so that the clusters still fit inside the district (10^6 parcels
  /// average a few hundred m²). At least this many are written (exactly this many in practice).
  std::int64_t parcelCount = 1600;
  int parkCount = 10;       ///< industrial parks, >= 1 (the bundled sample has 10)
  int buildingCount = 180;  ///< buildings (carriers) inside the parks, >= 0
  int projectCount = 48;    ///< incoming projects, >= 0
  /// The Qingdao district outlines (GeoJSON in lon/lat, `properties.name` such as 城阳区):
  /// gisdata/qingdao-districts/qingdao-districts.geojson. Required.
  std::filesystem::path districtsGeoJson;
};

/// What was written: layer name -> number of features.
struct SampleSummary {
  std::map<std::string, std::int64_t> featureCounts;
};

/// Writes one new GeoPackage at `gpkgPath` (which must not exist) with the layers parcels, parks,
/// buildings, constraints, facilities, boundaries and projects of DESIGN.md, every geometry in
/// EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E; x = easting, y = northing, metres) and
/// every field named with its canonical name. Parcels do not overlap one another and lie strictly
/// inside the Chengyang outline; all geometries are valid.
///
/// Throws landbank::Error: Usage for bad options, Io when the outline file cannot be read or the
/// output cannot be written (a partly written file is removed), Crs when the projection cannot be
/// set up, Internal when the generator cannot place the requested parcels.
/// Not thread-safe with respect to GDAL's global configuration; call from one thread at a time.
SampleSummary writeSampleGeoPackage(const SampleOptions& options, const std::filesystem::path& gpkgPath);

}  // namespace landbank
