#pragma once
// The viewer's main window: the map canvas in the middle, panels docked around it, tools in a
// toolbar, the search box, and the status bar with the cursor position in WGS84 and the database CRS.

#include <QMainWindow>

#include <filesystem>
#include <memory>
#include <optional>

#include "app/identify_report.h"
#include "app/ledger_overview.h"
#include "landbank/allocation.h"
#include "landbank/crs.h"
#include "landbank/edits.h"
#include "landbank/error.h"
#include "landbank/matching.h"
#include "landbank/rulepack.h"
#include "landbank/store.h"
#include "render/map_settings.h"

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QToolBar;
class QTranslator;

namespace landbank::viewer {

class MapCanvas;
class LayersPanel;
class IdentifyPanel;
class FilterPanel;
class ProjectsPanel;
class LedgerPanel;
class PlanPanel;
class PanTool;
class ZoomBoxTool;
class IdentifyTool;
class MeasureTool;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  MainWindow();
  ~MainWindow() override;

  /// Opens a database (read-write, so the status edit works) and shows it. Throws landbank::Error.
  void openDatabase(const std::filesystem::path& path);
  /// "zh_CN" or "en": installs the translation and retranslates every text, map labels included.
  void setLanguage(const QString& language);
  /// The language of the engine's texts (zh_CN or en, as setLanguage chose).
  Language engineLanguage() const;
  /// An engine error for a dialog or the status bar, in the viewer's language.
  QString errorText(const Error& error) const;
  QString language() const { return m_language; }
  /// The open database's CRS ("EPSG:4549"); empty when none is open.
  std::string databaseCrs() const { return m_store ? m_store->databaseCrs() : std::string(); }

  MapCanvas* canvas() const { return m_canvas; }
  LayersPanel* layersPanel() const { return m_layers; }
  IdentifyPanel* identifyPanel() const { return m_identify; }
  FilterPanel* filterPanel() const { return m_filter; }
  ProjectsPanel* projectsPanel() const { return m_projects; }
  LedgerPanel* ledgerPanel() const { return m_ledger; }
  PlanPanel* planPanel() const { return m_planPanel; }
  QMenuBar* menus() const;

  /// Identifies at a map point (what a click with the identify tool does).
  /// `first`, when under the point, is listed (and selected) first: the searched feature.
  void identifyAt(EastingNorthing point, double toleranceMetres, std::optional<render::FeatureRef> first = std::nullopt);
  void identifyAtLonLat(LonLat point);
  /// Finds a parcel/park/building/project/facility by id or name; zooms and highlights. False if none.
  bool search(const QString& text);
  /// Sets a parcel's status through the engine (no dialog; the menu action asks first).
  StatusChange setParcelStatus(const std::string& parcelId, const std::string& status);
  /// Adds (or replaces) the raster basemap drawn beneath the layers, warped to the database CRS.
  /// Throws landbank::Error when no database is open or GDAL cannot use the file.
  void addBasemap(const std::filesystem::path& path);
  void selectProject(const std::string& id);
  /// Runs the engine's matching for a project (top 20), lists and draws the ranked candidates.
  MatchResult matchProject(const std::string& projectId);

  /// Solves the allocation plan of the open projects (`landbank allocate`) with the plan panel's
  /// objective and what-ifs, shows it in the panel and draws it on the map. Throws landbank::Error
  /// (an unknown site in a pin, conflicting pins) and then leaves the panel and the map as they were.
  AllocationPlan runPlan();
  /// Raises the plan panel and solves (runPlan), zooming to the assigned sites.
  void showPlan();
  /// Writes the shown plan as `landbank allocate` does, by the extension: .csv, .geojson or .json.
  /// Atomic; throws landbank::Error (no plan yet, an unknown extension, an unwritable folder).
  void exportPlan(const std::filesystem::path& path);

  /// Who the audit rows of this window's writes name (the CLI's --user); empty: $LANDBANK_USER, $USER.
  void setAuditUser(const std::string& user);
  /// The ledger's business date ("YYYY-MM-DD") for stalled/overdue and the dialogs' default dates;
  /// empty: $LANDBANK_TODAY, else the calendar (landbank::ledgerToday). Throws Error(BadValue).
  void setLedgerToday(const std::string& today);
  const std::string& ledgerToday() const { return m_today; }
  /// Shows a project's ledger in the ledger panel (and raises it).
  void showLedger(const std::string& projectId);
  /// The ledger's dialogs, as the panel's buttons open them; each write goes through the engine
  /// (one transaction with its audit row) and the map, the lists and the panel follow.
  void askStageMove(const std::string& projectId);
  void askNewProblem(const std::string& projectId);
  void askResolveProblem(const std::string& problemId);
  /// Projects on the map coloured by stage or by their latest follow-through grade.
  void setProjectStyling(render::ProjectStyling styling);
  const std::map<std::string, ProjectLedgerFlags>& ledgerFlags() const { return m_flags; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void buildActions();
  void buildPanels();
  void retranslate();
  void reloadSnapshot();
  void settingsFromPanels();
  void highlight(std::vector<render::FeatureRef> features);
  void askParcelStatus(const std::string& parcelId);
  void showCursor(EastingNorthing position);
  const RulePack& rulePack();
  void refreshLedger();
  void afterLedgerWrite(const std::string& projectId);
  void runPlanFromPanel();
  void showPlanSelection(const std::string& project, const std::string& site);

  const MatchEngine& matchEngine();
  void showEvaluation(const std::string& projectId);

  std::optional<Store> m_store;
  std::unique_ptr<MatchEngine> m_engine;  ///< built on first use; declared after m_store, destroyed before it
  std::string m_matchedProject;
  std::string m_evaluatedProject;  ///< shown in the projects panel; evaluated again when the language changes
  std::unique_ptr<ProjectedToLonLat> m_lonLat;
  QString m_language = QStringLiteral("zh_CN");
  std::unique_ptr<QTranslator> m_translator;
  std::unique_ptr<QTranslator> m_qtTranslator;  ///< Qt's own texts (OK, Cancel, Yes, No) from qt6-translations-l10n
  std::unique_ptr<RulePack> m_rules;
  std::string m_auditUser;
  std::string m_today;
  std::map<std::string, ProjectLedgerFlags> m_flags;

  MapCanvas* m_canvas;
  LayersPanel* m_layers;
  IdentifyPanel* m_identify;
  FilterPanel* m_filter;
  ProjectsPanel* m_projects;
  LedgerPanel* m_ledger;
  PlanPanel* m_planPanel;
  QDockWidget* m_planDock;
  QDockWidget* m_ledgerDock;
  QDockWidget* m_layersDock;
  QDockWidget* m_identifyDock;
  QDockWidget* m_filterDock;
  QDockWidget* m_projectsDock;
  QLineEdit* m_search;
  QLabel* m_positionLabel;
  QLabel* m_scaleLabel;
  QLabel* m_measureLabel;
  QToolBar* m_toolbar;

  PanTool* m_panTool;
  ZoomBoxTool* m_zoomTool;
  IdentifyTool* m_identifyTool;
  MeasureTool* m_distanceTool;
  MeasureTool* m_areaTool;

  QMenu* m_fileMenu;
  QMenu* m_viewMenu;
  QMenu* m_toolsMenu;
  QMenu* m_editMenu;
  QMenu* m_languageMenu;
  QMenu* m_zoomLayerMenu;
  QAction* m_openAction;
  QAction* m_basemapAction;
  QAction* m_quitAction;
  QAction* m_fullExtentAction;
  QAction* m_zoomSelectionAction;
  QAction* m_statusByStatus;
  QAction* m_statusByLandUse;
  QAction* m_projectsByStage;
  QAction* m_projectsByGrade;
  QAction* m_labelsAction;
  QAction* m_panAction;
  QAction* m_zoomBoxAction;
  QAction* m_identifyAction;
  QAction* m_distanceAction;
  QAction* m_areaAction;
  QAction* m_editStatusAction;
  QAction* m_planAction;
  QAction* m_chineseAction;
  QAction* m_englishAction;
};

}  // namespace landbank::viewer
