// The bundled Chengyang sample: every layer populated at the sizes the foundation promises,
// deterministic, and believable where it can be checked mechanically.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "test_support.h"

using namespace landbank::test;
using nlohmann::json;

namespace {

class SampleTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new TempDir;
    const CliResult result = runLandbank(*s_dir / "sample.sqlite", {"init", "--sample"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
  }
  static void TearDownTestSuite() { delete s_dir; }
  static std::filesystem::path db() { return *s_dir / "sample.sqlite"; }
  static json list(const std::string& layer) {
    const CliResult result = runLandbank(db(), {layer, "--format", "json"});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    return json::parse(result.out);
  }
  static std::set<std::string> valuesOf(const json& rows, const std::string& field) {
    std::set<std::string> values;
    for (const auto& row : rows)
      if (row.contains(field) && row[field].is_string()) values.insert(row[field].get<std::string>());
    return values;
  }
  static TempDir* s_dir;
};
TempDir* SampleTest::s_dir = nullptr;

}  // namespace

TEST_F(SampleTest, EveryLayerIsPopulatedAtTheFoundationSizes) {
  const json info = json::parse(runLandbank(db(), {"info", "--format", "json"}).out);
  std::map<std::string, std::int64_t> counts;
  for (const auto& layer : info["layers"]) {
    counts[layer["layer"]] = layer["count"];
    EXPECT_TRUE(layer["provenance"].is_object()) << layer["layer"];
    EXPECT_NE(layer["provenance"]["as_of"].get<std::string>().find("synthetic"), std::string::npos);
  }
  EXPECT_GE(counts["parcels"], 1500);
  EXPECT_GE(counts["parks"], 8);
  EXPECT_GE(counts["buildings"], 150);
  EXPECT_GE(counts["constraints"], 20);
  EXPECT_GE(counts["facilities"], 50);
  EXPECT_GE(counts["projects"], 40);
  EXPECT_GE(counts["boundaries"], 9);  // Chengyang and its subdistricts at least
}

TEST_F(SampleTest, CodeListsAreCoveredAsPromised) {
  const json constraints = list("constraints");
  EXPECT_GE(valuesOf(constraints, "type").size(), 8u);
  const json projects = list("projects");
  EXPECT_EQ(valuesOf(projects, "sector").size(), 7u);
  EXPECT_EQ(valuesOf(projects, "stage").size(), 6u);
  EXPECT_EQ(valuesOf(projects, "tier").size(), 6u);
  EXPECT_EQ(valuesOf(projects, "origin").size(), 5u);
  const json parcels = list("parcels");
  EXPECT_GE(valuesOf(parcels, "status").size(), 6u);
}

TEST_F(SampleTest, ParcelsAreBetweenFiveAndThreeHundredMuAndInChengyangSubdistricts) {
  const json parcels = list("parcels");
  const std::set<std::string> subdistricts{"城阳街道", "流亭街道", "夏庄街道", "惜福镇街道",
                                           "棘洪滩街道", "上马街道", "红岛街道", "河套街道"};
  for (const auto& parcel : parcels) {
    const double mu = parcel["area_mu"].get<double>();
    EXPECT_GE(mu, 4.99) << parcel["id"];
    EXPECT_LE(mu, 300.01) << parcel["id"];
    ASSERT_TRUE(parcel["subdistrict"].is_string()) << parcel["id"];
    EXPECT_TRUE(subdistricts.count(parcel["subdistrict"].get<std::string>())) << parcel["subdistrict"];
    // Chengyang lies within 120.1..120.6 E, 36.1..36.5 N.
    EXPECT_GT(parcel["centroid"][0].get<double>(), 120.1);
    EXPECT_LT(parcel["centroid"][0].get<double>(), 120.6);
    EXPECT_GT(parcel["centroid"][1].get<double>(), 36.1);
    EXPECT_LT(parcel["centroid"][1].get<double>(), 36.5);
  }
}

TEST_F(SampleTest, TheGeneratorIsDeterministic) {
  TempDir other;
  ASSERT_EQ(runLandbank(other / "again.sqlite", {"init", "--sample"}).exitCode, 0);
  EXPECT_EQ(runLandbank(other / "again.sqlite", {"parcels", "--format", "json"}).out,
            runLandbank(db(), {"parcels", "--format", "json"}).out);
}

TEST_F(SampleTest, InitRefusesToOverwriteTheSample) {
  const std::string before = databaseFingerprint(db());
  const CliResult result = runLandbank(db(), {"init", "--sample"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.err.find("不会覆盖"), std::string::npos) << result.err;
  EXPECT_TRUE(databaseFingerprint(db()) == before);
}
