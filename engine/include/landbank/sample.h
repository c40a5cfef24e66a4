#pragma once
// Loading the bundled Chengyang sample into a store: the generator writes a GeoPackage, and the
// regular importer reads it, so the sample goes through exactly the checks users' data does.

#include <filesystem>

#include "landbank/feedback.h"
#include "landbank/importer.h"
#include "landbank/sample_generator.h"

namespace landbank {

class Store;

struct SampleLoadResult {
  std::vector<ImportResult> imports;  ///< one per layer, in import order
};

/// Generates the sample (options.districtsGeoJson defaults to the bundled outlines) into a
/// temporary GeoPackage and imports every layer with --as-of "synthetic sample (seed N)".
SampleLoadResult loadSample(Store& store, SampleOptions options, Feedback& feedback);

/// Import order: boundaries first (subdistricts are derived from them), projects last.
std::vector<Layer> sampleImportOrder();

}  // namespace landbank
