// `landbank export catalogue`: the investor-facing land catalogue (招商地块推介册). Gathers the
// offered sites (parcels reserved or available, buildings with vacant floor), grouped by park and
// subdistrict, with their public key figures only, and hands them to the catalogue renderer in the
// map-export library (viewer/export/catalogue_export.cpp). Nothing internal goes into the request:
// no owner, no negotiation status, no project, no ledger data.
#include "export_catalogue.h"
#include "usage_errors.h"
#include "export_packet.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "landbank/area_names.h"
#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/export_selection.h"
#include "landbank/features.h"
#include "landbank/landuse.h"
#include "landbank/query.h"
#include "landbank/store.h"
#include "landbank/units.h"
#include "ledger_cli.h"
#include "match_output.h"
#include "output.h"

namespace landbank::cli {

namespace {

using nlohmann::json;


/// A string field, or `fallback` when it is missing or null.
std::string stringOr(const json& properties, const char* field, const std::string& fallback) {
  const auto it = properties.find(field);
  return it != properties.end() && it->is_string() && !it->get<std::string>().empty() ? it->get<std::string>() : fallback;
}

/// The stored subdistrict name for `given` (area_names.h: as stored, or without its 街道/镇 suffix);
/// Error(Usage) naming the near misses, or else every valid name, otherwise.
std::string resolveSubdistrict(const Store& store, const std::string& given, bool zh) {
  const AreaNameMatch match = resolveAreaName(store, NamedArea::Subdistrict, given);
  if (match.value) return *match.value;
  std::string names;
  for (const std::string& name : match.nearMisses.empty() ? match.known : match.nearMisses) names += (names.empty() ? "" : (zh ? "、" : ", ")) + name;
  if (!match.nearMisses.empty())
    throw Error(ErrorCode::Usage, fmt::format(fmt::runtime(zh ? "--subdistrict {}：没有这个街道；是否要找 {}？" : "--subdistrict {}: no such subdistrict; did you mean {}?"),
                                              given, names));
  throw Error(ErrorCode::Usage, fmt::format(fmt::runtime(zh ? "--subdistrict {}：没有这个街道；现有：{}" : "--subdistrict {}: no such subdistrict; there are: {}"),
                                            given, names));
}

std::string numberText(const json& value, int decimals) {
  if (value.is_number()) return formatNumber(value.get<double>(), decimals);
  if (value.is_string()) return value.get<std::string>();
  return {};
}

}  // namespace

int runCatalogueExport(Context& context, const CatalogueRequest& catalogue, const MapExportFunction render) {
  const bool zh = context.language == Language::Chinese;
  const std::string today = todayOf(context);  // the cover's date: --today, else $LANDBANK_TODAY, else the calendar
  const Store store = openForMatching(context.databasePath);
  std::optional<std::string> subdistrict;
  if (!catalogue.subdistrict.empty()) subdistrict = resolveSubdistrict(store, catalogue.subdistrict, zh);

  // Parks: id -> name, and which park each offered parcel lies in (at least half its area).
  ReadOptions noGeometry;
  noGeometry.withGeometry = false;
  std::map<std::string, std::string> parkNames;
  for (const FeatureRecord& park : readFeatures(store, Layer::Parks, noGeometry)) parkNames[park.id] = stringOr(park.properties, "name", park.id);
  const std::vector<std::string> offered{"reserved", "available"};
  std::map<std::string, std::string> parkOfParcel;
  for (const auto& [parkId, parkName] : parkNames) {
    FeatureQuery inPark;
    inPark.layer = Layer::Parcels;
    inPark.statuses = offered;
    inPark.parkId = parkId;
    for (const QueryHit& hit : runQuery(store, inPark).hits) parkOfParcel.emplace(hit.record.id, parkId);
  }

  // Page geometry (A4 portrait, 12 mm margins; the map is 42% of the height: catalogue_export.cpp).
  const double mapAspect = (210.0 - 24) / ((297.0 - 24) * 0.42);
  const LandUseTable& landUses = LandUseTable::bundled();
  const std::string outside = zh ? "园区外" : "outside the parks";
  const std::string noSubdistrict = zh ? "未定街道" : "no subdistrict";

  struct Entry {
    std::string park, subdistrict, id;
    json site;
  };
  std::vector<Entry> entries;
  double landSquareMetres = 0, vacantFloor = 0;
  int landCount = 0, buildingCount = 0;

  FeatureQuery parcels;
  parcels.layer = Layer::Parcels;
  parcels.statuses = offered;
  parcels.subdistrict = subdistrict;
  parcels.withGeometry = true;
  for (const QueryHit& hit : runQuery(store, parcels).hits) {
    const FeatureRecord& record = hit.record;
    const json& p = record.properties;
    json site;
    site["kind"] = "parcel";
    site["id"] = record.id;
    site["name"] = stringOr(p, "name", "");
    const double area = p.value("area_m2", 0.0);
    landSquareMetres += area;
    ++landCount;
    const std::string code = stringOr(p, "land_use", "");
    std::string landUse = code;
    if (const LandUseClass* use = landUses.find(code)) landUse = (zh ? use->nameZh : use->nameEn) + "（" + code + "）";
    const auto parkIt = parkOfParcel.find(record.id);
    const std::string park = parkIt == parkOfParcel.end() ? outside : parkNames[parkIt->second];
    const std::string sub = stringOr(p, "subdistrict", noSubdistrict);
    json rows = json::array();
    auto add = [&](const char* zhLabel, const char* enLabel, const std::string& value) {
      if (!value.empty()) rows.push_back({zh ? zhLabel : enLabel, value});
    };
    add("编号", "id", record.id);
    add("面积", "area", fmt::format("{} m² / {} 亩 / {} ha", formatNumber(area, 0), formatNumber(squareMetresToMu(area), 1), formatNumber(area / 10000.0, 2)));
    add("用地性质", "land use", landUse);
    add("园区", "park", park);
    add("街道", "subdistrict", sub);
    {
      const std::string farMin = numberText(p.value("far_min", json()), 1), farMax = numberText(p.value("far_max", json()), 1);
      if (!farMin.empty() || !farMax.empty()) add("容积率", "FAR", farMin.empty() ? "≤ " + farMax : farMax.empty() ? "≥ " + farMin : farMin + " – " + farMax);
    }
    if (p.contains("height_max_m")) add("限高（米）", "height limit (m)", numberText(p["height_max_m"], 0));
    if (p.contains("density_max")) add("建筑密度上限", "density max", numberText(p["density_max"], 2));
    if (p.contains("price_wan_per_mu")) add("价格（万元/亩）", "price (10k yuan/mu)", numberText(p["price_wan_per_mu"], 1));
    std::string infrastructure;
    const std::array<std::array<const char*, 3>, 4> services{{{"water", "供水", "water"}, {"gas", "燃气", "gas"}, {"sewage", "污水", "sewage"}, {"road", "道路", "road"}}};
    for (const auto& [field, zhName, enName] : services)
      if (p.contains(field) && p[field].is_boolean() && p[field].get<bool>()) infrastructure += std::string(infrastructure.empty() ? "" : (zh ? "、" : ", ")) + (zh ? zhName : enName);
    if (p.contains("power_kva") && p["power_kva"].is_number())
      infrastructure += (infrastructure.empty() ? "" : (zh ? "、" : ", ")) + fmt::format(fmt::runtime(zh ? "供电 {} kVA" : "power {} kVA"), numberText(p["power_kva"], 0));
    add("配套", "infrastructure", infrastructure);
    if (p.contains("available_from") && p["available_from"].is_string()) add("可供日期", "available from", p["available_from"].get<std::string>());
    site["rows"] = rows;
    site["summary"] = fmt::format(fmt::runtime(zh ? "{} 亩 · {}" : "{} mu · {}"), formatNumber(squareMetresToMu(area), 1), landUse);
    const ProjectedBox box = framed(extentOf({ExportLayer{Layer::Parcels, {record}}}), 300, mapAspect);
    site["extent"] = {box.minEasting, box.minNorthing, box.maxEasting, box.maxNorthing};
    entries.push_back(Entry{park, sub, record.id, site});
  }

  FeatureQuery buildings;
  buildings.layer = Layer::Buildings;
  buildings.subdistrict = subdistrict;
  buildings.withGeometry = true;
  buildings.bounds.push_back(NumericBound{"vacant_floor_m2", 0.0, std::nullopt});
  for (const QueryHit& hit : runQuery(store, buildings).hits) {
    const FeatureRecord& record = hit.record;
    const json& p = record.properties;
    const double vacant = p.value("vacant_floor_m2", 0.0);
    if (!(vacant > 0)) continue;
    vacantFloor += vacant;
    ++buildingCount;
    json site;
    site["kind"] = "building";
    site["id"] = record.id;
    site["name"] = stringOr(p, "name", "");
    const std::string parkId = stringOr(p, "park_id", "");
    const std::string park = parkNames.contains(parkId) ? parkNames[parkId] : outside;
    const std::string sub = stringOr(p, "subdistrict", noSubdistrict);
    const std::string type = codeLabel(CodeList::BuildingType, stringOr(p, "type", ""), context.language);
    json rows = json::array();
    auto add = [&](const char* zhLabel, const char* enLabel, const std::string& value) {
      if (!value.empty()) rows.push_back({zh ? zhLabel : enLabel, value});
    };
    add("编号", "id", record.id);
    add("类型", "type", type);
    add("空置面积", "vacant floor", formatNumber(vacant, 0) + " m²");
    const json floors = record.extra.value("floors", p.value("floors", json()));
    if (!floors.is_null()) add("层数", "floors", numberText(floors, 0));
    if (p.contains("clear_height_m")) add("净高（米）", "clear height (m)", numberText(p["clear_height_m"], 1));
    if (p.contains("floor_load_kn_m2")) add("楼面荷载（kN/m²）", "floor load (kN/m²)", numberText(p["floor_load_kn_m2"], 1));
    if (p.contains("power_kva")) add("供电（kVA）", "power (kVA)", numberText(p["power_kva"], 0));
    if (p.contains("rent_yuan_m2_month")) add("租金（元/m²·月）", "rent (yuan/m²/month)", numberText(p["rent_yuan_m2_month"], 1));
    add("园区", "park", park);
    add("街道", "subdistrict", sub);
    if (p.contains("available_from") && p["available_from"].is_string()) add("可供日期", "available from", p["available_from"].get<std::string>());
    site["rows"] = rows;
    site["summary"] = fmt::format(fmt::runtime(zh ? "{} · 空置 {} m²" : "{} · {} m² vacant"), type, formatNumber(vacant, 0));
    const ProjectedBox box = framed(extentOf({ExportLayer{Layer::Buildings, {record}}}), 250, mapAspect);
    site["extent"] = {box.minEasting, box.minNorthing, box.maxEasting, box.maxNorthing};
    entries.push_back(Entry{park, sub, record.id, site});
  }
  if (entries.empty()) throw Error(ErrorCode::BadValue, zh ? "没有可推介的地块或载体" : "no land or vacant carriers to offer");

  // Grouped by park, then subdistrict ("outside the parks" last), land before buildings, by id.
  std::stable_sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
    const bool aOut = a.park == outside, bOut = b.park == outside;
    if (aOut != bOut) return bOut;
    if (a.park != b.park) return a.park < b.park;
    if (a.subdistrict != b.subdistrict) return a.subdistrict < b.subdistrict;
    if (a.site["kind"] != b.site["kind"]) return a.site["kind"] == "parcel";
    return a.id < b.id;
  });
  json groups = json::array();
  for (const Entry& entry : entries) {
    const std::string title = entry.park + " · " + entry.subdistrict;
    if (groups.empty() || groups.back()["title"] != title) groups.push_back({{"title", title}, {"sites", json::array()}});
    groups.back()["sites"].push_back(entry.site);
  }

  json request;
  request["database"] = context.databasePath.string();
  request["output"] = catalogue.output.string();
  request["force"] = catalogue.force;
  request["language"] = std::string(languageCode(context.language));
  std::string title = zh ? "城阳区招商地块推介册" : "Chengyang investment land catalogue";
  if (subdistrict) title += (zh ? " · " : " · ") + *subdistrict;
  request["title"] = title;
  request["cover_lines"] = json::array({
      (zh ? "日期：" : "Date: ") + today,
      fmt::format(fmt::runtime(zh ? "可供土地 {} 宗，共 {} 亩（{} 公顷）" : "Land: {} sites, {} mu ({} ha)"), landCount, formatNumber(squareMetresToMu(landSquareMetres), 1),
                  formatNumber(landSquareMetres / 10000.0, 2)),
      fmt::format(fmt::runtime(zh ? "空置载体 {} 处，空置面积 {} 平方米" : "Vacant carriers: {} buildings, {} m² of vacant floor"), buildingCount,
                  formatNumber(vacantFloor, 0)),
  });
  request["groups"] = groups;
  // The maps draw only parcels on offer (district-wide, so neighbours across a subdistrict line show).
  json offeredIds = json::array();
  FeatureQuery allOffered;
  allOffered.layer = Layer::Parcels;
  allOffered.statuses = offered;
  for (const QueryHit& hit : runQuery(store, allOffered).hits) offeredIds.push_back(hit.record.id);
  request["offered_parcels"] = offeredIds;

  std::array<char, 4096> message{};
  const int code = render(request.dump().c_str(), message.data(), message.size());
  if (code != 0) {
    context.err << (code == 2 ? usageErrorPrefix(context.language) : errorPrefix(context.language)) << message.data() << "\n";
    return code;
  }
  context.out << (zh ? "catalogue：已生成 " : "catalogue: wrote ") << message.data() << "\n";
  return 0;
}

}  // namespace landbank::cli
