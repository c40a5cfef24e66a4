// Rank stability (`match --stability N`): each rule-pack criterion weight multiplied by a factor
// drawn uniformly in [1 - p, 1 + p], renormalised, re-ranked; per candidate the share of draws in
// which it stays in the top K.
#include <algorithm>
#include <map>
#include <random>

#include "match/match_internal.h"

namespace landbank::match {

namespace {

// A uniform draw in [0, 1) from the raw 64-bit engine output: std::uniform_real_distribution is not
// specified bit-for-bit, and the stability figures must be the same on every platform for a seed.
double unitDraw(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }

}  // namespace

void computeStability(std::vector<Candidate>& candidates, const RulePack& rules, const MatchOptions& options) {
  if (options.stabilityDraws <= 0 || candidates.empty()) return;
  std::mt19937_64 engine(options.stabilitySeed);
  std::vector<int> hits(candidates.size(), 0);
  const std::size_t topK = std::max<std::size_t>(1, options.stabilityTopK);
  std::vector<std::size_t> order(candidates.size());
  std::vector<double> scores(candidates.size());
  for (int draw = 0; draw < options.stabilityDraws; ++draw) {
    std::map<std::string, double> factor;
    for (const CriterionRule& rule : rules.criteria)
      factor[rule.name] = 1 + options.stabilityPerturbation * (2 * unitDraw(engine) - 1);
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      double weightSum = 0, total = 0;
      for (const CriterionScore& criterion : candidates[i].criteria) {
        const double weight = criterion.weight * factor[criterion.rule];
        weightSum += weight;
        total += weight * criterion.score;
      }
      scores[i] = weightSum > 0 ? total / weightSum : 0;
      order[i] = i;
    }
    const std::size_t k = std::min(topK, candidates.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(), [&](std::size_t a, std::size_t b) {
      return ranksBefore(scores[a], candidates[a].id, scores[b], candidates[b].id);
    });
    for (std::size_t r = 0; r < k; ++r) ++hits[order[r]];
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) candidates[i].stability = static_cast<double>(hits[i]) / options.stabilityDraws;
}

}  // namespace landbank::match
