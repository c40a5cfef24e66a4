#pragma once
// Projects panel: incoming investment projects with stage and sector filters; "Match" runs the
// engine's matching (landbank/matching.h) and lists the ranked candidates with their criteria; the
// selected project's evaluation (grade and five dimensions) and the engine's "why not" for a
// clicked parcel are shown below.

#include <QWidget>

#include <string>
#include <vector>

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

 signals:
  void projectSelected(std::string id);
  void matchRequested(std::string projectId);
  void candidateSelected(std::string parcelId, bool isBuilding);

 private:
  void refill();
  const render::FeatureSnapshot* m_snapshot = nullptr;
  bool m_chinese = true;
  QComboBox* m_stage;
  QComboBox* m_sector;
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
