#include "query_output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <map>

#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/expression.h"
#include "landbank/geojson.h"
#include "landbank/landuse.h"
#include "landbank/texts.h"
#include "landbank/units.h"

namespace landbank::cli {

nlohmann::json hitJson(const QueryHit& hit, const ProjectedToLonLat& toLonLat) {
  nlohmann::json object = featureJson(hit.record, toLonLat);
  if (hit.distanceMetres) object["distance_m"] = std::round(*hit.distanceMetres * 100.0) / 100.0;
  return object;
}

namespace {

// Cells written from JSON numbers and booleans are numbers, never formulas ("-3.5" stays -3.5);
// every text cell, also one that happens to look like a number, goes through csvSafeText.
std::string csvCell(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return csvSafeText(value.get<std::string>());
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_float()) {
    // Ten significant digits: the stored value for people and spreadsheets, without binary noise.
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10g", value.get<double>());
    return buffer;
  }
  if (value.is_number()) return value.dump();
  if (value.is_array() && std::all_of(value.begin(), value.end(), [](const auto& item) { return item.is_string(); })) {
    std::string text;
    for (const auto& item : value) text += (text.empty() ? "" : ";") + item.get<std::string>();
    return csvSafeText(text);
  }
  return csvSafeText(value.dump());
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
    if (hasAttrs) line += "," + csvField(object.contains("attrs") ? csvSafeText(object["attrs"].dump()) : "");
    out << line << "\r\n";
  }
}

}  // namespace

namespace {

std::string layerNoun(Layer layer, Language language) {
  if (language == Language::English) return std::string(layerName(layer));
  switch (layer) {
    case Layer::Parcels: return "地块";
    case Layer::Parks: return "园区";
    case Layer::Buildings: return "载体";
    case Layer::Constraints: return "管控区";
    case Layer::Facilities: return "设施";
    case Layer::Boundaries: return "行政区划";
    case Layer::Projects: return "项目";
    case Layer::Roads: return "道路";
    case Layer::Water: return "水系要素";
    case Layer::Places: return "地名";
  }
  return "";
}

double numberOf(const nlohmann::json& properties, const char* key) {
  const auto it = properties.find(key);
  return it != properties.end() && it->is_number() ? it->get<double>() : 0.0;
}

// Boundaries nest (a district holds its subdistricts): a sum of their areas would count land twice.
bool sumsArea(Layer layer) { return layerSpec(layer).geometry == GeometryKind::Polygonal && layer != Layer::Boundaries; }

// One value for people: code fields by their label, land use as code and class name, booleans 是/否.
std::string displayCell(Layer layer, const std::string& column, const nlohmann::json& value, Language language, int decimals = -1) {
  if (value.is_null()) return "";
  if (column == "land_use" && value.is_string()) {
    const std::string code = value.get<std::string>();
    return language == Language::Chinese ? code + " " + landUseLabel(LandUseTable::bundled(), code, language) : code;
  }
  if (const auto list = codeListOfField(layerName(layer), column)) {
    if (value.is_string() && value.get<std::string>().find(',') != std::string::npos) {
      // A comma list in one text value (a source file's "rail_transit,machinery"): each code by its label.
      std::string text;
      std::stringstream items(value.get<std::string>());
      for (std::string item; std::getline(items, item, ',');)
        text += (text.empty() ? "" : (language == Language::Chinese ? "、" : ",")) + codeLabel(*list, item, language);
      return text;
    }
    if (value.is_string()) return codeLabel(*list, value.get<std::string>(), language);
    if (value.is_array()) {
      std::string text;
      for (const auto& item : value)
        if (item.is_string()) text += (text.empty() ? "" : (language == Language::Chinese ? "、" : ",")) + codeLabel(*list, item.get<std::string>(), language);
      return text;
    }
  }
  if (decimals < 0) decimals = column == "area_m2" || column == "vacant_floor_m2" ? 0 : 1;
  return cellText(value, decimals, language);
}

// --labels: "<field>_label" beside each code field (JSON keys and codes themselves unchanged).
void addLabels(nlohmann::json& object, Layer layer, Language language) {
  const nlohmann::json copy = object;
  for (const auto& [key, value] : copy.items()) {
    if (value.is_null()) continue;
    if (key == "land_use" && value.is_string()) object["land_use_label"] = landUseLabel(LandUseTable::bundled(), value.get<std::string>(), language);
    else if (codeListOfField(layerName(layer), key)) object[key + "_label"] = displayCell(layer, key, value, language);
  }
}

std::string groupKey(Layer layer, const std::string& field, const nlohmann::json& properties) {
  if (field == "land_use_class") {
    const std::string use = properties.value("land_use", "");
    return use.substr(0, std::min<std::size_t>(use.size(), 4));
  }
  const std::string key = layer == Layer::Buildings && field == "park" ? "park_id" : field;
  const auto it = properties.find(key);
  if (it == properties.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  return cellText(*it, 1);
}

std::string groupLabel(Layer layer, const std::string& field, const std::string& key, Language language) {
  if (key.empty()) return pick(language, "（未填）", "(none)");
  if (field == "land_use_class" || field == "land_use")
    return language == Language::Chinese ? key + " " + landUseLabel(LandUseTable::bundled(), key, language) : key;
  if (const auto list = codeListOfField(layerName(layer), field)) return codeLabel(*list, key, language);
  return key;
}

struct GroupSums {
  std::size_t count = 0;
  double areaSquareMetres = 0;
  double vacantSquareMetres = 0;
};

void writeGroups(std::ostream& out, Layer layer, const std::vector<QueryHit>& hits, const ListingStyle& style) {
  std::map<std::string, GroupSums> groups;
  for (const QueryHit& hit : hits) {
    GroupSums& sums = groups[groupKey(layer, style.groupBy, hit.record.properties)];
    ++sums.count;
    sums.areaSquareMetres += numberOf(hit.record.properties, "area_m2");
    sums.vacantSquareMetres += numberOf(hit.record.properties, "vacant_floor_m2");
  }
  const bool area = sumsArea(layer), vacant = layer == Layer::Buildings;
  if (style.format == OutputFormat::Table) {
    std::vector<std::string> headers{fieldLabel(style.groupBy, style.language), fieldLabel("count", style.language)};
    if (area) headers.insert(headers.end(), {fieldLabel("area_m2", style.language), fieldLabel("area_mu", style.language)});
    if (vacant) headers.push_back(fieldLabel("vacant_floor_m2", style.language));
    std::vector<std::vector<std::string>> rows;
    for (const auto& [key, sums] : groups) {
      std::vector<std::string> row{groupLabel(layer, style.groupBy, key, style.language), std::to_string(sums.count)};
      if (area) row.insert(row.end(), {formatNumber(sums.areaSquareMetres, 0), formatNumber(squareMetresToMu(sums.areaSquareMetres), 1)});
      if (vacant) row.push_back(formatNumber(sums.vacantSquareMetres, 0));
      rows.push_back(std::move(row));
    }
    printTable(out, headers, rows, {headers.front()});
    out << listingTotals(layer, hits, style.language) << "\n";
    return;
  }
  nlohmann::json array = nlohmann::json::array();
  for (const auto& [key, sums] : groups) {
    nlohmann::json item{{style.groupBy, key.empty() ? nlohmann::json(nullptr) : nlohmann::json(key)},
                        {"label", groupLabel(layer, style.groupBy, key, style.language)},
                        {"count", sums.count}};
    if (area) item["area_m2"] = std::round(sums.areaSquareMetres * 100.0) / 100.0, item["area_mu"] = std::round(squareMetresToMu(sums.areaSquareMetres) * 1000.0) / 1000.0;
    if (vacant) item["vacant_floor_m2"] = std::round(sums.vacantSquareMetres * 100.0) / 100.0;
    array.push_back(item);
  }
  if (style.format == OutputFormat::Json) {
    out << array.dump(2) << "\n";
    return;
  }
  std::vector<std::string> columns{style.groupBy, "label", "count"};
  if (area) columns.insert(columns.end(), {"area_m2", "area_mu"});
  if (vacant) columns.push_back("vacant_floor_m2");
  for (std::size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << csvField(columns[i]);
  out << "\r\n";
  for (const nlohmann::json& item : array) {
    for (std::size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << csvField(csvCell(item.value(columns[i], nlohmann::json(nullptr))));
    out << "\r\n";
  }
}

}  // namespace

std::vector<std::string> groupByFields(Layer layer) {
  std::vector<std::string> fields;
  for (const FieldSpec& field : layerSpec(layer).fields)
    if ((field.type == FieldType::Text || field.type == FieldType::TextList || field.type == FieldType::Integer || field.type == FieldType::Boolean) &&
        field.name != "id" && field.name != "name" && field.name != "near")
      fields.emplace_back(field.name);
  if (layerSpec(layer).derivesSubdistrict && std::find(fields.begin(), fields.end(), "subdistrict") == fields.end()) fields.emplace_back("subdistrict");
  if (layer == Layer::Parcels) fields.emplace_back("land_use_class");
  if (layer == Layer::Buildings) fields.emplace_back("park");
  return fields;
}

std::string listingTotals(Layer layer, const std::vector<QueryHit>& hits, Language language) {
  const std::string noun = layerNoun(layer, language);
  if (layer == Layer::Buildings) {
    double vacant = 0;
    for (const QueryHit& hit : hits) vacant += numberOf(hit.record.properties, "vacant_floor_m2");
    return say(language, "{} 个{}，空置面积合计 {} m²", "{} {}, {} m² vacant floor in all", hits.size(), noun, formatNumber(vacant, 0));
  }
  if (sumsArea(layer)) {
    double area = 0;
    for (const QueryHit& hit : hits) area += numberOf(hit.record.properties, "area_m2");
    return say(language, "{} 个{}，合计 {} 亩（{} m²）", "{} {}, {} mu ({} m²) in all", hits.size(), noun,
               formatNumber(squareMetresToMu(area), 1), formatNumber(area, 0));
  }
  return say(language, "共 {} 个{}", "{} {}", hits.size(), noun);
}

void writeHits(std::ostream& out, Layer layer, const std::vector<QueryHit>& hits, const ListingStyle& style,
               const ProjectedToLonLat& toLonLat) {
  if (style.bom == ByteOrderMark::Write) out << "\xEF\xBB\xBF";
  if (!style.groupBy.empty()) {
    writeGroups(out, layer, hits, style);
    return;
  }
  auto objectOf = [&](const QueryHit& hit) {
    nlohmann::json object = hitJson(hit, toLonLat);
    if (style.labels) addLabels(object, layer, style.language);
    return object;
  };
  switch (style.format) {
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
          else row.push_back(displayCell(layer, column, hit.record.properties.value(column, nlohmann::json(nullptr)), style.language));
        }
        rows.push_back(std::move(row));
      }
      // Text fields (codes, names) stay left-aligned even when every value happens to be digits.
      std::vector<std::string> headers, textColumns;
      for (const std::string& column : columns) {
        headers.push_back(fieldLabel(column, style.language));
        const FieldSpec* field = layerSpec(layer).field(column);
        if (field && field->type != FieldType::Real && field->type != FieldType::Integer) textColumns.push_back(headers.back());
      }
      printTable(out, headers, rows, textColumns);
      out << listingTotals(layer, hits, style.language) << "\n";
      return;
    }
    case OutputFormat::Json: {
      nlohmann::json array = nlohmann::json::array();
      for (const QueryHit& hit : hits) array.push_back(objectOf(hit));
      out << array.dump(2) << "\n";
      return;
    }
    case OutputFormat::Csv: {
      std::vector<nlohmann::json> objects;
      for (const QueryHit& hit : hits) objects.push_back(objectOf(hit));
      writeCsv(out, layer, objects);
      return;
    }
    case OutputFormat::GeoJson: {
      nlohmann::json features = nlohmann::json::array();
      for (const QueryHit& hit : hits) {
        nlohmann::json properties = objectOf(hit);
        // The geometry says where the feature is: a centroid property would come back as an
        // unknown list field on re-import.
        properties.erase("centroid");
        features.push_back({{"type", "Feature"},
                            {"id", hit.record.id},
                            {"geometry", hit.record.wkb.empty() ? nlohmann::json(nullptr) : geoJsonGeometryLonLat(hit.record.wkb, toLonLat)},
                            {"properties", properties}});
      }
      out << nlohmann::json{{"type", "FeatureCollection"}, {"features", features}}.dump() << "\n";
      return;
    }
  }
}

void printFeatureReport(std::ostream& out, const FeatureReport& report, Language language) {
  const nlohmann::json json = featureReportJson(report);
  const Layer layer = report.layer;
  out << layerNoun(layer, language) << " " << report.record.id << "\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& [key, value] : json["properties"].items()) rows.push_back({fieldLabel(key, language), displayCell(layer, key, value, language, 2)});
  // Extra attributes keep their source names (attrs.NAME, as --where writes them) unless the name is
  // one Landbank knows, whose label and code labels then apply.
  for (const auto& [key, value] : json["attrs"].items()) {
    const bool known = fieldLabel(key, Language::Chinese) != key;
    rows.push_back({known ? fieldLabel(key, language) : "attrs." + key, known ? displayCell(layer, key, value, language, 2) : cellText(value, 2, language)});
  }
  if (json.contains("area"))
    rows.push_back({pick(language, "面积", "area"), formatNumber(json["area"]["m2"].get<double>(), 0) + " m² = " +
                                                        formatNumber(json["area"]["mu"].get<double>(), 2) + " 亩 = " +
                                                        formatNumber(json["area"]["ha"].get<double>(), 4) + " ha"});
  if (json.contains("centroid"))
    rows.push_back({pick(language, "中心点 (WGS84)", "centroid (WGS84)"),
                    formatNumber(json["centroid"][0].get<double>(), 6) + ", " + formatNumber(json["centroid"][1].get<double>(), 6)});
  if (json.contains("centroid_db"))
    rows.push_back({say(language, "中心点 ({})", "centroid ({})", json["centroid_db"]["crs"].get<std::string>()),
                    formatNumber(json["centroid_db"]["x"].get<double>(), 2) + ", " + formatNumber(json["centroid_db"]["y"].get<double>(), 2)});
  rows.push_back({pick(language, "所在园区", "park"), report.parkId ? *report.parkId + " " + report.parkName.value_or("") : "-"});
  std::string neighbours;
  for (const std::string& id : report.neighbourIds) neighbours += (neighbours.empty() ? "" : ", ") + id;
  rows.push_back({pick(language, "相邻", "neighbours"), neighbours.empty() ? "-" : neighbours});
  if (report.provenance)
    rows.push_back({pick(language, "来源", "source"),
                    say(language, "{}，导入于 {}{}", "{}, imported {}{}", report.provenance->source, report.provenance->importedAt,
                        report.provenance->asOf.empty() ? "" : say(language, "，数据截至 {}", ", as of {}", report.provenance->asOf))});
  printTable(out, {pick(language, "字段", "field"), pick(language, "值", "value")}, rows);

  out << "\n" << pick(language, "管控", "constraints") << "\n";
  rows.clear();
  for (const ConstraintOverlap& c : report.constraints)
    rows.push_back({c.id, codeLabel(CodeList::ConstraintType, c.type, language), codeLabel(CodeList::ConstraintEffect, c.effect, language), c.name,
                    formatNumber(c.overlapSquareMetres, 0), formatNumber(c.shareOfFeature * 100, 1) + "%"});
  printTable(out,
             language == Language::Chinese ? std::vector<std::string>{"编号", "类型", "效力", "名称", "重叠面积(m²)", "占比"}
                                           : std::vector<std::string>{"id", "type", "effect", "name", "overlap_m2", "share"},
             rows);

  out << "\n" << pick(language, "最近设施", "nearest facilities") << "\n";
  rows.clear();
  for (const NearestFacility& f : report.nearestFacilities)
    rows.push_back({codeLabel(CodeList::FacilityType, f.type, language), f.id, f.name, formatNumber(f.distanceMetres, 0)});
  printTable(out,
             language == Language::Chinese ? std::vector<std::string>{"类型", "编号", "名称", "距离(m)"}
                                           : std::vector<std::string>{"type", "id", "name", "distance_m"},
             rows);
}

}  // namespace landbank::cli
