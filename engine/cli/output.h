#pragma once
// Output for people (aligned tables that stay aligned with Chinese text) and for scripts (JSON).

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "landbank/crs.h"
#include "landbank/features.h"

namespace landbank::cli {

enum class OutputFormat { Table, Json, Csv, GeoJson };

/// Parses "table|json|csv|geojson"; throws Error(Usage).
OutputFormat parseOutputFormat(const std::string& text);
/// The format to use: the one asked for, else table on a terminal and JSON in a pipe.
OutputFormat resolveOutputFormat(const std::string& requested, bool outIsTerminal);

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
/// A JSON value as a table cell (numbers rounded for people, lists joined with ",").
std::string cellText(const nlohmann::json& value, int decimals = 1);

/// The JSON object of DESIGN.md for one feature: id, canonical fields present, derived fields,
/// centroid [lon, lat] in WGS84 (6 decimals), and "attrs" with non-canonical source fields.
nlohmann::json featureJson(const FeatureRecord& record, const ProjectedToLonLat& toLonLat);

}  // namespace landbank::cli
