// An Error carries its problem in both languages and composes the one-line message (context, then
// problem) in the language asked for; what() stays the English message.
#include <gtest/gtest.h>

#include "landbank/error.h"
#include "landbank/texts.h"

using landbank::Error;
using landbank::ErrorCode;
using landbank::ErrorContext;
using landbank::Language;
using landbank::Message;

TEST(ErrorMessage, ComposesTheContextAndProblemInEachLanguage) {
  const Error error(ErrorCode::BadValue, Message{"'abc' 不是数字", "'abc' is not a number"},
                    {.file = "a.shp", .layer = "parcels", .feature = "P-3", .field = "price_wan_per_mu", .row = 12});
  EXPECT_EQ(error.message(Language::English),
            "file 'a.shp', layer 'parcels', feature 'P-3' (row 12), field 'price_wan_per_mu': 'abc' is not a number");
  EXPECT_EQ(error.message(Language::Chinese), "文件 'a.shp'，图层 'parcels'，要素 'P-3'（第 12 行），字段 'price_wan_per_mu'：'abc' 不是数字");
  EXPECT_STREQ(error.what(), error.message(Language::English).c_str());
  EXPECT_EQ(error.problem(), "'abc' is not a number");
  EXPECT_EQ(error.problemMessage().zh, "'abc' 不是数字");
}

TEST(ErrorMessage, NamesTheRowAloneWhenTheFeatureIsUnknown) {
  const Error error(ErrorCode::MissingField, Message{"必填值为空", "required value is empty"}, {.file = "p.csv", .field = "id", .row = 3});
  EXPECT_EQ(error.message(Language::English), "file 'p.csv', row 3, field 'id': required value is empty");
  EXPECT_EQ(error.message(Language::Chinese), "文件 'p.csv'，第 3 行，字段 'id'：必填值为空");
}

TEST(ErrorMessage, WithoutContextIsTheProblemAlone) {
  const Error error(ErrorCode::Usage, Message{"--within 需要同时给出 --near X,Y", "--within needs --near X,Y"});
  EXPECT_EQ(error.message(Language::Chinese), "--within 需要同时给出 --near X,Y");
  EXPECT_EQ(error.message(Language::English), "--within needs --near X,Y");
}

TEST(ErrorMessage, AnEnglishOnlyProblemStillGetsAChineseContext) {
  const Error error(ErrorCode::Database, std::string("database is locked"), {.file = "lb.sqlite"});
  EXPECT_EQ(error.message(Language::Chinese), "文件 'lb.sqlite'：database is locked");
  EXPECT_EQ(error.message(Language::English), "file 'lb.sqlite': database is locked");
}

TEST(ErrorMessage, EscapesControlCharactersInEveryLanguage) {
  // A crafted file name cannot forge a second line in either language.
  const Error error(ErrorCode::Io, Message{"文件不存在", "file not found"}, {.file = "a\nlandbank: ok"});
  EXPECT_EQ(error.message(Language::Chinese), "文件 'a\\nlandbank: ok'：文件不存在");
  EXPECT_EQ(error.message(Language::English), "file 'a\\nlandbank: ok': file not found");
}

TEST(ErrorMessage, TheRuleIsForProgramsAndIsNotPrinted) {
  const Error error(ErrorCode::BadValue, Message{"跳过了阶段", "skips a stage"}, {.feature = "P-1", .rule = "skipped"});
  EXPECT_EQ(error.context().rule, "skipped");
  EXPECT_EQ(error.message(Language::English), "feature 'P-1': skips a stage");
}

TEST(ErrorMessage, RethrownWithMoreContextKeepsBothLanguages) {
  try {
    try {
      throw Error(ErrorCode::BadValue, landbank::bilingual("{:g} 超出范围", "{:g} is out of range", 3.5));
    } catch (const Error& inner) {
      throw Error(inner.code(), inner.problemMessage(), {.feature = "F-1", .field = "far_max"});
    }
  } catch (const Error& outer) {
    EXPECT_EQ(outer.message(Language::Chinese), "要素 'F-1'，字段 'far_max'：3.5 超出范围");
    EXPECT_EQ(outer.message(Language::English), "feature 'F-1', field 'far_max': 3.5 is out of range");
  }
}

TEST(ErrorMessage, ContextAloneInBothLanguages) {
  const ErrorContext context{.file = "b.csv", .layer = "boundaries", .feature = "BD-1", .field = "level"};
  EXPECT_EQ(landbank::describeContext(context), "file 'b.csv', layer 'boundaries', feature 'BD-1', field 'level'");
  EXPECT_EQ(landbank::describeContext(context, Language::Chinese), "文件 'b.csv'，图层 'boundaries'，要素 'BD-1'，字段 'level'");
  EXPECT_EQ(landbank::describeContext({}, Language::Chinese), "");
}
