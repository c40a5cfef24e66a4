// The --where language: precedence, parentheses, units, fields, and hostile input that must be
// rejected with a precise message (and, end to end, leave the database unchanged).
#include <gtest/gtest.h>

#include "landbank/error.h"
#include "landbank/expression.h"
#include "query_scene.h"
#include "test_support.h"

using namespace landbank;
using namespace landbank::test;

namespace {

const ExtraAttributeLookup kExtraPlotNo = [](std::string_view name) { return name == "plot_no"; };

SqlFilter compile(const std::string& text) { return compileWhereExpression(text, Layer::Parcels, kExtraPlotNo); }

// The message of the Error(Expression) that compiling `text` throws (fails the test when none is thrown).
std::string errorOf(const std::string& text) {
  try {
    compile(text);
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::Expression) << error.what();
    return error.what();
  }
  ADD_FAILURE() << "no error for: " << text;
  return {};
}

TEST(WhereExpression, AndBindsTighterThanOrAndParenthesesOverride) {
  EXPECT_EQ(compile("status = 'a' or status = 'b' and far_max > 2").sql, "((status = ?) OR ((status = ?) AND (far_max > ?)))");
  EXPECT_EQ(compile("(status = 'a' or status = 'b') and far_max > 2").sql, "(((status = ?) OR (status = ?)) AND (far_max > ?))");
  EXPECT_EQ(compile("not not water = true").sql, "(water = ?)");  // not not folded
}

TEST(WhereExpression, ValuesAreParametersNeverSqlText) {
  const SqlFilter filter = compile("name = 'x''); drop table parcels; --' or owner like '%局%'");
  EXPECT_EQ(filter.sql, "((name = ?) OR (owner LIKE ?))");
  ASSERT_EQ(filter.parameters.size(), 2u);
  EXPECT_EQ(std::get<std::string>(filter.parameters[0]), "x'); drop table parcels; --");
  EXPECT_EQ(std::get<std::string>(filter.parameters[1]), "%局%");
}

TEST(WhereExpression, AreaUnitsConvertToSquareMetresOrMu) {
  const SqlFilter m2 = compile("area_m2 > 30mu");
  EXPECT_NEAR(std::get<double>(m2.parameters.at(0)), 20000.0, 1e-6);
  const SqlFilter mu = compile("area_mu >= 2ha");
  EXPECT_NEAR(std::get<double>(mu.parameters.at(0)), 30.0, 1e-9);
  EXPECT_NEAR(std::get<double>(compile("area_m2 < 1.5亩").parameters.at(0)), 1000.0, 1e-6);
  EXPECT_EQ(std::get<std::int64_t>(compile("area_m2 > 30000").parameters.at(0)), 30000);
}

TEST(WhereExpression, InIsNullAndExtraAttributes) {
  EXPECT_EQ(compile("height_max_m in (40, 60)").sql, "(height_max_m IN (?, ?))");
  EXPECT_EQ(compile("owner not in ('a')").sql, "(owner NOT IN (?))");
  EXPECT_EQ(compile("far_max is not null and far_min IS NULL").sql, "((far_max IS NOT NULL) AND (far_min IS NULL))");
  const SqlFilter extra = compile("plot_no = 'X1'");
  EXPECT_EQ(extra.sql, "(json_extract(attrs, ?) = ?)");
  EXPECT_EQ(std::get<std::string>(extra.parameters.at(0)), "$.\"plot_no\"");
  EXPECT_EQ(compile("\"plot_no\" = 'X1'").sql, "(json_extract(attrs, ?) = ?)");
  EXPECT_EQ(compile("attrs.地块编号 = 'X1'").sql, "(json_extract(attrs, ?) = ?)");
}

TEST(WhereExpression, MalformedInputNamesTheColumnAndWhatWasExpected) {
  EXPECT_NE(errorOf("area_m2 >").find("column 10: expected a field name or a value, found the end"), std::string::npos);
  EXPECT_NE(errorOf("(status = 'a'").find("column 14: expected ')'"), std::string::npos);
  EXPECT_NE(errorOf("status = 'a' status").find("column 14: expected 'and', 'or' or the end"), std::string::npos);
  EXPECT_NE(errorOf("area_m2 > 30acres").find("unit"), std::string::npos);
  EXPECT_NE(errorOf("status ~ 'a'").find("column 8"), std::string::npos);
  EXPECT_NE(errorOf("1 = 1").find("a field name on one side"), std::string::npos);
  EXPECT_NE(errorOf("height_max_m in (40, far_max)").find("fields are not allowed"), std::string::npos);
}

TEST(WhereExpression, UnknownFieldIsNamedWithTheValidOnes) {
  const std::string message = errorOf("colour = 'red'");
  EXPECT_NE(message.find("unknown field 'colour'"), std::string::npos) << message;
  EXPECT_NE(message.find("land_use"), std::string::npos) << message;
  EXPECT_NE(message.find("area_mu"), std::string::npos) << message;
}

TEST(WhereExpression, HostileInputIsRejected) {
  EXPECT_NE(errorOf("'; drop table parcels; --").find("closing '"), std::string::npos);
  EXPECT_NE(errorOf("name = 'unbalanced").find("column 8"), std::string::npos);
  EXPECT_NE(errorOf(std::string(10000, '(') + "area_m2 > 1" + std::string(10000, ')')).find("nested"), std::string::npos);
  std::string notChain;
  for (int i = 0; i < 10000; ++i) notChain += "not ";
  EXPECT_NE(errorOf(notChain + "water = true").find("nested"), std::string::npos);
  EXPECT_NE(errorOf("name = '\xff\xfe'").find("column 9: expected UTF-8"), std::string::npos);
  EXPECT_NE(errorOf("name = '\xe5\x9c'").find("UTF-8"), std::string::npos);  // truncated sequence
  EXPECT_NE(errorOf(std::string(200000, 'a')).find("longer than"), std::string::npos);
  EXPECT_NE(errorOf("name = 'a' -- comment").find("column 12"), std::string::npos);
  EXPECT_NE(errorOf("name = 'a'; delete from parcels").find("column 11"), std::string::npos);
}

TEST(WhereExpression, HostileInputThroughTheCliExitsTwoAndChangesNothing) {
  TempDir dir;
  const auto database = dir / "scene.sqlite";
  buildQueryScene(dir, database);
  const std::string before = databaseFingerprint(database);
  const std::vector<std::string> hostile = {"'; drop table parcels; --",
                                            "name = 'x'; drop table parcels; --'",
                                            "name = 'unbalanced",
                                            std::string(10000, '(') + "area_m2 > 1" + std::string(10000, ')'),
                                            "name = '\xc3\x28'",
                                            "id = 'A' or 1 = 1",
                                            "colour = 'red'"};
  for (const std::string& expression : hostile) {
    const CliResult result = runLandbank(database, {"parcels", "--where", expression, "--format", "json"});
    EXPECT_EQ(result.exitCode, 2) << expression.substr(0, 60);
    EXPECT_TRUE(result.out.empty()) << "stdout must stay clean";
    EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << "one line: " << result.err;
  }
  // A quote inside a value is just text: nothing matches, nothing breaks.
  const CliResult quoted = runLandbank(database, {"parcels", "--where", "name = 'A''; drop table parcels; --'", "--format", "json"});
  EXPECT_EQ(quoted.exitCode, 0) << quoted.err;
  EXPECT_EQ(quoted.out, "[]\n");
  EXPECT_EQ(databaseFingerprint(database), before);
}

}  // namespace

// The stated limits hold without the database's parser overflowing first: 64 nots fold away, long
// flat chains and same-operator nesting stay flat, deep alternation is refused with a column.
TEST(WhereExpression, DeepButAllowedExpressionsCompileFlatAndDeeperOnesAreUsageErrors) {
  std::string nots;
  for (int i = 0; i < 64; ++i) nots += "not ";
  EXPECT_EQ(compile(nots + "water = true").sql, "(water = ?)");
  std::string nested = "status = 'a'";
  for (int i = 0; i < 60; ++i) nested = "(status = 'b' or " + nested + ")";
  const SqlFilter flat = compile(nested);
  EXPECT_EQ(std::count(flat.sql.begin(), flat.sql.end(), '('), 62);  // one chain of 61 comparisons
  std::string alternating = "status = 'a'";
  for (int i = 0; i < 12; ++i) alternating = "(status = 'b' and (status = 'c' or " + alternating + "))";
  const std::string error = errorOf(alternating);
  EXPECT_NE(error.find("--where: column"), std::string::npos) << error;
  EXPECT_NE(error.find("nested at most 20 levels"), std::string::npos) << error;
}

