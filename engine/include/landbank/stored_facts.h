#pragma once
// The project-independent facts of each offered parcel (status reserved or available), kept in the
// store so that a match from a cold start reads them instead of measuring them: the overlap in m² with
// every constraint it meets, the share inside the require_within zones, the nearest facility of each
// type, the enterprises within kStoredEnterpriseRadiusMetres, the parks it overlaps (with the areas),
// its perimeter and its centroid in lon/lat. Nothing here depends on a project or a rule pack: the
// tolerances, radii and weights of the rule pack are applied to these facts at match time.
//
// Refreshed inside the transaction of every engine write that changes them (imports of parcels,
// constraints, facilities and parks; status edits; ledger moves that allocate a parcel). Triggers on
// those tables mark the facts stale on any other write (a script's SQL, an older tool), and a
// MatchEngine then measures every fact as before: a stale or missing table is slower, never wrong.
// See docs/matching.md ("Stored parcel facts").

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace landbank {

class Store;

/// Enterprises are stored with their distance up to this radius (metres); a rule pack whose
/// supply-chain radius is larger makes the engine measure them instead.
inline constexpr double kStoredEnterpriseRadiusMetres = 10000;

/// Version of the stored encoding; facts written in another one are stale.
inline constexpr int kStoredFactsFormat = 2;

/// Whether the stored facts can be used: every offered parcel has a current row.
enum class StoredFactsState { Current, Stale };

/// Reads the state (one row). Never throws for a database made before the facts existed: Stale.
StoredFactsState storedFactsState(const Store& store);

/// Which parcels a write touched, for updateStoredFacts().
struct StoredFactsChange {
  enum class Scope {
    Everything,   ///< a layer the facts of every parcel read changed (constraints, facilities, parks) or parcels were replaced
    NewParcels,   ///< parcels were appended: offered parcels without a row get one, rows of parcels gone are dropped
    Parcels,      ///< the status of these parcels (by fid) changed: rows of those no longer offered are dropped
                  ///< (nothing loaded or measured; stale facts stay stale), those offered now are measured
    NewConstraints,  ///< constraints were appended (fid >= firstNewFid): only offered parcels whose envelope meets
                     ///< a new zone's envelope are measured (all when a require_within zone is among them)
  };
  Scope scope = Scope::Everything;
  std::vector<std::int64_t> parcelFids;  ///< Scope::Parcels only
  /// The state read before the write (storedFactsState): a write to stale facts rebuilds them all,
  /// except a status edit that leaves no parcel of it offered (Scope::Parcels), which keeps them stale.
  StoredFactsState before = StoredFactsState::Stale;
  std::int64_t firstNewFid = 0;  ///< Scope::NewConstraints only: the first appended constraint's fid
};

/// Brings the stored facts up to date after a write and marks them current. Call inside the write's
/// transaction, after the write (the rows it reads must be the new ones). Returns the number of
/// parcels whose facts were measured.
std::int64_t updateStoredFacts(Store& store, const StoredFactsChange& change);

/// Rebuilds every offered parcel's facts in its own transaction (benchmarks, tools).
std::int64_t rebuildStoredFacts(Store& store);

/// The stored facts of one parcel, with ids instead of row numbers (tests, diagnostics).
struct StoredParcelFacts {
  struct Overlap {
    std::string constraintId;
    double areaSquareMetres = 0;  ///< 0 for a zone that only touches the parcel
  };
  struct Nearest {
    std::string facilityType;
    std::optional<double> distanceMetres;  ///< nullopt: the layer has no facility of that type
  };
  struct Near {
    std::string facilityId;
    double distanceMetres = 0;
  };
  struct ParkOverlap {
    std::string parkId;
    double areaSquareMetres = 0;
  };
  double perimeterMetres = 0;
  std::optional<double> requireWithinShare;  ///< nullopt when the store has no require_within zone
  std::optional<double> centroidLon, centroidLat;  ///< WGS84 degrees
  std::vector<Overlap> overlaps;     ///< constraint order (fid)
  std::vector<Nearest> nearest;      ///< one per facility type in the store
  std::vector<Near> enterprises;     ///< within kStoredEnterpriseRadiusMetres
  std::vector<ParkOverlap> parks;    ///< parks whose area of overlap is above 0
};

/// The stored facts of parcel `parcelId`, or nullopt when it has none (not offered, or stale facts).
std::optional<StoredParcelFacts> readStoredFacts(const Store& store, const std::string& parcelId);

}  // namespace landbank
