#pragma once
// JSON of match, --why, reverse matching and evaluate (DESIGN.md "JSON of match", extended with
// rule_pack, candidate_count, stability and the --why checks), shared by the match and evaluate commands.

#include <nlohmann/json.hpp>
#include <filesystem>
#include <string>

#include "landbank/evaluation.h"
#include "landbank/matching.h"
#include "landbank/rulepack.h"
#include "landbank/store.h"

namespace landbank::cli {

double roundTo(double value, int decimals);
nlohmann::json criteriaJson(const std::vector<CriterionScore>& criteria);
nlohmann::json matchResultJson(const MatchResult& result);
nlohmann::json whyResultJson(const WhyResult& result);
nlohmann::json reverseResultJson(const ReverseMatchResult& result);
nlohmann::json evaluationJson(const EvaluationResult& result);

/// Opens the store read-only, upgrading its schema first (read-write) when it predates the matching index.
Store openForMatching(const std::filesystem::path& path);
/// The rule pack named by --rules, or the bundled one when `file` is empty.
RulePack loadRulePack(const std::string& file);
/// A project from the projects layer, or from a --spec file when `specFile` is not empty.
ProjectSpec loadProject(const Store& store, const std::string& projectId, const std::string& specFile);

}  // namespace landbank::cli
