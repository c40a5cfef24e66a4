// The two executables (docs/architecture.md "Two executables"): `landbank` runs `match` itself
// without loading GDAL or CBC, and hands every other invocation to `landbank-all` unchanged. Checked
// on the built binaries: their NEEDED lists (readelf, from binutils, which the compiler brings), the
// same stdout, stderr and exit code as `landbank-all` for match and for delegated commands, and the
// light binary alone in a folder (no `landbank-all` beside it): match still works there, anything
// else says in one line which file is missing and exits 1.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "light_cli.h"
#include "test_support.h"

using namespace landbank::test;
using landbank::cli::CommandEntry;
using landbank::cli::lightCommand;
using landbank::cli::lightCommandRegistry;

namespace {

const std::filesystem::path kLight = LANDBANK_CLI_EXE;
const std::filesystem::path kFull = LANDBANK_FULL_CLI_EXE;

// The shared libraries an ELF file names in its dynamic section (DT_NEEDED), read by readelf.
std::vector<std::string> neededLibraries(const std::filesystem::path& executable) {
  const std::string command = "readelf -d '" + executable.string() + "'";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::vector<std::string> needed;
  if (!pipe) return needed;
  std::array<char, 512> line{};
  while (fgets(line.data(), static_cast<int>(line.size()), pipe.get())) {
    const std::string text = line.data();
    if (text.find("(NEEDED)") == std::string::npos) continue;
    const auto open = text.find('['), close = text.find(']');
    if (open != std::string::npos && close != std::string::npos && close > open) needed.push_back(text.substr(open + 1, close - open - 1));
  }
  return needed;
}

bool namesLibrary(const std::vector<std::string>& needed, const std::string& prefix) {
  return std::any_of(needed.begin(), needed.end(), [&](const std::string& name) { return name.rfind(prefix, 0) == 0; });
}

void expectSameRun(const CliResult& light, const CliResult& full, const std::string& what) {
  EXPECT_EQ(light.exitCode, full.exitCode) << what;
  EXPECT_EQ(light.out, full.out) << what;
  EXPECT_EQ(light.err, full.err) << what;
}

std::optional<std::string> decide(const std::vector<std::string>& args) { return lightCommand(args, lightCommandRegistry()); }

}  // namespace

TEST(LightCommand, RunsMatchItselfOnlyWhenOnlyGlobalOptionsWithValuesComeBeforeIt) {
  EXPECT_EQ(decide({"match", "P-001"}), "match");
  EXPECT_EQ(decide({"--db", "x.sqlite", "match", "P-001", "--format", "json"}), "match");
  EXPECT_EQ(decide({"--db=x.sqlite", "--lang", "en", "--user", "u", "--today", "2026-01-01", "match"}), "match");
  EXPECT_EQ(decide({"match", "P-001", "--db", "x.sqlite", "--help"}), "match");  // after the command: match's own parse
  EXPECT_EQ(decide({}), std::nullopt);
  EXPECT_EQ(decide({"info"}), std::nullopt);
  EXPECT_EQ(decide({"bogus", "match"}), std::nullopt);
  EXPECT_EQ(decide({"--help", "match"}), std::nullopt);
  EXPECT_EQ(decide({"-h"}), std::nullopt);
  EXPECT_EQ(decide({"--version", "match"}), std::nullopt);
  EXPECT_EQ(decide({"--", "match"}), std::nullopt);
  EXPECT_EQ(decide({"--db"}), std::nullopt);
  EXPECT_EQ(decide({"--db", "x.sqlite"}), std::nullopt);
  EXPECT_EQ(decide({"--db", "--lang", "match"}), std::nullopt);  // CLI11 takes no option-like value: unclear, hand over
  EXPECT_EQ(decide({"--dbx", "y", "match"}), std::nullopt);
  EXPECT_EQ(decide({"--db", "match", "info"}), std::nullopt);  // "match" is the database here
}

TEST(LightCommand, EveryLightCommandIsInTheFullRegistryWithTheSameHelpLine) {
  const std::vector<CommandEntry>& full = landbank::cli::commandRegistry();
  for (const CommandEntry& light : lightCommandRegistry()) {
    const auto same = std::find_if(full.begin(), full.end(), [&](const CommandEntry& entry) { return std::string(entry.name) == light.name; });
    ASSERT_NE(same, full.end()) << light.name;
    EXPECT_STREQ(same->descriptionZh, light.descriptionZh);
    EXPECT_STREQ(same->description, light.description);
    EXPECT_EQ(same->make, light.make);
  }
}

TEST(KeepUntilExit, InProcessCommandsKeepTheirObjectsNormalLifetimes) {
  // Tests run commands in-process and never call processEndsAfterCommand(): what a command hands to
  // keepUntilExit() must still be destroyed with its last reference (a store closed, its file free).
  auto held = std::make_shared<int>(42);
  const std::weak_ptr<int> watch = held;
  landbank::cli::keepUntilExit(held);
  EXPECT_FALSE(watch.expired());  // the caller still holds it
  held.reset();
  EXPECT_TRUE(watch.expired());
}

TEST(LightExecutable, LinksNeitherGdalNorCbcNorQt) {
  const std::vector<std::string> light = neededLibraries(kLight);
  const std::vector<std::string> full = neededLibraries(kFull);
  // The reading works: the full executable names GDAL and CBC, both name SQLite and GEOS.
  ASSERT_TRUE(namesLibrary(full, "libgdal.so")) << "readelf -d " << kFull;
  ASSERT_TRUE(namesLibrary(full, "libCbc"));
  ASSERT_TRUE(namesLibrary(light, "libsqlite3.so"));
  ASSERT_TRUE(namesLibrary(light, "libgeos_c.so"));
  for (const char* heavy : {"libgdal", "libCbc", "libClp", "libOsi", "libCoinUtils", "libQt"}) EXPECT_FALSE(namesLibrary(light, heavy)) << heavy;
  // PROJ is loaded on first use (detail/proj_library.h), by neither executable at start. A match that
  // measures (stale facts) loads it; tests/engine/stored_facts_test.cpp compares that with a cold one.
  EXPECT_FALSE(namesLibrary(light, "libproj")) << "PROJ is loaded with dlopen when first used";
  EXPECT_LT(light.size(), 15u);
}

class LightExecutableOnSample : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new TempDir();
    const CliResult init = runLandbank(db(), {"init", "--sample"});
    ASSERT_EQ(init.exitCode, 0) << init.err;
    // The light binary alone in a folder: it cannot hand anything over, so what it answers there
    // it answered in-process.
    std::filesystem::create_directory(*s_dir / "alone");
    std::filesystem::copy_file(kLight, alone());
  }
  static void TearDownTestSuite() {
    delete s_dir;
    s_dir = nullptr;
  }
  static std::filesystem::path db() { return *s_dir / "sample.sqlite"; }
  static std::filesystem::path alone() { return *s_dir / "alone" / "landbank"; }
  static TempDir* s_dir;
};
TempDir* LightExecutableOnSample::s_dir = nullptr;

TEST_F(LightExecutableOnSample, MatchRunsInProcessWithTheFullExecutablesOutput) {
  const CliResult first = runProcess(kFull, {"--db", db().string(), "match", "P-001", "--format", "json"});
  ASSERT_EQ(first.exitCode, 0) << first.err;
  const nlohmann::json result = nlohmann::json::parse(first.out);
  ASSERT_FALSE(result.at("candidates").empty());
  const std::string parcel = result.at("candidates").at(0).at("id").get<std::string>();
  const std::vector<std::vector<std::string>> cases{
      {"--db", db().string(), "match", "P-001", "--format", "json"},
      {"--db=" + db().string(), "--lang", "en", "match", "P-001", "--top", "3", "--format", "table"},
      {"match", "P-001", "--db", db().string(), "--why", parcel, "--format", "json"},
      {"--db", db().string(), "match", "--parcel", parcel, "--format", "json"},
      {"--db", db().string(), "match", "P-001", "--kind", "all", "--stability", "5", "--seed", "7", "--format", "json"},
      {"match", "--help"},
      {"--lang", "en", "match", "-h"},
      {"match", "P-001", "--version"},
      {"--db", db().string(), "match", "NO-SUCH"},                   // exit 1
      {"--db", db().string(), "match", "P-001", "--top", "abc"},     // exit 2, the option's kind named
      {"--db", db().string(), "match", "P-001", "--stability", "x"},
      {"--db", db().string(), "match", "P-001", "--seed", "-1"},
      {"--db", db().string(), "match", "P-001", "--kind", "x"},
      {"--db", db().string(), "match", "P-001", "parcels", "--bogus"},  // extras, in the order typed
      {"--db", db().string(), "--lang", "xx", "match", "P-001"},
      {"--db", (*s_dir / "missing.sqlite").string(), "match", "P-001"},
  };
  for (const std::vector<std::string>& args : cases) {
    std::string what;
    for (const std::string& arg : args) what += arg + " ";
    const CliResult full = runProcess(kFull, args);
    expectSameRun(runProcess(alone(), args), full, what);
    expectSameRun(runProcess(kLight, args), full, what);
    expectSameRun(runProcess(alone(), args, {"LANDBANK_LANG=en"}), runProcess(kFull, args, {"LANDBANK_LANG=en"}), "LANDBANK_LANG=en " + what);
  }
}

TEST_F(LightExecutableOnSample, OtherInvocationsAnswerExactlyAsTheFullExecutable) {
  const std::vector<std::vector<std::string>> cases{
      {"--db", db().string(), "info"},
      {"--db", db().string(), "parcels", "--limit", "3", "--format", "json"},
      {"--version"},
      {"--help"},
      {"--lang", "en", "--help"},
      {"--help", "match"},
      {},
      {"bogus"},  // exit 2
      {"--db", db().string(), "info", "an argument with spaces"},
      {"--db"},
      {"--", "match"},
  };
  for (const std::vector<std::string>& args : cases) {
    std::string what;
    for (const std::string& arg : args) what += arg + " ";
    expectSameRun(runProcess(kLight, args), runProcess(kFull, args), what);
  }
  const CliResult bogus = runProcess(kLight, {"bogus"});
  EXPECT_EQ(bogus.exitCode, 2);
  EXPECT_NE(bogus.err.find("landbank: 用法错误："), std::string::npos) << bogus.err;
  // The environment goes through unchanged: the database of $LANDBANK_DB, the language of $LANDBANK_LANG.
  const std::vector<std::string> environment{"LANDBANK_DB=" + db().string(), "LANDBANK_LANG=en"};
  const CliResult info = runProcess(kLight, {"info"}, environment);
  EXPECT_EQ(info.exitCode, 0) << info.err;
  EXPECT_NE(info.out.find("parcels"), std::string::npos) << info.out;
  expectSameRun(info, runProcess(kFull, {"info"}, environment), "LANDBANK_DB=... info");
}

TEST_F(LightExecutableOnSample, WithoutTheFullExecutableAnythingButMatchSaysWhichFileIsMissing) {
  const std::string missing = (alone().parent_path() / "landbank-all").string();
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{{"--db", db().string(), "info"}, {"--version"}, {"--help"}, {}}) {
    const CliResult run = runProcess(alone(), args);
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, "landbank: 错误：找不到完整的 landbank 程序 " + missing + "（除 match 外的命令都由它执行，应与 landbank 在同一文件夹）\n");
  }
  const std::string english = "landbank: error: the full landbank program " + missing + " was not found (it runs every command but match and belongs next to landbank)\n";
  EXPECT_EQ(runProcess(alone(), {"--lang", "en", "info"}).err, english);
  EXPECT_EQ(runProcess(alone(), {"--lang=en", "bogus"}).err, english);
  const CliResult fromEnvironment = runProcess(alone(), {"info"}, {"LANDBANK_LANG=en"});
  EXPECT_EQ(fromEnvironment.exitCode, 1);
  EXPECT_EQ(fromEnvironment.err, english);

  const CliResult match = runProcess(alone(), {"--db", db().string(), "match", "P-001", "--format", "json"});
  EXPECT_EQ(match.exitCode, 0) << match.err;
  EXPECT_EQ(match.out, runProcess(kFull, {"--db", db().string(), "match", "P-001", "--format", "json"}).out);
}
