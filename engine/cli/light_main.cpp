// landbank: the light executable (light_cli.h). It runs `match` itself and hands every other
// invocation to `landbank-all` unchanged, so a user only ever types `landbank`.
#include <unistd.h>

#include <iostream>

#include "cli.h"
#include "console_feedback.h"
#include "light_cli.h"

int main(int argc, char** argv) {
  using namespace landbank::cli;
  std::vector<std::string> args(argv + 1, argv + argc);
  const std::vector<CommandEntry>& registry = lightCommandRegistry();
  if (!lightCommand(args, registry)) return execFullExecutable(fullExecutablePath(), argv, std::cerr, prescanHelpLanguage(args));
  processEndsAfterCommand();
  ConsoleFeedback feedback(std::cerr, isatty(STDERR_FILENO) == 1);
  return runCli(args, std::cout, std::cerr, feedback, isatty(STDOUT_FILENO) == 1, registry);
}
