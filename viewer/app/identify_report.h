#pragma once
// What the identify panel shows for one feature: the engine's feature report (what `landbank
// parcel show` prints) for parcels, buildings and parks; the record and provenance for the others.

#include <string>

#include "landbank/feature_report.h"

namespace landbank::viewer {

/// Throws Error(UnknownId) when the feature is gone.
FeatureReport identifyReport(const Store& store, Layer layer, const std::string& id);

}  // namespace landbank::viewer
