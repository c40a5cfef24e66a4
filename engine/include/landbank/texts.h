#pragma once
// Building a text for people in the requested language (engine and CLI; it needs fmt, which
// language.h does not): both wordings sit side by side where the facts are measured, so a change
// of numbers cannot reach one language only. Positional fields ("{1}...{0}") reorder arguments
// where the grammar wants it.

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "landbank/error.h"
#include "landbank/language.h"

namespace landbank {

/// The Chinese or the English format string, filled with `args`.
template <typename... Args>
std::string say(Language language, std::string_view zh, std::string_view en, const Args&... args) {
  return fmt::vformat(language == Language::Chinese ? zh : en, fmt::make_format_args(args...));
}

/// Both wordings filled with the same `args` (an Error's problem: the language is chosen when it is shown).
template <typename... Args>
Message bilingual(std::string_view zh, std::string_view en, const Args&... args) {
  return Message{fmt::vformat(zh, fmt::make_format_args(args...)), fmt::vformat(en, fmt::make_format_args(args...))};
}

/// The Chinese or the English literal.
inline const char* pick(Language language, const char* zh, const char* en) { return language == Language::Chinese ? zh : en; }

}  // namespace landbank
