// The exact option reduction of the allocation model (landbank/allocation.h, docs/allocation.md).
#include <algorithm>
#include <cstdint>

#include "landbank/allocation.h"

namespace landbank {

std::vector<std::vector<std::size_t>> keptOptionPositions(const std::vector<std::vector<std::size_t>>& siteUnits,
                                                          const std::vector<RankedOptions>& projects) {
  const std::size_t n = projects.size();
  std::size_t unitCount = 0;
  for (const auto& units : siteUnits)
    for (std::size_t unit : units) unitCount = std::max(unitCount, unit + 1);
  // Which projects want each unit, as bits; and each project's largest option (in units).
  const std::size_t words = (n + 63) / 64;
  std::vector<std::uint64_t> wantedBy(unitCount * words, 0);
  std::vector<std::size_t> largest(n, 0);
  for (std::size_t p = 0; p < n; ++p)
    for (std::size_t site : projects[p].sites) {
      const auto& units = siteUnits.at(site);
      largest[p] = std::max(largest[p], units.size());
      for (std::size_t unit : units) wantedBy[unit * words + p / 64] |= std::uint64_t{1} << (p % 64);
    }
  std::vector<std::vector<std::size_t>> kept(n);
  std::vector<std::uint64_t> competitors(words);
  std::vector<char> taken(unitCount, 0);
  for (std::size_t p = 0; p < n; ++p) {
    const RankedOptions& project = projects[p];
    std::fill(competitors.begin(), competitors.end(), 0);
    for (std::size_t site : project.sites)
      for (std::size_t unit : siteUnits[site])
        for (std::size_t w = 0; w < words; ++w) competitors[w] |= wantedBy[unit * words + w];
    std::size_t blockable = 0;  // units p's competitors can hold among p's options, at most
    for (std::size_t q = 0; q < n; ++q)
      if (q != p && ((competitors[q / 64] >> (q % 64)) & 1u)) blockable += largest[q];
    const std::size_t enough = blockable + 1;
    std::fill(taken.begin(), taken.end(), 0);
    std::size_t disjoint = 0;
    for (std::size_t k = 0; k < project.sites.size(); ++k) {
      const bool pinned = k < project.pinned.size() && project.pinned[k];
      if (disjoint >= enough && !pinned) continue;
      const auto& units = siteUnits[project.sites[k]];
      if (std::none_of(units.begin(), units.end(), [&](std::size_t unit) { return taken[unit] != 0; })) {
        ++disjoint;
        for (std::size_t unit : units) taken[unit] = 1;
      }
      kept[p].push_back(k);
    }
  }
  return kept;
}

}  // namespace landbank
