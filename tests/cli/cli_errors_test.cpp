// Errors and refusals follow --lang: "landbank: 错误：…" / "landbank: 用法错误：…" by default,
// "landbank: error: …" / "landbank: usage error: …" with --lang en. CLI11's own parse errors are said
// again in Chinese by type, naming the option and the value, even when the parse fails before
// --lang is read. Exit codes do not depend on the language.
#include <gtest/gtest.h>

#include <algorithm>

#include "test_support.h"

using namespace landbank::test;

namespace {

bool hasCjk(const std::string& text) {
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead >= 0xE4 && lead <= 0xE9) return true;
  }
  return false;
}

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

struct ParseCase {
  const char* name;
  std::vector<std::string> args;
  std::vector<std::string> named;  ///< what both languages must name (the option, the value)
};

class ParseErrors : public ::testing::TestWithParam<ParseCase> {};

}  // namespace

TEST_P(ParseErrors, AreChineseByDefaultAndEnglishWithLangEn) {
  const ParseCase& c = GetParam();
  const CliResult zh = runLandbank({}, c.args);
  EXPECT_EQ(zh.exitCode, 2) << zh.err;
  EXPECT_EQ(lines(zh.err), 1u) << zh.err;
  EXPECT_TRUE(startsWith(zh.err, "landbank: 用法错误：")) << zh.err;
  EXPECT_TRUE(hasCjk(zh.err.substr(std::string("landbank: 用法错误：").size()))) << zh.err;
  for (const std::string& name : c.named) EXPECT_NE(zh.err.find(name), std::string::npos) << name << " in " << zh.err;

  for (const std::vector<std::string>& langArgs : {std::vector<std::string>{"--lang", "en"}, std::vector<std::string>{"--lang=en"}}) {
    std::vector<std::string> args = langArgs;
    args.insert(args.end(), c.args.begin(), c.args.end());
    const CliResult en = runLandbank({}, args);
    EXPECT_EQ(en.exitCode, 2) << en.err;
    EXPECT_EQ(lines(en.err), 1u) << en.err;
    EXPECT_TRUE(startsWith(en.err, "landbank: usage error: ")) << en.err;
    EXPECT_FALSE(hasCjk(en.err)) << en.err;
    for (const std::string& name : c.named) EXPECT_NE(en.err.find(name), std::string::npos) << name << " in " << en.err;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cli11, ParseErrors,
    ::testing::Values(ParseCase{"UnknownOption", {"parcels", "--bogus", "x"}, {"--bogus"}},
                      ParseCase{"MissingRequiredPositional", {"import", "parcels"}, {"file"}},
                      ParseCase{"MissingRequiredOption", {"coord", "120.3,36.3"}, {"--to"}},
                      ParseCase{"NotANumber", {"parcels", "--limit", "abc"}, {"--limit", "abc"}},
                      ParseCase{"NegativeWhereNonNegative", {"parcels", "--limit=-3"}, {"--limit", "-3"}},
                      ParseCase{"ZeroWherePositive", {"export", "kml", "--project", "P-1", "--top", "0"}, {"--top", "0"}},
                      ParseCase{"NotOneOfTheChoices", {"import", "parcels", "p.csv", "--mode", "bogus"}, {"--mode", "bogus", "append"}},
                      ParseCase{"OptionWithoutValue", {"parcels", "--limit"}, {"--limit"}},
                      ParseCase{"NoCommand", {}, {}}),
    [](const ::testing::TestParamInfo<ParseCase>& parameter) { return std::string(parameter.param.name); });

TEST(CliErrors, AnUnknownLangIsAChineseUsageError) {
  const CliResult result = runLandbank({}, {"--lang", "fr", "coord", "120.3,36.3", "--to", "EPSG:4549"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_TRUE(startsWith(result.err, "landbank: 用法错误：--lang 只能是 zh_CN 或 en")) << result.err;
}

TEST(CliErrors, EngineErrorsFollowLangWithTheSameExitCode) {
  TempDir work;
  const CliResult zh = runLandbank(work / "missing.sqlite", {"parcels"});
  EXPECT_EQ(zh.exitCode, 1);
  EXPECT_TRUE(startsWith(zh.err, "landbank: 错误：文件 '")) << zh.err;
  EXPECT_NE(zh.err.find("这里没有数据库；请用 `landbank init` 创建"), std::string::npos) << zh.err;
  const CliResult en = runLandbank(work / "missing.sqlite", {"parcels", "--lang", "en"});
  EXPECT_EQ(en.exitCode, 1);
  EXPECT_TRUE(startsWith(en.err, "landbank: error: file '")) << en.err;
  EXPECT_NE(en.err.find("no database here; create one with `landbank init`"), std::string::npos) << en.err;
  EXPECT_FALSE(hasCjk(en.err)) << en.err;
}

TEST(CliErrors, EngineUsageErrorsSayUsage) {
  const CliResult zh = runLandbank({}, {"coord", "120.3", "--to", "EPSG:4549"});
  EXPECT_EQ(zh.exitCode, 2);
  EXPECT_EQ(zh.err, "landbank: 用法错误：coord 120.3：请把点写成 X,Y，如 120.38,36.30（经度,纬度）或 515000,4020000\n");
  const CliResult en = runLandbank({}, {"coord", "120.3", "--to", "EPSG:4549", "--lang", "en"});
  EXPECT_EQ(en.exitCode, 2);
  EXPECT_EQ(en.err, "landbank: usage error: coord 120.3: write the point as X,Y, e.g. 120.38,36.30 (lon,lat) or 515000,4020000\n");
}
