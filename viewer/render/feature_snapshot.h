#pragma once
// An immutable in-memory copy of the features to draw, read once through the engine. Render jobs
// on worker threads read it without locks (it never changes after load; a reload builds a new one).

#include <QPointF>
#include <QPolygonF>
#include <QRectF>

#include <array>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "landbank/layers.h"
#include "landbank/map_features.h"
#include "render/map_settings.h"
#include "render/spatial_grid.h"

namespace landbank {
class Store;
}

namespace landbank::render {

enum class ShapeKind { None, Point, Line, Polygon };

struct MapFeature {
  std::string id;
  std::string name;
  /// The attribute that picks the style: status for parcels, type for constraints/facilities/buildings,
  /// level for boundaries, stage for projects.
  std::string category;
  std::string landUse;  ///< parcels only (national code)
  std::string subdistrict;
  std::string sector;   ///< projects
  ShapeKind kind = ShapeKind::None;
  QRectF bounds;                 ///< database CRS metres (y = northing, up)
  std::vector<QPolygonF> rings;  ///< polygons: every ring of every part (even-odd fill); lines: parts; points: one point
  QPointF anchor;                ///< label / symbol position (centroid, or the point itself)
  double areaM2 = 0;
};

struct LayerSnapshot {
  Layer layer = Layer::Parcels;
  std::vector<MapFeature> features;
  QRectF bounds;  ///< union of feature bounds (null when empty)
};

struct FeatureHit {
  Layer layer;
  const MapFeature* feature;
};

/// Reads WKB (ISO or extended, 2D/Z/M; Point, LineString, Polygon and their Multi forms, collections)
/// into rings. Returns false for malformed input.
bool readWkbRings(const unsigned char* data, std::size_t size, ShapeKind& kind, std::vector<QPolygonF>& rings);

class FeatureSnapshot {
 public:
  /// Reads every layer's drawing attributes and ISO WKB straight from the store's tables (not through
  /// readFeatures: its full records cost ~30x the read at 10^6 parcels) and indexes each layer by
  /// position. Throws landbank::Error on database failure.
  static std::shared_ptr<const FeatureSnapshot> load(const Store& store);
  /// The features of every layer whose bounding box meets one of `boxes` (the maps to draw, database
  /// CRS metres), plus the `named` ones wherever they lie (highlighted and ranked sites), for one-shot exports: a map drawn from it is the map drawn from load()'s
  /// snapshot as long as every box holds the map's visible extent with a margin (renderMargin()).
  /// The legend's "present" codes still come from the whole layers (presentValues()).
  /// fullExtent() and layer bounds cover the loaded features only.
  static std::shared_ptr<const FeatureSnapshot> load(const Store& store, const std::vector<ProjectedBox>& boxes,
                                                     const std::vector<FeatureRef>& named = {});
  /// The box a snapshot for a map of `settings` must hold: its visible extent plus the reach of
  /// symbols drawn beyond it, with room to spare (a whole map width each way is not needed: the
  /// renderer reaches 8 pixels out).
  static ProjectedBox renderBox(const MapSettings& settings);

  const LayerSnapshot& layer(Layer layer) const;
  /// Extent of parcels, parks and buildings (of everything when those are empty).
  QRectF fullExtent() const;
  const MapFeature* find(Layer layer, const std::string& id) const;
  std::size_t featureCount() const;
  /// Sorted distinct style attributes (category) or land uses of the whole layer, whichever way the
  /// snapshot was loaded: what the legend lists.
  const std::vector<std::string>& presentValues(Layer layer, MapCategoryField field = MapCategoryField::Category) const;
  /// Positions in layer(layer).features, ascending, of the features whose bounds intersect `rect`
  /// (database CRS metres), from the layer's spatial grid. `out` is cleared first.
  void featuresIn(Layer layer, const QRectF& rect, std::vector<std::uint32_t>& out) const;

  /// Features under a map point, top layer first in the settings' drawing order: polygons containing
  /// it, points and lines within `tolerance` metres. Only visible layers (and filtered parcels).
  std::vector<FeatureHit> featuresAt(QPointF mapPoint, double tolerance, const MapSettings& settings) const;

 private:
  enum class Scope { WholeLayers, Selected };
  static std::shared_ptr<const FeatureSnapshot> loadSelected(const Store& store, const std::vector<ProjectedBox>& boxes,
                                                             const std::vector<FeatureRef>& named, Scope scope);
  static constexpr std::size_t kLayerCount = static_cast<std::size_t>(Layer::Places) + 1;
  std::array<LayerSnapshot, kLayerCount> m_layers;
  /// Positions ordered by id, for find(); empty when the layer is already in id order (the load
  /// reads ORDER BY id, so it always is unless a collation differs): no hash table of 10^6 ids.
  std::array<std::vector<std::uint32_t>, kLayerCount> m_byId;
  std::array<SpatialGrid, kLayerCount> m_grids;
  std::array<std::vector<std::string>, kLayerCount> m_presentCategories, m_presentLandUses;
};

}  // namespace landbank::render
