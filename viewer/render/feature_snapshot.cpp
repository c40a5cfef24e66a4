#include "render/feature_snapshot.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "landbank/store.h"

namespace landbank::render {

namespace {

/// A bounds-checked cursor over WKB bytes with the byte order of the current geometry.
class WkbReader {
 public:
  WkbReader(const unsigned char* data, std::size_t size) : m_data(data), m_size(size) {}
  bool ok() const { return m_ok; }
  std::uint8_t byte() {
    if (m_pos + 1 > m_size) return fail(), 0;
    return m_data[m_pos++];
  }
  std::uint32_t u32(bool little) {
    if (m_pos + 4 > m_size) return fail(), 0;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const std::uint32_t b = m_data[m_pos + (little ? i : 3 - i)];
      v |= b << (8 * i);
    }
    m_pos += 4;
    return v;
  }
  double f64(bool little) {
    if (m_pos + 8 > m_size) return fail(), 0.0;
    unsigned char bytes[8];
    if (little) std::memcpy(bytes, m_data + m_pos, 8);  // host is little-endian (x86_64/arm64)
    else for (int i = 0; i < 8; ++i) bytes[i] = m_data[m_pos + 7 - i];
    m_pos += 8;
    double v;
    std::memcpy(&v, bytes, 8);
    return v;
  }

 private:
  void fail() { m_ok = false; }
  const unsigned char* m_data;
  std::size_t m_size;
  std::size_t m_pos = 0;
  bool m_ok = true;
};

void readGeometry(WkbReader& in, ShapeKind& kind, std::vector<QPolygonF>& rings, int depth) {
  if (depth > 8 || !in.ok()) return;
  const bool little = in.byte() == 1;
  std::uint32_t type = in.u32(little);
  int dims = 2;
  // Extended WKB flags (PostGIS/SpatiaLite) and ISO 1000/2000/3000 offsets both give Z/M.
  if (type & 0x80000000u) ++dims;
  if (type & 0x40000000u) ++dims;
  if (type & 0x20000000u) in.u32(little);  // SRID
  type &= 0x0FFFFFFFu;
  if (type >= 3000) dims = 4, type -= 3000;
  else if (type >= 2000) dims = 3, type -= 2000;
  else if (type >= 1000) dims = 3, type -= 1000;
  auto point = [&]() {
    const double x = in.f64(little), y = in.f64(little);
    for (int d = 2; d < dims; ++d) in.f64(little);
    return QPointF(x, y);
  };
  auto ring = [&]() {
    const std::uint32_t n = in.u32(little);
    QPolygonF polygon;
    if (n > 50'000'000) return polygon;
    polygon.reserve(static_cast<qsizetype>(n));
    for (std::uint32_t i = 0; i < n && in.ok(); ++i) polygon.append(point());
    return polygon;
  };
  switch (type) {
    case 1: kind = ShapeKind::Point; rings.push_back(QPolygonF{point()}); break;
    case 2: kind = ShapeKind::Line; rings.push_back(ring()); break;
    case 3: {
      kind = ShapeKind::Polygon;
      const std::uint32_t n = in.u32(little);
      for (std::uint32_t i = 0; i < n && in.ok(); ++i) rings.push_back(ring());
      break;
    }
    case 4: case 5: case 6: case 7: {
      const std::uint32_t n = in.u32(little);
      for (std::uint32_t i = 0; i < n && in.ok(); ++i) readGeometry(in, kind, rings, depth + 1);
      break;
    }
    default: break;  // unknown type: kind stays None and the feature is not drawn
  }
}

std::size_t slot(Layer layer) { return static_cast<std::size_t>(layer); }

}  // namespace

bool readWkbRings(const unsigned char* data, std::size_t size, ShapeKind& kind, std::vector<QPolygonF>& rings) {
  WkbReader in(data, size);
  kind = ShapeKind::None;
  readGeometry(in, kind, rings, 0);
  return in.ok() && kind != ShapeKind::None;
}

std::shared_ptr<const FeatureSnapshot> FeatureSnapshot::load(const Store& store) { return loadSelected(store, {}, {}, Scope::WholeLayers); }

std::shared_ptr<const FeatureSnapshot> FeatureSnapshot::load(const Store& store, const std::vector<ProjectedBox>& boxes,
                                                             const std::vector<FeatureRef>& named) {
  return loadSelected(store, boxes, named, Scope::Selected);
}

std::shared_ptr<const FeatureSnapshot> FeatureSnapshot::loadSelected(const Store& store, const std::vector<ProjectedBox>& boxes,
                                                                     const std::vector<FeatureRef>& named, Scope scope) {
  auto snapshot = std::make_shared<FeatureSnapshot>();
  const bool whole = scope == Scope::WholeLayers;
  for (const LayerSpec& spec : allLayerSpecs()) {
    MapFeatureSelection selection;
    if (!whole) {
      selection.boxes = boxes;
      for (const FeatureRef& ref : named)
        if (ref.layer == spec.layer) selection.ids.push_back(ref.id);
    }
    LayerSnapshot& target = snapshot->m_layers[slot(spec.layer)];
    target.layer = spec.layer;
    if (whole) target.features.reserve(static_cast<std::size_t>(store.featureCount(spec.layer)));
    // Nothing asked of this layer (no boxes, no names): read none of it, as an empty selection
    // would mean the whole layer.
    if (whole || !selection.everything()) readMapFeatures(store, spec.layer, selection, [&](MapFeatureRow& row) {
      MapFeature feature;
      feature.id = std::move(row.id);
      feature.name = std::move(row.name);
      feature.category = std::move(row.category);
      feature.landUse = std::move(row.landUse);
      feature.subdistrict = std::move(row.subdistrict);
      feature.sector = std::move(row.sector);
      if (row.areaM2) feature.areaM2 = *row.areaM2;
      if (!row.wkb.empty() && readWkbRings(row.wkb.data(), row.wkb.size(), feature.kind, feature.rings)) {
        for (const QPolygonF& ring : feature.rings) feature.bounds |= ring.boundingRect();
        if (feature.kind == ShapeKind::Line) {
          // A straight east-west or north-south road has a box of no height (or width), which Qt
          // treats as no box in united() and intersects(): give it a metre in each direction.
          double minX = feature.rings.front().front().x(), maxX = minX, minY = feature.rings.front().front().y(), maxY = minY;
          for (const QPolygonF& ring : feature.rings)
            for (const QPointF& point : ring) minX = std::min(minX, point.x()), maxX = std::max(maxX, point.x()), minY = std::min(minY, point.y()), maxY = std::max(maxY, point.y());
          feature.bounds = QRectF(QPointF(minX - 0.5, minY - 0.5), QPointF(maxX + 0.5, maxY + 0.5));
        }
        // A point gets a 1 m box: Qt treats empty rects as "no rect" in united() and intersects().
        if (feature.kind == ShapeKind::Point) feature.bounds = QRectF(feature.rings.front().front() - QPointF(0.5, 0.5), QSizeF(1, 1));
      } else {
        feature.kind = ShapeKind::None;
        feature.rings.clear();
      }
      if (row.centroidX && row.centroidY) feature.anchor = QPointF(*row.centroidX, *row.centroidY);
      else if (feature.kind != ShapeKind::None) feature.anchor = feature.bounds.center();
      if (feature.kind == ShapeKind::None) feature.bounds = QRectF();
      else target.bounds = target.bounds.isNull() ? feature.bounds : target.bounds.united(feature.bounds);
      target.features.push_back(std::move(feature));
    });
    const auto byId = [&](std::uint32_t a, std::uint32_t b) { return target.features[a].id < target.features[b].id; };
    if (!std::ranges::is_sorted(target.features, {}, &MapFeature::id)) {
      auto& order = snapshot->m_byId[slot(spec.layer)];
      order.resize(target.features.size());
      std::iota(order.begin(), order.end(), 0u);
      std::ranges::sort(order, byId);
    }
    std::vector<QRectF> bounds;
    bounds.reserve(target.features.size());
    for (const MapFeature& feature : target.features) bounds.push_back(feature.bounds);
    snapshot->m_grids[slot(spec.layer)] = SpatialGrid(bounds);
    // What the legend lists, from the whole layer however much of it was read (indexed: ~30 ms at 10^6).
    snapshot->m_presentCategories[slot(spec.layer)] = distinctMapValues(store, spec.layer, MapCategoryField::Category);
    snapshot->m_presentLandUses[slot(spec.layer)] = distinctMapValues(store, spec.layer, MapCategoryField::LandUse);
  }
  return snapshot;
}

ProjectedBox FeatureSnapshot::renderBox(const MapSettings& settings) {
  // renderMap() visits features whose box meets the view widened by 8 pixels (symbols drawn past the
  // edge) and labels only anchors inside the view; 16 pixels and a metre cover that with room.
  const ProjectedBox view = settings.visibleExtent();
  const double margin = 16 * settings.metresPerPixel() + 1;
  return ProjectedBox{view.minEasting - margin, view.minNorthing - margin, view.maxEasting + margin, view.maxNorthing + margin};
}

const std::vector<std::string>& FeatureSnapshot::presentValues(Layer layer, MapCategoryField field) const {
  return field == MapCategoryField::LandUse ? m_presentLandUses[slot(layer)] : m_presentCategories[slot(layer)];
}

const LayerSnapshot& FeatureSnapshot::layer(Layer layer) const { return m_layers[slot(layer)]; }

QRectF FeatureSnapshot::fullExtent() const {
  // The land being promoted, not every boundary and far-away port in the database: a district map
  // should open on the parcels and parks (boundaries and facilities only when there is nothing else).
  QRectF extent;
  for (Layer layer : {Layer::Parcels, Layer::Parks, Layer::Buildings})
    if (const QRectF& bounds = m_layers[slot(layer)].bounds; !bounds.isNull()) extent = extent.isNull() ? bounds : extent.united(bounds);
  if (!extent.isNull()) return extent;
  for (const LayerSnapshot& layer : m_layers)
    if (!layer.bounds.isNull() && layer.layer != Layer::Projects)
      extent = extent.isNull() ? layer.bounds : extent.united(layer.bounds);
  return extent;
}

const MapFeature* FeatureSnapshot::find(Layer layer, const std::string& id) const {
  const auto& features = m_layers[slot(layer)].features;
  const auto& order = m_byId[slot(layer)];
  if (order.empty()) {
    const auto it = std::ranges::lower_bound(features, id, {}, &MapFeature::id);
    return it != features.end() && it->id == id ? &*it : nullptr;
  }
  const auto it = std::ranges::lower_bound(order, id, {}, [&](std::uint32_t i) -> const std::string& { return features[i].id; });
  return it != order.end() && features[*it].id == id ? &features[*it] : nullptr;
}

void FeatureSnapshot::featuresIn(Layer layer, const QRectF& rect, std::vector<std::uint32_t>& out) const {
  m_grids[slot(layer)].query(rect, out);
}

std::size_t FeatureSnapshot::featureCount() const {
  std::size_t n = 0;
  for (const LayerSnapshot& layer : m_layers) n += layer.features.size();
  return n;
}

namespace {

double segmentDistance(QPointF p, QPointF a, QPointF b) {
  const QPointF ab = b - a;
  const double len2 = QPointF::dotProduct(ab, ab);
  const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
  const QPointF d = p - (a + t * ab);
  return std::hypot(d.x(), d.y());
}

bool hits(const MapFeature& feature, QPointF p, double tolerance) {
  if (feature.kind == ShapeKind::None) return false;
  if (!feature.bounds.adjusted(-tolerance, -tolerance, tolerance, tolerance).contains(p)) return false;
  if (feature.kind == ShapeKind::Point) {
    const QPointF d = feature.rings.front().front() - p;
    return std::hypot(d.x(), d.y()) <= tolerance;
  }
  if (feature.kind == ShapeKind::Line) {
    for (const QPolygonF& part : feature.rings)
      for (qsizetype i = 1; i < part.size(); ++i)
        if (segmentDistance(p, part[i - 1], part[i]) <= tolerance) return true;
    return false;
  }
  int crossings = 0;  // even-odd over all rings: holes and multi-parts handled alike
  for (const QPolygonF& ring : feature.rings)
    if (ring.containsPoint(p, Qt::OddEvenFill)) ++crossings;
  return crossings % 2 == 1;
}

}  // namespace

std::vector<FeatureHit> FeatureSnapshot::featuresAt(QPointF mapPoint, double tolerance, const MapSettings& settings) const {
  std::vector<FeatureHit> result;
  for (auto state = settings.layers.rbegin(); state != settings.layers.rend(); ++state) {
    if (!settings.isVisible(state->layer)) continue;
    const QRectF probe(mapPoint - QPointF(tolerance + 0.01, tolerance + 0.01), QSizeF(2 * tolerance + 0.02, 2 * tolerance + 0.02));
    std::vector<std::uint32_t> near;
    featuresIn(state->layer, probe, near);
    const std::set<std::string>* hidden = settings.hiddenIn(state->layer);
    for (std::uint32_t position : near) {
      const MapFeature& feature = layer(state->layer).features[position];
      if (state->layer == Layer::Parcels && settings.parcelFilter && !settings.parcelFilter->contains(feature.id)) continue;
      if (hidden && hidden->contains(feature.category)) continue;
      if (hits(feature, mapPoint, tolerance)) result.push_back({state->layer, &feature});
    }
  }
  return result;
}

}  // namespace landbank::render
