#include "app/identify_report.h"

namespace landbank::viewer {

FeatureReport identifyReport(const Store& store, Layer layer, const std::string& id) {
  if (layer == Layer::Parcels || layer == Layer::Buildings || layer == Layer::Parks) return featureReport(store, layer, id);
  FeatureReport report;
  report.layer = layer;
  report.record = readFeature(store, layer, id);
  report.databaseCrs = store.databaseCrs();
  report.provenance = store.provenance(layer);
  return report;
}

}  // namespace landbank::viewer
