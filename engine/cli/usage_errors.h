#pragma once
// The one line a command-line usage error prints, in the language of --lang. CLI11 words its own
// parse errors in English and carries them as text only, so they are recognised by type and by
// CLI11 2.1's fixed wording, and said again naming the option and the value the user typed.

#include <string>
#include <vector>

#include "landbank/language.h"

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace landbank::cli {

/// "landbank: 用法错误：" / "landbank: usage error: " (the prefix of every usage error line).
std::string usageErrorPrefix(Language language);
/// "landbank: 错误：" / "landbank: error: " (the prefix of every other error line).
std::string errorPrefix(Language language);

/// The problem of a CLI11 parse error in `language` (without the prefix), naming the option and the
/// value. `app` is the parser that threw: the option's type (integer, number) is looked up there.
/// A wording this function does not know is kept in English behind a Chinese lead-in.
std::string parseErrorText(const CLI::ParseError& error, CLI::App& app, Language language);

/// "unexpected arguments: a b (see --help)" in `language`; `extras` in the order they were typed.
std::string extrasText(const std::vector<std::string>& extras, Language language);

}  // namespace landbank::cli
