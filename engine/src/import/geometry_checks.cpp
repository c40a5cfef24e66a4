#include "import/geometry_checks.h"

#include <ogr_api.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "detail/gdal.h"
#include "landbank/error.h"

namespace landbank::importing {

namespace {

bool allCoordinatesFinite(const OGRGeometry& geometry) {
  switch (wkbFlatten(geometry.getGeometryType())) {
    case wkbPoint: {
      const auto& point = *geometry.toPoint();
      return point.IsEmpty() || (std::isfinite(point.getX()) && std::isfinite(point.getY()));
    }
    case wkbLineString:
    case wkbLinearRing: {
      const auto& line = *geometry.toLineString();
      for (int i = 0; i < line.getNumPoints(); ++i)
        if (!std::isfinite(line.getX(i)) || !std::isfinite(line.getY(i))) return false;
      return true;
    }
    case wkbPolygon: {
      for (const OGRLinearRing* ring : *geometry.toPolygon())
        if (!allCoordinatesFinite(*ring)) return false;
      return true;
    }
    default:
      if (OGR_GT_IsSubClassOf(geometry.getGeometryType(), wkbGeometryCollection)) {
        for (const OGRGeometry* part : *geometry.toGeometryCollection())
          if (!allCoordinatesFinite(*part)) return false;
      }
      return true;
  }
}

// An unclosed ring is an error in every format; GEOS would only say "IllegalArgumentException".
bool hasUnclosedRing(const OGRGeometry& geometry) {
  const auto type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbPolygon) {
    for (const OGRLinearRing* ring : *geometry.toPolygon()) {
      const int n = ring->getNumPoints();
      if (n > 0 && (ring->getX(0) != ring->getX(n - 1) || ring->getY(0) != ring->getY(n - 1))) return true;
    }
    return false;
  }
  if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
    for (const OGRGeometry* part : *geometry.toGeometryCollection())
      if (hasUnclosedRing(*part)) return true;
  }
  return false;
}

bool hasShortRing(const OGRGeometry& geometry) {
  const auto type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbPolygon) {
    for (const OGRLinearRing* ring : *geometry.toPolygon())
      if (ring->getNumPoints() > 0 && ring->getNumPoints() < 4) return true;
    return false;
  }
  if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
    for (const OGRGeometry* part : *geometry.toGeometryCollection())
      if (hasShortRing(*part)) return true;
  }
  return false;
}

GeosGeometryPtr singlePointOf(GeosGeometryPtr geometry) {
  GEOSContextHandle_t context = geosContext();
  if (GEOSGeomTypeId_r(context, geometry.get()) == GEOS_MULTIPOINT && GEOSGetNumGeometries_r(context, geometry.get()) == 1)
    return cloneGeometry(GEOSGetGeometryN_r(context, geometry.get(), 0));
  return geometry;
}

bool isPolygon(const GEOSGeometry* g) {
  const int type = GEOSGeomTypeId_r(geosContext(), g);
  return type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON;
}

bool isClosedRing(const OGRLineString& line) {
  const int n = line.getNumPoints();
  return n >= 4 && line.getX(0) == line.getX(n - 1) && line.getY(0) == line.getY(n - 1);
}

std::unique_ptr<OGRGeometry> closedLinesAsPolygons(std::unique_ptr<OGRGeometry> geometry) {
  const auto type = wkbFlatten(geometry->getGeometryType());
  auto polygonOf = [](const OGRLineString& line) {
    auto polygon = std::make_unique<OGRPolygon>();
    auto ring = std::make_unique<OGRLinearRing>();
    ring->addSubLineString(&line);
    polygon->addRingDirectly(ring.release());
    return polygon;
  };
  if (type == wkbLineString && isClosedRing(*geometry->toLineString())) return polygonOf(*geometry->toLineString());
  if (type == wkbMultiLineString) {
    const OGRMultiLineString& lines = *geometry->toMultiLineString();
    for (const OGRLineString* line : lines)
      if (!isClosedRing(*line)) return geometry;
    auto polygons = std::make_unique<OGRMultiPolygon>();
    for (const OGRLineString* line : lines) polygons->addGeometryDirectly(polygonOf(*line).release());
    return polygons;
  }
  return geometry;
}

}  // namespace

GeosGeometryPtr polygonalParts(const GEOSGeometry* geometry) {
  GEOSContextHandle_t context = geosContext();
  std::vector<GEOSGeometry*> polygons;
  auto collect = [&](auto&& self, const GEOSGeometry* g) -> void {
    const int type = GEOSGeomTypeId_r(context, g);
    if (type == GEOS_POLYGON) {
      if (!GEOSisEmpty_r(context, g)) polygons.push_back(GEOSGeom_clone_r(context, g));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
      for (int i = 0; i < GEOSGetNumGeometries_r(context, g); ++i) self(self, GEOSGetGeometryN_r(context, g, i));
    }
  };
  collect(collect, geometry);
  return takeGeometry(GEOSGeom_createCollection_r(context, GEOS_MULTIPOLYGON, polygons.data(),
                                                  static_cast<unsigned>(polygons.size())),
                      "collect polygons");
}

GeometryConverter::GeometryConverter(const LayerSpec& spec, const std::optional<SourceCrs>& sourceCrs,
                                   const std::string& databaseCrs, InvalidGeometryPolicy policy)
    : m_spec(spec), m_policy(policy) {
  if (!sourceCrs) return;
  m_places = std::make_unique<PlaceCheck>(sourceCrs->reference, databaseCrs);
  m_target.SetFromUserInput(databaseCrs.c_str());
  m_target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (!sourceCrs->reference.IsSame(&m_target)) {
    m_transform.reset(OGRCreateCoordinateTransformation(&sourceCrs->reference, &m_target));
    if (!m_transform)
      throw Error(ErrorCode::Crs, Message{"无法从 " + sourceCrs->name + " 转换到 " + databaseCrs, "cannot transform from " + sourceCrs->name + " to " + databaseCrs});
  }
}

GeometryConverter::~GeometryConverter() = default;

ConvertedGeometry GeometryConverter::convert(const OGRGeometry* source, const std::string& featureId) {
  ConvertedGeometry result;
  if (!source) {
    if (m_spec.geometry == GeometryKind::OptionalPoint) return result;
    throw Error(ErrorCode::InvalidGeometry, Message{"该要素没有几何图形" + m_missingGeometryHint.zh, "the feature has no geometry" + m_missingGeometryHint.en});
  }
  std::unique_ptr<OGRGeometry> geometry(source->clone());
  if (geometry->IsEmpty()) {
    if (m_spec.geometry == GeometryKind::OptionalPoint) return result;
    throw Error(ErrorCode::InvalidGeometry, Message{"几何图形为空", "empty geometry"});
  }
  if (geometry->hasCurveGeometry()) geometry.reset(geometry->getLinearGeometry());
  if (m_closedLinesArePolygons && m_spec.geometry == GeometryKind::Polygonal) geometry = closedLinesAsPolygons(std::move(geometry));
  geometry->flattenTo2D();  // Z and M are not used: heights are attributes
  geometry->setMeasured(FALSE);
  if (!allCoordinatesFinite(*geometry)) throw Error(ErrorCode::InvalidGeometry, Message{"有坐标是 NaN 或无穷大", "a coordinate is NaN or infinite"});
  if (hasUnclosedRing(*geometry)) throw Error(ErrorCode::InvalidGeometry, Message{"环未闭合（首尾两点不同）", "unclosed ring (first and last points differ)"});
  if (hasShortRing(*geometry)) throw Error(ErrorCode::InvalidGeometry, Message{"有环少于 4 个点", "a ring has fewer than 4 points"});
  if (m_places) {
    OGREnvelope envelope;
    geometry->getEnvelope(&envelope);
    m_places->check(envelope);
  }
  if (m_transform) {
    GdalErrorCapture quiet;  // the failure is ours to word; it must not count as a read error
    if (geometry->transform(m_transform.get()) != OGRERR_NONE)
      throw Error(ErrorCode::Crs, Message{"坐标无法转换到数据库坐标系（是否超出了数据源坐标系的范围？）",
                                          "coordinates cannot be transformed to the database CRS (outside the source CRS's area?)"});
  }
  {
    OGREnvelope projected;
    geometry->getEnvelope(&projected);
    if (!std::isfinite(projected.MinX) || !std::isfinite(projected.MaxX) || !std::isfinite(projected.MinY) ||
        !std::isfinite(projected.MaxY) || std::fabs(projected.MinX) > kMaxProjectedMetres ||
        std::fabs(projected.MaxX) > kMaxProjectedMetres || std::fabs(projected.MinY) > kMaxProjectedMetres ||
        std::fabs(projected.MaxY) > kMaxProjectedMetres)
      throw Error(ErrorCode::InvalidGeometry,
                  Message{"坐标超出数据库坐标系的有效范围（|x|、|y| <= 1e8 米）：地球上没有这样的地点",
                          "coordinates beyond the valid range of the database CRS (|x|, |y| <= 1e8 m): no place on Earth has them"});
  }
  checkKind(*geometry);
  std::vector<unsigned char> wkb(static_cast<std::size_t>(geometry->WkbSize()));
  geometry->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
  GeosGeometryPtr geos = geometryFromWkb(wkb.data(), wkb.size());
  GEOSContextHandle_t context = geosContext();
  const char invalid = GEOSisValid_r(context, geos.get());
  if (invalid == 2) throw Error(ErrorCode::InvalidGeometry, Message{"GEOS 无法检查几何有效性：" + lastGeosMessage(), "GEOS cannot test validity: " + lastGeosMessage()});
  if (invalid == 0) {
    char* reasonText = GEOSisValidReason_r(context, geos.get());
    const std::string reason = reasonText ? reasonText : "invalid";
    GEOSFree_r(context, reasonText);
    if (m_policy == InvalidGeometryPolicy::Refuse)
      throw Error(ErrorCode::InvalidGeometry,
                  Message{"几何无效：" + reason + inSourceCoordinates(reason, Language::Chinese) + "（可加 --repair 用 GEOS make-valid 修复）",
                          "invalid geometry: " + reason + inSourceCoordinates(reason, Language::English) + " (use --repair to fix it with GEOS make-valid)"});
    const double areaBefore = geometryArea(geos.get());
    geos = repair(geos.get(), reason);
    result.repaired = true;
    const double areaAfter = geometryArea(geos.get());
    if (m_spec.geometry == GeometryKind::Polygonal || isPolygon(geos.get())) {
      const double change = std::fabs(areaAfter - areaBefore) / std::max(areaBefore, 1e-9);
      if (change > 0.01) result.largeRepair = RepairReport{featureId, areaBefore, areaAfter, reason};
    }
  }
  if (m_spec.geometry == GeometryKind::Polygonal) {
    geos = polygonalParts(geos.get());
    const double area = geometryArea(geos.get());
    if (GEOSisEmpty_r(context, geos.get()) || !(area > 0)) throw Error(ErrorCode::InvalidGeometry, Message{"多边形面积为零", "the polygon has no area"});
    if (!std::isfinite(area)) throw Error(ErrorCode::InvalidGeometry, Message{"多边形面积不是有限值", "the polygon's area is not finite"});
  } else if (m_spec.geometry == GeometryKind::OptionalPoint || m_spec.geometry == GeometryKind::PointOrPolygon || m_spec.geometry == GeometryKind::Point) {
    geos = singlePointOf(std::move(geos));
  }
  result.geometry = std::move(geos);
  return result;
}

// GEOS names the spot in database coordinates ("Self-intersection[527050 4018050]"); the planner
// looks for it in the source file, so the same spot in the source CRS is added when they differ.
std::string GeometryConverter::inSourceCoordinates(const std::string& reason, Language language) const {
  if (!m_transform) return {};
  const auto open = reason.find('['), close = reason.find(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return {};
  double x = 0, y = 0;
  if (std::sscanf(reason.c_str() + open + 1, "%lf %lf", &x, &y) != 2) return {};
  std::unique_ptr<OGRCoordinateTransformation> back(m_transform->GetInverse());
  GdalErrorCapture quiet;
  if (!back || !back->Transform(1, &x, &y)) return {};
  char text[96];
  if (language == Language::Chinese) std::snprintf(text, sizeof text, "（数据库坐标系；在数据源坐标系中为 %.9g %.9g）", x, y);
  else std::snprintf(text, sizeof text, " (database CRS; %.9g %.9g in the source's CRS)", x, y);
  return text;
}

void GeometryConverter::checkKind(const OGRGeometry& geometry) const {
  const auto type = wkbFlatten(geometry.getGeometryType());
  const bool polygon = type == wkbPolygon || type == wkbMultiPolygon;
  const bool point = type == wkbPoint || (type == wkbMultiPoint && geometry.toMultiPoint()->getNumGeometries() == 1);
  const bool line = type == wkbLineString || type == wkbMultiLineString;
  bool ok = false;
  const char* expected = "";
  const char* expectedZh = "";
  switch (m_spec.geometry) {
    case GeometryKind::Polygonal: ok = polygon; expected = "Polygon or MultiPolygon"; expectedZh = "面（Polygon 或 MultiPolygon）"; break;
    case GeometryKind::PointOrPolygon: ok = point || polygon; expected = "Point or Polygon"; expectedZh = "点或面（Point 或 Polygon）"; break;
    case GeometryKind::PointOrLine: ok = point || line; expected = "Point or LineString"; expectedZh = "点或线（Point 或 LineString）"; break;
    case GeometryKind::OptionalPoint: ok = point; expected = "Point (or no geometry)"; expectedZh = "点（Point，或无几何）"; break;
    case GeometryKind::Line: ok = line; expected = "LineString or MultiLineString"; expectedZh = "线（LineString 或 MultiLineString）"; break;
    case GeometryKind::LineOrPolygon: ok = line || polygon; expected = "LineString or Polygon"; expectedZh = "线或面（LineString 或 Polygon）"; break;
    case GeometryKind::Point: ok = point; expected = "Point"; expectedZh = "点（Point）"; break;
  }
  if (!ok) {
    const std::string typeName = OGRGeometryTypeToName(geometry.getGeometryType());
    const bool openPolyline = m_closedLinesArePolygons && line;
    throw Error(ErrorCode::InvalidGeometry,
                Message{"几何类型为 " + typeName + "，而 " + std::string(m_spec.name) + " 需要" + expectedZh +
                            (openPolyline ? "（图纸中的多段线未闭合：请在 CAD 中闭合）" : ""),
                        "geometry is " + typeName + ", " + std::string(m_spec.name) + " need " + expected +
                            (openPolyline ? " (an open polyline in the drawing: close it in CAD)" : "")});
  }
}

GeosGeometryPtr GeometryConverter::repair(const GEOSGeometry* geometry, const std::string& reason) const {
  GEOSContextHandle_t context = geosContext();
  // The "structure" method (GEOS 3.10+) rebuilds polygons from their rings, the behaviour
  // planners expect for a bow-tie (two triangles) rather than the "linework" method's slivers.
  GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(context);
  GEOSMakeValidParams_setMethod_r(context, params, GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(context, params, 0);
  GEOSGeometry* repaired = GEOSMakeValidWithParams_r(context, geometry, params);
  GEOSMakeValidParams_destroy_r(context, params);
  if (!repaired)
    throw Error(ErrorCode::InvalidGeometry, Message{"几何无效（" + reason + "），且 GEOS make-valid 修复失败", "invalid geometry (" + reason + ") and GEOS make-valid failed"});
  GeosGeometryPtr result(repaired);
  if (GEOSisEmpty_r(context, result.get()))
    throw Error(ErrorCode::InvalidGeometry,
                Message{"几何无效（" + reason + "）；修复后没有剩下有面积的部分", "invalid geometry (" + reason + "); nothing with area remains after repair"});
  return result;
}

}  // namespace landbank::importing
