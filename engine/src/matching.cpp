// The matching engine. Layout of one match over parcels:
//   1. The offered parcels live in flat arrays (fid, land use, area) loaded with the engine; a loop
//      over them counts the parcels that fail status, land use or area (the first three hard rules).
//   2. Parcels that pass get a cached ParcelDetail on first sight (row, geometry, the constraints
//      around it); worker threads (one GEOS context each, their own prepared constraint polygons)
//      check the remaining hard rules on it, measuring each fact lazily the first time a rule needs
//      it and keeping it: facts that depend on the parcel only are reused by later matches,
//      reverse matching and --why.
//   3. Survivors are scored (bare scores first); the best --top get their criteria spelled out and
//      everything is ranked (score descending, then id).
#include "landbank/matching.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cmath>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <numbers>
#include <random>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "detail/convex_clip.h"
#include "detail/geos.h"
#include "detail/sqlite.h"
#include "landbank/texts.h"
#include "landbank/crs.h"
#include "landbank/error.h"
#include "ledger/reservation_filter.h"
#include "match/near_rule.h"
#include "match/power_rule.h"
#include "landbank/features.h"
#include "landbank/layers.h"
#include "landbank/store.h"
#include "landbank/units.h"

namespace landbank {

namespace {

using nlohmann::json;

// ---------------------------------------------------------------- small helpers

struct StrTreeDeleter {
  void operator()(GEOSSTRtree* tree) const { GEOSSTRtree_destroy_r(geosContext(), tree); }
};
using StrTreePtr = std::unique_ptr<GEOSSTRtree, StrTreeDeleter>;

StrTreePtr makeTree() { return StrTreePtr(GEOSSTRtree_create_r(geosContext(), 10)); }

// Queries a tree whose items are indices (stored as index + 1 so that 0 is never a null pointer).
std::vector<std::size_t> queryIndices(GEOSSTRtree* tree, const GEOSGeometry* envelope) {
  std::vector<std::size_t> hits;
  GEOSSTRtree_query_r(
      geosContext(), tree, envelope,
      [](void* item, void* user) {
        static_cast<std::vector<std::size_t>*>(user)->push_back(reinterpret_cast<std::uintptr_t>(item) - 1);
      },
      &hits);
  std::sort(hits.begin(), hits.end());
  return hits;
}

void* indexItem(std::size_t index) { return reinterpret_cast<void*>(static_cast<std::uintptr_t>(index + 1)); }

GeosGeometryPtr envelopeOf(const GEOSGeometry* geometry, double grow) {
  double minX = 0, minY = 0, maxX = 0, maxY = 0;
  geometryEnvelope(geometry, minX, minY, maxX, maxY);
  return takeGeometry(GEOSGeom_createRectangle_r(geosContext(), minX - grow, minY - grow, maxX + grow, maxY + grow), "rectangle");
}

double clamp01(double value) { return std::clamp(value, 0.0, 1.0); }

// Linear normalisation: 1 at `best`, 0 at `worst` (either order).
double linearScore(double value, double best, double worst) {
  if (best == worst) return value <= best ? 1.0 : 0.0;
  return clamp01((value - worst) / (best - worst));
}

double param(const CriterionRule& rule, const char* key, double fallback) {
  return rule.params.contains(key) && rule.params.at(key).is_number() ? rule.params.at(key).get<double>() : fallback;
}

std::string groupedNumber(double value) {
  const long long rounded = std::llround(value);
  std::string digits = std::to_string(rounded < 0 ? -rounded : rounded);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  return (rounded < 0 ? "-" : "") + digits;
}

std::string areaText(double squareMetres, Language language) {
  return say(language, "{} m²（{:.1f} 亩）", "{} m² ({:.1f} 亩)", groupedNumber(squareMetres), squareMetresToMu(squareMetres));
}

// "at its north-east corner", "along its west side", "across its middle": where the overlap lies
// relative to the parcel.
std::string whereOnParcel(const GEOSGeometry* parcel, const GEOSGeometry* part, Language language) {
  double px = 0, py = 0, cx = 0, cy = 0, minX = 0, minY = 0, maxX = 0, maxY = 0;
  if (!geometryCentroid(parcel, px, py) || !geometryCentroid(part, cx, cy) || !geometryEnvelope(parcel, minX, minY, maxX, maxY))
    return "";
  const double dx = (cx - px) / std::max(1e-9, (maxX - minX) / 2), dy = (cy - py) / std::max(1e-9, (maxY - minY) / 2);
  if (std::hypot(dx, dy) < 0.25) return pick(language, "位于地块中部", "across its middle");
  const bool north = dy > 0.35, south = dy < -0.35, east = dx > 0.35, west = dx < -0.35;
  if ((north || south) && (east || west)) {
    if (language == Language::Chinese) return fmt::format("位于地块{}{}角", east ? "东" : "西", north ? "北" : "南");
    return fmt::format("at its {}-{} corner", north ? "north" : "south", east ? "east" : "west");
  }
  if (north) return pick(language, "沿地块北侧", "along its north side");
  if (south) return pick(language, "沿地块南侧", "along its south side");
  if (east) return pick(language, "沿地块东侧", "along its east side");
  return pick(language, "沿地块西侧", "along its west side");
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::vector<std::string> splitList(const json& value) {
  std::vector<std::string> list;
  if (value.is_array()) {
    for (const json& item : value)
      if (item.is_string()) list.push_back(item.get<std::string>());
  } else if (value.is_string()) {
    std::string item;
    for (char c : value.get<std::string>() + ",") {
      if (c == ',' || c == ';') {
        if (!item.empty()) list.push_back(item);
        item.clear();
      } else if (c != ' ') {
        item += c;
      }
    }
  }
  return list;
}

// Days from 1970-01-01 for "YYYY-MM-DD" (civil calendar, H. Hinnant's days_from_civil).
std::optional<long> daysFromDate(const std::string& text) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return std::nullopt;
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// ---------------------------------------------------------------- loaded layers

enum class Effect { Exclude, ExcludePolluting, RequireWithin, LimitHeight, Penalty, Other };

Effect effectOf(const std::string& effect) {
  if (effect == "exclude") return Effect::Exclude;
  if (effect == "exclude_polluting") return Effect::ExcludePolluting;
  if (effect == "require_within") return Effect::RequireWithin;
  if (effect == "limit_height") return Effect::LimitHeight;
  if (effect == "penalty") return Effect::Penalty;
  return Effect::Other;
}

struct ConstraintItem {
  std::string id, type, effect, name;
  Effect kind = Effect::Other;  ///< `effect` parsed once: it is tested per parcel and zone
  std::optional<double> value;
  GeosGeometryPtr geometry;
  // Its rings as plain points for clip::clippedArea (empty when not clippable: not polygonal, or
  // so many vertices that GEOS's indexed overlay is the cheaper way).
  std::vector<std::vector<clip::Point>> rings;
  std::vector<char> ringIsHole;
};

constexpr std::size_t kMaxClippedVertices = 512;
constexpr std::size_t kMaxScannedFacilities = 4096;  ///< above this, nearest facilities come from the STRtree

std::vector<clip::Point> ringPoints(const GEOSGeometry* ring) {
  GEOSContextHandle_t context = geosContext();
  const GEOSCoordSequence* sequence = GEOSGeom_getCoordSeq_r(context, ring);
  unsigned size = 0;
  if (!sequence || !GEOSCoordSeq_getSize_r(context, sequence, &size)) return {};
  std::vector<clip::Point> points(size);
  for (unsigned i = 0; i < size; ++i) GEOSCoordSeq_getXY_r(context, sequence, i, &points[i].x, &points[i].y);
  if (!points.empty()) points.pop_back();  // the closing point
  return points;
}

// Rings of a Polygon or MultiPolygon; false for any other type.
bool polygonRings(const GEOSGeometry* geometry, std::vector<std::vector<clip::Point>>& rings, std::vector<char>& holes) {
  GEOSContextHandle_t context = geosContext();
  const int type = GEOSGeomTypeId_r(context, geometry);
  if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) return false;
  const int parts = GEOSGetNumGeometries_r(context, geometry);
  for (int part = 0; part < parts; ++part) {
    const GEOSGeometry* polygon = GEOSGetGeometryN_r(context, geometry, part);
    rings.push_back(ringPoints(GEOSGetExteriorRing_r(context, polygon)));
    holes.push_back(0);
    const int interior = GEOSGetNumInteriorRings_r(context, polygon);
    for (int i = 0; i < interior; ++i) {
      rings.push_back(ringPoints(GEOSGetInteriorRingN_r(context, polygon, i)));
      holes.push_back(1);
    }
  }
  return true;
}

struct FacilityItem {
  std::string id, type, name, sector, subsector;
  GeosGeometryPtr geometry;
};

struct ParkItem {
  std::string id, name;
  std::vector<std::string> sectors, subsectors;
  GeosGeometryPtr geometry;
};

struct BuildingItem {
  std::int64_t fid = 0;
  std::string id, name, parkId, type, subdistrict, availableFrom;
  std::optional<double> vacant, floorLoad, clearHeight, power, rent;
  GeosGeometryPtr geometry;
};

// One parcel row as read from SQL (attributes only; the geometry is parsed by the worker).
struct ParcelRow {
  std::int64_t fid = 0;
  std::string id, name, landUse, status, subdistrict, availableFrom;
  std::optional<double> price, power;
  std::optional<bool> water, gas, sewage, road;
  double area = 0;
  std::vector<unsigned char> wkb;
};

// Everything about one parcel that does not depend on the project: its row, its geometry and the
// spatial facts the rules and criteria read. Made on the first match whose attribute rules the parcel
// passes and kept for the engine's lifetime (or until the parcels change). Facts are measured
// lazily: a parcel rejected by its first exclusion zone never pays for the overlay of the others.
// A detail is only ever touched by one thread at a time (one worker per parcel within a match).
struct ParcelDetail {
  static constexpr double kUnmeasured = -2;  ///< Hit::area before the constraint was tested
  static constexpr double kDisjoint = -1;    ///< Hit::area of a constraint whose envelope only touches
  static constexpr double kAbove = -3;       ///< clipped area clearly above the tolerance, not measured exactly
  static constexpr double kBelow = -4;       ///< clipped area clearly below the tolerance, not measured exactly
  struct Hit {
    std::size_t constraint;
    double area;  ///< overlap in m², or kUnmeasured / kDisjoint
  };
  ParcelRow row;
  GeosGeometryPtr geometry;
  std::vector<Hit> hits;              ///< constraints whose envelope meets the parcel's, by index
  std::optional<double> withinShare;  ///< share of the area inside the require_within union
  double perimeter = 0;
  std::vector<std::pair<std::size_t, std::optional<double>>> nearest;  ///< facility type index -> distance
  std::optional<std::vector<std::size_t>> enterprisesInRadius;        ///< within the supply-chain radius
  std::optional<std::vector<std::size_t>> parksHere;                  ///< parks it overlaps (> tolerance)
  std::vector<clip::Point> convex;  ///< its outline when it is one convex ring without holes (relative to origin)
  clip::Point origin;
  double minX = 0, minY = 0, maxX = 0, maxY = 0;  ///< envelope
  clip::Point vertex;                             ///< one point of the parcel (bounds the nearest distances)
  bool hasVertex = false;
};

const char* parcelColumns() {
  return "fid, id, name, land_use, status, subdistrict, price_wan_per_mu, power_kva, water, gas, sewage, road, "
         "available_from, area_m2, AsBinary(geom)";
}

ParcelRow parcelFromRow(const SqliteStatement& row) {
  ParcelRow parcel;
  parcel.fid = row.columnInt(0);
  parcel.id = row.columnText(1);
  parcel.name = row.columnOptionalText(2).value_or("");
  parcel.landUse = row.columnOptionalText(3).value_or("");
  parcel.status = row.columnOptionalText(4).value_or("");
  parcel.subdistrict = row.columnOptionalText(5).value_or("");
  parcel.price = row.columnOptionalDouble(6);
  parcel.power = row.columnOptionalDouble(7);
  auto flag = [&](int column) -> std::optional<bool> {
    if (row.isNull(column)) return std::nullopt;
    return row.columnInt(column) != 0;
  };
  parcel.water = flag(8);
  parcel.gas = flag(9);
  parcel.sewage = flag(10);
  parcel.road = flag(11);
  parcel.availableFrom = row.columnOptionalText(12).value_or("");
  parcel.area = row.columnOptionalDouble(13).value_or(0);
  parcel.wkb = row.columnBlob(14);
  return parcel;
}

std::string placeholders(std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) text += i ? ", ?" : "?";
  return text;
}

constexpr std::array<const char*, 2> kOfferedStatuses{"reserved", "available"};
constexpr std::array<const char*, 3> kOpenStages{"lead", "negotiating", "signed"};

// Collects the criteria of one candidate as scoring computes them. Ranking needs only each
// criterion's rule weight and score (the total is the same arithmetic on the same numbers, so it is
// bit-identical); names, units and raw values are built only for the candidates that are returned.
class CriteriaSink {
 public:
  void reset(bool detailed) {
    m_detailed = detailed;
    m_weights.clear();
    m_scores.clear();
    m_criteria.clear();
  }
  void add(std::string_view name, std::string_view suffix, double value, const char* unit, double score, std::string_view rule,
           double ruleWeight) {
    m_weights.push_back(ruleWeight);
    m_scores.push_back(score);
    if (m_detailed) m_criteria.push_back({std::string(name).append(suffix), value, unit, score, 0, std::string(rule)});
  }
  /// The total in [0, 1]; with `out` (detailed sinks only), each criterion with its weight
  /// renormalised over the criteria that apply.
  double finish(std::vector<CriterionScore>* out) {
    double sum = 0;
    for (double weight : m_weights) sum += weight;
    double total = 0;
    if (out) out->clear();
    for (std::size_t i = 0; i < m_weights.size(); ++i) {
      const double weight = sum > 0 ? m_weights[i] / sum : 0;
      total += weight * m_scores[i];
      if (out) {
        m_criteria[i].weight = weight;
        out->push_back(std::move(m_criteria[i]));
      }
    }
    return clamp01(total);
  }

 private:
  bool m_detailed = true;
  std::vector<double> m_weights, m_scores;
  std::vector<CriterionScore> m_criteria;
};

struct ScoringPlan {
  struct FacilityTerm {
    std::string type;
    double bestM = 0, worstM = 0, weight = 0;
  };
  std::vector<FacilityTerm> facilities;  ///< facility types the project cares about, in criterion order
  bool supplyChain = false;
  double supplyWeight = 0, saturation = 4;
  std::vector<std::string> related;  ///< subsectors up- or downstream of the project's
};

// Rank order: score descending (compared at 1e-9 so that rounding noise cannot reorder ties), then id.
bool ranksBefore(double scoreA, const std::string& idA, double scoreB, const std::string& idB) {
  const long long a = std::llround(scoreA * 1e9), b = std::llround(scoreB * 1e9);
  if (a != b) return a > b;
  return idA < idB;
}

}  // namespace

std::string_view candidateKindName(CandidateKind kind) { return kind == CandidateKind::Parcel ? "parcel" : "building"; }

// ---------------------------------------------------------------- the engine

struct MatchEngine::Impl {
  const Store* store = nullptr;
  RulePack rules;
  std::string loadedProvenance;  ///< import times of every layer when loaded (staleness check)

  std::vector<ConstraintItem> constraints;
  StrTreePtr constraintTree;
  GeosGeometryPtr requireWithinUnion;  ///< null when there are no require_within constraints
  std::string requireWithinType;       ///< the type named in reasons (dev_boundary in practice)

  std::vector<FacilityItem> facilities;
  std::map<std::string, StrTreePtr> facilityTrees;  ///< by type; items are indices
  std::map<std::string, std::vector<std::size_t>> facilitiesByType;
  std::vector<std::size_t> enterprises;
  StrTreePtr enterpriseTree;

  std::vector<ParkItem> parks;
  StrTreePtr parkTree;
  std::vector<BuildingItem> buildings;

  std::unique_ptr<ProjectedToLonLat> toLonLat;  ///< created once: PROJ setup costs tens of ms

  std::map<std::string, std::size_t> facilityTypeIndex;  ///< facility type -> index (nearest-distance cache)
  /// By type index: the coordinates of the type's facilities when every one is a point (else empty).
  std::vector<std::vector<clip::Point>> facilityPoints;
  std::vector<std::string> constraintReasons;           ///< "constraint:<type>" per constraint

  // The offered parcels (status reserved or available) as flat arrays sorted by fid: the first three
  // hard rules run over these instead of SQLite rows. Reloaded, with every detail dropped, when a
  // layer is imported or a status is edited (layer provenance and the audit log tell).
  struct ParcelTable {
    static constexpr std::uint32_t kNoLandUse = ~0u;
    bool loaded = false;
    std::string stamp;
    std::int64_t total = 0;  ///< all parcels, offered or not
    std::vector<std::int64_t> fids;
    std::vector<std::uint32_t> landUse;  ///< index into landUseCodes, kNoLandUse when NULL
    std::vector<double> area;            ///< NaN when NULL: fails every area test, as NULL does in SQL
    std::vector<std::string> landUseCodes;
    std::vector<std::unique_ptr<ParcelDetail>> details;  ///< by slot, made on first use
  };
  mutable ParcelTable parcels;

  // ---- loading
  void load();
  std::string provenanceStamp() const;

  // ---- per-thread geometry work
  struct ThreadScratch {
    std::vector<GeosPreparedPtr> prepared;  ///< this thread's prepared constraint polygons (made on first use)
    GeosPreparedPtr preparedWithin;
    std::vector<clip::Point> clipA, clipB;
    CriteriaSink sink;
    // The scoring plan of the project being matched (a scratch serves one match or one --why).
    const ProjectSpec* planProject = nullptr;
    ScoringPlan scoringPlan;
    const ScoringPlan& plan(const Impl& impl, const ProjectSpec& project) {
      if (planProject != &project) {
        scoringPlan = impl.scoringPlan(project);
        planProject = &project;
      }
      return scoringPlan;
    }
    const GEOSPreparedGeometry* constraint(const Impl& impl, std::size_t index) {
      if (prepared.size() != impl.constraints.size()) prepared.resize(impl.constraints.size());
      if (!prepared[index]) prepared[index] = prepareGeometry(impl.constraints[index].geometry.get());
      return prepared[index].get();
    }
  };
  /// Parses the geometry and finds the candidate constraints and the require_within share.
  void prepareDetail(ParcelDetail& detail, ThreadScratch& scratch) const;
  /// The overlap of hit `hit` in m² (kDisjoint when the shapes do not meet), measured on first use.
  double overlap(ParcelDetail& detail, ParcelDetail::Hit& hit, ThreadScratch& scratch) const;
  /// overlap() > the rule pack's tolerance, decided by clipping where the parcel is convex.
  bool overlapExceeds(ParcelDetail& detail, ParcelDetail::Hit& hit, ThreadScratch& scratch) const;
  std::optional<double> nearestDistance(const std::string& type, const GEOSGeometry* geometry) const;
  std::optional<double> nearestDistance(const std::string& type, ParcelDetail& detail) const;
  std::string parcelStamp() const;
  void refreshParcels() const;
  /// The cached detail of an offered parcel that a match has read, or null.
  ParcelDetail* cachedDetail(std::int64_t fid) const {
    refreshParcels();
    if (parcels.details.empty()) return nullptr;
    auto found = std::lower_bound(parcels.fids.begin(), parcels.fids.end(), fid);
    if (found == parcels.fids.end() || *found != fid) return nullptr;
    return parcels.details[static_cast<std::size_t>(found - parcels.fids.begin())].get();
  }

  // ---- rules
  std::vector<std::string> landUsesFor(const ProjectSpec& project) const {
    return project.landUses ? *project.landUses : rules.compatibleLandUses(project.sector, project.pollutionClass);
  }
  bool excludes(const ConstraintItem& constraint, const ProjectSpec& project) const {
    return constraint.kind == Effect::Exclude || (constraint.kind == Effect::ExcludePolluting && project.pollutionClass >= 2);
  }
  /// First failing spatial rule of a parcel that passed the attribute rules, or empty.
  /// The first failing spatial rule of a parcel that passed the attribute rules, as a code for
  /// failureReason(): a constraint index, then require_within, height and each near requirement.
  static constexpr std::ptrdiff_t kPasses = -1;
  static constexpr std::ptrdiff_t kPowerFailure = -2;  ///< hard rule 8: the supply is short of the need
  std::ptrdiff_t firstSpatialFailure(const ProjectSpec& project, ParcelDetail& detail, ThreadScratch& scratch) const;
  std::string failureReason(const ProjectSpec& project, std::ptrdiff_t failure) const;
  std::vector<RuleCheck> explainParcel(const ProjectSpec& project, ParcelDetail& detail, ThreadScratch& scratch, Language language) const;
  std::vector<RuleCheck> explainBuilding(const ProjectSpec& project, const BuildingItem& building, Language language) const;

  // ---- scoring
  using DistanceFunction = std::function<std::optional<double>(const std::string& type)>;
  /// What the facility and supply-chain criteria read from the rule pack for one project, worked out once per match.
  ScoringPlan scoringPlan(const ProjectSpec& project) const;
  void facilityCriteria(const ScoringPlan& plan, const DistanceFunction& nearest, CriteriaSink& out) const;
  /// Enterprises within the supply-chain radius of the rule pack (project-independent).
  std::vector<std::size_t> enterprisesWithin(const GEOSGeometry* geometry, const ParcelDetail* detail = nullptr) const;
  void supplyChainCriterion(const ScoringPlan& plan, const ProjectSpec& project, const std::vector<std::size_t>& enterprisesInRadius,
                            CriteriaSink& out) const;
  void parkCriterion(const ProjectSpec& project, const std::vector<const ParkItem*>& parksHere, CriteriaSink& out) const;
  void scoreParcel(const ProjectSpec& project, ParcelDetail& detail, ThreadScratch& scratch, CriteriaSink& out) const;
  /// The score alone (bit-identical to the candidate's): enough to rank.
  double parcelScore(const ProjectSpec& project, ParcelDetail& detail, ThreadScratch& scratch) const;
  Candidate parcelCandidate(const ProjectSpec& project, ParcelDetail& detail, ThreadScratch& scratch) const;
  Candidate scoreBuilding(const ProjectSpec& project, const BuildingItem& building) const;

  // ---- runs
  /// Appends the parcel candidates to `out`; with --top (and no stability analysis) only those that
  /// can make the cut, counting the others in `notReturned`.
  void matchParcels(const ProjectSpec& project, const MatchOptions& options, MatchResult& result, std::vector<Candidate>& out,
                    std::int64_t& notReturned) const;
  void matchBuildings(const ProjectSpec& project, MatchResult& result, std::vector<Candidate>& out) const;
  std::optional<ParcelRow> readParcel(const std::string& id) const;
  const BuildingItem* findBuilding(const std::string& id) const {
    for (const BuildingItem& building : buildings)
      if (building.id == id) return &building;
    return nullptr;
  }
};

std::string MatchEngine::Impl::provenanceStamp() const {
  std::string stamp;
  auto statement = store->database().prepare("SELECT layer, imported_at, feature_count FROM layer_provenance ORDER BY layer");
  while (statement.step()) stamp += statement.columnText(0) + "@" + statement.columnText(1) + "#" + statement.columnText(2) + ";";
  return stamp;
}

void MatchEngine::Impl::load() {
  SqliteDatabase& db = store->database();
  // Candidate rows are fetched through the area/status indexes in random table order; with a small
  // page cache each fetch is a pread() syscall, which dominated matching on 10^5 parcels. The store
  // maps the file already (configureConnection in store.cpp); matching adds a larger cache.
  db.exec("PRAGMA cache_size = -131072");
  loadedProvenance = provenanceStamp();
  constraintTree = makeTree();
  std::vector<const GEOSGeometry*> withinParts;
  {
    auto statement = db.prepare("SELECT id, type, effect, value, name, AsBinary(geom) FROM constraints ORDER BY fid");
    while (statement.step()) {
      ConstraintItem item;
      item.id = statement.columnText(0);
      item.type = statement.columnText(1);
      item.effect = statement.columnText(2);
      item.kind = effectOf(item.effect);
      item.value = statement.columnOptionalDouble(3);
      item.name = statement.columnOptionalText(4).value_or("");
      int size = 0;
      const unsigned char* wkb = statement.columnBlobData(5, size);
      item.geometry = geometryFromWkb(wkb, static_cast<std::size_t>(size));
      std::size_t vertices = 0;
      if (polygonRings(item.geometry.get(), item.rings, item.ringIsHole))
        for (const auto& ring : item.rings) vertices += ring.size();
      if (vertices == 0 || vertices > kMaxClippedVertices) {
        item.rings.clear();
        item.ringIsHole.clear();
      }
      constraints.push_back(std::move(item));
    }
  }
  for (std::size_t i = 0; i < constraints.size(); ++i) {
    constraintReasons.push_back("constraint:" + constraints[i].type);
    GEOSSTRtree_insert_r(geosContext(), constraintTree.get(), constraints[i].geometry.get(), indexItem(i));
    if (constraints[i].effect == "require_within") {
      withinParts.push_back(constraints[i].geometry.get());
      if (requireWithinType.empty()) requireWithinType = constraints[i].type;
    }
  }
  if (!withinParts.empty()) {
    std::vector<GEOSGeometry*> clones;
    for (const GEOSGeometry* part : withinParts) clones.push_back(GEOSGeom_clone_r(geosContext(), part));
    GeosGeometryPtr collection = takeGeometry(
        GEOSGeom_createCollection_r(geosContext(), GEOS_GEOMETRYCOLLECTION, clones.data(), static_cast<unsigned>(clones.size())),
        "collection");
    requireWithinUnion = takeGeometry(GEOSUnaryUnion_r(geosContext(), collection.get()), "union");
  }

  {
    auto statement = db.prepare("SELECT id, type, name, sector, attrs, AsBinary(geom) FROM facilities ORDER BY id");
    while (statement.step()) {
      FacilityItem item;
      item.id = statement.columnText(0);
      item.type = statement.columnText(1);
      item.name = statement.columnOptionalText(2).value_or("");
      item.sector = statement.columnOptionalText(3).value_or("");
      const json attrs = json::parse(statement.columnOptionalText(4).value_or("{}"), nullptr, false);
      if (attrs.is_object() && attrs.contains("subsector") && attrs.at("subsector").is_string())
        item.subsector = attrs.at("subsector").get<std::string>();
      int size = 0;
      const unsigned char* wkb = statement.columnBlobData(5, size);
      item.geometry = geometryFromWkb(wkb, static_cast<std::size_t>(size));
      facilities.push_back(std::move(item));
    }
  }
  enterpriseTree = makeTree();
  for (std::size_t i = 0; i < facilities.size(); ++i) {
    const FacilityItem& facility = facilities[i];
    auto& tree = facilityTrees[facility.type];
    if (!tree) {
      tree = makeTree();
      facilityTypeIndex.emplace(facility.type, facilityTypeIndex.size());
    }
    // Items are the geometries themselves so that GEOSSTRtree_nearest_r can measure them.
    GEOSSTRtree_insert_r(geosContext(), tree.get(), facility.geometry.get(), const_cast<GEOSGeometry*>(facility.geometry.get()));
    facilitiesByType[facility.type].push_back(i);
    const std::size_t typeIndex = facilityTypeIndex.at(facility.type);
    if (facilityPoints.size() <= typeIndex) facilityPoints.resize(typeIndex + 1);
    facilityPoints[typeIndex].push_back({std::numeric_limits<double>::quiet_NaN(), 0});
    double x = 0, y = 0;
    if (GEOSGeomTypeId_r(geosContext(), facility.geometry.get()) == GEOS_POINT && geometryCentroid(facility.geometry.get(), x, y))
      facilityPoints[typeIndex].back() = {x, y};
    if (facility.type == "enterprise") {
      enterprises.push_back(i);
      GEOSSTRtree_insert_r(geosContext(), enterpriseTree.get(), facility.geometry.get(), indexItem(i));
    }
  }

  for (auto& points : facilityPoints)
    if (std::any_of(points.begin(), points.end(), [](const clip::Point& p) { return std::isnan(p.x); })) points.clear();

  parkTree = makeTree();
  {
    auto statement = db.prepare("SELECT id, name, sectors, attrs, AsBinary(geom) FROM parks ORDER BY id");
    while (statement.step()) {
      ParkItem item;
      item.id = statement.columnText(0);
      item.name = statement.columnText(1);
      item.sectors = splitList(json::parse(statement.columnOptionalText(2).value_or("[]"), nullptr, false));
      const json attrs = json::parse(statement.columnOptionalText(3).value_or("{}"), nullptr, false);
      if (attrs.is_object() && attrs.contains("subsectors")) item.subsectors = splitList(attrs.at("subsectors"));
      int size = 0;
      const unsigned char* wkb = statement.columnBlobData(4, size);
      item.geometry = geometryFromWkb(wkb, static_cast<std::size_t>(size));
      parks.push_back(std::move(item));
    }
  }
  for (std::size_t i = 0; i < parks.size(); ++i)
    GEOSSTRtree_insert_r(geosContext(), parkTree.get(), parks[i].geometry.get(), indexItem(i));

  {
    auto statement = db.prepare(
        "SELECT fid, id, name, park_id, type, subdistrict, available_from, vacant_floor_m2, floor_load_kn_m2, clear_height_m,"
        " power_kva, rent_yuan_m2_month, AsBinary(geom) FROM buildings ORDER BY id");
    while (statement.step()) {
      BuildingItem item;
      item.fid = statement.columnInt(0);
      item.id = statement.columnText(1);
      item.name = statement.columnOptionalText(2).value_or("");
      item.parkId = statement.columnOptionalText(3).value_or("");
      item.type = statement.columnOptionalText(4).value_or("");
      item.subdistrict = statement.columnOptionalText(5).value_or("");
      item.availableFrom = statement.columnOptionalText(6).value_or("");
      item.vacant = statement.columnOptionalDouble(7);
      item.floorLoad = statement.columnOptionalDouble(8);
      item.clearHeight = statement.columnOptionalDouble(9);
      item.power = statement.columnOptionalDouble(10);
      item.rent = statement.columnOptionalDouble(11);
      int size = 0;
      const unsigned char* wkb = statement.columnBlobData(12, size);
      item.geometry = geometryFromWkb(wkb, static_cast<std::size_t>(size));
      buildings.push_back(std::move(item));
    }
  }

  toLonLat = std::make_unique<ProjectedToLonLat>(store->databaseCrs());
  // STRtrees build on first query; build them here so that worker threads only ever read them.
  GeosGeometryPtr probe = takeGeometry(GEOSGeom_createRectangle_r(geosContext(), 0, 0, 1, 1), "rectangle");
  queryIndices(constraintTree.get(), probe.get());
  queryIndices(enterpriseTree.get(), probe.get());
  queryIndices(parkTree.get(), probe.get());
  for (auto& [type, tree] : facilityTrees) GEOSSTRtree_nearest_r(geosContext(), tree.get(), probe.get());
  refreshParcels();
}

void MatchEngine::Impl::prepareDetail(ParcelDetail& detail, ThreadScratch& scratch) const {
  GEOSContextHandle_t context = geosContext();
  detail.geometry = geometryFromWkb(detail.row.wkb.data(), detail.row.wkb.size());
  detail.row.wkb = {};
  const GEOSGeometry* parcel = detail.geometry.get();
  GEOSLength_r(context, parcel, &detail.perimeter);
  if (geometryEnvelope(parcel, detail.minX, detail.minY, detail.maxX, detail.maxY)) {
    std::vector<std::vector<clip::Point>> rings;
    std::vector<char> holes;
    if (polygonRings(parcel, rings, holes) && !rings.empty() && !rings[0].empty()) {
      detail.vertex = rings[0][0];
      detail.hasVertex = true;
      if (rings.size() == 1) detail.convex = clip::convexCounterClockwise(std::move(rings[0]), detail.origin);
    }
  }
  GeosGeometryPtr envelope = envelopeOf(parcel, 0);
  for (std::size_t index : queryIndices(constraintTree.get(), envelope.get())) detail.hits.push_back({index, ParcelDetail::kUnmeasured});
  if (requireWithinUnion) {
    if (!scratch.preparedWithin) scratch.preparedWithin = prepareGeometry(requireWithinUnion.get());
    const double area = detail.row.area;
    if (GEOSPreparedContains_r(context, scratch.preparedWithin.get(), parcel) == 1) {
      detail.withinShare = 1.0;
    } else if (GEOSPreparedIntersects_r(context, scratch.preparedWithin.get(), parcel) != 1) {
      detail.withinShare = 0.0;
    } else {
      GeosGeometryPtr inside = takeGeometry(GEOSIntersection_r(context, requireWithinUnion.get(), parcel), "intersection");
      detail.withinShare = area > 0 ? geometryArea(inside.get()) / area : 0.0;
    }
  }
}

double MatchEngine::Impl::overlap(ParcelDetail& detail, ParcelDetail::Hit& hit, ThreadScratch& scratch) const {
  if (hit.area >= 0 || hit.area == ParcelDetail::kDisjoint) return hit.area;
  GEOSContextHandle_t context = geosContext();
  const GEOSGeometry* parcel = detail.geometry.get();
  const ConstraintItem& constraint = constraints[hit.constraint];
  const GEOSPreparedGeometry* prepared = scratch.constraint(*this, hit.constraint);
  if (GEOSPreparedIntersects_r(context, prepared, parcel) != 1) {
    hit.area = ParcelDetail::kDisjoint;
  } else if (constraint.kind == Effect::Penalty) {
    hit.area = intersectionArea(constraint.geometry.get(), parcel);
  } else if (GEOSPreparedContains_r(context, prepared, parcel) == 1) {
    hit.area = detail.row.area;
  } else {
    GeosGeometryPtr part = takeGeometry(GEOSIntersection_r(context, constraint.geometry.get(), parcel), "intersection");
    hit.area = geometryArea(part.get());
  }
  return hit.area;
}

std::optional<double> MatchEngine::Impl::nearestDistance(const std::string& type, const GEOSGeometry* geometry) const {
  auto found = facilityTrees.find(type);
  if (found == facilityTrees.end()) return std::nullopt;
  const GEOSGeometry* nearest = GEOSSTRtree_nearest_r(geosContext(), found->second.get(), geometry);
  if (!nearest) return std::nullopt;
  return geometryDistance(nearest, geometry);
}

bool MatchEngine::Impl::overlapExceeds(ParcelDetail& detail, ParcelDetail::Hit& hit, ThreadScratch& scratch) const {
  const double tolerance = rules.overlapToleranceSquareMetres;
  if (hit.area == ParcelDetail::kAbove) return true;
  if (hit.area == ParcelDetail::kBelow) return false;
  const ConstraintItem& constraint = constraints[hit.constraint];
  if (hit.area == ParcelDetail::kUnmeasured && !detail.convex.empty() && !constraint.rings.empty()) {
    double area = 0;
    for (std::size_t r = 0; r < constraint.rings.size(); ++r) {
      const double part = clip::clippedArea(constraint.rings[r].data(), constraint.rings[r].size(), detail.convex, detail.origin,
                                            scratch.clipA, scratch.clipB);
      area += constraint.ringIsHole[r] ? -part : part;
    }
    // Rounding in the clip (local coordinates, a few hundred operations) is orders of magnitude
    // below this margin; an area inside it is decided by the exact GEOS measurement below.
    constexpr double kMargin = 1e-4;
    if (area > tolerance + kMargin) {
      hit.area = ParcelDetail::kAbove;
      return true;
    }
    if (area < tolerance - kMargin) {
      hit.area = ParcelDetail::kBelow;
      return false;
    }
  }
  return overlap(detail, hit, scratch) > tolerance;
}

std::optional<double> MatchEngine::Impl::nearestDistance(const std::string& type, ParcelDetail& detail) const {
  auto found = facilityTypeIndex.find(type);
  if (found == facilityTypeIndex.end()) return std::nullopt;
  for (const auto& [index, distance] : detail.nearest)
    if (index == found->second) return distance;
  std::optional<double> distance;
  const std::vector<clip::Point>& points = facilityPoints[found->second];
  if (points.empty() || points.size() > kMaxScannedFacilities || !detail.hasVertex) {
    distance = nearestDistance(type, detail.geometry.get());
  } else {
    // The STRtree's nearest search costs more than a scan of a few hundred points. Bounds pick the
    // facilities that can be nearest (distance to the bounding box <= the smallest distance to a
    // point of the parcel); GEOS measures those, so the value is exactly what GEOS reports.
    const std::vector<std::size_t>& indices = facilitiesByType.at(type);
    // Squared distances: the scan runs over every point for every parcel.
    double bestUpper = std::numeric_limits<double>::infinity();
    const clip::Point corner = detail.vertex;
    for (const clip::Point& p : points) bestUpper = std::min(bestUpper, (p.x - corner.x) * (p.x - corner.x) + (p.y - corner.y) * (p.y - corner.y));
    const double limit = std::sqrt(bestUpper) * (1 + 1e-9) + 1e-6;
    const double limitSquared = limit * limit;
    for (std::size_t i = 0; i < points.size(); ++i) {
      const double dx = std::max({detail.minX - points[i].x, 0.0, points[i].x - detail.maxX});
      const double dy = std::max({detail.minY - points[i].y, 0.0, points[i].y - detail.maxY});
      if (dx * dx + dy * dy > limitSquared) continue;
      const double exact = geometryDistance(facilities[indices[i]].geometry.get(), detail.geometry.get());
      if (!distance || exact < *distance) distance = exact;
    }
  }
  detail.nearest.emplace_back(found->second, distance);
  return distance;
}

std::string MatchEngine::Impl::parcelStamp() const {
  // A status edit writes the audit log and does not touch layer_provenance.
  return provenanceStamp() + "audit#" + std::to_string(store->database().queryInt("SELECT max(seq) FROM audit_log").value_or(0));
}

void MatchEngine::Impl::refreshParcels() const {
  std::string stamp = parcelStamp();
  if (parcels.loaded && stamp == parcels.stamp) return;
  ParcelTable table;
  table.loaded = true;
  table.stamp = std::move(stamp);
  SqliteDatabase& db = store->database();
  table.total = db.queryInt("SELECT count(*) FROM parcels").value_or(0);
  std::map<std::string, std::uint32_t, std::less<>> codes;
  // Served by the index parcels_status_use_area (status, land_use, area_m2, id) alone, in its order
  // (rows come grouped by land use); sorted by fid below.
  std::vector<std::int64_t> fids;
  std::vector<std::uint32_t> uses;
  std::vector<double> areas;
  {
    auto statement = db.prepare("SELECT fid, land_use, area_m2 FROM parcels WHERE status IN ('reserved', 'available')");
    std::string lastUse;
    std::uint32_t lastCode = ParcelTable::kNoLandUse;
    while (statement.step()) {
      fids.push_back(statement.columnInt(0));
      std::uint32_t code = ParcelTable::kNoLandUse;
      if (!statement.isNull(1)) {
        std::string use = statement.columnText(1);
        if (lastCode != ParcelTable::kNoLandUse && use == lastUse) {
          code = lastCode;
        } else {
          auto [it, added] = codes.emplace(use, static_cast<std::uint32_t>(table.landUseCodes.size()));
          if (added) table.landUseCodes.push_back(use);
          code = lastCode = it->second;
          lastUse = std::move(use);
        }
      }
      uses.push_back(code);
      areas.push_back(statement.isNull(2) ? std::numeric_limits<double>::quiet_NaN() : statement.columnDouble(2));
    }
  }
  std::vector<std::size_t> order(fids.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fids[a] < fids[b]; });
  table.fids.reserve(order.size());
  table.landUse.reserve(order.size());
  table.area.reserve(order.size());
  for (std::size_t i : order) {
    table.fids.push_back(fids[i]);
    table.landUse.push_back(uses[i]);
    table.area.push_back(areas[i]);
  }
  table.details.resize(table.fids.size());
  parcels = std::move(table);
}

std::ptrdiff_t MatchEngine::Impl::firstSpatialFailure(const ProjectSpec& project, ParcelDetail& detail, ThreadScratch& scratch) const {
  // The power rule reads an attribute only: checked before any overlay is measured.
  if (rules.powerSupply && !match::powerSupplyPasses(*rules.powerSupply, detail.row.power, project.powerKva)) return kPowerFailure;
  // Zones in constraint order, as the explanation lists them; stops at the first conflict.
  for (ParcelDetail::Hit& hit : detail.hits)
    if (excludes(constraints[hit.constraint], project) && overlapExceeds(detail, hit, scratch))
      return static_cast<std::ptrdiff_t>(hit.constraint);
  const auto base = static_cast<std::ptrdiff_t>(constraints.size());
  if (detail.withinShare && *detail.withinShare < rules.requireWithinShare) return base;
  if (project.heightMetres)
    for (ParcelDetail::Hit& hit : detail.hits) {
      const ConstraintItem& constraint = constraints[hit.constraint];
      if (constraint.kind == Effect::LimitHeight && constraint.value && *constraint.value < *project.heightMetres &&
          overlapExceeds(detail, hit, scratch))
        return base + 1;
    }
  for (std::size_t i = 0; i < project.near.size(); ++i) {
    const std::optional<double> distance = nearestDistance(project.near[i].type, detail);
    if (!distance || *distance > project.near[i].maxMetres) return base + 2 + static_cast<std::ptrdiff_t>(i);
  }
  return kPasses;
}

std::string MatchEngine::Impl::failureReason(const ProjectSpec& project, std::ptrdiff_t failure) const {
  if (failure == kPowerFailure) return "power";
  const auto base = static_cast<std::ptrdiff_t>(constraints.size());
  if (failure < base) return constraintReasons[static_cast<std::size_t>(failure)];
  if (failure == base) return "constraint:" + requireWithinType;
  if (failure == base + 1) return "height";
  return "near:" + project.near[static_cast<std::size_t>(failure - base - 2)].type;
}

// ---------------------------------------------------------------- explanations

std::vector<RuleCheck> MatchEngine::Impl::explainParcel(const ProjectSpec& project, ParcelDetail& detail, ThreadScratch& scratch,
                                                        Language language) const {
  const ParcelRow& row = detail.row;
  const GEOSGeometry* geometry = detail.geometry.get();
  std::vector<RuleCheck> checks;
  const bool offered = row.status == "reserved" || row.status == "available";
  checks.push_back({"status", offered, say(language, "状态为{1}", "status is {} ({})", row.status, codeLabelZh(row.status)),
                    offered ? "" : pick(language, "仅储备或可供应的土地可以出让；该地块需先收回储备",
                                        "only reserved (储备) or available (可供应) land is offered; the parcel would have to be returned to the reserve")});

  const std::vector<std::string> uses = landUsesFor(project);
  const bool useOk = contains(uses, row.landUse);
  std::string useList;
  for (const std::string& code : uses) useList += (useList.empty() ? "" : ", ") + code;
  checks.push_back({"land_use", useOk,
                    say(language, "用地性质 {0} {1}{3}的兼容用途 [{2}]", "land use {} {} the compatible uses [{}]{}", row.landUse,
                        useOk ? pick(language, "属于", "is among") : pick(language, "不属于", "is not among"), useList,
                        project.landUses ? pick(language, "项目说明书给出", " given by the spec") : pick(language, "规则包规定", " of the rule pack")),
                    useOk ? "" : say(language, "需调整控规，将用地性质改为 [{}] 之一", "a change of planned use (控规调整) to one of [{}]", useList)});

  RuleCheck area{"area", true, "", ""};
  if (project.landMinSquareMetres && row.area < *project.landMinSquareMetres) {
    area.passed = false;
    area.fact = say(language, "面积 {}小于项目最小用地 {}", "area {} < minimum {}", areaText(row.area, language),
                    areaText(*project.landMinSquareMetres, language));
    area.remedy = say(language, "还差 {}，可合并相邻地块", "needs {} more, e.g. by merging an adjoining parcel",
                      areaText(*project.landMinSquareMetres - row.area, language));
  } else if (project.landMaxSquareMetres && row.area > *project.landMaxSquareMetres) {
    area.passed = false;
    area.fact = say(language, "面积 {}大于项目最大用地 {}", "area {} > maximum {}", areaText(row.area, language),
                    areaText(*project.landMaxSquareMetres, language));
    area.remedy = say(language, "分割出 {} 即可满足", "a subdivision of {} would fit", areaText(*project.landMaxSquareMetres, language));
  } else {
    area.fact = say(language, "面积 {}，在项目用地范围内", "area {} within the project's range", areaText(row.area, language));
  }
  checks.push_back(area);
  if (rules.powerSupply && project.powerKva && *project.powerKva > 0)
    checks.push_back(match::explainPowerSupply(*rules.powerSupply, row.power, *project.powerKva, language));

  // What remains of the parcel after a conflict is cut out, against the project's minimum.
  auto remainderVerdict = [&](double remainder) {
    const bool meets = !project.landMinSquareMetres || remainder >= *project.landMinSquareMetres;
    if (!project.landMinSquareMetres) return std::string(pick(language, "项目无最小用地要求", "has no minimum to meet"));
    return say(language, "{}项目最小用地 {}", "{} the minimum of {}",
               meets ? pick(language, "仍满足", "still meets") : pick(language, "不满足", "is below"),
               areaText(*project.landMinSquareMetres, language));
  };

  // Exclusion zones: each conflicting constraint, with what would remain after cutting it out.
  GEOSContextHandle_t context = geosContext();
  for (ParcelDetail::Hit& hit : detail.hits) {
    const ConstraintItem& constraint = constraints[hit.constraint];
    if (!excludes(constraint, project)) continue;
    const double overlapArea = overlap(detail, hit, scratch);
    if (overlapArea == ParcelDetail::kDisjoint) continue;
    RuleCheck check{"constraint:" + constraint.type, overlapArea <= rules.overlapToleranceSquareMetres, "", ""};
    const std::string label = fmt::format("{} {}", codeLabelZh(constraint.type), constraint.id);
    if (check.passed) {
      check.fact = say(language, "与{} 相接（重叠 {:.2f} m² ≤ 容差 {} m²）", "touches {} (overlap {:.2f} m² <= {} m² tolerance)", label,
                       overlapArea, rules.overlapToleranceSquareMetres);
    } else {
      GeosGeometryPtr part = takeGeometry(GEOSIntersection_r(context, constraint.geometry.get(), geometry), "intersection");
      const std::string where = whereOnParcel(geometry, part.get(), language);
      check.fact = say(language, "与{} 重叠 {}{}{}", "overlaps {} by {}{}{}", label, areaText(overlapArea, language),
                       where.empty() ? "" : pick(language, "，", " "), where);
      GeosGeometryPtr rest = takeGeometry(GEOSDifference_r(context, geometry, constraint.geometry.get()), "difference");
      const double remainder = geometryArea(rest.get());
      check.remainderSquareMetres = remainder;
      check.remainderMeetsMinimum = !project.landMinSquareMetres || remainder >= *project.landMinSquareMetres;
      check.remedy = say(language, "扣除冲突区域后剩余 {}，{}", "cutting out the conflicting zone leaves {}, which {}",
                         areaText(remainder, language), remainderVerdict(remainder));
    }
    checks.push_back(check);
  }
  if (detail.withinShare) {
    const double share = *detail.withinShare;
    RuleCheck check{"constraint:" + requireWithinType, share >= rules.requireWithinShare, "", ""};
    check.fact = say(language, "{:.1f}% 的面积位于{}内（要求至少 {:.0f}%）", "{:.1f}% of its area lies inside {} (at least {:.0f}% required)",
                     share * 100, codeLabelZh(requireWithinType), rules.requireWithinShare * 100);
    if (!check.passed) {
      const double remainder = share * row.area;
      check.remainderSquareMetres = remainder;
      check.remainderMeetsMinimum = !project.landMinSquareMetres || remainder >= *project.landMinSquareMetres;
      check.remedy = say(language, "仅保留范围内部分后剩余 {}，{}", "keeping only the part inside leaves {}, which {}",
                         areaText(remainder, language), remainderVerdict(remainder));
    }
    checks.push_back(check);
  }
  bool anyHeightLimit = false;
  for (ParcelDetail::Hit& hit : detail.hits) {
    const ConstraintItem& constraint = constraints[hit.constraint];
    if (constraint.kind != Effect::LimitHeight || !constraint.value || overlap(detail, hit, scratch) <= rules.overlapToleranceSquareMetres) continue;
    anyHeightLimit = true;
    RuleCheck check{"height", !project.heightMetres || *constraint.value >= *project.heightMetres, "", ""};
    check.fact = say(language, "{} {} 限高 {:.0f} m；项目需要 {}", "{} {} limits height to {:.0f} m; the project needs {}",
                     codeLabelZh(constraint.type), constraint.id, *constraint.value,
                     project.heightMetres ? fmt::format("{:.0f} m", *project.heightMetres) : pick(language, "无高度要求", "no height"));
    if (!check.passed)
      check.remedy = say(language, "限高需提高 {:.0f} m，或项目高度降至 {:.0f} m", "the limit would have to rise by {:.0f} m, or the project's height drop to {:.0f} m",
                         *project.heightMetres - *constraint.value, *constraint.value);
    checks.push_back(check);
  }
  if (!anyHeightLimit && project.heightMetres)
    checks.push_back({"height", true, pick(language, "地块不涉及限高区", "no height-limit zone overlaps the parcel"), ""});
  for (const NearRequirement& near : project.near) checks.push_back(match::explainNear(near, nearestDistance(near.type, detail), language));
  return checks;
}

std::vector<RuleCheck> MatchEngine::Impl::explainBuilding(const ProjectSpec& project, const BuildingItem& building, Language language) const {
  std::vector<RuleCheck> checks;
  if (!project.buildingType.empty()) {
    const bool ok = building.type == project.buildingType;
    checks.push_back({"type", ok,
                      say(language, "载体类型 {}（{}），项目需要 {}", "building type {} ({}), the project needs {}", building.type,
                          codeLabelZh(building.type), project.buildingType),
                      ok ? "" : say(language, "需要 {} 类型的载体", "a building of type {}", project.buildingType)});
  }
  // `what` is {Chinese, English}.
  auto atLeast = [&](const char* rule, const std::optional<double>& have, const std::optional<double>& need, const char* unit,
                     std::pair<const char*, const char*> what) {
    if (!need) return;
    const char* name = pick(language, what.first, what.second);
    RuleCheck check{rule, have && *have >= *need, "", ""};
    if (!have) {
      check.fact = say(language, "{}未登记；项目需要 {:.1f} {}", "{} is not recorded; the project needs {:.1f} {}", name, *need, unit);
      check.remedy = pick(language, "需补录该数值", "record the value");
    } else {
      check.fact = fmt::format("{} {:.1f} {} {} {:.1f} {}", name, *have, unit, check.passed ? ">=" : "<", *need, unit);
      if (!check.passed) check.remedy = say(language, "还差 {:.1f} {}", "short by {:.1f} {}", *need - *have, unit);
    }
    checks.push_back(check);
  };
  atLeast("floor_area", building.vacant, project.floorNeedSquareMetres, "m²", {"空置面积", "vacant floor"});
  atLeast("floor_load", building.floorLoad, project.floorLoadMinKnPerSquareMetre, "kN/m²", {"楼面荷载", "floor load"});
  atLeast("clear_height", building.clearHeight, project.clearHeightMinMetres, "m", {"净高", "clear height"});
  atLeast("power", building.power, project.powerKva, "kVA", {"供电容量", "power"});
  if (project.attrs.contains("rent_budget_yuan_m2_month") && project.attrs.at("rent_budget_yuan_m2_month").is_number()) {
    const double budget = project.attrs.at("rent_budget_yuan_m2_month").get<double>();
    RuleCheck check{"rent", !building.rent || *building.rent <= budget, "", ""};
    check.fact = building.rent ? say(language, "租金 {:.1f} 元/m²/月 {} 预算 {:.1f}", "rent {:.1f} 元/m²/月 {} budget {:.1f}", *building.rent,
                                     check.passed ? "<=" : ">", budget)
                               : pick(language, "租金未登记", "rent not recorded");
    if (!check.passed) check.remedy = say(language, "租金需下调 {:.1f} 元/m²/月", "a rent reduction of {:.1f} 元/m²/月", *building.rent - budget);
    checks.push_back(check);
  }
  // Rule 7 holds for buildings as for parcels: the distance from the building to the nearest facility.
  for (const NearRequirement& near : project.near)
    checks.push_back(match::explainNear(near, nearestDistance(near.type, building.geometry.get()), language));
  if (project.pollutionClass >= 2) {
    GeosGeometryPtr envelope = envelopeOf(building.geometry.get(), 0);
    RuleCheck check{"water_source", true, pick(language, "不在任何水源保护区内", "outside every water-source protection zone"), ""};
    for (std::size_t index : queryIndices(constraintTree.get(), envelope.get())) {
      const ConstraintItem& constraint = constraints[index];
      if (constraint.effect != "exclude_polluting") continue;
      if (GEOSIntersects_r(geosContext(), constraint.geometry.get(), building.geometry.get()) == 1) {
        check = {"constraint:" + constraint.type, false,
                 say(language, "位于{} {}，项目污染等级为 {} 类", "lies in {} {} and the project has pollution class {}", codeLabelZh(constraint.type),
                     constraint.id, project.pollutionClass),
                 pick(language, "只能安排一类（无污染）项目", "only a class-1 (non-polluting) use may occupy it")};
        break;
      }
    }
    checks.push_back(check);
  }
  return checks;
}

// ---------------------------------------------------------------- scoring

ScoringPlan MatchEngine::Impl::scoringPlan(const ProjectSpec& project) const {
  ScoringPlan plan;
  if (const CriterionRule* rule = rules.criterion("facility_distance"); rule && rule->weight > 0) {
    std::vector<std::string> types;
    std::map<std::string, double> limits;
    for (const NearRequirement& near : project.near) {
      if (!contains(types, near.type)) types.push_back(near.type);
      limits[near.type] = near.maxMetres;
    }
    if (rule->params.contains("sector_types") && rule->params.at("sector_types").contains(project.sector))
      for (const std::string& type : splitList(rule->params.at("sector_types").at(project.sector)))
        if (!contains(types, type)) types.push_back(type);
    const json best = rule->params.value("best_m", json::object());
    const json worst = rule->params.value("worst_m", json::object());
    for (const std::string& type : types) {
      const double bestM = best.contains(type) ? best.at(type).get<double>() : 0.0;
      double worstM = worst.contains(type) ? worst.at(type).get<double>() : 10000.0;
      if (limits.count(type)) worstM = std::max(bestM + 1, limits[type]);  // the project's own limit is where it stops being useful
      plan.facilities.push_back({type, bestM, worstM, rule->weight / static_cast<double>(types.size())});
    }
  }
  if (const CriterionRule* rule = rules.criterion("supply_chain"); rule && rule->weight > 0) {
    plan.supplyChain = true;
    plan.supplyWeight = rule->weight;
    plan.saturation = std::max(1.0, param(*rule, "saturation", 4));
    if (rule->params.contains("related_subsectors") && rule->params.at("related_subsectors").contains(project.subsector))
      plan.related = splitList(rule->params.at("related_subsectors").at(project.subsector));
  }
  return plan;
}

void MatchEngine::Impl::facilityCriteria(const ScoringPlan& plan, const DistanceFunction& nearest, CriteriaSink& out) const {
  for (const ScoringPlan::FacilityTerm& term : plan.facilities) {
    const std::optional<double> distance = nearest(term.type);
    if (!distance) continue;
    out.add(term.type, "_distance", *distance, "m", linearScore(*distance, term.bestM, term.worstM), "facility_distance", term.weight);
  }
}

std::vector<std::size_t> MatchEngine::Impl::enterprisesWithin(const GEOSGeometry* geometry, const ParcelDetail* detail) const {
  const CriterionRule* rule = rules.criterion("supply_chain");
  const double radius = rule ? param(*rule, "radius_m", 5000) : 5000;
  GeosGeometryPtr envelope = envelopeOf(geometry, radius);
  std::vector<std::size_t> within;
  const auto typeIndex = facilityTypeIndex.find("enterprise");
  const std::vector<clip::Point>* points =
      detail && detail->hasVertex && typeIndex != facilityTypeIndex.end() && !facilityPoints[typeIndex->second].empty()
          ? &facilityPoints[typeIndex->second]
          : nullptr;
  const std::vector<std::size_t>* indices = points ? &facilitiesByType.at("enterprise") : nullptr;
  for (std::size_t index : queryIndices(enterpriseTree.get(), envelope.get())) {
    if (points) {
      // Most enterprises are clearly in or out: within the radius of a point of the parcel, or
      // farther than the radius from its envelope. GEOS measures only those in between.
      const auto position = static_cast<std::size_t>(std::lower_bound(indices->begin(), indices->end(), index) - indices->begin());
      const clip::Point& p = (*points)[position];
      const double toVertex = std::hypot(p.x - detail->vertex.x, p.y - detail->vertex.y);
      const double dx = std::max({detail->minX - p.x, 0.0, p.x - detail->maxX});
      const double dy = std::max({detail->minY - p.y, 0.0, p.y - detail->maxY});
      constexpr double kMargin = 1e-6;
      if (toVertex <= radius - kMargin) {
        within.push_back(index);
        continue;
      }
      if (std::hypot(dx, dy) > radius + kMargin) continue;
    }
    if (geometryDistance(facilities[index].geometry.get(), geometry) <= radius) within.push_back(index);
  }
  return within;
}

void MatchEngine::Impl::supplyChainCriterion(const ScoringPlan& plan, const ProjectSpec& project, const std::vector<std::size_t>& enterprisesInRadius,
                                             CriteriaSink& out) const {
  if (!plan.supplyChain) return;
  int count = 0;
  for (std::size_t index : enterprisesInRadius) {
    const FacilityItem& enterprise = facilities[index];
    const bool linked = enterprise.sector == project.sector ||
                        (!project.subsector.empty() && (enterprise.subsector == project.subsector || contains(plan.related, enterprise.subsector)));
    if (linked) ++count;
  }
  out.add("supply_chain", "", static_cast<double>(count), "enterprises", clamp01(count / plan.saturation), "supply_chain", plan.supplyWeight);
}

void MatchEngine::Impl::parkCriterion(const ProjectSpec& project, const std::vector<const ParkItem*>& parksHere,
                                      CriteriaSink& out) const {
  const CriterionRule* rule = rules.criterion("park_specialisation");
  if (!rule || rule->weight <= 0) return;
  double best = 0;
  for (const ParkItem* park : parksHere) {
    if (!project.subsector.empty() && contains(park->subsectors, project.subsector)) best = std::max(best, param(*rule, "subsector_score", 1.0));
    if (contains(park->sectors, project.sector)) best = std::max(best, param(*rule, "sector_score", 0.7));
  }
  out.add("park_specialisation", "", best, "match", best, "park_specialisation", rule->weight);
}

namespace {

void availabilityCriterion(const RulePack& rules, const ProjectSpec& project, const std::string& availableFrom, CriteriaSink& out) {
  const CriterionRule* rule = rules.criterion("availability");
  if (!rule || rule->weight <= 0 || !project.attrs.contains("needed_by") || !project.attrs.at("needed_by").is_string()) return;
  const std::optional<long> needed = daysFromDate(project.attrs.at("needed_by").get<std::string>());
  if (!needed) return;
  const std::optional<long> available = availableFrom.empty() ? std::nullopt : daysFromDate(availableFrom);
  const double late = available ? static_cast<double>(std::max(0L, *available - *needed)) : 0.0;
  out.add("availability", "", late, "days late", linearScore(late, 0, param(*rule, "zero_at_days_late", 365)), "availability", rule->weight);
}

void preferredSubdistrictCriterion(const RulePack& rules, const ProjectSpec& project, const std::string& subdistrict,
                                   CriteriaSink& out) {
  const CriterionRule* rule = rules.criterion("preferred_subdistrict");
  if (!rule || rule->weight <= 0 || !project.attrs.contains("preferred_subdistricts")) return;
  const std::vector<std::string> preferred = splitList(project.attrs.at("preferred_subdistricts"));
  if (preferred.empty()) return;
  const double hit = contains(preferred, subdistrict) ? 1.0 : 0.0;
  out.add("preferred_subdistrict", "", hit, "match", hit, "preferred_subdistrict", rule->weight);
}

}  // namespace

void MatchEngine::Impl::scoreParcel(const ProjectSpec& project, ParcelDetail& detail, ThreadScratch& scratch, CriteriaSink& raw) const {
  const ParcelRow& row = detail.row;
  const GEOSGeometry* geometry = detail.geometry.get();
  for (const CriterionRule& rule : rules.criteria) {
    if (rule.weight <= 0) continue;
    if (rule.name == "facility_distance") {
      facilityCriteria(scratch.plan(*this, project), [&](const std::string& type) { return nearestDistance(type, detail); }, raw);
    } else if (rule.name == "supply_chain") {
      if (!detail.enterprisesInRadius) detail.enterprisesInRadius = enterprisesWithin(geometry, &detail);
      supplyChainCriterion(scratch.plan(*this, project), project, *detail.enterprisesInRadius, raw);
    } else if (rule.name == "park_specialisation") {
      if (!detail.parksHere) {
        detail.parksHere.emplace();
        GeosGeometryPtr envelope = envelopeOf(geometry, 0);
        for (std::size_t index : queryIndices(parkTree.get(), envelope.get()))
          if (intersectionArea(parks[index].geometry.get(), geometry) > rules.overlapToleranceSquareMetres) detail.parksHere->push_back(index);
      }
      std::vector<const ParkItem*> here;
      for (std::size_t index : *detail.parksHere) here.push_back(&parks[index]);
      parkCriterion(project, here, raw);
    } else if (rule.name == "area_fit") {
      if (!project.landMinSquareMetres || *project.landMinSquareMetres <= 0) continue;
      const double excess = std::max(0.0, row.area / *project.landMinSquareMetres - 1);
      raw.add("area_fit", "", excess, "excess share", linearScore(excess, 0, param(rule, "zero_at_excess_share", 1.0)), rule.name, rule.weight);
    } else if (rule.name == "price") {
      if (!row.price) continue;
      double worst = param(rule, "worst_wan_per_mu", 120);
      if (project.attrs.contains("budget_wan_per_mu") && project.attrs.at("budget_wan_per_mu").is_number())
        worst = project.attrs.at("budget_wan_per_mu").get<double>();
      raw.add("price", "", *row.price, "万元/亩", linearScore(*row.price, param(rule, "best_wan_per_mu", 20), worst), rule.name, rule.weight);
    } else if (rule.name == "infrastructure") {
      int ready = 0;
      for (const std::optional<bool>& flag : {row.water, row.gas, row.sewage, row.road}) ready += flag.value_or(false) ? 1 : 0;
      const bool powerOk = row.power && (!project.powerKva || *row.power >= *project.powerKva);
      ready += powerOk ? 1 : 0;
      raw.add("infrastructure", "", static_cast<double>(ready), "of 5 ready", ready / 5.0, rule.name, rule.weight);
    } else if (rule.name == "availability") {
      availabilityCriterion(rules, project, row.availableFrom, raw);
    } else if (rule.name == "compactness") {
      // Polsby-Popper 4πA/P²: 1 for a circle, π/4 for a square, small for slivers and long strips.
      const double compactness = detail.perimeter > 0 ? 4 * std::numbers::pi * row.area / (detail.perimeter * detail.perimeter) : 0;
      raw.add("compactness", "", compactness, "4πA/P²", linearScore(compactness, param(rule, "full_at", 0.7), param(rule, "zero_at", 0.35)),
              rule.name, rule.weight);
    } else if (rule.name == "penalty") {
      double penalty = 0;
      for (ParcelDetail::Hit& hit : detail.hits) {
        const ConstraintItem& constraint = constraints[hit.constraint];
        if (constraint.kind != Effect::Penalty || row.area <= 0) continue;
        const double area = overlap(detail, hit, scratch);
        if (area == ParcelDetail::kDisjoint) continue;
        penalty += constraint.value.value_or(0) * std::min(1.0, area / row.area);
      }
      raw.add("penalty", "", penalty, "weighted share", clamp01(1 - penalty), rule.name, rule.weight);
    } else if (rule.name == "preferred_subdistrict") {
      preferredSubdistrictCriterion(rules, project, row.subdistrict, raw);
    }
  }
}

double MatchEngine::Impl::parcelScore(const ProjectSpec& project, ParcelDetail& detail, ThreadScratch& scratch) const {
  scratch.sink.reset(false);
  scoreParcel(project, detail, scratch, scratch.sink);
  return scratch.sink.finish(nullptr);
}

Candidate MatchEngine::Impl::parcelCandidate(const ProjectSpec& project, ParcelDetail& detail, ThreadScratch& scratch) const {
  Candidate candidate;
  candidate.kind = CandidateKind::Parcel;
  candidate.id = detail.row.id;
  candidate.name = detail.row.name;
  candidate.areaSquareMetres = detail.row.area;
  scratch.sink.reset(true);
  scoreParcel(project, detail, scratch, scratch.sink);
  candidate.score = scratch.sink.finish(&candidate.criteria);
  return candidate;
}

Candidate MatchEngine::Impl::scoreBuilding(const ProjectSpec& project, const BuildingItem& building) const {
  CriteriaSink raw;
  const ScoringPlan plan = scoringPlan(project);
  for (const CriterionRule& rule : rules.criteria) {
    if (rule.weight <= 0) continue;
    if (rule.name == "facility_distance") {
      facilityCriteria(plan, [&](const std::string& type) { return nearestDistance(type, building.geometry.get()); }, raw);
    } else if (rule.name == "supply_chain") {
      supplyChainCriterion(plan, project, enterprisesWithin(building.geometry.get()), raw);
    } else if (rule.name == "park_specialisation") {
      std::vector<const ParkItem*> here;
      for (const ParkItem& park : parks)
        if (park.id == building.parkId) here.push_back(&park);
      parkCriterion(project, here, raw);
    } else if (rule.name == "floor_fit") {
      if (!project.floorNeedSquareMetres || *project.floorNeedSquareMetres <= 0 || !building.vacant) continue;
      const double excess = std::max(0.0, *building.vacant / *project.floorNeedSquareMetres - 1);
      raw.add("floor_fit", "", excess, "excess share", linearScore(excess, 0, param(rule, "zero_at_excess_share", 2.0)), rule.name, rule.weight);
    } else if (rule.name == "rent") {
      if (!building.rent) continue;
      double worst = param(rule, "worst_yuan_m2_month", 60);
      if (project.attrs.contains("rent_budget_yuan_m2_month") && project.attrs.at("rent_budget_yuan_m2_month").is_number())
        worst = project.attrs.at("rent_budget_yuan_m2_month").get<double>();
      raw.add("rent", "", *building.rent, "元/m²/月", linearScore(*building.rent, param(rule, "best_yuan_m2_month", 15), worst), rule.name,
              rule.weight);
    } else if (rule.name == "availability") {
      availabilityCriterion(rules, project, building.availableFrom, raw);
    } else if (rule.name == "preferred_subdistrict") {
      preferredSubdistrictCriterion(rules, project, building.subdistrict, raw);
    }
  }
  Candidate candidate;
  candidate.kind = CandidateKind::Building;
  candidate.id = building.id;
  candidate.name = building.name;
  candidate.areaSquareMetres = building.vacant.value_or(0);
  candidate.score = raw.finish(&candidate.criteria);
  return candidate;
}

// ---------------------------------------------------------------- runs

void MatchEngine::Impl::matchParcels(const ProjectSpec& project, const MatchOptions& options, MatchResult& result,
                                     std::vector<Candidate>& out, std::int64_t& notReturned) const {
  refreshParcels();
  ParcelTable& table = parcels;
  const std::vector<std::string> uses = landUsesFor(project);
  const double minArea = project.landMinSquareMetres.value_or(-1e300), maxArea = project.landMaxSquareMetres.value_or(1e300);

  // Rules 1-3 over the flat arrays: status (the table holds only offered parcels), land use, area.
  result.considered += table.total;
  std::vector<char> useOk(table.landUseCodes.size(), 0);
  for (std::size_t code = 0; code < table.landUseCodes.size(); ++code) useOk[code] = contains(uses, table.landUseCodes[code]) ? 1 : 0;
  std::vector<std::size_t> slots;
  std::int64_t useFailures = 0, areaFailures = 0;
  for (std::size_t slot = 0; slot < table.fids.size(); ++slot) {
    const std::uint32_t code = table.landUse[slot];
    if (code == ParcelTable::kNoLandUse || !useOk[code]) {
      ++useFailures;
    } else if (!(table.area[slot] >= minArea && table.area[slot] <= maxArea)) {
      ++areaFailures;
    } else {
      slots.push_back(slot);
    }
  }
  const auto offered = static_cast<std::int64_t>(table.fids.size());
  if (table.total - offered) result.rejected["status"] += table.total - offered;
  if (useFailures) result.rejected["land_use"] += useFailures;
  if (areaFailures) result.rejected["area"] += areaFailures;
  // A parcel reserved (预留) for another project is offered to no one else until released or expired.
  if (const std::set<std::int64_t> held = parcelFidsReservedForOthers(store->database(), project.id, ledgerToday(options.today)); !held.empty()) {
    const auto before = static_cast<std::int64_t>(slots.size());
    std::erase_if(slots, [&](std::size_t slot) { return held.count(table.fids[slot]) > 0; });
    if (const auto dropped = before - static_cast<std::int64_t>(slots.size())) result.rejected["reserved"] += dropped;
  }

  // Rules 4-7 and the score, in parallel over the surviving parcels. Each parcel's detail is touched
  // by the one worker that takes it, so its lazily measured facts need no lock. Parcels seen for the
  // first time need their rows, read here (the SQLite connection is not shared with workers) while
  // the workers already test the rows that arrived: `order` lists positions in `slots` as their
  // details become ready, `published` says how many are.
  const std::size_t total = slots.size();
  std::vector<std::size_t> order(total);
  std::size_t known = 0;
  for (std::size_t j = 0; j < total; ++j)
    if (table.details[slots[j]]) order[known++] = j;
  std::atomic<std::size_t> published{known};
  std::atomic<bool> abandoned{false};
  std::mutex readyMutex;
  std::condition_variable ready;
  auto publish = [&](std::size_t count) {
    {
      std::lock_guard lock(readyMutex);
      published.store(count, std::memory_order_release);
    }
    ready.notify_all();
  };
  auto readRows = [&] {
    std::size_t count = known;
    auto add = [&](std::size_t slot, const SqliteStatement& row) {
      auto detail = std::make_unique<ParcelDetail>();
      detail->row = parcelFromRow(row);
      table.details[slot] = std::move(detail);
      order[count++] = static_cast<std::size_t>(std::lower_bound(slots.begin(), slots.end(), slot) - slots.begin());
      if (count % 64 == 0) publish(count);
    };
    // Many new rows come faster from one query over the attribute index than by one lookup each.
    if (total - known >= std::max<std::size_t>(1, total / 4)) {
      auto statement = store->database().prepare(std::string("SELECT ") + parcelColumns() +
                                                 " FROM parcels WHERE status IN ('reserved', 'available') AND land_use IN (" +
                                                 placeholders(uses.size()) + ") AND area_m2 >= ? AND area_m2 <= ?");
      int index = 1;
      for (const std::string& code : uses) statement.bind(index++, code);
      statement.bind(index, minArea);
      statement.bind(index + 1, maxArea);
      while (statement.step()) {
        const auto found = std::lower_bound(table.fids.begin(), table.fids.end(), statement.columnInt(0));
        if (found == table.fids.end() || *found != statement.columnInt(0)) continue;
        const auto slot = static_cast<std::size_t>(found - table.fids.begin());
        // Only slots still in play: parcels reserved for another project were taken out above.
        if (!table.details[slot] && std::binary_search(slots.begin(), slots.end(), slot)) add(slot, statement);
      }
    }
    if (count < total) {
      auto statement = store->database().prepare(std::string("SELECT ") + parcelColumns() + " FROM parcels WHERE fid = ?");
      for (std::size_t slot : slots) {
        if (table.details[slot]) continue;
        statement.bind(1, table.fids[slot]);
        if (!statement.step()) throw Error(ErrorCode::Database, "a parcel disappeared during matching", {.layer = "parcels"});
        add(slot, statement);
        statement.reset();
      }
    }
    publish(count);
  };

  struct Outcome {
    std::ptrdiff_t failure = kPasses;
    double score = 0;
  };
  std::vector<Outcome> outcomes(total);
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  // Below a few hundred parcels a thread costs more than it saves.
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, total / 256)));
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(threads);
  auto work = [&](unsigned worker) {
    try {
      ThreadScratch scratch;
      for (std::size_t i = next.fetch_add(64); i < total; i = next.fetch_add(64)) {
        const std::size_t end = std::min(total, i + 64);
        if (published.load(std::memory_order_acquire) < end) {
          std::unique_lock lock(readyMutex);
          ready.wait(lock, [&] { return published.load(std::memory_order_acquire) >= end || abandoned.load(); });
        }
        if (abandoned.load()) return;
        for (std::size_t k = i; k < end; ++k) {
          const std::size_t j = order[k];
          ParcelDetail& detail = *table.details[slots[j]];
          if (!detail.geometry) prepareDetail(detail, scratch);
          outcomes[j].failure = firstSpatialFailure(project, detail, scratch);
          if (outcomes[j].failure == kPasses) outcomes[j].score = parcelScore(project, detail, scratch);
        }
      }
    } catch (...) {
      // Exceptions never cross a thread: kept here and rethrown on the calling thread.
      errors[worker] = std::current_exception();
    }
  };
  if (threads <= 1) {
    readRows();
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work, t);
    try {
      readRows();
    } catch (...) {
      {
        std::lock_guard lock(readyMutex);
        abandoned.store(true);
      }
      ready.notify_all();
      for (std::thread& thread : pool) thread.join();
      throw;
    }
    for (std::thread& thread : pool) thread.join();
  }
  for (const std::exception_ptr& error : errors)
    if (error) std::rethrow_exception(error);

  std::map<std::ptrdiff_t, std::int64_t> failures;
  std::vector<std::size_t> passed;  // indices into slots
  for (std::size_t j = 0; j < outcomes.size(); ++j) {
    if (outcomes[j].failure != kPasses) ++failures[outcomes[j].failure];
    else passed.push_back(j);
  }
  for (const auto& [failure, count] : failures) result.rejected[failureReason(project, failure)] += count;

  // Only the best --top parcels can be returned (whatever buildings join them), so only they get
  // their criteria spelled out; the stability analysis needs every candidate's criteria.
  if (options.top && options.stabilityDraws <= 0 && passed.size() > *options.top) {
    const auto top = static_cast<std::ptrdiff_t>(*options.top);
    std::partial_sort(passed.begin(), passed.begin() + top, passed.end(), [&](std::size_t a, std::size_t b) {
      return ranksBefore(outcomes[a].score, table.details[slots[a]]->row.id, outcomes[b].score, table.details[slots[b]]->row.id);
    });
    notReturned += static_cast<std::int64_t>(passed.size()) - top;
    passed.resize(*options.top);
  }
  ThreadScratch scratch;
  for (std::size_t j : passed) out.push_back(parcelCandidate(project, *table.details[slots[j]], scratch));
}

void MatchEngine::Impl::matchBuildings(const ProjectSpec& project, MatchResult& result, std::vector<Candidate>& out) const {
  result.considered += static_cast<std::int64_t>(buildings.size());
  for (const BuildingItem& building : buildings) {
    std::string failure;
    for (const RuleCheck& check : explainBuilding(project, building, Language::English))
      if (!check.passed) {
        failure = check.rule;
        break;
      }
    if (!failure.empty()) ++result.rejected[failure];
    else out.push_back(scoreBuilding(project, building));
  }
}

std::optional<ParcelRow> MatchEngine::Impl::readParcel(const std::string& id) const {
  auto statement = store->database().prepare(std::string("SELECT ") + parcelColumns() + " FROM parcels WHERE id = ?");
  statement.bind(1, id);
  if (!statement.step()) return std::nullopt;
  return parcelFromRow(statement);
}

namespace {

void rankCandidates(std::vector<Candidate>& candidates) {
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return ranksBefore(a.score, a.id, b.score, b.id); });
  for (std::size_t i = 0; i < candidates.size(); ++i) candidates[i].rank = static_cast<int>(i + 1);
}

// A uniform draw in [0, 1) from the raw 64-bit engine output: std::uniform_real_distribution is not
// specified bit-for-bit, and the stability figures must be the same on every platform for a seed.
double unitDraw(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }

// For each candidate, the share of `draws` weight perturbations in which it stays in the top K.
void computeStability(std::vector<Candidate>& candidates, const RulePack& rules, const MatchOptions& options) {
  if (options.stabilityDraws <= 0 || candidates.empty()) return;
  std::mt19937_64 engine(options.stabilitySeed);
  std::vector<int> hits(candidates.size(), 0);
  const std::size_t topK = std::max<std::size_t>(1, options.stabilityTopK);
  std::vector<std::size_t> order(candidates.size());
  std::vector<double> scores(candidates.size());
  for (int draw = 0; draw < options.stabilityDraws; ++draw) {
    std::map<std::string, double> factor;
    for (const CriterionRule& rule : rules.criteria)
      factor[rule.name] = 1 + options.stabilityPerturbation * (2 * unitDraw(engine) - 1);
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      double weightSum = 0, total = 0;
      for (const CriterionScore& criterion : candidates[i].criteria) {
        const double weight = criterion.weight * factor[criterion.rule];
        weightSum += weight;
        total += weight * criterion.score;
      }
      scores[i] = weightSum > 0 ? total / weightSum : 0;
      order[i] = i;
    }
    const std::size_t k = std::min(topK, candidates.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(), [&](std::size_t a, std::size_t b) {
      return ranksBefore(scores[a], candidates[a].id, scores[b], candidates[b].id);
    });
    for (std::size_t r = 0; r < k; ++r) ++hits[order[r]];
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) candidates[i].stability = static_cast<double>(hits[i]) / options.stabilityDraws;
}

}  // namespace

MatchEngine::MatchEngine(const Store& store, RulePack rules) : m_impl(std::make_unique<Impl>()) {
  m_impl->store = &store;
  m_impl->rules = std::move(rules);
  m_impl->load();
}
MatchEngine::~MatchEngine() = default;
MatchEngine::MatchEngine(MatchEngine&&) noexcept = default;
MatchEngine& MatchEngine::operator=(MatchEngine&&) noexcept = default;

const RulePack& MatchEngine::rules() const { return m_impl->rules; }
bool MatchEngine::isStale() const { return m_impl->provenanceStamp() != m_impl->loadedProvenance; }

MatchResult MatchEngine::match(const ProjectSpec& project, const MatchOptions& options) const {
  MatchResult result;
  result.projectId = project.id;
  result.rulePackId = m_impl->rules.id;
  result.rulePackVersion = m_impl->rules.version;
  KindSelection kind = options.kind;
  if (kind == KindSelection::Auto) kind = project.wantsLand() ? KindSelection::Parcels : KindSelection::Buildings;
  std::vector<Candidate> candidates;
  std::int64_t notReturned = 0;
  if (kind == KindSelection::Parcels || kind == KindSelection::All) m_impl->matchParcels(project, options, result, candidates, notReturned);
  if (kind == KindSelection::Buildings || kind == KindSelection::All) m_impl->matchBuildings(project, result, candidates);
  rankCandidates(candidates);
  computeStability(candidates, m_impl->rules, options);
  result.candidateCount = static_cast<std::int64_t>(candidates.size()) + notReturned;
  if (options.top && candidates.size() > *options.top) candidates.resize(*options.top);
  // Centroids only for what is returned: PROJ and the geometry parse are not free at 10^6 parcels.
  for (Candidate& candidate : candidates) {
    auto statement = m_impl->store->database().prepare(
        std::string("SELECT X(Centroid(geom)), Y(Centroid(geom)) FROM ") + (candidate.kind == CandidateKind::Parcel ? "parcels" : "buildings") +
        " WHERE id = ?");
    statement.bind(1, candidate.id);
    if (statement.step() && !statement.isNull(0))
      candidate.centroid = m_impl->toLonLat->toLonLat(EastingNorthing::fromMetres(statement.columnDouble(0), statement.columnDouble(1)));
  }
  result.candidates = std::move(candidates);
  return result;
}

WhyResult MatchEngine::why(const ProjectSpec& project, CandidateKind kind, const std::string& id, const MatchOptions& options) const {
  WhyResult result;
  result.projectId = project.id;
  result.rulePackId = m_impl->rules.id;
  result.rulePackVersion = m_impl->rules.version;
  result.kind = kind;
  result.id = id;
  if (kind == CandidateKind::Parcel) {
    std::optional<ParcelRow> row = m_impl->readParcel(id);
    if (!row) throw Error(ErrorCode::UnknownId, "no parcel with id '" + id + "'", {.layer = "parcels", .feature = id});
    // A parcel a match has already looked at reuses its measured facts (the row is read fresh:
    // status and the other attributes are explained as they are now).
    ParcelDetail fresh;
    ParcelDetail* detail = m_impl->cachedDetail(row->fid);
    if (detail) {
      row->wkb = {};
      detail->row = std::move(*row);
    } else {
      fresh.row = std::move(*row);
      detail = &fresh;
    }
    Impl::ThreadScratch scratch;
    if (!detail->geometry) m_impl->prepareDetail(*detail, scratch);
    result.checks = m_impl->explainParcel(project, *detail, scratch, options.language);
    // Said only for a reserved parcel: the rule list of every other parcel stays as it was.
    if (const auto held = activeReservationOf(m_impl->store->database(), id, ledgerToday(options.today))) {
      const bool ours = held->projectId == project.id;
      const Language language = options.language;
      result.checks.insert(result.checks.begin() + 1,
                           RuleCheck{"reserved", ours,
                                     say(language, "已为项目 {} 预留至 {}", "reserved (预留) for project {} until {}", held->projectId, held->until),
                                     ours ? "" : say(language, "预留期满或解除后方可供其他项目使用（landbank ledger release {}）",
                                                     "offered to other projects only after the reservation expires or is released (landbank ledger release {})",
                                                     id)});
    }
    result.candidate = std::all_of(result.checks.begin(), result.checks.end(), [](const RuleCheck& c) { return c.passed; });
    if (result.candidate) result.scored = m_impl->parcelCandidate(project, *detail, scratch);
  } else {
    const BuildingItem* building = m_impl->findBuilding(id);
    if (!building) throw Error(ErrorCode::UnknownId, "no building with id '" + id + "'", {.layer = "buildings", .feature = id});
    result.checks = m_impl->explainBuilding(project, *building, options.language);
    result.candidate = std::all_of(result.checks.begin(), result.checks.end(), [](const RuleCheck& c) { return c.passed; });
    if (result.candidate) result.scored = m_impl->scoreBuilding(project, *building);
  }
  return result;
}

ReverseMatchResult MatchEngine::reverse(CandidateKind kind, const std::string& id, const MatchOptions& options) const {
  ReverseMatchResult result;
  result.rulePackId = m_impl->rules.id;
  result.rulePackVersion = m_impl->rules.version;
  result.kind = kind;
  result.id = id;
  // Make sure the land exists before reading projects, so that a typo is reported as such.
  if (kind == CandidateKind::Parcel && !m_impl->readParcel(id))
    throw Error(ErrorCode::UnknownId, "no parcel with id '" + id + "'", {.layer = "parcels", .feature = id});
  if (kind == CandidateKind::Building && !m_impl->findBuilding(id))
    throw Error(ErrorCode::UnknownId, "no building with id '" + id + "'", {.layer = "buildings", .feature = id});
  std::vector<FeatureRecord> records = readFeatures(*m_impl->store, Layer::Projects, ReadOptions{.limit = std::nullopt, .ids = {}, .withGeometry = false});
  std::vector<ReverseMatchEntry> entries;
  for (const FeatureRecord& record : records) {
    const std::string stage = record.properties.value("stage", "");
    if (std::find(kOpenStages.begin(), kOpenStages.end(), stage) == kOpenStages.end()) continue;
    const ProjectSpec project = ProjectSpec::fromFeature(record);
    if (kind == CandidateKind::Parcel ? !project.wantsLand() : !project.wantsFloorSpace()) continue;
    ++result.considered;
    const WhyResult why = this->why(project, kind, id, options);
    if (!why.candidate) {
      for (const RuleCheck& check : why.checks)
        if (!check.passed) {
          ++result.rejected[check.rule];
          break;
        }
      continue;
    }
    entries.push_back({project.id, project.name, stage, why.scored->score, why.scored->criteria});
  }
  std::sort(entries.begin(), entries.end(),
            [](const ReverseMatchEntry& a, const ReverseMatchEntry& b) { return ranksBefore(a.score, a.projectId, b.score, b.projectId); });
  if (options.top && entries.size() > *options.top) entries.resize(*options.top);
  result.projects = std::move(entries);
  return result;
}

}  // namespace landbank
