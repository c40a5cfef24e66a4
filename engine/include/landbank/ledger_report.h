#pragma once
// Statistics for the monthly meeting (`landbank report`): per period and grouping, projects
// introduced, signed, landed and put into production; committed and delivered investment; land
// supplied (亩) and its 亩均 results; problems opened, resolved, overdue and the mean days to resolve.
// Every figure is a sum (or count) over the ledger's rows, so the totals equal the sums of the groups.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "landbank/language.h"

namespace landbank {

class Store;
class RulePack;

enum class ReportGrouping { None, Subdistrict, Sector, Origin, Tier, Dept, Stage };
/// "subdistrict" -> ReportGrouping::Subdistrict ...; Error(Usage) for anything else.
ReportGrouping parseReportGrouping(const std::string& text);
std::string reportGroupingName(ReportGrouping grouping);

struct ReportOptions {
  std::string period;  ///< "2026" (a year) or "2026-11" (a month)
  ReportGrouping by = ReportGrouping::None;
  std::string today;   ///< overdue problems are counted at min(period end, today)
};

struct ReportRow {
  std::string group;  ///< the code or name of the group ("" when unknown; "total" for the total row)
  // Projects (not for --by dept: problems have departments, projects do not).
  std::int64_t introduced = 0, signedCount = 0, landed = 0, operating = 0;
  double committedInvestmentWan = 0;  ///< commitments of the projects signed in the period
  double deliveredInvestmentWan = 0;  ///< annual results' investment of the period's year
  double landSuppliedMu = 0;          ///< parcels landed on in the period
  double taxWan = 0, outputWan = 0;   ///< annual results of the period's year, of projects with land on record
  double resultLandMu = 0;            ///< the land of those projects
  std::optional<double> taxPerMu, outputPerMu;
  // Problems.
  std::int64_t problemsOpened = 0, problemsResolved = 0, problemsOverdue = 0;
  std::optional<double> meanDaysToResolve;  ///< over problems resolved in the period
  double daysToResolveSum = 0;              ///< for the mean of a total
};

struct Report {
  std::string period, from, to;  ///< inclusive dates
  int resultsYear = 0;           ///< the year whose annual results count (results are yearly)
  std::string asOf;              ///< the date overdue problems are counted at
  ReportGrouping by = ReportGrouping::None;
  std::vector<ReportRow> rows;   ///< by group (one row when None)
  ReportRow total;
};

/// The statistics of the period. Floor space in a building counts as land at the rule pack's
/// `floor_project_equivalent_far`, as the follow-through grade counts it. Error(Usage) for a bad period.
Report buildReport(const Store& store, const RulePack& rules, const ReportOptions& options);
nlohmann::json reportJson(const Report& report);

/// The figures of a report row by their JSON key (what `report --map FIGURE` draws): introduced,
/// signed, landed, operating, committed_investment_wan, delivered_investment_wan, land_supplied_mu,
/// tax_per_mu, output_per_mu, problems_opened, problems_resolved, problems_overdue, mean_days_to_resolve.
std::span<const std::string_view> reportFigureNames();
/// A figure's key from what was typed: a key above, or the short forms land_mu (land_supplied_mu),
/// committed and delivered (…_investment_wan). Error(Usage) listing the keys for anything else.
std::string parseReportFigure(std::string_view text);
/// The value of a figure in a row (nullopt where the row has none, e.g. 亩均 without land).
std::optional<double> reportFigureValue(const ReportRow& row, std::string_view figure);
/// The figure's label in the language ("落地项目" / "projects landed") and its unit ("亩", "万元/亩", "" for counts).
std::string reportFigureLabel(std::string_view figure, Language language);
std::string reportFigureUnit(std::string_view figure, Language language);

/// Projects by stage over time (`report --chart stages`): for each month, how many projects stood
/// at each stage at the month's end (or at `today` for the current month), from the stage history:
/// a project counts at the stage of its latest move on or before that date. Dropped projects are not
/// counted. A year period gives its months up to `today`; a month period the twelve months ending with it.
struct StageMonth {
  std::string month;                ///< "2026-11"
  std::string countedOn;            ///< the date counted at (month end, or today if earlier)
  std::vector<std::int64_t> counts; ///< per StageTimeline::stages
  std::int64_t total = 0;
};
struct StageTimeline {
  std::string period, asOf;
  std::vector<std::string> stages;  ///< lead, negotiating, signed, landed, building, operating
  std::vector<StageMonth> months;
};
StageTimeline buildStageTimeline(const Store& store, const ReportOptions& options);
nlohmann::json stageTimelineJson(const StageTimeline& timeline);

}  // namespace landbank
