// landbank report --period 2026[-11] [--by subdistrict|sector|origin|tier|dept|stage] [--format table|csv|json]
#include <CLI/CLI.hpp>

#include <ostream>

#include "cli.h"
#include "landbank/error.h"
#include "landbank/layers.h"
#include "landbank/ledger_report.h"
#include "landbank/texts.h"
#include "ledger_cli.h"
#include "output.h"
#include "query_output.h"

namespace landbank::cli {

namespace {

class ReportCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--period", m_period, helpText("年份（2026）或月份（2026-11）", "A year (2026) or a month (2026-11)"))->required();
    app.add_option("--by", m_by, helpText("subdistrict 街道、sector 行业、origin 来源地、tier 企业层级、dept 部门 或 stage 阶段（默认：只列合计一行）", "subdistrict, sector, origin, tier, dept or stage (default: one total row)"));
    m_output.setup(app, kReportFormats);
  }

  int run(Context& context) override {
    // The listings' output layer: refused formats exit 2; -o FILE is written atomically.
    const OutputFormat format = m_output.resolve(context, kReportFormats);
    return m_output.emitContext(context, [&](Context& sink) { return runTo(sink, format); });
  }

 private:
  static constexpr OutputFormat kReportFormats[] = {OutputFormat::Table, OutputFormat::Json, OutputFormat::Csv};

  int runTo(Context& context, OutputFormat format) {
    ReportOptions options{m_period, m_by.empty() ? ReportGrouping::None : parseReportGrouping(m_by), todayOf(context)};
    const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
    const Report report = buildReport(store, options);
    if (format == OutputFormat::Json) {
      context.out << reportJson(report).dump(2) << "\n";
      return 0;
    }
    const Language language = context.language;
    const bool byDept = report.by == ReportGrouping::Dept;
    const nlohmann::json json = reportJson(report);
    // Columns: JSON keys (csv), labels (table).
    std::vector<std::pair<std::string, const char*>> columns{{"group", pick(language, "分组", "group")}};
    if (!byDept)
      for (const auto& [key, zh] : std::vector<std::pair<std::string, const char*>>{
               {"introduced", "新引进"}, {"signed", "签约"}, {"landed", "落地"}, {"operating", "投产"},
               {"committed_investment_wan", "签约投资(万元)"}, {"delivered_investment_wan", "完成投资(万元)"},
               {"land_supplied_mu", "供地(亩)"}, {"tax_per_mu", "亩均税收"}, {"output_per_mu", "亩均产出"}})
        columns.emplace_back(key, pick(language, zh, key.c_str()));
    for (const auto& [key, zh] : std::vector<std::pair<std::string, const char*>>{{"problems_opened", "新增问题"},
                                                                                 {"problems_resolved", "解决问题"},
                                                                                 {"problems_overdue", "逾期问题"},
                                                                                 {"mean_days_to_resolve", "平均办结天数"}})
      columns.emplace_back(key, pick(language, zh, key.c_str()));
    auto cell = [&](const nlohmann::json& row, const std::string& key, bool forPeople) -> std::string {
      const nlohmann::json& value = row.at(key);
      if (key == "group") {
        const std::string group = value.get<std::string>();
        if (!forPeople) return group;
        if (group == "total" || report.by == ReportGrouping::None) return pick(language, "合计", "total");
        if (group.empty()) return pick(language, "（未知）", "(unknown)");
        if (language == Language::Chinese && report.by == ReportGrouping::Stage) return ledgerLabel(group, language);
        if (language == Language::Chinese && report.by != ReportGrouping::Subdistrict && !byDept) return std::string(codeLabelZh(group));
        return group;
      }
      if (value.is_null()) return forPeople ? "-" : "";
      if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
      return forPeople ? formatNumber(value.get<double>(), 1) : fmt::format("{:.4f}", value.get<double>());
    };
    std::vector<nlohmann::json> all(json["rows"].begin(), json["rows"].end());
    if (report.by != ReportGrouping::None) all.push_back(json["total"]);
    if (format == OutputFormat::Csv) {
      for (std::size_t i = 0; i < columns.size(); ++i) context.out << (i ? "," : "") << columns[i].first;
      context.out << "\n";
      for (const nlohmann::json& row : all) {
        for (std::size_t i = 0; i < columns.size(); ++i) context.out << (i ? "," : "") << csvField(cell(row, columns[i].first, false));
        context.out << "\n";
      }
      return 0;
    }
    context.out << say(language, "统计期 {} 至 {}（年度实绩按 {} 年；逾期按 {} 计）", "period {} to {} (annual results of {}; overdue as of {})",
                       report.from, report.to, report.resultsYear, report.asOf)
                << "\n";
    std::vector<std::string> headers;
    for (const auto& column : columns) headers.push_back(column.second);
    std::vector<std::vector<std::string>> rows;
    for (const nlohmann::json& row : all) {
      std::vector<std::string> line;
      for (const auto& column : columns) line.push_back(cell(row, column.first, true));
      rows.push_back(line);
    }
    printTable(context.out, headers, rows, {headers[0]});
    return 0;
  }

  std::string m_period, m_by;
  OutputOptions m_output;
};

}  // namespace

std::unique_ptr<Command> makeReportCommand() { return std::make_unique<ReportCommand>(); }

}  // namespace landbank::cli
