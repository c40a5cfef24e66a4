// Small helpers of the matching engine: STRtree queries, envelopes, lists, dates, polygon rings,
// parcel rows. Declared in match_internal.h.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "landbank/error.h"
#include "landbank/store.h"
#include "landbank/texts.h"
#include "landbank/units.h"
#include "match/match_internal.h"

namespace landbank::match {

using nlohmann::json;

StrTreePtr makeTree() { return StrTreePtr(GEOSSTRtree_create_r(geosContext(), 10)); }

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

GeosGeometryPtr envelopeOf(const GEOSGeometry* geometry, double grow) {
  double minX = 0, minY = 0, maxX = 0, maxY = 0;
  geometryEnvelope(geometry, minX, minY, maxX, maxY);
  return takeGeometry(GEOSGeom_createRectangle_r(geosContext(), minX - grow, minY - grow, maxX + grow, maxY + grow), "rectangle");
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

void FidIndex::build() {
  std::sort(m_pending.begin(), m_pending.end());
  m_direct.clear();
  if (m_pending.empty()) return;
  m_base = m_pending.front().first;
  const std::int64_t span = m_pending.back().first - m_base + 1;
  if (span > 2 * static_cast<std::int64_t>(m_pending.size()) + 1024) return;  // sparse: searched
  m_direct.assign(static_cast<std::size_t>(span), kNone);
  for (const auto& [fid, position] : m_pending) m_direct[static_cast<std::size_t>(fid - m_base)] = position;
  m_pending.clear();
  m_pending.shrink_to_fit();
}

std::optional<std::size_t> FidIndex::findSparse(std::int64_t fid) const {
  const auto found = std::lower_bound(m_pending.begin(), m_pending.end(), fid, [](const auto& entry, std::int64_t f) { return entry.first < f; });
  if (found == m_pending.end() || found->first != fid) return std::nullopt;
  return found->second;
}

Effect effectOf(std::string_view effect) {
  if (effect == "exclude") return Effect::Exclude;
  if (effect == "exclude_polluting") return Effect::ExcludePolluting;
  if (effect == "require_within") return Effect::RequireWithin;
  if (effect == "limit_height") return Effect::LimitHeight;
  if (effect == "penalty") return Effect::Penalty;
  return Effect::Other;
}

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

void rankCandidates(std::vector<Candidate>& candidates) {
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return ranksBefore(a.score, a.id, b.score, b.id); });
  for (std::size_t i = 0; i < candidates.size(); ++i) candidates[i].rank = static_cast<int>(i + 1);
}

std::string groupedNumber(double value) {
  const long long rounded = std::llround(value);
  const std::string digits = std::to_string(rounded < 0 ? -rounded : rounded);
  std::string grouped;
  if (rounded < 0) grouped.push_back('-');
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(digits[i]);
  }
  return grouped;
}

std::string areaText(double squareMetres, Language language) {
  return say(language, "{} m²（{:.1f} 亩）", "{} m² ({:.1f} 亩)", groupedNumber(squareMetres), squareMetresToMu(squareMetres));
}

}  // namespace landbank::match

namespace landbank {

using namespace match;

void MatchEngine::Impl::readParcelDetails(const std::vector<std::size_t>& slots, const std::optional<RowRange>& range,
                                          const std::function<void(std::size_t)>& added) const {
  ParcelTable& table = parcels;
  SqliteDatabase& db = store->database();
  // With stored facts a parcel's row comes from parcel_facts (its attributes and facts, clustered by
  // land use and area; the parcels table is not read); a parcel without a facts row is read from the
  // parcels table with its geometry, and measured.
  const bool withFacts = table.storedFacts;
  const std::string factsSelect =
      "SELECT fid, id, name, land_use, status, subdistrict, price_wan_per_mu, power_kva, water, gas, sewage, road, available_from, area_m2,"
      " NULL, facts FROM parcel_facts";
  const std::string parcelsSelect = std::string("SELECT ") + parcelColumns() + " FROM parcels";
  auto add = [&](std::size_t slot, const SqliteStatement& row, bool hasFacts) {
    ParcelDetail* detail = table.newDetail();
    detail->row = parcelFromRow(row);
    bool stored = false;
    if (hasFacts) {
      int size = 0;
      const unsigned char* data = row.columnBlobData(15, size);
      if (!readStoredFacts(*detail, data, static_cast<std::size_t>(size), table.detailArena.lists())) {
        // Facts that do not fit this engine: the workers measure the parcel as without them.
        auto geometry = db.prepare("SELECT AsBinary(geom) FROM parcels WHERE fid = ?");
        geometry.bind(1, detail->row.fid);
        if (geometry.step()) detail->row.wkb = geometry.columnBlob(0);
      } else {
        stored = true;
      }
    }
    // A parcel the workers will measure: the constraint geometries are read here, on the thread that
    // owns the connection, before the detail is published to them.
    if (!stored) ensureConstraintGeometries();
    table.details[slot] = detail;
    added(slot);
  };
  if (range) {
    auto statement = withFacts ? db.prepare(factsSelect + " WHERE " + range->condition)
                               : db.prepare(parcelsSelect + " WHERE status IN ('reserved', 'available') AND " + range->condition);
    range->bind(statement);
    // Only slots still in play (parcels reserved for another project were taken out). Their fids,
    // sorted as the slots are: a search here instead of in every offered fid (10x larger, out of cache).
    std::vector<std::int64_t> slotFids(slots.size());
    for (std::size_t j = 0; j < slots.size(); ++j) slotFids[j] = table.fids[slots[j]];
    while (statement.step()) {
      const std::int64_t fid = statement.columnInt(0);
      const auto found = std::lower_bound(slotFids.begin(), slotFids.end(), fid);
      if (found == slotFids.end() || *found != fid) continue;
      const std::size_t slot = slots[static_cast<std::size_t>(found - slotFids.begin())];
      if (!table.details[slot]) add(slot, statement, withFacts);
    }
  }
  std::optional<SqliteStatement> byFacts;
  if (withFacts) byFacts.emplace(db.prepare(factsSelect + " WHERE fid = ?"));
  std::optional<SqliteStatement> byParcels;  // prepared when first needed: AsBinary() loads SpatiaLite
  for (std::size_t slot : slots) {
    if (table.details[slot]) continue;
    if (byFacts) {
      byFacts->bind(1, table.fids[slot]);
      const bool found = byFacts->step();
      if (found) add(slot, *byFacts, true);
      byFacts->reset();
      if (found) continue;
    }
    if (!byParcels) byParcels.emplace(db.prepare(parcelsSelect + " WHERE fid = ?"));
    byParcels->bind(1, table.fids[slot]);
    if (!byParcels->step()) throw Error(ErrorCode::Database, Message{"匹配过程中有地块被删除（另一进程同时修改了数据库），请重试", "a parcel disappeared during matching"}, {.layer = "parcels"});
    add(slot, *byParcels, false);
    byParcels->reset();
  }
}

}  // namespace landbank
