#pragma once
// Map tools: each one interprets mouse input on the canvas in its own way. The canvas always
// handles the wheel and the keyboard (zoom, arrow-key pan) whatever tool is active.

#include <QCursor>
#include <QObject>
#include <QPointF>
#include <QPolygonF>

#include "landbank/geo.h"

class QMouseEvent;
class QPainter;

namespace landbank::viewer {

class MapCanvas;

class MapTool : public QObject {
  Q_OBJECT
 public:
  explicit MapTool(MapCanvas* canvas);
  virtual void activate() {}
  virtual void deactivate() { cancel(); }
  virtual void cancel() {}
  virtual QCursor cursor() const { return Qt::ArrowCursor; }
  virtual void mousePress(QMouseEvent*) {}
  virtual void mouseMove(QMouseEvent*) {}
  virtual void mouseRelease(QMouseEvent*) {}
  virtual void mouseDoubleClick(QMouseEvent*) {}
  virtual void paint(QPainter&) {}

 protected:
  MapCanvas* m_canvas;
};

/// Drag to move the map.
class PanTool : public MapTool {
  Q_OBJECT
 public:
  using MapTool::MapTool;
  QCursor cursor() const override { return Qt::OpenHandCursor; }
  void mousePress(QMouseEvent* event) override;
  void mouseMove(QMouseEvent* event) override;
  void mouseRelease(QMouseEvent* event) override;

 private:
  bool m_dragging = false;
  QPointF m_last;
};

/// Drag a box to zoom into it; a click zooms in twice around the point.
class ZoomBoxTool : public MapTool {
  Q_OBJECT
 public:
  using MapTool::MapTool;
  QCursor cursor() const override { return Qt::CrossCursor; }
  void cancel() override { m_dragging = false; }
  void mousePress(QMouseEvent* event) override;
  void mouseMove(QMouseEvent* event) override;
  void mouseRelease(QMouseEvent* event) override;
  void paint(QPainter& painter) override;

 private:
  bool m_dragging = false;
  QPointF m_start, m_end;
};

/// Click to ask what is under the cursor; a drag still pans so identify mode is comfortable.
class IdentifyTool : public MapTool {
  Q_OBJECT
 public:
  using MapTool::MapTool;
  QCursor cursor() const override { return Qt::WhatsThisCursor; }
  void mousePress(QMouseEvent* event) override;
  void mouseMove(QMouseEvent* event) override;
  void mouseRelease(QMouseEvent* event) override;

 signals:
  void identifyRequested(EastingNorthing point, double toleranceMetres);

 private:
  bool m_pressed = false, m_moved = false;
  QPointF m_start, m_last;
};

/// Click points; a double click ends. Distance mode sums segment lengths, area mode closes the ring.
class MeasureTool : public MapTool {
  Q_OBJECT
 public:
  enum class Mode { Distance, Area };
  MeasureTool(MapCanvas* canvas, Mode mode);
  QCursor cursor() const override { return Qt::CrossCursor; }
  void cancel() override;
  void mousePress(QMouseEvent* event) override;
  void mouseMove(QMouseEvent* event) override;
  void mouseDoubleClick(QMouseEvent* event) override;
  void paint(QPainter& painter) override;

  /// Length in metres of the polyline (Distance) or area in m² of the ring (Area) measured so far.
  double value() const;
  Mode mode() const { return m_mode; }
  /// Adds a vertex in map coordinates (used by the mouse handler and by tests).
  void addPoint(EastingNorthing point);

 signals:
  void measured(double value, bool finished);

 private:
  Mode m_mode;
  std::vector<EastingNorthing> m_points;
  std::optional<EastingNorthing> m_hover;
  bool m_finished = false;
};

/// Length of a polyline and (shoelace) area of a ring in map units: metres and square metres.
double polylineLength(const std::vector<EastingNorthing>& points);
double ringArea(const std::vector<EastingNorthing>& points);

}  // namespace landbank::viewer
