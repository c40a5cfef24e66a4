#include "app/ledger_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

#include "app/ledger_dialogs.h"
#include "app/text_format.h"

namespace landbank::viewer {

namespace {

constexpr int kProblemRole = Qt::UserRole + 1;
const QColor kAlert(176, 0, 32);

QString q(const std::string& text) { return QString::fromStdString(text); }

QTreeWidget* tree(QWidget* parent, const char* name, int columns) {
  auto* widget = new QTreeWidget(parent);
  widget->setObjectName(QString::fromLatin1(name));
  widget->setColumnCount(columns);
  widget->setRootIsDecorated(false);
  widget->setAlternatingRowColors(true);
  // The last column (what happened, the problem) takes the rest and wraps rather than being cut.
  widget->setWordWrap(true);
  widget->setTextElideMode(Qt::ElideNone);
  widget->setUniformRowHeights(false);
  widget->header()->setStretchLastSection(true);
  // Docked under the identify panel: the lists scroll rather than push the window taller.
  widget->setMinimumHeight(48);
  return widget;
}

void setForeground(QTreeWidgetItem* item, const QColor& colour) {
  for (int c = 0; c < item->columnCount(); ++c) item->setForeground(c, colour);
}

QString optionalNumber(const std::optional<double>& value, int decimals = 0) { return value ? groupedNumber(*value, decimals) : QStringLiteral("—"); }

}  // namespace

LedgerPanel::LedgerPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  m_heading = new QLabel(this);
  m_heading->setObjectName(QStringLiteral("heading"));
  m_heading->setWordWrap(true);
  m_heading->setTextFormat(Qt::RichText);
  layout->addWidget(m_heading);
  auto* buttons = new QHBoxLayout;
  m_move = new QPushButton(this);
  m_addProblem = new QPushButton(this);
  m_resolve = new QPushButton(this);
  buttons->addWidget(m_move);
  buttons->addWidget(m_addProblem);
  buttons->addWidget(m_resolve);
  buttons->addStretch(1);
  layout->addLayout(buttons);
  m_tabs = new QTabWidget(this);
  m_tabs->setUsesScrollButtons(true);
  m_timeline = tree(m_tabs, "timeline", 4);
  m_problems = tree(m_tabs, "problems", 6);
  auto* resultsPage = new QWidget(m_tabs);
  auto* resultsLayout = new QVBoxLayout(resultsPage);
  resultsLayout->setContentsMargins(0, 0, 0, 0);
  m_results = tree(resultsPage, "results", 2);
  m_shortfalls = new QLabel(resultsPage);
  m_shortfalls->setObjectName(QStringLiteral("shortfalls"));
  m_shortfalls->setWordWrap(true);
  resultsLayout->addWidget(m_results, 1);
  resultsLayout->addWidget(m_shortfalls);
  m_tabs->addTab(m_timeline, QString());
  m_tabs->addTab(m_problems, QString());
  m_tabs->addTab(resultsPage, QString());
  layout->addWidget(m_tabs, 1);
  connect(m_move, &QPushButton::clicked, this, [this] {
    if (!m_ledger.projectId.empty()) emit moveStageRequested(m_ledger.projectId);
  });
  connect(m_addProblem, &QPushButton::clicked, this, [this] {
    if (!m_ledger.projectId.empty()) emit addProblemRequested(m_ledger.projectId);
  });
  connect(m_resolve, &QPushButton::clicked, this, [this] {
    if (const auto problem = selectedOpenProblem()) emit resolveProblemRequested(problem->id);
  });
  connect(m_problems, &QTreeWidget::currentItemChanged, this, [this] { m_resolve->setEnabled(selectedOpenProblem().has_value()); });
  retranslate();
}

void LedgerPanel::retranslate() {
  m_move->setText(tr("Move stage…"));
  m_addProblem->setText(tr("New problem…"));
  m_resolve->setText(tr("Resolve problem…"));
  m_resolve->setToolTip(tr("Select an open problem in the list first"));
  m_tabs->setTabText(0, tr("Timeline"));
  m_tabs->setTabText(1, tr("Problems"));
  m_tabs->setTabText(2, tr("Commitments and results"));
  m_timeline->setHeaderLabels({tr("Date"), tr("Event"), tr("Who"), tr("What happened")});
  m_problems->setHeaderLabels({tr("Id"), tr("Category"), tr("Department"), tr("Due"), tr("Status"), tr("Problem")});
  rebuild();
}

void LedgerPanel::clear() {
  m_ledger = ProjectLedger{};
  m_grades.clear();
  m_flags.reset();
  rebuild();
}

void LedgerPanel::showLedger(ProjectLedger ledger, std::vector<FollowThroughGrade> grades, std::optional<ProjectLedgerFlags> flags, Language language) {
  const std::string keep = selectedOpenProblem() ? selectedOpenProblem()->id : std::string();
  m_ledger = std::move(ledger);
  m_grades = std::move(grades);
  m_flags = std::move(flags);
  m_language = language;
  rebuild();
  if (!keep.empty()) selectProblem(keep);
}

std::optional<Problem> LedgerPanel::selectedOpenProblem() const {
  const QTreeWidgetItem* item = m_problems->currentItem();
  if (!item) return std::nullopt;
  const std::string id = item->data(0, kProblemRole).toString().toStdString();
  for (const Problem& problem : m_ledger.problems)
    if (problem.id == id && problem.status == "open") return problem;
  return std::nullopt;
}

bool LedgerPanel::selectProblem(const std::string& problemId) {
  for (int i = 0; i < m_problems->topLevelItemCount(); ++i)
    if (m_problems->topLevelItem(i)->data(0, kProblemRole).toString().toStdString() == problemId) {
      m_problems->setCurrentItem(m_problems->topLevelItem(i));
      m_tabs->setCurrentWidget(m_problems);
      return true;
    }
  return false;
}

void LedgerPanel::rebuild() {
  m_timeline->clear();
  m_problems->clear();
  m_results->clear();
  m_shortfalls->clear();
  const bool has = !m_ledger.projectId.empty();
  m_move->setEnabled(has);
  m_addProblem->setEnabled(has);
  m_resolve->setEnabled(false);
  if (!has) {
    m_heading->setText(tr("Select a project in the projects panel to see its ledger."));
    return;
  }
  const Language language = m_language;

  // Heading: stage, since when, site; then what needs attention.
  QString heading = QStringLiteral("<b>%1 %2</b><br>").arg(q(m_ledger.projectId).toHtmlEscaped(), q(m_ledger.name).toHtmlEscaped());
  heading += tr("Stage: %1").arg(m_ledger.stage.empty() ? QStringLiteral("—") : ledgerText(m_ledger.stage, language));
  if (m_flags && m_flags->stageSince)
    heading += QStringLiteral(" ") + tr("(since %1, %2 days)").arg(q(*m_flags->stageSince)).arg(m_flags->daysInStage.value_or(0));
  if (m_ledger.parcelId) heading += QStringLiteral(" · ") + tr("parcel %1").arg(q(*m_ledger.parcelId));
  if (m_ledger.buildingId) heading += QStringLiteral(" · ") + tr("building %1").arg(q(*m_ledger.buildingId));
  if (m_ledger.subdistrict) heading += QStringLiteral(" · ") + q(*m_ledger.subdistrict).toHtmlEscaped();
  QStringList alerts;
  if (m_flags && m_flags->stalled) alerts << tr("stalled");
  if (m_flags && m_flags->overdueProblems > 0) alerts << tr("%n overdue problem(s)", nullptr, static_cast<int>(m_flags->overdueProblems));
  if (m_flags && m_flags->overdueCommitments > 0) alerts << tr("%n commitment date(s) passed", nullptr, static_cast<int>(m_flags->overdueCommitments));
  if (!alerts.isEmpty()) heading += QStringLiteral("<br><span style='color:#b00020'>⚠ %1</span>").arg(alerts.join(QStringLiteral(" · ")).toHtmlEscaped());
  if (m_flags && !m_flags->grade.empty())
    heading += QStringLiteral("<br>") + tr("Follow-through grade %1 %2 (%3)").arg(q(m_flags->grade), q(m_flags->gradeLabel)).arg(m_flags->gradeYear);
  m_heading->setText(heading);

  // Timeline: stage moves from the history (who, forced), everything else as the engine words it.
  struct Row {
    std::string date;
    QStringList columns;
    bool alert = false;
    QString tip;
  };
  std::vector<Row> rows;
  for (const StageChange& change : m_ledger.stages) {
    QString what = change.fromStage.empty() ? tr("entered at %1").arg(ledgerText(change.toStage, language))
                                            : QStringLiteral("%1 → %2").arg(ledgerText(change.fromStage, language), ledgerText(change.toStage, language));
    if (change.siteId)
      what += QStringLiteral(" ") + (change.siteKind == "building" ? tr("(building %1)") : tr("(parcel %1)")).arg(q(*change.siteId));
    if (!change.reason.empty()) what += QStringLiteral("; ") + tr("reason: %1").arg(q(change.reason));
    if (!change.note.empty()) what += QStringLiteral("; ") + q(change.note);
    QString tip;
    if (change.forced) {
      tip = tr("Forced over the rule “%1”: %2").arg(q(change.overriddenRule), stageRuleText(change.overriddenRule));
      what = QStringLiteral("⚠ ") + tr("FORCED") + QStringLiteral(" (") + q(change.overriddenRule) + QStringLiteral(") ") + what;
    }
    rows.push_back({change.date, {q(change.date), tr("Stage"), q(change.user), what}, change.forced, tip});
  }
  for (const TimelineEntry& entry : m_ledger.timeline) {
    if (entry.kind == "stage") continue;
    QString kind = q(entry.kind);
    if (entry.kind == "problem_opened") kind = tr("Problem logged");
    else if (entry.kind == "problem_resolved") kind = tr("Problem resolved");
    else if (entry.kind == "visit") kind = tr("Visit");
    else if (entry.kind == "capital") kind = tr("Capital increase");
    else if (entry.kind == "result") kind = tr("Annual results");
    const QString who = entry.detail.contains("visitor") ? q(entry.detail["visitor"].get<std::string>()) : QString();
    rows.push_back({entry.date, {q(entry.date), kind, who, q(entry.text)}, false, QString()});
  }
  std::ranges::stable_sort(rows, {}, &Row::date);
  for (const Row& row : rows) {
    auto* item = new QTreeWidgetItem(m_timeline, row.columns);
    if (row.alert) {
      setForeground(item, kAlert);
      QFont bold = item->font(3);
      bold.setBold(true);
      item->setFont(3, bold);
    }
    for (int c = 0; c < 4; ++c) item->setToolTip(c, row.tip.isEmpty() ? row.columns.at(3) : row.tip);
  }
  for (int c : {0, 1, 2}) m_timeline->resizeColumnToContents(c);
  if (m_timeline->topLevelItemCount() > 0) m_timeline->scrollToItem(m_timeline->topLevelItem(m_timeline->topLevelItemCount() - 1));

  // Problems: open ones first (overdue in red), then the resolved ones.
  std::vector<const Problem*> problems;
  for (const Problem& p : m_ledger.problems) problems.push_back(&p);
  std::ranges::stable_sort(problems, [](const Problem* a, const Problem* b) { return (a->status == "open") > (b->status == "open"); });
  for (const Problem* p : problems) {
    const bool open = p->status == "open";
    auto* item = new QTreeWidgetItem(m_problems, {q(p->id), ledgerText(p->category, language), q(p->dept), q(p->dueOn.value_or("")),
                                                  open ? (p->overdue ? tr("overdue") : ledgerText("open", language))
                                                       : ledgerText("resolved", language) + QStringLiteral(" ") + q(p->resolvedOn.value_or("")),
                                                  q(p->text)});
    item->setData(0, kProblemRole, q(p->id));
    item->setToolTip(5, open ? q(p->text) : q(p->text) + QStringLiteral("\n→ ") + q(p->resolution));
    if (open && p->overdue) setForeground(item, kAlert);
    if (!open) setForeground(item, QColor(120, 120, 120));
  }
  for (int c : {0, 1, 2, 3, 4}) m_problems->resizeColumnToContents(c);
  m_tabs->setTabText(1, tr("Problems (%1 open)").arg(std::ranges::count(m_ledger.problems, std::string("open"), &Problem::status)));

  // Commitments against each year's results, and the 亩均 grade of each year.
  std::vector<int> years;
  for (const AnnualResult& r : m_ledger.results) years.push_back(r.year);
  std::ranges::sort(years);
  QStringList header{tr("Indicator"), tr("Promised")};
  for (int year : years) header << QString::number(year);
  m_results->setColumnCount(static_cast<int>(header.size()));
  m_results->setHeaderLabels(header);
  const std::optional<Commitments>& c = m_ledger.commitments;
  auto figureRow = [&](const QString& name, std::optional<double> Commitments::*promised, std::optional<double> AnnualResult::*actual, int decimals) {
    QStringList cells{name, c ? optionalNumber((*c).*promised, decimals) : QStringLiteral("—")};
    for (int year : years)
      for (const AnnualResult& r : m_ledger.results)
        if (r.year == year) cells << optionalNumber(r.*actual, decimals);
    new QTreeWidgetItem(m_results, cells);
  };
  figureRow(tr("Investment (10k CNY)"), &Commitments::investmentWan, &AnnualResult::investmentWan, 0);
  figureRow(tr("Output (10k CNY)"), &Commitments::outputWan, &AnnualResult::outputWan, 0);
  figureRow(tr("Tax (10k CNY)"), &Commitments::taxWan, &AnnualResult::taxWan, 0);
  figureRow(tr("Jobs"), &Commitments::jobs, &AnnualResult::jobs, 0);
  figureRow(tr("Energy (tce, ceiling)"), &Commitments::energyTce, &AnnualResult::energyTce, 0);
  auto gradeOf = [&](int year) -> const FollowThroughGrade* {
    for (const FollowThroughGrade& g : m_grades)
      if (g.year == year) return &g;
    return nullptr;
  };
  auto indicatorRow = [&](const QString& name, const char* indicator) {
    QStringList cells{name, QString()};
    for (int year : years) {
      QString cell = QStringLiteral("—");
      if (const FollowThroughGrade* g = gradeOf(year))
        for (const FollowThroughIndicator& i : g->indicators)
          if (i.name == indicator && i.value) cell = groupedNumber(*i.value, 1);
      cells << cell;
    }
    new QTreeWidgetItem(m_results, cells);
  };
  indicatorRow(tr("Tax per mu (10k CNY/mu)"), "tax_per_mu");
  indicatorRow(tr("Output per mu (10k CNY/mu)"), "output_per_mu");
  QStringList gradeCells{tr("Per-mu grade (亩均)"), QString()};
  for (int year : years) {
    const FollowThroughGrade* g = gradeOf(year);
    if (!g) gradeCells << QStringLiteral("—");
    else if (g->grade.empty()) gradeCells << tr("not graded");
    else gradeCells << QStringLiteral("%1 %2 (%3)").arg(q(g->grade), q(g->gradeLabel), groupedNumber(g->score.value_or(0), 1));
  }
  auto* gradeItem = new QTreeWidgetItem(m_results, gradeCells);
  QFont bold = gradeItem->font(0);
  bold.setBold(true);
  for (int col = 0; col < gradeItem->columnCount(); ++col) gradeItem->setFont(col, bold);
  if (c) {
    auto dateRow = [&](const QString& name, const std::optional<std::string>& date) {
      if (date) new QTreeWidgetItem(m_results, {name, q(*date)});
    };
    dateRow(tr("Start of construction"), c->constructionStart);
    dateRow(tr("Completion"), c->completion);
    dateRow(tr("Start of production"), c->production);
  }
  for (int col = 0; col < m_results->columnCount(); ++col) m_results->resizeColumnToContents(col);
  // Shortfalls of the latest graded year, in the engine's words (clause and amount missing).
  QStringList shortfalls;
  if (!years.empty())
    if (const FollowThroughGrade* g = gradeOf(years.back()))
      for (const Delivery& d : g->deliveries)
        if (d.shortfall) shortfalls << QStringLiteral("• ") + q(d.text).toHtmlEscaped();
  if (!shortfalls.isEmpty())
    m_shortfalls->setText(QStringLiteral("<span style='color:#b00020'>%1</span><br>%2")
                              .arg(tr("Short of the agreement in %1:").arg(years.back()), shortfalls.join(QStringLiteral("<br>"))));
  else if (!years.empty() && c)
    m_shortfalls->setText(tr("Every commitment met in %1.").arg(years.back()));
  else if (!c)
    m_shortfalls->setText(tr("No commitments recorded."));
}

}  // namespace landbank::viewer
