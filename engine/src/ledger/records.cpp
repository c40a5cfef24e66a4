// Problems, visits, capital increases, commitments and annual results: each write one transaction with
// its audit row. Reservations live in reservations.cpp.
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include <ogrsf_frmts.h>

#include "detail/gdal.h"
#include "detail/sqlite.h"
#include "field_values.h"
#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/ledger.h"
#include "landbank/store.h"
#include "ledger/ledger_internal.h"

namespace landbank {

namespace {

std::string requiredText(const std::string& value, const char* field, const std::string& feature, const char* layer) {
  std::string text = value;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  if (text.empty()) throw Error(ErrorCode::MissingField, Message{"必填值为空", "required value is empty"}, {.layer = layer, .feature = feature, .field = field});
  return text;
}

std::optional<std::string> optionalDate(const std::optional<std::string>& value, const char* what) {
  if (!value) return std::nullopt;
  return parseLedgerDate(*value, what);
}

void checkAmount(const std::optional<double>& value, const char* field, const std::string& feature, const char* layer) {
  if (value && (!std::isfinite(*value) || *value < 0))
    throw Error(ErrorCode::BadValue, Message{"必须是不小于 0 的数", "must be a number of at least 0"}, {.layer = layer, .feature = feature, .field = field});
}

Problem problemFromRow(const SqliteStatement& row, const std::string& today) {
  Problem problem;
  problem.id = row.columnText(0);
  problem.projectId = row.columnText(1);
  problem.category = row.columnText(2);
  problem.dept = row.columnText(3);
  problem.text = row.columnText(4);
  problem.openedOn = row.columnText(5);
  problem.dueOn = row.columnOptionalText(6);
  problem.status = row.columnText(7);
  problem.resolvedOn = row.columnOptionalText(8);
  problem.resolution = row.columnText(9);
  problem.notes = nlohmann::json::parse(row.columnText(10), nullptr, false);
  if (!problem.notes.is_array()) problem.notes = nlohmann::json::array();
  problem.overdue = problem.status == "open" && problem.dueOn && !today.empty() && *problem.dueOn < today;
  return problem;
}

constexpr const char* kProblemColumns =
    "id, project_id, category, dept, text, opened_on, due_on, status, resolved_on, resolution, notes";

Problem readProblem(SqliteDatabase& db, const std::string& problemId) {
  auto statement = db.prepare(std::string("SELECT ") + kProblemColumns + " FROM ledger_problems WHERE id = ?");
  statement.bind(1, problemId);
  if (!statement.step()) throw Error(ErrorCode::UnknownId, Message{"没有这个问题", "no such problem"}, {.layer = "ledger_problems", .feature = problemId});
  return problemFromRow(statement, "");
}

}  // namespace

nlohmann::json problemJson(const Problem& problem) {
  return {{"id", problem.id},       {"project", problem.projectId},          {"category", problem.category},
          {"dept", problem.dept},   {"text", problem.text},                  {"opened_on", problem.openedOn},
          {"due_on", optionalJson(problem.dueOn)}, {"status", problem.status}, {"resolved_on", optionalJson(problem.resolvedOn)},
          {"resolution", problem.resolution}};
}

Commitments commitmentsFromRow(const SqliteStatement& row) {
  Commitments c;
  c.projectId = row.columnText(0);
  c.investmentWan = row.columnOptionalDouble(1);
  c.outputWan = row.columnOptionalDouble(2);
  c.taxWan = row.columnOptionalDouble(3);
  c.jobs = row.columnOptionalDouble(4);
  c.energyTce = row.columnOptionalDouble(5);
  c.constructionStart = row.columnOptionalText(6);
  c.completion = row.columnOptionalText(7);
  c.production = row.columnOptionalText(8);
  c.signedOn = row.columnOptionalText(9);
  const nlohmann::json clauses = nlohmann::json::parse(row.columnText(10), nullptr, false);
  if (clauses.is_object())
    for (const auto& [key, value] : clauses.items())
      if (value.is_string()) c.clauses[key] = value.get<std::string>();
  return c;
}

nlohmann::json commitmentsJson(const Commitments& c) {
  return {{"investment_wan", optionalJson(c.investmentWan)}, {"output_wan", optionalJson(c.outputWan)},
          {"tax_wan", optionalJson(c.taxWan)},               {"jobs", optionalJson(c.jobs)},
          {"energy_tce", optionalJson(c.energyTce)},         {"construction_start", optionalJson(c.constructionStart)},
          {"completion", optionalJson(c.completion)},        {"production", optionalJson(c.production)},
          {"signed_on", optionalJson(c.signedOn)},           {"clauses", c.clauses}};
}

nlohmann::json resultJson(const AnnualResult& r) {
  return {{"year", r.year},
          {"investment_wan", optionalJson(r.investmentWan)},
          {"output_wan", optionalJson(r.outputWan)},
          {"tax_wan", optionalJson(r.taxWan)},
          {"jobs", optionalJson(r.jobs)},
          {"energy_tce", optionalJson(r.energyTce)}};
}

namespace {

// Writes one result row (no transaction, no audit): shared by recordResult and importResults.
nlohmann::json writeResult(SqliteDatabase& db, const AnnualResult& result) {
  auto before = db.prepare("SELECT investment_wan, output_wan, tax_wan, jobs, energy_tce FROM ledger_results WHERE project_id = ? AND year = ?");
  before.bind(1, result.projectId).bind(2, result.year);
  nlohmann::json previous = nullptr;
  if (before.step()) {
    AnnualResult old{result.projectId, result.year, before.columnOptionalDouble(0), before.columnOptionalDouble(1),
                     before.columnOptionalDouble(2), before.columnOptionalDouble(3), before.columnOptionalDouble(4)};
    previous = resultJson(old);
  }
  auto write = db.prepare(
      "INSERT OR REPLACE INTO ledger_results(project_id, year, investment_wan, output_wan, tax_wan, jobs, energy_tce)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)");
  write.bind(1, result.projectId).bind(2, result.year);
  bindOptional(write, 3, result.investmentWan);
  bindOptional(write, 4, result.outputWan);
  bindOptional(write, 5, result.taxWan);
  if (result.jobs) write.bind(6, static_cast<std::int64_t>(std::llround(*result.jobs))); else write.bindNull(6);
  bindOptional(write, 7, result.energyTce);
  write.run();
  return previous;
}

void checkResult(const AnnualResult& result, const ErrorContext& base) {
  auto at = [&](const char* field) {
    ErrorContext context = base;
    context.field = field;
    return context;
  };
  if (result.year < 1990 || result.year > 2100) throw Error(ErrorCode::BadValue, Message{"年份必须在 1990 到 2100 之间", "year must be between 1990 and 2100"}, at("year"));
  for (const auto& [field, value] : {std::pair{"investment", result.investmentWan}, std::pair{"output", result.outputWan},
                                     std::pair{"tax", result.taxWan}, std::pair{"jobs", result.jobs}, std::pair{"energy", result.energyTce}})
    if (value && (!std::isfinite(*value) || *value < 0)) throw Error(ErrorCode::BadValue, Message{"必须是不小于 0 的数", "must be a number of at least 0"}, at(field));
  if (result.jobs && *result.jobs != std::floor(*result.jobs)) throw Error(ErrorCode::BadValue, Message{"必须是整数", "must be a whole number"}, at("jobs"));
  if (!result.investmentWan && !result.outputWan && !result.taxWan && !result.jobs && !result.energyTce)
    throw Error(ErrorCode::MissingField,
                Message{"实绩至少要有一项数字（投资 investment、产值 output、税收 tax、就业 jobs、能耗 energy）", "a result needs at least one figure (investment, output, tax, jobs, energy)"},
                base);
}

}  // namespace

// ---------------------------------------------------------------- problems

std::string addProblem(Store& store, const ProblemInput& input) {
  const std::string category = parseLedgerCode(problemCategories(), input.category, "--category");
  const std::string opened = parseLedgerDate(input.openedOn, "--date");
  const std::optional<std::string> due = optionalDate(input.dueOn, "--due");
  SqliteDatabase& db = store.database();
  SqliteTransaction transaction(db);
  requireProjectStage(db, input.projectId);
  const std::string dept = requiredText(input.dept, "dept", input.projectId, "ledger_problems");
  const std::string text = requiredText(input.text, "text", input.projectId, "ledger_problems");
  const std::int64_t next =
      db.queryInt("SELECT coalesce(max(CAST(substr(id, 4) AS INTEGER)), 0) + 1 FROM ledger_problems WHERE id LIKE 'PB-%'").value_or(1);
  char id[32];
  std::snprintf(id, sizeof id, "PB-%04lld", static_cast<long long>(next));
  auto insert = db.prepare(
      "INSERT INTO ledger_problems(id, project_id, category, dept, text, opened_on, due_on) VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, id).bind(2, input.projectId).bind(3, category).bind(4, dept).bind(5, text).bind(6, opened);
  bindOptional(insert, 7, due);
  insert.run();
  const Problem problem = readProblem(db, id);
  store.recordAudit(AuditEntry{"problem_add", "ledger_problems", id, {{"before", nullptr}, {"after", problemJson(problem)}}, input.projectId});
  transaction.commit();
  return id;
}

Problem updateProblem(Store& store, const std::string& problemId, const ProblemUpdate& update) {
  SqliteDatabase& db = store.database();
  SqliteTransaction transaction(db);
  Problem problem = readProblem(db, problemId);
  const nlohmann::json before = problemJson(problem);
  if (update.category) problem.category = parseLedgerCode(problemCategories(), *update.category, "--category");
  if (update.dept) problem.dept = requiredText(*update.dept, "dept", problemId, "ledger_problems");
  if (update.text) problem.text = requiredText(*update.text, "text", problemId, "ledger_problems");
  if (update.dueOn) problem.dueOn = parseLedgerDate(*update.dueOn, "--due");
  if (!update.note.empty()) problem.notes.push_back({{"date", parseLedgerDate(update.date, "--date")}, {"note", update.note}});
  auto write = db.prepare("UPDATE ledger_problems SET category = ?, dept = ?, text = ?, due_on = ?, notes = ? WHERE id = ?");
  write.bind(1, problem.category).bind(2, problem.dept).bind(3, problem.text);
  bindOptional(write, 4, problem.dueOn);
  write.bind(5, problem.notes.dump()).bind(6, problemId);
  write.run();
  nlohmann::json after = problemJson(problem);
  if (!update.note.empty()) after["note"] = update.note;
  store.recordAudit(AuditEntry{"problem_update", "ledger_problems", problemId, {{"before", before}, {"after", after}}, problem.projectId});
  transaction.commit();
  return problem;
}

Problem resolveProblem(Store& store, const std::string& problemId, const std::string& date, const std::string& resolution) {
  const std::string on = parseLedgerDate(date, "--date");
  SqliteDatabase& db = store.database();
  SqliteTransaction transaction(db);
  Problem problem = readProblem(db, problemId);
  if (problem.status == "resolved")
    throw Error(ErrorCode::BadValue, Message{"这个问题已于 " + problem.resolvedOn.value_or("?") + " 解决", "the problem was already resolved on " + problem.resolvedOn.value_or("?")},
                {.layer = "ledger_problems", .feature = problemId});
  if (on < problem.openedOn)
    throw Error(ErrorCode::BadValue,
                Message{"解决日期 " + on + " 早于登记日期（" + problem.openedOn + "）", "resolved on " + on + ", before it was opened (" + problem.openedOn + ")"},
                {.layer = "ledger_problems", .feature = problemId, .field = "date"});
  const nlohmann::json before = problemJson(problem);
  problem.status = "resolved";
  problem.resolvedOn = on;
  problem.resolution = resolution;
  auto write = db.prepare("UPDATE ledger_problems SET status = 'resolved', resolved_on = ?, resolution = ? WHERE id = ?");
  write.bind(1, on).bind(2, resolution).bind(3, problemId);
  write.run();
  store.recordAudit(AuditEntry{"problem_resolve", "ledger_problems", problemId, {{"before", before}, {"after", problemJson(problem)}},
                               problem.projectId});
  transaction.commit();
  return problem;
}

std::vector<Problem> listProblems(const Store& store, const ProblemFilter& filter) {
  SqliteDatabase& db = store.database();
  std::string sql = std::string("SELECT ") + kProblemColumns + " FROM ledger_problems WHERE 1 = 1";
  if (filter.openOnly || filter.overdueOnly) sql += " AND status = 'open'";
  if (filter.overdueOnly) sql += " AND due_on IS NOT NULL AND due_on < ?";
  if (filter.dept) sql += " AND dept = ?";
  if (filter.category) sql += " AND category = ?";
  if (filter.projectId) sql += " AND project_id = ?";
  sql += " ORDER BY id";
  auto statement = db.prepare(sql);
  int index = 1;
  if (filter.overdueOnly) statement.bind(index++, filter.today);
  if (filter.dept) statement.bind(index++, *filter.dept);
  if (filter.category) statement.bind(index++, parseLedgerCode(problemCategories(), *filter.category, "--category"));
  if (filter.projectId) statement.bind(index++, *filter.projectId);
  std::vector<Problem> problems;
  while (statement.step()) problems.push_back(problemFromRow(statement, filter.today));
  return problems;
}

// ---------------------------------------------------------------- service

std::int64_t addVisit(Store& store, const VisitInput& input) {
  const std::string date = parseLedgerDate(input.date, "--date");
  SqliteDatabase& db = store.database();
  SqliteTransaction transaction(db);
  requireProjectStage(db, input.projectId);
  const std::string visitor = requiredText(input.visitor, "visitor", input.projectId, "ledger_visits");
  auto insert = db.prepare("INSERT INTO ledger_visits(project_id, visited_on, visitor, findings, requests) VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, input.projectId).bind(2, date).bind(3, visitor).bind(4, input.findings).bind(5, input.requests);
  insert.run();
  const std::int64_t id = db.lastInsertRowId();
  store.recordAudit(AuditEntry{"visit_add", "ledger_visits", std::to_string(id),
                               {{"before", nullptr},
                                {"after", {{"date", date}, {"visitor", visitor}, {"findings", input.findings}, {"requests", input.requests}}}},
                               input.projectId});
  transaction.commit();
  return id;
}

std::int64_t addCapitalIncrease(Store& store, const CapitalIncreaseInput& input) {
  const std::string kind = parseLedgerCode(capitalKinds(), input.kind, "--kind");
  const std::string date = parseLedgerDate(input.date, "--date");
  if (!std::isfinite(input.amountWan) || input.amountWan <= 0)
    throw Error(ErrorCode::BadValue, Message{"必须是正的金额（万元）", "must be a positive amount in 万元"}, {.layer = "ledger_capital", .feature = input.projectId, .field = "amount"});
  SqliteDatabase& db = store.database();
  SqliteTransaction transaction(db);
  requireProjectStage(db, input.projectId);
  auto insert = db.prepare("INSERT INTO ledger_capital(project_id, kind, amount_wan, on_date, note) VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, input.projectId).bind(2, kind).bind(3, input.amountWan).bind(4, date).bind(5, input.note);
  insert.run();
  const std::int64_t id = db.lastInsertRowId();
  store.recordAudit(AuditEntry{"capital_add", "ledger_capital", std::to_string(id),
                               {{"before", nullptr}, {"after", {{"kind", kind}, {"amount_wan", input.amountWan}, {"date", date}, {"note", input.note}}}},
                               input.projectId});
  transaction.commit();
  return id;
}

// ---------------------------------------------------------------- commitments and results

std::optional<Commitments> commitmentsOf(const Store& store, const std::string& projectId) {
  auto statement = store.database().prepare(
      "SELECT project_id, investment_wan, output_wan, tax_wan, jobs, energy_tce, construction_start, completion, production,"
      " signed_on, clauses FROM ledger_commitments WHERE project_id = ?");
  statement.bind(1, projectId);
  if (!statement.step()) return std::nullopt;
  return commitmentsFromRow(statement);
}

Commitments setCommitments(Store& store, const CommitmentInput& input) {
  for (const auto& [field, value] : {std::pair{"investment", input.investmentWan}, std::pair{"output", input.outputWan},
                                     std::pair{"tax", input.taxWan}, std::pair{"jobs", input.jobs}, std::pair{"energy", input.energyTce}})
    checkAmount(value, field, input.projectId, "ledger_commitments");
  static const std::set<std::string> kClauseKeys{"investment_wan", "output_wan", "tax_wan", "jobs", "energy_tce",
                                                 "construction_start", "completion", "production"};
  for (const auto& [key, text] : input.clauses)
    if (!kClauseKeys.count(key))
      throw Error(ErrorCode::BadValue,
                  Message{"'" + key + "' 不是承诺项（investment_wan、output_wan、tax_wan、jobs、energy_tce、construction_start、completion、production）",
                          "'" + key + "' is not a commitment (investment_wan, output_wan, tax_wan, jobs, energy_tce,"
                          " construction_start, completion, production)"},
                  {.layer = "ledger_commitments", .feature = input.projectId, .field = "clause"});
  Commitments next;
  SqliteDatabase& db = store.database();
  SqliteTransaction transaction(db);
  requireProjectStage(db, input.projectId);
  const std::optional<Commitments> previous = commitmentsOf(store, input.projectId);
  if (previous) next = *previous;
  next.projectId = input.projectId;
  if (input.investmentWan) next.investmentWan = input.investmentWan;
  if (input.outputWan) next.outputWan = input.outputWan;
  if (input.taxWan) next.taxWan = input.taxWan;
  if (input.jobs) next.jobs = input.jobs;
  if (input.energyTce) next.energyTce = input.energyTce;
  if (input.constructionStart) next.constructionStart = parseLedgerDate(*input.constructionStart, "--construction-start");
  if (input.completion) next.completion = parseLedgerDate(*input.completion, "--completion");
  if (input.production) next.production = parseLedgerDate(*input.production, "--production");
  if (input.signedOn) next.signedOn = parseLedgerDate(*input.signedOn, "--signed-on");
  for (const auto& [key, text] : input.clauses) next.clauses[key] = text;
  auto write = db.prepare(
      "INSERT OR REPLACE INTO ledger_commitments(project_id, investment_wan, output_wan, tax_wan, jobs, energy_tce,"
      " construction_start, completion, production, signed_on, clauses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  write.bind(1, next.projectId);
  bindOptional(write, 2, next.investmentWan);
  bindOptional(write, 3, next.outputWan);
  bindOptional(write, 4, next.taxWan);
  if (next.jobs) write.bind(5, static_cast<std::int64_t>(std::llround(*next.jobs))); else write.bindNull(5);
  bindOptional(write, 6, next.energyTce);
  bindOptional(write, 7, next.constructionStart);
  bindOptional(write, 8, next.completion);
  bindOptional(write, 9, next.production);
  bindOptional(write, 10, next.signedOn);
  write.bind(11, nlohmann::json(next.clauses).dump());
  write.run();
  store.recordAudit(AuditEntry{"commitments_set", "ledger_commitments", input.projectId,
                               {{"before", previous ? commitmentsJson(*previous) : nlohmann::json(nullptr)}, {"after", commitmentsJson(next)}},
                               input.projectId});
  transaction.commit();
  return next;
}

void recordResult(Store& store, const AnnualResult& result) {
  checkResult(result, {.layer = "ledger_results", .feature = result.projectId});
  SqliteDatabase& db = store.database();
  SqliteTransaction transaction(db);
  requireProjectStage(db, result.projectId);
  const nlohmann::json before = writeResult(db, result);
  store.recordAudit(AuditEntry{"result_record", "ledger_results", result.projectId + "/" + std::to_string(result.year),
                               {{"before", before}, {"after", resultJson(result)}}, result.projectId});
  transaction.commit();
}

std::vector<AnnualResult> resultsOf(const Store& store, const std::string& projectId) {
  auto statement = store.database().prepare(
      "SELECT project_id, year, investment_wan, output_wan, tax_wan, jobs, energy_tce FROM ledger_results WHERE project_id = ? ORDER BY year");
  statement.bind(1, projectId);
  std::vector<AnnualResult> results;
  while (statement.step())
    results.push_back({statement.columnText(0), static_cast<int>(statement.columnInt(1)), statement.columnOptionalDouble(2),
                       statement.columnOptionalDouble(3), statement.columnOptionalDouble(4), statement.columnOptionalDouble(5),
                       statement.columnOptionalDouble(6)});
  return results;
}

std::int64_t importResults(Store& store, const std::filesystem::path& file) {
  const std::string fileText = file.string();
  ensureGdalRegistered();
  GdalErrorCapture capture;
  const char* const drivers[] = {"CSV", "XLSX", nullptr};
  const char* const openOptions[] = {"AUTODETECT_TYPE=NO", "HEADERS=FORCE", "FIELD_TYPES=STRING", nullptr};
  GdalDatasetPtr dataset(GDALDataset::Open(fileText.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, openOptions, nullptr));
  if (!dataset || dataset->GetLayerCount() < 1)
    throw Error(ErrorCode::Io, Message{"无法读取实绩（应为 CSV 或 XLSX 文件）" + capture.suffix(), "cannot read results (a CSV or XLSX file)" + capture.suffix()}, {.file = fileText});
  OGRLayer& layer = *dataset->GetLayer(0);
  OGRFeatureDefn& definition = *layer.GetLayerDefn();
  // Column -> figure; English codes, the canonical *_wan names and the Chinese headers of the bureau's sheets.
  static const std::map<std::string, std::string> kHeaders{
      {"project", "project"},       {"project_id", "project"},   {"id", "project"},          {"项目编号", "project"},
      {"year", "year"},             {"年份", "year"},             {"investment", "investment"}, {"investment_wan", "investment"},
      {"投资", "investment"},        {"完成投资", "investment"},     {"output", "output"},         {"output_wan", "output"},
      {"产值", "output"},            {"tax", "tax"},               {"tax_wan", "tax"},           {"税收", "tax"},
      {"jobs", "jobs"},             {"就业", "jobs"},              {"energy", "energy"},         {"energy_tce", "energy"},
      {"能耗", "energy"}};
  std::map<std::string, int> columns;
  for (int i = 0; i < definition.GetFieldCount(); ++i) {
    std::string name = definition.GetFieldDefn(i)->GetNameRef();
    auto found = kHeaders.find(name);
    if (found == kHeaders.end())
      throw Error(ErrorCode::BadValue,
                  Message{"不认识的列 '" + name + "'（可用：project、year、investment、output、tax、jobs、energy）",
                          "unknown column '" + name + "' (project, year, investment, output, tax, jobs, energy)"},
                  {.file = fileText, .field = name});
    columns[found->second] = i;
  }
  for (const char* needed : {"project", "year"})
    if (!columns.count(needed)) throw Error(ErrorCode::MissingField, Message{"文件中没有列 '" + std::string(needed) + "'", "the file has no column '" + std::string(needed) + "'"},
                  {.file = fileText, .field = needed});

  static const FieldSpec kNumber{"figure", FieldType::Real};
  SqliteDatabase& db = store.database();
  SqliteTransaction transaction(db);
  std::int64_t row = 0, written = 0;
  std::set<std::pair<std::string, int>> seen;
  nlohmann::json rows = nlohmann::json::array();
  layer.ResetReading();
  for (auto& feature : layer) {
    ++row;
    std::string label = "#" + std::to_string(row);
    auto text = [&](const char* key) -> std::string {
      auto found = columns.find(key);
      if (found == columns.end() || !feature->IsFieldSetAndNotNull(found->second)) return "";
      return feature->GetFieldAsString(found->second);
    };
    AnnualResult result;
    result.projectId = text("project");
    while (!result.projectId.empty() && std::isspace(static_cast<unsigned char>(result.projectId.back()))) result.projectId.pop_back();
    if (result.projectId.empty())
      throw Error(ErrorCode::MissingField, Message{"必填值为空", "required value is empty"}, {.file = fileText, .layer = "ledger_results", .feature = label, .field = "project"});
    label = result.projectId;
    const ErrorContext context{.file = fileText, .layer = "ledger_results", .feature = label, .row = row};
    auto number = [&](const char* key) -> std::optional<double> {
      try {
        const nlohmann::json value = parseFieldValue(kNumber, text(key));
        if (value.is_null()) return std::nullopt;
        return value.get<double>();
      } catch (const Error& error) {
        ErrorContext at = context;
        at.field = key;
        throw Error(ErrorCode::BadValue, error.problemMessage(), at);
      }
    };
    const std::optional<double> year = number("year");
    if (!year) {
      ErrorContext at = context;
      at.field = "year";
      throw Error(ErrorCode::MissingField, Message{"必填值为空", "required value is empty"}, at);
    }
    if (*year != std::floor(*year)) {
      ErrorContext at = context;
      at.field = "year";
      throw Error(ErrorCode::BadValue, Message{"必须是整年", "must be a whole year"}, at);
    }
    result.year = static_cast<int>(*year);
    result.investmentWan = number("investment");
    result.outputWan = number("output");
    result.taxWan = number("tax");
    result.jobs = number("jobs");
    result.energyTce = number("energy");
    checkResult(result, context);
    try {
      requireProjectStage(db, result.projectId);
    } catch (const Error&) {
      ErrorContext at = context;
      at.field = "project";
      throw Error(ErrorCode::UnknownId, Message{"没有这个项目", "no such project"}, at);
    }
    if (!seen.insert({result.projectId, result.year}).second) {
      ErrorContext at = context;
      at.field = "year";
      throw Error(ErrorCode::Duplicate, Message{"文件中这个项目的同一年份出现了两次", "the file gives this project's year twice"}, at);
    }
    writeResult(db, result);
    nlohmann::json item = resultJson(result);
    item["project"] = result.projectId;
    rows.push_back(item);
    ++written;
  }
  store.recordAudit(AuditEntry{"results_import", "ledger_results", "",
                               {{"source", file.filename().string()}, {"rows", written}, {"after", rows}}});
  transaction.commit();
  return written;
}

}  // namespace landbank
