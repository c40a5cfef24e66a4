#pragma once
// Which subdistrict a feature lies in, from the boundaries layer: the subdistrict with the largest
// overlap for polygons, the one that contains (or first touches) a point or line. Used when a layer
// is imported (each new row at insert) and when the boundaries change (every derived row again).
// Engine-internal.

#include <optional>
#include <string>
#include <vector>

#include "detail/geos.h"

namespace landbank {

class SqliteDatabase;

class SubdistrictLocator {
 public:
  /// Reads and prepares the subdistrict boundaries (level 'subdistrict') of `db`.
  explicit SubdistrictLocator(SqliteDatabase& db);

  /// The subdistrict name for `geometry` (database CRS), or nullopt outside every subdistrict.
  std::optional<std::string> locate(const GEOSGeometry* geometry) const;

 private:
  struct Subdistrict {
    std::string name;
    GeosGeometryPtr geometry;
    GeosPreparedPtr prepared;
    double minX, minY, maxX, maxY;
  };
  std::vector<Subdistrict> m_subdistricts;
};

}  // namespace landbank
