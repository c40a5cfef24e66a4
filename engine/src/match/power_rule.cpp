#include "match/power_rule.h"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "landbank/texts.h"

namespace landbank::match {

namespace {

// kVA as people write them: whole numbers with thousands separators ("6,300 kVA").
std::string kvaText(double kva) {
  const std::string digits = std::to_string(std::llround(std::abs(kva)));
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return fmt::format("{}{} kVA", kva < 0 ? "-" : "", grouped);
}

}  // namespace

bool powerSupplyPasses(const PowerSupplyRule& rule, std::optional<double> supplyKva, std::optional<double> needKva) {
  if (!needKva || *needKva <= 0) return true;
  if (!supplyKva) return rule.unknownSupply == PowerSupplyRule::UnknownSupply::Pass;
  return *supplyKva >= *needKva;
}

RuleCheck explainPowerSupply(const PowerSupplyRule& rule, std::optional<double> supplyKva, double needKva, Language language) {
  RuleCheck check{"power", powerSupplyPasses(rule, supplyKva, needKva), "", ""};
  if (!supplyKva) {
    check.fact = say(language, "地块供电容量未登记；项目需要 {}", "the parcel's power supply is not recorded; the project needs {}", kvaText(needKva));
    check.remedy = check.passed ? say(language, "规则包规定供电未登记的地块暂按满足处理，需向供电部门核实能否提供 {}",
                                      "the rule pack lets a parcel without a recorded supply pass; verify with the grid operator that {} can be supplied",
                                      kvaText(needKva))
                                : say(language, "需补录供电容量（至少 {}）", "record the supply (at least {})", kvaText(needKva));
    // A passing check with a remedy would read as a failure: the verification note goes into the fact.
    if (check.passed) {
      check.fact += pick(language, "（", " (") + check.remedy + pick(language, "）", ")");
      check.remedy.clear();
    }
    return check;
  }
  if (check.passed) {
    check.fact = say(language, "供电容量 {} ≥ 项目需要 {}", "power supply {} >= the project's need of {}", kvaText(*supplyKva), kvaText(needKva));
  } else {
    check.fact = say(language, "供电容量 {} < 项目需要 {}，缺口 {}", "power supply {} < the project's need of {}, short by {}", kvaText(*supplyKva),
                     kvaText(needKva), kvaText(needKva - *supplyKva));
    check.remedy = say(language, "需增容 {}（扩建变电设施或新接专线）", "{} more capacity (a larger substation or a dedicated line)",
                       kvaText(needKva - *supplyKva));
  }
  return check;
}

}  // namespace landbank::match
