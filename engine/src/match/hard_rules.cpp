// The spatial hard rules of DESIGN.md ("Matching rules" 4-7) and the rule pack's power rule, on a
// parcel that passed status, land use and area (those run over the flat arrays in matching.cpp),
// and the rejection reason of each failure code. The facts they read come from parcel_facts.cpp.
#include "match/match_internal.h"
#include "match/power_rule.h"

namespace landbank {

using namespace match;

std::ptrdiff_t MatchEngine::Impl::firstSpatialFailure(const ProjectSpec& project, ParcelDetail& detail, ThreadScratch& scratch) const {
  // The power rule reads an attribute only: checked before any overlay is measured.
  if (rules.powerSupply && !match::powerSupplyPasses(*rules.powerSupply, detail.row.power, project.powerKva)) return kPowerFailure;
  // Zones in constraint order, as the explanation lists them; stops at the first conflict.
  for (ParcelDetail::Hit& hit : detail.hits)
    if (excludes(constraints[hit.constraint], project) && overlapExceeds(detail, hit, scratch))
      return static_cast<std::ptrdiff_t>(hit.constraint);
  const auto base = static_cast<std::ptrdiff_t>(constraints.size());
  if (detail.withinShare && *detail.withinShare < rules.requireWithinShare) return base;
  if (project.heightMetres)
    for (ParcelDetail::Hit& hit : detail.hits) {
      const ConstraintItem& constraint = constraints[hit.constraint];
      if (constraint.kind == Effect::LimitHeight && constraint.value && *constraint.value < *project.heightMetres &&
          overlapExceeds(detail, hit, scratch))
        return base + 1;
    }
  for (std::size_t i = 0; i < project.near.size(); ++i) {
    const std::optional<double> distance = nearestDistance(project.near[i].type, detail);
    if (!distance || *distance > project.near[i].maxMetres) return base + 2 + static_cast<std::ptrdiff_t>(i);
  }
  return kPasses;
}

std::string MatchEngine::Impl::failureReason(const ProjectSpec& project, std::ptrdiff_t failure) const {
  if (failure == kPowerFailure) return "power";
  const auto base = static_cast<std::ptrdiff_t>(constraints.size());
  if (failure < base) return "constraint:" + constraintType(constraints[static_cast<std::size_t>(failure)]);
  if (failure == base) return "constraint:" + requireWithinType;
  if (failure == base + 1) return "height";
  return "near:" + project.near[static_cast<std::size_t>(failure - base - 2)].type;
}

}  // namespace landbank
