// The viewer's ledger panel and dialogs, driven as a user drives them (offscreen platform), on a
// private copy of the bundled sample; what they wrote is then read back through the command line
// (`landbank ledger show`, `audit list`, `audit verify`), not through the viewer.

#include <gtest/gtest.h>

#include <set>

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>

#include "app/ledger_dialogs.h"
#include "app/ledger_panel.h"
#include "app/main_window.h"
#include "app/map_canvas.h"
#include "app/projects_panel.h"
#include "modal.h"
#include "render/map_renderer.h"
#include "render/styles.h"
#include "sample_fixture.h"
#include "test_support.h"

namespace landbank {
namespace {

using test::whenModal;

constexpr const char* kToday = "2026-11-30";
constexpr const char* kClerk = "clerk-zhao";

class LedgerViewerTest : public test::SampleDatabaseTest {
 protected:
  static nlohmann::json cliJson(const std::filesystem::path& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"--today", kToday});
    args.insert(args.end(), {"--format", "json"});
    const auto result = test::runLandbank(db, args);
    EXPECT_EQ(result.exitCode, 0) << result.err;
    return nlohmann::json::parse(result.out);
  }
  /// The first project the CLI lists at `stage`.
  static std::string projectAt(const std::filesystem::path& db, const std::string& stage) {
    const auto rows = cliJson(db, {"ledger", "list", "--stage", stage});
    return rows.empty() ? std::string() : rows.at(0).at("project").get<std::string>();
  }
};

QString timelineText(QTreeWidget* tree) {
  QString text;
  for (int i = 0; i < tree->topLevelItemCount(); ++i) {
    const QTreeWidgetItem* item = tree->topLevelItem(i);
    for (int c = 0; c < item->columnCount(); ++c) text += item->text(c) + QLatin1Char('\t');
    text += QLatin1Char('\n');
  }
  return text;
}

TEST_F(LedgerViewerTest, ProblemsAndStageMovesThroughTheDialogsAreStoredAuditedAndVerified) {
  const auto db = copyOfSample();
  const std::string project = projectAt(db, "negotiating");
  ASSERT_FALSE(project.empty());
  const auto before = cliJson(db, {"ledger", "show", project});
  const std::size_t stagesBefore = before["stages"].size();
  const std::size_t problemsBefore = before["problems"].size();

  std::string created;
  QString refusal, ruleShown;
  bool forceEnabledForSkip = false, forceEnabledForNext = true;
  {
    viewer::MainWindow window;
    window.setAuditUser(kClerk);
    window.setLedgerToday(kToday);
    window.openDatabase(db);
    window.resize(1400, 900);
    window.show();
    window.selectProject(project);
    viewer::LedgerPanel* panel = window.ledgerPanel();
    ASSERT_EQ(panel->projectId(), project) << "selecting a project shows its ledger";
    ASSERT_TRUE(panel->moveButton()->isEnabled());

    // 1. A new problem through its dialog.
    whenModal<viewer::ProblemDialog>([](viewer::ProblemDialog* dialog) {
      auto* category = dialog->findChild<QComboBox*>();
      category->setCurrentIndex(category->findData(QStringLiteral("environment")));
      dialog->findChild<QLineEdit*>(QStringLiteral("dept"))->setText(QStringLiteral("市生态环境局城阳分局"));
      dialog->findChild<QPlainTextEdit*>(QStringLiteral("text"))->setPlainText(QStringLiteral("环评批复前置条件未落实"));
      dialog->findChild<QCheckBox*>()->setChecked(true);  // due by (30 days after today)
      dialog->accept();
    });
    panel->addProblemButton()->click();
    const auto problems = panel->ledger().problems;
    ASSERT_EQ(problems.size(), problemsBefore + 1);
    const auto added = std::ranges::find(problems, std::string("环评批复前置条件未落实"), &Problem::text);
    ASSERT_NE(added, problems.end());
    created = added->id;
    EXPECT_EQ(added->status, "open");
    EXPECT_EQ(added->category, "environment");
    EXPECT_EQ(added->dueOn, std::optional<std::string>("2026-12-30"));

    // 2. Resolve it: the button acts on the open problem selected in the list.
    ASSERT_TRUE(panel->selectProblem(created));
    ASSERT_TRUE(panel->resolveButton()->isEnabled());
    whenModal<viewer::ResolveProblemDialog>([](viewer::ResolveProblemDialog* dialog) {
      dialog->findChild<QLineEdit*>(QStringLiteral("resolution"))->setText(QStringLiteral("环评已批复"));
      dialog->accept();
    });
    panel->resolveButton()->click();
    const auto resolved = std::ranges::find(panel->ledger().problems, created, &Problem::id);
    ASSERT_NE(resolved, panel->ledger().problems.end());
    EXPECT_EQ(resolved->status, "resolved");

    // 3. A refused move: negotiating -> landed skips "signed". The dialog names the rule as soon as
    // the stage is chosen, OK leaves it open with the engine's refusal, and nothing is written.
    whenModal<viewer::StageMoveDialog>([&](viewer::StageMoveDialog* dialog) {
      forceEnabledForNext = dialog->findChild<QCheckBox*>(QStringLiteral("force"))->isEnabled();
      ASSERT_TRUE(dialog->chooseStage("landed"));
      EXPECT_EQ(dialog->pendingRule(), "skipped");
      ruleShown = dialog->findChild<QLabel*>(QStringLiteral("rule"))->text();
      forceEnabledForSkip = dialog->findChild<QCheckBox*>(QStringLiteral("force"))->isEnabled();
      dialog->accept();
      refusal = dialog->refusal();
      EXPECT_TRUE(dialog->isVisible()) << "a refused move keeps the dialog open";
      dialog->reject();
    });
    panel->moveButton()->click();
    EXPECT_TRUE(ruleShown.contains(QStringLiteral("skipped"))) << ruleShown.toStdString();
    EXPECT_TRUE(ruleShown.contains(QStringLiteral("跳过"))) << ruleShown.toStdString();
    EXPECT_TRUE(refusal.contains(QStringLiteral("skipped"))) << refusal.toStdString();
    EXPECT_TRUE(refusal.contains(QStringLiteral("跳过"))) << refusal.toStdString();
    EXPECT_TRUE(forceEnabledForSkip);
    EXPECT_FALSE(forceEnabledForNext) << "the next stage needs no force";
    EXPECT_EQ(panel->ledger().stage, "negotiating");

    // 4. The allowed move: negotiating -> signed, with a date and a note.
    whenModal<viewer::StageMoveDialog>([](viewer::StageMoveDialog* dialog) {
      ASSERT_TRUE(dialog->chooseStage("signed"));
      EXPECT_EQ(dialog->pendingRule(), "");
      dialog->findChild<QDateEdit*>()->setDate(QDate(2026, 11, 27));
      dialog->findChild<QLineEdit*>(QStringLiteral("note"))->setText(QStringLiteral("投资协议签订"));
      dialog->accept();
    });
    panel->moveButton()->click();
    EXPECT_EQ(panel->ledger().stage, "signed");
    EXPECT_EQ(window.canvas()->snapshot()->find(Layer::Projects, project)->category, "signed") << "the map follows";

    // 5. A forced move (signed -> building skips "landed"): only with the check box, flagged.
    whenModal<viewer::StageMoveDialog>([](viewer::StageMoveDialog* dialog) {
      ASSERT_TRUE(dialog->chooseStage("building"));
      dialog->findChild<QCheckBox*>(QStringLiteral("force"))->setChecked(true);
      dialog->accept();
    });
    panel->moveButton()->click();
    EXPECT_EQ(panel->ledger().stage, "building");
    const QString timeline = timelineText(panel->timeline());
    EXPECT_TRUE(timeline.contains(QStringLiteral("强制"))) << timeline.toStdString();
    EXPECT_TRUE(timeline.contains(QString::fromLatin1(kClerk))) << "the timeline says who: " << timeline.toStdString();
  }

  // Read back through the command line, not the viewer.
  const auto after = cliJson(db, {"ledger", "show", project});
  const auto& stages = after["stages"];
  ASSERT_EQ(stages.size(), stagesBefore + 2) << "the refused move wrote nothing";
  const auto& signedMove = stages[stages.size() - 2];
  EXPECT_EQ(signedMove["from"], "negotiating");
  EXPECT_EQ(signedMove["to"], "signed");
  EXPECT_EQ(signedMove["date"], "2026-11-27");
  EXPECT_EQ(signedMove["note"], "投资协议签订");
  EXPECT_EQ(signedMove["user"], kClerk);
  EXPECT_EQ(signedMove["forced"], false);
  const auto& forcedMove = stages.back();
  EXPECT_EQ(forcedMove["to"], "building");
  EXPECT_EQ(forcedMove["forced"], true);
  EXPECT_EQ(forcedMove["forced_rule"], "skipped");
  EXPECT_EQ(after["stage"], "building");
  const auto problem = std::ranges::find_if(after["problems"], [&](const nlohmann::json& p) { return p["id"] == created; });
  ASSERT_NE(problem, after["problems"].end());
  EXPECT_EQ((*problem)["status"], "resolved");
  EXPECT_EQ((*problem)["resolution"], "环评已批复");
  EXPECT_EQ((*problem)["dept"], "市生态环境局城阳分局");
  EXPECT_EQ((*problem)["due_on"], "2026-12-30");

  // One audit row per write, by the viewer's user, and the chain holds.
  const auto audit = cliJson(db, {"audit", "list", "--project", project, "--user", kClerk});
  std::vector<std::string> actions;
  for (const auto& row : audit) actions.push_back(row["action"].get<std::string>());
  EXPECT_EQ(actions.size(), 4u) << nlohmann::json(actions).dump();
  EXPECT_EQ(std::ranges::count(actions, std::string("stage_move")), 2) << nlohmann::json(actions).dump();
  const auto verify = test::runLandbank(db, {"audit", "verify", "--format", "json"});
  EXPECT_EQ(verify.exitCode, 0) << verify.out << verify.err;
  EXPECT_EQ(nlohmann::json::parse(verify.out)["ok"], true);
}

TEST_F(LedgerViewerTest, RefusedRuleIsReadFromTheEnginesMessage) {
  EXPECT_EQ(viewer::refusedRule("layer 'projects', feature 'P-049', field 'stage': move refused by rule 'skipped': a move ..."), "skipped");
  EXPECT_EQ(viewer::refusedRule("no such project"), "");
  // Every rule the engine names has a meaning of its own in the dialog (not the code echoed).
  for (const char* rule : {"skipped", "backwards", "reopen_dropped", "same_stage", "dropped_needs_reason", "landing_needs_site",
                           "landing_needs_floor", "parcel_allocated", "parcel_reserved", "floor_exceeds_vacancy"})
    EXPECT_NE(viewer::stageRuleText(rule), QString::fromLatin1(rule)) << rule;
}

TEST_F(LedgerViewerTest, ProjectsPanelFiltersByStageAndFlagsStalledAndOverdueAsTheCommandLine) {
  viewer::MainWindow window;
  window.setLedgerToday(kToday);
  window.openDatabase(sampleDb());
  viewer::ProjectsPanel* panel = window.projectsPanel();
  // Stalled for 365 days: the same projects as `ledger list --stalled 365`.
  std::vector<std::string> expected;
  for (const auto& row : cliJson(sampleDb(), {"ledger", "list", "--stalled", "365"})) expected.push_back(row["project"].get<std::string>());
  ASSERT_FALSE(expected.empty());
  for (QSpinBox* spin : panel->findChildren<QSpinBox*>()) spin->setValue(365);
  panel->setFilters(std::string(), true, false);
  EXPECT_EQ(panel->listedProjects(), expected);
  // Overdue: every project `ledger overdue` names (a commitment past its date or a problem past due).
  std::set<std::string> overdue;
  for (const auto& item : cliJson(sampleDb(), {"ledger", "overdue"})) overdue.insert(item["project"].get<std::string>());
  ASSERT_FALSE(overdue.empty());
  panel->setFilters(std::string(), false, true);
  const auto listed = panel->listedProjects();
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), overdue);
  // By stage: the projects at "signed" as the command line lists them.
  std::vector<std::string> signedOnes;
  for (const auto& row : cliJson(sampleDb(), {"ledger", "list", "--stage", "signed"})) signedOnes.push_back(row["project"].get<std::string>());
  panel->setFilters("signed", false, false);
  EXPECT_EQ(panel->listedProjects(), signedOnes);
}

TEST_F(LedgerViewerTest, MapColoursProjectsByStageOrByGrade) {
  viewer::MainWindow window;
  window.setLedgerToday(kToday);
  window.openDatabase(sampleDb());
  // The grades the map uses are the command line's for each project's latest year.
  const auto& flags = window.ledgerFlags();
  int graded = 0;
  for (const auto& [id, f] : flags) {
    if (f.grade.empty()) continue;
    ++graded;
    const auto cli = cliJson(sampleDb(), {"ledger", "grade", id, "--year", std::to_string(f.gradeYear)});
    EXPECT_EQ(cli["grade"], f.grade) << id;
  }
  EXPECT_GT(graded, 0) << "the sample has operating projects with results";
  // Drawn: a graded project's symbol in its grade colour, then in its stage colour after the switch.
  const render::FeatureSnapshot* snapshot = window.canvas()->snapshot();
  const render::MapFeature* project = nullptr;
  for (const render::MapFeature& f : snapshot->layer(Layer::Projects).features)
    if (f.kind == render::ShapeKind::Point && !flags.at(f.id).grade.empty()) project = &f;
  ASSERT_NE(project, nullptr);
  render::MapSettings settings = window.canvas()->settings();
  settings.outputSize = QSize(200, 200);
  settings.extent = {project->anchor.x() - 200, project->anchor.y() - 200, project->anchor.x() + 200, project->anchor.y() + 200};
  settings.labels = false;
  for (auto& state : settings.layers) state.visible = state.layer == Layer::Projects;
  auto centreColour = [&](render::ProjectStyling styling) {
    settings.projectStyling = styling;
    const QImage image = render::renderImage(settings, *snapshot);
    return QColor(image.pixel(100, 101));
  };
  window.setProjectStyling(render::ProjectStyling::Grade);
  EXPECT_EQ(window.canvas()->settings().projectStyling, render::ProjectStyling::Grade);
  settings.projectGrades = window.canvas()->settings().projectGrades;
  const QColor byGrade = centreColour(render::ProjectStyling::Grade);
  const QColor byStage = centreColour(render::ProjectStyling::Stage);
  EXPECT_EQ(byGrade, render::featureStyle(Layer::Projects, *project, [&] {
              auto s = settings;
              s.projectStyling = render::ProjectStyling::Grade;
              return s;
            }()).fill);
  EXPECT_EQ(byStage, render::featureStyle(Layer::Projects, *project, settings).fill);
  EXPECT_NE(byGrade, byStage);
}

}  // namespace
}  // namespace landbank
