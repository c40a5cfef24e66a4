#pragma once
// Draws a map onto any QPainter (a QImage in a render job, a QPdfWriter page in an export): layers
// in the settings' order, with level of detail, highlights, ranked match sites and labels.

#include <atomic>
#include <vector>

#include <QImage>

#include "render/feature_snapshot.h"
#include "render/map_settings.h"

class QPainter;

namespace landbank::render {

/// A label drawn on the map: its text and its box in output pixels (always inside the output).
struct PlacedLabel {
  QString text;
  QRectF box;
  Layer layer;
};

struct RenderStats {
  std::size_t drawn = 0;      ///< features drawn with their full shape
  std::size_t dots = 0;       ///< sub-pixel features drawn as a single dot
  std::size_t labels = 0;     ///< labels placed
  std::vector<PlacedLabel> placedLabels;  ///< what was written where (tests, exports' checks)
  std::vector<QRectF> rankDiscs;          ///< numbered discs of ranked sites, best first (never overlapping)
  std::size_t crowdedRanks = 0;           ///< ranked sites drawn as a small dot: their disc would cover a better one's
  std::size_t planLinks = 0;              ///< allocation plan sites drawn (outlined in their class colour)
  bool cancelled = false;
};

/// Draws the map into the painter's device, whose size must be settings.outputSize. Returns early
/// (stats.cancelled) when `cancel` becomes true; checked every few hundred features.
RenderStats renderMap(QPainter& painter, const MapSettings& settings, const FeatureSnapshot& snapshot,
                      const std::atomic<bool>* cancel = nullptr);

/// Convenience: a new ARGB image of settings.outputSize with the map drawn in it.
QImage renderImage(const MapSettings& settings, const FeatureSnapshot& snapshot, RenderStats* stats = nullptr);

}  // namespace landbank::render
