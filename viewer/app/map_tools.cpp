#include "app/map_tools.h"

#include <QMouseEvent>
#include <QPainter>

#include <cmath>

#include "app/map_canvas.h"

namespace landbank::viewer {

MapTool::MapTool(MapCanvas* canvas) : QObject(canvas), m_canvas(canvas) {}

void PanTool::mousePress(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  m_dragging = true;
  m_last = event->position();
  m_canvas->setCursor(Qt::ClosedHandCursor);
}

void PanTool::mouseMove(QMouseEvent* event) {
  if (!m_dragging) return;
  m_canvas->panByPixels(event->position() - m_last);
  m_last = event->position();
}

void PanTool::mouseRelease(QMouseEvent*) {
  m_dragging = false;
  m_canvas->setCursor(cursor());
}

void ZoomBoxTool::mousePress(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  m_dragging = true;
  m_start = m_end = event->position();
}

void ZoomBoxTool::mouseMove(QMouseEvent* event) {
  if (!m_dragging) return;
  m_end = event->position();
  m_canvas->update();
}

void ZoomBoxTool::mouseRelease(QMouseEvent* event) {
  if (!m_dragging) return;
  m_dragging = false;
  m_end = event->position();
  const QRectF box = QRectF(m_start, m_end).normalized();
  if (box.width() < 5 || box.height() < 5) {
    m_canvas->zoomAt(2.0, m_end);
    return;
  }
  const EastingNorthing a = m_canvas->toMap(box.bottomLeft()), b = m_canvas->toMap(box.topRight());
  m_canvas->setExtent({a.easting, a.northing, b.easting, b.northing});
}

void ZoomBoxTool::paint(QPainter& painter) {
  if (!m_dragging) return;
  painter.setPen(QPen(QColor(0, 120, 215), 1.5, Qt::DashLine));
  painter.setBrush(QColor(0, 120, 215, 40));
  painter.drawRect(QRectF(m_start, m_end).normalized());
}

void IdentifyTool::mousePress(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  m_pressed = true;
  m_moved = false;
  m_start = m_last = event->position();
}

void IdentifyTool::mouseMove(QMouseEvent* event) {
  if (!m_pressed) return;
  if ((event->position() - m_start).manhattanLength() > 4) m_moved = true;
  if (m_moved) m_canvas->panByPixels(event->position() - m_last);
  m_last = event->position();
}

void IdentifyTool::mouseRelease(QMouseEvent* event) {
  if (!m_pressed) return;
  m_pressed = false;
  // Points and lines are hit within 5 pixels, whatever the scale.
  if (!m_moved) emit identifyRequested(m_canvas->toMap(event->position()), 5 * m_canvas->settings().metresPerPixel());
}

MeasureTool::MeasureTool(MapCanvas* canvas, Mode mode) : MapTool(canvas), m_mode(mode) {}

void MeasureTool::cancel() {
  m_points.clear();
  m_hover.reset();
  m_finished = false;
  m_canvas->update();
}

void MeasureTool::addPoint(EastingNorthing point) {
  if (m_finished) {
    m_points.clear();
    m_finished = false;
  }
  m_points.push_back(point);
  emit measured(value(), false);
  m_canvas->update();
}

void MeasureTool::mousePress(QMouseEvent* event) {
  if (event->button() == Qt::RightButton) {
    m_finished = true;
    emit measured(value(), true);
    return;
  }
  if (event->button() == Qt::LeftButton) addPoint(m_canvas->toMap(event->position()));
}

void MeasureTool::mouseMove(QMouseEvent* event) {
  m_hover = m_canvas->toMap(event->position());
  if (!m_finished && !m_points.empty()) m_canvas->update();
}

void MeasureTool::mouseDoubleClick(QMouseEvent*) {
  m_finished = true;
  emit measured(value(), true);
}

double MeasureTool::value() const { return m_mode == Mode::Distance ? polylineLength(m_points) : ringArea(m_points); }

void MeasureTool::paint(QPainter& painter) {
  if (m_points.empty()) return;
  QPolygonF line;
  for (const EastingNorthing& p : m_points) line << m_canvas->toPixel(p);
  if (!m_finished && m_hover) line << m_canvas->toPixel(*m_hover);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(QPen(QColor(230, 60, 0), 2));
  painter.setBrush(m_mode == Mode::Area ? QBrush(QColor(230, 60, 0, 50)) : QBrush(Qt::NoBrush));
  if (m_mode == Mode::Area) painter.drawPolygon(line);
  else painter.drawPolyline(line);
  for (const QPointF& p : line) painter.drawEllipse(p, 3, 3);
}

double polylineLength(const std::vector<EastingNorthing>& points) {
  double length = 0;
  for (std::size_t i = 1; i < points.size(); ++i)
    length += std::hypot(points[i].easting - points[i - 1].easting, points[i].northing - points[i - 1].northing);
  return length;
}

double ringArea(const std::vector<EastingNorthing>& points) {
  if (points.size() < 3) return 0;
  // Relative to the first vertex: projected coordinates are ~10^6 m and their products lose precision.
  const EastingNorthing o = points.front();
  double twice = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const EastingNorthing& a = points[i];
    const EastingNorthing& b = points[(i + 1) % points.size()];
    twice += (a.easting - o.easting) * (b.northing - o.northing) - (b.easting - o.easting) * (a.northing - o.northing);
  }
  return std::abs(twice) / 2;
}

}  // namespace landbank::viewer
