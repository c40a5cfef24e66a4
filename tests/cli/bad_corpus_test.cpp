// The bad-input corpus (tests/data/bad/): one folder per case, each with its files and a case.json
// holding the command line, the expected exit code and fragments of the one line of stderr. Every
// case runs on a fresh database (after optional setup commands that must succeed) and must leave
// that database exactly as it was. See tests/data/bad/README.md.
//
// Each case runs twice: with --lang en, where stderr must hold the case's English fragments and no
// Chinese in its fixed text; and in the default language, where the line is Chinese
// ("landbank: 错误：" / "landbank: 用法错误：") and still names the file, the feature, the row and the
// field the English names. Exit code and database are the same in both.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <string_view>

#include <nlohmann/json.hpp>

#include "test_support.h"

using namespace landbank::test;
using nlohmann::json;

namespace {

std::filesystem::path corpusDir() { return testDataDir() / "bad"; }

std::vector<std::string> caseNames() {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(corpusDir(), error))
    if (entry.is_directory() && std::filesystem::exists(entry.path() / "case.json")) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  return text;
}

bool isCjkLead(unsigned char c) { return c >= 0xE3 && c <= 0xE9; }  // U+3000..U+9FFF: CJK punctuation and ideographs

bool hasCjk(const std::string& text) {
  for (std::size_t i = 0; i + 2 < text.size(); ++i)
    if (isCjkLead(static_cast<unsigned char>(text[i]))) return true;
  return false;
}

// The English line without what comes from the data or the user (quoted values, file paths, the
// command's arguments, the case's own "data_cjk" words such as a GBK file's field names) and without the Chinese input examples the
// English deliberately shows (a class name, 是/否, 亩, 万元, the Chinese column names a CSV may use):
// what remains is our fixed text.
std::string fixedText(std::string line, const std::string& work, const json& spec, const std::vector<std::string>& args) {
  line = replaceAll(line, work, "");
  for (const std::string& arg : args)
    if (!arg.empty()) line = replaceAll(line, arg, "");
  std::string out;
  bool quoted = false;
  for (char c : line) {
    if (c == '\'') quoted = !quoted;
    else if (!quoted) out += c;
  }
  for (const char* example : {"二类工业用地", "高速出入口", "是/否", "亩", "万元", "经度", "纬度", "东坐标", "北坐标"}) out = replaceAll(out, example, "");
  for (const json& word : spec.value("data_cjk", json::array())) out = replaceAll(out, word.get<std::string>(), "");
  return out;
}

// What the Chinese line must still name, from an English fragment: file names, ids, codes and
// options verbatim; "feature 'X'", "field 'x'" and "row N" in their Chinese form. Fragments of
// English words only are the English wording and have no counterpart to look for.
std::optional<std::string> chineseCounterpart(const std::string& fragment) {
  static const std::regex feature(R"(^feature '(.*)'$)"), field(R"(^field '(.*)'$)"), row(R"(^row (\d+)$)");
  std::smatch match;
  if (std::regex_match(fragment, match, feature)) return "要素 '" + std::string(match[1]) + "'";
  if (std::regex_match(fragment, match, field)) return "字段 '" + std::string(match[1]) + "'";
  if (std::regex_match(fragment, match, row)) return "第 " + std::string(match[1]) + " 行";
  const bool verbatim = fragment.find(' ') == std::string::npos &&
                        std::any_of(fragment.begin(), fragment.end(), [](char c) {
                          return std::string_view(".-'\\:=_[").find(c) != std::string_view::npos || std::isdigit(static_cast<unsigned char>(c)) ||
                                 static_cast<unsigned char>(c) >= 0x80;
                        });
  if (verbatim) return fragment;
  return std::nullopt;
}

class BadCorpus : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(BadCorpus, IsRefusedWithOneLineAndLeavesTheDatabaseUnchanged) {
  const std::filesystem::path source = corpusDir() / GetParam();
  const json spec = json::parse(readTextFile(source / "case.json"));
  TempDir work;
  // The case's files are copied, so that cases may truncate or rename them without touching the tree.
  const std::filesystem::path files = work / "files";
  std::filesystem::copy(source, files, std::filesystem::copy_options::recursive);
  for (const json& cut : spec.value("truncate", json::array()))
    std::filesystem::resize_file(files / cut.at(0).get<std::string>(), cut.at(1).get<std::uintmax_t>());
  for (const json& removed : spec.value("remove", json::array())) std::filesystem::remove(files / removed.get<std::string>());
  const std::filesystem::path db = work / "lb.sqlite";
  initDatabase(db);
  auto expand = [&](const json& args) {
    std::vector<std::string> out;
    for (const json& arg : args)
      out.push_back(replaceAll(replaceAll(arg.get<std::string>(), "{case}", files.string()), "{work}", work.path().string()));
    return out;
  };
  for (const json& setup : spec.value("setup", json::array())) {
    const CliResult result = runLandbank(db, expand(setup));
    ASSERT_EQ(result.exitCode, 0) << "setup " << setup.dump() << ": " << result.err;
  }
  const std::string before = databaseFingerprint(db);
  std::vector<std::string> args = expand(spec.at("args"));
  // The default language: drop a --lang the case gives, so that the first run is the Chinese one.
  for (auto at = std::find(args.begin(), args.end(), "--lang"); at != args.end() && at + 1 != args.end(); at = std::find(args.begin(), args.end(), "--lang"))
    args.erase(at, at + 2);
  std::vector<std::string> englishArgs = args;
  englishArgs.insert(englishArgs.end(), {"--lang", "en"});

  const CliResult result = runLandbank(db, englishArgs);
  EXPECT_EQ(result.exitCode, spec.at("exit").get<int>()) << result.err << result.out;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << "stderr must be one line: " << result.err;
  for (const json& fragment : spec.at("stderr"))
    EXPECT_NE(result.err.find(fragment.get<std::string>()), std::string::npos)
        << "missing '" << fragment.get<std::string>() << "' in: " << result.err;
  EXPECT_TRUE(result.err.rfind("landbank: error: ", 0) == 0 || result.err.rfind("landbank: usage error: ", 0) == 0) << result.err;
  EXPECT_FALSE(hasCjk(fixedText(result.err, work.path().string(), spec, args))) << "Chinese in the English text: " << result.err;
  EXPECT_TRUE(databaseFingerprint(db) == before) << "the database changed";

  const CliResult chinese = runLandbank(db, args);
  EXPECT_EQ(chinese.exitCode, result.exitCode) << chinese.err;
  EXPECT_EQ(std::count(chinese.err.begin(), chinese.err.end(), '\n'), 1) << "stderr must be one line: " << chinese.err;
  const std::string prefix = chinese.exitCode == 2 ? "landbank: 用法错误：" : "landbank: 错误：";
  EXPECT_EQ(chinese.err.rfind(prefix, 0), 0u) << chinese.err;
  EXPECT_TRUE(hasCjk(chinese.err.substr(std::min(prefix.size(), chinese.err.size())))) << chinese.err;
  for (const json& fragment : spec.at("stderr")) {
    if (const std::optional<std::string> counterpart = chineseCounterpart(fragment.get<std::string>())) {
      EXPECT_NE(chinese.err.find(*counterpart), std::string::npos) << "missing '" << *counterpart << "' in: " << chinese.err;
    }
  }
  EXPECT_TRUE(databaseFingerprint(db) == before) << "the database changed";
}

std::string caseTestName(const ::testing::TestParamInfo<std::string>& parameter) {
  std::string name = parameter.param;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, BadCorpus, ::testing::ValuesIn(caseNames()), caseTestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(BadCorpus);
