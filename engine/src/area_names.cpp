// One resolver for subdistrict and park names (area_names.h).
#include "landbank/area_names.h"

#include "landbank/features.h"
#include "landbank/store.h"

namespace landbank {

AreaNameMatch resolveAreaName(const Store& store, NamedArea area, std::string_view given) {
  const Layer layer = area == NamedArea::Park ? Layer::Parks : Layer::Boundaries;
  ReadOptions read;
  read.withGeometry = false;
  struct Known {
    std::string value, name, shown;
  };
  std::vector<Known> known;
  for (const FeatureRecord& record : readFeatures(store, layer, read)) {
    const std::string name = record.properties.value("name", "");
    if (area == NamedArea::Subdistrict && record.properties.value("level", "") != "subdistrict") continue;
    if (area == NamedArea::Park) known.push_back(Known{record.id, name, record.id + " " + name});
    else known.push_back(Known{name, name, name});
  }
  AreaNameMatch match;
  for (const Known& k : known) match.known.push_back(k.shown);
  const std::string text(given);
  for (const Known& k : known)
    if (text == k.value) {
      match.value = k.value;
      return match;
    }
  for (const Known& k : known)
    if (text == k.name || k.name == text + "街道" || k.name == text + "镇" || (area == NamedArea::Park && !text.empty() && k.name.starts_with(text))) {
      match.value = k.value;
      return match;
    }
  // Near misses: a part of the name, the name inside a longer text, or the same first two Chinese
  // characters (six bytes of UTF-8) with a typo after them.
  for (const Known& k : known) {
    const bool close = (!text.empty() && (k.name.find(text) != std::string::npos || text.find(k.name) != std::string::npos)) ||
                       (text.size() >= 6 && k.name.find(text.substr(0, 6)) != std::string::npos);
    if (close) match.nearMisses.push_back(k.shown);
  }
  return match;
}

}  // namespace landbank
