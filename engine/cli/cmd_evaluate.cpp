// landbank evaluate PROJECT_ID [--spec FILE] [--rules FILE] [--format table|json]: admission
// evaluation on the five dimensions with a grade and the reasons behind it.
#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <ostream>

#include "cli.h"
#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/evaluation.h"
#include "landbank/store.h"
#include "landbank/texts.h"
#include "evaluate_calibration.h"
#include "match_output.h"
#include "output.h"

namespace landbank::cli {

nlohmann::json evaluationJson(const EvaluationResult& result) {
  nlohmann::json dimensions = nlohmann::json::array();
  for (const Dimension& dimension : result.dimensions) {
    nlohmann::json indicators = nlohmann::json::array();
    for (const Indicator& indicator : dimension.indicators) {
      nlohmann::json item{{"name", indicator.name},       {"label", indicator.labelZh},        {"value_text", indicator.valueText},
                          {"unit", indicator.unit},       {"threshold", indicator.threshold},  {"source", indicator.source},
                          {"status", std::string(indicatorStatusName(indicator.status))}};
      item["value"] = indicator.value ? nlohmann::json(roundTo(*indicator.value, 4)) : nlohmann::json(nullptr);
      item["score"] = indicator.score ? nlohmann::json(roundTo(*indicator.score, 4)) : nlohmann::json(nullptr);
      indicators.push_back(item);
    }
    nlohmann::json item{{"name", dimension.name},
                        {"label", dimension.labelZh},
                        {"weight", dimension.weight},
                        {"verdict", std::string(dimensionVerdictName(dimension.verdict))},
                        {"missing", dimension.missing},
                        {"indicators", indicators}};
    item["score"] = dimension.score ? nlohmann::json(roundTo(*dimension.score, 1)) : nlohmann::json(nullptr);
    item["provisional"] = !dimension.missing.empty();
    if (dimension.scoreLow && dimension.scoreHigh)
      item["score_range"] = {roundTo(*dimension.scoreLow, 1), roundTo(*dimension.scoreHigh, 1)};
    dimensions.push_back(item);
  }
  nlohmann::json json{{"project", result.projectId},
                      {"name", result.projectName},
                      {"rule_pack", {{"id", result.rulePackId}, {"version", result.rulePackVersion}}},
                      {"score", roundTo(result.totalScore, 1)},
                      {"grade", result.grade},
                      {"grade_label", result.gradeLabel},
                      {"provisional", result.provisional},
                      {"reasons", result.reasons},
                      {"dimensions", dimensions}};
  json["best_site"] = result.bestSiteId ? nlohmann::json(*result.bestSiteId) : nlohmann::json(nullptr);
  json["score_grade"] = result.scoreGrade;
  nlohmann::json caps = nlohmann::json::array();
  for (const GradeCap& cap : result.caps)
    caps.push_back({{"grade", cap.grade}, {"label", cap.label}, {"reason", cap.reason}, {"lowers", cap.lowers}});
  json["caps"] = caps;
  if (result.landBasis) {
    json["land_basis"] = {{"mu", roundTo(result.landBasis->mu, 2)}, {"description", result.landBasis->description}};
    if (result.landBasis->otherMu) json["land_basis"]["other_mu"] = roundTo(*result.landBasis->otherMu, 2);
  }
  return json;
}

namespace {

// Table labels for the planners (JSON keeps the English codes of DESIGN.md; --lang en prints them).
std::string_view verdictText(std::string_view verdict, Language language) {
  if (language == Language::English) return verdict;
  if (verdict == "pass") return "通过";
  if (verdict == "weak") return "偏弱";
  if (verdict == "fail") return "不通过";
  if (verdict == "incomplete") return "不完整";
  if (verdict == "missing") return "缺失";
  if (verdict == "n/a") return "不适用";
  return verdict;
}

class EvaluateCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("project", m_project, helpText("项目编号（来自 projects 图层）", "Project id (from the projects layer)"));
    app.add_option("--spec", m_spec, helpText("以项目需求 JSON 文件代替项目编号", "A project spec JSON file instead of a project id"));
    app.add_option("--rules", m_rules, helpText("规则包文件（默认：自带的 gisdata/rulepack.json）", "Rule pack file (default: the bundled gisdata/rulepack.json)"));
    app.add_option("--format", m_format, helpText("table（终端上默认为表格）或 json", "table (default on a terminal) or json"));
  }

  int run(Context& context) override {
    if (m_project.empty() == m_spec.empty()) throw Error(ErrorCode::Usage, Message{"evaluate 需要且只需要 项目编号 或 --spec 文件 之一", "evaluate needs exactly one of PROJECT_ID or --spec FILE"});
    const OutputFormat format = resolveOutputFormat(m_format, context.outIsTerminal);
    if (format != OutputFormat::Table && format != OutputFormat::Json) throw Error(ErrorCode::Usage, Message{"evaluate 只能输出 table 或 json", "evaluate prints table or json"});
    RulePack rules = loadRulePack(m_rules);
    const Store store = openForMatching(context.databasePath);
    const MatchEngine engine(store, std::move(rules));
    const Language language = context.language;
    const ProjectSpec project = loadProject(store, m_project, m_spec);
    const EvaluationResult result = evaluateProject(engine, store, project, EvaluationOptions{.language = language});
    // The sector's delivery record beside the promises: the realistic expectation.
    const CalibratedExpectation calibration = evaluateCalibration(store, m_project, project);
    if (format == OutputFormat::Json) {
      nlohmann::json json = evaluationJson(result);
      json["calibration"] = calibratedExpectationJson(calibration);
      context.out << json.dump(2) << "\n";
      return 0;
    }
    context.out << say(language, "项目 {} {}  (规则包 {} {})\n", "project {} {}  (rule pack {} {})\n", result.projectId, result.projectName, result.rulePackId,
                               result.rulePackVersion);
    const bool chinese = language == Language::Chinese;
    std::vector<std::vector<std::string>> rows;
    for (const Dimension& dimension : result.dimensions) {
      // A dimension with missing inputs shows its provisional range, never a bare score that looks final.
      std::string score = dimension.score ? fmt::format("{:.1f}", *dimension.score) : "-";
      if (dimension.scoreLow && dimension.scoreHigh)
        score = say(language, "暂定 {:.1f}–{:.1f}", "provisional {:.1f}-{:.1f}", *dimension.scoreLow, *dimension.scoreHigh);
      rows.push_back({chinese ? dimension.labelZh : dimension.name, "", "", score,
                      std::string(verdictText(dimensionVerdictName(dimension.verdict), language))});
      for (const Indicator& indicator : dimension.indicators) {
        // Ratios are written as percentages ("3.5%"), which carry their unit.
        const bool percent = indicator.valueText.ends_with("%");
        rows.push_back({"  " + (chinese ? indicator.labelZh : indicator.name),
                        indicator.valueText + (indicator.unit.empty() || !indicator.value || percent ? "" : " " + indicator.unit),
                        indicator.threshold, indicator.score ? fmt::format("{:.2f}", *indicator.score) : "-",
                        std::string(verdictText(indicatorStatusName(indicator.status), language))});
      }
    }
    printTable(context.out,
               language == Language::Chinese ? std::vector<std::string>{"维度 / 指标", "项目值", "门槛", "得分", "结论"}
                                             : std::vector<std::string>{"dimension / indicator", "value", "threshold", "score", "verdict"},
               rows);
    // The score's grade, each cap that lowers it, then the one conclusion (the last reason).
    context.out << say(language, "等级 {} {}{}（加权总分 {:.1f}）\n", "grade {} {}{} (weighted score {:.1f})\n", result.grade, result.gradeLabel,
                       result.provisional ? pick(language, " [暂定]", " [provisional]") : "", result.totalScore);
    for (const std::string& reason : result.reasons) context.out << "  - " << reason << "\n";
    printCalibration(context.out, calibration, language);
    return 0;
  }

 private:
  std::string m_project, m_spec, m_rules, m_format;
};

// landbank rules show|check [FILE]
class RulesCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("action", m_action, helpText("show（显示）或 check（检查）", "show or check"))->required()->check(CLI::IsMember({"show", "check"}));
    app.add_option("file", m_file, helpText("规则包文件（默认：自带的 gisdata/rulepack.json）", "Rule pack file (default: the bundled gisdata/rulepack.json)"));
    app.add_option("--format", m_format, helpText("table（终端上默认为表格）或 json", "table (default on a terminal) or json"));
  }

  int run(Context& context) override {
    const RulePack pack = loadRulePack(m_file);
    const std::string path = m_file.empty() ? RulePack::bundledPath().string() : m_file;
    if (m_action == "check") {
      context.out << say(context.language, "{0}：规则包 {1} {2}（{3} 起施行）有效：{4} 个评分项，{5} 个依据来源\n",
                         "{0}: rule pack {1} {2} (effective {3}) is valid: {4} criteria, {5} sources\n", path, pack.id, pack.version,
                         pack.effectiveDate, pack.criteria.size(), pack.sources.size());
      return 0;
    }
    if (resolveOutputFormat(m_format, context.outIsTerminal) == OutputFormat::Json) {
      context.out << pack.raw.dump(2) << "\n";
      return 0;
    }
    const Language language = context.language;
    context.out << say(language, "规则包 {} 版本 {}，生效日期 {}\n{}\n\n", "rule pack {} version {}, effective {}\n{}\n\n", pack.id, pack.version,
                       pack.effectiveDate, pack.description);
    std::vector<std::vector<std::string>> criteria;
    for (const CriterionRule& rule : pack.criteria)
      criteria.push_back({codeLabel(CodeList::Criterion, rule.name, language), fmt::format("{:.2f}", rule.weight),
                          rule.params.empty() ? "" : rule.params.dump().substr(0, 60), pack.describeSource(rule.source)});
    printTable(context.out,
               language == Language::Chinese ? std::vector<std::string>{"评分项", "权重", "参数", "依据"}
                                             : std::vector<std::string>{"criterion", "weight", "parameters", "source"},
               criteria);
    context.out << pick(language, "\n用地兼容: 工业类产业 ", "\nland use: industrial sectors ");
    for (const std::string& sector : pack.industrialSectors) context.out << codeLabel(CodeList::Sector, sector, language) << " ";
    context.out << pick(language, "按工业用地等级 ", "follow the ladder ");
    for (const std::string& code : pack.industrialLadder) context.out << code << " ";
    context.out << pick(language, "（k 类污染的项目可用 k 类或更重的工业用地）\n", "(class k may use class k or heavier)\n");
    for (const auto& [sector, codes] : pack.landUseBySector) {
      context.out << "  " << codeLabel(CodeList::Sector, sector, language) << ":";
      for (const std::string& code : codes) context.out << " " << code;
      context.out << "\n";
    }
    context.out << pick(language, "\n门槛:\n", "\nthresholds:\n");
    std::vector<std::vector<std::string>> thresholds;
    for (const auto& [name, t] : pack.thresholds)
      thresholds.push_back({name, t.min ? fmt::format("{:g}", *t.min) : "", t.max ? fmt::format("{:g}", *t.max) : "",
                            t.good ? fmt::format("{:g}", *t.good) : "", t.value ? fmt::format("{:g}", *t.value) : "", pack.describeSource(t.source)});
    printTable(context.out,
               language == Language::Chinese ? std::vector<std::string>{"门槛", "下限", "上限", "良好", "取值", "依据"}
                                             : std::vector<std::string>{"threshold", "min", "max", "good", "value", "source"},
               thresholds);
    context.out << pick(language, "\n等级:", "\ngrades:");
    for (const GradeRule& grade : pack.grades) context.out << fmt::format(" {} {} >= {:g};", grade.grade, grade.label, grade.minScore);
    context.out << "\n";
    return 0;
  }

 private:
  std::string m_action, m_file, m_format;
};

}  // namespace

std::unique_ptr<Command> makeEvaluateCommand() { return std::make_unique<EvaluateCommand>(); }
std::unique_ptr<Command> makeRulesCommand() { return std::make_unique<RulesCommand>(); }

}  // namespace landbank::cli
