#include "app/projects_panel.h"


#include <QCheckBox>
#include <QComboBox>
#include <QSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTextEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <map>

#include "app/text_format.h"
#include "landbank/evaluation.h"
#include "landbank/layers.h"
#include "landbank/matching.h"
#include "landbank/units.h"
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
  auto* ledgerFilters = new QHBoxLayout;
  m_stalledOnly = new QCheckBox(this);
  m_stalledDays = new QSpinBox(this);
  m_stalledDays->setRange(7, 3650);
  m_stalledDays->setValue(180);
  m_overdueOnly = new QCheckBox(this);
  ledgerFilters->addWidget(m_stalledOnly);
  ledgerFilters->addWidget(m_stalledDays);
  ledgerFilters->addWidget(m_overdueOnly);
  ledgerFilters->addStretch(1);
  layout->addLayout(ledgerFilters);
  m_list = new QTreeWidget(this);
  m_list->setColumnCount(4);
  m_list->setRootIsDecorated(false);
  m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  m_list->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
  m_list->header()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
  m_list->header()->setSectionResizeMode(1, QHeaderView::Stretch);
  auto* splitter = new QSplitter(Qt::Vertical, this);
  splitter->addWidget(m_list);
  auto* middle = new QWidget(splitter);
  auto* middleLayout = new QVBoxLayout(middle);
  middleLayout->setContentsMargins(0, 0, 0, 0);
  // Beside the filters: one row less keeps the window as small as it was before the ledger's row.
  m_match = new QPushButton(this);
  filters->addWidget(m_match);
  m_candidates = new QTreeWidget(middle);
  m_candidates->setColumnCount(5);
  m_candidates->setRootIsDecorated(false);
  for (int column : {0, 1, 3, 4}) m_candidates->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
  m_candidates->header()->setSectionResizeMode(2, QHeaderView::Stretch);
  middleLayout->addWidget(m_candidates, 1);
  splitter->addWidget(middle);
  m_details = new QTextEdit(splitter);
  m_details->setReadOnly(true);
  splitter->addWidget(m_details);
  splitter->setStretchFactor(0, 2);
  splitter->setStretchFactor(1, 2);
  splitter->setStretchFactor(2, 3);
  layout->addWidget(splitter, 1);
  connect(m_stage, &QComboBox::currentIndexChanged, this, [this] { refill(); });
  connect(m_sector, &QComboBox::currentIndexChanged, this, [this] { refill(); });
  connect(m_stalledOnly, &QCheckBox::toggled, this, [this] { refill(); });
  connect(m_overdueOnly, &QCheckBox::toggled, this, [this] { refill(); });
  connect(m_stalledDays, &QSpinBox::valueChanged, this, [this](int days) { emit stalledDaysChanged(days); });
  connect(m_list, &QTreeWidget::currentItemChanged, this, [this] {
    m_match->setEnabled(m_matchEnabled && m_list->currentItem());
    if (QTreeWidgetItem* item = m_list->currentItem()) emit projectSelected(item->text(0).toStdString());
  });
  connect(m_match, &QPushButton::clicked, this, [this] {
    if (QTreeWidgetItem* item = m_list->currentItem()) emit matchRequested(item->text(0).toStdString());
  });
  connect(m_candidates, &QTreeWidget::currentItemChanged, this, [this] {
    QTreeWidgetItem* item = m_candidates->currentItem();
    if (!item) return;
    const auto index = static_cast<std::size_t>(item->data(0, Qt::UserRole).toInt());
    m_candidateHtml = m_criteriaHtml.at(index);
    m_details->setHtml(m_candidateHtml + m_evaluationHtml);
    emit candidateSelected(m_candidateIds.at(index), item->data(1, Qt::UserRole).toBool());
  });
  retranslate();
}

void ProjectsPanel::setMatchEnabled(bool enabled) {
  m_matchEnabled = enabled;
  m_match->setEnabled(enabled && m_list->currentItem());
}

void ProjectsPanel::retranslate() {
  m_list->setHeaderLabels({tr("Id"), tr("Name"), tr("Stage"), tr("Ledger")});
  m_stalledOnly->setText(tr("Stalled over"));
  m_stalledOnly->setToolTip(tr("Only projects with no stage change for at least the days given (not operating, not dropped)"));
  m_stalledDays->setSuffix(tr(" d"));
  m_overdueOnly->setText(tr("Overdue only"));
  m_overdueOnly->setToolTip(tr("Open problems past their due date, or commitment dates passed (start of construction, completion, production)"));
  m_candidates->setHeaderLabels({tr("Rank"), tr("Id"), tr("Name"), tr("Score"), tr("Area (mu)")});
  m_match->setText(tr("Match"));
  m_match->setToolTip(tr("Rank the parcels (or buildings) that meet the selected project's hard rules, with the engine's matching"));
  const auto language = m_chinese ? render::MapLanguage::Chinese : render::MapLanguage::English;
  m_stage->blockSignals(true);
  m_sector->blockSignals(true);
  const int stage = std::max(0, m_stage->currentIndex()), sector = std::max(0, m_sector->currentIndex());
  m_stage->clear();
  m_stage->addItem(tr("All stages"), QString());
  // The ledger's stages, dropped included, by the ledger's labels (a stage "negotiating" is 洽谈).
  for (std::string_view code : ledgerStages())
    m_stage->addItem(ledgerText(code, m_chinese ? Language::Chinese : Language::English), QString::fromUtf8(code.data(), static_cast<qsizetype>(code.size())));
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
    const Language ledgerLanguage = m_chinese ? Language::Chinese : Language::English;
    for (const render::MapFeature& project : m_snapshot->layer(Layer::Projects).features) {
      if (!stage.empty() && project.category != stage) continue;
      if (!sector.empty() && project.sector != sector) continue;
      const auto flags = m_flags.find(project.id);
      const ProjectLedgerFlags* f = flags == m_flags.end() ? nullptr : &flags->second;
      if (m_stalledOnly->isChecked() && !(f && f->stalled)) continue;
      if (m_overdueOnly->isChecked() && !(f && f->overdue())) continue;
      QStringList notes;
      if (f && f->stalled) notes << tr("stalled %1 d").arg(f->daysInStage.value_or(0));
      if (f && f->overdue()) notes << tr("overdue");
      if (f && !f->grade.empty()) notes << tr("grade %1").arg(QString::fromStdString(f->grade));
      auto* item = new QTreeWidgetItem(m_list, {QString::fromStdString(project.id), QString::fromStdString(project.name),
                                                project.category.empty() ? QString() : ledgerText(project.category, ledgerLanguage),
                                                notes.join(QStringLiteral(" · "))});
      if (f && (f->stalled || f->overdue())) {
        item->setForeground(3, QColor(176, 0, 32));
        QStringList tip;
        if (f->stalled) tip << tr("No stage change since %1 (%2 days)").arg(QString::fromStdString(f->stageSince.value_or("?"))).arg(f->daysInStage.value_or(0));
        if (f->overdueProblems > 0) tip << tr("%n open problem(s) past due", nullptr, static_cast<int>(f->overdueProblems));
        if (f->overdueCommitments > 0) tip << tr("%n commitment date(s) passed", nullptr, static_cast<int>(f->overdueCommitments));
        item->setToolTip(3, tip.join(QLatin1Char('\n')));
      }
      if (project.id == selected) m_list->setCurrentItem(item);
    }
  }
  m_list->blockSignals(false);
}

void ProjectsPanel::setLedgerFlags(std::map<std::string, ProjectLedgerFlags> flags) {
  m_flags = std::move(flags);
  refill();
}

int ProjectsPanel::stalledDays() const { return m_stalledDays->value(); }

void ProjectsPanel::setFilters(const std::string& stage, bool stalledOnly, bool overdueOnly) {
  m_stage->setCurrentIndex(std::max(0, m_stage->findData(QString::fromStdString(stage))));
  m_stalledOnly->setChecked(stalledOnly);
  m_overdueOnly->setChecked(overdueOnly);
  refill();
}

std::vector<std::string> ProjectsPanel::listedProjects() const {
  std::vector<std::string> ids;
  for (int i = 0; i < m_list->topLevelItemCount(); ++i) ids.push_back(m_list->topLevelItem(i)->text(0).toStdString());
  return ids;
}

bool ProjectsPanel::selectProject(const std::string& id) {
  auto found = m_list->findItems(QString::fromStdString(id), Qt::MatchExactly, 0);
  if (found.isEmpty() && (m_stage->currentIndex() > 0 || m_sector->currentIndex() > 0 || m_stalledOnly->isChecked() || m_overdueOnly->isChecked())) {
    // A project asked for by id (search, --project) is shown even when the filters hide it.
    m_sector->blockSignals(true);
    m_sector->setCurrentIndex(0);
    m_sector->blockSignals(false);
    setFilters(std::string(), false, false);
    found = m_list->findItems(QString::fromStdString(id), Qt::MatchExactly, 0);
  }
  if (found.isEmpty()) return false;
  m_list->setCurrentItem(found.front());
  return true;
}

std::string ProjectsPanel::selectedProject() const {
  QTreeWidgetItem* item = m_list->currentItem();
  return item ? item->text(0).toStdString() : std::string();
}

}  // namespace landbank::viewer

namespace landbank::viewer {

namespace {

QString escaped(const std::string& text) { return QString::fromStdString(text).toHtmlEscaped(); }

render::MapLanguage mapLanguage(bool chinese) { return chinese ? render::MapLanguage::Chinese : render::MapLanguage::English; }

/// A matching criterion of the rule pack ("area_fit", "highway_exit_distance") in the UI language.
QString criterionLabel(const std::string& name, bool chinese) {
  static const std::map<std::string, const char*> known{
      {"supply_chain", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Supply chain")},
      {"park_specialisation", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Park specialisation")},
      {"area_fit", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Area fit")},
      {"price", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Price")},
      {"infrastructure", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Infrastructure")},
      {"availability", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Availability")},
      {"compactness", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Compactness")},
      {"penalty", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Constraint penalty")},
      {"preferred_subdistrict", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Preferred subdistrict")},
      {"floor_fit", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Floor area fit")},
      {"rent", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Rent")}};
  if (auto it = known.find(name); it != known.end()) return ProjectsPanel::tr(it->second);
  const std::string suffix = "_distance";
  if (name.size() > suffix.size() && name.ends_with(suffix))
    return ProjectsPanel::tr("Distance to %1").arg(render::codeLabel(name.substr(0, name.size() - suffix.size()), mapLanguage(chinese)));
  return QString::fromStdString(name);
}

/// A hard rule of matching ("status", "constraint:eco_redline", "near:metro") in the UI language.
QString ruleLabel(const std::string& rule, bool chinese) {
  static const std::map<std::string, const char*> known{
      {"status", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Status")},     {"land_use", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Land use")},
      {"area", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Area")},         {"height", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Height limit")},
      {"water_source", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Water source protection")},
      {"rent", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Rent")},         {"type", QT_TRANSLATE_NOOP("landbank::viewer::ProjectsPanel", "Building type")}};
  if (auto it = known.find(rule); it != known.end()) return ProjectsPanel::tr(it->second);
  if (rule.starts_with("constraint:")) return ProjectsPanel::tr("Constraint %1").arg(render::codeLabel(rule.substr(11), mapLanguage(chinese)));
  if (rule.starts_with("near:")) return ProjectsPanel::tr("Near %1").arg(render::codeLabel(rule.substr(5), mapLanguage(chinese)));
  return QString::fromStdString(rule);
}

QString verdictLabel(DimensionVerdict verdict) {
  switch (verdict) {
    case DimensionVerdict::Pass: return ProjectsPanel::tr("pass");
    case DimensionVerdict::Weak: return ProjectsPanel::tr("weak");
    case DimensionVerdict::Fail: return ProjectsPanel::tr("fail");
    case DimensionVerdict::Incomplete: return ProjectsPanel::tr("incomplete");
  }
  return QStringLiteral("?");
}

}  // namespace

void ProjectsPanel::clearMatch() {
  m_candidates->clear();
  m_candidateIds.clear();
  m_criteriaHtml.clear();
  m_candidateHtml.clear();
  m_details->setHtml(m_evaluationHtml);
}

void ProjectsPanel::showMatch(const MatchResult& result) {
  clearMatch();
  m_candidates->blockSignals(true);
  for (const Candidate& c : result.candidates) {
    auto* item = new QTreeWidgetItem(m_candidates, {QString::number(c.rank), QString::fromStdString(c.id), QString::fromStdString(c.name),
                                                    QString::number(c.score, 'f', 3), QString::number(squareMetresToMu(c.areaSquareMetres), 'f', 1)});
    item->setData(0, Qt::UserRole, static_cast<int>(m_candidateIds.size()));
    item->setData(1, Qt::UserRole, c.kind == CandidateKind::Building);
    m_candidateIds.push_back(c.id);
    QString html = tr("<h3>#%1 %2 %3</h3><p>Score %4</p>").arg(c.rank).arg(escaped(c.id), escaped(c.name)).arg(c.score, 0, 'f', 3);
    html += QStringLiteral("<table border=0 cellspacing=2><tr><th align=left>%1</th><th>%2</th><th>%3</th><th>%4</th></tr>")
                .arg(tr("Criterion"), tr("Value"), tr("Score"), tr("Weight"));
    for (const CriterionScore& k : c.criteria)
      html += QStringLiteral("<tr><td>%1</td><td align=right>%2 %3</td><td align=right>%4</td><td align=right>%5</td></tr>")
                  .arg(criterionLabel(k.name, m_chinese).toHtmlEscaped()).arg(k.value, 0, 'f', 1).arg(escaped(k.unit)).arg(k.score, 0, 'f', 2).arg(k.weight, 0, 'f', 2);
    m_criteriaHtml.push_back(html + QStringLiteral("</table>"));
  }
  m_candidates->blockSignals(false);
  QString rejected;
  for (const auto& [reason, count] : result.rejected) rejected += QStringLiteral("%1%2 %3").arg(rejected.isEmpty() ? QString() : QStringLiteral(", ")).arg(ruleLabel(reason, m_chinese).toHtmlEscaped()).arg(count);
  m_candidateHtml = tr("<p>Considered %1, candidates %2. Rejected: %3</p>").arg(result.considered).arg(result.candidateCount).arg(rejected.isEmpty() ? tr("none") : rejected);
  m_details->setHtml(m_candidateHtml + m_evaluationHtml);
}

void ProjectsPanel::showWhy(const WhyResult& result) {
  QString html = result.candidate ? tr("<h3>%1 is a candidate</h3>").arg(escaped(result.id))
                                  : tr("<h3>Why not %1</h3>").arg(escaped(result.id));
  html += QStringLiteral("<ul>");
  for (const RuleCheck& check : result.checks)
    // The rule's code stays beside its label: the engine's fact and remedy texts name it.
    html += QStringLiteral("<li><b>%1</b> %2 (%3): %4%5</li>")
                .arg(check.passed ? QStringLiteral("✔") : QStringLiteral("✘"), ruleLabel(check.rule, m_chinese).toHtmlEscaped(), escaped(check.rule),
                     escaped(check.fact),
                     check.remedy.empty() ? QString() : QStringLiteral(" — <i>%1</i>").arg(escaped(check.remedy)));
  html += QStringLiteral("</ul>");
  m_candidateHtml = html;
  m_details->setHtml(m_candidateHtml + m_evaluationHtml);
}

void ProjectsPanel::showEvaluation(const EvaluationResult& result) {
  QString html = tr("<h3>Evaluation: grade %1 %2 (%3 / 100)%4</h3>")
                     .arg(escaped(result.grade), escaped(result.gradeLabel))
                     .arg(result.totalScore, 0, 'f', 1)
                     .arg(result.provisional ? tr(", provisional") : QString());
  html += QStringLiteral("<table border=0 cellspacing=2>");
  for (const Dimension& d : result.dimensions)
    html += QStringLiteral("<tr><td>%1</td><td align=right>%2</td><td>%3</td></tr>")
                .arg(m_chinese ? escaped(d.labelZh) : escaped(d.name).replace(QLatin1Char('_'), QLatin1Char(' ')),
                     d.score ? QString::number(*d.score, 'f', 1) : QStringLiteral("—"), verdictLabel(d.verdict));
  html += QStringLiteral("</table><ul>");
  for (const std::string& reason : result.reasons) html += QStringLiteral("<li>%1</li>").arg(escaped(reason));
  m_evaluationHtml = html + QStringLiteral("</ul>");
  m_details->setHtml(m_candidateHtml + m_evaluationHtml);
}

std::vector<std::string> ProjectsPanel::listedCandidates() const {
  std::vector<std::string> ids;
  for (int i = 0; i < m_candidates->topLevelItemCount(); ++i) ids.push_back(m_candidates->topLevelItem(i)->text(1).toStdString());
  return ids;
}

bool ProjectsPanel::selectCandidate(const std::string& id) {
  const auto found = m_candidates->findItems(QString::fromStdString(id), Qt::MatchExactly, 1);
  if (found.isEmpty()) return false;
  m_candidates->setCurrentItem(found.front());
  return true;
}

}  // namespace landbank::viewer
