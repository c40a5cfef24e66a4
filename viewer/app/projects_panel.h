#pragma once
// Projects panel: incoming investment projects with stage and sector filters; "Match" runs the
// engine's matching (landbank/matching.h) and lists the ranked candidates with their criteria; the
// selected project's evaluation (grade and five dimensions) and the engine's "why not" for a
// clicked parcel are shown below.

#include <QWidget>

#include <map>
#include <string>
#include <vector>

#include "app/ledger_overview.h"

class QCheckBox;
class QSpinBox;
class QTreeWidget;
class QComboBox;
class QPushButton;
class QLabel;
class QTextEdit;

namespace landbank {
struct MatchResult;
struct EvaluationResult;
struct WhyResult;
}  // namespace landbank

namespace landbank::render {
class FeatureSnapshot;
}

namespace landbank::viewer {

class ProjectsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ProjectsPanel(QWidget* parent = nullptr);
  void setSnapshot(const render::FeatureSnapshot* snapshot, bool chinese);
  void retranslate();
  bool selectProject(const std::string& id);
  std::string selectedProject() const;
  void showMatch(const MatchResult& result);
  void showEvaluation(const EvaluationResult& result);
  void showWhy(const WhyResult& result);
  void clearMatch();
  /// Candidate ids in rank order as listed (tests compare them with `landbank match`).
  std::vector<std::string> listedCandidates() const;
  bool selectCandidate(const std::string& id);
  void setMatchEnabled(bool enabled);
  /// The ledger's flags of every project (stalled, overdue, grade): shown in the list and used by the
  /// "stalled" and "overdue" filters.
  void setLedgerFlags(std::map<std::string, ProjectLedgerFlags> flags);
  /// Days without a stage change from which a project counts as stalled (the spin box).
  int stalledDays() const;
  /// The filters as a user sets them (tests; the widgets otherwise). `stage` empty: all stages.
  void setFilters(const std::string& stage, bool stalledOnly, bool overdueOnly);
  /// Project ids as listed, in order.
  std::vector<std::string> listedProjects() const;

 signals:
  void projectSelected(std::string id);
  void matchRequested(std::string projectId);
  void candidateSelected(std::string parcelId, bool isBuilding);
  void stalledDaysChanged(int days);

 private:
  void refill();
  const render::FeatureSnapshot* m_snapshot = nullptr;
  bool m_chinese = true;
  QComboBox* m_stage;
  QComboBox* m_sector;
  QCheckBox* m_stalledOnly;
  QSpinBox* m_stalledDays;
  QCheckBox* m_overdueOnly;
  std::map<std::string, ProjectLedgerFlags> m_flags;
  QTreeWidget* m_list;
  QPushButton* m_match;
  QTreeWidget* m_candidates;
  QTextEdit* m_details;
  QString m_evaluationHtml;
  QString m_candidateHtml;
  std::vector<std::string> m_candidateIds;
  std::vector<QString> m_criteriaHtml;
  bool m_matchEnabled = false;
};

}  // namespace landbank::viewer
