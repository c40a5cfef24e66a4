#pragma once
// Tables of the project ledger (migration 4 of schema.cpp). Engine-internal.

namespace landbank {

class SqliteDatabase;

/// Creates the ledger tables and indexes. Inside the migration's transaction.
void createLedgerTables(SqliteDatabase& db);

}  // namespace landbank
