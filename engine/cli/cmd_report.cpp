// landbank report --period 2026[-11] [--by subdistrict|sector|origin|tier|dept|stage] [--format table|csv|json|xlsx] [-o FILE]
//   [--map FIGURE | --chart stages] [--size WxH] [--title TEXT] [--rules FILE]
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <ostream>

#include "cli.h"
#include "usage_errors.h"
#include "help_language.h"
#include "landbank/error.h"
#include "landbank/layers.h"
#include "landbank/ledger_report.h"
#include "landbank/rulepack.h"
#include "landbank/texts.h"
#include "landbank/workbook.h"
#include "ledger_cli.h"
#include "map_export_loader.h"
#include "output.h"
#include "query_output.h"

#ifdef LANDBANK_MAP_EXPORT_LIBRARY
#include "export/map_export.h"
#else
#define LANDBANK_EXPORT_REPORT_PICTURE_SYMBOL "landbank_export_report_picture"
#endif

namespace landbank::cli {

namespace {

struct Column {
  std::string key;
  std::string label;
};

// The report's columns: JSON keys (csv) and labels (table, workbook).
std::vector<Column> reportColumns(ReportGrouping by, Language language) {
  std::vector<Column> columns{{"group", pick(language, "分组", "group")}};
  if (by != ReportGrouping::Dept)
    for (const auto& [key, zh] : std::vector<std::pair<std::string, const char*>>{
             {"introduced", "新引进"}, {"signed", "签约"}, {"landed", "落地"}, {"operating", "投产"},
             {"committed_investment_wan", "签约投资(万元)"}, {"delivered_investment_wan", "完成投资(万元)"},
             {"land_supplied_mu", "供地(亩)"}, {"tax_per_mu", "亩均税收"}, {"output_per_mu", "亩均产出"}})
      columns.push_back({key, pick(language, zh, key.c_str())});
  for (const auto& [key, zh] : std::vector<std::pair<std::string, const char*>>{{"problems_opened", "新增问题"},
                                                                               {"problems_resolved", "解决问题"},
                                                                               {"problems_overdue", "逾期问题"},
                                                                               {"mean_days_to_resolve", "平均办结天数"}})
    columns.push_back({key, pick(language, zh, key.c_str())});
  return columns;
}

// A group's name for people: the label of its code, 合计 for the total, （未知） for none.
std::string groupLabel(const Report& report, const std::string& group, Language language) {
  if (group == "total" || report.by == ReportGrouping::None) return pick(language, "合计", "total");
  if (group.empty()) return pick(language, "（未知）", "(unknown)");
  if (language == Language::Chinese && report.by == ReportGrouping::Stage) return ledgerLabel(group, language);
  if (language == Language::Chinese && report.by != ReportGrouping::Subdistrict && report.by != ReportGrouping::Dept)
    return std::string(codeLabelZh(group));
  return group;
}

// The rows of a report as JSON objects, the total last when there are groups.
std::vector<nlohmann::json> reportRows(const Report& report) {
  const nlohmann::json json = reportJson(report);
  std::vector<nlohmann::json> all(json["rows"].begin(), json["rows"].end());
  if (report.by != ReportGrouping::None) all.push_back(json["total"]);
  return all;
}

const char* groupingSheetName(ReportGrouping by, Language language) {
  switch (by) {
    case ReportGrouping::None: return pick(language, "合计", "total");
    case ReportGrouping::Subdistrict: return pick(language, "按街道", "by subdistrict");
    case ReportGrouping::Sector: return pick(language, "按产业", "by sector");
    case ReportGrouping::Origin: return pick(language, "按来源地", "by origin");
    case ReportGrouping::Tier: return pick(language, "按企业层级", "by tier");
    case ReportGrouping::Dept: return pick(language, "按部门", "by department");
    case ReportGrouping::Stage: return pick(language, "按阶段", "by stage");
  }
  return "report";
}

WorkbookSheet reportSheet(const Report& report, Language language) {
  WorkbookSheet sheet;
  sheet.name = groupingSheetName(report.by, language);
  const std::vector<Column> columns = reportColumns(report.by, language);
  for (const Column& column : columns) {
    CellType type = CellType::Real;
    if (column.key == "group") type = CellType::Text;
    else if (column.key == "introduced" || column.key == "signed" || column.key == "landed" || column.key == "operating" ||
             column.key.starts_with("problems_"))
      type = CellType::Integer;
    sheet.columns.push_back({column.label, type});
  }
  for (const nlohmann::json& row : reportRows(report)) {
    std::vector<nlohmann::json> cells;
    for (const Column& column : columns)
      cells.push_back(column.key == "group" ? nlohmann::json(groupLabel(report, row.at("group").get<std::string>(), language)) : row.at(column.key));
    sheet.rows.push_back(std::move(cells));
  }
  return sheet;
}

std::pair<int, int> parseSize(const std::string& text, std::pair<int, int> fallback) {
  if (text.empty()) return fallback;
  int width = 0, height = 0;
  char x = 0, rest = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &width, &x, &height, &rest) != 3 || (x != 'x' && x != 'X') || width < 320 || height < 240 ||
      width > 10000 || height > 10000)
    throw Error(ErrorCode::Usage, Message{"--size " + text + "：请写成 宽x高（像素，320x240 到 10000x10000），如 1600x1100",
                                          "--size " + text + ": write WIDTHxHEIGHT in pixels (320x240 to 10000x10000), e.g. 1600x1100"});
  return {width, height};
}

std::string periodText(const std::string& period, Language language) {
  if (language == Language::English) return period;
  if (period.size() == 4) return period + "年";
  return fmt::format("{}年{}月", period.substr(0, 4), std::stoi(period.substr(5, 2)));
}

class ReportCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--period", m_period, helpText("年份（2026）或月份（2026-11）", "A year (2026) or a month (2026-11)"))->required();
    app.add_option("--by", m_by, helpText("subdistrict 街道、sector 行业、origin 来源地、tier 企业层级、dept 部门 或 stage 阶段（默认：只列合计一行）", "subdistrict, sector, origin, tier, dept or stage (default: one total row)"));
    m_output.setup(app);
    static const char* const kFigures =
        "introduced, signed, landed, operating, committed_investment_wan, delivered_investment_wan, land_mu, tax_per_mu, output_per_mu, "
        "problems_opened, problems_resolved, problems_overdue, mean_days_to_resolve";
    app.add_option("--map", m_map,
                   helpText(std::string("按街道绘制专题图（分级设色）到 -o FILE.png|.svg，指标：") + kFigures,
                            std::string("Draw a figure by subdistrict into -o FILE.png|.svg: ") + kFigures));
    app.add_option("--chart", m_chart,
                   helpText("绘制图表到 -o FILE.png|.svg：stages（每月末各推进阶段的项目数）",
                            "Draw a chart into -o FILE.png|.svg: stages (projects by stage at each month's end)"))
        ->check(CLI::IsMember({"stages"}));
    app.add_option("--size", m_size, helpText("图片尺寸 宽x高（像素；专题图 1600x1100，图表 1600x900）", "Picture size WIDTHxHEIGHT in pixels (map 1600x1100, chart 1600x900)"));
    app.add_option("--title", m_title, helpText("图片标题（默认：指标与统计期）", "Picture title (default: the figure and the period)"));
    app.add_option("--rules", m_rules, helpText("规则包（默认：自带的 gisdata/rulepack.json）", "Rule pack (default: the bundled gisdata/rulepack.json)"));
  }

  int run(Context& context) override {
    if (!m_map.empty() && !m_chart.empty()) throw Error(ErrorCode::Usage, Message{"--map 和 --chart 只能给一个", "give --map or --chart, not both"});
    const std::string extension = std::filesystem::path(m_output.file).extension().string();
    if (!m_map.empty() || !m_chart.empty()) return runPicture(context, extension);
    if (!m_size.empty() || !m_title.empty()) throw Error(ErrorCode::Usage, Message{"--size 和 --title 须与 --map 或 --chart 一起使用", "--size and --title go with --map or --chart"});
    if (m_output.format == "xlsx" || (m_output.format.empty() && extension == ".xlsx")) return runWorkbook(context, extension);
    static constexpr OutputFormat kReportFormats[] = {OutputFormat::Table, OutputFormat::Json, OutputFormat::Csv};
    if (extension == ".png" || extension == ".svg")
      throw Error(ErrorCode::Usage, Message{"-o " + m_output.file + "：画图需要 --map 指标 或 --chart stages", "-o " + m_output.file + ": a picture needs --map FIGURE or --chart stages"});
    const OutputFormat format = m_output.resolve(context, kReportFormats);
    const RulePack rules = loadRules();
    const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
    const Report report = buildReport(store, rules, options(context, m_by.empty() ? ReportGrouping::None : parseReportGrouping(m_by)));
    m_output.emit(context, [&](std::ostream& out) { writeText(out, report, format, context.language); });
    return 0;
  }

 private:
  ReportOptions options(const Context& context, ReportGrouping by) const { return ReportOptions{m_period, by, todayOf(context)}; }
  RulePack loadRules() const { return RulePack::load(m_rules.empty() ? RulePack::bundledPath() : std::filesystem::path(m_rules)); }

  void writeText(std::ostream& out, const Report& report, OutputFormat format, Language language) const {
    if (format == OutputFormat::Json) {
      out << reportJson(report).dump(2) << "\n";
      return;
    }
    const std::vector<Column> columns = reportColumns(report.by, language);
    auto cell = [&](const nlohmann::json& row, const std::string& key, bool forPeople) -> std::string {
      const nlohmann::json& value = row.at(key);
      if (key == "group") return forPeople ? groupLabel(report, value.get<std::string>(), language) : value.get<std::string>();
      if (value.is_null()) return forPeople ? "-" : "";
      if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
      return forPeople ? formatNumber(value.get<double>(), 1) : fmt::format("{:.4f}", value.get<double>());
    };
    const std::vector<nlohmann::json> all = reportRows(report);
    if (format == OutputFormat::Csv) {
      if (m_output.bom) out << "\xEF\xBB\xBF";
      for (std::size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << columns[i].key;
      out << "\n";
      for (const nlohmann::json& row : all) {
        for (std::size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << csvField(cell(row, columns[i].key, false));
        out << "\n";
      }
      return;
    }
    out << say(language, "统计期 {} 至 {}（年度实绩按 {} 年；逾期按 {} 计）", "period {} to {} (annual results of {}; overdue as of {})", report.from,
               report.to, report.resultsYear, report.asOf)
        << "\n";
    std::vector<std::string> headers;
    for (const Column& column : columns) headers.push_back(column.label);
    std::vector<std::vector<std::string>> rows;
    for (const nlohmann::json& row : all) {
      std::vector<std::string> line;
      for (const Column& column : columns) line.push_back(cell(row, column.key, true));
      rows.push_back(line);
    }
    printTable(out, headers, rows, {headers[0]});
  }

  // XLSX: the --by table, or every grouping on a sheet of its own (合计 first), through GDAL's driver.
  int runWorkbook(Context& context, const std::string& extension) {
    if (m_output.file.empty()) throw Error(ErrorCode::Usage, Message{"--format xlsx 需要 -o 文件.xlsx", "--format xlsx needs -o FILE.xlsx"});
    if (extension != ".xlsx") throw Error(ErrorCode::Usage, Message{"-o " + m_output.file + "：xlsx 报表的文件名必须以 .xlsx 结尾", "-o " + m_output.file + ": an xlsx report must end in .xlsx"});
    const Language language = context.language;
    const RulePack rules = loadRules();
    const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
    std::vector<ReportGrouping> groupings;
    if (!m_by.empty()) groupings.push_back(parseReportGrouping(m_by));
    else
      groupings = {ReportGrouping::None,   ReportGrouping::Subdistrict, ReportGrouping::Sector, ReportGrouping::Origin,
                   ReportGrouping::Tier,   ReportGrouping::Dept,        ReportGrouping::Stage};
    std::vector<WorkbookSheet> sheets;
    std::string period;
    for (ReportGrouping by : groupings) {
      const Report report = buildReport(store, rules, options(context, by));
      period = say(language, "统计期 {} 至 {}（年度实绩按 {} 年；逾期按 {} 计）", "period {} to {} (annual results of {}; overdue as of {})", report.from,
                   report.to, report.resultsYear, report.asOf);
      sheets.push_back(reportSheet(report, language));
    }
    writeWorkbook(m_output.file, sheets, {.protectedFiles = {context.databasePath}});
    context.out << say(language, "已写出 {}（{} 张表；{}）", "wrote {} ({} sheets; {})", m_output.file, sheets.size(), period) << "\n";
    return 0;
  }

  int runPicture(Context& context, const std::string& extension) {
    if (m_output.file.empty()) throw Error(ErrorCode::Usage, Message{"--map 和 --chart 需要 -o 文件.png|.svg", "--map and --chart draw into -o FILE.png|.svg"});
    if (extension != ".png" && extension != ".svg") throw Error(ErrorCode::Usage, Message{"-o " + m_output.file + "：图片只能是 .png 或 .svg", "-o " + m_output.file + ": a picture is .png or .svg"});
    if (!m_by.empty()) throw Error(ErrorCode::Usage, Message{"--by 不能与 --map（总是按街道）或 --chart（总是按阶段）一起使用", "--by does not go with --map (always by subdistrict) or --chart (always by stage)"});
    if (!m_output.format.empty() && m_output.format != "json" && m_output.format != "table")
      throw Error(ErrorCode::Usage, Message{"--format " + m_output.format + "：与 --map 或 --chart 一起时只能用 --format json（输出所画的内容）",
                                            "--format " + m_output.format + ": with --map or --chart, --format json prints what was drawn"});
    const Language language = context.language;
    const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
    nlohmann::json request{{"database", context.databasePath.string()}, {"output", m_output.file}, {"force", true},
                           {"dpi", 96},                                  {"language", std::string(languageCode(language))}};
    nlohmann::json figures;
    std::pair<int, int> size;
    if (!m_map.empty()) {
      const std::string figure = parseReportFigure(m_map);
      const Report report = buildReport(store, loadRules(), options(context, ReportGrouping::Subdistrict));
      size = parseSize(m_size, {1600, 1100});
      const bool isRatio = figure == "tax_per_mu" || figure == "output_per_mu" || figure == "mean_days_to_resolve";
      nlohmann::json values = nlohmann::json::array();
      std::string note;
      for (const ReportRow& row : report.rows) {
        const std::optional<double> value = reportFigureValue(row, figure);
        if (row.group.empty()) {
          if (value && *value != 0)
            note = say(language, "另有未定位到街道的：{}", "not located in a subdistrict: {}", formatNumber(*value, isRatio ? 1 : 0));
          continue;
        }
        values.push_back({{"subdistrict", row.group}, {"value", value ? nlohmann::json(*value) : nlohmann::json(nullptr)}});
      }
      const std::string label = reportFigureLabel(figure, language);
      request["kind"] = "choropleth";
      request["figure_label"] = label;
      request["unit"] = reportFigureUnit(figure, language);
      request["decimals"] = figure == "land_supplied_mu" || isRatio ? 1 : 0;
      request["missing_is_zero"] = !isRatio;
      request["values"] = values;
      request["note"] = note;
      request["title"] = !m_title.empty() ? m_title : say(language, "{}：{}按街道", "{} by subdistrict, {}", label, periodText(m_period, language));
      request["subtitle"] = say(language, "统计期 {} 至 {}{}", "period {} to {}{}", report.from, report.to,
                                figure == "tax_per_mu" || figure == "output_per_mu" || figure == "delivered_investment_wan"
                                    ? say(language, "（年度实绩按 {} 年）", " (annual results of {})", report.resultsYear)
                                    : std::string());
      request["as_of"] = say(language, "台账截至 {}", "ledger as of {}", report.asOf);
      figures = {{"figure", figure}, {"values", values}};
    } else {
      const StageTimeline timeline = buildStageTimeline(store, options(context, ReportGrouping::Stage));
      size = parseSize(m_size, {1600, 900});
      nlohmann::json stages = nlohmann::json::array(), months = nlohmann::json::array();
      for (const std::string& stage : timeline.stages) stages.push_back({{"code", stage}, {"label", ledgerLabel(stage, language)}});
      static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
      for (std::size_t i = 0; i < timeline.months.size(); ++i) {
        const StageMonth& month = timeline.months[i];
        const int number = std::stoi(month.month.substr(5, 2));
        const std::string year = month.month.substr(0, 4);
        months.push_back({{"label", language == Language::Chinese ? fmt::format("{}月", number) : std::string(kMonths[static_cast<std::size_t>(number - 1)])},
                          {"year_label", i == 0 || number == 1 ? say(language, "{}年", "{}", year) : std::string()},
                          {"counts", month.counts}});
      }
      request["kind"] = "stage_chart";
      request["stages"] = stages;
      request["months"] = months;
      request["title"] = !m_title.empty() ? m_title : say(language, "各阶段项目数（月末）：{}", "Projects by stage at month end, {}", periodText(m_period, language));
      request["subtitle"] = timeline.months.empty() ? std::string()
                                                    : say(language, "{} 至 {}，每月末各阶段的项目数", "{} to {}: projects at each stage at the end of each month",
                                                          timeline.months.front().month, timeline.months.back().month);
      request["as_of"] = say(language, "台账截至 {}；已终止的项目不计", "ledger as of {}; dropped projects are not counted", timeline.asOf);
      figures = stageTimelineJson(timeline);
    }
    request["width"] = size.first;
    request["height"] = size.second;
    const MapExportFunction draw = loadMapExport(LANDBANK_EXPORT_REPORT_PICTURE_SYMBOL);
    std::vector<char> message(1 << 16);
    const int code = draw(request.dump().c_str(), message.data(), message.size());
    if (code != 0) {
      context.err << (code == 2 ? usageErrorPrefix(context.language) : errorPrefix(context.language)) << message.data() << "\n";
      return code;
    }
    nlohmann::json drawn = nlohmann::json::parse(message.data());
    if (m_output.format == "json" || (m_output.format.empty() && !context.outIsTerminal)) {
      drawn["figures"] = figures;
      context.out << drawn.dump(2) << "\n";
    } else {
      context.out << say(language, "已绘制 {}（{}x{} 像素）", "wrote {} ({}x{} px)", m_output.file, size.first, size.second) << "\n";
    }
    return 0;
  }

  std::string m_period, m_by, m_map, m_chart, m_size, m_title, m_rules;
  OutputOptions m_output;
};

}  // namespace

std::unique_ptr<Command> makeReportCommand() { return std::make_unique<ReportCommand>(); }

}  // namespace landbank::cli
