#pragma once
// Projects panel: incoming investment projects with stage and sector filters. Matching is the
// engine's (landbank/matching.h); until it is part of this build the Match button is disabled and
// says so, never a made-up ranking.

#include <QWidget>

#include <string>
#include <vector>

class QTreeWidget;
class QComboBox;
class QPushButton;
class QLabel;

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
  bool matchAvailable() const;

 signals:
  void projectSelected(std::string id);

 private:
  void refill();
  const render::FeatureSnapshot* m_snapshot = nullptr;
  bool m_chinese = true;
  QComboBox* m_stage;
  QComboBox* m_sector;
  QTreeWidget* m_list;
  QPushButton* m_match;
  QLabel* m_details;
};

}  // namespace landbank::viewer
