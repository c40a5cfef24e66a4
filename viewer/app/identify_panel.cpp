#include "app/identify_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "landbank/units.h"
#include "render/styles.h"

namespace landbank::viewer {

namespace {

constexpr int kIndexRole = Qt::UserRole + 1;

QString valueText(const std::string& key, const nlohmann::json& value, render::MapLanguage language) {
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    if (key == "status" || key == "type" || key == "effect" || key == "level" || key == "stage" || key == "sector" ||
        key == "land_use" || key == "tier" || key == "origin")
      return QStringLiteral("%1 (%2)").arg(render::codeLabel(text, language), QString::fromStdString(text));
    return QString::fromStdString(text);
  }
  if (value.is_boolean()) return value.get<bool>() ? QObject::tr("yes") : QObject::tr("no");
  if (value.is_number_float()) return QString::number(value.get<double>(), 'f', 2);
  return QString::fromStdString(value.dump());
}

}  // namespace

IdentifyPanel::IdentifyPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  m_hint = new QLabel(this);
  m_hint->setWordWrap(true);
  m_tree = new QTreeWidget(this);
  m_tree->setColumnCount(2);
  m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  m_editStatus = new QPushButton(this);
  m_editStatus->setEnabled(false);
  layout->addWidget(m_hint);
  layout->addWidget(m_tree, 1);
  layout->addWidget(m_editStatus);
  connect(m_tree, &QTreeWidget::currentItemChanged, this, [this] {
    const auto ref = selected();
    m_editStatus->setEnabled(ref && ref->layer == Layer::Parcels);
    if (ref) emit featureSelected(*ref);
  });
  connect(m_editStatus, &QPushButton::clicked, this, [this] {
    if (const auto ref = selected(); ref && ref->layer == Layer::Parcels) emit editStatusRequested(ref->id);
  });
  retranslate();
}

void IdentifyPanel::retranslate() {
  m_hint->setText(tr("Click the map with the identify tool to see what is there."));
  m_tree->setHeaderLabels({tr("Field"), tr("Value")});
  m_editStatus->setText(tr("Change parcel status…"));
  rebuild();
}

std::optional<render::FeatureRef> IdentifyPanel::selected() const {
  QTreeWidgetItem* item = m_tree->currentItem();
  while (item && item->parent()) item = item->parent();
  if (!item) return std::nullopt;
  const FeatureReport& report = m_reports.at(static_cast<std::size_t>(item->data(0, kIndexRole).toInt()));
  return render::FeatureRef{report.layer, report.record.id};
}

void IdentifyPanel::showReports(std::vector<FeatureReport> reports, render::MapLanguage language) {
  m_reports = std::move(reports);
  m_language = language;
  rebuild();
}

void IdentifyPanel::rebuild() {
  m_tree->clear();
  m_hint->setVisible(m_reports.empty());
  for (std::size_t i = 0; i < m_reports.size(); ++i) {
    const FeatureReport& report = m_reports[i];
    const auto& p = report.record.properties;
    const QString name = p.contains("name") && p["name"].is_string() ? QString::fromStdString(p["name"].get<std::string>()) : QString();
    auto* top = new QTreeWidgetItem(m_tree, {render::layerTitle(report.layer, m_language),
                                             QString::fromStdString(report.record.id) + (name.isEmpty() ? QString() : QStringLiteral("  ") + name)});
    top->setData(0, kIndexRole, static_cast<int>(i));
    QFont bold = top->font(0);
    bold.setBold(true);
    top->setFont(0, bold);
    top->setFont(1, bold);
    for (const auto& [key, value] : p.items()) {
      if (key == "area_mu") continue;
      if (key == "area_m2") {
        const double m2 = value.get<double>();
        new QTreeWidgetItem(top, {tr("Area"), tr("%1 m² = %2 mu = %3 ha").arg(m2, 0, 'f', 0).arg(squareMetresToMu(m2), 0, 'f', 2).arg(m2 / 10000, 0, 'f', 2)});
        continue;
      }
      new QTreeWidgetItem(top, {QString::fromStdString(key), valueText(key, value, m_language)});
    }
    for (const auto& [key, value] : report.record.extra.items())
      new QTreeWidgetItem(top, {QString::fromStdString(key) + QStringLiteral(" *"), valueText(key, value, m_language)});
    if (report.layer != Layer::Constraints && report.layer != Layer::Boundaries) {
      auto* constraints = new QTreeWidgetItem(top, {tr("Constraints overlapped"), report.constraints.empty() ? tr("none") : QString::number(report.constraints.size())});
      for (const ConstraintOverlap& c : report.constraints)
        new QTreeWidgetItem(constraints, {render::codeLabel(c.type, m_language),
                                          tr("%1 %2: %3, overlap %4 m²").arg(QString::fromStdString(c.id), QString::fromStdString(c.name),
                                                                            render::codeLabel(c.effect, m_language)).arg(c.overlapM2, 0, 'f', 0)});
      constraints->setExpanded(true);
    }
    if (!report.nearest.empty()) {
      auto* nearest = new QTreeWidgetItem(top, {tr("Nearest facilities"), QString()});
      for (const NearbyFacility& f : report.nearest)
        new QTreeWidgetItem(nearest, {render::codeLabel(f.type, m_language),
                                      tr("%1 (%2 m)").arg(QString::fromStdString(f.name.empty() ? f.id : f.name)).arg(f.distanceM, 0, 'f', 0)});
      nearest->setExpanded(true);
    }
    if (report.provenance) {
      const LayerProvenance& pr = *report.provenance;
      new QTreeWidgetItem(top, {tr("Source"), tr("%1, imported %2 by %3 (%4)").arg(QString::fromStdString(pr.source), QString::fromStdString(pr.importedAt),
                                                                               QString::fromStdString(pr.importedBy), QString::fromStdString(pr.sourceCrs))});
    }
    top->setExpanded(i == 0);
  }
  if (m_tree->topLevelItemCount() > 0) m_tree->setCurrentItem(m_tree->topLevelItem(0));
  m_editStatus->setEnabled(selected() && selected()->layer == Layer::Parcels);
}

}  // namespace landbank::viewer
