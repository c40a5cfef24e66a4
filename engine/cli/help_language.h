#pragma once
// The language of --help. CLI11 prints descriptions fixed when the options are declared, and it
// prints help while parsing, so the language must be known before the parser is built: runCli
// reads it from the arguments (--lang) and $LANDBANK_LANG first, then declares the options inside
// a HelpLanguageScope. Commands write both wordings side by side with helpText(zh, en), as the
// engine's texts do (texts.h).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "landbank/language.h"

namespace CLI {
class App;
class Formatter;
}  // namespace CLI

namespace landbank::cli {

/// The language named by the last `--lang X` / `--lang=X` in `args`, else by $LANDBANK_LANG, else
/// Chinese. An unknown code gives Chinese here; the parsed --lang reports it as a usage error later.
Language prescanHelpLanguage(const std::vector<std::string>& args);

/// Sets the language helpText() answers in while it lives (per thread: tests run runCli in
/// parallel threads), and restores the previous one.
class HelpLanguageScope {
 public:
  explicit HelpLanguageScope(Language language);
  ~HelpLanguageScope();
  HelpLanguageScope(const HelpLanguageScope&) = delete;
  HelpLanguageScope& operator=(const HelpLanguageScope&) = delete;

 private:
  Language m_previous;
};

/// The description in the help language of the current scope.
std::string helpText(std::string_view zh, std::string_view en);

/// Applies the language to the app before options are declared: the help flag's text, the group
/// names (Options, Subcommands) and a formatter whose own words (Usage, OPTIONS, SUBCOMMAND,
/// Positionals, REQUIRED, TEXT, INT...) follow the language. Subcommands inherit all of it.
void localiseHelp(CLI::App& app, Language language);
/// After every option is declared: puts each subcommand's help flag into its options' group.
void regroupHelpFlags(CLI::App& app);

}  // namespace landbank::cli
