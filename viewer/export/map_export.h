#pragma once
// `landbank export map` drawn with the viewer's render library (same snapshot, styles, renderer,
// legend, scale bar and north arrow: no second renderer), as a shared library that the command line
// loads with dlopen only for this command, so Qt is never loaded by the other commands.
//
// The boundary is a C function taking a JSON request, so the CLI needs neither Qt headers nor a C++
// ABI match with this library:
//   {"database": PATH, "output": PATH (.png, .pdf or .svg), "force": bool,
//    "extent": [minE, minN, maxE, maxN] (database CRS, metres), "width": px, "height": px, "dpi": N,
//    "paper": "A4"|"A3"|"" (PDF page; PNG/SVG size from it at dpi), "title": TEXT, "language": "zh_CN"|"en",
//    "layers": [NAME, ...] (empty: the viewer's defaults), "highlight": [PARCEL_ID, ...],
//    "ranked": [{"id": PARCEL_ID, "rank": N}, ...]}
// Returns the exit code of DESIGN.md (0, 1 failure, 2 bad usage) and writes a one-line message
// (what was written, or the error) into `message`.

#include <cstddef>

extern "C" {
int landbank_export_map(const char* requestJson, char* message, std::size_t messageSize);
/// `landbank export packet`: request {"database", "output", "force", "paper", "landscape", "language",
/// "title", "cover_lines": [TEXT], "visit_text", "overview_extent", "route": [[E, N], ...],
/// "sites": [{"id", "name", "rank", "summary", "extent", "corner_top_left", "corner_bottom_right",
/// "attributes": [[LABEL, VALUE]], "coordinates": [[LABEL, VALUE]], "facts": [[LABEL, VALUE]], "nav_url"}]}
/// (extents and route in the database CRS; texts already in the language). Same return as above.
int landbank_export_packet(const char* requestJson, char* message, std::size_t messageSize);
/// `landbank export catalogue`: request {"database", "output", "force", "language", "title",
/// "cover_lines": [TEXT], "offered_parcels": [ID] (the only parcels drawn on the maps), "groups": [{"title", "sites": [{"kind": "parcel"|"building", "id", "name",
/// "summary", "extent", "rows": [[LABEL, VALUE]]}]}]} (only what investors may see; texts already in
/// the language). The message says the file and its page count. Same return as above.
int landbank_export_catalogue(const char* requestJson, char* message, std::size_t messageSize);
/// `landbank report --map|--chart`: request {"kind": "choropleth"|"stage_chart", "database", "output"
/// (.png or .svg), "force", "width", "height", "dpi", "language", "title", "subtitle", "as_of", "note";
/// choropleth: "figure_label", "unit", "decimals", "missing_is_zero", "values": [{"subdistrict", "value"}];
/// stage_chart: "stages": [{"code", "label"}], "months": [{"label", "year_label", "counts": [N per stage]}]}
/// (figures computed by the engine, texts already in the language). On success `message` holds a JSON
/// summary of what was drawn (the classes and their colours; the bars' pixel positions).
int landbank_export_report_picture(const char* requestJson, char* message, std::size_t messageSize);
}

/// The symbols the CLI looks up.
#define LANDBANK_EXPORT_MAP_SYMBOL "landbank_export_map"
#define LANDBANK_EXPORT_PACKET_SYMBOL "landbank_export_packet"
#define LANDBANK_EXPORT_CATALOGUE_SYMBOL "landbank_export_catalogue"
#define LANDBANK_EXPORT_REPORT_PICTURE_SYMBOL "landbank_export_report_picture"
