// The one label table: every code of every list has a Chinese label, what planners type maps back
// to the code, and composed rule and criterion names are labelled from their parts.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/landuse.h"
#include "landbank/layers.h"
#include "landbank/rulepack.h"

using namespace landbank;

namespace {

constexpr CodeList kCodeLists[] = {CodeList::ParcelStatus, CodeList::BuildingType, CodeList::ConstraintType, CodeList::ConstraintEffect,
                                   CodeList::FacilityType, CodeList::BoundaryLevel, CodeList::Sector,        CodeList::Tier,
                                   CodeList::Origin,       CodeList::Stage,        CodeList::Rule,          CodeList::Criterion,
                                   CodeList::Unit,         CodeList::LedgerStage,  CodeList::ProblemCategory, CodeList::CapitalKind,
                                   CodeList::RoadClass,    CodeList::WaterClass,   CodeList::PlaceClass,    CodeList::Subsector};

bool hasNonAscii(const std::string& text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  return false;
}

TEST(CodeLabels, EveryCodeOfEveryListHasAChineseLabelThatMapsBack) {
  for (CodeList list : kCodeLists) {
    ASSERT_FALSE(codesOf(list).empty());
    std::set<std::string> labels;
    for (std::string_view code : codesOf(list)) {
      const std::string zh = codeLabel(list, code, Language::Chinese);
      if (list == CodeList::Unit) continue;  // units such as 4πA/P² and 万元/亩 read the same in both languages
      EXPECT_NE(zh, std::string(code)) << code;
      EXPECT_TRUE(hasNonAscii(zh)) << code << " -> " << zh;
      if (list == CodeList::Criterion) continue;  // area_fit and floor_fit are both 面积匹配 (parcels vs buildings)
      EXPECT_TRUE(labels.insert(zh).second) << "label " << zh << " used twice";
      EXPECT_EQ(codeFromText(list, zh), std::string(code));
      EXPECT_EQ(codeFromText(list, code), std::string(code));
    }
  }
}

// The ledger's lists are the same table: its stages are the layer's (same words, 洽谈 not the parcel's
// 洽谈中) plus dropped; problem categories and kinds of capital increase are lists of their own.
TEST(CodeLabels, TheLedgersListsShareTheTableAndTheStageWords) {
  const auto stages = codesOf(CodeList::LedgerStage);
  ASSERT_EQ(stages.size(), codes::stage.size() + 1);
  for (std::size_t i = 0; i < codes::stage.size(); ++i) {
    EXPECT_EQ(stages[i], codes::stage[i]);
    EXPECT_EQ(codeLabel(CodeList::LedgerStage, stages[i], Language::Chinese), codeLabel(CodeList::Stage, stages[i], Language::Chinese));
  }
  EXPECT_EQ(stages.back(), "dropped");
  EXPECT_EQ(codeLabel(CodeList::Stage, "negotiating", Language::Chinese), "洽谈");
  EXPECT_EQ(codeLabel(CodeList::ParcelStatus, "negotiating", Language::Chinese), "洽谈中");
  EXPECT_EQ(codeLabel(CodeList::Stage, "operating", Language::Chinese), "投产");
  EXPECT_EQ(codeFromText(CodeList::Stage, "运营"), "operating");
  EXPECT_EQ(codeFromText(CodeList::Stage, "终止"), std::nullopt);  // the layer's list has no dropped
  EXPECT_EQ(codeFromText(CodeList::LedgerStage, "终止"), "dropped");
  EXPECT_EQ(codeFromText(CodeList::ProblemCategory, "环评"), "environment");
  EXPECT_EQ(codeFromText(CodeList::CapitalKind, "扩产增资"), "expansion");
  EXPECT_EQ(codesOf(CodeList::ProblemCategory).size(), 8u);
  EXPECT_EQ(codesOf(CodeList::CapitalKind).size(), 3u);
}

TEST(CodeLabels, TheTableCoversExactlyTheCodeListsOfTheLayers) {
  EXPECT_EQ(codesOf(CodeList::ParcelStatus).size(), codes::parcelStatus.size());
  EXPECT_EQ(codesOf(CodeList::Stage).data(), codes::stage.data());
  for (std::string_view code : codes::facilityType) EXPECT_NE(codeLabel(CodeList::FacilityType, code, Language::Chinese), code);
  for (std::string_view code : codes::constraintType) EXPECT_NE(codeLabel(CodeList::ConstraintType, code, Language::Chinese), code);
}

TEST(CodeLabels, SynonymsPlannersTypeReachTheCode) {
  for (const char* text : {"洽谈", "谈判", "洽谈中", "negotiating", "Negotiating"}) EXPECT_EQ(codeFromText(CodeList::Stage, text), "negotiating") << text;
  EXPECT_EQ(codeFromText(CodeList::Stage, "签约"), "signed");
  EXPECT_EQ(codeFromText(CodeList::Stage, "落地"), "landed");
  EXPECT_EQ(codeFromText(CodeList::FacilityType, "高速出入口"), "highway_exit");
  EXPECT_EQ(codeFromText(CodeList::FacilityType, "高速口"), "highway_exit");
  EXPECT_EQ(codeFromText(CodeList::ParcelStatus, "储备"), "reserved");
  EXPECT_EQ(codeFromText(CodeList::ParcelStatus, " 可供应 "), "available");
  EXPECT_EQ(codeFromText(CodeList::Sector, "先进制造业"), "advanced_mfg");
  EXPECT_EQ(codeFromText(CodeList::FacilityType, "highwayexit"), std::nullopt);
  EXPECT_EQ(codeFromText(CodeList::ParcelStatus, "签约"), std::nullopt);
}

TEST(CodeLabels, ComposedRuleAndCriterionNamesAreLabelledFromTheirParts) {
  EXPECT_EQ(codeLabel(CodeList::Rule, "constraint:hv_corridor", Language::Chinese), "管控:高压走廊");
  EXPECT_EQ(codeLabel(CodeList::Rule, "near:port", Language::Chinese), "邻近:港口");
  EXPECT_EQ(codeLabel(CodeList::Rule, "land_use", Language::Chinese), "用地性质");
  EXPECT_EQ(codeLabel(CodeList::Rule, "area", Language::Chinese), "面积");
  EXPECT_EQ(codeLabel(CodeList::Criterion, "highway_exit_distance", Language::Chinese), "高速出入口距离");
  EXPECT_EQ(codeLabel(CodeList::Criterion, "area_fit", Language::Chinese), "面积匹配");
  EXPECT_EQ(codeLabel(CodeList::Criterion, "highway_exit_distance", Language::English), "highway_exit distance");
  EXPECT_EQ(codeLabel(CodeList::ParcelStatus, "reserved", Language::English), "reserved");
  EXPECT_EQ(codeLabel(CodeList::ParcelStatus, "no_such_code", Language::Chinese), "no_such_code");
}

TEST(CodeLabels, ParseCodesAcceptsChineseSeparatorsAndRefusesWithTheLabelledList) {
  EXPECT_EQ(parseCodes(CodeList::ParcelStatus, "--status", "储备，可供应、built", Language::Chinese),
            (std::vector<std::string>{"reserved", "available", "built"}));
  try {
    parseCodes(CodeList::ParcelStatus, "--status", "reserved,spare", Language::Chinese);
    FAIL() << "spare is no status";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::Usage);
    const std::string message = error.message(Language::Chinese);
    EXPECT_NE(message.find("'spare'"), std::string::npos) << message;
    EXPECT_NE(message.find("reserved (储备)"), std::string::npos) << message;
  }
}

TEST(CodeLabels, LandUseClassNamesAndLegacyCodesReachTheNationalCode) {
  const LandUseTable& table = LandUseTable::bundled();
  EXPECT_EQ(landUseFromText(table, "工业"), "1001");
  EXPECT_EQ(landUseFromText(table, "工业用地"), "1001");
  EXPECT_EQ(landUseFromText(table, "二类工业用地"), "100102");
  EXPECT_EQ(landUseFromText(table, "M2"), "100102");
  EXPECT_EQ(landUseFromText(table, "1001"), "1001");
  EXPECT_EQ(landUseFromText(table, "industrial land"), "1001");
  EXPECT_EQ(landUseFromText(table, "9999"), std::nullopt);
  EXPECT_EQ(landUseFromText(table, "飞行用地"), std::nullopt);
  EXPECT_EQ(landUseLabel(table, "100102", Language::Chinese), "二类工业用地");
  EXPECT_EQ(landUseLabel(table, "100102", Language::English), "Class 2 industrial land");
}

TEST(CodeLabels, FieldLabelsAreChineseAndEnglishKeepsTheKey) {
  EXPECT_EQ(fieldLabel("area_mu", Language::Chinese), "面积(亩)");
  EXPECT_EQ(fieldLabel("area_mu", Language::English), "area_mu");
  for (const LayerSpec& layer : allLayerSpecs())
    for (const FieldSpec& field : layer.fields) EXPECT_TRUE(hasNonAscii(fieldLabel(field.name, Language::Chinese))) << field.name;
  EXPECT_EQ(codeListOfField("facilities", "type"), CodeList::FacilityType);
  EXPECT_EQ(codeListOfField("parks", "sectors"), CodeList::Sector);
  EXPECT_EQ(codeListOfField("parcels", "name"), std::nullopt);
}

}  // namespace

// Evaluation shows a project's subsector by its label: every leading subsector of the bundled rule
// pack must have one, or a planner reads rail_transit in a Chinese table.
TEST(CodeLabels, EveryLeadingSubsectorOfTheRulePackHasALabel) {
  const nlohmann::json pack = nlohmann::json::parse(std::ifstream(RulePack::bundledPath()));
  for (const auto& code : pack.at("evaluation").at("leading_subsectors").at("values")) {
    const std::string zh = codeLabel(CodeList::Subsector, code.get<std::string>(), Language::Chinese);
    EXPECT_TRUE(hasNonAscii(zh)) << code << " -> " << zh;
  }
  EXPECT_EQ(codeLabel(CodeList::Subsector, "quantum_widgets", Language::Chinese), "quantum_widgets") << "an open list: unlisted codes show as written";
}

