#include "render/map_settings.h"

#include <algorithm>

namespace landbank::render {

std::vector<LayerState> MapSettings::defaultLayers() {
  // The context (water, roads, places) beneath the land, as on the planners' paper maps.
  return {{Layer::Water, true, 1.0},      {Layer::Roads, true, 1.0},   {Layer::Places, true, 1.0},
          {Layer::Boundaries, true, 1.0}, {Layer::Parcels, true, 1.0}, {Layer::Constraints, true, 0.8},
          {Layer::Parks, true, 1.0},      {Layer::Buildings, true, 1.0}, {Layer::Facilities, true, 1.0},
          {Layer::Projects, true, 1.0}};
}

ProjectedBox MapSettings::visibleExtent() const {
  const double width = std::max(extent.maxEasting - extent.minEasting, 1e-6);
  const double height = std::max(extent.maxNorthing - extent.minNorthing, 1e-6);
  const double pixelWidth = std::max(outputSize.width(), 1), pixelHeight = std::max(outputSize.height(), 1);
  const double scale = std::max(width / pixelWidth, height / pixelHeight);  // metres per pixel
  const double cx = (extent.minEasting + extent.maxEasting) / 2, cy = (extent.minNorthing + extent.maxNorthing) / 2;
  return {cx - scale * pixelWidth / 2, cy - scale * pixelHeight / 2, cx + scale * pixelWidth / 2, cy + scale * pixelHeight / 2};
}

double MapSettings::metresPerPixel() const {
  const ProjectedBox visible = visibleExtent();
  return (visible.maxEasting - visible.minEasting) / std::max(outputSize.width(), 1);
}

QTransform MapSettings::mapToPixel() const {
  const ProjectedBox visible = visibleExtent();
  const double s = 1.0 / metresPerPixel();
  // x' = (x - minE) * s ; y' = (maxN - y) * s
  return QTransform(s, 0, 0, -s, -visible.minEasting * s, visible.maxNorthing * s);
}

QPointF MapSettings::toPixel(double easting, double northing) const {
  const ProjectedBox visible = visibleExtent();
  const double s = 1.0 / metresPerPixel();
  return {(easting - visible.minEasting) * s, (visible.maxNorthing - northing) * s};
}

EastingNorthing MapSettings::toMap(QPointF pixel) const {
  const ProjectedBox visible = visibleExtent();
  const double m = metresPerPixel();
  return EastingNorthing::fromMetres(visible.minEasting + pixel.x() * m, visible.maxNorthing - pixel.y() * m);
}

const LayerState* MapSettings::layerState(Layer layer) const {
  for (const LayerState& state : layers)
    if (state.layer == layer) return &state;
  return nullptr;
}

bool MapSettings::isVisible(Layer layer) const {
  const LayerState* state = layerState(layer);
  return state && state->visible && state->opacity > 0;
}

const std::set<std::string>* MapSettings::hiddenIn(Layer layer) const {
  const auto it = hiddenCategories.find(layer);
  return it == hiddenCategories.end() || it->second.empty() ? nullptr : &it->second;
}

std::string MapSettings::projectGrade(const std::string& projectId) const {
  if (!projectGrades) return {};
  const auto it = projectGrades->find(projectId);
  return it == projectGrades->end() ? std::string() : it->second;
}

double MapSettings::scaleDenominator() const { return metresPerPixel() * dpi / 0.0254; }

ProjectedBox expanded(const ProjectedBox& box, double fraction) {
  const double dx = std::max((box.maxEasting - box.minEasting) * fraction, 1.0);
  const double dy = std::max((box.maxNorthing - box.minNorthing) * fraction, 1.0);
  return {box.minEasting - dx, box.minNorthing - dy, box.maxEasting + dx, box.maxNorthing + dy};
}

ProjectedBox boxFromRect(const QRectF& rect) { return {rect.left(), rect.top(), rect.right(), rect.bottom()}; }

QRectF rectFromBox(const ProjectedBox& box) {
  return QRectF(QPointF(box.minEasting, box.minNorthing), QPointF(box.maxEasting, box.maxNorthing));
}

}  // namespace landbank::render
