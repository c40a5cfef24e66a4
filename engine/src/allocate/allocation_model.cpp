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

namespace {

// Whether a plan keeps every constraint of the model: one site per project, a parcel to one project,
// a building's floor, the pins.
bool keepsConstraints(const AllocationInstance& instance, const OptionIndex& index, const std::vector<double>& solution) {
  std::vector<double> floorTaken(instance.sites.size(), 0.0);
  for (const auto& options : index.byProject) {
    double chosen = 0;
    for (std::size_t o : options) chosen += solution[o];
    if (chosen > 1.5) return false;
  }
  for (const auto& [unit, options] : index.byLandUnit) {
    double taken = 0;
    for (std::size_t o : options) taken += solution[o];
    if (taken > 1.5) return false;
  }
  for (std::size_t s = 0; s < instance.sites.size(); ++s) {
    const auto& capacity = instance.sites[s].floorCapacitySquareMetres;
    if (!capacity) continue;
    for (std::size_t o : index.bySite[s]) floorTaken[s] += solution[o] * instance.projects[instance.options[o].project].floorNeedSquareMetres;
    if (floorTaken[s] > *capacity + 1e-9) return false;
  }
  return std::all_of(instance.pinnedOptions.begin(), instance.pinnedOptions.end(), [&](std::size_t o) { return solution[o] > 0.5; });
}

// One model for the instance, stage by stage (the lexicographic classes, or the weighted sum).
AllocationSolution solveStaged(const AllocationInstance& instance, const AllocationSolveOptions& options) {
  const OptionIndex index(instance);
  AllocationSolution result;
  const std::size_t optionCount = instance.options.size();
  if (optionCount == 0) {  // nothing to choose: every project unplaced, trivially optimal
    result.status = AllocationSolution::Status::Optimal;
    result.optionOfProject.assign(instance.projects.size(), std::nullopt);
    result.objectiveValues = allocationObjectiveValues(instance, result.optionOfProject, options.objective);
    return result;
  }
  // The plan so far. Before the first stage, the greedy plan (pins first, then each project its best
  // free site): a start that CBC improves on, that often already reaches a stage's bound, and that a
  // stage CBC ends without a solution keeps, rather than the pins alone. It is only a start: every
  // stage is still solved to optimality or said not to be.
  std::vector<double> solution(optionCount, 0.0);
  for (std::size_t o : instance.pinnedOptions) solution[o] = 1.0;
  bool startFeasible = false;
  {
    const AllocationSolution greedy = solveAllocationGreedily(instance);
    std::vector<double> greedyPlan(optionCount, 0.0);
    for (const auto& chosen : greedy.optionOfProject)
      if (chosen) greedyPlan[*chosen] = 1.0;
    if (greedy.status != AllocationSolution::Status::Infeasible && keepsConstraints(instance, index, greedyPlan)) {
      solution = std::move(greedyPlan);
      startFeasible = true;
    }
  }

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
    const std::vector<double>& objective = stages[s].objective;
    const bool empty = std::all_of(objective.begin(), objective.end(), [](double c) { return c == 0; });
    if (empty && (solvedOnce || s + 1 < stages.size())) {
      result.objectiveValues.push_back(0);
      continue;  // a class without options: nothing to optimise, and the next stage keeps the bounds
    }
    // No plan can do better than every project on its best option: when the plan so far (feasible,
    // and within every earlier stage's bound) already reaches that, the stage is solved as it stands.
    double upperBound = 0, startValue = 0;
    for (const auto& projectOptions : index.byProject) {
      double best = 0;
      for (std::size_t o : projectOptions) best = std::max(best, objective[o]);
      upperBound += best;
    }
    for (std::size_t o = 0; o < optionCount; ++o) startValue += objective[o] * solution[o];
    if (startValue >= upperBound - 1e-12 * (1 + std::abs(upperBound)) && (solvedOnce || startFeasible)) {
      ++result.effort.stagesAtBound;
      solvedOnce = true;
      result.objectiveValues.push_back(startValue);
      const bool placementStage = options.objective == AllocationObjective::Lexicographic && s % 2 == 0;
      bounds.push_back({objective, placementStage ? std::round(startValue) : startValue - kScoreTolerance});
      continue;
    }
    // Each stage starts from the plan so far, which satisfies every bound so far.
    ++result.effort.stagesByCbc;
    StageOutcome outcome = solveStage(instance, index, stages[s], bounds, options.secondsLimit, &solution);
    if (outcome.status == AllocationSolution::Status::Infeasible && (solvedOnce || startFeasible || instance.pinnedOptions.empty())) {
      // The earlier plan is feasible for this stage by construction, so "infeasible" here is CBC
      // stopping without a better solution (time) or a tolerance artefact: keep the earlier plan,
      // and do not call the result optimal.
      ++result.effort.stagesWithoutSolution;
      outcome.status = AllocationSolution::Status::Feasible;
      outcome.solution = solution;
      outcome.value = 0;
      for (std::size_t o = 0; o < optionCount; ++o) outcome.value += objective[o] * solution[o];
    } else if (outcome.status == AllocationSolution::Status::Feasible) {
      ++result.effort.stagesAtTimeLimit;
    }
    if (outcome.status == AllocationSolution::Status::Infeasible) {
      result.status = AllocationSolution::Status::Infeasible;
      result.optionOfProject.assign(instance.projects.size(), std::nullopt);
      return result;
    }
    solvedOnce = true;
    if (outcome.status == AllocationSolution::Status::Feasible) result.status = AllocationSolution::Status::Feasible;
    result.gap = std::max(result.gap, outcome.gap);
    solution = outcome.solution;
    result.objectiveValues.push_back(outcome.value);
    // Placements are integers and kept exactly; scores keep their optimum less a tolerance.
    const bool placementStage = options.objective == AllocationObjective::Lexicographic && s % 2 == 0;
    bounds.push_back({objective, placementStage ? std::round(outcome.value) : outcome.value - kScoreTolerance});
  }
  result.optionOfProject = choicesFrom(instance, solution);
  return result;
}

// A component of one project: nothing competes with it, so its best option (under either objective:
// placed beats unplaced, then the higher score; the first in option order among equals), or its pin.
AllocationSolution solveAlone(const AllocationInstance& instance) {
  AllocationSolution result;
  result.optionOfProject.assign(instance.projects.size(), std::nullopt);
  const auto fits = [&](std::size_t o) {
    const AllocationInstance::Site& site = instance.sites[instance.options[o].site];
    return !site.floorCapacitySquareMetres || instance.projects[instance.options[o].project].floorNeedSquareMetres <= *site.floorCapacitySquareMetres + 1e-9;
  };
  const std::set<std::size_t> pins(instance.pinnedOptions.begin(), instance.pinnedOptions.end());
  if (!pins.empty()) {
    if (pins.size() > 1 || !fits(*pins.begin())) return result;  // two sites pinned to one project, or a floor too small: infeasible
    result.status = AllocationSolution::Status::Optimal;
    result.optionOfProject[instance.options[*pins.begin()].project] = *pins.begin();
    return result;
  }
  std::optional<std::size_t> best;
  for (std::size_t o = 0; o < instance.options.size(); ++o)
    if (fits(o) && (!best || instance.options[o].score > instance.options[*best].score)) best = o;
  if (best) result.optionOfProject[instance.options[*best].project] = best;
  result.status = AllocationSolution::Status::Optimal;
  return result;
}

// The part of the instance that concerns these projects (ascending): their options in the same
// order, the sites those options name, the pins among them.
struct SubInstance {
  AllocationInstance instance;
  std::vector<std::size_t> optionOrigin;  // sub option -> option of the whole
};

SubInstance subInstance(const AllocationInstance& whole, const std::vector<std::size_t>& projects, const std::vector<std::size_t>& options) {
  SubInstance sub;
  sub.instance.classCount = whole.classCount;
  sub.instance.classWeights = whole.classWeights;
  std::map<std::size_t, std::size_t> projectIndex, siteIndex, optionIndex;
  for (std::size_t p : projects) {
    projectIndex[p] = sub.instance.projects.size();
    sub.instance.projects.push_back(whole.projects[p]);
  }
  for (std::size_t o : options) {
    const AllocationInstance::Option& option = whole.options[o];
    auto [site, inserted] = siteIndex.emplace(option.site, sub.instance.sites.size());
    if (inserted) sub.instance.sites.push_back(whole.sites[option.site]);
    optionIndex[o] = sub.instance.options.size();
    sub.instance.options.push_back({projectIndex.at(option.project), site->second, option.score});
    sub.optionOrigin.push_back(o);
  }
  for (std::size_t o : whole.pinnedOptions)
    if (const auto found = optionIndex.find(o); found != optionIndex.end()) sub.instance.pinnedOptions.push_back(found->second);
  return sub;
}

}  // namespace

std::vector<std::vector<std::size_t>> allocationComponents(const AllocationInstance& instance) {
  // Union-find over projects; each land unit and each building remembers the first project that wants it.
  std::vector<std::size_t> parent(instance.projects.size());
  std::iota(parent.begin(), parent.end(), 0);
  const auto root = [&](std::size_t p) {
    while (parent[p] != p) p = parent[p] = parent[parent[p]];
    return p;
  };
  const auto link = [&](std::size_t a, std::size_t b) {
    a = root(a), b = root(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  };
  std::map<std::string, std::size_t> unitWantedBy;
  std::vector<std::optional<std::size_t>> buildingWantedBy(instance.sites.size());
  for (const AllocationInstance::Option& option : instance.options) {
    if (option.project >= instance.projects.size() || option.site >= instance.sites.size())
      throw Error(ErrorCode::Internal, "allocation option refers to an unknown project or site");
    const AllocationInstance::Site& site = instance.sites[option.site];
    if (site.floorCapacitySquareMetres) {
      if (buildingWantedBy[option.site]) link(*buildingWantedBy[option.site], option.project);
      else buildingWantedBy[option.site] = option.project;
      continue;
    }
    // As OptionIndex counts them: a site without land units occupies itself.
    const std::vector<std::string> self{site.id};
    for (const std::string& unit : site.landUnits.empty() ? self : site.landUnits) {
      const auto [found, inserted] = unitWantedBy.emplace(unit, option.project);
      if (!inserted) link(found->second, option.project);
    }
  }
  std::map<std::size_t, std::vector<std::size_t>> byRoot;  // a root is its component's smallest project
  for (std::size_t p = 0; p < instance.projects.size(); ++p) byRoot[root(p)].push_back(p);
  std::vector<std::vector<std::size_t>> components;
  for (auto& [first, members] : byRoot) components.push_back(std::move(members));
  return components;
}

AllocationSolution solveAllocationExactly(const AllocationInstance& instance, const AllocationSolveOptions& options) {
  const auto started = Clock::now();
  AllocationSolution result;
  if (options.decomposition == AllocationDecomposition::Whole) {
    result = solveStaged(instance, options);
    result.effort.components = 1;
    result.effort.componentsByCbc = 1;
  } else {
    const std::vector<std::vector<std::size_t>> components = allocationComponents(instance);
    std::vector<std::vector<std::size_t>> optionsOfComponent(components.size());
    {
      std::vector<std::size_t> componentOf(instance.projects.size());
      for (std::size_t c = 0; c < components.size(); ++c)
        for (std::size_t p : components[c]) componentOf[p] = c;
      for (std::size_t o = 0; o < instance.options.size(); ++o) optionsOfComponent[componentOf[instance.options[o].project]].push_back(o);
    }
    result.status = AllocationSolution::Status::Optimal;
    result.optionOfProject.assign(instance.projects.size(), std::nullopt);
    result.effort.components = components.size();
    for (std::size_t c = 0; c < components.size(); ++c) {
      const SubInstance sub = subInstance(instance, components[c], optionsOfComponent[c]);
      const bool alone = components[c].size() == 1;
      const AllocationSolution part = alone ? solveAlone(sub.instance) : solveStaged(sub.instance, options);
      if (part.status == AllocationSolution::Status::Infeasible) {  // conflicting pins
        result.status = AllocationSolution::Status::Infeasible;
        result.optionOfProject.assign(instance.projects.size(), std::nullopt);
        break;
      }
      if (part.status == AllocationSolution::Status::Feasible) result.status = AllocationSolution::Status::Feasible;
      result.gap = std::max(result.gap, part.gap);
      result.effort.componentsByCbc += alone ? 0 : 1;
      result.effort.stagesByCbc += part.effort.stagesByCbc;
      result.effort.stagesAtBound += part.effort.stagesAtBound;
      result.effort.stagesAtTimeLimit += part.effort.stagesAtTimeLimit;
      result.effort.stagesWithoutSolution += part.effort.stagesWithoutSolution;
      for (std::size_t i = 0; i < components[c].size(); ++i)
        if (const auto& chosen = part.optionOfProject[i]) result.optionOfProject[components[c][i]] = sub.optionOrigin[*chosen];
    }
  }
  result.solver = "CBC " + detail::MilpModel::version() + " (MILP)";
  // The values of the final solution (a later stage may not lower an earlier one's, but say what is).
  result.objectiveValues = result.status == AllocationSolution::Status::Infeasible ? std::vector<double>{}
                                                                                   : allocationObjectiveValues(instance, result.optionOfProject, options.objective);
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
