#include "app/filter_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include <set>

#include "landbank/error.h"
#include "landbank/layers.h"
#include "landbank/units.h"
#include "render/feature_snapshot.h"
#include "render/styles.h"

namespace landbank::viewer {

FilterPanel::FilterPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  m_form = new QFormLayout;
  m_status = new QListWidget(this);
  m_status->setMaximumHeight(120);
  m_landUse = new QComboBox(this);
  m_minArea = new QLineEdit(this);
  m_maxArea = new QLineEdit(this);
  m_subdistrict = new QComboBox(this);
  m_form->addRow(QString(), m_status);
  m_form->addRow(QString(), m_landUse);
  m_form->addRow(QString(), m_minArea);
  m_form->addRow(QString(), m_maxArea);
  m_form->addRow(QString(), m_subdistrict);
  layout->addLayout(m_form);
  auto* buttons = new QHBoxLayout;
  m_apply = new QPushButton(this);
  m_clear = new QPushButton(this);
  buttons->addWidget(m_apply);
  buttons->addWidget(m_clear);
  layout->addLayout(buttons);
  m_result = new QLabel(this);
  layout->addWidget(m_result);
  layout->addStretch(1);
  connect(m_apply, &QPushButton::clicked, this, [this] {
    m_active = true;
    try {
      const auto parcels = matchingParcels();
      m_result->setText(tr("%n parcel(s) match", nullptr, static_cast<int>(parcels->size())));
      emit applied();
    } catch (const Error& error) {
      m_active = false;
      QMessageBox::warning(this, tr("Filter"), QString::fromStdString(error.message(m_language)));
    }
  });
  connect(m_clear, &QPushButton::clicked, this, [this] {
    m_active = false;
    m_result->clear();
    emit cleared();
  });
  retranslate();
}

void FilterPanel::retranslate() {
  auto label = [&](QWidget* field, const QString& text) {
    if (auto* l = qobject_cast<QLabel*>(m_form->labelForField(field))) l->setText(text);
  };
  label(m_status, tr("Status"));
  label(m_landUse, tr("Land use"));
  label(m_minArea, tr("Min. area"));
  label(m_maxArea, tr("Max. area"));
  label(m_subdistrict, tr("Subdistrict"));
  m_minArea->setPlaceholderText(tr("e.g. 30000, 45mu, 3ha"));
  m_maxArea->setPlaceholderText(tr("e.g. 200mu"));
  m_apply->setText(tr("Apply to map"));
  m_clear->setText(tr("Show all"));
  if (m_landUse->count() > 0) m_landUse->setItemText(0, tr("(any)"));
  if (m_subdistrict->count() > 0) m_subdistrict->setItemText(0, tr("(any)"));
}

void FilterPanel::setSnapshot(const render::FeatureSnapshot* snapshot, bool chinese) {
  m_snapshot = snapshot;
  m_language = chinese ? Language::Chinese : Language::English;
  const auto language = chinese ? render::MapLanguage::Chinese : render::MapLanguage::English;
  m_status->clear();
  for (std::string_view status : codes::parcelStatus) {
    auto* item = new QListWidgetItem(render::codeLabel(std::string(status), language), m_status);
    item->setData(Qt::UserRole, QString::fromUtf8(status.data(), static_cast<qsizetype>(status.size())));
    item->setCheckState(status == "reserved" || status == "available" ? Qt::Checked : Qt::Unchecked);
  }
  std::set<std::string> uses, subdistricts;
  if (snapshot)
    for (const render::MapFeature& f : snapshot->layer(Layer::Parcels).features) {
      uses.insert(f.landUse);
      if (!f.subdistrict.empty()) subdistricts.insert(f.subdistrict);
    }
  m_landUse->clear();
  m_landUse->addItem(QString());
  for (const std::string& use : uses) m_landUse->addItem(QStringLiteral("%1 %2").arg(QString::fromStdString(use), render::codeLabel(use, language)), QString::fromStdString(use));
  m_subdistrict->clear();
  m_subdistrict->addItem(QString());
  for (const std::string& name : subdistricts) m_subdistrict->addItem(QString::fromStdString(name), QString::fromStdString(name));
  retranslate();
}

void FilterPanel::setStatuses(const std::vector<std::string>& statuses) {
  for (int i = 0; i < m_status->count(); ++i) {
    QListWidgetItem* item = m_status->item(i);
    const bool on = std::ranges::find(statuses, item->data(Qt::UserRole).toString().toStdString()) != statuses.end();
    item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
  }
}

std::shared_ptr<const std::unordered_set<std::string>> FilterPanel::matchingParcels() const {
  if (!m_active || !m_snapshot) return nullptr;
  std::set<std::string> statuses;
  for (int i = 0; i < m_status->count(); ++i)
    if (m_status->item(i)->checkState() == Qt::Checked) statuses.insert(m_status->item(i)->data(Qt::UserRole).toString().toStdString());
  const std::string use = m_landUse->currentData().toString().toStdString();
  const std::string subdistrict = m_subdistrict->currentData().toString().toStdString();
  // Same unit rules as the command line's --min-area/--max-area (plain numbers are m²).
  const double minArea = m_minArea->text().trimmed().isEmpty() ? 0 : parseAreaSquareMetres(m_minArea->text().trimmed().toStdString());
  const double maxArea = m_maxArea->text().trimmed().isEmpty() ? 1e300 : parseAreaSquareMetres(m_maxArea->text().trimmed().toStdString());
  auto result = std::make_shared<std::unordered_set<std::string>>();
  for (const render::MapFeature& f : m_snapshot->layer(Layer::Parcels).features) {
    if (!statuses.contains(f.category)) continue;
    if (!use.empty() && f.landUse != use) continue;
    if (!subdistrict.empty() && f.subdistrict != subdistrict) continue;
    if (f.areaM2 < minArea || f.areaM2 > maxArea) continue;
    result->insert(f.id);
  }
  return result;
}

}  // namespace landbank::viewer
