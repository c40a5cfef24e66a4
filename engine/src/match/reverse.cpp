// Reverse matching (`match --parcel ID` / `--building ID`): the same hard rules and score for every
// open project of the right kind, ranked.
#include <algorithm>

#include "landbank/error.h"
#include "landbank/features.h"
#include "landbank/layers.h"
#include "match/match_internal.h"

namespace landbank {

using namespace match;

ReverseMatchResult MatchEngine::reverse(CandidateKind kind, const std::string& id, const MatchOptions& options) const {
  ReverseMatchResult result;
  result.rulePackId = m_impl->rules.id;
  result.rulePackVersion = m_impl->rules.version;
  result.kind = kind;
  result.id = id;
  // Make sure the land exists before reading projects, so that a typo is reported as such.
  if (kind == CandidateKind::Parcel && !m_impl->readParcel(id))
    throw Error(ErrorCode::UnknownId, Message{"没有编号为 '" + id + "' 的地块", "no parcel with id '" + id + "'"}, {.layer = "parcels", .feature = id});
  if (kind == CandidateKind::Building && !m_impl->findBuilding(id))
    throw Error(ErrorCode::UnknownId, Message{"没有编号为 '" + id + "' 的楼宇", "no building with id '" + id + "'"}, {.layer = "buildings", .feature = id});
  std::vector<FeatureRecord> records = readFeatures(*m_impl->store, Layer::Projects, ReadOptions{.limit = std::nullopt, .ids = {}, .withGeometry = false});
  std::vector<ReverseMatchEntry> entries;
  for (const FeatureRecord& record : records) {
    const std::string stage = record.properties.value("stage", "");
    if (std::find(kOpenStages.begin(), kOpenStages.end(), stage) == kOpenStages.end()) continue;
    const ProjectSpec project = ProjectSpec::fromFeature(record);
    if (kind == CandidateKind::Parcel ? !project.wantsLand() : !project.wantsFloorSpace()) continue;
    ++result.considered;
    const WhyResult why = this->why(project, kind, id, options);
    if (!why.candidate) {
      for (const RuleCheck& check : why.checks)
        if (!check.passed) {
          ++result.rejected[check.rule];
          break;
        }
      continue;
    }
    entries.push_back({project.id, project.name, stage, why.scored->score, why.scored->criteria});
  }
  std::sort(entries.begin(), entries.end(),
            [](const ReverseMatchEntry& a, const ReverseMatchEntry& b) { return ranksBefore(a.score, a.projectId, b.score, b.projectId); });
  if (options.top && entries.size() > *options.top) entries.resize(*options.top);
  result.projects = std::move(entries);
  return result;
}

}  // namespace landbank
