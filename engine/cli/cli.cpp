#include "cli.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <ostream>

#include "help_language.h"
#include "usage_errors.h"
#include "landbank/error.h"

#ifndef LANDBANK_VERSION
#define LANDBANK_VERSION "0"
#endif

namespace landbank::cli {

const std::vector<CommandEntry>& commandRegistry() {
  static const std::vector<CommandEntry> registry{
      {"init", "创建数据库（可选载入自带的城阳区样例）", "Create a database (optionally with the bundled Chengyang sample)", makeInitCommand},
      {"import", "从 GDAL 能读的任何矢量文件导入一个图层，全部成功或全部不写入", "Import a layer from any vector file GDAL reads, all or nothing", makeImportCommand},
      {"info", "显示每个图层：要素数、范围、来源、现势日期、坐标系", "Show every layer: count, extent, source, as-of date, CRS", makeInfoCommand},
      {"parcels", "列出地块（闲置和储备用地）", "List parcels (idle and reserved land)", makeParcelsCommand},
      {"parks", "列出产业园区", "List industrial parks", makeParksCommand},
      {"buildings", "列出载体（厂房、写字楼、孵化器）", "List carrier buildings (factories, offices, incubators)", makeBuildingsCommand},
      {"constraints", "列出规划管控区", "List zoning constraints", makeConstraintsCommand},
      {"facilities", "列出设施（高速出入口、港口、高校、企业等）", "List facilities (highway exits, ports, universities, enterprises...)", makeFacilitiesCommand},
      {"boundaries", "列出区和街道边界", "List district and subdistrict boundaries", makeBoundariesCommand},
      {"projects", "列出招商项目", "List incoming investment projects", makeProjectsCommand},
      {"roads", "列出道路（底图要素：高速、干道、主干路、次干路、支路）", "List roads (map context: expressway, trunk, main, secondary, local)", makeRoadsCommand},
      {"water", "列出水系（底图要素：河流、水库、海域）", "List water (map context: rivers, reservoirs, sea)", makeWaterCommand},
      {"places", "列出地名（底图要素：村庄社区、地标、政府驻地）", "List places (map context: villages, landmarks, government seats)", makePlacesCommand},
      {"match", "为项目匹配地块和载体（硬性规则、可解释的评分、--why、--stability、反向匹配）", "Match a project to parcels and buildings (hard rules, explained scores, --why, --stability, reverse)", makeMatchCommand},
      {"evaluate", "项目准入评价：五个维度评分并定级", "Admission evaluation of a project on five dimensions with a grade", makeEvaluateCommand},
      {"allocate", "在相互竞争的项目之间分配选址，重大项目优先：给出最优方案及各项目的让步", "Allocate sites across competing projects, major projects first: an optimal plan with regret", makeAllocateCommand},
      {"rules", "显示或检查规则包", "Show or check the rule pack", makeRulesCommand},
      {"parcel", "单个地块一览：parcel show 编号", "One parcel on one page: parcel show ID", makeParcelShowCommand},
      {"building", "单个载体一览：building show 编号", "One building on one page: building show ID", makeBuildingShowCommand},
      {"park", "单个园区一览：park show 编号", "One park on one page: park show ID", makeParkShowCommand},
      {"project", "人工录入的项目：project add|edit|show|list", "Projects entered by people: project add|edit|show|list", makeProjectCommand},
      {"ledger", "项目台账：阶段推进、问题、走访、承诺、实绩、预留、评级", "The project ledger: stage moves, problems, visits, commitments, results, reservations, grades", makeLedgerCommand},
      {"report", "月度例会统计：report --period 2026[-11] [--by ...]", "Statistics for the monthly meeting: report --period 2026[-11] [--by ...]", makeReportCommand},
      {"audit", "哈希链审计记录：audit verify | audit list", "The hash-chained audit trail: audit verify | audit list", makeAuditCommand},
      {"export", "将地块或图层导出为 KML、GPX、GeoJSON、GeoPackage、Shapefile、CSV 或 DXF（附踏勘顺序）", "Export parcels or a layer to KML, GPX, GeoJSON, GeoPackage, Shapefile, CSV or DXF (with a visit order)", makeExportCommand},
      {"coord", "在坐标系之间转换一个点（EPSG 代码，手机地图用 gcj02）；无需数据库", "Convert one point between CRSs (EPSG codes, gcj02 for phone maps); no database needed", makeCoordCommand},
  };
  return registry;
}

namespace {

std::filesystem::path defaultDatabasePath() {
  if (const char* fromEnvironment = std::getenv("LANDBANK_DB"); fromEnvironment && *fromEnvironment) return fromEnvironment;
  return "landbank.sqlite";
}

}  // namespace

int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, Feedback& feedback, bool outIsTerminal) {
  // The help's language is needed before parsing (CLI11 prints help while it parses).
  const Language helpLanguage = prescanHelpLanguage(args);
  const HelpLanguageScope helpLanguageScope(helpLanguage);
  CLI::App app{helpText("Landbank：区级招商的土地与载体台账、项目匹配和准入评价",
                        "Landbank: land and carrier inventory, project matching and admission for district investment promotion"),
               "landbank"};
  localiseHelp(app, helpLanguage);
  app.set_version_flag("--version", std::string("landbank ") + LANDBANK_VERSION, helpText("显示版本并退出", "Display program version information and exit"));
  app.require_subcommand(1);
  std::string databaseOption;
  app.add_option("--db", databaseOption, helpText("数据库文件（默认：$LANDBANK_DB，否则为当前目录的 landbank.sqlite）", "Database file (default: $LANDBANK_DB, else ./landbank.sqlite)"));
  std::string languageOption = "zh_CN";
  if (const char* fromEnvironment = std::getenv("LANDBANK_LANG"); fromEnvironment && *fromEnvironment) languageOption = fromEnvironment;
  app.add_option("--lang", languageOption, helpText("输出给人看的文字的语言：zh_CN（默认，中文）或 en（英文）；也可由环境变量 $LANDBANK_LANG 指定", "Language of texts for people: zh_CN (default) or en"));
  std::string userOption, todayOption;
  app.add_option("--user", userOption, helpText("写入时审计记录的操作人（默认：$LANDBANK_USER，否则为系统用户）", "Who the audit trail names for writes (default: $LANDBANK_USER, else the OS user)"));
  app.add_option("--today", todayOption, helpText("台账业务日期 YYYY-MM-DD（默认：$LANDBANK_TODAY，否则为当天日期）", "The ledger's business date YYYY-MM-DD (default: $LANDBANK_TODAY, else the calendar)"));

  // The global options are accepted after the command too (`landbank parcels --db x.sqlite`): an
  // option a subcommand does not know falls through to its parents. Subcommands inherit this; a
  // subcommand's own option of the same name (audit list --user) still wins where it is declared.
  app.fallthrough();

  std::vector<std::pair<CLI::App*, std::unique_ptr<Command>>> commands;
  for (const CommandEntry& entry : commandRegistry()) {
    CLI::App* sub = app.add_subcommand(entry.name, helpText(entry.descriptionZh, entry.description));
    auto command = entry.make();
    command->setup(*sub);
    commands.emplace_back(sub, std::move(command));
  }
  regroupHelpFlags(app);

  try {
    // argc/argv form: CLI11 then reports leftover arguments in the order the user typed them.
    std::vector<const char*> argv{"landbank"};
    for (const std::string& arg : args) argv.push_back(arg.c_str());
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    out << std::string("landbank ") + LANDBANK_VERSION << "\n";
    return 0;
  } catch (const CLI::ExtrasError&) {
    // CLI11 2.1 lists the extras last-first; name them in the order they were typed.
    std::string extras;
    const CLI::App* owner = &app;
    for (auto& [sub, command] : commands)
      if (sub->parsed()) owner = sub;
    std::vector<std::string> remaining = owner->remaining();
    if (remaining.empty()) remaining = app.remaining();
    err << usageErrorPrefix(helpLanguage) << printableText(extrasText(remaining, helpLanguage)) << "\n";
    return 2;
  } catch (const CLI::ParseError& error) {
    // Help of a subcommand arrives here as a "success" parse error.
    if (error.get_exit_code() == 0) {
      for (auto& [sub, command] : commands)
        if (sub->parsed()) { out << sub->help(); return 0; }
      out << app.help();
      return 0;
    }
    err << usageErrorPrefix(helpLanguage) << printableText(parseErrorText(error, app, helpLanguage)) << "\n";
    return 2;
  }

  Context context{out, err, feedback, databaseOption.empty() ? defaultDatabasePath() : std::filesystem::path(databaseOption),
                  outIsTerminal};
  // Until --lang is parsed (it may be the failure), errors follow the language the help uses.
  context.language = helpLanguage;
  try {
    context.language = parseLanguage(languageOption);
    context.user = userOption;
    if (!todayOption.empty()) context.today = todayOption;
    for (auto& [sub, command] : commands)
      if (sub->parsed()) return command->run(context);
    return 2;
  } catch (const Error& error) {
    const int exitCode = exitCodeFor(error.code());
    err << (exitCode == 2 ? usageErrorPrefix(context.language) : errorPrefix(context.language)) << error.message(context.language) << "\n";
    return exitCode;
  } catch (const std::exception& error) {
    err << errorPrefix(context.language) << printableText(error.what()) << "\n";
    return 1;
  }
}

}  // namespace landbank::cli
