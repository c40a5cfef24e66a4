#include "landbank/rulepack.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "landbank/error.h"
#include "landbank/landuse.h"
#include "landbank/texts.h"

namespace landbank {

namespace {

using nlohmann::json;

// Validation walks the JSON with a path so that every error names where it is ("matching.criteria[3].weight").
class Checker {
 public:
  explicit Checker(std::string origin) : m_origin(std::move(origin)) {}

  // The detail names the rule pack's own keys, in both languages like every other refusal.
  [[noreturn]] void fail(const std::string& path, const Message& problem) const {
    throw Error(ErrorCode::BadValue, Message{"规则包 " + path + " 有误：" + problem.zh, "rule pack " + path + ": " + problem.en}, {.file = m_origin});
  }
  void keys(const json& object, const std::string& path, std::initializer_list<const char*> allowed) const {
    if (!object.is_object()) fail(path, Message{"必须是对象", "must be an object"});
    for (const auto& [key, value] : object.items()) {
      bool known = false;
      for (const char* name : allowed) known = known || key == name;
      if (!known) fail(path.empty() ? key : path + "." + key, Message{"未知的键", "unknown key"});
    }
  }
  const json& member(const json& object, const std::string& path, const char* key) const {
    if (!object.contains(key)) fail(path.empty() ? key : path + "." + key, Message{"缺少这一项", "missing"});
    return object.at(key);
  }
  std::string text(const json& object, const std::string& path, const char* key) const {
    const json& value = member(object, path, key);
    if (!value.is_string()) fail(path + "." + key, Message{"必须是字符串", "must be a string"});
    return value.get<std::string>();
  }
  double number(const json& value, const std::string& path) const {
    if (!value.is_number()) fail(path, Message{"必须是数字", "must be a number"});
    return value.get<double>();
  }
  std::vector<std::string> strings(const json& value, const std::string& path) const {
    if (!value.is_array()) fail(path, Message{"必须是字符串列表", "must be a list of strings"});
    std::vector<std::string> list;
    for (const json& item : value) {
      if (!item.is_string()) fail(path, Message{"必须是字符串列表", "must be a list of strings"});
      list.push_back(item.get<std::string>());
    }
    return list;
  }
  void source(const RulePack& pack, const json& object, const std::string& path) const {
    const std::string key = text(object, path, "source");
    if (!pack.sources.count(key)) fail(path + ".source", Message{"未知的来源 '" + key + "'（sources 中没有）", "unknown source '" + key + "' (not in sources)"});
  }
  void landUseCode(const std::string& code, const std::string& path) const {
    if (!LandUseTable::bundled().find(code)) fail(path, Message{"'" + code + "' 不是国土空间用地用海分类的用地代码", "'" + code + "' is not a land-use code of the national classification"});
  }

 private:
  std::string m_origin;
};

// Criterion parameter keys: anything else is a typo the planner should hear about.
const std::map<std::string, std::set<std::string>>& criterionKeys() {
  static const std::map<std::string, std::set<std::string>> keys{
      {"facility_distance", {"best_m", "worst_m", "sector_types"}},
      {"supply_chain", {"radius_m", "saturation", "related_subsectors"}},
      {"park_specialisation", {"sector_score", "subsector_score"}},
      {"area_fit", {"zero_at_excess_share"}},
      {"price", {"best_wan_per_mu", "worst_wan_per_mu"}},
      {"infrastructure", {}},
      {"availability", {"zero_at_days_late"}},
      {"compactness", {"zero_at", "full_at"}},
      {"penalty", {}},
      {"preferred_subdistrict", {}},
      {"floor_fit", {"zero_at_excess_share"}},
      {"rent", {"best_yuan_m2_month", "worst_yuan_m2_month"}},
  };
  return keys;
}

}  // namespace

const CriterionRule* RulePack::criterion(const std::string& name) const {
  for (const CriterionRule& rule : criteria)
    if (rule.name == name) return &rule;
  return nullptr;
}

const Threshold& RulePack::threshold(const std::string& name) const {
  auto found = thresholds.find(name);
  if (found == thresholds.end()) throw Error(ErrorCode::Internal, "rule pack has no threshold '" + name + "'");
  return found->second;
}

std::vector<std::string> RulePack::compatibleLandUses(const std::string& sector, int pollutionClass) const {
  std::vector<std::string> codes;
  if (std::find(industrialSectors.begin(), industrialSectors.end(), sector) != industrialSectors.end()) {
    // Class k may use industrial land of class k or heavier (DESIGN.md rule 2).
    const std::size_t lightest = static_cast<std::size_t>(std::clamp(pollutionClass, 1, static_cast<int>(industrialLadder.size())) - 1);
    codes.assign(industrialLadder.begin() + static_cast<std::ptrdiff_t>(lightest), industrialLadder.end());
  }
  if (auto found = landUseBySector.find(sector); found != landUseBySector.end())
    for (const std::string& code : found->second)
      if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  return codes;
}

std::string RulePack::describeSource(const std::string& key) const {
  auto found = sources.find(key);
  if (found == sources.end()) return key;
  std::string text = found->second.title;
  if (!found->second.number.empty()) text += " (" + found->second.number + ")";
  if (found->second.assumption) text += " [district assumption]";
  return text;
}

std::filesystem::path RulePack::bundledPath() { return bundledDataDir() / "rulepack.json"; }

RulePack RulePack::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorCode::Io, Message{"无法读取规则包", "cannot read the rule pack"}, {.file = file.string()});
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), file.string());
}

RulePack RulePack::parse(const std::string& text, const std::string& origin) {
  const Checker check(origin);
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& error) {
    throw Error(ErrorCode::BadValue, Message{std::string("规则包不是有效的 JSON：") + error.what(), std::string("rule pack is not valid JSON: ") + error.what()}, {.file = origin});
  }
  // `allocation` is read and validated by AllocationRules (allocation.h), where it is used.
  check.keys(root, "", {"id", "version", "effective_date", "description", "sources", "land_use", "matching", "evaluation", "follow_through", "allocation"});
  RulePack pack;
  pack.raw = root;
  pack.id = check.text(root, "", "id");
  pack.version = check.text(root, "", "version");
  pack.effectiveDate = check.text(root, "", "effective_date");
  if (pack.effectiveDate.size() != 10 || pack.effectiveDate[4] != '-' || pack.effectiveDate[7] != '-')
    check.fail("effective_date", Message{"必须写成 YYYY-MM-DD", "must be YYYY-MM-DD"});
  if (root.contains("description")) pack.description = check.text(root, "", "description");

  const json& sources = check.member(root, "", "sources");
  if (!sources.is_object() || sources.empty()) check.fail("sources", Message{"必须是非空对象", "must be a non-empty object"});
  for (const auto& [key, value] : sources.items()) {
    const std::string path = "sources." + key;
    check.keys(value, path, {"title", "number", "assumption"});
    RuleSource source{check.text(value, path, "title"), value.contains("number") ? check.text(value, path, "number") : "", false};
    if (value.contains("assumption")) {
      if (!value.at("assumption").is_boolean()) check.fail(path + ".assumption", Message{"必须是 true 或 false", "must be true or false"});
      source.assumption = value.at("assumption").get<bool>();
    }
    pack.sources[key] = source;
  }

  const json& landUse = check.member(root, "", "land_use");
  check.keys(landUse, "land_use", {"source", "industrial_sectors", "industrial_ladder", "by_sector"});
  check.source(pack, landUse, "land_use");
  pack.landUseSource = landUse.at("source").get<std::string>();
  pack.industrialSectors = check.strings(check.member(landUse, "land_use", "industrial_sectors"), "land_use.industrial_sectors");
  pack.industrialLadder = check.strings(check.member(landUse, "land_use", "industrial_ladder"), "land_use.industrial_ladder");
  if (pack.industrialLadder.empty()) check.fail("land_use.industrial_ladder", Message{"不能为空", "must not be empty"});
  for (const std::string& code : pack.industrialLadder) check.landUseCode(code, "land_use.industrial_ladder");
  for (const auto& [sector, codes] : check.member(landUse, "land_use", "by_sector").items()) {
    const std::string path = "land_use.by_sector." + sector;
    pack.landUseBySector[sector] = check.strings(codes, path);
    for (const std::string& code : pack.landUseBySector[sector]) check.landUseCode(code, path);
  }

  const json& matching = check.member(root, "", "matching");
  check.keys(matching, "matching", {"overlap_tolerance_m2", "require_within_share", "source", "power_supply", "assembly", "criteria"});
  check.source(pack, matching, "matching");
  pack.overlapToleranceSquareMetres = check.number(check.member(matching, "matching", "overlap_tolerance_m2"), "matching.overlap_tolerance_m2");
  pack.requireWithinShare = check.number(check.member(matching, "matching", "require_within_share"), "matching.require_within_share");
  if (pack.requireWithinShare <= 0 || pack.requireWithinShare > 1) check.fail("matching.require_within_share", Message{"必须大于 0 且不超过 1", "must be in (0, 1]"});
  if (pack.overlapToleranceSquareMetres < 0) check.fail("matching.overlap_tolerance_m2", Message{"不能为负数", "must not be negative"});
  if (matching.contains("power_supply")) {
    const json& power = matching.at("power_supply");
    check.keys(power, "matching.power_supply", {"unknown_supply", "source"});
    check.source(pack, power, "matching.power_supply");
    PowerSupplyRule rule;
    rule.source = power.at("source").get<std::string>();
    const std::string unknown = check.text(power, "matching.power_supply", "unknown_supply");
    if (unknown == "reject") rule.unknownSupply = PowerSupplyRule::UnknownSupply::Reject;
    else if (unknown != "pass") check.fail("matching.power_supply.unknown_supply", Message{"必须是 \"pass\" 或 \"reject\"，不能是 '" + unknown + "'", "must be \"pass\" or \"reject\", not '" + unknown + "'"});
    pack.powerSupply = rule;
  }
  if (matching.contains("assembly")) {
    const json& section = matching.at("assembly");
    const std::string path = "matching.assembly";
    check.keys(section, path, {"max_parcels", "min_shared_boundary_m", "max_gap_m", "min_compactness", "source"});
    check.source(pack, section, path);
    AssemblyRule rule;
    rule.source = section.at("source").get<std::string>();
    const double maxParcels = check.number(check.member(section, path, "max_parcels"), path + ".max_parcels");
    if (maxParcels != std::floor(maxParcels) || maxParcels < 2 || maxParcels > 6) check.fail(path + ".max_parcels", Message{"必须是 2 到 6 之间的整数", "must be a whole number from 2 to 6"});
    rule.maxParcels = static_cast<int>(maxParcels);
    rule.minSharedBoundaryMetres = check.number(check.member(section, path, "min_shared_boundary_m"), path + ".min_shared_boundary_m");
    if (!(rule.minSharedBoundaryMetres > 0)) check.fail(path + ".min_shared_boundary_m", Message{"必须大于 0", "must be positive"});
    rule.maxGapMetres = check.number(check.member(section, path, "max_gap_m"), path + ".max_gap_m");
    if (rule.maxGapMetres < 0 || rule.maxGapMetres > 100) check.fail(path + ".max_gap_m", Message{"必须在 0 到 100（米）之间", "must be from 0 to 100 (metres)"});
    rule.minCompactness = check.number(check.member(section, path, "min_compactness"), path + ".min_compactness");
    if (!(rule.minCompactness > 0) || rule.minCompactness > 1) check.fail(path + ".min_compactness", Message{"必须大于 0 且不超过 1", "must be in (0, 1]"});
    pack.assembly = rule;
  }
  const json& criteria = check.member(matching, "matching", "criteria");
  if (!criteria.is_array()) check.fail("matching.criteria", Message{"必须是列表", "must be a list"});
  for (std::size_t i = 0; i < criteria.size(); ++i) {
    const json& item = criteria[i];
    const std::string path = "matching.criteria[" + std::to_string(i) + "]";
    if (!item.is_object()) check.fail(path, Message{"必须是对象", "must be an object"});
    CriterionRule rule;
    rule.name = check.text(item, path, "name");
    auto known = criterionKeys().find(rule.name);
    if (known == criterionKeys().end()) check.fail(path + ".name", Message{"未知的评分项 '" + rule.name + "'", "unknown criterion '" + rule.name + "'"});
    if (pack.criterion(rule.name)) check.fail(path + ".name", Message{"评分项 '" + rule.name + "' 出现了两次", "criterion '" + rule.name + "' appears twice"});
    rule.weight = check.number(check.member(item, path, "weight"), path + ".weight");
    if (rule.weight < 0 || rule.weight > 1) check.fail(path + ".weight", bilingual("必须在 [0, 1] 之间，不能是 {:g}", "must be in [0, 1], not {:g}", rule.weight));
    check.source(pack, item, path);
    rule.source = item.at("source").get<std::string>();
    for (const auto& [key, value] : item.items()) {
      if (key == "name" || key == "weight" || key == "source") continue;
      if (!known->second.count(key)) check.fail(path + "." + key, Message{"评分项 '" + rule.name + "' 没有这个键", "unknown key for criterion '" + rule.name + "'"});
      if (value.is_number() && value.get<double>() < 0) check.fail(path + "." + key, Message{"不能为负数", "must not be negative"});
      rule.params[key] = value;
    }
    pack.criteria.push_back(std::move(rule));
  }
  double total = 0;
  for (const CriterionRule& rule : pack.criteria) total += rule.weight;
  if (total <= 0) check.fail("matching.criteria", Message{"权重不能全为 0", "weights must not all be zero"});

  const json& evaluation = check.member(root, "", "evaluation");
  check.keys(evaluation, "evaluation",
             {"dimension_weights", "pass_score", "grades", "leading_subsectors", "tier_scores", "supply_chain_links",
              "industrial_far_min", "building_coefficient_min", "admin_share_max", "green_ratio_max",
              "investment_intensity_wan_per_mu", "output_wan_per_mu", "tax_wan_per_mu", "jobs_per_mu", "rd_intensity",
              "energy_tce_per_wan", "floor_project_equivalent_far", "sensitive_distance_m"});
  const json& dimensions = check.member(evaluation, "evaluation", "dimension_weights");
  check.keys(dimensions, "evaluation.dimension_weights",
             {"industrial_structure", "land_planning", "economic_benefit", "social_benefit", "safety_environment"});
  for (const char* name : {"industrial_structure", "land_planning", "economic_benefit", "social_benefit", "safety_environment"}) {
    const double weight = check.number(check.member(dimensions, "evaluation.dimension_weights", name),
                                       std::string("evaluation.dimension_weights.") + name);
    if (weight < 0 || weight > 1) check.fail(std::string("evaluation.dimension_weights.") + name, Message{"必须在 [0, 1] 之间", "must be in [0, 1]"});
    pack.dimensionWeights[name] = weight;
  }
  pack.passScore = check.number(check.member(evaluation, "evaluation", "pass_score"), "evaluation.pass_score");
  const json& grades = check.member(evaluation, "evaluation", "grades");
  if (!grades.is_array() || grades.empty()) check.fail("evaluation.grades", Message{"必须是非空列表", "must be a non-empty list"});
  for (std::size_t i = 0; i < grades.size(); ++i) {
    const std::string path = "evaluation.grades[" + std::to_string(i) + "]";
    check.keys(grades[i], path, {"grade", "label", "min_score", "source"});
    check.source(pack, grades[i], path);
    const double minScore = check.number(check.member(grades[i], path, "min_score"), path + ".min_score");
    if (minScore < 0 || minScore > 100) check.fail(path + ".min_score", Message{"必须在 [0, 100] 之间", "must be in [0, 100]"});
    pack.grades.push_back({check.text(grades[i], path, "grade"), check.text(grades[i], path, "label"), minScore});
  }
  std::sort(pack.grades.begin(), pack.grades.end(), [](const GradeRule& a, const GradeRule& b) { return a.minScore > b.minScore; });
  if (pack.grades.back().minScore != 0) check.fail("evaluation.grades", Message{"最低一级的 min_score 必须为 0", "the lowest grade must start at min_score 0"});

  for (const char* name : {"building_coefficient_min", "admin_share_max", "green_ratio_max", "investment_intensity_wan_per_mu",
                           "output_wan_per_mu", "tax_wan_per_mu", "jobs_per_mu", "rd_intensity", "energy_tce_per_wan",
                           "floor_project_equivalent_far"}) {
    const std::string path = std::string("evaluation.") + name;
    const json& item = check.member(evaluation, "evaluation", name);
    check.keys(item, path, {"min", "max", "good", "value", "source"});
    check.source(pack, item, path);
    Threshold threshold;
    threshold.source = item.at("source").get<std::string>();
    if (item.contains("min")) threshold.min = check.number(item.at("min"), path + ".min");
    if (item.contains("max")) threshold.max = check.number(item.at("max"), path + ".max");
    if (item.contains("good")) threshold.good = check.number(item.at("good"), path + ".good");
    if (item.contains("value")) threshold.value = check.number(item.at("value"), path + ".value");
    if (!threshold.min && !threshold.max && !threshold.value) check.fail(path, Message{"需要 min、max 或 value", "needs min, max or value"});
    if (threshold.min && threshold.good && *threshold.good < *threshold.min) check.fail(path + ".good", Message{"不能低于 min", "must not be below min"});
    if (threshold.max && threshold.good && *threshold.good > *threshold.max) check.fail(path + ".good", Message{"不能高于 max", "must not be above max"});
    pack.thresholds[name] = threshold;
  }
  for (const char* name : {"leading_subsectors", "tier_scores", "supply_chain_links", "industrial_far_min", "sensitive_distance_m"}) {
    const std::string path = std::string("evaluation.") + name;
    const json& item = check.member(evaluation, "evaluation", name);
    check.source(pack, item, path);
    pack.evaluationTables[name] = item;
  }
  check.keys(evaluation.at("leading_subsectors"), "evaluation.leading_subsectors", {"source", "values"});
  check.strings(check.member(evaluation.at("leading_subsectors"), "evaluation.leading_subsectors", "values"), "evaluation.leading_subsectors.values");
  check.keys(evaluation.at("tier_scores"), "evaluation.tier_scores", {"source", "values"});
  for (const auto& [tier, score] : check.member(evaluation.at("tier_scores"), "evaluation.tier_scores", "values").items()) {
    const double value = check.number(score, "evaluation.tier_scores.values." + tier);
    if (value < 0 || value > 1) check.fail("evaluation.tier_scores.values." + tier, Message{"必须在 [0, 1] 之间", "must be in [0, 1]"});
  }
  check.keys(evaluation.at("supply_chain_links"), "evaluation.supply_chain_links", {"source", "saturation"});
  check.number(check.member(evaluation.at("supply_chain_links"), "evaluation.supply_chain_links", "saturation"), "evaluation.supply_chain_links.saturation");
  check.keys(evaluation.at("industrial_far_min"), "evaluation.industrial_far_min", {"source", "default", "by_subsector"});
  check.number(check.member(evaluation.at("industrial_far_min"), "evaluation.industrial_far_min", "default"), "evaluation.industrial_far_min.default");
  for (const auto& [subsector, value] : check.member(evaluation.at("industrial_far_min"), "evaluation.industrial_far_min", "by_subsector").items())
    check.number(value, "evaluation.industrial_far_min.by_subsector." + subsector);
  check.keys(evaluation.at("sensitive_distance_m"), "evaluation.sensitive_distance_m",
             {"source", "by_pollution_class", "sensitive_land_use_prefixes"});
  for (const auto& [cls, value] : check.member(evaluation.at("sensitive_distance_m"), "evaluation.sensitive_distance_m", "by_pollution_class").items())
    check.number(value, "evaluation.sensitive_distance_m.by_pollution_class." + cls);
  check.strings(check.member(evaluation.at("sensitive_distance_m"), "evaluation.sensitive_distance_m", "sensitive_land_use_prefixes"),
                "evaluation.sensitive_distance_m.sensitive_land_use_prefixes");

  // Follow-through (亩均效益) grading of operating projects.
  const json& follow = check.member(root, "", "follow_through");
  check.keys(follow, "follow_through", {"score_cap", "delivery_threshold", "indicators", "grades", "source"});
  check.source(pack, follow, "follow_through");
  pack.followThrough.gradesSource = follow.at("source").get<std::string>();
  pack.followThrough.scoreCap = check.number(check.member(follow, "follow_through", "score_cap"), "follow_through.score_cap");
  if (pack.followThrough.scoreCap < 1 || pack.followThrough.scoreCap > 3) check.fail("follow_through.score_cap", Message{"必须在 [1, 3] 之间", "must be in [1, 3]"});
  pack.followThrough.deliveryThreshold =
      check.number(check.member(follow, "follow_through", "delivery_threshold"), "follow_through.delivery_threshold");
  if (pack.followThrough.deliveryThreshold <= 0 || pack.followThrough.deliveryThreshold > 1)
    check.fail("follow_through.delivery_threshold", Message{"必须大于 0 且不超过 1", "must be in (0, 1]"});
  const json& indicators = check.member(follow, "follow_through", "indicators");
  if (!indicators.is_array() || indicators.empty()) check.fail("follow_through.indicators", Message{"必须是非空列表", "must be a non-empty list"});
  static const std::set<std::string> kIndicators{"tax_per_mu", "output_per_mu", "investment_intensity", "energy_per_output", "jobs_per_mu"};
  double followTotal = 0;
  for (std::size_t i = 0; i < indicators.size(); ++i) {
    const std::string path = "follow_through.indicators[" + std::to_string(i) + "]";
    check.keys(indicators[i], path, {"name", "weight", "benchmark", "source"});
    check.source(pack, indicators[i], path);
    FollowThroughIndicatorRule rule{check.text(indicators[i], path, "name"),
                                    check.number(check.member(indicators[i], path, "weight"), path + ".weight"),
                                    check.number(check.member(indicators[i], path, "benchmark"), path + ".benchmark"),
                                    indicators[i].at("source").get<std::string>()};
    if (!kIndicators.count(rule.name)) check.fail(path + ".name", Message{"未知的指标 '" + rule.name + "'", "unknown indicator '" + rule.name + "'"});
    for (const FollowThroughIndicatorRule& other : pack.followThrough.indicators)
      if (other.name == rule.name) check.fail(path + ".name", Message{"指标 '" + rule.name + "' 出现了两次", "indicator '" + rule.name + "' appears twice"});
    if (rule.weight < 0 || rule.weight > 1) check.fail(path + ".weight", Message{"必须在 [0, 1] 之间", "must be in [0, 1]"});
    if (rule.benchmark <= 0) check.fail(path + ".benchmark", Message{"必须大于 0", "must be above 0"});
    followTotal += rule.weight;
    pack.followThrough.indicators.push_back(rule);
  }
  if (followTotal <= 0) check.fail("follow_through.indicators", Message{"权重不能全为 0", "weights must not all be zero"});
  const json& followGrades = check.member(follow, "follow_through", "grades");
  if (!followGrades.is_array() || followGrades.empty()) check.fail("follow_through.grades", Message{"必须是非空列表", "must be a non-empty list"});
  for (std::size_t i = 0; i < followGrades.size(); ++i) {
    const std::string path = "follow_through.grades[" + std::to_string(i) + "]";
    check.keys(followGrades[i], path, {"grade", "label", "min_score"});
    const double minScore = check.number(check.member(followGrades[i], path, "min_score"), path + ".min_score");
    if (minScore < 0) check.fail(path + ".min_score", Message{"不能为负数", "must not be negative"});
    pack.followThrough.grades.push_back({check.text(followGrades[i], path, "grade"), check.text(followGrades[i], path, "label"), minScore});
  }
  std::sort(pack.followThrough.grades.begin(), pack.followThrough.grades.end(),
            [](const GradeRule& a, const GradeRule& b) { return a.minScore > b.minScore; });
  if (pack.followThrough.grades.back().minScore != 0) check.fail("follow_through.grades", Message{"最低一级的 min_score 必须为 0", "the lowest grade must start at min_score 0"});
  return pack;
}

}  // namespace landbank
