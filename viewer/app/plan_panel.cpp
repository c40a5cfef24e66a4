#include "app/plan_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

#include "app/text_format.h"
#include "landbank/units.h"
#include "render/styles.h"

namespace landbank::viewer {

namespace {

QString q(const std::string& text) { return QString::fromStdString(text); }

constexpr int kProjectRole = Qt::UserRole;
constexpr int kSiteRole = Qt::UserRole + 1;

}  // namespace

PlanPanel::PlanPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* controls = new QHBoxLayout;
  m_objective = new QComboBox(this);
  m_objective->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_objective->setMinimumContentsLength(6);
  m_objective->addItem(QString(), static_cast<int>(AllocationObjective::Lexicographic));
  m_objective->addItem(QString(), static_cast<int>(AllocationObjective::Weighted));
  m_assemble = new QCheckBox(this);
  m_assemble->setObjectName(QStringLiteral("assemble"));
  m_run = new QPushButton(this);
  m_clear = new QPushButton(this);
  m_export = new QPushButton(this);
  m_export->setEnabled(false);
  m_objective->setObjectName(QStringLiteral("objective"));
  m_run->setObjectName(QStringLiteral("solve"));
  m_clear->setObjectName(QStringLiteral("clearWhatIfs"));
  m_export->setObjectName(QStringLiteral("export"));
  // Two short rows: the dock shares the right-hand column with the other panels and must not make
  // it wider (the map keeps its room); labels never ask for more room either.
  auto* buttons = new QHBoxLayout;
  controls->addWidget(m_objective, 1);
  controls->addWidget(m_run);
  buttons->addWidget(m_assemble);
  buttons->addWidget(m_clear);
  buttons->addWidget(m_export);
  buttons->addStretch(1);
  layout->addLayout(controls);
  layout->addLayout(buttons);
  m_whatIfText = new QLabel(this);
  m_whatIfText->setWordWrap(true);
  m_whatIfText->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  layout->addWidget(m_whatIfText);
  m_table = new QTreeWidget(this);
  m_table->setObjectName(QStringLiteral("plan"));
  m_table->setColumnCount(8);
  m_table->setRootIsDecorated(false);
  m_table->setMinimumWidth(1);
  m_table->setContextMenuPolicy(Qt::CustomContextMenu);
  for (int column = 0; column < 8; ++column) m_table->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
  // Project names are long: a fixed, adjustable width (the full name in the tooltip) keeps the sites in view.
  m_table->header()->setSectionResizeMode(1, QHeaderView::Interactive);
  m_table->header()->resizeSection(1, 150);
  layout->addWidget(m_table, 1);
  m_summary = new QLabel(this);
  m_summary->setWordWrap(true);
  m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  m_summary->setTextFormat(Qt::RichText);
  layout->addWidget(m_summary);

  connect(m_run, &QPushButton::clicked, this, &PlanPanel::runRequested);
  connect(m_export, &QPushButton::clicked, this, &PlanPanel::exportRequested);
  connect(m_clear, &QPushButton::clicked, this, [this] {
    clearWhatIfs();
    emit runRequested();
  });
  connect(m_objective, &QComboBox::currentIndexChanged, this, [this] {
    if (m_hasPlan) emit runRequested();
  });
  connect(m_assemble, &QCheckBox::toggled, this, [this] {
    if (m_hasPlan) emit runRequested();
  });
  connect(m_table, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
    if (item) emit projectSelected(item->data(0, kProjectRole).toString().toStdString(), item->data(0, kSiteRole).toString().toStdString());
  });
  connect(m_table, &QWidget::customContextMenuRequested, this, &PlanPanel::showMenu);
  retranslate();
}

void PlanPanel::retranslate() {
  m_objective->setItemText(0, tr("Major projects first"));
  m_objective->setItemText(1, tr("Weighted by class"));
  m_run->setText(tr("Solve plan"));
  m_assemble->setText(tr("Assemble"));
  m_assemble->setToolTip(tr("Also offer assemblies of 2-4 adjacent parcels that fit a project together (allocate --assemble)"));
  m_clear->setText(tr("Clear what-ifs"));
  m_export->setText(tr("Export…"));
  m_table->setHeaderLabels({tr("Project"), tr("Name"), tr("Class"), tr("Site"), tr("Score"), tr("Best site"), tr("Regret"), tr("Best lost to")});
  showWhatIfs();
  if (m_hasPlan) showPlan(m_plan, m_language);
}

AllocationObjective PlanPanel::objective() const { return static_cast<AllocationObjective>(m_objective->currentData().toInt()); }

void PlanPanel::setObjective(AllocationObjective objective) {
  const QSignalBlocker quiet(m_objective);
  m_objective->setCurrentIndex(m_objective->findData(static_cast<int>(objective)));
}

bool PlanPanel::assemble() const { return m_assemble->isChecked(); }

void PlanPanel::setAssemble(bool on) {
  const QSignalBlocker quiet(m_assemble);
  m_assemble->setChecked(on);
}

void PlanPanel::showPlan(const AllocationPlan& plan, Language language) {
  m_plan = plan;
  m_hasPlan = true;
  m_language = language;
  m_export->setEnabled(true);
  const std::string selected = m_table->currentItem() ? m_table->currentItem()->data(0, kProjectRole).toString().toStdString() : std::string();
  const QSignalBlocker quiet(m_table);
  m_table->clear();
  auto classIndex = [&](const std::string& name) {
    const auto it = std::ranges::find(plan.classNames, name);
    return static_cast<int>(it - plan.classNames.begin());
  };
  auto classCell = [&](QTreeWidgetItem* item, const std::string& name) {
    item->setText(2, q(m_classLabels.contains(name) && language == Language::Chinese ? m_classLabels.at(name) : name));
    // The class colour of the map's plan links: the column is the legend.
    item->setForeground(2, render::planClassColour(classIndex(name)));
  };
  for (const PlannedAssignment& a : plan.assignments) {
    auto* item = new QTreeWidgetItem(m_table);
    item->setText(0, q(a.project));
    item->setText(1, q(a.projectName));
    item->setToolTip(1, q(a.projectName));
    classCell(item, a.priorityClass);
    item->setText(3, q(a.site));
    item->setText(4, QString::number(a.score, 'f', 3));
    item->setText(5, q(a.bestSite));
    item->setText(6, QString::number(a.regret, 'f', 3));
    item->setText(7, q(a.lostTo.value_or("")));
    for (int column : {4, 6}) item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
    item->setToolTip(3, a.kind == CandidateKind::Building ? tr("%1 m² of floor space").arg(groupedNumber(a.areaSquareMetres))
                                                          : tr("%1 mu (%2 m²)").arg(groupedNumber(squareMetresToMu(a.areaSquareMetres), 1), groupedNumber(a.areaSquareMetres)));
    if (a.regret > 1e-9) item->setForeground(6, QColor(180, 60, 0));
    item->setData(0, kProjectRole, q(a.project));
    item->setData(0, kSiteRole, q(a.site));
  }
  for (const UnplacedProject& u : plan.unplaced) {
    auto* item = new QTreeWidgetItem(m_table);
    item->setText(0, q(u.project));
    item->setText(1, q(u.projectName));
    classCell(item, u.priorityClass);
    QString takers;
    for (const std::string& taker : u.takenBy) takers += (takers.isEmpty() ? QString() : QStringLiteral(", ")) + q(taker);
    item->setText(3, u.reason == "no_candidate" ? tr("unplaced: no site passes its hard rules") : tr("unplaced: every candidate taken by %1").arg(takers));
    item->setForeground(3, QColor(170, 0, 0));
    item->setFirstColumnSpanned(false);
    item->setData(0, kProjectRole, q(u.project));
    item->setData(0, kSiteRole, QString());
  }
  if (!selected.empty()) selectProject(selected);

  QString byClass;
  for (const std::string& name : plan.classNames) {
    const QString label = q(m_classLabels.contains(name) && language == Language::Chinese ? m_classLabels.at(name) : name);
    byClass += (byClass.isEmpty() ? QString() : QStringLiteral(", ")) +
               tr("%1 %2 of %3").arg(label).arg(plan.placedByClass.at(name)).arg(plan.projectsByClass.at(name));
  }
  // A stage the solver ended without a solution has no gap: say so rather than show "gap 0.00%".
  QString status = plan.status == "optimal"                     ? tr("optimal")
                   : plan.effort.stagesWithoutSolution > 0 ? tr("feasible, not proven optimal (gap unknown)")
                                                            : tr("feasible, gap %1%").arg(plan.gap * 100, 0, 'f', 2);
  QString text = tr("<b>%1</b> (%2, %3 s) · placed: %4 · land %5 mu · total score %6")
                     .arg(status, q(plan.solver))
                     .arg(plan.seconds, 0, 'f', 2)
                     .arg(byClass, groupedNumber(squareMetresToMu(plan.landSquareMetres), 1))
                     .arg(plan.totalScore, 0, 'f', 3);
  if (plan.greedyTotalScore)
    text += QStringLiteral("<br>") + tr("Each project taking its best free site in turn (greedy) would score %1.").arg(*plan.greedyTotalScore, 0, 'f', 3);
  m_summary->setText(text);
}

void PlanPanel::setClassLabels(std::map<std::string, std::string> labels) { m_classLabels = std::move(labels); }

void PlanPanel::clearPlan() {
  m_plan = {};
  m_hasPlan = false;
  m_table->clear();
  m_summary->clear();
  m_export->setEnabled(false);
}

void PlanPanel::addPin(const std::string& project, const std::string& site) {
  std::erase_if(m_pins, [&](const auto& pin) { return pin.first == project; });  // one pin per project: the latest
  m_pins.emplace_back(project, site);
  m_order.push_back(WhatIf::Pin);
  showWhatIfs();
}

void PlanPanel::addForbid(const std::string& project, const std::string& site) {
  m_forbids.emplace_back(project, site);
  m_order.push_back(WhatIf::Forbid);
  showWhatIfs();
}

void PlanPanel::addHold(const std::string& site) {
  if (std::ranges::find(m_holds, site) != m_holds.end()) return;
  m_holds.push_back(site);
  m_order.push_back(WhatIf::Hold);
  showWhatIfs();
}

void PlanPanel::dropLastWhatIf() {
  if (m_order.empty()) return;
  switch (m_order.back()) {
    case WhatIf::Pin: if (!m_pins.empty()) m_pins.pop_back(); break;
    case WhatIf::Forbid: if (!m_forbids.empty()) m_forbids.pop_back(); break;
    case WhatIf::Hold: if (!m_holds.empty()) m_holds.pop_back(); break;
  }
  m_order.pop_back();
  showWhatIfs();
}

void PlanPanel::clearWhatIfs() {
  m_pins.clear();
  m_forbids.clear();
  m_holds.clear();
  m_order.clear();
  showWhatIfs();
}

void PlanPanel::showWhatIfs() {
  QStringList items;
  for (const auto& [project, site] : m_pins) items << tr("%1 pinned to %2").arg(q(project), q(site));
  for (const auto& [project, site] : m_forbids) items << tr("%1 not on %2").arg(q(project), q(site));
  for (const std::string& site : m_holds) items << tr("%1 held out").arg(q(site));
  m_whatIfText->setText(items.isEmpty() ? tr("No what-ifs: right-click a row to pin, forbid or hold a site.")
                                        : tr("What-ifs: %1").arg(items.join(QStringLiteral("; "))));
  m_clear->setEnabled(!items.isEmpty());
}

std::vector<std::string> PlanPanel::listedRows() const {
  std::vector<std::string> rows;
  for (int i = 0; i < m_table->topLevelItemCount(); ++i) {
    const QTreeWidgetItem* item = m_table->topLevelItem(i);
    rows.push_back(item->data(0, kProjectRole).toString().toStdString() + "=" + item->data(0, kSiteRole).toString().toStdString());
  }
  return rows;
}

bool PlanPanel::selectProject(const std::string& project) {
  for (int i = 0; i < m_table->topLevelItemCount(); ++i) {
    QTreeWidgetItem* item = m_table->topLevelItem(i);
    if (item->data(0, kProjectRole).toString().toStdString() != project) continue;
    m_table->setCurrentItem(item);
    m_table->scrollToItem(item);
    emit projectSelected(project, item->data(0, kSiteRole).toString().toStdString());
    return true;
  }
  return false;
}

void PlanPanel::showMenu(const QPoint& position) {
  QTreeWidgetItem* item = m_table->itemAt(position);
  if (!item) return;
  const std::string project = item->data(0, kProjectRole).toString().toStdString();
  const std::string site = item->data(0, kSiteRole).toString().toStdString();
  QMenu menu(this);
  if (!site.empty()) {
    menu.addAction(tr("Keep %1 on %2 (pin)").arg(q(project), q(site)), this, [this, project, site] {
      addPin(project, site);
      emit runRequested();
    });
    menu.addAction(tr("Not %2 for %1 (forbid)").arg(q(project), q(site)), this, [this, project, site] {
      addForbid(project, site);
      emit runRequested();
    });
    menu.addAction(tr("Hold %1 out of this round").arg(q(site)), this, [this, site] {
      addHold(site);
      emit runRequested();
    });
  }
  menu.addAction(tr("Pin %1 to another site…").arg(q(project)), this, [this, project] { askPinElsewhere(project); });
  menu.exec(m_table->viewport()->mapToGlobal(position));
}

void PlanPanel::askPinElsewhere(const std::string& project) {
  bool ok = false;
  const QString site = QInputDialog::getText(this, tr("Pin a project"), tr("Site id (parcel, building or assembly) for %1:").arg(q(project)),
                                             QLineEdit::Normal, QString(), &ok)
                           .trimmed();
  if (!ok || site.isEmpty()) return;
  addPin(project, site.toStdString());
  emit runRequested();
}

}  // namespace landbank::viewer
