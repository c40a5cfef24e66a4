#include "app/main_window.h"

#include <QActionGroup>
#include <QDate>
#include <QApplication>
#include <QDockWidget>
#include <QEvent>
#include <QFileDialog>
#include <QInputDialog>
#include <QLibraryInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QToolBar>
#include <QTranslator>

#include "app/filter_panel.h"
#include "app/identify_panel.h"
#include "app/layers_panel.h"
#include "app/ledger_dialogs.h"
#include "app/ledger_panel.h"
#include "app/map_canvas.h"
#include "app/map_tools.h"
#include "app/plan_panel.h"
#include "app/projects_panel.h"
#include "app/text_format.h"
#include "landbank/error.h"
#include "landbank/evaluation.h"
#include "landbank/features.h"
#include "landbank/follow_through.h"
#include "landbank/ledger.h"
#include "landbank/rulepack.h"
#include "landbank/output_file.h"
#include "landbank/units.h"
#include "render/basemap.h"
#include "render/feature_snapshot.h"
#include "render/styles.h"

namespace landbank::viewer {

namespace {

constexpr Layer kSearchOrder[] = {Layer::Parcels, Layer::Parks, Layer::Buildings, Layer::Projects, Layer::Facilities, Layer::Constraints, Layer::Boundaries,
                                  Layer::Places,  Layer::Roads, Layer::Water};

/// Identify lists the most specific layer first (lower rank first).
int identifyRank(Layer layer) {
  switch (layer) {
    case Layer::Projects: return 0;
    case Layer::Facilities: return 1;
    case Layer::Buildings: return 2;
    case Layer::Parcels: return 3;
    case Layer::Parks: return 4;
    case Layer::Constraints: return 5;
    case Layer::Boundaries: return 6;
    case Layer::Places: return 7;
    case Layer::Roads: return 8;
    case Layer::Water: return 9;
  }
  return 10;
}

}  // namespace

MainWindow::MainWindow() {
  try {
    m_today = landbank::ledgerToday();
  } catch (const Error&) {  // a malformed $LANDBANK_TODAY: the calendar's date (--today still checks)
    m_today = QDate::currentDate().toString(Qt::ISODate).toStdString();
  }
  m_canvas = new MapCanvas(this);
  setCentralWidget(m_canvas);
  m_panTool = new PanTool(m_canvas);
  m_zoomTool = new ZoomBoxTool(m_canvas);
  m_identifyTool = new IdentifyTool(m_canvas);
  m_distanceTool = new MeasureTool(m_canvas, MeasureTool::Mode::Distance);
  m_areaTool = new MeasureTool(m_canvas, MeasureTool::Mode::Area);
  buildPanels();
  buildActions();
  m_positionLabel = new QLabel(this);
  m_scaleLabel = new QLabel(this);
  m_measureLabel = new QLabel(this);
  statusBar()->addWidget(m_positionLabel, 1);
  statusBar()->addPermanentWidget(m_measureLabel);
  statusBar()->addPermanentWidget(m_scaleLabel);

  connect(m_canvas, &MapCanvas::cursorMoved, this, &MainWindow::showCursor);
  connect(m_canvas, &MapCanvas::extentChanged, this, [this] {
    m_scaleLabel->setText(tr("Scale 1:%1").arg(std::llround(m_canvas->settings().scaleDenominator())));
  });
  connect(m_identifyTool, &IdentifyTool::identifyRequested, this, [this](EastingNorthing point, double tolerance) { identifyAt(point, tolerance); });
  for (MeasureTool* tool : {m_distanceTool, m_areaTool})
    connect(tool, &MeasureTool::measured, this, [this, tool](double value, bool) {
      if (tool->mode() == MeasureTool::Mode::Distance) m_measureLabel->setText(tr("Distance: %1 m").arg(value, 0, 'f', 1));
      else m_measureLabel->setText(tr("Area: %1 m² = %2 mu").arg(value, 0, 'f', 0).arg(squareMetresToMu(value), 0, 'f', 2));
    });
  m_canvas->setTool(m_identifyTool);
  m_identifyAction->setChecked(true);
  resize(1500, 950);
  setLanguage(QStringLiteral("zh_CN"));  // Chinese planners first; English from the menu or --lang en
}

MainWindow::~MainWindow() {
  if (m_translator) QApplication::removeTranslator(m_translator.get());
}

QMenuBar* MainWindow::menus() const { return menuBar(); }

void MainWindow::buildPanels() {
  m_layers = new LayersPanel(this);
  m_identify = new IdentifyPanel(this);
  m_filter = new FilterPanel(this);
  m_projects = new ProjectsPanel(this);
  m_ledger = new LedgerPanel(this);
  m_planPanel = new PlanPanel(this);
  auto dock = [this](QWidget* panel, Qt::DockWidgetArea area, const char* name) {
    auto* widget = new QDockWidget(this);
    widget->setObjectName(QString::fromLatin1(name));
    widget->setWidget(panel);
    addDockWidget(area, widget);
    return widget;
  };
  m_layersDock = dock(m_layers, Qt::LeftDockWidgetArea, "layers");
  m_filterDock = dock(m_filter, Qt::LeftDockWidgetArea, "filter");
  m_identifyDock = dock(m_identify, Qt::RightDockWidgetArea, "identify");
  m_projectsDock = dock(m_projects, Qt::RightDockWidgetArea, "projects");
  m_ledgerDock = dock(m_ledger, Qt::RightDockWidgetArea, "ledger");
  m_planDock = dock(m_planPanel, Qt::RightDockWidgetArea, "plan");
  tabifyDockWidget(m_layersDock, m_filterDock);
  tabifyDockWidget(m_identifyDock, m_ledgerDock);
  tabifyDockWidget(m_projectsDock, m_planDock);
  m_planDock->hide();  // until a plan is asked for (Tools menu, --plan): the map keeps its room
  m_projectsDock->raise();
  m_layersDock->raise();
  m_identifyDock->raise();
  resizeDocks({m_layersDock, m_identifyDock}, {300, 400}, Qt::Horizontal);
  resizeDocks({m_identifyDock, m_projectsDock}, {480, 470}, Qt::Vertical);

  connect(m_layers, &LayersPanel::changed, this, &MainWindow::settingsFromPanels);
  connect(m_filter, &FilterPanel::applied, this, &MainWindow::settingsFromPanels);
  connect(m_filter, &FilterPanel::cleared, this, &MainWindow::settingsFromPanels);
  connect(m_identify, &IdentifyPanel::featureSelected, this, [this](const render::FeatureRef& ref) { highlight({ref}); });
  connect(m_identify, &IdentifyPanel::editStatusRequested, this, &MainWindow::askParcelStatus);
  connect(m_ledger, &LedgerPanel::moveStageRequested, this, &MainWindow::askStageMove);
  connect(m_ledger, &LedgerPanel::addProblemRequested, this, &MainWindow::askNewProblem);
  connect(m_ledger, &LedgerPanel::resolveProblemRequested, this, &MainWindow::askResolveProblem);
  connect(m_planPanel, &PlanPanel::runRequested, this, &MainWindow::runPlanFromPanel);
  connect(m_planPanel, &PlanPanel::projectSelected, this, &MainWindow::showPlanSelection);
  connect(m_planPanel, &PlanPanel::exportRequested, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export plan"), QStringLiteral("plan.csv"),
                                                      tr("CSV (*.csv);;GeoJSON (*.geojson);;JSON (*.json)"));
    if (path.isEmpty()) return;
    try {
      exportPlan(path.toStdString());
      statusBar()->showMessage(tr("Plan written to %1").arg(path), 5000);
    } catch (const Error& error) {
      QMessageBox::warning(this, tr("Export plan"), errorText(error));
    }
  });
  connect(m_projects, &ProjectsPanel::stalledDaysChanged, this, [this] { refreshLedger(); });
  connect(m_projects, &ProjectsPanel::matchRequested, this, [this](const std::string& id) {
    try {
      matchProject(id);
    } catch (const Error& error) {
      QMessageBox::warning(this, tr("Match"), errorText(error));
    }
  });
  connect(m_projects, &ProjectsPanel::candidateSelected, this, [this](const std::string& id, bool isBuilding) {
    const Layer layer = isBuilding ? Layer::Buildings : Layer::Parcels;
    m_canvas->zoomToFeature(layer, id);
    highlight({{layer, id}});
  });
  connect(m_projects, &ProjectsPanel::projectSelected, this, [this](const std::string& id) {
    if (id != m_matchedProject) {
      m_matchedProject.clear();
      m_projects->clearMatch();
      render::MapSettings next = m_canvas->settings();
      next.rankedSites.clear();
      m_canvas->setSettings(next);
    }
    showEvaluation(id);
    showLedger(id);
    highlight({{Layer::Projects, id}});
    const render::MapFeature* project = m_canvas->snapshot() ? m_canvas->snapshot()->find(Layer::Projects, id) : nullptr;
    if (project && project->kind != render::ShapeKind::None) m_canvas->zoomToFeature(Layer::Projects, id);
  });
}

void MainWindow::buildActions() {
  m_fileMenu = menuBar()->addMenu(QString());
  m_openAction = m_fileMenu->addAction(QString(), this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open database"), QString(), tr("Landbank database (*.sqlite *.db);;All files (*)"));
    if (path.isEmpty()) return;
    try {
      openDatabase(path.toStdString());
    } catch (const Error& error) {
      QMessageBox::critical(this, tr("Open database"), errorText(error));
    }
  });
  m_openAction->setShortcut(QKeySequence::Open);
  m_basemapAction = m_fileMenu->addAction(QString(), this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Add basemap"), QString(),
                                                      tr("Rasters (*.tif *.tiff *.mbtiles *.gpkg *.jp2 *.png *.jpg *.vrt);;All files (*)"));
    if (path.isEmpty()) return;
    try {
      addBasemap(path.toStdString());
    } catch (const Error& error) {
      QMessageBox::critical(this, tr("Add basemap"), errorText(error));
    }
  });
  m_fileMenu->addSeparator();
  m_quitAction = m_fileMenu->addAction(QString(), this, &QWidget::close);
  m_quitAction->setShortcut(QKeySequence::Quit);

  m_viewMenu = menuBar()->addMenu(QString());
  m_fullExtentAction = m_viewMenu->addAction(QString(), m_canvas, &MapCanvas::zoomToFullExtent);
  m_fullExtentAction->setShortcut(Qt::CTRL | Qt::Key_0);
  m_zoomLayerMenu = m_viewMenu->addMenu(QString());
  for (const LayerSpec& spec : allLayerSpecs()) {
    QAction* action = m_zoomLayerMenu->addAction(QString(), this, [this, layer = spec.layer] { m_canvas->zoomToLayer(layer); });
    action->setData(static_cast<int>(spec.layer));
  }
  m_zoomSelectionAction = m_viewMenu->addAction(QString(), this, [this] {
    if (!m_canvas->settings().highlighted.empty()) {
      const render::FeatureRef ref = m_canvas->settings().highlighted.front();
      m_canvas->zoomToFeature(ref.layer, ref.id);
    }
  });
  m_viewMenu->addSeparator();
  auto* styling = new QActionGroup(this);
  m_statusByStatus = m_viewMenu->addAction(QString());
  m_statusByLandUse = m_viewMenu->addAction(QString());
  for (QAction* action : {m_statusByStatus, m_statusByLandUse}) {
    action->setCheckable(true);
    styling->addAction(action);
  }
  m_statusByStatus->setChecked(true);
  m_viewMenu->addSeparator();
  auto* projectStyling = new QActionGroup(this);
  m_projectsByStage = m_viewMenu->addAction(QString());
  m_projectsByGrade = m_viewMenu->addAction(QString());
  for (QAction* action : {m_projectsByStage, m_projectsByGrade}) {
    action->setCheckable(true);
    projectStyling->addAction(action);
  }
  m_projectsByStage->setChecked(true);
  connect(projectStyling, &QActionGroup::triggered, this, [this](QAction* action) {
    setProjectStyling(action == m_projectsByStage ? render::ProjectStyling::Stage : render::ProjectStyling::Grade);
  });
  connect(styling, &QActionGroup::triggered, this, [this](QAction* action) {
    render::MapSettings next = m_canvas->settings();
    next.styling = action == m_statusByStatus ? render::ParcelStyling::Status : render::ParcelStyling::LandUse;
    m_canvas->setSettings(next);
    m_layers->showSettings(next, m_canvas->snapshot());
  });
  m_labelsAction = m_viewMenu->addAction(QString());
  m_labelsAction->setCheckable(true);
  m_labelsAction->setChecked(true);
  connect(m_labelsAction, &QAction::toggled, this, [this](bool on) {
    render::MapSettings next = m_canvas->settings();
    next.labels = on;
    m_canvas->setSettings(next);
  });

  m_toolsMenu = menuBar()->addMenu(QString());
  auto* tools = new QActionGroup(this);
  auto toolAction = [&](MapTool* tool) {
    QAction* action = m_toolsMenu->addAction(QString());
    action->setCheckable(true);
    tools->addAction(action);
    connect(action, &QAction::triggered, this, [this, tool] { m_canvas->setTool(tool); });
    return action;
  };
  m_panAction = toolAction(m_panTool);
  m_zoomBoxAction = toolAction(m_zoomTool);
  m_identifyAction = toolAction(m_identifyTool);
  m_distanceAction = toolAction(m_distanceTool);
  m_areaAction = toolAction(m_areaTool);

  m_editMenu = menuBar()->addMenu(QString());
  m_editStatusAction = m_editMenu->addAction(QString(), this, [this] {
    if (const auto parcel = m_identify->editableParcel()) askParcelStatus(*parcel);
    else QMessageBox::information(this, tr("Change parcel status"), tr("Identify a parcel on the map first."));
  });

  m_planAction = m_toolsMenu->addAction(QString(), this, [this] {
    try {
      showPlan();
    } catch (const Error& error) {
      QMessageBox::warning(this, tr("Allocation plan"), errorText(error));
    }
  });

  m_languageMenu = menuBar()->addMenu(QString());
  auto* languages = new QActionGroup(this);
  m_chineseAction = m_languageMenu->addAction(QStringLiteral("中文"), this, [this] { setLanguage(QStringLiteral("zh_CN")); });
  m_englishAction = m_languageMenu->addAction(QStringLiteral("English"), this, [this] { setLanguage(QStringLiteral("en")); });
  for (QAction* action : {m_chineseAction, m_englishAction}) {
    action->setCheckable(true);
    languages->addAction(action);
  }
  m_chineseAction->setChecked(true);

  m_toolbar = addToolBar(QString());
  m_toolbar->setObjectName(QStringLiteral("main"));
  m_toolbar->addAction(m_fullExtentAction);
  m_toolbar->addSeparator();
  for (QAction* action : {m_panAction, m_zoomBoxAction, m_identifyAction, m_distanceAction, m_areaAction}) m_toolbar->addAction(action);
  m_toolbar->addSeparator();
  m_search = new QLineEdit(this);
  m_search->setClearButtonEnabled(true);
  m_search->setMaximumWidth(320);
  m_toolbar->addWidget(m_search);
  connect(m_search, &QLineEdit::returnPressed, this, [this] {
    if (!search(m_search->text())) statusBar()->showMessage(tr("Nothing found for “%1”").arg(m_search->text()), 5000);
  });
}

void MainWindow::retranslate() {
  setWindowTitle(m_store ? tr("Landbank map viewer — %1").arg(QString::fromStdString(m_store->path().filename().string())) : tr("Landbank map viewer"));
  m_fileMenu->setTitle(tr("&File"));
  m_openAction->setText(tr("&Open database…"));
  m_basemapAction->setText(tr("Add &basemap…"));
  m_quitAction->setText(tr("&Quit"));
  m_viewMenu->setTitle(tr("&View"));
  m_fullExtentAction->setText(tr("Full extent"));
  m_zoomLayerMenu->setTitle(tr("Zoom to layer"));
  const auto mapLanguage = m_language == QStringLiteral("en") ? render::MapLanguage::English : render::MapLanguage::Chinese;
  for (QAction* action : m_zoomLayerMenu->actions()) action->setText(render::layerTitle(static_cast<Layer>(action->data().toInt()), mapLanguage));
  m_zoomSelectionAction->setText(tr("Zoom to selection"));
  m_statusByStatus->setText(tr("Colour parcels by status"));
  m_statusByLandUse->setText(tr("Colour parcels by land use"));
  m_projectsByStage->setText(tr("Colour projects by stage"));
  m_projectsByGrade->setText(tr("Colour projects by follow-through grade"));
  m_labelsAction->setText(tr("Labels"));
  m_toolsMenu->setTitle(tr("&Tools"));
  m_panAction->setText(tr("Pan"));
  m_zoomBoxAction->setText(tr("Zoom box"));
  m_identifyAction->setText(tr("Identify"));
  m_distanceAction->setText(tr("Measure distance"));
  m_areaAction->setText(tr("Measure area"));
  m_editMenu->setTitle(tr("&Edit"));
  m_editStatusAction->setText(tr("Change parcel status…"));
  m_languageMenu->setTitle(tr("&Language"));
  m_toolbar->setWindowTitle(tr("Tools"));
  m_search->setPlaceholderText(tr("Search id or name (parcel, park, building, project)"));
  m_layersDock->setWindowTitle(tr("Layers"));
  m_filterDock->setWindowTitle(tr("Filter parcels"));
  m_identifyDock->setWindowTitle(tr("Identify"));
  m_projectsDock->setWindowTitle(tr("Projects"));
  m_ledgerDock->setWindowTitle(tr("Project ledger"));
  m_planDock->setWindowTitle(tr("Allocation plan"));
  m_planAction->setText(tr("Allocation &plan (major projects first)"));
  m_layers->retranslate();
  m_identify->retranslate();
  m_filter->retranslate();
  m_projects->retranslate();
  m_ledger->retranslate();
  m_planPanel->retranslate();
  m_scaleLabel->setText(tr("Scale 1:%1").arg(std::llround(m_canvas->settings().scaleDenominator())));
}

void MainWindow::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QMainWindow::changeEvent(event);
}

void MainWindow::setLanguage(const QString& language) {
  for (auto* translator : {&m_translator, &m_qtTranslator})
    if (*translator) {
      QApplication::removeTranslator(translator->get());
      translator->reset();
    }
  m_language = language == QStringLiteral("en") ? QStringLiteral("en") : QStringLiteral("zh_CN");
  if (m_language == QStringLiteral("zh_CN")) {
    m_translator = std::make_unique<QTranslator>();
    if (m_translator->load(QStringLiteral(":/i18n/landbank_viewer_zh_CN.qm"))) QApplication::installTranslator(m_translator.get());
    // Qt's own texts in dialogs (OK/Cancel, Yes/No, the calendar): qtbase_zh_CN.qm from Debian's
    // qt6-translations-l10n. Without the package they stay English; the viewer still works.
    m_qtTranslator = std::make_unique<QTranslator>();
    if (m_qtTranslator->load(QStringLiteral("qtbase_zh_CN"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
      QApplication::installTranslator(m_qtTranslator.get());
    else
      m_qtTranslator.reset();
  }
  (m_language == QStringLiteral("en") ? m_englishAction : m_chineseAction)->setChecked(true);
  const bool chinese = m_language == QStringLiteral("zh_CN");
  render::MapSettings next = m_canvas->settings();
  next.language = chinese ? render::MapLanguage::Chinese : render::MapLanguage::English;
  m_canvas->setSettings(next);
  m_layers->showSettings(next, m_canvas->snapshot());
  m_filter->setSnapshot(m_canvas->snapshot(), chinese);
  m_projects->setSnapshot(m_canvas->snapshot(), chinese);
  m_identify->showReports(m_identify->reports(), next.language);
  if (!m_evaluatedProject.empty()) showEvaluation(m_evaluatedProject);
  if (!m_ledger->projectId().empty()) showLedger(m_ledger->projectId());  // the engine's reasons in the new language
  retranslate();  // also arrives as LanguageChange; explicit so removing the last translator retranslates too
}

void MainWindow::openDatabase(const std::filesystem::path& path) {
  Store store = Store::open(path, StoreAccess::ReadWrite);
  if (!m_auditUser.empty()) store.setUser(m_auditUser);
  m_engine.reset();  // it refers to the store being replaced
  m_ledger->clear();
  m_planPanel->clearPlan();
  m_planPanel->clearWhatIfs();
  {
    render::MapSettings next = m_canvas->settings();
    next.planLinks.clear();
    m_canvas->setSettings(next);
  }
  m_matchedProject.clear();
  m_evaluatedProject.clear();
  m_lonLat = std::make_unique<ProjectedToLonLat>(store.databaseCrs());
  m_store.emplace(std::move(store));
  // A basemap is warped to the database CRS: warp it to the new database's (or drop it if unusable).
  if (const auto basemap = m_canvas->settings().basemap) {
    render::MapSettings next = m_canvas->settings();
    try {
      next.basemap = render::Basemap::open(basemap->path(), m_store->databaseCrs());
    } catch (const Error&) {
      next.basemap = nullptr;
    }
    m_canvas->setSettings(next);
  }
  reloadSnapshot();
  refreshLedger();
  m_canvas->zoomToFullExtent();
  retranslate();
}

void MainWindow::addBasemap(const std::filesystem::path& path) {
  if (!m_store) throw Error(ErrorCode::Usage, Message{"请先打开数据库，再添加底图", "open a database before adding a basemap"});
  render::MapSettings next = m_canvas->settings();
  next.basemap = render::Basemap::open(path, m_store->databaseCrs());
  next.basemapVisible = true;
  next.basemapOpacity = 1.0;
  m_canvas->setSettings(next);
  m_layers->showSettings(next, m_canvas->snapshot());
}

void MainWindow::reloadSnapshot() {
  if (!m_store) return;
  m_canvas->setSnapshot(render::FeatureSnapshot::load(*m_store));
  const bool chinese = m_language == QStringLiteral("zh_CN");
  m_layers->showSettings(m_canvas->settings(), m_canvas->snapshot());
  m_filter->setSnapshot(m_canvas->snapshot(), chinese);
  m_projects->setSnapshot(m_canvas->snapshot(), chinese);
  m_projects->setMatchEnabled(true);
  settingsFromPanels();
}

void MainWindow::settingsFromPanels() {
  render::MapSettings next = m_canvas->settings();
  const render::ParcelStyling before = next.styling;
  m_layers->applyTo(next);
  try {
    next.parcelFilter = m_filter->matchingParcels();
  } catch (const Error&) {
    next.parcelFilter = nullptr;
  }
  const render::ProjectStyling projectsBefore = m_canvas->settings().projectStyling;
  m_canvas->setSettings(next);
  if (next.styling != before || next.projectStyling != projectsBefore) {
    (next.styling == render::ParcelStyling::Status ? m_statusByStatus : m_statusByLandUse)->setChecked(true);
    (next.projectStyling == render::ProjectStyling::Stage ? m_projectsByStage : m_projectsByGrade)->setChecked(true);
    m_layers->showSettings(next, m_canvas->snapshot());
  }
}

void MainWindow::highlight(std::vector<render::FeatureRef> features) {
  render::MapSettings next = m_canvas->settings();
  next.highlighted = std::move(features);
  m_canvas->setSettings(next);
}

void MainWindow::identifyAt(EastingNorthing point, double toleranceMetres, std::optional<render::FeatureRef> first) {
  if (!m_store || !m_canvas->snapshot()) return;
  const auto hits = m_canvas->snapshot()->featuresAt(QPointF(point.easting, point.northing), toleranceMetres, m_canvas->settings());
  std::vector<render::FeatureHit> ordered(hits.begin(), hits.end());
  // The most specific feature first, whatever the drawing order: what was clicked on (a project,
  // facility or building symbol), then the parcel, then the park around it, the zones, and the
  // boundaries last; the smaller first within a layer (a subdistrict before the district).
  std::ranges::stable_sort(ordered, [](const render::FeatureHit& a, const render::FeatureHit& b) {
    const int ra = identifyRank(a.layer), rb = identifyRank(b.layer);
    if (ra != rb) return ra < rb;
    return a.feature->bounds.width() * a.feature->bounds.height() < b.feature->bounds.width() * b.feature->bounds.height();
  });
  if (first)
    std::ranges::stable_partition(ordered, [&](const render::FeatureHit& hit) { return hit.layer == first->layer && hit.feature->id == first->id; });
  std::vector<FeatureReport> reports;
  for (const render::FeatureHit& hit : ordered) {
    if (reports.size() >= 12) break;
    try {
      reports.push_back(identifyReport(*m_store, hit.layer, hit.feature->id));
    } catch (const Error& error) {
      statusBar()->showMessage(errorText(error), 8000);
    }
  }
  // With a matched project, a clicked parcel gets the engine's verdict: its score or why not.
  if (!m_matchedProject.empty())
    for (const FeatureReport& report : reports)
      if (report.layer == Layer::Parcels) {
        try {
          const ProjectSpec project = ProjectSpec::fromFeature(readFeature(*m_store, Layer::Projects, m_matchedProject));
          MatchOptions options;
          options.language = engineLanguage();
          m_projects->showWhy(matchEngine().why(project, CandidateKind::Parcel, report.record.id, options));
        } catch (const Error& error) {
          statusBar()->showMessage(errorText(error), 8000);
        }
        break;
      }
  m_identify->showReports(std::move(reports), m_canvas->settings().language);
  m_identifyDock->raise();
  if (auto selected = m_identify->selected()) highlight({*selected});
  else highlight({});
}

void MainWindow::identifyAtLonLat(LonLat point) {
  if (!m_lonLat) return;
  identifyAt(m_lonLat->toProjected(point), 5 * m_canvas->settings().metresPerPixel());
}

bool MainWindow::search(const QString& text) {
  const render::FeatureSnapshot* snapshot = m_canvas->snapshot();
  const std::string query = text.trimmed().toStdString();
  if (!snapshot || query.empty()) return false;
  auto show = [this](Layer layer, const render::MapFeature& feature) {
    if (layer == Layer::Projects) selectProject(feature.id);
    if (feature.kind != render::ShapeKind::None) m_canvas->zoomToFeature(layer, feature.id);
    highlight({{layer, feature.id}});
    if (feature.kind != render::ShapeKind::None && feature.kind != render::ShapeKind::Point)
      identifyAt(EastingNorthing::fromMetres(feature.anchor.x(), feature.anchor.y()), 0, render::FeatureRef{layer, feature.id});
    highlight({{layer, feature.id}});  // the identify above highlights the top feature there (a park over a parcel)
    return true;
  };
  // Exact id first (case-insensitive), then exact name, then a name containing the text.
  const QString wanted = text.trimmed();
  for (Layer layer : kSearchOrder)
    for (const render::MapFeature& feature : snapshot->layer(layer).features)
      if (QString::fromStdString(feature.id).compare(wanted, Qt::CaseInsensitive) == 0) return show(layer, feature);
  for (Layer layer : kSearchOrder)
    for (const render::MapFeature& feature : snapshot->layer(layer).features)
      if (feature.name == query) return show(layer, feature);
  for (Layer layer : kSearchOrder)
    for (const render::MapFeature& feature : snapshot->layer(layer).features)
      if (!feature.name.empty() && feature.name.find(query) != std::string::npos) return show(layer, feature);
  return false;
}

StatusChange MainWindow::setParcelStatus(const std::string& parcelId, const std::string& status) {
  if (!m_store) throw Error(ErrorCode::Usage, Message{"没有打开数据库", "no database is open"});
  StatusChange change = landbank::setParcelStatus(*m_store, parcelId, status);
  if (change.changed) {
    m_engine.reset();  // statuses feed the hard rules; rebuild on next use
    const auto highlighted = m_canvas->settings().highlighted;
    reloadSnapshot();
    highlight(highlighted);
  }
  return change;
}

void MainWindow::askParcelStatus(const std::string& parcelId) {
  const render::MapFeature* parcel = m_canvas->snapshot() ? m_canvas->snapshot()->find(Layer::Parcels, parcelId) : nullptr;
  if (!parcel) return;
  const auto language = m_canvas->settings().language;
  QStringList labels;
  int current = 0;
  for (std::size_t i = 0; i < codes::parcelStatus.size(); ++i) {
    const std::string code(codes::parcelStatus[i]);
    labels << QStringLiteral("%1 (%2)").arg(render::codeLabel(code, language), QString::fromStdString(code));
    if (code == parcel->category) current = static_cast<int>(i);
  }
  bool ok = false;
  const QString choice = QInputDialog::getItem(this, tr("Change parcel status"), tr("New status of parcel %1:").arg(QString::fromStdString(parcelId)),
                                               labels, current, false, &ok);
  if (!ok) return;
  // The snapshot (and `parcel`) is replaced by the edit: keep what is needed afterwards.
  const QPointF anchor = parcel->anchor;
  const std::string status(codes::parcelStatus[static_cast<std::size_t>(labels.indexOf(choice))]);
  if (status == parcel->category) return;
  const auto answer = QMessageBox::question(
      this, tr("Change parcel status"),
      tr("Change the status of parcel %1 from “%2” to “%3”? The change is recorded with your user name and the time.")
          .arg(QString::fromStdString(parcelId), render::codeLabel(parcel->category, language), render::codeLabel(status, language)));
  if (answer != QMessageBox::Yes) return;
  try {
    const StatusChange change = setParcelStatus(parcelId, status);
    statusBar()->showMessage(tr("Parcel %1: %2 → %3").arg(QString::fromStdString(parcelId), QString::fromStdString(change.before),
                                                          QString::fromStdString(change.after)), 8000);
    identifyAt(EastingNorthing::fromMetres(anchor.x(), anchor.y()), 0, render::FeatureRef{Layer::Parcels, parcelId});
  } catch (const Error& error) {
    QMessageBox::critical(this, tr("Change parcel status"), errorText(error));
  }
}

const MatchEngine& MainWindow::matchEngine() {
  if (!m_store) throw Error(ErrorCode::Usage, Message{"没有打开数据库", "no database is open"});
  if (!m_engine || m_engine->isStale()) m_engine = std::make_unique<MatchEngine>(*m_store, RulePack::load(RulePack::bundledPath()));
  return *m_engine;
}

// The engine writes its why-not facts and evaluation reasons in the viewer's language.
Language MainWindow::engineLanguage() const { return parseLanguage(m_language.toStdString()); }

QString MainWindow::errorText(const Error& error) const { return QString::fromStdString(error.message(engineLanguage())); }

void MainWindow::showEvaluation(const std::string& projectId) {
  if (!m_store) return;
  m_evaluatedProject = projectId;
  try {
    const ProjectSpec project = ProjectSpec::fromFeature(readFeature(*m_store, Layer::Projects, projectId));
    m_projects->showEvaluation(evaluateProject(matchEngine(), *m_store, project, EvaluationOptions{.language = engineLanguage()}));
  } catch (const Error& error) {
    statusBar()->showMessage(errorText(error), 8000);
  }
}

// ---------------------------------------------------------------- the allocation plan

AllocationPlan MainWindow::runPlan() {
  if (!m_store) throw Error(ErrorCode::Usage, Message{"没有打开数据库", "no database is open"});
  AllocationRequest request;
  request.language = engineLanguage();
  request.pins = m_planPanel->pins();
  request.forbids = m_planPanel->forbids();
  request.holds = m_planPanel->holds();
  request.solve.objective = m_planPanel->objective();
  if (m_planPanel->assemble()) request.assemble = AssemblyMode::On;
  AllocationPlan plan = planAllocation(*m_store, matchEngine(), request);

  std::map<std::string, std::string> labels;
  if (const auto classes = rulePack().raw.find("allocation"); classes != rulePack().raw.end() && classes->contains("classes"))
    for (const auto& item : classes->at("classes"))
      if (item.contains("name") && item.contains("label")) labels[item.at("name").get<std::string>()] = item.at("label").get<std::string>();
  m_planPanel->setClassLabels(std::move(labels));
  m_planPanel->showPlan(plan, engineLanguage());

  render::MapSettings next = m_canvas->settings();
  next.planLinks.clear();
  for (const PlannedAssignment& a : plan.assignments) {
    render::PlanLink link;
    link.project = a.project;
    link.building = a.kind == CandidateKind::Building;
    link.siteParts = a.members.empty() ? std::vector<std::string>{a.site} : a.members;
    link.priorityClass = static_cast<int>(std::ranges::find(plan.classNames, a.priorityClass) - plan.classNames.begin());
    next.planLinks.push_back(std::move(link));
  }
  m_canvas->setSettings(next);
  m_planDock->show();
  return plan;
}

void MainWindow::showPlan() {
  m_planDock->show();
  m_planDock->raise();
  runPlan();
  QRectF box;
  for (const render::PlanLink& link : m_canvas->settings().planLinks)
    for (const std::string& part : link.siteParts)
      if (const render::MapFeature* f = m_canvas->snapshot()->find(link.building ? Layer::Buildings : Layer::Parcels, part))
        box = box.isNull() ? f->bounds : box.united(f->bounds);
  if (!box.isNull()) m_canvas->setExtent(render::expanded(render::boxFromRect(box), 0.05));
}

void MainWindow::runPlanFromPanel() {
  try {
    runPlan();
  } catch (const Error& error) {
    // The round the what-if asked for cannot be solved (a pin that is no candidate, pins that conflict):
    // say why and go back to the what-ifs of the plan shown.
    m_planPanel->dropLastWhatIf();
    QMessageBox::warning(this, tr("Allocation plan"), errorText(error));
  }
}

void MainWindow::exportPlan(const std::filesystem::path& path) {
  if (!m_planPanel->hasPlan()) throw Error(ErrorCode::Usage, Message{"没有可导出的方案：请先求解", "no plan to export: solve one first"});
  const std::string extension = path.extension().string();
  if (extension != ".csv" && extension != ".geojson" && extension != ".json")
    throw Error(ErrorCode::Usage, Message{"方案只能写成 .csv、.geojson 或 .json，不能是 '" + extension + "'", "a plan is written as .csv, .geojson or .json, not '" + extension + "'"}, {.file = path.string()});
  AtomicOutputFile file(path, {.existing = ExistingOutput::Replace, .protectedFiles = {m_store->path()}});
  const AllocationPlan& plan = m_planPanel->plan();
  if (extension == ".csv") writeAllocationPlanCsv(file.stream(), plan);
  else if (extension == ".geojson") writeAllocationPlanGeoJson(file.stream(), plan);
  else file.stream() << allocationPlanJson(plan).dump(2) << "\n";
  file.commit();
}

void MainWindow::showPlanSelection(const std::string& project, const std::string& /*site: the links know it*/) {
  std::vector<render::FeatureRef> refs{{Layer::Projects, project}};
  QRectF box;
  const render::FeatureSnapshot* snapshot = m_canvas->snapshot();
  for (const render::PlanLink& link : m_canvas->settings().planLinks) {
    if (link.project != project) continue;
    for (const std::string& part : link.siteParts) {
      const Layer layer = link.building ? Layer::Buildings : Layer::Parcels;
      refs.push_back({layer, part});
      if (const render::MapFeature* f = snapshot ? snapshot->find(layer, part) : nullptr) box = box.isNull() ? f->bounds : box.united(f->bounds);
    }
  }
  if (const render::MapFeature* p = snapshot ? snapshot->find(Layer::Projects, project) : nullptr; p && p->kind != render::ShapeKind::None)
    box = box.isNull() ? p->bounds : box.united(p->bounds);
  highlight(refs);
  if (!box.isNull()) m_canvas->setExtent(render::expanded(render::boxFromRect(box), 0.4));
}

MatchResult MainWindow::matchProject(const std::string& projectId) {
  if (!m_store) throw Error(ErrorCode::Usage, Message{"没有打开数据库", "no database is open"});
  const ProjectSpec project = ProjectSpec::fromFeature(readFeature(*m_store, Layer::Projects, projectId));
  MatchOptions options;
  options.top = 20;
  MatchResult result = matchEngine().match(project, options);
  m_matchedProject = projectId;
  m_projects->showMatch(result);
  render::MapSettings next = m_canvas->settings();
  next.rankedSites.clear();
  QRectF box;
  for (const Candidate& c : result.candidates) {
    if (c.kind != CandidateKind::Parcel) continue;
    next.rankedSites.push_back({c.id, c.rank});
    if (const render::MapFeature* f = m_canvas->snapshot()->find(Layer::Parcels, c.id)) box = box.isNull() ? f->bounds : box.united(f->bounds);
  }
  m_canvas->setSettings(next);
  if (!box.isNull()) m_canvas->setExtent(render::expanded(render::boxFromRect(box), 0.15));
  m_projectsDock->raise();
  return result;
}

void MainWindow::selectProject(const std::string& id) {
  m_projectsDock->show();
  m_projectsDock->raise();
  m_projects->selectProject(id);
}

// ---------------------------------------------------------------- the ledger

void MainWindow::setAuditUser(const std::string& user) {
  m_auditUser = user;
  if (m_store) m_store->setUser(user);
}

void MainWindow::setLedgerToday(const std::string& today) {
  m_today = landbank::ledgerToday(today.empty() ? std::nullopt : std::optional<std::string>(today));
  refreshLedger();
}

const RulePack& MainWindow::rulePack() {
  if (!m_rules) m_rules = std::make_unique<RulePack>(RulePack::load(RulePack::bundledPath()));
  return *m_rules;
}

void MainWindow::refreshLedger() {
  if (!m_store) return;
  try {
    m_flags = projectLedgerFlags(*m_store, rulePack(), m_today, m_projects->stalledDays());
  } catch (const Error& error) {
    m_flags.clear();
    statusBar()->showMessage(errorText(error), 8000);
  }
  m_projects->setLedgerFlags(m_flags);
  render::MapSettings next = m_canvas->settings();
  next.projectGrades = gradeTable(m_flags);
  m_canvas->setSettings(next);
  if (!m_ledger->projectId().empty()) showLedger(m_ledger->projectId());
}

void MainWindow::showLedger(const std::string& projectId) {
  if (!m_store) return;
  try {
    const Language language = engineLanguage();
    ProjectLedger ledger = projectLedger(*m_store, projectId, m_today, language);
    std::vector<FollowThroughGrade> grades;
    for (const AnnualResult& result : ledger.results) grades.push_back(gradeProject(*m_store, rulePack(), projectId, result.year, language));
    const auto flags = m_flags.find(projectId);
    m_ledger->showLedger(std::move(ledger), std::move(grades), flags == m_flags.end() ? std::nullopt : std::optional(flags->second), language);
    m_ledgerDock->raise();
  } catch (const Error& error) {
    statusBar()->showMessage(errorText(error), 8000);
  }
}

void MainWindow::afterLedgerWrite(const std::string& projectId) {
  // A landing changes a parcel's status and the project's stage and point: matching, the map and
  // the lists all follow.
  m_engine.reset();
  const auto highlighted = m_canvas->settings().highlighted;
  reloadSnapshot();
  highlight(highlighted);
  refreshLedger();
  m_projects->selectProject(projectId);
  showLedger(projectId);
}

void MainWindow::askStageMove(const std::string& projectId) {
  if (!m_store) return;
  std::string name, stage;
  try {
    const ProjectLedger ledger = projectLedger(*m_store, projectId, m_today, engineLanguage());
    name = ledger.name;
    stage = ledger.stage;
  } catch (const Error& error) {
    QMessageBox::critical(this, tr("Move stage"), errorText(error));
    return;
  }
  std::optional<StageMoveResult> moved;
  StageMoveDialog dialog(projectId, name, stage, m_today, engineLanguage(),
                         [this, &moved](const StageMoveRequest& request) { moved = moveStage(*m_store, request); }, this);
  if (dialog.exec() != QDialog::Accepted || !moved) return;
  afterLedgerWrite(projectId);
  const Language language = engineLanguage();
  statusBar()->showMessage(tr("%1: %2 → %3 (%4)%5")
                               .arg(QString::fromStdString(moved->projectId),
                                    moved->fromStage.empty() ? QStringLiteral("—") : ledgerText(moved->fromStage, language),
                                    ledgerText(moved->toStage, language), QString::fromStdString(moved->date),
                                    moved->forced ? QStringLiteral(" ") + tr("[forced over rule %1]").arg(QString::fromStdString(moved->overriddenRule)) : QString()),
                           8000);
}

void MainWindow::askNewProblem(const std::string& projectId) {
  if (!m_store) return;
  ProblemDialog dialog(projectId, m_today, engineLanguage(), [this](const ProblemInput& input) { return addProblem(*m_store, input); }, this);
  if (dialog.exec() != QDialog::Accepted) return;
  afterLedgerWrite(projectId);
  m_ledger->selectProblem(dialog.createdId());
  statusBar()->showMessage(tr("Problem %1 logged").arg(QString::fromStdString(dialog.createdId())), 8000);
}

void MainWindow::askResolveProblem(const std::string& problemId) {
  if (!m_store) return;
  std::optional<Problem> problem;
  for (const Problem& p : m_ledger->ledger().problems)
    if (p.id == problemId) problem = p;
  if (!problem) return;
  ResolveProblemDialog dialog(*problem, m_today, engineLanguage(),
                              [this](const std::string& id, const std::string& date, const std::string& resolution) {
                                resolveProblem(*m_store, id, date, resolution);
                              },
                              this);
  if (dialog.exec() != QDialog::Accepted) return;
  afterLedgerWrite(problem->projectId);
  statusBar()->showMessage(tr("Problem %1 resolved").arg(QString::fromStdString(problemId)), 8000);
}

void MainWindow::setProjectStyling(render::ProjectStyling styling) {
  render::MapSettings next = m_canvas->settings();
  next.projectStyling = styling;
  m_canvas->setSettings(next);
  (styling == render::ProjectStyling::Stage ? m_projectsByStage : m_projectsByGrade)->setChecked(true);
  m_layers->showSettings(next, m_canvas->snapshot());
}

void MainWindow::showCursor(EastingNorthing position) {
  if (!m_lonLat || !m_store) return;
  try {
    const LonLat lonLat = m_lonLat->toLonLat(position);
    m_positionLabel->setText(tr("WGS84 %1, %2   |   %3  E %4  N %5")
                                 .arg(lonLat.lon, 0, 'f', 6).arg(lonLat.lat, 0, 'f', 6)
                                 .arg(QString::fromStdString(m_store->databaseCrs()))
                                 .arg(position.easting, 0, 'f', 1).arg(position.northing, 0, 'f', 1));
  } catch (const Error&) {
    m_positionLabel->clear();
  }
}

}  // namespace landbank::viewer
