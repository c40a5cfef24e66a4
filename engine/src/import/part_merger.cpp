#include "import/part_merger.h"

#include <set>

#include "import/geometry_checks.h"

namespace landbank::importing {

namespace {

std::string shown(const nlohmann::json& value) {
  if (value.is_null()) return "(empty)";
  if (value.is_string()) return "'" + value.get<std::string>() + "'";
  return value.dump();
}

}  // namespace

void PartMerger::add(std::int64_t row, nlohmann::json values, nlohmann::json extra, GeosGeometryPtr geometry,
                     const ErrorContext& context) {
  const std::string id = values.at("id").get<std::string>();
  const auto [found, inserted] = m_indexById.emplace(id, m_features.size());
  if (inserted) {
    Feature feature{row, std::move(values), std::move(extra), {}};
    feature.parts.push_back(std::move(geometry));
    m_features.push_back(std::move(feature));
    return;
  }
  Feature& feature = m_features[found->second];
  std::set<std::string> fields;
  for (auto it = feature.values.begin(); it != feature.values.end(); ++it) fields.insert(it.key());
  for (auto it = values.begin(); it != values.end(); ++it) fields.insert(it.key());
  for (const std::string& field : fields) {
    const nlohmann::json first = feature.values.contains(field) ? feature.values.at(field) : nlohmann::json();
    const nlohmann::json here = values.contains(field) ? values.at(field) : nlohmann::json();
    if (first == here) continue;
    ErrorContext where = context;
    where.feature = id;
    where.field = field;
    where.row = row;
    throw Error(ErrorCode::BadValue,
                Message{"同一要素的各部分在 '" + field + "' 上不一致：第 " + std::to_string(feature.firstRow) + " 行为 " + shown(first) + "，第 " +
                            std::to_string(row) + " 行为 " + shown(here) + "（--merge-parts 只合并所有映射字段都一致的记录）",
                        "parts of one feature differ in '" + field + "': " + shown(first) + " at row " + std::to_string(feature.firstRow) +
                            ", " + shown(here) + " at row " + std::to_string(row) +
                            " (--merge-parts joins records only when every mapped field agrees)"},
                where);
  }
  if (feature.parts.size() == 1) {
    ++m_mergedFeatures;
    ++m_mergedParts;
  }
  ++m_mergedParts;
  feature.parts.push_back(std::move(geometry));
}

void PartMerger::finish(
    const std::function<void(const nlohmann::json& values, const nlohmann::json& extra, const GEOSGeometry* geometry)>& write) {
  GEOSContextHandle_t context = geosContext();
  for (Feature& feature : m_features) {
    if (feature.parts.size() == 1) {
      write(feature.values, feature.extra, feature.parts.front().get());
      continue;
    }
    std::vector<GEOSGeometry*> parts;
    for (GeosGeometryPtr& part : feature.parts) parts.push_back(part.release());
    GeosGeometryPtr collection = takeGeometry(
        GEOSGeom_createCollection_r(context, GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())),
        "collect parts");
    GeosGeometryPtr merged = takeGeometry(GEOSUnaryUnion_r(context, collection.get()), "union of parts");
    merged = polygonalParts(merged.get());
    write(feature.values, feature.extra, merged.get());
  }
  m_features.clear();
  m_indexById.clear();
}

}  // namespace landbank::importing
