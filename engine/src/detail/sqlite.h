#pragma once
// RAII wrappers of sqlite3 handles: the only place that closes them and the only place that
// turns SQLite's error codes into landbank::Error. Engine-internal (not installed).

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace landbank {

class SqliteStatement;
struct SqliteStatementCache;

/// An open SQLite connection with mod_spatialite's SQL functions. Move-only; not thread-safe
/// (one connection per thread, as SQLite recommends).
///
/// Loading mod_spatialite costs about 50 ms (it maps PROJ, GEOS and libxml2 and registers some 1,000
/// functions): half the budget of a whole `landbank match`, which reads its geometries as blobs and
/// calls none of them. A read-only connection therefore loads it on first use: a statement that SQLite
/// refuses for an unknown function or module is prepared again once SpatiaLite is loaded. Connections
/// that write load it when they open (SpatiaLite's triggers run on every write).
class SqliteDatabase {
 public:
  enum class Access { ReadOnly, ReadWrite, Create };
  SqliteDatabase(const std::string& path, Access access);
  ~SqliteDatabase();
  SqliteDatabase(SqliteDatabase&& other) noexcept;
  SqliteDatabase& operator=(SqliteDatabase&& other) noexcept;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  /// Runs one or more statements that return no rows. Throws Error(Database) with the SQL's first line.
  /// Loads SpatiaLite first if it is not loaded yet (an earlier statement of `sql` may already have
  /// run when a later one fails, so there is no second attempt here).
  void exec(std::string_view sql);
  /// Runs one statement to its end, ignoring any rows (pragmas), loading SpatiaLite only if it needs it.
  void run(std::string_view sql);
  /// A prepared statement. Statements are kept for reuse when they are destroyed (reset, bindings
  /// cleared) and handed out again for the same SQL text: preparing costs 5-30 µs, as much as a
  /// point query's search. A statement in use is never shared.
  SqliteStatement prepare(std::string_view sql);
  /// Convenience for a single integer/text/real value (first column of the first row).
  std::optional<std::int64_t> queryInt(std::string_view sql);
  std::optional<std::string> queryText(std::string_view sql);

  std::int64_t lastInsertRowId() const;
  int changes() const;
  sqlite3* handle() const { return m_db; }
  /// Loads mod_spatialite now unless it is loaded (once per connection; thread-safe).
  void loadSpatialite();
  bool spatialiteLoaded() const;
  const std::string& path() const { return m_path; }

 private:
  sqlite3* m_db = nullptr;
  std::string m_path;
  std::shared_ptr<SqliteStatementCache> m_cache;
  struct Extension;
  std::unique_ptr<Extension> m_spatialite;  // whether and when mod_spatialite was loaded
};

/// A prepared statement; parameters are 1-based as in SQLite. Values are always bound, never
/// pasted into SQL text.
class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql);
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  SqliteStatement& bind(int index, std::int64_t value);
  SqliteStatement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  SqliteStatement& bind(int index, double value);
  SqliteStatement& bind(int index, std::string_view text);
  SqliteStatement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  SqliteStatement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  SqliteStatement& bindBlob(int index, const void* data, std::size_t size);
  SqliteStatement& bindNull(int index);
  int parameterIndex(const char* name) const;

  /// Advances; true while a row is available. Throws Error(Database) on failure.
  bool step();
  /// Runs a statement that returns no rows (step once, expect DONE).
  void run();
  void reset();

  bool isNull(int column) const;
  std::int64_t columnInt(int column) const;
  double columnDouble(int column) const;
  std::string columnText(int column) const;
  /// The text without a copy: valid until the next step(), reset() or column call on this column.
  std::string_view columnTextView(int column) const;
  std::optional<std::string> columnOptionalText(int column) const;
  std::optional<double> columnOptionalDouble(int column) const;
  std::vector<unsigned char> columnBlob(int column) const;
  const unsigned char* columnBlobData(int column, int& size) const;
  int columnCount() const;
  std::string columnName(int column) const;
  int columnType(int column) const;

 private:
  friend class SqliteDatabase;
  SqliteStatement(sqlite3* db, sqlite3_stmt* prepared, std::shared_ptr<SqliteStatementCache> cache, std::string sql);
  void release();

  sqlite3_stmt* m_stmt = nullptr;
  sqlite3* m_db = nullptr;
  std::shared_ptr<SqliteStatementCache> m_cache;  // where the statement goes back to; null: finalize
  std::string m_sql;
};

/// One BLOB value read in pieces straight into the caller's memory (sqlite3_blob_read): SQLite does
/// not first assemble the whole value from its overflow pages, as a column read does. Read-only.
class SqliteBlobReader {
 public:
  /// Opens table.column of `rowid`; nullopt when the row is missing or the value is not a BLOB/text.
  static std::optional<SqliteBlobReader> open(SqliteDatabase& db, const char* table, const char* column, std::int64_t rowid);
  ~SqliteBlobReader();
  SqliteBlobReader(SqliteBlobReader&& other) noexcept;
  SqliteBlobReader& operator=(SqliteBlobReader&&) = delete;
  SqliteBlobReader(const SqliteBlobReader&) = delete;
  SqliteBlobReader& operator=(const SqliteBlobReader&) = delete;
  std::size_t size() const;
  /// Copies `count` bytes at `offset` into `destination`; false when they are not all there.
  bool read(std::size_t offset, void* destination, std::size_t count) const;

 private:
  explicit SqliteBlobReader(sqlite3_blob* blob) : m_blob(blob) {}
  sqlite3_blob* m_blob = nullptr;
};

/// BEGIN IMMEDIATE ... COMMIT; rolls back in the destructor unless commit() was called, so an
/// exception anywhere inside leaves the database exactly as before.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDatabase& db);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  void commit();

 private:
  SqliteDatabase& m_db;
  bool m_done = false;
};

/// A read snapshot over several statements: BEGIN (deferred) ... COMMIT when no transaction is open
/// yet, nothing when the caller already holds one. In WAL mode a concurrent writer (the viewer and the
/// command line may share a file) then cannot change the data between the statements of one query.
class SqliteReadSnapshot {
 public:
  explicit SqliteReadSnapshot(SqliteDatabase& db);
  ~SqliteReadSnapshot();
  SqliteReadSnapshot(const SqliteReadSnapshot&) = delete;
  SqliteReadSnapshot& operator=(const SqliteReadSnapshot&) = delete;

 private:
  SqliteDatabase& m_db;
  bool m_began = false;
};

}  // namespace landbank
