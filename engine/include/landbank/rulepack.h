#pragma once
// The rule pack: one versioned JSON file (gisdata/rulepack.json) holding everything a matching or
// admission decision depends on besides the data: the land-use compatibility table, scoring
// criteria with weights and normalisation ranges, control indicators, thresholds and grade
// cut-offs, each with the source it comes from. Every match and evaluation output carries the
// pack's id and version so that a decision can be re-run and compared when the rules change.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace landbank {

/// Where a threshold comes from: a document with its number, or the district's own assumption.
struct RuleSource {
  std::string title;
  std::string number;      ///< e.g. "国土资发〔2008〕24号"; empty when there is none
  bool assumption = false; ///< true: the district's working assumption, not a published standard
};

/// One scoring criterion as the pack defines it. `params` holds the criterion's own settings
/// (ranges in metres, 万元/亩, radii...), validated by RulePack::load.
struct CriterionRule {
  std::string name;     ///< "facility_distance", "supply_chain", ...
  double weight = 0;    ///< in [0, 1]; weights are renormalised over the criteria that apply
  std::string source;   ///< key into RulePack::sources
  nlohmann::json params = nlohmann::json::object();
};

/// A threshold with a lower bound ("min") and the value that scores full marks ("good"), or an
/// upper bound ("max") with "good" below it.
struct Threshold {
  std::optional<double> min;
  std::optional<double> max;
  std::optional<double> good;
  std::optional<double> value;
  std::string source;
};

struct GradeRule {
  std::string grade;  ///< "A"
  std::string label;  ///< "优先引进"
  double minScore = 0;
};

/// One indicator of the follow-through (亩均效益) grade.
struct FollowThroughIndicatorRule {
  std::string name;        ///< tax_per_mu, output_per_mu, investment_intensity, energy_per_output, jobs_per_mu
  double weight = 0;       ///< in [0, 1]; renormalised over the indicators that have a value
  double benchmark = 0;    ///< the value that scores 1 (> 0)
  std::string source;
};

/// The "follow_through" section: the grade of operating projects against their land and promises.
struct FollowThroughRules {
  std::vector<FollowThroughIndicatorRule> indicators;
  double scoreCap = 1.2;           ///< an indicator scores at most this multiple of its benchmark
  double deliveryThreshold = 1.0;  ///< a commitment delivered below this share is a shortfall
  std::vector<GradeRule> grades;   ///< by descending minScore; the last starts at 0
  std::string gradesSource;
};

/// The power hard rule ("matching.power_supply"): a parcel whose recorded supply (power_kva, kVA)
/// is below the project's need (power_kva) is not a candidate, and `match --why` states the
/// shortfall. A pack without the section has no power rule (packs before 2026.3).
struct PowerSupplyRule {
  enum class UnknownSupply {
    Pass,    ///< a parcel without a recorded supply passes; --why says it must be verified
    Reject,  ///< a parcel without a recorded supply is not a candidate
  };
  UnknownSupply unknownSupply = UnknownSupply::Pass;
  std::string source;
};

/// Parcel assembly ("matching.assembly", since rule pack 2026.4): with `--assemble`, connected sets of
/// adjacent parcels whose union fits a project that no single parcel fits (docs/allocation.md).
struct AssemblyRule {
  int maxParcels = 4;                    ///< members of one assembly, 2..maxParcels
  double minSharedBoundaryMetres = 20;   ///< two members touch along at least this length (m)
  double maxGapMetres = 0;               ///< ...possibly across a gap (a road) up to this width (m); 0: they must touch
  double minCompactness = 0.6;           ///< union area / its convex hull's area, in (0, 1]
  std::string source;
};

class RulePack {
 public:
  /// Reads and validates a pack. Throws Error(BadValue) naming the file and the JSON path of the
  /// first problem: unknown keys, weights outside [0, 1], unknown sources, missing sections.
  static RulePack load(const std::filesystem::path& file);
  /// Parses and validates JSON text (`origin` names it in errors).
  static RulePack parse(const std::string& text, const std::string& origin);
  /// gisdata/rulepack.json from bundledDataDir().
  static std::filesystem::path bundledPath();

  std::string id;
  std::string version;
  std::string effectiveDate;
  std::string description;
  std::map<std::string, RuleSource> sources;

  // Land-use compatibility (DESIGN.md rule 2).
  std::vector<std::string> industrialSectors;   ///< sectors that follow the industrial ladder
  std::vector<std::string> industrialLadder;    ///< lightest to heaviest: 100101, 100102, 100103
  std::map<std::string, std::vector<std::string>> landUseBySector;
  std::string landUseSource;

  // Hard-rule tolerances (DESIGN.md rules 4 and 5).
  double overlapToleranceSquareMetres = 1.0;
  double requireWithinShare = 0.99;

  std::optional<PowerSupplyRule> powerSupply;  ///< hard rule 8 (power), when the pack has it
  std::optional<AssemblyRule> assembly;        ///< parcel assembly (`--assemble`), when the pack has it
  std::vector<CriterionRule> criteria;
  const CriterionRule* criterion(const std::string& name) const;

  // Evaluation.
  std::map<std::string, double> dimensionWeights;
  double passScore = 60;
  std::vector<GradeRule> grades;  ///< by descending minScore
  std::map<std::string, Threshold> thresholds;  ///< investment_intensity_wan_per_mu, ...
  const Threshold& threshold(const std::string& name) const;
  /// The remaining evaluation tables, validated (leading_subsectors, tier_scores, industrial_far_min, ...).
  nlohmann::json evaluationTables;

  /// Follow-through grading of operating projects (landbank/follow_through.h).
  FollowThroughRules followThrough;

  /// The file's full JSON as read (for `rules show`).
  nlohmann::json raw;

  /// Land-use codes a project of `sector` and `pollutionClass` may use (rule 2 without a spec list).
  std::vector<std::string> compatibleLandUses(const std::string& sector, int pollutionClass) const;
  /// "source title (number)" or "... (district assumption)" for output.
  std::string describeSource(const std::string& key) const;
};

}  // namespace landbank
