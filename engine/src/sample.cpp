#include "landbank/sample.h"

#include <unistd.h>

#include "landbank/error.h"
#include "landbank/landuse.h"
#include "landbank/store.h"
#include "ledger/sample_ledger.h"

namespace landbank {

std::vector<Layer> sampleImportOrder() {
  return {Layer::Boundaries, Layer::Constraints, Layer::Facilities, Layer::Parks, Layer::Parcels,
          Layer::Buildings,  Layer::Projects,    Layer::Water,      Layer::Roads, Layer::Places};
}

SampleLoadResult loadSample(Store& store, SampleOptions options, Feedback& feedback) {
  if (options.districtsGeoJson.empty())
    options.districtsGeoJson = bundledDataDir() / "qingdao-districts" / "qingdao-districts.geojson";
  // A private temporary folder: the GeoPackage is an intermediate, removed afterwards.
  std::string pattern = (std::filesystem::temp_directory_path() / "landbank-sample-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw Error(ErrorCode::Io, Message{"无法创建临时文件夹", "cannot create a temporary folder"}, {.file = pattern});
  const std::filesystem::path folder = pattern;
  const std::filesystem::path gpkg = folder / "chengyang-sample.gpkg";
  SampleLoadResult result;
  try {
    feedback.progress(0, "generate sample");
    writeSampleGeoPackage(options, gpkg);
    for (Layer layer : sampleImportOrder()) {
      ImportOptions import;
      import.layer = layer;
      import.sourcePath = gpkg;
      import.sourceLayer = std::string(layerName(layer));
      import.asOf = "synthetic sample, seed " + std::to_string(options.seed);
      result.imports.push_back(importLayer(store, import, feedback));
    }
    // The ledger's history of the sample's projects (stages, problems, commitments, results).
    loadSampleLedger(store, options.seed);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
    throw;
  }
  std::filesystem::remove_all(folder);
  return result;
}

}  // namespace landbank
