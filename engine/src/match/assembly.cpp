// Parcel assembly (`--assemble`, rule pack `matching.assembly`, docs/allocation.md "Parcel assembly"):
// a project too large for any single parcel may fit two to `max_parcels` adjacent ones.
//   1. Members: offered parcels of a compatible land use, not reserved for another project, smaller
//      than the project's minimum (a larger one is a candidate, or too large, on its own), that pass
//      every other hard rule (power, constraints, require_within, height, near) by themselves.
//   2. Adjacency: two members are adjacent when they touch along at least `min_shared_boundary_m`
//      (across a gap of at most `max_gap_m`). Measured once per pair and kept in the parcel's facts.
//   3. Connected sets grown on that graph with the ESU algorithm (S. Wernicke, "Efficient detection
//      of network motifs", IEEE/ACM TCBB 3(4), 2006): every connected set is produced exactly once by
//      extending a root only with vertices of higher index outside the current set's neighbourhood.
//      A set stops growing as soon as its area reaches the project's minimum (a larger set would
//      hold a member it does not need) or exceeds the maximum; never all subsets.
//   4. A set is examined when it meets the minimum, every member is needed (dropping one leaves a
//      disconnected set or too little land) and the sum of the areas is within the bounds; then
//      its compactness (union area / convex hull area) against `min_compactness`, and the union's
//      geometry against the same hard rules (area, constraints, require_within, height, near,
//      power) and the same score as any parcel.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <set>

#include "landbank/error.h"
#include "landbank/store.h"
#include "ledger/reservation_filter.h"
#include "match/match_internal.h"

namespace landbank {

using namespace match;

namespace {

// Parcels digitised apart by less than this still touch (two surveys of one boundary rarely agree
// to the millimetre; the sample's neighbours share vertices exactly).
constexpr double kSnapMetres = 0.05;

// Length of a's boundary within `distance` of b.
double boundaryLengthNear(const GEOSGeometry* a, const GEOSGeometry* b, double distance) {
  GEOSContextHandle_t context = geosContext();
  GeosGeometryPtr boundary = takeGeometry(GEOSBoundary_r(context, a), "boundary");
  GeosGeometryPtr zone = takeGeometry(GEOSBuffer_r(context, b, distance, 8), "buffer");
  GeosGeometryPtr part = takeGeometry(GEOSIntersection_r(context, boundary.get(), zone.get()), "intersection");
  double length = 0;
  GEOSLength_r(context, part.get(), &length);
  return length;
}

GeosGeometryPtr collectionOf(const std::vector<const GEOSGeometry*>& parts) {
  std::vector<GEOSGeometry*> clones;
  for (const GEOSGeometry* part : parts) clones.push_back(GEOSGeom_clone_r(geosContext(), part));
  return takeGeometry(
      GEOSGeom_createCollection_r(geosContext(), GEOS_GEOMETRYCOLLECTION, clones.data(), static_cast<unsigned>(clones.size())), "collection");
}

// All true -> true, any false -> false, else unknown.
std::optional<bool> allOf(const std::vector<const ParcelRow*>& rows, std::optional<bool> ParcelRow::*flag) {
  bool unknown = false;
  for (const ParcelRow* row : rows) {
    if (!(row->*flag)) unknown = true;
    else if (!*(row->*flag)) return false;
  }
  if (unknown) return std::nullopt;
  return true;
}

}  // namespace

double MatchEngine::Impl::sharedBoundary(ParcelDetail& a, const ParcelDetail& b) const {
  for (const auto& [fid, length] : a.sharedBoundaries)
    if (fid == b.row.fid) return length;
  // The length of a's boundary within `reach` of b counts the shared edge plus, at each end of it,
  // the stretch of boundary that leaves it within reach: `reach - distance` per end for a gap of
  // `distance` (both ends, both parcels). Taking those away leaves the facing length: the shared
  // edge for parcels that touch, the frontage across a road, 0 for parcels meeting at a corner.
  const double reach = std::max(rules.assembly ? rules.assembly->maxGapMetres : 0.0, kSnapMetres);
  double length = 0;
  const double distance = geometryDistance(a.geometry.get(), b.geometry.get());
  if (distance <= reach) {
    const double alongA = boundaryLengthNear(a.geometry.get(), b.geometry.get(), reach);
    const double alongB = boundaryLengthNear(b.geometry.get(), a.geometry.get(), reach);
    length = std::max(0.0, std::min(alongA, alongB) - 2 * (reach - distance));
  }
  a.sharedBoundaries.emplace_back(b.row.fid, length);
  return length;
}

void MatchEngine::Impl::matchAssemblies(const ProjectSpec& project, const MatchOptions& options, MatchResult& result,
                                        std::vector<Candidate>& out) const {
  if (options.assemble != AssemblyMode::On || !rules.assembly || !project.landMinSquareMetres || *project.landMinSquareMetres <= 0) return;
  const AssemblyRule& rule = *rules.assembly;
  const double minArea = *project.landMinSquareMetres;
  const double maxArea = project.landMaxSquareMetres.value_or(std::numeric_limits<double>::infinity());
  refreshParcels();
  ParcelTable& table = parcels;

  // 1. Members.
  const std::vector<std::string> uses = landUsesFor(project);
  std::vector<char> useOk(table.landUseCodes.size(), 0);
  for (std::size_t code = 0; code < table.landUseCodes.size(); ++code) useOk[code] = contains(uses, table.landUseCodes[code]) ? 1 : 0;
  const std::set<std::int64_t> held = parcelFidsReservedForOthers(store->database(), project.id, ledgerToday(options.today));
  std::vector<std::size_t> pool;  // slots, ascending (so fids ascending)
  for (std::size_t slot = 0; slot < table.fids.size(); ++slot) {
    const std::uint32_t code = table.landUse[slot];
    if (code == ParcelTable::kNoLandUse || !useOk[code] || !(table.area[slot] > 0 && table.area[slot] < minArea)) continue;
    if (held.count(table.fids[slot])) continue;
    pool.push_back(slot);
  }
  std::size_t missing = 0;
  for (std::size_t slot : pool) missing += table.details[slot] ? 0 : 1;
  std::optional<RowRange> range;
  if (missing >= 64)
    range = RowRange{"land_use IN (" + placeholders(uses.size()) + ") AND area_m2 > 0 AND area_m2 < ?", [&](SqliteStatement& statement) {
                       int index = 1;
                       for (const std::string& code : uses) statement.bind(index++, code);
                       statement.bind(index, minArea);
                     }};
  if (missing > 0) readParcelDetails(pool, range, [](std::size_t) {});
  ThreadScratch scratch;
  std::vector<ParcelDetail*> members;
  for (std::size_t slot : pool) {
    ParcelDetail& detail = *table.details[slot];
    if (!detail.geometry && detail.stored) loadGeometry(detail);  // facts from the store; adjacency needs the shape
    else if (!detail.geometry) prepareDetail(detail, scratch);
    if (firstSpatialFailure(project, detail, scratch) == kPasses) members.push_back(&detail);
  }
  if (members.size() < 2) return;

  // 2. Adjacency among the members (indices into `members`, fids ascending).
  StrTreePtr tree = makeTree();
  for (std::size_t i = 0; i < members.size(); ++i)
    GEOSSTRtree_insert_r(geosContext(), tree.get(), members[i]->geometry.get(), indexItem(i));
  const double reach = std::max(rule.maxGapMetres, kSnapMetres);
  std::vector<std::vector<std::size_t>> neighbours(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    GeosGeometryPtr envelope = envelopeOf(members[i]->geometry.get(), reach);
    for (std::size_t j : queryIndices(tree.get(), envelope.get())) {
      if (j <= i) continue;
      if (sharedBoundary(*members[i], *members[j]) >= rule.minSharedBoundaryMetres) {
        neighbours[i].push_back(j);
        neighbours[j].push_back(i);
      }
    }
  }
  for (auto& list : neighbours) std::sort(list.begin(), list.end());
  auto adjacent = [&](std::size_t a, std::size_t b) { return std::binary_search(neighbours[a].begin(), neighbours[a].end(), b); };

  // 3. Connected sets (ESU), growth stopped by area.
  const auto maxParcels = static_cast<std::size_t>(rule.maxParcels);
  std::vector<std::vector<std::size_t>> sets;
  std::vector<std::size_t> current;
  double currentArea = 0;
  auto connectedWithout = [&](const std::vector<std::size_t>& set, std::size_t dropped) {
    std::vector<std::size_t> rest;
    for (std::size_t k = 0; k < set.size(); ++k)
      if (k != dropped) rest.push_back(set[k]);
    std::vector<char> reached(rest.size(), 0);
    std::vector<std::size_t> stack{0};
    reached[0] = 1;
    while (!stack.empty()) {
      const std::size_t at = stack.back();
      stack.pop_back();
      for (std::size_t k = 0; k < rest.size(); ++k)
        if (!reached[k] && adjacent(rest[at], rest[k])) {
          reached[k] = 1;
          stack.push_back(k);
        }
    }
    return std::all_of(reached.begin(), reached.end(), [](char r) { return r != 0; });
  };
  std::function<void(std::vector<std::size_t>, std::size_t)> extend = [&](std::vector<std::size_t> ext, std::size_t root) {
    while (!ext.empty()) {
      const std::size_t w = ext.back();
      ext.pop_back();
      const double area = currentArea + members[w]->row.area;
      if (area > maxArea) continue;
      current.push_back(w);
      if (area >= minArea) {
        // Every member must be needed: dropping one must leave too little land or a broken set.
        bool needed = true;
        for (std::size_t k = 0; k + 1 < current.size() && needed; ++k)
          needed = area - members[current[k]]->row.area < minArea || !connectedWithout(current, k);
        if (needed) sets.push_back(current);
      } else if (current.size() < maxParcels) {
        std::vector<std::size_t> next = ext;
        for (std::size_t u : neighbours[w]) {
          if (u <= root) continue;
          const bool nearCurrent = std::any_of(current.begin(), current.end(), [&](std::size_t c) { return c == u || (c != w && adjacent(c, u)); });
          if (!nearCurrent) next.push_back(u);
        }
        const double before = currentArea;
        currentArea = area;
        extend(std::move(next), root);
        currentArea = before;
      }
      current.pop_back();
    }
  };
  for (std::size_t v = 0; v < members.size(); ++v) {
    std::vector<std::size_t> ext;
    for (std::size_t u : neighbours[v])
      if (u > v) ext.push_back(u);
    if (ext.empty() || members[v]->row.area > maxArea) continue;
    current = {v};
    currentArea = members[v]->row.area;
    extend(std::move(ext), v);
  }

  // 4. Each set: compactness, then the union against the hard rules, then the score.
  GEOSContextHandle_t context = geosContext();
  result.considered += static_cast<std::int64_t>(sets.size());
  for (const std::vector<std::size_t>& set : sets) {
    std::vector<const ParcelDetail*> parts;
    for (std::size_t index : set) parts.push_back(members[index]);
    std::sort(parts.begin(), parts.end(), [](const ParcelDetail* a, const ParcelDetail* b) { return a->row.id < b->row.id; });
    std::string id, name;
    std::vector<std::string> ids;
    for (const ParcelDetail* part : parts) {
      ids.push_back(part->row.id);
      id += (id.empty() ? "" : "+") + part->row.id;
      name += (name.empty() ? "" : " + ") + part->row.name;
    }
    std::unique_ptr<ParcelDetail>& cached = table.assemblies[id];
    double compactness = 0;
    if (!cached) {
      std::vector<const GEOSGeometry*> geometries;
      for (const ParcelDetail* part : parts) geometries.push_back(part->geometry.get());
      GeosGeometryPtr collection = collectionOf(geometries);
      GeosGeometryPtr merged = takeGeometry(GEOSUnaryUnion_r(context, collection.get()), "union");
      GeosGeometryPtr hull = takeGeometry(GEOSConvexHull_r(context, merged.get()), "convex hull");
      auto detail = std::make_unique<ParcelDetail>();
      ParcelRow& row = detail->row;
      row.fid = -1;
      row.id = id;
      row.name = name;
      row.area = geometryArea(merged.get());
      const double hullArea = geometryArea(hull.get());
      compactness = hullArea > 0 ? row.area / hullArea : 0;
      std::vector<const ParcelRow*> rows;
      for (const ParcelDetail* part : parts) rows.push_back(&part->row);
      const ParcelRow* largest = *std::max_element(rows.begin(), rows.end(), [](const ParcelRow* a, const ParcelRow* b) { return a->area < b->area; });
      row.landUse = largest->landUse;
      row.subdistrict = largest->subdistrict;
      row.status = std::any_of(rows.begin(), rows.end(), [](const ParcelRow* r) { return r->status == "reserved"; }) ? "reserved" : "available";
      // Price: area-weighted; power: the smallest supply (each member is supplied on its own);
      // utilities ready only where every member has them; available when the last member is.
      if (std::all_of(rows.begin(), rows.end(), [](const ParcelRow* r) { return r->price.has_value(); })) {
        double weighted = 0, total = 0;
        for (const ParcelRow* r : rows) {
          weighted += *r->price * r->area;
          total += r->area;
        }
        row.price = total > 0 ? weighted / total : *rows.front()->price;
      }
      if (std::all_of(rows.begin(), rows.end(), [](const ParcelRow* r) { return r->power.has_value(); })) {
        row.power = *rows.front()->power;
        for (const ParcelRow* r : rows) row.power = std::min(*row.power, *r->power);
      }
      row.water = allOf(rows, &ParcelRow::water);
      row.gas = allOf(rows, &ParcelRow::gas);
      row.sewage = allOf(rows, &ParcelRow::sewage);
      row.road = allOf(rows, &ParcelRow::road);
      for (const ParcelRow* r : rows) row.availableFrom = std::max(row.availableFrom, r->availableFrom);
      row.wkb = geometryToWkb(merged.get());
      prepareDetail(*detail, scratch);
      detail->hullShare = compactness;
      cached = std::move(detail);
    }
    ParcelDetail& detail = *cached;
    compactness = detail.hullShare.value_or(0);
    if (!(detail.row.area >= minArea && detail.row.area <= maxArea)) {
      ++result.rejected["assembly:area"];
      continue;
    }
    if (compactness < rule.minCompactness) {
      ++result.rejected["assembly:compactness"];
      continue;
    }
    const std::ptrdiff_t failure = firstSpatialFailure(project, detail, scratch);
    if (failure != kPasses) {
      ++result.rejected["assembly:" + failureReason(project, failure)];
      continue;
    }
    Candidate candidate = parcelCandidate(project, detail, scratch);
    candidate.members = ids;
    double x = 0, y = 0;
    if (geometryCentroid(detail.geometry.get(), x, y)) candidate.centroid = toLonLat().toLonLat(EastingNorthing::fromMetres(x, y));
    out.push_back(std::move(candidate));
  }
}

double MatchEngine::sharedBoundaryMetres(const std::string& parcelA, const std::string& parcelB) const {
  ParcelDetail a, b;
  for (auto [id, detail] : {std::pair{&parcelA, &a}, std::pair{&parcelB, &b}}) {
    std::optional<ParcelRow> row = m_impl->readParcel(*id);
    if (!row) throw Error(ErrorCode::UnknownId, Message{"没有编号为 '" + *id + "' 的地块", "no parcel with id '" + *id + "'"}, {.layer = "parcels", .feature = *id});
    detail->row = std::move(*row);
    detail->geometry = geometryFromWkb(detail->row.wkb.data(), detail->row.wkb.size());
  }
  return m_impl->sharedBoundary(a, b);
}

}  // namespace landbank
