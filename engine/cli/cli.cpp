#include "cli.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <ostream>

#include "landbank/error.h"

#ifndef LANDBANK_VERSION
#define LANDBANK_VERSION "0"
#endif

namespace landbank::cli {

const std::vector<CommandEntry>& commandRegistry() {
  static const std::vector<CommandEntry> registry{
      {"init", "Create a database (optionally with the bundled Chengyang sample)", makeInitCommand},
      {"import", "Import a layer from any vector file GDAL reads, all or nothing", makeImportCommand},
      {"info", "Show every layer: count, extent, source, as-of date, CRS", makeInfoCommand},
      {"parcels", "List parcels (idle and reserved land)", makeParcelsCommand},
      {"parks", "List industrial parks", makeParksCommand},
      {"buildings", "List carrier buildings (factories, offices, incubators)", makeBuildingsCommand},
      {"constraints", "List zoning constraints", makeConstraintsCommand},
      {"facilities", "List facilities (highway exits, ports, universities, enterprises...)", makeFacilitiesCommand},
      {"boundaries", "List district and subdistrict boundaries", makeBoundariesCommand},
      {"projects", "List incoming investment projects", makeProjectsCommand},
      {"match", "Match a project to parcels and buildings (hard rules, explained scores, --why, --stability, reverse)", makeMatchCommand},
      {"evaluate", "Admission evaluation of a project on five dimensions with a grade", makeEvaluateCommand},
      {"allocate", "Allocate sites across competing projects, major projects first: an optimal plan with regret", makeAllocateCommand},
      {"rules", "Show or check the rule pack", makeRulesCommand},
      {"parcel", "One parcel on one page: parcel show ID", makeParcelShowCommand},
      {"building", "One building on one page: building show ID", makeBuildingShowCommand},
      {"park", "One park on one page: park show ID", makeParkShowCommand},
      {"project", "Projects entered by people: project add|edit|show|list", makeProjectCommand},
      {"ledger", "The project ledger: stage moves, problems, visits, commitments, results, reservations, grades", makeLedgerCommand},
      {"report", "Statistics for the monthly meeting: report --period 2026[-11] [--by ...]", makeReportCommand},
      {"audit", "The hash-chained audit trail: audit verify | audit list", makeAuditCommand},
      {"export", "Export parcels or a layer to KML, GPX, GeoJSON, GeoPackage, Shapefile, CSV or DXF (with a visit order)", makeExportCommand},
      {"coord", "Convert one point between CRSs (EPSG codes, gcj02 for phone maps); no database needed", makeCoordCommand},
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
  CLI::App app{"Landbank: land and carrier inventory, project matching and admission for district investment promotion",
               "landbank"};
  app.set_version_flag("--version", std::string("landbank ") + LANDBANK_VERSION);
  app.require_subcommand(1);
  std::string databaseOption;
  app.add_option("--db", databaseOption, "Database file (default: $LANDBANK_DB, else ./landbank.sqlite)");
  std::string languageOption = "zh_CN";
  app.add_option("--lang", languageOption, "Language of texts for people: zh_CN (default) or en");
  std::string userOption, todayOption;
  app.add_option("--user", userOption, "Who the audit trail names for writes (default: $LANDBANK_USER, else the OS user)");
  app.add_option("--today", todayOption, "The ledger's business date YYYY-MM-DD (default: $LANDBANK_TODAY, else the calendar)");

  // The global options are accepted after the command too (`landbank parcels --db x.sqlite`): an
  // option a subcommand does not know falls through to its parents. Subcommands inherit this; a
  // subcommand's own option of the same name (audit list --user) still wins where it is declared.
  app.fallthrough();

  std::vector<std::pair<CLI::App*, std::unique_ptr<Command>>> commands;
  for (const CommandEntry& entry : commandRegistry()) {
    CLI::App* sub = app.add_subcommand(entry.name, entry.description);
    auto command = entry.make();
    command->setup(*sub);
    commands.emplace_back(sub, std::move(command));
  }

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
    for (const std::string& item : remaining) extras += (extras.empty() ? "" : " ") + item;
    err << "landbank: usage error: unexpected arguments: " << extras << " (see --help)\n";
    return 2;
  } catch (const CLI::ParseError& error) {
    // Help of a subcommand arrives here as a "success" parse error.
    if (error.get_exit_code() == 0) {
      for (auto& [sub, command] : commands)
        if (sub->parsed()) { out << sub->help(); return 0; }
      out << app.help();
      return 0;
    }
    err << "landbank: usage error: " << error.what() << "\n";
    return 2;
  }

  Context context{out, err, feedback, databaseOption.empty() ? defaultDatabasePath() : std::filesystem::path(databaseOption),
                  outIsTerminal};
  try {
    context.language = parseLanguage(languageOption);
    context.user = userOption;
    if (!todayOption.empty()) context.today = todayOption;
    for (auto& [sub, command] : commands)
      if (sub->parsed()) return command->run(context);
    return 2;
  } catch (const Error& error) {
    err << "landbank: error: " << error.what() << "\n";
    return exitCodeFor(error.code());
  } catch (const std::exception& error) {
    err << "landbank: error: " << error.what() << "\n";
    return 1;
  }
}

}  // namespace landbank::cli
