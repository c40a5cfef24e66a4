#pragma once
// Map furniture drawn over a finished map: scale bar, north arrow and legend. Drawn on any
// QPainter so the canvas and the exports share them.

#include <QPointF>
#include <QRectF>

#include <vector>

#include "render/map_settings.h"

class QPainter;

namespace landbank::render {

class FeatureSnapshot;

/// A round ground length (1, 2 or 5 x 10^n metres) about `targetPixels` long at this scale.
double niceScaleBarMetres(double metresPerPixel, double targetPixels);

/// Scale bar with its bottom-left corner at `bottomLeft` (pixels).
void drawScaleBar(QPainter& painter, const MapSettings& settings, QPointF bottomLeft);
/// North arrow centred at `centre`. The database CRS is a Gauss-Kruger projection whose grid north
/// is within a degree of true north over a district, so the arrow points straight up.
void drawNorthArrow(QPainter& painter, QPointF centre, double size, MapLanguage language);
/// Legend of the visible layers (top layer first) in a box whose top-right corner is `topRight`.
/// Returns the box used.
QRectF drawLegend(QPainter& painter, const MapSettings& settings, const FeatureSnapshot* snapshot, QPointF topRight);

}  // namespace landbank::render
