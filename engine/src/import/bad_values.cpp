#include "import/bad_values.h"

#include <algorithm>

namespace landbank::importing {

void BadValueCollector::add(const FieldSpec& field, const std::string& value, std::int64_t row, const std::string& feature,
                            const Message& problem) {
  BadValueCount& entry = m_counts[{std::string(field.name), value}];
  if (entry.count == 0) {
    entry.field = field.name;
    entry.value = value;
    entry.firstRow = row;
    entry.firstFeature = feature;
    entry.problem = problem;
    entry.codeList = !field.codes.empty() || field.name == "land_use";
  }
  ++entry.count;
}

std::vector<BadValueCount> BadValueCollector::summary(const LayerSpec& layer) const {
  std::vector<BadValueCount> out;
  for (const auto& [key, entry] : m_counts) out.push_back(entry);
  auto fieldOrder = [&](const std::string& name) {
    for (std::size_t i = 0; i < layer.fields.size(); ++i)
      if (layer.fields[i].name == name) return i;
    return layer.fields.size();
  };
  std::sort(out.begin(), out.end(), [&](const BadValueCount& a, const BadValueCount& b) {
    if (a.field != b.field) return fieldOrder(a.field) < fieldOrder(b.field);
    if (a.count != b.count) return a.count > b.count;
    return a.firstRow < b.firstRow;
  });
  return out;
}

}  // namespace landbank::importing
