// The synthetic Chengyang sample. How it is built, and why:
//
// * The district outlines are real (gisdata/qingdao-districts, quantised to ~100 m); everything
//   else is invented but placed where a planner would expect it: industrial parks on the real
//   subdistricts' industrial areas, ecological red lines on the Jiaozhou Bay coast and the eastern
//   hills, basic farmland in the north, the 棘洪滩水库 water-source zones, airport height limits
//   toward 胶东国际机场, and so on.
// * Parcels come from road grids. Each park owns a grid (its own orientation, a slight skew, block
//   sizes of 300-620 m by 220-420 m, roads of 24 m and 40 m); blocks are taken ring by ring around
//   the park's core and cut into strips and lots (mostly quadrilaterals, some slanted cuts,
//   interlocking L-shapes, a few lots with a hole or in two parts). Parcels cannot overlap: blocks of
//   one grid are disjoint, cuts inside a block share their vertices exactly, and each park's blocks
//   stay inside its Voronoi cell minus a margin, so grids of different parks never meet.
// * Everything random comes from std::mt19937_64 through our own uniform/normal transforms, one
//   stream per purpose (derived from the seed with SplitMix64), so the output is the same on every
//   standard library and, e.g., changing the project count leaves the map untouched.
// * For large parcel counts (the benchmark asks for up to 10^6) all lengths shrink by one factor so
//   that the parcels still fit inside the district; the hot path (block-in-outline tests) runs on
//   prepared GEOS geometries and all features are written inside one GDAL transaction.

#include "landbank/sample_generator.h"

#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "detail/geos.h"
#include "landbank/error.h"
#include "sample_context.h"

namespace landbank {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kSquareMetresPerMu = 10000.0 / 15.0;  // 1 亩 = 666.67 m²
constexpr const char* kChengyangName = "城阳区";

// ---------------------------------------------------------------------------------------------
// Randomness

/// SplitMix64 (Steele, Lea, Flood 2014): turns the user's seed and a stream number into
/// well-mixed, independent seeds for the per-purpose generators.
std::uint64_t splitMix64(std::uint64_t value) {
  value += 0x9E3779B97F4A7C15ULL;
  value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
  value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
  return value ^ (value >> 31);
}

/// Random streams, one per purpose, so that changing one layer's options leaves the others alone.
enum class Stream : std::uint64_t {
  Grid = 1, Parcels, ParcelAttributes, Parks, Buildings, Constraints, Facilities, Projects, Extra
};

/// std::mt19937_64 is specified bit for bit by the standard; the std distributions are not, so we
/// use our own transforms (53-bit uniform doubles, Box-Muller normals).
class Rng {
 public:
  Rng(std::uint64_t seed, Stream stream)
      : m_engine(splitMix64(seed ^ splitMix64(static_cast<std::uint64_t>(stream)))) {}

  /// Uniform in [0, 1).
  double uniform() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  /// Uniform integer in [low, high], both included.
  std::int64_t integer(std::int64_t low, std::int64_t high) {
    return low + static_cast<std::int64_t>(uniform() * static_cast<double>(high - low + 1));
  }
  bool chance(double probability) { return uniform() < probability; }
  double normal(double mean, double sd) {
    const double u1 = 1.0 - uniform();  // (0, 1]: log() stays finite
    const double u2 = uniform();
    return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * kPi * u2);
  }
  /// Index drawn with the given (not necessarily normalised) weights.
  std::size_t weighted(const std::vector<double>& weights) {
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    double target = uniform() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (target < weights[i]) return i;
      target -= weights[i];
    }
    return weights.size() - 1;
  }
  template <class T>
  const T& pick(const std::vector<T>& values) {
    return values[static_cast<std::size_t>(integer(0, static_cast<std::int64_t>(values.size()) - 1))];
  }
  /// Rounds to a step (prices to 0.5 万元, ratios to 0.1): values people would actually write.
  // A multiple of `step`. For decimal steps (0.1, 0.05) the count is divided by 1/step rather than
  // multiplied by step, so the value is the double nearest the decimal (23 / 10 = 2.3, where
  // 23 * 0.1 = 2.3000000000000003 would show in JSON and CSV).
  double stepped(double low, double high, double step) {
    const double count = std::round(uniform(low, high) / step);
    return step < 1.0 ? count / std::round(1.0 / step) : count * step;
  }

 private:
  std::mt19937_64 m_engine;
};

// ---------------------------------------------------------------------------------------------
// Coordinates: two types so that lon/lat and easting/northing cannot be mixed up.

/// WGS84 longitude/latitude in degrees (lon first).
struct LonLat {
  double lon;
  double lat;
};

/// EPSG:4549 easting (x) and northing (y) in metres.
struct GkPoint {
  double x;
  double y;
};

double distance(GkPoint a, GkPoint b) { return std::hypot(a.x - b.x, a.y - b.y); }

/// lon/lat (EPSG:4326) -> EPSG:4549, both with the traditional GIS axis order (x = lon / easting).
class Projector {
 public:
  Projector() {
    if (m_lonLat.importFromEPSG(4326) != OGRERR_NONE || m_gaussKruger.importFromEPSG(4549) != OGRERR_NONE)
      throw Error(ErrorCode::Crs, "cannot set up EPSG:4326 or EPSG:4549 (is the PROJ database installed?)");
    m_lonLat.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    m_gaussKruger.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    m_toGaussKruger.reset(OGRCreateCoordinateTransformation(&m_lonLat, &m_gaussKruger));
    if (!m_toGaussKruger) throw Error(ErrorCode::Crs, "cannot create the EPSG:4326 -> EPSG:4549 transformation");
  }

  GkPoint project(LonLat point) const {
    double x = point.lon;
    double y = point.lat;
    if (!m_toGaussKruger->Transform(1, &x, &y))
      throw Error(ErrorCode::Crs, "cannot project " + std::to_string(point.lon) + "," + std::to_string(point.lat));
    return {x, y};
  }

  /// Projects a geometry read in lon/lat in place.
  void project(OGRGeometry& geometry) const {
    if (geometry.transform(m_toGaussKruger.get()) != OGRERR_NONE)
      throw Error(ErrorCode::Crs, "cannot project a district outline to EPSG:4549");
  }

  const OGRSpatialReference& gaussKruger() const { return m_gaussKruger; }

 private:
  OGRSpatialReference m_lonLat;
  OGRSpatialReference m_gaussKruger;
  std::unique_ptr<OGRCoordinateTransformation> m_toGaussKruger;
};

// ---------------------------------------------------------------------------------------------
// OGR geometry helpers (one-off operations: outlines, constraints, parks). OGR runs them on GEOS.

using GeomPtr = OGRGeometryUniquePtr;
using MultiPolygonPtr = std::unique_ptr<OGRMultiPolygon>;

void collectPolygons(const OGRGeometry* geometry, OGRMultiPolygon& out) {
  if (!geometry || geometry->IsEmpty()) return;
  switch (wkbFlatten(geometry->getGeometryType())) {
    case wkbPolygon:
      if (geometry->toPolygon()->get_Area() > 0.01) out.addGeometry(geometry);
      break;
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (const OGRGeometry* part : *geometry->toGeometryCollection()) collectPolygons(part, out);
      break;
    default:
      break;  // points and lines left over by an intersection
  }
}

/// The polygonal part of a geometry as a valid MultiPolygon (possibly empty). GEOS overlay results
/// are valid in practice; MakeValid and then buffer(0) catch the rare exceptions.
MultiPolygonPtr validPolygons(const OGRGeometry* geometry) {
  auto result = std::make_unique<OGRMultiPolygon>();
  collectPolygons(geometry, *result);
  if (result->IsEmpty() || result->IsValid()) return result;
  GeomPtr repaired(result->MakeValid());
  auto again = std::make_unique<OGRMultiPolygon>();
  collectPolygons(repaired.get(), *again);
  if (again->IsEmpty() || again->IsValid()) return again;
  GeomPtr buffered(again->Buffer(0.0));
  auto last = std::make_unique<OGRMultiPolygon>();
  collectPolygons(buffered.get(), *last);
  return last;
}

MultiPolygonPtr intersection(const OGRGeometry& a, const OGRGeometry& b) {
  GeomPtr result(a.Intersection(&b));
  if (!result) throw Error(ErrorCode::Internal, "GEOS intersection failed while building the sample");
  return validPolygons(result.get());
}

MultiPolygonPtr difference(const OGRGeometry& a, const OGRGeometry& b) {
  GeomPtr result(a.Difference(&b));
  if (!result) throw Error(ErrorCode::Internal, "GEOS difference failed while building the sample");
  return validPolygons(result.get());
}

MultiPolygonPtr buffer(const OGRGeometry& geometry, double metres, int quadrantSegments = 8) {
  GeomPtr result(geometry.Buffer(metres, quadrantSegments));
  if (!result) throw Error(ErrorCode::Internal, "GEOS buffer failed while building the sample");
  return validPolygons(result.get());
}

MultiPolygonPtr unionOf(const OGRMultiPolygon& pieces) {
  if (pieces.IsEmpty()) return std::make_unique<OGRMultiPolygon>();
  GeomPtr result(pieces.UnionCascaded());
  if (!result) throw Error(ErrorCode::Internal, "GEOS union failed while building the sample");
  return validPolygons(result.get());
}

std::unique_ptr<OGRPolygon> polygonFrom(const std::vector<GkPoint>& ring) {
  auto linearRing = std::make_unique<OGRLinearRing>();
  linearRing->setNumPoints(static_cast<int>(ring.size()) + 1, FALSE);
  for (std::size_t i = 0; i < ring.size(); ++i) linearRing->setPoint(static_cast<int>(i), ring[i].x, ring[i].y);
  linearRing->setPoint(static_cast<int>(ring.size()), ring.front().x, ring.front().y);
  auto polygon = std::make_unique<OGRPolygon>();
  polygon->addRingDirectly(linearRing.release());
  return polygon;
}

std::unique_ptr<OGRPolygon> disk(GkPoint centre, double radius) {
  OGRPoint point(centre.x, centre.y);
  GeomPtr result(point.Buffer(radius, 16));
  return std::unique_ptr<OGRPolygon>(result.release()->toPolygon());
}

/// A star-shaped, irregular blob (a hill, a farmland patch, a reservoir): radius modulated by three
/// low harmonics with random phases, so it looks drawn rather than computed. Always simple.
std::unique_ptr<OGRPolygon> blob(Rng& rng, GkPoint centre, double radiusX, double radiusY, double rotationRad,
                                 double irregularity) {
  constexpr int kVertices = 48;
  std::array<double, 3> phases{rng.uniform(0, 2 * kPi), rng.uniform(0, 2 * kPi), rng.uniform(0, 2 * kPi)};
  std::array<double, 3> amplitudes{rng.uniform(0.4, 1.0), rng.uniform(0.2, 0.6), rng.uniform(0.1, 0.3)};
  std::vector<GkPoint> ring;
  ring.reserve(kVertices);
  for (int k = 0; k < kVertices; ++k) {
    const double angle = 2 * kPi * k / kVertices;
    double modulation = 0;
    for (int h = 0; h < 3; ++h) modulation += amplitudes[h] * std::sin((h + 2) * angle + phases[h]);
    const double scale = std::max(0.35, 1.0 + irregularity * modulation / 1.9);
    const double u = radiusX * scale * std::cos(angle);
    const double v = radiusY * scale * std::sin(angle);
    ring.push_back({centre.x + u * std::cos(rotationRad) - v * std::sin(rotationRad),
                    centre.y + u * std::sin(rotationRad) + v * std::cos(rotationRad)});
  }
  return polygonFrom(ring);
}

/// A corridor along a polyline given in lon/lat: the line buffered by halfWidth metres.
MultiPolygonPtr corridor(const Projector& projector, const std::vector<LonLat>& line, double halfWidth) {
  OGRLineString lineString;
  for (LonLat vertex : line) {
    const GkPoint p = projector.project(vertex);
    lineString.addPoint(p.x, p.y);
  }
  return buffer(lineString, halfWidth, 4);
}

/// A lon/lat box projected to EPSG:4549 (densified so that its edges follow the projection).
std::unique_ptr<OGRPolygon> lonLatBox(const Projector& projector, LonLat low, LonLat high) {
  std::vector<GkPoint> ring;
  constexpr int kSteps = 8;
  for (int i = 0; i < kSteps; ++i) ring.push_back(projector.project({low.lon + (high.lon - low.lon) * i / kSteps, low.lat}));
  for (int i = 0; i < kSteps; ++i) ring.push_back(projector.project({high.lon, low.lat + (high.lat - low.lat) * i / kSteps}));
  for (int i = 0; i < kSteps; ++i) ring.push_back(projector.project({high.lon - (high.lon - low.lon) * i / kSteps, high.lat}));
  for (int i = 0; i < kSteps; ++i) ring.push_back(projector.project({low.lon, high.lat - (high.lat - low.lat) * i / kSteps}));
  return polygonFrom(ring);
}

/// An OGR geometry as a GEOS geometry (through WKB), for the prepared predicates of the hot path.
GeosGeometryPtr toGeos(const OGRGeometry& geometry) {
  std::vector<unsigned char> wkb(static_cast<std::size_t>(geometry.WkbSize()));
  if (geometry.exportToWkb(wkbNDR, wkb.data()) != OGRERR_NONE)
    throw Error(ErrorCode::Internal, "cannot export a geometry to WKB");
  return geometryFromWkb(wkb.data(), wkb.size());
}

/// A GEOS polygon from an open ring (the closing vertex is added here).
GeosGeometryPtr geosPolygon(const std::vector<GkPoint>& ring) {
  GEOSContextHandle_t context = geosContext();
  GEOSCoordSequence* sequence = GEOSCoordSeq_create_r(context, static_cast<unsigned>(ring.size() + 1), 2);
  for (std::size_t i = 0; i <= ring.size(); ++i) {
    const GkPoint& p = ring[i % ring.size()];
    GEOSCoordSeq_setXY_r(context, sequence, static_cast<unsigned>(i), p.x, p.y);
  }
  GEOSGeometry* shell = GEOSGeom_createLinearRing_r(context, sequence);
  return takeGeometry(GEOSGeom_createPolygon_r(context, shell, nullptr, 0), "polygon");
}

GeosGeometryPtr geosPoint(GkPoint p) {
  return takeGeometry(GEOSGeom_createPointFromXY_r(geosContext(), p.x, p.y), "point");
}

// ---------------------------------------------------------------------------------------------
// The fixed "knowledge" of the sample: subdistricts, parks, land-use profiles, facilities.

/// The eight subdistricts (街道) with seats placed so that their Voronoi cells look like the real
/// ones on this outline. The seats suggested in the brief for 棘洪滩 (36.39) and 上马 lie outside
/// or at the edge of this (older, quantised) outline, so they are moved inward.
struct SubdistrictSeat {
  const char* name;
  LonLat seat;
};
constexpr std::array<SubdistrictSeat, 8> kSubdistricts{{
    {"城阳街道", {120.396, 36.307}},
    {"流亭街道", {120.372, 36.262}},
    {"夏庄街道", {120.440, 36.258}},
    {"惜福镇街道", {120.492, 36.320}},
    {"棘洪滩街道", {120.300, 36.350}},
    {"上马街道", {120.245, 36.312}},
    {"红岛街道", {120.255, 36.235}},
    {"河套街道", {120.185, 36.282}},
}};

enum class LandProfile { Manufacturing, HeavyManufacturing, Logistics, Services, Biomedicine, HighTech };

struct ParkSpec {
  const char* name;
  const char* shortName;  ///< used in building names
  LonLat core;
  double weight;        ///< share of the parcels
  double gridAngleDeg;  ///< orientation of the road grid
  const char* sectors;
  const char* subsectors;
  LandProfile profile;
};

// Cores checked against the outline (all at least ~1.5 km inside); the weights add up to 1.
constexpr std::array<ParkSpec, 14> kParks{{
    {"青岛轨道交通产业示范区", "轨道交通产业园", {120.320, 36.318}, 0.16, 12, "advanced_mfg,emerging,research",
     "rail_transit,machinery,electronics", LandProfile::Manufacturing},
    {"棘洪滩智能装备产业园", "棘洪滩智能装备园", {120.275, 36.343}, 0.10, -8, "advanced_mfg,emerging",
     "intelligent_equipment,machinery,robotics", LandProfile::Manufacturing},
    {"上马新材料产业园", "上马新材料园", {120.222, 36.318}, 0.11, 20, "advanced_mfg,emerging",
     "new_materials,chemicals", LandProfile::HeavyManufacturing},
    {"河套临港物流园", "河套物流园", {120.165, 36.281}, 0.09, 30, "modern_services,district_dev",
     "logistics,cold_chain,cross_border_ecommerce", LandProfile::Logistics},
    {"红岛高新产业园", "红岛高新园", {120.265, 36.247}, 0.09, 5, "emerging,research,hq_economy",
     "electronics,software,artificial_intelligence", LandProfile::HighTech},
    {"流亭临空经济区", "临空经济区", {120.358, 36.262}, 0.10, -15, "modern_services,hq_economy,district_dev",
     "aviation_services,logistics,exhibition", LandProfile::Logistics},
    {"城阳汽车零部件产业园", "汽车零部件园", {120.425, 36.285}, 0.11, 25, "advanced_mfg",
     "automotive,machinery,new_energy_vehicles", LandProfile::Manufacturing},
    {"夏庄生物医药产业园", "夏庄生物医药园", {120.450, 36.243}, 0.08, -5, "biomedicine,research",
     "biomedicine,medical_devices,marine_biology", LandProfile::Biomedicine},
    {"惜福镇电子信息产业园", "惜福镇电子信息园", {120.520, 36.305}, 0.10, 10, "emerging,advanced_mfg",
     "electronics,semiconductors,sensors", LandProfile::HighTech},
    {"城阳总部经济区", "总部经济区", {120.390, 36.303}, 0.06, 0, "hq_economy,modern_services,district_dev",
     "headquarters,finance,business_services", LandProfile::Services},
    {"上马现代农业科技园", "农业科技园", {120.195, 36.300}, 0.05, 18, "research,emerging",
     "agritech,food_processing", LandProfile::Biomedicine},
    {"城阳数字经济产业园", "数字经济园", {120.410, 36.325}, 0.05, -10, "emerging,modern_services",
     "software,data_services", LandProfile::HighTech},
    {"棘洪滩高端装备配套园", "装备配套园", {120.335, 36.290}, 0.05, 8, "advanced_mfg",
     "machinery,rail_transit", LandProfile::HeavyManufacturing},
    {"夏庄健康医疗产业园", "健康医疗园", {120.480, 36.265}, 0.04, -20, "biomedicine,modern_services",
     "medical_devices,health_services", LandProfile::Biomedicine},
}};

struct LandUseWeight {
  const char* code;
  double weight;
};

std::vector<LandUseWeight> landUseWeights(LandProfile profile) {
  switch (profile) {
    case LandProfile::Manufacturing:
      return {{"100101", 0.36}, {"100102", 0.40}, {"100103", 0.06}, {"110101", 0.07}, {"110102", 0.03},
              {"0901", 0.02}, {"0902", 0.02}, {"0802", 0.03}, {"070102", 0.01}};
    case LandProfile::HeavyManufacturing:
      return {{"100101", 0.18}, {"100102", 0.42}, {"100103", 0.26}, {"110101", 0.05}, {"110102", 0.06},
              {"0901", 0.01}, {"0802", 0.02}};
    case LandProfile::Logistics:
      return {{"110101", 0.32}, {"110102", 0.20}, {"100101", 0.20}, {"100102", 0.12}, {"0901", 0.07},
              {"0902", 0.06}, {"070102", 0.03}};
    case LandProfile::Services:
      return {{"0902", 0.34}, {"0901", 0.26}, {"0802", 0.14}, {"100101", 0.14}, {"070102", 0.12}};
    case LandProfile::Biomedicine:
      return {{"100101", 0.50}, {"100102", 0.24}, {"0802", 0.12}, {"110101", 0.06}, {"0901", 0.04},
              {"0902", 0.03}, {"070102", 0.01}};
    case LandProfile::HighTech:
      return {{"100101", 0.52}, {"100102", 0.20}, {"0802", 0.10}, {"0902", 0.08}, {"0901", 0.05},
              {"110101", 0.04}, {"070102", 0.01}};
  }
  return {};
}

/// What a land-use code is called in parcel names ("工业地块").
const char* landUseKind(std::string_view code) {
  if (code.starts_with("1001")) return "工业";
  if (code.starts_with("1101")) return "仓储";
  if (code == "0901") return "商业";
  if (code == "0902") return "商务";
  if (code == "0802") return "科研";
  if (code.starts_with("07")) return "居住";
  return "其他";
}

// Road names for road-based parcel names: east-west roads (rows) and north-south roads (columns).
const std::vector<std::string> kEastWestRoads{
    "正阳路", "长城路", "春阳路", "兴阳路", "文阳路", "明阳路", "华城路", "祥阳路", "和阳路", "锦宏东路",
    "仙山东路", "荟城路", "天河路", "宝城路", "崇阳路", "棘洪滩大道", "上马大道", "红岛路", "河套大道",
    "惜福大道", "夏庄路", "流亭路", "新材料路", "金岭路", "科创路", "智造路", "康宁路", "民城路"};
const std::vector<std::string> kNorthSouthRoads{
    "青威路", "双元路", "204国道", "城子路", "黑龙江中路", "仙山西路", "王沙路", "岙东路", "中城路",
    "前海路", "铁骑山路", "云头崮路", "东方路", "白沙河路", "墨水河路", "书院路", "海港路", "通海路",
    "凤岗路", "惠安路", "银河路", "宏祥路", "新华路", "春城路", "锦绣路", "文庙路"};

// ---------------------------------------------------------------------------------------------
// Parcel geometry: road grids, blocks and lots.

/// Lengths at full scale (metres) and the common factor applied to all of them.
struct SizeModel {
  double linearScale = 1.0;  ///< all lengths are multiplied by this (1 for the bundled sample)
  double areaFactor = 1.0;   ///< world area / local area of a lot (cos of the grid skew)

  double length(double metres) const { return metres * linearScale; }
  double area(double squareMetres) const { return squareMetres * linearScale * linearScale; }
  /// Smallest and largest lot, in local (unskewed) m²: 5 and 300 亩 at full scale.
  double minArea() const { return area(5.0 * kSquareMetresPerMu) / areaFactor; }
  double maxArea() const { return area(300.0 * kSquareMetresPerMu) / areaFactor; }
  double minWidth() const { return length(40.0); }

  /// A target lot size (local m²): most lots are small or medium, a few are very large, roughly
  /// like the supply lists of Qingdao's land reserve.
  double sampleArea(Rng& rng, bool smallLots) const {
    double mu = 0;
    if (smallLots) {
      mu = rng.uniform(5, 16);
    } else {
      const double bucket = rng.uniform();
      if (bucket < 0.50) mu = rng.uniform(5, 30);
      else if (bucket < 0.83) mu = rng.uniform(30, 100);
      else if (bucket < 0.97) mu = rng.uniform(100, 200);
      else mu = rng.uniform(200, 295);
    }
    return area(mu * kSquareMetresPerMu) / areaFactor;
  }
};

/// A point in a block's local frame: u along the grid's first axis, v across, metres from the
/// block's usable south-west corner.
struct Local {
  double u;
  double v;
};
using LocalRing = std::vector<Local>;
using LocalPolygon = std::vector<LocalRing>;  ///< outer ring first, then holes
using LocalParcel = std::vector<LocalPolygon>;  ///< one or more parts

/// Cuts a block (usable width x depth, local metres) into lots. Lots share their cut lines exactly,
/// so they tile the block without overlaps or gaps.
std::vector<LocalParcel> subdivideBlock(Rng& rng, double width, double depth, const SizeModel& size) {
  std::vector<LocalParcel> lots;
  // One or two rows of lots; a shallow front row gives the small 5-15 亩 lots.
  std::vector<std::pair<double, double>> rows;
  const double minDepth = size.length(70);
  if (depth > 3 * minDepth && rng.chance(0.45)) {
    const bool shallow = rng.chance(0.5);
    const double split = shallow ? std::min(size.length(rng.uniform(90, 130)), depth - 2 * minDepth)
                                 : depth * rng.uniform(0.4, 0.6);
    rows = {{0.0, split}, {split, depth}};
  } else {
    rows = {{0.0, depth}};
  }

  for (const auto& [v0, v1] : rows) {
    const double rowDepth = v1 - v0;
    const bool smallLots = rowDepth < size.length(140);
    const double minW = std::max(size.minWidth(), size.minArea() / rowDepth);
    const double maxW = size.maxArea() / rowDepth;
    if (width < minW) continue;
    std::vector<double> cuts{0.0};
    while (true) {
      const double rest = width - cuts.back();
      if (rest < 2 * minW) {
        if (rest <= maxW) {
          cuts.push_back(width);
        } else {  // cannot happen with maxW >= 2 minW, but never emit an oversized lot
          cuts.push_back(cuts.back() + rest / 2);
          cuts.push_back(width);
        }
        break;
      }
      double w = std::clamp(size.sampleArea(rng, smallLots) / rowDepth, minW, maxW);
      if (rest - w < minW) {
        if (rest <= maxW) {  // the rest is one lot; push `width` itself so no float sliver remains
          cuts.push_back(width);
          break;
        }
        w = rest / 2;
      }
      cuts.push_back(cuts.back() + w);
    }
    const std::size_t lotCount = cuts.size() - 1;

    // Interlocking L-shapes take three consecutive strips; decide them first because their inner
    // cuts must stay straight.
    std::vector<bool> lStart(lotCount, false);
    for (std::size_t k = 0; k + 2 < lotCount; ++k) {
      if (rng.chance(0.07)) {
        lStart[k] = true;
        k += 2;
      }
    }
    // Slanted cuts: the top of a cut moves by -delta and the bottom by +delta, which keeps each
    // lot's area equal to width x depth.
    std::vector<double> slant(cuts.size(), 0.0);
    for (std::size_t k = 1; k + 1 < cuts.size(); ++k) {
      if (rng.chance(0.3)) {
        const double neighbour = std::min(cuts[k] - cuts[k - 1], cuts[k + 1] - cuts[k]);
        slant[k] = rng.uniform(-1, 1) * 0.12 * neighbour;
      }
    }
    for (std::size_t k = 0; k + 2 < lotCount; ++k) {
      if (lStart[k]) {
        slant[k + 1] = 0;
        slant[k + 2] = 0;
        k += 2;
      }
    }

    // Copies of the bindings: clang 14 (the fuzz preset's compiler) cannot capture structured bindings.
    auto cutBottom = [&, bottom = v0](std::size_t k) { return Local{cuts[k] + slant[k], bottom}; };
    auto cutTop = [&, top = v1](std::size_t k) { return Local{cuts[k] - slant[k], top}; };

    for (std::size_t k = 0; k < lotCount; ++k) {
      if (lStart[k]) {
        const double middle = v0 + rowDepth * rng.uniform(0.35, 0.65);
        const double u1 = cuts[k + 1];
        const double u2 = cuts[k + 2];
        const double areaA = (cuts[k + 1] - cuts[k]) * rowDepth + (u2 - u1) * (middle - v0);
        const double areaB = (u2 - u1) * (v1 - middle) + (cuts[k + 3] - u2) * rowDepth;
        if (areaA <= size.maxArea() && areaB <= size.maxArea()) {
          lots.push_back({{{cutBottom(k), {u2, v0}, {u2, middle}, {u1, middle}, {u1, v1}, cutTop(k)}}});
          lots.push_back({{{{u1, middle}, {u2, middle}, {u2, v0}, cutBottom(k + 3), cutTop(k + 3), {u1, v1}}}});
          k += 2;
          continue;
        }
      }
      const double lotWidth = cuts[k + 1] - cuts[k];
      const LocalRing quad{cutBottom(k), cutBottom(k + 1), cutTop(k + 1), cutTop(k)};
      const double lotArea = lotWidth * rowDepth;
      const double holeW = 0.25 * lotWidth;
      const double holeD = 0.25 * rowDepth;
      if (rng.chance(0.012) && holeW > size.length(12) && holeD > size.length(12) &&
          lotArea - holeW * holeD >= size.minArea()) {
        // A lot around an existing enclave (a substation, a village well): a hole in the middle.
        // The slant is at most 12% of the width, so the hole stays clear of the outer ring.
        const double cu = 0.5 * (cuts[k] + cuts[k + 1]);
        const double cv = 0.5 * (v0 + v1);
        const LocalRing hole{{cu - holeW / 2, cv - holeD / 2}, {cu - holeW / 2, cv + holeD / 2},
                             {cu + holeW / 2, cv + holeD / 2}, {cu + holeW / 2, cv - holeD / 2}};
        lots.push_back({{quad, hole}});
        continue;
      }
      const double gap = size.length(8);
      if (rng.chance(0.012) && lotWidth > 3 * size.minWidth() && (lotWidth - gap) * rowDepth >= size.minArea()) {
        // One lot in two parts on either side of a drainage ditch.
        const double middle = 0.5 * (cuts[k] + cuts[k + 1]);
        lots.push_back({{{cutBottom(k), {middle - gap / 2, v0}, {middle - gap / 2, v1}, cutTop(k)}},
                        {{{middle + gap / 2, v0}, cutBottom(k + 1), cutTop(k + 1), {middle + gap / 2, v1}}}});
        continue;
      }
      lots.push_back({{quad}});
    }
  }
  return lots;
}

/// One park's road grid: an affine frame (origin at the park's core, axis e1 rotated by the grid
/// angle, axis e2 at 90° minus a small skew) and the positions of the road centre lines.
class RoadGrid {
 public:
  RoadGrid(Rng& rng, GkPoint core, double angleRad, double skewRad, const SizeModel& size, double reachMetres)
      : m_core(core),
        m_e1{std::cos(angleRad), std::sin(angleRad)},
        m_e2{std::cos(angleRad + kPi / 2 - skewRad), std::sin(angleRad + kPi / 2 - skewRad)} {
    const double minBlock = size.length(220);
    m_half = static_cast<int>(std::ceil(reachMetres / minBlock)) + 2;
    m_u = lines(rng, size.length(300), size.length(620));
    m_v = lines(rng, size.length(220), size.length(420));
    m_mainRoad = size.length(40);
    m_minorRoad = size.length(24);
  }

  int half() const { return m_half; }
  GkPoint toWorld(double u, double v) const {
    return {m_core.x + u * m_e1.x + v * m_e2.x, m_core.y + u * m_e1.y + v * m_e2.y};
  }
  double roadWidth(int line) const { return ((line % 3) + 3) % 3 == 0 ? m_mainRoad : m_minorRoad; }
  bool isMainRoad(int line) const { return ((line % 3) + 3) % 3 == 0; }
  /// Centre of road line `line` across the grid (u) or along it (v), in grid coordinates.
  double uLine(int line) const { return m_u[index(line)]; }
  double vLine(int line) const { return m_v[index(line)]; }

  /// Usable rectangle of block (i, j) in grid coordinates: between the road edges.
  struct BlockFrame {
    double u0, u1, v0, v1;
  };
  BlockFrame block(int i, int j, double grow = 0.0) const {
    return {m_u[index(i)] + roadWidth(i) / 2 - grow, m_u[index(i + 1)] - roadWidth(i + 1) / 2 + grow,
            m_v[index(j)] + roadWidth(j) / 2 - grow, m_v[index(j + 1)] - roadWidth(j + 1) / 2 + grow};
  }
  std::vector<GkPoint> corners(const BlockFrame& b) const {
    return {toWorld(b.u0, b.v0), toWorld(b.u1, b.v0), toWorld(b.u1, b.v1), toWorld(b.u0, b.v1)};
  }

 private:
  std::size_t index(int line) const { return static_cast<std::size_t>(line + m_half); }
  /// Road centre lines at -half .. half+1, spaced randomly, with the core inside block 0.
  std::vector<double> lines(Rng& rng, double low, double high) const {
    std::vector<double> positions(static_cast<std::size_t>(2 * m_half + 2));
    positions[static_cast<std::size_t>(m_half)] = -rng.uniform(0.3, 0.7) * rng.uniform(low, high);
    for (int k = 1; k <= m_half + 1; ++k)
      positions[index(k)] = positions[index(k - 1)] + rng.uniform(low, high);
    for (int k = -1; k >= -m_half; --k)
      positions[index(k)] = positions[index(k + 1)] - rng.uniform(low, high);
    return positions;
  }

  GkPoint m_core;
  GkPoint m_e1;
  GkPoint m_e2;
  int m_half = 0;
  std::vector<double> m_u;
  std::vector<double> m_v;
  double m_mainRoad = 40;
  double m_minorRoad = 24;
};

/// Parcels in flat arrays (10^6 parcels would otherwise mean millions of small allocations).
struct ParcelRecord {
  std::uint32_t firstPart;
  std::uint16_t partCount;
  std::uint16_t park;
  std::int32_t ring;  ///< ring of its block around the park's core (0 = core)
  std::int32_t blockI;
  std::int32_t blockJ;
  std::int32_t lotInBlock;
  GkPoint labelPoint;  ///< a point well inside the first part, for the subdistrict of its name
};
struct PartRecord {
  std::uint32_t firstRing;
  std::uint32_t ringCount;
};
struct RingRecord {
  std::uint32_t firstPoint;
  std::uint32_t pointCount;
};

class ParcelStore {
 public:
  void add(const ParcelRecord& base, const std::vector<std::vector<std::vector<GkPoint>>>& parts) {
    ParcelRecord record = base;
    record.firstPart = static_cast<std::uint32_t>(m_parts.size());
    record.partCount = static_cast<std::uint16_t>(parts.size());
    for (const auto& part : parts) {
      m_parts.push_back({static_cast<std::uint32_t>(m_rings.size()), static_cast<std::uint32_t>(part.size())});
      for (const auto& ring : part) {
        m_rings.push_back({static_cast<std::uint32_t>(m_points.size()), static_cast<std::uint32_t>(ring.size())});
        m_points.insert(m_points.end(), ring.begin(), ring.end());
      }
    }
    m_records.push_back(record);
  }
  std::size_t size() const { return m_records.size(); }
  const ParcelRecord& record(std::size_t i) const { return m_records[i]; }
  void truncate(std::size_t count) { m_records.resize(std::min(count, m_records.size())); }

  std::unique_ptr<OGRMultiPolygon> geometry(std::size_t i) const {
    const ParcelRecord& record = m_records[i];
    auto multi = std::make_unique<OGRMultiPolygon>();
    for (std::uint32_t p = 0; p < record.partCount; ++p) {
      const PartRecord& part = m_parts[record.firstPart + p];
      auto polygon = std::make_unique<OGRPolygon>();
      for (std::uint32_t r = 0; r < part.ringCount; ++r) {
        const RingRecord& ring = m_rings[part.firstRing + r];
        auto linearRing = std::make_unique<OGRLinearRing>();
        linearRing->setNumPoints(static_cast<int>(ring.pointCount) + 1, FALSE);
        for (std::uint32_t k = 0; k <= ring.pointCount; ++k) {
          const GkPoint& point = m_points[ring.firstPoint + (k % ring.pointCount)];
          linearRing->setPoint(static_cast<int>(k), point.x, point.y);
        }
        polygon->addRingDirectly(linearRing.release());
      }
      multi->addGeometryDirectly(polygon.release());
    }
    return multi;
  }

 private:
  std::vector<ParcelRecord> m_records;
  std::vector<PartRecord> m_parts;
  std::vector<RingRecord> m_rings;
  std::vector<GkPoint> m_points;
};

/// A block given to buildings (existing standard factories, offices) rather than cut into lots.
struct BuiltBlock {
  std::size_t park;
  std::vector<GkPoint> corners;  ///< usable rectangle, counter-clockwise from the south-west
};

/// Everything the layers after `parcels` need to know about where the parcels went.
struct ParcelLayout {
  ParcelStore parcels;
  std::vector<std::unique_ptr<OGRMultiPolygon>> parkAreas;  ///< blocks grown over the roads, per park
  std::vector<double> parkReach;                            ///< farthest block centre from the core (m)
  std::vector<BuiltBlock> builtBlocks;
  double linearScale = 1.0;
  /// The roads between the blocks the parks use: a straight run of one grid line along consecutive
  /// used blocks (either side), main (40 m) or secondary (24 m), named as the parcel names name them.
  struct GridRoad {
    std::size_t park;
    bool eastWest;  ///< along a v line (the parcel names' "以北" road) rather than a u line
    int line;
    bool main;
    GkPoint from, to;
  };
  std::vector<GridRoad> gridRoads;
};

// ---------------------------------------------------------------------------------------------
// The generator

class SampleGenerator {
 public:
  SampleGenerator(const SampleOptions& options, const Projector& projector)
      : m_options(options), m_projector(projector) {}

  void loadDistricts();
  void buildSubdistricts();
  void planParks();
  void buildFixedConstraints();
  ParcelLayout layOutParcels(double linearScale);
  void buildDevelopmentBoundaries(const ParcelLayout& layout);

  std::size_t subdistrictOf(GkPoint point) const {
    std::size_t best = 0;
    for (std::size_t i = 1; i < m_seats.size(); ++i)
      if (distance(point, m_seats[i]) < distance(point, m_seats[best])) best = i;
    return best;
  }

  struct District {
    std::string code;
    std::string name;
    MultiPolygonPtr area;
  };
  struct Constraint {
    std::string type;
    std::string effect;
    std::optional<double> value;
    std::string name;
    MultiPolygonPtr area;
    bool blocksParcels;  ///< parcels keep out of its core (reservoir, hills, farmland...)
  };
  struct Park {
    const ParkSpec* spec;
    std::string name;
    GkPoint core;
    double weight;
    double gridAngleRad;
  };

  const SampleOptions& m_options;
  const Projector& m_projector;
  std::vector<District> m_districts;  // Chengyang first
  MultiPolygonPtr m_outline;          // Chengyang, valid, EPSG:4549
  std::vector<GkPoint> m_seats;
  std::vector<MultiPolygonPtr> m_subdistrictAreas;
  std::vector<Park> m_parks;
  std::vector<Constraint> m_constraints;
  /// The reservoirs of the water-source zones, whole (the zones are their parts inside the district).
  std::vector<std::pair<std::string, MultiPolygonPtr>> m_reservoirs;
};

void SampleGenerator::loadDistricts() {
  const std::string path = m_options.districtsGeoJson.string();
  GDALDatasetUniquePtr source(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!source || source->GetLayerCount() < 1)
    throw Error(ErrorCode::Io, "cannot open the district outlines", {.file = path});
  OGRLayer* layer = source->GetLayer(0);
  if (layer->GetLayerDefn()->GetFieldIndex("name") < 0)
    throw Error(ErrorCode::MissingField, "the district outlines have no 'name' property", {.file = path, .field = "name"});
  const bool hasCode = layer->GetLayerDefn()->GetFieldIndex("id") >= 0;
  for (const OGRFeatureUniquePtr& feature : *layer) {
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry) continue;
    GeomPtr projected(geometry->clone());
    m_projector.project(*projected);
    District district;
    district.name = feature->GetFieldAsString("name");
    district.code = hasCode ? feature->GetFieldAsString("id") : std::to_string(m_districts.size() + 1);
    // The source is quantised to ~1/1024 degree and has self-touching rings: repair it.
    district.area = validPolygons(GeomPtr(projected->MakeValid()).get());
    if (district.area->IsEmpty()) continue;
    m_districts.push_back(std::move(district));
  }
  auto chengyang = std::find_if(m_districts.begin(), m_districts.end(),
                                [](const District& d) { return d.name == kChengyangName; });
  if (chengyang == m_districts.end())
    throw Error(ErrorCode::BadValue, "no feature named 城阳区 in the district outlines", {.file = path});
  std::rotate(m_districts.begin(), chengyang, chengyang + 1);
  m_outline.reset(m_districts.front().area->clone());
}

void SampleGenerator::buildSubdistricts() {
  // Voronoi cells of the seats: each cell is a box clipped by the perpendicular bisectors with the
  // other seats (Sutherland-Hodgman against half-planes). The cells tile the box, so their
  // intersections with the outline cover it without gaps or overlaps.
  OGREnvelope envelope;
  m_outline->getEnvelope(&envelope);
  for (const SubdistrictSeat& seat : kSubdistricts) m_seats.push_back(m_projector.project(seat.seat));
  const double pad = 5000;
  for (std::size_t i = 0; i < m_seats.size(); ++i) {
    std::vector<GkPoint> cell{{envelope.MinX - pad, envelope.MinY - pad}, {envelope.MaxX + pad, envelope.MinY - pad},
                              {envelope.MaxX + pad, envelope.MaxY + pad}, {envelope.MinX - pad, envelope.MaxY + pad}};
    for (std::size_t j = 0; j < m_seats.size() && !cell.empty(); ++j) {
      if (i == j) continue;
      const GkPoint a = m_seats[i];
      const GkPoint b = m_seats[j];
      // Keep points p with (p - mid) . (b - a) <= 0, i.e. nearer to a.
      const GkPoint mid{(a.x + b.x) / 2, (a.y + b.y) / 2};
      auto side = [&](GkPoint p) { return (p.x - mid.x) * (b.x - a.x) + (p.y - mid.y) * (b.y - a.y); };
      std::vector<GkPoint> clipped;
      for (std::size_t k = 0; k < cell.size(); ++k) {
        const GkPoint p = cell[k];
        const GkPoint q = cell[(k + 1) % cell.size()];
        const double sp = side(p);
        const double sq = side(q);
        if (sp <= 0) clipped.push_back(p);
        if ((sp < 0 && sq > 0) || (sp > 0 && sq < 0)) {
          const double t = sp / (sp - sq);
          clipped.push_back({p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)});
        }
      }
      cell = std::move(clipped);
    }
    m_subdistrictAreas.push_back(intersection(*polygonFrom(cell), *m_outline));
  }
}

void SampleGenerator::planParks() {
  Rng rng(m_options.seed, Stream::Parks);
  const auto inset = buffer(*m_outline, -1500);
  const GeosGeometryPtr insetGeos = toGeos(*inset);
  const GeosPreparedPtr insetPrepared = prepareGeometry(insetGeos.get());
  for (int p = 0; p < m_options.parkCount; ++p) {
    Park park;
    if (static_cast<std::size_t>(p) < kParks.size()) {
      park.spec = &kParks[static_cast<std::size_t>(p)];
      park.name = park.spec->name;
      park.core = m_projector.project(park.spec->core);
      park.weight = park.spec->weight;
      park.gridAngleRad = park.spec->gridAngleDeg * kPi / 180;
    } else {
      // More parks than the named ones (a stress test): cores at random points well inside the
      // outline, at least 2.5 km from every other core; they reuse the named parks' profiles.
      park.spec = &kParks[static_cast<std::size_t>(p) % kParks.size()];
      park.name = std::string("城阳产业园区") + std::to_string(p + 1);
      OGREnvelope envelope;
      inset->getEnvelope(&envelope);
      GkPoint candidate{};
      for (int attempt = 0; attempt < 10000; ++attempt) {
        candidate = {rng.uniform(envelope.MinX, envelope.MaxX), rng.uniform(envelope.MinY, envelope.MaxY)};
        const GeosGeometryPtr point = geosPoint(candidate);
        if (GEOSPreparedContains_r(geosContext(), insetPrepared.get(), point.get()) != 1) continue;
        const double minGap = attempt < 5000 ? 2500.0 : 800.0;
        if (std::all_of(m_parks.begin(), m_parks.end(),
                        [&](const Park& other) { return distance(other.core, candidate) > minGap; }))
          break;
      }
      park.core = candidate;
      park.weight = 0.06;
      park.gridAngleRad = rng.uniform(-30, 30) * kPi / 180;
    }
    m_parks.push_back(std::move(park));
  }
}

void SampleGenerator::buildFixedConstraints() {
  Rng rng(m_options.seed, Stream::Constraints);
  auto add = [&](const char* type, const char* effect, std::optional<double> value, std::string name,
                 const OGRGeometry& area, bool blocksParcels) {
    MultiPolygonPtr clipped = intersection(area, *m_outline);
    if (clipped->IsEmpty()) return;
    m_constraints.push_back({type, effect, value, std::move(name), std::move(clipped), blocksParcels});
  };
  auto at = [&](double lon, double lat) { return m_projector.project({lon, lat}); };

  // Ecological red line (生态保护红线) 1: the Jiaozhou Bay shore, a 450 m strip inside the outline
  // along its south-western edge (the outline there is the coast), in three stretches.
  {
    GeomPtr shore(m_outline->Boundary());
    const auto strip = buffer(*shore, 450, 4);
    const std::array<std::tuple<double, double, const char*>, 3> stretches{{
        {120.100, 120.185, "胶州湾生态保护红线(河套段)"},
        {120.185, 120.250, "胶州湾生态保护红线(红岛西段)"},
        {120.250, 120.335, "胶州湾生态保护红线(红岛东段)"},
    }};
    for (const auto& [west, east, name] : stretches) {
      const auto box = lonLatBox(m_projector, {west, 36.17}, {east, 36.245});
      add("eco_redline", "exclude", std::nullopt, name, *intersection(*strip, *box), true);
    }
  }
  // Ecological red line 2: the hills on the eastern edge (Laoshan foothills).
  add("eco_redline", "exclude", std::nullopt, "三标山生态保护红线", *blob(rng, at(120.552, 36.310), 1700, 1200, 0.4, 0.5), true);
  add("eco_redline", "exclude", std::nullopt, "红岛东部湿地生态保护红线", *blob(rng, at(120.274, 36.2335), 750, 420, 0.1, 0.4), true);
  add("eco_redline", "exclude", std::nullopt, "毛公山生态保护红线", *blob(rng, at(120.522, 36.3205), 1100, 800, -0.3, 0.5), true);
  add("eco_redline", "exclude", std::nullopt, "云头崮生态保护红线", *blob(rng, at(120.490, 36.232), 900, 700, 0.8, 0.5), true);

  // Permanent basic farmland (永久基本农田), mostly in the north.
  const std::array<std::tuple<double, double, double, double, const char*>, 8> farmland{{
      {120.205, 36.337, 900, 500, "上马街道永久基本农田01"},
      {120.256, 36.352, 700, 450, "棘洪滩街道永久基本农田02"},
      {120.305, 36.336, 750, 380, "棘洪滩街道永久基本农田03"},
      {120.420, 36.337, 800, 420, "城阳街道永久基本农田04"},
      {120.447, 36.342, 650, 380, "惜福镇街道永久基本农田05"},
      {120.500, 36.333, 700, 380, "惜福镇街道永久基本农田06"},
      {120.150, 36.292, 650, 450, "河套街道永久基本农田07"},
      {120.182, 36.318, 600, 380, "上马街道永久基本农田08"},
  }};
  for (const auto& [lon, lat, rx, ry, name] : farmland)
    add("basic_farmland", "exclude", std::nullopt, name, *blob(rng, at(lon, lat), rx, ry, rng.uniform(-0.6, 0.6), 0.35), true);

  // Drinking-water source protection zones, nested: level 1 around the reservoir, level 2 around it.
  {
    const auto reservoir = blob(rng, at(120.243, 36.377), 1500, 1100, 1.4, 0.3);
    m_reservoirs.emplace_back("棘洪滩水库", validPolygons(reservoir.get()));
    const auto level1 = intersection(*reservoir, *m_outline);
    add("water_source_1", "exclude", std::nullopt, "棘洪滩水库一级水源保护区", *level1, true);
    add("water_source_2", "exclude_polluting", std::nullopt, "棘洪滩水库二级水源保护区", *buffer(*level1, 2300), false);
    const auto small = blob(rng, at(120.487, 36.283), 550, 400, 0.2, 0.3);
    m_reservoirs.emplace_back("书院水库", validPolygons(small.get()));
    const auto smallLevel1 = intersection(*small, *m_outline);
    add("water_source_1", "exclude", std::nullopt, "书院水库一级水源保护区", *smallLevel1, true);
    add("water_source_2", "exclude_polluting", std::nullopt, "书院水库二级水源保护区", *buffer(*smallLevel1, 1000), false);
  }

  // Airport height limits toward 胶东国际机场 (obstacle limitation surfaces, simplified to rings).
  {
    const GkPoint airport = at(120.088, 36.362);
    const auto inner = disk(airport, 13000);
    const auto outer = disk(airport, 19000);
    add("airport_height", "limit_height", 45.0, "胶东国际机场净空限高区(45米)", *inner, false);
    add("airport_height", "limit_height", 60.0, "胶东国际机场净空限高区(60米)", *difference(*outer, *inner), false);
  }

  // High-voltage corridors (高压走廊) crossing industrial areas: lines buffered to 60-80 m.
  add("hv_corridor", "exclude", std::nullopt, "220kV棘洪滩—上马线高压走廊",
      *corridor(m_projector, {{120.19, 36.365}, {120.255, 36.338}, {120.31, 36.318}, {120.37, 36.292}}, 30), false);
  add("hv_corridor", "exclude", std::nullopt, "500kV城阳—崂山线高压走廊",
      *corridor(m_projector, {{120.33, 36.225}, {120.37, 36.255}, {120.42, 36.29}, {120.47, 36.345}}, 40), false);
  add("hv_corridor", "exclude", std::nullopt, "110kV夏庄—惜福镇线高压走廊",
      *corridor(m_projector, {{120.43, 36.215}, {120.46, 36.25}, {120.51, 36.30}, {120.56, 36.34}}, 25), false);

  // Flood risk along the rivers (penalty rather than exclusion: building is possible with works).
  add("flood", "penalty", 0.3, "白沙河洪水风险区",
      *corridor(m_projector, {{120.50, 36.245}, {120.45, 36.236}, {120.40, 36.228}, {120.35, 36.218}, {120.32, 36.212}}, 220), false);
  add("flood", "penalty", 0.3, "墨水河洪水风险区",
      *corridor(m_projector, {{120.46, 36.335}, {120.41, 36.318}, {120.36, 36.296}, {120.31, 36.262}, {120.29, 36.225}}, 200), false);
  add("flood", "penalty", 0.3, "桃源河洪水风险区",
      *corridor(m_projector, {{120.30, 36.345}, {120.27, 36.31}, {120.24, 36.28}, {120.22, 36.25}}, 160), false);

  // Cultural heritage protection ranges (文物保护范围).
  // Two of them lie on reserve land (heritage found during land preparation), so they do not
  // keep the grid away: matching must reject the lots they touch.
  add("heritage", "exclude", std::nullopt, "城子遗址保护范围", *blob(rng, at(120.392, 36.3095), 280, 220, 0.3, 0.3), false);
  add("heritage", "exclude", std::nullopt, "法海寺文物保护范围", *blob(rng, at(120.467, 36.262), 180, 150, 0.1, 0.3), true);
  add("heritage", "exclude", std::nullopt, "棘洪滩古窑址保护范围", *blob(rng, at(120.318, 36.327), 150, 120, 0.5, 0.3), false);

  // Safety and sanitary buffers (安全防护距离) around hazardous installations.
  add("hazard_buffer", "exclude_polluting", std::nullopt, "城阳LNG储配站安全防护区", *disk(at(120.336, 36.306), 450), false);
  add("hazard_buffer", "penalty", 0.5, "城阳污水处理厂卫生防护区", *disk(at(120.283, 36.240), 350), false);

  // Other controls.
  add("other", "exclude", std::nullopt, "胶济铁路安全保护区",
      *corridor(m_projector, {{120.365, 36.215}, {120.375, 36.26}, {120.385, 36.30}, {120.36, 36.34}, {120.33, 36.37}}, 35), false);
  add("other", "penalty", 0.2, "流亭机场原址规划控制区", *blob(rng, at(120.378, 36.268), 1300, 500, 0.35, 0.15), false);
}

ParcelLayout SampleGenerator::layOutParcels(double linearScale) {
  ParcelLayout layout;
  layout.linearScale = linearScale;
  Rng gridRng(m_options.seed, Stream::Grid);
  Rng lotRng(m_options.seed, Stream::Parcels);

  OGREnvelope envelope;
  m_outline->getEnvelope(&envelope);

  // Hot-path geometries in GEOS: the outline pulled in by 30 m (parcels lie strictly inside), and
  // the union of the constraints parcels keep out of (tested at block centres only, so some
  // blocks at their edges overlap them partly: that gives matching something to reject).
  const auto inset = buffer(*m_outline, -30);
  const GeosGeometryPtr insetGeos = toGeos(*inset);
  const GeosPreparedPtr insetPrepared = prepareGeometry(insetGeos.get());
  OGRMultiPolygon blockedPieces;
  for (const Constraint& constraint : m_constraints)
    if (constraint.blocksParcels)
      for (const OGRPolygon* polygon : *constraint.area) blockedPieces.addGeometry(polygon);
  const auto blocked = unionOf(blockedPieces);
  const GeosGeometryPtr blockedGeos = toGeos(*blocked);
  const GeosPreparedPtr blockedPrepared = prepareGeometry(blockedGeos.get());
  GEOSContextHandle_t context = geosContext();

  SizeModel size;
  size.linearScale = linearScale;
  const double reach = std::hypot(envelope.MaxX - envelope.MinX, envelope.MaxY - envelope.MinY);

  struct ParkState {
    std::unique_ptr<RoadGrid> grid;
    std::vector<std::pair<int, int>> ringBlocks;
    std::size_t nextInRing = 0;
    int ring = -1;
    bool ringAlive = false;
    bool exhausted = false;
    std::int64_t quota = 0;
    std::int64_t produced = 0;
    int builtBlocksWanted = 0;
    OGRMultiPolygon grownBlocks;
    double reach = 0;
    std::vector<std::pair<int, int>> usedBlocks;  ///< (i, j) of every block taken, for the grid roads
  };
  std::vector<ParkState> parks(m_parks.size());
  const std::int64_t target = m_options.parcelCount;
  const double totalWeight =
      std::accumulate(m_parks.begin(), m_parks.end(), 0.0, [](double sum, const Park& p) { return sum + p.weight; });
  std::int64_t assigned = 0;
  for (std::size_t p = 0; p < m_parks.size(); ++p) {
    const double skew = gridRng.uniform(0, 6) * kPi / 180;
    parks[p].grid = std::make_unique<RoadGrid>(gridRng, m_parks[p].core, m_parks[p].gridAngleRad, skew, size, reach);
    parks[p].quota = static_cast<std::int64_t>(std::floor(static_cast<double>(target) * m_parks[p].weight / totalWeight));
    assigned += parks[p].quota;
    // Buildings per park, split like the parcels; a built block holds up to 6 buildings.
    const int buildings = static_cast<int>(std::ceil(m_options.buildingCount * m_parks[p].weight / totalWeight));
    parks[p].builtBlocksWanted = (buildings + 3) / 4;
  }
  parks.front().quota += target - assigned;

  // A block may be used by park p when its (grown) corners are nearer to p's core than to any
  // other core by the margin: Voronoi cells are convex, so the whole block is then in p's cell.
  auto inCell = [&](std::size_t p, GkPoint point, double margin) {
    const GkPoint a = m_parks[p].core;
    for (std::size_t q = 0; q < m_parks.size(); ++q) {
      if (q == p) continue;
      const GkPoint b = m_parks[q].core;
      const double ab = distance(a, b);
      // (|pa|^2 - |pb|^2) / (2 |ab|) is the signed distance from the bisector (negative on a's side).
      const double signedDistance =
          ((point.x - a.x) * (point.x - a.x) + (point.y - a.y) * (point.y - a.y) - (point.x - b.x) * (point.x - b.x) -
           (point.y - b.y) * (point.y - b.y)) / (2 * ab);
      if (signedDistance > -margin) return false;
    }
    return true;
  };
  auto inEnvelope = [&](GkPoint point, double pad) {
    return point.x >= envelope.MinX - pad && point.x <= envelope.MaxX + pad && point.y >= envelope.MinY - pad &&
           point.y <= envelope.MaxY + pad;
  };

  // Takes park p's next block; returns false when the park has no more room.
  auto nextBlock = [&](std::size_t p) -> bool {
    ParkState& state = parks[p];
    RoadGrid& grid = *state.grid;
    while (true) {
      if (state.nextInRing >= state.ringBlocks.size()) {
        // Rings grow outward; once a whole ring misses the park's cell (convex, containing the
        // core) no later ring can reach it again.
        if (state.ring >= 0 && !state.ringAlive) return false;
        ++state.ring;
        if (state.ring >= grid.half() - 1) return false;
        state.ringAlive = false;
        state.nextInRing = 0;
        state.ringBlocks.clear();
        const int r = state.ring;
        if (r == 0) {
          state.ringBlocks.emplace_back(0, 0);
        } else {  // the boundary of the (2r+1)^2 square only: rings cost O(r), not O(r^2)
          for (int i = -r; i <= r; ++i) {
            state.ringBlocks.emplace_back(i, -r);
            state.ringBlocks.emplace_back(i, r);
          }
          for (int j = -r + 1; j <= r - 1; ++j) {
            state.ringBlocks.emplace_back(-r, j);
            state.ringBlocks.emplace_back(r, j);
          }
        }
        // Nearest blocks first, so that a park grows as a compact patch rather than a square.
        auto centreDistance = [&](const std::pair<int, int>& ij) {
          const auto b = grid.block(ij.first, ij.second);
          const GkPoint c = grid.toWorld((b.u0 + b.u1) / 2, (b.v0 + b.v1) / 2);
          return distance(c, m_parks[p].core);
        };
        std::stable_sort(state.ringBlocks.begin(), state.ringBlocks.end(),
                         [&](const auto& a, const auto& b) { return centreDistance(a) < centreDistance(b); });
      }
      const auto [i, j] = state.ringBlocks[state.nextInRing++];
      const auto frame = grid.block(i, j);
      if (frame.u1 - frame.u0 < size.minWidth() || frame.v1 - frame.v0 < size.length(70)) continue;
      const GkPoint centre = grid.toWorld((frame.u0 + frame.u1) / 2, (frame.v0 + frame.v1) / 2);
      if (!inEnvelope(centre, 0) || !inCell(p, centre, 0)) continue;
      state.ringAlive = true;

      const double grow = grid.roadWidth(0) / 2 + 0.5;  // grown blocks overlap across every road
      const auto grown = grid.block(i, j, grow);
      const auto grownCorners = grid.corners(grown);
      if (!std::all_of(grownCorners.begin(), grownCorners.end(),
                       [&](GkPoint c) { return inCell(p, c, 2.0); }))
        continue;
      const GeosGeometryPtr centrePoint = geosPoint(centre);
      if (GEOSPreparedContains_r(context, blockedPrepared.get(), centrePoint.get()) == 1) continue;
      const auto corners = grid.corners(frame);
      const GeosGeometryPtr blockPolygon = geosPolygon(corners);
      const bool whole = GEOSPreparedContains_r(context, insetPrepared.get(), blockPolygon.get()) == 1;
      if (!whole && GEOSPreparedIntersects_r(context, insetPrepared.get(), blockPolygon.get()) != 1) continue;

      state.grownBlocks.addGeometryDirectly(polygonFrom(grownCorners).release());
      state.usedBlocks.emplace_back(i, j);
      state.reach = std::max(state.reach, distance(centre, m_parks[p].core));

      // Some blocks near the core are already built up: they carry the buildings layer.
      if (whole && state.builtBlocksWanted > 0 && state.ring >= 1 && lotRng.chance(0.35)) {
        --state.builtBlocksWanted;
        layout.builtBlocks.push_back({p, corners});
        return true;
      }

      const auto lots = subdivideBlock(lotRng, frame.u1 - frame.u0, frame.v1 - frame.v0, size);
      std::int32_t lotIndex = 0;
      for (const LocalParcel& lot : lots) {
        std::vector<std::vector<std::vector<GkPoint>>> parts;
        for (const LocalPolygon& polygon : lot) {
          std::vector<std::vector<GkPoint>> rings;
          for (const LocalRing& ring : polygon) {
            std::vector<GkPoint> world;
            world.reserve(ring.size());
            for (const Local& point : ring) world.push_back(grid.toWorld(frame.u0 + point.u, frame.v0 + point.v));
            rings.push_back(std::move(world));
          }
          parts.push_back(std::move(rings));
        }
        if (!whole) {  // a block on the district edge: keep only the lots strictly inside
          bool inside = true;
          for (const auto& part : parts) {
            const GeosGeometryPtr shell = geosPolygon(part.front());
            if (GEOSPreparedContains_r(context, insetPrepared.get(), shell.get()) != 1) {
              inside = false;
              break;
            }
          }
          if (!inside) continue;
        }
        const auto& shell = parts.front().front();
        GkPoint label{0, 0};
        for (const GkPoint& point : shell) {
          label.x += point.x / static_cast<double>(shell.size());
          label.y += point.y / static_cast<double>(shell.size());
        }
        ParcelRecord record{};
        record.park = static_cast<std::uint16_t>(p);
        record.ring = state.ring;
        record.blockI = i;
        record.blockJ = j;
        record.lotInBlock = lotIndex++;
        record.labelPoint = label;
        layout.parcels.add(record, parts);
        ++state.produced;
      }
      return true;
    }
  };

  // Fill each park up to its quota; what a full park cannot take goes to the parks with room.
  for (int pass = 0; pass < 64; ++pass) {
    for (std::size_t p = 0; p < parks.size(); ++p) {
      while (!parks[p].exhausted && parks[p].produced < parks[p].quota &&
             static_cast<std::int64_t>(layout.parcels.size()) < target) {
        if (!nextBlock(p)) parks[p].exhausted = true;
      }
    }
    const std::int64_t missing = target - static_cast<std::int64_t>(layout.parcels.size());
    if (missing <= 0) break;
    std::vector<std::size_t> open;
    for (std::size_t p = 0; p < parks.size(); ++p)
      if (!parks[p].exhausted) open.push_back(p);
    if (open.empty()) break;
    for (std::size_t k = 0; k < open.size(); ++k)
      parks[open[k]].quota += missing / static_cast<std::int64_t>(open.size()) + (k == 0 ? missing % static_cast<std::int64_t>(open.size()) : 0) + 1;
  }
  layout.parcels.truncate(static_cast<std::size_t>(target));

  for (ParkState& state : parks) {
    layout.parkReach.push_back(state.reach);
    layout.parkAreas.push_back(intersection(*unionOf(state.grownBlocks), *m_outline));
  }
  // Grid roads: every side of a used block is a piece of road; consecutive pieces of one line join.
  for (std::size_t p = 0; p < parks.size(); ++p) {
    const RoadGrid& grid = *parks[p].grid;
    std::map<std::pair<int, int>, std::set<int>> pieces;  // (direction 0 = u line / 1 = v line, line) -> cells
    for (const auto& [i, j] : parks[p].usedBlocks) {
      pieces[{0, i}].insert(j), pieces[{0, i + 1}].insert(j);
      pieces[{1, j}].insert(i), pieces[{1, j + 1}].insert(i);
    }
    for (const auto& [key, cells] : pieces) {
      const auto [direction, line] = key;
      for (auto it = cells.begin(); it != cells.end();) {
        const int first = *it;
        int last = first;
        while (++it != cells.end() && *it == last + 1) last = *it;
        const GkPoint from = direction == 0 ? grid.toWorld(grid.uLine(line), grid.vLine(first)) : grid.toWorld(grid.uLine(first), grid.vLine(line));
        const GkPoint to = direction == 0 ? grid.toWorld(grid.uLine(line), grid.vLine(last + 1)) : grid.toWorld(grid.uLine(last + 1), grid.vLine(line));
        layout.gridRoads.push_back({p, direction == 1, line, grid.isMainRoad(line), from, to});
      }
    }
  }
  return layout;
}

void SampleGenerator::buildDevelopmentBoundaries(const ParcelLayout& layout) {
  // The urban development boundary (城镇开发边界) hugs each park but is drawn a little tighter
  // than the outermost blocks, so a few peripheral parcels fall partly outside it (they are the
  // ones `require_within` rejects). Plus the central urban area.
  Rng rng(m_options.seed, Stream::Extra);
  for (std::size_t p = 0; p < m_parks.size(); ++p) {
    if (layout.parkAreas[p]->IsEmpty()) continue;
    const auto grown = buffer(*layout.parkAreas[p], 250 * layout.linearScale, 4);
    const double radius = std::max(600.0 * layout.linearScale, layout.parkReach[p] * rng.uniform(0.95, 1.05));
    const auto limit = blob(rng, m_parks[p].core, radius * 1.15, radius, m_parks[p].gridAngleRad, 0.25);
    auto area = intersection(*grown, *limit);
    if (area->IsEmpty()) continue;
    m_constraints.push_back({"dev_boundary", "require_within", std::nullopt,
                             "城镇开发边界(" + m_parks[p].name + "片区)", intersection(*area, *m_outline), false});
  }
  const auto centre = blob(rng, m_projector.project({120.392, 36.290}), 3200, 2400, 0.5, 0.3);
  m_constraints.push_back({"dev_boundary", "require_within", std::nullopt, "城镇开发边界(城阳中心城区)",
                           intersection(*centre, *m_outline), false});
}

// ---------------------------------------------------------------------------------------------
// Writing

struct FieldSpec {
  const char* name;
  OGRFieldType type;
};

/// One output layer. The dataset owns the layer; this object only remembers it and counts.
class LayerWriter {
 public:
  LayerWriter(GDALDataset& dataset, const char* name, OGRwkbGeometryType geometryType,
              const OGRSpatialReference& srs, std::initializer_list<FieldSpec> fields)
      : m_name(name) {
    const char* options[] = {"GEOMETRY_NAME=geom", "FID=fid", "SPATIAL_INDEX=YES", nullptr};
    // GDAL 3.6 takes a non-const spatial reference but only clones it.
    auto* layerSrs = geometryType == wkbNone ? nullptr : const_cast<OGRSpatialReference*>(&srs);
    m_layer = dataset.CreateLayer(name, layerSrs, geometryType, const_cast<char**>(options));
    if (!m_layer) throw Error(ErrorCode::Io, "cannot create the layer", {.layer = m_name});
    for (const FieldSpec& field : fields) {
      OGRFieldDefn definition(field.name, field.type);
      if (m_layer->CreateField(&definition) != OGRERR_NONE)
        throw Error(ErrorCode::Io, "cannot create the field", {.layer = m_name, .field = field.name});
    }
  }

  OGRFeatureUniquePtr newFeature() const { return OGRFeatureUniquePtr(OGRFeature::CreateFeature(m_layer->GetLayerDefn())); }

  void write(OGRFeature& feature) {
    if (m_layer->CreateFeature(&feature) != OGRERR_NONE)
      throw Error(ErrorCode::Io, "cannot write a feature: " + std::string(CPLGetLastErrorMsg()),
                  {.layer = m_name, .feature = feature.GetFieldAsString("id")});
    ++m_count;
  }

  const std::string& name() const { return m_name; }
  std::int64_t count() const { return m_count; }

 private:
  std::string m_name;
  OGRLayer* m_layer = nullptr;
  std::int64_t m_count = 0;
};

// Small setters that make "missing" explicit: an empty optional writes NULL.
void setText(OGRFeature& feature, const char* field, const std::string& value) { feature.SetField(field, value.c_str()); }
void setText(OGRFeature& feature, const char* field, const std::optional<std::string>& value) {
  if (value) feature.SetField(field, value->c_str());
  else feature.SetFieldNull(feature.GetFieldIndex(field));
}
void setReal(OGRFeature& feature, const char* field, std::optional<double> value) {
  if (value) feature.SetField(field, *value);
  else feature.SetFieldNull(feature.GetFieldIndex(field));
}
void setInteger(OGRFeature& feature, const char* field, std::optional<std::int64_t> value) {
  if (value) feature.SetField(field, static_cast<GIntBig>(*value));
  else feature.SetFieldNull(feature.GetFieldIndex(field));
}
struct Date {
  int year;
  int month;
  int day;
};
void setDate(OGRFeature& feature, const char* field, std::optional<Date> value) {
  if (value) feature.SetField(feature.GetFieldIndex(field), value->year, value->month, value->day, 0, 0, 0.0F, 0);
  else feature.SetFieldNull(feature.GetFieldIndex(field));
}
Date randomDate(Rng& rng, int firstYear, int lastYear) {
  const int year = static_cast<int>(rng.integer(firstYear, lastYear));
  const int month = static_cast<int>(rng.integer(1, 12));
  return {year, month, static_cast<int>(rng.integer(1, 28))};
}

std::string formatId(const char* prefix, std::int64_t number, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s%0*lld", prefix, digits, static_cast<long long>(number));
  return buffer;
}

std::string phoneNumber(Rng& rng) {
  // Qingdao landlines: 0532 + eight digits starting with 8 (invented numbers).
  return "0532-8" + formatId("", rng.integer(0, 9999999), 7);
}

void writeBoundaries(const SampleGenerator& generator, LayerWriter& writer) {
  for (const SampleGenerator::District& district : generator.m_districts) {
    auto feature = writer.newFeature();
    setText(*feature, "id", "D-" + district.code);
    setText(*feature, "name", district.name);
    setText(*feature, "level", std::string("district"));
    feature->SetGeometry(district.area.get());
    writer.write(*feature);
  }
  for (std::size_t i = 0; i < kSubdistricts.size(); ++i) {
    auto feature = writer.newFeature();
    setText(*feature, "id", formatId("SD-", static_cast<std::int64_t>(i + 1), 2));
    setText(*feature, "name", std::string(kSubdistricts[i].name));
    setText(*feature, "level", std::string("subdistrict"));
    feature->SetGeometry(generator.m_subdistrictAreas[i].get());
    writer.write(*feature);
  }
}

void writeParks(const SampleGenerator& generator, const ParcelLayout& layout, LayerWriter& writer) {
  Rng rng(generator.m_options.seed, Stream::Parks);
  for (std::size_t p = 0; p < generator.m_parks.size(); ++p) {
    if (layout.parkAreas[p]->IsEmpty()) continue;
    const auto& park = generator.m_parks[p];
    auto feature = writer.newFeature();
    setText(*feature, "id", formatId("PK-", static_cast<std::int64_t>(p + 1), 2));
    setText(*feature, "name", park.name);
    setText(*feature, "sectors", std::string(park.spec->sectors));
    setText(*feature, "subsectors", std::string(park.spec->subsectors));
    feature->SetFieldNull(feature->GetFieldIndex("subdistrict"));  // derived by the importer
    const std::vector<std::string> operators{park.name + "管理委员会", park.name + "运营管理有限公司",
                                             "青岛城阳城市发展集团有限公司"};
    setText(*feature, "operator", rng.pick(operators));
    setText(*feature, "contact", phoneNumber(rng));
    // A park is one polygon when its blocks are contiguous; keep the largest piece otherwise.
    const OGRMultiPolygon& area = *layout.parkAreas[p];
    const OGRPolygon* largest = nullptr;
    for (const OGRPolygon* polygon : area)
      if (!largest || polygon->get_Area() > largest->get_Area()) largest = polygon;
    feature->SetGeometry(largest);
    writer.write(*feature);
  }
}

constexpr std::array<const char*, 6> kStatuses{"reserved", "available", "negotiating", "allocated", "building", "built"};

/// A plausible company name for land already allocated or built.
std::string companyName(Rng& rng) {
  static const std::vector<std::string> first{"华", "海", "瑞", "金", "青", "鑫", "恒", "博", "新", "康", "盛", "中"};
  static const std::vector<std::string> second{"轨", "泰", "源", "创", "达", "科", "信", "宇", "联", "润", "航", "诺"};
  static const std::vector<std::string> trade{"精密机械", "轨道装备", "新材料", "电子科技", "汽车部件", "生物科技",
                                              "智能装备", "物流", "医疗器械", "能源科技", "食品", "包装材料"};
  static const std::vector<std::string> suffix{"有限公司", "股份有限公司", "科技有限公司"};
  return "青岛" + rng.pick(first) + rng.pick(second) + rng.pick(trade) + rng.pick(suffix);
}

/// Parcel attributes: control indicators (容积率 far, 建筑限高 height, 建筑密度 density) and prices
/// in the ranges of Qingdao's industrial and commercial land supply.
void writeParcels(const SampleGenerator& generator, const ParcelLayout& layout, LayerWriter& writer,
                  std::vector<std::pair<std::size_t, GkPoint>>& occupiedParcels) {
  Rng rng(generator.m_options.seed, Stream::ParcelAttributes);
  const ParcelStore& parcels = layout.parcels;

  // Ids run park by park (a park's parcels are contiguous), in the order they were laid out.
  std::vector<std::size_t> order(parcels.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return parcels.record(a).park < parcels.record(b).park; });

  std::vector<std::vector<double>> landUseWeightTables;
  std::vector<std::vector<LandUseWeight>> landUseTables;
  for (const auto& park : generator.m_parks) {
    landUseTables.push_back(landUseWeights(park.spec->profile));
    std::vector<double> weights;
    for (const LandUseWeight& entry : landUseTables.back()) weights.push_back(entry.weight);
    landUseWeightTables.push_back(std::move(weights));
  }
  std::map<std::pair<std::size_t, std::string>, int> nameCounters;  // (subdistrict, kind) -> last number
  const int idDigits = 5;

  for (std::size_t n = 0; n < order.size(); ++n) {
    const ParcelRecord& record = parcels.record(order[n]);
    auto feature = writer.newFeature();
    setText(*feature, "id", formatId("CY-", static_cast<std::int64_t>(n + 1), idDigits));

    const std::size_t landUseIndex = rng.weighted(landUseWeightTables[record.park]);
    const std::string landUse = landUseTables[record.park][landUseIndex].code;
    const std::string kind = landUseKind(landUse);
    const std::size_t subdistrict = generator.subdistrictOf(record.labelPoint);
    const std::string subdistrictName = kSubdistricts[subdistrict].name;
    std::string name;
    if (rng.chance(0.2)) {
      // Road-based names as on land supply notices: "正阳路以北、青威路以东地块".
      const std::size_t offset = record.park * 7U;
      const std::string south =
          kEastWestRoads[(static_cast<std::size_t>(record.blockJ + 10000) + offset) % kEastWestRoads.size()];
      const std::string west =
          kNorthSouthRoads[(static_cast<std::size_t>(record.blockI + 10000) + offset) % kNorthSouthRoads.size()];
      name = south + "以北、" + west + "以东" + kind + "地块-" + std::to_string(record.lotInBlock + 1);
    } else {
      const int number = ++nameCounters[{subdistrict, kind}];
      name = subdistrictName + "-" + kind + "地块-" + formatId("", number, 3);
    }
    setText(*feature, "name", name);
    setText(*feature, "land_use", landUse);

    // Status: the core of a park is mostly taken, its edges mostly reserve land.
    std::array<double, 6> statusWeights{};
    if (record.ring <= 1) statusWeights = {0.15, 0.20, 0.10, 0.15, 0.15, 0.25};
    else if (record.ring <= 3) statusWeights = {0.30, 0.30, 0.12, 0.10, 0.08, 0.10};
    else statusWeights = {0.45, 0.30, 0.10, 0.07, 0.04, 0.04};
    const std::string status = kStatuses[rng.weighted(std::vector<double>(statusWeights.begin(), statusWeights.end()))];
    setText(*feature, "status", status);
    feature->SetFieldNull(feature->GetFieldIndex("subdistrict"));  // derived by the importer

    const bool industrial = kind == "工业";
    const bool storage = kind == "仓储";
    const bool commercial = kind == "商业" || kind == "商务";
    const bool residential = kind == "居住";
    double price = 0;
    double farMin = 0;
    double farMax = 0;
    double density = 0;
    std::vector<double> heights;
    if (industrial) {
      price = rng.stepped(18, landUse == "100103" ? 35 : 60, 0.5);
      farMin = rng.stepped(1.0, 1.2, 0.1);
      farMax = rng.stepped(2.0, 3.5, 0.1);
      density = rng.stepped(0.40, 0.60, 0.05);
      heights = {24, 24, 40, 40, 50, 60};
    } else if (storage) {
      price = rng.stepped(20, 45, 0.5);
      farMin = 1.0;
      farMax = rng.stepped(1.5, 2.5, 0.1);
      density = rng.stepped(0.40, 0.60, 0.05);
      heights = {24, 24, 40};
    } else if (commercial) {
      price = rng.stepped(150, 600, 5);
      farMin = rng.stepped(1.5, 2.5, 0.1);
      farMax = rng.stepped(3.0, 6.0, 0.1);
      density = rng.stepped(0.30, 0.45, 0.05);
      heights = {50, 60, 80, 100, 100};
    } else if (residential) {
      price = rng.stepped(450, 1200, 10);
      farMin = rng.stepped(1.2, 1.8, 0.1);
      farMax = rng.stepped(2.0, 2.8, 0.1);
      density = rng.stepped(0.25, 0.30, 0.01);
      heights = {60, 80, 100};
    } else {  // research land
      price = rng.stepped(35, 90, 0.5);
      farMin = rng.stepped(1.2, 1.5, 0.1);
      farMax = rng.stepped(2.5, 4.0, 0.1);
      density = rng.stepped(0.30, 0.45, 0.05);
      heights = {40, 50, 60, 80};
    }
    // A few records are incomplete, as real reserve lists are.
    setReal(*feature, "price_wan_per_mu", rng.chance(0.05) ? std::nullopt : std::optional<double>(price));
    setReal(*feature, "far_min", rng.chance(0.03) ? std::nullopt : std::optional<double>(farMin));
    setReal(*feature, "far_max", farMax);
    setReal(*feature, "height_max_m", rng.pick(heights));
    setReal(*feature, "density_max", density);
    const std::vector<std::int64_t> powerSteps = industrial || storage
                                                     ? std::vector<std::int64_t>{630, 1000, 1250, 2000, 2500, 4000, 6300, 8000}
                                                     : std::vector<std::int64_t>{400, 630, 1000, 1600, 2500};
    setInteger(*feature, "power_kva", rng.chance(0.06) ? std::nullopt : std::optional<std::int64_t>(rng.pick(powerSteps)));
    // Serviced land (七通一平) is the norm near a park's core; the fringe lacks gas or sewers.
    const double serviced = record.ring <= 2 ? 0.95 : 0.75;
    setInteger(*feature, "water", rng.chance(serviced + 0.03) ? 1 : 0);
    setInteger(*feature, "gas", rng.chance(serviced - 0.15) ? 1 : 0);
    setInteger(*feature, "sewage", rng.chance(serviced - 0.05) ? 1 : 0);
    setInteger(*feature, "road", rng.chance(serviced + 0.04) ? 1 : 0);
    const bool taken = status == "allocated" || status == "building" || status == "built";
    setDate(*feature, "available_from",
            rng.chance(0.04) ? std::nullopt
                             : std::optional<Date>(taken ? randomDate(rng, 2025, 2025)
                                                   : status == "reserved" ? randomDate(rng, 2026, 2028)
                                                                          : randomDate(rng, 2025, 2026)));
    std::string owner;
    if (taken) {
      owner = companyName(rng);
    } else {
      const double pickOwner = rng.uniform();
      if (pickOwner < 0.55) owner = "城阳区土地储备中心";
      else if (pickOwner < 0.65) owner = "青岛市土地储备整理中心";
      else if (pickOwner < 0.88) owner = subdistrictName + "办事处";
      else owner = "青岛城阳城市发展集团有限公司";
    }
    setText(*feature, "owner", owner);

    auto geometry = parcels.geometry(order[n]);
    if (taken && occupiedParcels.size() < 4096) {
      // The C++ PointOnSurface methods return OGRERR_UNSUPPORTED_OPERATION in GDAL 3.6; the C
      // function runs GEOS.
      GeomPtr inside(OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(geometry.get()))));
      if (inside && wkbFlatten(inside->getGeometryType()) == wkbPoint)
        occupiedParcels.emplace_back(record.park, GkPoint{inside->toPoint()->getX(), inside->toPoint()->getY()});
    }
    feature->SetGeometryDirectly(geometry.release());
    writer.write(*feature);
  }
}

struct BuildingKind {
  const char* type;
  double weight;
};

void writeBuildings(const SampleGenerator& generator, const ParcelLayout& layout, LayerWriter& writer) {
  Rng rng(generator.m_options.seed, Stream::Buildings);
  const double scale = layout.linearScale;
  std::vector<int> perPark(generator.m_parks.size(), 0);
  const double totalWeight = std::accumulate(generator.m_parks.begin(), generator.m_parks.end(), 0.0,
                                             [](double sum, const auto& p) { return sum + p.weight; });
  for (std::size_t p = 0; p < generator.m_parks.size(); ++p)
    perPark[p] = static_cast<int>(std::ceil(generator.m_options.buildingCount * generator.m_parks[p].weight / totalWeight));
  std::vector<int> numberInPark(generator.m_parks.size(), 0);
  int written = 0;

  for (const BuiltBlock& block : layout.builtBlocks) {
    if (written >= generator.m_options.buildingCount) break;
    const auto& park = generator.m_parks[block.park];
    // Block frame from its corners: origin, u axis (south edge) and v axis (west edge).
    const GkPoint origin = block.corners[0];
    const GkPoint uAxis{block.corners[1].x - origin.x, block.corners[1].y - origin.y};
    const GkPoint vAxis{block.corners[3].x - origin.x, block.corners[3].y - origin.y};
    const double width = std::hypot(uAxis.x, uAxis.y);
    const int columns = width > 400 * scale ? 3 : 2;
    const int rows = 2;
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < columns; ++c) {
        if (numberInPark[block.park] >= perPark[block.park] || written >= generator.m_options.buildingCount) break;
        // Cells with a 12 m setback; footprints fill 65-95% of the cell around its centre.
        const double margin = 12.0 * scale / width;
        const double cellU = 1.0 / columns;
        const double cellV = 1.0 / rows;
        const double fillU = rng.uniform(0.65, 0.95);
        const double fillV = rng.uniform(0.65, 0.95);
        const double cu = (c + 0.5) * cellU;
        const double cv = (r + 0.5) * cellV;
        const double halfU = std::max(0.0, (cellU / 2 - margin) * fillU);
        const double halfV = std::max(0.0, (cellV / 2 - margin) * fillV);
        auto at = [&](double u, double v) {
          return GkPoint{origin.x + u * uAxis.x + v * vAxis.x, origin.y + u * uAxis.y + v * vAxis.y};
        };

        const std::vector<double> kindWeights{0.50, 0.16, 0.10, 0.14, 0.10};
        static const std::array<const char*, 5> kinds{"factory", "office", "incubator", "warehouse", "lab"};
        const std::string type = kinds[rng.weighted(kindWeights)];
        const int number = ++numberInPark[block.park];
        ++written;

        auto feature = writer.newFeature();
        setText(*feature, "id", formatId("BD-", written, 4));
        std::string name = block.park < kParks.size() ? std::string(park.spec->shortName) : park.name;
        if (type == "factory") name += std::to_string(number) + "号标准厂房";
        else if (type == "office") name += "科创大厦" + std::string(1, static_cast<char>('A' + number % 6)) + "座";
        else if (type == "incubator") name += "创业孵化器" + std::to_string(number) + "号楼";
        else if (type == "warehouse") name += std::to_string(number) + "号仓库";
        else name += "研发中试楼" + std::to_string(number) + "号";
        setText(*feature, "name", name);
        setText(*feature, "park_id", formatId("PK-", static_cast<std::int64_t>(block.park + 1), 2));
        setText(*feature, "type", type);

        double vacant = 0, load = 0, clear = 0, rent = 0;
        std::int64_t power = 0;
        if (type == "factory") {
          vacant = rng.stepped(1000, 20000, 100);
          load = rng.pick(std::vector<double>{5, 8, 10, 15, 20, 30});
          clear = rng.stepped(6, 12, 0.5);
          power = rng.pick(std::vector<std::int64_t>{200, 315, 500, 630, 800, 1250, 2000});
          rent = rng.stepped(15, 30, 0.5);
        } else if (type == "office") {
          vacant = rng.stepped(300, 5000, 50);
          load = rng.pick(std::vector<double>{2.0, 2.5, 3.0});
          clear = rng.stepped(3.0, 4.0, 0.1);
          power = rng.pick(std::vector<std::int64_t>{50, 100, 200, 400});
          rent = rng.stepped(30, 70, 1);
        } else if (type == "incubator") {
          vacant = rng.stepped(200, 3000, 50);
          load = rng.stepped(3.5, 5.0, 0.5);
          clear = rng.stepped(4.0, 6.0, 0.5);
          power = rng.pick(std::vector<std::int64_t>{100, 200, 315});
          rent = rng.stepped(20, 40, 1);
        } else if (type == "warehouse") {
          vacant = rng.stepped(2000, 15000, 100);
          load = rng.pick(std::vector<double>{10, 15, 20, 30});
          clear = rng.stepped(8, 12, 0.5);
          power = rng.pick(std::vector<std::int64_t>{100, 200, 315, 500});
          rent = rng.stepped(12, 25, 0.5);
        } else {
          vacant = rng.stepped(300, 3000, 50);
          load = rng.stepped(4, 8, 0.5);
          clear = rng.stepped(4.0, 5.0, 0.1);
          power = rng.pick(std::vector<std::int64_t>{200, 315, 500, 800});
          rent = rng.stepped(35, 60, 1);
        }
        setReal(*feature, "vacant_floor_m2", vacant);
        setReal(*feature, "floor_load_kn_m2", rng.chance(0.05) ? std::nullopt : std::optional<double>(load));
        setReal(*feature, "clear_height_m", rng.chance(0.04) ? std::nullopt : std::optional<double>(clear));
        setInteger(*feature, "power_kva", rng.chance(0.06) ? std::nullopt : std::optional<std::int64_t>(power));
        setReal(*feature, "rent_yuan_m2_month", rng.chance(0.04) ? std::nullopt : std::optional<double>(rent));
        setDate(*feature, "available_from", randomDate(rng, 2025, 2026));

        // Footprints for about 60%, points (the address) for the rest, as in real building lists.
        if (rng.chance(0.6) && halfU > 0 && halfV > 0) {
          auto footprint = polygonFrom({at(cu - halfU, cv - halfV), at(cu + halfU, cv - halfV),
                                        at(cu + halfU, cv + halfV), at(cu - halfU, cv + halfV)});
          feature->SetGeometryDirectly(footprint.release());
        } else {
          const GkPoint centre = at(cu, cv);
          feature->SetGeometryDirectly(new OGRPoint(centre.x, centre.y));
        }
        writer.write(*feature);
      }
    }
  }
}

void writeConstraints(const SampleGenerator& generator, LayerWriter& writer) {
  std::map<std::string, int> counters;
  static const std::map<std::string, std::string> prefixes{
      {"eco_redline", "ECO"},      {"basic_farmland", "FARM"}, {"dev_boundary", "DEV"}, {"water_source_1", "WS1"},
      {"water_source_2", "WS2"},   {"airport_height", "AIR"},  {"hv_corridor", "HV"},   {"flood", "FLD"},
      {"heritage", "HER"},         {"hazard_buffer", "HAZ"},   {"other", "OTH"}};
  for (const auto& constraint : generator.m_constraints) {
    auto feature = writer.newFeature();
    const int number = ++counters[constraint.type];
    setText(*feature, "id", formatId(("C-" + prefixes.at(constraint.type) + "-").c_str(), number, 2));
    setText(*feature, "type", constraint.type);
    setText(*feature, "effect", constraint.effect);
    setReal(*feature, "value", constraint.value);
    setText(*feature, "name", constraint.name);
    feature->SetGeometry(constraint.area.get());
    writer.write(*feature);
  }
}

struct FacilitySpec {
  const char* type;
  const char* name;
  LonLat where;
  const char* sector;
  const char* tier;
  const char* subsector;
};

// Transport, research and utility facilities. Positions are approximate (a demo, not a survey).
const std::vector<FacilitySpec> kFacilities{
    // Expressway exits on G20 青银, G15 沈海, G22 胶州湾 and the airport expressway.
    {"highway_exit", "流亭立交收费站", {120.365, 36.245}, nullptr, nullptr, nullptr},
    {"highway_exit", "城阳收费站", {120.345, 36.277}, nullptr, nullptr, nullptr},
    {"highway_exit", "棘洪滩收费站", {120.305, 36.316}, nullptr, nullptr, nullptr},
    {"highway_exit", "上马收费站", {120.255, 36.350}, nullptr, nullptr, nullptr},
    {"highway_exit", "惜福镇收费站", {120.460, 36.338}, nullptr, nullptr, nullptr},
    {"highway_exit", "夏庄收费站", {120.428, 36.276}, nullptr, nullptr, nullptr},
    {"highway_exit", "青岛北收费站", {120.405, 36.218}, nullptr, nullptr, nullptr},
    {"highway_exit", "红岛收费站", {120.272, 36.226}, nullptr, nullptr, nullptr},
    {"highway_exit", "河套收费站", {120.190, 36.246}, nullptr, nullptr, nullptr},
    {"highway_exit", "上马南收费站", {120.210, 36.312}, nullptr, nullptr, nullptr},
    {"highway_exit", "胶东机场收费站", {120.110, 36.352}, nullptr, nullptr, nullptr},
    // Railway.
    {"rail_station", "城阳站", {120.383, 36.296}, nullptr, nullptr, nullptr},
    {"rail_station", "红岛站", {120.252, 36.276}, nullptr, nullptr, nullptr},
    {"rail_station", "青岛北站", {120.372, 36.171}, nullptr, nullptr, nullptr},
    {"rail_station", "胶东机场站", {120.092, 36.358}, nullptr, nullptr, nullptr},
    {"rail_freight", "胶济铁路城阳货场", {120.377, 36.305}, nullptr, nullptr, nullptr},
    {"rail_freight", "棘洪滩铁路物流中心", {120.312, 36.336}, nullptr, nullptr, nullptr},
    {"port", "青岛港前湾港区", {120.200, 36.010}, nullptr, nullptr, nullptr},
    {"port", "青岛港大港港区", {120.310, 36.088}, nullptr, nullptr, nullptr},
    {"airport", "青岛胶东国际机场", {120.088, 36.362}, nullptr, nullptr, nullptr},
    // Metro lines 1, 3 and 8.
    {"metro", "地铁1号线东郭庄站", {120.405, 36.322}, nullptr, nullptr, nullptr},
    {"metro", "地铁1号线正阳路站", {120.398, 36.302}, nullptr, nullptr, nullptr},
    {"metro", "地铁1号线城阳人民医院站", {120.390, 36.286}, nullptr, nullptr, nullptr},
    {"metro", "地铁1号线流亭站", {120.378, 36.262}, nullptr, nullptr, nullptr},
    {"metro", "地铁1号线安顺路站", {120.372, 36.238}, nullptr, nullptr, nullptr},
    {"metro", "地铁3号线青岛北站", {120.373, 36.172}, nullptr, nullptr, nullptr},
    {"metro", "地铁3号线永平路站", {120.380, 36.160}, nullptr, nullptr, nullptr},
    {"metro", "地铁8号线大洋站", {120.195, 36.298}, nullptr, nullptr, nullptr},
    {"metro", "地铁8号线红岛火车站站", {120.254, 36.278}, nullptr, nullptr, nullptr},
    {"metro", "地铁8号线红岛站", {120.262, 36.243}, nullptr, nullptr, nullptr},
    {"metro", "地铁8号线胶东机场站", {120.090, 36.360}, nullptr, nullptr, nullptr},
    // Universities and research institutes.
    {"university", "青岛农业大学", {120.402, 36.318}, "research", nullptr, "agritech"},
    {"university", "青岛城市学院", {120.455, 36.305}, "research", nullptr, "engineering"},
    {"university", "青岛恒星科技学院", {120.435, 36.235}, "research", nullptr, "engineering"},
    {"university", "青岛酒店管理职业技术学院", {120.378, 36.318}, "research", nullptr, "services"},
    {"research_institute", "国家高速列车技术创新中心", {120.328, 36.322}, "research", nullptr, "rail_transit"},
    {"research_institute", "轨道交通车辆研究院", {120.322, 36.312}, "research", nullptr, "rail_transit"},
    {"research_institute", "青岛海洋生物医药研究院(城阳基地)", {120.452, 36.248}, "research", nullptr, "biomedicine"},
    {"research_institute", "山东省新材料研究院青岛分院", {120.228, 36.322}, "research", nullptr, "new_materials"},
    // Substations.
    {"substation", "棘洪滩220kV变电站", {120.302, 36.330}, nullptr, nullptr, nullptr},
    {"substation", "上马110kV变电站", {120.232, 36.330}, nullptr, nullptr, nullptr},
    {"substation", "城阳220kV变电站", {120.405, 36.295}, nullptr, nullptr, nullptr},
    {"substation", "夏庄110kV变电站", {120.440, 36.252}, nullptr, nullptr, nullptr},
    {"substation", "惜福镇110kV变电站", {120.508, 36.310}, nullptr, nullptr, nullptr},
    {"substation", "红岛220kV变电站", {120.270, 36.255}, nullptr, nullptr, nullptr},
    {"substation", "河套110kV变电站", {120.172, 36.290}, nullptr, nullptr, nullptr},
};

struct EnterpriseSpec {
  const char* name;
  std::size_t park;  ///< index into kParks: where it sits
  const char* sector;
  const char* subsector;
  const char* tier;
};

// Existing enterprises (invented names; tiers plausible for their size).
const std::vector<EnterpriseSpec> kEnterprises{
    {"华轨轨道交通装备股份有限公司", 0, "advanced_mfg", "rail_transit", "global500"},
    {"青岛四方轨道车辆配套有限公司", 0, "advanced_mfg", "rail_transit", "industry100"},
    {"中城轨道牵引系统有限公司", 0, "emerging", "rail_transit", "china500"},
    {"青岛博瑞轨道交通科技有限公司", 0, "research", "rail_transit", "other"},
    {"青岛恒泰智能装备有限公司", 1, "advanced_mfg", "intelligent_equipment", "industry100"},
    {"青岛新松机器人科技有限公司", 1, "emerging", "robotics", "private500"},
    {"青岛鑫达新材料股份有限公司", 2, "advanced_mfg", "new_materials", "private500"},
    {"青岛海润高分子材料有限公司", 2, "emerging", "new_materials", "other"},
    {"海联冷链物流(青岛)有限公司", 3, "modern_services", "logistics", "service500"},
    {"丝路通国际供应链有限公司", 3, "modern_services", "cross_border_ecommerce", "other"},
    {"青岛瑞芯微电子有限公司", 4, "emerging", "electronics", "private500"},
    {"红岛智算科技有限公司", 4, "emerging", "artificial_intelligence", "other"},
    {"青岛临空航空服务有限公司", 5, "modern_services", "aviation_services", "service500"},
    {"青岛国际会展运营有限公司", 5, "district_dev", "exhibition", "other"},
    {"青岛金宇汽车部件有限公司", 6, "advanced_mfg", "automotive", "industry100"},
    {"青岛康泰新能源汽车电驱有限公司", 6, "advanced_mfg", "new_energy_vehicles", "china500"},
    {"青岛康源生物医药股份有限公司", 7, "biomedicine", "biomedicine", "private500"},
    {"青岛诺康医疗器械有限公司", 7, "biomedicine", "medical_devices", "other"},
    {"青岛宇联半导体有限公司", 8, "emerging", "semiconductors", "china500"},
    {"青岛感创传感技术有限公司", 8, "emerging", "sensors", "other"},
    {"华北区域结算中心(青岛)有限公司", 9, "hq_economy", "headquarters", "global500"},
    {"青岛城阳金融服务有限公司", 9, "modern_services", "finance", "service500"},
    {"青岛城阳片区开发建设有限公司", 9, "district_dev", "urban_renewal", "other"},
};

void writeFacilities(const SampleGenerator& generator, const ParcelLayout& layout,
                     const std::vector<std::pair<std::size_t, GkPoint>>& occupiedParcels, LayerWriter& writer) {
  Rng rng(generator.m_options.seed, Stream::Facilities);
  int number = 0;
  auto write = [&](const std::string& type, const std::string& name, GkPoint where, const char* sector,
                   const char* tier, const char* subsector) {
    auto feature = writer.newFeature();
    setText(*feature, "id", formatId("F-", ++number, 4));
    setText(*feature, "type", type);
    setText(*feature, "name", name);
    setText(*feature, "sector", sector ? std::optional<std::string>(sector) : std::nullopt);
    setText(*feature, "tier", tier ? std::optional<std::string>(tier) : std::nullopt);
    setText(*feature, "subsector", subsector ? std::optional<std::string>(subsector) : std::nullopt);
    feature->SetGeometryDirectly(new OGRPoint(where.x, where.y));
    writer.write(*feature);
  };
  for (const FacilitySpec& facility : kFacilities)
    write(facility.type, facility.name, generator.m_projector.project(facility.where), facility.sector, facility.tier,
          facility.subsector);
  // Enterprises sit on built or allocated land of their park, else in one of its built blocks.
  std::vector<std::size_t> usedOccupied;
  for (const EnterpriseSpec& enterprise : kEnterprises) {
    std::optional<GkPoint> where;
    const std::size_t park = enterprise.park % generator.m_parks.size();
    for (std::size_t k = 0; k < occupiedParcels.size() && !where; ++k) {
      if (occupiedParcels[k].first != park) continue;
      if (std::find(usedOccupied.begin(), usedOccupied.end(), k) != usedOccupied.end()) continue;
      if (!rng.chance(0.5)) continue;
      usedOccupied.push_back(k);
      where = occupiedParcels[k].second;
    }
    if (!where) {
      for (const BuiltBlock& block : layout.builtBlocks)
        if (block.park == park) {
          where = GkPoint{(block.corners[0].x + block.corners[2].x) / 2, (block.corners[0].y + block.corners[2].y) / 2};
          break;
        }
    }
    if (!where) where = generator.m_parks[park].core;
    write("enterprise", enterprise.name, *where, enterprise.sector, enterprise.tier, enterprise.subsector);
  }
}

struct ProjectTemplate {
  const char* name;
  const char* core;  ///< enterprise name core, e.g. "华轨装备"
  const char* sector;
  const char* subsector;
  double landMinMu;  ///< 0: the project wants floor space, not land
  double landMaxMu;
  double floorNeed;  ///< m² of vacant floor, 0 when land is wanted
  const char* buildingType;
  double floorLoadMin;
  double clearHeightMin;
  int pollutionClass;
  double heightM;
  const char* near;
};

const std::vector<ProjectTemplate> kProjectTemplates{
    {"轨道交通转向架智能制造基地", "华轨装备", "advanced_mfg", "rail_transit", 60, 120, 0, nullptr, 0, 0, 2, 24, "highway_exit<=5000;rail_freight<=8000"},
    {"城轨车辆牵引系统研发及产业化项目", "中科电驱", "advanced_mfg", "rail_transit", 30, 60, 0, nullptr, 0, 0, 1, 40, "highway_exit<=6000"},
    {"新能源汽车电驱总成项目", "锐动新能源", "advanced_mfg", "new_energy_vehicles", 80, 150, 0, nullptr, 0, 0, 2, 24, "highway_exit<=5000;port<=40000"},
    {"汽车轻量化铝合金部件项目", "鑫锐汽车部件", "advanced_mfg", "automotive", 40, 80, 0, nullptr, 0, 0, 3, 24, "highway_exit<=8000"},
    {"工业机器人整机及关键部件项目", "智元机器人", "emerging", "robotics", 20, 40, 0, nullptr, 0, 0, 1, 24, "highway_exit<=6000"},
    {"高端数控机床产业化项目", "京华精机", "advanced_mfg", "machinery", 50, 100, 0, nullptr, 0, 0, 2, 24, "highway_exit<=8000;port<=45000"},
    {"第三代半导体功率器件封测项目", "芯源微电子", "emerging", "semiconductors", 40, 80, 0, nullptr, 0, 0, 2, 24, "highway_exit<=8000;airport<=40000"},
    {"智能传感器研发中心", "感知科技", "emerging", "sensors", 0, 0, 3000, "office", 3, 3.5, 1, 0, "metro<=1500"},
    {"创新药中试及产业化基地", "康源生物", "biomedicine", "biomedicine", 30, 60, 0, nullptr, 0, 0, 2, 24, "university<=15000"},
    {"高端医疗器械产业园项目", "医械科技", "biomedicine", "medical_devices", 20, 50, 0, nullptr, 0, 0, 1, 40, "highway_exit<=8000"},
    {"体外诊断试剂生产项目", "诺诊生物", "biomedicine", "biomedicine", 0, 0, 5000, "lab", 5, 4.5, 1, 0, nullptr},
    {"冷链物流分拨中心", "海联冷链", "modern_services", "logistics", 50, 120, 0, nullptr, 0, 0, 1, 24, "highway_exit<=3000;port<=40000"},
    {"跨境电商智慧物流园", "丝路通供应链", "modern_services", "cross_border_ecommerce", 80, 200, 0, nullptr, 0, 0, 1, 24, "highway_exit<=4000;airport<=35000"},
    {"区域总部及结算中心", "华北结算", "hq_economy", "headquarters", 10, 25, 0, nullptr, 0, 0, 1, 100, "metro<=2000"},
    {"金融科技运营中心", "联信金融科技", "hq_economy", "finance", 0, 0, 8000, "office", 2.5, 3.2, 1, 0, "metro<=1000"},
    {"新材料研发及中试基地", "鑫达新材料", "research", "new_materials", 20, 40, 0, nullptr, 0, 0, 2, 40, "university<=20000"},
    {"高校科技成果转化中心", "科转创投", "research", "tech_transfer", 0, 0, 4000, "incubator", 3.5, 4, 1, 0, "university<=5000"},
    {"城中村改造片区综合开发项目", "城建发展", "district_dev", "urban_renewal", 150, 290, 0, nullptr, 0, 0, 1, 80, nullptr},
    {"氢能装备制造项目", "氢动能源", "emerging", "hydrogen", 60, 100, 0, nullptr, 0, 0, 3, 24, "highway_exit<=6000"},
    {"锂电池储能系统集成项目", "储能科技", "emerging", "energy_storage", 50, 90, 0, nullptr, 0, 0, 2, 24, "substation<=3000"},
    {"航空物流及航材保障基地", "航安物流", "modern_services", "aviation_services", 40, 80, 0, nullptr, 0, 0, 1, 24, "airport<=30000;highway_exit<=5000"},
    {"数字经济产业园运营项目", "数城科技", "district_dev", "software", 0, 0, 20000, "office", 2.5, 3.2, 1, 0, "metro<=2000"},
    {"海洋生物制品产业化项目", "海润生物", "biomedicine", "marine_biology", 25, 45, 0, nullptr, 0, 0, 2, 24, nullptr},
    {"精密模具及注塑件项目", "恒精模具", "advanced_mfg", "machinery", 15, 30, 0, nullptr, 0, 0, 2, 24, "highway_exit<=10000"},
    {"工业互联网平台区域中心", "智联工业", "modern_services", "industrial_internet", 0, 0, 2500, "office", 2.5, 3.2, 1, 0, nullptr},
    {"智能装备标准厂房租赁项目", "精工智造", "advanced_mfg", "intelligent_equipment", 0, 0, 6000, "factory", 10, 8, 2, 0, "highway_exit<=6000"},
    {"农业科技研究院", "农科研究", "research", "agritech", 10, 20, 0, nullptr, 0, 0, 1, 24, "university<=10000"},
    {"企业研发总部", "博创集团", "hq_economy", "rd_headquarters", 15, 30, 0, nullptr, 0, 0, 1, 60, "metro<=3000"},
    {"改性塑料及化工新材料项目", "华塑新材", "advanced_mfg", "chemicals", 40, 70, 0, nullptr, 0, 0, 3, 24, "highway_exit<=8000;port<=45000"},
    {"冷链食品加工项目", "鲜达食品", "advanced_mfg", "food_processing", 20, 35, 0, nullptr, 0, 0, 2, 24, "highway_exit<=5000"},
};

constexpr std::array<const char*, 6> kTiers{"global500", "china500", "private500", "service500", "industry100", "other"};
constexpr std::array<const char*, 5> kOrigins{"capital_region", "shenzhen_dongguan_huizhou", "yangtze_delta",
                                              "belt_and_road", "other"};
constexpr std::array<const char*, 6> kStages{"lead", "negotiating", "signed", "landed", "building", "operating"};

std::string enterpriseName(Rng& rng, const char* core, std::string_view origin, std::string_view tier) {
  std::vector<std::string> places;
  if (origin == "capital_region") places = {"北京", "天津", "雄安"};
  else if (origin == "shenzhen_dongguan_huizhou") places = {"深圳", "东莞", "惠州"};
  else if (origin == "yangtze_delta") places = {"上海", "苏州", "杭州", "宁波", "无锡"};
  else if (origin == "belt_and_road") places = {"新加坡", "德国", "马来西亚", "哈萨克斯坦", "匈牙利"};
  else places = {"济南", "烟台", "潍坊", "青岛"};
  const std::string place = rng.pick(places);
  const std::string suffix = tier == "global500" || tier == "china500" ? "集团有限公司"
                             : origin == "belt_and_road"                  ? "(中国)投资有限公司"
                                                                          : "股份有限公司";
  return place + core + suffix;
}

void writeProjects(const SampleGenerator& generator, const std::vector<std::pair<std::size_t, GkPoint>>& occupiedParcels,
                   LayerWriter& writer) {
  Rng rng(generator.m_options.seed, Stream::Projects);
  for (int i = 0; i < generator.m_options.projectCount; ++i) {
    const std::size_t t = static_cast<std::size_t>(i) % kProjectTemplates.size();
    const ProjectTemplate& spec = kProjectTemplates[t];
    const std::size_t round = static_cast<std::size_t>(i) / kProjectTemplates.size();
    // Codes rotate with coprime strides so that every tier, origin and stage appears and they
    // are not correlated with the sector.
    const std::size_t ui = static_cast<std::size_t>(i);
    const std::string tier = kTiers[(ui * 5 + 1) % kTiers.size()];
    const std::string origin = kOrigins[(ui * 3 + 2) % kOrigins.size()];
    const std::string stage = kStages[(ui + ui / 6) % kStages.size()];

    auto feature = writer.newFeature();
    setText(*feature, "id", formatId("P-", i + 1, 3));
    std::string name = spec.name;
    if (round == 1) name += "(二期)";
    else if (round >= 2) name += "(" + std::to_string(round + 1) + "期)";
    setText(*feature, "name", name);
    const bool incomplete = rng.chance(0.12);  // early leads often lack data
    setText(*feature, "enterprise",
            incomplete && stage == "lead" ? std::nullopt
                                          : std::optional<std::string>(enterpriseName(rng, spec.core, origin, tier)));
    setText(*feature, "tier", tier);
    setText(*feature, "origin", origin);
    setText(*feature, "sector", std::string(spec.sector));
    setText(*feature, "subsector", std::string(spec.subsector));

    const bool wantsLand = spec.landMinMu > 0;
    const double sizeFactor = rng.uniform(0.85, 1.15);
    double investment = 0;
    if (wantsLand) {
      const double minM2 = std::round(spec.landMinMu * sizeFactor * kSquareMetresPerMu / 100) * 100;
      const double maxM2 = std::round(spec.landMaxMu * sizeFactor * kSquareMetresPerMu / 100) * 100;
      // Some specs give only a lower or only an upper bound.
      const double pick = rng.uniform();
      setReal(*feature, "land_min_m2", pick < 0.08 ? std::nullopt : std::optional<double>(minM2));
      setReal(*feature, "land_max_m2", pick > 0.92 ? std::nullopt : std::optional<double>(maxM2));
      setReal(*feature, "floor_need_m2", std::nullopt);
      setText(*feature, "building_type", std::optional<std::string>());
      setReal(*feature, "floor_load_min", std::nullopt);
      setReal(*feature, "clear_height_min_m", std::nullopt);
      // Investment intensity of 300-800 万元 per 亩 (Qingdao's industrial land benchmarks).
      investment = std::round((spec.landMinMu + spec.landMaxMu) / 2 * rng.uniform(300, 800) / 100) * 100;
    } else {
      setReal(*feature, "land_min_m2", std::nullopt);
      setReal(*feature, "land_max_m2", std::nullopt);
      setReal(*feature, "floor_need_m2", std::round(spec.floorNeed * sizeFactor / 100) * 100);
      setText(*feature, "building_type", std::string(spec.buildingType));
      setReal(*feature, "floor_load_min", spec.floorLoadMin);
      setReal(*feature, "clear_height_min_m", spec.clearHeightMin);
      investment = std::round(spec.floorNeed * rng.uniform(0.8, 2.0) / 100) * 100;
    }
    investment = std::max(investment, 2000.0);
    setReal(*feature, "investment_wan", investment);
    const std::vector<std::int64_t> powerSteps{315, 630, 1000, 2000, 4000, 6300};
    setInteger(*feature, "power_kva", incomplete ? std::nullopt
                                                 : std::optional<std::int64_t>(wantsLand ? rng.pick(powerSteps)
                                                                                         : rng.pick(std::vector<std::int64_t>{100, 200, 400})));
    setInteger(*feature, "pollution_class", spec.pollutionClass);
    setReal(*feature, "height_m", spec.heightM > 0 ? std::optional<double>(spec.heightM) : std::nullopt);
    const double output = std::round(investment * rng.uniform(1.0, 2.2) / 100) * 100;
    setInteger(*feature, "jobs", static_cast<std::int64_t>(std::round(investment / rng.uniform(80, 250))));
    setReal(*feature, "output_wan", incomplete ? std::nullopt : std::optional<double>(output));
    setReal(*feature, "tax_wan", incomplete ? std::nullopt : std::optional<double>(std::round(output * rng.uniform(0.04, 0.08))));
    setReal(*feature, "energy_tce",
            incomplete || !wantsLand ? std::nullopt : std::optional<double>(std::round(output * rng.uniform(0.02, 0.09))));
    setText(*feature, "stage", stage);
    setText(*feature, "near", spec.near ? std::optional<std::string>(spec.near) : std::nullopt);

    // Projects that have land get a point on an allocated/building/built parcel.
    if ((stage == "landed" || stage == "building" || stage == "operating") && !occupiedParcels.empty()) {
      const GkPoint where = occupiedParcels[(ui * 37) % occupiedParcels.size()].second;
      feature->SetGeometryDirectly(new OGRPoint(where.x, where.y));
    }
    writer.write(*feature);
  }
}

/// Roads, water and places (sample_context.h): the fixed tables, the grid roads between the parks'
/// blocks (named as the parcel names name them, clipped to the district) and the reservoirs.
void writeContext(const SampleGenerator& generator, const ParcelLayout& layout, LayerWriter& roads, LayerWriter& water, LayerWriter& places) {
  const GeosGeometryPtr outline = toGeos(*generator.m_outline);
  const GeosPreparedPtr outlinePrepared = prepareGeometry(outline.get());
  GEOSContextHandle_t context = geosContext();
  std::vector<sample::ContextFeature> gridRoads;
  for (const ParcelLayout::GridRoad& road : layout.gridRoads) {
    const std::size_t offset = road.park * 7U;
    const std::string name = road.eastWest ? kEastWestRoads[(static_cast<std::size_t>(road.line + 10000) + offset) % kEastWestRoads.size()]
                                           : kNorthSouthRoads[(static_cast<std::size_t>(road.line + 10000) + offset) % kNorthSouthRoads.size()];
    auto line = std::make_unique<OGRLineString>();
    line->addPoint(road.from.x, road.from.y);
    line->addPoint(road.to.x, road.to.y);
    const GeosGeometryPtr probe = toGeos(*line);
    std::unique_ptr<OGRGeometry> geometry = std::move(line);
    if (GEOSPreparedContains_r(context, outlinePrepared.get(), probe.get()) != 1) {
      geometry.reset(geometry->Intersection(generator.m_outline.get()));  // a block on the coast: the road stops there
      if (!geometry || geometry->IsEmpty() || (wkbFlatten(geometry->getGeometryType()) != wkbLineString &&
                                               wkbFlatten(geometry->getGeometryType()) != wkbMultiLineString))
        continue;
    }
    gridRoads.push_back({"", road.main ? "main" : "secondary", name, std::move(geometry)});
  }
  std::vector<sample::ContextFeature> reservoirs;
  for (const auto& [name, area] : generator.m_reservoirs)
    reservoirs.push_back({"", "reservoir", name, std::unique_ptr<OGRGeometry>(area->clone())});
  // The district government (the seat of 城阳街道, as gisdata/district_seat.json) and the other offices.
  std::vector<std::pair<std::string, sample::Degrees>> governments;
  for (const SubdistrictSeat& seat : kSubdistricts)
    governments.emplace_back(std::string_view(seat.name) == "城阳街道" ? std::string("城阳区人民政府") : std::string(seat.name) + "办事处",
                             sample::Degrees{seat.seat.lon, seat.seat.lat});
  const auto project = [&](sample::Degrees point) {
    const GkPoint p = generator.m_projector.project(LonLat{point.lon, point.lat});
    return sample::Metres{p.x, p.y};
  };
  sample::ContextLayers layers = sample::buildSampleContext(project, std::move(gridRoads), std::move(reservoirs), governments);
  const auto write = [](LayerWriter& writer, std::vector<sample::ContextFeature>& features) {
    for (sample::ContextFeature& source : features) {
      auto feature = writer.newFeature();
      setText(*feature, "id", source.id);
      setText(*feature, "class", source.featureClass);
      setText(*feature, "name", source.name);
      feature->SetGeometryDirectly(source.geometry.release());
      writer.write(*feature);
    }
  };
  write(roads, layers.roads);
  write(water, layers.water);
  write(places, layers.places);
}

/// Removes a partly written output unless it was committed.
class OutputGuard {
 public:
  explicit OutputGuard(std::filesystem::path path) : m_path(std::move(path)) {}
  ~OutputGuard() {
    if (m_committed) return;
    std::error_code ignored;
    std::filesystem::remove(m_path, ignored);
    std::filesystem::remove(m_path.string() + "-journal", ignored);
    std::filesystem::remove(m_path.string() + "-wal", ignored);
    std::filesystem::remove(m_path.string() + "-shm", ignored);
  }
  void commit() { m_committed = true; }

 private:
  std::filesystem::path m_path;
  bool m_committed = false;
};

}  // namespace

SampleSummary writeSampleGeoPackage(const SampleOptions& options, const std::filesystem::path& gpkgPath) {
  if (options.parcelCount < 1 || options.parcelCount > 5'000'000)
    throw Error(ErrorCode::Usage, "the parcel count must be between 1 and 5000000");
  if (options.parkCount < 1 || options.parkCount > 60) throw Error(ErrorCode::Usage, "the park count must be between 1 and 60");
  if (options.buildingCount < 0 || options.projectCount < 0)
    throw Error(ErrorCode::Usage, "building and project counts must not be negative");
  if (options.districtsGeoJson.empty())
    throw Error(ErrorCode::Usage, "the district outlines (qingdao-districts.geojson) are required");
  std::error_code error;
  if (std::filesystem::exists(gpkgPath, error))
    throw Error(ErrorCode::Io, "the output already exists; refusing to overwrite it", {.file = gpkgPath.string()});

  GDALAllRegister();
  const Projector projector;
  SampleGenerator generator(options, projector);
  generator.loadDistricts();
  generator.buildSubdistricts();
  generator.planParks();
  generator.buildFixedConstraints();

  // Lengths shrink when the parcels would not fit at full size: aim to use at most ~45% of the
  // district (lots average ~34 亩 at full size, and roads and built blocks take another ~30%); if
  // the parks still run out of room, shrink further.
  const double outlineArea = generator.m_outline->get_Area();
  const double meanLotArea = 34.0 * kSquareMetresPerMu / 0.7;
  double linearScale =
      std::min(1.0, std::sqrt(0.45 * outlineArea / (static_cast<double>(options.parcelCount) * meanLotArea)));
  ParcelLayout layout;
  for (int attempt = 0;; ++attempt) {
    layout = generator.layOutParcels(linearScale);
    if (static_cast<std::int64_t>(layout.parcels.size()) >= options.parcelCount) break;
    if (attempt == 8)
      throw Error(ErrorCode::Internal, "cannot fit " + std::to_string(options.parcelCount) + " parcels into the district");
    linearScale *= 0.8;
  }
  generator.buildDevelopmentBoundaries(layout);

  const std::string path = gpkgPath.string();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (!driver) throw Error(ErrorCode::Io, "GDAL has no GPKG driver");
  OutputGuard guard(gpkgPath);
  GDALDatasetUniquePtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!dataset) throw Error(ErrorCode::Io, "cannot create the GeoPackage: " + std::string(CPLGetLastErrorMsg()), {.file = path});

  const OGRSpatialReference& srs = projector.gaussKruger();
  LayerWriter boundaries(*dataset, "boundaries", wkbMultiPolygon, srs,
                         {{"id", OFTString}, {"name", OFTString}, {"level", OFTString}});
  LayerWriter parks(*dataset, "parks", wkbPolygon, srs,
                    {{"id", OFTString}, {"name", OFTString}, {"sectors", OFTString}, {"subsectors", OFTString},
                     {"subdistrict", OFTString}, {"operator", OFTString}, {"contact", OFTString}});
  LayerWriter parcels(*dataset, "parcels", wkbMultiPolygon, srs,
                      {{"id", OFTString}, {"name", OFTString}, {"land_use", OFTString}, {"status", OFTString},
                       {"subdistrict", OFTString}, {"price_wan_per_mu", OFTReal}, {"far_min", OFTReal},
                       {"far_max", OFTReal}, {"height_max_m", OFTReal}, {"density_max", OFTReal},
                       {"power_kva", OFTInteger}, {"water", OFTInteger}, {"gas", OFTInteger}, {"sewage", OFTInteger},
                       {"road", OFTInteger}, {"available_from", OFTDate}, {"owner", OFTString}});
  LayerWriter buildings(*dataset, "buildings", wkbUnknown, srs,
                        {{"id", OFTString}, {"name", OFTString}, {"park_id", OFTString}, {"type", OFTString},
                         {"vacant_floor_m2", OFTReal}, {"floor_load_kn_m2", OFTReal}, {"clear_height_m", OFTReal},
                         {"power_kva", OFTInteger}, {"rent_yuan_m2_month", OFTReal}, {"available_from", OFTDate}});
  LayerWriter constraints(*dataset, "constraints", wkbMultiPolygon, srs,
                          {{"id", OFTString}, {"type", OFTString}, {"effect", OFTString}, {"value", OFTReal},
                           {"name", OFTString}});
  LayerWriter facilities(*dataset, "facilities", wkbPoint, srs,
                         {{"id", OFTString}, {"type", OFTString}, {"name", OFTString}, {"sector", OFTString},
                          {"tier", OFTString}, {"subsector", OFTString}});
  LayerWriter roads(*dataset, "roads", wkbUnknown, srs, {{"id", OFTString}, {"class", OFTString}, {"name", OFTString}});
  LayerWriter water(*dataset, "water", wkbUnknown, srs, {{"id", OFTString}, {"class", OFTString}, {"name", OFTString}});
  LayerWriter places(*dataset, "places", wkbPoint, srs, {{"id", OFTString}, {"class", OFTString}, {"name", OFTString}});
  LayerWriter projects(*dataset, "projects", wkbPoint, srs,
                       {{"id", OFTString}, {"name", OFTString}, {"enterprise", OFTString}, {"tier", OFTString},
                        {"origin", OFTString}, {"sector", OFTString}, {"subsector", OFTString},
                        {"investment_wan", OFTReal}, {"land_min_m2", OFTReal}, {"land_max_m2", OFTReal},
                        {"floor_need_m2", OFTReal}, {"building_type", OFTString}, {"floor_load_min", OFTReal},
                        {"clear_height_min_m", OFTReal}, {"power_kva", OFTInteger}, {"pollution_class", OFTInteger},
                        {"height_m", OFTReal}, {"jobs", OFTInteger}, {"output_wan", OFTReal}, {"tax_wan", OFTReal},
                        {"energy_tce", OFTReal}, {"stage", OFTString}, {"near", OFTString}});

  // One transaction for everything: SQLite commits per statement otherwise, which is ~100x slower.
  if (dataset->StartTransaction() != OGRERR_NONE)
    throw Error(ErrorCode::Io, "cannot start a transaction", {.file = path});
  std::vector<std::pair<std::size_t, GkPoint>> occupiedParcels;
  writeBoundaries(generator, boundaries);
  writeParks(generator, layout, parks);
  writeParcels(generator, layout, parcels, occupiedParcels);
  writeBuildings(generator, layout, buildings);
  writeConstraints(generator, constraints);
  writeFacilities(generator, layout, occupiedParcels, facilities);
  writeProjects(generator, occupiedParcels, projects);
  writeContext(generator, layout, roads, water, places);
  if (dataset->CommitTransaction() != OGRERR_NONE)
    throw Error(ErrorCode::Io, "cannot commit the GeoPackage: " + std::string(CPLGetLastErrorMsg()), {.file = path});
  dataset.reset();  // closes the file (and builds the spatial indexes) before we report success

  SampleSummary summary;
  for (const LayerWriter* writer : {&parcels, &parks, &buildings, &constraints, &facilities, &boundaries, &projects, &roads, &water, &places})
    summary.featureCounts[writer->name()] = writer->count();
  guard.commit();
  return summary;
}

}  // namespace landbank
