#pragma once
// Plan panel: the allocation plan of `landbank allocate` (landbank/allocation.h) in the viewer. The
// table lists every open project with its assigned site, score, its own best site and the regret;
// unplaced projects with the reason. What-if rounds: pin a project to a site, forbid a site to it,
// or hold a site out of the round from the table's context menu, and the plan is solved again.
// The panel only holds the what-ifs and shows plans; the main window solves through the engine.

#include <QWidget>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "landbank/allocation.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace landbank::viewer {

class PlanPanel : public QWidget {
  Q_OBJECT
 public:
  explicit PlanPanel(QWidget* parent = nullptr);
  void retranslate();

  /// The priority classes' labels from the rule pack (`allocation.classes[].label`), shown in Chinese.
  void setClassLabels(std::map<std::string, std::string> labels);
  /// Shows a solved plan; `language` for the class labels.
  void showPlan(const AllocationPlan& plan, Language language);
  void clearPlan();
  bool hasPlan() const { return m_hasPlan; }
  const AllocationPlan& plan() const { return m_plan; }

  /// The what-ifs of the next round, as the table's menu sets them (tests set them directly).
  AllocationObjective objective() const;
  void setObjective(AllocationObjective objective);
  /// Whether assemblies of adjacent parcels join the options (`allocate --assemble`).
  bool assemble() const;
  void setAssemble(bool on);
  const std::vector<std::pair<std::string, std::string>>& pins() const { return m_pins; }
  const std::vector<std::pair<std::string, std::string>>& forbids() const { return m_forbids; }
  const std::vector<std::string>& holds() const { return m_holds; }
  void addPin(const std::string& project, const std::string& site);
  void addForbid(const std::string& project, const std::string& site);
  void addHold(const std::string& site);
  /// Drops the last what-if (after a round the engine refused, e.g. a pin that is not a candidate).
  void dropLastWhatIf();
  void clearWhatIfs();

  /// "PROJECT=SITE" per assigned project and "PROJECT=" per unplaced one, in table order (tests).
  std::vector<std::string> listedRows() const;
  /// Selects a project's row (as a click does) and emits projectSelected. False when not listed.
  bool selectProject(const std::string& project);

 signals:
  /// Solve again with the panel's objective and what-ifs.
  void runRequested();
  void exportRequested();
  /// A row was selected: the project and its site (empty when unplaced).
  void projectSelected(std::string project, std::string site);

 private:
  enum class WhatIf { Pin, Forbid, Hold };
  void showWhatIfs();
  void showMenu(const QPoint& position);
  void askPinElsewhere(const std::string& project);

  QComboBox* m_objective;
  QCheckBox* m_assemble;
  QPushButton* m_run;
  QPushButton* m_export;
  QPushButton* m_clear;
  QLabel* m_summary;
  QLabel* m_whatIfText;
  QTreeWidget* m_table;
  AllocationPlan m_plan;
  bool m_hasPlan = false;
  Language m_language = Language::Chinese;
  std::map<std::string, std::string> m_classLabels;
  std::vector<std::pair<std::string, std::string>> m_pins;
  std::vector<std::pair<std::string, std::string>> m_forbids;
  std::vector<std::string> m_holds;
  std::vector<WhatIf> m_order;  ///< the what-ifs in the order they were added (for dropLastWhatIf)
};

}  // namespace landbank::viewer
