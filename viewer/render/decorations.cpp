#include "render/decorations.h"

#include <QFontMetricsF>
#include <QPainter>

#include <cmath>

#include "render/styles.h"

namespace landbank::render {

double niceScaleBarMetres(double metresPerPixel, double targetPixels) {
  const double raw = metresPerPixel * targetPixels;
  const double magnitude = std::pow(10.0, std::floor(std::log10(std::max(raw, 1e-9))));
  for (double step : {5.0, 2.0, 1.0})
    if (step * magnitude <= raw) return step * magnitude;
  return magnitude;
}

void drawScaleBar(QPainter& painter, const MapSettings& settings, QPointF bottomLeft) {
  const double metres = niceScaleBarMetres(settings.metresPerPixel(), 120);
  const double pixels = metres / settings.metresPerPixel();
  const QString text = metres >= 1000 ? QStringLiteral("%1 km").arg(metres / 1000) : QStringLiteral("%1 m").arg(metres);
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing, false);
  QFont font = painter.font();
  font.setPixelSize(11);
  painter.setFont(font);
  const QRectF back(bottomLeft.x() - 6, bottomLeft.y() - 30, pixels + 12, 36);
  painter.fillRect(back, QColor(255, 255, 255, 200));
  const double y = bottomLeft.y() - 6;
  for (int i = 0; i < 4; ++i)  // alternating black/white quarters, the cartographic convention
    painter.fillRect(QRectF(bottomLeft.x() + i * pixels / 4, y - 5, pixels / 4, 5), i % 2 ? Qt::white : Qt::black);
  painter.setPen(QPen(Qt::black, 1));
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(QRectF(bottomLeft.x(), y - 5, pixels, 5));
  painter.drawText(QRectF(bottomLeft.x(), bottomLeft.y() - 30, pixels, 18), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("0"));
  painter.drawText(QRectF(bottomLeft.x(), bottomLeft.y() - 30, pixels + 4, 18), Qt::AlignRight | Qt::AlignVCenter, text);
  painter.restore();
}

void drawNorthArrow(QPainter& painter, QPointF c, double size, MapLanguage language) {
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  const double h = size / 2, w = size / 4;
  painter.setPen(QPen(QColor(40, 40, 40), 1));
  painter.setBrush(QColor(40, 40, 40));
  painter.drawPolygon(QPolygonF{QPointF(c.x(), c.y() - h), QPointF(c.x() - w, c.y() + h), QPointF(c.x(), c.y() + h * 0.5)});
  painter.setBrush(Qt::white);
  painter.drawPolygon(QPolygonF{QPointF(c.x(), c.y() - h), QPointF(c.x() + w, c.y() + h), QPointF(c.x(), c.y() + h * 0.5)});
  QFont font = painter.font();
  font.setPixelSize(int(size * 0.35));
  font.setBold(true);
  painter.setFont(font);
  painter.drawText(QRectF(c.x() - size, c.y() - h - size * 0.5, 2 * size, size * 0.45), Qt::AlignCenter,
                   language == MapLanguage::Chinese ? QStringLiteral("北") : QStringLiteral("N"));
  painter.restore();
}

QRectF drawLegend(QPainter& painter, const MapSettings& settings, const FeatureSnapshot* snapshot, QPointF topRight) {
  std::vector<LegendGroup> groups;
  for (auto state = settings.layers.rbegin(); state != settings.layers.rend(); ++state)
    if (settings.isVisible(state->layer)) {
      LegendGroup group = legendFor(state->layer, settings, snapshot);
      if (!group.entries.empty()) groups.push_back(std::move(group));
    }
  painter.save();
  QFont font = painter.font();
  font.setPixelSize(11);
  QFont bold = font;
  bold.setBold(true);
  const QFontMetricsF fm(font);
  const double line = 16, swatch = 18;
  double width = 0, height = 8;
  for (const LegendGroup& group : groups) {
    width = std::max(width, QFontMetricsF(bold).horizontalAdvance(group.title));
    height += line + 2;
    for (const LegendEntry& entry : group.entries) width = std::max(width, swatch + 6 + fm.horizontalAdvance(entry.label)), height += line;
  }
  const QRectF box(topRight.x() - width - 16, topRight.y(), width + 16, height);
  painter.fillRect(box, QColor(255, 255, 255, 225));
  painter.setPen(QColor(180, 180, 180));
  painter.drawRect(box);
  double y = box.top() + 4;
  for (const LegendGroup& group : groups) {
    painter.setFont(bold);
    painter.setPen(Qt::black);
    painter.drawText(QRectF(box.left() + 8, y, width, line), Qt::AlignLeft | Qt::AlignVCenter, group.title);
    y += line + 2;
    painter.setFont(font);
    for (const LegendEntry& entry : group.entries) {
      drawSwatch(painter, QRectF(box.left() + 8, y + 2, swatch, line - 4), entry);
      painter.setPen(Qt::black);
      painter.drawText(QRectF(box.left() + 8 + swatch + 6, y, width, line), Qt::AlignLeft | Qt::AlignVCenter, entry.label);
      y += line;
    }
  }
  painter.restore();
  return box;
}

}  // namespace landbank::render
