#include "landbank/query.h"

#include <algorithm>
#include <cmath>

#include "detail/sqlite.h"
#include "landbank/crs.h"
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
    throw Error(ErrorCode::UnknownId, "no " + std::string(layerName(layer)) + " with id '" + id + "'",
                {.layer = std::string(layerName(layer)), .feature = id});
  return {statement.columnDouble(0), statement.columnDouble(1), statement.columnDouble(2), statement.columnDouble(3)};
}

void requireLayer(const FeatureQuery& query, std::initializer_list<Layer> layers, const char* option) {
  if (std::find(layers.begin(), layers.end(), query.layer) == layers.end())
    throw Error(ErrorCode::Usage, std::string(option) + " does not apply to " + std::string(layerName(query.layer)));
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
      throw Error(ErrorCode::Usage, "--min-area/--max-area apply to polygon layers, not " + std::string(layerName(layer)));
    if (query.minAreaSquareMetres) conditions.add("area_m2 >= ?", {*query.minAreaSquareMetres});
    if (query.maxAreaSquareMetres) conditions.add("area_m2 <= ?", {*query.maxAreaSquareMetres});
  }
  for (const NumericBound& bound : query.bounds) {
    const FieldSpec* field = spec.field(bound.field);
    if (!field || (field->type != FieldType::Real && field->type != FieldType::Integer))
      throw Error(ErrorCode::Internal, "'" + bound.field + "' is not a numeric field of " + std::string(layerName(layer)));
    const std::string column(field->name);  // from the layer spec: safe as SQL text
    if (bound.min) conditions.add(column + " >= ?", {*bound.min});
    if (bound.max) conditions.add(column + " <= ?", {*bound.max});
  }
  if (query.subdistrict) {
    if (!spec.derivesSubdistrict) throw Error(ErrorCode::Usage, "--subdistrict does not apply to " + std::string(layerName(layer)));
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
    if (!query.near) throw Error(ErrorCode::Usage, "--within needs --near X,Y");
    addIndexBox(conditions, layer, boxAround(*query.near, *query.withinMetres));
    if (withinTest == WithinTest::Inline) {
      auto values = pointParameters(*query.near, srid);
      values.emplace_back(*query.withinMetres);
      conditions.add("ST_Distance(geom, MakePoint(?, ?, ?)) <= ?", std::move(values));
    }
  }
  if (query.bbox) {
    if (query.bbox->isEmpty()) throw Error(ErrorCode::Usage, "--bbox: X1,Y1,X2,Y2 with X1 <= X2 and Y1 <= Y2");
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
      if (!hasDistance) throw Error(ErrorCode::Usage, "--sort distance_m needs --near or --nearest");
      column = "distance_m";
    } else {
      column = canonicalFieldColumn(query.layer, key.field);
      if (column.empty()) {
        std::string valid;
        for (const std::string& name : expressionFieldNames(query.layer)) valid += (valid.empty() ? "" : ", ") + name;
        throw Error(ErrorCode::Usage, "--sort: unknown field '" + key.field + "'; valid fields: " + valid + (hasDistance ? ", distance_m" : ""));
      }
    }
    sql += (sql.empty() ? "" : ", ") + column + (key.direction == SortDirection::Descending ? " DESC" : " ASC");
  }
  if (sql.empty() && hasDistance) sql = "distance_m";
  sql += (sql.empty() ? "" : ", ") + std::string("id");
  return " ORDER BY " + sql;
}

// Index-driven K-nearest search: query the R*Tree with a box of growing radius r. Every feature at
// distance <= r has its box inside the search box, so once K features within r are found, no feature
// outside the box can be nearer. Returns the fids of the K nearest (by distance, then id).
std::vector<std::int64_t> nearestFids(const Store& store, const FeatureQuery& query, const Conditions& base, EastingNorthing origin) {
  const std::int64_t k = *query.nearest;
  if (k <= 0) return {};
  const std::string table = tableName(query.layer);
  // The layer's size is needed only when a box holds fewer than K: count(*) reads a whole index,
  // milliseconds at 10^6 features, so it is not paid on the usual first-probe hit.
  std::optional<std::int64_t> layerCount;
  auto allInBox = [&](std::int64_t inBox) {
    if (!layerCount) layerCount = store.featureCount(query.layer);
    return inBox >= *layerCount;
  };
  // Starting radius: about the size of K average features around the origin, from the layer's density
  // over a district-sized area; doubling from there costs a few cheap index probes at most.
  double radius = 200.0;
  constexpr double kLargestRadius = 4.0e7;  // beyond the Earth's circumference: the whole layer
  {
    // Dense layers (10^6 parcels: thousands per km²) would put hundreds of candidates in that first
    // box, each costing an exact distance. Count the boxes in it (R*Tree only) and shrink the radius
    // so about 4K are expected; the doubling below keeps the answer exact from any start.
    const ProjectedBox box = boxAround(origin, radius);
    auto count = store.database().prepare("SELECT count(*) FROM " + spatialIndexName(query.layer) +
                                          " WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?");
    count.bind(1, box.maxEasting).bind(2, box.minEasting).bind(3, box.maxNorthing).bind(4, box.minNorthing);
    const double inBox = count.step() ? static_cast<double>(count.columnInt(0)) : 0.0;
    const double wanted = 4.0 * static_cast<double>(k);
    if (inBox > 2.0 * wanted) radius *= std::max(std::sqrt(wanted / inBox), 1.0 / 64.0);
  }
  while (true) {
    Conditions conditions = base;
    conditions.add("geom IS NOT NULL");
    const bool wholeLayer = radius >= kLargestRadius;
    if (!wholeLayer) addIndexBox(conditions, query.layer, boxAround(origin, radius));
    auto statement = store.database().prepare("SELECT fid, id, ST_Distance(geom, MakePoint(?, ?, ?)) AS d FROM " + table +
                                              conditions.sql());
    int index = 0;
    bindAll(statement, pointParameters(origin, store.databaseSrid()), index);
    bindAll(statement, conditions.parameters, index);
    struct Candidate {
      double distance;
      std::string id;
      std::int64_t fid;
    };
    std::vector<Candidate> candidates;
    std::int64_t candidatesInIndexBox = 0;
    while (statement.step()) {
      ++candidatesInIndexBox;
      const double distance = statement.columnDouble(2);
      if (wholeLayer || distance <= radius) candidates.push_back({distance, statement.columnText(1), statement.columnInt(0)});
    }
    const bool enough = static_cast<std::int64_t>(candidates.size()) >= k;
    const bool boxHoldsAll = !enough && !wholeLayer && allInBox(candidatesInIndexBox);
    if (enough || wholeLayer || boxHoldsAll) {
      if (boxHoldsAll) {
        // The box already held every feature: all of them are candidates, whatever their distance.
        radius = kLargestRadius;
        continue;
      }
      std::sort(candidates.begin(), candidates.end(),
                [](const Candidate& a, const Candidate& b) { return a.distance != b.distance ? a.distance < b.distance : a.id < b.id; });
      if (static_cast<std::int64_t>(candidates.size()) > k) candidates.resize(static_cast<std::size_t>(k));
      std::vector<std::int64_t> fids;
      for (const Candidate& candidate : candidates) fids.push_back(candidate.fid);
      return fids;
    }
    radius *= 2.0;
  }
}

}  // namespace

QueryResult runQuery(const Store& store, const FeatureQuery& query) {
  if (query.nearest && !query.near && !query.at) throw Error(ErrorCode::Usage, "--nearest K needs an origin: --near X,Y or --at X,Y");
  if (query.nearest && *query.nearest < 0) throw Error(ErrorCode::Usage, "--nearest K: K must be 0 or more");
  if (query.limit && *query.limit < 0) throw Error(ErrorCode::Usage, "--limit N: N must be 0 or more");
  const std::optional<EastingNorthing> origin = query.near ? query.near : (query.nearest ? query.at : std::nullopt);
  // The code lookup of --use, the nearest-K probes and the final query see one state of the file.
  const SqliteReadSnapshot snapshot(store.database());

  const bool withinByDistanceColumn = query.withinMetres.has_value() && !query.nearest;
  Conditions conditions =
      attributeAndSpatialConditions(store, query, withinByDistanceColumn ? WithinTest::ByCaller : WithinTest::Inline);
  if (query.nearest) {
    const std::vector<std::int64_t> fids = nearestFids(store, query, conditions, *origin);
    conditions = Conditions{};
    conditions.add("fid IN (" + placeholders(fids.size()) + ")", std::vector<SqlValue>(fids.begin(), fids.end()));
  }

  std::string columns = featureSelectColumns(query.layer);
  // Without geometry output, skip serialising every hit's WKB (the column stays, as NULL).
  if (!query.withGeometry) columns.replace(columns.rfind("AsBinary(geom)"), std::string_view("AsBinary(geom)").size(), "NULL");
  std::string sql = "SELECT " + columns;
  std::vector<SqlValue> selectParameters;
  if (origin) {
    sql += ", ST_Distance(geom, MakePoint(?, ?, ?)) AS distance_m";
    selectParameters = pointParameters(*origin, store.databaseSrid());
  }
  const std::string order = orderBy(query, origin.has_value());
  if (query.limit && !origin) {
    // A page of a plain attribute query: pick the page's fids first from the table's plain columns,
    // then compute the output columns (centroid, attrs, WKB) for those rows only. In one statement
    // SQLite would compute them for every match before sorting, and keep only the first `limit`.
    // The sort keys end with the unique id, so the inner query picks exactly the rows of the page.
    sql += " FROM " + tableName(query.layer) + " WHERE fid IN (SELECT fid FROM " + tableName(query.layer) + conditions.sql() +
           order + " LIMIT " + std::to_string(*query.limit) + ")" + order;
  } else {
    sql += " FROM " + tableName(query.layer) + conditions.sql();
    // The inner query's LIMIT -1 keeps SQLite from flattening it, which would copy the ST_Distance
    // expression into the outer WHERE and compute it twice per candidate.
    if (withinByDistanceColumn) sql = "SELECT * FROM (" + sql + " LIMIT -1) WHERE distance_m <= ?";
    sql += order;
    if (query.limit) sql += " LIMIT " + std::to_string(*query.limit);
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
