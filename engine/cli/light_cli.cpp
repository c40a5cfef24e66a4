#include "light_cli.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ostream>
#include <string_view>
#include <system_error>

#include "landbank/texts.h"
#include "usage_errors.h"

namespace landbank::cli {

const CommandEntry& matchCommandEntry() {
  static const CommandEntry entry{"match", "为项目匹配地块和载体（硬性规则、可解释的评分、--why、--stability、反向匹配）",
                                  "Match a project to parcels and buildings (hard rules, explained scores, --why, --stability, reverse)",
                                  makeMatchCommand};
  return entry;
}

const std::vector<CommandEntry>& lightCommandRegistry() {
  // Only commands whose object closure links none of GDAL, CBC or Qt (checked by
  // tests/cli/light_executable_test.cpp on the built binary's NEEDED list). libcrypto stays: opening
  // a database made before the audit chain migrates it (schema.cpp -> migrateAuditChain, SHA-256).
  static const std::vector<CommandEntry> registry{matchCommandEntry()};
  return registry;
}

namespace {

// The global options of runCli that take a value; every other argument starting with '-' is a flag.
bool isGlobalValueOption(std::string_view arg) { return arg == "--db" || arg == "--lang" || arg == "--user" || arg == "--today"; }

bool isGlobalValueOptionWithValue(std::string_view arg) {
  for (std::string_view name : {"--db=", "--lang=", "--user=", "--today="})
    if (arg.starts_with(name)) return true;
  return false;
}

}  // namespace

std::optional<std::string> lightCommand(const std::vector<std::string>& args, const std::vector<CommandEntry>& registry) {
  std::size_t at = 0;
  while (at < args.size()) {
    const std::string& arg = args[at];
    if (isGlobalValueOption(arg)) {
      // CLI11 does not take an argument that looks like an option as the value: unclear, hand over.
      if (at + 1 >= args.size() || args[at + 1].starts_with("-")) return std::nullopt;
      at += 2;
    } else if (isGlobalValueOptionWithValue(arg)) {
      at += 1;
    } else {
      break;
    }
  }
  if (at >= args.size()) return std::nullopt;
  const std::string& command = args[at];
  const auto entry = std::find_if(registry.begin(), registry.end(), [&](const CommandEntry& e) { return command == e.name; });
  if (entry == registry.end()) return std::nullopt;
  return command;
}

std::filesystem::path fullExecutablePath() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "landbank-all";
  return self.parent_path() / "landbank-all";
}

int execFullExecutable(const std::filesystem::path& executable, char** argv, std::ostream& err, Language language) {
  ::execv(executable.c_str(), argv);
  const int reason = errno;  // execv returns only on failure
  if (reason == ENOENT)
    err << errorPrefix(language)
        << say(language, "找不到完整的 landbank 程序 {}（除 match 外的命令都由它执行，应与 landbank 在同一文件夹）",
               "the full landbank program {} was not found (it runs every command but match and belongs next to landbank)",
               executable.string())
        << "\n";
  else
    err << errorPrefix(language)
        << say(language, "无法启动完整的 landbank 程序 {}：{}", "cannot start the full landbank program {}: {}", executable.string(), std::strerror(reason))
        << "\n";
  return 1;
}

}  // namespace landbank::cli
