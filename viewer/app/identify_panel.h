#pragma once
// Identify panel: every feature under the clicked point, each with its full record.

#include <QWidget>

#include <vector>

#include "app/identify_report.h"
#include "render/map_settings.h"

class QTreeWidget;
class QPushButton;
class QLabel;

namespace landbank::viewer {

class IdentifyPanel : public QWidget {
  Q_OBJECT
 public:
  explicit IdentifyPanel(QWidget* parent = nullptr);
  void showReports(std::vector<FeatureReport> reports, render::MapLanguage language);
  const std::vector<FeatureReport>& reports() const { return m_reports; }
  /// The feature selected in the list (the first one after a click), if any.
  std::optional<render::FeatureRef> selected() const;
  /// The parcel the status edit acts on: the selected feature when it is a parcel, else the first
  /// parcel identified (so the edit is ready from the first click, whatever is listed first).
  std::optional<std::string> editableParcel() const;
  QTreeWidget* tree() const { return m_tree; }
  void retranslate();

 signals:
  void featureSelected(render::FeatureRef feature);
  void editStatusRequested(std::string parcelId);

 private:
  void rebuild();
  QLabel* m_hint;
  QTreeWidget* m_tree;
  QPushButton* m_editStatus;
  std::vector<FeatureReport> m_reports;
  render::MapLanguage m_language = render::MapLanguage::Chinese;
};

}  // namespace landbank::viewer
