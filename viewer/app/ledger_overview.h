#pragma once
// What the viewer shows of the project ledger beside each project: how long it has stood at its
// stage (stalled when at least the chosen number of days, as `landbank ledger list --stalled`),
// what is overdue (`landbank ledger overdue`), and its latest follow-through grade (`ledger grade`).
// Everything comes from the engine's ledger functions (landbank/ledger.h, follow_through.h); no SQL.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "landbank/language.h"

namespace landbank {
class Store;
class RulePack;
}  // namespace landbank

namespace landbank::viewer {

struct ProjectLedgerFlags {
  std::optional<std::string> stageSince;       ///< date of the last stage change
  std::optional<std::int64_t> daysInStage;     ///< days from stageSince to `today`
  bool stalled = false;                        ///< the engine's --stalled DAYS says so
  std::int64_t openProblems = 0;
  std::int64_t overdueProblems = 0;
  std::int64_t overdueCommitments = 0;         ///< commitment dates passed (start, completion, production)
  std::string grade;                           ///< latest follow-through grade A..D, empty when not graded
  std::string gradeLabel;                      ///< 优先发展, ...
  int gradeYear = 0;                           ///< the year of that grade (0: none)
  bool overdue() const { return overdueProblems > 0 || overdueCommitments > 0; }
};

/// Flags of every project in the ledger at `today` ("YYYY-MM-DD"); `stalledDays` as the CLI's
/// --stalled. Throws landbank::Error on database failure.
std::map<std::string, ProjectLedgerFlags> projectLedgerFlags(const Store& store, const RulePack& rules, const std::string& today, int stalledDays);

/// Project id -> grade letter, for the map's grade colours.
std::shared_ptr<const std::unordered_map<std::string, std::string>> gradeTable(const std::map<std::string, ProjectLedgerFlags>& flags);

}  // namespace landbank::viewer
