#pragma once
// Allocating sites across competing projects (重大项目优先保障用地): each open project gets at most one
// site, a parcel goes to at most one project, a building's vacant floor is shared while it lasts, and
// the plan is optimal for the rule pack's objective (major projects first by default). Two layers:
//   - the model (AllocationInstance -> AllocationSolution): projects, sites, the (project, site, score)
//     options that pass every hard rule, solved exactly as a MILP with CBC (COIN-OR), or greedily as a
//     baseline. It knows nothing of the store, so it is tested on hand-made instances.
//   - the plan (planAllocation): builds the instance from the store through the matching engine
//     (the same hard rules and scores as `match`) and explains the solution: regret against each
//     project's independent best site, who took it, why a project is unplaced, contested sites.
// See docs/allocation.md for the model.

#include <cstddef>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "landbank/matching.h"
#include "landbank/rulepack.h"

namespace landbank {

class Store;

enum class AllocationObjective {
  Lexicographic,  ///< priority classes in order: most projects of the class placed, then their total score
  Weighted,       ///< one sum: each placed project adds its class weight x (1 + score)
};

/// Priority classes of the rule pack's `allocation` section, highest first. A project belongs to the
/// first class whose condition it meets (tier in `tiers`, or investment >= `minInvestmentWan`, or
/// sector in `sectors`); the last class takes everyone else.
struct PriorityClass {
  std::string name;     ///< "major", "key", "other"
  std::string labelZh;  ///< "重大项目"
  double weight = 1;    ///< for AllocationObjective::Weighted
  std::vector<std::string> tiers;
  std::optional<double> minInvestmentWan;
  std::vector<std::string> sectors;
};

struct AllocationRules {
  std::vector<PriorityClass> classes;
  std::string source;  ///< key into RulePack::sources

  /// Reads and validates `allocation` of the pack. Throws Error(BadValue) naming the JSON path.
  static AllocationRules fromRulePack(const RulePack& pack);
  /// Index into `classes` of the project's class.
  std::size_t classOf(const ProjectSpec& project) const;
};

/// The optimisation model. Indices refer into the vectors of the instance.
struct AllocationInstance {
  struct Project {
    std::string id;
    std::size_t priorityClass = 0;      ///< 0 is the highest
    double floorNeedSquareMetres = 0;   ///< what it takes of a building's vacant floor
  };
  struct Site {
    std::string id;
    CandidateKind kind = CandidateKind::Parcel;
    /// Buildings: the vacant floor shared by the projects placed in it. Unset for land: the site
    /// then goes to one project, and so does every parcel in `landUnits`.
    std::optional<double> floorCapacitySquareMetres;
    /// The parcels a land site occupies (itself; the members of an assembly). Two sites sharing a
    /// parcel exclude each other.
    std::vector<std::string> landUnits;
    double areaSquareMetres = 0;
    std::optional<LonLat> centroid;  ///< WGS84, for output only
  };
  struct Option {
    std::size_t project = 0;
    std::size_t site = 0;
    double score = 0;  ///< in [0, 1], the matching score
  };

  std::vector<Project> projects;
  std::vector<Site> sites;
  std::vector<Option> options;
  std::size_t classCount = 1;
  std::vector<double> classWeights;  ///< per class, for the weighted objective
  /// Options that must be chosen (pins); the solver reports Infeasible when they conflict.
  std::vector<std::size_t> pinnedOptions;
};

struct AllocationSolution {
  enum class Status { Optimal, Feasible, Infeasible };
  Status status = Status::Infeasible;
  /// How the solve went, summed over the instance's components (docs/allocation.md, "Components").
  struct Effort {
    std::size_t components = 0;             ///< independent parts of the instance (allocationComponents)
    std::size_t componentsByCbc = 0;        ///< parts of two or more projects, solved stage by stage with CBC
    std::size_t stagesByCbc = 0;            ///< stages handed to CBC
    std::size_t stagesAtBound = 0;          ///< stages not handed to CBC: the plan so far already reaches the stage's upper bound
    std::size_t stagesAtTimeLimit = 0;      ///< CBC stopped at the time limit with a solution; `gap` measures these
    std::size_t stagesWithoutSolution = 0;  ///< CBC returned no solution (time limit, tolerance): the earlier stage's plan kept, unproven
  };
  Effort effort;
  /// Per project, the index of its chosen option (nullopt: unplaced).
  std::vector<std::optional<std::size_t>> optionOfProject;
  /// Lexicographic: per class, placed count then total score (2 values a class); weighted: one value.
  std::vector<double> objectiveValues;
  double gap = 0;         ///< relative optimality gap of the worst stage (0 when proven optimal)
  double seconds = 0;
  std::string solver;     ///< "CBC 2.10.8 (MILP)", "greedy"
};

enum class AllocationDecomposition {
  ByComponent,  ///< each component of the conflict graph solved on its own (allocationComponents); the default
  Whole,        ///< one model for the whole instance (for cross-checks: the same objective values)
};

struct AllocationSolveOptions {
  AllocationObjective objective = AllocationObjective::Lexicographic;
  double secondsLimit = 60;  ///< per solve stage; the status is Feasible when a stage stops early
  AllocationDecomposition decomposition = AllocationDecomposition::ByComponent;
};

/// The instance's independent parts: the connected components of its conflict graph, where two
/// projects are linked when an option of one and an option of the other share a land unit or a
/// building (pins are options, so they follow). No constraint links two components, and both
/// objectives are sums over projects, so the optimum of the whole is the sum of the components'
/// optima (lexicographic vectors add up in order). Each component lists its project indices
/// ascending; components are ordered by their first project.
std::vector<std::vector<std::size_t>> allocationComponents(const AllocationInstance& instance);

/// Exact solution with CBC (one MILP per lexicographic stage, the earlier stages' optima kept as
/// constraints), component by component (allocationComponents): a component of one project takes
/// its best option (its pinned one) without a solver. The status is the worst over the components,
/// `gap` the worst stage's. Deterministic for the same instance (CBC single-threaded, variables in
/// option order).
AllocationSolution solveAllocationExactly(const AllocationInstance& instance, const AllocationSolveOptions& options = {});

/// The baseline a planner would do by hand: projects in priority order (then by their best score,
/// then id), each takes its best free site. Not optimal; reported beside the optimum.
AllocationSolution solveAllocationGreedily(const AllocationInstance& instance);

/// The objective values of a solution (same layout as AllocationSolution::objectiveValues).
std::vector<double> allocationObjectiveValues(const AllocationInstance& instance, const std::vector<std::optional<std::size_t>>& optionOfProject,
                                              AllocationObjective objective);

/// One project's allowed options, best first (score not increasing), each as a site: an index
/// into the `siteUnits` of keptOptionPositions.
struct RankedOptions {
  std::vector<std::size_t> sites;  ///< per option
  std::vector<bool> pinned;        ///< per option: kept whatever its rank
};

/// The exact option reduction (docs/allocation.md, "Size"): per project, the positions (ascending)
/// of the options worth giving the solver. `siteUnits` lists, per site, the land units it would
/// occupy (parcels; a building counts as one unit), numbered alike for every site. Another project
/// q can take units of p's options only if one of q's options shares a unit with one of p's, and
/// then at most as many as q's largest option has; with B(p) the sum of that over p's competitors,
/// p keeps its options in rank order until they include B(p) + 1 that share no unit (one of those
/// is free in any plan, and moving p there never lowers the objective), plus its pinned ones. The
/// optimum over the kept options equals the optimum over all of them, for both objectives.
std::vector<std::vector<std::size_t>> keptOptionPositions(const std::vector<std::vector<std::size_t>>& siteUnits,
                                                          const std::vector<RankedOptions>& projects);

// ---- The plan over a store -------------------------------------------------------------------

struct AllocationRequest {
  std::vector<std::string> projectIds;   ///< empty: every project whose stage is in `stages`
  std::vector<std::string> stages{"lead", "negotiating", "signed"};
  std::vector<std::pair<std::string, std::string>> pins;     ///< project -> site that it must get
  std::vector<std::pair<std::string, std::string>> forbids;  ///< project -> site it must not get
  std::vector<std::string> holds;        ///< sites kept out of this round
  AllocationSolveOptions solve;
  bool withGreedyBaseline = true;
  Language language = Language::Chinese;
  /// AssemblyMode::On: assemblies of adjacent parcels join the options (MatchOptions::assemble); an
  /// assembly occupies each of its members, so it and they exclude each other.
  AssemblyMode assemble = AssemblyMode::Off;
};

struct PlannedAssignment {
  std::string project;
  std::string projectName;
  std::string priorityClass;
  CandidateKind kind = CandidateKind::Parcel;
  std::string site;
  std::string siteName;
  std::vector<std::string> members;
  double score = 0;
  double areaSquareMetres = 0;     ///< land: the site's area; buildings: the floor taken
  std::optional<LonLat> centroid;  ///< of the site, WGS84
  std::string bestSite;            ///< the project's independent best (rank 1 of `match`)
  double bestScore = 0;
  double regret = 0;               ///< bestScore - score
  std::optional<std::string> lostTo;  ///< who holds its best site, when it did not get it
};

struct UnplacedProject {
  std::string project;
  std::string projectName;
  std::string priorityClass;
  std::string reason;                 ///< "no_candidate" or "taken"
  std::vector<std::string> takenBy;   ///< who holds its candidates (reason "taken")
  std::int64_t candidates = 0;
};

struct AllocationPlan {
  AllocationObjective objective = AllocationObjective::Lexicographic;
  std::string status;                 ///< "optimal", "feasible"
  double gap = 0;
  std::string rulePackId, rulePackVersion;
  std::string solver;
  double seconds = 0;                 ///< solver time
  /// How the solver got there: components, stages, and when status is "feasible", which stages
  /// stopped unproven (JSON `status_detail`, only then).
  AllocationSolution::Effort effort;
  std::vector<std::string> classNames;
  std::vector<PlannedAssignment> assignments;   ///< by class, then project id
  std::vector<UnplacedProject> unplaced;
  std::map<std::string, std::vector<std::string>> contested;  ///< site -> projects that had it as a top-3 candidate (2 or more)
  std::map<std::string, std::int64_t> placedByClass;
  std::map<std::string, std::int64_t> projectsByClass;
  double landSquareMetres = 0;        ///< land allocated (parcels and assemblies)
  std::vector<double> objectiveValues;
  /// The greedy baseline on the same instance (when requested).
  std::optional<std::vector<double>> greedyObjectiveValues;
  std::optional<std::map<std::string, std::int64_t>> greedyPlacedByClass;
  std::optional<double> greedyTotalScore;
  double totalScore = 0;
};

/// Builds the instance from the store's projects through `engine.match` (every candidate, the same
/// hard rules and scores as `match`), solves it and explains it. Throws Error(UnknownId) for an
/// unknown project or site in the request, Error(BadValue) when a pin is not a candidate of its
/// project (naming the first failed rule) or the pins conflict.
AllocationPlan planAllocation(const Store& store, const MatchEngine& engine, const AllocationRequest& request);

/// The plan as DESIGN.md's JSON (`landbank allocate --format json`; `--compare` reads it back).
nlohmann::json allocationPlanJson(const AllocationPlan& plan);
/// One CSV row per project (assigned ones, then unplaced ones); text cells safe for spreadsheets.
void writeAllocationPlanCsv(std::ostream& out, const AllocationPlan& plan);
/// The assigned sites as RFC 7946 points (the site's centroid, WGS84), one feature per project.
void writeAllocationPlanGeoJson(std::ostream& out, const AllocationPlan& plan);

}  // namespace landbank
