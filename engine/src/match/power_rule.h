#pragma once
// Hard rule 8 of the rule pack (matching.power_supply): the parcel's recorded power supply
// (parcels.power_kva, kVA) must cover the project's need (projects.power_kva, kVA). Kept apart
// from matching.cpp, which holds the spatial rules; matching asks these two functions.

#include <optional>

#include "landbank/language.h"
#include "landbank/matching.h"
#include "landbank/rulepack.h"

namespace landbank::match {

/// True when a parcel supplying `supplyKva` (nullopt: not recorded) may take a project needing
/// `needKva` (nullopt: no need stated, always true).
bool powerSupplyPasses(const PowerSupplyRule& rule, std::optional<double> supplyKva, std::optional<double> needKva);

/// The rule "power" for `match --why`: the supply against the need and, when short, the shortfall
/// in kVA and what would close it. Only called when the project states a need.
RuleCheck explainPowerSupply(const PowerSupplyRule& rule, std::optional<double> supplyKva, double needKva, Language language);

}  // namespace landbank::match
