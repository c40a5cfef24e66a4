#include "subdistrict_locator.h"

#include "detail/sqlite.h"

namespace landbank {

SubdistrictLocator::SubdistrictLocator(SqliteDatabase& db) {
  auto read = db.prepare("SELECT name, AsBinary(geom) FROM boundaries WHERE level = 'subdistrict' ORDER BY id");
  while (read.step()) {
    int size = 0;
    const unsigned char* wkb = read.columnBlobData(1, size);
    Subdistrict s{read.columnText(0), geometryFromWkb(wkb, static_cast<std::size_t>(size)), nullptr, 0, 0, 0, 0};
    s.prepared = prepareGeometry(s.geometry.get());
    geometryEnvelope(s.geometry.get(), s.minX, s.minY, s.maxX, s.maxY);
    m_subdistricts.push_back(std::move(s));
  }
}

std::optional<std::string> SubdistrictLocator::locate(const GEOSGeometry* geometry) const {
  GEOSContextHandle_t context = geosContext();
  double minX = 0, minY = 0, maxX = 0, maxY = 0;
  if (!geometry || !geometryEnvelope(geometry, minX, minY, maxX, maxY)) return std::nullopt;
  const int type = GEOSGeomTypeId_r(context, geometry);
  const bool isPolygonal = type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON;
  const Subdistrict* best = nullptr;
  double bestOverlap = 0;
  for (const Subdistrict& s : m_subdistricts) {
    if (maxX < s.minX || minX > s.maxX || maxY < s.minY || minY > s.maxY) continue;
    if (!isPolygonal) {  // points and lines: the subdistrict that contains or first touches them
      if (GEOSPreparedIntersects_r(context, s.prepared.get(), geometry) == 1) return s.name;
      continue;
    }
    // Largest overlap wins. Full containment is the largest possible: the first containing
    // subdistrict wins, as it would by area. The prepared tests come first because the overlay
    // with a whole subdistrict outline is costly, and most parcels whose box touches a
    // neighbour's box do not touch the neighbour itself (perf: 30% of an import went there).
    if (GEOSPreparedContains_r(context, s.prepared.get(), geometry) == 1) return s.name;
    if (GEOSPreparedIntersects_r(context, s.prepared.get(), geometry) != 1) continue;
    const double overlap = intersectionArea(s.geometry.get(), geometry);
    if (overlap > bestOverlap) {
      bestOverlap = overlap;
      best = &s;
    }
  }
  return best ? std::optional<std::string>(best->name) : std::nullopt;
}

}  // namespace landbank
