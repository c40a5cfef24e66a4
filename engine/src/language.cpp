#include "landbank/language.h"

#include <string>

#include "landbank/error.h"

namespace landbank {

Language parseLanguage(std::string_view code) {
  if (code == "zh_CN" || code == "zh") return Language::Chinese;
  if (code == "en") return Language::English;
  throw Error(ErrorCode::Usage, Message{"--lang 只能是 zh_CN 或 en，不能是 '" + std::string(code) + "'", "--lang must be zh_CN or en, not '" + std::string(code) + "'"});
}

std::string_view languageCode(Language language) { return language == Language::Chinese ? "zh_CN" : "en"; }

}  // namespace landbank
