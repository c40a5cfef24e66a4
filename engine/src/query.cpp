#include "landbank/query.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>

#include "detail/sqlite.h"
#include "landbank/crs.h"
#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/expression.h"
#include "landbank/store.h"
#include "schema.h"

namespace landbank {

namespace {

// A WHERE clause under construction: SQL conjuncts with `?` placeholders and their values in order.
struct Conditions {
  std::vector<std::string> clauses;
  std::vector<SqlValue> parameters;

  void add(std::string sql, std::vector<SqlValue> values = {}) {
    clauses.push_back(std::move(sql));
    for (auto& value : values) parameters.push_back(std::move(value));
  }
  std::string sql() const {
    std::string text;
    for (const std::string& clause : clauses) text += (text.empty() ? " WHERE " : " AND ") + clause;
    return text;
  }
};

void bindAll(SqliteStatement& statement, const std::vector<SqlValue>& values, int& index) {
  for (const SqlValue& value : values) {
    ++index;
    if (std::holds_alternative<std::monostate>(value)) statement.bindNull(index);
    else if (const auto* i = std::get_if<std::int64_t>(&value)) statement.bind(index, *i);
    else if (const auto* d = std::get_if<double>(&value)) statement.bind(index, *d);
    else statement.bind(index, std::get<std::string>(value));
  }
}

// Candidates whose R*Tree box intersects the search box: the index-driven part of every spatial
// filter (SpatiaLite keeps idx_<table>_geom with pkid = fid). The exact predicate follows it.
void addIndexBox(Conditions& conditions, Layer layer, const ProjectedBox& box) {
  conditions.add("fid IN (SELECT pkid FROM " + spatialIndexName(layer) + " WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?)",
                 {box.maxEasting, box.minEasting, box.maxNorthing, box.minNorthing});
}

ProjectedBox boxAround(EastingNorthing point, double radius) {
  return {point.easting - radius, point.northing - radius, point.easting + radius, point.northing + radius};
}

std::vector<SqlValue> pointParameters(EastingNorthing point, int srid) {
  return {point.easting, point.northing, static_cast<std::int64_t>(srid)};
}

// Bounding box of one feature of `layer` by id; Error(UnknownId) when there is none.
ProjectedBox featureBox(const Store& store, Layer layer, const std::string& id) {
  auto statement = store.database().prepare("SELECT MbrMinX(geom), MbrMinY(geom), MbrMaxX(geom), MbrMaxY(geom) FROM " +
                                            tableName(layer) + " WHERE id = ?");
  statement.bind(1, id);
  if (!statement.step() || statement.isNull(0))
    throw Error(ErrorCode::UnknownId,
                Message{"没有编号为 '" + id + "' 的" + layerLabel(layerName(layer), Language::Chinese), "no " + std::string(layerName(layer)) + " with id '" + id + "'"},
                {.layer = std::string(layerName(layer)), .feature = id});
  return {statement.columnDouble(0), statement.columnDouble(1), statement.columnDouble(2), statement.columnDouble(3)};
}

void requireLayer(const FeatureQuery& query, std::initializer_list<Layer> layers, const char* option) {
  if (std::find(layers.begin(), layers.end(), query.layer) == layers.end())
    throw Error(ErrorCode::Usage, Message{std::string(option) + " 不适用于" + layerLabel(layerName(query.layer), Language::Chinese) + "（" +
                                              std::string(layerName(query.layer)) + "）",
                                          std::string(option) + " does not apply to " + std::string(layerName(query.layer))});
}

std::vector<SqlValue> textValues(const std::vector<std::string>& values) {
  return {values.begin(), values.end()};
}

std::string placeholders(std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) text += i ? ", ?" : "?";
  return text;
}

// `--use` prefixes as an equality test on the codes present in the layer. A prefix is a range on the
// code, and after a range SQLite cannot use the next column of parcels_status_use_area: a status +
// land-use + area filter read every index entry of the status and land-use range (205,542 at 10^6
// parcels) to find none. With `land_use IN (codes)` the area bounds become a search key as well.
// The codes come from the land_use index by skip-scan (one O(log n) probe per distinct code), so the
// condition is exact for whatever codes the data holds; a prefix with very many codes keeps the range.
void addLandUseCondition(Conditions& conditions, const Store& store, const std::vector<std::string>& prefixes) {
  constexpr std::size_t kMostCodesAsEquality = 64;
  auto first = store.database().prepare("SELECT min(land_use) FROM parcels WHERE land_use >= ? AND land_use < ?");
  auto after = store.database().prepare("SELECT min(land_use) FROM parcels WHERE land_use > ? AND land_use < ?");
  std::vector<SqlValue> codes;
  std::string ranges;
  std::vector<SqlValue> rangeValues;
  for (const std::string& prefix : prefixes) {
    // 0xFF never occurs in UTF-8: every code starting with `prefix` sorts below prefix + 0xFF.
    const std::string end = prefix + "\xff";
    ranges += (ranges.empty() ? "" : " OR ") + std::string("(land_use >= ? AND land_use < ?)");
    rangeValues.emplace_back(prefix);
    rangeValues.emplace_back(end);
    SqliteStatement* probe = &first;
    std::string from = prefix;
    while (codes.size() <= kMostCodesAsEquality) {
      probe->reset();
      probe->bind(1, from).bind(2, end);
      if (!probe->step() || probe->isNull(0)) break;
      from = probe->columnText(0);
      codes.emplace_back(from);
      probe = &after;
    }
  }
  if (codes.size() > kMostCodesAsEquality) conditions.add("(" + ranges + ")", std::move(rangeValues));
  else if (codes.empty()) conditions.add("0");  // no parcel has any of these codes
  else {
    std::string in = "land_use IN (" + placeholders(codes.size()) + ")";  // before `codes` is moved from
    conditions.add(std::move(in), std::move(codes));
  }
}

// Where `--within` is tested: inline (in the WHERE clause, for the nearest-K search), or by the caller
// on the selected distance_m column, so ST_Distance runs once per candidate instead of twice.
enum class WithinTest { Inline, ByCaller };

Conditions attributeAndSpatialConditions(const Store& store, const FeatureQuery& query, WithinTest withinTest) {
  const Layer layer = query.layer;
  const int srid = store.databaseSrid();
  const LayerSpec& spec = layerSpec(layer);
  Conditions conditions;

  if (!query.statuses.empty()) {
    requireLayer(query, {Layer::Parcels}, "--status");
    conditions.add("status IN (" + placeholders(query.statuses.size()) + ")", textValues(query.statuses));
  }
  if (!query.landUsePrefixes.empty()) {
    requireLayer(query, {Layer::Parcels}, "--use");
    addLandUseCondition(conditions, store, query.landUsePrefixes);
  }
  if (!query.types.empty()) {
    requireLayer(query, {Layer::Buildings, Layer::Facilities, Layer::Constraints}, "--type");
    conditions.add("type IN (" + placeholders(query.types.size()) + ")", textValues(query.types));
  }
  if (!query.effects.empty()) {
    requireLayer(query, {Layer::Constraints}, "--effect");
    conditions.add("effect IN (" + placeholders(query.effects.size()) + ")", textValues(query.effects));
  }
  if (query.minAreaSquareMetres || query.maxAreaSquareMetres) {
    if (spec.geometry != GeometryKind::Polygonal)
      throw Error(ErrorCode::Usage, Message{"--min-area/--max-area 只适用于面图层，不适用于 " + std::string(layerName(layer)),
                                            "--min-area/--max-area apply to polygon layers, not " + std::string(layerName(layer))});
    if (query.minAreaSquareMetres) conditions.add("area_m2 >= ?", {*query.minAreaSquareMetres});
    if (query.maxAreaSquareMetres) conditions.add("area_m2 <= ?", {*query.maxAreaSquareMetres});
  }
  for (const NumericBound& bound : query.bounds) {
    const FieldSpec* field = spec.field(bound.field);
    if (!field || (field->type != FieldType::Real && field->type != FieldType::Integer))
      throw Error(ErrorCode::Internal, Message{"'" + bound.field + "' 不是 " + std::string(layerName(layer)) + " 的数值字段",
                                               "'" + bound.field + "' is not a numeric field of " + std::string(layerName(layer))});
    const std::string column(field->name);  // from the layer spec: safe as SQL text
    if (bound.min) conditions.add(column + " >= ?", {*bound.min});
    if (bound.max) conditions.add(column + " <= ?", {*bound.max});
  }
  if (query.subdistrict) {
    if (!spec.derivesSubdistrict)
      throw Error(ErrorCode::Usage, Message{"--subdistrict 不适用于 " + std::string(layerName(layer)), "--subdistrict does not apply to " + std::string(layerName(layer))});
    conditions.add("subdistrict = ?", {*query.subdistrict});
  }
  if (query.parkId) {
    if (layer == Layer::Buildings) {
      conditions.add("park_id = ?", {*query.parkId});
    } else {
      requireLayer(query, {Layer::Parcels}, "--park");
      addIndexBox(conditions, layer, featureBox(store, Layer::Parks, *query.parkId));
      // "Inside a park": at least half of the parcel lies within the park polygon, so parcels that
      // merely touch or straddle its edge with a sliver are not counted.
      conditions.add("ST_Area(ST_Intersection(geom, (SELECT geom FROM parks WHERE id = ?))) >= 0.5 * ST_Area(geom)", {*query.parkId});
    }
  }
  if (query.at && !query.nearest) {
    addIndexBox(conditions, layer, boxAround(*query.at, 0.0));
    conditions.add("ST_Intersects(geom, MakePoint(?, ?, ?))", pointParameters(*query.at, srid));
  }
  if (query.withinMetres) {
    if (!query.near) throw Error(ErrorCode::Usage, Message{"--within 需要同时给出 --near X,Y", "--within needs --near X,Y"});
    addIndexBox(conditions, layer, boxAround(*query.near, *query.withinMetres));
    if (withinTest == WithinTest::Inline) {
      auto values = pointParameters(*query.near, srid);
      values.emplace_back(*query.withinMetres);
      conditions.add("ST_Distance(geom, MakePoint(?, ?, ?)) <= ?", std::move(values));
    }
  }
  if (query.bbox) {
    if (query.bbox->isEmpty()) throw Error(ErrorCode::Usage, Message{"--bbox：应为 X1,Y1,X2,Y2，且 X1 <= X2、Y1 <= Y2", "--bbox: X1,Y1,X2,Y2 with X1 <= X2 and Y1 <= Y2"});
    addIndexBox(conditions, layer, *query.bbox);
    conditions.add("ST_Intersects(geom, BuildMbr(?, ?, ?, ?, ?))",
                   {query.bbox->minEasting, query.bbox->minNorthing, query.bbox->maxEasting, query.bbox->maxNorthing,
                    static_cast<std::int64_t>(srid)});
  }
  if (query.intersectingParcelId) {
    addIndexBox(conditions, layer, featureBox(store, Layer::Parcels, *query.intersectingParcelId));
    // Interiors overlap: touching along an edge does not count as "applies to the parcel".
    conditions.add("ST_Intersects(geom, (SELECT geom FROM parcels WHERE id = ?)) AND NOT ST_Touches(geom, (SELECT geom FROM parcels WHERE id = ?))",
                   {*query.intersectingParcelId, *query.intersectingParcelId});
  }
  if (!query.where.empty()) {
    const std::string table = tableName(layer);
    auto isExtra = [&](std::string_view name) {
      auto statement = store.database().prepare("SELECT 1 FROM " + table + " WHERE json_extract(attrs, ?) IS NOT NULL LIMIT 1");
      statement.bind(1, "$.\"" + std::string(name) + "\"");
      return statement.step();
    };
    SqlFilter filter = compileWhereExpression(query.where, layer, isExtra);
    conditions.add(filter.sql, std::move(filter.parameters));
  }
  return conditions;
}

std::string orderBy(const FeatureQuery& query, bool hasDistance) {
  std::string sql;
  for (const SortKey& key : query.sort) {
    std::string column;
    if (key.field == "distance_m") {
      if (!hasDistance) throw Error(ErrorCode::Usage, Message{"--sort distance_m 需要 --near 或 --nearest", "--sort distance_m needs --near or --nearest"});
      column = "distance_m";
    } else {
      column = canonicalFieldColumn(query.layer, key.field);
      if (column.empty()) {
        std::string valid;
        for (const std::string& name : expressionFieldNames(query.layer)) valid += (valid.empty() ? "" : ", ") + name;
        if (hasDistance) valid += ", distance_m";
        throw Error(ErrorCode::Usage, Message{"--sort：没有字段 '" + key.field + "'；可用字段：" + valid, "--sort: unknown field '" + key.field + "'; valid fields: " + valid});
      }
    }
    sql += (sql.empty() ? "" : ", ") + column + (key.direction == SortDirection::Descending ? " DESC" : " ASC");
  }
  if (sql.empty() && hasDistance) sql = "distance_m";
  sql += (sql.empty() ? "" : ", ") + std::string("id");
  return " ORDER BY " + sql;
}

// Distance from a point to a box: zero inside, and never more than the distance to anything in it.
double distanceToBox(EastingNorthing point, double minX, double minY, double maxX, double maxY) {
  const double dx = std::max({minX - point.easting, 0.0, point.easting - maxX});
  const double dy = std::max({minY - point.northing, 0.0, point.northing - maxY});
  return std::hypot(dx, dy);
}

// Index-driven K-nearest search. Query the R*Tree with a box of half-size r around the origin: every
// feature at distance <= r has its bounding box in that box, so when the K-th nearest feature found
// there is within r, nothing outside the box can be nearer. Exact distances (SpatiaLite ST_Distance,
// about 3 µs each: the blob is turned into a GEOS geometry) are the cost, so the candidates are taken
// in order of the distance to their bounding box, a lower bound, and the exact distance is computed
// only until the next lower bound exceeds the K-th best exact distance: about K + a few of the box's
// candidates instead of all of them. Returns the K nearest (by distance, then id) with their distances.
struct NearFeature {
  std::int64_t fid;
  double distance;
};
std::vector<NearFeature> nearestFeatures(const Store& store, const FeatureQuery& query, const Conditions& base, EastingNorthing origin) {
  const std::int64_t k = *query.nearest;
  if (k <= 0) return {};
  const std::size_t wantedCount = static_cast<std::size_t>(k);
  const std::string table = tableName(query.layer);
  auto exactDistance = store.database().prepare("SELECT id, ST_Distance(geom, MakePoint(?, ?, ?)) FROM " + table + " WHERE fid = ?");

  struct Candidate {
    double lowerBound;
    std::int64_t fid;
  };
  struct Nearest {
    double distance;
    std::string id;
    std::int64_t fid;
    bool operator<(const Nearest& other) const { return distance != other.distance ? distance < other.distance : id < other.id; }
  };
  std::unordered_map<std::int64_t, Nearest> known;  // exact distances survive a wider second box
  std::optional<std::int64_t> layerCount;           // counted only when a box holds fewer than K

  // The first box: 50 m holds a few dozen parcels at 10^6 density; sparser layers grow it below by
  // their own density, so the start only decides how many cheap rounds a sparse layer needs.
  double radius = 50.0;
  constexpr double kLargestRadius = 4.0e7;  // beyond the Earth's circumference: the whole layer
  while (true) {
    const bool wholeLayer = radius >= kLargestRadius;
    const ProjectedBox box = boxAround(origin, radius);
    std::string sql;
    std::vector<SqlValue> parameters;
    if (base.clauses.empty()) {
      // No attribute filter: the R*Tree alone has each feature's box (float32, rounded outwards, so
      // still a lower bound); no table row is read for a candidate that is never measured.
      sql = "SELECT pkid, xmin, ymin, xmax, ymax FROM " + spatialIndexName(query.layer);
      if (!wholeLayer) {
        sql += " WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?";
        parameters = {box.maxEasting, box.minEasting, box.maxNorthing, box.minNorthing};
      }
    } else {
      // MbrMin/Max read the box stored in the blob's header: no geometry is parsed here.
      Conditions conditions = base;
      conditions.add("geom IS NOT NULL");
      if (!wholeLayer) addIndexBox(conditions, query.layer, box);
      sql = "SELECT fid, MbrMinX(geom), MbrMinY(geom), MbrMaxX(geom), MbrMaxY(geom) FROM " + table + conditions.sql();
      parameters = std::move(conditions.parameters);
    }
    auto statement = store.database().prepare(sql);
    int index = 0;
    bindAll(statement, parameters, index);
    std::vector<Candidate> candidates;
    while (statement.step())
      candidates.push_back({distanceToBox(origin, statement.columnDouble(1), statement.columnDouble(2), statement.columnDouble(3),
                                          statement.columnDouble(4)),
                            statement.columnInt(0)});
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate& a, const Candidate& b) { return a.lowerBound != b.lowerBound ? a.lowerBound < b.lowerBound : a.fid < b.fid; });

    std::vector<Nearest> best;  // sorted, at most K
    for (const Candidate& candidate : candidates) {
      // Strictly greater: a candidate at exactly the K-th distance may still win on its id.
      if (best.size() == wantedCount && candidate.lowerBound > best.back().distance) break;
      auto found = known.find(candidate.fid);
      if (found == known.end()) {
        exactDistance.reset();
        exactDistance.bind(1, origin.easting).bind(2, origin.northing).bind(3, store.databaseSrid()).bind(4, candidate.fid);
        if (!exactDistance.step() || exactDistance.isNull(1)) continue;
        found = known.emplace(candidate.fid, Nearest{exactDistance.columnDouble(1), exactDistance.columnText(0), candidate.fid}).first;
      }
      const Nearest& entry = found->second;
      if (best.size() == wantedCount && !(entry < best.back())) continue;
      best.insert(std::upper_bound(best.begin(), best.end(), entry), entry);
      if (best.size() > wantedCount) best.pop_back();
    }

    const bool settled = best.size() == wantedCount && best.back().distance <= radius;
    if (settled || wholeLayer) {
      std::vector<NearFeature> nearest;
      for (const Nearest& entry : best) nearest.push_back({entry.fid, entry.distance});
      return nearest;
    }
    if (best.size() == wantedCount) {
      // K found but the K-th lies beyond r: a box of half-size that distance holds everything nearer.
      radius = std::max(best.back().distance, radius * 1.0001);
    } else {
      // Fewer than K in the box: the whole layer may be in it already; otherwise grow by the density
      // seen so far (about 4K expected in the next box), at least doubling, at most 16 times.
      if (!layerCount) layerCount = store.featureCount(query.layer);
      if (static_cast<std::int64_t>(candidates.size()) >= *layerCount) {
        radius = kLargestRadius;
        continue;
      }
      const double seen = std::max<double>(static_cast<double>(candidates.size()), 1.0);
      radius *= std::clamp(std::sqrt(4.0 * static_cast<double>(k) / seen), 2.0, 16.0);
    }
  }
}

}  // namespace

QueryResult runQuery(const Store& store, const FeatureQuery& query) {
  if (query.nearest && !query.near && !query.at) throw Error(ErrorCode::Usage, Message{"--nearest K 需要一个起点：--near X,Y 或 --at X,Y", "--nearest K needs an origin: --near X,Y or --at X,Y"});
  if (query.nearest && *query.nearest < 0) throw Error(ErrorCode::Usage, Message{"--nearest K：K 不能小于 0", "--nearest K: K must be 0 or more"});
  if (query.limit && *query.limit < 0) throw Error(ErrorCode::Usage, Message{"--limit N：N 不能小于 0", "--limit N: N must be 0 or more"});
  const std::optional<EastingNorthing> origin = query.near ? query.near : (query.nearest ? query.at : std::nullopt);
  // The code lookup of --use, the nearest-K probes and the final query see one state of the file.
  const SqliteReadSnapshot snapshot(store.database());

  const bool withinByDistanceColumn = query.withinMetres.has_value() && !query.nearest;
  Conditions conditions =
      attributeAndSpatialConditions(store, query, withinByDistanceColumn ? WithinTest::ByCaller : WithinTest::Inline);
  std::string columns = featureSelectColumns(query.layer);
  // Without geometry output, skip serialising every hit's WKB (the column stays, as NULL).
  if (!query.withGeometry) columns.replace(columns.rfind("AsBinary(geom)"), std::string_view("AsBinary(geom)").size(), "NULL");
  std::string sql;
  std::vector<SqlValue> selectParameters;
  const std::string table = tableName(query.layer);
  const std::string order = orderBy(query, origin.has_value());
  const std::string limit = query.limit ? " LIMIT " + std::to_string(*query.limit) : std::string();
  if (query.nearest) {
    // The K features and their exact distances are known: join them in as a table of values, so the
    // distance is not computed again and the user's --sort still applies to the K rows.
    const std::vector<NearFeature> nearest = nearestFeatures(store, query, conditions, *origin);
    if (nearest.empty()) return {};
    sql = "WITH nearest(nearest_fid, distance_m) AS (VALUES ";
    for (std::size_t i = 0; i < nearest.size(); ++i) {
      sql += i ? ", (?, ?)" : "(?, ?)";
      selectParameters.emplace_back(nearest[i].fid);
      selectParameters.emplace_back(nearest[i].distance);
    }
    sql += ") SELECT " + columns + ", distance_m FROM " + table + " JOIN nearest ON fid = nearest_fid" + order + limit;
    conditions = Conditions{};
  } else if (origin) {
    sql = "SELECT " + columns + ", ST_Distance(geom, MakePoint(?, ?, ?)) AS distance_m FROM " + table + conditions.sql();
    selectParameters = pointParameters(*origin, store.databaseSrid());
    // The inner query's LIMIT -1 keeps SQLite from flattening it, which would copy the ST_Distance
    // expression into the outer WHERE and compute it twice per candidate.
    if (withinByDistanceColumn) sql = "SELECT * FROM (" + sql + " LIMIT -1) WHERE distance_m <= ?";
    sql += order + limit;
  } else if (query.limit) {
    // A page of a plain attribute query: pick the page's fids first from the table's plain columns,
    // then compute the output columns (centroid, attrs, WKB) for those rows only. In one statement
    // SQLite would compute them for every match before sorting, and keep only the first `limit`.
    // The sort keys end with the unique id, so the inner query picks exactly the rows of the page.
    sql = "SELECT " + columns + " FROM " + table + " WHERE fid IN (SELECT fid FROM " + table + conditions.sql() + order + limit + ")" + order;
  } else {
    sql = "SELECT " + columns + " FROM " + table + conditions.sql() + order;
  }

  auto statement = store.database().prepare(sql);
  int index = 0;
  bindAll(statement, selectParameters, index);
  bindAll(statement, conditions.parameters, index);
  if (withinByDistanceColumn) statement.bind(++index, *query.withinMetres);

  QueryResult result;
  while (statement.step()) {
    QueryHit hit{featureFromRow(query.layer, statement, query.withGeometry), std::nullopt};
    if (origin) {
      const int column = statement.columnCount() - 1;
      if (!statement.isNull(column)) hit.distanceMetres = statement.columnDouble(column);
    }
    result.hits.push_back(std::move(hit));
  }
  return result;
}

EastingNorthing toDatabaseCrs(const Store& store, double x, double y, const std::string& crs) {
  const std::string source = normaliseCrsName(crs);
  if (source == store.databaseCrs()) return EastingNorthing::fromMetres(x, y);
  const CrsTransform transform(source, store.databaseCrs());
  transform.transform(x, y);
  return EastingNorthing::fromMetres(x, y);
}

}  // namespace landbank
