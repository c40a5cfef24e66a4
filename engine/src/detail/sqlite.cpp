#include "detail/sqlite.h"

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <mutex>
#include <unordered_map>

#include "landbank/error.h"

namespace landbank {

namespace {

std::string firstLine(std::string_view sql) {
  std::string text(sql.substr(0, sql.find('\n')));
  if (text.size() > 120) text = text.substr(0, 117) + "...";
  return text;
}

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  const char* message = db ? sqlite3_errmsg(db) : "out of memory";
  // SQLite's own words stay as SQLite says them; the lead-in is ours.
  throw Error(ErrorCode::Database, Message{"数据库操作失败（" + what + "）：" + message, what + ": " + message});
}

}  // namespace

// Idle prepared statements of one connection by SQL text. Shared with the statements handed out, so
// one that outlives a moved-from or closed database finalizes itself instead of coming back. Locked:
// SQLite's serialized mode lets threads share a connection, and the cache must not take that away.
struct SqliteStatementCache {
  static constexpr std::size_t kMostStatements = 64;
  std::mutex mutex;
  bool open = true;
  std::unordered_multimap<std::string, sqlite3_stmt*> idle;

  sqlite3_stmt* take(const std::string& sql) {
    const std::lock_guard lock(mutex);
    auto found = idle.find(sql);
    if (found == idle.end()) return nullptr;
    sqlite3_stmt* statement = found->second;
    idle.erase(found);
    return statement;
  }
  // False when the statement is not kept (closed connection, full cache): the caller finalizes it.
  bool giveBack(std::string sql, sqlite3_stmt* statement) {
    const std::lock_guard lock(mutex);
    if (!open || idle.size() >= kMostStatements) return false;
    idle.emplace(std::move(sql), statement);
    return true;
  }
  void close() {
    const std::lock_guard lock(mutex);
    for (auto& [sql, statement] : idle) sqlite3_finalize(statement);
    idle.clear();
    open = false;
  }
};

struct SqliteDatabase::Extension {
  std::once_flag once;
  std::atomic<bool> loaded{false};
};

SqliteDatabase::SqliteDatabase(const std::string& path, Access access)
    : m_path(path), m_cache(std::make_shared<SqliteStatementCache>()), m_spatialite(std::make_unique<Extension>()) {
  // Multi-thread mode: a connection is used by one thread at a time (Store's contract: one per
  // thread), so SQLite's own lock around every call only costs. A cold match makes ~10^5 column
  // calls; without the lock its row reading took 4 ms (~10%) less (docs/benchmarks.md).
  int flags = SQLITE_OPEN_NOMUTEX;
  switch (access) {
    case Access::ReadOnly: flags |= SQLITE_OPEN_READONLY; break;
    case Access::ReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
    case Access::Create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
  }
  if (sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
    std::string message = m_db ? sqlite3_errmsg(m_db) : "out of memory";
    sqlite3_close(m_db);
    m_db = nullptr;
    throw Error(ErrorCode::Database, Message{"无法打开数据库：" + message, "cannot open database: " + message}, {.file = path});
  }
  // Another process (the viewer, a second CLI) may hold the write lock briefly.
  sqlite3_busy_timeout(m_db, 5000);
  if (access != Access::ReadOnly) {
    try {
      loadSpatialite();
    } catch (...) {
      sqlite3_close(m_db);
      m_db = nullptr;
      throw;
    }
  }
}

void SqliteDatabase::loadSpatialite() {
  std::call_once(m_spatialite->once, [this] {
    // SpatiaLite is loaded as an extension (Debian's libsqlite3-mod-spatialite); loading is
    // enabled only for this call and disabled again so that SQL cannot load anything else.
    sqlite3_enable_load_extension(m_db, 1);
    char* error = nullptr;
    const int status = sqlite3_load_extension(m_db, "mod_spatialite", nullptr, &error);
    sqlite3_enable_load_extension(m_db, 0);
    if (status != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw Error(ErrorCode::Database,
                  Message{"无法加载 mod_spatialite（请安装 libsqlite3-mod-spatialite）：" + message,
                          "cannot load mod_spatialite (install libsqlite3-mod-spatialite): " + message},
                  {.file = m_path});
    }
    m_spatialite->loaded = true;
    if (const char* debug = std::getenv("LANDBANK_DEBUG"); debug && *debug) std::cerr << "landbank: debug: SpatiaLite loaded" << std::endl;
  });
}

bool SqliteDatabase::spatialiteLoaded() const { return m_spatialite && m_spatialite->loaded; }

namespace {
void closeConnection(sqlite3* db, const std::shared_ptr<SqliteStatementCache>& cache) {
  if (cache) cache->close();
  // close_v2: statements still in use keep the connection alive until they are finalized.
  if (db) sqlite3_close_v2(db);
}
}  // namespace

SqliteDatabase::~SqliteDatabase() { closeConnection(m_db, m_cache); }

SqliteDatabase::SqliteDatabase(SqliteDatabase&& other) noexcept
    : m_db(other.m_db), m_path(std::move(other.m_path)), m_cache(std::move(other.m_cache)), m_spatialite(std::move(other.m_spatialite)) {
  other.m_db = nullptr;
}

SqliteDatabase& SqliteDatabase::operator=(SqliteDatabase&& other) noexcept {
  if (this != &other) {
    closeConnection(m_db, m_cache);
    m_db = other.m_db;
    m_path = std::move(other.m_path);
    m_cache = std::move(other.m_cache);
    m_spatialite = std::move(other.m_spatialite);
    other.m_db = nullptr;
  }
  return *this;
}

void SqliteDatabase::exec(std::string_view sql) {
  loadSpatialite();
  std::string text(sql);
  char* error = nullptr;
  if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errmsg(m_db);
    sqlite3_free(error);
    throw Error(ErrorCode::Database, Message{"SQL 执行失败（" + firstLine(sql) + "）：" + message, "SQL failed (" + firstLine(sql) + "): " + message}, {.file = m_path});
  }
}

void SqliteDatabase::run(std::string_view sql) {
  SqliteStatement statement = prepare(sql);
  while (statement.step()) {
    // A pragma that sets a value answers with it; nothing to read.
  }
}

SqliteStatement SqliteDatabase::prepare(std::string_view sql) {
  std::string text(sql);
  if (sqlite3_stmt* kept = m_cache->take(text)) return SqliteStatement(m_db, kept, m_cache, std::move(text));
  sqlite3_stmt* prepared = nullptr;
  int status = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &prepared, nullptr);
  if (status != SQLITE_OK && !spatialiteLoaded()) {
    // SQL functions and virtual-table modules are resolved when a statement is prepared (a trigger's
    // body included), so nothing has run yet: with SpatiaLite loaded the same text may prepare.
    const std::string_view message = sqlite3_errmsg(m_db);
    if (message.starts_with("no such function") || message.starts_with("no such module")) {
      sqlite3_finalize(prepared);
      prepared = nullptr;
      loadSpatialite();
      status = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &prepared, nullptr);
    }
  }
  if (status != SQLITE_OK) {
    sqlite3_finalize(prepared);
    fail(m_db, "cannot prepare SQL (" + firstLine(sql) + ")");
  }
  return SqliteStatement(m_db, prepared, m_cache, std::move(text));
}

std::optional<std::int64_t> SqliteDatabase::queryInt(std::string_view sql) {
  SqliteStatement statement = prepare(sql);
  if (!statement.step() || statement.isNull(0)) return std::nullopt;
  return statement.columnInt(0);
}

std::optional<std::string> SqliteDatabase::queryText(std::string_view sql) {
  SqliteStatement statement = prepare(sql);
  if (!statement.step() || statement.isNull(0)) return std::nullopt;
  return statement.columnText(0);
}

std::int64_t SqliteDatabase::lastInsertRowId() const { return sqlite3_last_insert_rowid(m_db); }
int SqliteDatabase::changes() const { return sqlite3_changes(m_db); }

SqliteStatement::SqliteStatement(sqlite3* db, std::string_view sql) : m_db(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr) != SQLITE_OK)
    fail(db, "cannot prepare SQL (" + firstLine(sql) + ")");
}

SqliteStatement::SqliteStatement(sqlite3* db, sqlite3_stmt* prepared, std::shared_ptr<SqliteStatementCache> cache, std::string sql)
    : m_stmt(prepared), m_db(db), m_cache(std::move(cache)), m_sql(std::move(sql)) {}

void SqliteStatement::release() {
  if (!m_stmt) return;
  // Reset ends any read it was part of; cleared bindings drop copies of large values.
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
  if (!m_cache || !m_cache->giveBack(std::move(m_sql), m_stmt)) sqlite3_finalize(m_stmt);
  m_stmt = nullptr;
  m_cache.reset();
}

SqliteStatement::~SqliteStatement() { release(); }

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : m_stmt(other.m_stmt), m_db(other.m_db), m_cache(std::move(other.m_cache)), m_sql(std::move(other.m_sql)) {
  other.m_stmt = nullptr;
}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    release();
    m_stmt = other.m_stmt;
    m_db = other.m_db;
    m_cache = std::move(other.m_cache);
    m_sql = std::move(other.m_sql);
    other.m_stmt = nullptr;
  }
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK) fail(m_db, "cannot bind parameter");
  return *this;
}
SqliteStatement& SqliteStatement::bind(int index, double value) {
  if (sqlite3_bind_double(m_stmt, index, value) != SQLITE_OK) fail(m_db, "cannot bind parameter");
  return *this;
}
SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    fail(m_db, "cannot bind parameter");
  return *this;
}
SqliteStatement& SqliteStatement::bindBlob(int index, const void* data, std::size_t size) {
  if (sqlite3_bind_blob(m_stmt, index, data, static_cast<int>(size), SQLITE_TRANSIENT) != SQLITE_OK)
    fail(m_db, "cannot bind parameter");
  return *this;
}
SqliteStatement& SqliteStatement::bindNull(int index) {
  if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK) fail(m_db, "cannot bind parameter");
  return *this;
}
int SqliteStatement::parameterIndex(const char* name) const { return sqlite3_bind_parameter_index(m_stmt, name); }

bool SqliteStatement::step() {
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(m_db, "SQL step failed");
}

void SqliteStatement::run() {
  if (step()) throw Error(ErrorCode::Internal, "statement returned rows where none were expected");
  sqlite3_reset(m_stmt);
}

void SqliteStatement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

bool SqliteStatement::isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
std::int64_t SqliteStatement::columnInt(int column) const { return sqlite3_column_int64(m_stmt, column); }
double SqliteStatement::columnDouble(int column) const { return sqlite3_column_double(m_stmt, column); }
std::string SqliteStatement::columnText(int column) const {
  const unsigned char* text = sqlite3_column_text(m_stmt, column);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)))
              : std::string();
}
std::string_view SqliteStatement::columnTextView(int column) const {
  const unsigned char* text = sqlite3_column_text(m_stmt, column);
  return text ? std::string_view(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)))
              : std::string_view();
}
std::optional<std::string> SqliteStatement::columnOptionalText(int column) const {
  if (isNull(column)) return std::nullopt;
  return columnText(column);
}
std::optional<double> SqliteStatement::columnOptionalDouble(int column) const {
  if (isNull(column)) return std::nullopt;
  return columnDouble(column);
}
std::vector<unsigned char> SqliteStatement::columnBlob(int column) const {
  int size = 0;
  const unsigned char* data = columnBlobData(column, size);
  return data ? std::vector<unsigned char>(data, data + size) : std::vector<unsigned char>();
}
const unsigned char* SqliteStatement::columnBlobData(int column, int& size) const {
  const void* data = sqlite3_column_blob(m_stmt, column);
  size = sqlite3_column_bytes(m_stmt, column);
  return static_cast<const unsigned char*>(data);
}
int SqliteStatement::columnCount() const { return sqlite3_column_count(m_stmt); }
std::string SqliteStatement::columnName(int column) const { return sqlite3_column_name(m_stmt, column); }
int SqliteStatement::columnType(int column) const { return sqlite3_column_type(m_stmt, column); }

std::optional<SqliteBlobReader> SqliteBlobReader::open(SqliteDatabase& db, const char* table, const char* column, std::int64_t rowid) {
  sqlite3_blob* blob = nullptr;
  if (sqlite3_blob_open(db.handle(), "main", table, column, rowid, 0, &blob) != SQLITE_OK) {
    sqlite3_blob_close(blob);
    return std::nullopt;
  }
  return SqliteBlobReader(blob);
}

SqliteBlobReader::~SqliteBlobReader() {
  if (m_blob) sqlite3_blob_close(m_blob);
}

SqliteBlobReader::SqliteBlobReader(SqliteBlobReader&& other) noexcept : m_blob(other.m_blob) { other.m_blob = nullptr; }

std::size_t SqliteBlobReader::size() const { return static_cast<std::size_t>(sqlite3_blob_bytes(m_blob)); }

bool SqliteBlobReader::read(std::size_t offset, void* destination, std::size_t count) const {
  if (count == 0) return offset <= size();
  if (offset > size() || count > size() - offset || count > static_cast<std::size_t>(std::numeric_limits<int>::max())) return false;
  return sqlite3_blob_read(m_blob, destination, static_cast<int>(count), static_cast<int>(offset)) == SQLITE_OK;
}

SqliteTransaction::SqliteTransaction(SqliteDatabase& db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }

SqliteTransaction::~SqliteTransaction() {
  if (!m_done) sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

SqliteReadSnapshot::SqliteReadSnapshot(SqliteDatabase& db) : m_db(db) {
  if (sqlite3_get_autocommit(m_db.handle())) {
    m_db.exec("BEGIN DEFERRED");
    m_began = true;
  }
}

SqliteReadSnapshot::~SqliteReadSnapshot() {
  // Nothing was written inside: ending it either way is the same; COMMIT cannot fail for a reader.
  if (m_began) sqlite3_exec(m_db.handle(), "COMMIT", nullptr, nullptr, nullptr);
}

void SqliteTransaction::commit() {
  m_db.exec("COMMIT");
  m_done = true;
}

}  // namespace landbank
