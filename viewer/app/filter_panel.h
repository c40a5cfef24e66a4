#pragma once
// The parcel query filters of the command line as a form; applied to the map as a parcel filter.

#include <QWidget>

#include <memory>
#include <string>
#include <unordered_set>

#include "landbank/language.h"

class QListWidget;
class QComboBox;
class QLineEdit;
class QPushButton;
class QLabel;
class QFormLayout;

namespace landbank::render {
class FeatureSnapshot;
}

namespace landbank::viewer {

class FilterPanel : public QWidget {
  Q_OBJECT
 public:
  explicit FilterPanel(QWidget* parent = nullptr);
  void setSnapshot(const render::FeatureSnapshot* snapshot, bool chinese);
  /// Parcels passing the form (null when the filter is off). Throws landbank::Error(Usage) for a bad area.
  std::shared_ptr<const std::unordered_set<std::string>> matchingParcels() const;
  void retranslate();
  /// For tests and scripting: tick exactly these statuses.
  void setStatuses(const std::vector<std::string>& statuses);

 signals:
  void applied();
  void cleared();

 private:
  const render::FeatureSnapshot* m_snapshot = nullptr;
  QFormLayout* m_form;
  QListWidget* m_status;
  QComboBox* m_landUse;
  QLineEdit* m_minArea;
  QLineEdit* m_maxArea;
  QComboBox* m_subdistrict;
  QPushButton* m_apply;
  QPushButton* m_clear;
  QLabel* m_result;
  bool m_active = false;
  Language m_language = Language::Chinese;  ///< of the engine's errors shown here (follows setSnapshot)
};

}  // namespace landbank::viewer
