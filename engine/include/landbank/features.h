#pragma once
// Reading features back as users see them: typed canonical attributes, derived values (area,
// subdistrict), extra source attributes, centroid and geometry.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "landbank/geo.h"
#include "landbank/layers.h"

namespace landbank {

class Store;

struct FeatureRecord {
  std::int64_t fid = 0;
  std::string id;
  /// Canonical fields that have a value, in DESIGN.md order, typed (numbers, booleans, lists),
  /// then derived ones: subdistrict (if derived), area_m2 and area_mu for polygon layers.
  nlohmann::json properties = nlohmann::json::object();
  /// Source fields that are not canonical (kept by the importer).
  nlohmann::json extra = nlohmann::json::object();
  /// Centroid in the database CRS (a point's own position); nullopt without geometry.
  std::optional<EastingNorthing> centroid;
  /// Geometry as ISO WKB in the database CRS (empty without geometry).
  std::vector<unsigned char> wkb;
};

struct ReadOptions {
  std::optional<std::int64_t> limit;   ///< at most this many, in id order
  std::vector<std::string> ids;        ///< only these ids (empty: all)
  bool withGeometry = true;
};

/// Reads features of one layer ordered by id. Throws Error(Database) on failure.
std::vector<FeatureRecord> readFeatures(const Store& store, Layer layer, const ReadOptions& options = {});

/// One feature by id; throws Error(UnknownId) naming the layer and id when there is none.
FeatureRecord readFeature(const Store& store, Layer layer, const std::string& id);

/// Turns a row of a layer table into a FeatureRecord. `selectColumns()` gives the column list
/// that the row must have been selected with (so query modules can add WHERE/ORDER BY clauses).
std::string featureSelectColumns(Layer layer);
class SqliteStatement;
FeatureRecord featureFromRow(Layer layer, const SqliteStatement& row, bool withGeometry);

}  // namespace landbank
