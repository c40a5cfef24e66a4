#pragma once
// What an export writes: the top sites a project matches, a list of parcels, or a layer filtered by
// a --where expression; plus the sites to visit and the suggested visit order from a start point.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "landbank/feature_export.h"
#include "landbank/geo.h"
#include "landbank/language.h"
#include "landbank/visit_order.h"

namespace landbank {

class Store;
class MatchEngine;

/// Exactly one of projectId, parcelIds, layer is set (the CLI checks).
struct ExportSelection {
  std::optional<std::string> projectId;   ///< --project: its matching parcels, best first
  std::size_t top = 10;                   ///< --top with --project
  std::vector<std::string> parcelIds;     ///< --parcels
  std::optional<Layer> layer;             ///< --layer
  std::string where;                      ///< --where with --layer (expression.h)
  Language language = Language::Chinese;  ///< of the --why facts (packets) and descriptions
  /// With --project: the engine to match with (built over the same store), so that a caller that
  /// needs it afterwards (the packet's --why facts) builds it once; nullptr builds one with the
  /// bundled rule pack.
  const MatchEngine* engine = nullptr;
};

struct SelectedExport {
  std::string title;                      ///< the project's name, else "parcels"/"地块" or the layer name
  std::vector<ExportLayer> layers;        ///< one layer: parcels, or the --layer
  std::vector<ExportSite> sites;          ///< the parcels selected (none for non-parcel layers)
};

/// Reads what the selection names. Throws Error(UnknownId) naming every unknown parcel id or the
/// unknown project, Error(Expression) for a bad --where. Read-only.
SelectedExport selectForExport(const Store& store, const ExportSelection& selection);

/// The default start of a site visit: the district government seat stored in gisdata
/// (district_seat.json), lon/lat WGS84. Throws Error(Io) when the file is missing or malformed.
LonLat districtSeat();

/// Plans the visit through `sites` from `start` (database CRS). The route is start first, then the
/// access points in visiting order.
struct SiteVisitPlan {
  VisitOrder order;
  std::vector<EastingNorthing> route;
};
SiteVisitPlan planSiteVisit(EastingNorthing start, const std::vector<ExportSite>& sites);

}  // namespace landbank

namespace landbank {

/// The bounding box of every feature's geometry in `layers` (database CRS); an empty box
/// (isEmpty()) when there is no geometry.
ProjectedBox extentOf(const std::vector<ExportLayer>& layers);

}  // namespace landbank
