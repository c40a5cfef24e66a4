#include "landbank/features.h"

#include <bit>
#include <cstdint>
#include <optional>

#include "detail/geos.h"
#include "detail/sqlite.h"
#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/store.h"
#include "schema.h"

namespace landbank {

namespace {

bool hasSubdistrictColumn(const LayerSpec& spec) { return spec.derivesSubdistrict; }

}  // namespace

std::string featureSelectColumns(Layer layer) {
  const LayerSpec& spec = layerSpec(layer);
  std::string columns = "fid, id";
  for (const FieldSpec& field : spec.fields)
    if (field.name != "id") columns += ", " + std::string(field.name);
  if (hasSubdistrictColumn(spec) && !spec.field("subdistrict")) columns += ", subdistrict";
  if (spec.geometry == GeometryKind::Polygonal) columns += ", area_m2, area_mu";
  // The centroid as one WKB point: X(Centroid(geom)), Y(Centroid(geom)) would compute it twice
  // (2.3 against 1.3 µs per row, measured on 10^5 parcels). AsBinary gives ISO WKB.
  columns += ", attrs, AsBinary(Centroid(geom)), AsBinary(geom)";
  return columns;
}

namespace {

// A 2D WKB point (21 bytes: byte order, type 1, x, y) in either byte order; nullopt for anything else
// (SpatiaLite returns NULL, not an empty point, for an empty geometry's centroid).
std::optional<EastingNorthing> pointFromWkb(const unsigned char* wkb, int size) {
  if (size != 21 || wkb[0] > 1) return std::nullopt;
  const bool littleEndian = wkb[0] == 1;
  const bool nativeOrder = littleEndian == (std::endian::native == std::endian::little);
  auto read = [&](std::size_t offset, std::size_t bytes, unsigned char* out) {
    for (std::size_t i = 0; i < bytes; ++i) out[i] = wkb[offset + (nativeOrder ? i : bytes - 1 - i)];
  };
  std::uint32_t type = 0;
  read(1, 4, reinterpret_cast<unsigned char*>(&type));
  if (type != 1) return std::nullopt;
  double x = 0, y = 0;
  read(5, 8, reinterpret_cast<unsigned char*>(&x));
  read(13, 8, reinterpret_cast<unsigned char*>(&y));
  return EastingNorthing::fromMetres(x, y);
}

}  // namespace

FeatureRecord featureFromRow(Layer layer, const SqliteStatement& row, bool withGeometry) {
  const LayerSpec& spec = layerSpec(layer);
  FeatureRecord record;
  record.fid = row.columnInt(0);
  record.id = row.columnText(1);
  int column = 1;
  for (const FieldSpec& field : spec.fields) {
    const std::string name(field.name);
    const int c = field.name == "id" ? 1 : ++column;
    if (row.isNull(c)) continue;
    switch (field.type) {
      case FieldType::Real: record.properties[name] = row.columnDouble(c); break;
      case FieldType::Integer: record.properties[name] = row.columnInt(c); break;
      case FieldType::Boolean: record.properties[name] = row.columnInt(c) != 0; break;
      case FieldType::TextList: record.properties[name] = nlohmann::json::parse(row.columnText(c), nullptr, false); break;
      default: record.properties[name] = row.columnText(c);
    }
  }
  if (hasSubdistrictColumn(spec) && !spec.field("subdistrict")) {
    ++column;
    if (!row.isNull(column)) record.properties["subdistrict"] = row.columnText(column);
  }
  if (spec.geometry == GeometryKind::Polygonal) {
    record.properties["area_m2"] = row.columnDouble(++column);
    record.properties["area_mu"] = row.columnDouble(++column);
  }
  record.extra = nlohmann::json::parse(row.columnText(++column), nullptr, false);
  if (!record.extra.is_object()) record.extra = nlohmann::json::object();
  const int centroid = ++column, wkb = ++column;
  if (!row.isNull(centroid)) {
    int size = 0;
    const unsigned char* point = row.columnBlobData(centroid, size);
    record.centroid = pointFromWkb(point, size);
  }
  if (withGeometry && !row.isNull(wkb)) record.wkb = row.columnBlob(wkb);
  return record;
}

std::vector<FeatureRecord> readFeatures(const Store& store, Layer layer, const ReadOptions& options) {
  std::string sql = "SELECT " + featureSelectColumns(layer) + " FROM " + tableName(layer);
  if (!options.ids.empty()) {
    sql += " WHERE id IN (";
    for (std::size_t i = 0; i < options.ids.size(); ++i) sql += i ? ", ?" : "?";
    sql += ")";
  }
  sql += " ORDER BY id";
  if (options.limit) sql += " LIMIT " + std::to_string(*options.limit);
  auto statement = store.database().prepare(sql);
  for (std::size_t i = 0; i < options.ids.size(); ++i) statement.bind(static_cast<int>(i + 1), options.ids[i]);
  std::vector<FeatureRecord> records;
  while (statement.step()) records.push_back(featureFromRow(layer, statement, options.withGeometry));
  return records;
}

FeatureRecord readFeature(const Store& store, Layer layer, const std::string& id) {
  auto records = readFeatures(store, layer, ReadOptions{.limit = std::nullopt, .ids = {id}, .withGeometry = true});
  if (records.empty())
    throw Error(ErrorCode::UnknownId,
                Message{"没有编号为 '" + id + "' 的" + layerLabel(layerName(layer), Language::Chinese), "no " + std::string(layerName(layer)) + " with id '" + id + "'"},
                {.layer = std::string(layerName(layer)), .feature = id});
  return std::move(records.front());
}

}  // namespace landbank
