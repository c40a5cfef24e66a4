#include "app/ledger_overview.h"

#include <algorithm>

#include "landbank/follow_through.h"
#include "landbank/ledger.h"
#include "landbank/rulepack.h"

namespace landbank::viewer {

std::map<std::string, ProjectLedgerFlags> projectLedgerFlags(const Store& store, const RulePack& rules, const std::string& today, int stalledDays) {
  std::map<std::string, ProjectLedgerFlags> flags;
  for (const LedgerListRow& row : listLedger(store, LedgerListFilter{.stage = std::nullopt, .stalledDays = std::nullopt, .today = today})) {
    ProjectLedgerFlags& f = flags[row.projectId];
    f.stageSince = row.stageSince;
    f.daysInStage = row.daysInStage;
    f.openProblems = row.openProblems;
    f.overdueProblems = row.overdueProblems;
  }
  // Stalled as the engine defines it (still on the way, no stage change for the days given).
  for (const LedgerListRow& row : listLedger(store, LedgerListFilter{.stage = std::nullopt, .stalledDays = stalledDays, .today = today}))
    flags[row.projectId].stalled = true;
  for (const OverdueItem& item : overdueItems(store, today))
    if (item.kind == "commitment") ++flags[item.projectId].overdueCommitments;
  // The latest year with results of each project, graded as `landbank ledger grade P --year Y` does.
  for (auto& [id, f] : flags) {
    const std::vector<AnnualResult> results = resultsOf(store, id);
    if (results.empty()) continue;
    const int year = std::ranges::max(results, {}, &AnnualResult::year).year;
    const FollowThroughGrade grade = gradeProject(store, rules, id, year, Language::Chinese);
    f.gradeYear = year;
    f.grade = grade.grade;
    f.gradeLabel = grade.gradeLabel;
  }
  return flags;
}

std::shared_ptr<const std::unordered_map<std::string, std::string>> gradeTable(const std::map<std::string, ProjectLedgerFlags>& flags) {
  auto table = std::make_shared<std::unordered_map<std::string, std::string>>();
  for (const auto& [id, f] : flags)
    if (!f.grade.empty()) (*table)[id] = f.grade;
  return table;
}

}  // namespace landbank::viewer
