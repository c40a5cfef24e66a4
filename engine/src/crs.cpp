#include "landbank/crs.h"

#include "detail/proj_library.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <regex>

#include "landbank/error.h"
#include "landbank/texts.h"

namespace landbank {

struct CrsTransform::Impl {
  PJ_CONTEXT* context = nullptr;
  PJ* transform = nullptr;
  bool sourceGeographic = false;
  ~Impl() {
    if (transform) projLibrary().destroy(transform);
    if (context) projLibrary().context_destroy(context);
  }
};

namespace {

// PROJ prints its own messages ("proj_create: crs not found") to stderr by default; ours say it in
// one line with the file and feature, so PROJ's contexts stay silent and we read proj_context_errno.
PJ_CONTEXT* quietContext() {
  PJ_CONTEXT* context = projLibrary().context_create();
  projLibrary().log_func(context, nullptr, [](void*, int, const char*) {});
  projLibrary().context_set_enable_network(context, 0);
  return context;
}

std::string projError(PJ_CONTEXT* context) {
  const int code = projLibrary().context_errno(context);
  const char* text = code ? projLibrary().context_errno_string(context, code) : nullptr;
  return text ? text : "unknown PROJ error";
}

bool isGeographic(PJ_CONTEXT* context, const std::string& definition) {
  PJ* crs = projLibrary().create(context, definition.c_str());
  if (!crs) return false;
  const PJ_TYPE type = projLibrary().get_type(crs);
  projLibrary().destroy(crs);
  return type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS || type == PJ_TYPE_GEOGRAPHIC_CRS;
}

}  // namespace

CrsTransform::CrsTransform(const std::string& sourceCrs, const std::string& targetCrs) : m_impl(std::make_unique<Impl>()) {
  m_impl->context = quietContext();
  PJ* raw = projLibrary().create_crs_to_crs(m_impl->context, sourceCrs.c_str(), targetCrs.c_str(), nullptr);
  if (!raw)
    throw Error(ErrorCode::Crs, Message{"无法从 " + sourceCrs + " 转换到 " + targetCrs + "：" + projError(m_impl->context),
                                        "cannot transform from " + sourceCrs + " to " + targetCrs + ": " + projError(m_impl->context)});
  // EPSG:4490/4549/4326 are defined latitude/northing first; we always work easting/longitude first.
  m_impl->transform = projLibrary().normalize_for_visualization(m_impl->context, raw);
  projLibrary().destroy(raw);
  if (!m_impl->transform)
    throw Error(ErrorCode::Crs, Message{"无法规整 " + sourceCrs + " -> " + targetCrs + " 的坐标轴顺序",
                                        "cannot normalise axis order of " + sourceCrs + " -> " + targetCrs});
  m_impl->sourceGeographic = isGeographic(m_impl->context, sourceCrs);
}

CrsTransform::~CrsTransform() = default;
CrsTransform::CrsTransform(CrsTransform&&) noexcept = default;
CrsTransform& CrsTransform::operator=(CrsTransform&&) noexcept = default;

namespace {
void apply(PJ* transform, PJ_DIRECTION direction, double& x, double& y) {
  PJ_COORD in = projLibrary().coord(x, y, 0, 0);
  PJ_COORD out = projLibrary().trans(transform, direction, in);
  if (!std::isfinite(out.xy.x) || !std::isfinite(out.xy.y) || out.xy.x == HUGE_VAL)
    throw Error(ErrorCode::Crs, bilingual("坐标 ({}, {}) 无法转换", "coordinate ({}, {}) cannot be transformed", x, y));
  x = out.xy.x;
  y = out.xy.y;
}
}  // namespace

void CrsTransform::transform(double& x, double& y) const { apply(m_impl->transform, PJ_FWD, x, y); }
void CrsTransform::transformInverse(double& x, double& y) const { apply(m_impl->transform, PJ_INV, x, y); }
bool CrsTransform::sourceIsGeographic() const { return m_impl->sourceGeographic; }

ProjectedToLonLat::ProjectedToLonLat(const std::string& databaseCrs) : m_transform(databaseCrs, "EPSG:4326") {}

LonLat ProjectedToLonLat::toLonLat(EastingNorthing point) const {
  double x = point.easting, y = point.northing;
  m_transform.transform(x, y);
  return LonLat::fromDegrees(x, y);
}

EastingNorthing ProjectedToLonLat::toProjected(LonLat point) const {
  double x = point.lon, y = point.lat;
  m_transform.transformInverse(x, y);
  return EastingNorthing::fromMetres(x, y);
}

bool CrsAreaOfUse::contains(LonLat point, double marginDegrees) const {
  if (point.lat < southLat - marginDegrees || point.lat > northLat + marginDegrees) return false;
  if (westLon <= eastLon) return point.lon >= westLon - marginDegrees && point.lon <= eastLon + marginDegrees;
  return point.lon >= westLon - marginDegrees || point.lon <= eastLon + marginDegrees;  // across the antimeridian
}

std::string CrsAreaOfUse::describe(Language language) const {
  auto degrees = [](double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return std::string(text);
  };
  if (language == Language::Chinese)
    return name + "（经度 " + degrees(westLon) + ".." + degrees(eastLon) + "，纬度 " + degrees(southLat) + ".." + degrees(northLat) + "）";
  return (name.empty() ? std::string() : name + " ") + "(lon " + degrees(westLon) + ".." + degrees(eastLon) + ", lat " +
         degrees(southLat) + ".." + degrees(northLat) + ")";
}

std::optional<CrsAreaOfUse> crsAreaOfUse(const std::string& crs) {
  // Asked once per imported layer for the database CRS: PROJ's answer is kept per text.
  static std::mutex mutex;
  static auto& known = *new std::map<std::string, std::optional<CrsAreaOfUse>>();  // never destroyed (exit order)
  {
    std::lock_guard lock(mutex);
    if (auto it = known.find(crs); it != known.end()) return it->second;
  }
  PJ_CONTEXT* context = quietContext();
  std::optional<CrsAreaOfUse> result;
  if (PJ* object = projLibrary().create(context, crs.c_str())) {
    CrsAreaOfUse area;
    const char* name = nullptr;
    if (projLibrary().get_area_of_use(context, object, &area.westLon, &area.southLat, &area.eastLon, &area.northLat, &name) &&
        area.westLon > -1000) {  // PROJ reports -1000 when the CRS has no area of use
      if (name) area.name = name;
      result = area;
    }
    projLibrary().destroy(object);
  }
  projLibrary().context_destroy(context);
  std::lock_guard lock(mutex);
  if (known.size() > 64) known.clear();
  known[crs] = result;
  return result;
}

std::string normaliseCrsName(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.pop_back();
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front()))) trimmed.erase(trimmed.begin());
  std::string digits = trimmed;
  if (digits.size() > 5 && (digits.rfind("EPSG:", 0) == 0 || digits.rfind("epsg:", 0) == 0)) digits = digits.substr(5);
  const bool allDigits = !digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos;
  const std::string candidate = allDigits ? "EPSG:" + digits : trimmed;
  PJ_CONTEXT* context = quietContext();
  PJ* crs = projLibrary().create(context, candidate.c_str());
  const bool ok = crs != nullptr;
  if (crs) projLibrary().destroy(crs);
  projLibrary().context_destroy(context);
  if (!ok)
    throw Error(ErrorCode::Crs, Message{"未知的坐标参考系（CRS）'" + text + "'（写成 EPSG:NNNN，如 EPSG:4549）",
                                        "unknown CRS '" + text + "' (write it as EPSG:NNNN, e.g. EPSG:4549)"});
  return candidate;
}

std::string checkedCrsOption(const std::string& option, const std::string& text) {
  // Unambiguous forms only: a bare number, AUTHORITY:CODE, a PROJ string, WKT (it has brackets).
  static const std::regex unambiguous(R"(^\s*(\d+|[A-Za-z]+:\w+|\+proj=.*|.*\[.*)\s*$)");
  if (!std::regex_match(text, unambiguous))
    throw Error(ErrorCode::Usage, Message{option + " " + text + "：不是坐标参考系（CRS）；请写成 AUTHORITY:CODE（机构:代码，如 EPSG:4549）、PROJ 字符串或 WKT",
                                          option + " " + text + ": not a CRS; write AUTHORITY:CODE such as EPSG:4549, a PROJ string or WKT"});
  try {
    return normaliseCrsName(text);
  } catch (const Error&) {
    throw Error(ErrorCode::Usage, Message{option + " " + text + "：PROJ 不认识这个坐标参考系（CRS）（可用如 EPSG:4326、EPSG:4549）",
                                          option + " " + text + ": not a CRS PROJ knows (e.g. EPSG:4326, EPSG:4549)"});
  }
}

std::string suggestCrsForCoordinates(double x, double y, Language language) {
  const bool chinese = language == Language::Chinese;
  const double absX = std::fabs(x);
  // 3-degree Gauss-Kruger eastings carry the zone number in front of the 6-digit false-easting
  // value when written "with zone prefix": 40 500 000 is zone 40 (CM 120E). CGCS2000 3-degree
  // zones 25..45 are EPSG:4513..4533; without the prefix, CM 75E..135E are EPSG:4534..4554.
  if (absX >= 1.0e7 && absX < 1.0e8 && y > 1.0e6 && y < 1.0e7) {
    const int zone = static_cast<int>(absX / 1.0e6);
    if (zone >= 25 && zone <= 45)
      return "EPSG:" + std::to_string(4513 + zone - 25) +
             (chinese ? "（CGCS2000 3 度带高斯-克吕格第 " + std::to_string(zone) + " 带，东坐标带带号）"
                      : " (CGCS2000 3-degree Gauss-Kruger zone " + std::to_string(zone) + ", eastings with zone prefix)");
  }
  // Qingdao lies at 35.6-37.1°N: northings 3.9-4.1 million metres in its zone (CM 120E). Other
  // 6-digit eastings are some 3-degree zone without prefix, and the zone cannot be read from them.
  if (absX >= 1.0e5 && absX < 1.0e6 && y >= 3.9e6 && y <= 4.1e6)
    return chinese ? "EPSG:4549（CGCS2000 3 度带高斯-克吕格，中央经线 120°E，青岛，东坐标不带带号）"
                   : "EPSG:4549 (CGCS2000 3-degree Gauss-Kruger CM 120E, Qingdao, eastings without zone prefix)";
  if (absX >= 1.0e5 && absX < 1.0e6 && y > 1.0e6 && y < 1.0e7)
    return chinese ? "某个不带带号的 3 度带高斯-克吕格坐标，但北坐标不在青岛范围：是哪个坐标系？"
                     "（CGCS2000 中央经线 75E..135E 各带为 EPSG:4534..4554）"
                   : "a 3-degree Gauss-Kruger zone without zone prefix, but the northings are not Qingdao's: which CRS? "
                     "(CGCS2000 zones CM 75E..135E are EPSG:4534..4554)";
  return {};
}

}  // namespace landbank
