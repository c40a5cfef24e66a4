// The viewer's allocation plan view (issue #13), driven as a user drives it (offscreen platform) on a
// private copy of the bundled sample, and checked against the command line's `landbank allocate` on
// the same database: the same plan, the same plan after each what-if, the same exported files.

#include <gtest/gtest.h>

#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>

#include <fstream>
#include <sstream>

#include "app/main_window.h"
#include "app/map_canvas.h"
#include "app/plan_panel.h"
#include "landbank/error.h"
#include "modal.h"
#include "render/map_renderer.h"
#include "render/styles.h"
#include "sample_fixture.h"
#include "test_support.h"

namespace landbank {
namespace {

using test::whenModal;

class PlanViewerTest : public test::SampleDatabaseTest {
 protected:
  /// `landbank allocate` as rows "PROJECT=SITE" (unplaced: "PROJECT="), in the plan's order.
  static std::vector<std::string> cliRows(const std::vector<std::string>& whatIfs) {
    std::vector<std::string> args{"allocate", "--format", "json"};
    args.insert(args.end(), whatIfs.begin(), whatIfs.end());
    const auto result = test::runLandbank(sampleDb(), args);
    EXPECT_EQ(result.exitCode, 0) << result.err;
    const nlohmann::json plan = nlohmann::json::parse(result.out);
    std::vector<std::string> rows;
    for (const auto& a : plan.at("assignments")) rows.push_back(a.at("project").get<std::string>() + "=" + a.at("site").get<std::string>());
    for (const auto& u : plan.at("unplaced")) rows.push_back(u.at("project").get<std::string>() + "=");
    return rows;
  }
  static std::string cliOutput(std::vector<std::string> args) {
    args.insert(args.begin(), "allocate");
    const auto result = test::runLandbank(sampleDb(), args);
    EXPECT_EQ(result.exitCode, 0) << result.err;
    return result.out;
  }
  static std::string fileText(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
};

double colourDistance(QColor a, QColor b) { return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue()); }

TEST_F(PlanViewerTest, ThePlanIsTheCommandLinesBeforeAndAfterEachWhatIf) {
  viewer::MainWindow window;
  window.openDatabase(sampleDb());
  window.resize(1400, 900);
  window.show();
  viewer::PlanPanel* panel = window.planPanel();
  auto* solve = panel->findChild<QPushButton*>(QStringLiteral("solve"));
  ASSERT_NE(solve, nullptr);
  EXPECT_EQ(solve->text(), QStringLiteral("求解方案")) << "Chinese by default";

  // 1. Solve as the button does: the table lists the command line's plan, row for row.
  solve->click();
  ASSERT_TRUE(panel->hasPlan());
  const std::vector<std::string> plain = cliRows({});
  ASSERT_GE(plain.size(), 10u);
  EXPECT_EQ(panel->listedRows(), plain);
  const AllocationPlan& plan = panel->plan();
  ASSERT_FALSE(plan.assignments.empty());
  auto* table = panel->findChild<QTreeWidget*>(QStringLiteral("plan"));
  EXPECT_EQ(table->topLevelItem(0)->text(2), QStringLiteral("重大项目")) << "the class label from the rule pack";

  // 2. The map draws every assigned site outlined in its class colour (open projects have no point
  //    yet; the site carries the project's id): the middle of a site's first edge has that colour.
  const render::MapSettings& settings = window.canvas()->settings();
  ASSERT_EQ(settings.planLinks.size(), plan.assignments.size());
  const render::FeatureSnapshot& snapshot = *window.canvas()->snapshot();
  render::MapSettings whole = settings;
  whole.highlighted.clear();
  whole.labels = false;
  whole.extent = render::boxFromRect(snapshot.fullExtent());
  whole.outputSize = QSize(1600, 1000);
  render::RenderStats stats;
  const QImage image = render::renderImage(whole, snapshot, &stats);
  EXPECT_EQ(stats.planLinks, plan.assignments.size());
  std::size_t checked = 0, coloured = 0;
  for (const render::PlanLink& link : whole.planLinks) {
    const auto* site = snapshot.find(link.building ? Layer::Buildings : Layer::Parcels, link.siteParts.front());
    if (!site || site->kind != render::ShapeKind::Polygon) continue;
    const QTransform t = whole.mapToPixel();
    const QPolygonF& ring = site->rings.front();
    const QPoint middle = t.map((ring[0] + ring[1]) / 2).toPoint();
    double best = 1e9;
    for (int dx = -1; dx <= 1; ++dx)
      for (int dy = -1; dy <= 1; ++dy) best = std::min(best, colourDistance(image.pixelColor(middle + QPoint(dx, dy)), render::planClassColour(link.priorityClass)));
    ++checked;
    if (best < 40) ++coloured;
  }
  ASSERT_GT(checked, 0u);
  // A neighbouring assigned site drawn later may cover a shared edge with its own class colour.
  EXPECT_GE(coloured * 10, checked * 8) << coloured << " of " << checked << " sites outlined in their class colour";

  // 3. Forbid the first project its site, then hold another site out: each round equals the CLI's.
  const std::string project = plan.assignments.front().project, site = plan.assignments.front().site;
  const std::string held = plan.assignments.back().site;
  panel->addForbid(project, site);
  solve->click();
  const std::vector<std::string> forbidden = cliRows({"--forbid", project + "=" + site});
  EXPECT_EQ(panel->listedRows(), forbidden);
  EXPECT_EQ(std::ranges::find(forbidden, project + "=" + site), forbidden.end()) << "the what-if changed the plan";
  panel->addHold(held);
  solve->click();
  EXPECT_EQ(panel->listedRows(), cliRows({"--forbid", project + "=" + site, "--hold", held}));

  // 4. A pin the engine refuses (no such site): the viewer says why, drops that what-if and keeps the plan.
  const std::vector<std::string> before = panel->listedRows();
  QString warning;
  whenModal<QMessageBox>([&warning](QMessageBox* box) {
    warning = box->text();
    box->accept();
  });
  panel->addPin(project, "CY-NO-SUCH");
  solve->click();
  EXPECT_TRUE(warning.contains(QStringLiteral("CY-NO-SUCH"))) << warning.toStdString();
  EXPECT_TRUE(panel->pins().empty());
  EXPECT_EQ(panel->listedRows(), before);

  // 5. Exports are the command line's files for the same round, byte for byte (no timings in them).
  window.exportPlan(m_dir / "plan.csv");
  window.exportPlan(m_dir / "plan.geojson");
  EXPECT_EQ(fileText(m_dir / "plan.csv"), cliOutput({"--forbid", project + "=" + site, "--hold", held, "--format", "csv"}));
  EXPECT_EQ(fileText(m_dir / "plan.geojson"), cliOutput({"--forbid", project + "=" + site, "--hold", held, "--format", "geojson"}));
  EXPECT_THROW(window.exportPlan(m_dir / "plan.kml"), Error);

  // 6. Clearing the what-ifs goes back to the first plan.
  panel->findChild<QPushButton*>(QStringLiteral("clearWhatIfs"))->click();
  EXPECT_EQ(panel->listedRows(), plain);
}

TEST_F(PlanViewerTest, WeightedObjectiveAndAssembliesAreTheCommandLines) {
  viewer::MainWindow window;
  window.setLanguage(QStringLiteral("en"));
  window.openDatabase(sampleDb());
  viewer::PlanPanel* panel = window.planPanel();
  panel->setObjective(AllocationObjective::Weighted);
  window.runPlan();
  EXPECT_EQ(panel->listedRows(), cliRows({"--objective", "weighted"}));
  EXPECT_EQ(panel->findChild<QPushButton*>(QStringLiteral("solve"))->text(), QStringLiteral("Solve plan"));

  // Assemblies of adjacent parcels, as `allocate --assemble`: some projects get an assembly (A+B).
  panel->setObjective(AllocationObjective::Lexicographic);
  panel->setAssemble(true);
  window.runPlan();
  const std::vector<std::string> assembled = cliRows({"--assemble"});
  EXPECT_EQ(panel->listedRows(), assembled);
  EXPECT_TRUE(std::ranges::any_of(assembled, [](const std::string& row) { return row.find('+') != std::string::npos; }))
      << "the sample has projects placed on assemblies (docs/allocation.md)";
}

}  // namespace
}  // namespace landbank
