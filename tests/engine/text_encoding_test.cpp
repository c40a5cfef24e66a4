#include <gtest/gtest.h>

#include "text_encoding.h"

using namespace landbank;

namespace {
// "测试地块1号" in GBK, as a Chinese shapefile without .cpg stores it.
const std::string kGbkName = "\xB2\xE2\xCA\xD4\xB5\xD8\xBF\xE9" "1" "\xBA\xC5";
const std::string kUtf8Name = "测试地块1号";
}  // namespace

TEST(TextEncoding, RecognisesValidAndInvalidUtf8) {
  EXPECT_TRUE(isValidUtf8(kUtf8Name));
  EXPECT_TRUE(isValidUtf8("plain ascii"));
  EXPECT_FALSE(isValidUtf8(kGbkName));
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(isValidUtf8("\xE6\xB5"));          // truncated
}

TEST(TextEncoding, DeclaredGbkDecodesChinese) {
  TextDecoder decoder(std::string("GBK"));
  EXPECT_EQ(decoder.decode(kGbkName), kUtf8Name);
}

TEST(TextEncoding, UndeclaredGbkIsDetectedNotStoredAsMojibake) {
  TextDecoder decoder(std::nullopt);
  EXPECT_EQ(decoder.decode("T-0001"), "T-0001");  // ASCII decides nothing
  EXPECT_EQ(decoder.decode(kGbkName), kUtf8Name);
  EXPECT_TRUE(decoder.detectedGbk());
  EXPECT_EQ(decoder.description(), "GBK (detected)");
}

TEST(TextEncoding, UndeclaredLatin1IsRefusedRatherThanGuessed) {
  TextDecoder decoder(std::nullopt);
  // "Müller Straße" in ISO-8859-1: not UTF-8, and as GB18030 it is not Chinese text.
  EXPECT_FALSE(decoder.decode("M\xFCller Stra\xDF" "e").has_value());
}

TEST(TextEncoding, OnceUtf8AGbkValueLaterIsAnError) {
  TextDecoder decoder(std::nullopt);
  EXPECT_EQ(decoder.decode(kUtf8Name), kUtf8Name);
  EXPECT_FALSE(decoder.decode(kGbkName).has_value());
}
