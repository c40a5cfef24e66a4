#include "import/source.h"

#include <cpl_conv.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "detail/local_sources.h"
#include "import/place_checks.h"
#include "landbank/crs.h"
#include "landbank/error.h"
#include "landbank/layers.h"
#include "landbank/texts.h"
#include "text_encoding.h"

namespace landbank::importing {

std::string lowerCase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// ---- source opening -------------------------------------------------------------------------

// GDAL 3.6 takes these as configuration options, not open options, and some drivers read them
// lazily (XLSX parses its sheet on first access), so they stay set for the whole import:
// DXF closed polylines are parcels, not lines; spreadsheets always have a header row and are
// read as text (we parse numbers ourselves).
namespace {

// OGR_ARC_STEPSIZE: DXF bulges and arcs become 1-degree chords (GDAL's default is 4): the chord
// lies within r(1 - cos 0.5°) = 0.004% of the radius of the true arc, 4 mm at 100 m.
constexpr std::pair<const char*, const char*> kOptions[] = {{"DXF_CLOSED_LINE_AS_POLYGON", "TRUE"},
                                                             {"OGR_ARC_STEPSIZE", "1"},
                                                             {"OGR_XLSX_HEADERS", "FORCE"},
                                                             {"OGR_XLSX_FIELD_TYPES", "STRING"},
                                                             {"OGR_ODS_HEADERS", "FORCE"},
                                                             {"OGR_ODS_FIELD_TYPES", "STRING"}};
}  // namespace

ScopedReaderConfig::ScopedReaderConfig() {
  for (const auto& [key, value] : kOptions) CPLSetThreadLocalConfigOption(key, value);
}

ScopedReaderConfig::~ScopedReaderConfig() {
  for (const auto& [key, value] : kOptions) CPLSetThreadLocalConfigOption(key, nullptr);
}

// How the source's text is to be decoded: --encoding, else a shapefile's .cpg, else the code-page
// byte (LDID) of its .dbf, else detection. We decode ourselves in every case (GDAL's ENCODING=""),
// field names with the same decoder as values, and record the encoding as the source gave it.

static std::optional<std::string> codePageOfDbfByte(const std::filesystem::path& dbf) {
  std::FILE* file = std::fopen(dbf.c_str(), "rb");
  if (!file) return std::nullopt;
  unsigned char header[32] = {};
  const std::size_t read = std::fread(header, 1, sizeof header, file);
  std::fclose(file);
  if (read < 30) return std::nullopt;
  switch (header[29]) {  // dBASE language driver id
    case 0x4D: case 0x7A: return "CP936";
    case 0x4F: case 0x78: return "CP950";
    case 0x4E: case 0x79: return "CP949";
    case 0x4C: case 0x7B: return "CP932";
    default: return std::nullopt;  // 0 (none) or a Latin code page: detection decides
  }
}

SourceEncoding chooseEncoding(const ImportOptions& options) {
  if (options.encoding) {
    if (!iconvEncodingName(*options.encoding))
      throw Error(ErrorCode::Usage, Message{"--encoding " + *options.encoding + "：未知的编码（可用如 GBK、GB18030、BIG5、UTF-8、CP1252）",
                                            "--encoding " + *options.encoding + ": unknown encoding (e.g. GBK, GB18030, BIG5, UTF-8, CP1252)"});
    return SourceEncoding{options.encoding, {}};
  }
  const std::string extension = lowerCase(options.sourcePath.extension().string());
  if (extension != ".shp" && extension != ".dbf") return {};
  std::filesystem::path cpg = options.sourcePath;
  cpg.replace_extension(".cpg");
  if (!std::filesystem::exists(cpg)) cpg.replace_extension(".CPG");
  if (std::filesystem::exists(cpg)) {
    std::ifstream in(cpg);
    std::string text;
    std::getline(in, text);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(text.begin());
    if (!text.empty() && iconvEncodingName(text)) return SourceEncoding{text, Message{printableText(text) + "（.cpg 文件）", printableText(text) + " (.cpg)"}};
    throw Error(ErrorCode::Encoding,
                Message{".cpg 文件写的编码 '" + text + "' 无法识别；请用 --encoding 指定编码",
                        "the .cpg names encoding '" + text + "', which is unknown here; pass --encoding"},
                {.file = cpg.string()});
  }
  std::filesystem::path dbf = options.sourcePath;
  dbf.replace_extension(".dbf");
  if (std::optional<std::string> codePage = codePageOfDbfByte(dbf)) return SourceEncoding{*codePage, Message{*codePage + "（DBF 代码页字节）", *codePage + " (code page byte)"}};
  return {};
}

const char* const kDefaultXNames = "x,X,lon,lng,longitude,Lon,Lng,Longitude,LON,LNG,LONGITUDE,easting,Easting,经度,东坐标,centroid_lon";
const char* const kDefaultYNames = "y,Y,lat,latitude,Lat,Latitude,LAT,LATITUDE,northing,Northing,纬度,北坐标,centroid_lat";

GdalDatasetPtr openSource(const ImportOptions& options) {
  const std::string path = options.sourcePath.string();
  // Local files only: URLs and GDAL's virtual file systems (/vsicurl/, /vsis3/, /vsizip/ nesting
  // them) are refused by name, before GDAL sees them (network access is off anyway, detail/gdal.h).
  refuseRemotePath(path, LocalSourceUse::VectorImport);
  if (!std::filesystem::exists(options.sourcePath)) throw Error(ErrorCode::Io, Message{"文件不存在", "file not found"}, {.file = path});
  if (std::filesystem::is_directory(options.sourcePath) && lowerCase(options.sourcePath.extension().string()) != ".gdb")
    throw Error(ErrorCode::Io,
                Message{"这是一个文件夹；请指明要导入的文件（.shp、.gpkg、.geojson 等）", "this is a folder; name the file to import (a .shp, .gpkg, .geojson, ...)"},
                {.file = path});
  const std::string extension = lowerCase(options.sourcePath.extension().string());
  CPLStringList openOptions;
  if (extension == ".csv") {
    // Geometry from a WKT column or from x/y columns; every value kept as text so that we parse
    // (and report) numbers ourselves instead of GDAL silently turning "abc" into 0.
    openOptions.AddNameValue("GEOM_POSSIBLE_NAMES", "WKT,wkt,geom,geometry,the_geom,GEOMETRY,Geometry");
    openOptions.AddNameValue("X_POSSIBLE_NAMES", options.xyColumns ? options.xyColumns->first.c_str() : kDefaultXNames);
    openOptions.AddNameValue("Y_POSSIBLE_NAMES", options.xyColumns ? options.xyColumns->second.c_str() : kDefaultYNames);
    openOptions.AddNameValue("KEEP_GEOM_COLUMNS", "NO");
    openOptions.AddNameValue("AUTODETECT_TYPE", "NO");
    openOptions.AddNameValue("EMPTY_STRING_AS_NULL", "YES");
  } else if (extension == ".shp" || extension == ".dbf") {
    // Raw bytes: we decode (or detect) the encoding ourselves, strictly, so that a wrong guess
    // becomes an error instead of mojibake in the store (see chooseEncoding for .cpg and LDID).
    openOptions.AddNameValue("ENCODING", "");
  }
  if (extension == ".shp") {
    // GDAL's own words here are configuration advice (SHAPE_RESTORE_SHX) or, without the .dbf, a
    // layer without fields ("required field 'id' is missing"): say what is really wrong.
    auto sibling = [&](const char* lower, const char* upper) {
      std::filesystem::path candidate = options.sourcePath;
      if (std::filesystem::exists(candidate.replace_extension(lower))) return true;
      return std::filesystem::exists(candidate.replace_extension(upper));
    };
    const std::string stem = options.sourcePath.stem().string();
    if (!sibling(".dbf", ".DBF"))
      throw Error(ErrorCode::Io,
                  Message{"旁边缺少 shapefile 的属性表 " + stem + ".dbf；shapefile 是一组文件（.shp、.shx、.dbf、.prj、.cpg），请全部复制过来",
                          "the shapefile's attribute table " + stem + ".dbf is missing next to it; a shapefile is a set of files "
                          "(.shp, .shx, .dbf, .prj, .cpg): copy them all"},
                  {.file = path});
    if (!sibling(".shx", ".SHX"))
      throw Error(ErrorCode::Io,
                  Message{"旁边缺少 shapefile 的索引文件 " + stem + ".shx；shapefile 是一组文件（.shp、.shx、.dbf、.prj、.cpg），请全部复制过来",
                          "the shapefile's index " + stem + ".shx is missing next to it; a shapefile is a set of files "
                          "(.shp, .shx, .dbf, .prj, .cpg): copy them all"},
                  {.file = path});
  }
  GdalErrorCapture capture;
  // The drivers an import may use: local vector formats only (detail/local_sources.h).
  GdalDatasetPtr dataset = openLocalSource(path, LocalSourceUse::VectorImport, capture, openOptions.List());
  if (!dataset)
    throw Error(ErrorCode::Io, Message{"GDAL 无法把它当作矢量数据读取" + capture.suffix(), "GDAL cannot read it as a vector source" + capture.suffix()},
                {.file = path});
  return dataset;
}

OGRLayer* chooseSourceLayer(GDALDataset& dataset, const ImportOptions& options) {
  const std::string file = options.sourcePath.string();
  std::string names;
  for (int i = 0; i < dataset.GetLayerCount(); ++i) names += (i ? ", " : "") + std::string(dataset.GetLayer(i)->GetName());
  if (options.sourceLayer) {
    OGRLayer* layer = dataset.GetLayerByName(options.sourceLayer->c_str());
    if (!layer)
      throw Error(ErrorCode::Usage,
                  Message{"数据源中没有图层 '" + *options.sourceLayer + "'；现有图层：" + names, "no layer '" + *options.sourceLayer + "' in the source; it has: " + names},
                  {.file = file});
    return layer;
  }
  if (dataset.GetLayerCount() == 0) throw Error(ErrorCode::BadValue, Message{"数据源中没有图层", "the source has no layers"}, {.file = file});
  if (dataset.GetLayerCount() == 1) return dataset.GetLayer(0);
  // A multi-layer source (a GeoPackage of the whole district) usually names its layers like ours.
  if (OGRLayer* same = dataset.GetLayerByName(std::string(layerName(options.layer)).c_str())) return same;
  throw Error(ErrorCode::Usage,
              Message{"数据源有多个图层（" + names + "）；请用 --src-layer 选一个", "the source has several layers (" + names + "); pick one with --src-layer"},
              {.file = file});
}

// ---- CRS --------------------------------------------------------------------------------------


static std::string describeSpatialReference(const OGRSpatialReference& reference) {
  const char* authority = reference.GetAuthorityName(nullptr);
  const char* code = reference.GetAuthorityCode(nullptr);
  if (authority && code) return std::string(authority) + ":" + code;
  OGRSpatialReference copy(reference);
  if (copy.AutoIdentifyEPSG() == OGRERR_NONE && copy.GetAuthorityCode(nullptr))
    return std::string("EPSG:") + copy.GetAuthorityCode(nullptr);
  const char* name = reference.GetName();
  return name ? name : "unnamed CRS";
}

// A GeoPackage with srs_id 0 or -1 declares "Undefined geographic SRS" / "Undefined Cartesian SRS":
// no CRS at all, to be detected or given like a shapefile without .prj.
static bool isUndefinedCrs(const OGRSpatialReference& reference) {
  const char* name = reference.GetName();
  const std::string text = lowerCase(name ? name : "");
  return text.rfind("undefined geographic srs", 0) == 0 || text.rfind("undefined cartesian srs", 0) == 0;
}

std::optional<SourceCrs> resolveSourceCrs(OGRLayer& layer, const ImportOptions& options, Feedback& feedback) {
  const std::string file = options.sourcePath.string();
  SourceCrs crs;
  if (options.crs) {
    const std::string name = normaliseCrsName(*options.crs);
    if (crs.reference.SetFromUserInput(name.c_str()) != OGRERR_NONE)
      throw Error(ErrorCode::Crs, Message{"GDAL 不认识坐标参考系（CRS）'" + *options.crs + "'", "GDAL does not know the CRS '" + *options.crs + "'"},
                  {.file = file});
    crs.name = name;
  } else if (const OGRSpatialReference* declared = layer.GetSpatialRef(); declared && !isUndefinedCrs(*declared)) {
    crs.reference = *declared;
    crs.name = describeSpatialReference(*declared);
  } else {
    if (layer.GetGeomType() == wkbNone) return std::nullopt;  // a table without geometry (projects in XLSX)
    OGREnvelope extent;
    if (layer.GetExtent(&extent, TRUE) != OGRERR_NONE) return std::nullopt;  // no geometry in any feature
    const bool plausibleLonLat = extent.MinX >= -180 && extent.MaxX <= 180 && extent.MinY >= -90 && extent.MaxY <= 90;
    if (!plausibleLonLat) {
      const std::string hint = suggestCrsForCoordinates(extent.MinX, extent.MinY);
      const std::string hintZh = suggestCrsForCoordinates(extent.MinX, extent.MinY, Language::Chinese);
      const std::string xRange = std::to_string(extent.MinX) + ".." + std::to_string(extent.MaxX);
      throw Error(ErrorCode::Crs,
                  Message{"数据源没有坐标参考系（CRS），其坐标（x " + xRange + "）不是经纬度；请用 --crs 指定" +
                              (hintZh.empty() ? std::string(" EPSG:NNNN") : "（看起来像 " + hintZh + "）"),
                          "the source has no CRS and its coordinates (x " + xRange + ") are not longitude/latitude; pass --crs" +
                              (hint.empty() ? std::string(" EPSG:NNNN") : " (they look like " + hint + ")")},
                  {.file = file});
    }
    // GeoJSON (RFC 7946) and most CSVs without a CRS are WGS84 lon/lat.
    crs.reference.SetFromUserInput("EPSG:4326");
    crs.name = "EPSG:4326 (assumed: no CRS in the source, coordinates are lon/lat)";
    feedback.notice(say(options.language, "{} 没有坐标参考系（CRS）；坐标看起来是经纬度，按 EPSG:4326 处理",
                        "no CRS in {}; coordinates look like lon/lat, using EPSG:4326", options.sourcePath.filename().string()));
  }
  crs.reference.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (options.crsCheck == CrsPlausibility::Check && layer.GetGeomType() != wkbNone)
    checkSourceCrsPlausible(crs.reference, crs.name, sampleFeatureCentres(layer, 200), file);
  return crs;
}

// Beijing 1954 and Xi'an 1980 positions differ from CGCS2000 by tens of metres up to about 100 m; the
// shift PROJ applies is real, and planners should see that a legacy datum was involved.
std::string legacyChineseDatum(const OGRSpatialReference& reference) {
  const char* datum = reference.GetAttrValue("DATUM");
  const std::string name = lowerCase(datum ? datum : "");
  if (name.find("beijing") != std::string::npos && name.find("1954") != std::string::npos) return "Beijing 1954";
  if (name.find("xian") != std::string::npos || name.find("xi'an") != std::string::npos || name.find("xi_an") != std::string::npos)
    return "Xi'an 1980";
  if (name.find("new_beijing") != std::string::npos || name.find("new beijing") != std::string::npos) return "New Beijing";
  return {};
}

// CSV and spreadsheets are read as text (see openSource); their extra attributes get typed here.
bool sourceHasOnlyText(GDALDataset& dataset) {
  const GDALDriver* driver = dataset.GetDriver();
  const std::string name = driver ? driver->GetDescription() : "";
  return name == "CSV" || name == "XLSX" || name == "ODS";
}

}  // namespace landbank::importing
