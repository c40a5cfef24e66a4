// landbank match (PROJECT_ID | --spec FILE.json | --parcel ID | --building ID) [--top N]
//   [--kind parcel|building|all] [--why ID] [--stability N [--seed S]] [--rules FILE] [--format table|json]
#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <sstream>

#include "cli.h"
#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/features.h"
#include "landbank/layers.h"
#include "landbank/matching.h"
#include "landbank/store.h"
#include "landbank/texts.h"
#include "landbank/units.h"
#include "match_output.h"
#include "output.h"
#include "query_output.h"

namespace landbank::cli {

Store openForMatching(const std::filesystem::path& path) {
  try {
    return Store::open(path, StoreAccess::ReadOnly);
  } catch (const Error& error) {
    // A database made before schema migration 2 (the matching index) is upgraded once, read-write;
    // any other problem is reported by that second open exactly as before.
    if (error.code() != ErrorCode::Database) throw;
    return Store::open(path, StoreAccess::ReadWrite);
  }
}

RulePack loadRulePack(const std::string& file) { return RulePack::load(file.empty() ? RulePack::bundledPath() : std::filesystem::path(file)); }

ProjectSpec loadProject(const Store& store, const std::string& projectId, const std::string& specFile) {
  if (!specFile.empty()) {
    std::ifstream in(specFile, std::ios::binary);
    if (!in) throw Error(ErrorCode::Io, Message{"无法读取项目需求文件", "cannot read the project spec"}, {.file = specFile});
    std::stringstream buffer;
    buffer << in.rdbuf();
    nlohmann::json spec;
    try {
      // A spec is a flat object with a few lists; a file nested 100,000 levels deep is hostile and
      // would overflow the stack where the JSON is copied recursively: refused while parsing.
      constexpr int kMaxSpecDepth = 32;
      spec = nlohmann::json::parse(buffer.str(), [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        if (depth > kMaxSpecDepth)
          throw Error(ErrorCode::BadValue, Message{"项目需求文件嵌套超过 " + std::to_string(kMaxSpecDepth) + " 层", "the project spec is nested deeper than " + std::to_string(kMaxSpecDepth) + " levels"},
                      {.file = specFile});
        return true;
      });
    } catch (const nlohmann::json::exception& error) {
      throw Error(ErrorCode::BadValue, Message{std::string("项目需求文件不是有效的 JSON：") + error.what(), std::string("the project spec is not valid JSON: ") + error.what()}, {.file = specFile});
    }
    return ProjectSpec::fromJson(spec, specFile);
  }
  return ProjectSpec::fromFeature(readFeature(store, Layer::Projects, projectId));
}

nlohmann::json criteriaJson(const std::vector<CriterionScore>& criteria) {
  nlohmann::json list = nlohmann::json::array();
  for (const CriterionScore& c : criteria)
    list.push_back({{"name", c.name}, {"value", roundTo(c.value, 3)}, {"unit", c.unit}, {"score", roundTo(c.score, 4)}, {"weight", roundTo(c.weight, 4)}});
  return list;
}

double roundTo(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

namespace {

// Why a match found nothing, in one sentence (empty when there are candidates): the power rule by
// its shortfall, any other rule by the one that turned most sites away.
std::string emptyResultNote(const MatchResult& result, const ProjectSpec& project, Language language) {
  if (result.candidateCount > 0) return {};
  const auto power = result.rejected.find("power");
  if (power != result.rejected.end() && project.powerKva)
    return say(language, "没有候选：{1} 处用地或载体的状态、用途和面积合适，但供电容量都低于项目所需的 {0:.0f} kVA",
               "no candidate: {1} sites have the right status, use and size but supply less than the {0:.0f} kVA the project needs",
               *project.powerKva, power->second);
  const auto most = std::max_element(result.rejected.begin(), result.rejected.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });
  if (most == result.rejected.end()) return pick(language, "没有候选：没有可参与匹配的地块或载体", "no candidate: there is no land or building to consider");
  return say(language, "没有候选：淘汰最多的规则是「{}」（{} 个）", "no candidate: the rule that turned most away is {} ({})",
             codeLabel(CodeList::Rule, most->first, language), most->second);
}

nlohmann::json rejectedJson(const std::map<std::string, std::int64_t>& rejected) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [reason, count] : rejected) object[reason] = count;
  return object;
}

std::string kindText(CandidateKind kind, Language language) {
  return language == Language::Chinese ? (kind == CandidateKind::Parcel ? "地块" : "载体") : std::string(candidateKindName(kind));
}

std::string criteriaSummary(const std::vector<CriterionScore>& criteria, Language language) {
  // The three criteria that contribute most, for a table row.
  std::vector<const CriterionScore*> sorted;
  for (const CriterionScore& c : criteria) sorted.push_back(&c);
  std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->weight * a->score > b->weight * b->score; });
  std::string text;
  for (std::size_t i = 0; i < sorted.size() && i < 3; ++i)
    text += (i ? ", " : "") + fmt::format("{} {:.2f}", codeLabel(CodeList::Criterion, sorted[i]->name, language), sorted[i]->score);
  return text;
}

// match --format csv|geojson: one row (or point feature at the centroid) per candidate, with the
// JSON fields of DESIGN.md; criteria as "name=score" items in CSV, as the JSON list in GeoJSON.
void writeCandidates(std::ostream& out, const MatchResult& result, OutputFormat format) {
  const nlohmann::json json = matchResultJson(result);
  if (format == OutputFormat::GeoJson) {
    nlohmann::json features = nlohmann::json::array();
    for (nlohmann::json candidate : json.at("candidates")) {
      nlohmann::json geometry = nullptr;
      if (candidate["centroid"].is_array()) geometry = {{"type", "Point"}, {"coordinates", candidate["centroid"]}};
      candidate.erase("centroid");
      candidate["project"] = result.projectId;
      features.push_back({{"type", "Feature"}, {"id", candidate["id"]}, {"geometry", geometry}, {"properties", candidate}});
    }
    out << nlohmann::json{{"type", "FeatureCollection"}, {"features", features}}.dump() << "\n";
    return;
  }
  out << "project,rank,kind,id,name,score,area_m2,area_mu,stability,centroid_lon,centroid_lat,criteria\r\n";
  for (const nlohmann::json& c : json.at("candidates")) {
    std::string criteria;
    for (const nlohmann::json& criterion : c.at("criteria"))
      criteria += (criteria.empty() ? "" : ";") + criterion.at("name").get<std::string>() + "=" + criterion.at("score").dump();
    const nlohmann::json& centroid = c.at("centroid");
    out << csvField(csvSafeText(result.projectId)) << "," << c.at("rank").dump() << "," << c.at("kind").get<std::string>() << ","
        << csvField(csvSafeText(c.at("id").get<std::string>())) << "," << csvField(csvSafeText(c.at("name").get<std::string>())) << ","
        << c.at("score").dump() << "," << c.at("area_m2").dump() << "," << c.at("area_mu").dump() << ","
        << (c.contains("stability") ? c.at("stability").dump() : "") << "," << (centroid.is_array() ? centroid[0].dump() : "") << ","
        << (centroid.is_array() ? centroid[1].dump() : "") << "," << csvField(criteria) << "\r\n";
  }
}

class MatchCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("project", m_project, helpText("项目编号（来自 projects 图层）", "Project id (from the projects layer)"));
    app.add_option("--spec", m_spec, helpText("以项目需求 JSON 文件代替项目编号", "A project spec JSON file instead of a project id"));
    app.add_option("--parcel", m_parcel, helpText("反向匹配：该地块可承接的在谈项目", "Reverse matching: open projects this parcel could take"));
    app.add_option("--building", m_building, helpText("反向匹配：该载体可承接的在谈项目", "Reverse matching: open projects this building could take"));
    app.add_option("--top", m_top, helpText("最多 N 个候选", "At most N candidates"))->check(CLI::PositiveNumber);
    app.add_option("--kind", m_kind, helpText("parcel 地块、building 载体 或 all 全部（默认：按项目需求）", "parcel, building or all (default: what the project asks for)"))
        ->check(CLI::IsMember({"parcel", "building", "all"}));
    app.add_option("--why", m_why, helpText("逐条解释该地块（或配合 --kind building 时该载体）的每条硬性规则", "Explain every hard rule for this parcel (or building with --kind building)"));
    app.add_option("--stability", m_stability, helpText("将权重随机扰动 ±20% 共 N 次，报告每个候选留在前 K 名的频率", "Perturb the weights ±20% N times and report how often each stays in the top K"))
        ->check(CLI::NonNegativeNumber);
    app.add_option("--seed", m_seed, helpText("稳定性抽样的随机种子", "Seed of the stability draws"));
    app.add_option("--rules", m_rules, helpText("规则包文件（默认：自带的 gisdata/rulepack.json）", "Rule pack file (default: the bundled gisdata/rulepack.json)"));
    app.add_flag("--assemble", m_assemble, helpText("同时考虑相邻地块合并供地（规则包 matching.assembly）", "Also offer assemblies of adjacent parcels (rule pack matching.assembly)"));
    m_output.setup(app);
  }

  int run(Context& context) override {
    const int sources = !m_project.empty() + !m_spec.empty() + !m_parcel.empty() + !m_building.empty();
    if (sources != 1) throw Error(ErrorCode::Usage, Message{"match 需要且只需要以下之一：项目编号、--spec 文件、--parcel 编号、--building 编号", "match needs exactly one of PROJECT_ID, --spec FILE, --parcel ID, --building ID"});
    if (!m_why.empty() && (!m_parcel.empty() || !m_building.empty())) throw Error(ErrorCode::Usage, Message{"--why 用于项目，不能与 --parcel/--building 同用", "--why goes with a project, not with --parcel/--building"});
    // --why explains an assembly by its id (CY-00012+CY-00013) with or without --assemble.
    if (m_assemble && (!m_parcel.empty() || !m_building.empty()))
      throw Error(ErrorCode::Usage, Message{"--assemble 用于候选清单，不能与 --parcel 或 --building 同用", "--assemble goes with a candidate list, not with --parcel or --building"});
    // The candidate list is written in every format; --why and reverse matching are reports (table or json).
    const bool report = !m_why.empty() || !m_parcel.empty() || !m_building.empty();
    const OutputFormat format = m_output.resolve(context, report ? std::span<const OutputFormat>(kTableOrJson) : std::span<const OutputFormat>(kAllFormats));
    RulePack rules = loadRulePack(m_rules);
    if (m_assemble && !rules.assembly)
      throw Error(ErrorCode::Usage, Message{"--assemble：规则包 " + rules.id + " " + rules.version + " 没有 matching.assembly 部分", "--assemble: the rule pack " + rules.id + " " + rules.version + " has no matching.assembly section"});
    const auto storeHeld = std::make_shared<const Store>(openForMatching(context.databasePath));
    const auto engineHeld = std::make_shared<const MatchEngine>(*storeHeld, std::move(rules));
    // Both outlive this command when the process ends with it (keepUntilExit).
    keepUntilExit(storeHeld);
    keepUntilExit(engineHeld);
    const Store& store = *storeHeld;
    const MatchEngine& engine = *engineHeld;
    // LANDBANK_DEBUG=1: say when the stored parcel facts cannot be used and every fact is measured.
    if (const char* debug = std::getenv("LANDBANK_DEBUG"); debug && *debug && !engine.usesStoredFacts())
      context.err << "landbank: debug: " << pick(context.language, "存储的地块事实已过期或缺失，本次匹配逐一测算（结果相同，启动较慢）",
                                                  "the stored parcel facts are stale or missing; this match measures every fact (same answers, slower start)")
                  << "\n";
    MatchOptions options;
    options.language = context.language;
    options.today = context.today.value_or("");
    if (m_top > 0) options.top = static_cast<std::size_t>(m_top);
    options.kind = m_kind == "parcel" ? KindSelection::Parcels : m_kind == "building" ? KindSelection::Buildings
                   : m_kind == "all"  ? KindSelection::All
                                      : KindSelection::Auto;
    options.stabilityDraws = m_stability;
    if (m_assemble) options.assemble = AssemblyMode::On;
    options.stabilitySeed = m_seed;
    if (m_top > 0) options.stabilityTopK = static_cast<std::size_t>(m_top);

    const ProjectSpec project = m_parcel.empty() && m_building.empty() ? loadProject(store, m_project, m_spec) : ProjectSpec{};
    m_output.emit(context, [&](std::ostream& out) {
      if (m_output.bom) out << "\xEF\xBB\xBF";
      Context sink{out, context.err, context.feedback, context.databasePath, context.outIsTerminal, context.language};
      if (!m_parcel.empty() || !m_building.empty()) reverse(sink, engine, options, format);
      else if (!m_why.empty()) why(sink, engine, project, options, format);
      else list(sink, engine.match(project, options), project, options, format);
    });
    return 0;
  }

 private:
  void list(Context& context, const MatchResult& result, const ProjectSpec& project, const MatchOptions& options, OutputFormat format) {
    // Scripts read the empty list; people reading stderr hear why it is empty.
    if (format != OutputFormat::Table)
      if (const std::string note = emptyResultNote(result, project, context.language); !note.empty())
        context.err << "landbank: " << pick(context.language, "提示：", "note: ") << note << "\n";
    if (format == OutputFormat::Json) {
      context.out << matchResultJson(result).dump(2) << "\n";
      return;
    }
    if (format == OutputFormat::Csv || format == OutputFormat::GeoJson) {
      writeCandidates(context.out, result, format);
      return;
    }
    const Language language = context.language;
    context.out << say(language, "项目 {} {}  (规则包 {} {})\n", "project {} {}  (rule pack {} {})\n", project.id, project.name,
                       result.rulePackId, result.rulePackVersion);
    // A building offers floor space, which is measured in m² only: 亩 is a measure of land.
    const bool anyParcel = std::any_of(result.candidates.begin(), result.candidates.end(), [](const Candidate& c) { return c.kind == CandidateKind::Parcel; });
    const bool anyBuilding = std::any_of(result.candidates.begin(), result.candidates.end(), [](const Candidate& c) { return c.kind == CandidateKind::Building; });
    const std::string areaHeader = anyBuilding ? (anyParcel ? pick(language, "用地/空置面积 m²", "area / vacant floor m²") : pick(language, "空置面积 m²", "vacant floor m²"))
                                               : pick(language, "面积 m²", "area_m2");
    std::vector<std::string> headers = language == Language::Chinese
                                           ? std::vector<std::string>{"排名", "类型", "编号", "名称", "得分", areaHeader, "面积 亩", "主要得分项"}
                                           : std::vector<std::string>{"rank", "kind", "id", "name", "score", areaHeader, "area_mu", "top criteria"};
    if (anyBuilding && !anyParcel) headers.erase(headers.begin() + 6);
    if (options.stabilityDraws > 0) headers.insert(headers.begin() + 5, say(language, "稳居前{}", "in top {}", options.stabilityTopK));
    std::vector<std::vector<std::string>> rows;
    for (const Candidate& c : result.candidates) {
      std::vector<std::string> row{std::to_string(c.rank), kindText(c.kind, language), c.id, c.name,
                                   fmt::format("{:.3f}", c.score), formatNumber(c.areaSquareMetres, 0),
                                   c.kind == CandidateKind::Parcel ? formatNumber(squareMetresToMu(c.areaSquareMetres), 1) : std::string("—"),
                                   criteriaSummary(c.criteria, language)};
      if (anyBuilding && !anyParcel) row.erase(row.begin() + 6);
      if (c.stability) row.insert(row.begin() + 5, fmt::format("{:.0f}%", *c.stability * 100));
      rows.push_back(row);
    }
    printTable(context.out, headers, rows);
    context.out << say(language, "参与匹配 {}, 候选 {}", "considered {}, candidates {}", result.considered, result.candidateCount);
    std::string rejected;
    for (const auto& [reason, count] : result.rejected)
      rejected += fmt::format("{}{} {}", rejected.empty() ? "" : ", ", codeLabel(CodeList::Rule, reason, language), count);
    context.out << (rejected.empty() ? "" : pick(language, ", 淘汰 (按首个未通过的规则): ", ", rejected: ") + rejected) << "\n";
    if (const std::string note = emptyResultNote(result, project, language); !note.empty()) context.out << note << "\n";
  }

  int why(Context& context, const MatchEngine& engine, const ProjectSpec& project, const MatchOptions& options, OutputFormat format) {
    const CandidateKind kind = m_kind == "building" ? CandidateKind::Building : CandidateKind::Parcel;
    const WhyResult result = engine.why(project, kind, m_why, options);
    const Language language = context.language;
    if (format == OutputFormat::Json) {
      context.out << whyResultJson(result).dump(2) << "\n";
      return 0;
    }
    context.out << say(language, "{} {} 对项目 {}: {}  (规则包 {} {})\n", "{} {} for project {}: {}  (rule pack {} {})\n", kindText(kind, language),
                       result.id, result.projectId,
                       result.candidate ? pick(language, "符合全部硬性条件", "a candidate") : pick(language, "不符合", "NOT a candidate"),
                       result.rulePackId, result.rulePackVersion);
    for (const RuleCheck& check : result.checks) {
      context.out << fmt::format("  [{}] {}: {}\n", check.passed ? pick(language, "通过", "pass") : pick(language, "不通过", "FAIL"),
                                 codeLabel(CodeList::Rule, check.rule, language), check.fact);
      if (!check.remedy.empty()) context.out << say(language, "         如何满足: {}\n", "         to pass: {}\n", check.remedy);
    }
    if (result.scored) {
      context.out << say(language, "  得分 {:.3f}\n", "  score {:.3f}\n", result.scored->score);
      for (const CriterionScore& c : result.scored->criteria)
        context.out << say(language, "    {:<24} {:>12.1f} {:<14} 得分 {:.3f} x 权重 {:.3f}\n", "    {:<24} {:>12.1f} {:<14} score {:.3f} x weight {:.3f}\n",
                           codeLabel(CodeList::Criterion, c.name, language), c.value, codeLabel(CodeList::Unit, c.unit, language), c.score, c.weight);
    }
    return 0;
  }

  int reverse(Context& context, const MatchEngine& engine, const MatchOptions& options, OutputFormat format) {
    const CandidateKind kind = m_parcel.empty() ? CandidateKind::Building : CandidateKind::Parcel;
    const ReverseMatchResult result = engine.reverse(kind, kind == CandidateKind::Parcel ? m_parcel : m_building, options);
    const Language language = context.language;
    if (format == OutputFormat::Json) {
      context.out << reverseResultJson(result).dump(2) << "\n";
      return 0;
    }
    context.out << say(language, "{} {} 可承接的在谈项目  (规则包 {} {})\n", "open projects that {} {} could take  (rule pack {} {})\n",
                       kindText(kind, language), result.id, result.rulePackId, result.rulePackVersion);
    std::vector<std::vector<std::string>> rows;
    int rank = 0;
    for (const ReverseMatchEntry& entry : result.projects)
      rows.push_back({std::to_string(++rank), entry.projectId, entry.projectName,
                      codeLabel(CodeList::Stage, entry.stage, language),
                      fmt::format("{:.3f}", entry.score), criteriaSummary(entry.criteria, language)});
    printTable(context.out,
               language == Language::Chinese ? std::vector<std::string>{"排名", "项目", "名称", "阶段", "得分", "主要得分项"}
                                             : std::vector<std::string>{"rank", "project", "name", "stage", "score", "top criteria"},
               rows);
    std::string rejected;
    for (const auto& [reason, count] : result.rejected)
      rejected += fmt::format("{}{} {}", rejected.empty() ? "" : ", ", codeLabel(CodeList::Rule, reason, language), count);
    context.out << say(language, "在谈项目 {} 个, 可承接 {} 个{}\n", "considered {} open projects, fitting {}{}\n", result.considered,
                       result.projects.size(),
                       rejected.empty() ? "" : pick(language, ", 不可承接 (按首个未通过的规则): ", ", rejected: ") + rejected);
    return 0;
  }

  std::string m_project, m_spec, m_parcel, m_building, m_kind, m_why, m_rules;
  OutputOptions m_output;
  std::int64_t m_top = 0;
  int m_stability = 0;
  bool m_assemble = false;
  std::uint64_t m_seed = 20260101;
};

}  // namespace

nlohmann::json matchResultJson(const MatchResult& result) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const Candidate& c : result.candidates) {
    nlohmann::json item{{"rank", c.rank},
                        {"kind", std::string(candidateKindName(c.kind))},
                        {"id", c.id},
                        {"name", c.name},
                        {"score", roundTo(c.score, 4)},
                        {"area_m2", roundTo(c.areaSquareMetres, 1)},
                        {"area_mu", roundTo(squareMetresToMu(c.areaSquareMetres), 1)}};
    item["centroid"] = c.centroid ? nlohmann::json{roundTo(c.centroid->lon, 6), roundTo(c.centroid->lat, 6)} : nlohmann::json(nullptr);
    item["criteria"] = criteriaJson(c.criteria);
    if (c.stability) item["stability"] = roundTo(*c.stability, 4);
    if (!c.members.empty()) item["members"] = c.members;
    candidates.push_back(item);
  }
  return {{"project", result.projectId},
          {"rule_pack", {{"id", result.rulePackId}, {"version", result.rulePackVersion}}},
          {"considered", result.considered},
          {"candidate_count", result.candidateCount},
          {"candidates", candidates},
          {"rejected", rejectedJson(result.rejected)}};
}

nlohmann::json whyResultJson(const WhyResult& result) {
  nlohmann::json checks = nlohmann::json::array();
  for (const RuleCheck& check : result.checks) {
    nlohmann::json item{{"rule", check.rule}, {"passed", check.passed}, {"fact", check.fact}};
    if (!check.remedy.empty()) item["remedy"] = check.remedy;
    if (check.remainderSquareMetres) item["remainder_m2"] = roundTo(*check.remainderSquareMetres, 1);
    if (check.remainderMeetsMinimum) item["remainder_meets_minimum"] = *check.remainderMeetsMinimum;
    checks.push_back(item);
  }
  nlohmann::json json{{"project", result.projectId},
                      {"rule_pack", {{"id", result.rulePackId}, {"version", result.rulePackVersion}}},
                      {"kind", std::string(candidateKindName(result.kind))},
                      {"id", result.id},
                      {"candidate", result.candidate},
                      {"checks", checks}};
  if (result.scored) {
    json["score"] = roundTo(result.scored->score, 4);
    json["criteria"] = criteriaJson(result.scored->criteria);
  }
  return json;
}

nlohmann::json reverseResultJson(const ReverseMatchResult& result) {
  nlohmann::json projects = nlohmann::json::array();
  int rank = 0;
  for (const ReverseMatchEntry& entry : result.projects)
    projects.push_back({{"rank", ++rank}, {"project", entry.projectId}, {"name", entry.projectName}, {"stage", entry.stage},
                        {"score", roundTo(entry.score, 4)}, {"criteria", criteriaJson(entry.criteria)}});
  return {{std::string(candidateKindName(result.kind)), result.id},
          {"rule_pack", {{"id", result.rulePackId}, {"version", result.rulePackVersion}}},
          {"considered", result.considered},
          {"projects", projects},
          {"rejected", rejectedJson(result.rejected)}};
}

std::unique_ptr<Command> makeMatchCommand() { return std::make_unique<MatchCommand>(); }

}  // namespace landbank::cli
