// landbank export kml|gpx|geojson|gpkg|shp|csv|dxf [-o FILE] (--project ID [--top N] | --parcels ID,...
//   | --layer NAME [--where EXPR]) [--crs CRS] [--start LON,LAT] [--force]
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <ostream>

#include "cli.h"
#include "landbank/crs.h"
#include "landbank/error.h"
#include "landbank/export_selection.h"
#include "landbank/feature_export.h"
#include "landbank/store.h"
#include "match_output.h"

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
    throw Error(ErrorCode::Usage, std::string(option) + " " + text + ": write LON,LAT in WGS84 degrees, e.g. 120.396,36.307");
  return LonLat::fromDegrees(lon, lat);
}

class ExportCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("format", m_format, "kml, gpx, geojson, gpkg, shp, csv or dxf")
        ->required()
        ->check(CLI::IsMember({"kml", "gpx", "geojson", "gpkg", "shp", "csv", "dxf"}));
    app.add_option("-o,--output", m_output, "Output file (default: a safe name made from the project name, in this folder)");
    app.add_option("--project", m_project, "Export the parcels this project matches, best first");
    app.add_option("--top", m_top, "With --project: at most N sites (default 10)")->check(CLI::PositiveNumber);
    app.add_option("--parcels", m_parcels, "Export these parcels: ID,ID,...");
    app.add_option("--layer", m_layer, "Export a whole layer (parcels, parks, buildings, constraints, facilities, boundaries, projects)");
    app.add_option("--where", m_where, "With --layer: only features matching this expression (see docs/cli.md)");
    app.add_option("--crs", m_crs, "Output CRS (default: WGS84 for kml/gpx/geojson/csv, the database CRS for gpkg/shp/dxf)");
    app.add_option("--start", m_start, "Start of the suggested visit: LON,LAT (default: the district government seat)");
    app.add_flag("--force", m_force, "Overwrite an existing output file");
  }

  int run(Context& context) override {
    // Validate usage before touching any file.
    const int sources = !m_project.empty() + !m_parcels.empty() + !m_layer.empty();
    if (sources != 1) throw Error(ErrorCode::Usage, "export needs exactly one of --project ID, --parcels ID,..., --layer NAME");
    if (m_top > 0 && m_project.empty()) throw Error(ErrorCode::Usage, "--top goes with --project");
    if (!m_where.empty() && m_layer.empty()) throw Error(ErrorCode::Usage, "--where goes with --layer");
    const ExportFormat format = *exportFormatFromName(m_format);
    ExportSelection selection;
    selection.language = context.language;
    if (!m_project.empty()) selection.projectId = m_project;
    if (m_top > 0) selection.top = static_cast<std::size_t>(m_top);
    if (!m_parcels.empty()) {
      selection.parcelIds = splitIds(m_parcels);
      if (selection.parcelIds.empty()) throw Error(ErrorCode::Usage, "--parcels needs ID,ID,...");
    }
    if (!m_layer.empty()) {
      const auto layer = layerFromName(m_layer);
      if (!layer) throw Error(ErrorCode::Usage, "unknown layer '" + m_layer + "'");
      selection.layer = *layer;
      selection.where = m_where;
    }
    std::optional<LonLat> start;
    if (!m_start.empty()) start = parseLonLat(m_start, "--start");
    std::optional<std::string> crs;
    if (!m_crs.empty()) {
      try {
        crs = normaliseCrsName(m_crs);
      } catch (const Error& error) {
        throw Error(ErrorCode::Usage, "--crs: " + error.problem());
      }
    }
    if (!m_output.empty() && std::filesystem::path(m_output).extension() != exportFileExtension(format))
      throw Error(ErrorCode::Usage, fmt::format("-o {}: a {} export must end in {}", m_output, m_format, exportFileExtension(format)));

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
  std::string m_format, m_output, m_project, m_parcels, m_layer, m_where, m_crs, m_start;
  int m_top = 0;
  bool m_force = false;
};

}  // namespace

std::unique_ptr<Command> makeExportCommand() { return std::make_unique<ExportCommand>(); }

}  // namespace landbank::cli
