#pragma once
// Writing query results in the four formats of DESIGN.md: table (for people), JSON, CSV and
// GeoJSON (for scripts and GIS tools). One place so every listing command prints alike.

#include <ostream>
#include <vector>

#include "landbank/crs.h"
#include "landbank/feature_report.h"
#include "landbank/query.h"
#include "output.h"

namespace landbank::cli {

enum class ByteOrderMark { Omit, Write };

/// The JSON object of one hit: featureJson() plus distance_m (rounded to cm) when the query had an origin.
nlohmann::json hitJson(const QueryHit& hit, const ProjectedToLonLat& toLonLat);

/// Writes `hits` of `layer` to `out` in `format`. GeoJSON needs the hits' geometry (query.withGeometry).
/// CSV: header row, RFC 4180 quoting, UTF-8 (with a BOM when asked, for Excel on Chinese Windows),
/// centroid as centroid_lon/centroid_lat, extra attributes as one JSON column "attrs".
void writeHits(std::ostream& out, Layer layer, const std::vector<QueryHit>& hits, OutputFormat format,
               const ProjectedToLonLat& toLonLat, ByteOrderMark bom = ByteOrderMark::Omit);

/// The report of `landbank parcel|building|park show` for people: sections with aligned tables.
void printFeatureReport(std::ostream& out, const FeatureReport& report);

/// RFC 4180 field: quoted when it holds a comma, quote, CR or LF.
std::string csvField(const std::string& text);

}  // namespace landbank::cli
