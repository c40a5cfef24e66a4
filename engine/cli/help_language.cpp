#include "help_language.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <optional>
#include <utility>

#include "landbank/error.h"

namespace landbank::cli {

namespace {

thread_local Language t_helpLanguage = Language::Chinese;

std::optional<Language> languageOf(std::string_view code) {
  try {
    return parseLanguage(code);
  } catch (const Error&) {
    return std::nullopt;
  }
}

// CLI11's type names (TEXT, INT, ...) start the option's value column, possibly followed by a
// validator's description (TEXT:{append,replace}); only the leading word is CLI11's English.
class LocalisedFormatter : public CLI::Formatter {
 public:
  std::string make_option_opts(const CLI::Option* option) const override {
    std::string text = CLI::Formatter::make_option_opts(option);
    static const std::pair<std::string_view, std::string_view> kTypeWords[] = {
        {" TEXT", " 文本"}, {" UINT", " 非负整数"}, {" INT", " 整数"}, {" FLOAT", " 数值"},
        {" NUMBER", " 数值"}, {" BOOLEAN", " 布尔值"}, {" FILE", " 文件"}, {" DIR", " 目录"}, {" PATH", " 路径"}};
    for (const auto& [english, chinese] : kTypeWords)
      if (text.rfind(english, 0) == 0) {
        text.replace(0, english.size(), chinese);
        break;
      }
    // The validators' words (CLI::PositiveNumber, NonNegativeNumber, Range).
    static const std::pair<std::string_view, std::string_view> kValidatorWords[] = {
        {":POSITIVE", ":正数"}, {":NONNEGATIVE", ":非负数"}, {" in [", " 范围 ["}};
    for (const auto& [english, chinese] : kValidatorWords)
      if (const auto at = text.find(english); at != std::string::npos) text.replace(at, english.size(), chinese);
    // CLI11 pads the name column by bytes; a Chinese character takes three bytes and two columns,
    // so each one gets a space back to keep the descriptions aligned.
    std::size_t wide = 0;
    for (char c : text) wide += (static_cast<unsigned char>(c) & 0xF0) == 0xE0 ? 1 : 0;
    text.append(wide, ' ');
    return text;
  }
};

}  // namespace

Language prescanHelpLanguage(const std::vector<std::string>& args) {
  std::optional<Language> chosen;
  if (const char* fromEnvironment = std::getenv("LANDBANK_LANG"); fromEnvironment && *fromEnvironment)
    chosen = languageOf(fromEnvironment);
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") break;
    if (args[i] == "--lang" && i + 1 < args.size()) chosen = languageOf(args[i + 1]);
    else if (args[i].rfind("--lang=", 0) == 0) chosen = languageOf(std::string_view(args[i]).substr(7));
  }
  return chosen.value_or(Language::Chinese);
}

HelpLanguageScope::HelpLanguageScope(Language language) : m_previous(t_helpLanguage) { t_helpLanguage = language; }
HelpLanguageScope::~HelpLanguageScope() { t_helpLanguage = m_previous; }

std::string helpText(std::string_view zh, std::string_view en) {
  return std::string(t_helpLanguage == Language::Chinese ? zh : en);
}

void localiseHelp(CLI::App& app, Language language) {
  if (language == Language::English) return;  // CLI11's own words are English already
  app.option_defaults()->group("选项");
  app.set_help_flag("-h,--help", "显示此帮助并退出");
  app.group("子命令");
  auto formatter = std::make_shared<LocalisedFormatter>();
  formatter->label("Usage", "用法");
  formatter->label("OPTIONS", "选项");
  formatter->label("SUBCOMMAND", "子命令");
  formatter->label("SUBCOMMANDS", "子命令");
  formatter->label("Positionals", "位置参数");
  formatter->label("REQUIRED", "必填");
  formatter->label("Env", "环境变量");
  formatter->label("Needs", "需要");
  formatter->label("Excludes", "排除");
  app.formatter(formatter);
}

void regroupHelpFlags(CLI::App& app) {
  // A subcommand declares its help flag before it copies its parent's option defaults, so the
  // flag would sit alone under CLI11's "Options" group.
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (CLI::Option* help = sub->get_help_ptr()) help->group(sub->option_defaults()->get_group());
    regroupHelpFlags(*sub);
  }
}

}  // namespace landbank::cli
