// The allocation model on hand-made instances whose answers are known, and the exact solver
// cross-checked against two independent ones on random small instances: brute force over every
// assignment (both objectives) and GLPK's glpsol on the same model written as an LP file (weighted).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <sstream>

#include "landbank/allocation.h"
#include "test_support.h"

using namespace landbank;
using namespace landbank::test;

namespace {

// Instances are written as: projects with a class (0 = major), parcels (sites with one land unit
// named like the site), buildings with a floor capacity, and options "project site score".
struct Builder {
  AllocationInstance instance;

  explicit Builder(std::size_t classes = 2) {
    instance.classCount = classes;
    instance.classWeights.assign(classes, 1.0);
    for (std::size_t c = 0; c < classes; ++c) instance.classWeights[c] = std::pow(10.0, static_cast<double>(classes - 1 - c));
  }
  std::size_t project(const std::string& id, std::size_t cls, double floorNeed = 0) {
    instance.projects.push_back({id, cls, floorNeed});
    return instance.projects.size() - 1;
  }
  std::size_t parcel(const std::string& id, std::vector<std::string> units = {}) {
    AllocationInstance::Site site;
    site.id = id;
    site.landUnits = units.empty() ? std::vector<std::string>{id} : units;
    site.areaSquareMetres = 10000;
    instance.sites.push_back(site);
    return instance.sites.size() - 1;
  }
  std::size_t building(const std::string& id, double floor) {
    AllocationInstance::Site site;
    site.id = id;
    site.kind = CandidateKind::Building;
    site.floorCapacitySquareMetres = floor;
    instance.sites.push_back(site);
    return instance.sites.size() - 1;
  }
  std::size_t option(std::size_t project, std::size_t site, double score) {
    instance.options.push_back({project, site, score});
    return instance.options.size() - 1;
  }
};

// Site id each project got ("-" when unplaced).
std::vector<std::string> sitesOf(const AllocationInstance& instance, const AllocationSolution& solution) {
  std::vector<std::string> sites;
  for (const auto& chosen : solution.optionOfProject)
    sites.push_back(chosen ? instance.sites[instance.options[*chosen].site].id : "-");
  return sites;
}

bool feasible(const AllocationInstance& instance, const std::vector<std::optional<std::size_t>>& chosen) {
  std::set<std::string> units;
  std::vector<double> floor(instance.sites.size(), 0.0);
  for (std::size_t p = 0; p < chosen.size(); ++p) {
    if (!chosen[p]) continue;
    const auto& option = instance.options[*chosen[p]];
    if (option.project != p) return false;
    const auto& site = instance.sites[option.site];
    if (site.floorCapacitySquareMetres) {
      floor[option.site] += instance.projects[p].floorNeedSquareMetres;
      if (floor[option.site] > *site.floorCapacitySquareMetres + 1e-9) return false;
    } else {
      for (const std::string& unit : site.landUnits)
        if (!units.insert(unit).second) return false;
    }
  }
  for (std::size_t o : instance.pinnedOptions)
    if (chosen[instance.options[o].project] != o) return false;
  return true;
}

// Lexicographic comparison of objective vectors with a tolerance for score sums.
int compareValues(const std::vector<double>& a, const std::vector<double>& b) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] > b[i] + 1e-9) return 1;
    if (a[i] < b[i] - 1e-9) return -1;
  }
  return 0;
}

// Every assignment tried: the independent answer for small instances.
std::optional<std::vector<double>> bruteForceBest(const AllocationInstance& instance, AllocationObjective objective) {
  std::vector<std::vector<std::size_t>> byProject(instance.projects.size());
  for (std::size_t o = 0; o < instance.options.size(); ++o) byProject[instance.options[o].project].push_back(o);
  std::vector<std::optional<std::size_t>> chosen(instance.projects.size());
  std::optional<std::vector<double>> best;
  std::function<void(std::size_t)> visit = [&](std::size_t p) {
    if (p == instance.projects.size()) {
      if (!feasible(instance, chosen)) return;
      const std::vector<double> values = allocationObjectiveValues(instance, chosen, objective);
      if (!best || compareValues(values, *best) > 0) best = values;
      return;
    }
    chosen[p] = std::nullopt;
    visit(p + 1);
    for (std::size_t o : byProject[p]) {
      chosen[p] = o;
      visit(p + 1);
    }
    chosen[p] = std::nullopt;
  };
  visit(0);
  return best;
}

AllocationInstance randomInstance(std::mt19937& random) {
  std::uniform_int_distribution<int> projects(1, 5), parcels(1, 4), buildings(0, 1), classes(1, 3), coin(0, 99);
  std::uniform_real_distribution<double> score(0.0, 1.0);
  Builder b(static_cast<std::size_t>(classes(random)));
  const int projectCount = projects(random);
  for (int p = 0; p < projectCount; ++p)
    b.project("P" + std::to_string(p), static_cast<std::size_t>(coin(random)) % b.instance.classCount, 100.0 * (1 + coin(random) % 5));
  const int parcelCount = parcels(random);
  for (int s = 0; s < parcelCount; ++s) b.parcel("S" + std::to_string(s));
  if (parcelCount >= 2 && coin(random) < 40) b.parcel("S0+S1", {"S0", "S1"});  // an assembly excludes its members
  if (buildings(random)) b.building("B0", 100.0 * (2 + coin(random) % 6));
  for (std::size_t p = 0; p < b.instance.projects.size(); ++p)
    for (std::size_t s = 0; s < b.instance.sites.size(); ++s)
      if (coin(random) < 55) b.option(p, s, std::round(score(random) * 1000) / 1000);
  if (!b.instance.options.empty() && coin(random) < 15) b.instance.pinnedOptions.push_back(static_cast<std::size_t>(coin(random)) % b.instance.options.size());
  return b.instance;
}

// The weighted model in CPLEX LP format, for glpsol.
std::string lpText(const AllocationInstance& instance) {
  std::ostringstream lp;
  lp.precision(12);
  lp << "Maximize\n obj:";
  for (std::size_t o = 0; o < instance.options.size(); ++o) {
    const auto& option = instance.options[o];
    lp << " + " << instance.classWeights[instance.projects[option.project].priorityClass] * (1.0 + option.score) << " x" << o;
  }
  lp << "\nSubject To\n";
  int row = 0;
  for (std::size_t p = 0; p < instance.projects.size(); ++p) {
    std::string terms;
    for (std::size_t o = 0; o < instance.options.size(); ++o)
      if (instance.options[o].project == p) terms += " + x" + std::to_string(o);
    if (!terms.empty()) lp << " r" << row++ << ":" << terms << " <= 1\n";
  }
  std::map<std::string, std::string> units;
  for (std::size_t o = 0; o < instance.options.size(); ++o) {
    const auto& site = instance.sites[instance.options[o].site];
    if (!site.floorCapacitySquareMetres)
      for (const std::string& unit : site.landUnits) units[unit] += " + x" + std::to_string(o);
  }
  for (const auto& [unit, terms] : units) lp << " r" << row++ << ":" << terms << " <= 1\n";
  for (std::size_t s = 0; s < instance.sites.size(); ++s) {
    if (!instance.sites[s].floorCapacitySquareMetres) continue;
    std::ostringstream terms;
    for (std::size_t o = 0; o < instance.options.size(); ++o)
      if (instance.options[o].site == s) terms << " + " << instance.projects[instance.options[o].project].floorNeedSquareMetres << " x" << o;
    if (!terms.str().empty()) lp << " r" << row++ << ":" << terms.str() << " <= " << *instance.sites[s].floorCapacitySquareMetres << "\n";
  }
  for (std::size_t o : instance.pinnedOptions) lp << " r" << row++ << ": x" << o << " = 1\n";
  lp << "Binary\n";
  for (std::size_t o = 0; o < instance.options.size(); ++o) lp << " x" << o << "\n";
  lp << "End\n";
  return lp.str();
}

// glpsol's optimum of the LP file (nullopt when it reports the problem infeasible).
std::optional<double> glpsolOptimum(const TempDir& dir, const AllocationInstance& instance) {
  writeTextFile(dir / "model.lp", lpText(instance));
  const std::string command = "glpsol --lp '" + (dir / "model.lp").string() + "' -o '" + (dir / "model.out").string() + "' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) return std::nullopt;
  std::istringstream out(readTextFile(dir / "model.out"));
  std::optional<double> value;
  bool infeasible = false;
  for (std::string line; std::getline(out, line);) {
    if (line.find("INTEGER EMPTY") != std::string::npos || line.find("INFEASIBLE") != std::string::npos) infeasible = true;
    if (line.rfind("Objective:", 0) == 0) {
      const auto equals = line.find('=');
      if (equals != std::string::npos) value = std::strtod(line.c_str() + equals + 1, nullptr);
    }
  }
  if (infeasible) return std::nullopt;
  return value;
}

}  // namespace

TEST(AllocationModel, CrossedPreferencesGreedyLeavesOneOutTheOptimumPlacesBoth) {
  // P1 likes A best but can live with B; P2 can only use A. Greedy hands A to P1 and strands P2.
  Builder b(1);
  const auto p1 = b.project("P1", 0), p2 = b.project("P2", 0);
  const auto a = b.parcel("A"), bb = b.parcel("B");
  b.option(p1, a, 0.9);
  b.option(p1, bb, 0.5);
  b.option(p2, a, 0.8);
  const AllocationSolution greedy = solveAllocationGreedily(b.instance);
  EXPECT_EQ(sitesOf(b.instance, greedy), (std::vector<std::string>{"A", "-"}));
  const AllocationSolution exact = solveAllocationExactly(b.instance);
  EXPECT_EQ(exact.status, AllocationSolution::Status::Optimal);
  EXPECT_EQ(sitesOf(b.instance, exact), (std::vector<std::string>{"B", "A"}));
  EXPECT_NEAR(exact.objectiveValues[0], 2, 1e-9);
  EXPECT_NEAR(exact.objectiveValues[1], 1.3, 1e-9);
}

TEST(AllocationModel, CrossedScoresTheOptimumBeatsGreedyOnTotalScore) {
  Builder b(1);
  const auto p1 = b.project("P1", 0), p2 = b.project("P2", 0);
  const auto a = b.parcel("A"), bb = b.parcel("B");
  b.option(p1, a, 0.9);
  b.option(p1, bb, 0.8);
  b.option(p2, a, 0.85);
  b.option(p2, bb, 0.1);
  EXPECT_EQ(sitesOf(b.instance, solveAllocationGreedily(b.instance)), (std::vector<std::string>{"A", "B"}));  // 1.0 in all
  const AllocationSolution exact = solveAllocationExactly(b.instance);
  EXPECT_EQ(sitesOf(b.instance, exact), (std::vector<std::string>{"B", "A"}));  // 1.65 in all
  EXPECT_NEAR(exact.objectiveValues[1], 1.65, 1e-9);
}

TEST(AllocationModel, AMajorProjectDisplacesAMinorOneOnlyUnderTheLexicographicObjective) {
  // One parcel; the major project scores low on it, the minor one high. Class weights 1.5 and 1:
  // weighted 1.5 x 1.1 = 1.65 < 1 x 1.9 = 1.9, so the weighted plan gives it to the minor project.
  Builder b(2);
  b.instance.classWeights = {1.5, 1.0};
  const auto major = b.project("M", 0), minor = b.project("m", 1);
  const auto a = b.parcel("A");
  b.option(major, a, 0.1);
  b.option(minor, a, 0.9);
  EXPECT_EQ(sitesOf(b.instance, solveAllocationExactly(b.instance, {.objective = AllocationObjective::Lexicographic})),
            (std::vector<std::string>{"A", "-"}));
  EXPECT_EQ(sitesOf(b.instance, solveAllocationExactly(b.instance, {.objective = AllocationObjective::Weighted})),
            (std::vector<std::string>{"-", "A"}));
}

TEST(AllocationModel, ABuildingIsSharedUntilItsFloorRunsOut) {
  Builder b(1);
  const auto building = b.building("F1", 1000);
  for (const auto& [id, need] : std::vector<std::pair<std::string, double>>{{"P1", 600}, {"P2", 300}, {"P3", 300}})
    b.option(b.project(id, 0, need), building, 0.5);
  const AllocationSolution exact = solveAllocationExactly(b.instance);
  EXPECT_EQ(exact.objectiveValues[0], 2);  // 600 + 300 fits, 600 + 300 + 300 does not; 300 + 300 is also 2
  double used = 0;
  for (std::size_t p = 0; p < 3; ++p)
    if (exact.optionOfProject[p]) used += b.instance.projects[p].floorNeedSquareMetres;
  EXPECT_LE(used, 1000);
  // With 1,200 m² all three fit.
  b.instance.sites[building].floorCapacitySquareMetres = 1200;
  EXPECT_EQ(solveAllocationExactly(b.instance).objectiveValues[0], 3);
}

TEST(AllocationModel, PinsHoldAndConflictingPinsAreInfeasible) {
  Builder b(1);
  const auto p1 = b.project("P1", 0), p2 = b.project("P2", 0);
  const auto a = b.parcel("A"), bb = b.parcel("B");
  const auto p1a = b.option(p1, a, 0.9);
  b.option(p1, bb, 0.8);
  const auto p2a = b.option(p2, a, 0.85);
  b.option(p2, bb, 0.1);
  b.instance.pinnedOptions = {p1a};
  EXPECT_EQ(sitesOf(b.instance, solveAllocationExactly(b.instance)), (std::vector<std::string>{"A", "B"}));
  b.instance.pinnedOptions = {p1a, p2a};
  EXPECT_EQ(solveAllocationExactly(b.instance).status, AllocationSolution::Status::Infeasible);
}

TEST(AllocationModel, AnAssemblyAndItsMemberAreNeverBothAssigned) {
  Builder b(1);
  const auto big = b.project("BIG", 0), small = b.project("SMALL", 0);
  const auto a = b.parcel("A");
  b.parcel("B");
  const auto ab = b.parcel("A+B", {"A", "B"});
  b.option(big, ab, 0.9);
  b.option(small, a, 0.9);
  const AllocationSolution exact = solveAllocationExactly(b.instance);
  EXPECT_EQ(exact.objectiveValues[0], 1);
}

TEST(AllocationModel, NoOptionsMeansEveryoneUnplacedAndOptimal) {
  Builder b(2);
  b.project("P1", 0);
  b.parcel("A");
  const AllocationSolution exact = solveAllocationExactly(b.instance);
  EXPECT_EQ(exact.status, AllocationSolution::Status::Optimal);
  EXPECT_EQ(sitesOf(b.instance, exact), (std::vector<std::string>{"-"}));
}

TEST(AllocationModel, OptimalOnTwoHundredRandomInstancesAgainstBruteForceAndGlpsol) {
  std::mt19937 random(20261202);
  TempDir dir;
  int compared = 0, infeasible = 0, greedyWorse = 0;
  for (int i = 0; i < 220; ++i) {
    const AllocationInstance instance = randomInstance(random);
    for (AllocationObjective objective : {AllocationObjective::Lexicographic, AllocationObjective::Weighted}) {
      const AllocationSolution exact = solveAllocationExactly(instance, {.objective = objective});
      const auto best = bruteForceBest(instance, objective);
      if (!best) {
        EXPECT_EQ(exact.status, AllocationSolution::Status::Infeasible) << "instance " << i;
        ++infeasible;
        continue;
      }
      ASSERT_EQ(exact.status, AllocationSolution::Status::Optimal) << "instance " << i;
      EXPECT_TRUE(feasible(instance, exact.optionOfProject)) << "instance " << i;
      EXPECT_EQ(compareValues(exact.objectiveValues, *best), 0) << "instance " << i << " objective " << static_cast<int>(objective);
      if (objective == AllocationObjective::Weighted && instance.options.empty()) {
        EXPECT_EQ(exact.objectiveValues[0], 0);  // nothing for glpsol to read: an LP file needs a variable
      } else if (objective == AllocationObjective::Weighted) {
        const auto glpk = glpsolOptimum(dir, instance);
        ASSERT_TRUE(glpk.has_value()) << "glpsol found no optimum for instance " << i << ":\n" << lpText(instance);
        EXPECT_NEAR(*glpk, exact.objectiveValues[0], 1e-6 * (1 + std::abs(*glpk))) << "instance " << i;
      } else {
        const AllocationSolution greedy = solveAllocationGreedily(instance);
        if (greedy.status != AllocationSolution::Status::Infeasible && compareValues(greedy.objectiveValues, *best) < 0) ++greedyWorse;
        if (greedy.status != AllocationSolution::Status::Infeasible) {
          EXPECT_LE(compareValues(greedy.objectiveValues, *best), 0);
        }
      }
      ++compared;
    }
  }
  EXPECT_GE(compared, 400);
  EXPECT_GT(greedyWorse, 0) << "the random instances should include some where greedy is not optimal";
  std::cout << "compared " << compared << " solutions, " << infeasible << " infeasible pin sets, greedy worse on " << greedyWorse << "\n";
}

namespace {

// The instance restricted to the options keptOptionPositions keeps (sites as they are; the model
// only reads sites through options). Options of a project must be in rank order (score not
// increasing) and, for buildings, fit the floor on their own, as match's candidates do.
AllocationInstance reduced(const AllocationInstance& instance, std::size_t* removed = nullptr) {
  std::vector<std::vector<std::size_t>> byProject(instance.projects.size());
  for (std::size_t o = 0; o < instance.options.size(); ++o) byProject[instance.options[o].project].push_back(o);
  std::map<std::string, std::size_t> unitIds;
  std::vector<std::vector<std::size_t>> siteUnits;
  for (const auto& site : instance.sites) {
    const std::vector<std::string> units = site.floorCapacitySquareMetres ? std::vector<std::string>{"building:" + site.id} : site.landUnits;
    std::vector<std::size_t> ids;
    for (const std::string& unit : units) ids.push_back(unitIds.emplace(unit, unitIds.size()).first->second);
    siteUnits.push_back(ids);
  }
  std::vector<RankedOptions> ranked(instance.projects.size());
  for (std::size_t p = 0; p < byProject.size(); ++p)
    for (std::size_t o : byProject[p]) {
      ranked[p].sites.push_back(instance.options[o].site);
      ranked[p].pinned.push_back(std::find(instance.pinnedOptions.begin(), instance.pinnedOptions.end(), o) != instance.pinnedOptions.end());
    }
  const auto kept = keptOptionPositions(siteUnits, ranked);
  AllocationInstance result = instance;
  result.options.clear();
  result.pinnedOptions.clear();
  for (std::size_t p = 0; p < byProject.size(); ++p)
    for (std::size_t k : kept[p]) {
      const std::size_t o = byProject[p][k];
      if (std::find(instance.pinnedOptions.begin(), instance.pinnedOptions.end(), o) != instance.pinnedOptions.end())
        result.pinnedOptions.push_back(result.options.size());
      result.options.push_back(instance.options[o]);
    }
  if (removed) *removed = instance.options.size() - result.options.size();
  return result;
}

// Projects in two neighbourhoods that only want their own parcels (few competitors: strong
// reduction), assemblies of two or three parcels, a building, tied scores, sometimes a pin; each
// project's options in rank order, as match gives them.
AllocationInstance competingInstance(std::mt19937& random) {
  std::uniform_int_distribution<int> projects(2, 6), parcels(2, 4), classes(1, 2), coin(0, 99);
  Builder b(static_cast<std::size_t>(classes(random)));
  const int projectCount = projects(random);
  for (int p = 0; p < projectCount; ++p)
    b.project("P" + std::to_string(p), static_cast<std::size_t>(coin(random)) % b.instance.classCount, 100.0 * (1 + coin(random) % 3));
  std::vector<std::vector<std::size_t>> sitesOfSide(2);
  for (int side = 0; side < 2; ++side) {
    const std::string prefix = side == 0 ? "W" : "E";
    const int count = parcels(random);
    for (int s = 0; s < count; ++s) sitesOfSide[side].push_back(b.parcel(prefix + std::to_string(s)));
    if (count >= 2 && coin(random) < 60) sitesOfSide[side].push_back(b.parcel(prefix + "0+" + prefix + "1", {prefix + "0", prefix + "1"}));
    if (count >= 3 && coin(random) < 50)
      sitesOfSide[side].push_back(b.parcel(prefix + "0+" + prefix + "1+" + prefix + "2", {prefix + "0", prefix + "1", prefix + "2"}));
  }
  const std::size_t building = coin(random) < 40 ? b.building("B0", 100.0 * (3 + coin(random) % 4)) : b.instance.sites.size();
  for (std::size_t p = 0; p < b.instance.projects.size(); ++p) {
    // Most projects stay on one side; a few want both (they connect the neighbourhoods).
    const int side = coin(random) % 2;
    const bool both = coin(random) < 20;
    std::vector<std::pair<double, std::size_t>> wanted;
    for (int s = 0; s < 2; ++s) {
      if (s != side && !both) continue;
      for (std::size_t site : sitesOfSide[s])
        if (coin(random) < 70) wanted.push_back({std::round(coin(random) / 25.0) / 4.0, site});  // scores 0, .25, ... : ties
    }
    if (building < b.instance.sites.size() && coin(random) < 50 && b.instance.projects[p].floorNeedSquareMetres <= *b.instance.sites[building].floorCapacitySquareMetres)
      wanted.push_back({std::round(coin(random) / 25.0) / 4.0, building});
    std::stable_sort(wanted.begin(), wanted.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    for (const auto& [score, site] : wanted) b.option(p, site, score);
  }
  if (!b.instance.options.empty() && coin(random) < 15) b.instance.pinnedOptions.push_back(static_cast<std::size_t>(coin(random)) % b.instance.options.size());
  return b.instance;
}

}  // namespace

TEST(AllocationReduction, IsolatedProjectsKeepTheirBestCompetingOnesKeepEnoughDisjointOnes) {
  Builder b;
  const auto p0 = b.project("P0", 0), p1 = b.project("P1", 0), p2 = b.project("P2", 1);
  const auto a = b.parcel("A"), bb = b.parcel("B"), c = b.parcel("C"), d = b.parcel("D"), e = b.parcel("E"), f = b.parcel("F");
  const auto ab = b.parcel("A+B", {"A", "B"});
  // P0: A+B, A, B, C. P1: D, E (nobody else wants them). P2: A, F.
  b.option(p0, ab, 0.95), b.option(p0, a, 0.9), b.option(p0, bb, 0.8), b.option(p0, c, 0.7);
  b.option(p1, d, 0.9), b.option(p1, e, 0.5);
  b.option(p2, a, 0.6), b.option(p2, f, 0.5);
  std::size_t removed = 0;
  const AllocationInstance small = reduced(b.instance, &removed);
  std::vector<std::string> kept;
  for (const auto& option : small.options) kept.push_back(b.instance.projects[option.project].id + ":" + b.instance.sites[option.site].id);
  // P0's competitor P2 holds at most one unit: P0 keeps options until two share no parcel (A+B,
  // then C: A and B overlap A+B). P1 has no competitor: its best alone. P2's competitor P0 holds up
  // to two units (A+B): P2 keeps three disjoint options, i.e. all it has.
  EXPECT_EQ(kept, (std::vector<std::string>{"P0:A+B", "P0:A", "P0:B", "P0:C", "P1:D", "P2:A", "P2:F"}));
  EXPECT_EQ(removed, 1u);
  for (AllocationObjective objective : {AllocationObjective::Lexicographic, AllocationObjective::Weighted})
    EXPECT_EQ(compareValues(solveAllocationExactly(small, {.objective = objective}).objectiveValues, *bruteForceBest(b.instance, objective)), 0);
}

TEST(AllocationReduction, KeptOptionsReachTheFullOptimumOnThreeHundredCompetingInstances) {
  std::mt19937 random(20261203);
  std::size_t compared = 0, removedTotal = 0, instancesReduced = 0;
  for (int i = 0; i < 300; ++i) {
    const AllocationInstance instance = competingInstance(random);
    std::size_t removed = 0;
    const AllocationInstance small = reduced(instance, &removed);
    removedTotal += removed;
    instancesReduced += removed > 0 ? 1 : 0;
    for (AllocationObjective objective : {AllocationObjective::Lexicographic, AllocationObjective::Weighted}) {
      const auto best = bruteForceBest(instance, objective);  // over every option: the independent answer
      const AllocationSolution exact = solveAllocationExactly(small, {.objective = objective});
      if (!best) {
        EXPECT_EQ(exact.status, AllocationSolution::Status::Infeasible) << "instance " << i;
        continue;
      }
      ASSERT_EQ(exact.status, AllocationSolution::Status::Optimal) << "instance " << i;
      EXPECT_EQ(compareValues(exact.objectiveValues, *best), 0) << "instance " << i << " objective " << static_cast<int>(objective);
      const auto bestReduced = bruteForceBest(small, objective);
      ASSERT_TRUE(bestReduced.has_value()) << "instance " << i;
      EXPECT_EQ(compareValues(*bestReduced, *best), 0) << "instance " << i << ": brute force over the kept options";
      // Greedy (each project's best free site) finds the same plan from the kept options.
      if (objective == AllocationObjective::Lexicographic) {
        const AllocationSolution greedyAll = solveAllocationGreedily(instance), greedyKept = solveAllocationGreedily(small);
        if (greedyAll.status != AllocationSolution::Status::Infeasible) {
          EXPECT_EQ(compareValues(greedyKept.objectiveValues, greedyAll.objectiveValues), 0) << "instance " << i;
        }
      }
      ++compared;
    }
  }
  EXPECT_GE(compared, 500u);
  EXPECT_GE(instancesReduced, 100u) << "the instances must exercise the reduction";
  std::cout << "compared " << compared << " optima; " << removedTotal << " options removed in " << instancesReduced << " instances\n";
}

namespace {

// Several neighbourhoods, each with its own parcels (and sometimes an assembly of two of them) and
// projects that want only their own; a building that projects of different neighbourhoods share
// sometimes (it links them into one component), a parcel held out of the round sometimes (its
// options dropped, as planAllocation drops them), pins sometimes (conflicting ones too), tied scores.
AllocationInstance instanceOfNeighbourhoods(std::mt19937& random) {
  std::uniform_int_distribution<int> neighbourhoods(2, 4), projects(1, 3), parcels(1, 3), classes(1, 3), coin(0, 99);
  Builder b(static_cast<std::size_t>(classes(random)));
  const std::size_t building = coin(random) < 50 ? b.building("B0", 100.0 * (2 + coin(random) % 4)) : std::size_t(-1);
  const int count = neighbourhoods(random);
  for (int n = 0; n < count; ++n) {
    const std::string prefix = "N" + std::to_string(n) + "-";
    std::vector<std::size_t> sites;
    const int parcelCount = parcels(random);
    for (int s = 0; s < parcelCount; ++s) sites.push_back(b.parcel(prefix + std::to_string(s)));
    if (parcelCount >= 2 && coin(random) < 40) sites.push_back(b.parcel(prefix + "0+" + prefix + "1", {prefix + "0", prefix + "1"}));
    const std::string held = coin(random) < 20 ? prefix + "0" : "";
    const int projectCount = projects(random);
    for (int p = 0; p < projectCount; ++p) {
      const std::size_t project = b.project(prefix + "P" + std::to_string(p), static_cast<std::size_t>(coin(random)) % b.instance.classCount,
                                            100.0 * (1 + coin(random) % 3));
      std::vector<std::pair<double, std::size_t>> wanted;
      for (std::size_t site : sites) {
        const auto& units = b.instance.sites[site].landUnits;
        if (!held.empty() && std::find(units.begin(), units.end(), held) != units.end()) continue;
        if (coin(random) < 70) wanted.push_back({std::round(coin(random) / 25.0) / 4.0, site});
      }
      if (building != std::size_t(-1) && coin(random) < 35) wanted.push_back({std::round(coin(random) / 25.0) / 4.0, building});
      std::stable_sort(wanted.begin(), wanted.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
      for (const auto& [score, site] : wanted) b.option(project, site, score);
    }
  }
  const int pins = coin(random) < 30 ? 1 + coin(random) % 2 : 0;
  for (int i = 0; i < pins && !b.instance.options.empty(); ++i)
    b.instance.pinnedOptions.push_back(static_cast<std::size_t>(coin(random)) % b.instance.options.size());
  return b.instance;
}

}  // namespace

TEST(AllocationComponents, ProjectsAreLinkedBySharedParcelsAssemblyMembersAndBuildings) {
  Builder b;
  const auto p0 = b.project("P0", 0), p1 = b.project("P1", 0), p2 = b.project("P2", 1, 200), p3 = b.project("P3", 1, 200), p4 = b.project("P4", 0),
             p5 = b.project("P5", 1);
  const auto a = b.parcel("A"), ab = b.parcel("A2+B", {"A2", "B"}), bb = b.parcel("B"), c = b.parcel("C"), d = b.parcel("D");
  const auto building = b.building("H", 300);
  b.option(p0, a, 0.9), b.option(p1, ab, 0.8), b.option(p4, bb, 0.7);  // P1 and P4 share the member B; P0 wants A alone
  b.option(p2, building, 0.5), b.option(p3, building, 0.6), b.option(p3, c, 0.4);  // a building shared by P2 and P3
  b.option(p5, d, 0.3);
  EXPECT_EQ(allocationComponents(b.instance), (std::vector<std::vector<std::size_t>>{{p0}, {p1, p4}, {p2, p3}, {p5}}));
  const AllocationSolution solution = solveAllocationExactly(b.instance);
  EXPECT_EQ(solution.effort.components, 4u);
  EXPECT_EQ(solution.effort.componentsByCbc, 2u);
  // Class 0: P1 and P4 both need B and have nothing else, so one of them is placed: P1 (0.8 > 0.7).
  // Class 1: the building's 300 m² takes one of P2 and P3 (200 m² each); both are placed only with
  // P3 on C and P2 in the building, though P3 scores better in the building.
  EXPECT_EQ(sitesOf(b.instance, solution), (std::vector<std::string>{"A", "A2+B", "H", "C", "-", "D"}));
  EXPECT_EQ(solution.status, AllocationSolution::Status::Optimal);
}

TEST(AllocationComponents, SolvedApartTheyReachTheWholeModelsOptimumOnTwoHundredInstances) {
  std::mt19937 random(20261204);
  std::size_t compared = 0, split = 0, linkedByBuilding = 0, infeasible = 0, bruteForced = 0;
  for (int i = 0; i < 240; ++i) {
    const AllocationInstance instance = instanceOfNeighbourhoods(random);
    const auto components = allocationComponents(instance);
    split += components.size() > 1 ? 1 : 0;
    for (const auto& component : components) {
      std::set<std::string> prefixes;
      for (std::size_t p : component) prefixes.insert(instance.projects[p].id.substr(0, 3));
      if (prefixes.size() > 1) {
        ++linkedByBuilding;
        break;
      }
    }
    for (AllocationObjective objective : {AllocationObjective::Lexicographic, AllocationObjective::Weighted}) {
      const AllocationSolution apart = solveAllocationExactly(instance, {.objective = objective});
      const AllocationSolution whole = solveAllocationExactly(instance, {.objective = objective, .decomposition = AllocationDecomposition::Whole});
      ASSERT_EQ(apart.status, whole.status) << "instance " << i;
      if (whole.status == AllocationSolution::Status::Infeasible) {
        ++infeasible;
        continue;
      }
      ASSERT_EQ(apart.status, AllocationSolution::Status::Optimal) << "instance " << i;
      EXPECT_TRUE(feasible(instance, apart.optionOfProject)) << "instance " << i;
      EXPECT_EQ(compareValues(apart.objectiveValues, whole.objectiveValues), 0) << "instance " << i << " objective " << static_cast<int>(objective);
      EXPECT_EQ(apart.effort.components, components.size());
      // Brute force where it is quick enough (every assignment of up to 6 projects).
      if (instance.projects.size() <= 6) {
        const auto best = bruteForceBest(instance, objective);
        ASSERT_TRUE(best.has_value()) << "instance " << i;
        EXPECT_EQ(compareValues(apart.objectiveValues, *best), 0) << "instance " << i;
        ++bruteForced;
      }
      ++compared;
    }
  }
  EXPECT_GE(compared, 400u);
  EXPECT_GE(split, 200u) << "most instances must have several components";
  EXPECT_GE(linkedByBuilding, 30u) << "some components must span neighbourhoods through the shared building";
  EXPECT_GE(infeasible, 5u) << "some pin sets must conflict";
  std::cout << "compared " << compared << " optima (" << bruteForced << " also by brute force); " << split << " instances split, "
            << linkedByBuilding << " linked through the building, " << infeasible << " infeasible pin sets\n";
}
