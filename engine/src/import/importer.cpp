#include "landbank/importer.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <optional>
#include <thread>
#include <set>
#include <unordered_map>

#include "detail/gdal.h"
#include "detail/geos.h"
#include "detail/sqlite.h"
#include "field_values.h"
#include "import/extra_fields.h"
#include "import/geometry_checks.h"
#include "import/bad_values.h"
#include "import/part_merger.h"
#include "import/source.h"
#include "import/place_checks.h"
#include "landbank/crs.h"
#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/store.h"
#include "landbank/stored_facts.h"
#include "landbank/texts.h"
#include "landbank/units.h"
#include "schema.h"
#include "subdistrict_locator.h"
#include "text_encoding.h"

namespace landbank {

namespace {

using namespace importing;


// ---- field mapping ----------------------------------------------------------------------------

struct MappedField {
  const FieldSpec* spec;
  int sourceIndex;  // -1: absent in the source
  std::string sourceName;
  std::optional<std::string> constant;  // --set: the same value for every feature
};

// Field names decoded with the decoder of the values (a GBK shapefile has GBK names: 城市代码), so
// that --map and error messages use the names people see. A name that does not decode is shown
// escaped; it can still be matched by its exact bytes.
std::vector<std::string> decodedFieldNames(OGRFeatureDefn& definition, TextDecoder& decoder) {
  std::vector<std::string> names;
  for (int i = 0; i < definition.GetFieldCount(); ++i) {
    const char* raw = definition.GetFieldDefn(i)->GetNameRef();
    names.push_back(decoder.decode(raw).value_or(printableText(raw)));
  }
  return names;
}

// The id as text that keeps it exactly: integral reals (a DBF code field of type Real gives
// "370200000000.00000000000") become integers; what cannot be kept exactly is refused.
template <typename DecodeText>
std::string idText(OGRFeature& feature, int index, const OGRFieldDefn& field, DecodeText decodeText) {
  switch (field.GetType()) {
    case OFTInteger:
    case OFTInteger64: {
      const std::int64_t value = feature.GetFieldAsInteger64(index);
      // GDAL clamps integers beyond 64 bits to the limits (GeoJSON 12345678901234567890).
      if (value == std::numeric_limits<std::int64_t>::max() || value == std::numeric_limits<std::int64_t>::min())
        throw Error(ErrorCode::BadValue, Message{"编号是超出 64 位的整数，无法原样保存；请写成文本", "the id is an integer beyond 64 bits and cannot be kept exactly; write it as text"});
      return std::to_string(value);
    }
    case OFTReal: {
      const double value = feature.GetFieldAsDouble(index);
      if (!std::isfinite(value)) throw Error(ErrorCode::BadValue, Message{"编号不是有限的数", "the id is not a finite number"});
      if (value == std::floor(value)) {
        if (std::fabs(value) > 9007199254740992.0)  // 2^53: beyond it a double does not hold every integer
          throw Error(ErrorCode::BadValue, Message{"编号是超出 2^53 的实数，无法原样保存；请写成文本", "the id is a real number beyond 2^53 and cannot be kept exactly; write it as text"});
        return std::to_string(static_cast<std::int64_t>(value));
      }
      char text[64];
      std::snprintf(text, sizeof text, "%.15g", value);
      return text;
    }
    case OFTString:
      if (field.GetSubType() == OFSTJSON)
        throw Error(ErrorCode::BadValue, Message{"编号是 JSON 对象或数组，不是文本或数字", "the id is a JSON object or array, not text or a number"});
      return decodeText(feature.GetFieldAsString(index));
    case OFTStringList:
    case OFTIntegerList:
    case OFTInteger64List:
    case OFTRealList:
      throw Error(ErrorCode::BadValue, Message{"编号是列表（list），不是文本或数字", "the id is a list, not text or a number"});
    default:
      return decodeText(feature.GetFieldAsString(index));
  }
}

// Proposes only encodings that decode the bytes cleanly (EUC-JP text is not called GBK).
Message encodingHint(std::string_view raw, const SourceEncoding& encoding) {
  if (encoding.declared) return {};
  const std::vector<std::string> clean = cleanDecodings(raw);
  if (clean.empty())
    return {"；常见的中日韩编码也都解不开：请用 --encoding 指定文件的编码（如西欧文字用 CP1252）",
            "; no common CJK encoding decodes it either: pass --encoding with the file's encoding (e.g. CP1252 for "
            "Western European text)"};
  std::string names;
  for (const std::string& name : clean) names += (names.empty() ? "" : ", ") + name;
  return {"；按 " + names + " 可以正确解码：请用 --encoding " + clean.front() + "（或其中正确的那个）",
          "; it decodes cleanly as " + names + ": pass --encoding " + clean.front() + " (or the right one of these)"};
}

// Index of the field named `name` (ASCII case-insensitive, as GDAL's GetFieldIndex), or -1.
int fieldIndex(const std::vector<std::string>& names, OGRFeatureDefn& definition, const std::string& name) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (lowerCase(names[i]) == lowerCase(name)) return static_cast<int>(i);
  return definition.GetFieldIndex(name.c_str());  // raw bytes, when the user typed them so
}

std::vector<MappedField> mapFields(OGRFeatureDefn& definition, const std::vector<std::string>& names, const LayerSpec& layerSpec,
                                   const ImportOptions& options, std::vector<int>& extraFields) {
  const std::string file = options.sourcePath.string();
  std::string available;
  for (std::size_t i = 0; i < names.size(); ++i) available += (i ? ", " : "") + names[i];
  std::string canonicalNames;
  for (const FieldSpec& f : layerSpec.fields) canonicalNames += (canonicalNames.empty() ? "" : ", ") + std::string(f.name);
  for (const auto& [canonical, source] : options.fieldMap) {
    if (!layerSpec.field(canonical))
      throw Error(ErrorCode::Usage,
                  Message{"--map " + canonical + "=" + source + "：'" + canonical + "' 不是 " + std::string(layerSpec.name) + " 的字段（字段有：" +
                              canonicalNames + "）",
                          "--map " + canonical + "=" + source + ": '" + canonical + "' is not a field of " + std::string(layerSpec.name) +
                              " (fields: " + canonicalNames + ")"});
    if (fieldIndex(names, definition, source) < 0)
      throw Error(ErrorCode::MissingField,
                  Message{"--map " + canonical + "=" + source + "：数据源中没有字段 '" + source + "'（现有字段：" + available + "）",
                          "--map " + canonical + "=" + source + ": the source has no field '" + source + "' (it has: " + available + ")"},
                  {.file = file, .field = source});
  }
  for (const auto& [canonical, value] : options.constantValues) {
    if (!layerSpec.field(canonical))
      throw Error(ErrorCode::Usage,
                  Message{"--set " + canonical + "=" + value + "：'" + canonical + "' 不是 " + std::string(layerSpec.name) + " 的字段（字段有：" +
                              canonicalNames + "）",
                          "--set " + canonical + "=" + value + ": '" + canonical + "' is not a field of " + std::string(layerSpec.name) +
                              " (fields: " + canonicalNames + ")"});
    if (canonical == "id")
      throw Error(ErrorCode::Usage, Message{"--set id=...：每个要素都要有自己的编号；请用 --map id=源字段 映射",
                                            "--set id=...: every feature needs its own id; map it with --map id=SOURCE"});
    if (options.fieldMap.count(canonical))
      throw Error(ErrorCode::Usage, Message{"字段 '" + canonical + "' 同时由 --map 和 --set 给出；请只用一个",
                                            "field '" + canonical + "' is given both by --map and by --set; choose one"});
  }
  std::vector<MappedField> mapped;
  std::vector<bool> used(static_cast<std::size_t>(definition.GetFieldCount()), false);
  for (const FieldSpec& spec : layerSpec.fields) {
    int index = -1;
    std::string sourceName;
    if (auto constant = options.constantValues.find(std::string(spec.name)); constant != options.constantValues.end()) {
      mapped.push_back(MappedField{&spec, -1, "", constant->second});
      continue;
    }
    if (auto it = options.fieldMap.find(std::string(spec.name)); it != options.fieldMap.end()) {
      index = fieldIndex(names, definition, it->second);
    } else {
      // Same name, ignoring case (GetFieldIndex is case-insensitive), unless that source field
      // is already mapped to another canonical field.
      index = fieldIndex(names, definition, std::string(spec.name));
      if (index >= 0 && used[static_cast<std::size_t>(index)]) index = -1;
    }
    if (index >= 0) {
      used[static_cast<std::size_t>(index)] = true;
      sourceName = names[static_cast<std::size_t>(index)];
    } else if (spec.requirement == Requirement::Required &&
               !(spec.name == "id" && options.idSource == ImportOptions::IdSource::SourceFid)) {
      throw Error(ErrorCode::MissingField,
                  Message{"缺少必填字段 '" + std::string(spec.name) + "'；数据源中的字段有：" + available + "（请用 --map " + std::string(spec.name) +
                              "=源字段 映射一个" + (spec.name == "id" ? std::string("，或用 --id-from-fid 按顺序编号") : std::string()) + "）",
                          "required field '" + std::string(spec.name) + "' is missing; the source has: " + available +
                              " (map one with --map " + std::string(spec.name) + "=SOURCE_FIELD" +
                              (spec.name == "id" ? std::string(", or number the features with --id-from-fid") : std::string()) + ")"},
                  {.file = file, .layer = std::string(layerSpec.name), .field = std::string(spec.name)});
    }
    mapped.push_back(MappedField{&spec, index, sourceName, std::nullopt});
  }
  // Values Landbank derives itself (an export re-imported carries them): computed again from the
  // geometry and the boundaries, never kept as source attributes.
  static const std::set<std::string> kDerivedFields{"area_m2", "area_mu", "centroid", "subdistrict_derived", "distance_m"};
  for (int i = 0; i < definition.GetFieldCount(); ++i)
    if (!used[static_cast<std::size_t>(i)] && !kDerivedFields.count(lowerCase(names[static_cast<std::size_t>(i)])))
      extraFields.push_back(i);
  return mapped;
}

// ---- writing ----------------------------------------------------------------------------------

// SpatiaLite keeps idx_<table>_geom current with an AFTER INSERT trigger that calls RTreeAlign(),
// which prepares and runs an INSERT statement of its own for every row (perf: a third of a
// 10^5-parcel import went to sqlite3_prepare and sqlite3_exec there). During an import the trigger is
// dropped inside the import's transaction, each row's box goes in through one prepared statement,
// and the trigger is created again from its own SQL before the commit. A failed import rolls the
// DROP back with everything else; a database without the trigger is left to itself.
class SpatialIndexFeeder {
 public:
  SpatialIndexFeeder(SqliteDatabase& db, const std::string& table) : m_db(db), m_trigger("gii_" + table + "_geom") {
    auto read = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
    read.bind(1, m_trigger);
    if (!read.step()) return;
    m_triggerSql = read.columnText(0);
    m_db.exec("DROP TRIGGER \"" + m_trigger + "\"");
    // The R*Tree stores 32-bit floats and rounds each box outwards itself, as RTreeAlign's insert does.
    m_insert = std::make_unique<SqliteStatement>(
        db.prepare("INSERT INTO \"idx_" + table + "_geom\" (pkid, xmin, xmax, ymin, ymax) VALUES (?, ?, ?, ?, ?)"));
  }

  void add(std::int64_t fid, const GEOSGeometry* geometry) {
    double minX = 0, minY = 0, maxX = 0, maxY = 0;
    if (!m_insert || !geometryEnvelope(geometry, minX, minY, maxX, maxY)) return;
    m_insert->bind(1, fid).bind(2, minX).bind(3, maxX).bind(4, minY).bind(5, maxY);
    m_insert->run();
  }

  void finish() {
    if (!m_insert) return;
    m_insert.reset();
    m_db.exec(m_triggerSql);
  }

 private:
  SqliteDatabase& m_db;
  std::string m_trigger;
  std::string m_triggerSql;
  std::unique_ptr<SqliteStatement> m_insert;  // null when the trigger stays (not found) or is back
};

class LayerInserter {
 public:
  /// `locator` derives the subdistrict of rows whose source gives none (layers that derive it).
  LayerInserter(SqliteDatabase& db, const LayerSpec& spec, int srid, const SubdistrictLocator* locator)
      : m_db(db), m_spec(spec), m_locator(locator) {
    const std::string table(spec.name);
    std::string columns = "id", values = "?";
    for (const FieldSpec& field : spec.fields) {
      if (field.name == "id") continue;
      columns += ", " + std::string(field.name);
      values += ", ?";
    }
    if (spec.derivesSubdistrict) {
      if (!spec.field("subdistrict")) {
        columns += ", subdistrict";
        values += ", ?";
      }
      columns += ", subdistrict_derived";
      values += ", ?";
    }
    if (spec.geometry == GeometryKind::Polygonal) {
      columns += ", area_m2, area_mu";
      values += ", ?, ?";
    }
    columns += ", attrs, geom";
    values += ", ?, GeomFromWKB(?, " + std::to_string(srid) + ")";
    m_insert = std::make_unique<SqliteStatement>(db.prepare("INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")"));
    m_exists = std::make_unique<SqliteStatement>(db.prepare("SELECT 1 FROM " + table + " WHERE id = ?"));
  }

  bool exists(const std::string& id) {
    m_exists->bind(1, id);
    const bool found = m_exists->step();
    m_exists->reset();
    return found;
  }

  void insert(const nlohmann::json& values, const nlohmann::json& extra, const GEOSGeometry* geometry) {
    SqliteStatement& s = *m_insert;
    int index = 1;
    auto bindJson = [&](const nlohmann::json& value) {
      if (value.is_null()) s.bindNull(index);
      else if (value.is_boolean()) s.bind(index, static_cast<std::int64_t>(value.get<bool>() ? 1 : 0));
      else if (value.is_number_integer()) s.bind(index, value.get<std::int64_t>());
      else if (value.is_number()) s.bind(index, value.get<double>());
      else if (value.is_string()) s.bind(index, value.get<std::string>());
      else s.bind(index, value.dump());  // TextList: JSON array text
      ++index;
    };
    // A subdistrict the source does not give is derived here, from the boundaries, as the row goes in.
    const bool subdistrictGiven = values.contains("subdistrict") && !values.at("subdistrict").is_null();
    nlohmann::json derivedSubdistrict = nullptr;
    if (m_spec.derivesSubdistrict && !subdistrictGiven && m_locator)
      if (std::optional<std::string> name = m_locator->locate(geometry)) derivedSubdistrict = *name;
    for (const FieldSpec& field : m_spec.fields) {
      if (field.name == "subdistrict" && m_spec.derivesSubdistrict && !subdistrictGiven) bindJson(derivedSubdistrict);
      else bindJson(values.contains(field.name) ? values.at(std::string(field.name)) : nullptr);
    }
    if (m_spec.derivesSubdistrict) {
      if (!m_spec.field("subdistrict")) bindJson(derivedSubdistrict);
      s.bind(index++, static_cast<std::int64_t>(subdistrictGiven ? 0 : 1));
    }
    if (m_spec.geometry == GeometryKind::Polygonal) {
      const double area = geometryArea(geometry);
      s.bind(index++, area);
      s.bind(index++, squareMetresToMu(area));
    }
    s.bind(index++, extra.dump());
    if (geometry) {
      const std::vector<unsigned char> wkb = geometryToWkb(geometry);
      s.bindBlob(index++, wkb.data(), wkb.size());
    } else {
      s.bindNull(index++);
    }
    s.run();
    s.reset();
    if (geometry) m_spatialIndex.add(m_db.lastInsertRowId(), geometry);
  }

  /// Before the commit: the spatial index trigger back in place.
  void finish() { m_spatialIndex.finish(); }

 private:
  SqliteDatabase& m_db;
  const LayerSpec& m_spec;
  const SubdistrictLocator* m_locator;
  SpatialIndexFeeder m_spatialIndex{m_db, std::string(m_spec.name)};
  std::unique_ptr<SqliteStatement> m_insert;
  std::unique_ptr<SqliteStatement> m_exists;
};

// The levels (district, subdistrict) a boundaries file holds, read before anything is deleted:
// replacing boundaries swaps only those levels, so a file of districts keeps the subdistricts.
std::set<std::string> boundaryLevelsInSource(OGRLayer& source, const std::vector<MappedField>& fields,
                                             const std::optional<std::string>& encoding) {
  std::set<std::string> levels;
  const MappedField* level = nullptr;
  for (const MappedField& mapped : fields)
    if (mapped.spec->name == "level") level = &mapped;
  if (!level) return levels;
  auto add = [&](std::string_view text) {
    try {
      const nlohmann::json value = parseFieldValue(*level->spec, text);
      if (value.is_string()) levels.insert(value.get<std::string>());
    } catch (const Error&) {
      // reported, with its feature, by the import pass
    }
  };
  if (level->constant) {
    add(*level->constant);
    return levels;
  }
  if (level->sourceIndex < 0) return levels;
  TextDecoder decoder(encoding);
  GdalErrorCapture quiet;  // read errors are reported by the import pass
  source.ResetReading();
  while (std::unique_ptr<OGRFeature> feature{source.GetNextFeature()}) {
    if (!feature->IsFieldSetAndNotNull(level->sourceIndex)) continue;
    if (std::optional<std::string> text = decoder.decode(feature->GetFieldAsString(level->sourceIndex))) add(*text);
  }
  source.ResetReading();
  return levels;
}

// Rows of the layers that derive their subdistrict and have one, for "N lost their subdistrict".
std::int64_t rowsWithDerivedSubdistrict(SqliteDatabase& db) {
  std::int64_t count = 0;
  for (const LayerSpec& spec : allLayerSpecs())
    if (spec.derivesSubdistrict)
      count += db.queryInt("SELECT count(*) FROM " + tableName(spec.layer) +
                           " WHERE subdistrict_derived = 1 AND subdistrict IS NOT NULL")
                   .value_or(0);
  return count;
}


// Test hook for the crash-safety test: after N features, stop and wait to be killed (kill -9).
std::int64_t stallAfterFeatures() {
  const char* value = std::getenv("LANDBANK_TEST_STALL_AFTER");
  return value ? std::atoll(value) : -1;
}

}  // namespace

ImportResult importLayer(Store& store, const ImportOptions& options, Feedback& feedback) {
  const LayerSpec& spec = layerSpec(options.layer);
  const std::string file = options.sourcePath.string();
  const std::string layerText(spec.name);
  const ScopedReaderConfig readerConfig;
  if (options.repeatedIds == RepeatedIds::MergeParts && spec.geometry != GeometryKind::Polygonal)
    throw Error(ErrorCode::Usage, Message{"--merge-parts 用于合并同一要素的多个面；" + layerText + " 不是面图层",
                                          "--merge-parts joins the polygons of one feature; " + layerText + " are not polygons"});
  const SourceEncoding encoding = chooseEncoding(options);
  GdalDatasetPtr dataset = openSource(options);
  OGRLayer& source = *chooseSourceLayer(*dataset, options);
  ImportResult result;
  result.sourceLayerName = source.GetName();
  {
    // An empty source says so, before its missing fields (a FeatureCollection without features has none).
    GdalErrorCapture quiet;
    source.ResetReading();
    const std::unique_ptr<OGRFeature> first(source.GetNextFeature());
    source.ResetReading();
    if (!first && quiet.lastMessage().empty())
      throw Error(ErrorCode::BadValue,
                  Message{"数据源中没有要素；未导入任何内容（图层未改动）", "the source has no features; nothing was imported (the layer is unchanged)"},
                  {.file = file, .layer = layerText});
  }
  if (lowerCase(options.sourcePath.extension().string()) == ".csv" && spec.geometry != GeometryKind::OptionalPoint &&
      source.GetGeomType() == wkbNone)
    throw Error(ErrorCode::MissingField,
                options.xyColumns
                    ? Message{"CSV 中没有列 '" + options.xyColumns->first + "' 和 '" + options.xyColumns->second + "'（--xy）",
                              "the CSV has no columns '" + options.xyColumns->first + "' and '" + options.xyColumns->second + "' (--xy)"}
                    : Message{std::string("CSV 没有几何：需要一个 WKT 列（WKT、geom、geometry、the_geom）或 x/y 列（") + kDefaultXNames +
                                  " / " + kDefaultYNames + "）；可用 --xy 经度列,纬度列 指定",
                              std::string("the CSV has no geometry: it needs a WKT column (WKT, geom, geometry, the_geom) or x/y columns (") +
                                  kDefaultXNames + " / " + kDefaultYNames + "); name them with --xy LONCOL,LATCOL"},
                {.file = file, .field = "geometry"});
  const std::optional<SourceCrs> sourceCrs = resolveSourceCrs(source, options, feedback);
  result.sourceCrs = sourceCrs ? sourceCrs->name : "none";
  if (sourceCrs) result.legacyDatum = legacyChineseDatum(sourceCrs->reference);
  TextDecoder decoder(encoding.declared, encoding.label);
  const std::vector<std::string> fieldNames = decodedFieldNames(*source.GetLayerDefn(), decoder);
  std::vector<int> extraFields;
  const std::vector<MappedField> fields = mapFields(*source.GetLayerDefn(), fieldNames, spec, options, extraFields);
  GeometryConverter converter(spec, sourceCrs, store.databaseCrs(), options.invalidGeometry);
  {
    const GDALDriver* driver = dataset->GetDriver();
    const std::string driverName = driver ? driver->GetDescription() : "";
    // GDAL gives a feature no geometry when the text or record it came from cannot be parsed.
    if (driverName == "CSV")
      converter.setMissingGeometryHint({"（WKT 文本为空或无法解析，或 x/y 为空）", " (its WKT text is empty or cannot be parsed, or x/y are empty)"});
    else if (driverName == "ESRI Shapefile")
      converter.setMissingGeometryHint({"（空图形，或 .shp 文件被截断或损坏）", " (a null shape, or the .shp is truncated or damaged)"});
    else if (driverName == "DXF") converter.treatClosedLinesAsPolygons();
  }
  OGRFeatureDefn& definition = *source.GetLayerDefn();

  SqliteDatabase& db = store.database();
  std::set<std::string> replacedLevels;
  if (options.mode == ImportMode::Replace && options.layer == Layer::Boundaries)
    replacedLevels = boundaryLevelsInSource(source, fields, encoding.declared);
  SqliteTransaction transaction(db);
  // Read before the write: its triggers mark the stored parcel facts stale (landbank/stored_facts.h).
  const StoredFactsState factsBefore = storedFactsState(store);
  // Constraints appended get fids above this; only the parcels near them need new facts.
  const std::int64_t constraintFidBefore = options.layer == Layer::Constraints ? db.queryInt("SELECT max(fid) FROM constraints").value_or(0) : 0;
  const std::int64_t fidBefore = db.queryInt("SELECT coalesce(max(fid), 0) FROM " + layerText).value_or(0);
  const std::int64_t subdistrictsBefore = options.layer == Layer::Boundaries ? rowsWithDerivedSubdistrict(db) : 0;
  if (options.mode == ImportMode::Replace && options.layer == Layer::Boundaries) {
    // By level: the levels the file holds are swapped, the others stay (documented in docs/cli.md).
    for (const std::string& level : replacedLevels) {
      auto remove = db.prepare("DELETE FROM boundaries WHERE level = ?");
      remove.bind(1, level);
      remove.run();
      result.replacedRows += db.changes();
      result.replacedLevels.push_back(level);
    }
    result.keptRows = store.featureCount(options.layer);
  } else if (options.mode == ImportMode::Replace) {
    result.replacedRows = store.featureCount(options.layer);
    db.exec("DELETE FROM " + layerText);
  }
  const bool typeTextExtras = sourceHasOnlyText(*dataset);
  NumericColumnDetector numericColumns;
  std::optional<SubdistrictLocator> locator;
  if (spec.derivesSubdistrict) locator.emplace(db);
  LayerInserter inserter(db, spec, store.databaseSrid(), locator ? &*locator : nullptr);
  std::unordered_map<std::string, std::int64_t> firstRowOfId;
  const bool mergeParts = options.repeatedIds == RepeatedIds::MergeParts;
  const bool dryRun = options.run == ImportRun::DryRun;
  PartMerger merger;
  BadValueCollector badValues;
  const std::int64_t total = source.GetFeatureCount(FALSE);
  // What the driver announces from the file's header (shapefile, FlatGeobuf, GeoPackage); a source
  // that ends before it was cut short, and a partial import must not pass for a whole one.
  const std::int64_t announced = source.TestCapability(OLCFastFeatureCount) ? total : -1;
  GdalErrorCapture readErrors;  // a read error GDAL reports is a failure, not a shorter file
  auto checkReadErrors = [&](std::int64_t afterRow) {
    if (readErrors.lastMessage().empty()) return;
    throw Error(ErrorCode::Io,
                Message{"GDAL 读到第 " + std::to_string(afterRow) + " 个要素之后无法继续读取：" + readErrors.lastMessage() +
                            "（文件是否被截断或损坏？）；未导入任何内容",
                        "GDAL could not read the source after feature #" + std::to_string(afterRow) + ": " + readErrors.lastMessage() +
                            " (is the file truncated or damaged?); nothing was imported"},
                {.file = file});
  };
  const std::int64_t stallAfter = stallAfterFeatures();
  std::int64_t row = 0;

  auto decodeText = [&](const char* raw, const std::string& featureLabel, const std::string& fieldName) {
    std::optional<std::string> text = decoder.decode(raw);
    if (!text) {
      const Message hint = encodingHint(raw, encoding);
      throw Error(ErrorCode::Encoding,
                  Message{"文本不是有效的 " + decoder.describe().zh + " 编码" + hint.zh, "text is not valid " + decoder.description() + hint.en},
                  {.file = file, .feature = featureLabel, .field = fieldName});
    }
    return *text;
  };

  source.ResetReading();
  for (auto& feature : source) {
    checkReadErrors(row);
    ++row;
    if (feedback.isCancelled()) throw Error(ErrorCode::Internal, Message{"导入已取消；未写入任何内容", "import cancelled; nothing was written"}, {.file = file});
    std::string featureLabel = "#" + std::to_string(row);
    // A checked record, written (or kept for its other parts) after the per-feature checks: a
    // conflict between parts is no reason to skip one part, so it is raised outside them.
    struct CheckedRecord {
      nlohmann::json values, extra;
      GeosGeometryPtr geometry;
    };
    std::optional<CheckedRecord> checked;
    try {
      bool badValueSeen = false;  // --dry-run: this record has a bad value (counted, not thrown)
      nlohmann::json values = nlohmann::json::object();
      // The id first, so that every later error names the feature by it.
      for (const MappedField& mapped : fields) {
        if (mapped.spec->name != "id" || mapped.sourceIndex < 0) continue;
        if (feature->IsFieldSetAndNotNull(mapped.sourceIndex)) {
          const OGRFieldDefn& idField = *definition.GetFieldDefn(mapped.sourceIndex);
          std::string id;
          try {
            id = idText(*feature, mapped.sourceIndex, idField, [&](const char* raw) { return decodeText(raw, featureLabel, "id"); });
          } catch (const Error& error) {
            if (error.context().file) throw;
            throw Error(error.code(), error.problemMessage(), {.file = file, .layer = layerText, .field = "id"});
          }
          while (!id.empty() && std::isspace(static_cast<unsigned char>(id.back()))) id.pop_back();
          while (!id.empty() && std::isspace(static_cast<unsigned char>(id.front()))) id.erase(id.begin());
          if (!id.empty()) {
            id = options.idPrefix + id;
            featureLabel = id;
          }
          values["id"] = id;
        }
      }
      if (options.idSource == ImportOptions::IdSource::SourceFid) {
        const GIntBig fid = feature->GetFID();
        const std::string id = options.idPrefix + std::to_string(fid == OGRNullFID ? row : static_cast<std::int64_t>(fid));
        featureLabel = id;
        values["id"] = id;
      }
      for (const MappedField& mapped : fields) {
        const std::string fieldName(mapped.spec->name);
        if (fieldName == "id") continue;
        const ErrorContext context{.file = file, .layer = layerText, .feature = featureLabel, .field = fieldName};
        nlohmann::json value = nullptr;
        std::string sourceText;  // as the source has it, for the --dry-run summary
        if (mapped.constant) {
          try {
            value = parseFieldValue(*mapped.spec, *mapped.constant);
          } catch (const Error& error) {
            const std::string option = "--set " + fieldName + "=" + *mapped.constant;
            throw Error(ErrorCode::Usage, Message{option + "：" + error.problemMessage().zh, option + ": " + error.problem()});
          }
        } else if (mapped.sourceIndex >= 0 && feature->IsFieldSetAndNotNull(mapped.sourceIndex)) {
          const OGRFieldType type = definition.GetFieldDefn(mapped.sourceIndex)->GetType();
          try {
            if (type == OFTInteger || type == OFTInteger64 || type == OFTReal) {
              sourceText = feature->GetFieldAsString(mapped.sourceIndex);
              value = parseFieldNumber(*mapped.spec, feature->GetFieldAsDouble(mapped.sourceIndex));
            } else {
              sourceText = decodeText(feature->GetFieldAsString(mapped.sourceIndex), featureLabel, fieldName);
              value = parseFieldValue(*mapped.spec, sourceText);
            }
          } catch (const Error& error) {
            if (error.code() != ErrorCode::BadValue) throw;
            if (dryRun) {
              badValues.add(*mapped.spec, sourceText, row, featureLabel, error.problemMessage());
              badValueSeen = true;
              continue;
            }
            throw Error(ErrorCode::BadValue, error.problemMessage(), context);
          }
        }
        if (value.is_null() && mapped.spec->requirement == Requirement::Required) {
          if (dryRun) {
            badValues.add(*mapped.spec, sourceText, row, featureLabel, Message{"必填值为空", "required value is empty"});
            badValueSeen = true;
            continue;
          }
          throw Error(ErrorCode::MissingField, Message{"必填值为空", "required value is empty"}, context);
        }
        if (!value.is_null()) values[fieldName] = value;
      }
      if (badValueSeen) continue;  // counted in the --dry-run summary
      if (!values.contains("id") || values["id"].get<std::string>().empty())
        throw Error(ErrorCode::MissingField, Message{"必填值为空", "required value is empty"},
                    {.file = file, .layer = layerText, .feature = featureLabel, .field = "id"});
      const std::string id = values["id"].get<std::string>();
      if (const auto [first, isNew] = firstRowOfId.emplace(id, row); !isNew && !mergeParts)
        throw Error(ErrorCode::Duplicate,
                    Message{"源文件中编号重复（首次出现在第 " + std::to_string(first->second) + " 行；如果这些记录是同一要素的几部分，可用 --merge-parts 合并）",
                            "duplicate id in the source file (first at row " + std::to_string(first->second) +
                                "; if the records are parts of one feature, --merge-parts joins them)"},
                    {.file = file, .layer = layerText, .feature = id, .field = "id"});
      if (options.mode == ImportMode::Append && inserter.exists(id))
        throw Error(ErrorCode::Duplicate,
                    Message{"数据库中已有这个编号（要整层替换请用 --mode replace）", "id already exists in the database (use --mode replace to swap the whole layer)"},
                    {.file = file, .layer = layerText, .feature = id, .field = "id"});
      if (options.mode == ImportMode::Replace && result.keptRows > 0 && inserter.exists(id))
        throw Error(ErrorCode::Duplicate,
                    Message{"这个编号已被保留的另一级别边界占用（替换只换掉文件中出现的级别）",
                            "id is held by a kept boundary of another level (a replace swaps only the file's levels)"},
                    {.file = file, .layer = layerText, .feature = id, .field = "id"});
      nlohmann::json extra = nlohmann::json::object();
      for (int index : extraFields) {
        if (!feature->IsFieldSetAndNotNull(index)) continue;
        const OGRFieldDefn* fieldDefinition = definition.GetFieldDefn(index);
        const std::string& name = fieldNames[static_cast<std::size_t>(index)];
        switch (fieldDefinition->GetType()) {
          case OFTInteger:
          case OFTInteger64: extra[name] = feature->GetFieldAsInteger64(index); break;
          case OFTReal: extra[name] = feature->GetFieldAsDouble(index); break;
          default: {
            std::string text = decodeText(feature->GetFieldAsString(index), featureLabel, name);
            if (typeTextExtras) numericColumns.observe(name, text);
            extra[name] = std::move(text);
          }
        }
      }
      ConvertedGeometry geometry;
      try {
        geometry = converter.convert(feature->GetGeometryRef(), id);
      } catch (const Error& error) {
        throw Error(error.code(), error.problemMessage(), {.file = file, .layer = layerText, .feature = id, .field = "geometry"});
      }
      if (geometry.repaired) ++result.repaired;
      if (geometry.largeRepair) result.largeRepairs.push_back(*geometry.largeRepair);
      checked = CheckedRecord{std::move(values), std::move(extra), std::move(geometry.geometry)};
    } catch (const Error& caught) {
      const bool perFeature = caught.code() == ErrorCode::InvalidGeometry || caught.code() == ErrorCode::BadValue ||
                              caught.code() == ErrorCode::MissingField || caught.code() == ErrorCode::Duplicate ||
                              caught.code() == ErrorCode::Encoding || caught.code() == ErrorCode::Crs;
      if (!perFeature || !caught.context().file) throw;  // not about this feature (--set usage, I/O, SQLite)
      // Errors name the row as well as the id: a repeated or empty id alone does not find the record.
      ErrorContext context = caught.context();
      context.row = row;
      const Error error(caught.code(), caught.problemMessage(), context);
      if (options.invalidFeatures != InvalidFeaturePolicy::Skip && !dryRun) throw error;
      result.skipped.push_back(SkippedFeature{featureLabel, Message{error.message(Language::Chinese), error.message(Language::English)}});
    }
    if (checked && mergeParts) {
      try {
        merger.add(row, std::move(checked->values), std::move(checked->extra), std::move(checked->geometry),
                   {.file = file, .layer = layerText});
      } catch (const Error& conflict) {
        // Parts that disagree: a dry run lists every such record with the others' problems and goes
        // on (the planner fixes the file in one pass); a real import stops at the first.
        if (!dryRun) throw;
        result.skipped.push_back(SkippedFeature{featureLabel, Message{conflict.message(Language::Chinese), conflict.message(Language::English)}});
      }
    } else if (checked) {
      inserter.insert(checked->values, checked->extra, checked->geometry.get());
      ++result.imported;
    }
    if (total > 0 && (row % 256 == 0 || row == total))
      feedback.progress(static_cast<double>(row) / static_cast<double>(total), "import " + layerText);
    if (stallAfter >= 0 && row == stallAfter) {
      std::cerr << "landbank: test hook: stalled after " << row << " features" << std::endl;
      std::this_thread::sleep_for(std::chrono::seconds(600));
    }
  }
  checkReadErrors(row);
  if (announced >= 0 && row != announced)
    throw Error(ErrorCode::Io,
                Message{"数据源声明有 " + std::to_string(announced) + " 个要素，但只读到 " + std::to_string(row) + " 个：文件被截断或损坏；未导入任何内容",
                        "the source announces " + std::to_string(announced) + " features but only " + std::to_string(row) +
                            " could be read: the file is truncated or damaged; nothing was imported"},
                {.file = file});
  result.rowsRead = row;
  if (mergeParts) {
    merger.finish([&](const nlohmann::json& values, const nlohmann::json& extra, const GEOSGeometry* geometry) {
      inserter.insert(values, extra, geometry);
      ++result.imported;
    });
    result.mergedParts = merger.mergedParts();
    result.mergedFeatures = merger.mergedFeatures();
  }
  if (dryRun) {
    result.dryRun = true;
    result.badValues = badValues.summary(spec);
    result.sourceCrs = sourceCrs ? sourceCrs->name : "none";
    result.encoding = decoder.describe();
    // Problems to report: the summary is the answer, the transaction is rolled back.
    if (!result.badValues.empty() || !result.skipped.empty()) return result;
  }
  if (result.imported == 0)
    throw Error(ErrorCode::BadValue,
                row == 0 ? Message{"数据源中没有要素；未导入任何内容（图层未改动）",
                                   "the source has no features; nothing was imported (the layer is unchanged)"}
                         : Message{"全部 " + std::to_string(row) + " 个要素都因无效被跳过；未导入任何内容（图层未改动）",
                                   "all " + std::to_string(row) + " features were skipped as invalid; nothing was imported (the layer is unchanged)"},
                {.file = file, .layer = layerText});
  if (options.mode == ImportMode::Replace && options.shrinkGuard == ShrinkGuard::Refuse &&
      result.replacedRows > 2 * result.imported && result.replacedRows - result.imported > kReplaceShrinkMinimumLoss)
    throw Error(ErrorCode::BadValue,
                Message{"这次替换将删除 " + std::to_string(result.replacedRows) + " 个要素，只新增 " +
                            std::to_string(result.imported) + " 个；如果图层确实要缩减这么多，请加 --force（未做任何改动）",
                        "the replace would remove " + std::to_string(result.replacedRows) + " features and add only " +
                            std::to_string(result.imported) + "; pass --force if the layer really shrinks that much (nothing was changed)"},
                {.file = file, .layer = layerText});
  if (typeTextExtras) result.numericExtraFields = storeNumericExtras(db, layerText, fidBefore, numericColumns.numericColumns());
  if (const PlaceCheck* places = converter.places(); places && places->databaseArea()) {
    result.outsideDatabaseArea = places->outsideCount();
    result.databaseAreaText = store.databaseCrs() + " " + places->databaseArea()->describe(options.language);
  }
  result.encoding = decoder.describe();
  if (dryRun) return result;  // checked in full; the transaction is rolled back, nothing was written
  if (decoder.detectedGbk())
    feedback.notice(say(options.language, "{} 中的文字识别为 GBK 编码；如不对，请用 --encoding 指定", "text in {} detected as GBK; use --encoding to override",
                        options.sourcePath.filename().string()));

  // New boundaries change every layer's derived subdistricts; importing another layer only adds rows
  // of that layer, so recomputing the others (10^6 parcels when buildings arrive) would be wasted.
  inserter.finish();
  // New boundaries change every layer's derived subdistricts. Rows of any other layer got theirs as
  // they went in, and its older rows are still right: the boundaries did not change.
  if (options.layer == Layer::Boundaries) {
    store.recomputeDerivedSubdistricts();
    result.lostSubdistrict = std::max<std::int64_t>(0, subdistrictsBefore - rowsWithDerivedSubdistrict(db));
  }
  // The stored parcel facts, in this transaction: appended parcels get theirs; new constraints,
  // facilities or parks (or replaced parcels) change every parcel's.
  if (options.layer == Layer::Parcels || options.layer == Layer::Constraints || options.layer == Layer::Facilities || options.layer == Layer::Parks) {
    StoredFactsChange change;
    change.before = factsBefore;
    change.scope = options.layer == Layer::Parcels && options.mode == ImportMode::Append ? StoredFactsChange::Scope::NewParcels
                                                                                          : StoredFactsChange::Scope::Everything;
    if (options.layer == Layer::Constraints && options.mode == ImportMode::Append) {
      change.scope = StoredFactsChange::Scope::NewConstraints;
      change.firstNewFid = constraintFidBefore + 1;
    }
    feedback.progress(1.0, "import " + layerText + ": parcel facts");
    result.factsMeasured = updateStoredFacts(store, change);
  }
  store.recordProvenance(options.layer, LayerProvenance{options.sourcePath.filename().string(), Store::utcNow(),
                                                        store.auditUser(), result.sourceCrs, options.asOf,
                                                        result.imported});
  store.recordAudit(AuditEntry{"import", layerText, "",
                               {{"source", options.sourcePath.filename().string()},
                                {"mode", options.mode == ImportMode::Replace ? "replace" : "append"},
                                {"imported", result.imported},
                                {"repaired", result.repaired},
                                {"skipped", result.skipped.size()},
                                {"replaced_rows", result.replacedRows},
                                {"source_crs", result.sourceCrs},
                                {"encoding", result.encoding.en}}});
  // Index statistics for the query planner: without them SQLite picks the first usable index
  // (e.g. status, matching most parcels) over a selective one (area_m2); see docs/benchmarks.md.
  store.database().exec("ANALYZE " + tableName(options.layer));
  transaction.commit();
  return result;
}

std::string describeImport(const ImportOptions& options, const ImportResult& result, Language language) {
  const std::string layer(layerName(options.layer));
  const std::string source = printableText(options.sourcePath.filename().string());
  std::string text =
      result.dryRun
          ? say(language, "{0}：可导入 {1} 个要素，来自 {2}（{3}，{4}）", "{0}: would import {1} from {2} ({3}, {4})", layer,
                result.imported, source, result.sourceCrs, result.encoding.in(language))
          : say(language, "{0}：导入 {1} 个要素，来自 {2}（{3}，{4}）", "{0}: imported {1} from {2} ({3}, {4})", layer, result.imported,
                source, result.sourceCrs, result.encoding.in(language));
  if (!result.legacyDatum.empty())
    text += say(language, "，{}基准已由 PROJ 转换到数据库坐标系（偏移真实存在：数十米）",
                ", datum {} shifted to the database CRS by PROJ (the shift is real: tens of metres)", result.legacyDatum);
  if (options.mode == ImportMode::Replace) {
    text += say(language, "，替换 {}", ", replaced {}", result.replacedRows);
    if (!result.replacedLevels.empty()) {
      std::string levels;
      for (const std::string& level : result.replacedLevels)
        levels += (levels.empty() ? "" : ", ") + codeLabel(CodeList::BoundaryLevel, level, language);
      text += say(language, "（层级 {}；保留其他层级 {} 个）", " (level {}; kept {} of other levels)", levels, result.keptRows);
    }
  }
  if (options.repeatedIds == RepeatedIds::MergeParts)
    text += say(language, "，{} 个部分合并为 {} 个要素", ", merged {} parts into {} features", result.mergedParts, result.mergedFeatures);
  text += say(language, "，修复 {}", ", repaired {}", result.repaired);
  if (options.invalidFeatures == InvalidFeaturePolicy::Skip) text += say(language, "，跳过 {}", ", skipped {}", result.skipped.size());
  if (result.dryRun) text += pick(language, "（试运行：未写入任何内容）", " (dry run: nothing was written)");
  return text;
}

}  // namespace landbank
