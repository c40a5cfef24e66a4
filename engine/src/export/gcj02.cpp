// The GCJ-02 offset as published in the open conversion libraries (e.g. googollee/eviltransform,
// wandergis/coordtransform), which all trace it to the same leaked algorithm: an offset in metres
// from a trigonometric polynomial of (lon - 105, lat - 35), turned into degrees on the Krasovsky 1940
// ellipsoid (a = 6378245 m, e^2 = 0.00669342162296594323).
#include "landbank/gcj02.h"

#include <cmath>
#include <numbers>

namespace landbank::gcj02 {

namespace {

constexpr double kSemiMajorAxisMetres = 6378245.0;
constexpr double kEccentricitySquared = 0.00669342162296594323;
constexpr double kPi = std::numbers::pi;

double offsetLatitude(double x, double y) {
  double value = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  value += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  value += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  value += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return value;
}

double offsetLongitude(double x, double y) {
  double value = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  value += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  value += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  value += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return value;
}

}  // namespace

bool isOutsideChina(LonLat point) {
  return point.lon < 72.004 || point.lon > 137.8347 || point.lat < 0.8293 || point.lat > 55.8271;
}

LonLat fromWgs84(LonLat wgs84) {
  if (isOutsideChina(wgs84)) return wgs84;
  const double x = wgs84.lon - 105.0;
  const double y = wgs84.lat - 35.0;
  const double latitudeRadians = wgs84.lat / 180.0 * kPi;
  const double sine = std::sin(latitudeRadians);
  const double w = 1.0 - kEccentricitySquared * sine * sine;
  const double sqrtW = std::sqrt(w);
  // Metres to degrees: meridian radius of curvature for latitude, parallel radius for longitude.
  const double deltaLat = offsetLatitude(x, y) * 180.0 / ((kSemiMajorAxisMetres * (1.0 - kEccentricitySquared)) / (w * sqrtW) * kPi);
  const double deltaLon = offsetLongitude(x, y) * 180.0 / (kSemiMajorAxisMetres / sqrtW * std::cos(latitudeRadians) * kPi);
  return LonLat{wgs84.lon + deltaLon, wgs84.lat + deltaLat};
}

LonLat toWgs84(LonLat gcj02) {
  // The offset changes slowly (a few metres per kilometre), so x_{k+1} = x_k - (f(x_k) - target)
  // contracts fast: about six iterations reach 1e-9 degrees. Outside China f is the identity and
  // the first step returns the input.
  LonLat estimate = gcj02;
  for (int iteration = 0; iteration < 30; ++iteration) {
    const LonLat forward = fromWgs84(estimate);
    const double errorLon = forward.lon - gcj02.lon;
    const double errorLat = forward.lat - gcj02.lat;
    estimate.lon -= errorLon;
    estimate.lat -= errorLat;
    if (std::abs(errorLon) < 1e-10 && std::abs(errorLat) < 1e-10) break;
  }
  return estimate;
}

}  // namespace landbank::gcj02
