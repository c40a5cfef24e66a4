#pragma once
// Ledger panel (项目推进台账) of the selected project: its stage and how long it has stood there,
// the timeline (stage moves with date, who and note, forced ones flagged; problems; visits; capital
// increases; results), the problems with the open ones first, and the agreement's commitments
// against each year's results with the 亩均 grade. Buttons ask the main window for the dialogs
// (stage move, new problem, resolve); the panel itself reads and writes nothing.

#include <QWidget>

#include <optional>
#include <string>
#include <vector>

#include "app/ledger_overview.h"
#include "landbank/follow_through.h"
#include "landbank/ledger.h"

class QLabel;
class QPushButton;
class QTabWidget;
class QTreeWidget;

namespace landbank::viewer {

class LedgerPanel : public QWidget {
  Q_OBJECT
 public:
  explicit LedgerPanel(QWidget* parent = nullptr);
  /// Shows one project's ledger; `grades` are its follow-through grades, one per year with results.
  void showLedger(ProjectLedger ledger, std::vector<FollowThroughGrade> grades, std::optional<ProjectLedgerFlags> flags, Language language);
  void clear();
  void retranslate();
  const std::string& projectId() const { return m_ledger.projectId; }
  const ProjectLedger& ledger() const { return m_ledger; }
  /// The problem selected in the problems list, when it is open.
  std::optional<Problem> selectedOpenProblem() const;
  bool selectProblem(const std::string& problemId);
  QTreeWidget* timeline() const { return m_timeline; }
  QTreeWidget* problems() const { return m_problems; }
  QTreeWidget* results() const { return m_results; }
  QPushButton* moveButton() const { return m_move; }
  QPushButton* addProblemButton() const { return m_addProblem; }
  QPushButton* resolveButton() const { return m_resolve; }

 signals:
  void moveStageRequested(std::string projectId);
  void addProblemRequested(std::string projectId);
  void resolveProblemRequested(std::string problemId);

 private:
  void rebuild();
  ProjectLedger m_ledger;
  std::vector<FollowThroughGrade> m_grades;
  std::optional<ProjectLedgerFlags> m_flags;
  Language m_language = Language::Chinese;
  QLabel* m_heading;
  QPushButton* m_move;
  QPushButton* m_addProblem;
  QPushButton* m_resolve;
  QTabWidget* m_tabs;
  QTreeWidget* m_timeline;
  QTreeWidget* m_problems;
  QTreeWidget* m_results;
  QLabel* m_shortfalls;
};

}  // namespace landbank::viewer
