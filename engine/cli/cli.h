#pragma once
// The landbank command line as a function: main() only builds the console feedback and calls
// runCli(), so every command can be tested in-process with string streams.

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "help_language.h"
#include "landbank/feedback.h"
#include "landbank/language.h"

namespace CLI {
class App;
}

namespace landbank::cli {

/// What every command gets: output streams, the resolved database path, feedback.
struct Context {
  std::ostream& out;
  std::ostream& err;
  Feedback& feedback;
  std::filesystem::path databasePath;  ///< --db, else $LANDBANK_DB, else ./landbank.sqlite
  bool outIsTerminal = false;          ///< decides the default --format (table on a terminal)
  Language language = Language::Chinese;  ///< --lang: texts for people (tables, why-not, reasons); JSON keys and codes stay
  std::string user = {};               ///< --user: who audit rows name (empty: $LANDBANK_USER, $USER, the OS user)
  std::optional<std::string> today = std::nullopt;  ///< --today: the ledger's business date (else $LANDBANK_TODAY, else the calendar)
};

/// A subcommand: setup() declares its options on the CLI11 sub-app (and touches no files);
/// run() does the work after parsing succeeded. Throws landbank::Error on failure.
class Command {
 public:
  virtual ~Command() = default;
  virtual void setup(CLI::App& app) = 0;
  virtual int run(Context& context) = 0;
};

/// A registered command: its name, its line in `--help` and its factory.
struct CommandEntry {
  const char* name;
  const char* descriptionZh;  ///< --help in Chinese
  const char* description;    ///< --help in English
  std::unique_ptr<Command> (*make)();
};

/// Every command, in the order `--help` lists them: the one list (command_registry.cpp), which the
/// full executable `landbank-all` runs. Referencing it links every command and so GDAL and CBC
/// (docs/architecture.md "Two executables").
const std::vector<CommandEntry>& commandRegistry();

/// The entry of `match`, shared by the full registry and the light executable's
/// (light_commands.cpp), so that both print the same help line.
const CommandEntry& matchCommandEntry();

/// Runs the CLI with `args` (without the program name). Returns the exit code of DESIGN.md:
/// 0 success (also for an empty result), 1 failed operation or bad data, 2 bad usage.
/// `outIsTerminal` selects table output by default; `feedback` receives progress. `registry` is the
/// commands the parser knows: all of them unless a caller (the light `landbank`) passes fewer.
int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, Feedback& feedback,
           bool outIsTerminal = false, const std::vector<CommandEntry>& registry = commandRegistry());

/// For a main() whose process ends when runCli returns. Commands may then leave their large
/// structures to the OS instead of freeing them one by one: a cold `match` at 200,000 parcels spent
/// ~5 ms of its ~85 ms destroying 10^4 parcel details, the schema and the caches. Tests run commands
/// in-process and never call this, so there every object keeps its normal lifetime.
void processEndsAfterCommand();
/// Keeps `object` (and what it owns) alive until the process ends when processEndsAfterCommand()
/// was called (still reachable, not a leak to LeakSanitizer); otherwise destroys it here.
void keepUntilExit(std::shared_ptr<const void> object);

// Factories, one per file cmd_*.cpp.
std::unique_ptr<Command> makeInitCommand();
std::unique_ptr<Command> makeImportCommand();
std::unique_ptr<Command> makeInfoCommand();
std::unique_ptr<Command> makeParcelsCommand();
std::unique_ptr<Command> makeParksCommand();
std::unique_ptr<Command> makeBuildingsCommand();
std::unique_ptr<Command> makeConstraintsCommand();
std::unique_ptr<Command> makeFacilitiesCommand();
std::unique_ptr<Command> makeBoundariesCommand();
std::unique_ptr<Command> makeProjectsCommand();
std::unique_ptr<Command> makeRoadsCommand();
std::unique_ptr<Command> makeWaterCommand();
std::unique_ptr<Command> makePlacesCommand();
std::unique_ptr<Command> makeMatchCommand();
std::unique_ptr<Command> makeEvaluateCommand();
std::unique_ptr<Command> makeRulesCommand();
std::unique_ptr<Command> makeAllocateCommand();
std::unique_ptr<Command> makeParcelShowCommand();
std::unique_ptr<Command> makeBuildingShowCommand();
std::unique_ptr<Command> makeParkShowCommand();
std::unique_ptr<Command> makeProjectCommand();
std::unique_ptr<Command> makeLedgerCommand();
std::unique_ptr<Command> makeAuditCommand();
std::unique_ptr<Command> makeReportCommand();
std::unique_ptr<Command> makeCoordCommand();
std::unique_ptr<Command> makeExportCommand();

}  // namespace landbank::cli
