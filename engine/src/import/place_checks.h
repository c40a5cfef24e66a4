#pragma once
// Does a source's CRS fit its coordinates, and where on Earth does each feature lie? An explicit
// --crs or a wrong .prj must not turn lon/lat data into features of 0.0 亩 near 0°N, and coordinates
// no place can have (1e12 m) must not reach the store as infinite areas.

#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "landbank/crs.h"

namespace landbank {

/// Centres of the envelopes of the first `maxFeatures` features with a finite geometry, in the
/// source's coordinates. Leaves the layer's reading reset.
std::vector<std::pair<double, double>> sampleFeatureCentres(OGRLayer& layer, int maxFeatures);

/// Refuses (Error(Crs), naming `file`) a CRS that none of the sampled coordinates fits: every
/// coordinate degree-sized under a projected CRS, none within ±180/±90 under a geographic one, or
/// none within 1 degree of the CRS's area of use. Contradictions are judged on the whole sample,
/// so that one stray feature is left to the per-feature checks.
void checkSourceCrsPlausible(const OGRSpatialReference& crs, const std::string& crsName,
                             const std::vector<std::pair<double, double>>& sample, const std::string& file);

/// Per feature, in the source CRS: refuses coordinates that map to no place and counts features
/// outside the database CRS's area of use (a warning, not an error).
class PlaceCheck {
 public:
  PlaceCheck(const OGRSpatialReference& source, const std::string& databaseCrs);
  ~PlaceCheck();
  PlaceCheck(const PlaceCheck&) = delete;
  PlaceCheck& operator=(const PlaceCheck&) = delete;

  /// Throws Error(InvalidGeometry) when the envelope's corners are not a place on Earth.
  void check(const OGREnvelope& sourceEnvelope);
  std::int64_t outsideCount() const { return m_outside; }
  const std::optional<CrsAreaOfUse>& databaseArea() const { return m_databaseArea; }

 private:
  bool m_geographic = false;
  std::unique_ptr<OGRCoordinateTransformation> m_toLonLat;  // null when the source is lon/lat already
  std::optional<CrsAreaOfUse> m_databaseArea;
  std::int64_t m_outside = 0;
};

/// Largest absolute projected coordinate a real place can have, in metres: the Earth's
/// circumference is 4.0e7 m, and zone-prefixed Gauss-Kruger eastings stay below 4.6e7.
constexpr double kMaxProjectedMetres = 1.0e8;

}  // namespace landbank
