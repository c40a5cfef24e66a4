// `match --why`: every hard rule for one parcel or building with the measured fact and, for a
// failure, the smallest change that would make it pass (docs/matching.md "--why"), in Chinese or
// English. The same facts as the rules (parcel_facts.cpp), so an explanation never disagrees with a match.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "landbank/error.h"
#include "landbank/layers.h"
#include "landbank/store.h"
#include "landbank/texts.h"
#include "landbank/units.h"
#include "ledger/reservation_filter.h"
#include "match/match_internal.h"
#include "match/near_rule.h"
#include "match/power_rule.h"

namespace landbank {

using namespace match;

namespace {

// "at its north-east corner", "along its west side", "across its middle": where the overlap lies
// relative to the parcel.
std::string whereOnParcel(const GEOSGeometry* parcel, const GEOSGeometry* part, Language language) {
  double px = 0, py = 0, cx = 0, cy = 0, minX = 0, minY = 0, maxX = 0, maxY = 0;
  if (!geometryCentroid(parcel, px, py) || !geometryCentroid(part, cx, cy) || !geometryEnvelope(parcel, minX, minY, maxX, maxY))
    return "";
  const double dx = (cx - px) / std::max(1e-9, (maxX - minX) / 2), dy = (cy - py) / std::max(1e-9, (maxY - minY) / 2);
  if (std::hypot(dx, dy) < 0.25) return pick(language, "位于地块中部", "across its middle");
  const bool north = dy > 0.35, south = dy < -0.35, east = dx > 0.35, west = dx < -0.35;
  if ((north || south) && (east || west)) {
    if (language == Language::Chinese) return fmt::format("位于地块{}{}角", east ? "东" : "西", north ? "北" : "南");
    return fmt::format("at its {}-{} corner", north ? "north" : "south", east ? "east" : "west");
  }
  if (north) return pick(language, "沿地块北侧", "along its north side");
  if (south) return pick(language, "沿地块南侧", "along its south side");
  if (east) return pick(language, "沿地块东侧", "along its east side");
  return pick(language, "沿地块西侧", "along its west side");
}

}  // namespace

std::vector<RuleCheck> MatchEngine::Impl::explainParcel(const ProjectSpec& project, ParcelDetail& detail, ThreadScratch& scratch,
                                                        Language language) const {
  ensureConstraintGeometries();
  const ParcelRow& row = detail.row;
  const GEOSGeometry* geometry = detail.geometry.get();
  std::vector<RuleCheck> checks;
  const bool offered = row.status == "reserved" || row.status == "available";
  checks.push_back({"status", offered, say(language, "状态为{1}", "status is {} ({})", row.status, codeLabelZh(row.status)),
                    offered ? "" : pick(language, "仅储备或可供应的土地可以出让；该地块需先收回储备",
                                        "only reserved (储备) or available (可供应) land is offered; the parcel would have to be returned to the reserve")});

  const std::vector<std::string> uses = landUsesFor(project);
  const bool useOk = contains(uses, row.landUse);
  std::string useList;
  for (const std::string& code : uses) useList += (useList.empty() ? "" : ", ") + code;
  checks.push_back({"land_use", useOk,
                    say(language, "用地性质 {0} {1}{3}的兼容用途 [{2}]", "land use {} {} the compatible uses [{}]{}", row.landUse,
                        useOk ? pick(language, "属于", "is among") : pick(language, "不属于", "is not among"), useList,
                        project.landUses ? pick(language, "项目说明书给出", " given by the spec") : pick(language, "规则包规定", " of the rule pack")),
                    useOk ? "" : say(language, "需调整控规，将用地性质改为 [{}] 之一", "a change of planned use (控规调整) to one of [{}]", useList)});

  RuleCheck area{"area", true, "", ""};
  if (project.landMinSquareMetres && row.area < *project.landMinSquareMetres) {
    area.passed = false;
    area.fact = say(language, "面积 {}小于项目最小用地 {}", "area {} < minimum {}", areaText(row.area, language),
                    areaText(*project.landMinSquareMetres, language));
    area.remedy = say(language, "还差 {}，可合并相邻地块", "needs {} more, e.g. by merging an adjoining parcel",
                      areaText(*project.landMinSquareMetres - row.area, language));
  } else if (project.landMaxSquareMetres && row.area > *project.landMaxSquareMetres) {
    area.passed = false;
    area.fact = say(language, "面积 {}大于项目最大用地 {}", "area {} > maximum {}", areaText(row.area, language),
                    areaText(*project.landMaxSquareMetres, language));
    area.remedy = say(language, "分割出 {} 即可满足", "a subdivision of {} would fit", areaText(*project.landMaxSquareMetres, language));
  } else {
    area.fact = say(language, "面积 {}，在项目用地范围内", "area {} within the project's range", areaText(row.area, language));
  }
  checks.push_back(area);
  if (rules.powerSupply && project.powerKva && *project.powerKva > 0)
    checks.push_back(match::explainPowerSupply(*rules.powerSupply, row.power, *project.powerKva, language));

  // What remains of the parcel after a conflict is cut out, against the project's minimum.
  auto remainderVerdict = [&](double remainder) {
    const bool meets = !project.landMinSquareMetres || remainder >= *project.landMinSquareMetres;
    if (!project.landMinSquareMetres) return std::string(pick(language, "项目无最小用地要求", "has no minimum to meet"));
    return say(language, "{}项目最小用地 {}", "{} the minimum of {}",
               meets ? pick(language, "仍满足", "still meets") : pick(language, "不满足", "is below"),
               areaText(*project.landMinSquareMetres, language));
  };

  // Exclusion zones: each conflicting constraint, with what would remain after cutting it out.
  GEOSContextHandle_t context = geosContext();
  for (ParcelDetail::Hit& hit : detail.hits) {
    const ConstraintItem& constraint = constraints[hit.constraint];
    if (!excludes(constraint, project)) continue;
    const double overlapArea = overlap(detail, hit, scratch);
    if (overlapArea == ParcelDetail::kDisjoint) continue;
    const ConstraintShape& shape = constraintShapes[hit.constraint];
    RuleCheck check{"constraint:" + constraintType(constraint), overlapArea <= rules.overlapToleranceSquareMetres, "", ""};
    const std::string label = fmt::format("{} {}", codeLabelZh(constraintType(constraint)), shape.id);
    if (check.passed) {
      check.fact = say(language, "与{} 相接（重叠 {:.2f} m² ≤ 容差 {} m²）", "touches {} (overlap {:.2f} m² <= {} m² tolerance)", label,
                       overlapArea, rules.overlapToleranceSquareMetres);
    } else {
      GeosGeometryPtr part = takeGeometry(GEOSIntersection_r(context, shape.geometry.get(), geometry), "intersection");
      const std::string where = whereOnParcel(geometry, part.get(), language);
      check.fact = say(language, "与{} 重叠 {}{}{}", "overlaps {} by {}{}{}", label, areaText(overlapArea, language),
                       where.empty() ? "" : pick(language, "，", " "), where);
      GeosGeometryPtr rest = takeGeometry(GEOSDifference_r(context, geometry, shape.geometry.get()), "difference");
      const double remainder = geometryArea(rest.get());
      check.remainderSquareMetres = remainder;
      check.remainderMeetsMinimum = !project.landMinSquareMetres || remainder >= *project.landMinSquareMetres;
      check.remedy = say(language, "扣除冲突区域后剩余 {}，{}", "cutting out the conflicting zone leaves {}, which {}",
                         areaText(remainder, language), remainderVerdict(remainder));
    }
    checks.push_back(check);
  }
  if (detail.withinShare) {
    const double share = *detail.withinShare;
    RuleCheck check{"constraint:" + requireWithinType, share >= rules.requireWithinShare, "", ""};
    check.fact = say(language, "{:.1f}% 的面积位于{}内（要求至少 {:.0f}%）", "{:.1f}% of its area lies inside {} (at least {:.0f}% required)",
                     share * 100, codeLabelZh(requireWithinType), rules.requireWithinShare * 100);
    if (!check.passed) {
      const double remainder = share * row.area;
      check.remainderSquareMetres = remainder;
      check.remainderMeetsMinimum = !project.landMinSquareMetres || remainder >= *project.landMinSquareMetres;
      check.remedy = say(language, "仅保留范围内部分后剩余 {}，{}", "keeping only the part inside leaves {}, which {}",
                         areaText(remainder, language), remainderVerdict(remainder));
    }
    checks.push_back(check);
  }
  bool anyHeightLimit = false;
  for (ParcelDetail::Hit& hit : detail.hits) {
    const ConstraintItem& constraint = constraints[hit.constraint];
    if (constraint.kind != Effect::LimitHeight || !constraint.value || overlap(detail, hit, scratch) <= rules.overlapToleranceSquareMetres) continue;
    anyHeightLimit = true;
    RuleCheck check{"height", !project.heightMetres || *constraint.value >= *project.heightMetres, "", ""};
    check.fact = say(language, "{} {} 限高 {:.0f} m；项目需要 {}", "{} {} limits height to {:.0f} m; the project needs {}",
                     codeLabelZh(constraintType(constraint)), constraintShapes[hit.constraint].id, *constraint.value,
                     project.heightMetres ? fmt::format("{:.0f} m", *project.heightMetres) : pick(language, "无高度要求", "no height"));
    if (!check.passed)
      check.remedy = say(language, "限高需提高 {:.0f} m，或项目高度降至 {:.0f} m", "the limit would have to rise by {:.0f} m, or the project's height drop to {:.0f} m",
                         *project.heightMetres - *constraint.value, *constraint.value);
    checks.push_back(check);
  }
  if (!anyHeightLimit && project.heightMetres)
    checks.push_back({"height", true, pick(language, "地块不涉及限高区", "no height-limit zone overlaps the parcel"), ""});
  for (const NearRequirement& near : project.near) checks.push_back(match::explainNear(near, nearestDistance(near.type, detail), language));
  return checks;
}

std::vector<RuleCheck> MatchEngine::Impl::explainBuilding(const ProjectSpec& project, const BuildingItem& building, Language language) const {
  ensureConstraintGeometries();
  std::vector<RuleCheck> checks;
  if (!project.buildingType.empty()) {
    const bool ok = building.type == project.buildingType;
    checks.push_back({"type", ok,
                      say(language, "载体类型 {}（{}），项目需要 {}", "building type {} ({}), the project needs {}", building.type,
                          codeLabelZh(building.type), project.buildingType),
                      ok ? "" : say(language, "需要 {} 类型的载体", "a building of type {}", project.buildingType)});
  }
  // `what` is {Chinese, English}.
  auto atLeast = [&](const char* rule, const std::optional<double>& have, const std::optional<double>& need, const char* unit,
                     std::pair<const char*, const char*> what) {
    if (!need) return;
    const char* name = pick(language, what.first, what.second);
    RuleCheck check{rule, have && *have >= *need, "", ""};
    if (!have) {
      check.fact = say(language, "{}未登记；项目需要 {:.1f} {}", "{} is not recorded; the project needs {:.1f} {}", name, *need, unit);
      check.remedy = pick(language, "需补录该数值", "record the value");
    } else {
      check.fact = fmt::format("{} {:.1f} {} {} {:.1f} {}", name, *have, unit, check.passed ? ">=" : "<", *need, unit);
      if (!check.passed) check.remedy = say(language, "还差 {:.1f} {}", "short by {:.1f} {}", *need - *have, unit);
    }
    checks.push_back(check);
  };
  atLeast("floor_area", building.vacant, project.floorNeedSquareMetres, "m²", {"空置面积", "vacant floor"});
  atLeast("floor_load", building.floorLoad, project.floorLoadMinKnPerSquareMetre, "kN/m²", {"楼面荷载", "floor load"});
  atLeast("clear_height", building.clearHeight, project.clearHeightMinMetres, "m", {"净高", "clear height"});
  atLeast("power", building.power, project.powerKva, "kVA", {"供电容量", "power"});
  if (project.attrs.contains("rent_budget_yuan_m2_month") && project.attrs.at("rent_budget_yuan_m2_month").is_number()) {
    const double budget = project.attrs.at("rent_budget_yuan_m2_month").get<double>();
    RuleCheck check{"rent", !building.rent || *building.rent <= budget, "", ""};
    check.fact = building.rent ? say(language, "租金 {:.1f} 元/m²/月 {} 预算 {:.1f}", "rent {:.1f} 元/m²/月 {} budget {:.1f}", *building.rent,
                                     check.passed ? "<=" : ">", budget)
                               : pick(language, "租金未登记", "rent not recorded");
    if (!check.passed) check.remedy = say(language, "租金需下调 {:.1f} 元/m²/月", "a rent reduction of {:.1f} 元/m²/月", *building.rent - budget);
    checks.push_back(check);
  }
  // Rule 7 holds for buildings as for parcels: the distance from the building to the nearest facility.
  for (const NearRequirement& near : project.near)
    checks.push_back(match::explainNear(near, nearestDistance(near.type, building.geometry.get()), language));
  if (project.pollutionClass >= 2) {
    GeosGeometryPtr envelope = envelopeOf(building.geometry.get(), 0);
    RuleCheck check{"water_source", true, pick(language, "不在任何水源保护区内", "outside every water-source protection zone"), ""};
    for (std::size_t index : queryIndices(constraintTree.get(), envelope.get())) {
      const ConstraintItem& constraint = constraints[index];
      if (constraint.kind != Effect::ExcludePolluting) continue;
      if (GEOSIntersects_r(geosContext(), constraintShapes[index].geometry.get(), building.geometry.get()) == 1) {
        check = {"constraint:" + constraintType(constraint), false,
                 say(language, "位于{} {}，项目污染等级为 {} 类", "lies in {} {} and the project has pollution class {}",
                     codeLabelZh(constraintType(constraint)), constraintShapes[index].id, project.pollutionClass),
                 pick(language, "只能安排一类（无污染）项目", "only a class-1 (non-polluting) use may occupy it")};
        break;
      }
    }
    checks.push_back(check);
  }
  return checks;
}

ParcelDetail& MatchEngine::Impl::whyDetail(const std::string& id, ParcelDetail& fresh, ThreadScratch& scratch) const {
  std::optional<ParcelRow> row = readParcel(id);
  if (!row) throw Error(ErrorCode::UnknownId, Message{"没有编号为 '" + id + "' 的地块", "no parcel with id '" + id + "'"}, {.layer = "parcels", .feature = id});
  // A parcel a match has already looked at reuses its measured facts (the row is read fresh:
  // status and the other attributes are explained as they are now).
  ParcelDetail* detail = cachedDetail(row->fid);
  if (detail) {
    row->wkb = {};
    detail->row = std::move(*row);
  } else {
    fresh.row = std::move(*row);
    readStoredFactsOf(fresh);  // measured below when the store has none
    detail = &fresh;
  }
  if (!detail->geometry && detail->stored) loadGeometry(*detail);  // facts from the store: the geometry for where/remainder
  else if (!detail->geometry) prepareDetail(*detail, scratch);
  return *detail;
}

void MatchEngine::Impl::addReservationCheck(const ProjectSpec& project, const std::string& id, const MatchOptions& options,
                                            std::vector<RuleCheck>& checks) const {
  // Said only for a reserved parcel: the rule list of every other parcel stays as it was.
  const auto held = activeReservationOf(store->database(), id, ledgerToday(options.today));
  if (!held) return;
  const bool ours = held->projectId == project.id;
  const Language language = options.language;
  checks.insert(checks.begin() + (checks.empty() ? 0 : 1),
                RuleCheck{"reserved", ours, say(language, "已为项目 {} 预留至 {}", "reserved (预留) for project {} until {}", held->projectId, held->until),
                          ours ? "" : say(language, "预留期满或解除后方可供其他项目使用（landbank ledger release {}）",
                                          "offered to other projects only after the reservation expires or is released (landbank ledger release {})", id)});
}

WhyResult MatchEngine::why(const ProjectSpec& project, CandidateKind kind, const std::string& id, const MatchOptions& options) const {
  WhyResult result;
  result.projectId = project.id;
  result.rulePackId = m_impl->rules.id;
  result.rulePackVersion = m_impl->rules.version;
  result.kind = kind;
  result.id = id;
  if (kind == CandidateKind::Parcel && id.find('+') != std::string::npos) {
    m_impl->explainAssembly(project, id, options, result);
  } else if (kind == CandidateKind::Parcel) {
    Impl::ThreadScratch scratch;
    ParcelDetail fresh;
    ParcelDetail& detail = m_impl->whyDetail(id, fresh, scratch);
    result.checks = m_impl->explainParcel(project, detail, scratch, options.language);
    m_impl->addReservationCheck(project, id, options, result.checks);
    result.candidate = std::all_of(result.checks.begin(), result.checks.end(), [](const RuleCheck& c) { return c.passed; });
    if (result.candidate) result.scored = m_impl->parcelCandidate(project, detail, scratch);
  } else {
    const BuildingItem* building = m_impl->findBuilding(id);
    if (!building) throw Error(ErrorCode::UnknownId, Message{"没有编号为 '" + id + "' 的楼宇", "no building with id '" + id + "'"}, {.layer = "buildings", .feature = id});
    result.checks = m_impl->explainBuilding(project, *building, options.language);
    result.candidate = std::all_of(result.checks.begin(), result.checks.end(), [](const RuleCheck& c) { return c.passed; });
    if (result.candidate) result.scored = m_impl->scoreBuilding(project, *building);
  }
  return result;
}

}  // namespace landbank
