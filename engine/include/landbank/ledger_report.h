#pragma once
// Statistics for the monthly meeting (`landbank report`): per period and grouping, projects
// introduced, signed, landed and put into production; committed and delivered investment; land
// supplied (亩) and its 亩均 results; problems opened, resolved, overdue and the mean days to resolve.
// Every figure is a sum (or count) over the ledger's rows, so the totals equal the sums of the groups.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace landbank {

class Store;

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

Report buildReport(const Store& store, const ReportOptions& options);
nlohmann::json reportJson(const Report& report);

}  // namespace landbank
