#include "landbank/coordinate_conversion.h"

#include "detail/proj_library.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "landbank/crs.h"
#include "landbank/error.h"
#include "landbank/gcj02.h"

namespace landbank {

namespace {

constexpr const char* kWgs84 = "EPSG:4326";

std::string lowerWithoutPunctuation(const std::string& text) {
  std::string result;
  for (char c : text)
    if (c != '-' && c != '_' && c != ' ') result += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

CrsPoint throughProj(CrsPoint point, const std::string& fromCrs, const std::string& toCrs) {
  if (fromCrs == toCrs) return point;
  const CrsTransform transform(fromCrs, toCrs);
  transform.transform(point.x, point.y);
  if (!std::isfinite(point.x) || !std::isfinite(point.y))
    throw Error(ErrorCode::Crs, Message{"这个点无法从 " + fromCrs + " 转换到 " + toCrs, "the point cannot be transformed from " + fromCrs + " to " + toCrs});
  return point;
}

}  // namespace

bool isGcj02Name(const std::string& crs) { return lowerWithoutPunctuation(crs) == "gcj02"; }

std::string normaliseConversionCrs(const std::string& crs) {
  if (isGcj02Name(crs)) return "gcj02";
  return normaliseCrsName(crs);
}

bool isGeographicCrs(const std::string& crs) {
  if (isGcj02Name(crs)) return true;
  PJ_CONTEXT* context = projLibrary().context_create();
  PJ* object = projLibrary().create(context, normaliseCrsName(crs).c_str());
  bool geographic = false;
  if (object) {
    const PJ_TYPE type = projLibrary().get_type(object);
    geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS || type == PJ_TYPE_GEOGRAPHIC_CRS;
    projLibrary().destroy(object);
  }
  projLibrary().context_destroy(context);
  return geographic;
}

CrsPoint convertCoordinate(CrsPoint point, const std::string& fromCrs, const std::string& toCrs) {
  const std::string from = normaliseConversionCrs(fromCrs);
  const std::string to = normaliseConversionCrs(toCrs);
  if (!std::isfinite(point.x) || !std::isfinite(point.y)) throw Error(ErrorCode::Crs, Message{"这个点的坐标不是有限值", "the point is not finite"});
  if (from == to) return point;
  CrsPoint wgs84 = point;
  if (from == "gcj02") {
    const LonLat converted = gcj02::toWgs84(LonLat{point.x, point.y});
    wgs84 = CrsPoint{converted.lon, converted.lat};
    return to == kWgs84 ? wgs84 : throughProj(wgs84, kWgs84, to);
  }
  if (to != "gcj02") return throughProj(point, from, to);
  wgs84 = throughProj(point, from, kWgs84);
  const LonLat converted = gcj02::fromWgs84(LonLat{wgs84.x, wgs84.y});
  return CrsPoint{converted.lon, converted.lat};
}

}  // namespace landbank
