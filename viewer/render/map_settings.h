#pragma once
// What a map drawing needs, as one copyable value: the GUI canvas, a render job on a worker thread
// and the command-line exports all describe "which map" with a MapSettings and nothing else.

#include <QColor>
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QTransform>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "landbank/geo.h"
#include "landbank/layers.h"

namespace landbank::render {

class Basemap;

enum class MapLanguage { Chinese, English };
/// Parcels coloured by their status (what planners ask first: what is free) or by land use.
enum class ParcelStyling { Status, LandUse };
/// Projects coloured by their ledger stage (lead ... operating, dropped) or by their latest
/// follow-through grade (亩均效益 A..D; ungraded ones grey).
enum class ProjectStyling { Stage, Grade };

struct LayerState {
  Layer layer;
  bool visible = true;
  double opacity = 1.0;  ///< 0..1
};

struct FeatureRef {
  Layer layer;
  std::string id;
  bool operator==(const FeatureRef&) const = default;
};

/// A candidate site of a match, drawn with its rank number.
struct RankedSite {
  std::string parcelId;
  int rank = 0;
};

/// An allocation plan's assignment on the map: the site in its class colour, labelled with the project
/// (and linked to the project's point when it has one).
struct PlanLink {
  std::string project;
  /// The parcels or building the project gets: one id, or an assembly's members.
  std::vector<std::string> siteParts;
  bool building = false;
  int priorityClass = 0;  ///< index into the plan's classes (0 = major): the colour
};

struct MapSettings {
  /// The area asked for, in database CRS metres; the drawn area is this box widened to the output's
  /// aspect ratio around the same centre (see visibleExtent()).
  ProjectedBox extent{0, 0, 1, 1};
  QSize outputSize{800, 600};
  double dpi = 96;
  /// Drawing order, bottom first.
  std::vector<LayerState> layers = defaultLayers();
  ParcelStyling styling = ParcelStyling::Status;
  ProjectStyling projectStyling = ProjectStyling::Stage;
  /// Latest follow-through grade ("A".."D") by project id, for ProjectStyling::Grade; shared so that
  /// copying settings stays cheap. Projects not in it (or nullptr) are drawn as ungraded.
  std::shared_ptr<const std::unordered_map<std::string, std::string>> projectGrades;
  /// Classes switched off one by one in the layer tree (constraint types, facility types): features
  /// of `layer` whose category is in the set are neither drawn nor identified.
  std::map<Layer, std::set<std::string>> hiddenCategories;
  MapLanguage language = MapLanguage::Chinese;
  bool labels = true;
  QColor background{245, 243, 238};

  std::vector<FeatureRef> highlighted;
  /// When set, only parcels whose id is in the set are drawn (the filter form). Shared so that copying
  /// settings for every frame stays cheap.
  std::shared_ptr<const std::unordered_set<std::string>> parcelFilter;
  std::vector<RankedSite> rankedSites;
  /// An allocation plan drawn over the layers (empty: none).
  std::vector<PlanLink> planLinks;

  /// A raster drawn beneath every layer, warped to the database CRS (nullptr: none).
  std::shared_ptr<const Basemap> basemap;
  bool basemapVisible = true;
  double basemapOpacity = 1.0;  ///< 0..1

  static std::vector<LayerState> defaultLayers();

  ProjectedBox visibleExtent() const;
  double metresPerPixel() const;
  /// Database CRS metres -> output pixels (y down).
  QTransform mapToPixel() const;
  QPointF toPixel(double easting, double northing) const;
  EastingNorthing toMap(QPointF pixel) const;
  const LayerState* layerState(Layer layer) const;
  bool isVisible(Layer layer) const;
  /// The categories of `layer` switched off (nullptr when none).
  const std::set<std::string>* hiddenIn(Layer layer) const;
  /// The grade of a project in projectGrades, empty when it has none.
  std::string projectGrade(const std::string& projectId) const;
  /// Map scale denominator at this DPI (1:N).
  double scaleDenominator() const;
};

/// A box widened by `fraction` of its size on every side (for "zoom to" with a margin).
ProjectedBox expanded(const ProjectedBox& box, double fraction);
ProjectedBox boxFromRect(const QRectF& rect);
QRectF rectFromBox(const ProjectedBox& box);

}  // namespace landbank::render
