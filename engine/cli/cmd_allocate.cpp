// landbank allocate [--projects ID,... | --stage S,...] [--pin P=SITE]... [--forbid P=SITE]... [--hold SITE,...]
//                   [--objective lexicographic|weighted] [--compare PLAN.json] [--format table|json|csv|geojson] [-o FILE]
// An optimal plan of sites for competing projects, major projects first (docs/allocation.md).
#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "cli.h"
#include "landbank/allocation.h"
#include "landbank/error.h"
#include "landbank/output_file.h"
#include "landbank/texts.h"
#include "landbank/units.h"
#include "match_output.h"
#include "output.h"
#include "query_output.h"

namespace landbank::cli {

namespace {

using nlohmann::json;

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');)
    if (!item.empty()) items.push_back(item);
  return items;
}

std::pair<std::string, std::string> projectSitePair(const std::string& text, const char* option) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size())
    throw Error(ErrorCode::Usage, Message{fmt::format("{} 的格式为 项目=地块，而不是 '{}'", option, text), fmt::format("{} takes PROJECT=SITE, got '{}'", option, text)});
  return {text.substr(0, equals), text.substr(equals + 1)};
}

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

std::string classLabel(const std::string& name, Language language) {
  if (language != Language::Chinese) return name;
  if (name == "major") return "重大项目";
  if (name == "key") return "重点项目";
  if (name == "other") return "一般项目";
  return name;
}

// The solver status as a planner reads it: "optimal" only when every stage was proven optimal; a stage
// stopped at the time limit has a gap from CBC's bound, a stage CBC ended without a solution has none
// (the earlier stage's plan is kept), and that is said rather than printed as a gap of 0.
std::string stages(std::size_t count) { return std::to_string(count) + (count == 1 ? " stage" : " stages"); }

std::string statusText(const AllocationPlan& plan, Language language) {
  if (plan.status == "optimal") return pick(language, "最优", "optimal");
  const AllocationSolution::Effort& effort = plan.effort;
  std::string text = pick(language, "可行解，未证明最优", "feasible, not proven optimal");
  if (effort.stagesAtTimeLimit > 0)
    text += language == Language::Chinese ? fmt::format("：{} 个阶段到达时限，差距 {:.2f}%", effort.stagesAtTimeLimit, plan.gap * 100)
                                          : fmt::format(": {} stopped at the time limit, gap {:.2f}%", stages(effort.stagesAtTimeLimit), plan.gap * 100);
  if (effort.stagesWithoutSolution > 0)
    text += language == Language::Chinese
                ? fmt::format("{}{} 个阶段求解器未给出解，沿用上一阶段的方案（差距未知）", effort.stagesAtTimeLimit > 0 ? "；" : "：", effort.stagesWithoutSolution)
                : fmt::format("{}{} ended without a solution from the solver, the earlier stage's plan kept (gap unknown)",
                              effort.stagesAtTimeLimit > 0 ? "; " : ": ", stages(effort.stagesWithoutSolution));
  return text;
}

void writeTable(std::ostream& out, const AllocationPlan& plan, Language language) {
  out << say(language, "用地统筹方案（{}，{}，规则包 {} {}，求解 {:.2f} 秒，{}）\n", "allocation plan ({}, {}, rule pack {} {}, solved in {:.2f} s, {})\n",
             plan.objective == AllocationObjective::Weighted ? pick(language, "加权目标", "weighted objective")
                                                              : pick(language, "重大项目优先（字典序）", "major projects first (lexicographic)"),
             statusText(plan, language), plan.rulePackId, plan.rulePackVersion, plan.seconds, plan.solver);
  std::vector<std::vector<std::string>> rows;
  for (const PlannedAssignment& a : plan.assignments)
    rows.push_back({a.project, a.projectName, classLabel(a.priorityClass, language), a.site, fmt::format("{:.3f}", a.score),
                    a.kind == CandidateKind::Building ? formatNumber(a.areaSquareMetres, 0) + " m²" : formatNumber(squareMetresToMu(a.areaSquareMetres), 1) + pick(language, " 亩", " mu"),
                    a.bestSite, fmt::format("{:.3f}", a.regret), a.lostTo.value_or("")});
  printTable(out,
             language == Language::Chinese ? std::vector<std::string>{"项目", "名称", "类别", "分配地块/楼宇", "得分", "面积", "独立最优", "遗憾值", "最优地块让给"}
                                           : std::vector<std::string>{"project", "name", "class", "site", "score", "area", "best site", "regret", "best lost to"},
             rows, {"project", "项目", "site", "分配地块/楼宇", "best site", "独立最优"});
  if (!plan.unplaced.empty()) {
    out << pick(language, "\n未安排的项目\n", "\nunplaced projects\n");
    std::vector<std::vector<std::string>> unplacedRows;
    for (const UnplacedProject& u : plan.unplaced)
      unplacedRows.push_back({u.project, u.projectName, classLabel(u.priorityClass, language),
                              u.reason == "no_candidate" ? pick(language, "没有符合硬性条件的地块", "no candidate passes the hard rules")
                                                         : say(language, "候选均已分配给 {}", "every candidate taken by {}", joined(u.takenBy, ", "))});
    printTable(out, language == Language::Chinese ? std::vector<std::string>{"项目", "名称", "类别", "原因"}
                                                  : std::vector<std::string>{"project", "name", "class", "reason"},
               unplacedRows, {"project", "项目"});
  }
  out << "\n";
  for (const std::string& name : plan.classNames)
    out << say(language, "{}：安排 {} / {} 个\n", "{}: {} of {} placed\n", classLabel(name, language), plan.placedByClass.at(name),
               plan.projectsByClass.at(name));
  if (language == Language::Chinese)
    out << fmt::format("求解：{} 个互不相争的部分，其中 {} 个交给 CBC，共 {} 个求解阶段；{} 个阶段已达上界，无需求解\n", plan.effort.components,
                       plan.effort.componentsByCbc, plan.effort.stagesByCbc, plan.effort.stagesAtBound);
  else
    out << fmt::format("solve: {} independent parts, {} of them given to CBC in {}; {} already at their bound, not solved\n", plan.effort.components,
                       plan.effort.componentsByCbc, stages(plan.effort.stagesByCbc), stages(plan.effort.stagesAtBound));
  out << say(language, "供地 {} 亩（{} m²），总得分 {:.3f}，争用地块 {} 个\n", "land allocated {} mu ({} m²), total score {:.3f}, contested sites {}\n",
             formatNumber(squareMetresToMu(plan.landSquareMetres), 1), formatNumber(plan.landSquareMetres, 0), plan.totalScore,
             plan.contested.size());
  if (plan.greedyPlacedByClass) {
    std::string placed;
    for (const std::string& name : plan.classNames)
      placed += (placed.empty() ? "" : ", ") + classLabel(name, language) + " " + std::to_string(plan.greedyPlacedByClass->at(name));
    out << say(language, "对照：逐个挑最优（贪心）安排 {}，总得分 {:.3f}\n", "baseline, each takes its best free site (greedy): placed {}, total score {:.3f}\n",
               placed, *plan.greedyTotalScore);
  }
}

// What changed against an earlier plan's JSON: per project, the site before and now.
void writeComparison(std::ostream& out, const AllocationPlan& plan, const std::string& file, Language language) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorCode::Io, Message{"无法读取先前的方案", "cannot read the earlier plan"}, {.file = file});
  json earlier;
  try {
    earlier = json::parse(in, nullptr, true, false);
  } catch (const json::exception& error) {
    throw Error(ErrorCode::BadValue, Message{std::string("先前的方案不是有效的 JSON：") + error.what(), std::string("the earlier plan is not valid JSON: ") + error.what()}, {.file = file});
  }
  if (!earlier.is_object() || !earlier.contains("assignments") || !earlier["assignments"].is_array())
    throw Error(ErrorCode::BadValue, Message{"不是 `landbank allocate --format json` 输出的方案（没有 assignments 列表）", "not a plan of `landbank allocate --format json` (no assignments list)"}, {.file = file});
  std::map<std::string, std::string> before, now;
  for (const json& item : earlier["assignments"])
    if (item.is_object() && item.contains("project") && item["project"].is_string() && item.contains("site") && item["site"].is_string())
      before[item["project"].get<std::string>()] = item["site"].get<std::string>();
  for (const PlannedAssignment& a : plan.assignments) now[a.project] = a.site;
  std::set<std::string> projects;
  for (const auto& [p, s] : before) projects.insert(p);
  for (const auto& [p, s] : now) projects.insert(p);
  int changes = 0;
  const std::string none = pick(language, "（未安排）", "(unplaced)");
  for (const std::string& p : projects) {
    const std::string was = before.count(p) ? before[p] : none;
    const std::string is = now.count(p) ? now[p] : none;
    if (was == is) continue;
    out << fmt::format("  {}: {} -> {}\n", p, was, is);
    ++changes;
  }
  out << say(language, "与 {} 相比：{} 个项目的分配有变化\n", "against {}: {} projects changed\n", file, changes);
}

class AllocateCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--projects", m_projects, helpText("本轮参与的项目，逗号分隔（默认：处于 --stage 阶段的全部项目）", "Projects of this round, comma separated (default: every project at --stage)"));
    app.add_option("--stage", m_stages, helpText("参与项目的阶段（默认 lead,negotiating,signed，即线索、洽谈、签约）", "Stages of the projects taken (default lead,negotiating,signed)"));
    app.add_option("--pin", m_pins, helpText("项目=选址：该项目必须得到该选址（假设分析）", "PROJECT=SITE: this project must get this site (what-if)"));
    app.add_option("--forbid", m_forbids, helpText("项目=选址：该项目不得使用该选址", "PROJECT=SITE: this project must not get this site"));
    app.add_option("--hold", m_holds, helpText("本轮保留不分配的选址，逗号分隔", "Sites kept out of this round, comma separated"));
    app.add_option("--objective", m_objective, helpText("lexicographic（默认：重大项目优先）或 weighted（按规则包的类别权重）", "lexicographic (default: major projects first) or weighted (class weights of the rule pack)"));
    app.add_option("--seconds", m_seconds, helpText("求解器每一阶段的时限，秒（默认 60）", "Time limit of each solver stage (default 60)"));
    app.add_flag("--assemble", m_assemble, helpText("同时考虑相邻地块合并供地（规则包 matching.assembly）", "Also offer assemblies of adjacent parcels (rule pack matching.assembly)"));
    app.add_flag("--no-baseline", m_noBaseline, helpText("不计算贪心基准方案", "Do not compute the greedy baseline"));
    app.add_option("--compare", m_compare, helpText("用来比较的先前方案（allocate 输出的 JSON）", "An earlier plan (JSON of allocate) to compare with"));
    app.add_option("--rules", m_rules, helpText("规则包文件（默认：自带的 gisdata/rulepack.json）", "Rule pack file (default: the bundled gisdata/rulepack.json)"));
    m_output.setup(app);
  }

  int run(Context& context) override {
    if (!m_projects.empty() && !m_stages.empty()) throw Error(ErrorCode::Usage, Message{"--projects 与 --stage 只能给一个", "give --projects or --stage, not both"});
    if (!(m_seconds > 0)) throw Error(ErrorCode::Usage, Message{"--seconds 必须为正数", "--seconds must be positive"});
    AllocationRequest request;
    request.language = context.language;
    request.projectIds = splitList(m_projects);
    if (!m_stages.empty()) request.stages = splitList(m_stages);
    for (const std::string& stage : request.stages)
      if (stage != "lead" && stage != "negotiating" && stage != "signed" && stage != "landed" && stage != "building" && stage != "operating")
        throw Error(ErrorCode::Usage, Message{"--stage：没有阶段 '" + stage + "'（可用：lead 线索、negotiating 洽谈、signed 签约、landed 落地、building 在建、operating 投产）", "--stage: unknown stage '" + stage + "' (lead, negotiating, signed, landed, building, operating)"});
    for (const std::string& pin : m_pins) request.pins.push_back(projectSitePair(pin, "--pin"));
    for (const std::string& forbid : m_forbids) request.forbids.push_back(projectSitePair(forbid, "--forbid"));
    for (const std::string& hold : m_holds)
      for (const std::string& site : splitList(hold)) request.holds.push_back(site);
    if (m_objective == "weighted") request.solve.objective = AllocationObjective::Weighted;
    else if (m_objective != "lexicographic") throw Error(ErrorCode::Usage, Message{"--objective 只能是 lexicographic 或 weighted，而不是 '" + m_objective + "'", "--objective is lexicographic or weighted, got '" + m_objective + "'"});
    request.solve.secondsLimit = m_seconds;
    request.withGreedyBaseline = !m_noBaseline;
    const OutputFormat format = m_output.resolve(context, kAllFormats);
    if (!m_output.file.empty()) checkOutputTarget(m_output.file, {.protectedFiles = {context.databasePath}});

    RulePack rules = loadRulePack(m_rules);
    if (m_assemble) {
      if (!rules.assembly) throw Error(ErrorCode::Usage, Message{"--assemble：规则包 " + rules.id + " " + rules.version + " 没有 matching.assembly 部分", "--assemble: the rule pack " + rules.id + " " + rules.version + " has no matching.assembly section"});
      request.assemble = AssemblyMode::On;
    }
    const Store store = openForMatching(context.databasePath);
    const MatchEngine engine(store, std::move(rules));
    const AllocationPlan plan = planAllocation(store, engine, request);

    if (format != OutputFormat::Table && !m_compare.empty()) writeComparison(context.err, plan, m_compare, context.language);
    m_output.emit(context, [&](std::ostream& out) {
      if (m_output.bom) out << "\xEF\xBB\xBF";
      switch (format) {
        case OutputFormat::Json: out << allocationPlanJson(plan).dump(2) << "\n"; break;
        case OutputFormat::Csv: writeAllocationPlanCsv(out, plan); break;
        case OutputFormat::GeoJson: writeAllocationPlanGeoJson(out, plan); break;
        case OutputFormat::Table:
          writeTable(out, plan, context.language);
          if (!m_compare.empty()) writeComparison(out, plan, m_compare, context.language);
          break;
      }
    });
    return 0;
  }

 private:
  std::string m_projects, m_stages, m_objective = "lexicographic", m_compare, m_rules;
  OutputOptions m_output;
  std::vector<std::string> m_pins, m_forbids, m_holds;
  double m_seconds = 60;
  bool m_noBaseline = false;
  bool m_assemble = false;
};

}  // namespace

std::unique_ptr<Command> makeAllocateCommand() { return std::make_unique<AllocateCommand>(); }

}  // namespace landbank::cli
