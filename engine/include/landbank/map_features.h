#pragma once
// What a map needs of each feature (drawing attributes and geometry as WKB), read from the store for
// the render library: every feature of a layer (the viewer's snapshot) or only those near some boxes
// (one-shot exports: a 2 km window of a 10^6-parcel store reads a few thousand rows, not 10^6).
// The SQL lives here, behind the store, so that a PostgreSQL backend can answer the same calls.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "landbank/geo.h"
#include "landbank/layers.h"

namespace landbank {

class Store;

/// One feature as a map draws it. Strings are empty where the layer has no such field or the value
/// is NULL.
struct MapFeatureRow {
  std::string id;
  std::string name;
  /// The attribute that picks the style: status for parcels, level for boundaries, stage for
  /// projects, class for roads/water/places, type for the other layers.
  std::string category;
  std::string landUse;      ///< parcels only (national code)
  std::string subdistrict;
  std::string sector;       ///< projects
  std::optional<double> areaM2;    ///< polygon layers
  std::optional<double> centroidX, centroidY;  ///< SpatiaLite's Centroid(geom), database CRS metres
  /// ISO WKB of the geometry in the database CRS (empty when NULL); valid during the visit only.
  std::span<const unsigned char> wkb;
};

/// Which features of a layer to read. Both lists empty: every feature.
struct MapFeatureSelection {
  /// Features whose bounding box meets any of these boxes (database CRS metres, edges included),
  /// found through the layer's R*Tree. The index stores single-precision boxes rounded outwards, so
  /// the answer may hold a few features just outside (never misses one inside): callers filter
  /// exactly on the geometry.
  std::vector<ProjectedBox> boxes;
  /// Features wanted wherever they lie (highlighted or ranked sites), by id; unknown ids are ignored.
  std::vector<std::string> ids;

  bool everything() const { return boxes.empty() && ids.empty(); }
};

/// Calls `visit` once per selected feature of `layer`, in id order (byte order of the UTF-8 ids, as
/// SQLite's BINARY collation sorts them), each feature once even when several boxes hold it. The row
/// may be modified (strings moved out) by `visit`. Throws landbank::Error(Database) on failure.
void readMapFeatures(const Store& store, Layer layer, const MapFeatureSelection& selection,
                     const std::function<void(MapFeatureRow&)>& visit);

/// Distinct values of the style attribute of `layer` (see MapFeatureRow::category) over the whole
/// layer, or of parcels' land use when `field` is LandUse; NULL reads as "". Sorted. The legend of a
/// map lists what the layer holds, whichever part of it a map export read.
enum class MapCategoryField { Category, LandUse };
std::vector<std::string> distinctMapValues(const Store& store, Layer layer, MapCategoryField field);

}  // namespace landbank
