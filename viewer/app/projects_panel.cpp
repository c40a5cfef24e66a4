#include "app/projects_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "landbank/layers.h"
#include "render/feature_snapshot.h"
#include "render/styles.h"

namespace landbank::viewer {

ProjectsPanel::ProjectsPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* filters = new QHBoxLayout;
  m_stage = new QComboBox(this);
  m_sector = new QComboBox(this);
  filters->addWidget(m_stage, 1);
  filters->addWidget(m_sector, 1);
  layout->addLayout(filters);
  m_list = new QTreeWidget(this);
  m_list->setColumnCount(3);
  m_list->setRootIsDecorated(false);
  m_list->header()->setSectionResizeMode(1, QHeaderView::Stretch);
  layout->addWidget(m_list, 1);
  m_match = new QPushButton(this);
  layout->addWidget(m_match);
  m_details = new QLabel(this);
  m_details->setWordWrap(true);
  layout->addWidget(m_details);
  connect(m_stage, &QComboBox::currentIndexChanged, this, [this] { refill(); });
  connect(m_sector, &QComboBox::currentIndexChanged, this, [this] { refill(); });
  connect(m_list, &QTreeWidget::currentItemChanged, this, [this] {
    if (QTreeWidgetItem* item = m_list->currentItem()) emit projectSelected(item->text(0).toStdString());
  });
  retranslate();
}

bool ProjectsPanel::matchAvailable() const { return false; }

void ProjectsPanel::retranslate() {
  m_list->setHeaderLabels({tr("Id"), tr("Name"), tr("Stage")});
  m_match->setText(tr("Match"));
  m_match->setEnabled(matchAvailable());
  m_match->setToolTip(tr("Matching is not available in this build (the engine's matching module is not merged yet)."));
  m_details->setText(tr("Evaluation (grade and five dimensions) needs the engine's matching module, not in this build."));
  const auto language = m_chinese ? render::MapLanguage::Chinese : render::MapLanguage::English;
  m_stage->blockSignals(true);
  m_sector->blockSignals(true);
  const int stage = std::max(0, m_stage->currentIndex()), sector = std::max(0, m_sector->currentIndex());
  m_stage->clear();
  m_stage->addItem(tr("All stages"), QString());
  for (std::string_view code : codes::stage)
    m_stage->addItem(render::codeLabel(std::string(code), language), QString::fromUtf8(code.data(), static_cast<qsizetype>(code.size())));
  m_sector->clear();
  m_sector->addItem(tr("All sectors"), QString());
  for (std::string_view code : codes::sector)
    m_sector->addItem(render::codeLabel(std::string(code), language), QString::fromUtf8(code.data(), static_cast<qsizetype>(code.size())));
  m_stage->setCurrentIndex(stage);
  m_sector->setCurrentIndex(sector);
  m_stage->blockSignals(false);
  m_sector->blockSignals(false);
  refill();
}

void ProjectsPanel::setSnapshot(const render::FeatureSnapshot* snapshot, bool chinese) {
  m_snapshot = snapshot;
  m_chinese = chinese;
  retranslate();
}

void ProjectsPanel::refill() {
  const std::string selected = selectedProject();
  m_list->blockSignals(true);
  m_list->clear();
  if (m_snapshot) {
    const std::string stage = m_stage->currentData().toString().toStdString();
    const std::string sector = m_sector->currentData().toString().toStdString();
    const auto language = m_chinese ? render::MapLanguage::Chinese : render::MapLanguage::English;
    for (const render::MapFeature& project : m_snapshot->layer(Layer::Projects).features) {
      if (!stage.empty() && project.category != stage) continue;
      if (!sector.empty() && project.sector != sector) continue;
      auto* item = new QTreeWidgetItem(m_list, {QString::fromStdString(project.id), QString::fromStdString(project.name),
                                                render::codeLabel(project.category, language)});
      if (project.id == selected) m_list->setCurrentItem(item);
    }
  }
  m_list->blockSignals(false);
}

bool ProjectsPanel::selectProject(const std::string& id) {
  const auto found = m_list->findItems(QString::fromStdString(id), Qt::MatchExactly, 0);
  if (found.isEmpty()) return false;
  m_list->setCurrentItem(found.front());
  return true;
}

std::string ProjectsPanel::selectedProject() const {
  QTreeWidgetItem* item = m_list->currentItem();
  return item ? item->text(0).toStdString() : std::string();
}

}  // namespace landbank::viewer
