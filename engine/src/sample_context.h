#pragma once
// The sample's context layers (internal to the sample generator): roads, water and places for maps.
// Fixed tables in lon/lat hold what does not depend on the parcels: the expressways through the
// sample's highway exits, trunk roads, the rivers whose flood zones the constraints already carry,
// the villages, landmarks and government seats. The grid roads between the parks' blocks and the
// reservoirs' outlines come from the generator, which knows where it put them.

#include <ogr_geometry.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>


namespace landbank::sample {

// Own coordinate types: the generator has its own LonLat and GkPoint, which landbank/geo.h's would clash with.
/// WGS84 longitude/latitude in degrees, longitude first.
struct Degrees {
  double lon;
  double lat;
};
/// EPSG:4549 easting and northing in metres.
struct Metres {
  double easting;
  double northing;
};

/// One feature of a context layer, its geometry in EPSG:4549 (metres).
struct ContextFeature {
  std::string id;
  std::string featureClass;  ///< the layer's `class` code (roads: expressway ... local)
  std::string name;
  std::unique_ptr<OGRGeometry> geometry;
};

struct ContextLayers {
  std::vector<ContextFeature> roads;
  std::vector<ContextFeature> water;
  std::vector<ContextFeature> places;
};

/// The context layers: the fixed expressways, trunk roads, rivers and places, projected with
/// `project`, then `gridRoads` (main and secondary roads between the parks' blocks) and
/// `reservoirs` (polygons), given ids in that order. The district seat (gisdata/district_seat.json)
/// and the subdistrict offices come in as `governments` (name, position).
ContextLayers buildSampleContext(const std::function<Metres(Degrees)>& project, std::vector<ContextFeature> gridRoads,
                                 std::vector<ContextFeature> reservoirs, const std::vector<std::pair<std::string, Degrees>>& governments);

}  // namespace landbank::sample
