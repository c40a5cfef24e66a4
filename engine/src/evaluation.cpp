// Admission evaluation. The indicators and their thresholds follow the rule pack; the control
// indicators for industrial land are those of 工业项目建设用地控制指标 (国土资发〔2008〕24号, revised
// 自然资发〔2023〕72号): FAR minimum per industry, building coefficient >= 30%, administrative and
// living facilities <= 7% of the land, green ratio <= 20%.
#include "landbank/evaluation.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "detail/geos.h"
#include "detail/sqlite.h"
#include "landbank/code_labels.h"
#include "landbank/texts.h"
#include "landbank/error.h"
#include "landbank/store.h"
#include "landbank/units.h"

namespace landbank {

namespace {

using nlohmann::json;

std::optional<double> attrNumber(const ProjectSpec& project, const char* key) {
  if (!project.attrs.contains(key)) return std::nullopt;
  const json& value = project.attrs.at(key);
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) {
    char* end = nullptr;
    const std::string text = value.get<std::string>();
    const double number = std::strtod(text.c_str(), &end);
    if (!text.empty() && *end == '\0') return number;
  }
  return std::nullopt;
}

std::optional<bool> attrFlag(const ProjectSpec& project, const char* key) {
  if (!project.attrs.contains(key)) return std::nullopt;
  const json& value = project.attrs.at(key);
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number()) return value.get<double>() != 0;
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    if (text == "true" || text == "yes" || text == "1" || text == "是") return true;
    if (text == "false" || text == "no" || text == "0" || text == "否") return false;
  }
  return std::nullopt;
}

Indicator missing(Language language, const std::string& name, const std::string& label, const std::string& unit, const std::string& threshold,
                  const std::string& source) {
  return Indicator{name, label, std::nullopt, pick(language, "缺失", "missing"), unit, threshold, source, std::nullopt, IndicatorStatus::Missing, false};
}

Indicator notApplicable(const std::string& name, const std::string& label, const std::string& why) {
  return Indicator{name, label, std::nullopt, why, "", "", "", std::nullopt, IndicatorStatus::NotApplicable, false};
}

// How an indicator's value and thresholds are written: plain numbers, or ratios as percentages.
enum class ValueStyle { Number, Percent };

// A ratio as a percentage with the precision it carries: 0.035 -> "3.5%", 0.3 -> "30%", 0.0725 -> "7.25%".
std::string percentText(double ratio) {
  std::string text = fmt::format("{:.4f}", ratio * 100);
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text + "%";
}

std::string limitText(double value, ValueStyle style) { return style == ValueStyle::Percent ? percentText(value) : fmt::format("{:g}", value); }

// ">= 300 (good 600)" / "≥ 300（良好 600）"; ratios ">= 30%".
std::string thresholdText(Language language, const char* relation, double limit, const std::optional<double>& good, ValueStyle style) {
  if (!good) return fmt::format("{} {}", relation, limitText(limit, style));
  return say(language, "{} {}（良好 {}）", "{} {} (good {})", relation, limitText(limit, style), limitText(*good, style));
}

// A "higher is better" indicator: below min fails (score 0), min scores 0.6, good and above 1.
Indicator atLeast(Language language, const RulePack& rules, const std::string& name, const std::string& label, std::optional<double> value,
                  const std::string& unit, const Threshold& threshold, bool caps, ValueStyle style = ValueStyle::Number) {
  const std::string text = thresholdText(language, ">=", *threshold.min, threshold.good, style);
  if (!value) return missing(language, name, label, unit, text, rules.describeSource(threshold.source));
  Indicator indicator{name, label, value, style == ValueStyle::Percent ? percentText(*value) : fmt::format("{:.2f}", *value), unit, text,
                      rules.describeSource(threshold.source), 0.0,
                      IndicatorStatus::Fail, caps};
  if (*value >= *threshold.min) {
    const double good = threshold.good.value_or(*threshold.min);
    indicator.score = good > *threshold.min ? std::min(1.0, 0.6 + 0.4 * (*value - *threshold.min) / (good - *threshold.min)) : 1.0;
    indicator.status = IndicatorStatus::Pass;
  }
  return indicator;
}

// A "lower is better" indicator: above max fails, max scores 0.6, good and below 1.
Indicator atMost(Language language, const RulePack& rules, const std::string& name, const std::string& label, std::optional<double> value,
                 const std::string& unit, const Threshold& threshold, bool caps, ValueStyle style = ValueStyle::Number) {
  const double max = threshold.max ? *threshold.max : *threshold.value;
  const std::string text = thresholdText(language, "<=", max, threshold.good, style);
  if (!value) return missing(language, name, label, unit, text, rules.describeSource(threshold.source));
  Indicator indicator{name, label, value, style == ValueStyle::Percent ? percentText(*value) : fmt::format("{:.3f}", *value), unit, text,
                      rules.describeSource(threshold.source), 0.0,
                      IndicatorStatus::Fail, caps};
  if (*value <= max + 1e-12) {
    const double good = threshold.good.value_or(max);
    indicator.score = good < max ? std::min(1.0, 0.6 + 0.4 * (max - *value) / (max - good)) : 1.0;
    indicator.status = IndicatorStatus::Pass;
  }
  return indicator;
}

Dimension finishDimension(const RulePack& rules, std::string name, std::string label, std::vector<Indicator> indicators) {
  Dimension dimension{name, label, rules.dimensionWeights.at(name), std::move(indicators), std::nullopt, DimensionVerdict::Pass, {},
                      std::nullopt, std::nullopt};
  double sum = 0;
  int count = 0;
  bool failed = false;
  for (const Indicator& indicator : dimension.indicators) {
    if (indicator.status == IndicatorStatus::Missing) dimension.missing.push_back(indicator.name);
    if (indicator.status == IndicatorStatus::Fail) failed = true;
    if (indicator.score) {
      sum += *indicator.score;
      ++count;
    }
  }
  if (count) dimension.score = 100 * sum / count;
  // Missing inputs are never scored as zero: the score over what is known stands, marked
  // provisional, with the range it can still take once they arrive.
  if (!dimension.missing.empty()) {
    const auto all = static_cast<double>(count) + static_cast<double>(dimension.missing.size());
    dimension.scoreLow = 100 * sum / all;
    dimension.scoreHigh = 100 * (sum + static_cast<double>(dimension.missing.size())) / all;
  }
  if (!dimension.missing.empty()) dimension.verdict = DimensionVerdict::Incomplete;
  else if (failed) dimension.verdict = DimensionVerdict::Fail;
  else if (!dimension.score || *dimension.score < rules.passScore) dimension.verdict = DimensionVerdict::Weak;
  return dimension;
}

// Distance from a parcel to the nearest parcel of a sensitive use (housing, schools, hospitals),
// searched through the SpatiaLite R*Tree within `radius` metres. nullopt: none that near.
std::optional<double> nearestSensitiveUse(const Store& store, const std::string& parcelId, double radius,
                                          const std::vector<std::string>& prefixes) {
  SqliteDatabase& db = store.database();
  auto self = db.prepare("SELECT fid, AsBinary(geom), MbrMinX(geom), MbrMinY(geom), MbrMaxX(geom), MbrMaxY(geom) FROM parcels WHERE id = ?");
  self.bind(1, parcelId);
  if (!self.step()) return std::nullopt;
  int size = 0;
  const unsigned char* wkb = self.columnBlobData(1, size);
  GeosGeometryPtr geometry = geometryFromWkb(wkb, static_cast<std::size_t>(size));
  auto near = db.prepare(
      "SELECT land_use, AsBinary(geom) FROM parcels WHERE fid IN (SELECT pkid FROM idx_parcels_geom WHERE xmax >= ? AND xmin <= ? AND"
      " ymax >= ? AND ymin <= ?) AND fid != ?");
  near.bind(1, self.columnDouble(2) - radius).bind(2, self.columnDouble(4) + radius);
  near.bind(3, self.columnDouble(3) - radius).bind(4, self.columnDouble(5) + radius).bind(5, self.columnInt(0));
  std::optional<double> best;
  while (near.step()) {
    const std::string use = near.columnOptionalText(0).value_or("");
    if (std::none_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) { return use.rfind(p, 0) == 0; })) continue;
    int otherSize = 0;
    const unsigned char* otherWkb = near.columnBlobData(1, otherSize);
    GeosGeometryPtr other = geometryFromWkb(otherWkb, static_cast<std::size_t>(otherSize));
    const double distance = geometryDistance(geometry.get(), other.get());
    if (distance <= radius && (!best || distance < *best)) best = distance;
  }
  return best;
}

// The parcel a landed project was placed on (ledger: project_location), with its area in m².
std::optional<std::pair<std::string, double>> landedParcel(const Store& store, const std::string& projectId) {
  SqliteDatabase& db = store.database();
  if (projectId.empty() || !db.queryInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'project_location'").value_or(0))
    return std::nullopt;
  auto statement = db.prepare("SELECT p.id, p.area_m2 FROM project_location l JOIN parcels p ON p.id = l.parcel_id WHERE l.project_id = ?");
  statement.bind(1, projectId);
  if (!statement.step() || statement.isNull(1)) return std::nullopt;
  return std::make_pair(statement.columnText(0), statement.columnDouble(1));
}

// The land of the per-亩 indicators, most certain first: the landed parcel; the best candidate
// parcel; the land range (its larger bound, which gives the lower and so the safer intensity, the
// smaller bound shown beside it); for floor-space projects the land equivalent of their floor need
// at the rule pack's assumed FAR.
std::optional<LandBasis> landBasisOf(const Store& store, const ProjectSpec& project, const MatchResult& match, const RulePack& rules,
                                     Language language) {
  if (const auto landed = landedParcel(store, project.id)) {
    const double mu = squareMetresToMu(landed->second);
    return LandBasis{mu, say(language, "落地地块 {}（{:.1f} 亩）", "the landed parcel {} ({:.1f} 亩)", landed->first, mu), std::nullopt};
  }
  if (project.wantsLand() && !match.candidates.empty() && match.candidates.front().kind == CandidateKind::Parcel) {
    const Candidate& best = match.candidates.front();
    const double mu = squareMetresToMu(best.areaSquareMetres);
    return LandBasis{mu, say(language, "最优候选地块 {}（{:.1f} 亩）", "the best candidate parcel {} ({:.1f} 亩)", best.id, mu), std::nullopt};
  }
  if (project.landMinSquareMetres || project.landMaxSquareMetres) {
    const bool upper = project.landMaxSquareMetres.has_value();
    const double mu = squareMetresToMu(upper ? *project.landMaxSquareMetres : *project.landMinSquareMetres);
    std::optional<double> other;
    if (project.landMinSquareMetres && project.landMaxSquareMetres && *project.landMinSquareMetres < *project.landMaxSquareMetres)
      other = squareMetresToMu(*project.landMinSquareMetres);
    return LandBasis{mu,
                     upper ? say(language, "用地上限 land_max_m2（{:.1f} 亩）", "the upper bound land_max_m2 ({:.1f} 亩)", mu)
                           : say(language, "用地下限 land_min_m2（{:.1f} 亩）", "the lower bound land_min_m2 ({:.1f} 亩)", mu),
                     other};
  }
  if (project.floorNeedSquareMetres) {
    const double far = *rules.threshold("floor_project_equivalent_far").value;
    const double mu = squareMetresToMu(*project.floorNeedSquareMetres / far);
    return LandBasis{mu, say(language, "面积需求 floor_need_m2 ÷ 容积率 {:g}（{:.1f} 亩）", "floor_need_m2 / FAR {:g} ({:.1f} 亩)", far, mu), std::nullopt};
  }
  return std::nullopt;
}

}  // namespace

std::string_view indicatorStatusName(IndicatorStatus status) {
  switch (status) {
    case IndicatorStatus::Pass: return "pass";
    case IndicatorStatus::Weak: return "weak";
    case IndicatorStatus::Fail: return "fail";
    case IndicatorStatus::Missing: return "missing";
    case IndicatorStatus::NotApplicable: return "n/a";
  }
  return "?";
}

std::string_view dimensionVerdictName(DimensionVerdict verdict) {
  switch (verdict) {
    case DimensionVerdict::Pass: return "pass";
    case DimensionVerdict::Weak: return "weak";
    case DimensionVerdict::Fail: return "fail";
    case DimensionVerdict::Incomplete: return "incomplete";
  }
  return "?";
}

EvaluationResult evaluateProject(const MatchEngine& engine, const Store& store, const ProjectSpec& project, const EvaluationOptions& options) {
  const Language language = options.language;
  const RulePack& rules = engine.rules();
  const json& tables = rules.evaluationTables;
  EvaluationResult result;
  result.projectId = project.id;
  result.projectName = project.name;
  result.rulePackId = rules.id;
  result.rulePackVersion = rules.version;

  const char* shareUnit = pick(language, "比例", "share");
  const char* yesScoresFull = pick(language, "是则满分", "yes scores full");
  const char* noneOrConditional = pick(language, "无；有则有条件准入", "none, or conditional admission");
  auto yesNo = [&](bool yes) { return yes ? pick(language, "是", "yes") : pick(language, "否", "no"); };
  const bool industrial = std::find(rules.industrialSectors.begin(), rules.industrialSectors.end(), project.sector) != rules.industrialSectors.end();
  const MatchResult match = engine.match(project, MatchOptions{.top = 1});
  if (!match.candidates.empty()) result.bestSiteId = match.candidates.front().id;

  // The land the per-亩 indicators are measured on: the land the project will actually use.
  result.landBasis = landBasisOf(store, project, match, rules, language);
  const double mu = result.landBasis ? result.landBasis->mu : 0.0;  // 0: no land to measure on
  auto perMu = [&](const std::optional<double>& value) -> std::optional<double> {
    if (!value || mu <= 0) return std::nullopt;
    return *value / mu;
  };
  // With only a land range known, each per-亩 value also shows what the other bound gives.
  auto withRange = [&](Indicator indicator, const std::optional<double>& total) {
    if (indicator.value && total && result.landBasis && result.landBasis->otherMu && *result.landBasis->otherMu > 0)
      indicator.valueText += say(language, "（按 {:.1f} 亩为 {:.2f}）", " ({1:.2f} on {0:.1f} 亩)", *result.landBasis->otherMu,
                                 *total / *result.landBasis->otherMu);
    return indicator;
  };

  // 产业结构
  {
    std::vector<Indicator> list;
    list.push_back({"key_sector", "七大重点领域", 1.0, codeLabel(CodeList::Sector, project.sector, language), "", pick(language, "七大重点领域之一", "one of the seven key fields"), rules.describeSource("district"), 1.0,
                    IndicatorStatus::Pass, false});
    const std::vector<std::string> leading = tables.at("leading_subsectors").at("values").get<std::vector<std::string>>();
    const bool isLeading = !project.subsector.empty() && std::find(leading.begin(), leading.end(), project.subsector) != leading.end();
    const char* leadingText = pick(language, "轨道交通、汽车、机械装备、电子信息", "rail transit, automotive, machinery, electronics");
    if (project.subsector.empty())
      list.push_back(missing(language, "leading_industry", "四大主导产业", "", leadingText,
                             rules.describeSource(tables.at("leading_subsectors").at("source"))));
    else
      list.push_back({"leading_industry", "四大主导产业", isLeading ? 1.0 : 0.0, codeLabel(CodeList::Subsector, project.subsector, language), "", leadingText,
                      rules.describeSource(tables.at("leading_subsectors").at("source")), isLeading ? 1.0 : 0.5,
                      isLeading ? IndicatorStatus::Pass : IndicatorStatus::Weak, false});
    const json& tiers = tables.at("tier_scores").at("values");
    const char* tierText = pick(language, "世界500强 > 中国500强 > 民营/服务业500强、行业百强 > 其他",
                                "global500 > china500 > private/service500, industry100 > other");
    if (project.tier.empty() || !tiers.contains(project.tier))
      list.push_back(missing(language, "enterprise_tier", "企业层级", "", tierText,
                             rules.describeSource(tables.at("tier_scores").at("source"))));
    else
      list.push_back({"enterprise_tier", "企业层级", tiers.at(project.tier).get<double>(), codeLabel(CodeList::Tier, project.tier, language), "", tierText,
                      rules.describeSource(tables.at("tier_scores").at("source")), tiers.at(project.tier).get<double>(), IndicatorStatus::Pass, false});
    // Supply-chain links: enterprises already in the district of the same sector or a related subsector.
    const CriterionRule* chain = rules.criterion("supply_chain");
    std::vector<std::string> related;
    if (chain && chain->params.contains("related_subsectors") && chain->params.at("related_subsectors").contains(project.subsector))
      related = chain->params.at("related_subsectors").at(project.subsector).get<std::vector<std::string>>();
    std::int64_t links = 0;
    auto statement = store.database().prepare("SELECT sector, json_extract(attrs, '$.subsector') FROM facilities WHERE type = 'enterprise'");
    while (statement.step()) {
      const std::string sector = statement.columnOptionalText(0).value_or(""), subsector = statement.columnOptionalText(1).value_or("");
      if (sector == project.sector || (!project.subsector.empty() && (subsector == project.subsector ||
                                                                      std::find(related.begin(), related.end(), subsector) != related.end())))
        ++links;
    }
    const double saturation = tables.at("supply_chain_links").at("saturation").get<double>();
    list.push_back({"supply_chain_links", "产业链关联企业", static_cast<double>(links), fmt::format("{}", links), pick(language, "家", "enterprises"),
                    say(language, "{:g} 家及以上得满分", "{:g} or more scores full", saturation), rules.describeSource(tables.at("supply_chain_links").at("source")),
                    std::min(1.0, static_cast<double>(links) / std::max(1.0, saturation)), links > 0 ? IndicatorStatus::Pass : IndicatorStatus::Weak, false});
    result.dimensions.push_back(finishDimension(rules, "industrial_structure", "产业结构", std::move(list)));
  }

  // 土地规划
  {
    std::vector<Indicator> list;
    Indicator site{"compliant_site", "合规用地/载体", static_cast<double>(match.candidateCount),
                   match.candidateCount ? say(language, "{} 个（最优 {}）", "{} (best {})", match.candidateCount, match.candidates.front().id)
                                        : pick(language, "没有地块或载体满足硬性条件", "no parcel or building passes the hard rules"),
                   pick(language, "", "candidates"),  // in Chinese the count word 个 sits in the value text
                   ">= 1", rules.describeSource("design"), match.candidateCount ? 1.0 : 0.0,
                   match.candidateCount ? IndicatorStatus::Pass : IndicatorStatus::Fail, true};
    list.push_back(site);
    if (industrial && project.wantsLand()) {
      const json& farTable = tables.at("industrial_far_min");
      const double farMin = farTable.at("by_subsector").contains(project.subsector) ? farTable.at("by_subsector").at(project.subsector).get<double>()
                                                                                    : farTable.at("default").get<double>();
      list.push_back(atLeast(language, rules, "far", "容积率", attrNumber(project, "far"), "", Threshold{farMin, std::nullopt, std::nullopt, std::nullopt,
                                                                                                farTable.at("source").get<std::string>()},
                             true));
      const Threshold& coefficient = rules.threshold("building_coefficient_min");
      list.push_back(atLeast(language, rules, "building_coefficient", "建筑系数", attrNumber(project, "building_coefficient"), shareUnit,
                             Threshold{coefficient.value, std::nullopt, std::nullopt, std::nullopt, coefficient.source}, true, ValueStyle::Percent));
      list.push_back(atMost(language, rules, "admin_share", "行政办公及生活服务设施用地比例", attrNumber(project, "admin_share"), shareUnit,
                            rules.threshold("admin_share_max"), true, ValueStyle::Percent));
      list.push_back(atMost(language, rules, "green_ratio", "绿地率", attrNumber(project, "green_ratio"), shareUnit, rules.threshold("green_ratio_max"), true,
                            ValueStyle::Percent));
    } else {
      list.push_back(notApplicable("control_indicators", "工业项目建设用地控制指标",
                                   industrial ? pick(language, "租赁载体项目，无自有用地", "floor-space project: no land of its own")
                                              : pick(language, "非工业项目", "not an industrial project")));
    }
    result.dimensions.push_back(finishDimension(rules, "land_planning", "土地规划", std::move(list)));
  }

  // 经济效益
  {
    std::vector<Indicator> list;
    if (mu <= 0) {
      list.push_back(missing(language, "land_basis", "用地规模", "亩", pick(language, "需 land_min_m2、land_max_m2 或 floor_need_m2",
                                                                            "land_min_m2, land_max_m2 or floor_need_m2"), ""));
    } else {
      Indicator investment = withRange(atLeast(language, rules, "investment_intensity", "投资强度", perMu(project.investmentWan), "万元/亩",
                                               rules.threshold("investment_intensity_wan_per_mu"), true),
                                       project.investmentWan);
      investment.unit += say(language, "（按{}）", " (on {})", result.landBasis->description);
      list.push_back(investment);
      list.push_back(withRange(atLeast(language, rules, "output_per_mu", "亩均产出", perMu(project.outputWan), "万元/亩", rules.threshold("output_wan_per_mu"), false),
                               project.outputWan));
      list.push_back(withRange(atLeast(language, rules, "tax_per_mu", "亩均税收", perMu(project.taxWan), "万元/亩", rules.threshold("tax_wan_per_mu"), false),
                               project.taxWan));
    }
    result.dimensions.push_back(finishDimension(rules, "economic_benefit", "经济效益", std::move(list)));
  }

  // 社会效益
  {
    std::vector<Indicator> list;
    list.push_back(withRange(atLeast(language, rules, "jobs_per_mu", "亩均就业", perMu(project.jobs), pick(language, "人/亩", "jobs/亩"), rules.threshold("jobs_per_mu"), false),
                             project.jobs));
    list.push_back(atLeast(language, rules, "rd_intensity", "研发投入强度", attrNumber(project, "rd_intensity"), pick(language, "占产值比例", "share of output"),
                           rules.threshold("rd_intensity"), false, ValueStyle::Percent));
    const std::optional<bool> highTech = attrFlag(project, "high_tech");
    if (!highTech)
      list.push_back(missing(language, "high_tech", "高新技术企业", "", yesScoresFull, rules.describeSource("district")));
    else
      list.push_back({"high_tech", "高新技术企业", *highTech ? 1.0 : 0.0, yesNo(*highTech), "", yesScoresFull,
                      rules.describeSource("district"), *highTech ? 1.0 : 0.5, *highTech ? IndicatorStatus::Pass : IndicatorStatus::Weak, false});
    result.dimensions.push_back(finishDimension(rules, "social_benefit", "社会效益", std::move(list)));
  }

  // 安全环保
  {
    std::vector<Indicator> list;
    const json& sensitive = tables.at("sensitive_distance_m");
    const std::string cls = std::to_string(project.pollutionClass);
    const double required = sensitive.at("by_pollution_class").contains(cls) ? sensitive.at("by_pollution_class").at(cls).get<double>() : 0.0;
    const std::string source = rules.describeSource(sensitive.at("source"));
    if (required <= 0) {
      list.push_back({"sensitive_uses", "污染等级与周边敏感用地", 0.0, say(language, "污染等级 {} 类", "pollution class {}", project.pollutionClass), "m",
                      pick(language, "一类项目无需防护距离", "no separation needed for class 1"), source, 1.0, IndicatorStatus::Pass, true});
    } else if (!result.bestSiteId || match.candidates.front().kind != CandidateKind::Parcel) {
      list.push_back(notApplicable("sensitive_uses", "污染等级与周边敏感用地", pick(language, "没有可供测量的合规地块", "no compliant parcel to measure from")));
    } else {
      const std::optional<double> distance =
          nearestSensitiveUse(store, *result.bestSiteId, required, sensitive.at("sensitive_land_use_prefixes").get<std::vector<std::string>>());
      Indicator indicator{"sensitive_uses", "污染等级与周边敏感用地", distance, "", "m",
                          say(language, "距住宅、学校、医院 ≥ {:g} m", ">= {:g} m from housing, schools, hospitals", required),
                          source, 1.0, IndicatorStatus::Pass, true};
      indicator.valueText = distance ? say(language, "距 {1} {0:.0f} m", "{:.0f} m from {}", *distance, *result.bestSiteId)
                                     : say(language, "{1} 周边 {0:g} m 内没有", "none within {:g} m of {}", required, *result.bestSiteId);
      if (distance) {
        indicator.score = 0.0;
        indicator.status = IndicatorStatus::Fail;
      }
      list.push_back(indicator);
    }
    std::optional<double> energy;
    if (project.energyTce && project.outputWan && *project.outputWan > 0) energy = *project.energyTce / *project.outputWan;
    list.push_back(atMost(language, rules, "energy_per_output", "单位产值能耗", energy, "tce/万元", rules.threshold("energy_tce_per_wan"), false));
    const std::optional<bool> hazardous = attrFlag(project, "hazardous_chem");
    if (!hazardous)
      list.push_back(missing(language, "hazardous_chem", "危险化学品", "", noneOrConditional, rules.describeSource("district")));
    else
      list.push_back({"hazardous_chem", "危险化学品", *hazardous ? 1.0 : 0.0, yesNo(*hazardous), "", noneOrConditional,
                      rules.describeSource("district"), *hazardous ? 0.3 : 1.0, *hazardous ? IndicatorStatus::Fail : IndicatorStatus::Pass, true});
    result.dimensions.push_back(finishDimension(rules, "safety_environment", "安全环保", std::move(list)));
  }

  // Grade: the weighted total picks the grade; failures of capping indicators and weak
  // dimensions cap it; missing inputs make it provisional.
  double weighted = 0, weightSum = 0;
  for (const Dimension& dimension : result.dimensions)
    if (dimension.score) {
      weighted += dimension.weight * *dimension.score;
      weightSum += dimension.weight;
    }
  result.totalScore = weightSum > 0 ? weighted / weightSum : 0;
  std::size_t gradeIndex = rules.grades.size() - 1;
  for (std::size_t i = 0; i < rules.grades.size(); ++i)
    if (result.totalScore >= rules.grades[i].minScore) {
      gradeIndex = i;
      break;
    }
  // The texts read in one direction: the grade the score gives, each cap that lowers it and why,
  // then one conclusion. A cap that does not lower the grade (an earlier one already did) says so.
  result.scoreGrade = rules.grades[gradeIndex].grade;
  result.reasons.push_back(say(language, "按总分：加权总分 {:.1f} ≥ {:g}，对应 {} {}", "by score: the weighted score {:.1f} >= {:g} gives {} {}",
                               result.totalScore, rules.grades[gradeIndex].minScore, rules.grades[gradeIndex].grade, rules.grades[gradeIndex].label));
  auto capAt = [&](std::size_t index, const std::string& reason) {
    index = std::min(index, rules.grades.size() - 1);
    const GradeRule& cap = rules.grades[index];
    const bool lowers = gradeIndex < index;
    result.caps.push_back({cap.grade, cap.label, reason, lowers});
    if (lowers) {
      gradeIndex = index;
      result.reasons.push_back(say(language, "降为 {} {}：{}", "lowered to {} {}: {}", cap.grade, cap.label, reason));
    } else {
      result.reasons.push_back(say(language, "{}（最高 {}，不低于已定等级）", "{} (at most {}, no lower than the grade already set)", reason, cap.grade));
    }
  };
  const std::size_t lowest = rules.grades.size() - 1, conditional = rules.grades.size() >= 2 ? rules.grades.size() - 2 : 0;
  for (const Dimension& dimension : result.dimensions) {
    for (const Indicator& indicator : dimension.indicators) {
      if (indicator.status != IndicatorStatus::Fail || !indicator.caps) continue;
      if (indicator.name == "compliant_site") capAt(lowest, pick(language, "没有地块或载体满足匹配硬性条件", "no parcel or building passes the hard matching rules"));
      else capAt(conditional, say(language, "{3}：{0} {1} 未达到 {2}", "{} {} fails {} ({})", indicator.labelZh, indicator.valueText, indicator.threshold, dimension.labelZh));
    }
    // A weak or failed dimension denies the top grade whatever the total says.
    if (dimension.verdict == DimensionVerdict::Weak)
      capAt(std::min<std::size_t>(1, lowest), say(language, "{}得分 {:.1f} < {:g}", "{} scores {:.1f} < {:g}", dimension.labelZh, dimension.score.value_or(0), rules.passScore));
    if (dimension.verdict == DimensionVerdict::Fail) capAt(std::min<std::size_t>(1, lowest), say(language, "{}有未通过的指标", "{} has a failed indicator", dimension.labelZh));
  }
  for (const Dimension& dimension : result.dimensions)
    if (!dimension.missing.empty()) {
      result.provisional = true;
      std::string names;
      for (const std::string& name : dimension.missing) {
        // By the indicator's label in Chinese (容积率, not far); English keeps the indicator names.
        std::string shown = name;
        if (language == Language::Chinese)
          for (const Indicator& indicator : dimension.indicators)
            if (indicator.name == name) shown = indicator.labelZh;
        names += (names.empty() ? "" : pick(language, "、", ", ")) + shown;
      }
      result.reasons.push_back(say(language, "暂定：{}缺少 {}，得分 {:.1f} 补齐后可在 {:.1f}–{:.1f} 之间",
                                   "provisional: {} lacks {}; its score {:.1f} may end anywhere in {:.1f}-{:.1f} once they arrive", dimension.labelZh, names,
                                   dimension.score.value_or(0), dimension.scoreLow.value_or(0), dimension.scoreHigh.value_or(0)));
    }
  result.reasons.push_back(say(language, "结论：{} {}{}", "conclusion: {} {}{}", rules.grades[gradeIndex].grade, rules.grades[gradeIndex].label,
                               result.provisional ? pick(language, "（暂定：缺项补齐后可能变化）", " (provisional: may change when the missing inputs arrive)") : ""));
  result.grade = rules.grades[gradeIndex].grade;
  result.gradeLabel = rules.grades[gradeIndex].label;
  return result;
}

}  // namespace landbank
