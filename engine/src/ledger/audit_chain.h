#pragma once
// Appending to the hash-chained audit log and (re)computing row hashes. Engine-internal: front ends
// write through Store::recordAudit and read through landbank/audit.h.

#include <cstdint>
#include <string>

namespace landbank {

class SqliteDatabase;
struct AuditEntry;

/// 64 zeros: the previous hash of the first row.
const std::string& genesisHash();

/// The hash of one row: SHA-256 over the previous hash and the row's stored columns, in a fixed
/// encoding (a JSON array of the column values, detail as its stored text).
std::string auditRowHash(const std::string& prevHash, std::int64_t seq, const std::string& at, const std::string& user,
                         const std::string& action, const std::string& layer, const std::string& featureId,
                         const std::string& projectId, const std::string& detailText);

/// Appends one row after the current newest. Call inside the write's transaction (BEGIN IMMEDIATE
/// serialises writers, so the newest row cannot change under us).
void appendAuditRow(SqliteDatabase& db, const AuditEntry& entry, const std::string& user, const std::string& at);

/// Migration step: add the chain columns, hash the existing rows in order, install the triggers.
void migrateAuditChain(SqliteDatabase& db);

}  // namespace landbank
