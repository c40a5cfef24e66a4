#pragma once
// Admission evaluation of a project (项目准入评估) on the district's five dimensions: 产业结构,
// 土地规划, 经济效益, 社会效益, 安全环保. Each dimension lists its indicators with the project's value,
// the threshold and its source, a score and a verdict; the project gets a grade (A 优先引进 /
// B 准入 / C 有条件准入 / D 不予准入) with the reasons that decided it. Missing inputs are reported as
// missing and make the dimension "incomplete": they are never scored as zero.

#include <optional>
#include <string>
#include <vector>

#include "landbank/matching.h"

namespace landbank {

enum class IndicatorStatus { Pass, Weak, Fail, Missing, NotApplicable };
std::string_view indicatorStatusName(IndicatorStatus status);

struct Indicator {
  std::string name;      ///< "investment_intensity"
  std::string labelZh;   ///< "投资强度"
  std::optional<double> value;  ///< the project's value (nullopt when missing or textual)
  std::string valueText; ///< the value for people ("advanced_mfg", "缺失"), in EvaluationOptions::language
  std::string unit;      ///< "万元/亩"
  std::string threshold; ///< ">= 300 (good 600)"
  std::string source;    ///< the rule pack's source of the threshold, described
  std::optional<double> score;  ///< in [0, 1]; nullopt when missing or not applicable
  IndicatorStatus status = IndicatorStatus::Missing;
  bool caps = false;     ///< a failure here caps the grade (C at best; D for no compliant land)
};

enum class DimensionVerdict { Pass, Weak, Fail, Incomplete };
std::string_view dimensionVerdictName(DimensionVerdict verdict);

struct Dimension {
  std::string name;     ///< "industrial_structure"
  std::string labelZh;  ///< "产业结构"
  double weight = 0;
  std::vector<Indicator> indicators;
  std::optional<double> score;  ///< 0..100 over the indicators that could be scored
  DimensionVerdict verdict = DimensionVerdict::Incomplete;
  std::vector<std::string> missing;  ///< names of missing inputs
  /// Incomplete dimensions: the score is provisional (暂定). The range it can still take: missing
  /// indicators at 0 (low) and at full marks (high). Unset when nothing is missing.
  std::optional<double> scoreLow, scoreHigh;
};

/// A rule that lowers the grade the weighted score gives (a failed capping indicator, a weak or
/// failed dimension, no compliant site).
struct GradeCap {
  std::string grade;   ///< the best grade the rule allows
  std::string label;
  std::string reason;  ///< why, in EvaluationOptions::language
  bool lowers = false; ///< true when it lowered the grade (false: an earlier cap was already lower or equal)
};

/// The land the per-亩 indicators are measured on (investment intensity, output, tax and jobs per 亩).
struct LandBasis {
  double mu = 0;             ///< the 亩 used
  std::string description;   ///< "落地地块 CY-00042（85.2 亩）", "用地上限 land_max_m2（120.0 亩）", ...
  std::optional<double> otherMu;  ///< with only a land range known: the other bound (the indicators show the range)
};

struct EvaluationResult {
  std::string projectId;
  std::string projectName;
  std::string rulePackId;
  std::string rulePackVersion;
  std::vector<Dimension> dimensions;
  double totalScore = 0;     ///< 0..100, weighted over dimensions with a score
  std::string scoreGrade;    ///< the grade the weighted total alone gives
  std::vector<GradeCap> caps;  ///< rules that cap the grade, in the order checked
  std::string grade;         ///< "A".."D": the conclusion after the caps
  std::string gradeLabel;    ///< "优先引进"
  bool provisional = false;  ///< some inputs are missing: the grade may change when they arrive
  std::vector<std::string> reasons;  ///< what decided the grade, most important first
  std::optional<std::string> bestSiteId;  ///< top candidate of the match used for land planning
  std::optional<LandBasis> landBasis;     ///< unset when the project states no land or floor need
};

struct EvaluationOptions {
  Language language = Language::Chinese;  ///< of value texts, thresholds, units and reasons (names and codes stay)
};

/// Evaluates `project` with the engine's rule pack; runs a match to find compliant land.
/// Per-亩 indicators are measured on the land the project will use: its landed parcel
/// (project_location), else the best candidate parcel, else the larger bound of its land range
/// (the smaller one shown as the other end of a range), else floor_need_m2 at the pack's FAR.
/// Throws Error(Database) on store failures.
EvaluationResult evaluateProject(const MatchEngine& engine, const Store& store, const ProjectSpec& project,
                                 const EvaluationOptions& options = {});

}  // namespace landbank
