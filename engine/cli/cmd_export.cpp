// landbank export kml|gpx|geojson|gpkg|shp|csv|dxf [-o FILE] (--project ID [--top N] | --parcels ID,...
//   | --layer NAME [--where EXPR]) [--crs CRS] [--start LON,LAT] [--force]
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ostream>

#include "cli.h"
#include "usage_errors.h"
#include "landbank/crs.h"
#include "landbank/error.h"
#include "landbank/export_selection.h"
#include "landbank/feature_export.h"
#include "landbank/features.h"
#include "landbank/output_file.h"
#include "landbank/store.h"
#include "landbank/texts.h"
#include "export_catalogue.h"
#include "export_packet.h"
#include "map_export_loader.h"
#include "match_output.h"

#ifdef LANDBANK_MAP_EXPORT_LIBRARY
#include "export/map_export.h"
#else
#define LANDBANK_EXPORT_MAP_SYMBOL "landbank_export_map"
#define LANDBANK_EXPORT_PACKET_SYMBOL "landbank_export_packet"
#define LANDBANK_EXPORT_CATALOGUE_SYMBOL "landbank_export_catalogue"
#endif

namespace landbank::cli {

namespace {

std::vector<std::string> splitIds(const std::string& text) {
  std::vector<std::string> ids;
  std::string current;
  for (char c : text + ",") {
    if (c == ',') {
      while (!current.empty() && current.back() == ' ') current.pop_back();
      if (!current.empty()) ids.push_back(current);
      current.clear();
    } else if (!(c == ' ' && current.empty())) {
      current += c;
    }
  }
  return ids;
}

LonLat parseLonLat(const std::string& text, const char* option) {
  const auto comma = text.find(',');
  char* end = nullptr;
  const std::string lonText = comma == std::string::npos ? text : text.substr(0, comma);
  const std::string latText = comma == std::string::npos ? "" : text.substr(comma + 1);
  const double lon = std::strtod(lonText.c_str(), &end);
  const bool lonOk = !lonText.empty() && end == lonText.c_str() + lonText.size();
  const double lat = std::strtod(latText.c_str(), &end);
  const bool latOk = !latText.empty() && end == latText.c_str() + latText.size();
  if (!lonOk || !latOk || !std::isfinite(lon) || !std::isfinite(lat) || std::abs(lon) > 180 || std::abs(lat) > 90)
    throw Error(ErrorCode::Usage, Message{std::string(option) + " " + text + "：请写成 经度,纬度（WGS84 度），如 120.396,36.307",
                                          std::string(option) + " " + text + ": write LON,LAT in WGS84 degrees, e.g. 120.396,36.307"});
  return LonLat::fromDegrees(lon, lat);
}

class ExportCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("format", m_format, helpText("map、packet、catalogue（招商地块推介册）、kml、gpx、geojson、gpkg、shp、csv 或 dxf", "map, packet, catalogue (investment land catalogue), kml, gpx, geojson, gpkg, shp, csv or dxf"))
        ->required()
        ->check(CLI::IsMember({"map", "packet", "catalogue", "kml", "gpx", "geojson", "gpkg", "shp", "csv", "dxf"}));
    app.add_option("-o,--output", m_output, helpText("输出文件（默认：在当前目录下，以项目名称生成的安全文件名）", "Output file (default: a safe name made from the project name, in this folder)"));
    app.add_option("--project", m_project, helpText("导出该项目匹配到的地块，最优的在前", "Export the parcels this project matches, best first"));
    app.add_option("--top", m_top, helpText("与 --project 一起使用：最多 N 个选址（默认 10）", "With --project: at most N sites (default 10)"))->check(CLI::PositiveNumber);
    app.add_option("--parcels", m_parcels, helpText("导出这些地块：编号,编号,...", "Export these parcels: ID,ID,..."));
    app.add_option("--layer", m_layer, helpText("导出整个图层（parcels 地块、parks 园区、buildings 载体、constraints 管控、facilities 设施、boundaries 边界、projects 项目）", "Export a whole layer (parcels, parks, buildings, constraints, facilities, boundaries, projects)"));
    app.add_option("--where", m_where, helpText("与 --layer 一起使用：只导出符合此表达式的要素（见 docs/cli.md）", "With --layer: only features matching this expression (see docs/cli.md)"));
    app.add_option("--crs", m_crs, helpText("输出坐标系（默认：kml/gpx/geojson/csv 用 WGS84，gpkg/shp/dxf 用数据库坐标系）", "Output CRS (default: WGS84 for kml/gpx/geojson/csv, the database CRS for gpkg/shp/dxf)"));
    app.add_option("--start", m_start, helpText("建议踏勘路线的起点：经度,纬度（默认：区政府驻地）", "Start of the suggested visit: LON,LAT (default: the district government seat)"));
    app.add_flag("--force", m_force, helpText("覆盖已有的输出文件", "Overwrite an existing output file"));
    // export map
    app.add_option("--extent", m_extent, helpText("map：以 经度1,纬度1,经度2,纬度2（WGS84）范围代替 --project/--parcels/--layer", "map: LON1,LAT1,LON2,LAT2 (WGS84) instead of --project/--parcels/--layer"));
    app.add_option("--size", m_size, helpText("map：宽x高，像素（默认 1920x1080）", "map: WIDTHxHEIGHT in pixels (default 1920x1080)"));
    app.add_option("--paper", m_paper, helpText("map：以 A4 或 A3 横向页面代替 --size", "map: A4 or A3 landscape page instead of --size"))->check(CLI::IsMember({"A4", "A3"}));
    app.add_option("--dpi", m_dpi, helpText("map：每英寸点数（默认 96；打印用 300）", "map: dots per inch (default 96; 300 for print)"))->check(CLI::Range(48, 1200));
    app.add_option("--title", m_title, helpText("map：标题（默认：项目名称）", "map: title (default: the project name)"));
    app.add_option("--layers", m_layers, helpText("map：要绘制的图层，名称,名称,...（默认：与查看器相同）", "map: layers to draw, NAME,NAME,... (default: the viewer's)"));
    app.add_flag("--landscape", m_landscape, helpText("packet：横向页面", "packet: landscape pages"));
    app.add_option("--subdistrict", m_subdistrict, helpText("catalogue：只收该街道的地块和载体（如 棘洪滩街道 或 棘洪滩）", "catalogue: only the land and carriers of this subdistrict (e.g. 棘洪滩街道 or 棘洪滩)"));
  }

  int run(Context& context) override {
    if (m_format == "map") return runMap(context);
    if (m_format == "packet") return runPacket(context);
    if (m_format == "catalogue") return runCatalogue(context);
    if (!m_subdistrict.empty()) throw Error(ErrorCode::Usage, Message{"--subdistrict 只用于 export catalogue", "--subdistrict goes with export catalogue"});
    if (m_landscape) throw Error(ErrorCode::Usage, Message{"--landscape 只用于 export packet", "--landscape goes with export packet"});
    if (!m_extent.empty() || !m_size.empty() || !m_paper.empty() || m_dpi || !m_title.empty() || !m_layers.empty())
      throw Error(ErrorCode::Usage, Message{"--extent、--size、--paper、--dpi、--title 和 --layers 只用于 export map", "--extent, --size, --paper, --dpi, --title and --layers go with export map"});
    // Validate usage before touching any file.
    const int sources = !m_project.empty() + !m_parcels.empty() + !m_layer.empty();
    if (sources != 1) throw Error(ErrorCode::Usage, Message{"export 需要且只需要 --project 编号、--parcels 编号,...、--layer 图层名 之一", "export needs exactly one of --project ID, --parcels ID,..., --layer NAME"});
    if (m_top > 0 && m_project.empty()) throw Error(ErrorCode::Usage, Message{"--top 须与 --project 一起使用", "--top goes with --project"});
    if (!m_where.empty() && m_layer.empty()) throw Error(ErrorCode::Usage, Message{"--where 须与 --layer 一起使用", "--where goes with --layer"});
    const ExportFormat format = *exportFormatFromName(m_format);
    const ExportSelection selection = parseSelection(context);
    std::optional<LonLat> start;
    if (!m_start.empty()) start = parseLonLat(m_start, "--start");
    std::optional<std::string> crs;
    if (!m_crs.empty()) crs = checkedCrsOption("--crs", m_crs);
    if (!m_output.empty() && std::filesystem::path(m_output).extension() != exportFileExtension(format))
      throw Error(ErrorCode::Usage, bilingual("-o {}：{} 导出的文件名必须以 {} 结尾", "-o {}: a {} export must end in {}", m_output, m_format, exportFileExtension(format)));

    const Store store = openForMatching(context.databasePath);
    const SelectedExport selected = selectForExport(store, selection);

    FeatureExportOptions options;
    options.format = format;
    options.output = m_output.empty() ? std::filesystem::path(safeFileName(selected.title) + std::string(exportFileExtension(format)))
                                      : std::filesystem::path(m_output);
    options.outputFile.existing = m_force ? ExistingOutput::Replace : ExistingOutput::Refuse;
    options.outputFile.protectedFiles = {context.databasePath};
    options.crs = crs;
    options.layers = selected.layers;
    options.sites = selected.sites;
    options.language = context.language;

    // The suggested visit order, for the trips the sites of a project or a parcel list make.
    std::optional<SiteVisitPlan> plan;
    if (!selection.layer && !selected.sites.empty()) {
      const ProjectedToLonLat toLonLat(store.databaseCrs());
      plan = planSiteVisit(toLonLat.toProjected(start.value_or(districtSeat())), selected.sites);
      options.route = plan->route;
    }

    const FeatureExportResult result = exportFeatures(store, options);
    const bool zh = context.language == Language::Chinese;
    context.out << fmt::format(fmt::runtime(zh ? "{}：已导出 {} 个要素到 {}（{}）\n" : "{}: wrote {} features to {} ({})\n"), m_format, result.features,
                               options.output.string(), result.crs);
    if (result.files.size() > 1)
      for (const auto& file : result.files) context.out << "  " << file.string() << "\n";
    if (plan) {
      context.out << (zh ? "建议踏勘顺序（直线距离，起点 " : "Suggested visit order (straight-line, from ")
                  << (m_start.empty() ? (zh ? "区政府" : "the district government") : m_start) << (zh ? "）：\n" : "):\n");
      int step = 0;
      for (std::size_t index : plan->order.order) {
        const ExportSite& site = selected.sites[index];
        context.out << fmt::format("  {}. {}{}\n", ++step, site.id, site.name.empty() ? "" : " " + site.name);
      }
      context.out << fmt::format(fmt::runtime(zh ? "总距离 {:.1f} 千米\n" : "Total distance {:.1f} km\n"), plan->order.totalMetres / 1000.0);
    }
    return 0;
  }

 private:
  ExportSelection parseSelection(Context& context) const {
    ExportSelection selection;
    selection.language = context.language;
    if (!m_project.empty()) selection.projectId = m_project;
    if (m_top > 0) selection.top = static_cast<std::size_t>(m_top);
    if (!m_parcels.empty()) {
      selection.parcelIds = splitIds(m_parcels);
      if (selection.parcelIds.empty()) throw Error(ErrorCode::Usage, Message{"--parcels 需要 编号,编号,...", "--parcels needs ID,ID,..."});
    }
    if (!m_layer.empty()) {
      const auto layer = layerFromName(m_layer);
      if (!layer) throw Error(ErrorCode::Usage, Message{"没有图层 '" + m_layer + "'", "unknown layer '" + m_layer + "'"});
      selection.layer = *layer;
      selection.where = m_where;
    }
    return selection;
  }

  int runPacket(Context& context) {
    if (m_project.empty() == m_parcels.empty()) throw Error(ErrorCode::Usage, Message{"export packet 需要且只需要 --project 编号 或 --parcels 编号,... 之一", "export packet needs exactly one of --project ID, --parcels ID,..."});
    if (!m_layer.empty() || !m_extent.empty() || !m_size.empty() || m_dpi || !m_layers.empty() || !m_crs.empty())
      throw Error(ErrorCode::Usage, Message{"export packet 只接受 --project/--parcels、-o、--paper、--landscape、--start、--force", "export packet takes --project/--parcels, -o, --paper, --landscape, --start, --force"});
    if (m_top > 0 && m_project.empty()) throw Error(ErrorCode::Usage, Message{"--top 须与 --project 一起使用", "--top goes with --project"});
    PacketRequest packet;
    packet.selection = parseSelection(context);
    if (!m_output.empty() && std::filesystem::path(m_output).extension() != ".pdf")
      throw Error(ErrorCode::Usage, Message{"-o " + m_output + "：踏勘资料包（packet）是 .pdf 文件", "-o " + m_output + ": a packet is a .pdf"});
    packet.force = m_force;
    packet.paper = m_paper.empty() ? "A4" : m_paper;
    packet.landscape = m_landscape;
    if (!m_start.empty()) packet.start = parseLonLat(m_start, "--start");
    if (!m_output.empty()) {
      packet.output = m_output;
    } else {
      // Named after the project (made safe), else "地块"/"parcels".
      const Store store = openForMatching(context.databasePath);
      std::string name = context.language == Language::Chinese ? "地块" : "parcels";
      if (packet.selection.projectId) name = readFeature(store, Layer::Projects, *packet.selection.projectId).properties.value("name", name);
      packet.output = safeFileName(name) + ".pdf";
    }
    return runPacketExport(context, packet, loadMapExport(LANDBANK_EXPORT_PACKET_SYMBOL));
  }

  int runCatalogue(Context& context) {
    if (!m_project.empty() || !m_parcels.empty() || !m_layer.empty() || !m_where.empty() || m_top > 0 || !m_crs.empty() || !m_start.empty() ||
        !m_extent.empty() || !m_size.empty() || !m_paper.empty() || m_dpi || !m_title.empty() || !m_layers.empty() || m_landscape)
      throw Error(ErrorCode::Usage, Message{"export catalogue 只接受 -o 文件.pdf、--subdistrict、--force", "export catalogue takes -o FILE.pdf, --subdistrict, --force"});
    if (m_output.empty()) throw Error(ErrorCode::Usage, Message{"export catalogue 需要 -o 文件.pdf", "export catalogue needs -o FILE.pdf"});
    if (std::filesystem::path(m_output).extension() != ".pdf") throw Error(ErrorCode::Usage, Message{"-o " + m_output + "：地块图册（catalogue）是 .pdf 文件", "-o " + m_output + ": a catalogue is a .pdf"});
    // Refuse an existing file (or the database) before any work; the renderer checks again.
    OutputFileOptions target;
    target.existing = m_force ? ExistingOutput::Replace : ExistingOutput::Refuse;
    target.protectedFiles = {context.databasePath};
    checkOutputTarget(m_output, target);
    CatalogueRequest catalogue;
    catalogue.output = m_output;
    catalogue.force = m_force;
    catalogue.subdistrict = m_subdistrict;
    return runCatalogueExport(context, catalogue, loadMapExport(LANDBANK_EXPORT_CATALOGUE_SYMBOL));
  }

  int runMap(Context& context) {
    const int sources = !m_extent.empty() + !m_project.empty() + !m_parcels.empty() + !m_layer.empty();
    if (sources != 1) throw Error(ErrorCode::Usage, Message{"export map 需要且只需要 --extent、--project、--parcels、--layer 之一", "export map needs exactly one of --extent, --project, --parcels, --layer"});
    if (m_output.empty()) throw Error(ErrorCode::Usage, Message{"export map 需要 -o 文件.png|.pdf|.svg", "export map needs -o FILE.png|.pdf|.svg"});
    const std::string extension = std::filesystem::path(m_output).extension().string();
    if (extension != ".png" && extension != ".pdf" && extension != ".svg")
      throw Error(ErrorCode::Usage, Message{"-o " + m_output + "：地图只能是 .png、.pdf 或 .svg", "-o " + m_output + ": a map is .png, .pdf or .svg"});
    if (!m_size.empty() && !m_paper.empty()) throw Error(ErrorCode::Usage, Message{"--size 和 --paper 只能给一个", "give --size or --paper, not both"});
    int width = 1920, height = 1080;
    if (!m_size.empty()) {
      char x = 0;
      char rest = 0;
      if (std::sscanf(m_size.c_str(), "%d%c%d%c", &width, &x, &height, &rest) != 3 || (x != 'x' && x != 'X') || width < 16 || height < 16 ||
          width > 20000 || height > 20000)
        throw Error(ErrorCode::Usage, Message{"--size " + m_size + "：请写成 宽x高（像素），如 1920x1080", "--size " + m_size + ": write WIDTHxHEIGHT in pixels, e.g. 1920x1080"});
    }
    std::optional<std::array<double, 4>> lonLatExtent;
    if (!m_extent.empty()) {
      const auto parts = splitIds(m_extent);
      std::array<double, 4> values{};
      bool ok = parts.size() == 4;
      for (std::size_t i = 0; ok && i < 4; ++i) {
        char* end = nullptr;
        values[i] = std::strtod(parts[i].c_str(), &end);
        ok = end == parts[i].c_str() + parts[i].size() && std::isfinite(values[i]);
      }
      if (!ok || values[0] >= values[2] || values[1] >= values[3])
        throw Error(ErrorCode::Usage, Message{"--extent " + m_extent + "：请写成 经度1,纬度1,经度2,纬度2（WGS84，西,南,东,北）",
                                              "--extent " + m_extent + ": write LON1,LAT1,LON2,LAT2 (WGS84, west,south,east,north)"});
      lonLatExtent = values;
    }
    const ExportSelection selection = parseSelection(context);

    const Store store = openForMatching(context.databasePath);
    nlohmann::json request;
    ProjectedBox box;
    std::string title = m_title;
    if (lonLatExtent) {
      const ProjectedToLonLat toLonLat(store.databaseCrs());
      const auto [w, s, e, n] = *lonLatExtent;
      box = ProjectedBox{1, 1, 0, 0};
      bool first = true;
      for (const LonLat corner : {LonLat{w, s}, LonLat{w, n}, LonLat{e, s}, LonLat{e, n}}) {
        const EastingNorthing p = toLonLat.toProjected(corner);
        if (first) box = ProjectedBox{p.easting, p.northing, p.easting, p.northing};
        box.minEasting = std::min(box.minEasting, p.easting);
        box.minNorthing = std::min(box.minNorthing, p.northing);
        box.maxEasting = std::max(box.maxEasting, p.easting);
        box.maxNorthing = std::max(box.maxNorthing, p.northing);
        first = false;
      }
    } else {
      const SelectedExport selected = selectForExport(store, selection);
      box = extentOf(selected.layers);
      if (box.isEmpty()) throw Error(ErrorCode::BadValue, Message{"没有可画的内容：所选要素没有几何图形", "nothing to map: the selection has no geometry"});
      // Some room around the sites: 15% each side, at least 300 m.
      const double marginX = std::max(300.0, (box.maxEasting - box.minEasting) * 0.15);
      const double marginY = std::max(300.0, (box.maxNorthing - box.minNorthing) * 0.15);
      box = ProjectedBox{box.minEasting - marginX, box.minNorthing - marginY, box.maxEasting + marginX, box.maxNorthing + marginY};
      if (title.empty() && selection.projectId) title = selected.title;
      nlohmann::json ranked = nlohmann::json::array(), highlight = nlohmann::json::array();
      int index = 0;
      for (const ExportSite& site : selected.sites) {
        ++index;
        highlight.push_back(site.id);
        if (selected.sites.size() <= 200) ranked.push_back({{"id", site.id}, {"rank", site.rank.value_or(index)}});
      }
      request["ranked"] = ranked;
      request["highlight"] = highlight;
    }
    request["database"] = context.databasePath.string();
    request["output"] = m_output;
    request["force"] = m_force;
    request["extent"] = {box.minEasting, box.minNorthing, box.maxEasting, box.maxNorthing};
    request["width"] = width;
    request["height"] = height;
    request["dpi"] = m_dpi ? m_dpi : 96;
    request["paper"] = m_paper;
    request["title"] = title;
    request["language"] = std::string(languageCode(context.language));
    request["layers"] = m_layers.empty() ? std::vector<std::string>{} : splitIds(m_layers);
    for (const auto& name : request["layers"])
      if (!layerFromName(name.get<std::string>())) throw Error(ErrorCode::Usage, Message{"--layers：没有图层 '" + name.get<std::string>() + "'", "--layers: unknown layer '" + name.get<std::string>() + "'"});

    const MapExportFunction exportMap = loadMapExport(LANDBANK_EXPORT_MAP_SYMBOL);
    std::array<char, 4096> message{};
    const int code = exportMap(request.dump().c_str(), message.data(), message.size());
    if (code != 0) {
      context.err << (code == 2 ? usageErrorPrefix(context.language) : errorPrefix(context.language)) << message.data() << "\n";
      return code;
    }
    context.out << (context.language == Language::Chinese ? "map：已绘制 " : "map: wrote ") << message.data() << "\n";
    return 0;
  }

  std::string m_format, m_output, m_project, m_parcels, m_layer, m_where, m_crs, m_start;
  std::string m_extent, m_size, m_paper, m_title, m_layers, m_subdistrict;
  int m_dpi = 0;
  bool m_landscape = false;
  int m_top = 0;
  bool m_force = false;
};

}  // namespace

std::unique_ptr<Command> makeExportCommand() { return std::make_unique<ExportCommand>(); }

}  // namespace landbank::cli
