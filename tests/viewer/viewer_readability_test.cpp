// The viewer defects found when Landbank was tried as a new planner would (issue #10, "The
// viewer"): what identify lists first and how it prints values, --search of a project, --extent
// with --project in lon/lat, constraint types switched one by one, large height-limit zones over
// parcel colours, subdistrict names at district scale, labels at the map's edge. Each is checked
// on the bundled sample against SpatiaLite SQL or rendered pixels.

#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include <QHeaderView>
#include <QPainterPath>
#include <QPushButton>
#include <QRegularExpression>
#include <QTreeWidget>

#include "app/identify_panel.h"
#include "app/layers_panel.h"
#include "app/ledger_panel.h"
#include "app/main_window.h"
#include "app/map_canvas.h"
#include "app/projects_panel.h"
#include "app/viewer_options.h"
#include "detail/sqlite.h"
#include "landbank/crs.h"
#include "render/feature_snapshot.h"
#include "render/map_renderer.h"
#include "render/styles.h"
#include "sample_fixture.h"
#include "test_support.h"

namespace landbank {
namespace {

class ViewerReadabilityTest : public test::SampleDatabaseTest {
 protected:
};


QString childText(const QTreeWidgetItem* top, const QString& field) {
  for (int i = 0; i < top->childCount(); ++i)
    if (top->child(i)->text(0) == field) return top->child(i)->text(1);
  return {};
}

TEST_F(ViewerReadabilityTest, IdentifyListsTheParcelBeforeItsParkAndBoundariesAndTheEditIsReady) {
  // A parcel inside a park and a subdistrict (SpatiaLite decides, not our code).
  SqliteDatabase db(sampleDb().string(), SqliteDatabase::Access::ReadOnly);
  auto query = db.prepare(
      "SELECT p.id, X(PointOnSurface(p.geom)), Y(PointOnSurface(p.geom)), k.id FROM parcels p, parks k "
      "WHERE ST_Contains(k.geom, PointOnSurface(p.geom)) AND p.area_m2 > 20000 ORDER BY p.id LIMIT 1");
  ASSERT_TRUE(query.step());
  const std::string parcel = query.columnText(0), park = query.columnText(3);
  const auto point = EastingNorthing::fromMetres(query.columnDouble(1), query.columnDouble(2));
  viewer::MainWindow window;
  window.openDatabase(sampleDb());
  window.resize(1400, 900);
  window.show();
  window.identifyAt(point, 0.5);
  const auto& reports = window.identifyPanel()->reports();
  ASSERT_GE(reports.size(), 3u);
  // A symbol under the click (an enterprise's point on the parcel) may come first: it is what was
  // clicked on. Of the areas, the parcel comes first.
  const auto firstArea = std::ranges::find_if(reports, [](const FeatureReport& r) {
    return r.layer != Layer::Facilities && r.layer != Layer::Projects && r.layer != Layer::Buildings;
  });
  ASSERT_NE(firstArea, reports.end());
  EXPECT_EQ(firstArea->layer, Layer::Parcels);
  EXPECT_EQ(firstArea->record.id, parcel);
  auto position = [&](Layer layer) { return std::ranges::find(reports, layer, &FeatureReport::layer) - reports.begin(); };
  EXPECT_LT(position(Layer::Parcels), position(Layer::Parks));
  EXPECT_EQ(reports[static_cast<std::size_t>(position(Layer::Parks))].record.id, park);
  EXPECT_EQ(reports.back().layer, Layer::Boundaries) << "boundaries come last";
  // The status edit is ready from this first click.
  EXPECT_EQ(window.identifyPanel()->editableParcel(), std::optional<std::string>(parcel));
  QPushButton* edit = nullptr;
  for (QPushButton* button : window.identifyPanel()->findChildren<QPushButton*>()) edit = button;
  ASSERT_NE(edit, nullptr);
  EXPECT_TRUE(edit->isEnabled());
}

TEST_F(ViewerReadabilityTest, IdentifyShowsSectorsByLabelNumbersGroupedAndWholeFields) {
  SqliteDatabase db(sampleDb().string(), SqliteDatabase::Access::ReadOnly);
  auto query = db.prepare("SELECT id, X(PointOnSurface(geom)), Y(PointOnSurface(geom)), sectors FROM parks WHERE sectors IS NOT NULL ORDER BY id LIMIT 1");
  ASSERT_TRUE(query.step());
  const auto sectors = nlohmann::json::parse(query.columnText(3));
  ASSERT_FALSE(sectors.empty());
  viewer::MainWindow window;
  window.openDatabase(sampleDb());
  window.resize(1400, 900);
  window.show();
  window.identifyAt(EastingNorthing::fromMetres(query.columnDouble(1), query.columnDouble(2)), 0.5,
                    render::FeatureRef{Layer::Parks, query.columnText(0)});
  QTreeWidget* tree = window.identifyPanel()->tree();
  ASSERT_GT(tree->topLevelItemCount(), 0);
  const QTreeWidgetItem* top = tree->topLevelItem(0);
  const QString sectorText = childText(top, QStringLiteral("主导产业"));
  for (const auto& code : sectors) {
    EXPECT_TRUE(sectorText.contains(render::codeLabel(code.get<std::string>(), render::MapLanguage::Chinese))) << sectorText.toStdString();
    EXPECT_FALSE(sectorText.contains(QString::fromStdString(code.get<std::string>()))) << "no codes, no JSON: " << sectorText.toStdString();
  }
  EXPECT_FALSE(sectorText.contains(QLatin1Char('['))) << sectorText.toStdString();
  // Area with thousands separators (a park is larger than 1,000 m²).
  const QString area = childText(top, QStringLiteral("面积"));
  const QRegularExpression grouped(QStringLiteral("^[0-9]{1,3}(,[0-9]{3})+ "));
  EXPECT_TRUE(area.contains(grouped)) << area.toStdString();
  // Whole fields: the name column fits every field name, values wrap instead of being cut with "…".
  EXPECT_EQ(tree->textElideMode(), Qt::ElideNone);
  EXPECT_TRUE(tree->wordWrap());
  const QFontMetrics metrics(tree->font());
  for (int i = 0; i < top->childCount(); ++i) {
    const QTreeWidgetItem* child = top->child(i);
    EXPECT_GE(tree->header()->sectionSize(0), metrics.horizontalAdvance(child->text(0)) + tree->indentation()) << child->text(0).toStdString();
    EXPECT_EQ(child->toolTip(1), child->text(1));
  }
}

TEST_F(ViewerReadabilityTest, SearchForAProjectShowsItInThePanelsEvenWhenFilteredOut) {
  viewer::MainWindow window;
  window.openDatabase(sampleDb());
  window.resize(1400, 900);
  window.show();
  const render::MapFeature* p004 = window.canvas()->snapshot()->find(Layer::Projects, "P-004");
  ASSERT_NE(p004, nullptr);
  // A stage filter that hides P-004 must not hide it from a search.
  const std::string otherStage = p004->category == "lead" ? "operating" : "lead";
  window.projectsPanel()->setFilters(otherStage, false, false);
  ASSERT_EQ(std::ranges::count(window.projectsPanel()->listedProjects(), std::string("P-004")), 0);
  ASSERT_TRUE(window.search(QStringLiteral("P-004")));
  EXPECT_EQ(window.projectsPanel()->selectedProject(), "P-004");
  EXPECT_EQ(window.ledgerPanel()->projectId(), "P-004");
  EXPECT_EQ(window.canvas()->settings().highlighted.front(), (render::FeatureRef{Layer::Projects, "P-004"}));
}

TEST_F(ViewerReadabilityTest, ExtentInLonLatIsHonouredTogetherWithProject) {
  const Store store = Store::open(sampleDb(), StoreAccess::ReadOnly);
  const ProjectedToLonLat crs(store.databaseCrs());
  viewer::MainWindow window;
  window.resize(1200, 800);
  window.show();
  // A lon/lat box around the sample's centre, given with --project (which zooms to its candidates).
  const auto snapshot = render::FeatureSnapshot::load(store);
  const QPointF centre = snapshot->fullExtent().center();
  const LonLat middle = crs.toLonLat(EastingNorthing::fromMetres(centre.x(), centre.y()));
  const QString box = QStringLiteral("%1,%2,%3,%4").arg(middle.lon - 0.01, 0, 'f', 6).arg(middle.lat - 0.005, 0, 'f', 6)
                          .arg(middle.lon + 0.01, 0, 'f', 6).arg(middle.lat + 0.005, 0, 'f', 6);
  const auto options = viewer::parseViewerOptions({"viewer", "--db", QString::fromStdString(sampleDb().string()), "--project", "P-001", "--extent", box});
  ASSERT_EQ(viewer::applyViewerOptions(window, options), 0);
  EXPECT_EQ(window.projectsPanel()->selectedProject(), "P-001");
  EXPECT_FALSE(window.canvas()->settings().rankedSites.empty()) << "the project was matched";
  // The view shows the box asked for: its corners, projected by PROJ, are inside, and it is not much larger.
  const QRectF view = render::rectFromBox(window.canvas()->settings().visibleExtent());
  const EastingNorthing sw = crs.toProjected(LonLat::fromDegrees(middle.lon - 0.01, middle.lat - 0.005));
  const EastingNorthing ne = crs.toProjected(LonLat::fromDegrees(middle.lon + 0.01, middle.lat + 0.005));
  EXPECT_TRUE(view.adjusted(-1, -1, 1, 1).contains(QPointF(sw.easting, sw.northing)));
  EXPECT_TRUE(view.adjusted(-1, -1, 1, 1).contains(QPointF(ne.easting, ne.northing)));
  // Widened to the canvas's shape in one direction only: the other fits the box.
  EXPECT_NEAR(std::min(view.width() / (ne.easting - sw.easting), view.height() / (ne.northing - sw.northing)), 1.0, 0.02);
  // Metres with --crs: the same box in EPSG:4549 gives the same view.
  const auto metres = viewer::parseViewerOptions({"viewer", "--extent",
                                                  QStringLiteral("%1,%2,%3,%4").arg(sw.easting, 0, 'f', 3).arg(sw.northing, 0, 'f', 3)
                                                      .arg(ne.easting, 0, 'f', 3).arg(ne.northing, 0, 'f', 3),
                                                  "--crs", "EPSG:4549"});
  const ProjectedBox inMetres = viewer::extentInDatabaseCrs(*metres.extent, store.databaseCrs());
  EXPECT_NEAR(inMetres.minEasting, sw.easting, 1e-3);
  EXPECT_NEAR(inMetres.maxNorthing, ne.northing, 1e-3);
}

TEST_F(ViewerReadabilityTest, ConstraintTypesSwitchOneByOneInTheLayerTree) {
  viewer::MainWindow window;
  window.openDatabase(sampleDb());
  window.resize(1200, 800);
  window.show();
  const render::FeatureSnapshot* snapshot = window.canvas()->snapshot();
  const render::MapFeature* airport = nullptr;
  for (const render::MapFeature& f : snapshot->layer(Layer::Constraints).features)
    if (f.category == "airport_height") airport = &f;
  ASSERT_NE(airport, nullptr);
  auto constraintsAt = [&](const std::string& type) {
    int n = 0;
    for (const auto& hit : snapshot->featuresAt(airport->anchor, 1, window.canvas()->settings()))
      n += hit.layer == Layer::Constraints && hit.feature->category == type;
    return n;
  };
  window.canvas()->setExtent(render::boxFromRect(airport->bounds));
  window.canvas()->waitForRender();
  const QImage before = window.canvas()->renderedImage();
  ASSERT_TRUE(window.layersPanel()->setCategoryVisible(Layer::Constraints, "airport_height", false));
  const auto& hidden = window.canvas()->settings().hiddenCategories;
  ASSERT_TRUE(hidden.contains(Layer::Constraints));
  EXPECT_EQ(hidden.at(Layer::Constraints), (std::set<std::string>{"airport_height"}));
  EXPECT_TRUE(window.canvas()->settings().isVisible(Layer::Constraints)) << "the other types stay on";
  window.canvas()->waitForRender();
  const QImage after = window.canvas()->renderedImage();
  int differing = 0;
  for (int y = 0; y < before.height(); ++y)
    for (int x = 0; x < before.width(); ++x) differing += before.pixel(x, y) != after.pixel(x, y);
  EXPECT_GT(differing, 1000);
  EXPECT_EQ(constraintsAt("airport_height"), 0) << "a hidden type is not identified either";
  window.layersPanel()->setCategoryVisible(Layer::Constraints, "airport_height", true);
  EXPECT_GT(constraintsAt("airport_height"), 0);
}

TEST_F(ViewerReadabilityTest, RoadClassesSwitchOneByOneInTheLayerTree) {
  viewer::MainWindow window;
  window.openDatabase(sampleDb());
  window.resize(1200, 800);
  window.show();
  const render::FeatureSnapshot* snapshot = window.canvas()->snapshot();
  const render::MapFeature* expressway = nullptr;
  for (const render::MapFeature& f : snapshot->layer(Layer::Roads).features)
    if (f.category == "expressway" && (!expressway || f.bounds.width() + f.bounds.height() > expressway->bounds.width() + expressway->bounds.height()))
      expressway = &f;
  ASSERT_NE(expressway, nullptr) << "the sample has expressways";
  window.canvas()->setExtent(render::boxFromRect(expressway->bounds));
  window.canvas()->waitForRender();
  const QImage before = window.canvas()->renderedImage();
  ASSERT_TRUE(window.layersPanel()->setCategoryVisible(Layer::Roads, "expressway", false)) << "the class has its own check box";
  const auto& hidden = window.canvas()->settings().hiddenCategories;
  ASSERT_TRUE(hidden.contains(Layer::Roads));
  EXPECT_EQ(hidden.at(Layer::Roads), (std::set<std::string>{"expressway"}));
  EXPECT_TRUE(window.canvas()->settings().isVisible(Layer::Roads)) << "the other classes stay on";
  window.canvas()->waitForRender();
  const QImage after = window.canvas()->renderedImage();
  int differing = 0;
  for (int y = 0; y < before.height(); ++y)
    for (int x = 0; x < before.width(); ++x) differing += before.pixel(x, y) != after.pixel(x, y);
  EXPECT_GT(differing, 500) << "the expressway is gone from the map";
  const QPointF onIt = expressway->rings.front()[expressway->rings.front().size() / 2];
  auto expresswaysAt = [&] {
    int n = 0;
    for (const auto& hit : snapshot->featuresAt(onIt, 5, window.canvas()->settings())) n += hit.layer == Layer::Roads && hit.feature->category == "expressway";
    return n;
  };
  EXPECT_EQ(expresswaysAt(), 0) << "a hidden class is not identified either";
  window.layersPanel()->setCategoryVisible(Layer::Roads, "expressway", true);
  EXPECT_GT(expresswaysAt(), 0);
}

TEST_F(ViewerReadabilityTest, HeightLimitZonesKeepTheParcelColoursBeneathThemTrue) {
  // Parcels inside the airport's height-limit zone, by SpatiaLite.
  SqliteDatabase db(sampleDb().string(), SqliteDatabase::Access::ReadOnly);
  auto query = db.prepare(
      "SELECT p.id FROM parcels p, constraints c WHERE c.type = 'airport_height' AND ST_Within(p.geom, c.geom) AND p.area_m2 > 30000 "
      // The other zones tint what they cover on purpose: only the height limit is on trial.
      "AND NOT EXISTS (SELECT 1 FROM constraints o WHERE o.type NOT IN ('airport_height', 'dev_boundary') AND ST_Intersects(o.geom, p.geom)) "
      "ORDER BY p.area_m2 DESC LIMIT 5");
  std::vector<std::string> inside;
  while (query.step()) inside.push_back(query.columnText(0));
  ASSERT_FALSE(inside.empty());
  const Store store = Store::open(sampleDb(), StoreAccess::ReadOnly);
  const auto snapshot = render::FeatureSnapshot::load(store);
  for (const std::string& id : inside) {
    const render::MapFeature* parcel = snapshot->find(Layer::Parcels, id);
    render::MapSettings settings;
    settings.outputSize = QSize(300, 300);
    settings.extent = render::boxFromRect(parcel->bounds);
    settings.labels = false;
    settings.background = Qt::white;
    for (auto& state : settings.layers) state.visible = state.layer != Layer::Parks;  // parks tint their land lightly, on purpose
    const QImage image = render::renderImage(settings, *snapshot);
    const QColor fill = render::featureStyle(Layer::Parcels, *parcel, settings).fill;
    // Pixels well inside the parcel (its outline and neighbours aside): most keep the status colour exactly.
    const QTransform t = settings.mapToPixel();
    QPainterPath path;
    for (const QPolygonF& ring : parcel->rings) path.addPolygon(t.map(ring));
    int interior = 0, true_ = 0;
    for (int y = 0; y < image.height(); ++y)
      for (int x = 0; x < image.width(); ++x) {
        const QPointF p(x + 0.5, y + 0.5);
        if (!path.contains(p) || !path.contains(p + QPointF(4, 4)) || !path.contains(p - QPointF(4, 4)) || !path.contains(p + QPointF(4, -4)) ||
            !path.contains(p + QPointF(-4, 4)))
          continue;
        ++interior;
        true_ += (image.pixel(x, y) & 0xFFFFFFu) == (fill.rgb() & 0xFFFFFFu);
      }
    ASSERT_GT(interior, 1000) << id;
    EXPECT_GT(double(true_) / interior, 0.8) << id << ": " << true_ << " of " << interior << " interior pixels keep " << fill.name().toStdString();
  }
}

TEST_F(ViewerReadabilityTest, SubdistrictNamesStayAtDistrictScaleAndNoLabelIsCutAtTheEdge) {
  const Store store = Store::open(sampleDb(), StoreAccess::ReadOnly);
  const auto snapshot = render::FeatureSnapshot::load(store);
  render::MapSettings settings;
  settings.outputSize = QSize(1200, 800);
  settings.extent = render::boxFromRect(snapshot->fullExtent());
  render::RenderStats stats;
  render::renderImage(settings, *snapshot, &stats);
  const QRectF view = render::rectFromBox(settings.visibleExtent());
  std::set<QString> expected, placed;
  for (const render::MapFeature& f : snapshot->layer(Layer::Boundaries).features)
    if (f.category == "subdistrict" && view.contains(f.anchor)) expected.insert(QString::fromStdString(f.name));
  ASSERT_GE(expected.size(), 3u);
  for (const render::PlacedLabel& label : stats.placedLabels)
    if (label.layer == Layer::Boundaries) placed.insert(label.text);
  EXPECT_EQ(placed, expected) << "every subdistrict in view is named at district scale";
  const QRectF image(QPointF(0, 0), QSizeF(settings.outputSize));
  for (const render::PlacedLabel& label : stats.placedLabels) EXPECT_TRUE(image.contains(label.box)) << label.text.toStdString();

  // A park whose name would run past the left edge: moved inside, not cut.
  const render::MapFeature& park = snapshot->layer(Layer::Parks).features.front();
  const double mpp = 4.0;
  settings.extent = {park.anchor.x() - 5 * mpp, park.anchor.y() - 400 * mpp, park.anchor.x() + 1195 * mpp, park.anchor.y() + 400 * mpp};
  render::renderImage(settings, *snapshot, &stats);
  const auto label = std::ranges::find(stats.placedLabels, QString::fromStdString(park.name), &render::PlacedLabel::text);
  ASSERT_NE(label, stats.placedLabels.end()) << "the park's name is placed";
  EXPECT_GE(label->box.left(), 0.0);
  for (const render::PlacedLabel& placedLabel : stats.placedLabels) EXPECT_TRUE(image.contains(placedLabel.box)) << placedLabel.text.toStdString();
}

// Candidate markers do not pile up when the window is small: the best site keeps its numbered disc,
// no two discs overlap, and the sites whose disc would cover a better one's become small dots.
TEST_F(ViewerReadabilityTest, RankedSiteDiscsDoNotPileUpInASmallWindow) {
  const nlohmann::json match = nlohmann::json::parse(test::runLandbank(sampleDb(), {"match", "P-001", "--top", "15", "--format", "json"}).out);
  const Store store = Store::open(sampleDb(), StoreAccess::ReadOnly);
  const auto snapshot = render::FeatureSnapshot::load(store);
  render::MapSettings settings;
  for (const nlohmann::json& candidate : match.at("candidates"))
    settings.rankedSites.push_back({candidate.at("id").get<std::string>(), candidate.at("rank").get<int>()});
  ASSERT_GE(settings.rankedSites.size(), 10u);
  const render::MapFeature* best = snapshot->find(Layer::Parcels, settings.rankedSites.front().parcelId);
  ASSERT_NE(best, nullptr);
  auto check = [&](QSize size) {
    settings.outputSize = size;
    settings.extent = render::boxFromRect(snapshot->fullExtent());
    render::RenderStats stats;
    render::renderImage(settings, *snapshot, &stats);
    EXPECT_EQ(stats.rankDiscs.size() + stats.crowdedRanks, settings.rankedSites.size());
    for (std::size_t i = 0; i < stats.rankDiscs.size(); ++i)
      for (std::size_t j = i + 1; j < stats.rankDiscs.size(); ++j)
        EXPECT_FALSE(stats.rankDiscs[i].intersects(stats.rankDiscs[j])) << "discs " << i << " and " << j << " overlap at " << size.width();
    // The best site's disc is the first placed, centred on its parcel.
    EXPECT_LT(QLineF(stats.rankDiscs.front().center(), settings.mapToPixel().map(best->anchor)).length(), 0.5);
    return stats;
  };
  const render::RenderStats small = check(QSize(320, 200));
  EXPECT_GT(small.crowdedRanks, 0u) << "at 320x200 the district's sites crowd";
  const render::RenderStats large = check(QSize(3200, 2000));
  EXPECT_LT(large.crowdedRanks, small.crowdedRanks) << "more room, more discs";
}

}  // namespace
}  // namespace landbank
