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
#include <cctype>
#include <cmath>
#include <functional>
#include <limits>
#include <set>

#include "landbank/error.h"
#include "landbank/store.h"
#include "landbank/texts.h"
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

std::unique_ptr<ParcelDetail> MatchEngine::Impl::assemblyUnion(const std::vector<const ParcelDetail*>& parts, ThreadScratch& scratch) const {
  GEOSContextHandle_t context = geosContext();
  std::string id, name;
  for (const ParcelDetail* part : parts) {
    id += (id.empty() ? "" : "+") + part->row.id;
    name += (name.empty() ? "" : " + ") + part->row.name;
  }
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
  const double compactness = hullArea > 0 ? row.area / hullArea : 0;
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
  return detail;
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
  result.considered += static_cast<std::int64_t>(sets.size());
  for (const std::vector<std::size_t>& set : sets) {
    std::vector<const ParcelDetail*> parts;
    for (std::size_t index : set) parts.push_back(members[index]);
    std::sort(parts.begin(), parts.end(), [](const ParcelDetail* a, const ParcelDetail* b) { return a->row.id < b->row.id; });
    std::string id;
    std::vector<std::string> ids;
    for (const ParcelDetail* part : parts) {
      ids.push_back(part->row.id);
      id += (id.empty() ? "" : "+") + part->row.id;
    }
    std::unique_ptr<ParcelDetail>& cached = table.assemblies[id];
    if (!cached) cached = assemblyUnion(parts, scratch);
    ParcelDetail& detail = *cached;
    const double compactness = detail.hullShare.value_or(0);
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

void MatchEngine::Impl::explainAssembly(const ProjectSpec& project, const std::string& id, const MatchOptions& options, WhyResult& result) const {
  const Language language = options.language;
  if (!rules.assembly)
    throw Error(ErrorCode::Usage, Message{"--why " + id + "：规则包 " + rules.id + " " + rules.version + " 没有 matching.assembly 部分，不能解释合并供地",
                                          "--why " + id + ": the rule pack " + rules.id + " " + rules.version + " has no matching.assembly section"});
  const AssemblyRule& rule = *rules.assembly;
  // The id as the match writes it: members sorted, joined by '+'; any order is accepted.
  std::vector<std::string> ids;
  for (std::size_t start = 0;;) {
    const std::size_t plus = id.find('+', start);
    std::string part = id.substr(start, plus == std::string::npos ? std::string::npos : plus - start);
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.front()))) part.erase(part.begin());
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.back()))) part.pop_back();
    if (part.empty())
      throw Error(ErrorCode::Usage, Message{"--why '" + id + "' 不是合并供地编号（应写成 地块+地块，如 CY-00012+CY-00013）",
                                            "--why '" + id + "' is not an assembly id (parcel+parcel, e.g. CY-00012+CY-00013)"});
    ids.push_back(part);
    if (plus == std::string::npos) break;
    start = plus + 1;
  }
  std::sort(ids.begin(), ids.end());
  if (std::adjacent_find(ids.begin(), ids.end()) != ids.end())
    throw Error(ErrorCode::Usage, Message{"--why '" + id + "'：同一地块出现了两次", "--why '" + id + "': a parcel appears twice"});
  result.id.clear();
  for (const std::string& member : ids) result.id += (result.id.empty() ? "" : "+") + member;

  ThreadScratch scratch;
  std::vector<ParcelDetail> fresh(ids.size());
  std::vector<ParcelDetail*> parts;
  for (std::size_t i = 0; i < ids.size(); ++i) parts.push_back(&whyDetail(ids[i], fresh[i], scratch));
  std::vector<RuleCheck>& checks = result.checks;
  const double minArea = project.landMinSquareMetres.value_or(0);

  // The assembly's own rules first, then each member's, then the union's.
  const bool countOk = ids.size() >= 2 && ids.size() <= static_cast<std::size_t>(rule.maxParcels);
  checks.emplace_back("assembly:members", countOk,
                      say(language, "{} 块地块合并（规则包允许 2–{} 块）", "{} parcels joined (the rule pack allows 2-{})", ids.size(), rule.maxParcels),
                      countOk ? "" : say(language, "最多合并 {} 块地块", "join at most {} parcels", rule.maxParcels));

  // Adjacency: the members must form one piece, each link at least the rule pack's shared boundary.
  std::vector<std::vector<char>> linked(parts.size(), std::vector<char>(parts.size(), 0));
  std::string links;
  for (std::size_t i = 0; i < parts.size(); ++i)
    for (std::size_t j = i + 1; j < parts.size(); ++j) {
      ParcelDetail& low = parts[i]->row.fid < parts[j]->row.fid ? *parts[i] : *parts[j];
      const ParcelDetail& high = &low == parts[i] ? *parts[j] : *parts[i];
      const double length = sharedBoundary(low, high);
      linked[i][j] = linked[j][i] = length >= rule.minSharedBoundaryMetres ? 1 : 0;
      if (length > 0)
        links += (links.empty() ? "" : pick(language, "；", "; ")) +
                 say(language, "{}–{} 共边 {} m", "{}-{} share {} m", parts[i]->row.id, parts[j]->row.id, groupedNumber(length));
    }
  auto connected = [&](std::size_t dropped) {
    std::vector<std::size_t> rest;
    for (std::size_t k = 0; k < parts.size(); ++k)
      if (k != dropped) rest.push_back(k);
    if (rest.empty()) return true;
    std::vector<char> reached(parts.size(), 0);
    std::vector<std::size_t> stack{rest.front()};
    reached[rest.front()] = 1;
    while (!stack.empty()) {
      const std::size_t at = stack.back();
      stack.pop_back();
      for (std::size_t k : rest)
        if (!reached[k] && linked[at][k]) {
          reached[k] = 1;
          stack.push_back(k);
        }
    }
    return std::all_of(rest.begin(), rest.end(), [&](std::size_t k) { return reached[k] != 0; });
  };
  const bool adjacent = connected(parts.size());
  const std::string gapText = rule.maxGapMetres > 0 ? say(language, "（隔路不超过 {:g} m）", " (across a gap of at most {:g} m)", rule.maxGapMetres) : "";
  checks.emplace_back("assembly:adjacency", adjacent,
                      (links.empty() ? pick(language, "地块互不相邻", "the parcels do not touch") : links) +
                          say(language, "；相连须共边至少 {:g} m{}", "; a link needs a shared boundary of at least {:g} m{}", rule.minSharedBoundaryMetres, gapText),
                      adjacent ? "" : pick(language, "选择连成一片的相邻地块（只在角点相接的不算相邻）", "choose adjacent parcels that form one piece (touching at a corner only does not count)"));

  // Every member needed: dropping one leaves too little land or a broken set (else that one is surplus).
  double sum = 0;
  for (const ParcelDetail* part : parts) sum += part->row.area;
  std::string surplus;
  for (std::size_t k = 0; k < parts.size(); ++k)
    if (!(sum - parts[k]->row.area < minArea || !connected(k))) surplus += (surplus.empty() ? "" : pick(language, "、", ", ")) + parts[k]->row.id;
  checks.emplace_back("assembly:needed", surplus.empty(),
                      surplus.empty() ? pick(language, "每块地块都不可少：去掉任何一块，面积不足或不再连片", "every member is needed: without any one of them the land is too small or no longer one piece")
                                      : say(language, "去掉 {} 后仍满足面积下限 {}", "without {} the rest still meets the minimum of {}", surplus, areaText(minArea, language)),
                      surplus.empty() ? "" : say(language, "不合并多余的地块：{}", "leave out the surplus parcel(s): {}", surplus));

  for (ParcelDetail* part : parts) {
    std::vector<RuleCheck> own = explainParcel(project, *part, scratch, language);
    addReservationCheck(project, part->row.id, options, own);
    for (RuleCheck& check : own) {
      if (check.rule == "area") continue;  // the union's area counts, below
      check.fact = "[" + part->row.id + "] " + check.fact;
      checks.push_back(std::move(check));
    }
  }

  std::vector<const ParcelDetail*> sorted(parts.begin(), parts.end());
  std::sort(sorted.begin(), sorted.end(), [](const ParcelDetail* a, const ParcelDetail* b) { return a->row.id < b->row.id; });
  std::unique_ptr<ParcelDetail> merged = assemblyUnion(sorted, scratch);
  const double compactness = merged->hullShare.value_or(0);
  const bool compactOk = compactness >= rule.minCompactness;
  checks.emplace_back("assembly:compactness", compactOk,
                      say(language, "合并后面积与其凸包面积之比 {:.2f}（至少 {:.2f}）", "union area / its convex hull's area {:.2f} (at least {:.2f})", compactness, rule.minCompactness),
                      compactOk ? "" : pick(language, "换一组形状更规整的相邻地块", "choose adjacent parcels that together make a more regular shape"));
  const std::string unionLabel = pick(language, "[合并后] ", "[union] ");
  for (RuleCheck& check : explainParcel(project, *merged, scratch, language)) {
    if (check.rule == "status" || check.rule == "land_use") continue;  // each member's, above
    check.fact = unionLabel + check.fact;
    checks.push_back(std::move(check));
  }
  result.candidate = std::all_of(checks.begin(), checks.end(), [](const RuleCheck& c) { return c.passed; });
  if (result.candidate) {
    result.scored = parcelCandidate(project, *merged, scratch);
    result.scored->members = ids;
    double x = 0, y = 0;
    if (geometryCentroid(merged->geometry.get(), x, y)) result.scored->centroid = toLonLat().toLonLat(EastingNorthing::fromMetres(x, y));
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
