// Follow-through grading (亩均效益): indicators per 亩 of occupied land, weighted against benchmarks
// into a grade, and the delivery of every commitment. See landbank/follow_through.h.
#include "landbank/follow_through.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "detail/sqlite.h"
#include "landbank/error.h"
#include "landbank/store.h"
#include "landbank/texts.h"
#include "landbank/units.h"
#include "ledger/ledger_internal.h"

namespace landbank {

namespace {

const char* indicatorUnit(const std::string& name) {
  if (name == "energy_per_output") return "tce/万元";
  if (name == "jobs_per_mu") return "人/亩";
  return "万元/亩";
}

const char* commitmentLabel(const std::string& key, Language language) {
  if (key == "investment_wan") return pick(language, "累计投资", "cumulative investment");
  if (key == "output_wan") return pick(language, "年产值", "annual output");
  if (key == "tax_wan") return pick(language, "年税收", "annual tax");
  if (key == "jobs") return pick(language, "就业人数", "jobs");
  return pick(language, "年能耗上限", "annual energy ceiling");
}

std::string figure(double value) { return value == std::floor(value) ? fmt::format("{:.0f}", value) : fmt::format("{:.1f}", value); }

}  // namespace

FollowThroughGrade gradeFollowThrough(const RulePack& rules, const FollowThroughInput& input, Language language) {
  const FollowThroughRules& pack = rules.followThrough;
  FollowThroughGrade grade;
  grade.projectId = input.projectId;
  grade.name = input.name;
  grade.sector = input.sector;
  grade.year = input.year;
  grade.landMu = input.landMu;
  grade.rulePackId = rules.id;
  grade.rulePackVersion = rules.version;
  const AnnualResult& r = input.result;
  const bool hasLand = input.landMu && *input.landMu > 0;
  auto perMu = [&](const std::optional<double>& value) -> std::optional<double> {
    if (!value || !hasLand) return std::nullopt;
    return *value / *input.landMu;
  };
  double weighted = 0, weights = 0;
  for (const FollowThroughIndicatorRule& rule : pack.indicators) {
    FollowThroughIndicator indicator{rule.name, indicatorUnit(rule.name), std::nullopt, rule.benchmark, rule.weight, false, std::nullopt};
    if (rule.name == "tax_per_mu") indicator.value = perMu(r.taxWan);
    else if (rule.name == "output_per_mu") indicator.value = perMu(r.outputWan);
    else if (rule.name == "investment_intensity") indicator.value = perMu(input.cumulativeInvestmentWan);
    else if (rule.name == "jobs_per_mu") indicator.value = perMu(r.jobs);
    else if (rule.name == "energy_per_output") {
      indicator.lowerIsBetter = true;
      if (r.energyTce && r.outputWan && *r.outputWan > 0) indicator.value = *r.energyTce / *r.outputWan;
    }
    if (indicator.value) {
      // Ratio to the benchmark, capped so that one outstanding figure cannot hide the others.
      const double ratio = indicator.lowerIsBetter ? (*indicator.value > 0 ? rule.benchmark / *indicator.value : pack.scoreCap)
                                                   : *indicator.value / rule.benchmark;
      indicator.score = std::clamp(ratio, 0.0, pack.scoreCap);
      weighted += rule.weight * *indicator.score;
      weights += rule.weight;
    }
    grade.indicators.push_back(indicator);
  }
  if (!hasLand) {
    grade.notGradedReason = pick(language, "无占地面积（未登记落地地块或楼宇）", "no land occupied on record (no landing site)");
  } else if (!r.taxWan) {
    grade.notGradedReason = pick(language, "缺少当年税收", "no tax figure for the year");
  } else if (weights > 0) {
    // Indicators without a figure are left out and the weights renormalised over the rest.
    grade.score = 100.0 * weighted / weights;
    for (const GradeRule& cut : pack.grades)
      if (*grade.score >= cut.minScore - 1e-9) {
        grade.grade = cut.grade;
        grade.gradeLabel = cut.label;
        break;
      }
  }

  if (input.commitments) {
    const Commitments& c = *input.commitments;
    const std::pair<const char*, std::pair<std::optional<double>, std::optional<double>>> items[] = {
        {"investment_wan", {c.investmentWan, input.cumulativeInvestmentWan}},
        {"output_wan", {c.outputWan, r.outputWan}},
        {"tax_wan", {c.taxWan, r.taxWan}},
        {"jobs", {c.jobs, r.jobs}},
        {"energy_tce", {c.energyTce, r.energyTce}}};
    for (const auto& [key, pair] : items) {
      const auto& [promised, actual] = pair;
      if (!promised || *promised <= 0) continue;
      Delivery delivery{key, *promised, actual, std::nullopt, false, "", ""};
      if (auto clause = c.clauses.find(key); clause != c.clauses.end()) delivery.clause = clause->second;
      const bool ceiling = std::string(key) == "energy_tce";
      if (actual) {
        delivery.ratio = *actual / *promised;
        delivery.shortfall = ceiling ? *delivery.ratio > 1.0 + 1e-9 : *delivery.ratio < pack.deliveryThreshold - 1e-9;
      } else {
        delivery.shortfall = !ceiling;  // no figure for a promise is not a delivery
      }
      const std::string who = delivery.clause.empty() ? std::string() : delivery.clause + " ";
      if (!actual)
        delivery.text = say(language, "{}{}：承诺 {}，无实绩", "{}{}: promised {}, no result", who, commitmentLabel(key, language), figure(*promised));
      else if (ceiling)
        delivery.text = say(language, "{}{}：上限 {} tce，实际 {} tce（{:.0f}%）", "{}{}: ceiling {} tce, actual {} tce ({:.0f}%)", who,
                            commitmentLabel(key, language), figure(*promised), figure(*actual), *delivery.ratio * 100);
      else if (delivery.shortfall)
        delivery.text = say(language, "{}{}：承诺 {}，实际 {}，差 {}（{:.0f}%）", "{}{}: promised {}, actual {}, short by {} ({:.0f}%)", who,
                            commitmentLabel(key, language), figure(*promised), figure(*actual), figure(*promised - *actual), *delivery.ratio * 100);
      else
        delivery.text = say(language, "{}{}：承诺 {}，实际 {}（{:.0f}%）", "{}{}: promised {}, actual {} ({:.0f}%)", who,
                            commitmentLabel(key, language), figure(*promised), figure(*actual), *delivery.ratio * 100);
      grade.deliveries.push_back(delivery);
    }
  }
  return grade;
}

std::optional<double> occupiedLandMu(std::optional<double> parcelAreaMu, std::optional<double> floorM2, const RulePack& rules) {
  if (parcelAreaMu) return parcelAreaMu;
  if (!floorM2) return std::nullopt;
  // Floor space in a building counts as the land it would need at the pack's equivalent FAR.
  const Threshold& far = rules.threshold("floor_project_equivalent_far");
  return squareMetresToMu(*floorM2 / far.value.value_or(2.0));
}

FollowThroughInput followThroughInput(const Store& store, const RulePack& rules, const std::string& projectId, int year) {
  SqliteDatabase& db = store.database();
  FollowThroughInput input;
  input.year = year;
  auto project = db.prepare(
      "SELECT p.id, p.name, p.sector, l.parcel_id, l.floor_m2, (SELECT area_mu FROM parcels WHERE id = l.parcel_id)"
      " FROM projects p LEFT JOIN project_location l ON l.project_id = p.id WHERE p.id = ?");
  project.bind(1, projectId);
  if (!project.step()) throw Error(ErrorCode::UnknownId, Message{"没有这个项目", "no such project"}, {.layer = "projects", .feature = projectId});
  input.projectId = project.columnText(0);
  input.name = project.columnText(1);
  input.sector = project.columnText(2);
  input.landMu = occupiedLandMu(project.columnOptionalDouble(5), project.columnOptionalDouble(4), rules);
  input.result.projectId = projectId;
  input.result.year = year;
  double cumulative = 0;
  bool anyInvestment = false;
  for (const AnnualResult& result : resultsOf(store, projectId)) {
    if (result.year > year) break;
    if (result.investmentWan) {
      cumulative += *result.investmentWan;
      anyInvestment = true;
    }
    if (result.year == year) input.result = result;
  }
  if (anyInvestment) input.cumulativeInvestmentWan = cumulative;
  input.commitments = commitmentsOf(store, projectId);
  return input;
}

FollowThroughGrade gradeProject(const Store& store, const RulePack& rules, const std::string& projectId, int year, Language language) {
  SqliteReadSnapshot snapshot(store.database());
  const FollowThroughInput input = followThroughInput(store, rules, projectId, year);
  FollowThroughGrade grade = gradeFollowThrough(rules, input, language);
  const AnnualResult& r = input.result;
  if (!r.investmentWan && !r.outputWan && !r.taxWan && !r.jobs && !r.energyTce) {
    grade.score.reset();
    grade.grade.clear();
    grade.gradeLabel.clear();
    grade.notGradedReason = say(language, "{} 年无实绩", "no results for {}", year);
  }
  return grade;
}

std::vector<FollowThroughGrade> gradeAll(const Store& store, const RulePack& rules, int year, Language language) {
  SqliteReadSnapshot snapshot(store.database());
  std::vector<std::string> ids;
  auto statement = store.database().prepare("SELECT project_id FROM ledger_results WHERE year = ? ORDER BY project_id");
  statement.bind(1, year);
  while (statement.step()) ids.push_back(statement.columnText(0));
  std::vector<FollowThroughGrade> grades;
  for (const std::string& id : ids) {
    try {
      grades.push_back(gradeProject(store, rules, id, year, language));
    } catch (const Error& error) {
      if (error.code() != ErrorCode::UnknownId) throw;  // results of a project that is gone
    }
  }
  return grades;
}

std::vector<SectorCalibration> sectorCalibration(const Store& store) {
  auto statement = store.database().prepare(
      "SELECT p.sector, r.tax_wan / c.tax_wan, r.output_wan / c.output_wan FROM ledger_results r"
      " JOIN ledger_commitments c ON c.project_id = r.project_id JOIN projects p ON p.id = r.project_id"
      " ORDER BY p.sector");
  struct Sum {
    int rows = 0, taxCount = 0, outputCount = 0;
    double tax = 0, output = 0;
  };
  std::map<std::string, Sum> sums;
  while (statement.step()) {
    Sum& sum = sums[statement.columnText(0)];
    ++sum.rows;
    if (!statement.isNull(1)) {
      sum.tax += statement.columnDouble(1);
      ++sum.taxCount;
    }
    if (!statement.isNull(2)) {
      sum.output += statement.columnDouble(2);
      ++sum.outputCount;
    }
  }
  std::vector<SectorCalibration> list;
  for (const auto& [sector, sum] : sums)
    list.push_back({sector, sum.rows, sum.taxCount ? std::optional(sum.tax / sum.taxCount) : std::nullopt,
                    sum.outputCount ? std::optional(sum.output / sum.outputCount) : std::nullopt});
  return list;
}

CalibratedExpectation calibratedExpectation(const Store& store, const std::string& projectId, const std::string& sector,
                                            std::optional<double> promisedTaxWan, std::optional<double> promisedOutputWan) {
  SqliteReadSnapshot snapshot(store.database());
  CalibratedExpectation expectation;
  expectation.sector = sector;
  for (const SectorCalibration& calibration : sectorCalibration(store))
    if (calibration.sector == sector) {
      expectation.projectYears = calibration.projectYears;
      expectation.taxRatio = calibration.taxRatio;
      expectation.outputRatio = calibration.outputRatio;
    }
  expectation.promiseSource = "project";
  expectation.promisedTaxWan = promisedTaxWan;
  expectation.promisedOutputWan = promisedOutputWan;
  if (!projectId.empty())
    if (const std::optional<Commitments> commitments = commitmentsOf(store, projectId);
        commitments && (commitments->taxWan || commitments->outputWan)) {
      expectation.promiseSource = "commitments";
      expectation.promisedTaxWan = commitments->taxWan;
      expectation.promisedOutputWan = commitments->outputWan;
    }
  if (expectation.promisedTaxWan && expectation.taxRatio) expectation.expectedTaxWan = *expectation.promisedTaxWan * *expectation.taxRatio;
  if (expectation.promisedOutputWan && expectation.outputRatio)
    expectation.expectedOutputWan = *expectation.promisedOutputWan * *expectation.outputRatio;
  return expectation;
}

nlohmann::json calibratedExpectationJson(const CalibratedExpectation& e) {
  return {{"sector", e.sector},
          {"project_years", e.projectYears},
          {"tax_ratio", optionalJson(e.taxRatio)},
          {"output_ratio", optionalJson(e.outputRatio)},
          {"promise_source", e.promiseSource},
          {"promised_tax_wan", optionalJson(e.promisedTaxWan)},
          {"expected_tax_wan", optionalJson(e.expectedTaxWan)},
          {"promised_output_wan", optionalJson(e.promisedOutputWan)},
          {"expected_output_wan", optionalJson(e.expectedOutputWan)}};
}

nlohmann::json followThroughJson(const FollowThroughGrade& grade) {
  nlohmann::json indicators = nlohmann::json::array();
  for (const FollowThroughIndicator& i : grade.indicators)
    indicators.push_back({{"name", i.name}, {"unit", i.unit}, {"value", optionalJson(i.value)}, {"benchmark", i.benchmark},
                          {"weight", i.weight}, {"lower_is_better", i.lowerIsBetter}, {"score", optionalJson(i.score)}});
  nlohmann::json deliveries = nlohmann::json::array();
  for (const Delivery& d : grade.deliveries)
    deliveries.push_back({{"commitment", d.commitment}, {"promised", d.promised}, {"actual", optionalJson(d.actual)}, {"ratio", optionalJson(d.ratio)},
                          {"shortfall", d.shortfall}, {"clause", d.clause}, {"text", d.text}});
  return {{"project", grade.projectId},
          {"name", grade.name},
          {"sector", grade.sector},
          {"year", grade.year},
          {"land_mu", optionalJson(grade.landMu)},
          {"score", optionalJson(grade.score)},
          {"grade", grade.grade.empty() ? nlohmann::json(nullptr) : nlohmann::json(grade.grade)},
          {"grade_label", grade.gradeLabel},
          {"not_graded_reason", grade.notGradedReason},
          {"indicators", indicators},
          {"deliveries", deliveries},
          {"rule_pack", {{"id", grade.rulePackId}, {"version", grade.rulePackVersion}}}};
}

}  // namespace landbank
