#pragma once
// How each layer looks. The renderers and the legend both ask this module, so the legend always
// shows the styles really drawn.

#include <QColor>
#include <QString>

#include <string>
#include <vector>

#include "landbank/layers.h"
#include "render/map_settings.h"

class QPainter;
class QRectF;

namespace landbank::render {

struct MapFeature;
class FeatureSnapshot;

enum class Symbol { None, Circle, Square, Triangle, Diamond, Star, Cross, Hexagon };

struct FeatureStyle {
  QColor fill = Qt::transparent;
  QColor stroke = Qt::black;
  double strokeWidth = 1.0;  ///< pixels
  Qt::PenStyle strokeStyle = Qt::SolidLine;
  /// Hatching drawn over the fill (constraints); Qt::NoBrush for none.
  Qt::BrushStyle hatch = Qt::NoBrush;
  QColor hatchColor;
  Symbol symbol = Symbol::None;  ///< point features
  double symbolSize = 8;         ///< pixels
};

/// The style of one feature of `layer`.
FeatureStyle featureStyle(Layer layer, const MapFeature& feature, ParcelStyling styling);
/// The style of one feature as `settings` draw it: parcels by settings.styling, projects by stage or
/// by grade (settings.projectStyling, settings.projectGrades).
FeatureStyle featureStyle(Layer layer, const MapFeature& feature, const MapSettings& settings);
/// True for constraint types that cover large regions (airport height limits, the development
/// boundary): drawn as an outline and a light, sparse hatch so the parcel colours beneath stay true.
bool isRegionalConstraint(const std::string& type);

struct LegendEntry {
  QString label;
  FeatureStyle style;
  bool isLine = false;
  std::string code = {};  ///< the category drawn in this style (empty for a layer's single entry)
};

struct LegendGroup {
  Layer layer;
  QString title;
  std::vector<LegendEntry> entries;
};

/// Legend of a layer with only the classes present in `snapshot` (all classes when it is null).
LegendGroup legendFor(Layer layer, ParcelStyling styling, MapLanguage language, const FeatureSnapshot* snapshot);
/// The same with the project styling of `settings` (stages or grades). Each entry's `code` is the
/// category it stands for (constraint type, stage, grade), so the layer tree can switch it off.
LegendGroup legendFor(Layer layer, const MapSettings& settings, const FeatureSnapshot* snapshot);
QString layerTitle(Layer layer, MapLanguage language);
/// A code's label in the language ("reserved" -> "储备" / "Reserved"); land-use codes get their class name.
QString codeLabel(const std::string& code, MapLanguage language);

/// Draws one legend swatch (a filled box, a line or a symbol) inside `rect`.
void drawSwatch(QPainter& painter, const QRectF& rect, const LegendEntry& entry);
/// Draws a point symbol centred at `centre` with the style's fill and stroke.
void drawSymbol(QPainter& painter, QPointF centre, const FeatureStyle& style);

/// The colour of an allocation plan's priority class (0 = the first class, major projects):
/// the map's plan links and the plan table's class column use it.
QColor planClassColour(int classIndex);

}  // namespace landbank::render
