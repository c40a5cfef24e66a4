#pragma once
// --merge-parts: records that share an id and are parts of one feature (a county split across rows,
// the islands of a TopoJSON or GeoJSON district) become one feature whose geometry is the union of
// the parts, a MultiPolygon. Their mapped attributes must agree; a part that differs is refused,
// naming the id, the field and both rows. The parts are held until the end of the source (the
// whole layer in memory, as the union needs every part), then written in the order of their first part.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "detail/geos.h"
#include "landbank/error.h"

namespace landbank::importing {

class PartMerger {
 public:
  /// One checked record. `values` holds the canonical fields (with "id"), `extra` the extra
  /// attributes (the first part's are kept), `geometry` is polygonal in the database CRS.
  /// Throws Error(BadValue) naming `context`'s file and layer, the id, the field and both rows when
  /// a canonical value differs from the first part's.
  void add(std::int64_t row, nlohmann::json values, nlohmann::json extra, GeosGeometryPtr geometry, const ErrorContext& context);

  /// Calls `write` for every feature in the order of their first part, the parts unioned (GEOS
  /// unary union: parts that touch lose their common border) into one MultiPolygon.
  void finish(const std::function<void(const nlohmann::json& values, const nlohmann::json& extra, const GEOSGeometry* geometry)>& write);

  /// Records that were parts of a feature with more than one part, and those features.
  std::int64_t mergedParts() const { return m_mergedParts; }
  std::int64_t mergedFeatures() const { return m_mergedFeatures; }

 private:
  struct Feature {
    std::int64_t firstRow = 0;
    nlohmann::json values;
    nlohmann::json extra;
    std::vector<GeosGeometryPtr> parts;
  };
  std::vector<Feature> m_features;
  std::map<std::string, std::size_t> m_indexById;
  std::int64_t m_mergedParts = 0;
  std::int64_t m_mergedFeatures = 0;
};

}  // namespace landbank::importing
