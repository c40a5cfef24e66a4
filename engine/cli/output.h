#pragma once
// Output for people (aligned tables that stay aligned with Chinese text) and for scripts (JSON).

#include <nlohmann/json.hpp>
#include <functional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "landbank/crs.h"
#include "landbank/features.h"
#include "landbank/language.h"

#include "cli.h"

namespace landbank::cli {

enum class OutputFormat { Table, Json, Csv, GeoJson };

/// "table", "json", "csv", "geojson".
std::string_view formatName(OutputFormat format);
/// Parses "table|json|csv|geojson"; throws Error(Usage).
OutputFormat parseOutputFormat(const std::string& text);
/// The format to use: the one asked for, else table on a terminal and JSON in a pipe.
OutputFormat resolveOutputFormat(const std::string& requested, bool outIsTerminal);

/// Every format; what listings and match write.
inline constexpr OutputFormat kAllFormats[] = {OutputFormat::Table, OutputFormat::Json, OutputFormat::Csv, OutputFormat::GeoJson};
inline constexpr OutputFormat kTableOrJson[] = {OutputFormat::Table, OutputFormat::Json};

/// --format, -o/--output and --bom of every command that writes results: the one place that decides
/// the format. The rule (docs/cli.md "Output formats"): --format when given; else the extension of
/// -o (.txt table, .json json, .csv csv, .geojson geojson); else table on a terminal, JSON in a pipe.
/// Refused with Error(Usage), naming what the command can write: a format the command cannot write,
/// an -o extension that names another format than --format, and an -o extension that names no
/// format landbank writes (out.kml) when --format is absent. -o writes through AtomicOutputFile.
struct OutputOptions {
  std::string format;
  std::string file;
  bool bom = false;

  /// Declares --format, -o/--output and --bom on `app`; the help names the formats in `supported`.
  void setup(CLI::App& app, std::span<const OutputFormat> supported = kAllFormats);
  OutputFormat resolve(const Context& context, std::span<const OutputFormat> supported) const;
  /// Writes through `write(std::ostream&)` to stdout or, atomically, to -o FILE (never onto the open database).
  template <typename Write>
  void emit(Context& context, Write&& write) const;

  /// emit() for a command written against a Context: `body` gets a context whose `out` is stdout
  /// or the -o file (with the BOM when --bom), everything else as in `context`; returns what body returns.
  int emitContext(Context& context, const std::function<int(Context&)>& body) const;

 private:
  void emitToFile(Context& context, const std::function<void(std::ostream&)>& write) const;
};

template <typename Write>
void OutputOptions::emit(Context& context, Write&& write) const {
  if (file.empty()) {
    write(context.out);
    return;
  }
  emitToFile(context, std::function<void(std::ostream&)>(std::forward<Write>(write)));
}

/// The format of a command that has --format but no -o (the ledger's commands): the same checks
/// as OutputOptions::resolve, so a format the command cannot write is refused (exit 2), not replaced.
OutputFormat resolveFormatOption(const Context& context, const std::string& format, std::span<const OutputFormat> supported);

/// Default table columns of a layer's listing.
std::vector<std::string> defaultTableColumns(Layer layer);

/// Display width of UTF-8 text in terminal columns: East Asian wide characters count 2.
std::size_t displayWidth(std::string_view text);

/// Prints rows under headers with columns padded to their display width; columns whose cells all
/// look numeric are right-aligned, except those named in `textColumns` (codes such as land use
/// "100101", which look like numbers but are not quantities, stay left-aligned whatever the rows hold).
void printTable(std::ostream& out, const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows,
                const std::vector<std::string>& textColumns = {});

/// A number for people: thousands separators for large values, `decimals` places.
std::string formatNumber(double value, int decimals);
/// A JSON value as a table cell (numbers rounded for people, lists joined with ",", booleans
/// 是/否 or yes/no).
std::string cellText(const nlohmann::json& value, int decimals = 1, Language language = Language::English);

/// The JSON object of DESIGN.md for one feature: id, canonical fields present, derived fields,
/// centroid [lon, lat] in WGS84 (6 decimals), and "attrs" with non-canonical source fields.
nlohmann::json featureJson(const FeatureRecord& record, const ProjectedToLonLat& toLonLat);

}  // namespace landbank::cli
