// An allocation plan written for machines: DESIGN.md's JSON, a CSV row per project and GeoJSON points
// of the assigned sites. The command line and the viewer's plan view write the same files.
#include <fmt/format.h>

#include <cmath>
#include <ostream>

#include "landbank/csv.h"
#include "landbank/allocation.h"
#include "landbank/units.h"

namespace landbank {

namespace {

using nlohmann::json;

double rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

const std::vector<std::string> kCsvColumns{"project", "class", "kind", "site", "members", "score", "best_site", "best_score", "regret", "lost_to",
                                           "area_m2", "lon", "lat"};

// Text cells quoted and made safe for spreadsheets; numbers formatted here and written as they are.
std::string csvCell(const std::string& text, bool number) { return number ? text : csvField(csvSafeText(text)); }

}  // namespace

json allocationPlanJson(const AllocationPlan& plan) {
  json assignments = json::array();
  for (const PlannedAssignment& a : plan.assignments) {
    json item{{"project", a.project},     {"class", a.priorityClass},  {"kind", std::string(candidateKindName(a.kind))},
              {"site", a.site},           {"members", a.members},      {"score", rounded(a.score, 4)},
              {"best_site", a.bestSite},  {"best_score", rounded(a.bestScore, 4)}, {"regret", rounded(a.regret, 4)},
              {"area_m2", rounded(a.areaSquareMetres, 2)}};
    item["lost_to"] = a.lostTo ? json(*a.lostTo) : json(nullptr);
    assignments.push_back(item);
  }
  json unplaced = json::array();
  for (const UnplacedProject& u : plan.unplaced)
    unplaced.push_back({{"project", u.project}, {"class", u.priorityClass}, {"reason", u.reason}, {"taken_by", u.takenBy}});
  json result{{"objective", plan.objective == AllocationObjective::Weighted ? "weighted" : "lexicographic"},
              {"status", plan.status},
              {"gap", rounded(plan.gap, 6)},
              {"rule_pack", plan.rulePackId + " " + plan.rulePackVersion},
              {"solver", plan.solver},
              {"seconds", rounded(plan.seconds, 3)},
              {"assignments", assignments},
              {"unplaced", unplaced},
              {"contested", plan.contested},
              {"placed_by_class", plan.placedByClass},
              {"projects_by_class", plan.projectsByClass},
              {"land_m2", rounded(plan.landSquareMetres, 1)},
              {"land_mu", rounded(squareMetresToMu(plan.landSquareMetres), 1)},
              {"total_score", rounded(plan.totalScore, 4)}};
  json values = json::array();
  for (double v : plan.objectiveValues) values.push_back(rounded(v, 6));
  result["objective_values"] = values;
  // Only when the plan is not proven optimal (an optimal plan's JSON stays as it was): which stages
  // stopped unproven, so that "feasible, gap 0" is never read as a real gap.
  if (plan.status != "optimal")
    result["status_detail"] = {{"components", plan.effort.components},
                               {"components_by_cbc", plan.effort.componentsByCbc},
                               {"stages_by_cbc", plan.effort.stagesByCbc},
                               {"stages_at_bound", plan.effort.stagesAtBound},
                               {"stages_at_time_limit", plan.effort.stagesAtTimeLimit},
                               {"stages_without_solution", plan.effort.stagesWithoutSolution}};
  if (plan.greedyObjectiveValues) {
    json greedy = json::array();
    for (double v : *plan.greedyObjectiveValues) greedy.push_back(rounded(v, 6));
    result["greedy"] = {{"objective_values", greedy}, {"placed_by_class", *plan.greedyPlacedByClass},
                        {"total_score", rounded(*plan.greedyTotalScore, 4)}};
  }
  return result;
}

void writeAllocationPlanCsv(std::ostream& out, const AllocationPlan& plan) {
  out << joined(kCsvColumns, ",") << "\n";
  for (const PlannedAssignment& a : plan.assignments) {
    const std::vector<std::string> cells{a.project, a.priorityClass, std::string(candidateKindName(a.kind)), a.site, joined(a.members, "+"),
                                         fmt::format("{:.4f}", a.score), a.bestSite, fmt::format("{:.4f}", a.bestScore), fmt::format("{:.4f}", a.regret),
                                         a.lostTo.value_or(""), fmt::format("{:.2f}", a.areaSquareMetres),
                                         a.centroid ? fmt::format("{:.7f}", a.centroid->lon) : "", a.centroid ? fmt::format("{:.7f}", a.centroid->lat) : ""};
    const std::vector<bool> numeric{false, false, false, false, false, true, false, true, true, false, true, true, true};
    for (std::size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << csvCell(cells[i], numeric[i]);
    out << "\n";
  }
  for (const UnplacedProject& u : plan.unplaced) {
    std::vector<std::string> cells(kCsvColumns.size());
    cells[0] = u.project;
    cells[1] = u.priorityClass;
    for (std::size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << csvCell(cells[i], false);
    out << "\n";
  }
}

void writeAllocationPlanGeoJson(std::ostream& out, const AllocationPlan& plan) {
  json features = json::array();
  for (const PlannedAssignment& a : plan.assignments) {
    json properties{{"project", a.project}, {"project_name", a.projectName}, {"class", a.priorityClass},
                    {"kind", std::string(candidateKindName(a.kind))}, {"site", a.site}, {"score", rounded(a.score, 4)},
                    {"best_site", a.bestSite}, {"regret", rounded(a.regret, 4)}, {"area_m2", rounded(a.areaSquareMetres, 2)}};
    properties["lost_to"] = a.lostTo ? json(*a.lostTo) : json(nullptr);
    json geometry = a.centroid ? json{{"type", "Point"}, {"coordinates", {rounded(a.centroid->lon, 7), rounded(a.centroid->lat, 7)}}} : json(nullptr);
    features.push_back({{"type", "Feature"}, {"id", a.project}, {"geometry", geometry}, {"properties", properties}});
  }
  out << json{{"type", "FeatureCollection"}, {"features", features}}.dump(2) << "\n";
}

}  // namespace landbank
