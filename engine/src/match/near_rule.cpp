#include "match/near_rule.h"

#include <fmt/format.h>

#include "landbank/layers.h"
#include "landbank/texts.h"

namespace landbank::match {

namespace {

std::string metresText(double metres) {
  if (metres >= 1000) return fmt::format("{:.1f} km", metres / 1000);
  return fmt::format("{:.0f} m", metres);
}

}  // namespace

RuleCheck explainNear(const NearRequirement& near, std::optional<double> distanceMetres, Language language) {
  RuleCheck check{"near:" + near.type, distanceMetres && *distanceMetres <= near.maxMetres, "", ""};
  const std::string label(codeLabelZh(near.type));
  if (!distanceMetres) {
    check.fact = say(language, "设施图层中没有{}", "no {} exists in the facilities layer", label);
    check.remedy = pick(language, "需新增该设施", "the facility would have to be added");
  } else {
    check.fact = say(language, "最近的{} {} {} {}", "nearest {} {} {} {}", label, metresText(*distanceMetres), check.passed ? "<=" : ">",
                     metresText(near.maxMetres));
    if (!check.passed)
      check.remedy = say(language, "限值需外移 {} 至 {}", "the limit would have to move out by {} to {}", metresText(*distanceMetres - near.maxMetres),
                         metresText(*distanceMetres));
  }
  return check;
}

}  // namespace landbank::match
