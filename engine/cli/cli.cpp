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

namespace {

std::filesystem::path defaultDatabasePath() {
  if (const char* fromEnvironment = std::getenv("LANDBANK_DB"); fromEnvironment && *fromEnvironment) return fromEnvironment;
  return "landbank.sqlite";
}

bool g_processEndsAfterCommand = false;

}  // namespace

void processEndsAfterCommand() { g_processEndsAfterCommand = true; }

void keepUntilExit(std::shared_ptr<const void> object) {
  if (!g_processEndsAfterCommand) return;  // destroyed with the last reference, as usual
  // Never destroyed itself: exit() runs no destructor for what it holds.
  static auto* const kept = new std::vector<std::shared_ptr<const void>>();
  kept->push_back(std::move(object));
}

int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, Feedback& feedback, bool outIsTerminal,
           const std::vector<CommandEntry>& registry) {
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
  for (const CommandEntry& entry : registry) {
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
