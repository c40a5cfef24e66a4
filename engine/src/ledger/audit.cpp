#include "landbank/audit.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>

#include "detail/sqlite.h"
#include "landbank/error.h"
#include "landbank/store.h"
#include "ledger/audit_chain.h"

namespace landbank {

std::string sha256Hex(const std::string& bytes) {
  // EVP_Digest is OpenSSL 3's one-shot digest; the SHA256_* functions are deprecated there.
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    throw Error(ErrorCode::Internal, "OpenSSL could not compute SHA-256");
  std::string hex;
  hex.reserve(static_cast<std::size_t>(size) * 2);
  static constexpr char kDigits[] = "0123456789abcdef";
  for (unsigned int i = 0; i < size; ++i) {
    hex += kDigits[digest[i] >> 4];
    hex += kDigits[digest[i] & 0x0f];
  }
  return hex;
}

const std::string& genesisHash() {
  static const std::string zeros(64, '0');
  return zeros;
}

std::string auditRowHash(const std::string& prevHash, std::int64_t seq, const std::string& at, const std::string& user,
                         const std::string& action, const std::string& layer, const std::string& featureId,
                         const std::string& projectId, const std::string& detailText) {
  const nlohmann::json content{seq, at, user, action, layer, featureId, projectId, detailText};
  return sha256Hex(prevHash + "\n" + content.dump());
}

void appendAuditRow(SqliteDatabase& db, const AuditEntry& entry, const std::string& user, const std::string& at) {
  std::int64_t seq = 1;
  std::string prev = genesisHash();
  {
    auto last = db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (last.step()) {
      seq = last.columnInt(0) + 1;
      prev = last.columnText(1);
    }
  }
  const std::string detail = entry.detail.is_null() ? std::string("{}") : entry.detail.dump();
  const std::string hash = auditRowHash(prev, seq, at, user, entry.action, entry.layer, entry.featureId, entry.projectId, detail);
  auto insert = db.prepare(
      "INSERT INTO audit_log(seq, at, user, action, layer, feature_id, project_id, detail, prev_hash, hash)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, seq).bind(2, at).bind(3, user).bind(4, entry.action).bind(5, entry.layer).bind(6, entry.featureId);
  insert.bind(7, entry.projectId).bind(8, detail).bind(9, prev).bind(10, hash);
  insert.run();
}

void migrateAuditChain(SqliteDatabase& db) {
  db.exec(
      "ALTER TABLE audit_log ADD COLUMN project_id TEXT NOT NULL DEFAULT '';"
      "ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';"
      "ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';");
  // Rows written before the chain existed (imports, viewer status edits) join it in seq order.
  // A status edit concerns no project; nothing to fill in project_id for them.
  std::string prev = genesisHash();
  auto read = db.prepare("SELECT seq, at, user, action, layer, feature_id, project_id, detail FROM audit_log ORDER BY seq");
  auto write = db.prepare("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?");
  while (read.step()) {
    const std::int64_t seq = read.columnInt(0);
    const std::string hash = auditRowHash(prev, seq, read.columnText(1), read.columnText(2), read.columnText(3), read.columnText(4),
                                          read.columnText(5), read.columnText(6), read.columnText(7));
    write.bind(1, prev).bind(2, hash).bind(3, seq);
    write.run();
    write.reset();
    prev = hash;
  }
  db.exec(
      "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
      " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END;"
      "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
      " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END;"
      "CREATE INDEX audit_log_project ON audit_log(project_id);"
      "CREATE INDEX audit_log_at ON audit_log(at);");
}

namespace {

AuditRecord recordFromRow(const SqliteStatement& row) {
  AuditRecord record;
  record.seq = row.columnInt(0);
  record.at = row.columnText(1);
  record.user = row.columnText(2);
  record.action = row.columnText(3);
  record.layer = row.columnText(4);
  record.featureId = row.columnText(5);
  record.projectId = row.columnText(6);
  record.detail = nlohmann::json::parse(row.columnText(7), nullptr, false);
  if (record.detail.is_discarded()) record.detail = row.columnText(7);
  record.prevHash = row.columnText(8);
  record.hash = row.columnText(9);
  return record;
}

constexpr const char* kColumns = "seq, at, user, action, layer, feature_id, project_id, detail, prev_hash, hash";

}  // namespace

std::vector<AuditRecord> listAudit(const Store& store, const AuditFilter& filter) {
  SqliteDatabase& db = store.database();
  std::string sql = std::string("SELECT ") + kColumns + " FROM audit_log WHERE 1 = 1";
  if (filter.since) sql += " AND at >= ?";
  if (filter.projectId) sql += " AND (project_id = ? OR (layer = 'projects' AND feature_id = ?))";
  if (filter.user) sql += " AND user = ?";
  sql += " ORDER BY seq DESC";
  if (filter.limit) sql += " LIMIT ?";
  auto statement = db.prepare(sql);
  int index = 1;
  if (filter.since) statement.bind(index++, *filter.since);
  if (filter.projectId) {
    statement.bind(index++, *filter.projectId);
    statement.bind(index++, *filter.projectId);
  }
  if (filter.user) statement.bind(index++, *filter.user);
  if (filter.limit) statement.bind(index++, *filter.limit);
  std::vector<AuditRecord> records;
  while (statement.step()) records.push_back(recordFromRow(statement));
  std::reverse(records.begin(), records.end());
  return records;
}

AuditVerification verifyAuditChain(const Store& store) {
  SqliteDatabase& db = store.database();
  SqliteReadSnapshot snapshot(db);
  AuditVerification result;
  result.headHash = genesisHash();
  auto statement = db.prepare(std::string("SELECT ") + kColumns + " FROM audit_log ORDER BY seq");
  std::string prev = genesisHash();
  while (statement.step()) {
    ++result.rows;
    const std::int64_t seq = statement.columnInt(0);
    const std::string storedPrev = statement.columnText(8);
    const std::string storedHash = statement.columnText(9);
    const std::string expected = auditRowHash(prev, seq, statement.columnText(1), statement.columnText(2), statement.columnText(3),
                                              statement.columnText(4), statement.columnText(5), statement.columnText(6),
                                              statement.columnText(7));
    std::string problem;
    if (storedPrev != prev) problem = "prev_hash does not match the hash of the row before it (a row was removed, inserted or re-hashed)";
    else if (storedHash != expected) problem = "content does not match its hash (the row was edited)";
    if (!problem.empty()) {
      result.ok = false;
      result.badSeq = seq;
      result.problem = problem;
      return result;
    }
    prev = storedHash;
  }
  result.headHash = prev;
  return result;
}

}  // namespace landbank
