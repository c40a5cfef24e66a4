#pragma once
// The ledger's dialogs: a stage move, a new problem, a problem resolved. Each collects its request
// and hands it to an `apply` function (the main window's, which calls the engine); when the engine
// refuses (landbank::Error), the dialog stays open and says why in the UI language, naming the rule
// of a refused stage move. Nothing here touches the database.

#include <QDialog>

#include <functional>
#include <string>

#include "landbank/language.h"
#include "landbank/ledger.h"

class QCheckBox;
class QComboBox;
class QDateEdit;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace landbank::viewer {

/// The rule a refused stage move names in the engine's English message ("move refused by rule
/// 'skipped': ..."), or empty when the message names none. The engine's Error carries the rule in
/// context().rule, which the dialogs read first; this parse is the fallback for older messages.
std::string refusedRule(const std::string& engineMessage);

/// What a rule of the stage machine means, for people, in the current translation.
QString stageRuleText(const std::string& rule);

/// Move a project to another stage, with the same rules as `landbank ledger move`: the rule a move
/// breaks is shown as soon as the stage is chosen; only "skipped", "backwards" and "reopen_dropped"
/// can be overridden, through the explicit "force" check box, and the history flags such a move.
class StageMoveDialog : public QDialog {
  Q_OBJECT
 public:
  using Apply = std::function<void(const StageMoveRequest&)>;
  StageMoveDialog(const std::string& projectId, const std::string& projectName, const std::string& currentStage, const std::string& today,
                  Language language, Apply apply, QWidget* parent = nullptr);

  /// The request the fields describe now.
  StageMoveRequest request() const;
  /// Chooses the target stage by code (tests; the combo box otherwise).
  bool chooseStage(const std::string& stage);
  /// The rule the chosen move breaks (empty when allowed), as the engine's stageMoveRule() says.
  std::string pendingRule() const { return m_pendingRule; }
  /// The text shown for a refusal (empty before one).
  QString refusal() const;

  void accept() override;

 private:
  void updateRule();
  std::string m_projectId, m_currentStage;
  std::string m_pendingRule;
  Apply m_apply;
  QComboBox* m_stage;
  QDateEdit* m_date;
  QLineEdit* m_note;
  QLineEdit* m_reason;
  QLineEdit* m_parcel;
  QLineEdit* m_building;
  QDoubleSpinBox* m_floor;
  QCheckBox* m_force;
  QLabel* m_rule;
  QLabel* m_error;
  Language m_language;  ///< of the engine's refusals shown in m_error
  QDialogButtonBox* m_buttons;
};

/// Log a problem that blocks a project (`landbank ledger problem add`).
class ProblemDialog : public QDialog {
  Q_OBJECT
 public:
  using Apply = std::function<std::string(const ProblemInput&)>;  ///< returns the new problem's id
  ProblemDialog(const std::string& projectId, const std::string& today, Language language, Apply apply, QWidget* parent = nullptr);
  ProblemInput input() const;
  /// The id the engine gave the problem after OK (empty before).
  const std::string& createdId() const { return m_created; }
  void accept() override;

 private:
  std::string m_projectId, m_created;
  Apply m_apply;
  QComboBox* m_category;
  QLineEdit* m_dept;
  QPlainTextEdit* m_text;
  QDateEdit* m_opened;
  QCheckBox* m_hasDue;
  QDateEdit* m_due;
  QLabel* m_error;
  Language m_language;  ///< of the engine's refusals shown in m_error
};

/// Resolve an open problem (`landbank ledger problem resolve ID --resolution TEXT`).
class ResolveProblemDialog : public QDialog {
  Q_OBJECT
 public:
  using Apply = std::function<void(const std::string& problemId, const std::string& date, const std::string& resolution)>;
  ResolveProblemDialog(const Problem& problem, const std::string& today, Language language, Apply apply, QWidget* parent = nullptr);
  void accept() override;

 private:
  std::string m_problemId;
  Apply m_apply;
  QDateEdit* m_date;
  QLineEdit* m_resolution;
  QLabel* m_error;
  Language m_language;  ///< of the engine's refusals shown in m_error
};

}  // namespace landbank::viewer
