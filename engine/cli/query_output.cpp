#include "query_output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "landbank/expression.h"
#include "landbank/geojson.h"

namespace landbank::cli {

nlohmann::json hitJson(const QueryHit& hit, const ProjectedToLonLat& toLonLat) {
  nlohmann::json object = featureJson(hit.record, toLonLat);
  if (hit.distanceMetres) object["distance_m"] = std::round(*hit.distanceMetres * 100.0) / 100.0;
  return object;
}

std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

namespace {

std::string csvCell(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_float()) {
    // Ten significant digits: the stored value for people and spreadsheets, without binary noise.
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10g", value.get<double>());
    return buffer;
  }
  if (value.is_array() && std::all_of(value.begin(), value.end(), [](const auto& item) { return item.is_string(); })) {
    std::string text;
    for (const auto& item : value) text += (text.empty() ? "" : ";") + item.get<std::string>();
    return text;
  }
  return value.dump();
}

void writeCsv(std::ostream& out, Layer layer, const std::vector<nlohmann::json>& objects) {
  // Columns: the layer's fields in DESIGN.md order that any row has, distance_m, then any other key,
  // so every row lines up under one header and the order does not depend on the data.
  std::vector<std::string> columns;
  auto anyHas = [&](const std::string& key) { return std::any_of(objects.begin(), objects.end(), [&](const auto& o) { return o.contains(key); }); };
  for (const std::string& name : expressionFieldNames(layer))
    if (anyHas(name)) columns.push_back(name);
  if (anyHas("distance_m")) columns.push_back("distance_m");
  for (const auto& object : objects)
    for (const auto& [key, value] : object.items())
      if (key != "centroid" && std::find(columns.begin(), columns.end(), key) == columns.end()) columns.push_back(key);
  if (columns.empty()) columns = {"id"};
  const bool hasAttrs = std::erase(columns, std::string("attrs")) > 0;
  std::vector<std::string> header = columns;
  header.insert(header.end(), {"centroid_lon", "centroid_lat"});
  if (hasAttrs) header.push_back("attrs");
  for (std::size_t i = 0; i < header.size(); ++i) out << (i ? "," : "") << csvField(header[i]);
  out << "\r\n";
  for (const auto& object : objects) {
    std::string line;
    for (const std::string& column : columns) line += csvField(csvCell(object.value(column, nlohmann::json(nullptr)))) + ",";
    const nlohmann::json centroid = object.value("centroid", nlohmann::json(nullptr));
    line += centroid.is_array() ? centroid[0].dump() + "," + centroid[1].dump() : std::string(",");
    if (hasAttrs) line += "," + csvField(object.contains("attrs") ? object["attrs"].dump() : "");
    out << line << "\r\n";
  }
}

}  // namespace

void writeHits(std::ostream& out, Layer layer, const std::vector<QueryHit>& hits, OutputFormat format,
               const ProjectedToLonLat& toLonLat, ByteOrderMark bom) {
  if (bom == ByteOrderMark::Write) out << "\xEF\xBB\xBF";
  switch (format) {
    case OutputFormat::Table: {
      std::vector<std::string> columns = defaultTableColumns(layer);
      const bool withDistance = !hits.empty() && hits.front().distanceMetres;
      if (withDistance) columns.push_back("distance_m");
      std::vector<std::vector<std::string>> rows;
      for (const QueryHit& hit : hits) {
        std::vector<std::string> row;
        for (const std::string& column : columns) {
          if (column == "id") row.push_back(hit.record.id);
          else if (column == "distance_m") row.push_back(hit.distanceMetres ? formatNumber(*hit.distanceMetres, 0) : "");
          else row.push_back(cellText(hit.record.properties.value(column, nlohmann::json(nullptr)), column == "area_m2" ? 0 : 1));
        }
        rows.push_back(std::move(row));
      }
      // Text fields (codes, names) stay left-aligned even when every value happens to be digits.
      std::vector<std::string> textColumns;
      for (const std::string& column : columns) {
        const FieldSpec* field = layerSpec(layer).field(column);
        if (field && field->type != FieldType::Real && field->type != FieldType::Integer) textColumns.push_back(column);
      }
      printTable(out, columns, rows, textColumns);
      out << hits.size() << " " << layerName(layer) << "\n";
      return;
    }
    case OutputFormat::Json: {
      nlohmann::json array = nlohmann::json::array();
      for (const QueryHit& hit : hits) array.push_back(hitJson(hit, toLonLat));
      out << array.dump(2) << "\n";
      return;
    }
    case OutputFormat::Csv: {
      std::vector<nlohmann::json> objects;
      for (const QueryHit& hit : hits) objects.push_back(hitJson(hit, toLonLat));
      writeCsv(out, layer, objects);
      return;
    }
    case OutputFormat::GeoJson: {
      nlohmann::json features = nlohmann::json::array();
      for (const QueryHit& hit : hits)
        features.push_back({{"type", "Feature"},
                            {"id", hit.record.id},
                            {"geometry", geoJsonGeometryLonLat(hit.record.wkb, toLonLat)},
                            {"properties", hitJson(hit, toLonLat)}});
      out << nlohmann::json{{"type", "FeatureCollection"}, {"features", features}}.dump() << "\n";
      return;
    }
  }
}

void printFeatureReport(std::ostream& out, const FeatureReport& report) {
  const nlohmann::json json = featureReportJson(report);
  out << layerName(report.layer) << " " << report.record.id << "\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& [key, value] : json["properties"].items()) rows.push_back({key, cellText(value, 2)});
  for (const auto& [key, value] : json["attrs"].items()) rows.push_back({"attrs." + key, cellText(value, 2)});
  if (json.contains("area"))
    rows.push_back({"area", formatNumber(json["area"]["m2"].get<double>(), 0) + " m² = " + formatNumber(json["area"]["mu"].get<double>(), 2) +
                                " 亩 = " + formatNumber(json["area"]["ha"].get<double>(), 4) + " ha"});
  if (json.contains("centroid"))
    rows.push_back({"centroid (WGS84)", formatNumber(json["centroid"][0].get<double>(), 6) + ", " + formatNumber(json["centroid"][1].get<double>(), 6)});
  if (json.contains("centroid_db"))
    rows.push_back({"centroid (" + json["centroid_db"]["crs"].get<std::string>() + ")",
                    formatNumber(json["centroid_db"]["x"].get<double>(), 2) + ", " + formatNumber(json["centroid_db"]["y"].get<double>(), 2)});
  rows.push_back({"park", report.parkId ? *report.parkId + " " + report.parkName.value_or("") : "-"});
  std::string neighbours;
  for (const std::string& id : report.neighbourIds) neighbours += (neighbours.empty() ? "" : ", ") + id;
  rows.push_back({"neighbours", neighbours.empty() ? "-" : neighbours});
  if (report.provenance)
    rows.push_back({"source", report.provenance->source + ", imported " + report.provenance->importedAt +
                                  (report.provenance->asOf.empty() ? "" : ", as of " + report.provenance->asOf)});
  printTable(out, {"field", "value"}, rows);

  out << "\nconstraints\n";
  rows.clear();
  for (const ConstraintOverlap& c : report.constraints)
    rows.push_back({c.id, c.type, c.effect, c.name, formatNumber(c.overlapSquareMetres, 0), formatNumber(c.shareOfFeature * 100, 1) + "%"});
  printTable(out, {"id", "type", "effect", "name", "overlap_m2", "share"}, rows);

  out << "\nnearest facilities\n";
  rows.clear();
  for (const NearestFacility& f : report.nearestFacilities) rows.push_back({f.type, f.id, f.name, formatNumber(f.distanceMetres, 0)});
  printTable(out, {"type", "id", "name", "distance_m"}, rows);
}

}  // namespace landbank::cli
