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
// The parts live in engine/src/match/ (see match_internal.h); this file holds the public MatchEngine
// and the run of one match over the parcels and buildings.
#include "landbank/matching.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

#include "landbank/error.h"
#include "landbank/store.h"
#include "ledger/reservation_filter.h"
#include "match/match_internal.h"

namespace landbank {

using namespace match;

std::string_view candidateKindName(CandidateKind kind) { return kind == CandidateKind::Parcel ? "parcel" : "building"; }

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
  // Without stored facts the workers measure: the constraint geometries are read before they start.
  if (!table.storedFacts && total > 0) ensureConstraintGeometries();
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
  // Rows with stored facts take the workers a microsecond each: waking them every 64 rows cost more
  // (futex calls, context switches on two cores) than it saved.
  const std::size_t publishEvery = table.storedFacts ? 1024 : 64;
  auto readRows = [&] {
    std::size_t count = known;
    // Many new rows come faster from one query over the attribute index than by one lookup each.
    std::optional<RowRange> range;
    if (total - known >= std::max<std::size_t>(1, total / 4))
      range = RowRange{"land_use IN (" + placeholders(uses.size()) + ") AND area_m2 >= ? AND area_m2 <= ?", [&](SqliteStatement& statement) {
                         int index = 1;
                         for (const std::string& code : uses) statement.bind(index++, code);
                         statement.bind(index, minArea);
                         statement.bind(index + 1, maxArea);
                       }};
    readParcelDetails(slots, range, [&](std::size_t slot) {
      order[count++] = static_cast<std::size_t>(std::lower_bound(slots.begin(), slots.end(), slot) - slots.begin());
      if (count % publishEvery == 0) publish(count);
    });
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
          if (!detail.geometry && !detail.stored) prepareDetail(detail, scratch);
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
  for (std::size_t j : passed) {
    out.push_back(parcelCandidate(project, *table.details[slots[j]], scratch));
    // From the stored facts: the number match() would otherwise compute for the returned ones.
    out.back().centroid = table.details[slots[j]]->centroid;
  }
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

MatchEngine::MatchEngine(const Store& store, RulePack rules) : m_impl(std::make_unique<Impl>()) {
  m_impl->store = &store;
  m_impl->rules = std::move(rules);
  m_impl->load();
  m_impl->refreshParcels();
}
MatchEngine::~MatchEngine() = default;
MatchEngine::MatchEngine(MatchEngine&&) noexcept = default;
MatchEngine& MatchEngine::operator=(MatchEngine&&) noexcept = default;

const RulePack& MatchEngine::rules() const { return m_impl->rules; }
bool MatchEngine::isStale() const { return m_impl->provenanceStamp() != m_impl->loadedProvenance; }
bool MatchEngine::usesStoredFacts() const {
  m_impl->refreshParcels();
  return m_impl->parcels.storedFacts;
}

MatchResult MatchEngine::match(const ProjectSpec& project, const MatchOptions& options) const {
  MatchResult result;
  result.projectId = project.id;
  result.rulePackId = m_impl->rules.id;
  result.rulePackVersion = m_impl->rules.version;
  KindSelection kind = options.kind;
  if (kind == KindSelection::Auto) kind = project.wantsLand() ? KindSelection::Parcels : KindSelection::Buildings;
  std::vector<Candidate> candidates;
  std::int64_t notReturned = 0;
  if (kind == KindSelection::Parcels || kind == KindSelection::All) {
    m_impl->matchParcels(project, options, result, candidates, notReturned);
    m_impl->matchAssemblies(project, options, result, candidates);
  }
  if (kind == KindSelection::Buildings || kind == KindSelection::All) m_impl->matchBuildings(project, result, candidates);
  rankCandidates(candidates);
  computeStability(candidates, m_impl->rules, options);
  result.candidateCount = static_cast<std::int64_t>(candidates.size()) + notReturned;
  if (options.top && candidates.size() > *options.top) candidates.resize(*options.top);
  // Centroids only for what is returned: PROJ and the geometry parse are not free at 10^6 parcels.
  for (Candidate& candidate : candidates) {
    if (candidate.centroid) continue;  // an assembly's: its union's, measured with it
    auto statement = m_impl->store->database().prepare(
        std::string("SELECT X(Centroid(geom)), Y(Centroid(geom)) FROM ") + (candidate.kind == CandidateKind::Parcel ? "parcels" : "buildings") +
        " WHERE id = ?");
    statement.bind(1, candidate.id);
    if (statement.step() && !statement.isNull(0))
      candidate.centroid = m_impl->toLonLat().toLonLat(EastingNorthing::fromMetres(statement.columnDouble(0), statement.columnDouble(1)));
  }
  result.candidates = std::move(candidates);
  return result;
}

}  // namespace landbank
