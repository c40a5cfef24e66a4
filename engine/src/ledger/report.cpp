// The monthly statistics: events of the ledger in a period, attributed to groups and summed.
#include "landbank/ledger_report.h"

#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>

#include "detail/sqlite.h"
#include "landbank/error.h"
#include "landbank/ledger.h"
#include "landbank/rulepack.h"
#include "landbank/store.h"
#include "landbank/texts.h"
#include "ledger/ledger_internal.h"

namespace landbank {

namespace {

struct GroupingName {
  ReportGrouping grouping;
  const char* name;
};
constexpr GroupingName kGroupings[] = {{ReportGrouping::None, "none"},     {ReportGrouping::Subdistrict, "subdistrict"},
                                       {ReportGrouping::Sector, "sector"}, {ReportGrouping::Origin, "origin"},
                                       {ReportGrouping::Tier, "tier"},     {ReportGrouping::Dept, "dept"},
                                       {ReportGrouping::Stage, "stage"}};

// Period "2026" or "2026-11" -> inclusive first and last day.
std::pair<std::string, std::string> periodRange(const std::string& period) {
  // A period that looks like one but names no real year or month (2026-13) is still a bad option
  // value: a usage error (exit 2), as the shape check below says.
  auto checked = [&](const std::string& date) {
    try {
      return parseLedgerDate(date, "--period");
    } catch (const Error&) {
      throw Error(ErrorCode::Usage, Message{"--period '" + period + "' 不是真实的年份或月份；请给出年份（2026）或月份（2026-11）",
                                            "--period '" + period + "' is not a real year or month; give a year (2026) or a month (2026-11)"});
    }
  };
  if (period.size() == 4) {
    checked(period + "-01-01");
    return {period + "-01-01", period + "-12-31"};
  }
  if (period.size() == 7 && period[4] == '-') {
    const std::string first = checked(period + "-01");
    const int year = std::stoi(period.substr(0, 4)), month = std::stoi(period.substr(5, 2));
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
    return {first, period + "-" + (last < 10 ? "0" : "") + std::to_string(last)};
  }
  throw Error(ErrorCode::Usage, Message{"--period '" + period + "' 必须是年份（2026）或月份（2026-11）", "--period '" + period + "' must be a year (2026) or a month (2026-11)"});
}

}  // namespace

ReportGrouping parseReportGrouping(const std::string& text) {
  for (const GroupingName& item : kGroupings)
    if (text == item.name) return item.grouping;
  throw Error(ErrorCode::Usage, Message{"--by '" + text + "' 必须是 subdistrict（街道）、sector（产业领域）、origin（来源地）、tier（企业层级）、dept（部门）、stage（阶段）之一",
                                        "--by '" + text + "' must be one of subdistrict, sector, origin, tier, dept, stage"});
}

std::string reportGroupingName(ReportGrouping grouping) {
  for (const GroupingName& item : kGroupings)
    if (item.grouping == grouping) return item.name;
  return "none";
}

Report buildReport(const Store& store, const RulePack& rules, const ReportOptions& options) {
  SqliteDatabase& db = store.database();
  SqliteReadSnapshot snapshot(db);
  Report report;
  report.period = options.period;
  std::tie(report.from, report.to) = periodRange(options.period);
  report.resultsYear = std::stoi(options.period.substr(0, 4));
  report.asOf = options.today.empty() || options.today > report.to ? report.to : options.today;
  report.by = options.by;
  const bool byDept = options.by == ReportGrouping::Dept;

  // The group of every project (unknown: "").
  std::map<std::string, std::string> groupOf;
  {
    std::string key;
    switch (options.by) {
      case ReportGrouping::Sector: key = "p.sector"; break;
      case ReportGrouping::Origin: key = "p.origin"; break;
      case ReportGrouping::Tier: key = "p.tier"; break;
      case ReportGrouping::Stage: key = "p.stage"; break;
      // A project's subdistrict: kept by the ledger (entry, landing), else where its point lies.
      case ReportGrouping::Subdistrict:
        key = "coalesce(l.subdistrict, (SELECT b.name FROM boundaries b WHERE b.level = 'subdistrict' AND p.geom IS NOT NULL"
              " AND ST_Contains(b.geom, p.geom) = 1 ORDER BY b.id LIMIT 1))";
        break;
      default: key = "''";
    }
    auto statement = db.prepare("SELECT p.id, coalesce(" + key + ", '') FROM projects p LEFT JOIN project_location l ON l.project_id = p.id");
    while (statement.step()) groupOf[statement.columnText(0)] = statement.columnText(1);
  }
  std::map<std::string, ReportRow> rows;
  auto rowFor = [&](const std::string& projectId) -> ReportRow& {
    auto found = groupOf.find(projectId);
    const std::string group = found == groupOf.end() ? "" : found->second;
    ReportRow& row = rows[group];
    row.group = group;
    return row;
  };
  if (options.by == ReportGrouping::None) rows[""].group = "";

  if (!byDept) {
    // Introduced: the first entry of a project's stage history falls in the period.
    auto introduced = db.prepare(
        "SELECT project_id FROM ledger_stage_history GROUP BY project_id HAVING min(on_date) BETWEEN ? AND ?");
    introduced.bind(1, report.from).bind(2, report.to);
    while (introduced.step()) ++rowFor(introduced.columnText(0)).introduced;
    // Moves into signed, landed, operating (a project counted once per stage even if moved twice).
    auto moves = db.prepare(
        "SELECT DISTINCT project_id, to_stage FROM ledger_stage_history WHERE on_date BETWEEN ? AND ?"
        " AND to_stage IN ('signed', 'landed', 'operating')");
    moves.bind(1, report.from).bind(2, report.to);
    while (moves.step()) {
      ReportRow& row = rowFor(moves.columnText(0));
      const std::string stage = moves.columnText(1);
      if (stage == "signed") ++row.signedCount;
      else if (stage == "landed") ++row.landed;
      else ++row.operating;
    }
    auto committed = db.prepare(
        "SELECT c.project_id, c.investment_wan FROM ledger_commitments c WHERE c.investment_wan IS NOT NULL AND c.project_id IN"
        " (SELECT project_id FROM ledger_stage_history WHERE to_stage = 'signed' AND on_date BETWEEN ? AND ?)");
    committed.bind(1, report.from).bind(2, report.to);
    while (committed.step()) rowFor(committed.columnText(0)).committedInvestmentWan += committed.columnDouble(1);
    auto land = db.prepare(
        "SELECT h.project_id, p.area_mu FROM ledger_stage_history h JOIN parcels p ON p.id = h.site_id"
        " WHERE h.to_stage = 'landed' AND h.site_kind = 'parcel' AND h.on_date BETWEEN ? AND ?");
    land.bind(1, report.from).bind(2, report.to);
    while (land.step()) rowFor(land.columnText(0)).landSuppliedMu += land.columnDouble(1);
    // Annual results of the period's year; 亩均 over the projects whose land is on record.
    auto results = db.prepare(
        "SELECT r.project_id, r.investment_wan, r.tax_wan, r.output_wan,"
        " (SELECT area_mu FROM parcels WHERE id = l.parcel_id), l.floor_m2"
        " FROM ledger_results r LEFT JOIN project_location l ON l.project_id = r.project_id WHERE r.year = ?");
    results.bind(1, report.resultsYear);
    while (results.step()) {
      ReportRow& row = rowFor(results.columnText(0));
      if (!results.isNull(1)) row.deliveredInvestmentWan += results.columnDouble(1);
      const std::optional<double> landMu = occupiedLandMu(results.columnOptionalDouble(4), results.columnOptionalDouble(5), rules);
      if (landMu && *landMu > 0) {
        row.resultLandMu += *landMu;
        if (!results.isNull(2)) row.taxWan += results.columnDouble(2);
        if (!results.isNull(3)) row.outputWan += results.columnDouble(3);
      }
    }
  }
  // Problems: by department, or by their project's group.
  auto problems = db.prepare("SELECT project_id, dept, opened_on, due_on, status, resolved_on FROM ledger_problems");
  while (problems.step()) {
    const std::string projectId = problems.columnText(0), dept = problems.columnText(1), opened = problems.columnText(2);
    const std::optional<std::string> due = problems.columnOptionalText(3), resolved = problems.columnOptionalText(5);
    ReportRow* row = nullptr;
    if (byDept) {
      row = &rows[dept];
      row->group = dept;
    } else {
      row = &rowFor(projectId);
    }
    if (opened >= report.from && opened <= report.to) ++row->problemsOpened;
    if (resolved && *resolved >= report.from && *resolved <= report.to) {
      ++row->problemsResolved;
      row->daysToResolveSum += static_cast<double>(daysBetween(opened, *resolved));
    }
    const bool openAtAsOf = opened <= report.asOf && (!resolved || *resolved > report.asOf);
    if (openAtAsOf && due && *due < report.asOf) ++row->problemsOverdue;
  }

  auto finish = [](ReportRow& row) {
    if (row.resultLandMu > 0) {
      row.taxPerMu = row.taxWan / row.resultLandMu;
      row.outputPerMu = row.outputWan / row.resultLandMu;
    }
    if (row.problemsResolved > 0) row.meanDaysToResolve = row.daysToResolveSum / static_cast<double>(row.problemsResolved);
  };
  report.total.group = "total";
  for (auto& [group, row] : rows) {
    finish(row);
    ReportRow& t = report.total;
    t.introduced += row.introduced;
    t.signedCount += row.signedCount;
    t.landed += row.landed;
    t.operating += row.operating;
    t.committedInvestmentWan += row.committedInvestmentWan;
    t.deliveredInvestmentWan += row.deliveredInvestmentWan;
    t.landSuppliedMu += row.landSuppliedMu;
    t.taxWan += row.taxWan;
    t.outputWan += row.outputWan;
    t.resultLandMu += row.resultLandMu;
    t.problemsOpened += row.problemsOpened;
    t.problemsResolved += row.problemsResolved;
    t.problemsOverdue += row.problemsOverdue;
    t.daysToResolveSum += row.daysToResolveSum;
    report.rows.push_back(row);
  }
  finish(report.total);
  return report;
}

nlohmann::json reportJson(const Report& report) {
  const bool byDept = report.by == ReportGrouping::Dept;
  auto rowJson = [&](const ReportRow& row) {
    nlohmann::json json{{"group", row.group},
                        {"problems_opened", row.problemsOpened},
                        {"problems_resolved", row.problemsResolved},
                        {"problems_overdue", row.problemsOverdue},
                        {"mean_days_to_resolve", optionalJson(row.meanDaysToResolve)}};
    if (!byDept) {
      json["introduced"] = row.introduced;
      json["signed"] = row.signedCount;
      json["landed"] = row.landed;
      json["operating"] = row.operating;
      json["committed_investment_wan"] = row.committedInvestmentWan;
      json["delivered_investment_wan"] = row.deliveredInvestmentWan;
      json["land_supplied_mu"] = row.landSuppliedMu;
      json["tax_wan"] = row.taxWan;
      json["output_wan"] = row.outputWan;
      json["result_land_mu"] = row.resultLandMu;
      json["tax_per_mu"] = optionalJson(row.taxPerMu);
      json["output_per_mu"] = optionalJson(row.outputPerMu);
    }
    return json;
  };
  nlohmann::json rows = nlohmann::json::array();
  for (const ReportRow& row : report.rows) rows.push_back(rowJson(row));
  return {{"period", report.period}, {"from", report.from},         {"to", report.to},     {"results_year", report.resultsYear},
          {"as_of", report.asOf},     {"by", reportGroupingName(report.by)}, {"rows", rows}, {"total", rowJson(report.total)}};
}

}  // namespace landbank

namespace landbank {

namespace {

struct FigureText {
  std::string_view key, zh, en, unitZh, unitEn;
};
// The report's figures as people read them; the same words as the report table's columns.
constexpr FigureText kFigures[] = {
    {"introduced", "新引进项目", "projects introduced", "个", "projects"},
    {"signed", "签约项目", "projects signed", "个", "projects"},
    {"landed", "落地项目", "projects landed", "个", "projects"},
    {"operating", "投产项目", "projects put into production", "个", "projects"},
    {"committed_investment_wan", "签约投资", "committed investment", "万元", "10k yuan"},
    {"delivered_investment_wan", "完成投资", "delivered investment", "万元", "10k yuan"},
    {"land_supplied_mu", "供地面积", "land supplied", "亩", "mu"},
    {"tax_per_mu", "亩均税收", "tax per mu", "万元/亩", "10k yuan/mu"},
    {"output_per_mu", "亩均产出", "output per mu", "万元/亩", "10k yuan/mu"},
    {"problems_opened", "新增问题", "problems opened", "个", "problems"},
    {"problems_resolved", "解决问题", "problems resolved", "个", "problems"},
    {"problems_overdue", "逾期问题", "problems overdue", "个", "problems"},
    {"mean_days_to_resolve", "平均办结天数", "mean days to resolve", "天", "days"},
};
constexpr std::array<std::string_view, std::size(kFigures)> kFigureNames = [] {
  std::array<std::string_view, std::size(kFigures)> names{};
  for (std::size_t i = 0; i < std::size(kFigures); ++i) names[i] = kFigures[i].key;
  return names;
}();

const FigureText* findFigure(std::string_view key) {
  for (const FigureText& figure : kFigures)
    if (figure.key == key) return &figure;
  return nullptr;
}

// "2026-11" -> the month after / before.
std::string shiftMonth(const std::string& month, int by) {
  int index = std::stoi(month.substr(0, 4)) * 12 + std::stoi(month.substr(5, 2)) - 1 + by;
  return fmt::format("{:04d}-{:02d}", index / 12, index % 12 + 1);
}

}  // namespace

std::span<const std::string_view> reportFigureNames() { return kFigureNames; }

std::string parseReportFigure(std::string_view text) {
  if (findFigure(text)) return std::string(text);
  if (text == "land_mu" || text == "land") return "land_supplied_mu";
  if (text == "committed") return "committed_investment_wan";
  if (text == "delivered") return "delivered_investment_wan";
  std::string list;
  for (std::string_view name : kFigureNames) list += (list.empty() ? "" : ", ") + std::string(name);
  throw Error(ErrorCode::Usage, Message{"--map '" + std::string(text) + "' 必须是 " + list + " 之一（或 land_mu）", "--map '" + std::string(text) + "' must be one of " + list + " (or land_mu)"});
}

std::optional<double> reportFigureValue(const ReportRow& row, std::string_view figure) {
  if (figure == "introduced") return static_cast<double>(row.introduced);
  if (figure == "signed") return static_cast<double>(row.signedCount);
  if (figure == "landed") return static_cast<double>(row.landed);
  if (figure == "operating") return static_cast<double>(row.operating);
  if (figure == "committed_investment_wan") return row.committedInvestmentWan;
  if (figure == "delivered_investment_wan") return row.deliveredInvestmentWan;
  if (figure == "land_supplied_mu") return row.landSuppliedMu;
  if (figure == "tax_per_mu") return row.taxPerMu;
  if (figure == "output_per_mu") return row.outputPerMu;
  if (figure == "problems_opened") return static_cast<double>(row.problemsOpened);
  if (figure == "problems_resolved") return static_cast<double>(row.problemsResolved);
  if (figure == "problems_overdue") return static_cast<double>(row.problemsOverdue);
  if (figure == "mean_days_to_resolve") return row.meanDaysToResolve;
  throw Error(ErrorCode::Internal, "unknown report figure '" + std::string(figure) + "'");
}

std::string reportFigureLabel(std::string_view figure, Language language) {
  const FigureText* text = findFigure(figure);
  if (!text) return std::string(figure);
  return std::string(language == Language::Chinese ? text->zh : text->en);
}

std::string reportFigureUnit(std::string_view figure, Language language) {
  const FigureText* text = findFigure(figure);
  if (!text) return "";
  return std::string(language == Language::Chinese ? text->unitZh : text->unitEn);
}

StageTimeline buildStageTimeline(const Store& store, const ReportOptions& options) {
  SqliteDatabase& db = store.database();
  SqliteReadSnapshot snapshot(db);
  StageTimeline timeline;
  timeline.period = options.period;
  const std::string to = periodRange(options.period).second;
  timeline.asOf = options.today.empty() || options.today > to ? to : options.today;
  for (std::string_view stage : ledgerStages())
    if (stage != "dropped") timeline.stages.emplace_back(stage);
  // The months: a year's, or the twelve ending with the month asked for; none after the as-of date.
  std::string month = options.period.size() == 4 ? options.period + "-01" : shiftMonth(options.period, -11);
  const std::string lastMonth = to.substr(0, 7);
  // A project's stage at a date: the one of its latest move on or before it (projects that are gone do not count).
  auto count = db.prepare(
      "SELECT h.to_stage, count(*) FROM ledger_stage_history h JOIN projects p ON p.id = h.project_id"
      " WHERE h.seq = (SELECT x.seq FROM ledger_stage_history x WHERE x.project_id = h.project_id AND x.on_date <= ?1"
      " ORDER BY x.on_date DESC, x.seq DESC LIMIT 1) GROUP BY h.to_stage");
  for (; month <= lastMonth && month + "-01" <= timeline.asOf; month = shiftMonth(month, 1)) {
    StageMonth item;
    item.month = month;
    const std::string monthEnd = periodRange(month).second;
    item.countedOn = std::min(monthEnd, timeline.asOf);
    item.counts.assign(timeline.stages.size(), 0);
    count.bind(1, item.countedOn);
    while (count.step()) {
      const auto found = std::find(timeline.stages.begin(), timeline.stages.end(), count.columnText(0));
      if (found == timeline.stages.end()) continue;  // dropped
      item.counts[static_cast<std::size_t>(found - timeline.stages.begin())] = count.columnInt(1);
      item.total += count.columnInt(1);
    }
    count.reset();
    timeline.months.push_back(std::move(item));
  }
  return timeline;
}

nlohmann::json stageTimelineJson(const StageTimeline& timeline) {
  nlohmann::json months = nlohmann::json::array();
  for (const StageMonth& month : timeline.months) {
    nlohmann::json counts = nlohmann::json::object();
    for (std::size_t i = 0; i < timeline.stages.size(); ++i) counts[timeline.stages[i]] = month.counts[i];
    months.push_back({{"month", month.month}, {"counted_on", month.countedOn}, {"counts", counts}, {"total", month.total}});
  }
  return {{"period", timeline.period}, {"as_of", timeline.asOf}, {"stages", timeline.stages}, {"months", months}};
}

}  // namespace landbank
