#include "app/identify_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

#include <map>

#include "app/text_format.h"
#include "landbank/units.h"
#include "render/styles.h"

namespace landbank::viewer {

namespace {

constexpr int kIndexRole = Qt::UserRole + 1;

bool isCodeField(const std::string& key) {
  return key == "status" || key == "type" || key == "effect" || key == "level" || key == "stage" || key == "sector" || key == "sectors" ||
         key == "land_use" || key == "tier" || key == "origin";
}

/// Fields whose numbers are identifiers or years, not quantities: no thousands separator.
bool isPlainNumber(const std::string& key) { return key == "year" || key.ends_with("_id") || key == "id" || key == "pollution_class"; }

QString valueText(const std::string& key, const nlohmann::json& value, render::MapLanguage language) {
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    if (isCodeField(key)) return QStringLiteral("%1 (%2)").arg(render::codeLabel(text, language), QString::fromStdString(text));
    return QString::fromStdString(text);
  }
  if (value.is_array()) {
    // Lists (a park's sectors) by their labels, as planners read them: 先进制造业、生物医药.
    QStringList items;
    for (const nlohmann::json& item : value)
      items << (item.is_string() && isCodeField(key) ? render::codeLabel(item.get<std::string>(), language) : valueText(key, item, language));
    return items.join(language == render::MapLanguage::Chinese ? QStringLiteral("、") : QStringLiteral(", "));
  }
  if (value.is_boolean()) return value.get<bool>() ? IdentifyPanel::tr("yes") : IdentifyPanel::tr("no");
  if (value.is_number_integer() || value.is_number_unsigned())
    return isPlainNumber(key) ? QString::fromStdString(value.dump()) : groupedNumber(value.get<double>(), 0);
  if (value.is_number_float()) {
    const double number = value.get<double>();
    if (isPlainNumber(key)) return QString::number(number, 'f', 0);
    // Large quantities (m², kVA, 万元) without decimals that say nothing; small ones (FAR 1.2) with two.
    return std::abs(number) >= 1000 ? groupedNumber(number, 0) : groupedNumber(number, 2);
  }
  return QString::fromStdString(value.dump());
}

/// Canonical field names as planners say them (DESIGN.md's fields); unknown names shown as they are.
QString fieldLabel(const std::string& field, render::MapLanguage language) {
  static const std::map<std::string, std::pair<const char*, const char*>> labels{
      {"id", {"编号", "Id"}}, {"name", {"名称", "Name"}}, {"land_use", {"用地性质", "Land use"}}, {"status", {"状态", "Status"}},
      {"subdistrict", {"街道", "Subdistrict"}}, {"price_wan_per_mu", {"地价（万元/亩）", "Price (10k CNY/mu)"}},
      {"far_min", {"容积率下限", "FAR min."}}, {"far_max", {"容积率上限", "FAR max."}}, {"height_max_m", {"限高（米）", "Height limit (m)"}},
      {"density_max", {"建筑密度上限", "Max. coverage"}}, {"power_kva", {"供电（kVA）", "Power (kVA)"}}, {"water", {"供水", "Water"}},
      {"gas", {"燃气", "Gas"}}, {"sewage", {"污水", "Sewage"}}, {"road", {"道路", "Road"}}, {"available_from", {"可供日期", "Available from"}},
      {"owner", {"权属单位", "Owner"}}, {"sectors", {"主导产业", "Sectors"}}, {"operator", {"运营主体", "Operator"}},
      {"contact", {"联系方式", "Contact"}}, {"park_id", {"所属园区", "Park"}}, {"type", {"类型", "Type"}},
      {"vacant_floor_m2", {"空置面积（平方米）", "Vacant floor (m²)"}}, {"floor_load_kn_m2", {"楼面荷载（kN/m²）", "Floor load (kN/m²)"}},
      {"clear_height_m", {"净高（米）", "Clear height (m)"}}, {"rent_yuan_m2_month", {"租金（元/平方米·月）", "Rent (CNY/m²/month)"}},
      {"effect", {"管控效力", "Effect"}}, {"value", {"控制值", "Value"}}, {"level", {"级别", "Level"}}, {"sector", {"产业", "Sector"}},
      {"tier", {"企业层级", "Tier"}}, {"enterprise", {"企业", "Enterprise"}}, {"stage", {"阶段", "Stage"}},
      {"investment_wan", {"投资额（万元）", "Investment (10k CNY)"}}, {"land_min_m2", {"用地下限（平方米）", "Land min. (m²)"}},
      {"land_max_m2", {"用地上限（平方米）", "Land max. (m²)"}}, {"jobs", {"就业人数", "Jobs"}}, {"origin", {"来源地", "Origin"}}};
  auto it = labels.find(field);
  if (it == labels.end()) return QString::fromStdString(field);
  return QString::fromUtf8(language == render::MapLanguage::Chinese ? it->second.first : it->second.second);
}

}  // namespace

IdentifyPanel::IdentifyPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  m_hint = new QLabel(this);
  m_hint->setWordWrap(true);
  m_tree = new QTreeWidget(this);
  m_tree->setColumnCount(2);
  // Field names whole (the column fits them) and values wrapped onto further lines rather than cut
  // with "…" in a narrow dock; the full text is also the tooltip.
  m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  m_tree->header()->setStretchLastSection(true);
  m_tree->setWordWrap(true);
  m_tree->setTextElideMode(Qt::ElideNone);
  m_tree->setUniformRowHeights(false);
  m_editStatus = new QPushButton(this);
  m_editStatus->setEnabled(false);
  layout->addWidget(m_hint);
  layout->addWidget(m_tree, 1);
  layout->addWidget(m_editStatus);
  connect(m_tree, &QTreeWidget::currentItemChanged, this, [this] {
    const auto ref = selected();
    m_editStatus->setEnabled(editableParcel().has_value());
    if (ref) emit featureSelected(*ref);
  });
  connect(m_editStatus, &QPushButton::clicked, this, [this] {
    if (const auto id = editableParcel()) emit editStatusRequested(*id);
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

std::optional<std::string> IdentifyPanel::editableParcel() const {
  if (const auto ref = selected(); ref && ref->layer == Layer::Parcels) return ref->id;
  for (const FeatureReport& report : m_reports)
    if (report.layer == Layer::Parcels) return report.record.id;
  return std::nullopt;
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
        new QTreeWidgetItem(top, {tr("Area"), tr("%1 m² = %2 mu = %3 ha").arg(groupedNumber(m2, 0), groupedNumber(squareMetresToMu(m2), 2), groupedNumber(m2 / 10000, 2))});
        continue;
      }
      new QTreeWidgetItem(top, {fieldLabel(key, m_language), valueText(key, value, m_language)});
    }
    for (const auto& [key, value] : report.record.extra.items())
      new QTreeWidgetItem(top, {QString::fromStdString(key) + QStringLiteral(" *"), valueText(key, value, m_language)});
    if (report.parkName)
      new QTreeWidgetItem(top, {tr("Park"), QStringLiteral("%1 %2").arg(QString::fromStdString(report.parkId.value_or("")), QString::fromStdString(*report.parkName))});
    if (report.centroidLonLat)
      new QTreeWidgetItem(top, {tr("Centroid (WGS84)"), QStringLiteral("%1, %2").arg(report.centroidLonLat->lon, 0, 'f', 6).arg(report.centroidLonLat->lat, 0, 'f', 6)});
    if (report.layer == Layer::Parcels || report.layer == Layer::Buildings || report.layer == Layer::Parks) {
      auto* constraints = new QTreeWidgetItem(top, {tr("Constraints overlapped"), report.constraints.empty() ? tr("none") : QString::number(report.constraints.size())});
      for (const ConstraintOverlap& c : report.constraints)
        new QTreeWidgetItem(constraints, {render::codeLabel(c.type, m_language),
                                          tr("%1 %2: %3, overlap %4 m²").arg(QString::fromStdString(c.id), QString::fromStdString(c.name),
                                                                            render::codeLabel(c.effect, m_language), groupedNumber(c.overlapSquareMetres, 0))});
      constraints->setExpanded(true);
    }
    if (!report.nearestFacilities.empty()) {
      auto* nearest = new QTreeWidgetItem(top, {tr("Nearest facilities"), QString()});
      for (const NearestFacility& f : report.nearestFacilities)
        new QTreeWidgetItem(nearest, {render::codeLabel(f.type, m_language),
                                      tr("%1 (%2 m)").arg(QString::fromStdString(f.name.empty() ? f.id : f.name), groupedNumber(f.distanceMetres, 0))});
      nearest->setExpanded(true);
    }
    if (report.provenance) {
      const LayerProvenance& pr = *report.provenance;
      new QTreeWidgetItem(top, {tr("Source"), tr("%1, imported %2 by %3 (%4)").arg(QString::fromStdString(pr.source), QString::fromStdString(pr.importedAt),
                                                                               QString::fromStdString(pr.importedBy), QString::fromStdString(pr.sourceCrs))});
    }
    top->setExpanded(i == 0);
  }
  for (QTreeWidgetItemIterator it(m_tree); *it; ++it) (*it)->setToolTip(1, (*it)->text(1));
  if (m_tree->topLevelItemCount() > 0) m_tree->setCurrentItem(m_tree->topLevelItem(0));
  m_editStatus->setEnabled(editableParcel().has_value());
}

}  // namespace landbank::viewer
