#pragma once
// The project ledger (项目推进台账): stage changes with date, note and who; the problems that block a
// project; visits and capital increases of landed firms; the investment agreement's commitments and
// the annual results; reservations (预留) of parcels for named projects. Every write runs in one
// transaction that also appends one audit row (landbank/audit.h); readers take a snapshot.
//
// Dates are business dates "YYYY-MM-DD" (local calendar, no time zone). Functions that depend on
// "today" take it as an argument: ledgerToday() gives the CLI's --today, else $LANDBANK_TODAY, else
// the calendar, so tests never depend on the wall clock.
// Errors: Error(UnknownId) for unknown projects, parcels, buildings, problems; Error(BadValue) for a
// value outside its code list or a move a rule refuses (the message names the rule).

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "landbank/language.h"

namespace landbank {

class Store;

// ---------------------------------------------------------------- dates

/// `given` (checked) when set, else $LANDBANK_TODAY (checked), else today's local calendar date.
std::string ledgerToday(const std::optional<std::string>& given = std::nullopt);
/// A date in any form the importer accepts (2026-11-20, 2026/11/20, 20261120, 2026年11月20日) as
/// "YYYY-MM-DD". Throws Error(BadValue) "<what>: '<text>' is not a date".
std::string parseLedgerDate(std::string_view text, std::string_view what);
/// Whole days from `from` to `to` (both "YYYY-MM-DD"); negative when `to` is earlier.
std::int64_t daysBetween(const std::string& from, const std::string& to);

// ---------------------------------------------------------------- codes

/// Stages in order, then "dropped": lead, negotiating, signed, landed, building, operating, dropped.
std::span<const std::string_view> ledgerStages();
/// "signed" or a Chinese label ("签约", "洽谈", "落地", ...) -> the stage code; Error(BadValue) otherwise.
std::string parseStage(std::string_view text);
/// Problem categories: approval, registration, land, planning, customs, environment, finance, other.
std::span<const std::string_view> problemCategories();
/// Capital increase kinds: strategic, expansion, production.
std::span<const std::string_view> capitalKinds();
/// A code or its Chinese label -> the code from `codes`; Error(BadValue) naming `what` otherwise.
std::string parseLedgerCode(std::span<const std::string_view> codes, std::string_view text, std::string_view what);
/// The label of a ledger code (stage, problem category, capital kind, problem status) for people:
/// Chinese by default, the code itself in English.
std::string ledgerLabel(std::string_view code, Language language);

// ---------------------------------------------------------------- stages

enum class MoveRules { Enforce, Force };

struct StageMoveRequest {
  std::string projectId;
  std::string toStage;           ///< a code of ledgerStages()
  std::string date;              ///< business date of the change
  std::string note;
  std::string reason;            ///< required when moving to dropped
  MoveRules rules = MoveRules::Enforce;
  std::optional<std::string> parcelId;    ///< landing on a parcel
  std::optional<std::string> buildingId;  ///< or in a building
  std::optional<double> floorSquareMetres;  ///< floor taken in the building (default: the project's floor_need_m2)
};

struct StageMoveResult {
  std::string projectId;
  std::string fromStage;   ///< empty when the project had none
  std::string toStage;
  std::string date;
  bool forced = false;
  std::string overriddenRule;  ///< the rule --force overrode ("backwards", "skipped", "reopen_dropped"), empty otherwise
  std::optional<std::string> parcelStatusBefore;  ///< landing on a parcel: its status before (now allocated)
  std::optional<double> vacantFloorAfter;         ///< landing in a building: its vacant floor afterwards
};

/// Moves a project to the next stage. Refused (Error(BadValue) naming the rule) when it is not the
/// next one: "backwards", "skipped", "reopen_dropped", "same_stage" (never forced), "dropped_needs_reason",
/// "landing_needs_site", "parcel_allocated", "parcel_reserved", "parcel_not_offered", "floor_exceeds_vacancy".
/// MoveRules::Force overrides backwards, skipped and reopen_dropped; the history row is flagged.
/// Landing on a parcel sets its status to allocated; in a building lowers its vacant floor; both in
/// the same transaction as the stage change and its audit row.
StageMoveResult moveStage(Store& store, const StageMoveRequest& request);

/// The rule a move from `from` (empty: none) to `to` breaks, or empty when it is allowed.
std::string stageMoveRule(const std::string& from, const std::string& to);

// ---------------------------------------------------------------- problems

struct ProblemInput {
  std::string projectId;
  std::string category;  ///< code of problemCategories() (Chinese label accepted)
  std::string dept;      ///< the department that must act
  std::string text;
  std::string openedOn;
  std::optional<std::string> dueOn;
};

struct ProblemUpdate {
  std::optional<std::string> category, dept, text, dueOn;
  std::string note;      ///< appended to the problem's notes with the date
  std::string date;
};

struct Problem {
  std::string id;  ///< "PB-0001"
  std::string projectId;
  std::string category, dept, text, openedOn;
  std::optional<std::string> dueOn;
  std::string status;  ///< open or resolved
  std::optional<std::string> resolvedOn;
  std::string resolution;
  nlohmann::json notes = nlohmann::json::array();  ///< [{"date":..., "note":...}]
  bool overdue = false;  ///< open and past due at the `today` of the query
};

struct ProblemFilter {
  bool openOnly = false;
  bool overdueOnly = false;
  std::optional<std::string> dept = std::nullopt, category = std::nullopt, projectId = std::nullopt;
  std::string today = {};  ///< for overdue
};

/// Returns the new problem's id.
std::string addProblem(Store& store, const ProblemInput& input);
Problem updateProblem(Store& store, const std::string& problemId, const ProblemUpdate& update);
Problem resolveProblem(Store& store, const std::string& problemId, const std::string& date, const std::string& resolution);
std::vector<Problem> listProblems(const Store& store, const ProblemFilter& filter);

// ---------------------------------------------------------------- service

struct VisitInput {
  std::string projectId, date, visitor, findings, requests;
};
struct CapitalIncreaseInput {
  std::string projectId;
  std::string kind;  ///< strategic, expansion, production
  double amountWan = 0;
  std::string date, note;
};
std::int64_t addVisit(Store& store, const VisitInput& input);
std::int64_t addCapitalIncrease(Store& store, const CapitalIncreaseInput& input);

// ---------------------------------------------------------------- commitments and results

/// The agreement's promises; unset members keep their stored value.
struct CommitmentInput {
  std::string projectId;
  std::optional<double> investmentWan, outputWan, taxWan, jobs, energyTce;
  std::optional<std::string> constructionStart, completion, production, signedOn;
  std::map<std::string, std::string> clauses;  ///< commitment key (investment_wan, ...) -> clause text
};

struct Commitments {
  std::string projectId;
  std::optional<double> investmentWan, outputWan, taxWan, jobs, energyTce;
  std::optional<std::string> constructionStart, completion, production, signedOn;
  std::map<std::string, std::string> clauses;
};

struct AnnualResult {
  std::string projectId;
  int year = 0;
  std::optional<double> investmentWan, outputWan, taxWan, jobs, energyTce;
};

Commitments setCommitments(Store& store, const CommitmentInput& input);
std::optional<Commitments> commitmentsOf(const Store& store, const std::string& projectId);
/// Inserts or replaces the result of one project and year (at least one figure must be given).
void recordResult(Store& store, const AnnualResult& result);
/// Results of many projects from a CSV or XLSX file (columns project, year, investment, output, tax,
/// jobs, energy; canonical *_wan/_tce names and Chinese headers accepted), all or nothing: the first
/// bad row throws an error naming the file, the row ("#N" or the project id) and the field. Returns rows written.
std::int64_t importResults(Store& store, const std::filesystem::path& file);
std::vector<AnnualResult> resultsOf(const Store& store, const std::string& projectId);

// ---------------------------------------------------------------- reservations

struct Reservation {
  std::int64_t id = 0;
  std::string parcelId, projectId, until, reservedOn;
  std::optional<std::string> releasedOn;
  std::string note;
};

/// Reserves a parcel (status reserved or available) for a project until a date. Refused when it is
/// already reserved for another project (until released or expired).
Reservation reserveParcel(Store& store, const std::string& projectId, const std::string& parcelId, const std::string& until,
                          const std::string& today, const std::string& note = {});
/// Ends the parcel's active reservation (for `projectId` when given). Error(UnknownId) when there is none.
Reservation releaseParcel(Store& store, const std::string& parcelId, const std::optional<std::string>& projectId,
                          const std::string& today);
/// Reservations not released and not expired at `today`.
std::vector<Reservation> activeReservations(const Store& store, const std::string& today);

// ---------------------------------------------------------------- reading the ledger

struct TimelineEntry {
  std::string date;
  std::string kind;  ///< stage, problem_opened, problem_resolved, visit, capital, result
  std::string text;  ///< for people, in the requested language
  nlohmann::json detail;
};

struct StageChange {
  std::string fromStage, toStage, date, note, reason, user;
  bool forced = false;
  std::string overriddenRule;
  std::optional<std::string> siteKind, siteId;
  std::optional<double> floorSquareMetres;
};

struct ProjectLedger {
  std::string projectId, name, sector, stage;
  std::optional<std::string> subdistrict, parcelId, buildingId;
  std::optional<double> floorSquareMetres;
  std::vector<StageChange> stages;
  std::vector<Problem> problems;
  std::vector<VisitInput> visits;
  std::vector<CapitalIncreaseInput> capital;
  std::optional<Commitments> commitments;
  std::vector<AnnualResult> results;
  std::vector<Reservation> reservations;
  std::vector<TimelineEntry> timeline;  ///< everything above by date
};

ProjectLedger projectLedger(const Store& store, const std::string& projectId, const std::string& today, Language language);
nlohmann::json projectLedgerJson(const ProjectLedger& ledger);

struct LedgerListFilter {
  std::optional<std::string> stage;
  std::optional<int> stalledDays;  ///< only projects without a stage change for at least this many days
  std::string today;
};

struct LedgerListRow {
  std::string projectId, name, sector, stage;
  std::optional<std::string> subdistrict;
  std::optional<std::string> stageSince;   ///< date of the last stage change
  std::optional<std::int64_t> daysInStage;
  std::int64_t openProblems = 0, overdueProblems = 0;
};

std::vector<LedgerListRow> listLedger(const Store& store, const LedgerListFilter& filter);

struct OverdueItem {
  std::string projectId;
  std::string kind;  ///< commitment or problem
  std::string what;  ///< construction_start, completion, production, or the problem id
  std::string dueOn;
  std::int64_t daysOverdue = 0;
  std::string text;  ///< problem text, or the stage the project is at
};

/// Commitment dates past due (construction start while not yet building; completion and production
/// while not yet operating; dropped projects excluded) and open problems past their due date.
std::vector<OverdueItem> overdueItems(const Store& store, const std::string& today);

}  // namespace landbank
