#pragma once
// Feature queries: attribute, spatial and expression filters over one layer, combinable, answered
// through the store's indexes (attribute B-trees and the SpatiaLite R*Tree idx_<layer>_geom; never a
// full scan for a spatial filter). The CLI's `parcels`, `buildings`, `parks`, `facilities` and
// `constraints` commands and the viewer's filter form both fill a FeatureQuery and call runQuery().

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "landbank/features.h"
#include "landbank/geo.h"
#include "landbank/layers.h"

namespace landbank {

class Store;

/// A numeric field bounded from below and/or above (inclusive), e.g. vacant_floor_m2 >= 2000.
struct NumericBound {
  std::string field;            ///< a canonical numeric field of the layer
  std::optional<double> min;
  std::optional<double> max;
};

enum class SortDirection { Ascending, Descending };
struct SortKey {
  std::string field;            ///< a canonical/derived field, or "distance_m"
  SortDirection direction = SortDirection::Ascending;
};

/// Everything a query can ask. Empty/unset members do not filter. Points and boxes are in the
/// database CRS (metres, easting first); convert user input with toDatabaseCrs().
struct FeatureQuery {
  Layer layer = Layer::Parcels;
  std::vector<std::string> statuses;          ///< parcels: any of these status codes
  std::vector<std::string> landUsePrefixes;   ///< parcels: land_use starts with any ("1001" = all industrial)
  std::vector<std::string> types;             ///< buildings, facilities, constraints: any of these types
  std::vector<std::string> effects;           ///< constraints: any of these effects
  std::optional<double> minAreaSquareMetres;  ///< polygon layers: area_m2 >= this
  std::optional<double> maxAreaSquareMetres;  ///< polygon layers: area_m2 <= this
  std::vector<NumericBound> bounds;           ///< more numeric ranges on canonical fields
  std::optional<std::string> subdistrict;     ///< exact subdistrict name (parcels, parks, buildings)
  /// parcels: at least half of the parcel's area lies inside the park's polygon;
  /// buildings: park_id equals it. Error(UnknownId) when the park does not exist (parcels).
  std::optional<std::string> parkId;
  /// Features whose geometry contains or touches this point (a point on a shared edge gives both).
  std::optional<EastingNorthing> at;
  /// Origin for distances: every result gets distance_m (from the geometry, 0 inside) and results
  /// are sorted nearest first unless `sort` says otherwise.
  std::optional<EastingNorthing> near;
  std::optional<double> withinMetres;         ///< with `near`: distance <= this
  std::optional<ProjectedBox> bbox;           ///< geometry intersects this box
  /// K nearest to `near` (or to `at`, which then is only the origin, not a filter), after the
  /// other filters; ties broken by id.
  std::optional<std::int64_t> nearest;
  /// constraints (or any polygon layer): interiors overlap the parcel with this id.
  std::optional<std::string> intersectingParcelId;
  std::string where;                          ///< the --where expression (see expression.h)
  std::vector<SortKey> sort;                  ///< default: distance when an origin is set, else id
  std::optional<std::int64_t> limit;
  bool withGeometry = false;                  ///< fill FeatureRecord::wkb (for GeoJSON)
};

struct QueryHit {
  FeatureRecord record;
  std::optional<double> distanceMetres;       ///< set when the query had an origin
};

struct QueryResult {
  std::vector<QueryHit> hits;
};

/// Runs the query. Throws Error(Expression) for a bad --where, Error(Usage) for an impossible
/// combination (e.g. --within without --near, --nearest without an origin, unknown sort field),
/// Error(UnknownId) for an unknown park or parcel id, Error(Database) on failure.
/// Read-only: never changes the database.
QueryResult runQuery(const Store& store, const FeatureQuery& query);

/// Converts a user point (x, y in traditional GIS order: lon,lat for geographic CRSs, easting,northing
/// for projected ones, with the zone prefix for EPSG:4528) from `crs` to the database CRS.
/// Throws Error(Crs) for an unknown CRS or a point PROJ cannot transform.
EastingNorthing toDatabaseCrs(const Store& store, double x, double y, const std::string& crs = "EPSG:4326");

}  // namespace landbank
