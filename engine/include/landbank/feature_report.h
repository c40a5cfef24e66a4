#pragma once
// One feature on one page: what `landbank parcel show ID` prints and what the viewer's identify
// panel shows. Everything is computed in the database CRS (metres); lon/lat only for display.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "landbank/features.h"
#include "landbank/geo.h"
#include "landbank/layers.h"
#include "landbank/store.h"

namespace landbank {

/// A constraint whose interior overlaps the feature.
struct ConstraintOverlap {
  std::string id, type, effect, name;
  std::optional<double> value;          ///< metres for limit_height, 0..1 for penalty
  double overlapSquareMetres = 0;       ///< 0 for a point feature inside the constraint
  double shareOfFeature = 0;            ///< overlap / feature area (1 for a point inside)
};

/// The nearest facility of one type, by distance from the feature's geometry (0 when touching).
struct NearestFacility {
  std::string type, id, name;
  double distanceMetres = 0;
};

struct FeatureReport {
  Layer layer = Layer::Parcels;
  FeatureRecord record;                         ///< attributes, derived area, extra attributes
  std::optional<LonLat> centroidLonLat;         ///< WGS84
  std::string databaseCrs;                      ///< the CRS of record.centroid
  std::optional<std::string> parkId, parkName;  ///< parcels: the park holding most of it; buildings: park_id
  std::vector<ConstraintOverlap> constraints;   ///< largest overlap first
  std::vector<NearestFacility> nearestFacilities;  ///< one per facility type present, in code-list order
  std::vector<std::string> neighbourIds;        ///< same-layer features within 1 m (sharing an edge), by id
  std::optional<LayerProvenance> provenance;    ///< where the layer came from and as of when
};

/// Builds the report of one feature of `layer` (parcels, buildings or parks). Throws Error(UnknownId)
/// when there is no such feature, Error(Database) on failure. Read-only.
FeatureReport featureReport(const Store& store, Layer layer, const std::string& id);

/// The report as JSON: {"layer", "id", "properties", "attrs", "area": {m2, mu, ha}, "centroid" [lon,lat],
/// "centroid_db": {"crs", "x", "y"}, "park", "constraints", "nearest_facilities", "neighbours", "provenance"}.
nlohmann::json featureReportJson(const FeatureReport& report);

}  // namespace landbank
