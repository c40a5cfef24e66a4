#pragma once
// Writing query results in the four formats of DESIGN.md: table (for people), JSON, CSV and
// GeoJSON (for scripts and GIS tools). One place so every listing command prints alike.

#include <ostream>
#include <vector>

#include "landbank/csv.h"
#include "landbank/crs.h"
#include "landbank/feature_report.h"
#include "landbank/query.h"
#include "output.h"

namespace landbank::cli {

enum class ByteOrderMark { Omit, Write };

/// The JSON object of one hit: featureJson() plus distance_m (rounded to cm) when the query had an origin.
nlohmann::json hitJson(const QueryHit& hit, const ProjectedToLonLat& toLonLat);

/// How a listing is written: the same for parcels, buildings, parks, facilities, constraints,
/// projects and boundaries.
struct ListingStyle {
  OutputFormat format = OutputFormat::Json;
  Language language = Language::Chinese;  ///< table headers, code labels and the totals line
  ByteOrderMark bom = ByteOrderMark::Omit;
  /// When set: one row per value of this field (count and area or vacant floor sums) instead of one
  /// row per feature. A field of the layer, or land_use_class (the 4-digit class of land_use).
  std::string groupBy;
  /// JSON, CSV, GeoJSON: add "<field>_label" (in `language`) next to every code field.
  bool labels = false;
};

/// The fields --group-by accepts for `layer` (validated before the database is opened).
std::vector<std::string> groupByFields(Layer layer);

/// Writes `hits` of `layer` to `out`. GeoJSON needs the hits' geometry (query.withGeometry).
/// Table: headers and code values in the style's language, then a totals line (count, and the area
/// in m² and 亩, or the vacant floor of buildings). CSV: header row, RFC 4180 quoting, UTF-8 (with
/// a BOM when asked, for Excel on Chinese Windows), centroid as centroid_lon/centroid_lat, extra
/// attributes as one JSON column "attrs"; text cells that a spreadsheet would run as a formula get
/// a leading apostrophe (csvSafeText).
void writeHits(std::ostream& out, Layer layer, const std::vector<QueryHit>& hits, const ListingStyle& style,
               const ProjectedToLonLat& toLonLat);

/// The report of `landbank parcel|building|park show` for people: sections with aligned tables.
void printFeatureReport(std::ostream& out, const FeatureReport& report, Language language);

/// The totals line of a listing ("3 个地块，合计 12.0 亩（8,000 m²）").
std::string listingTotals(Layer layer, const std::vector<QueryHit>& hits, Language language);

}  // namespace landbank::cli
