#include "landbank/feature_export.h"

#include <climits>
#include <fmt/format.h>
#include <ogr_api.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>
#include <fstream>
#include <map>
#include <set>

#include "detail/gdal.h"
#include "landbank/crs.h"
#include "landbank/error.h"
#include "landbank/store.h"
#include "landbank/units.h"

namespace landbank {

namespace fs = std::filesystem;

namespace {

struct FormatInfo {
  ExportFormat format;
  std::string_view name;
  std::string_view extension;
  const char* driver;
  bool wgs84Only;
};

// LIBKML (not the older KML writer) so that the `id` field becomes the Placemark id, `name` and
// `description` its <name> and <description>, and the rest ExtendedData that GDAL reads back typed.
constexpr FormatInfo kFormats[] = {
    {ExportFormat::Kml, "kml", ".kml", "LIBKML", true},
    {ExportFormat::Gpx, "gpx", ".gpx", "GPX", true},
    {ExportFormat::GeoJson, "geojson", ".geojson", "GeoJSON", true},
    {ExportFormat::GeoPackage, "gpkg", ".gpkg", "GPKG", false},
    {ExportFormat::Shapefile, "shp", ".shp", "ESRI Shapefile", false},
    {ExportFormat::Csv, "csv", ".csv", "CSV", false},
    {ExportFormat::Dxf, "dxf", ".dxf", "DXF", false},
};

std::int64_t stallAfterFeatures() {
  const char* value = std::getenv("LANDBANK_TEST_EXPORT_STALL_AFTER");
  return value ? std::atoll(value) : -1;
}

const FormatInfo& info(ExportFormat format) {
  for (const FormatInfo& entry : kFormats)
    if (entry.format == format) return entry;
  throw Error(ErrorCode::Internal, "unknown export format");
}

struct OgrFeatureDeleter {
  void operator()(OGRFeature* feature) const { OGRFeature::DestroyFeature(feature); }
};
using OgrFeaturePtr = std::unique_ptr<OGRFeature, OgrFeatureDeleter>;

struct OgrGeometryDeleter {
  void operator()(OGRGeometry* geometry) const { OGRGeometryFactory::destroyGeometry(geometry); }
};
using OgrGeometryPtr = std::unique_ptr<OGRGeometry, OgrGeometryDeleter>;

struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* transform) const { OGRCoordinateTransformation::DestroyCT(transform); }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

OGRSpatialReference spatialReference(const std::string& crs) {
  OGRSpatialReference reference;
  if (reference.SetFromUserInput(crs.c_str()) != OGRERR_NONE) throw Error(ErrorCode::Crs, Message{"未知的坐标参考系（CRS）'" + crs + "'", "unknown CRS '" + crs + "'"});
  reference.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return reference;
}

/// One attribute column of an exported layer.
struct Column {
  std::string name;     ///< the full name (canonical or extra)
  OGRFieldType type = OFTString;
  OGRFieldSubType subType = OFSTNone;
  bool canonical = true;
};

OGRFieldType typeOf(FieldType type) {
  switch (type) {
    case FieldType::Real: return OFTReal;
    case FieldType::Integer: return OFTInteger64;
    case FieldType::Boolean: return OFTInteger;
    case FieldType::Date: return OFTDate;
    case FieldType::Text:
    case FieldType::TextList: return OFTString;
  }
  return OFTString;
}

std::vector<Column> columnsOf(const ExportLayer& layer) {
  std::vector<Column> columns;
  const LayerSpec& spec = layerSpec(layer.layer);
  for (const FieldSpec& field : spec.fields)
    columns.push_back(Column{std::string(field.name), typeOf(field.type), field.type == FieldType::Boolean ? OFSTBoolean : OFSTNone, true});
  // Extra attributes: the union over the features, typed by the first non-null value (mixed types
  // fall back to text).
  std::map<std::string, std::size_t> extraIndex;
  std::set<std::string> canonicalLower;
  for (const Column& column : columns) canonicalLower.insert(column.name);
  for (const FeatureRecord& record : layer.features)
    for (const auto& [key, value] : record.extra.items()) {
      if (value.is_null() || canonicalLower.count(key)) continue;
      // 32-bit integers where they fit: LIBKML writes Integer64 fields as strings in its schema.
      const bool fits32 = value.is_number_integer() && value.get<std::int64_t>() >= INT32_MIN && value.get<std::int64_t>() <= INT32_MAX;
      const OGRFieldType type = fits32 ? OFTInteger : value.is_number_integer() ? OFTInteger64 : value.is_number() ? OFTReal : OFTString;
      auto found = extraIndex.find(key);
      if (found == extraIndex.end()) {
        extraIndex[key] = columns.size();
        columns.push_back(Column{key, type, OFSTNone, false});
      } else if (columns[found->second].type != type) {
        Column& column = columns[found->second];
        const auto integral = [](OGRFieldType t) { return t == OFTInteger || t == OFTInteger64; };
        if (integral(column.type) && integral(type))
          column.type = OFTInteger64;
        else if ((integral(column.type) && type == OFTReal) || (column.type == OFTReal && integral(type)))
          column.type = OFTReal;
        else
          column.type = OFTString;
      }
    }
  return columns;
}

void setField(OGRFeature& feature, int index, const Column& column, const nlohmann::json& value) {
  if (value.is_null()) return;
  if (value.is_array()) {
    std::string joined;
    for (const auto& item : value) joined += (joined.empty() ? "" : ",") + (item.is_string() ? item.get<std::string>() : item.dump());
    feature.SetField(index, joined.c_str());
    return;
  }
  switch (column.type) {
    case OFTInteger:
      feature.SetField(index, value.is_boolean() ? (value.get<bool>() ? 1 : 0) : static_cast<int>(value.get<double>()));
      return;
    case OFTInteger64:
      if (value.is_number()) {
        feature.SetField(index, static_cast<GIntBig>(value.get<std::int64_t>()));
        return;
      }
      break;
    case OFTReal:
      if (value.is_number()) {
        feature.SetField(index, value.get<double>());
        return;
      }
      break;
    case OFTDate:
      if (value.is_string()) {
        int year = 0, month = 0, day = 0;
        if (std::sscanf(value.get<std::string>().c_str(), "%d-%d-%d", &year, &month, &day) == 3) {
          feature.SetField(index, year, month, day);
          return;
        }
      }
      break;
    default: break;
  }
  feature.SetField(index, value.is_string() ? value.get<std::string>().c_str() : value.dump().c_str());
}

std::string formatArea(double squareMetres, Language language) {
  const double mu = squareMetresToMu(squareMetres);
  return language == Language::Chinese ? fmt::format("{:.0f} 平方米（{:.1f} 亩）", squareMetres, mu)
                                       : fmt::format("{:.0f} m² ({:.1f} mu)", squareMetres, mu);
}

std::string siteTitle(const ExportSite& site) {
  std::string title = site.rank ? fmt::format("{}. {}", *site.rank, site.id) : site.id;
  if (!site.name.empty()) title += " " + site.name;
  return title;
}

std::string siteDescription(const ExportSite& site, Language language) {
  const bool zh = language == Language::Chinese;
  std::string text = (zh ? "地块 " : "Parcel ") + site.id;
  if (!site.name.empty()) text += zh ? "（" + site.name + "）" : " (" + site.name + ")";
  text += zh ? "；面积 " : "; area " + std::string();
  text += formatArea(site.areaSquareMetres, language);
  if (!site.landUse.empty()) text += (zh ? "；用地 " : "; land use ") + site.landUse;
  if (!site.status.empty()) text += (zh ? "；状态 " : "; status ") + (zh ? std::string(codeLabelZh(site.status)) : site.status);
  if (site.rank) text += fmt::format(fmt::runtime(zh ? "；排名 {}" : "; rank {}"), *site.rank);
  if (site.score) text += fmt::format(fmt::runtime(zh ? "；得分 {:.2f}" : "; score {:.2f}"), *site.score);
  return text;
}

/// Fill and outline colours (RGB hex) by parcel status, as the viewer's legend shows them.
std::string styleFor(const FeatureRecord& record, Layer layer) {
  std::string colour = "#3182BD";
  if (layer == Layer::Parcels) {
    const std::string status = record.properties.value("status", "");
    colour = status == "reserved" ? "#2CA25F" : status == "available" ? "#E6550D" : status == "negotiating" ? "#FDAE6B" : "#969696";
  } else if (layer == Layer::Constraints) {
    colour = "#D7301F";
  } else if (layer == Layer::Parks) {
    colour = "#756BB1";
  }
  return fmt::format("PEN(c:{},w:2px);BRUSH(fc:{}60)", colour, colour);
}

/// The DXF layer a feature goes to: one per feature type (parcels by status, constraints, facilities
/// and buildings by type), so the CAD office can switch them separately.
std::string dxfLayerFor(const FeatureRecord& record, Layer layer) {
  std::string kind;
  if (layer == Layer::Parcels) kind = record.properties.value("status", "");
  else if (record.properties.contains("type") && record.properties["type"].is_string()) kind = record.properties["type"].get<std::string>();
  else if (record.properties.contains("level") && record.properties["level"].is_string()) kind = record.properties["level"].get<std::string>();
  std::string name(layerName(layer));
  return kind.empty() ? name : name + "_" + kind;
}

OgrGeometryPtr geometryFromWkb(const std::vector<unsigned char>& wkb, OGRSpatialReference& source) {
  if (wkb.empty()) return nullptr;
  OGRGeometry* raw = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE || !raw)
    throw Error(ErrorCode::Internal, "stored geometry is not readable WKB");
  raw->assignSpatialReference(&source);
  return OgrGeometryPtr(raw);
}

class Writer {
 public:
  Writer(const Store& store, const FeatureExportOptions& options, const std::string& outputCrs)
      : m_options(options),
        m_source(spatialReference(store.databaseCrs())),
        m_target(spatialReference(outputCrs)),
        m_transform(OGRCreateCoordinateTransformation(&m_source, &m_target)) {
    if (!m_transform)
      throw Error(ErrorCode::Crs, Message{"无法从 " + store.databaseCrs() + " 转换到 " + outputCrs, "cannot transform from " + store.databaseCrs() + " to " + outputCrs});
  }

  std::int64_t write(const fs::path& path) {
    const FormatInfo& format = info(m_options.format);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(format.driver);
    if (!driver) throw Error(ErrorCode::Io, Message{std::string("GDAL 没有 ") + format.driver + " 驱动", std::string("GDAL has no ") + format.driver + " driver"},
                              {.file = m_options.output.string()});
    char** creation = nullptr;
    if (m_options.format == ExportFormat::Gpx) creation = CSLSetNameValue(creation, "GPX_USE_EXTENSIONS", "YES");
    GdalDatasetPtr dataset(driver->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, creation));
    CSLDestroy(creation);
    if (!dataset) fail(Message{"无法创建文件", "cannot create the file"});
    std::int64_t written = 0;
    if (m_options.format == ExportFormat::Gpx) {
      writeGpx(*dataset);
      for (const ExportLayer& layer : m_options.layers) written += static_cast<std::int64_t>(layer.features.size());
    } else if (m_options.format == ExportFormat::Dxf) {
      written = writeDxf(*dataset);
    } else {
      for (const ExportLayer& layer : m_options.layers) written += writeLayer(*dataset, layer);
      if (m_options.format == ExportFormat::Kml) writeKmlSites(*dataset);
    }
    dataset->FlushCache();
    dataset.reset();  // closing writes the rest (GPKG, KML, DXF)
    return written;
  }

  const std::vector<std::string>& shortNames() const { return m_shortNames; }
  const std::vector<std::string>& fullNames() const { return m_fullNames; }

 private:
  [[noreturn]] void fail(const Message& what) const {
    throw Error(ErrorCode::Io, Message{what.zh + m_errors.suffix(), what.en + m_errors.suffix()}, {.file = m_options.output.string()});
  }

  OgrGeometryPtr projected(const std::vector<unsigned char>& wkb) const {
    OgrGeometryPtr geometry = geometryFromWkb(wkb, m_source);
    if (geometry && geometry->transform(m_transform.get()) != OGRERR_NONE) fail(Message{"无法把几何图形转换到输出坐标系", "cannot transform a geometry to the output CRS"});
    return geometry;
  }

  OgrGeometryPtr projectedPoint(EastingNorthing point) const {
    auto geometry = OgrGeometryPtr(new OGRPoint(point.easting, point.northing));
    geometry->assignSpatialReference(&m_source);
    if (geometry->transform(m_transform.get()) != OGRERR_NONE) fail(Message{"无法把点转换到输出坐标系", "cannot transform a point to the output CRS"});
    return geometry;
  }

  OGRLayer& createLayer(GDALDataset& dataset, const std::string& name, OGRwkbGeometryType type) {
    char** options = nullptr;
    switch (m_options.format) {
      case ExportFormat::GeoJson: options = CSLSetNameValue(options, "RFC7946", "YES"); break;
      case ExportFormat::Shapefile: options = CSLSetNameValue(options, "ENCODING", "UTF-8"); break;
      case ExportFormat::Csv:
        options = CSLSetNameValue(options, "GEOMETRY", "AS_WKT");
        options = CSLSetNameValue(options, "CREATE_CSVT", "YES");
        break;
      default: break;
    }
    OGRLayer* layer = dataset.CreateLayer(name.c_str(), &m_target, type, options);
    CSLDestroy(options);
    if (!layer) fail(Message{"无法创建图层 '" + name + "'", "cannot create layer '" + name + "'"});
    return *layer;
  }

  std::int64_t writeLayer(GDALDataset& dataset, const ExportLayer& exportLayer) {
    const std::string name(layerName(exportLayer.layer));
    const LayerSpec& spec = layerSpec(exportLayer.layer);
    const OGRwkbGeometryType type = spec.geometry == GeometryKind::Polygonal ? wkbMultiPolygon : wkbUnknown;
    OGRLayer& layer = createLayer(dataset, name, type);
    std::vector<std::string> names;
    for (const Column& column : columnsOf(exportLayer)) names.push_back(column.name);
    const std::vector<std::string> fieldNames = m_options.format == ExportFormat::Shapefile ? shortenFieldNames(names) : names;
    if (m_options.format == ExportFormat::Shapefile) {
      m_shortNames = fieldNames;
      m_fullNames = names;
    }
    std::vector<Column> columns = columnsOf(exportLayer);
    // LIBKML declares no date type in its <Schema>: dates go as ISO text, which the importer parses.
    if (m_options.format == ExportFormat::Kml)
      for (Column& column : columns)
        if (column.type == OFTDate) column.type = OFTString;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      OGRFieldDefn definition(fieldNames[i].c_str(), columns[i].type);
      definition.SetSubType(columns[i].subType);
      if (layer.CreateField(&definition, TRUE) != OGRERR_NONE) fail(Message{"无法创建字段 '" + names[i] + "'", "cannot create field '" + names[i] + "'"});
    }
    OGRFeatureDefn& definition = *layer.GetLayerDefn();
    std::vector<int> indexes;
    for (const std::string& fieldName : fieldNames) indexes.push_back(definition.GetFieldIndex(fieldName.c_str()));
    // One transaction where the driver has them (GeoPackage): much faster than one per feature.
    const bool transaction = layer.StartTransaction() == OGRERR_NONE;
    std::int64_t written = 0;
    for (const FeatureRecord& record : exportLayer.features) {
      OgrFeaturePtr feature(OGRFeature::CreateFeature(&definition));
      for (std::size_t i = 0; i < columns.size(); ++i) {
        if (indexes[i] < 0) continue;
        const nlohmann::json& source = columns[i].canonical ? record.properties : record.extra;
        const nlohmann::json value = columns[i].name == "id" ? nlohmann::json(record.id) : source.value(columns[i].name, nlohmann::json());
        setField(*feature, indexes[i], columns[i], value);
      }
      if (OgrGeometryPtr geometry = projected(record.wkb)) feature->SetGeometryDirectly(geometry.release());
      if (m_options.format == ExportFormat::Kml) feature->SetStyleString(styleFor(record, exportLayer.layer).c_str());
      if (layer.CreateFeature(feature.get()) != OGRERR_NONE) fail(Message{"无法写出要素 '" + record.id + "'", "cannot write feature '" + record.id + "'"});
      ++written;
      if (written == stallAfterFeatures()) {
        // Test hook for the kill test (tests/cli/export_test.cpp): the temporary file exists now.
        std::cerr << "landbank: test hook: export stalled after " << written << " features" << std::endl;
        std::this_thread::sleep_for(std::chrono::seconds(600));
      }
    }
    if (transaction && layer.CommitTransaction() != OGRERR_NONE) fail(Message{"无法写出图层 '" + name + "'", "cannot write layer '" + name + "'"});
    return written;
  }

  void writeKmlSites(GDALDataset& dataset) {
    if (m_options.sites.empty()) return;
    OGRLayer& layer = createLayer(dataset, "sites", wkbPoint);
    for (const char* field : {"name", "description"}) {
      OGRFieldDefn definition(field, OFTString);
      if (layer.CreateField(&definition) != OGRERR_NONE) fail(Message{std::string("无法创建字段 '") + field + "'", std::string("cannot create field '") + field + "'"});
    }
    for (const ExportSite& site : m_options.sites) {
      OgrFeaturePtr feature(OGRFeature::CreateFeature(layer.GetLayerDefn()));
      feature->SetField("name", siteTitle(site).c_str());
      feature->SetField("description", siteDescription(site, m_options.language).c_str());
      feature->SetGeometryDirectly(projectedPoint(site.accessPoint).release());
      if (layer.CreateFeature(feature.get()) != OGRERR_NONE) fail(Message{"无法写出 '" + site.id + "' 的地标", "cannot write the placemark of '" + site.id + "'"});
    }
    if (m_options.route.size() >= 2) {
      OGRLayer& routeLayer = createLayer(dataset, "route", wkbLineString);
      OGRFieldDefn definition("name", OFTString);
      if (routeLayer.CreateField(&definition) != OGRERR_NONE) fail(Message{"无法创建字段 'name'", "cannot create field 'name'"});
      OgrFeaturePtr feature(OGRFeature::CreateFeature(routeLayer.GetLayerDefn()));
      feature->SetField("name", m_options.language == Language::Chinese ? "建议踏勘路线" : "Suggested visit route");
      feature->SetGeometryDirectly(routeLine().release());
      feature->SetStyleString("PEN(c:#1F78B4,w:3px)");
      if (routeLayer.CreateFeature(feature.get()) != OGRERR_NONE) fail(Message{"无法写出路线", "cannot write the route"});
    }
  }

  OgrGeometryPtr routeLine() const {
    auto line = std::make_unique<OGRLineString>();
    for (EastingNorthing point : m_options.route) line->addPoint(point.easting, point.northing);
    line->assignSpatialReference(&m_source);
    if (line->transform(m_transform.get()) != OGRERR_NONE) fail(Message{"无法把路线转换到输出坐标系", "cannot transform the route to the output CRS"});
    return OgrGeometryPtr(line.release());
  }

  void writeGpx(GDALDataset& dataset) {
    // GPX has fixed layers: a waypoint per site (the parcels themselves, as polygons, cannot be GPX).
    OGRLayer& waypoints = createLayer(dataset, "waypoints", wkbPoint);
    for (const ExportSite& site : m_options.sites) {
      OgrFeaturePtr feature(OGRFeature::CreateFeature(waypoints.GetLayerDefn()));
      feature->SetField("name", siteTitle(site).c_str());
      feature->SetField("desc", siteDescription(site, m_options.language).c_str());
      feature->SetGeometryDirectly(projectedPoint(site.accessPoint).release());
      if (waypoints.CreateFeature(feature.get()) != OGRERR_NONE) fail(Message{"无法写出 '" + site.id + "' 的航点", "cannot write the waypoint of '" + site.id + "'"});
    }
    if (m_options.route.size() >= 2) {
      OGRLayer& routes = createLayer(dataset, "routes", wkbLineString);
      OgrFeaturePtr feature(OGRFeature::CreateFeature(routes.GetLayerDefn()));
      feature->SetField("name", m_options.language == Language::Chinese ? "建议踏勘路线" : "Suggested visit route");
      feature->SetGeometryDirectly(routeLine().release());
      if (routes.CreateFeature(feature.get()) != OGRERR_NONE) fail(Message{"无法写出路线", "cannot write the route"});
    }
  }

  std::int64_t writeDxf(GDALDataset& dataset) {
    // The DXF writer has one OGR layer; the "Layer" field picks the DXF layer of each entity.
    OGRLayer& layer = createLayer(dataset, "entities", wkbUnknown);
    OGRFeatureDefn& definition = *layer.GetLayerDefn();
    std::int64_t written = 0;
    for (const ExportLayer& exportLayer : m_options.layers)
      for (const FeatureRecord& record : exportLayer.features) {
        OgrGeometryPtr geometry = projected(record.wkb);
        if (!geometry) continue;
        const std::string dxfLayer = dxfLayerFor(record, exportLayer.layer);
        OgrFeaturePtr outline(OGRFeature::CreateFeature(&definition));
        outline->SetField("Layer", dxfLayer.c_str());
        OgrGeometryPtr labelPoint;
        if (wkbFlatten(geometry->getGeometryType()) == wkbPoint) {
          labelPoint.reset(geometry->clone());
        } else {
          labelPoint.reset(OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(geometry.get()))));
          if (!labelPoint || labelPoint->IsEmpty()) {
            auto* point = new OGRPoint();
            if (geometry->Centroid(point) != OGRERR_NONE) point->setCoordinateDimension(2);
            labelPoint.reset(point);
          }
        }
        outline->SetGeometryDirectly(geometry.release());
        if (layer.CreateFeature(outline.get()) != OGRERR_NONE) fail(Message{"无法写出要素 '" + record.id + "'", "cannot write feature '" + record.id + "'"});
        // The id as a TEXT entity on its own layer, at a point inside the feature.
        OgrFeaturePtr label(OGRFeature::CreateFeature(&definition));
        label->SetField("Layer", (std::string(layerName(exportLayer.layer)) + "_ids").c_str());
        label->SetGeometryDirectly(labelPoint.release());
        std::string text = record.id;
        for (char& c : text)
          if (c == '"') c = '\'';
        label->SetStyleString(fmt::format("LABEL(f:\"Arial\",t:\"{}\",s:10g)", text).c_str());
        if (layer.CreateFeature(label.get()) != OGRERR_NONE) fail(Message{"无法写出 '" + record.id + "' 的编号标注", "cannot write the id of '" + record.id + "'"});
        ++written;
      }
    return written;
  }

  const FeatureExportOptions& m_options;
  // mutable: OGR assigns references through non-const pointers (reference-counted, not changed).
  mutable OGRSpatialReference m_source;
  mutable OGRSpatialReference m_target;
  TransformPtr m_transform;
  GdalErrorCapture m_errors;
  std::vector<std::string> m_shortNames, m_fullNames;
};

/// Several files written together (a shapefile and its companions, a CSV and its .csvt): written
/// into a hidden folder beside the target, each fsynced, then renamed into place one by one; the
/// folder is removed whatever happens. A kill before the renames leaves only the hidden folder.
class StagedFiles {
 public:
  explicit StagedFiles(const fs::path& target) {
    const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string pattern = (folder / ("." + target.stem().string() + ".tmp-XXXXXX")).string();
    if (!::mkdtemp(pattern.data()))
      throw Error(ErrorCode::Io, Message{"无法在输出旁边创建临时文件夹", "cannot create a temporary folder beside the output"}, {.file = target.string()});
    m_folder = pattern;
  }
  ~StagedFiles() {
    std::error_code ignored;
    fs::remove_all(m_folder, ignored);
  }
  StagedFiles(const StagedFiles&) = delete;
  StagedFiles& operator=(const StagedFiles&) = delete;
  const fs::path& folder() const { return m_folder; }

  /// Moves every staged file named in `targets` (by file name) into place.
  void commit(const std::vector<fs::path>& targets) {
    for (const fs::path& target : targets) {
      const fs::path staged = m_folder / target.filename();
      std::error_code error;
      if (!fs::exists(staged, error)) continue;
      // fsync through a fresh descriptor before the rename makes it visible.
      if (std::FILE* file = std::fopen(staged.string().c_str(), "rb")) {
        ::fsync(::fileno(file));
        std::fclose(file);
      }
      fs::rename(staged, target, error);
      if (error)
        throw Error(ErrorCode::Io, Message{"无法把输出放到位：" + error.message(), "cannot put the output in place: " + error.message()}, {.file = target.string()});
    }
  }

 private:
  fs::path m_folder;
};

}  // namespace

std::optional<ExportFormat> exportFormatFromName(std::string_view name) {
  for (const FormatInfo& entry : kFormats)
    if (entry.name == name) return entry.format;
  if (name == "json") return ExportFormat::GeoJson;
  if (name == "geopackage") return ExportFormat::GeoPackage;
  if (name == "shapefile") return ExportFormat::Shapefile;
  return std::nullopt;
}

std::string_view exportFormatName(ExportFormat format) { return info(format).name; }
std::string_view exportFileExtension(ExportFormat format) { return info(format).extension; }

std::string defaultExportCrs(ExportFormat format, const std::string& databaseCrs) {
  if (info(format).wgs84Only || format == ExportFormat::Csv) return "EPSG:4326";
  return databaseCrs;
}

std::vector<fs::path> shapefileCompanions(const fs::path& shp) {
  std::vector<fs::path> files;
  for (const char* extension : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) files.push_back(fs::path(shp).replace_extension(extension));
  files.push_back(fs::path(shp).replace_extension(".fields.csv"));
  return files;
}

std::vector<std::string> shortenFieldNames(const std::vector<std::string>& names) {
  auto cut = [](const std::string& text, std::size_t bytes) {
    if (text.size() <= bytes) return text;
    std::size_t end = bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // not inside a UTF-8 sequence
    return text.substr(0, end);
  };
  std::vector<std::string> result;
  std::set<std::string> used;
  auto lower = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  for (const std::string& name : names) {
    std::string candidate = cut(name, 10);
    for (int suffix = 1; used.count(lower(candidate)); ++suffix) {
      const std::string tail = "_" + std::to_string(suffix);
      candidate = cut(name, 10 - tail.size()) + tail;
    }
    used.insert(lower(candidate));
    result.push_back(candidate);
  }
  return result;
}

std::string safeFileName(const std::string& text) {
  std::string result;
  for (unsigned char c : text) {
    const bool forbidden = c < 0x20 || c == 0x7F || std::string_view("<>:\"/\\|?*").find(static_cast<char>(c)) != std::string_view::npos;
    result += forbidden ? '_' : static_cast<char>(c);
  }
  // No hidden files, no "." or "..", no trailing dots or spaces (Windows drops them).
  while (!result.empty() && (result.front() == '.' || result.front() == ' ')) result.erase(result.begin());
  while (!result.empty() && (result.back() == '.' || result.back() == ' ')) result.pop_back();
  for (std::size_t at = result.find(".."); at != std::string::npos; at = result.find("..")) result.replace(at, 2, "_");
  if (result.size() > 120) {
    std::size_t end = 120;
    while (end > 0 && (static_cast<unsigned char>(result[end]) & 0xC0) == 0x80) --end;
    result.resize(end);
  }
  if (result.empty()) return "export";
  std::string upper;
  for (char c : result.substr(0, result.find('.'))) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  static const std::set<std::string> reserved{"CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
                                              "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"};
  if (reserved.count(upper)) result.insert(upper.size(), "_");
  return result;
}

FeatureExportResult exportFeatures(const Store& store, const FeatureExportOptions& options) {
  ensureGdalRegistered();
  const FormatInfo& format = info(options.format);
  FeatureExportResult result;
  result.crs = options.crs ? normaliseCrsName(*options.crs) : defaultExportCrs(options.format, store.databaseCrs());
  if (format.wgs84Only && result.crs != "EPSG:4326")
    throw Error(ErrorCode::Usage, Message{std::string(format.name) + " 总是 WGS84 经纬度（EPSG:4326）；--crs " + result.crs + " 不适用",
                                          std::string(format.name) + " is always WGS84 lon/lat (EPSG:4326); --crs " + result.crs + " cannot apply"});
  if (options.format == ExportFormat::Gpx && options.sites.empty())
    throw Error(ErrorCode::Usage, Message{"GPX 导出需要选址（航点）；当前什么也没选中", "a GPX export needs sites (waypoints); nothing was selected"});
  Writer writer(store, options, result.crs);

  if (options.format == ExportFormat::Shapefile || options.format == ExportFormat::Csv) {
    std::vector<fs::path> targets;
    if (options.format == ExportFormat::Shapefile) {
      if (options.layers.size() != 1) throw Error(ErrorCode::Usage, Message{"一个 shapefile 只能放一个图层；请一次导出一个图层", "a shapefile holds one layer; export one layer at a time"});
      targets = shapefileCompanions(options.output);
    } else {
      if (options.layers.size() != 1) throw Error(ErrorCode::Usage, Message{"一个 CSV 文件只能放一个图层；请一次导出一个图层", "a CSV file holds one layer; export one layer at a time"});
      targets = {options.output, fs::path(options.output).replace_extension(".csvt")};
    }
    for (const fs::path& target : targets) checkOutputTarget(target, options.outputFile);
    const fs::path folder = options.output.has_parent_path() ? options.output.parent_path() : fs::path(".");
    std::error_code error;
    if (!fs::is_directory(folder, error)) throw Error(ErrorCode::Io, Message{"输出所在的文件夹不存在", "the output's folder does not exist"}, {.file = options.output.string()});
    StagedFiles staged(options.output);
    // The CSV driver names the file after the layer when given a folder: give it the file path.
    result.features = writer.write(staged.folder() / options.output.filename());
    if (options.format == ExportFormat::Shapefile) {
      std::ofstream mapping(staged.folder() / fs::path(options.output.filename()).replace_extension(".fields.csv"), std::ios::binary);
      mapping << "dbf_name,field\n";
      for (std::size_t i = 0; i < writer.shortNames().size(); ++i) mapping << writer.shortNames()[i] << "," << writer.fullNames()[i] << "\n";
      if (!mapping.flush()) throw Error(ErrorCode::Io, Message{"无法写出字段名对照表", "cannot write the field name mapping"}, {.file = options.output.string()});
    }
    staged.commit(targets);
    for (const fs::path& target : targets)
      if (fs::exists(target, error)) result.files.push_back(target);
    return result;
  }

  AtomicOutputFile output(options.output, options.outputFile, AtomicOutputFile::Mode::PathOnly);
  result.features = writer.write(output.temporaryPath());
  output.commit();
  result.files.push_back(options.output);
  return result;
}

}  // namespace landbank
