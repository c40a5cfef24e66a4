#pragma once
// The language of the texts the engine builds for people (why-not facts and remedies, evaluation
// indicators and reasons). Chinese is the default: the users are Chinese planners. Identifiers
// (rule codes, criterion names, JSON keys, enum values) never follow the language.

#include <string_view>

namespace landbank {

enum class Language { Chinese, English };

/// "zh_CN" or "zh" -> Chinese, "en" -> English; anything else throws Error(Usage) naming the value.
Language parseLanguage(std::string_view code);
/// "zh_CN" or "en".
std::string_view languageCode(Language language);

}  // namespace landbank
