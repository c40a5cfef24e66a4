#pragma once
// Matching projects to land and buildings: the hard rules of DESIGN.md ("Matching rules"), a
// weighted score whose criteria and weights come from the rule pack, a per-parcel explanation
// ("why not") with the smallest change that would make a failing rule pass, rank stability under
// perturbed weights, and reverse matching (which open projects could this land take).
//
// Geometry is in the database CRS (metres); centroids in results are WGS84 lon/lat.
// Thread-safety: a MatchEngine is immutable after construction except for its per-parcel caches;
// use it from one thread at a time (it parallelises internally).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "landbank/geo.h"
#include "landbank/language.h"
#include "landbank/rulepack.h"

namespace landbank {

class Store;
struct FeatureRecord;

/// "highway_exit<=5000": the parcel's distance to the nearest facility of `type` must be at most `maxMetres`.
struct NearRequirement {
  std::string type;
  double maxMetres = 0;
};

/// Everything matching and evaluation read about a project: the canonical `projects` fields plus
/// optional inputs that DESIGN.md does not name (from the project's extra attributes or a spec file):
/// land_use (explicit list), needed_by (date), preferred_subdistricts, budget_wan_per_mu,
/// rent_budget_yuan_m2_month, far, building_coefficient, admin_share, green_ratio, rd_intensity,
/// high_tech, hazardous_chem.
struct ProjectSpec {
  std::string id;
  std::string name;
  std::string sector;
  std::string subsector;
  std::string tier;
  std::string stage;
  std::optional<double> landMinSquareMetres;
  std::optional<double> landMaxSquareMetres;
  std::optional<double> floorNeedSquareMetres;
  std::string buildingType;
  std::optional<double> floorLoadMinKnPerSquareMetre;
  std::optional<double> clearHeightMinMetres;
  std::optional<double> powerKva;
  int pollutionClass = 1;
  std::optional<double> heightMetres;
  std::vector<NearRequirement> near;
  std::optional<std::vector<std::string>> landUses;  ///< a spec's explicit list replaces the table
  std::optional<double> investmentWan, outputWan, taxWan, energyTce;
  std::optional<double> jobs;
  nlohmann::json attrs = nlohmann::json::object();  ///< the optional inputs named above, as given

  /// True when the project asks for land (land_min/land_max given, or no floor need).
  bool wantsLand() const;
  bool wantsFloorSpace() const;

  /// From a `projects` feature; `near` text "type<=metres;..." is parsed. Throws Error(BadValue).
  static ProjectSpec fromFeature(const FeatureRecord& record);
  /// From a --spec object: the projects fields plus `land_use` (list), `near` (list of
  /// {type, max_m}) and the spec aliases area_min_m2/area_max_m2. Throws Error(BadValue).
  static ProjectSpec fromJson(const nlohmann::json& spec, const std::string& origin);
};

/// Parses a project's `near` text, the one parser for import, edits and specs:
/// "highway_exit<=5000;port<=30000", also with facility labels and units ("高速出入口<=3km；港口≤30公里").
/// Throws Error(BadValue, field "near") naming the item, and for an unknown type the valid ones.
std::vector<NearRequirement> parseNearText(const std::string& text);
/// The canonical text stored in the database: "highway_exit<=3000;port<=30000" (metres, codes).
std::string formatNearText(const std::vector<NearRequirement>& near);

enum class CandidateKind { Parcel, Building };
std::string_view candidateKindName(CandidateKind kind);

enum class KindSelection {
  Auto,       ///< parcels for projects that want land, buildings for those that want floor space
  Parcels,
  Buildings,
  All,
};

/// Whether `match` also offers assemblies of adjacent parcels (`--assemble`, rule pack `matching.assembly`).
enum class AssemblyMode {
  Off,  ///< single parcels only
  On,   ///< also connected sets of 2..max_parcels adjacent parcels that fit the project together
};

struct CriterionScore {
  std::string name;    ///< "highway_exit_distance", "supply_chain", ...
  double value = 0;    ///< the raw measured value
  std::string unit;    ///< "m", "count", "share", "万元/亩", ...
  double score = 0;    ///< normalised to [0, 1]
  double weight = 0;   ///< after renormalisation over the criteria that apply (sums to 1)
  std::string rule;    ///< the rule-pack criterion it comes from ("facility_distance" for each distance)
};

struct Candidate {
  int rank = 0;
  CandidateKind kind = CandidateKind::Parcel;
  std::string id;
  std::string name;
  double score = 0;  ///< in [0, 1]
  double areaSquareMetres = 0;  ///< parcel area, or a building's vacant floor area
  std::optional<LonLat> centroid;
  std::vector<CriterionScore> criteria;
  std::optional<double> stability;  ///< share of perturbed draws in which it stays in the top K
  /// An assembly's parcels, ids ascending (its id joins them with '+', kind is Parcel, the area and
  /// the criteria are the union's); empty for a single parcel or a building.
  std::vector<std::string> members;
};

struct MatchOptions {
  std::optional<std::size_t> top;     ///< at most this many candidates (all when unset)
  KindSelection kind = KindSelection::Auto;
  int stabilityDraws = 0;             ///< 0: no stability analysis
  std::uint64_t stabilitySeed = 20260101;
  double stabilityPerturbation = 0.2; ///< each weight is multiplied by U(1-p, 1+p)
  std::size_t stabilityTopK = 10;     ///< "stays in the top K" (the CLI passes --top when given)
  unsigned threads = 0;               ///< 0: hardware concurrency
  Language language = Language::Chinese;  ///< of the --why facts and remedies (codes stay as they are)
  /// The date at which reservations (预留, landbank/ledger.h) hold: a parcel reserved for another
  /// project is not offered. Empty: ledgerToday().
  std::string today = {};
  /// With AssemblyMode::On and a project that gives land_min_m2, connected sets of adjacent parcels
  /// (rule pack `matching.assembly`) join the candidates. Off: the output is as without assemblies.
  AssemblyMode assemble = AssemblyMode::Off;
};

struct MatchResult {
  std::string projectId;
  std::string rulePackId;
  std::string rulePackVersion;
  std::int64_t considered = 0;
  std::int64_t candidateCount = 0;   ///< before --top
  std::vector<Candidate> candidates; ///< ranked: score descending, then id ascending
  std::map<std::string, std::int64_t> rejected;  ///< reason -> count (first failing rule)
};

/// One hard rule checked for one parcel or building, with the measured fact and, when it fails,
/// the smallest change that would make it pass.
struct RuleCheck {
  RuleCheck() = default;
  RuleCheck(std::string ruleName, bool passedRule, std::string factText, std::string remedyText)
      : rule(std::move(ruleName)), passed(passedRule), fact(std::move(factText)), remedy(std::move(remedyText)) {}

  std::string rule;    ///< "status", "land_use", "area", "constraint:eco_redline", "height", "near:port", ...
  bool passed = false;
  std::string fact;    ///< "与永久基本农田 C-1 重叠 2,134 m²（3.2 亩），位于地块东北角" (MatchOptions::language)
  std::string remedy;  ///< empty when passed
  std::optional<double> remainderSquareMetres;  ///< area left after cutting out the conflict (constraint rules)
  std::optional<bool> remainderMeetsMinimum;
};

struct WhyResult {
  std::string projectId;
  std::string rulePackId;
  std::string rulePackVersion;
  CandidateKind kind = CandidateKind::Parcel;
  std::string id;
  bool candidate = false;   ///< all hard rules pass
  std::vector<RuleCheck> checks;
  std::optional<Candidate> scored;  ///< the score breakdown when it is a candidate
};

struct ReverseMatchEntry {
  std::string projectId;
  std::string projectName;
  std::string stage;
  double score = 0;
  std::vector<CriterionScore> criteria;
};

struct ReverseMatchResult {
  std::string rulePackId;
  std::string rulePackVersion;
  CandidateKind kind = CandidateKind::Parcel;
  std::string id;
  std::int64_t considered = 0;  ///< open projects (stage lead..signed) of the right kind
  std::vector<ReverseMatchEntry> projects;  ///< ranked: score descending, then id
  std::map<std::string, std::int64_t> rejected;
};

/// The matching engine over one store: constraints, facilities, parks and buildings held in memory
/// in STRtrees; the offered parcels' status/land use/area in flat arrays, filtered per match without
/// SQL; the parcels that pass are tested in parallel. What a parcel's geometry says (constraint
/// overlaps, nearest facilities, ...) is measured once and cached for the engine's lifetime
/// (reverse matching and repeated matches reuse it); the parcel arrays and caches reload by
/// themselves after a status edit or import, the other layers do not: build a new engine after a
/// layer changes (`isStale()` tells).
class MatchEngine {
 public:
  /// Loads the store's constraints, facilities, parks and buildings. Throws Error(Database /
  /// InvalidGeometry). The store must outlive the engine.
  MatchEngine(const Store& store, RulePack rules);
  ~MatchEngine();
  MatchEngine(MatchEngine&&) noexcept;
  MatchEngine& operator=(MatchEngine&&) noexcept;

  const RulePack& rules() const;

  MatchResult match(const ProjectSpec& project, const MatchOptions& options = {}) const;
  /// Every hard rule for one parcel or building, its facts and remedies in `options.language` (the
  /// other options do not apply). Throws Error(UnknownId) when there is none.
  WhyResult why(const ProjectSpec& project, CandidateKind kind, const std::string& id, const MatchOptions& options = {}) const;
  /// Open projects (stage lead, negotiating, signed) that this parcel or building could take.
  ReverseMatchResult reverse(CandidateKind kind, const std::string& id, const MatchOptions& options = {}) const;

  /// The length in metres along which two parcels touch, or face each other across a gap of at most
  /// the rule pack's `matching.assembly.max_gap_m`, as assembly measures it (0 for parcels that
  /// meet at a corner or lie farther apart). Throws Error(UnknownId) for an unknown parcel.
  double sharedBoundaryMetres(const std::string& parcelA, const std::string& parcelB) const;

  /// True when a layer was re-imported after the engine loaded it (its cache is then outdated).
  bool isStale() const;

  /// True when the next match reads the parcel facts stored in the database (landbank/stored_facts.h);
  /// false when they are stale or missing and every fact is measured (same answers, slower start).
  bool usesStoredFacts() const;

 private:
  struct Impl;
  /// Measures the stored parcel facts with the engine's own functions (stored_facts.cpp).
  friend struct StoredFactsMeasurer;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace landbank
