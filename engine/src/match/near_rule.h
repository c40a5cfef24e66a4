#pragma once
// Hard rule 7 (DESIGN.md) explained: the distance from a parcel or a building to the nearest
// facility of a type against the project's limit. One wording for parcels and buildings.

#include <optional>

#include "landbank/language.h"
#include "landbank/matching.h"

namespace landbank::match {

/// The rule "near:<type>" for `match --why`: `distanceMetres` is the measured distance to the
/// nearest facility of `near.type` (nullopt: the layer has none).
RuleCheck explainNear(const NearRequirement& near, std::optional<double> distanceMetres, Language language);

}  // namespace landbank::match
