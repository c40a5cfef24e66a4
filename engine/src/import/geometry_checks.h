#pragma once
// The geometry of one source feature on its way into the store: finite coordinates, closed rings
// of at least 4 points, a place on Earth (place_checks.h), the transform to the database CRS, the
// kind the layer takes, GEOS validity (refused, or repaired with make-valid on --repair), polygonal
// parts kept as one MultiPolygon. Closed CAD polylines become polygons here.

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <memory>
#include <optional>
#include <string>

#include "detail/geos.h"
#include "import/place_checks.h"
#include "import/source.h"
#include "landbank/error.h"
#include "landbank/importer.h"
#include "landbank/layers.h"

namespace landbank::importing {

struct ConvertedGeometry {
  GeosGeometryPtr geometry;  ///< in the database CRS; null for a project without a site
  bool repaired = false;
  std::optional<RepairReport> largeRepair;
};

/// Keeps the polygonal parts of a geometry (make-valid can return a collection with lines and
/// points where parts collapsed) as one MultiPolygon.
GeosGeometryPtr polygonalParts(const GEOSGeometry* geometry);

/// Converts the source geometries of one import, feature by feature. Not thread-safe (one GEOS
/// context per thread, one OGR transform).
class GeometryConverter {
 public:
  /// `sourceCrs` null: a table without geometry (projects); throws Error(Crs) when no transform exists.
  GeometryConverter(const LayerSpec& spec, const std::optional<SourceCrs>& sourceCrs, const std::string& databaseCrs,
                    InvalidGeometryPolicy policy);
  ~GeometryConverter();
  GeometryConverter(const GeometryConverter&) = delete;
  GeometryConverter& operator=(const GeometryConverter&) = delete;

  /// Throws Error(InvalidGeometry/Crs) with the problem; the caller adds the feature context.
  ConvertedGeometry convert(const OGRGeometry* source, const std::string& featureId);

  /// The per-feature place check (null without a source CRS): its count of features outside the
  /// database CRS's area of use.
  const PlaceCheck* places() const { return m_places.get(); }
  /// CAD drawings: GDAL 3.6 reads a closed LWPOLYLINE/POLYLINE (closed flag, bulges as arcs) as a
  /// LineString ending where it starts, whatever DXF_CLOSED_LINE_AS_POLYGON says; red lines are
  /// drawn that way, so closed lines become polygons here. Open lines stay lines (and are refused).
  void treatClosedLinesAsPolygons() { m_closedLinesArePolygons = true; }
  /// Appended to "the feature has no geometry": what that means in this format.
  void setMissingGeometryHint(Message hint) { m_missingGeometryHint = std::move(hint); }

 private:
  std::string inSourceCoordinates(const std::string& reason, Language language) const;
  void checkKind(const OGRGeometry& geometry) const;
  GeosGeometryPtr repair(const GEOSGeometry* geometry, const std::string& reason) const;

  const LayerSpec& m_spec;
  InvalidGeometryPolicy m_policy;
  std::unique_ptr<PlaceCheck> m_places;  // null without a source CRS (projects without a site)
  Message m_missingGeometryHint;
  bool m_closedLinesArePolygons = false;
  OGRSpatialReference m_target;
  std::unique_ptr<OGRCoordinateTransformation> m_transform;
};

}  // namespace landbank::importing
