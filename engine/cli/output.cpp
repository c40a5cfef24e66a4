#include "output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <CLI/CLI.hpp>

#include <cctype>
#include <filesystem>
#include <optional>

#include "landbank/error.h"
#include "landbank/output_file.h"

namespace landbank::cli {

std::vector<std::string> defaultTableColumns(Layer layer) {
  // What a planner scans first, per layer.
  switch (layer) {
    case Layer::Parcels: return {"id", "name", "land_use", "status", "subdistrict", "area_m2", "area_mu", "price_wan_per_mu"};
    case Layer::Parks: return {"id", "name", "sectors", "subdistrict", "operator"};
    case Layer::Buildings: return {"id", "name", "park_id", "type", "vacant_floor_m2", "clear_height_m", "rent_yuan_m2_month"};
    case Layer::Constraints: return {"id", "type", "effect", "value", "name", "area_mu"};
    case Layer::Facilities: return {"id", "type", "name", "sector", "tier"};
    case Layer::Boundaries: return {"id", "name", "level", "area_mu"};
    case Layer::Projects: return {"id", "name", "sector", "tier", "stage", "investment_wan", "land_min_m2", "land_max_m2"};
    case Layer::Roads:
    case Layer::Water:
    case Layer::Places: return {"id", "class", "name"};
  }
  return {"id"};
}

std::string_view formatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::Table: return "table";
    case OutputFormat::Json: return "json";
    case OutputFormat::Csv: return "csv";
    case OutputFormat::GeoJson: return "geojson";
  }
  return "table";
}

OutputFormat parseOutputFormat(const std::string& text) {
  if (text == "table") return OutputFormat::Table;
  if (text == "json") return OutputFormat::Json;
  if (text == "csv") return OutputFormat::Csv;
  if (text == "geojson") return OutputFormat::GeoJson;
  throw Error(ErrorCode::Usage, Message{"--format " + text + "：应为 table、json、csv 或 geojson", "--format " + text + ": expected table, json, csv or geojson"});
}

OutputFormat resolveOutputFormat(const std::string& requested, bool outIsTerminal) {
  if (!requested.empty()) return parseOutputFormat(requested);
  return outIsTerminal ? OutputFormat::Table : OutputFormat::Json;
}

namespace {

std::string supportedText(std::span<const OutputFormat> supported) {
  std::string text;
  for (OutputFormat format : supported) text += (text.empty() ? "" : ", ") + std::string(formatName(format));
  return text;
}

// The formats an -o extension names. Extensions of formats landbank reads but does not write
// (.kml, .shp, ...) name none: writing a table or JSON into such a file would be silently wrong.
std::optional<OutputFormat> formatOfExtension(std::string extension) {
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (extension == ".txt") return OutputFormat::Table;
  if (extension == ".json") return OutputFormat::Json;
  if (extension == ".csv") return OutputFormat::Csv;
  if (extension == ".geojson") return OutputFormat::GeoJson;
  return std::nullopt;
}

}  // namespace

void OutputOptions::setup(CLI::App& app, std::span<const OutputFormat> supported) {
  // The help names what this command writes, and the extensions that select it.
  const std::string list = supportedText(supported);
  std::string extensions;
  for (OutputFormat each : supported) extensions += (extensions.empty() ? "." : " .") + std::string(each == OutputFormat::Table ? "txt" : formatName(each));
  app.add_option("--format", format, helpText("终端上默认为 table（表格），管道中为 json；可选 " + list, "table on a terminal, json in a pipe (default); or " + list));
  app.add_option("-o,--output", file, helpText("写入文件 FILE 而不是标准输出（格式由扩展名决定：" + extensions + "）",
                                               "Write to FILE instead of stdout (format from the extension: " + extensions + ")"));
  app.add_flag("--bom", bom, helpText("输出开头加 UTF-8 字节序标记（供中文 Windows 上的 Excel 打开 CSV）", "Start the output with a UTF-8 byte order mark (CSV for Excel on Chinese Windows)"));
}

OutputFormat OutputOptions::resolve(const Context& context, std::span<const OutputFormat> supported) const {
  const std::string list = supportedText(supported);
  std::optional<OutputFormat> chosen;
  if (!format.empty()) {
    try {
      chosen = parseOutputFormat(format);
    } catch (const Error&) {
      throw Error(ErrorCode::Usage, Message{"--format " + format + "：未知的格式；这个命令能输出 " + list, "--format " + format + ": unknown format; this command writes " + list});
    }
  }
  if (!file.empty()) {
    const std::string extension = std::filesystem::path(file).extension().string();
    const std::optional<OutputFormat> fromExtension = formatOfExtension(extension);
    if (chosen && fromExtension && *fromExtension != *chosen)
      throw Error(ErrorCode::Usage, Message{"-o " + file + " 的扩展名表示 " + std::string(formatName(*fromExtension)) + "，而 --format 是 " +
                                                std::string(formatName(*chosen)) + "；请用相符的扩展名",
                                            "-o " + file + " names " + std::string(formatName(*fromExtension)) + " by its extension but --format is " +
                                                std::string(formatName(*chosen)) + "; use a matching extension"});
    if (!chosen && !fromExtension)
      throw Error(ErrorCode::Usage, Message{"-o " + file + "：不能写 " + (extension.empty() ? std::string("没有扩展名的文件") : extension) +
                                                "；这个命令能输出 " + list + "（.txt、.json、.csv、.geojson），或用 --format 指定",
                                            "-o " + file + ": cannot write " + (extension.empty() ? std::string("a file without extension") : extension) +
                                                "; this command writes " + list + " (.txt, .json, .csv, .geojson), or give --format"});
    if (!chosen) chosen = fromExtension;
  }
  if (!chosen) chosen = resolveOutputFormat("", context.outIsTerminal && file.empty());
  if (std::find(supported.begin(), supported.end(), *chosen) == supported.end())
    throw Error(ErrorCode::Usage, Message{"这个命令不能输出 " + std::string(formatName(*chosen)) + "；它能输出 " + list,
                                          "this command cannot write " + std::string(formatName(*chosen)) + "; it writes " + list});
  return *chosen;
}

OutputFormat resolveFormatOption(const Context& context, const std::string& format, std::span<const OutputFormat> supported) {
  OutputOptions options;
  options.format = format;
  return options.resolve(context, supported);
}

int OutputOptions::emitContext(Context& context, const std::function<int(Context&)>& body) const {
  int code = 0;
  emit(context, [&](std::ostream& out) {
    if (bom) out << "\xEF\xBB\xBF";
    Context sink{out, context.err, context.feedback, context.databasePath, context.outIsTerminal, context.language, context.user, context.today};
    code = body(sink);
  });
  return code;
}

void OutputOptions::emitToFile(Context& context, const std::function<void(std::ostream&)>& write) const {
  // Never onto the open database or its companions; written beside the target and renamed, so a
  // failure or a kill leaves the old file intact.
  AtomicOutputFile output(file, {.protectedFiles = {context.databasePath}});
  write(output.stream());
  output.commit();
}

namespace {

bool isWide(std::uint32_t cp) {
  // East Asian Wide and Fullwidth ranges (Unicode UAX #11), the ones Chinese text uses.
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

bool looksNumeric(const std::string& text) {
  if (text.empty()) return false;
  // A leading zero marks a code ("0802" land use), not a quantity: keep codes left-aligned.
  if (text.size() > 1 && text[0] == '0' && std::isdigit(static_cast<unsigned char>(text[1]))) return false;
  for (char c : text)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ',' || c == '-' || c == '%')) return false;
  return std::isdigit(static_cast<unsigned char>(text.back())) || text.back() == '%';
}

}  // namespace

std::size_t displayWidth(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    std::uint32_t cp = length == 1 ? c : c & (length == 2 ? 0x1Fu : length == 3 ? 0x0Fu : 0x07u);
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    width += isWide(cp) ? 2 : 1;
    i += length;
  }
  return width;
}

void printTable(std::ostream& out, const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows,
                const std::vector<std::string>& textColumns) {
  std::vector<std::size_t> widths(headers.size(), 0);
  std::vector<bool> numeric(headers.size(), true);
  for (std::size_t c = 0; c < headers.size(); ++c) {
    widths[c] = displayWidth(headers[c]);
    if (std::find(textColumns.begin(), textColumns.end(), headers[c]) != textColumns.end()) numeric[c] = false;
  }
  for (const auto& row : rows)
    for (std::size_t c = 0; c < headers.size() && c < row.size(); ++c) {
      widths[c] = std::max(widths[c], displayWidth(row[c]));
      // "-" stands for a missing number: it keeps a column of numbers right-aligned.
      if (!row[c].empty() && row[c] != "-" && !looksNumeric(row[c])) numeric[c] = false;
    }
  auto printRow = [&](const std::vector<std::string>& cells, bool header) {
    std::string line;
    for (std::size_t c = 0; c < headers.size(); ++c) {
      const std::string cell = c < cells.size() ? cells[c] : "";
      const std::string pad(widths[c] - displayWidth(cell), ' ');
      if (c) line += "  ";
      line += (numeric[c] && !header) ? pad + cell : cell + (c + 1 < headers.size() ? pad : "");
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  };
  printRow(headers, true);
  std::vector<std::string> rule;
  for (std::size_t w : widths) rule.emplace_back(w, '-');
  printRow(rule, true);
  for (const auto& row : rows) printRow(row, false);
}

std::string formatNumber(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  const std::string text = buffer;
  const std::size_t sign = text[0] == '-' ? 1 : 0;
  const std::size_t integerEnd = std::min(text.find('.'), text.size());
  // Copy the integer digits with a separator every three from the right, then the rest.
  std::string grouped = text.substr(0, sign);
  for (std::size_t i = sign; i < integerEnd; ++i) {
    if (i > sign && (integerEnd - i) % 3 == 0) grouped += ',';
    grouped += text[i];
  }
  grouped += text.substr(integerEnd);
  return grouped;
}

std::string cellText(const nlohmann::json& value, int decimals, Language language) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? (language == Language::Chinese ? "是" : "yes") : (language == Language::Chinese ? "否" : "no");
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  if (value.is_number()) return formatNumber(value.get<double>(), decimals);
  if (value.is_array()) {
    std::string text;
    for (const auto& item : value) text += (text.empty() ? "" : ",") + cellText(item, decimals, language);
    return text;
  }
  return value.dump();
}

nlohmann::json featureJson(const FeatureRecord& record, const ProjectedToLonLat& toLonLat) {
  nlohmann::json object = nlohmann::json::object();
  object["id"] = record.id;
  for (const auto& [key, value] : record.properties.items())
    if (key != "id") object[key] = value;
  if (object.contains("area_m2")) object["area_m2"] = std::round(object["area_m2"].get<double>() * 100.0) / 100.0;
  if (object.contains("area_mu")) object["area_mu"] = std::round(object["area_mu"].get<double>() * 1000.0) / 1000.0;
  if (record.centroid) {
    const LonLat c = toLonLat.toLonLat(*record.centroid);
    object["centroid"] = {std::round(c.lon * 1e7) / 1e7, std::round(c.lat * 1e7) / 1e7};
  } else {
    object["centroid"] = nullptr;
  }
  if (!record.extra.empty()) object["attrs"] = record.extra;
  return object;
}

}  // namespace landbank::cli
