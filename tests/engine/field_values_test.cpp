#include <gtest/gtest.h>

#include "field_values.h"
#include "landbank/error.h"

using namespace landbank;

namespace {
const FieldSpec& parcelField(const char* name) { return *layerSpec(Layer::Parcels).field(name); }
}  // namespace

TEST(FieldValues, NumbersParseAndNonNumbersAreBadValues) {
  EXPECT_DOUBLE_EQ(parseFieldValue(parcelField("price_wan_per_mu"), " 45.5 ").get<double>(), 45.5);
  EXPECT_TRUE(parseFieldValue(parcelField("price_wan_per_mu"), "").is_null());
  try {
    parseFieldValue(parcelField("price_wan_per_mu"), "abc");
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::BadValue);
    EXPECT_NE(std::string(error.what()).find("'abc' is not a number"), std::string::npos);
  }
  EXPECT_THROW(parseFieldValue(parcelField("price_wan_per_mu"), "45wan"), Error);
  EXPECT_THROW(parseFieldValue(parcelField("density_max"), "1.5"), Error);  // out of [0, 1]
}

TEST(FieldValues, StatusAcceptsCodesAndChineseLabelsOnly) {
  EXPECT_EQ(parseFieldValue(parcelField("status"), "reserved"), "reserved");
  EXPECT_EQ(parseFieldValue(parcelField("status"), "储备"), "reserved");
  EXPECT_EQ(parseFieldValue(parcelField("status"), "可供应"), "available");
  EXPECT_THROW(parseFieldValue(parcelField("status"), "idle"), Error);
}

TEST(FieldValues, LegacyGb50137LandUseCodesMapToTheNationalClassification) {
  EXPECT_EQ(parseFieldValue(parcelField("land_use"), "M1"), "100101");
  EXPECT_EQ(parseFieldValue(parcelField("land_use"), "M2"), "100102");
  EXPECT_EQ(parseFieldValue(parcelField("land_use"), "m3"), "100103");
  EXPECT_EQ(parseFieldValue(parcelField("land_use"), "W1"), "110101");
  EXPECT_EQ(parseFieldValue(parcelField("land_use"), "100102"), "100102");
  EXPECT_THROW(parseFieldValue(parcelField("land_use"), "M9"), Error);
  EXPECT_THROW(parseFieldValue(parcelField("land_use"), "999999"), Error);
}

TEST(FieldValues, BooleansDatesAndLists) {
  EXPECT_EQ(parseFieldValue(parcelField("water"), "是"), true);
  EXPECT_EQ(parseFieldValue(parcelField("water"), "0"), false);
  EXPECT_THROW(parseFieldValue(parcelField("water"), "maybe"), Error);
  EXPECT_EQ(parseFieldValue(parcelField("available_from"), "2027/3/1"), "2027-03-01");
  EXPECT_EQ(parseFieldValue(parcelField("available_from"), "20270301"), "2027-03-01");
  EXPECT_THROW(parseFieldValue(parcelField("available_from"), "2027-02-30"), Error);
  const FieldSpec& sectors = *layerSpec(Layer::Parks).field("sectors");
  EXPECT_EQ(parseFieldValue(sectors, "advanced_mfg, emerging"), nlohmann::json({"advanced_mfg", "emerging"}));
  EXPECT_EQ(parseFieldValue(sectors, "先进制造业、生物医药"), nlohmann::json({"advanced_mfg", "biomedicine"}));
  EXPECT_THROW(parseFieldValue(sectors, "advanced_mfg,tourism"), Error);
}

TEST(FieldValues, PollutionClassIsAWholeNumberFromOneToThree) {
  const FieldSpec& pollution = *layerSpec(Layer::Projects).field("pollution_class");
  EXPECT_EQ(parseFieldValue(pollution, "2").get<std::int64_t>(), 2);
  EXPECT_THROW(parseFieldValue(pollution, "2.5"), Error);
  EXPECT_THROW(parseFieldValue(pollution, "4"), Error);
  EXPECT_EQ(parseFieldNumber(pollution, 3.0).get<std::int64_t>(), 3);
}
