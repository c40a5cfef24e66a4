// landbank-all: the full command-line tool, every command. Everything happens in runCli(); main only
// wires the console. Users type `landbank` (light_main.cpp), which execs this for all but `match`.
#include <unistd.h>

#include <iostream>

#include "cli.h"
#include "console_feedback.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  landbank::cli::processEndsAfterCommand();
  landbank::cli::ConsoleFeedback feedback(std::cerr, isatty(STDERR_FILENO) == 1);
  return landbank::cli::runCli(args, std::cout, std::cerr, feedback, isatty(STDOUT_FILENO) == 1);
}
