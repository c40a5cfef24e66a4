// The bad-input corpus (tests/data/bad/): one folder per case, each with its files and a case.json
// holding the command line, the expected exit code and fragments of the one line of stderr. Every
// case runs on a fresh database (after optional setup commands that must succeed) and must leave
// that database exactly as it was. See tests/data/bad/README.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

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
  const CliResult result = runLandbank(db, expand(spec.at("args")));
  EXPECT_EQ(result.exitCode, spec.at("exit").get<int>()) << result.err << result.out;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << "stderr must be one line: " << result.err;
  for (const json& fragment : spec.at("stderr"))
    EXPECT_NE(result.err.find(fragment.get<std::string>()), std::string::npos)
        << "missing '" << fragment.get<std::string>() << "' in: " << result.err;
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
