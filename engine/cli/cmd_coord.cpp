// landbank coord X,Y [--from CRS] --to CRS [--format table|json]: one point between CRSs (EPSG codes
// and gcj02). Needs no database.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <ostream>

#include "cli.h"
#include "landbank/coordinate_conversion.h"
#include "landbank/error.h"
#include "output.h"

namespace landbank::cli {

namespace {

double parseNumber(const std::string& text, const std::string& whole) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value))
    throw Error(ErrorCode::Usage, Message{"coord " + whole + "：请把点写成 X,Y，如 120.38,36.30（经度,纬度）或 515000,4020000",
                                          "coord " + whole + ": write the point as X,Y, e.g. 120.38,36.30 (lon,lat) or 515000,4020000"});
  return value;
}

class CoordCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("point", m_point, helpText("--from 坐标系下的 X,Y：经度,纬度（度）或 东坐标,北坐标（米）", "X,Y in the --from CRS: lon,lat in degrees, or easting,northing in metres"))->required();
    app.add_option("--from", m_from, helpText("该点的坐标系：EPSG:NNNN 或 gcj02（默认 EPSG:4326，即 WGS84 经纬度）", "CRS of the point: EPSG:NNNN or gcj02 (default EPSG:4326, WGS84 lon/lat)"));
    app.add_option("--to", m_to, helpText("目标坐标系：EPSG:NNNN（如 4549；4528 带带号前缀）或 gcj02", "CRS to convert to: EPSG:NNNN (e.g. 4549, 4528 with zone prefix) or gcj02"))->required();
    app.add_option("--format", m_format, helpText("table（终端上默认为表格）或 json", "table (default on a terminal) or json"));
  }

  int run(Context& context) override {
    const OutputFormat format = resolveOutputFormat(m_format, context.outIsTerminal);
    if (format != OutputFormat::Table && format != OutputFormat::Json) throw Error(ErrorCode::Usage, Message{"coord 只能输出 table 或 json", "coord prints table or json"});
    const auto comma = m_point.find(',');
    if (comma == std::string::npos)
      throw Error(ErrorCode::Usage, Message{"coord " + m_point + "：请把点写成 X,Y，如 120.38,36.30（经度,纬度）或 515000,4020000",
                                            "coord " + m_point + ": write the point as X,Y, e.g. 120.38,36.30 (lon,lat) or 515000,4020000"});
    const CrsPoint point{parseNumber(m_point.substr(0, comma), m_point), parseNumber(m_point.substr(comma + 1), m_point)};
    std::string from, to;
    try {
      from = normaliseConversionCrs(m_from);
      to = normaliseConversionCrs(m_to);
    } catch (const Error& error) {
      throw Error(ErrorCode::Usage, error.problemMessage());  // a CRS the user typed: bad usage
    }
    const CrsPoint result = convertCoordinate(point, from, to);
    // Degrees to 1e-8 (about 1 mm), metres to 1 mm.
    const int decimals = isGeographicCrs(to) ? 8 : 3;
    if (format == OutputFormat::Json) {
      context.out << fmt::format("{{\"x\": {:.{}f}, \"y\": {:.{}f}}}\n", result.x, decimals, result.y, decimals);
      return 0;
    }
    const bool chinese = context.language == Language::Chinese;
    printTable(context.out, {chinese ? "坐标系" : "crs", "x", "y"},
               {{from, fmt::format("{:.{}f}", point.x, isGeographicCrs(from) ? 8 : 3), fmt::format("{:.{}f}", point.y, isGeographicCrs(from) ? 8 : 3)},
                {to, fmt::format("{:.{}f}", result.x, decimals), fmt::format("{:.{}f}", result.y, decimals)}});
    return 0;
  }

 private:
  std::string m_point, m_from = "EPSG:4326", m_to, m_format;
};

}  // namespace

std::unique_ptr<Command> makeCoordCommand() { return std::make_unique<CoordCommand>(); }

}  // namespace landbank::cli
