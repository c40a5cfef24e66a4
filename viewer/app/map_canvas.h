#pragma once
// The map widget: holds the MapSettings of what is shown, hands a copy to a RenderJob whenever they
// change, cancels a job that became stale, and meanwhile shows the last image moved and scaled to
// the new view so panning and zooming feel immediate.

#include <QImage>
#include <QWidget>

#include <memory>

#include "render/feature_snapshot.h"
#include "render/map_settings.h"
#include "render/render_job.h"

namespace landbank::viewer {

class MapTool;

class MapCanvas : public QWidget {
  Q_OBJECT
 public:
  explicit MapCanvas(QWidget* parent = nullptr);
  ~MapCanvas() override;

  void setSnapshot(std::shared_ptr<const render::FeatureSnapshot> snapshot);
  const render::FeatureSnapshot* snapshot() const { return m_snapshot.get(); }
  std::shared_ptr<const render::FeatureSnapshot> sharedSnapshot() const { return m_snapshot; }

  const render::MapSettings& settings() const { return m_settings; }
  /// Replaces the settings (output size follows the widget) and schedules a new drawing.
  void setSettings(const render::MapSettings& settings);
  void setExtent(const ProjectedBox& extent);
  void zoomToFullExtent();
  void zoomToLayer(Layer layer);
  void zoomToFeature(Layer layer, const std::string& id);
  /// Zooms by `factor` (> 1 zooms in) keeping the map point under `pixel` fixed.
  void zoomAt(double factor, QPointF pixel);
  void panByPixels(QPointF delta);

  EastingNorthing toMap(QPointF pixel) const { return m_settings.toMap(pixel); }
  QPointF toPixel(EastingNorthing point) const { return m_settings.toPixel(point.easting, point.northing); }

  /// The tool takes mouse input; the canvas does not own it.
  void setTool(MapTool* tool);
  MapTool* tool() const { return m_tool; }

  /// True when the image on screen was drawn for the current settings.
  bool isRenderComplete() const { return m_rendered && !m_job; }
  /// Blocks (processing events) until the current drawing is finished.
  void waitForRender();
  const QImage& renderedImage() const { return m_image; }

 signals:
  void cursorMoved(EastingNorthing position);
  void extentChanged();
  void renderFinished();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void scheduleRender();
  void startRender();
  void jobFinished();

  std::shared_ptr<const render::FeatureSnapshot> m_snapshot;
  render::MapSettings m_settings;
  std::unique_ptr<render::RenderJob> m_job;
  QImage m_image;                       ///< last finished drawing
  render::MapSettings m_imageSettings;  ///< the settings it was drawn with
  bool m_rendered = false;
  bool m_pending = false;
  MapTool* m_tool = nullptr;
};

}  // namespace landbank::viewer
