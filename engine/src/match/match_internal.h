#pragma once
// The matching engine's inside, shared by its parts (engine/src/match/*.cpp and matching.cpp); not a
// public header. One file per concern:
//   matching.cpp        the public MatchEngine: match() and its run over the parcel arrays and buildings
//   match_support.cpp   small helpers (STRtree queries, normalisation, lists, dates, parcel rows)
//   engine_load.cpp     loading constraints, facilities, parks and buildings into STRtrees
//   parcel_facts.cpp    the project-independent facts of a parcel (ParcelDetail): geometry, constraint
//                       overlaps, require_within share, nearest facilities, enterprises and parks around it,
//                       and the flat arrays of the offered parcels
//   hard_rules.cpp      the spatial hard rules on those facts and their rejection codes
//   scoring.cpp         the weighted score and its criteria
//   explanations.cpp    --why: every hard rule with its fact and remedy
//   stability.cpp       rank stability under perturbed weights
//   reverse.cpp         reverse matching (which open projects could take this site)
//   assembly.cpp        --assemble: connected sets of adjacent parcels as one candidate
//   stored_facts.cpp    the facts of parcel_facts.cpp kept in the store (landbank/stored_facts.h):
//                       measured in full by a write, read back by a cold match
// Geometry is in the database CRS (metres).

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "detail/convex_clip.h"
#include "detail/geos.h"
#include "detail/sqlite.h"
#include "landbank/crs.h"
#include "landbank/matching.h"
#include "landbank/rulepack.h"

namespace landbank::match {

// ---------------------------------------------------------------- small helpers (match_support.cpp)

struct StrTreeDeleter {
  void operator()(GEOSSTRtree* tree) const { GEOSSTRtree_destroy_r(geosContext(), tree); }
};
using StrTreePtr = std::unique_ptr<GEOSSTRtree, StrTreeDeleter>;

StrTreePtr makeTree();

// Queries a tree whose items are indices (stored as index + 1 so that 0 is never a null pointer).
std::vector<std::size_t> queryIndices(GEOSSTRtree* tree, const GEOSGeometry* envelope);

inline void* indexItem(std::size_t index) { return reinterpret_cast<void*>(static_cast<std::uintptr_t>(index + 1)); }

GeosGeometryPtr envelopeOf(const GEOSGeometry* geometry, double grow);

inline double clamp01(double value) { return std::clamp(value, 0.0, 1.0); }

// Linear normalisation: 1 at `best`, 0 at `worst` (either order).
inline double linearScore(double value, double best, double worst) {
  if (best == worst) return value <= best ? 1.0 : 0.0;
  return clamp01((value - worst) / (best - worst));
}

inline double param(const CriterionRule& rule, const char* key, double fallback) {
  return rule.params.contains(key) && rule.params.at(key).is_number() ? rule.params.at(key).get<double>() : fallback;
}

inline bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

/// A list from a JSON array of strings, or from a text separated by ',' or ';' (spaces dropped).
std::vector<std::string> splitList(const nlohmann::json& value);

// Days from 1970-01-01 for "YYYY-MM-DD" (civil calendar, H. Hinnant's days_from_civil).
std::optional<long> daysFromDate(const std::string& text);

std::string placeholders(std::size_t count);

// "12,345" (rounded to a whole number, thousands grouped) and "12,345 m²（18.5 亩）" for --why facts.
std::string groupedNumber(double value);
std::string areaText(double squareMetres, Language language);

// Rank order: score descending (compared at 1e-9 so that rounding noise cannot reorder ties), then id.
inline bool ranksBefore(double scoreA, const std::string& idA, double scoreB, const std::string& idB) {
  const long long a = std::llround(scoreA * 1e9), b = std::llround(scoreB * 1e9);
  if (a != b) return a > b;
  return idA < idB;
}

/// Sorts by rank order and numbers the ranks from 1.
void rankCandidates(std::vector<Candidate>& candidates);

// ---------------------------------------------------------------- loaded layers

enum class Effect { Exclude, ExcludePolluting, RequireWithin, LimitHeight, Penalty, Other };

Effect effectOf(std::string_view effect);

// What every match tests of a constraint, loaded with the engine for all of them: 32 bytes and no
// strings. With its id, name and strings inline the list of 10^4 constraints was 3 MB, and a cold
// match paid ~15% of its time filling it (fresh pages cost ~10 µs each in a VM).
struct ConstraintItem {
  std::int64_t fid = 0;
  std::optional<double> value;
  Effect kind = Effect::Other;  ///< `effect` parsed once: it is tested per parcel and zone
  std::uint32_t type = 0;       ///< index into MatchEngine::Impl::constraintTypes
};

// What measuring and explaining need of a constraint besides: loaded for all constraints together
// on first need (ensureConstraintGeometries), which a cold match over stored facts never has.
struct ConstraintShape {
  std::string id;
  GeosGeometryPtr geometry;
  // Its rings as plain points for clip::clippedArea (empty when not clippable: not polygonal, or
  // so many vertices that GEOS's indexed overlay is the cheaper way).
  std::vector<std::vector<clip::Point>> rings;
  std::vector<char> ringIsHole;
};

// A layer's fid -> its position in the engine's list. Stored facts name constraints, enterprises
// and parks by fid, about 10 per parcel and 10^4 parcels per cold match: a std::map lookup there
// was most of the facts decoding. Fids are dense in practice (1..n), so a direct table; a sorted
// list when they are not.
class FidIndex {
 public:
  void add(std::int64_t fid, std::size_t position) { m_pending.emplace_back(fid, static_cast<std::uint32_t>(position)); }
  void build();  ///< after every add()
  std::optional<std::size_t> find(std::int64_t fid) const {
    if (m_direct.empty()) return findSparse(fid);
    if (fid < m_base || fid - m_base >= static_cast<std::int64_t>(m_direct.size())) return std::nullopt;
    const std::uint32_t position = m_direct[static_cast<std::size_t>(fid - m_base)];
    if (position == kNone) return std::nullopt;
    return position;
  }

 private:
  std::optional<std::size_t> findSparse(std::int64_t fid) const;
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::pair<std::int64_t, std::uint32_t>> m_pending;  ///< sorted by build(); kept when sparse
  std::int64_t m_base = 0;
  std::vector<std::uint32_t> m_direct;  ///< fid - m_base -> position or kNone; empty when sparse
};

constexpr std::size_t kMaxClippedVertices = 512;
constexpr std::size_t kMaxScannedFacilities = 4096;  ///< above this, nearest facilities come from the STRtree

std::vector<clip::Point> ringPoints(const GEOSGeometry* ring);
// Rings of a Polygon or MultiPolygon; false for any other type.
bool polygonRings(const GEOSGeometry* geometry, std::vector<std::vector<clip::Point>>& rings, std::vector<char>& holes);

struct FacilityItem {
  std::int64_t fid = 0;
  std::string id, type, name, sector, subsector;
  GeosGeometryPtr geometry;
};

struct ParkItem {
  std::int64_t fid = 0;
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

// Memory for the lists of the details a cold match decodes from stored facts (~10^4 details, four
// lists each): bump-allocated from 2 MiB blocks like the details themselves, instead of ~4 heap
// allocations per detail on fresh heap pages (a page fault each ~10 µs in a VM). Nothing is freed
// before the whole arena. Only the thread that owns the table allocates here (the one reading the
// rows); a list allocating from another thread throws rather than race.
class ListArena {
 public:
  ListArena() = default;
  ListArena(ListArena&& other) noexcept;
  ListArena& operator=(ListArena&& other) noexcept;
  ListArena(const ListArena&) = delete;
  ListArena& operator=(const ListArena&) = delete;
  ~ListArena() { release(); }
  void* allocate(std::size_t bytes, std::size_t alignment);

 private:
  void release() noexcept;
  std::vector<void*> m_blocks;  ///< every block, freed together
  char* m_current = nullptr;    ///< the block being filled
  std::size_t m_used = 0;       ///< bytes used in m_current
  std::thread::id m_owner;
};

// A std::allocator unless given a ListArena (then deallocation is a no-op). Copies of a list go to
// the heap, so a copied detail never allocates from the arena on another thread.
template <class T>
struct ListAllocator {
  using value_type = T;
  using propagate_on_container_move_assignment = std::true_type;
  using propagate_on_container_swap = std::true_type;
  ListArena* arena = nullptr;
  ListAllocator() = default;
  explicit ListAllocator(ListArena* from) : arena(from) {}
  template <class U>
  ListAllocator(const ListAllocator<U>& other) : arena(other.arena) {}
  T* allocate(std::size_t n) { return arena ? static_cast<T*>(arena->allocate(n * sizeof(T), alignof(T))) : std::allocator<T>().allocate(n); }
  void deallocate(T* p, std::size_t n) {
    if (!arena) std::allocator<T>().deallocate(p, n);
  }
  ListAllocator select_on_container_copy_construction() const { return {}; }
  template <class U>
  bool operator==(const ListAllocator<U>& other) const { return arena == other.arena; }
};
template <class T>
using DetailList = std::vector<T, ListAllocator<T>>;

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
  DetailList<Hit> hits;               ///< constraints whose envelope meets the parcel's, by index
  std::optional<double> withinShare;  ///< share of the area inside the require_within union
  double perimeter = 0;
  DetailList<std::pair<std::size_t, std::optional<double>>> nearest;  ///< facility type index -> distance
  std::optional<DetailList<std::size_t>> enterprisesInRadius;        ///< within the supply-chain radius
  std::optional<DetailList<std::size_t>> parksHere;                  ///< parks it overlaps (> tolerance)
  std::vector<clip::Point> convex;  ///< its outline when it is one convex ring without holes (relative to origin)
  clip::Point origin;
  double minX = 0, minY = 0, maxX = 0, maxY = 0;  ///< envelope
  clip::Point vertex;                             ///< one point of the parcel (bounds the nearest distances)
  bool hasVertex = false;
  /// Neighbour fid -> shared boundary length in metres (rule pack `matching.assembly`), measured for
  /// assemblies on first use and kept in the detail of the pair's lower fid.
  std::vector<std::pair<std::int64_t, double>> sharedBoundaries;
  std::optional<double> hullShare;  ///< assemblies only: union area / convex hull area
  /// True when the facts came from the store (stored_facts.cpp): every hit's area, withinShare,
  /// perimeter, nearest (every facility type), enterprisesInRadius and parksHere are set, and
  /// `geometry` stays null until loadGeometry() (--why, assemblies) needs it.
  bool stored = false;
  std::optional<LonLat> centroid;  ///< lon/lat, from the stored facts
};

// The ParcelDetails of a ParcelTable, made in 2 MiB blocks. A cold match makes 10^4 details at once,
// and in a virtual machine the first touch of each 4 KiB page costs about 10 µs (a page fault): with
// one allocation per detail, or blocks of small pages, faults took a sixth of a whole 200,000-parcel
// `landbank match`. A block asks for a transparent huge page (madvise; the kernel may ignore it), so a
// block costs one fault. Details never move and live as long as the arena.
class DetailArena {
 public:
  DetailArena() = default;
  DetailArena(DetailArena&& other) noexcept : m_blocks(std::move(other.m_blocks)), m_lists(std::move(other.m_lists)) { other.m_blocks.clear(); }
  DetailArena& operator=(DetailArena&& other) noexcept;
  DetailArena(const DetailArena&) = delete;
  DetailArena& operator=(const DetailArena&) = delete;
  ~DetailArena() { clear(); }
  ParcelDetail* make();
  /// For the lists of a detail made from stored facts (freed with the details).
  ListArena* lists() { return &m_lists; }

 private:
  void clear() noexcept;
  struct Block {
    void* memory = nullptr;
    std::size_t used = 0;
  };
  std::vector<Block> m_blocks;
  ListArena m_lists;  ///< destroyed after clear() has destroyed the details that use it
};

const char* parcelColumns();
ParcelRow parcelFromRow(const SqliteStatement& row);

inline constexpr std::array<const char*, 3> kOpenStages{"lead", "negotiating", "signed"};

// ---------------------------------------------------------------- scoring (scoring.cpp)

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

// ---------------------------------------------------------------- stability (stability.cpp)

// For each candidate, the share of `draws` weight perturbations in which it stays in the top K.
void computeStability(std::vector<Candidate>& candidates, const RulePack& rules, const MatchOptions& options);

}  // namespace landbank::match

namespace landbank {

class Store;

// ---------------------------------------------------------------- the engine

struct MatchEngine::Impl {
  // The internal types of match_internal.h, named here so that the member definitions in
  // engine/src/match/*.cpp read them unqualified.
  using BuildingItem = match::BuildingItem;
  using ConstraintItem = match::ConstraintItem;
  using ConstraintShape = match::ConstraintShape;
  template <class T>
  using DetailList = match::DetailList<T>;
  using CriteriaSink = match::CriteriaSink;
  using Effect = match::Effect;
  using FacilityItem = match::FacilityItem;
  using ParcelDetail = match::ParcelDetail;
  using ParcelRow = match::ParcelRow;
  using ParkItem = match::ParkItem;
  using ScoringPlan = match::ScoringPlan;
  using StrTreePtr = match::StrTreePtr;
  const Store* store = nullptr;
  RulePack rules;
  std::string loadedProvenance;  ///< import times of every layer when loaded (staleness check)

  // Constraint attributes are loaded with the engine; their geometries, the STRtree and the
  // require_within union on first need (ensureConstraintGeometries), hence mutable.
  std::vector<ConstraintItem> constraints;  ///< in fid order
  std::vector<std::string> constraintTypes;  ///< ConstraintItem::type indexes this
  match::FidIndex constraintIndexByFid;
  mutable std::vector<ConstraintShape> constraintShapes;  ///< by constraint index, once loaded
  mutable StrTreePtr constraintTree;
  mutable GeosGeometryPtr requireWithinUnion;  ///< null when there are no require_within constraints
  mutable std::once_flag constraintGeometriesOnce;
  std::string requireWithinType;       ///< the type named in reasons (dev_boundary in practice); empty without require_within

  std::vector<FacilityItem> facilities;
  std::map<std::string, StrTreePtr> facilityTrees;  ///< by type; items are indices
  std::map<std::string, std::vector<std::size_t>> facilitiesByType;
  std::vector<std::size_t> enterprises;
  StrTreePtr enterpriseTree;

  std::vector<ParkItem> parks;
  StrTreePtr parkTree;
  std::vector<BuildingItem> buildings;

  /// Created on first use (on the calling thread): PROJ setup costs tens of ms, and a cold match
  /// whose centroids come from the stored facts needs none.
  mutable std::unique_ptr<ProjectedToLonLat> toLonLatTransform;
  const ProjectedToLonLat& toLonLat() const;

  std::map<std::string, std::size_t, std::less<>> facilityTypeIndex;  ///< facility type -> index (nearest-distance cache)
  /// By type index: the coordinates of the type's facilities when every one is a point (else empty).
  std::vector<std::vector<clip::Point>> facilityPoints;

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
    /// The stored facts are current and fit this engine (stored_facts.cpp): new details read them.
    bool storedFacts = false;
    std::vector<ParcelDetail*> details;  ///< by slot, made on first use (newDetail), null before
    /// A new detail for details[slot] (DetailArena: one allocation and page fault per 2 MiB).
    ParcelDetail* newDetail() { return detailArena.make(); }
    match::DetailArena detailArena;
    std::map<std::string, std::unique_ptr<ParcelDetail>> assemblies;  ///< unions of assemblies, by id ("CY-1+CY-2")
  };
  mutable ParcelTable parcels;

  // ---- loading
  void load();
  /// Parses the constraint geometries and builds their STRtree and the require_within union, once
  /// (thread-safe; every user of a constraint's geometry calls it first). Throws Error(Database) when
  /// the constraints changed since load().
  void ensureConstraintGeometries() const;
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
      if (!prepared[index]) prepared[index] = prepareGeometry(impl.constraintShapes[index].geometry.get());
      return prepared[index].get();
    }
  };
  /// Parses the geometry and finds the candidate constraints and the require_within share.
  void prepareDetail(ParcelDetail& detail, ThreadScratch& scratch) const;
  /// Parses row.wkb into the geometry, envelope, perimeter and outline (prepareDetail's first half).
  void parseGeometry(ParcelDetail& detail) const;
  /// The geometry of a detail made from stored facts, read by fid (calling thread only: SQLite).
  void loadGeometry(ParcelDetail& detail) const;

  // ---- stored facts (stored_facts.cpp)
  /// Whether the stored facts are current and usable with this engine's rule pack.
  bool storedFactsUsable() const;
  /// Fills a detail from its stored facts; false (detail unchanged) when they do not fit.
  bool readStoredFacts(ParcelDetail& detail, const unsigned char* data, std::size_t size, match::ListArena* lists = nullptr) const;
  /// The same for a detail outside the parcel table (--why, reverse): reads its row by fid.
  bool readStoredFactsOf(ParcelDetail& detail) const;
  /// Fills the table's flat arrays and total from the stored ones (stored_facts.cpp); false when they
  /// are missing or do not decode (the caller then reads the parcels table).
  bool readOfferedParcels(ParcelTable& table) const;
  /// Measures every fact of a prepared detail and encodes them (the centroid given in lon/lat).
  std::vector<unsigned char> measureStoredFacts(ParcelDetail& detail, ThreadScratch& scratch, std::optional<LonLat> centroid) const;
  std::optional<std::size_t> constraintIndexOfFid(std::int64_t fid) const;
  match::FidIndex facilityIndexByFid, parkIndexByFid;
  double supplyChainRadiusMetres = 5000;  ///< the rule pack's supply_chain radius_m (set by load())
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
    return parcels.details[static_cast<std::size_t>(found - parcels.fids.begin())];
  }

  // ---- rules
  std::vector<std::string> landUsesFor(const ProjectSpec& project) const {
    return project.landUses ? *project.landUses : rules.compatibleLandUses(project.sector, project.pollutionClass);
  }
  const std::string& constraintType(const ConstraintItem& constraint) const { return constraintTypes[constraint.type]; }
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
  /// The parks a parcel overlaps (by more than the overlap tolerance), measured on first use.
  const DetailList<std::size_t>& parksOf(ParcelDetail& detail) const;
  void supplyChainCriterion(const ScoringPlan& plan, const ProjectSpec& project, std::span<const std::size_t> enterprisesInRadius,
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
  /// Appends the assemblies of adjacent parcels that pass every hard rule (assembly.cpp); counts the
  /// assemblies examined in `considered` and each rejected one under "assembly:<rule>".
  void matchAssemblies(const ProjectSpec& project, const MatchOptions& options, MatchResult& result, std::vector<Candidate>& out) const;
  /// The length in metres along which two parcels touch, or face each other across a gap up to the
  /// rule pack's `max_gap_m` (0 when farther apart). Project-independent; cached in `a` (a.fid < b.fid).
  double sharedBoundary(ParcelDetail& a, const ParcelDetail& b) const;
  /// The union of an assembly's members (sorted by id) as a parcel of its own: id "A+B", area-weighted
  /// price, the smallest power supply, utilities only where every member has them, facts measured,
  /// hullShare = union area / convex hull area.
  std::unique_ptr<ParcelDetail> assemblyUnion(const std::vector<const ParcelDetail*>& parts, ThreadScratch& scratch) const;
  /// `match --why A+B`: each member's own rules (the area rule aside), the assembly's rules (number of
  /// members, adjacency, every member needed, compactness) and the union's spatial rules (assembly.cpp).
  void explainAssembly(const ProjectSpec& project, const std::string& id, const MatchOptions& options, WhyResult& result) const;
  /// The detail --why explains for a parcel: the engine's cached one with the row read fresh, else
  /// `fresh` filled from the stored facts or measured. Throws UnknownId naming the parcel.
  ParcelDetail& whyDetail(const std::string& id, ParcelDetail& fresh, ThreadScratch& scratch) const;
  /// The "reserved" check --why adds after the first one for a parcel held by the ledger (预留).
  void addReservationCheck(const ProjectSpec& project, const std::string& id, const MatchOptions& options, std::vector<RuleCheck>& checks) const;
  std::optional<ParcelRow> readParcel(const std::string& id) const;
  /// A range query for readParcelDetails(): its condition after the status test and the binding of
  /// its parameters (from 1).
  struct RowRange {
    std::string condition;
    std::function<void(SqliteStatement&)> bind;
  };
  /// Makes the details of the parcels in `slots` (ascending) that have none yet, on the calling
  /// thread (SQLite is not shared with workers): first the rows `range` selects (one query over the
  /// attribute index, when many are new), then one lookup by fid for each still missing. When the
  /// stored facts are current a detail is filled from them and its geometry is not read. Calls
  /// `added(slot)` after each new detail. Throws Error(Database) when a parcel vanished meanwhile.
  void readParcelDetails(const std::vector<std::size_t>& slots, const std::optional<RowRange>& range,
                         const std::function<void(std::size_t)>& added) const;
  const BuildingItem* findBuilding(const std::string& id) const {
    for (const BuildingItem& building : buildings)
      if (building.id == id) return &building;
    return nullptr;
  }
};

}  // namespace landbank
