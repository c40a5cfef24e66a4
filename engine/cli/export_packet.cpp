// `landbank export packet`: gathers what the packet shows (the engine's facts, coordinates in four
// systems, labels in the chosen language) and hands it to the packet renderer in the map-export
// library (viewer/export/packet_export.cpp), loaded only for this command.
#include "export_packet.h"
#include "usage_errors.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>

#include "landbank/code_labels.h"
#include "landbank/coordinate_conversion.h"
#include "landbank/crs.h"
#include "landbank/error.h"
#include "landbank/features.h"
#include "landbank/gcj02.h"
#include "landbank/landuse.h"
#include "landbank/matching.h"
#include "landbank/rulepack.h"
#include "landbank/store.h"
#include "landbank/units.h"
#include "ledger_cli.h"
#include "match_output.h"
#include "output.h"

namespace landbank::cli {

namespace {

using nlohmann::json;

std::string percentEncode(const std::string& text) {
  std::string encoded;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') encoded += static_cast<char>(c);
    else encoded += fmt::format("%{:02X}", c);
  }
  return encoded;
}


std::string valueText(const json& value) {
  if (value.is_boolean()) return value.get<bool>() ? "✓" : "✗";
  if (value.is_number_float()) return formatNumber(value.get<double>(), 2);
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

}  // namespace

/// A box around `box` with `margin` metres each side, widened to `aspect` (width / height).
ProjectedBox framed(ProjectedBox box, double margin, double aspect) {
  box = ProjectedBox{box.minEasting - margin, box.minNorthing - margin, box.maxEasting + margin, box.maxNorthing + margin};
  double width = box.maxEasting - box.minEasting, height = box.maxNorthing - box.minNorthing;
  const double cx = (box.minEasting + box.maxEasting) / 2, cy = (box.minNorthing + box.maxNorthing) / 2;
  if (width / height < aspect) width = height * aspect;
  else height = width / aspect;
  return ProjectedBox{cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2};
}

int runPacketExport(Context& context, const PacketRequest& packet, const PacketRenderFunction render) {
  const bool zh = context.language == Language::Chinese;
  const std::string today = todayOf(context);  // the cover's date: --today, else $LANDBANK_TODAY, else the calendar
  const Store store = openForMatching(context.databasePath);
  // One matching engine for the selection and the --why facts.
  std::optional<MatchEngine> engine;
  std::optional<ProjectSpec> project;
  RulePack rules = loadRulePack("");
  const std::string rulePackText = rules.id + " " + rules.version;
  ExportSelection selection = packet.selection;
  if (selection.projectId) {
    project = ProjectSpec::fromFeature(readFeature(store, Layer::Projects, *selection.projectId));
    engine.emplace(store, std::move(rules));
    selection.engine = &*engine;
  }
  const SelectedExport selected = selectForExport(store, selection);
  if (selected.sites.empty()) throw Error(ErrorCode::BadValue, zh ? "没有可放入踏勘资料的地块" : "no sites to put in the packet");
  const ProjectedToLonLat toLonLat(store.databaseCrs());
  const SiteVisitPlan plan = planSiteVisit(toLonLat.toProjected(packet.start.value_or(districtSeat())), selected.sites);

  // The page geometry decides the maps' aspect (12 mm margins; the detail map is 40% of the height).
  double pageWidth = packet.paper == "A3" ? 297 : 210, pageHeight = packet.paper == "A3" ? 420 : 297;
  if (packet.landscape) std::swap(pageWidth, pageHeight);
  const double detailAspect = (pageWidth - 24) / ((pageHeight - 24) * 0.40);  // packet_export.cpp: mapHeight
  const double overviewAspect = (pageWidth - 24) / ((pageHeight - 24) * 0.80);

  MatchOptions whyOptions;
  whyOptions.language = context.language;

  json request;
  request["database"] = context.databasePath.string();
  request["output"] = packet.output.string();
  request["force"] = packet.force;
  request["paper"] = packet.paper;
  request["landscape"] = packet.landscape;
  request["language"] = std::string(languageCode(context.language));
  request["title"] = packet.selection.projectId ? *packet.selection.projectId + " " + selected.title : selected.title;
  json cover = json::array();
  cover.push_back((zh ? "日期：" : "Date: ") + today);
  cover.push_back((zh ? "规则包：" : "Rule pack: ") + rulePackText);
  if (project) cover.push_back((zh ? "项目：" : "Project: ") + project->id + " " + project->name);
  request["cover_lines"] = cover;

  std::string visit = zh ? "建议踏勘顺序（直线距离，起点 " : "Suggested visit order (straight-line, from ";
  visit += packet.start ? fmt::format("{:.5f},{:.5f}", packet.start->lon, packet.start->lat) : (zh ? "区政府" : "the district government");
  visit += zh ? "）：" : "): ";
  for (std::size_t i = 0; i < plan.order.order.size(); ++i) visit += (i ? " → " : "") + selected.sites[plan.order.order[i]].id;
  visit += fmt::format(fmt::runtime(zh ? "；总距离 {:.1f} 千米" : "; total {:.1f} km"), plan.order.totalMetres / 1000.0);
  request["visit_text"] = visit;
  json route = json::array();
  for (const EastingNorthing& point : plan.route) route.push_back({point.easting, point.northing});
  request["route"] = route;
  ProjectedBox all = extentOf(selected.layers);
  for (const EastingNorthing& point : plan.route) {
    all.minEasting = std::min(all.minEasting, point.easting);
    all.minNorthing = std::min(all.minNorthing, point.northing);
    all.maxEasting = std::max(all.maxEasting, point.easting);
    all.maxNorthing = std::max(all.maxNorthing, point.northing);
  }
  const ProjectedBox overview = framed(all, 800, overviewAspect);
  request["overview_extent"] = {overview.minEasting, overview.minNorthing, overview.maxEasting, overview.maxNorthing};

  const LandUseTable& landUses = LandUseTable::bundled();
  json sites = json::array();
  const auto& records = selected.layers.at(0).features;
  for (std::size_t i = 0; i < selected.sites.size(); ++i) {
    const ExportSite& site = selected.sites[i];
    const FeatureRecord& record = records[i];
    const json& p = record.properties;
    json entry;
    entry["id"] = site.id;
    entry["name"] = site.name;
    entry["rank"] = site.rank.value_or(static_cast<int>(i + 1));
    const double area = p.value("area_m2", 0.0);
    std::string landUse = site.landUse;
    if (const LandUseClass* use = landUses.find(site.landUse)) landUse += " " + (zh ? use->nameZh : use->nameEn);
    const std::string status = zh ? std::string(codeLabelZh(site.status)) : site.status;
    std::string summary = fmt::format(fmt::runtime(zh ? "面积 {} 平方米（{} 亩）；{}；{}" : "area {} m² ({} mu); {}; {}"), formatNumber(area, 0),
                                      formatNumber(squareMetresToMu(area), 1), landUse, status);
    if (site.score) summary += fmt::format(fmt::runtime(zh ? "；得分 {:.2f}" : "; score {:.2f}"), *site.score);
    entry["summary"] = summary;

    ExportLayer one{Layer::Parcels, {record}};
    const ProjectedBox detail = framed(extentOf({one}), 300, detailAspect);
    entry["extent"] = {detail.minEasting, detail.minNorthing, detail.maxEasting, detail.maxNorthing};
    const LonLat topLeft = toLonLat.toLonLat(EastingNorthing{detail.minEasting, detail.maxNorthing});
    const LonLat bottomRight = toLonLat.toLonLat(EastingNorthing{detail.maxEasting, detail.minNorthing});
    entry["corner_top_left"] = fmt::format("{:.5f}, {:.5f}", topLeft.lon, topLeft.lat);
    entry["corner_bottom_right"] = fmt::format("{:.5f}, {:.5f}", bottomRight.lon, bottomRight.lat);

    json attributes = json::array();
    auto add = [&](const char* zhLabel, const char* enLabel, const std::string& value) {
      if (!value.empty()) attributes.push_back({zh ? zhLabel : enLabel, value});
    };
    add("编号", "id", site.id);
    add("名称", "name", site.name);
    add("用地性质", "land use", landUse);
    add("状态", "status", status);
    add("面积", "area", fmt::format("{} m² / {} 亩 / {} ha", formatNumber(area, 0), formatNumber(squareMetresToMu(area), 1), formatNumber(area / 10000.0, 2)));
    const std::pair<const char*, std::array<const char*, 2>> fields[] = {
        {"price_wan_per_mu", {"价格（万元/亩）", "price (10k yuan/mu)"}}, {"far_min", {"容积率下限", "FAR min"}},
        {"far_max", {"容积率上限", "FAR max"}}, {"height_max_m", {"限高（米）", "height limit (m)"}},
        {"density_max", {"建筑密度上限", "density max"}}, {"power_kva", {"供电（kVA）", "power (kVA)"}},
        {"water", {"供水", "water"}}, {"gas", {"燃气", "gas"}}, {"sewage", {"污水", "sewage"}}, {"road", {"道路", "road"}},
        {"available_from", {"可供日期", "available from"}}, {"subdistrict", {"街道", "subdistrict"}}, {"owner", {"权属", "owner"}}};
    for (const auto& [field, labels] : fields)
      if (p.contains(field) && !p[field].is_null()) add(labels[0], labels[1], valueText(p[field]));
    entry["attributes"] = attributes;

    // The access point in the systems surveyors and phones use.
    const LonLat wgs84 = toLonLat.toLonLat(site.accessPoint);
    const CrsPoint cm120 = convertCoordinate(CrsPoint{wgs84.lon, wgs84.lat}, "EPSG:4326", "EPSG:4549");
    const CrsPoint zone40 = convertCoordinate(CrsPoint{wgs84.lon, wgs84.lat}, "EPSG:4326", "EPSG:4528");
    const LonLat gcj = gcj02::fromWgs84(wgs84);
    entry["coordinates"] = json::array({
        {zh ? "WGS84 经纬度" : "WGS84 lon, lat", fmt::format("{:.6f}, {:.6f}", wgs84.lon, wgs84.lat)},
        {zh ? "EPSG:4549 3度带" : "EPSG:4549 GK", fmt::format("X {:.2f}  Y {:.2f}", cm120.y, cm120.x)},
        {zh ? "EPSG:4528 带号" : "EPSG:4528 zone", fmt::format("X {:.2f}  Y {:.2f}", zone40.y, zone40.x)},
        {zh ? "GCJ-02（高德）" : "GCJ-02 (Amap)", fmt::format("{:.6f}, {:.6f}", gcj.lon, gcj.lat)},
    });
    entry["nav_url"] = fmt::format("https://uri.amap.com/navigation?to={:.6f},{:.6f},{}&mode=car&coordinate=gaode&callnative=1", gcj.lon, gcj.lat,
                                   percentEncode(site.id + " " + site.name));

    json facts = json::array();
    if (engine && project) {
      const WhyResult why = engine->why(*project, CandidateKind::Parcel, site.id, whyOptions);
      if (why.scored)
        for (const CriterionScore& criterion : why.scored->criteria)
          facts.push_back({codeLabel(CodeList::Criterion, criterion.name, context.language),
                           fmt::format("{} {} → {:.2f} × {:.2f}", formatNumber(criterion.value, 1),
                                       codeLabel(CodeList::Unit, criterion.unit, context.language), criterion.score, criterion.weight)});
      for (const RuleCheck& check : why.checks)
        facts.push_back({(check.passed ? "✓ " : "✗ ") + codeLabel(CodeList::Rule, check.rule, context.language), check.fact});
    }
    entry["facts"] = facts;
    sites.push_back(entry);
  }
  request["sites"] = sites;

  std::array<char, 4096> message{};
  const int code = render(request.dump().c_str(), message.data(), message.size());
  if (code != 0) {
    context.err << (code == 2 ? usageErrorPrefix(context.language) : errorPrefix(context.language)) << message.data() << "\n";
    return code;
  }
  context.out << (zh ? "packet：已生成 " : "packet: wrote ") << message.data() << "\n" << visit << "\n";
  return 0;
}

}  // namespace landbank::cli
