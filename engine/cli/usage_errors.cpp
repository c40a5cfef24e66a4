#include "usage_errors.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <regex>

#include "landbank/error.h"
#include "landbank/texts.h"

namespace landbank::cli {

namespace {

// The option named in an error, looked up in the parser and its subcommands (the deepest that was
// parsed knows it best), to say what kind of value it takes.
CLI::Option* findOption(CLI::App& app, const std::string& name) {
  for (CLI::App* sub : app.get_subcommands())
    if (CLI::Option* option = findOption(*sub, name)) return option;
  return app.get_option_no_throw(name);
}

// CLI::PositiveNumber and CLI::NonNegativeNumber are Range validators told apart by their
// description ("POSITIVE", "NONNEGATIVE"): CLI11 2.1 gives them no name.
bool hasValidator(CLI::Option* option, const std::string& description) {
  if (!option) return false;
  try {
    const CLI::Validator* validator = option->get_validator();
    return validator && validator->get_description() == description;
  } catch (const CLI::Error&) {
    return false;
  }
}

bool isNumber(const std::string& text) {
  if (text.empty()) return false;
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

std::string kindOfValue(CLI::App& app, const std::string& name, Language language) {
  const CLI::Option* option = findOption(app, name);
  const std::string type = option ? option->get_type_name() : std::string();
  const bool chinese = language == Language::Chinese;
  if (type == "UINT") return chinese ? "非负整数" : "a non-negative whole number";
  if (type == "INT") return chinese ? "整数" : "a whole number";
  if (type == "FLOAT" || type == "NUMBER") return chinese ? "数值" : "a number";
  return chinese ? "该选项要求的格式" : "the form this option takes";
}

// A validator's wording after "NAME: " (CLI::Range, PositiveNumber, NonNegativeNumber, IsMember).
std::string validatorText(CLI::App& app, const std::string& name, const std::string& detail, Language language) {
  std::smatch match;
  static const std::regex range(R"(^Value (.*) not in range (\S+) to (\S+)$)");
  static const std::regex member(R"(^(.*) not in \{(.*)\}$)");
  if (std::regex_match(detail, match, range)) {
    const std::string value = match[1], low = match[2], high = match[3];
    if (!isNumber(value)) return say(language, "{} 的值 '{}' 不是数字", "{}: '{}' is not a number", name, value);
    // PositiveNumber and NonNegativeNumber are ranges up to the largest double (309 digits).
    if (high.size() > 30)
      return hasValidator(findOption(app, name), "POSITIVE") ? say(language, "{} 的值 '{}' 必须是正数", "{}: '{}' must be a positive number", name, value)
                                                             : say(language, "{} 的值 '{}' 不能是负数", "{}: '{}' must not be negative", name, value);
    return say(language, "{} 的值 '{}' 必须在 {} 到 {} 之间", "{}: '{}' must lie between {} and {}", name, value, low, high);
  }
  if (std::regex_match(detail, match, member))
    return say(language, "{} 的值 '{}' 不在可选值中，可选：{}", "{}: '{}' is not one of {}", name, std::string(match[1]), std::string(match[2]));
  return say(language, "{} 的值不符合要求（{}）", "{}: {}", name, detail);
}

}  // namespace

std::string usageErrorPrefix(Language language) { return pick(language, "landbank: 用法错误：", "landbank: usage error: "); }
std::string errorPrefix(Language language) { return pick(language, "landbank: 错误：", "landbank: error: "); }

std::string extrasText(const std::vector<std::string>& extras, Language language) {
  std::string joined;
  for (const std::string& item : extras) joined += (joined.empty() ? "" : " ") + item;
  return say(language, "多余的参数：{}（用法见 --help）", "unexpected arguments: {} (see --help)", joined);
}

std::string parseErrorText(const CLI::ParseError& error, CLI::App& app, Language language) {
  const std::string what = error.what();
  std::smatch match;
  if (dynamic_cast<const CLI::RequiredError*>(&error)) {
    static const std::regex required(R"(^(.*) is required$)");
    static const std::regex oneOf(R"(^Exactly 1 option from \[(.*)\].*$)");
    if (what == "A subcommand is required") return say(language, "缺少子命令（用法见 --help）", "a command is required (see --help)");
    if (std::regex_match(what, match, required))
      return say(language, "缺少必填的 {}（用法见 --help）", "{} is required (see --help)", std::string(match[1]));
    if (std::regex_match(what, match, oneOf))
      return say(language, "须在 {} 中恰好给出一个", "give exactly one of {}", std::string(match[1]));
  } else if (dynamic_cast<const CLI::ConversionError*>(&error)) {
    static const std::regex convert(R"(^Could not convert: (\S+) = (.*)$)");
    static const std::regex notAllowed(R"(^The value (.*) is not an allowed value for (.*)$)");
    if (std::regex_match(what, match, convert)) {
      const std::string name = match[1], value = match[2];
      return say(language, "{} 的值 '{}' 无法识别，应为{}", "{}: '{}' is not {}", name, value, kindOfValue(app, name, language));
    }
    if (std::regex_match(what, match, notAllowed))
      return say(language, "{} 不接受值 '{}'", "{}: '{}' is not allowed", std::string(match[2]), std::string(match[1]));
  } else if (dynamic_cast<const CLI::ValidationError*>(&error)) {
    const auto colon = what.find(": ");
    if (colon != std::string::npos) return validatorText(app, what.substr(0, colon), what.substr(colon + 2), language);
  } else if (dynamic_cast<const CLI::ArgumentMismatch*>(&error)) {
    static const std::regex typed(R"(^(\S+): (\d+) required (\S+) missing$)");
    static const std::regex atLeast(R"(^(\S+): At least (\d+) required but received (\d+)$)");
    static const std::regex atMost(R"(^(\S+): At Most (\d+) required but received (\d+)$)");
    static const std::regex exactly(R"(^Expected (?:exactly|at least) (\d+) arguments to (\S+), got (\d+)$)");
    if (std::regex_match(what, match, typed))
      return say(language, "{} 缺少值（用法见 --help）", "{} needs a value (see --help)", std::string(match[1]));
    if (std::regex_match(what, match, atLeast))
      return say(language, "{} 至少需要 {} 个值，只给了 {} 个", "{} needs at least {} values, got {}", std::string(match[1]), std::string(match[2]),
                 std::string(match[3]));
    if (std::regex_match(what, match, atMost))
      return say(language, "{} 最多接受 {} 个值，给了 {} 个", "{} takes at most {} values, got {}", std::string(match[1]), std::string(match[2]),
                 std::string(match[3]));
    if (std::regex_match(what, match, exactly))
      return say(language, "{} 需要 {} 个值，给了 {} 个", "{} needs {} values, got {}", std::string(match[2]), std::string(match[1]),
                 std::string(match[3]));
  } else if (dynamic_cast<const CLI::RequiresError*>(&error)) {
    static const std::regex requires_(R"(^(\S+) requires (\S+)$)");
    if (std::regex_match(what, match, requires_))
      return say(language, "{} 须与 {} 一起使用", "{} needs {}", std::string(match[1]), std::string(match[2]));
  } else if (dynamic_cast<const CLI::ExcludesError*>(&error)) {
    static const std::regex excludes(R"(^(\S+) excludes (\S+)$)");
    if (std::regex_match(what, match, excludes))
      return say(language, "{} 与 {} 不能同时使用", "{} cannot be combined with {}", std::string(match[1]), std::string(match[2]));
  } else if (dynamic_cast<const CLI::ExtrasError*>(&error)) {
    static const std::regex extras(R"(^The following arguments? (?:were|was) not expected: (.*)$)");
    if (std::regex_match(what, match, extras)) return extrasText({std::string(match[1])}, language);
  }
  // A wording of CLI11 not recognised above: the English detail behind a Chinese lead-in.
  return say(language, "命令行有误（{}）", "{}", what);
}

}  // namespace landbank::cli
