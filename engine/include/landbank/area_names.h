#pragma once
// Subdistricts and parks as planners write them: the name as stored, the name without its 街道/镇
// suffix (棘洪滩 -> 棘洪滩街道), a park's id or its name (or the start of it). One resolver for every
// command that takes --subdistrict or --park (listings, export catalogue), with the near misses a
// did-you-mean hint names.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace landbank {

class Store;

enum class NamedArea { Subdistrict, Park };

struct AreaNameMatch {
  /// What to filter on: the stored subdistrict name, or the park's id; unset when nothing matches.
  std::optional<std::string> value;
  /// Existing areas close to the given text (containing it, contained in it, or sharing its first two
  /// characters), as people see them: "棘洪滩街道", "PK-01 青岛高新区".
  std::vector<std::string> nearMisses;
  /// Every existing area, as people see them (empty when the layer is empty).
  std::vector<std::string> known;
};

/// Resolves `given` against the boundaries (level subdistrict) or the parks of the store. Read-only;
/// throws Error(Database) on failure.
AreaNameMatch resolveAreaName(const Store& store, NamedArea area, std::string_view given);

}  // namespace landbank
