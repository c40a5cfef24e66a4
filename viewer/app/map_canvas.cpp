#include "app/map_canvas.h"

#include <QApplication>
#include <QKeyEvent>
#include <QPainter>
#include <QTimer>

#include "app/map_tools.h"
#include "render/decorations.h"

namespace landbank::viewer {

MapCanvas::MapCanvas(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(320, 240);
  setAttribute(Qt::WA_OpaquePaintEvent);
}

MapCanvas::~MapCanvas() {
  if (m_job) m_job->cancel();
}

void MapCanvas::setSnapshot(std::shared_ptr<const render::FeatureSnapshot> snapshot) {
  m_snapshot = std::move(snapshot);
  m_rendered = false;
  m_image = QImage();
  scheduleRender();
}

void MapCanvas::setSettings(const render::MapSettings& settings) {
  m_settings = settings;
  m_settings.outputSize = size();
  m_rendered = false;
  scheduleRender();
  emit extentChanged();
}

void MapCanvas::setExtent(const ProjectedBox& extent) {
  render::MapSettings next = m_settings;
  next.extent = extent;
  setSettings(next);
}

void MapCanvas::zoomToFullExtent() {
  if (!m_snapshot) return;
  const QRectF full = m_snapshot->fullExtent();
  if (!full.isNull()) setExtent(render::expanded(render::boxFromRect(full), 0.03));
}

void MapCanvas::zoomToLayer(Layer layer) {
  if (!m_snapshot) return;
  const QRectF bounds = m_snapshot->layer(layer).bounds;
  if (!bounds.isNull()) setExtent(render::expanded(render::boxFromRect(bounds), 0.05));
}

void MapCanvas::zoomToFeature(Layer layer, const std::string& id) {
  if (!m_snapshot) return;
  const render::MapFeature* feature = m_snapshot->find(layer, id);
  if (!feature || feature->kind == render::ShapeKind::None) return;
  // Show the feature with its surroundings: at least 600 m across, so neighbours give context.
  QRectF box = feature->bounds;
  const double side = std::max({box.width() * 3, box.height() * 3, 600.0});
  box = QRectF(box.center() - QPointF(side / 2, side / 2), QSizeF(side, side));
  setExtent(render::boxFromRect(box));
}

void MapCanvas::zoomAt(double factor, QPointF pixel) {
  const EastingNorthing anchor = toMap(pixel);
  const ProjectedBox visible = m_settings.visibleExtent();
  auto scaled = [&](double value, double fixed) { return fixed + (value - fixed) / factor; };
  setExtent({scaled(visible.minEasting, anchor.easting), scaled(visible.minNorthing, anchor.northing),
             scaled(visible.maxEasting, anchor.easting), scaled(visible.maxNorthing, anchor.northing)});
}

void MapCanvas::panByPixels(QPointF delta) {
  const double m = m_settings.metresPerPixel();
  const ProjectedBox v = m_settings.visibleExtent();
  setExtent({v.minEasting - delta.x() * m, v.minNorthing + delta.y() * m, v.maxEasting - delta.x() * m, v.maxNorthing + delta.y() * m});
}

void MapCanvas::setTool(MapTool* tool) {
  if (m_tool) m_tool->deactivate();
  m_tool = tool;
  if (m_tool) {
    m_tool->activate();
    setCursor(m_tool->cursor());
  }
  update();
}

void MapCanvas::waitForRender() {
  while (!isRenderComplete()) QApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
}

void MapCanvas::scheduleRender() {
  // Coalesce bursts (wheel, drag) into one drawing per event-loop turn.
  if (m_pending) return;
  m_pending = true;
  QTimer::singleShot(0, this, [this] {
    m_pending = false;
    startRender();
  });
  update();
}

void MapCanvas::startRender() {
  if (!m_snapshot || width() <= 0 || height() <= 0) return;
  if (m_job) {
    // Stale: the settings changed while it was drawing. Let it stop in the background.
    m_job->cancel();
    render::RenderJob* old = m_job.release();
    disconnect(old, nullptr, this, nullptr);
    connect(old, &render::RenderJob::finished, old, &QObject::deleteLater);
  }
  m_settings.outputSize = size();
  m_job = std::make_unique<render::RenderJob>(m_settings, m_snapshot);
  connect(m_job.get(), &render::RenderJob::finished, this, &MapCanvas::jobFinished);
  m_job->start();
}

void MapCanvas::jobFinished() {
  std::unique_ptr<render::RenderJob> job = std::move(m_job);
  if (!job->wasCancelled()) {
    m_image = job->image();
    m_imageSettings = job->settings();
    m_rendered = true;
  }
  update();
  emit renderFinished();
}

void MapCanvas::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), m_settings.background);
  if (!m_image.isNull()) {
    // Where the last image's corners fall in the current view: a pan moves it, a zoom scales it.
    const ProjectedBox old = m_imageSettings.visibleExtent();
    const QPointF topLeft = m_settings.toPixel(old.minEasting, old.maxNorthing);
    const QPointF bottomRight = m_settings.toPixel(old.maxEasting, old.minNorthing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, !m_rendered);
    painter.drawImage(QRectF(topLeft, bottomRight), m_image);
  }
  render::drawScaleBar(painter, m_settings, QPointF(16, height() - 12));
  render::drawNorthArrow(painter, QPointF(width() - 34, 52), 36, m_settings.language);
  if (m_tool) m_tool->paint(painter);
}

void MapCanvas::resizeEvent(QResizeEvent*) {
  m_settings.outputSize = size();
  m_rendered = false;
  scheduleRender();
}

void MapCanvas::mousePressEvent(QMouseEvent* event) {
  if (m_tool) m_tool->mousePress(event);
}

void MapCanvas::mouseMoveEvent(QMouseEvent* event) {
  emit cursorMoved(toMap(event->position()));
  if (m_tool) m_tool->mouseMove(event);
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* event) {
  if (m_tool) m_tool->mouseRelease(event);
}

void MapCanvas::mouseDoubleClickEvent(QMouseEvent* event) {
  if (m_tool) m_tool->mouseDoubleClick(event);
}

void MapCanvas::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps != 0) zoomAt(std::pow(1.25, steps), event->position());
}

void MapCanvas::keyPressEvent(QKeyEvent* event) {
  const QPointF centre(width() / 2.0, height() / 2.0);
  const double step = std::min(width(), height()) / 4.0;
  switch (event->key()) {
    case Qt::Key_Left: panByPixels({step, 0}); break;
    case Qt::Key_Right: panByPixels({-step, 0}); break;
    case Qt::Key_Up: panByPixels({0, step}); break;
    case Qt::Key_Down: panByPixels({0, -step}); break;
    case Qt::Key_Plus: case Qt::Key_Equal: zoomAt(1.5, centre); break;
    case Qt::Key_Minus: zoomAt(1 / 1.5, centre); break;
    case Qt::Key_Escape: if (m_tool) m_tool->cancel(); break;
    default: QWidget::keyPressEvent(event);
  }
}

}  // namespace landbank::viewer
