// The project-independent facts of a parcel (ParcelDetail), measured lazily and cached for the
// engine's lifetime: its geometry and envelope, the constraints around it and each overlap, the share
// inside the require_within zones, the nearest facility of each type, the enterprises within the
// supply-chain radius, the parks it overlaps. And the flat arrays of the offered parcels the first
// three hard rules run over, reloaded after an import or a status edit.
#include <sys/mman.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>

#include "landbank/error.h"
#include "landbank/store.h"
#include "match/match_internal.h"

namespace landbank {

using namespace match;

namespace {
constexpr std::size_t kArenaBlockBytes = std::size_t{2} << 20;  // one transparent huge page on x86-64 and arm64 (4 KiB base pages)
constexpr std::size_t kDetailsPerBlock = kArenaBlockBytes / sizeof(ParcelDetail);
}  // namespace

match::DetailArena& match::DetailArena::operator=(DetailArena&& other) noexcept {
  if (this != &other) {
    clear();  // the details first: their lists live in m_lists
    m_blocks = std::move(other.m_blocks);
    other.m_blocks.clear();
    m_lists = std::move(other.m_lists);
  }
  return *this;
}

match::ListArena::ListArena(ListArena&& other) noexcept
    : m_blocks(std::move(other.m_blocks)), m_current(other.m_current), m_used(other.m_used), m_owner(other.m_owner) {
  other.m_blocks.clear();
  other.m_current = nullptr;
  other.m_used = 0;
}

match::ListArena& match::ListArena::operator=(ListArena&& other) noexcept {
  if (this != &other) {
    release();
    m_blocks = std::move(other.m_blocks);
    m_current = other.m_current;
    m_used = other.m_used;
    m_owner = other.m_owner;
    other.m_blocks.clear();
    other.m_current = nullptr;
    other.m_used = 0;
  }
  return *this;
}

void* match::ListArena::allocate(std::size_t bytes, std::size_t alignment) {
  const std::thread::id self = std::this_thread::get_id();
  if (m_owner == std::thread::id()) m_owner = self;
  if (self != m_owner) throw std::logic_error("a stored-facts list grew on a worker thread");
  if (bytes > kArenaBlockBytes / 4 || alignment > alignof(std::max_align_t)) {
    // A large list gets a block of its own.
    void* memory = std::aligned_alloc(std::max(alignment, alignof(std::max_align_t)), (bytes + 4095) / 4096 * 4096);
    if (!memory) throw std::bad_alloc();
    try {
      m_blocks.push_back(memory);
    } catch (...) {
      std::free(memory);
      throw;
    }
    return memory;
  }
  std::size_t at = (m_used + alignment - 1) / alignment * alignment;
  if (!m_current || at + bytes > kArenaBlockBytes) {
    void* memory = std::aligned_alloc(kArenaBlockBytes, kArenaBlockBytes);
    if (!memory) throw std::bad_alloc();
    ::madvise(memory, kArenaBlockBytes, MADV_HUGEPAGE);
    try {
      m_blocks.push_back(memory);
    } catch (...) {
      std::free(memory);
      throw;
    }
    m_current = static_cast<char*>(memory);
    at = 0;
  }
  m_used = at + bytes;
  return m_current + at;
}

void match::ListArena::release() noexcept {
  for (void* block : m_blocks) std::free(block);
  m_blocks.clear();
  m_current = nullptr;
  m_used = 0;
}

ParcelDetail* match::DetailArena::make() {
  if (m_blocks.empty() || m_blocks.back().used == kDetailsPerBlock) {
    void* memory = std::aligned_alloc(kArenaBlockBytes, kArenaBlockBytes);
    if (!memory) throw std::bad_alloc();
    ::madvise(memory, kArenaBlockBytes, MADV_HUGEPAGE);  // advice only: without THP the block is still fine
    try {
      m_blocks.push_back(Block{memory, 0});
    } catch (...) {
      std::free(memory);
      throw;
    }
  }
  Block& block = m_blocks.back();
  ParcelDetail* detail = ::new (static_cast<char*>(block.memory) + block.used * sizeof(ParcelDetail)) ParcelDetail();
  ++block.used;
  return detail;
}

void match::DetailArena::clear() noexcept {
  for (Block& block : m_blocks) {
    auto* details = static_cast<ParcelDetail*>(block.memory);
    for (std::size_t i = 0; i < block.used; ++i) details[i].~ParcelDetail();
    std::free(block.memory);
  }
  m_blocks.clear();
}

void MatchEngine::Impl::parseGeometry(ParcelDetail& detail) const {
  detail.geometry = geometryFromWkb(detail.row.wkb.data(), detail.row.wkb.size());
  detail.row.wkb = {};
  const GEOSGeometry* parcel = detail.geometry.get();
  double perimeter = 0;
  GEOSLength_r(geosContext(), parcel, &perimeter);
  if (!detail.stored) detail.perimeter = perimeter;  // a stored perimeter is the same number
  if (geometryEnvelope(parcel, detail.minX, detail.minY, detail.maxX, detail.maxY)) {
    std::vector<std::vector<clip::Point>> rings;
    std::vector<char> holes;
    if (polygonRings(parcel, rings, holes) && !rings.empty() && !rings[0].empty()) {
      detail.vertex = rings[0][0];
      detail.hasVertex = true;
      if (rings.size() == 1) detail.convex = clip::convexCounterClockwise(std::move(rings[0]), detail.origin);
    }
  }
}

void MatchEngine::Impl::loadGeometry(ParcelDetail& detail) const {
  if (detail.geometry) return;
  if (detail.row.wkb.empty()) {
    auto statement = store->database().prepare("SELECT AsBinary(geom) FROM parcels WHERE fid = ?");
    statement.bind(1, detail.row.fid);
    if (!statement.step() || statement.isNull(0))
      throw Error(ErrorCode::Database, Message{"匹配过程中有地块被删除（另一进程同时修改了数据库），请重试", "a parcel disappeared during matching"},
                  {.layer = "parcels", .feature = detail.row.id});
    detail.row.wkb = statement.columnBlob(0);
  }
  parseGeometry(detail);
}

void MatchEngine::Impl::prepareDetail(ParcelDetail& detail, ThreadScratch& scratch) const {
  ensureConstraintGeometries();
  GEOSContextHandle_t context = geosContext();
  parseGeometry(detail);
  const GEOSGeometry* parcel = detail.geometry.get();
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
  ensureConstraintGeometries();
  GEOSContextHandle_t context = geosContext();
  const GEOSGeometry* parcel = detail.geometry.get();
  const ConstraintItem& constraint = constraints[hit.constraint];
  const GEOSPreparedGeometry* prepared = scratch.constraint(*this, hit.constraint);
  if (GEOSPreparedIntersects_r(context, prepared, parcel) != 1) {
    hit.area = ParcelDetail::kDisjoint;
  } else if (constraint.kind == Effect::Penalty) {
    hit.area = intersectionArea(constraintShapes[hit.constraint].geometry.get(), parcel);
  } else if (GEOSPreparedContains_r(context, prepared, parcel) == 1) {
    hit.area = detail.row.area;
  } else {
    GeosGeometryPtr part = takeGeometry(GEOSIntersection_r(context, constraintShapes[hit.constraint].geometry.get(), parcel), "intersection");
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
  if (hit.area == ParcelDetail::kUnmeasured && !detail.convex.empty() && !constraintShapes[hit.constraint].rings.empty()) {
    const ConstraintShape& shape = constraintShapes[hit.constraint];
    double area = 0;
    for (std::size_t r = 0; r < shape.rings.size(); ++r) {
      const double part = clip::clippedArea(shape.rings[r].data(), shape.rings[r].size(), detail.convex, detail.origin, scratch.clipA, scratch.clipB);
      area += shape.ringIsHole[r] ? -part : part;
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
  // The stored facts' state joins it: a script's write marks them stale without an audit row.
  return provenanceStamp() + "audit#" + std::to_string(store->database().queryInt("SELECT max(seq) FROM audit_log").value_or(0)) +
         (storedFactsUsable() ? ";facts" : ";measured");
}

void MatchEngine::Impl::refreshParcels() const {
  std::string stamp = parcelStamp();
  if (parcels.loaded && stamp == parcels.stamp) return;
  ParcelTable table;
  table.loaded = true;
  table.stamp = std::move(stamp);
  table.storedFacts = table.stamp.ends_with(";facts");
  if (table.storedFacts && readOfferedParcels(table)) {
    table.details.resize(table.fids.size());
    parcels = std::move(table);
    return;
  }
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

std::vector<std::size_t> MatchEngine::Impl::enterprisesWithin(const GEOSGeometry* geometry, const ParcelDetail* detail) const {
  const double radius = supplyChainRadiusMetres;
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

const match::DetailList<std::size_t>& MatchEngine::Impl::parksOf(ParcelDetail& detail) const {
  if (!detail.parksHere) {
    detail.parksHere.emplace();
    GeosGeometryPtr envelope = envelopeOf(detail.geometry.get(), 0);
    for (std::size_t index : queryIndices(parkTree.get(), envelope.get()))
      if (intersectionArea(parks[index].geometry.get(), detail.geometry.get()) > rules.overlapToleranceSquareMetres) detail.parksHere->push_back(index);
  }
  return *detail.parksHere;
}

}  // namespace landbank
