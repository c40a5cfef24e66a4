#include "import/place_checks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>

#include "detail/gdal.h"
#include "landbank/error.h"

namespace landbank {

namespace {

std::string formatCoordinate(double value) {
  char text[48];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

// PROJ's search for the operations between two CRSs (proj_create_operations over proj.db) costs some
// 30 ms each time; every layer's import asked it twice for the same source CRS (the plausibility
// test and the per-feature place check), a third of `init --sample` (perf, docs/benchmarks.md). The
// transform found is kept per source CRS (its WKT) for the life of the process, and each caller gets
// a clone. The map is never destroyed: PROJ's per-thread contexts may be gone at exit before it.
std::unique_ptr<OGRCoordinateTransformation> transformToLonLat(const OGRSpatialReference& source) {
  OGRSpatialReference from(source);
  from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::string key;
  {
    char* wkt = nullptr;
    const char* const options[] = {"FORMAT=WKT2_2019", nullptr};
    if (from.exportToWkt(&wkt, options) == OGRERR_NONE && wkt) key = wkt;
    CPLFree(wkt);
  }
  static std::mutex mutex;
  static auto& found = *new std::map<std::string, std::unique_ptr<OGRCoordinateTransformation>>();
  std::lock_guard lock(mutex);
  if (!key.empty())
    if (auto it = found.find(key); it != found.end())
      return std::unique_ptr<OGRCoordinateTransformation>(it->second ? it->second->Clone() : nullptr);
  OGRSpatialReference lonLat;
  lonLat.SetFromUserInput("EPSG:4326");
  lonLat.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  GdalErrorCapture quiet;  // a failure is reported by the caller in its own words
  std::unique_ptr<OGRCoordinateTransformation> transform(OGRCreateCoordinateTransformation(&from, &lonLat));
  if (key.empty()) return transform;
  if (found.size() > 64) found.clear();  // a bound, not a policy: imports use a handful of CRSs
  std::unique_ptr<OGRCoordinateTransformation>& kept = found[key];
  kept = std::move(transform);
  return std::unique_ptr<OGRCoordinateTransformation>(kept ? kept->Clone() : nullptr);
}

std::optional<CrsAreaOfUse> areaOfUse(const OGRSpatialReference& crs) {
  CrsAreaOfUse area;
  const char* name = nullptr;
  if (!crs.GetAreaOfUse(&area.westLon, &area.southLat, &area.eastLon, &area.northLat, &name)) return std::nullopt;
  if (name) area.name = name;
  return area;
}

bool looksLikeDegrees(double x, double y) { return std::fabs(x) <= 180 && std::fabs(y) <= 90; }

std::string crsKindText(const OGRSpatialReference& crs, Language language) {
  const bool chinese = language == Language::Chinese;
  if (crs.IsGeographic()) return chinese ? "地理坐标系（度）" : "geographic (degrees)";
  const char* unit = nullptr;
  crs.GetLinearUnits(&unit);
  const std::string unitName = unit ? unit : "metre";
  return chinese ? (unitName == "metre" ? std::string("投影坐标系（米）") : "投影坐标系（" + unitName + "）") : "projected (" + unitName + ")";
}

}  // namespace

std::vector<std::pair<double, double>> sampleFeatureCentres(OGRLayer& layer, int maxFeatures) {
  std::vector<std::pair<double, double>> centres;
  GdalErrorCapture quiet;  // read errors are reported by the import's own pass
  layer.ResetReading();
  int seen = 0;
  while (seen < maxFeatures) {
    std::unique_ptr<OGRFeature> feature(layer.GetNextFeature());
    if (!feature) break;
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry || geometry->IsEmpty()) continue;
    ++seen;
    OGREnvelope envelope;
    geometry->getEnvelope(&envelope);
    const double x = (envelope.MinX + envelope.MaxX) / 2, y = (envelope.MinY + envelope.MaxY) / 2;
    if (std::isfinite(x) && std::isfinite(y)) centres.emplace_back(x, y);
  }
  layer.ResetReading();
  return centres;
}

void checkSourceCrsPlausible(const OGRSpatialReference& crs, const std::string& crsName,
                             const std::vector<std::pair<double, double>>& sample, const std::string& file) {
  if (sample.empty()) return;
  const std::string forceHint = "; if the CRS is right after all, pass --force-crs";
  const std::string forceHintZh = "；如果确认坐标系无误，请加 --force-crs";
  const auto [firstX, firstY] = sample.front();
  const std::string firstText = "(" + formatCoordinate(firstX) + ", " + formatCoordinate(firstY) + ")";
  const bool allDegrees = std::all_of(sample.begin(), sample.end(), [](const auto& p) { return looksLikeDegrees(p.first, p.second); });
  const bool noneDegrees = std::none_of(sample.begin(), sample.end(), [](const auto& p) { return looksLikeDegrees(p.first, p.second); });
  if (crs.IsProjected() && allDegrees)
    throw Error(ErrorCode::Crs,
                Message{"坐标看起来是以度为单位的经纬度（如 " + firstText + "），但 " + crsName + " 是" + crsKindText(crs, Language::Chinese) +
                            "；请用 --crs EPSG:4326（CGCS2000 经纬度用 EPSG:4490）" + forceHintZh,
                        "the coordinates look like longitude/latitude in degrees (e.g. " + firstText + ") but " + crsName + " is " +
                            crsKindText(crs, Language::English) + "; pass --crs EPSG:4326 (or EPSG:4490 for CGCS2000 lon/lat)" + forceHint},
                {.file = file});
  if (crs.IsGeographic() && noneDegrees) {
    const std::string hint = suggestCrsForCoordinates(firstX, firstY);
    const std::string hintZh = suggestCrsForCoordinates(firstX, firstY, Language::Chinese);
    throw Error(ErrorCode::Crs,
                Message{"坐标不是度（如 " + firstText + "），但 " + crsName + " 是地理坐标系（经纬度）；请用 --crs " +
                            (hintZh.empty() ? "EPSG:NNNN" : hintZh) + forceHintZh,
                        "the coordinates are not degrees (e.g. " + firstText + ") but " + crsName +
                            " is geographic (longitude/latitude); pass --crs " + (hint.empty() ? "EPSG:NNNN" : hint) + forceHint},
                {.file = file});
  }
  const std::optional<CrsAreaOfUse> area = areaOfUse(crs);
  if (!area) return;
  const std::unique_ptr<OGRCoordinateTransformation> toLonLat = crs.IsGeographic() ? nullptr : transformToLonLat(crs);
  if (!crs.IsGeographic() && !toLonLat) return;  // nothing to judge with; per-feature checks still run
  std::optional<LonLat> firstPlace;
  for (auto [x, y] : sample) {
    if (toLonLat) {
      GdalErrorCapture quiet;
      if (!toLonLat->Transform(1, &x, &y)) continue;
    }
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    const LonLat place = LonLat::fromDegrees(x, y);
    if (area->contains(place, 1.0)) return;  // at least some features lie where the CRS is meant for
    if (!firstPlace) firstPlace = place;
  }
  if (!firstPlace)
    throw Error(ErrorCode::Crs,
                Message{"坐标（如 " + firstText + "）在 " + crsName + " 中对应不到地球上的任何地点（超出其有效范围）：坐标系与数据不符，或坐标已损坏；请用 --crs 指定正确的坐标系" +
                            forceHintZh,
                        "the coordinates (e.g. " + firstText + ") map to no place on Earth in " + crsName +
                            " (beyond its valid range): the CRS does not fit the data, or the coordinates are broken; pass the right --crs" +
                            forceHint},
                {.file = file});
  throw Error(ErrorCode::Crs,
              Message{"坐标（如 " + firstText + "）在 " + crsName + " 中位于经度 " + formatCoordinate(firstPlace->lon) + "、纬度 " +
                          formatCoordinate(firstPlace->lat) + "，超出其适用范围 " + area->describe(Language::Chinese) +
                          "：坐标系与数据不符；请用 --crs 指定正确的坐标系" + forceHintZh,
                      "the coordinates (e.g. " + firstText + ") lie at lon " + formatCoordinate(firstPlace->lon) + ", lat " +
                          formatCoordinate(firstPlace->lat) + " in " + crsName + ", outside its area of use " + area->describe() +
                          ": the CRS does not fit the data; pass the right --crs" + forceHint},
              {.file = file});
}

PlaceCheck::PlaceCheck(const OGRSpatialReference& source, const std::string& databaseCrs)
    : m_geographic(source.IsGeographic()), m_databaseArea(crsAreaOfUse(databaseCrs)) {
  if (!m_geographic) m_toLonLat = transformToLonLat(source);
}

PlaceCheck::~PlaceCheck() = default;

void PlaceCheck::check(const OGREnvelope& envelope) {
  double xs[4] = {envelope.MinX, envelope.MaxX, envelope.MinX, envelope.MaxX};
  double ys[4] = {envelope.MinY, envelope.MinY, envelope.MaxY, envelope.MaxY};
  const std::string corner = "(" + formatCoordinate(envelope.MinX) + ", " + formatCoordinate(envelope.MinY) + ") .. (" +
                             formatCoordinate(envelope.MaxX) + ", " + formatCoordinate(envelope.MaxY) + ")";
  if (m_geographic) {
    for (int i = 0; i < 4; ++i)
      if (!looksLikeDegrees(xs[i], ys[i]))
        throw Error(ErrorCode::InvalidGeometry,
                    Message{"坐标 " + corner + " 超出经度 ±180 / 纬度 ±90：地球上没有这样的地点",
                            "coordinates " + corner + " are beyond longitude ±180 / latitude ±90: no place on Earth has them"});
  } else {
    for (int i = 0; i < 4; ++i)
      if (std::fabs(xs[i]) > kMaxProjectedMetres || std::fabs(ys[i]) > kMaxProjectedMetres)
        throw Error(ErrorCode::InvalidGeometry,
                    Message{"坐标 " + corner + " 超出投影坐标的有效范围（|x|、|y| <= 1e8 米）：地球上没有这样的地点",
                            "coordinates " + corner + " are beyond the valid range of a projection (|x|, |y| <= 1e8 m): no place on Earth has them"});
    if (!m_toLonLat) return;
    int success[4] = {0, 0, 0, 0};
    GdalErrorCapture quiet;
    m_toLonLat->Transform(4, xs, ys, nullptr, success);
    for (int i = 0; i < 4; ++i)
      if (!success[i] || !std::isfinite(xs[i]) || !std::isfinite(ys[i]) || !looksLikeDegrees(xs[i], ys[i]))
        throw Error(ErrorCode::InvalidGeometry,
                    Message{"坐标 " + corner + " 超出数据源坐标系的有效范围：换算不出经纬度",
                            "coordinates " + corner + " are beyond the valid range of the source CRS: they map to no longitude/latitude"});
  }
  if (!m_databaseArea) return;
  for (int i = 0; i < 4; ++i)
    if (!m_databaseArea->contains(LonLat::fromDegrees(xs[i], ys[i]))) {
      ++m_outside;
      return;
    }
}

}  // namespace landbank
