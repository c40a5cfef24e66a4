#pragma once
// --dry-run: every distinct bad value of every field, counted, so that a planner fixes a file in one
// pass instead of meeting its unknown codes one import at a time.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "landbank/importer.h"
#include "landbank/layers.h"

namespace landbank::importing {

class BadValueCollector {
 public:
  /// One occurrence of `value` (the source's text) in `field`; the first occurrence's row, feature
  /// and problem are kept.
  void add(const FieldSpec& field, const std::string& value, std::int64_t row, const std::string& feature, const Message& problem);
  bool empty() const { return m_counts.empty(); }
  /// Fields in the layer's canonical order, each field's values most frequent first (then by first row).
  std::vector<BadValueCount> summary(const LayerSpec& layer) const;

 private:
  std::map<std::pair<std::string, std::string>, BadValueCount> m_counts;
};

}  // namespace landbank::importing
