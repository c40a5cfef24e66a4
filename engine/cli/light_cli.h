#pragma once
// The light `landbank` executable (docs/architecture.md "Two executables"). Loading GDAL and its
// hundred-odd shared libraries costs a command most of its start, so `landbank` links only the
// commands of lightCommandRegistry(), whose code needs none of GDAL, CBC or Qt, and runs
// those itself; for every other invocation it replaces itself (execv) with the full executable
// `landbank-all` next to it, which holds every command, with argv and the environment unchanged.

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "cli.h"
#include "landbank/language.h"

namespace landbank::cli {

/// The commands the light executable runs in-process (today `match`), in `--help` order.
const std::vector<CommandEntry>& lightCommandRegistry();

/// The command of `registry` the light executable runs itself for `args` (without the program
/// name), or nullopt when the full executable must answer. In-process only when `args` read
/// `[GLOBAL-OPTION VALUE]... COMMAND ...` as CLI11 will parse them: GLOBAL-OPTION is --db, --lang,
/// --user or --today (also --db=VALUE; a separate VALUE starting with '-' is not taken as one) and
/// COMMAND is in `registry`. Anything else before the command (--help, --version, another flag,
/// `--`) or no command at all hands over, so those answers stay exactly the full executable's.
/// What follows the command is parsed by the same sub-app in both executables; runCli requires
/// exactly one command, so CLI11 never switches to a second one named later (`match P-001 parcels`
/// is an unexpected argument in both).
std::optional<std::string> lightCommand(const std::vector<std::string>& args, const std::vector<CommandEntry>& registry);

/// `landbank-all` in the folder of the running executable (/proc/self/exe, symbolic links
/// resolved); just `landbank-all` when /proc/self/exe cannot be read.
std::filesystem::path fullExecutablePath();

/// Replaces this process with `executable`, passing `argv` (null-terminated, argv[0] included) and
/// the environment unchanged. Returns only when that failed: then it has written one line to `err`
/// in `language` naming the path (missing, or why it could not start), and returns exit code 1.
int execFullExecutable(const std::filesystem::path& executable, char** argv, std::ostream& err, Language language);

}  // namespace landbank::cli
