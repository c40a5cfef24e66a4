#include "landbank/export_selection.h"

#include <ogr_api.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>

#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/features.h"
#include "landbank/landuse.h"
#include "landbank/matching.h"
#include "landbank/query.h"
#include "landbank/rulepack.h"
#include "landbank/store.h"

namespace landbank {

namespace {

/// A point inside the feature (GEOS point-on-surface through OGR): where a visitor should walk to,
/// unlike a centroid, which can fall outside an L-shaped parcel. Falls back to the centroid.
EastingNorthing accessPointOf(const FeatureRecord& record) {
  if (!record.wkb.empty()) {
    OGRGeometry* raw = nullptr;
    if (OGRGeometryFactory::createFromWkb(record.wkb.data(), nullptr, &raw, record.wkb.size()) == OGRERR_NONE && raw) {
      OGRGeometry* inside = OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(raw)));
      OGRGeometryFactory::destroyGeometry(raw);
      if (inside) {
        const bool ok = wkbFlatten(inside->getGeometryType()) == wkbPoint && !inside->IsEmpty();
        const EastingNorthing point = ok ? EastingNorthing::fromMetres(inside->toPoint()->getX(), inside->toPoint()->getY()) : EastingNorthing{};
        OGRGeometryFactory::destroyGeometry(inside);
        if (ok) return point;
      }
    }
  }
  return record.centroid.value_or(EastingNorthing{});
}

ExportSite siteOf(const FeatureRecord& record) {
  ExportSite site;
  site.id = record.id;
  site.name = record.properties.value("name", "");
  site.areaSquareMetres = record.properties.value("area_m2", 0.0);
  site.landUse = record.properties.value("land_use", "");
  site.status = record.properties.value("status", "");
  site.accessPoint = accessPointOf(record);
  return site;
}

std::vector<FeatureRecord> readInOrder(const Store& store, Layer layer, const std::vector<std::string>& ids) {
  ReadOptions options;
  options.ids = ids;
  std::vector<FeatureRecord> found = readFeatures(store, layer, options);
  std::map<std::string, FeatureRecord> byId;
  for (FeatureRecord& record : found) byId.emplace(record.id, std::move(record));
  std::vector<FeatureRecord> ordered;
  std::string missing;
  for (const std::string& id : ids) {
    auto it = byId.find(id);
    if (it == byId.end()) {
      missing += (missing.empty() ? "" : ", ") + id;
      continue;
    }
    ordered.push_back(it->second);
  }
  if (!missing.empty())
    throw Error(ErrorCode::UnknownId,
                Message{"没有这些" + layerLabel(layerName(layer), Language::Chinese) + "：" + missing, "no such " + std::string(layerName(layer)) + ": " + missing},
                {.layer = std::string(layerName(layer))});
  return ordered;
}

}  // namespace

SelectedExport selectForExport(const Store& store, const ExportSelection& selection) {
  SelectedExport result;
  const bool chinese = selection.language == Language::Chinese;
  if (selection.projectId) {
    const FeatureRecord projectRecord = readFeature(store, Layer::Projects, *selection.projectId);
    const ProjectSpec project = ProjectSpec::fromFeature(projectRecord);
    result.title = projectRecord.properties.value("name", *selection.projectId);
    std::optional<MatchEngine> ownEngine;
    if (!selection.engine) ownEngine.emplace(store, RulePack::load(RulePack::bundledPath()));
    const MatchEngine& engine = selection.engine ? *selection.engine : *ownEngine;
    MatchOptions options;
    options.top = selection.top;
    options.kind = KindSelection::Parcels;
    options.language = selection.language;
    const MatchResult match = engine.match(project, options);
    std::vector<std::string> ids;
    for (const Candidate& candidate : match.candidates) ids.push_back(candidate.id);
    ExportLayer layer{Layer::Parcels, readInOrder(store, Layer::Parcels, ids)};
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
      ExportSite site = siteOf(layer.features[i]);
      site.rank = match.candidates[i].rank;
      site.score = match.candidates[i].score;
      result.sites.push_back(site);
    }
    result.layers.push_back(std::move(layer));
    return result;
  }
  if (!selection.parcelIds.empty()) {
    result.title = chinese ? "地块" : "parcels";
    ExportLayer layer{Layer::Parcels, readInOrder(store, Layer::Parcels, selection.parcelIds)};
    for (const FeatureRecord& record : layer.features) result.sites.push_back(siteOf(record));
    result.layers.push_back(std::move(layer));
    return result;
  }
  if (!selection.layer) throw Error(ErrorCode::Usage, Message{"export 需要 --project、--parcels 或 --layer", "export needs --project, --parcels or --layer"});
  FeatureQuery query;
  query.layer = *selection.layer;
  query.where = selection.where;
  query.withGeometry = true;
  QueryResult hits = runQuery(store, query);
  ExportLayer layer{*selection.layer, {}};
  for (QueryHit& hit : hits.hits) layer.features.push_back(std::move(hit.record));
  result.title = std::string(layerName(*selection.layer));
  if (*selection.layer == Layer::Parcels)
    for (const FeatureRecord& record : layer.features) result.sites.push_back(siteOf(record));
  result.layers.push_back(std::move(layer));
  return result;
}

LonLat districtSeat() {
  const std::filesystem::path file = bundledDataDir() / "district_seat.json";
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorCode::Io, Message{"无法读取区政府驻地文件", "cannot read the district seat"}, {.file = file.string()});
  try {
    const nlohmann::json seat = nlohmann::json::parse(in);
    return LonLat::fromDegrees(seat.at("lon").get<double>(), seat.at("lat").get<double>());
  } catch (const nlohmann::json::exception& error) {
    throw Error(ErrorCode::Io, Message{std::string("区政府驻地文件无效：") + error.what(), std::string("the district seat is not valid: ") + error.what()}, {.file = file.string()});
  }
}

SiteVisitPlan planSiteVisit(EastingNorthing start, const std::vector<ExportSite>& sites) {
  std::vector<EastingNorthing> points;
  for (const ExportSite& site : sites) points.push_back(site.accessPoint);
  SiteVisitPlan plan;
  plan.order = planVisitOrder(start, points);
  plan.route.push_back(start);
  for (std::size_t index : plan.order.order) plan.route.push_back(points[index]);
  return plan;
}

}  // namespace landbank

namespace landbank {

ProjectedBox extentOf(const std::vector<ExportLayer>& layers) {
  ProjectedBox box{1, 1, 0, 0};  // empty
  bool any = false;
  for (const ExportLayer& layer : layers)
    for (const FeatureRecord& record : layer.features) {
      if (record.wkb.empty()) continue;
      OGRGeometry* raw = nullptr;
      if (OGRGeometryFactory::createFromWkb(record.wkb.data(), nullptr, &raw, record.wkb.size()) != OGRERR_NONE || !raw) continue;
      OGREnvelope envelope;
      raw->getEnvelope(&envelope);
      OGRGeometryFactory::destroyGeometry(raw);
      if (!any) box = ProjectedBox{envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY};
      box.minEasting = std::min(box.minEasting, envelope.MinX);
      box.minNorthing = std::min(box.minNorthing, envelope.MinY);
      box.maxEasting = std::max(box.maxEasting, envelope.MaxX);
      box.maxNorthing = std::max(box.maxNorthing, envelope.MaxY);
      any = true;
    }
  return box;
}

}  // namespace landbank
