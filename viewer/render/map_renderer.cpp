#include "render/map_renderer.h"

#include <QFontMetricsF>
#include <QLineF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <unordered_map>

#include "render/basemap.h"
#include "render/styles.h"

namespace landbank::render {

namespace {

constexpr std::size_t kCancelCheckEvery = 256;

/// Places labels without overlap: a coarse grid of already placed boxes keeps the test cheap.
class LabelPlacer {
 public:
  explicit LabelPlacer(QSize size) : m_columns(size.width() / kCell + 1), m_rows(size.height() / kCell + 1), m_cells(m_columns * m_rows) {}

  bool tryPlace(const QRectF& box) {
    const QRectF padded = box.adjusted(-2, -1, 2, 1);
    const int c0 = std::max(0, int(padded.left()) / kCell), c1 = std::min(m_columns - 1, int(padded.right()) / kCell);
    const int r0 = std::max(0, int(padded.top()) / kCell), r1 = std::min(m_rows - 1, int(padded.bottom()) / kCell);
    if (padded.right() < 0 || padded.bottom() < 0 || c0 > c1 || r0 > r1) return false;
    for (int r = r0; r <= r1; ++r)
      for (int c = c0; c <= c1; ++c)
        for (const QRectF& other : m_cells[r * m_columns + c])
          if (other.intersects(padded)) return false;
    for (int r = r0; r <= r1; ++r)
      for (int c = c0; c <= c1; ++c) m_cells[r * m_columns + c].push_back(padded);
    return true;
  }

 private:
  static constexpr int kCell = 64;
  int m_columns, m_rows;
  std::vector<std::vector<QRectF>> m_cells;
};

/// Features under kBlockPixels across are drawn as their pixel box. At full extent of 10^6 parcels
/// that is ~1,000,000 of them: one QPainter call each costs ~1 us, a pixel write a few ns.
constexpr double kBlockPixels = 3.0;
/// Polygons wider or taller than this many pixels are antialiased.
constexpr double kSmoothPixels = 64.0;

/// The blocks of one layer, written into an image that is painted over the layer's shapes (at the
/// layer's opacity) when the layer ends. Blocks of one layer replace each other, as adjacent
/// parcels' pixels would.
class BlockImage {
 public:
  explicit BlockImage(QSize size) : m_size(size) {}

  /// Fills the pixels `pixelBox` covers (at least the one under its top-left corner).
  void put(const QRectF& pixelBox, const QColor& colour) {
    if (pixelBox.right() < 0 || pixelBox.bottom() < 0 || pixelBox.left() >= m_size.width() || pixelBox.top() >= m_size.height()) return;
    if (m_image.isNull()) m_image = QImage(m_size, QImage::Format_ARGB32_Premultiplied);
    if (!m_used) m_image.fill(Qt::transparent), m_used = true;
    const int x0 = std::max(0, int(std::floor(pixelBox.left()))), y0 = std::max(0, int(std::floor(pixelBox.top())));
    const int x1 = std::min(m_size.width() - 1, std::max(x0, int(std::ceil(pixelBox.right())) - 1));
    const int y1 = std::min(m_size.height() - 1, std::max(y0, int(std::ceil(pixelBox.bottom())) - 1));
    const QRgb value = qPremultiply(colour.rgba());
    for (int y = y0; y <= y1; ++y) {
      QRgb* line = reinterpret_cast<QRgb*>(m_image.scanLine(y));
      for (int x = x0; x <= x1; ++x) line[x] = value;
    }
  }

  void drawOn(QPainter& painter) {
    if (!m_used) return;
    painter.drawImage(QPointF(0, 0), m_image);
    m_used = false;
  }

 private:
  QSize m_size;
  QImage m_image;
  bool m_used = false;
};

struct Label {
  QString text;
  QPointF at;       ///< pixel centre
  int priority;     ///< higher first
  QColor colour;
  bool bold;
  double minWidth;  ///< the feature's pixel width: the label must fit inside it (0: no condition)
  Layer layer = Layer::Parcels;
  double angleDegrees = 0;  ///< along a road: the text is turned by this much about `at`
  double room = 0;          ///< along a road: the pixel length the text must fit into
};

/// Largest metres per pixel at which a road of this class is named: expressways and trunk roads
/// from a district view on, city roads only at street scales, so names never crowd the parcels.
double roadLabelMetresPerPixel(const std::string& roadClass) {
  if (roadClass == "expressway" || roadClass == "trunk") return 25.0;
  if (roadClass == "main") return 4.0;
  if (roadClass == "secondary") return 2.0;
  return 1.0;
}

/// A road's name along its longest segment inside the map, or nothing when no segment is long enough.
std::optional<Label> roadLabel(const MapFeature& feature, const std::vector<QPolygonF>& pixelLines, const QRectF& pixelRect) {
  // Only the part of a segment inside the map counts (Liang-Barsky): an expressway's segment is
  // kilometres long and its middle often off the map.
  const auto inside = [&](QLineF segment) -> std::optional<QLineF> {
    double t0 = 0, t1 = 1;
    const double dx = segment.dx(), dy = segment.dy();
    const double p[] = {-dx, dx, -dy, dy};
    const double q[] = {segment.x1() - pixelRect.left(), pixelRect.right() - segment.x1(), segment.y1() - pixelRect.top(), pixelRect.bottom() - segment.y1()};
    for (int k = 0; k < 4; ++k) {
      if (p[k] == 0) {
        if (q[k] < 0) return std::nullopt;
        continue;
      }
      const double t = q[k] / p[k];
      if (p[k] < 0) t0 = std::max(t0, t);
      else t1 = std::min(t1, t);
    }
    if (t0 >= t1) return std::nullopt;
    return QLineF(segment.pointAt(t0), segment.pointAt(t1));
  };
  QLineF best;
  for (const QPolygonF& line : pixelLines)
    for (qsizetype i = 1; i < line.size(); ++i)
      if (const std::optional<QLineF> visible = inside(QLineF(line[i - 1], line[i])); visible && visible->length() > best.length()) best = *visible;
  if (best.length() < 40) return std::nullopt;
  double angle = -best.angle();  // QLineF: counter-clockwise degrees; the painter turns clockwise
  while (angle > 90) angle -= 180;
  while (angle < -90) angle += 180;
  Label label{QString::fromStdString(feature.name), best.center(), 0, QColor(70, 60, 50), false, 0, Layer::Roads};
  label.angleDegrees = angle;
  label.room = best.length();
  return label;
}

/// Above this many metres per pixel the map shows the district as a whole: subdistrict names are
/// what people orient by, so they go before park names (the sample's district view is ~30 m/px).
constexpr double kDistrictScaleMetresPerPixel = 12.0;

/// Vertices closer than this (in x and y) to the previous kept one are dropped.
constexpr double kVertexPixels = 1.0;

/// Ring to pixels, dropping vertices within kVertexPixels of the previous kept one (level of detail).
QPolygonF toPixels(const QPolygonF& ring, const QTransform& t, bool closed) {
  QPolygonF out;
  out.reserve(ring.size());
  QPointF last;
  for (qsizetype i = 0; i < ring.size(); ++i) {
    const QPointF p = t.map(ring[i]);
    if (!out.isEmpty() && i + 1 < ring.size() && std::abs(p.x() - last.x()) < kVertexPixels && std::abs(p.y() - last.y()) < kVertexPixels) continue;
    out.append(p);
    last = p;
  }
  if (closed && out.size() < 3) out.clear();
  return out;
}

/// Pixels a clipped shape keeps beyond the map's edge, so that the edges clipping adds (and the
/// ends of cut lines) stay outside what the painter's clip shows, wide pens included.
constexpr double kClipMarginPixels = 16.0;

/// The part of a closed ring inside `box` (Sutherland-Hodgman against the rectangle's four sides).
/// A ring that leaves the box comes back along its border: those edges lie in the margin, outside
/// the visible map. Rings of one polygon clipped one by one still fill right with the odd-even rule.
QPolygonF clipRing(const QPolygonF& ring, const QRectF& box) {
  QPolygonF current = ring;
  if (current.size() > 1 && current.front() == current.back()) current.removeLast();
  const auto clipSide = [&](auto inside, auto cross) {
    QPolygonF next;
    next.reserve(current.size() + 4);
    for (qsizetype i = 0; i < current.size(); ++i) {
      const QPointF& a = current[i == 0 ? current.size() - 1 : i - 1];
      const QPointF& b = current[i];
      if (inside(b)) {
        if (!inside(a)) next.append(cross(a, b));
        next.append(b);
      } else if (inside(a)) {
        next.append(cross(a, b));
      }
    }
    current = std::move(next);
  };
  const auto atX = [](double x) {
    return [x](const QPointF& a, const QPointF& b) { return QPointF(x, a.y() + (b.y() - a.y()) * (x - a.x()) / (b.x() - a.x())); };
  };
  const auto atY = [](double y) {
    return [y](const QPointF& a, const QPointF& b) { return QPointF(a.x() + (b.x() - a.x()) * (y - a.y()) / (b.y() - a.y()), y); };
  };
  clipSide([&](const QPointF& p) { return p.x() >= box.left(); }, atX(box.left()));
  if (current.size() >= 3) clipSide([&](const QPointF& p) { return p.x() <= box.right(); }, atX(box.right()));
  if (current.size() >= 3) clipSide([&](const QPointF& p) { return p.y() >= box.top(); }, atY(box.top()));
  if (current.size() >= 3) clipSide([&](const QPointF& p) { return p.y() <= box.bottom(); }, atY(box.bottom()));
  if (current.size() < 3) return {};
  current.append(current.front());
  return current;
}

/// The runs of a line whose segments touch `box`; a segment crossing the box is kept whole.
std::vector<QPolygonF> clipLine(const QPolygonF& line, const QRectF& box) {
  std::vector<QPolygonF> parts;
  QPolygonF run;
  for (qsizetype i = 1; i < line.size(); ++i) {
    const QRectF segment = QRectF(line[i - 1], line[i]).normalized();
    if (segment.right() >= box.left() && segment.left() <= box.right() && segment.bottom() >= box.top() && segment.top() <= box.bottom()) {
      if (run.isEmpty()) run.append(line[i - 1]);
      run.append(line[i]);
    } else if (!run.isEmpty()) {
      parts.push_back(std::move(run));
      run = QPolygonF();
    }
  }
  if (!run.isEmpty()) parts.push_back(std::move(run));
  return parts;
}

/// Small features: one call with the painter's pen, brush and hint (set by the caller only when
/// they change). Large ones (`large`): the fill and hatch without antialiasing, then the outline
/// over it, antialiased when the pen is a hairline. Qt's antialiased rasteriser costs ~5x on large
/// areas and wide pens (a 2.4 px coastline of 14,000 vertices: 27 ms against 4), and the outline
/// hides the fill's edge.
void fillAndStroke(QPainter& painter, const std::vector<QPolygonF>& pixelRings, const FeatureStyle& style, bool polygon, bool large) {
  const QPen pen = painter.pen();
  const QBrush brush = painter.brush();
  auto outline = [&] {
    if (pen.style() == Qt::NoPen) return;
    painter.setRenderHint(QPainter::Antialiasing, pen.isCosmetic());
    painter.setBrush(Qt::NoBrush);
    for (const QPolygonF& ring : pixelRings) polygon ? painter.drawPolygon(ring) : painter.drawPolyline(ring);
    painter.setBrush(brush);
  };
  if (!polygon) {
    if (large) outline();
    else
      for (const QPolygonF& part : pixelRings) painter.drawPolyline(part);
    return;
  }
  const bool single = pixelRings.size() == 1;
  QPainterPath path;
  if (!single) {
    path.setFillRule(Qt::OddEvenFill);
    for (const QPolygonF& ring : pixelRings) path.addPolygon(ring), path.closeSubpath();
  }
  if (!large && single && style.hatch == Qt::NoBrush) {
    painter.drawPolygon(pixelRings.front());
    return;
  }
  const bool smooth = painter.testRenderHint(QPainter::Antialiasing);
  painter.setRenderHint(QPainter::Antialiasing, false);
  painter.setPen(Qt::NoPen);
  if (brush.style() != Qt::NoBrush) single ? painter.drawPolygon(pixelRings.front()) : painter.fillPath(path, brush);
  if (style.hatch != Qt::NoBrush) {
    // Hatching is a texture: antialiasing it costs much and shows nothing.
    const QBrush hatch(style.hatchColor, style.hatch);
    if (single) {
      painter.setBrush(hatch);
      painter.drawPolygon(pixelRings.front());
      painter.setBrush(brush);
    } else painter.fillPath(path, hatch);
  }
  painter.setPen(pen);
  if (large) outline();
  else {
    painter.setRenderHint(QPainter::Antialiasing, smooth);
    painter.setBrush(Qt::NoBrush);
    for (const QPolygonF& ring : pixelRings) painter.drawPolygon(ring);
    painter.setBrush(brush);
  }
  painter.setRenderHint(QPainter::Antialiasing, smooth);
}

}  // namespace

RenderStats renderMap(QPainter& painter, const MapSettings& settings, const FeatureSnapshot& snapshot, const std::atomic<bool>* cancel) {
  RenderStats stats;
  const QTransform t = settings.mapToPixel();
  const QRectF view = rectFromBox(settings.visibleExtent());
  const QRectF pixelRect(QPointF(0, 0), QSizeF(settings.outputSize));
  const QRectF clipBox = pixelRect.adjusted(-kClipMarginPixels, -kClipMarginPixels, kClipMarginPixels, kClipMarginPixels);
  const double mpp = settings.metresPerPixel();
  painter.save();
  painter.fillRect(pixelRect, settings.background);
  if (settings.basemap && settings.basemapVisible && settings.basemapOpacity > 0) {
    const QImage raster = settings.basemap->render(settings.visibleExtent(), settings.outputSize);
    painter.setOpacity(settings.basemapOpacity);
    painter.drawImage(QPointF(0, 0), raster);
    painter.setOpacity(1.0);
  }
  painter.setRenderHint(QPainter::Antialiasing, true);

  std::unordered_map<std::string, int> rankOf;
  for (const RankedSite& site : settings.rankedSites) rankOf[site.parcelId] = site.rank;

  std::vector<Label> labels;
  QFont labelFont = painter.font();
  labelFont.setPixelSize(11);
  const QFontMetricsF metrics(labelFont);

  std::size_t counter = 0;
  std::vector<std::uint32_t> positions;
  BlockImage blocks(settings.outputSize);
  for (const LayerState& state : settings.layers) {
    if (!state.visible || state.opacity <= 0) continue;
    painter.setOpacity(state.opacity);
    const LayerSnapshot& layer = snapshot.layer(state.layer);
    const bool filtered = state.layer == Layer::Parcels && settings.parcelFilter;
    const std::set<std::string>* hidden = settings.hiddenIn(state.layer);
    // Symbols reach a few pixels beyond their point: keep those just outside the view.
    const QRectF reach = view.adjusted(-mpp * 8, -mpp * 8, mpp * 8, mpp * 8);
    // A window visits the features the layer's grid puts near it; a view over the whole layer all.
    const bool everything = layer.bounds.isNull() || reach.contains(layer.bounds);
    if (!everything) snapshot.featuresIn(state.layer, reach, positions);
    const std::size_t count = everything ? layer.features.size() : positions.size();
    for (std::size_t k = 0; k < count; ++k) {
      const MapFeature& feature = layer.features[everything ? k : positions[k]];
      if (cancel && ++counter % kCancelCheckEvery == 0 && cancel->load(std::memory_order_relaxed)) {
        painter.restore();
        stats.cancelled = true;
        return stats;
      }
      if (feature.kind == ShapeKind::None || !feature.bounds.intersects(reach)) continue;
      if (filtered && !settings.parcelFilter->contains(feature.id)) continue;
      if (hidden && hidden->contains(feature.category)) continue;
      const FeatureStyle style = featureStyle(state.layer, feature, settings);
      const double pixelWidth = feature.bounds.width() / mpp, pixelHeight = feature.bounds.height() / mpp;

      if (feature.kind == ShapeKind::Point) {
        painter.setRenderHint(QPainter::Antialiasing, true);
        drawSymbol(painter, t.map(feature.rings.front().front()), style);
        ++stats.drawn;
      } else if (pixelWidth < kBlockPixels && pixelHeight < kBlockPixels) {
        // A few pixels or less: its pixel box (one dot when sub-pixel) in the fill (or stroke)
        // colour keeps the density visible, written straight into the block image.
        const QColor colour = style.fill.alpha() > 40 ? style.fill : style.stroke;
        blocks.put(pixelWidth < 1.5 && pixelHeight < 1.5 ? QRectF(t.map(feature.anchor), QSizeF(0, 0)) : t.mapRect(feature.bounds), colour);
        ++stats.dots;
        continue;
      } else {
        std::vector<QPolygonF> pixelRings;
        pixelRings.reserve(feature.rings.size());
        const bool polygon = feature.kind == ShapeKind::Polygon;
        // A shape reaching far beyond the map (the district's outline, a long river) is clipped to the
        // map and a margin: a raster painter would skip those vertices anyway, but a PDF or SVG page
        // would carry every one of them (a catalogue page held 30,000, 94% of them off the page).
        const bool beyond = !clipBox.contains(t.mapRect(feature.bounds));
        for (const QPolygonF& ring : feature.rings) {
          QPolygonF p = toPixels(ring, t, polygon);
          if (p.isEmpty()) continue;
          if (!beyond) pixelRings.push_back(std::move(p));
          else if (polygon) {
            if (QPolygonF clipped = clipRing(p, clipBox); !clipped.isEmpty()) pixelRings.push_back(std::move(clipped));
          } else {
            for (QPolygonF& part : clipLine(p, clipBox)) pixelRings.push_back(std::move(part));
          }
        }
        if (pixelRings.empty()) continue;
        // Thin strokes vanish when the feature is only a few pixels across: fill only.
        const double strokeWidth = (pixelWidth < 6 && state.layer == Layer::Parcels) ? 0 : style.strokeWidth;
        // State changes cost more than small polygons: set pen and brush only when they differ.
        QPen pen = strokeWidth > 0 ? QPen(style.stroke, strokeWidth, style.strokeStyle) : QPen(Qt::NoPen);
        if (strokeWidth > 0 && strokeWidth <= 1.0) {
          // A pen of a pixel or less goes through Qt's path stroker (~2 us a polygon); a cosmetic hairline
          // with the colour thinned by the width looks the same and takes the fast line drawer.
          QColor hairline = style.stroke;
          hairline.setAlphaF(hairline.alphaF() * static_cast<float>(strokeWidth));
          pen = QPen(hairline, 0, style.strokeStyle);
          pen.setCosmetic(true);
        }
        if (pen != painter.pen()) painter.setPen(pen);
        // A fully transparent brush still blends every covered pixel: use none (boundaries).
        const QBrush brush = polygon && style.fill.alpha() > 0 ? QBrush(style.fill) : QBrush(Qt::NoBrush);
        if (brush != painter.brush()) painter.setBrush(brush);
        // Antialiasing a polygon under ~64 pixels shows little (its hairline outline hides the edge)
        // and costs 3x the fill: a 2 km window at 10^5 parcels has ~2,800 of them, at 10^6 ~18,000.
        // Large ones get an antialiased hairline outline (see fillAndStroke).
        const bool large = pixelWidth > kSmoothPixels || pixelHeight > kSmoothPixels;
        if (painter.testRenderHint(QPainter::Antialiasing)) painter.setRenderHint(QPainter::Antialiasing, false);
        if (state.layer == Layer::Roads) {
          // Lines wider than a hairline look broken without antialiasing and rounded joins.
          QPen roadPen = painter.pen();
          roadPen.setCapStyle(Qt::RoundCap);
          roadPen.setJoinStyle(Qt::RoundJoin);
          painter.setPen(roadPen);
          painter.setRenderHint(QPainter::Antialiasing, true);
        }
        fillAndStroke(painter, pixelRings, style, polygon, large);
        ++stats.drawn;
        if (settings.labels && state.layer == Layer::Roads && !feature.name.empty() && style.stroke.alpha() > 0 &&
            mpp <= roadLabelMetresPerPixel(feature.category))
          if (std::optional<Label> label = roadLabel(feature, pixelRings, pixelRect)) labels.push_back(std::move(*label));
      }

      if (!settings.labels) continue;
      const QPointF anchor = t.map(feature.anchor);
      if (!pixelRect.contains(anchor)) continue;
      switch (state.layer) {
        case Layer::Parcels:
          // An id must fit inside its parcel: measured here with one metrics object, so the tens of
          // thousands of parcels too small for theirs cost no label (nor a font lookup each).
          if (pixelWidth > 20) {
            QString id = QString::fromStdString(feature.id);
            if (metrics.horizontalAdvance(id) + 4 <= pixelWidth) labels.push_back({std::move(id), anchor, 1, QColor(40, 40, 40), false, 0, Layer::Parcels});
          }
          break;
        case Layer::Parks:
          labels.push_back({QString::fromStdString(feature.name), anchor, 5, QColor(20, 60, 150), true, 0, Layer::Parks});
          break;
        case Layer::Facilities:
          if (mpp < 40) labels.push_back({QString::fromStdString(feature.name), anchor + QPointF(0, 13), 3, QColor(50, 50, 50), false, 0, Layer::Facilities});
          break;
        case Layer::Boundaries:
          if (feature.category == "subdistrict")
            labels.push_back({QString::fromStdString(feature.name), anchor, mpp > kDistrictScaleMetresPerPixel ? 6 : 4, QColor(110, 110, 110), true, 0,
                              Layer::Boundaries});
          break;
        case Layer::Projects:
          labels.push_back({QString::fromStdString(feature.name), anchor + QPointF(0, 14), 2, QColor(180, 20, 100), false, 0, Layer::Projects});
          break;
        case Layer::Places:
          // Villages and landmarks orient a site visit; at a district scale only the government seats.
          if (mpp < 12 || feature.category == "government")
            labels.push_back({QString::fromStdString(feature.name), anchor + QPointF(0, 11), 1, QColor(90, 75, 60), false, 0, Layer::Places});
          break;
        case Layer::Water:
          if (feature.kind == ShapeKind::Polygon && mpp < 25 && pixelWidth > 60)
            labels.push_back({QString::fromStdString(feature.name), anchor, 0, QColor(40, 100, 170), false, 0, Layer::Water});
          break;
        default: break;
      }
    }
    blocks.drawOn(painter);
  }
  painter.setOpacity(1.0);
  painter.setRenderHint(QPainter::Antialiasing, true);

  // Highlighted features: a bright outline over everything.
  for (const FeatureRef& ref : settings.highlighted) {
    const MapFeature* feature = snapshot.find(ref.layer, ref.id);
    if (!feature || feature->kind == ShapeKind::None) continue;
    painter.setBrush(Qt::NoBrush);
    if (feature->kind == ShapeKind::Point) {
      painter.setPen(QPen(QColor(255, 230, 0), 3));
      painter.drawEllipse(t.map(feature->anchor), 10, 10);
      continue;
    }
    for (const QPolygonF& ring : feature->rings) {
      const QPolygonF p = t.map(ring);
      painter.setPen(QPen(QColor(255, 255, 255), 5));
      painter.drawPolyline(p);
      painter.setPen(QPen(QColor(0, 200, 255), 2.5));
      painter.drawPolyline(p);
    }
  }

  // An allocation plan: each site outlined and tinted in its project's class colour and labelled with
  // the project's id; open projects have no point yet, but when one has, a line joins it to its site
  // (to the middle of an assembly's members).
  for (const PlanLink& link : settings.planLinks) {
    const QColor colour = planClassColour(link.priorityClass);
    QColor tint = colour;
    tint.setAlpha(60);
    QPointF siteCentre;
    int parts = 0;
    for (const std::string& id : link.siteParts) {
      const MapFeature* site = snapshot.find(link.building ? Layer::Buildings : Layer::Parcels, id);
      if (!site || site->kind == ShapeKind::None) continue;
      painter.setBrush(site->kind == ShapeKind::Polygon ? QBrush(tint) : QBrush(Qt::NoBrush));
      painter.setPen(QPen(colour, 3));
      for (const QPolygonF& ring : site->rings)
        site->kind == ShapeKind::Polygon ? painter.drawPolygon(t.map(ring)) : painter.drawPolyline(t.map(ring));
      siteCentre += t.map(site->anchor);
      ++parts;
    }
    if (parts == 0) continue;
    siteCentre /= parts;
    ++stats.planLinks;
    if (settings.labels && pixelRect.contains(siteCentre))
      labels.push_back({QString::fromStdString(link.project), siteCentre, 7, colour.darker(130), true, 0, Layer::Projects});
    const MapFeature* project = snapshot.find(Layer::Projects, link.project);
    if (!project || project->kind == ShapeKind::None) continue;
    const QPointF projectPoint = t.map(project->anchor);
    painter.setPen(QPen(colour, 2.5, Qt::SolidLine, Qt::RoundCap));
    painter.drawLine(projectPoint, siteCentre);
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(projectPoint, 9, 9);
  }

  // Ranked match sites: the parcel outlined, its rank in a disc at its centre. Discs never pile up:
  // best first, a disc that would overlap a better site's becomes a small dot (the parcel's outline
  // still shows it; zoom in to read its number). Discs are painted worst first, so the best is on top.
  QFont rankFont = labelFont;
  rankFont.setBold(true);
  rankFont.setPixelSize(12);
  painter.setFont(rankFont);
  LabelPlacer discPlacer(settings.outputSize);
  struct RankMark {
    QPointF centre;
    int rank;
    bool disc;
  };
  std::vector<RankMark> marks;
  std::vector<const RankedSite*> byRank;
  for (const RankedSite& site : settings.rankedSites) byRank.push_back(&site);
  std::ranges::stable_sort(byRank, {}, &RankedSite::rank);
  for (const RankedSite* site : byRank) {
    const MapFeature* feature = snapshot.find(Layer::Parcels, site->parcelId);
    if (!feature || feature->kind == ShapeKind::None) continue;
    for (const QPolygonF& ring : feature->rings) {
      painter.setPen(QPen(QColor(200, 0, 80), 2.5));
      painter.setBrush(Qt::NoBrush);
      painter.drawPolyline(t.map(ring));
    }
    const QPointF c = t.map(feature->anchor);
    const QRectF disc(c - QPointF(11, 11), QSizeF(22, 22));
    const bool placed = discPlacer.tryPlace(disc);
    marks.push_back({c, site->rank, placed});
    if (placed) stats.rankDiscs.push_back(disc);
    else ++stats.crowdedRanks;
  }
  for (auto mark = marks.rbegin(); mark != marks.rend(); ++mark) {
    painter.setPen(QPen(Qt::white, 1.5));
    painter.setBrush(QColor(200, 0, 80));
    if (!mark->disc) {
      painter.drawEllipse(mark->centre, 3.5, 3.5);
      continue;
    }
    painter.drawEllipse(mark->centre, 10, 10);
    painter.setPen(Qt::white);
    painter.drawText(QRectF(mark->centre.x() - 10, mark->centre.y() - 10, 20, 20), Qt::AlignCenter, QString::number(mark->rank));
  }

  // Labels: by priority, skipped when they would overlap or not fit their feature.
  std::stable_sort(labels.begin(), labels.end(), [](const Label& a, const Label& b) { return a.priority > b.priority; });
  LabelPlacer placer(settings.outputSize);
  for (const RankMark& mark : marks) {
    const double half = mark.disc ? 11 : 4;
    placer.tryPlace(QRectF(mark.centre - QPointF(half, half), QSizeF(2 * half, 2 * half)));
  }
  QFont boldFont = labelFont;
  boldFont.setBold(true);
  boldFont.setPixelSize(13);
  const QFontMetricsF boldMetrics(boldFont);
  for (const Label& label : labels) {
    if (label.text.isEmpty()) continue;
    const QFont& font = label.bold ? boldFont : labelFont;
    const QFontMetricsF& fm = label.bold ? boldMetrics : metrics;
    const double width = fm.horizontalAdvance(label.text);
    if (label.minWidth > 0 && width + 4 > label.minWidth) continue;
    if (label.room > 0) {
      // Along a road: turned about its centre; it must fit its segment, and its turned box must not
      // cover another label (the box is the turned text's bounding box, a little generous).
      if (width + 16 > label.room) continue;
      const QRectF text(-width / 2, -fm.height() / 2, width, fm.height());
      const QRectF turned = QTransform().translate(label.at.x(), label.at.y()).rotate(label.angleDegrees).mapRect(text);
      if (!pixelRect.contains(turned) || !placer.tryPlace(turned)) continue;
      painter.setFont(font);
      painter.save();
      painter.translate(label.at);
      painter.rotate(label.angleDegrees);
      painter.setRenderHint(QPainter::Antialiasing, false);
      painter.fillRect(text.adjusted(-2, 0, 2, 0), QColor(255, 255, 255, 175));
      painter.setRenderHint(QPainter::Antialiasing, true);
      painter.setPen(label.colour);
      painter.drawText(QPointF(text.left(), text.top() + fm.ascent()), label.text);
      painter.restore();
      ++stats.labels;
      stats.placedLabels.push_back({label.text, turned, label.layer});
      continue;
    }
    QRectF box(label.at.x() - width / 2, label.at.y() - fm.height() / 2, width, fm.height());
    // Whole or not at all: a label running past the map's edge is moved inside it (its anchor is
    // inside), one wider than the map is left out.
    if (box.width() + 6 > pixelRect.width() || box.height() + 2 > pixelRect.height()) continue;
    box.moveLeft(std::clamp(box.left(), 3.0, pixelRect.width() - box.width() - 3));
    box.moveTop(std::clamp(box.top(), 1.0, pixelRect.height() - box.height() - 1));
    if (!placer.tryPlace(box)) continue;
    painter.setFont(font);
    // A light box behind the text keeps it readable over any fill: one fill and one text run per
    // label (a glyph halo costs 8 text runs, an outlined path ~100x more with a large CJK font).
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.fillRect(box.adjusted(-2, 0, 2, 0), QColor(255, 255, 255, 175));
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(label.colour);
    painter.drawText(QPointF(box.left(), box.top() + fm.ascent()), label.text);
    ++stats.labels;
    stats.placedLabels.push_back({label.text, box.adjusted(-2, 0, 2, 0), label.layer});
  }
  painter.restore();
  return stats;
}

QImage renderImage(const MapSettings& settings, const FeatureSnapshot& snapshot, RenderStats* stats) {
  QImage image(settings.outputSize, QImage::Format_ARGB32_Premultiplied);
  image.setDotsPerMeterX(qRound(settings.dpi / 0.0254));
  image.setDotsPerMeterY(qRound(settings.dpi / 0.0254));
  QPainter painter(&image);
  const RenderStats result = renderMap(painter, settings, snapshot);
  painter.end();
  if (stats) *stats = result;
  return image;
}

}  // namespace landbank::render
