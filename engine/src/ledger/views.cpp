// Reading the ledger: one project's timeline, the list with stalled projects, what is overdue.
#include <algorithm>
#include <cmath>

#include "detail/sqlite.h"
#include "landbank/error.h"
#include "landbank/ledger.h"
#include "landbank/store.h"
#include "landbank/texts.h"
#include "ledger/ledger_internal.h"

namespace landbank {

namespace {

std::string amountText(double value) {
  if (value == std::floor(value)) return fmt::format("{:.0f}", value);
  return fmt::format("{:.1f}", value);
}

std::vector<StageChange> stageChanges(SqliteDatabase& db, const std::string& projectId) {
  auto statement = db.prepare(
      "SELECT coalesce(from_stage, ''), to_stage, on_date, note, reason, user, forced, forced_rule, site_kind, site_id, floor_m2"
      " FROM ledger_stage_history WHERE project_id = ? ORDER BY on_date, seq");
  statement.bind(1, projectId);
  std::vector<StageChange> list;
  while (statement.step())
    list.push_back({statement.columnText(0), statement.columnText(1), statement.columnText(2), statement.columnText(3),
                    statement.columnText(4), statement.columnText(5), statement.columnInt(6) != 0, statement.columnText(7),
                    statement.columnOptionalText(8), statement.columnOptionalText(9), statement.columnOptionalDouble(10)});
  return list;
}

}  // namespace

ProjectLedger projectLedger(const Store& store, const std::string& projectId, const std::string& today, Language language) {
  SqliteDatabase& db = store.database();
  SqliteReadSnapshot snapshot(db);
  ProjectLedger ledger;
  {
    auto project = db.prepare(
        "SELECT p.id, p.name, p.sector, coalesce(p.stage, ''), l.subdistrict, l.parcel_id, l.building_id, l.floor_m2"
        " FROM projects p LEFT JOIN project_location l ON l.project_id = p.id WHERE p.id = ?");
    project.bind(1, projectId);
    if (!project.step()) throw Error(ErrorCode::UnknownId, Message{"没有这个项目", "no such project"}, {.layer = "projects", .feature = projectId});
    ledger.projectId = project.columnText(0);
    ledger.name = project.columnText(1);
    ledger.sector = project.columnText(2);
    ledger.stage = project.columnText(3);
    ledger.subdistrict = project.columnOptionalText(4);
    ledger.parcelId = project.columnOptionalText(5);
    ledger.buildingId = project.columnOptionalText(6);
    ledger.floorSquareMetres = project.columnOptionalDouble(7);
  }
  ledger.stages = stageChanges(db, projectId);
  ledger.problems = listProblems(store, ProblemFilter{.projectId = projectId, .today = today});
  {
    auto visits = db.prepare("SELECT project_id, visited_on, visitor, findings, requests FROM ledger_visits WHERE project_id = ? ORDER BY visited_on, id");
    visits.bind(1, projectId);
    while (visits.step())
      ledger.visits.push_back({visits.columnText(0), visits.columnText(1), visits.columnText(2), visits.columnText(3), visits.columnText(4)});
    auto capital = db.prepare("SELECT project_id, kind, amount_wan, on_date, note FROM ledger_capital WHERE project_id = ? ORDER BY on_date, id");
    capital.bind(1, projectId);
    while (capital.step())
      ledger.capital.push_back({capital.columnText(0), capital.columnText(1), capital.columnDouble(2), capital.columnText(3), capital.columnText(4)});
    auto reservations = db.prepare(
        "SELECT id, parcel_id, project_id, until, reserved_on, released_on, note FROM ledger_reservations WHERE project_id = ? ORDER BY id");
    reservations.bind(1, projectId);
    while (reservations.step())
      ledger.reservations.push_back({reservations.columnInt(0), reservations.columnText(1), reservations.columnText(2), reservations.columnText(3),
                                     reservations.columnText(4), reservations.columnOptionalText(5), reservations.columnText(6)});
  }
  ledger.commitments = commitmentsOf(store, projectId);
  ledger.results = resultsOf(store, projectId);

  auto& timeline = ledger.timeline;
  for (const StageChange& change : ledger.stages) {
    std::string text = change.fromStage.empty()
                           ? say(language, "登记为{}", "entered at {}", ledgerLabel(change.toStage, language))
                           : say(language, "{} → {}", "{} -> {}", ledgerLabel(change.fromStage, language), ledgerLabel(change.toStage, language));
    if (change.siteId) text += say(language, "（{} {}）", " ({} {})", pick(language, change.siteKind == "parcel" ? "地块" : "楼宇", change.siteKind->c_str()), *change.siteId);
    if (change.forced) text += say(language, " [强制，违反规则 {}]", " [forced over rule {}]", change.overriddenRule);
    if (!change.reason.empty()) text += say(language, "，原因：{}", ", reason: {}", change.reason);
    // First entries of older databases carry the English marker 'entered' (the text already says so);
    // the sample's say 'sample'.
    std::string note = change.note;
    if (change.fromStage.empty() && note == "entered") note.clear();
    if (change.fromStage.empty() && note == "sample") note = pick(language, "示例数据", "sample data");
    if (!note.empty()) text += say(language, "；{}", "; {}", note);
    timeline.push_back({change.date, "stage", text,
                        {{"from", change.fromStage.empty() ? nlohmann::json(nullptr) : nlohmann::json(change.fromStage)},
                         {"to", change.toStage}, {"forced", change.forced}, {"user", change.user}}});
  }
  for (const Problem& problem : ledger.problems) {
    timeline.push_back({problem.openedOn, "problem_opened",
                        say(language, "问题 {}（{}，{}）：{}", "problem {} ({}, {}): {}", problem.id, ledgerLabel(problem.category, language),
                            problem.dept, problem.text),
                        {{"problem", problem.id}}});
    if (problem.resolvedOn)
      timeline.push_back({*problem.resolvedOn, "problem_resolved",
                          say(language, "问题 {} 已解决：{}", "problem {} resolved: {}", problem.id, problem.resolution), {{"problem", problem.id}}});
  }
  for (const VisitInput& visit : ledger.visits)
    timeline.push_back({visit.date, "visit",
                        say(language, "走访（{}）：{}{}", "visit ({}): {}{}", visit.visitor, visit.findings,
                            visit.requests.empty() ? std::string() : say(language, "；诉求：{}", "; requests: {}", visit.requests)),
                        {{"visitor", visit.visitor}}});
  for (const CapitalIncreaseInput& increase : ledger.capital)
    timeline.push_back({increase.date, "capital",
                        say(language, "{} {} 万元", "{} {} 万元 (10^4 yuan)", ledgerLabel(increase.kind, language), amountText(increase.amountWan)),
                        {{"kind", increase.kind}, {"amount_wan", increase.amountWan}}});
  for (const AnnualResult& result : ledger.results)
    timeline.push_back({std::to_string(result.year) + "-12-31", "result",
                        say(language, "{} 年度实绩：税收 {} 万元，产值 {} 万元", "results {}: tax {} 万元, output {} 万元", result.year,
                            result.taxWan ? amountText(*result.taxWan) : "-", result.outputWan ? amountText(*result.outputWan) : "-"),
                        resultJson(result)});
  std::stable_sort(timeline.begin(), timeline.end(), [](const TimelineEntry& a, const TimelineEntry& b) { return a.date < b.date; });
  return ledger;
}

nlohmann::json projectLedgerJson(const ProjectLedger& ledger) {
  nlohmann::json stages = nlohmann::json::array();
  for (const StageChange& c : ledger.stages)
    stages.push_back({{"from", c.fromStage.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.fromStage)},
                      {"to", c.toStage},
                      {"date", c.date},
                      {"note", c.note},
                      {"reason", c.reason},
                      {"user", c.user},
                      {"forced", c.forced},
                      {"forced_rule", c.overriddenRule},
                      {"site_kind", optionalJson(c.siteKind)},
                      {"site_id", optionalJson(c.siteId)},
                      {"floor_m2", optionalJson(c.floorSquareMetres)}});
  nlohmann::json problems = nlohmann::json::array();
  for (const Problem& p : ledger.problems) {
    nlohmann::json item = problemJson(p);
    item["overdue"] = p.overdue;
    item["notes"] = p.notes;
    problems.push_back(item);
  }
  nlohmann::json visits = nlohmann::json::array();
  for (const VisitInput& v : ledger.visits)
    visits.push_back({{"date", v.date}, {"visitor", v.visitor}, {"findings", v.findings}, {"requests", v.requests}});
  nlohmann::json capital = nlohmann::json::array();
  for (const CapitalIncreaseInput& c : ledger.capital)
    capital.push_back({{"kind", c.kind}, {"amount_wan", c.amountWan}, {"date", c.date}, {"note", c.note}});
  nlohmann::json results = nlohmann::json::array();
  for (const AnnualResult& r : ledger.results) results.push_back(resultJson(r));
  nlohmann::json reservations = nlohmann::json::array();
  for (const Reservation& r : ledger.reservations) reservations.push_back(reservationJson(r));
  nlohmann::json timeline = nlohmann::json::array();
  for (const TimelineEntry& t : ledger.timeline) timeline.push_back({{"date", t.date}, {"kind", t.kind}, {"text", t.text}, {"detail", t.detail}});
  return {{"project", ledger.projectId},
          {"name", ledger.name},
          {"sector", ledger.sector},
          {"stage", ledger.stage},
          {"subdistrict", optionalJson(ledger.subdistrict)},
          {"parcel", optionalJson(ledger.parcelId)},
          {"building", optionalJson(ledger.buildingId)},
          {"floor_m2", optionalJson(ledger.floorSquareMetres)},
          {"stages", stages},
          {"problems", problems},
          {"visits", visits},
          {"capital_increases", capital},
          {"commitments", ledger.commitments ? commitmentsJson(*ledger.commitments) : nlohmann::json(nullptr)},
          {"results", results},
          {"reservations", reservations},
          {"timeline", timeline}};
}

std::vector<LedgerListRow> listLedger(const Store& store, const LedgerListFilter& filter) {
  SqliteDatabase& db = store.database();
  SqliteReadSnapshot snapshot(db);
  std::string sql =
      "SELECT p.id, p.name, p.sector, coalesce(p.stage, ''), l.subdistrict,"
      " (SELECT max(on_date) FROM ledger_stage_history h WHERE h.project_id = p.id),"
      " (SELECT count(*) FROM ledger_problems q WHERE q.project_id = p.id AND q.status = 'open'),"
      " (SELECT count(*) FROM ledger_problems q WHERE q.project_id = p.id AND q.status = 'open' AND q.due_on < ?)"
      " FROM projects p LEFT JOIN project_location l ON l.project_id = p.id";
  if (filter.stage) sql += " WHERE p.stage = ?";
  sql += " ORDER BY p.id";
  auto statement = db.prepare(sql);
  statement.bind(1, filter.today);
  if (filter.stage) statement.bind(2, parseStage(*filter.stage));
  std::vector<LedgerListRow> rows;
  while (statement.step()) {
    LedgerListRow row{statement.columnText(0), statement.columnText(1), statement.columnText(2), statement.columnText(3),
                      statement.columnOptionalText(4), statement.columnOptionalText(5), std::nullopt, statement.columnInt(6),
                      statement.columnInt(7)};
    if (row.stageSince) row.daysInStage = daysBetween(*row.stageSince, filter.today);
    if (filter.stalledDays) {
      // Stalled: still on the way (not operating, not dropped) and no stage change for the days given.
      const bool open = row.stage != "operating" && row.stage != "dropped";
      if (!open || !row.daysInStage || *row.daysInStage < *filter.stalledDays) continue;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<OverdueItem> overdueItems(const Store& store, const std::string& today) {
  SqliteDatabase& db = store.database();
  SqliteReadSnapshot snapshot(db);
  std::vector<OverdueItem> items;
  auto statement = db.prepare(
      "SELECT c.project_id, coalesce(p.stage, ''), c.construction_start, c.completion, c.production"
      " FROM ledger_commitments c JOIN projects p ON p.id = c.project_id ORDER BY c.project_id");
  while (statement.step()) {
    const std::string project = statement.columnText(0), stage = statement.columnText(1);
    if (stage == "dropped") continue;
    const int reached = stageIndex(stage);
    // construction_start is met from building on; completion and production at operating.
    const std::pair<const char*, int> dates[] = {{"construction_start", stageIndex("building")},
                                                 {"completion", stageIndex("operating")},
                                                 {"production", stageIndex("operating")}};
    for (int i = 0; i < 3; ++i) {
      const std::optional<std::string> due = statement.columnOptionalText(2 + i);
      if (!due || *due >= today || reached >= dates[i].second) continue;
      items.push_back({project, "commitment", dates[i].first, *due, daysBetween(*due, today), stage});
    }
  }
  for (const Problem& problem : listProblems(store, ProblemFilter{.openOnly = true, .overdueOnly = true, .today = today}))
    items.push_back({problem.projectId, "problem", problem.id, *problem.dueOn, daysBetween(*problem.dueOn, today), problem.text});
  std::stable_sort(items.begin(), items.end(), [](const OverdueItem& a, const OverdueItem& b) {
    return a.daysOverdue != b.daysOverdue ? a.daysOverdue > b.daysOverdue : a.projectId < b.projectId;
  });
  return items;
}

}  // namespace landbank
