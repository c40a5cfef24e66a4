#include "app/layers_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSlider>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "render/basemap.h"
#include "render/feature_snapshot.h"
#include "render/styles.h"

#include <set>

namespace landbank::viewer {

namespace {

constexpr int kLayerRole = Qt::UserRole + 1;
constexpr int kOpacityRole = Qt::UserRole + 2;
/// On a legend entry that can be switched off: the category it stands for.
constexpr int kCategoryRole = Qt::UserRole + 3;

/// Layers whose classes are switched one by one: a planner looks at the eco red line alone, or
/// hides the airport's height-limit surface that covers a third of the district.
// Constraint and facility types, road classes (a site-visit map often wants the expressways and
// main roads only): each legend entry of these layers has its own check box.
bool switchesClasses(Layer layer) { return layer == Layer::Constraints || layer == Layer::Facilities || layer == Layer::Roads; }
/// kLayerRole of the basemap's entry: not a Layer, always at the bottom (drawn first).
constexpr int kBasemapEntry = -1;

QIcon swatchIcon(const render::LegendEntry& entry) {
  QPixmap pixmap(22, 14);
  pixmap.fill(Qt::transparent);
  QPainter painter(&pixmap);
  render::drawSwatch(painter, QRectF(1, 1, 20, 12), entry);
  return QIcon(pixmap);
}

}  // namespace

LayersPanel::LayersPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* stylingRow = new QHBoxLayout;
  m_stylingLabel = new QLabel(this);
  m_styling = new QComboBox(this);
  m_styling->addItems({QString(), QString()});
  stylingRow->addWidget(m_stylingLabel);
  stylingRow->addWidget(m_styling, 1);
  layout->addLayout(stylingRow);
  auto* projectRow = new QHBoxLayout;
  m_projectStylingLabel = new QLabel(this);
  m_projectStyling = new QComboBox(this);
  m_projectStyling->addItems({QString(), QString()});
  projectRow->addWidget(m_projectStylingLabel);
  projectRow->addWidget(m_projectStyling, 1);
  layout->addLayout(projectRow);
  m_tree = new QTreeWidget(this);
  m_tree->setHeaderHidden(true);
  m_tree->setIconSize(QSize(22, 14));
  layout->addWidget(m_tree, 1);
  auto* row = new QHBoxLayout;
  m_opacityLabel = new QLabel(this);
  m_opacity = new QSlider(Qt::Horizontal, this);
  m_opacity->setRange(0, 100);
  m_up = new QPushButton(QStringLiteral("▲"), this);
  m_down = new QPushButton(QStringLiteral("▼"), this);
  m_up->setFixedWidth(28);
  m_down->setFixedWidth(28);
  row->addWidget(m_opacityLabel);
  row->addWidget(m_opacity, 1);
  row->addWidget(m_up);
  row->addWidget(m_down);
  layout->addLayout(row);

  connect(m_tree, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem*, int) {
    if (!m_updating) emit changed();
  });
  connect(m_tree, &QTreeWidget::currentItemChanged, this, [this] {
    if (QTreeWidgetItem* item = currentLayerItem()) m_opacity->setValue(item->data(0, kOpacityRole).toInt());
  });
  connect(m_opacity, &QSlider::valueChanged, this, [this](int value) {
    if (QTreeWidgetItem* item = currentLayerItem(); item && !m_updating) {
      item->setData(0, kOpacityRole, value);
      emit changed();
    }
  });
  connect(m_styling, &QComboBox::currentIndexChanged, this, [this] {
    if (!m_updating) emit changed();
  });
  connect(m_projectStyling, &QComboBox::currentIndexChanged, this, [this] {
    if (!m_updating) emit changed();
  });
  connect(m_up, &QPushButton::clicked, this, [this] { move(-1); });
  connect(m_down, &QPushButton::clicked, this, [this] { move(1); });
  retranslate();
}

void LayersPanel::retranslate() {
  m_stylingLabel->setText(tr("Parcel colours:"));
  m_styling->setItemText(0, tr("By status"));
  m_styling->setItemText(1, tr("By land use"));
  m_projectStylingLabel->setText(tr("Project colours:"));
  m_projectStyling->setItemText(0, tr("By stage"));
  m_projectStyling->setItemText(1, tr("By follow-through grade"));
  m_opacityLabel->setText(tr("Opacity"));
  m_up->setToolTip(tr("Draw this layer later (on top)"));
  m_down->setToolTip(tr("Draw this layer earlier (below)"));
}

QTreeWidgetItem* LayersPanel::currentLayerItem() const {
  QTreeWidgetItem* item = m_tree->currentItem();
  while (item && item->parent()) item = item->parent();
  return item;
}

void LayersPanel::move(int delta) {
  QTreeWidgetItem* item = currentLayerItem();
  if (!item) return;
  const int index = m_tree->indexOfTopLevelItem(item);
  const int target = index + delta;
  if (target < 0 || target >= m_tree->topLevelItemCount()) return;
  // The basemap stays beneath the vector layers.
  if (item->data(0, kLayerRole).toInt() == kBasemapEntry || m_tree->topLevelItem(target)->data(0, kLayerRole).toInt() == kBasemapEntry) return;
  m_updating = true;
  const bool expanded = item->isExpanded();
  m_tree->takeTopLevelItem(index);
  m_tree->insertTopLevelItem(target, item);
  item->setExpanded(expanded);
  m_tree->setCurrentItem(item);
  m_updating = false;
  emit changed();
}

void LayersPanel::showSettings(const render::MapSettings& settings, const render::FeatureSnapshot* snapshot) {
  m_updating = true;
  m_styling->setCurrentIndex(settings.styling == render::ParcelStyling::Status ? 0 : 1);
  m_projectStyling->setCurrentIndex(settings.projectStyling == render::ProjectStyling::Stage ? 0 : 1);
  m_tree->clear();
  // Top of the list is drawn last (on top), as in every GIS.
  for (auto state = settings.layers.rbegin(); state != settings.layers.rend(); ++state) {
    const render::LegendGroup legend = render::legendFor(state->layer, settings, snapshot);
    const std::set<std::string>* hidden = settings.hiddenIn(state->layer);
    auto* item = new QTreeWidgetItem(m_tree, {legend.title});
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(0, state->visible ? Qt::Checked : Qt::Unchecked);
    item->setData(0, kLayerRole, static_cast<int>(state->layer));
    item->setData(0, kOpacityRole, static_cast<int>(std::lround(state->opacity * 100)));
    if (legend.entries.size() == 1) item->setIcon(0, swatchIcon(legend.entries.front()));
    else
      for (const render::LegendEntry& entry : legend.entries) {
        auto* child = new QTreeWidgetItem(item, {entry.label});
        child->setIcon(0, swatchIcon(entry));
        child->setFlags(Qt::ItemIsEnabled);
        if (switchesClasses(state->layer) && !entry.code.empty()) {
          child->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
          child->setData(0, kCategoryRole, QString::fromStdString(entry.code));
          child->setCheckState(0, hidden && hidden->contains(entry.code) ? Qt::Unchecked : Qt::Checked);
        }
      }
    item->setExpanded(state->layer == Layer::Parcels || state->layer == Layer::Constraints || state->layer == Layer::Projects);
    if (state->layer == Layer::Parcels) m_tree->setCurrentItem(item);
  }
  if (settings.basemap) {
    auto* item = new QTreeWidgetItem(m_tree, {tr("Basemap: %1").arg(settings.basemap->title())});
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(0, settings.basemapVisible ? Qt::Checked : Qt::Unchecked);
    item->setData(0, kLayerRole, kBasemapEntry);
    item->setData(0, kOpacityRole, static_cast<int>(std::lround(settings.basemapOpacity * 100)));
    item->setToolTip(0, QString::fromStdString(settings.basemap->path().string()));
  }
  if (QTreeWidgetItem* item = currentLayerItem()) m_opacity->setValue(item->data(0, kOpacityRole).toInt());
  m_updating = false;
}

void LayersPanel::applyTo(render::MapSettings& settings) const {
  settings.styling = m_styling->currentIndex() == 0 ? render::ParcelStyling::Status : render::ParcelStyling::LandUse;
  settings.projectStyling = m_projectStyling->currentIndex() == 0 ? render::ProjectStyling::Stage : render::ProjectStyling::Grade;
  settings.layers.clear();
  settings.hiddenCategories.clear();
  for (int i = m_tree->topLevelItemCount() - 1; i >= 0; --i) {
    const QTreeWidgetItem* item = m_tree->topLevelItem(i);
    if (item->data(0, kLayerRole).toInt() == kBasemapEntry) {
      settings.basemapVisible = item->checkState(0) == Qt::Checked;
      settings.basemapOpacity = item->data(0, kOpacityRole).toInt() / 100.0;
      continue;
    }
    const auto layer = static_cast<Layer>(item->data(0, kLayerRole).toInt());
    settings.layers.push_back({layer, item->checkState(0) == Qt::Checked, item->data(0, kOpacityRole).toInt() / 100.0});
    for (int c = 0; c < item->childCount(); ++c) {
      const QTreeWidgetItem* child = item->child(c);
      if (child->data(0, kCategoryRole).isValid() && child->checkState(0) == Qt::Unchecked)
        settings.hiddenCategories[layer].insert(child->data(0, kCategoryRole).toString().toStdString());
    }
  }
}

void LayersPanel::setBasemapVisible(bool visible) {
  for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
    if (QTreeWidgetItem* item = m_tree->topLevelItem(i); item->data(0, kLayerRole).toInt() == kBasemapEntry)
      item->setCheckState(0, visible ? Qt::Checked : Qt::Unchecked);
}

bool LayersPanel::setCategoryVisible(Layer layer, const std::string& category, bool visible) {
  for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
    QTreeWidgetItem* item = m_tree->topLevelItem(i);
    if (item->data(0, kLayerRole).toInt() != static_cast<int>(layer)) continue;
    for (int c = 0; c < item->childCount(); ++c)
      if (item->child(c)->data(0, kCategoryRole).toString().toStdString() == category) {
        item->child(c)->setCheckState(0, visible ? Qt::Checked : Qt::Unchecked);
        return true;
      }
  }
  return false;
}

void LayersPanel::setLayerVisible(Layer layer, bool visible) {
  for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
    QTreeWidgetItem* item = m_tree->topLevelItem(i);
    if (item->data(0, kLayerRole).toInt() == static_cast<int>(layer)) item->setCheckState(0, visible ? Qt::Checked : Qt::Unchecked);
  }
}

}  // namespace landbank::viewer
