// The facts of parcel_facts.cpp kept in the store (landbank/stored_facts.h, docs/matching.md "Stored
// parcel facts"). A write measures every fact of the offered parcels it touched, with the same engine
// functions a match uses (so a cold match reads exactly the numbers a warm one measures), and stores
// them encoded in `parcel_facts`; a MatchEngine whose store says they are current fills a parcel's
// detail from that row instead of parsing its geometry and measuring.
//
// Encoding (one BLOB per parcel, host byte order: x86-64 and arm64 are little-endian; a server backend
// would keep the same fields in its own columns): magic, format, perimeter, the require_within share,
// the centroid in lon/lat, then four lists (constraint fid + overlap m²; facility type + distance;
// enterprise fid + distance; park fid + overlap m²). Rows refer to other layers by fid, which is why
// every write to those layers rebuilds the facts.
#include "landbank/stored_facts.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <exception>
#include <limits>
#include <map>
#include <thread>

#include "detail/sqlite.h"
#include "landbank/error.h"
#include "landbank/store.h"
#include "match/match_internal.h"

namespace landbank {

using namespace match;

namespace {

constexpr std::uint32_t kMagic = 0x3146424C;         // "LBF1"
constexpr std::uint32_t kOfferedMagic = 0x314F424C;  // "LBO1"
constexpr std::uint32_t kNoLandUse = ~0u;            // ParcelTable::kNoLandUse
constexpr const char* kOffered = "status IN ('reserved', 'available')";

class FactsWriter {
 public:
  template <typename T>
  void put(T value) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(&value);
    m_bytes.insert(m_bytes.end(), bytes, bytes + sizeof value);
  }
  void text(const std::string& value) {
    put(static_cast<std::uint32_t>(value.size()));
    m_bytes.insert(m_bytes.end(), value.begin(), value.end());
  }
  template <typename T>
  void array(const std::vector<T>& values) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(values.data());
    m_bytes.insert(m_bytes.end(), bytes, bytes + values.size() * sizeof(T));
  }
  std::vector<unsigned char> take() { return std::move(m_bytes); }

 private:
  std::vector<unsigned char> m_bytes;
};

class FactsReader {
 public:
  FactsReader(const unsigned char* data, std::size_t size) : m_at(data), m_end(data + size) {}
  template <typename T>
  T get() {
    T value{};
    if (static_cast<std::size_t>(m_end - m_at) < sizeof value) {
      m_ok = false;
      return value;
    }
    std::memcpy(&value, m_at, sizeof value);
    m_at += sizeof value;
    return value;
  }
  std::string text() { return std::string(textView()); }
  /// The next text, valid as long as the bytes read are.
  std::string_view textView() {
    const auto size = get<std::uint32_t>();
    if (!m_ok || static_cast<std::size_t>(m_end - m_at) < size) {
      m_ok = false;
      return {};
    }
    std::string_view value(reinterpret_cast<const char*>(m_at), size);
    m_at += size;
    return value;
  }
  /// A list length, refused when the remaining bytes cannot hold that many items of `itemSize`.
  std::uint32_t count(std::size_t itemSize) {
    const auto value = get<std::uint32_t>();
    if (static_cast<std::size_t>(m_end - m_at) / itemSize < value) m_ok = false;
    return m_ok ? value : 0;
  }
  bool ok() const { return m_ok; }
  bool atEnd() const { return m_at == m_end; }

 private:
  const unsigned char* m_at;
  const unsigned char* m_end;
  bool m_ok = true;
};

// The decoded row, with fids (the engine maps them to its own indices).
struct RawFacts {
  double perimeter = 0;
  std::optional<double> within;
  std::optional<LonLat> centroid;
  std::vector<std::pair<std::int64_t, double>> hits, enterprises, parks;
  std::vector<std::pair<std::string, std::optional<double>>> nearest;
};

std::optional<RawFacts> decode(const unsigned char* data, std::size_t size) {
  FactsReader in(data, size);
  if (in.get<std::uint32_t>() != kMagic || in.get<std::uint32_t>() != static_cast<std::uint32_t>(kStoredFactsFormat)) return std::nullopt;
  RawFacts facts;
  facts.perimeter = in.get<double>();
  if (in.get<std::uint8_t>()) facts.within = in.get<double>();
  if (in.get<std::uint8_t>()) {
    const double lon = in.get<double>();
    facts.centroid = LonLat::fromDegrees(lon, in.get<double>());
  }
  auto pairs = [&](std::vector<std::pair<std::int64_t, double>>& list) {
    const std::uint32_t count = in.count(16);
    list.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      const auto fid = in.get<std::int64_t>();
      list.emplace_back(fid, in.get<double>());
    }
  };
  pairs(facts.hits);
  const std::uint32_t types = in.count(5);
  for (std::uint32_t i = 0; i < types && in.ok(); ++i) {
    std::string type = in.text();
    std::optional<double> distance;
    if (in.get<std::uint8_t>()) distance = in.get<double>();
    facts.nearest.emplace_back(std::move(type), distance);
  }
  pairs(facts.enterprises);
  pairs(facts.parks);
  if (!in.ok() || !in.atEnd()) return std::nullopt;
  return facts;
}

struct StateRow {
  bool stale = true;
  std::int64_t format = 0;
  double enterpriseRadius = 0;
  bool hasOffered = false;  // the flat arrays were written (markCurrent)
};

std::optional<StateRow> readState(SqliteDatabase& db) {
  try {
    auto statement = db.prepare("SELECT stale, format, enterprise_radius_m, EXISTS (SELECT 1 FROM parcel_facts_offered) FROM parcel_facts_state");
    if (!statement.step()) return std::nullopt;
    return StateRow{statement.columnInt(0) != 0, statement.columnInt(1), statement.columnDouble(2), statement.columnInt(3) != 0};
  } catch (const Error&) {
    return std::nullopt;  // a database from before migration 6 (opened read-only by an older path)
  }
}

// One offered parcel to measure, read on the calling thread.
struct PendingParcel {
  std::int64_t fid = 0;
  ParcelRow row;  // the attributes copied into the facts row (no geometry)
  std::unique_ptr<ParcelDetail> detail;
  std::optional<LonLat> centroid;
  std::vector<unsigned char> facts;
};

}  // namespace

// ---------------------------------------------------------------- the engine side

std::optional<std::size_t> MatchEngine::Impl::constraintIndexOfFid(std::int64_t fid) const { return constraintIndexByFid.find(fid); }

bool MatchEngine::Impl::storedFactsUsable() const {
  const std::optional<StateRow> state = readState(store->database());
  if (!state || state->stale || state->format != kStoredFactsFormat || !state->hasOffered) return false;
  // Enterprises are stored up to the radius they were measured with.
  const double radius = supplyChainRadiusMetres;
  return radius <= state->enterpriseRadius;
}

bool MatchEngine::Impl::readStoredFacts(ParcelDetail& detail, const unsigned char* data, std::size_t size, match::ListArena* lists) const {
  // Decoded straight into the detail's lists (decode() reads the same encoding into fids, for
  // readStoredFacts(store, id)): a cold match reads 10^4 rows, and intermediate lists were a large
  // share of its allocations.
  FactsReader in(data, size);
  if (in.get<std::uint32_t>() != kMagic || in.get<std::uint32_t>() != static_cast<std::uint32_t>(kStoredFactsFormat)) return false;
  const double perimeter = in.get<double>();
  std::optional<double> within;
  if (in.get<std::uint8_t>()) within = in.get<double>();
  std::optional<LonLat> centroid;
  if (in.get<std::uint8_t>()) {
    const double lon = in.get<double>();
    centroid = LonLat::fromDegrees(lon, in.get<double>());
  }
  if (!in.ok() || within.has_value() == requireWithinType.empty()) return false;
  // The lists go to `lists` when given (the table's arena; null: the heap), sized before filling.
  const match::ListAllocator<char> allocator(lists);
  DetailList<ParcelDetail::Hit> hits(in.count(16), allocator);
  for (ParcelDetail::Hit& hit : hits) {
    const std::optional<std::size_t> index = constraintIndexOfFid(in.get<std::int64_t>());
    if (!index) return false;
    hit = {*index, in.get<double>()};
  }
  const std::uint32_t types = in.count(5);
  if (types != facilityTypeIndex.size()) return false;
  DetailList<std::pair<std::size_t, std::optional<double>>> nearest(allocator);
  nearest.reserve(types);
  // Written in facilityTypeIndex's order (encode()): compared with the next key before a lookup.
  auto expected = facilityTypeIndex.begin();
  for (std::uint32_t i = 0; i < types; ++i) {
    const std::string_view type = in.textView();
    auto found = expected != facilityTypeIndex.end() && expected->first == type ? expected : facilityTypeIndex.find(type);
    if (found == facilityTypeIndex.end()) return false;
    expected = std::next(found);
    std::optional<double> distance;
    if (in.get<std::uint8_t>()) distance = in.get<double>();
    nearest.emplace_back(found->second, distance);
  }
  const double radius = supplyChainRadiusMetres;
  DetailList<std::size_t> enterprisesHere(allocator);
  for (std::uint32_t i = 0, count = in.count(16); i < count; ++i) {
    if (i == 0) enterprisesHere.reserve(count);
    const std::optional<std::size_t> found = facilityIndexByFid.find(in.get<std::int64_t>());
    if (!found) return false;
    // The same test as enterprisesWithin(): GEOS's distance against the radius.
    if (in.get<double>() <= radius) enterprisesHere.push_back(*found);
  }
  std::sort(enterprisesHere.begin(), enterprisesHere.end());
  DetailList<std::size_t> parksHere(allocator);
  for (std::uint32_t i = 0, count = in.count(16); i < count; ++i) {
    if (i == 0) parksHere.reserve(count);
    const std::optional<std::size_t> found = parkIndexByFid.find(in.get<std::int64_t>());
    if (!found) return false;
    if (in.get<double>() > rules.overlapToleranceSquareMetres) parksHere.push_back(*found);
  }
  if (!in.ok() || !in.atEnd()) return false;
  std::sort(parksHere.begin(), parksHere.end());
  detail.stored = true;
  detail.perimeter = perimeter;
  detail.withinShare = within;
  detail.centroid = centroid;
  detail.hits = std::move(hits);
  detail.nearest = std::move(nearest);
  detail.enterprisesInRadius = std::move(enterprisesHere);
  detail.parksHere = std::move(parksHere);
  return true;
}

bool MatchEngine::Impl::readOfferedParcels(ParcelTable& table) const {
  SqliteDatabase& db = store->database();
  const std::optional<std::int64_t> total = db.queryInt("SELECT parcel_count FROM parcel_facts_offered WHERE only_row = 1");
  if (!total) return false;
  // Read in pieces straight into the arrays: the value is a megabyte at 200,000 parcels, and a column
  // read first copies it whole out of its overflow pages (a page fault per 4 KiB in a VM, twice).
  const std::optional<SqliteBlobReader> blob = SqliteBlobReader::open(db, "parcel_facts_offered", "offered", 1);
  if (!blob) return false;
  const std::size_t size = blob->size();
  std::size_t at = 0;
  auto read = [&](void* into, std::size_t bytes) {
    if (!blob->read(at, into, bytes)) return false;
    at += bytes;
    return true;
  };
  std::uint32_t magic = 0, format = 0, codes = 0;
  if (!read(&magic, 4) || !read(&format, 4) || magic != kOfferedMagic || format != static_cast<std::uint32_t>(kStoredFactsFormat) || !read(&codes, 4) ||
      codes > size / 4)
    return false;
  std::vector<std::string> landUseCodes(codes);
  for (std::string& code : landUseCodes) {
    std::uint32_t length = 0;
    if (!read(&length, 4) || length > size - at) return false;
    code.resize(length);
    if (!read(code.data(), length)) return false;
  }
  std::uint64_t count = 0;
  constexpr std::size_t kBytesPerParcel = sizeof(std::int64_t) + sizeof(std::uint32_t) + sizeof(double);
  if (!read(&count, 8) || count != (size - at) / kBytesPerParcel || (size - at) % kBytesPerParcel != 0) return false;
  std::vector<std::int64_t> fids(static_cast<std::size_t>(count));
  std::vector<std::uint32_t> uses(static_cast<std::size_t>(count));
  std::vector<double> areas(static_cast<std::size_t>(count));
  if (!read(fids.data(), fids.size() * sizeof(std::int64_t)) || !read(uses.data(), uses.size() * sizeof(std::uint32_t)) ||
      !read(areas.data(), areas.size() * sizeof(double)) || at != size)
    return false;
  for (std::uint32_t use : uses)
    if (use != ParcelTable::kNoLandUse && use >= landUseCodes.size()) return false;
  table.total = *total;
  table.fids = std::move(fids);
  table.landUse = std::move(uses);
  table.area = std::move(areas);
  table.landUseCodes = std::move(landUseCodes);
  return true;
}

bool MatchEngine::Impl::readStoredFactsOf(ParcelDetail& detail) const {
  refreshParcels();
  if (!parcels.storedFacts) return false;
  auto statement = store->database().prepare("SELECT facts FROM parcel_facts WHERE fid = ?");
  statement.bind(1, detail.row.fid);
  if (!statement.step()) return false;
  int size = 0;
  const unsigned char* data = statement.columnBlobData(0, size);
  return readStoredFacts(detail, data, static_cast<std::size_t>(size));
}

std::vector<unsigned char> MatchEngine::Impl::measureStoredFacts(ParcelDetail& detail, ThreadScratch& scratch, std::optional<LonLat> centroid) const {
  const GEOSGeometry* parcel = detail.geometry.get();
  FactsWriter out;
  out.put(kMagic);
  out.put(static_cast<std::uint32_t>(kStoredFactsFormat));
  out.put(detail.perimeter);
  out.put(static_cast<std::uint8_t>(detail.withinShare ? 1 : 0));
  if (detail.withinShare) out.put(*detail.withinShare);
  out.put(static_cast<std::uint8_t>(centroid ? 1 : 0));
  if (centroid) {
    out.put(centroid->lon);
    out.put(centroid->lat);
  }
  // Every constraint the parcel meets, with its exact overlap (overlap(): the value a match shows).
  std::vector<std::pair<std::int64_t, double>> hits;
  for (ParcelDetail::Hit& hit : detail.hits) {
    const double area = overlap(detail, hit, scratch);
    if (area != ParcelDetail::kDisjoint) hits.emplace_back(constraints[hit.constraint].fid, area);
  }
  out.put(static_cast<std::uint32_t>(hits.size()));
  for (const auto& [fid, area] : hits) {
    out.put(fid);
    out.put(area);
  }
  out.put(static_cast<std::uint32_t>(facilityTypeIndex.size()));
  for (const auto& [type, index] : facilityTypeIndex) {
    const std::optional<double> distance = nearestDistance(type, detail);
    out.text(type);
    out.put(static_cast<std::uint8_t>(distance ? 1 : 0));
    if (distance) out.put(*distance);
  }
  std::vector<std::pair<std::int64_t, double>> near;
  GeosGeometryPtr reach = envelopeOf(parcel, kStoredEnterpriseRadiusMetres);
  for (std::size_t index : queryIndices(enterpriseTree.get(), reach.get())) {
    const double distance = geometryDistance(facilities[index].geometry.get(), parcel);
    if (distance <= kStoredEnterpriseRadiusMetres) near.emplace_back(facilities[index].fid, distance);
  }
  out.put(static_cast<std::uint32_t>(near.size()));
  for (const auto& [fid, distance] : near) {
    out.put(fid);
    out.put(distance);
  }
  std::vector<std::pair<std::int64_t, double>> parkAreas;
  GeosGeometryPtr envelope = envelopeOf(parcel, 0);
  for (std::size_t index : queryIndices(parkTree.get(), envelope.get()))
    if (const double area = intersectionArea(parks[index].geometry.get(), parcel); area > 0) parkAreas.emplace_back(parks[index].fid, area);
  out.put(static_cast<std::uint32_t>(parkAreas.size()));
  for (const auto& [fid, area] : parkAreas) {
    out.put(fid);
    out.put(area);
  }
  return out.take();
}

// ---------------------------------------------------------------- the store side

StoredFactsState storedFactsState(const Store& store) {
  const std::optional<StateRow> state = readState(store.database());
  return state && !state->stale && state->format == kStoredFactsFormat ? StoredFactsState::Current : StoredFactsState::Stale;
}

namespace {

void bindFactsRow(SqliteStatement& insert, const ParcelRow& row, const std::vector<unsigned char>& facts) {
  auto text = [&](int index, const std::string& value) {
    if (value.empty()) insert.bindNull(index);
    else insert.bind(index, value);
  };
  auto number = [&](int index, const std::optional<double>& value) {
    if (value) insert.bind(index, *value);
    else insert.bindNull(index);
  };
  auto flag = [&](int index, const std::optional<bool>& value) {
    if (value) insert.bind(index, *value ? 1 : 0);
    else insert.bindNull(index);
  };
  insert.bind(1, row.landUse).bind(2, row.area).bind(3, row.fid).bind(4, row.id);
  text(5, row.name);
  insert.bind(6, row.status);
  text(7, row.subdistrict);
  number(8, row.price);
  number(9, row.power);
  flag(10, row.water);
  flag(11, row.gas);
  flag(12, row.sewage);
  flag(13, row.road);
  text(14, row.availableFrom);
  insert.bindBlob(15, facts.data(), facts.size());
}

}  // namespace

// A friend of MatchEngine: the refresh measures with the engine's own functions.
struct StoredFactsMeasurer {
  // Measures the offered parcels that `where` selects (an SQL condition on parcels appended to the
  // offered-status test, with `fids` bound in order) and writes their rows. Runs in the caller's
  // transaction; the workers only touch GEOS, this thread reads and writes SQLite.
  static std::int64_t measure(Store& store, const std::string& where, const std::vector<std::int64_t>& fids) {
    SqliteDatabase& db = store.database();
    // Parcels without land use or area pass no match (rules 2 and 3) and get no row.
    // A match's columns (parcelFromRow: attributes, then the geometry as column 14), then the centroid.
    auto select = db.prepare(std::string("SELECT ") + parcelColumns() + ", X(Centroid(geom)), Y(Centroid(geom)) FROM parcels WHERE " +
                             std::string(kOffered) + " AND land_use IS NOT NULL AND area_m2 IS NOT NULL" + where +
                             " ORDER BY land_use, area_m2, fid");  // the table's order: its pages fill one after another
    for (std::size_t i = 0; i < fids.size(); ++i) select.bind(static_cast<int>(i + 1), fids[i]);
    // Loading the layers costs a moment at 10^4 constraints: not for a write that leaves no offered parcel to measure.
    if (!select.step()) return 0;
    MatchEngine::Impl engine;
    engine.store = &store;
    engine.load();
    engine.ensureConstraintGeometries();
    auto insert = db.prepare(
        "INSERT OR REPLACE INTO parcel_facts(land_use, area_m2, fid, id, name, status, subdistrict, price_wan_per_mu, power_kva, water,"
        " gas, sewage, road, available_from, facts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const unsigned threads = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
    constexpr std::size_t kChunk = 2048;
    std::int64_t measured = 0;
    std::vector<PendingParcel> chunk;
    auto flush = [&] {
      std::vector<std::exception_ptr> errors(threads);
      std::atomic<std::size_t> next{0};
      auto work = [&](unsigned worker) {
        try {
          MatchEngine::Impl::ThreadScratch scratch;
          for (std::size_t i = next.fetch_add(1); i < chunk.size(); i = next.fetch_add(1)) {
            ParcelDetail& detail = *chunk[i].detail;
            engine.prepareDetail(detail, scratch);
            chunk[i].facts = engine.measureStoredFacts(detail, scratch, chunk[i].centroid);
            chunk[i].detail.reset();  // on the thread whose GEOS context made the geometry
          }
        } catch (...) {
          errors[worker] = std::current_exception();  // exceptions never cross a thread
        }
      };
      const unsigned used = chunk.size() < 256 ? 1u : threads;
      if (used == 1) {
        work(0);
      } else {
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < used; ++t) pool.emplace_back(work, t);
        for (std::thread& thread : pool) thread.join();
      }
      for (const std::exception_ptr& error : errors)
        if (error) std::rethrow_exception(error);
      for (const PendingParcel& pending : chunk) {
        bindFactsRow(insert, pending.row, pending.facts);
        insert.run();
        insert.reset();
      }
      measured += static_cast<std::int64_t>(chunk.size());
      chunk.clear();
    };
    do {
      PendingParcel pending;
      pending.fid = select.columnInt(0);
      pending.detail = std::make_unique<ParcelDetail>();
      pending.detail->row = parcelFromRow(select);
      pending.row = pending.detail->row;
      pending.row.wkb.clear();
      // The centroid a match shows: SpatiaLite's Centroid through the same transform (match()).
      if (!select.isNull(15))
        pending.centroid = engine.toLonLat().toLonLat(EastingNorthing::fromMetres(select.columnDouble(15), select.columnDouble(16)));
      chunk.push_back(std::move(pending));
      if (chunk.size() == kChunk) flush();
    } while (select.step());
    if (!chunk.empty()) flush();
    return measured;
  }
};

namespace {

// The flat arrays of every offered parcel (MatchEngine's ParcelTable), encoded in one value: magic,
// format, the land-use codes, then the count and three arrays (fid ascending; land use as an index
// into the codes, kNoLandUse for NULL; area, NaN for NULL). A cold match reads this one value instead of
// scanning the status index and counting the parcels (100 ms at 200,000 parcels).
std::vector<unsigned char> encodeOfferedParcels(SqliteDatabase& db) {
  std::vector<std::int64_t> fids;
  std::vector<std::uint32_t> uses;
  std::vector<double> areas;
  std::vector<std::string> codes;
  std::map<std::string, std::uint32_t, std::less<>> codeIndex;
  auto select = db.prepare(std::string("SELECT fid, land_use, area_m2 FROM parcels WHERE ") + kOffered + " ORDER BY fid");
  while (select.step()) {
    fids.push_back(select.columnInt(0));
    std::uint32_t use = kNoLandUse;
    if (!select.isNull(1)) {
      auto [found, added] = codeIndex.emplace(select.columnText(1), static_cast<std::uint32_t>(codes.size()));
      if (added) codes.push_back(found->first);
      use = found->second;
    }
    uses.push_back(use);
    areas.push_back(select.isNull(2) ? std::numeric_limits<double>::quiet_NaN() : select.columnDouble(2));
  }
  FactsWriter out;
  out.put(kOfferedMagic);
  out.put(static_cast<std::uint32_t>(kStoredFactsFormat));
  out.put(static_cast<std::uint32_t>(codes.size()));
  for (const std::string& code : codes) out.text(code);
  out.put(static_cast<std::uint64_t>(fids.size()));
  out.array(fids);
  out.array(uses);
  out.array(areas);
  return out.take();
}

void markCurrent(SqliteDatabase& db) {
  const std::vector<unsigned char> offered = encodeOfferedParcels(db);
  auto write = db.prepare("INSERT OR REPLACE INTO parcel_facts_offered VALUES (1, (SELECT count(*) FROM parcels), ?)");
  write.bindBlob(1, offered.data(), offered.size());
  write.run();
  auto update = db.prepare("UPDATE parcel_facts_state SET stale = 0, format = ?, enterprise_radius_m = ?");
  update.bind(1, kStoredFactsFormat).bind(2, kStoredEnterpriseRadiusMetres);
  update.run();
}

}  // namespace

std::int64_t updateStoredFacts(Store& store, const StoredFactsChange& change) {
  SqliteDatabase& db = store.database();
  std::int64_t measured = 0;
  bool current = true;
  if (change.scope == StoredFactsChange::Scope::Parcels) {
    // A parcel that left the offered set only loses its row: no layer is loaded, nothing measured.
    // Only parcels that are offered now are measured (all of them when the facts were stale before).
    auto remove = db.prepare("DELETE FROM parcel_facts WHERE fid = ?");
    for (std::int64_t fid : change.parcelFids) {
      remove.bind(1, fid);
      remove.run();
      remove.reset();
    }
    std::vector<std::int64_t> offered;
    auto isOffered = db.prepare(std::string("SELECT 1 FROM parcels WHERE fid = ? AND ") + kOffered);
    for (std::int64_t fid : change.parcelFids) {
      isOffered.bind(1, fid);
      if (isOffered.step()) offered.push_back(fid);
      isOffered.reset();
    }
    if (offered.empty()) {
      current = change.before == StoredFactsState::Current;  // stale facts stay stale until a write enters the offered set
    } else if (change.before == StoredFactsState::Stale) {
      db.exec("DELETE FROM parcel_facts");
      measured = StoredFactsMeasurer::measure(store, "", {});
    } else {
      measured = StoredFactsMeasurer::measure(store, " AND fid IN (" + placeholders(offered.size()) + ")", offered);
    }
  } else if (change.scope == StoredFactsChange::Scope::NewConstraints && change.before == StoredFactsState::Current &&
             db.queryInt("SELECT count(*) FROM constraints WHERE effect = 'require_within' AND fid >= " + std::to_string(change.firstNewFid))
                     .value_or(0) == 0) {
    // Rows refer to constraints by fid, and appended zones keep every old fid and come after them in
    // the engine's fid order: a parcel whose envelope misses every new zone's envelope has the same
    // hits (the engine finds them by envelope, sorted by index), and its other facts do not read the
    // constraints. A new require_within zone changes the union every share is measured against (its
    // GEOS union may be rebuilt differently), so that rebuilds every row, below.
    const std::string near = " AND fid IN (SELECT p.fid FROM parcels p, constraints c WHERE c.fid >= " + std::to_string(change.firstNewFid) +
                             " AND MbrIntersects(p.geom, c.geom))";
    db.exec(std::string("DELETE FROM parcel_facts WHERE fid IN (SELECT fid FROM parcels WHERE ") + kOffered + near + ")");
    measured = StoredFactsMeasurer::measure(store, near, {});
  } else if (change.before == StoredFactsState::Stale || change.scope != StoredFactsChange::Scope::NewParcels) {
    db.exec("DELETE FROM parcel_facts");
    measured = StoredFactsMeasurer::measure(store, "", {});
  } else {
    // Appended parcels have new fids; rows whose parcel is gone or no longer offered go.
    db.exec(std::string("DELETE FROM parcel_facts WHERE fid NOT IN (SELECT fid FROM parcels WHERE ") + kOffered + ")");
    measured = StoredFactsMeasurer::measure(store, " AND fid NOT IN (SELECT fid FROM parcel_facts)", {});
  }
  // Test hook for the crash-safety test: stop with the new rows written, before the commit, and wait
  // to be killed (kill -9); the transaction's journal must bring back the old facts and data.
  if (const char* stall = std::getenv("LANDBANK_TEST_STALL_IN_FACTS"); stall && *stall) {
    std::cerr << "landbank: test hook: stalled in the parcel facts refresh after " << measured << " parcels" << std::endl;
    std::this_thread::sleep_for(std::chrono::seconds(600));
  }
  if (current) markCurrent(db);
  return measured;
}

std::int64_t rebuildStoredFacts(Store& store) {
  SqliteTransaction transaction(store.database());
  const std::int64_t measured = updateStoredFacts(store, StoredFactsChange{});
  transaction.commit();
  return measured;
}

std::optional<StoredParcelFacts> readStoredFacts(const Store& store, const std::string& parcelId) {
  SqliteDatabase& db = store.database();
  if (storedFactsState(store) != StoredFactsState::Current) return std::nullopt;
  auto select = db.prepare("SELECT f.facts FROM parcels p JOIN parcel_facts f ON f.fid = p.fid WHERE p.id = ?");
  select.bind(1, parcelId);
  if (!select.step()) return std::nullopt;
  int size = 0;
  const unsigned char* data = select.columnBlobData(0, size);
  const std::optional<RawFacts> raw = decode(data, static_cast<std::size_t>(size));
  if (!raw) return std::nullopt;
  auto idOf = [&](const char* table, std::int64_t fid) {
    auto statement = db.prepare(std::string("SELECT id FROM ") + table + " WHERE fid = ?");
    statement.bind(1, fid);
    return statement.step() ? statement.columnText(0) : std::string();
  };
  StoredParcelFacts facts;
  facts.perimeterMetres = raw->perimeter;
  facts.requireWithinShare = raw->within;
  if (raw->centroid) {
    facts.centroidLon = raw->centroid->lon;
    facts.centroidLat = raw->centroid->lat;
  }
  for (const auto& [fid, area] : raw->hits) facts.overlaps.push_back({idOf("constraints", fid), area});
  for (const auto& [type, distance] : raw->nearest) facts.nearest.push_back({type, distance});
  for (const auto& [fid, distance] : raw->enterprises) facts.enterprises.push_back({idOf("facilities", fid), distance});
  for (const auto& [fid, area] : raw->parks) facts.parks.push_back({idOf("parks", fid), area});
  return facts;
}

}  // namespace landbank
