#pragma once
// What the identify panel shows for one feature: its record through the engine, provenance, and
// for polygons the constraints it overlaps and the nearest facilities (computed with GEOS).
// Provisional until the engine's shared parcel report (`parcel show`) is merged; then this defers to it.

#include <optional>
#include <string>
#include <vector>

#include "landbank/features.h"
#include "landbank/store.h"

namespace landbank::viewer {

struct ConstraintOverlap {
  std::string id, type, effect, name;
  double overlapM2 = 0;
};

struct NearbyFacility {
  std::string id, type, name;
  double distanceM = 0;
};

struct FeatureReport {
  Layer layer;
  FeatureRecord record;
  std::optional<LayerProvenance> provenance;
  std::vector<ConstraintOverlap> constraints;  ///< largest overlap first
  std::vector<NearbyFacility> nearest;         ///< nearest first
};

/// Builds the report; Error(UnknownId) when the feature is gone.
FeatureReport buildFeatureReport(const Store& store, Layer layer, const std::string& id, std::size_t nearestCount = 5);

}  // namespace landbank::viewer
