// The weighted score of a candidate: each criterion of the rule pack normalised to [0, 1] with its
// raw value, unit and weight (docs/matching.md "Score"). Parcels read their cached facts
// (parcel_facts.cpp); buildings are measured directly.
#include <algorithm>
#include <numbers>

#include "match/match_internal.h"

namespace landbank {

using namespace match;
using nlohmann::json;

ScoringPlan MatchEngine::Impl::scoringPlan(const ProjectSpec& project) const {
  ScoringPlan plan;
  if (const CriterionRule* rule = rules.criterion("facility_distance"); rule && rule->weight > 0) {
    std::vector<std::string> types;
    std::map<std::string, double> limits;
    for (const NearRequirement& near : project.near) {
      if (!contains(types, near.type)) types.push_back(near.type);
      limits[near.type] = near.maxMetres;
    }
    if (rule->params.contains("sector_types") && rule->params.at("sector_types").contains(project.sector))
      for (const std::string& type : splitList(rule->params.at("sector_types").at(project.sector)))
        if (!contains(types, type)) types.push_back(type);
    const json best = rule->params.value("best_m", json::object());
    const json worst = rule->params.value("worst_m", json::object());
    for (const std::string& type : types) {
      const double bestM = best.contains(type) ? best.at(type).get<double>() : 0.0;
      double worstM = worst.contains(type) ? worst.at(type).get<double>() : 10000.0;
      if (limits.count(type)) worstM = std::max(bestM + 1, limits[type]);  // the project's own limit is where it stops being useful
      plan.facilities.push_back({type, bestM, worstM, rule->weight / static_cast<double>(types.size())});
    }
  }
  if (const CriterionRule* rule = rules.criterion("supply_chain"); rule && rule->weight > 0) {
    plan.supplyChain = true;
    plan.supplyWeight = rule->weight;
    plan.saturation = std::max(1.0, param(*rule, "saturation", 4));
    if (rule->params.contains("related_subsectors") && rule->params.at("related_subsectors").contains(project.subsector))
      plan.related = splitList(rule->params.at("related_subsectors").at(project.subsector));
  }
  return plan;
}

void MatchEngine::Impl::facilityCriteria(const ScoringPlan& plan, const DistanceFunction& nearest, CriteriaSink& out) const {
  for (const ScoringPlan::FacilityTerm& term : plan.facilities) {
    const std::optional<double> distance = nearest(term.type);
    if (!distance) continue;
    out.add(term.type, "_distance", *distance, "m", linearScore(*distance, term.bestM, term.worstM), "facility_distance", term.weight);
  }
}

void MatchEngine::Impl::supplyChainCriterion(const ScoringPlan& plan, const ProjectSpec& project, std::span<const std::size_t> enterprisesInRadius,
                                             CriteriaSink& out) const {
  if (!plan.supplyChain) return;
  int count = 0;
  for (std::size_t index : enterprisesInRadius) {
    const FacilityItem& enterprise = facilities[index];
    const bool linked = enterprise.sector == project.sector ||
                        (!project.subsector.empty() && (enterprise.subsector == project.subsector || contains(plan.related, enterprise.subsector)));
    if (linked) ++count;
  }
  out.add("supply_chain", "", static_cast<double>(count), "enterprises", clamp01(count / plan.saturation), "supply_chain", plan.supplyWeight);
}

void MatchEngine::Impl::parkCriterion(const ProjectSpec& project, const std::vector<const ParkItem*>& parksHere,
                                      CriteriaSink& out) const {
  const CriterionRule* rule = rules.criterion("park_specialisation");
  if (!rule || rule->weight <= 0) return;
  double best = 0;
  for (const ParkItem* park : parksHere) {
    if (!project.subsector.empty() && contains(park->subsectors, project.subsector)) best = std::max(best, param(*rule, "subsector_score", 1.0));
    if (contains(park->sectors, project.sector)) best = std::max(best, param(*rule, "sector_score", 0.7));
  }
  out.add("park_specialisation", "", best, "match", best, "park_specialisation", rule->weight);
}

namespace {

void availabilityCriterion(const RulePack& rules, const ProjectSpec& project, const std::string& availableFrom, CriteriaSink& out) {
  const CriterionRule* rule = rules.criterion("availability");
  if (!rule || rule->weight <= 0 || !project.attrs.contains("needed_by") || !project.attrs.at("needed_by").is_string()) return;
  const std::optional<long> needed = daysFromDate(project.attrs.at("needed_by").get<std::string>());
  if (!needed) return;
  const std::optional<long> available = availableFrom.empty() ? std::nullopt : daysFromDate(availableFrom);
  const double late = available ? static_cast<double>(std::max(0L, *available - *needed)) : 0.0;
  out.add("availability", "", late, "days late", linearScore(late, 0, param(*rule, "zero_at_days_late", 365)), "availability", rule->weight);
}

void preferredSubdistrictCriterion(const RulePack& rules, const ProjectSpec& project, const std::string& subdistrict,
                                   CriteriaSink& out) {
  const CriterionRule* rule = rules.criterion("preferred_subdistrict");
  if (!rule || rule->weight <= 0 || !project.attrs.contains("preferred_subdistricts")) return;
  const std::vector<std::string> preferred = splitList(project.attrs.at("preferred_subdistricts"));
  if (preferred.empty()) return;
  const double hit = contains(preferred, subdistrict) ? 1.0 : 0.0;
  out.add("preferred_subdistrict", "", hit, "match", hit, "preferred_subdistrict", rule->weight);
}

}  // namespace

void MatchEngine::Impl::scoreParcel(const ProjectSpec& project, ParcelDetail& detail, ThreadScratch& scratch, CriteriaSink& raw) const {
  const ParcelRow& row = detail.row;
  const GEOSGeometry* geometry = detail.geometry.get();
  for (const CriterionRule& rule : rules.criteria) {
    if (rule.weight <= 0) continue;
    if (rule.name == "facility_distance") {
      facilityCriteria(scratch.plan(*this, project), [&](const std::string& type) { return nearestDistance(type, detail); }, raw);
    } else if (rule.name == "supply_chain") {
      if (!detail.enterprisesInRadius) {
        const std::vector<std::size_t> within = enterprisesWithin(geometry, &detail);
        detail.enterprisesInRadius.emplace(within.begin(), within.end());
      }
      supplyChainCriterion(scratch.plan(*this, project), project, *detail.enterprisesInRadius, raw);
    } else if (rule.name == "park_specialisation") {
      std::vector<const ParkItem*> here;
      for (std::size_t index : parksOf(detail)) here.push_back(&parks[index]);
      parkCriterion(project, here, raw);
    } else if (rule.name == "area_fit") {
      if (!project.landMinSquareMetres || *project.landMinSquareMetres <= 0) continue;
      const double excess = std::max(0.0, row.area / *project.landMinSquareMetres - 1);
      raw.add("area_fit", "", excess, "excess share", linearScore(excess, 0, param(rule, "zero_at_excess_share", 1.0)), rule.name, rule.weight);
    } else if (rule.name == "price") {
      if (!row.price) continue;
      double worst = param(rule, "worst_wan_per_mu", 120);
      if (project.attrs.contains("budget_wan_per_mu") && project.attrs.at("budget_wan_per_mu").is_number())
        worst = project.attrs.at("budget_wan_per_mu").get<double>();
      raw.add("price", "", *row.price, "万元/亩", linearScore(*row.price, param(rule, "best_wan_per_mu", 20), worst), rule.name, rule.weight);
    } else if (rule.name == "infrastructure") {
      int ready = 0;
      for (const std::optional<bool>& flag : {row.water, row.gas, row.sewage, row.road}) ready += flag.value_or(false) ? 1 : 0;
      const bool powerOk = row.power && (!project.powerKva || *row.power >= *project.powerKva);
      ready += powerOk ? 1 : 0;
      raw.add("infrastructure", "", static_cast<double>(ready), "of 5 ready", ready / 5.0, rule.name, rule.weight);
    } else if (rule.name == "availability") {
      availabilityCriterion(rules, project, row.availableFrom, raw);
    } else if (rule.name == "compactness") {
      // Polsby-Popper 4πA/P²: 1 for a circle, π/4 for a square, small for slivers and long strips.
      const double compactness = detail.perimeter > 0 ? 4 * std::numbers::pi * row.area / (detail.perimeter * detail.perimeter) : 0;
      raw.add("compactness", "", compactness, "4πA/P²", linearScore(compactness, param(rule, "full_at", 0.7), param(rule, "zero_at", 0.35)),
              rule.name, rule.weight);
    } else if (rule.name == "penalty") {
      double penalty = 0;
      for (ParcelDetail::Hit& hit : detail.hits) {
        const ConstraintItem& constraint = constraints[hit.constraint];
        if (constraint.kind != Effect::Penalty || row.area <= 0) continue;
        const double area = overlap(detail, hit, scratch);
        if (area == ParcelDetail::kDisjoint) continue;
        penalty += constraint.value.value_or(0) * std::min(1.0, area / row.area);
      }
      raw.add("penalty", "", penalty, "weighted share", clamp01(1 - penalty), rule.name, rule.weight);
    } else if (rule.name == "preferred_subdistrict") {
      preferredSubdistrictCriterion(rules, project, row.subdistrict, raw);
    }
  }
}

double MatchEngine::Impl::parcelScore(const ProjectSpec& project, ParcelDetail& detail, ThreadScratch& scratch) const {
  scratch.sink.reset(false);
  scoreParcel(project, detail, scratch, scratch.sink);
  return scratch.sink.finish(nullptr);
}

Candidate MatchEngine::Impl::parcelCandidate(const ProjectSpec& project, ParcelDetail& detail, ThreadScratch& scratch) const {
  Candidate candidate;
  candidate.kind = CandidateKind::Parcel;
  candidate.id = detail.row.id;
  candidate.name = detail.row.name;
  candidate.areaSquareMetres = detail.row.area;
  scratch.sink.reset(true);
  scoreParcel(project, detail, scratch, scratch.sink);
  candidate.score = scratch.sink.finish(&candidate.criteria);
  return candidate;
}

Candidate MatchEngine::Impl::scoreBuilding(const ProjectSpec& project, const BuildingItem& building) const {
  CriteriaSink raw;
  const ScoringPlan plan = scoringPlan(project);
  for (const CriterionRule& rule : rules.criteria) {
    if (rule.weight <= 0) continue;
    if (rule.name == "facility_distance") {
      facilityCriteria(plan, [&](const std::string& type) { return nearestDistance(type, building.geometry.get()); }, raw);
    } else if (rule.name == "supply_chain") {
      supplyChainCriterion(plan, project, enterprisesWithin(building.geometry.get()), raw);
    } else if (rule.name == "park_specialisation") {
      std::vector<const ParkItem*> here;
      for (const ParkItem& park : parks)
        if (park.id == building.parkId) here.push_back(&park);
      parkCriterion(project, here, raw);
    } else if (rule.name == "floor_fit") {
      if (!project.floorNeedSquareMetres || *project.floorNeedSquareMetres <= 0 || !building.vacant) continue;
      const double excess = std::max(0.0, *building.vacant / *project.floorNeedSquareMetres - 1);
      raw.add("floor_fit", "", excess, "excess share", linearScore(excess, 0, param(rule, "zero_at_excess_share", 2.0)), rule.name, rule.weight);
    } else if (rule.name == "rent") {
      if (!building.rent) continue;
      double worst = param(rule, "worst_yuan_m2_month", 60);
      if (project.attrs.contains("rent_budget_yuan_m2_month") && project.attrs.at("rent_budget_yuan_m2_month").is_number())
        worst = project.attrs.at("rent_budget_yuan_m2_month").get<double>();
      raw.add("rent", "", *building.rent, "元/m²/月", linearScore(*building.rent, param(rule, "best_yuan_m2_month", 15), worst), rule.name,
              rule.weight);
    } else if (rule.name == "availability") {
      availabilityCriterion(rules, project, building.availableFrom, raw);
    } else if (rule.name == "preferred_subdistrict") {
      preferredSubdistrictCriterion(rules, project, building.subdistrict, raw);
    }
  }
  Candidate candidate;
  candidate.kind = CandidateKind::Building;
  candidate.id = building.id;
  candidate.name = building.name;
  candidate.areaSquareMetres = building.vacant.value_or(0);
  candidate.score = raw.finish(&candidate.criteria);
  return candidate;
}

}  // namespace landbank
