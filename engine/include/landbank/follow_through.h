#pragma once
// Follow-through evaluation of operating projects (亩均效益评价): per project and year, tax and output
// per 亩 of the land it occupies, investment intensity reached, energy per output and jobs, each
// scored against the rule pack's benchmark and weighted into a grade A/B/C/D (优先发展, 鼓励发展,
// 提升发展, 整治提升), as the 亩均论英雄 evaluation in Zhejiang and the 亩产效益 evaluation in
// Shandong do; plus the delivery ratio of every commitment of the investment agreement, with the
// shortfalls named by their clause. Weights, benchmarks and cut-offs live in the rule pack's
// "follow_through" section (validated on load).

#include <optional>
#include <string>
#include <vector>

#include "landbank/language.h"
#include "landbank/ledger.h"
#include "landbank/rulepack.h"

namespace landbank {

class Store;

/// The figures one evaluation needs; gradeFollowThrough() works on these alone (tests use hand-made ones).
struct FollowThroughInput {
  std::string projectId, name, sector;
  int year = 0;
  std::optional<double> landMu;              ///< land occupied, 亩 (parcel area, or floor / equivalent FAR)
  AnnualResult result;                       ///< the year's results
  std::optional<double> cumulativeInvestmentWan;  ///< investment completed up to and including the year
  std::optional<Commitments> commitments;
};

struct FollowThroughIndicator {
  std::string name;    ///< tax_per_mu, output_per_mu, investment_intensity, energy_per_output, jobs_per_mu
  std::string unit;    ///< 万元/亩, tce/万元, 人/亩
  std::optional<double> value;
  double benchmark = 0;
  double weight = 0;
  bool lowerIsBetter = false;
  std::optional<double> score;  ///< value/benchmark (benchmark/value when lower is better), capped; nullopt when missing
};

struct Delivery {
  std::string commitment;  ///< investment_wan (cumulative), output_wan, tax_wan, jobs, energy_tce (a ceiling)
  double promised = 0;
  std::optional<double> actual;
  std::optional<double> ratio;  ///< actual / promised
  bool shortfall = false;       ///< below the rule pack's delivery threshold (energy: above the ceiling)
  std::string clause;           ///< the agreement's clause, or empty
  std::string text;             ///< "第六条 年税收：承诺 500 万元，实际 320 万元，差 180 万元（64%）"
};

struct FollowThroughGrade {
  std::string projectId, name, sector;
  int year = 0;
  std::optional<double> landMu;
  std::vector<FollowThroughIndicator> indicators;
  std::optional<double> score;  ///< 0..100*cap; nullopt when not graded (no land or no tax)
  std::string grade;            ///< A, B, C, D, or empty when not graded
  std::string gradeLabel;
  std::string notGradedReason;
  std::vector<Delivery> deliveries;
  std::string rulePackId, rulePackVersion;
};

/// The arithmetic: indicators, score, grade, deliveries. Texts in `language`.
FollowThroughGrade gradeFollowThrough(const RulePack& rules, const FollowThroughInput& input, Language language);

/// Gathers a project's figures for `year` from the store (land from its site) and grades them.
/// Error(UnknownId) for an unknown project; a project without results that year is not graded.
FollowThroughGrade gradeProject(const Store& store, const RulePack& rules, const std::string& projectId, int year, Language language);
/// Every project with results for `year` (operating or not), by id.
std::vector<FollowThroughGrade> gradeAll(const Store& store, const RulePack& rules, int year, Language language);
/// The figures gradeProject() uses (for reports and the viewer).
FollowThroughInput followThroughInput(const Store& store, const RulePack& rules, const std::string& projectId, int year);

/// Per sector, the historic ratio of delivered to promised tax and output over every project-year
/// with both a result and a commitment: the realistic expectation beside a new project's promises.
struct SectorCalibration {
  std::string sector;
  int projectYears = 0;
  std::optional<double> taxRatio, outputRatio;  ///< mean of actual/promised
};
std::vector<SectorCalibration> sectorCalibration(const Store& store);

/// A project's promises beside its sector's record: what it promises, and the promise times the
/// sector's historic delivery ratio, the realistic expectation (`evaluate` shows it). The promises
/// are the investment agreement's commitments when the ledger has them, else the project's own
/// tax_wan and output_wan.
struct CalibratedExpectation {
  std::string sector;
  int projectYears = 0;                          ///< the sector's project-years with a result and a commitment
  std::optional<double> taxRatio, outputRatio;   ///< the sector's mean delivered/promised
  std::string promiseSource;                     ///< "commitments" or "project"
  std::optional<double> promisedTaxWan, promisedOutputWan;
  std::optional<double> expectedTaxWan, expectedOutputWan;  ///< promise x ratio (when both exist)
};
/// `projectId`: the project's id in the ledger (empty for a spec file that is no project).
CalibratedExpectation calibratedExpectation(const Store& store, const std::string& projectId, const std::string& sector,
                                            std::optional<double> promisedTaxWan, std::optional<double> promisedOutputWan);
/// {"sector", "project_years", "tax_ratio", "output_ratio", "promise_source", "promised_tax_wan",
///  "expected_tax_wan", "promised_output_wan", "expected_output_wan"}; absent figures are null.
nlohmann::json calibratedExpectationJson(const CalibratedExpectation& expectation);

nlohmann::json followThroughJson(const FollowThroughGrade& grade);

}  // namespace landbank
