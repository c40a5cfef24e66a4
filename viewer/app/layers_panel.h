#pragma once
// Layers panel: visibility, drawing order, opacity and the legend, drawn from the real styles;
// the raster basemap, when one is added, is the bottom entry (visibility and opacity only).

#include <QWidget>

#include "render/map_settings.h"

class QTreeWidget;
class QTreeWidgetItem;
class QSlider;
class QPushButton;
class QLabel;
class QComboBox;

namespace landbank::render {
class FeatureSnapshot;
}

namespace landbank::viewer {

class LayersPanel : public QWidget {
  Q_OBJECT
 public:
  explicit LayersPanel(QWidget* parent = nullptr);
  /// Rebuilds the tree from the settings (order, visibility, opacity, styling, language).
  void showSettings(const render::MapSettings& settings, const render::FeatureSnapshot* snapshot);
  /// Writes the panel's choices into `settings`.
  void applyTo(render::MapSettings& settings) const;
  void retranslate();
  /// Sets one layer's visibility as a click on its check box would (tests, menus).
  void setLayerVisible(Layer layer, bool visible);
  /// The basemap entry's check box (no-op without a basemap).
  void setBasemapVisible(bool visible);
  /// Switches one class of a layer on or off (a constraint type, a facility type), as a click on
  /// its legend entry's check box would. False when the tree has no such entry.
  bool setCategoryVisible(Layer layer, const std::string& category, bool visible);

 signals:
  void changed();

 private:
  QTreeWidgetItem* currentLayerItem() const;
  void move(int delta);

  QTreeWidget* m_tree;
  QSlider* m_opacity;
  QLabel* m_opacityLabel;
  QLabel* m_stylingLabel;
  QComboBox* m_styling;
  QLabel* m_projectStylingLabel;
  QComboBox* m_projectStyling;
  QPushButton* m_up;
  QPushButton* m_down;
  bool m_updating = false;
};

}  // namespace landbank::viewer
