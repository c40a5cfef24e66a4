#pragma once
// The embedded store: one SQLite + SpatiaLite file holding every layer of DESIGN.md in the
// database CRS (EPSG:4549 by default), with provenance per layer and an audit trail of writes.
// SQL lives in the engine; the CLI and the viewer talk to this class and to the engine facades.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "landbank/geo.h"
#include "landbank/layers.h"

namespace landbank {

class SqliteDatabase;

/// Provenance of the data in one layer: where it came from and how old it is.
struct LayerProvenance {
  std::string source;       ///< source file name (no folder), or "sample generator (seed N)"
  std::string importedAt;   ///< UTC, ISO 8601
  std::string importedBy;   ///< the user who ran the import
  std::string sourceCrs;    ///< as given by the source or --crs ("EPSG:4326")
  std::string asOf;         ///< free text "as of" date given by --as-of (may be empty)
  std::int64_t featureCount = 0;  ///< features written by that import
};

struct LayerSummary {
  Layer layer;
  std::int64_t count = 0;
  std::optional<LonLatBox> extent;             ///< lon/lat (WGS84) extent; nullopt when empty
  std::optional<LayerProvenance> provenance;   ///< last import; nullopt when never imported
};

/// One audit record: every write through the engine leaves one (imports, edits, ledger entries).
struct AuditEntry {
  std::string action;     ///< "import", "set_status", ...
  std::string layer;      ///< layer or table name
  std::string featureId;  ///< empty for whole-layer actions
  nlohmann::json detail;  ///< before/after values, counts, options
  std::string projectId = {};  ///< the project the write concerns (ledger entries), empty when none
};

struct StoreCreateOptions {
  std::string crs = "EPSG:4549";  ///< the database CRS; must be projected with metre units
  std::string user;               ///< recorded as created_by (--user); empty: the OS user
};

enum class StoreAccess { ReadOnly, ReadWrite };

/// An open Landbank database. Move-only; use one Store per thread: its connection runs in SQLite's
/// multi-thread mode (no lock per call), so two threads using one Store at once is a data race.
/// Opening checks the schema version and applies pending migrations (in ReadWrite mode) in one
/// transaction.
class Store {
 public:
  /// Creates a new database file; refuses (Error(Io)) when `path` already exists.
  static Store create(const std::filesystem::path& path, const StoreCreateOptions& options = {});
  /// Opens an existing database; Error(Io) when it does not exist, Error(Database) when it is not
  /// a Landbank database or is newer than this build understands.
  static Store open(const std::filesystem::path& path, StoreAccess access = StoreAccess::ReadWrite);

  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  const std::filesystem::path& path() const;
  /// "EPSG:4549": every stored geometry is in this CRS, traditional axis order, metres.
  const std::string& databaseCrs() const;
  int databaseSrid() const;
  int schemaVersion() const;
  static int currentSchemaVersion();

  std::int64_t featureCount(Layer layer) const;
  LayerSummary summary(Layer layer) const;
  std::vector<LayerSummary> summaries() const;

  /// Records provenance for `layer` (called by the importer inside its transaction).
  void recordProvenance(Layer layer, const LayerProvenance& provenance);
  std::optional<LayerProvenance> provenance(Layer layer) const;

  /// Appends an audit record with the current user and UTC time to the hash-chained log (see
  /// landbank/audit.h). Call inside the write's transaction.
  void recordAudit(const AuditEntry& entry);
  /// The user written into this store's audit records from now on (the CLI's global --user);
  /// empty restores currentUser().
  void setUser(std::string user);
  /// The user audit records of this store carry: setUser()'s, else currentUser().
  std::string auditUser() const;

  /// Recomputes `subdistrict` of parcels, parks and buildings whose value was derived (not given by
  /// their source) from the `boundaries` of level subdistrict with the largest overlap (containment
  /// for points). Returns the number of rows updated. Call inside a transaction.
  /// `onlyLayer` limits the work to one layer (after importing it: the other layers' rows are still
  /// right because the boundaries did not change); std::nullopt recomputes every layer (after the
  /// boundaries changed).
  std::int64_t recomputeDerivedSubdistricts(std::optional<Layer> onlyLayer = std::nullopt);

  /// The user name written into provenance and audit records ($LANDBANK_USER, else $USER, else "unknown").
  static std::string currentUser();
  /// Current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
  static std::string utcNow();

  /// The underlying connection, for engine modules (queries, importer, matching). Not for front ends.
  SqliteDatabase& database() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace landbank
