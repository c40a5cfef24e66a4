// The allocation model and its two solvers: exact (CBC MILP, lexicographic stages or one weighted
// sum) and greedy (the baseline). docs/allocation.md states the model; this file is its one source.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "detail/cbc.h"
#include "landbank/allocation.h"
#include "landbank/error.h"

namespace landbank {

namespace {

using Clock = std::chrono::steady_clock;

// Options grouped the ways the constraints need them.
struct OptionIndex {
  std::vector<std::vector<std::size_t>> byProject;
  std::map<std::string, std::vector<std::size_t>> byLandUnit;
  std::vector<std::vector<std::size_t>> bySite;
  std::vector<std::vector<std::size_t>> byClass;

  explicit OptionIndex(const AllocationInstance& instance)
      : byProject(instance.projects.size()), bySite(instance.sites.size()), byClass(instance.classCount) {
    for (std::size_t o = 0; o < instance.options.size(); ++o) {
      const AllocationInstance::Option& option = instance.options[o];
      if (option.project >= instance.projects.size() || option.site >= instance.sites.size())
        throw Error(ErrorCode::Internal, "allocation option refers to an unknown project or site");
      byProject[option.project].push_back(o);
      bySite[option.site].push_back(o);
      const std::size_t cls = instance.projects[option.project].priorityClass;
      if (cls >= instance.classCount) throw Error(ErrorCode::Internal, "allocation project class out of range");
      byClass[cls].push_back(o);
      const AllocationInstance::Site& site = instance.sites[option.site];
      if (!site.floorCapacitySquareMetres) {
        if (site.landUnits.empty()) byLandUnit[site.id].push_back(o);
        for (const std::string& unit : site.landUnits) byLandUnit[unit].push_back(o);
      }
    }
  }
};

// The feasible set shared by every stage: one site per project, one project per parcel, a building's
// floor, pins. Returns nothing: the model holds one binary per option, in option order.
void addFeasibleSet(detail::MilpModel& model, const AllocationInstance& instance, const OptionIndex& index) {
  for (const auto& options : index.byProject) {
    if (options.size() < 2) continue;
    model.addRow(std::vector<int>(options.begin(), options.end()), std::vector<double>(options.size(), 1.0), 'L', 1.0);
  }
  for (const auto& [unit, options] : index.byLandUnit) {
    if (options.size() < 2) continue;
    model.addRow(std::vector<int>(options.begin(), options.end()), std::vector<double>(options.size(), 1.0), 'L', 1.0);
  }
  for (std::size_t s = 0; s < instance.sites.size(); ++s) {
    const auto& capacity = instance.sites[s].floorCapacitySquareMetres;
    if (!capacity || index.bySite[s].empty()) continue;
    std::vector<int> columns;
    std::vector<double> needs;
    for (std::size_t o : index.bySite[s]) {
      columns.push_back(static_cast<int>(o));
      needs.push_back(instance.projects[instance.options[o].project].floorNeedSquareMetres);
    }
    model.addRow(columns, needs, 'L', *capacity);
  }
}

struct Stage {
  std::vector<double> objective;  // per option
};

// A fixed earlier stage: its objective must stay at least `value` (less a tolerance for scores).
struct StageBound {
  std::vector<double> coefficients;
  double value = 0;
};

struct StageOutcome {
  AllocationSolution::Status status = AllocationSolution::Status::Infeasible;
  std::vector<double> solution;
  double value = 0;
  double gap = 0;
};

StageOutcome solveStage(const AllocationInstance& instance, const OptionIndex& index, const Stage& stage, const std::vector<StageBound>& bounds,
                        double secondsLimit, const std::vector<double>* start) {
  detail::MilpModel model;
  std::set<std::size_t> pinned(instance.pinnedOptions.begin(), instance.pinnedOptions.end());
  for (std::size_t o = 0; o < instance.options.size(); ++o) model.addBinary(stage.objective[o], pinned.count(o) ? 1.0 : 0.0);
  addFeasibleSet(model, instance, index);
  for (const StageBound& bound : bounds) {
    std::vector<int> columns;
    std::vector<double> coefficients;
    for (std::size_t o = 0; o < bound.coefficients.size(); ++o)
      if (bound.coefficients[o] != 0) {
        columns.push_back(static_cast<int>(o));
        coefficients.push_back(bound.coefficients[o]);
      }
    model.addRow(columns, coefficients, 'G', bound.value);
  }
  model.setSense(detail::MilpModel::Sense::Maximise);
  model.setSecondsLimit(secondsLimit);
  if (start) model.setStartSolution(*start);
  StageOutcome outcome;
  switch (model.solve()) {
    case detail::MilpModel::Outcome::Optimal:
      outcome.status = AllocationSolution::Status::Optimal;
      break;
    case detail::MilpModel::Outcome::StoppedWithSolution:
      outcome.status = AllocationSolution::Status::Feasible;
      break;
    default:
      return outcome;
  }
  outcome.solution = model.solution();
  outcome.value = 0;
  for (std::size_t o = 0; o < instance.options.size(); ++o) outcome.value += stage.objective[o] * outcome.solution[o];
  if (outcome.status == AllocationSolution::Status::Feasible) {
    const double bound = model.bestPossibleValue();
    outcome.gap = std::abs(bound - outcome.value) / std::max(1e-9, std::abs(outcome.value));
  }
  return outcome;
}

std::vector<std::optional<std::size_t>> choicesFrom(const AllocationInstance& instance, const std::vector<double>& solution) {
  std::vector<std::optional<std::size_t>> chosen(instance.projects.size());
  for (std::size_t o = 0; o < instance.options.size(); ++o)
    if (solution[o] > 0.5) chosen[instance.options[o].project] = o;
  return chosen;
}

// A score bound keeps an earlier optimum up to this much (CBC's integrality tolerance on sums of scores).
constexpr double kScoreTolerance = 1e-7;

}  // namespace

std::vector<double> allocationObjectiveValues(const AllocationInstance& instance, const std::vector<std::optional<std::size_t>>& optionOfProject,
                                              AllocationObjective objective) {
  if (objective == AllocationObjective::Weighted) {
    double total = 0;
    for (const auto& chosen : optionOfProject) {
      if (!chosen) continue;
      const AllocationInstance::Option& option = instance.options[*chosen];
      const std::size_t cls = instance.projects[option.project].priorityClass;
      total += instance.classWeights.at(cls) * (1.0 + option.score);
    }
    return {total};
  }
  std::vector<double> values(2 * instance.classCount, 0.0);
  for (const auto& chosen : optionOfProject) {
    if (!chosen) continue;
    const AllocationInstance::Option& option = instance.options[*chosen];
    const std::size_t cls = instance.projects[option.project].priorityClass;
    values[2 * cls] += 1;
    values[2 * cls + 1] += option.score;
  }
  return values;
}

AllocationSolution solveAllocationExactly(const AllocationInstance& instance, const AllocationSolveOptions& options) {
  const auto started = Clock::now();
  const OptionIndex index(instance);
  AllocationSolution result;
  result.solver = "CBC " + detail::MilpModel::version() + " (MILP)";
  const std::size_t optionCount = instance.options.size();
  if (optionCount == 0) {  // nothing to choose: every project unplaced, trivially optimal
    result.status = AllocationSolution::Status::Optimal;
    result.optionOfProject.assign(instance.projects.size(), std::nullopt);
    result.objectiveValues = allocationObjectiveValues(instance, result.optionOfProject, options.objective);
    return result;
  }
  // The plan so far; before the first stage, the pins alone (feasible whenever the pins are).
  std::vector<double> solution(optionCount, 0.0);
  for (std::size_t o : instance.pinnedOptions) solution[o] = 1.0;

  std::vector<Stage> stages;
  if (options.objective == AllocationObjective::Weighted) {
    Stage stage{std::vector<double>(optionCount, 0.0)};
    for (std::size_t o = 0; o < optionCount; ++o) {
      const std::size_t cls = instance.projects[instance.options[o].project].priorityClass;
      stage.objective[o] = instance.classWeights.at(cls) * (1.0 + instance.options[o].score);
    }
    stages.push_back(std::move(stage));
  } else {
    for (std::size_t cls = 0; cls < instance.classCount; ++cls) {
      Stage placed{std::vector<double>(optionCount, 0.0)};
      Stage scored{std::vector<double>(optionCount, 0.0)};
      for (std::size_t o : index.byClass[cls]) {
        placed.objective[o] = 1.0;
        scored.objective[o] = instance.options[o].score;
      }
      stages.push_back(std::move(placed));
      stages.push_back(std::move(scored));
    }
  }

  result.status = AllocationSolution::Status::Optimal;
  std::vector<StageBound> bounds;
  bool solvedOnce = false;
  for (std::size_t s = 0; s < stages.size(); ++s) {
    const bool empty = std::all_of(stages[s].objective.begin(), stages[s].objective.end(), [](double c) { return c == 0; });
    if (empty && (solvedOnce || s + 1 < stages.size())) {
      result.objectiveValues.push_back(0);
      continue;  // a class without options: nothing to optimise, and the next stage keeps the bounds
    }
    // Each stage starts from the plan so far, which satisfies every bound so far.
    StageOutcome outcome = solveStage(instance, index, stages[s], bounds, options.secondsLimit, &solution);
    if (outcome.status == AllocationSolution::Status::Infeasible && (solvedOnce || instance.pinnedOptions.empty())) {
      // The earlier plan is feasible for this stage by construction, so "infeasible" here is CBC
      // stopping without a better solution (time) or a tolerance artefact: keep the earlier plan,
      // and do not call the result optimal.
      outcome.status = AllocationSolution::Status::Feasible;
      outcome.solution = solution;
      outcome.value = 0;
      for (std::size_t o = 0; o < optionCount; ++o) outcome.value += stages[s].objective[o] * solution[o];
      outcome.gap = std::max(outcome.gap, 1e-9);
    }
    if (outcome.status == AllocationSolution::Status::Infeasible) {
      result.status = AllocationSolution::Status::Infeasible;
      result.optionOfProject.assign(instance.projects.size(), std::nullopt);
      result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
      return result;
    }
    solvedOnce = true;
    if (outcome.status == AllocationSolution::Status::Feasible) result.status = AllocationSolution::Status::Feasible;
    result.gap = std::max(result.gap, outcome.gap);
    solution = outcome.solution;
    result.objectiveValues.push_back(outcome.value);
    // Placements are integers and kept exactly; scores keep their optimum less a tolerance.
    const bool placementStage = options.objective == AllocationObjective::Lexicographic && s % 2 == 0;
    bounds.push_back({stages[s].objective, placementStage ? std::round(outcome.value) : outcome.value - kScoreTolerance});
  }
  result.optionOfProject = choicesFrom(instance, solution);
  // The values of the final solution (a later stage may not lower an earlier one's, but say what is).
  result.objectiveValues = allocationObjectiveValues(instance, result.optionOfProject, options.objective);
  result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return result;
}

AllocationSolution solveAllocationGreedily(const AllocationInstance& instance) {
  const auto started = Clock::now();
  const OptionIndex index(instance);
  AllocationSolution result;
  result.solver = "greedy";
  result.status = AllocationSolution::Status::Feasible;
  result.optionOfProject.assign(instance.projects.size(), std::nullopt);

  auto bestScore = [&](std::size_t p) {
    double best = -1;
    for (std::size_t o : index.byProject[p]) best = std::max(best, instance.options[o].score);
    return best;
  };
  std::vector<std::size_t> order(instance.projects.size());
  std::iota(order.begin(), order.end(), 0);
  std::set<std::size_t> pinnedProjects;
  for (std::size_t o : instance.pinnedOptions) pinnedProjects.insert(instance.options[o].project);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const bool pa = pinnedProjects.count(a), pb = pinnedProjects.count(b);
    if (pa != pb) return pa;
    if (instance.projects[a].priorityClass != instance.projects[b].priorityClass)
      return instance.projects[a].priorityClass < instance.projects[b].priorityClass;
    const double sa = bestScore(a), sb = bestScore(b);
    if (sa != sb) return sa > sb;
    return instance.projects[a].id < instance.projects[b].id;
  });

  std::set<std::string> usedUnits;
  std::vector<double> floorLeft(instance.sites.size(), 0.0);
  for (std::size_t s = 0; s < instance.sites.size(); ++s) floorLeft[s] = instance.sites[s].floorCapacitySquareMetres.value_or(0.0);
  auto unitsOf = [&](const AllocationInstance::Site& site) {
    return site.landUnits.empty() ? std::vector<std::string>{site.id} : site.landUnits;
  };
  auto fits = [&](std::size_t o) {
    const AllocationInstance::Option& option = instance.options[o];
    const AllocationInstance::Site& site = instance.sites[option.site];
    if (site.floorCapacitySquareMetres) return instance.projects[option.project].floorNeedSquareMetres <= floorLeft[option.site] + 1e-9;
    for (const std::string& unit : unitsOf(site))
      if (usedUnits.count(unit)) return false;
    return true;
  };
  auto take = [&](std::size_t o) {
    const AllocationInstance::Option& option = instance.options[o];
    const AllocationInstance::Site& site = instance.sites[option.site];
    if (site.floorCapacitySquareMetres) floorLeft[option.site] -= instance.projects[option.project].floorNeedSquareMetres;
    else
      for (const std::string& unit : unitsOf(site)) usedUnits.insert(unit);
    result.optionOfProject[option.project] = o;
  };
  for (std::size_t o : instance.pinnedOptions) {
    if (!fits(o)) {
      result.status = AllocationSolution::Status::Infeasible;
      break;
    }
    take(o);
  }
  for (std::size_t p : order) {
    if (result.optionOfProject[p]) continue;
    std::vector<std::size_t> mine = index.byProject[p];
    std::stable_sort(mine.begin(), mine.end(), [&](std::size_t a, std::size_t b) {
      if (instance.options[a].score != instance.options[b].score) return instance.options[a].score > instance.options[b].score;
      return instance.sites[instance.options[a].site].id < instance.sites[instance.options[b].site].id;
    });
    for (std::size_t o : mine)
      if (fits(o)) {
        take(o);
        break;
      }
  }
  result.objectiveValues = allocationObjectiveValues(instance, result.optionOfProject, AllocationObjective::Lexicographic);
  result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return result;
}

}  // namespace landbank
