// The allocation plan over a store: the instance built through the matching engine, the priority
// classes of the rule pack, and the explanations (regret, who took a project's best site, why a
// project is unplaced, contested sites).
#include <algorithm>
#include <map>
#include <set>

#include "landbank/allocation.h"
#include "landbank/error.h"
#include "landbank/features.h"
#include "landbank/store.h"

namespace landbank {

namespace {

using nlohmann::json;

[[noreturn]] void badRule(const RulePack& pack, const std::string& path, const std::string& problem) {
  throw Error(ErrorCode::BadValue, Message{"规则包 " + path + " 有误：" + problem, "rule pack " + path + ": " + problem}, {.file = pack.id + " " + pack.version});
}

std::vector<std::string> stringList(const RulePack& pack, const json& value, const std::string& path) {
  if (!value.is_array()) badRule(pack, path, "must be a list of strings");
  std::vector<std::string> list;
  for (const json& item : value) {
    if (!item.is_string()) badRule(pack, path, "must be a list of strings");
    list.push_back(item.get<std::string>());
  }
  return list;
}

std::string siteKey(CandidateKind kind, const std::string& id) { return std::string(candidateKindName(kind)) + ":" + id; }

// The parcels of an assembly id ("CY-00012+CY-00013"); a plain id is its own single member.
std::vector<std::string> assemblyMembers(const std::string& id) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t plus = id.find('+'); plus != std::string::npos; plus = id.find('+', start)) {
    parts.push_back(id.substr(start, plus - start));
    start = plus + 1;
  }
  parts.push_back(id.substr(start));
  return parts;
}

}  // namespace

AllocationRules AllocationRules::fromRulePack(const RulePack& pack) {
  if (!pack.raw.contains("allocation")) badRule(pack, "allocation", "missing (priority classes for `allocate`)");
  const json& section = pack.raw.at("allocation");
  if (!section.is_object()) badRule(pack, "allocation", "must be an object");
  AllocationRules rules;
  for (const auto& [key, value] : section.items())
    if (key != "source" && key != "classes") badRule(pack, "allocation." + key, "unknown key");
  if (!section.contains("source") || !section.at("source").is_string()) badRule(pack, "allocation.source", "missing");
  rules.source = section.at("source").get<std::string>();
  if (!pack.sources.count(rules.source)) badRule(pack, "allocation.source", "unknown source '" + rules.source + "' (not in sources)");
  if (!section.contains("classes") || !section.at("classes").is_array() || section.at("classes").empty())
    badRule(pack, "allocation.classes", "must be a non-empty list");
  std::set<std::string> names;
  for (std::size_t i = 0; i < section.at("classes").size(); ++i) {
    const json& item = section.at("classes")[i];
    const std::string path = "allocation.classes[" + std::to_string(i) + "]";
    if (!item.is_object()) badRule(pack, path, "must be an object");
    PriorityClass cls;
    for (const auto& [key, value] : item.items()) {
      if (key == "name" && value.is_string()) cls.name = value.get<std::string>();
      else if (key == "label" && value.is_string()) cls.labelZh = value.get<std::string>();
      else if (key == "weight" && value.is_number()) cls.weight = value.get<double>();
      else if (key == "tiers") cls.tiers = stringList(pack, value, path + ".tiers");
      else if (key == "sectors") cls.sectors = stringList(pack, value, path + ".sectors");
      else if (key == "min_investment_wan" && value.is_number()) cls.minInvestmentWan = value.get<double>();
      else badRule(pack, path + "." + key, "unknown key or wrong type");
    }
    if (cls.name.empty()) badRule(pack, path + ".name", "missing");
    if (!names.insert(cls.name).second) badRule(pack, path + ".name", "repeats '" + cls.name + "'");
    if (!(cls.weight > 0)) badRule(pack, path + ".weight", "must be positive");
    rules.classes.push_back(std::move(cls));
  }
  const PriorityClass& last = rules.classes.back();
  if (!last.tiers.empty() || !last.sectors.empty() || last.minInvestmentWan)
    badRule(pack, "allocation.classes", "the last class takes every other project and must have no condition");
  return rules;
}

std::size_t AllocationRules::classOf(const ProjectSpec& project) const {
  for (std::size_t i = 0; i + 1 < classes.size(); ++i) {
    const PriorityClass& cls = classes[i];
    const bool tier = std::find(cls.tiers.begin(), cls.tiers.end(), project.tier) != cls.tiers.end();
    const bool sector = std::find(cls.sectors.begin(), cls.sectors.end(), project.sector) != cls.sectors.end();
    const bool investment = cls.minInvestmentWan && project.investmentWan && *project.investmentWan >= *cls.minInvestmentWan;
    if (tier || sector || investment) return i;
  }
  return classes.size() - 1;
}

AllocationPlan planAllocation(const Store& store, const MatchEngine& engine, const AllocationRequest& request) {
  const AllocationRules rules = AllocationRules::fromRulePack(engine.rules());

  // Projects of this round, in id order (readFeatures orders by id).
  std::vector<ProjectSpec> projects;
  {
    ReadOptions read;
    read.withGeometry = false;
    read.ids = request.projectIds;
    const std::vector<FeatureRecord> records = readFeatures(store, Layer::Projects, read);
    for (const std::string& id : request.projectIds)
      if (std::none_of(records.begin(), records.end(), [&](const FeatureRecord& r) { return r.id == id; }))
        throw Error(ErrorCode::UnknownId, Message{"没有这个编号的项目", "no project with this id"}, {.layer = "projects", .feature = id});
    for (const FeatureRecord& record : records) {
      ProjectSpec spec = ProjectSpec::fromFeature(record);
      if (request.projectIds.empty() && std::find(request.stages.begin(), request.stages.end(), spec.stage) == request.stages.end()) continue;
      projects.push_back(std::move(spec));
    }
  }
  std::map<std::string, std::size_t> projectIndex;
  for (std::size_t p = 0; p < projects.size(); ++p) projectIndex[projects[p].id] = p;
  auto projectNamed = [&](const std::string& id, const char* what) {
    const auto found = projectIndex.find(id);
    if (found == projectIndex.end())
      throw Error(ErrorCode::UnknownId, Message{std::string(what) + "：项目不在本轮（编号不存在，或其阶段未选中）", std::string(what) + ": project not in this round (unknown id or stage not selected)"},
                  {.layer = "projects", .feature = id});
    return found->second;
  };
  // Sites named by the request must exist (a typo must not silently do nothing).
  // An assembly ("CY-00012+CY-00013") exists when each of its parcels does.
  auto requireSite = [&](const std::string& id, const char* what) {
    for (const std::string& part : assemblyMembers(id)) {
      bool found = false;
      for (Layer layer : {Layer::Parcels, Layer::Buildings}) {
        ReadOptions read;
        read.withGeometry = false;
        read.ids = {part};
        if (!readFeatures(store, layer, read).empty()) found = true;
      }
      if (!found) throw Error(ErrorCode::UnknownId, Message{std::string(what) + "：没有这个编号的地块或楼宇", std::string(what) + ": no parcel or building with this id"}, {.feature = part});
    }
  };
  const std::set<std::string> held(request.holds.begin(), request.holds.end());
  for (const std::string& id : held) requireSite(id, "--hold");
  std::set<std::pair<std::size_t, std::string>> forbidden;
  for (const auto& [project, site] : request.forbids) {
    requireSite(site, "--forbid");
    forbidden.insert({projectNamed(project, "--forbid"), site});
  }

  AllocationInstance instance;
  instance.classCount = rules.classes.size();
  for (const PriorityClass& cls : rules.classes) instance.classWeights.push_back(cls.weight);
  std::map<std::string, std::size_t> siteIndex;
  std::map<std::string, std::string> siteNames;
  std::vector<std::int64_t> candidateCounts(projects.size(), 0);
  std::vector<std::vector<std::size_t>> optionsOfProject(projects.size());  // ranked as match ranks them
  std::vector<std::vector<std::string>> topSites(projects.size());  // each project's best three allowed site ids

  const std::set<std::pair<std::string, std::string>> pinned(request.pins.begin(), request.pins.end());
  MatchOptions matchOptions;
  matchOptions.language = request.language;
  matchOptions.assemble = request.assemble;
  // Each project's candidates that this round allows (not held, not forbidden to it), in match's
  // rank order, as a site (described once however many projects want it) and a score. Every
  // project's list is held at once (the reduction below looks at all of them), so only this much.
  struct SiteFacts {
    CandidateKind kind;
    std::string id, name;
    double areaSquareMetres;
    std::optional<LonLat> centroid;
    std::vector<std::string> members;
  };
  std::vector<SiteFacts> siteFacts;
  std::vector<std::vector<std::size_t>> siteUnits;  // per site: the land units it occupies, numbered through unitIndex
  std::map<std::string, std::size_t> factsIndex;     // siteKey -> position in siteFacts
  std::map<std::string, std::size_t> unitIndex;
  std::vector<RankedOptions> ranked(projects.size());
  std::vector<std::vector<double>> scores(projects.size());
  for (std::size_t p = 0; p < projects.size(); ++p) {
    const ProjectSpec& spec = projects[p];
    instance.projects.push_back({spec.id, rules.classOf(spec), spec.floorNeedSquareMetres.value_or(0.0)});
    MatchResult matched = engine.match(spec, matchOptions);
    candidateCounts[p] = matched.candidateCount;
    for (Candidate& candidate : matched.candidates) {
      // Land units as the model counts them (AllocationInstance::Site::landUnits): parcel ids; a building is its own unit.
      const std::vector<std::string> units = !candidate.members.empty()               ? candidate.members
                                             : candidate.kind == CandidateKind::Parcel ? std::vector<std::string>{candidate.id}
                                                                                       : std::vector<std::string>{siteKey(candidate.kind, candidate.id)};
      const auto blocked = [&](const std::string& unit) { return held.count(unit) > 0 || forbidden.count({p, unit}) > 0; };
      // A held or forbidden parcel takes every assembly that contains it with it.
      if (held.count(candidate.id) || forbidden.count({p, candidate.id}) || std::any_of(units.begin(), units.end(), blocked)) continue;
      auto [found, inserted] = factsIndex.emplace(siteKey(candidate.kind, candidate.id), siteFacts.size());
      if (inserted) {
        siteFacts.push_back({candidate.kind, candidate.id, std::move(candidate.name), candidate.areaSquareMetres, candidate.centroid,
                             std::move(candidate.members)});
        std::vector<std::size_t> numbered;
        for (const std::string& unit : units) numbered.push_back(unitIndex.emplace(unit, unitIndex.size()).first->second);
        siteUnits.push_back(std::move(numbered));
      }
      ranked[p].sites.push_back(found->second);
      ranked[p].pinned.push_back(pinned.count({spec.id, candidate.id}) > 0);
      scores[p].push_back(candidate.score);
    }
    // Contested sites are judged on each project's top three allowed candidates, however few the
    // reduction below keeps.
    for (std::size_t k = 0; k < ranked[p].sites.size() && k < 3; ++k) topSites[p].push_back(siteFacts[ranked[p].sites[k]].id);
  }

  // Only the options that can matter (keptOptionPositions: exact, docs/allocation.md "Size"). Sites
  // enter the model in the order of their first kept option, as options do: projects by id, each
  // project's options by rank.
  const std::vector<std::vector<std::size_t>> kept = keptOptionPositions(siteUnits, ranked);
  for (std::size_t p = 0; p < projects.size(); ++p)
    for (std::size_t k : kept[p]) {
      const SiteFacts& facts = siteFacts[ranked[p].sites[k]];
      const std::string key = siteKey(facts.kind, facts.id);
      auto [found, inserted] = siteIndex.emplace(key, instance.sites.size());
      if (inserted) {
        AllocationInstance::Site site;
        site.id = facts.id;
        site.kind = facts.kind;
        site.areaSquareMetres = facts.areaSquareMetres;
        site.centroid = facts.centroid;
        if (facts.kind == CandidateKind::Building) site.floorCapacitySquareMetres = facts.areaSquareMetres;
        else site.landUnits = facts.members.empty() ? std::vector<std::string>{facts.id} : facts.members;
        instance.sites.push_back(std::move(site));
        siteNames[key] = facts.name;
      }
      optionsOfProject[p].push_back(instance.options.size());
      instance.options.push_back({p, found->second, scores[p][k]});
    }
  for (const auto& pin : request.pins) {
    // Named copies, not structured bindings: clang 14 (the fuzz preset) cannot capture those in a lambda.
    const std::string& projectId = pin.first;
    const std::string& siteId = pin.second;
    const std::size_t p = projectNamed(projectId, "--pin");
    requireSite(siteId, "--pin");
    if (held.count(siteId)) throw Error(ErrorCode::Usage, Message{"--pin " + projectId + "=" + siteId + " 锁定的地块已被 --hold 保留在本轮之外", "--pin " + projectId + "=" + siteId + " names a site that --hold keeps out"});
    const auto option = std::find_if(optionsOfProject[p].begin(), optionsOfProject[p].end(),
                                     [&](std::size_t o) { return instance.sites[instance.options[o].site].id == siteId; });
    if (option == optionsOfProject[p].end()) {
      // Say which hard rule it fails, as `match --why` would.
      Message reason{"本轮禁止该项目使用此地块", "it is forbidden for this project"};
      for (CandidateKind kind : {CandidateKind::Parcel, CandidateKind::Building}) {
        try {
          const WhyResult why = engine.why(projects[p], kind, siteId, matchOptions);
          for (const RuleCheck& check : why.checks)
            if (!check.passed) {
              reason = Message{"未通过硬性条件 " + check.rule + "：" + check.fact, "it fails the hard rule " + check.rule + ": " + check.fact};
              break;
            }
          break;
        } catch (const Error& error) {
          if (error.code() != ErrorCode::UnknownId) throw;
        }
      }
      throw Error(ErrorCode::BadValue, Message{"不能把 " + siteId + " 锁定给 " + projectId + "：" + reason.zh, "cannot pin " + siteId + " to " + projectId + ": " + reason.en},
                  {.feature = projectId});
    }
    instance.pinnedOptions.push_back(*option);
  }

  const AllocationSolution solution = solveAllocationExactly(instance, request.solve);
  if (solution.status == AllocationSolution::Status::Infeasible)
    throw Error(ErrorCode::BadValue, Message{"锁定条件不能同时满足（两个项目锁定了同一地块，或超出楼宇的空置面积）", "the pins cannot all hold at once (two projects pinned to one parcel, or a building's floor exceeded)"});

  AllocationPlan plan;
  plan.objective = request.solve.objective;
  plan.status = solution.status == AllocationSolution::Status::Optimal ? "optimal" : "feasible";
  plan.gap = solution.gap;
  plan.rulePackId = engine.rules().id;
  plan.rulePackVersion = engine.rules().version;
  plan.solver = solution.solver;
  plan.seconds = solution.seconds;
  plan.effort = solution.effort;
  plan.objectiveValues = solution.objectiveValues;
  for (const PriorityClass& cls : rules.classes) {
    plan.classNames.push_back(cls.name);
    plan.placedByClass[cls.name] = 0;
    plan.projectsByClass[cls.name] = 0;
  }

  // Who holds each land unit and building after the solve.
  std::map<std::string, std::vector<std::string>> holders;  // land unit or building key -> projects
  auto holdKeys = [&](const AllocationInstance::Site& site) {
    if (site.kind == CandidateKind::Building) return std::vector<std::string>{siteKey(site.kind, site.id)};
    return site.landUnits;
  };
  for (std::size_t p = 0; p < projects.size(); ++p)
    if (const auto& chosen = solution.optionOfProject[p])
      for (const std::string& key : holdKeys(instance.sites[instance.options[*chosen].site])) holders[key].push_back(projects[p].id);

  for (std::size_t p = 0; p < projects.size(); ++p) {
    const ProjectSpec& spec = projects[p];
    const std::string className = rules.classes[instance.projects[p].priorityClass].name;
    ++plan.projectsByClass[className];
    const auto& chosen = solution.optionOfProject[p];
    if (!chosen) {
      UnplacedProject unplaced{spec.id, spec.name, className, "no_candidate", {}, candidateCounts[p]};
      if (!optionsOfProject[p].empty()) {
        unplaced.reason = "taken";
        std::set<std::string> takenBy;
        for (std::size_t o : optionsOfProject[p])
          for (const std::string& key : holdKeys(instance.sites[instance.options[o].site]))
            for (const std::string& holder : holders[key]) takenBy.insert(holder);
        unplaced.takenBy.assign(takenBy.begin(), takenBy.end());
      }
      plan.unplaced.push_back(std::move(unplaced));
      continue;
    }
    const AllocationInstance::Option& option = instance.options[*chosen];
    const AllocationInstance::Site& site = instance.sites[option.site];
    const AllocationInstance::Option& best = instance.options[optionsOfProject[p].front()];  // match's rank 1 of this round
    const AllocationInstance::Site& bestSite = instance.sites[best.site];
    PlannedAssignment assignment;
    assignment.project = spec.id;
    assignment.projectName = spec.name;
    assignment.priorityClass = className;
    assignment.kind = site.kind;
    assignment.site = site.id;
    assignment.siteName = siteNames[siteKey(site.kind, site.id)];
    assignment.members = site.kind == CandidateKind::Building ? std::vector<std::string>{site.id} : site.landUnits;
    assignment.score = option.score;
    assignment.areaSquareMetres = site.kind == CandidateKind::Building ? instance.projects[p].floorNeedSquareMetres : site.areaSquareMetres;
    assignment.centroid = site.centroid;
    assignment.bestSite = bestSite.id;
    assignment.bestScore = best.score;
    assignment.regret = std::max(0.0, best.score - option.score);
    if (bestSite.id != site.id) {
      for (const std::string& key : holdKeys(bestSite))
        for (const std::string& holder : holders[key])
          if (holder != spec.id && !assignment.lostTo) assignment.lostTo = holder;
    }
    ++plan.placedByClass[className];
    plan.totalScore += option.score;
    if (site.kind == CandidateKind::Parcel) plan.landSquareMetres += site.areaSquareMetres;
    plan.assignments.push_back(std::move(assignment));
  }
  std::stable_sort(plan.assignments.begin(), plan.assignments.end(), [&](const PlannedAssignment& a, const PlannedAssignment& b) {
    const auto ca = std::find(plan.classNames.begin(), plan.classNames.end(), a.priorityClass);
    const auto cb = std::find(plan.classNames.begin(), plan.classNames.end(), b.priorityClass);
    return ca != cb ? ca < cb : a.project < b.project;
  });

  // Contested: a site among the top three of two or more projects.
  std::map<std::string, std::vector<std::string>> wanted;
  for (std::size_t p = 0; p < projects.size(); ++p)
    for (const std::string& site : topSites[p]) wanted[site].push_back(projects[p].id);
  for (auto& [site, wanters] : wanted)
    if (wanters.size() >= 2) plan.contested[site] = wanters;

  if (request.withGreedyBaseline) {
    const AllocationSolution greedy = solveAllocationGreedily(instance);
    plan.greedyObjectiveValues = allocationObjectiveValues(instance, greedy.optionOfProject, request.solve.objective);
    std::map<std::string, std::int64_t> placed;
    double total = 0;
    for (const PriorityClass& cls : rules.classes) placed[cls.name] = 0;
    for (std::size_t p = 0; p < projects.size(); ++p)
      if (const auto& chosen = greedy.optionOfProject[p]) {
        ++placed[rules.classes[instance.projects[p].priorityClass].name];
        total += instance.options[*chosen].score;
      }
    plan.greedyPlacedByClass = placed;
    plan.greedyTotalScore = total;
  }
  return plan;
}

}  // namespace landbank
