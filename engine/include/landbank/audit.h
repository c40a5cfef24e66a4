#pragma once
// The audit trail: every write through the engine appends one row to `audit_log` in the write's own
// transaction (Store::recordAudit). The log is append-only (triggers refuse UPDATE and DELETE) and
// hash-chained: each row's SHA-256 covers its content and the previous row's hash, so an edit made
// below the triggers (a dropped trigger, a hex editor) breaks the chain at that row and
// verifyAuditChain() names it. Deleting the newest rows is not detectable from the file alone (there
// is no later row to disagree); keep a copy of `audit verify`'s head hash elsewhere for that.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace landbank {

class Store;

/// One stored audit row.
struct AuditRecord {
  std::int64_t seq = 0;
  std::string at;         ///< UTC "YYYY-MM-DDTHH:MM:SSZ"
  std::string user;
  std::string action;     ///< "import", "set_status", "project_add", "stage_move", ...
  std::string layer;      ///< table the write went to ("parcels", "projects", "ledger_problems", ...)
  std::string featureId;  ///< the row written, empty for whole-layer actions
  std::string projectId;  ///< the project the write concerns, empty when none
  nlohmann::json detail;  ///< before/after values and options
  std::string prevHash;   ///< hex SHA-256 of the previous row (64 zeros for the first)
  std::string hash;       ///< hex SHA-256 of this row's content and prevHash
};

struct AuditFilter {
  std::optional<std::string> since;      ///< rows at or after this UTC time or date ("2026-11-01")
  std::optional<std::string> projectId;  ///< rows concerning this project (its own row or ledger rows)
  std::optional<std::string> user;
  std::optional<std::int64_t> limit;     ///< the newest N (still listed oldest first)
};

/// Rows matching `filter`, oldest first.
std::vector<AuditRecord> listAudit(const Store& store, const AuditFilter& filter = {});

struct AuditVerification {
  bool ok = true;
  std::int64_t rows = 0;                ///< rows checked
  std::optional<std::int64_t> badSeq;   ///< first row whose chain or content does not hold
  std::string problem;                  ///< what is wrong with it (English; codes for scripts)
  std::string headHash;                 ///< hash of the newest row (empty log: 64 zeros)
};

/// Recomputes every row's hash from its stored content and the previous hash.
AuditVerification verifyAuditChain(const Store& store);

/// Hex SHA-256 of `bytes` (OpenSSL libcrypto). Exposed for tests and the migration.
std::string sha256Hex(const std::string& bytes);

}  // namespace landbank
