#include "app/identify_report.h"

#include <algorithm>

#include "detail/geos.h"

namespace landbank::viewer {

namespace {

std::string text(const nlohmann::json& properties, const char* key) {
  auto it = properties.find(key);
  return it != properties.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

FeatureReport buildFeatureReport(const Store& store, Layer layer, const std::string& id, std::size_t nearestCount) {
  FeatureReport report{layer, readFeature(store, layer, id), store.provenance(layer), {}, {}};
  if (report.record.wkb.empty()) return report;
  const GeosGeometryPtr geometry = geometryFromWkb(report.record.wkb.data(), report.record.wkb.size());
  if (layer != Layer::Constraints && layer != Layer::Boundaries) {
    for (const FeatureRecord& constraint : readFeatures(store, Layer::Constraints)) {
      if (constraint.wkb.empty()) continue;
      const GeosGeometryPtr other = geometryFromWkb(constraint.wkb.data(), constraint.wkb.size());
      if (!GEOSIntersects_r(geosContext(), geometry.get(), other.get())) continue;
      report.constraints.push_back({constraint.id, text(constraint.properties, "type"), text(constraint.properties, "effect"),
                                    text(constraint.properties, "name"), intersectionArea(geometry.get(), other.get())});
    }
    std::ranges::sort(report.constraints, [](const auto& a, const auto& b) { return a.overlapM2 > b.overlapM2; });
  }
  if (layer != Layer::Facilities && layer != Layer::Boundaries) {
    for (const FeatureRecord& facility : readFeatures(store, Layer::Facilities)) {
      if (facility.wkb.empty()) continue;
      const GeosGeometryPtr other = geometryFromWkb(facility.wkb.data(), facility.wkb.size());
      report.nearest.push_back({facility.id, text(facility.properties, "type"), text(facility.properties, "name"),
                                geometryDistance(geometry.get(), other.get())});
    }
    std::ranges::sort(report.nearest, [](const auto& a, const auto& b) { return a.distanceM < b.distanceM; });
    if (report.nearest.size() > nearestCount) report.nearest.resize(nearestCount);
  }
  return report;
}

}  // namespace landbank::viewer
