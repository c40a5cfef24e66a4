#pragma once
// Coordinate transformation through PROJ, always in traditional GIS axis order
// (x = easting or longitude), whatever the EPSG definition says (EPSG:4490 and 4549 are
// defined northing/easting). Each transform owns its own PROJ context: not shared between threads.

#include <memory>
#include <optional>
#include <string>

#include "landbank/geo.h"
#include "landbank/language.h"

namespace landbank {

/// A PROJ transformation between two CRSs named as PROJ understands them ("EPSG:4549", WKT, PROJ strings).
/// Move-only. Throws Error(Crs) when either CRS is unknown.
class CrsTransform {
 public:
  CrsTransform(const std::string& sourceCrs, const std::string& targetCrs);
  ~CrsTransform();
  CrsTransform(CrsTransform&&) noexcept;
  CrsTransform& operator=(CrsTransform&&) noexcept;
  CrsTransform(const CrsTransform&) = delete;
  CrsTransform& operator=(const CrsTransform&) = delete;

  /// Transforms one point given as (x, y) in traditional order; throws Error(Crs) when PROJ fails
  /// (e.g. a point outside the CRS's domain).
  void transform(double& x, double& y) const;

  /// Transforms with the inverse direction.
  void transformInverse(double& x, double& y) const;

  /// True when the source CRS is geographic (its coordinates are degrees).
  bool sourceIsGeographic() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// Converts between the database CRS (projected metres) and WGS84 lon/lat (EPSG:4326).
class ProjectedToLonLat {
 public:
  explicit ProjectedToLonLat(const std::string& databaseCrs);
  LonLat toLonLat(EastingNorthing point) const;
  EastingNorthing toProjected(LonLat point) const;

 private:
  CrsTransform m_transform;
};

/// Where a CRS is meant to be used (EPSG "area of use"), in WGS84 degrees. Outside it a projection
/// distorts areas and distances (a 3-degree Gauss-Kruger zone: +19% in area 35 degrees off its
/// meridian). `west > east` when the area crosses the antimeridian.
struct CrsAreaOfUse {
  double westLon = -180, southLat = -90, eastLon = 180, northLat = 90;
  std::string name;  ///< EPSG's description, e.g. "China - 118°30'E to 121°30'E"

  /// True when (lon, lat) lies inside, grown by `marginDegrees` on every side.
  bool contains(LonLat point, double marginDegrees = 0) const;
  /// "China - 118°30'E to 121°30'E (lon 118.5..121.5, lat 24.1..53.3)".
  std::string describe(Language language = Language::English) const;
};

/// The area of use PROJ knows for `crs` (any text PROJ accepts); std::nullopt when it has none.
std::optional<CrsAreaOfUse> crsAreaOfUse(const std::string& crs);

/// Normalises user CRS text ("4549", "epsg:4549", "EPSG:4549", "CGCS2000 ...") to "EPSG:NNNN" when it
/// is a bare or prefixed EPSG code; returns other text unchanged. Throws Error(Crs) if PROJ cannot use it.
std::string normaliseCrsName(const std::string& text);

/// A CRS a person typed for `option` (e.g. "--crs"): AUTHORITY:CODE ("EPSG:4549", "ESRI:102025"), a
/// bare EPSG number, a PROJ string ("+proj=...") or WKT, normalised as normaliseCrsName() does. PROJ
/// resolves any other word by fuzzy name search ("foo" becomes Amersfoort), so names are refused.
/// Throws Error(Usage) naming the option and the value when the text is not of those forms or PROJ
/// does not know it. The one check of every command's --crs.
std::string checkedCrsOption(const std::string& option, const std::string& text);

/// For coordinates with no CRS: a hint that names the likely CRS from the magnitude of x
/// (8-digit eastings with a 3-degree zone prefix such as 40xxxxxx -> EPSG:4528; 6-digit eastings ->
/// EPSG:4549 for Qingdao). Empty when no guess makes sense. Used only in error messages: never applied.
std::string suggestCrsForCoordinates(double x, double y, Language language = Language::English);

}  // namespace landbank
