#include "app/ledger_dialogs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "landbank/error.h"

namespace landbank::viewer {

namespace {

QString label(std::string_view code, Language language) { return QString::fromStdString(ledgerLabel(code, language)); }

QDateEdit* dateEdit(const std::string& date, QWidget* parent) {
  auto* edit = new QDateEdit(QDate::fromString(QString::fromStdString(date), Qt::ISODate), parent);
  edit->setCalendarPopup(true);
  edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
  return edit;
}

std::string isoDate(const QDateEdit* edit) { return edit->date().toString(Qt::ISODate).toStdString(); }

std::optional<std::string> nonEmpty(const QString& text) {
  const QString trimmed = text.trimmed();
  return trimmed.isEmpty() ? std::nullopt : std::optional<std::string>(trimmed.toStdString());
}

QLabel* errorLabel(QWidget* parent) {
  auto* error = new QLabel(parent);
  error->setObjectName(QStringLiteral("refusal"));
  error->setWordWrap(true);
  error->setStyleSheet(QStringLiteral("color: #b00020;"));
  error->hide();
  return error;
}

/// The engine's refusal for people, in the dialog's language: a stage rule by its meaning, anything
/// else as the engine says it.
QString refusalText(const Error& error, Language language) {
  const std::string rule = error.context().rule.value_or(refusedRule(error.what()));
  const QString problem = QString::fromStdString(printableText(error.problemMessage().in(language)));
  if (rule.empty()) return problem;
  return StageMoveDialog::tr("Refused by the rule “%1”: %2").arg(QString::fromStdString(rule), stageRuleText(rule)) + QStringLiteral("\n") + problem;
}

}  // namespace

std::string refusedRule(const std::string& engineMessage) {
  static const std::string marker = "move refused by rule '";
  const auto start = engineMessage.find(marker);
  if (start == std::string::npos) return {};
  const auto from = start + marker.size();
  const auto end = engineMessage.find('\'', from);
  return end == std::string::npos ? std::string() : engineMessage.substr(from, end - from);
}

QString stageRuleText(const std::string& rule) {
  if (rule == "skipped") return StageMoveDialog::tr("the move skips a stage (lead → negotiating → signed → landed → building → operating)");
  if (rule == "backwards") return StageMoveDialog::tr("the move goes back to an earlier stage");
  if (rule == "reopen_dropped") return StageMoveDialog::tr("a dropped project cannot be reopened");
  if (rule == "same_stage") return StageMoveDialog::tr("the project is already at this stage");
  if (rule == "dropped_needs_reason") return StageMoveDialog::tr("a project is dropped with a reason");
  if (rule == "landing_needs_site") return StageMoveDialog::tr("landing names its site: a parcel, or a building with the floor taken");
  if (rule == "landing_needs_floor") return StageMoveDialog::tr("landing in a building names the floor taken");
  if (rule == "parcel_allocated") return StageMoveDialog::tr("the parcel is already allocated to another project");
  if (rule == "parcel_reserved") return StageMoveDialog::tr("the parcel is reserved for another project");
  if (rule == "floor_exceeds_vacancy") return StageMoveDialog::tr("the building has less vacant floor than the project takes");
  if (rule == "one_site") return StageMoveDialog::tr("name a parcel or a building, not both");
  if (rule == "site_only_when_landing") return StageMoveDialog::tr("a site is named only when the project lands");
  return QString::fromStdString(rule);
}

// ---------------------------------------------------------------- stage move

StageMoveDialog::StageMoveDialog(const std::string& projectId, const std::string& projectName, const std::string& currentStage,
                                 const std::string& today, Language language, Apply apply, QWidget* parent)
    : QDialog(parent), m_projectId(projectId), m_currentStage(currentStage), m_apply(std::move(apply)), m_language(language) {
  setObjectName(QStringLiteral("stageMoveDialog"));
  setWindowTitle(tr("Move project %1 to another stage").arg(QString::fromStdString(projectId)));
  auto* layout = new QVBoxLayout(this);
  auto* heading = new QLabel(tr("%1 %2 — now at stage “%3”")
                                 .arg(QString::fromStdString(projectId), QString::fromStdString(projectName),
                                      currentStage.empty() ? QStringLiteral("—") : label(currentStage, language)),
                             this);
  heading->setWordWrap(true);
  layout->addWidget(heading);
  auto* form = new QFormLayout;
  m_stage = new QComboBox(this);
  for (std::string_view code : ledgerStages()) m_stage->addItem(label(code, language), QString::fromUtf8(code.data(), static_cast<qsizetype>(code.size())));
  m_date = dateEdit(today, this);
  m_note = new QLineEdit(this);
  m_note->setObjectName(QStringLiteral("note"));
  m_reason = new QLineEdit(this);
  m_reason->setObjectName(QStringLiteral("reason"));
  m_parcel = new QLineEdit(this);
  m_parcel->setObjectName(QStringLiteral("parcel"));
  m_parcel->setPlaceholderText(QStringLiteral("CY-00054"));
  m_building = new QLineEdit(this);
  m_building->setObjectName(QStringLiteral("building"));
  m_floor = new QDoubleSpinBox(this);
  m_floor->setRange(0, 1e7);
  m_floor->setDecimals(0);
  m_floor->setSuffix(QStringLiteral(" m²"));
  m_floor->setSpecialValueText(tr("the project's floor need"));
  form->addRow(tr("New stage:"), m_stage);
  form->addRow(tr("Date:"), m_date);
  form->addRow(tr("Note:"), m_note);
  form->addRow(tr("Reason (when dropped):"), m_reason);
  form->addRow(tr("Lands on parcel:"), m_parcel);
  form->addRow(tr("Or in building:"), m_building);
  form->addRow(tr("Floor taken:"), m_floor);
  layout->addLayout(form);
  m_rule = new QLabel(this);
  m_rule->setObjectName(QStringLiteral("rule"));
  m_rule->setWordWrap(true);
  layout->addWidget(m_rule);
  m_force = new QCheckBox(tr("Force this move against the rule (the history flags it as forced)"), this);
  m_force->setObjectName(QStringLiteral("force"));
  layout->addWidget(m_force);
  m_error = errorLabel(this);
  layout->addWidget(m_error);
  m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  layout->addWidget(m_buttons);
  connect(m_buttons, &QDialogButtonBox::accepted, this, &StageMoveDialog::accept);
  connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_stage, &QComboBox::currentIndexChanged, this, [this] { updateRule(); });
  // The next stage is what people do most.
  const auto stages = ledgerStages();
  std::size_t next = 0;
  for (std::size_t i = 0; i < stages.size(); ++i)
    if (stages[i] == currentStage) next = std::min(i + 1, stages.size() - 2);  // never "dropped" by default
  m_stage->setCurrentIndex(static_cast<int>(next));
  updateRule();
  resize(480, sizeHint().height());
}

bool StageMoveDialog::chooseStage(const std::string& stage) {
  const int index = m_stage->findData(QString::fromStdString(stage));
  if (index < 0) return false;
  m_stage->setCurrentIndex(index);
  return true;
}

void StageMoveDialog::updateRule() {
  const std::string to = m_stage->currentData().toString().toStdString();
  m_pendingRule = stageMoveRule(m_currentStage, to);
  const bool forceable = m_pendingRule == "skipped" || m_pendingRule == "backwards" || m_pendingRule == "reopen_dropped";
  if (m_pendingRule.empty()) {
    m_rule->setText(to == "landed" ? tr("Allowed. Landing names its site: the parcel becomes allocated in the same step.") : tr("Allowed."));
    m_rule->setStyleSheet(QString());
  } else {
    m_rule->setText(tr("Rule “%1”: %2.").arg(QString::fromStdString(m_pendingRule), stageRuleText(m_pendingRule)) +
                    (forceable ? QStringLiteral(" ") + tr("Refused unless forced.") : QStringLiteral(" ") + tr("Cannot be forced.")));
    m_rule->setStyleSheet(QStringLiteral("color: #b00020;"));
  }
  m_force->setEnabled(forceable);
  if (!forceable) m_force->setChecked(false);
  m_reason->setEnabled(to == "dropped");
  const bool landing = to == "landed";
  for (QWidget* site : std::initializer_list<QWidget*>{m_parcel, m_building, m_floor}) site->setEnabled(landing);
  m_error->hide();
}

StageMoveRequest StageMoveDialog::request() const {
  StageMoveRequest request;
  request.projectId = m_projectId;
  request.toStage = m_stage->currentData().toString().toStdString();
  request.date = isoDate(m_date);
  request.note = m_note->text().trimmed().toStdString();
  request.reason = m_reason->isEnabled() ? m_reason->text().trimmed().toStdString() : std::string();
  request.rules = m_force->isChecked() ? MoveRules::Force : MoveRules::Enforce;
  if (request.toStage == "landed") {
    request.parcelId = nonEmpty(m_parcel->text());
    request.buildingId = nonEmpty(m_building->text());
    if (request.buildingId && m_floor->value() > 0) request.floorSquareMetres = m_floor->value();
  }
  return request;
}

QString StageMoveDialog::refusal() const { return m_error->isVisible() || !m_error->text().isEmpty() ? m_error->text() : QString(); }

void StageMoveDialog::accept() {
  try {
    m_apply(request());
  } catch (const Error& error) {
    m_error->setText(refusalText(error, m_language));
    m_error->show();
    return;  // the dialog stays open: nothing was written (the engine's transaction rolled back)
  }
  QDialog::accept();
}

// ---------------------------------------------------------------- problems

ProblemDialog::ProblemDialog(const std::string& projectId, const std::string& today, Language language, Apply apply, QWidget* parent)
    : QDialog(parent), m_projectId(projectId), m_apply(std::move(apply)), m_language(language) {
  setObjectName(QStringLiteral("problemDialog"));
  setWindowTitle(tr("New problem of project %1").arg(QString::fromStdString(projectId)));
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  m_category = new QComboBox(this);
  for (std::string_view code : problemCategories())
    m_category->addItem(label(code, language), QString::fromUtf8(code.data(), static_cast<qsizetype>(code.size())));
  m_dept = new QLineEdit(this);
  m_dept->setObjectName(QStringLiteral("dept"));
  m_text = new QPlainTextEdit(this);
  m_text->setObjectName(QStringLiteral("text"));
  m_text->setMaximumHeight(90);
  m_opened = dateEdit(today, this);
  m_hasDue = new QCheckBox(tr("Due by"), this);
  m_due = dateEdit(QDate::fromString(QString::fromStdString(today), Qt::ISODate).addDays(30).toString(Qt::ISODate).toStdString(), this);
  m_due->setEnabled(false);
  connect(m_hasDue, &QCheckBox::toggled, m_due, &QWidget::setEnabled);
  form->addRow(tr("Category:"), m_category);
  form->addRow(tr("Department that must act:"), m_dept);
  form->addRow(tr("Problem:"), m_text);
  form->addRow(tr("Logged on:"), m_opened);
  form->addRow(m_hasDue, m_due);
  layout->addLayout(form);
  m_error = errorLabel(this);
  layout->addWidget(m_error);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &ProblemDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  resize(460, sizeHint().height());
}

ProblemInput ProblemDialog::input() const {
  ProblemInput input;
  input.projectId = m_projectId;
  input.category = m_category->currentData().toString().toStdString();
  input.dept = m_dept->text().trimmed().toStdString();
  input.text = m_text->toPlainText().trimmed().toStdString();
  input.openedOn = isoDate(m_opened);
  if (m_hasDue->isChecked()) input.dueOn = isoDate(m_due);
  return input;
}

void ProblemDialog::accept() {
  const ProblemInput problem = input();
  // The engine would store an empty text; a problem nobody can read is no use in the ledger.
  if (problem.text.empty() || problem.dept.empty()) {
    m_error->setText(tr("Name the problem and the department that must act."));
    m_error->show();
    return;
  }
  try {
    m_created = m_apply(problem);
  } catch (const Error& error) {
    m_error->setText(refusalText(error, m_language));
    m_error->show();
    return;
  }
  QDialog::accept();
}

ResolveProblemDialog::ResolveProblemDialog(const Problem& problem, const std::string& today, Language language, Apply apply, QWidget* parent)
    : QDialog(parent), m_problemId(problem.id), m_apply(std::move(apply)), m_language(language) {
  setObjectName(QStringLiteral("resolveProblemDialog"));
  setWindowTitle(tr("Resolve problem %1").arg(QString::fromStdString(problem.id)));
  auto* layout = new QVBoxLayout(this);
  auto* heading = new QLabel(tr("%1 (%2, %3): %4")
                                 .arg(QString::fromStdString(problem.id), label(problem.category, language), QString::fromStdString(problem.dept),
                                      QString::fromStdString(problem.text)),
                             this);
  heading->setWordWrap(true);
  layout->addWidget(heading);
  auto* form = new QFormLayout;
  m_date = dateEdit(today, this);
  m_resolution = new QLineEdit(this);
  m_resolution->setObjectName(QStringLiteral("resolution"));
  form->addRow(tr("Resolved on:"), m_date);
  form->addRow(tr("How it was resolved:"), m_resolution);
  layout->addLayout(form);
  m_error = errorLabel(this);
  layout->addWidget(m_error);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &ResolveProblemDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  resize(440, sizeHint().height());
}

void ResolveProblemDialog::accept() {
  try {
    m_apply(m_problemId, isoDate(m_date), m_resolution->text().trimmed().toStdString());
  } catch (const Error& error) {
    m_error->setText(refusalText(error, m_language));
    m_error->show();
    return;
  }
  QDialog::accept();
}

}  // namespace landbank::viewer
