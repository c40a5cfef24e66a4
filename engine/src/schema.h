#pragma once
// The SQL schema of the store, derived from the layer specs, and its ordered migrations.

#include <string>

#include "landbank/layers.h"

namespace landbank {

class SqliteDatabase;

/// Table name of a layer (same as its CLI name).
std::string tableName(Layer layer);
/// SpatiaLite R*Tree of the layer's geometry: idx_<table>_geom.
std::string spatialIndexName(Layer layer);
/// SQL column type for a field type.
const char* sqlType(FieldType type);

/// Applies every migration above the database's PRAGMA user_version, in order, inside the caller's
/// transaction. `srid` is the database CRS's EPSG code (used when creating geometry columns).
void migrateSchema(SqliteDatabase& db, int srid);
int latestSchemaVersion();

}  // namespace landbank
