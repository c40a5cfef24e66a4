// --help follows the language: Chinese by default (descriptions and CLI11's own words), English
// with --lang en or $LANDBANK_LANG=en. Every command's help is checked, not a sample of them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <regex>
#include <sstream>

#include "cli.h"
#include "test_support.h"

using namespace landbank::test;

namespace {

CliResult help(std::vector<std::string> args) { return runLandbank({}, args); }

// Four English words in a row: a description sentence left untranslated ("Import a layer from").
const std::regex kEnglishSentence("[A-Za-z]{2,}( [A-Za-z][a-z]+){3,}");
// The longest run of CJK ideographs (U+4E00..U+9FFF: three UTF-8 bytes led by 0xE4..0xE9).
std::size_t longestChineseRun(const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead >= 0xE4 && lead <= 0xE9 && i + 2 < text.size()) {
      longest = std::max(longest, ++run);
      i += 3;
    } else {
      run = 0;
      i += lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    }
  }
  return longest;
}

std::vector<std::vector<std::string>> everyHelp() {
  std::vector<std::vector<std::string>> all{{"--help"}};
  for (const landbank::cli::CommandEntry& entry : landbank::cli::commandRegistry()) all.push_back({entry.name, "--help"});
  for (const char* sub : {"move", "problem", "visit", "capital", "commit", "result", "show", "list", "overdue", "reserve", "release", "grade"})
    all.push_back({"ledger", sub, "--help"});
  all.push_back({"ledger", "problem", "add", "--help"});
  for (const char* sub : {"add", "edit", "show", "list"}) all.push_back({"project", sub, "--help"});
  for (const char* sub : {"verify", "list"}) all.push_back({"audit", sub, "--help"});
  all.push_back({"parcel", "show", "--help"});
  return all;
}

std::string joined(const std::vector<std::string>& args) {
  std::string text;
  for (const std::string& arg : args) text += arg + " ";
  return text;
}

TEST(HelpLanguage, EveryHelpIsChineseByDefault) {
  for (const std::vector<std::string>& args : everyHelp()) {
    const CliResult result = help(args);
    ASSERT_EQ(result.exitCode, 0) << joined(args) << result.err;
    EXPECT_NE(result.out.find("用法:"), std::string::npos) << joined(args) << "\n" << result.out;
    for (const char* english : {"Usage:", "Options:", "Subcommands:", "Positionals:", "Print this help", "REQUIRED"})
      EXPECT_EQ(result.out.find(english), std::string::npos) << joined(args) << "shows " << english << "\n" << result.out;
    // The usage line names the command path (landbank ledger problem add): words, not a sentence.
    const std::string text = std::regex_replace(result.out, std::regex("用法: [^\n]*"), "");
    std::smatch sentence;
    EXPECT_FALSE(std::regex_search(text, sentence, kEnglishSentence)) << joined(args) << "shows '" << sentence.str() << "'\n" << result.out;
  }
  const CliResult top = help({"--help"});
  EXPECT_NE(top.out.find("从 GDAL 能读的任何矢量文件导入一个图层"), std::string::npos) << top.out;
  EXPECT_NE(top.out.find("子命令:"), std::string::npos) << top.out;
  const CliResult import = help({"import", "--help"});
  EXPECT_NE(import.out.find("目标图层"), std::string::npos) << import.out;
  EXPECT_NE(import.out.find("选项:"), std::string::npos) << import.out;
  const CliResult match = help({"match", "--help"});
  EXPECT_NE(match.out.find("逐条解释该地块"), std::string::npos) << match.out;
}

TEST(HelpLanguage, EveryHelpIsEnglishWithLangEn) {
  for (std::vector<std::string> args : everyHelp()) {
    args.insert(args.begin(), {"--lang", "en"});
    const CliResult result = help(args);
    ASSERT_EQ(result.exitCode, 0) << joined(args) << result.err;
    EXPECT_NE(result.out.find("Usage:"), std::string::npos) << joined(args) << "\n" << result.out;
    EXPECT_EQ(result.out.find("用法"), std::string::npos) << joined(args);
    EXPECT_EQ(result.out.find("选项"), std::string::npos) << joined(args);
  }
  for (const char* command : {"--help", "match", "import"}) {
    std::vector<std::string> args{"--lang", "en", command};
    if (std::string(command) != "--help") args.push_back("--help");
    // The English help quotes a few Chinese examples of two characters (--xy 经度,纬度), no Chinese text.
    const CliResult result = help(args);
    EXPECT_LT(longestChineseRun(result.out), 3u) << command << "\n" << result.out;
  }
  EXPECT_NE(help({"--lang", "en", "--help"}).out.find("Import a layer from any vector file GDAL reads"), std::string::npos);
  EXPECT_NE(help({"--lang=en", "import", "--help"}).out.find("Target layer: parcels"), std::string::npos);
}

TEST(HelpLanguage, TheEnvironmentChoosesTheLanguageAndTheFlagOverridesIt) {
  ::setenv("LANDBANK_LANG", "en", 1);
  const CliResult english = help({"match", "--help"});
  const CliResult chinese = help({"--lang", "zh_CN", "match", "--help"});
  ::unsetenv("LANDBANK_LANG");
  EXPECT_NE(english.out.find("Usage:"), std::string::npos) << english.out;
  EXPECT_NE(chinese.out.find("用法:"), std::string::npos) << chinese.out;
}

}  // namespace
