// The ledger end to end through the command line: stage rules, landing in one transaction, problems,
// stalled and overdue with fixed dates, bulk results all or nothing, reservations in matching, the
// report against SQL, and the hash-chained audit trail (append-only, tampering detected).
#include <gtest/gtest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "landbank/store.h"
#include "ledger_scene.h"

using namespace landbank::test;
using nlohmann::json;

namespace {

TEST(LedgerStages, RefusedMovesNameTheRuleAndForceIsFlagged) {
  LedgerScene scene;
  // lead -> signed skips negotiating.
  CliResult skipped = scene.run({"ledger", "move", "P-001", "signed", "--date", "2026-03-01"});
  EXPECT_EQ(skipped.exitCode, 1);
  EXPECT_NE(skipped.err.find("规则 'skipped'"), std::string::npos) << skipped.err;
  EXPECT_EQ(scene.sqlText("SELECT stage FROM projects WHERE id = 'P-001'"), "lead");
  scene.ok({"ledger", "move", "P-001", "洽谈", "--date", "2026-03-01"});
  scene.ok({"ledger", "move", "P-001", "签约", "--date", "2026-04-01", "--note", "协议签订"});
  const CliResult back = scene.run({"ledger", "move", "P-001", "negotiating", "--date", "2026-04-02"});
  EXPECT_EQ(back.exitCode, 1);
  EXPECT_NE(back.err.find("规则 'backwards'"), std::string::npos) << back.err;
  scene.ok({"ledger", "move", "P-001", "negotiating", "--date", "2026-04-03", "--force", "--note", "重新谈判"});
  EXPECT_EQ(scene.sqlInt("SELECT forced FROM ledger_stage_history WHERE project_id = 'P-001' AND on_date = '2026-04-03'"), 1);
  EXPECT_EQ(scene.sqlText("SELECT forced_rule FROM ledger_stage_history WHERE project_id = 'P-001' AND on_date = '2026-04-03'"), "backwards");
  const json shown = json::parse(scene.ok({"ledger", "show", "P-001", "--format", "json"}));
  ASSERT_EQ(shown["stages"].size(), 4u);  // entered, negotiating, signed, forced back
  EXPECT_TRUE(shown["stages"][3]["forced"].get<bool>());
  // Dropped needs a reason; a dropped project cannot come back without --force.
  EXPECT_EQ(scene.run({"ledger", "move", "P-001", "dropped", "--date", "2026-05-01"}).exitCode, 1);
  scene.ok({"ledger", "move", "P-001", "dropped", "--date", "2026-05-01", "--reason", "企业战略调整"});
  const CliResult reopen = scene.run({"ledger", "move", "P-001", "negotiating", "--date", "2026-05-02"});
  EXPECT_NE(reopen.err.find("规则 'reopen_dropped'"), std::string::npos) << reopen.err;
  EXPECT_EQ(scene.run({"ledger", "move", "P-001", "dropped", "--date", "2026-05-03", "--reason", "x"}).exitCode, 1);  // same_stage
}

TEST(LedgerStages, LandingAllocatesTheParcelInTheSameTransactionAndASecondLandingIsRefused) {
  LedgerScene scene;
  for (const char* project : {"P-001", "P-002"}) {
    scene.ok({"ledger", "move", project, "negotiating", "--date", "2026-03-01"});
    scene.ok({"ledger", "move", project, "signed", "--date", "2026-04-01"});
  }
  // Landing names its site.
  const CliResult noSite = scene.run({"ledger", "move", "P-001", "landed", "--date", "2026-05-01"});
  EXPECT_NE(noSite.err.find("landing_needs_site"), std::string::npos) << noSite.err;
  scene.ok({"ledger", "move", "P-001", "landed", "--date", "2026-05-01", "--parcel", "CY-1"});
  EXPECT_EQ(scene.sqlText("SELECT status FROM parcels WHERE id = 'CY-1'"), "allocated");
  EXPECT_EQ(scene.sqlText("SELECT parcel_id FROM project_location WHERE project_id = 'P-001'"), "CY-1");
  EXPECT_EQ(scene.sqlText("SELECT subdistrict FROM project_location WHERE project_id = 'P-001'"), "流亭街道");
  // One audit row for the move, carrying the parcel's status before and after.
  const json detail = json::parse(scene.sqlText("SELECT detail FROM audit_log WHERE action = 'stage_move' AND feature_id = 'P-001' ORDER BY seq DESC"));
  EXPECT_EQ(detail["site"]["status_before"], "available");
  EXPECT_EQ(detail["site"]["status_after"], "allocated");

  const std::string before = databaseFingerprint(scene.db());
  const CliResult second = scene.run({"ledger", "move", "P-002", "landed", "--date", "2026-05-02", "--parcel", "CY-1"});
  EXPECT_EQ(second.exitCode, 1);
  EXPECT_NE(second.err.find("规则 'parcel_allocated'"), std::string::npos) << second.err;
  EXPECT_EQ(databaseFingerprint(scene.db()), before) << "a refused landing leaves the database as it was";
}

TEST(LedgerStages, LandingInABuildingShrinksItsVacantFloor) {
  LedgerScene scene;
  scene.ok({"ledger", "move", "P-003", "negotiating", "--date", "2026-03-01"});
  scene.ok({"ledger", "move", "P-003", "signed", "--date", "2026-04-01"});
  const CliResult tooBig = scene.run({"ledger", "move", "P-003", "landed", "--date", "2026-05-01", "--building", "B-1", "--floor", "6000"});
  EXPECT_NE(tooBig.err.find("floor_exceeds_vacancy"), std::string::npos) << tooBig.err;
  scene.ok({"ledger", "move", "P-003", "landed", "--date", "2026-05-01", "--building", "B-1"});  // floor_need_m2 2000
  EXPECT_DOUBLE_EQ(scene.sqlDouble("SELECT vacant_floor_m2 FROM buildings WHERE id = 'B-1'"), 3000.0);
}

TEST(LedgerViews, StalledAndOverdueWithFixedDates) {
  LedgerScene scene;
  scene.ok({"ledger", "move", "P-002", "negotiating", "--date", "2026-06-01"});
  // At 2026-12-01: P-001 has been at lead since 2026-01-10 (325 days), P-002 negotiating since 06-01 (183), P-003 lead since 03-01 (275).
  const json stalled = json::parse(scene.ok({"ledger", "list", "--stalled", "200", "--format", "json"}));
  std::vector<std::string> ids;
  for (const json& row : stalled) ids.push_back(row["project"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"P-001", "P-003"}));
  EXPECT_EQ(stalled[0]["days_in_stage"], 325);
  // Exactly at the boundary: 183 days is stalled for --stalled 183, not for 184.
  EXPECT_EQ(json::parse(scene.ok({"ledger", "list", "--stalled", "183", "--format", "json"})).size(), 3u);
  EXPECT_EQ(json::parse(scene.ok({"ledger", "list", "--stalled", "184", "--format", "json"})).size(), 2u);

  scene.ok({"ledger", "problem", "add", "P-002", "环评批复未下达", "--category", "环保", "--dept", "生态环境局", "--due", "2026-11-30", "--date", "2026-10-01"});
  scene.ok({"ledger", "problem", "add", "P-002", "用地指标", "--category", "land", "--dept", "自然资源局", "--due", "2026-12-01", "--date", "2026-10-01"});
  scene.ok({"ledger", "commit", "P-002", "--construction-start", "2026-09-01", "--production", "2027-06-30", "--tax", "500"});
  const json overdue = json::parse(scene.ok({"ledger", "overdue", "--format", "json"}));
  ASSERT_EQ(overdue.size(), 2u) << overdue.dump();  // construction start (91 days), the problem due 11-30 (1 day); due today is not overdue
  EXPECT_EQ(overdue[0]["what"], "construction_start");
  EXPECT_EQ(overdue[0]["days_overdue"], 91);
  EXPECT_EQ(overdue[1]["what"], "PB-0001");
  EXPECT_EQ(overdue[1]["days_overdue"], 1);
  const json problems = json::parse(scene.ok({"ledger", "problem", "list", "--overdue", "--format", "json"}));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0]["category"], "environment");
  scene.ok({"ledger", "problem", "resolve", "PB-0001", "--date", "2026-12-01", "--resolution", "已批复"});
  EXPECT_EQ(json::parse(scene.ok({"ledger", "problem", "list", "--open", "--format", "json"})).size(), 1u);
  EXPECT_EQ(json::parse(scene.ok({"ledger", "problem", "list", "--dept", "生态环境局", "--format", "json"})).size(), 1u);
}

TEST(LedgerResults, BulkResultsAreAllOrNothingWithImporterStyleErrors) {
  LedgerScene scene;
  writeTextFile(scene.file("good.csv"), "project,year,investment,output,tax,jobs,energy\nP-001,2025,1000,5000,300,120,200\nP-002,2025,,2000,90,40,\n");
  writeTextFile(scene.file("bad.csv"), "project,year,investment,output,tax,jobs,energy\nP-001,2026,1000,5000,300,120,200\nP-002,2026,,abc,90,40,\n");
  const std::string before = databaseFingerprint(scene.db());
  const CliResult bad = scene.run({"ledger", "result", "--from", scene.file("bad.csv").string()});
  EXPECT_EQ(bad.exitCode, 1);
  EXPECT_NE(bad.err.find("bad.csv"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("要素 'P-002'（第 2 行）"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("字段 'output'"), std::string::npos) << bad.err;
  EXPECT_EQ(databaseFingerprint(scene.db()), before);
  scene.ok({"ledger", "result", "--from", scene.file("good.csv").string()});
  EXPECT_EQ(scene.sqlInt("SELECT count(*) FROM ledger_results"), 2);
  EXPECT_DOUBLE_EQ(scene.sqlDouble("SELECT tax_wan FROM ledger_results WHERE project_id = 'P-002' AND year = 2025"), 90.0);
  // An unknown project is refused by name.
  writeTextFile(scene.file("unknown.csv"), "project,year,tax\nP-999,2025,1\n");
  const CliResult unknown = scene.run({"ledger", "result", "--from", scene.file("unknown.csv").string()});
  EXPECT_NE(unknown.err.find("没有这个项目"), std::string::npos) << unknown.err;
}

TEST(LedgerReservations, AReservedParcelIsOfferedToNoOtherProjectAndWhySaysSo) {
  LedgerScene scene;
  const json before = json::parse(scene.ok({"match", "P-002", "--kind", "parcel", "--format", "json"}));
  EXPECT_EQ(before["candidates"].size(), 4u) << before.dump();
  scene.ok({"ledger", "reserve", "P-001", "CY-2", "--until", "2027-03-31"});
  const json after = json::parse(scene.ok({"match", "P-002", "--kind", "parcel", "--format", "json"}));
  EXPECT_EQ(after["candidates"].size(), 3u);
  EXPECT_EQ(after["rejected"]["reserved"], 1);
  const json own = json::parse(scene.ok({"match", "P-001", "--kind", "parcel", "--format", "json"}));
  EXPECT_EQ(own["candidates"].size(), 4u) << "the project it is reserved for still gets it";
  const CliResult why = scene.run({"--lang", "en", "match", "P-002", "--why", "CY-2", "--format", "json"});
  EXPECT_NE(why.out.find("reserved (预留) for project P-001 until 2027-03-31"), std::string::npos) << why.out;
  // Another project cannot reserve or land on it.
  EXPECT_EQ(scene.run({"ledger", "reserve", "P-002", "CY-2", "--until", "2027-01-31"}).exitCode, 1);
  // Expired reservations no longer hold: at 2027-04-01 the parcel is offered again.
  const CliResult later = runLandbank(scene.db(), {"--today", "2027-04-01", "match", "P-002", "--kind", "parcel", "--format", "json"});
  EXPECT_EQ(json::parse(later.out)["candidates"].size(), 4u);
  scene.ok({"ledger", "release", "CY-2"});
  EXPECT_EQ(json::parse(scene.ok({"match", "P-002", "--kind", "parcel", "--format", "json"}))["candidates"].size(), 4u);
}

TEST(LedgerProjects, EnteredProjectsAreCheckedAsTheImporterChecks) {
  LedgerScene scene;
  const json p1 = json::parse(scene.ok({"project", "show", "P-001", "--format", "json"}));
  EXPECT_EQ(p1["sector"], "advanced_mfg");  // 先进制造业 -> code
  EXPECT_EQ(p1["stage"], "lead");
  const json p2 = json::parse(scene.ok({"project", "show", "P-002", "--format", "json"}));
  EXPECT_EQ(p2["subdistrict"], "流亭街道") << "derived from its point";
  EXPECT_NEAR(p2["location"][0].get<double>(), 120.355, 1e-7);
  const CliResult badSector = scene.run({"project", "add", "--name", "x", "--sector", "mining"});
  EXPECT_EQ(badSector.exitCode, 1);
  EXPECT_NE(badSector.err.find("图层 'projects'，要素 'P-004'，字段 'sector'"), std::string::npos) << badSector.err;
  const CliResult missing = scene.run({"project", "add", "--sector", "emerging"});
  EXPECT_NE(missing.err.find("字段 'name'：必填值为空"), std::string::npos) << missing.err;
  const CliResult badNumber = scene.run({"project", "add", "--name", "x", "--sector", "emerging", "--pollution-class", "4"});
  EXPECT_NE(badNumber.err.find("超出范围"), std::string::npos) << badNumber.err;
  writeTextFile(scene.file("p.json"), R"({"id": "P-100", "name": "港口物流", "sector": "现代服务业", "investment_wan": 20000, "tier": "中国500强", "lon": 120.36, "lat": 36.27, "contact": "王经理"})");
  scene.ok({"project", "add", "--from", scene.file("p.json").string()});
  const json p100 = json::parse(scene.ok({"project", "show", "P-100", "--format", "json"}));
  EXPECT_EQ(p100["tier"], "china500");
  EXPECT_EQ(p100["attrs"]["contact"], "王经理");
  scene.ok({"project", "edit", "P-100", "--set", "investment_wan=25000", "--set", "jobs=300"});
  EXPECT_DOUBLE_EQ(scene.sqlDouble("SELECT investment_wan FROM projects WHERE id = 'P-100'"), 25000.0);
  EXPECT_EQ(scene.run({"project", "edit", "P-100", "--set", "stage=signed"}).exitCode, 2) << "stages move through the ledger";
  const json edit = json::parse(scene.sqlText("SELECT detail FROM audit_log WHERE action = 'project_edit'"));
  EXPECT_EQ(edit["before"]["investment_wan"], 20000.0);
  EXPECT_EQ(edit["after"]["investment_wan"], 25000.0);
  EXPECT_EQ(edit["after"]["jobs"], 300);
  const json listed = json::parse(scene.ok({"project", "list", "--sector", "现代服务业", "--format", "json"}));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["id"], "P-100");
  EXPECT_EQ(json::parse(scene.ok({"project", "list", "--subdistrict", "流亭街道", "--format", "json"})).size(), 2u);
}

TEST(LedgerAudit, EveryWriteKindAppendsOneRowAndTheChainVerifies) {
  LedgerScene scene;
  auto count = [&](const std::string& action) { return scene.sqlInt("SELECT count(*) FROM audit_log WHERE action = '" + action + "'"); };
  EXPECT_EQ(count("import"), 3);
  EXPECT_EQ(count("project_add"), 3);
  const long long start = scene.sqlInt("SELECT count(*) FROM audit_log");
  struct Write {
    std::vector<std::string> args;
    std::string action;
  };
  writeTextFile(scene.file("r.csv"), "project,year,tax\nP-001,2025,10\n");
  const std::vector<Write> writes{
      {{"project", "edit", "P-001", "--set", "jobs=10"}, "project_edit"},
      {{"ledger", "move", "P-001", "negotiating", "--date", "2026-03-01"}, "stage_move"},
      {{"ledger", "problem", "add", "P-001", "注册", "--category", "registration", "--dept", "市场监管局"}, "problem_add"},
      {{"ledger", "problem", "update", "PB-0001", "--note", "已受理"}, "problem_update"},
      {{"ledger", "problem", "resolve", "PB-0001"}, "problem_resolve"},
      {{"ledger", "visit", "P-001", "--visitor", "招商一科", "--findings", "运行正常"}, "visit_add"},
      {{"ledger", "capital", "P-001", "--kind", "expansion", "--amount", "3000"}, "capital_add"},
      {{"ledger", "commit", "P-001", "--tax", "500", "--clause", "tax_wan=第六条"}, "commitments_set"},
      {{"ledger", "result", "P-001", "--year", "2026", "--tax", "400"}, "result_record"},
      {{"ledger", "result", "--from", scene.file("r.csv").string()}, "results_import"},
      {{"ledger", "reserve", "P-002", "CY-4", "--until", "2027-01-31"}, "parcel_reserve"},
      {{"ledger", "release", "CY-4"}, "parcel_release"},
      {{"parcel", "status", "CY-4", "储备", "--note", "收回"}, "set_status"},
  };
  for (std::size_t i = 0; i < writes.size(); ++i) {
    scene.ok(writes[i].args);
    EXPECT_EQ(scene.sqlInt("SELECT count(*) FROM audit_log"), start + static_cast<long long>(i) + 1) << writes[i].action;
    EXPECT_EQ(scene.sqlText("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1"), writes[i].action);
    EXPECT_EQ(scene.sqlText("SELECT user FROM audit_log ORDER BY seq DESC LIMIT 1"), "tester");
  }
  EXPECT_EQ(scene.sqlText("SELECT status FROM parcels WHERE id = 'CY-4'"), "reserved");
  const json verify = json::parse(scene.ok({"audit", "verify", "--format", "json"}));
  EXPECT_TRUE(verify["ok"].get<bool>());
  EXPECT_EQ(verify["rows"], start + static_cast<long long>(writes.size()));
  const json mine = json::parse(scene.ok({"audit", "list", "--project", "P-001", "--format", "json"}));
  EXPECT_EQ(mine.size(), 10u);  // its add and its nine ledger writes; not the bulk import, the reservation of P-002, the parcel status
  EXPECT_EQ(json::parse(scene.ok({"audit", "list", "--user", "nobody", "--format", "json"})).size(), 0u);
}

TEST(LedgerAudit, TheLogRefusesUpdateAndDeleteAndTamperingBelowTheTriggersIsDetected) {
  LedgerScene scene;
  EXPECT_NE(scene.sqlExec("UPDATE audit_log SET user = 'mallory' WHERE seq = 2").find("append-only"), std::string::npos);
  EXPECT_NE(scene.sqlExec("DELETE FROM audit_log WHERE seq = 2").find("append-only"), std::string::npos);
  EXPECT_EQ(scene.run({"audit", "verify"}).exitCode, 0);
  // Below the triggers: drop one, edit row 3's detail, and verify names row 3.
  EXPECT_EQ(scene.sqlExec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = '{\"imported\":999}' WHERE seq = 3"), "");
  const CliResult tampered = scene.run({"audit", "verify"});
  EXPECT_EQ(tampered.exitCode, 1);
  EXPECT_NE(tampered.err.find("audit_log 第 3 行："), std::string::npos) << tampered.err;
  // A deleted row is found at the row after it.
  LedgerScene other;
  EXPECT_EQ(other.sqlExec("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 4"), "");
  const CliResult gap = other.run({"audit", "verify"});
  EXPECT_EQ(gap.exitCode, 1);
  EXPECT_NE(gap.err.find("audit_log 第 5 行："), std::string::npos) << gap.err;
}

}  // namespace

namespace {

TEST(LedgerProjects, ParcelStatusSaysTheChangeByLabelInTheLanguage) {
  LedgerScene scene;
  ASSERT_EQ(scene.sqlText("SELECT status FROM parcels WHERE id = 'CY-4'"), "available");
  // Chinese by default: labels, never the codes the audit row keeps.
  const std::string zh = scene.ok({"parcel", "status", "CY-4", "储备"});
  EXPECT_NE(zh.find("可供应 → 储备"), std::string::npos) << zh;
  EXPECT_EQ(zh.find("reserved"), std::string::npos) << zh;
  EXPECT_NE(scene.ok({"parcel", "status", "CY-4", "reserved"}).find("（未变）"), std::string::npos);
  const std::string en = scene.ok({"--lang", "en", "parcel", "status", "CY-4", "available"});
  EXPECT_NE(en.find("reserved -> available"), std::string::npos) << en;
  EXPECT_EQ(scene.sqlText("SELECT status FROM parcels WHERE id = 'CY-4'"), "available");
}

TEST(LedgerProjects, FormatsACommandCannotWriteAreRefusedAndProjectCsvIsSafe) {
  LedgerScene scene;
  const std::string before = databaseFingerprint(scene.db());
  // A table printed under --format csv would be a silently wrong file: refused instead, naming what it writes.
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"ledger", "show", "P-001", "--format", "csv"}, {"project", "show", "P-001", "--format", "geojson"},
           {"audit", "list", "--format", "csv"}, {"report", "--period", "2026", "--format", "geojson"},
           {"project", "list", "--format", "geojson"}}) {
    const CliResult refused = scene.run(args);
    EXPECT_EQ(refused.exitCode, 2) << args[0] << " " << args[1];
    EXPECT_NE(refused.err.find("能输出"), std::string::npos) << refused.err;
  }
  EXPECT_EQ(databaseFingerprint(scene.db()), before);
  // project list CSV: a name a spreadsheet would run as a formula gets the apostrophe; numbers stay numbers.
  scene.ok({"project", "add", "--id", "P-900", "--name", "=HYPERLINK(\"x\")", "--sector", "advanced_mfg", "--investment-wan", "29300"});
  const std::string csv = scene.ok({"project", "list", "--format", "csv"});
  EXPECT_NE(csv.find("P-900,\"'=HYPERLINK(\"\"x\"\")\""), std::string::npos) << csv;
  EXPECT_NE(csv.find(",29300"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("\"29,300"), std::string::npos) << csv;
}

TEST(LedgerProjects, LedgerProjectAuditAndReportWriteToFilesThroughTheListingsOutput) {
  LedgerScene scene;
  TempDir out;
  // -o FILE: the format follows the extension, the file is written whole, stdout stays empty.
  struct Case {
    std::vector<std::string> args;
    std::string file;
  };
  const std::vector<Case> cases{{{"ledger", "show", "P-001"}, "show.json"},       {{"ledger", "list"}, "list.txt"},
                                {{"project", "show", "P-001"}, "project.json"},   {{"project", "list"}, "projects.csv"},
                                {{"audit", "list"}, "audit.json"},                {{"report", "--period", "2026"}, "report.csv"},
                                {{"ledger", "overdue"}, "overdue.txt"},           {{"audit", "verify"}, "verify.json"}};
  for (const Case& c : cases) {
    std::vector<std::string> args = c.args;
    const std::filesystem::path file = out / c.file;
    args.insert(args.end(), {"-o", file.string()});
    const CliResult result = scene.run(args);
    ASSERT_EQ(result.exitCode, 0) << c.args[0] << " " << c.args[1] << ": " << result.err;
    EXPECT_EQ(result.out, "") << c.file;
    const std::string written = readTextFile(file);
    ASSERT_FALSE(written.empty()) << c.file;
    if (c.file.ends_with(".json")) {
      EXPECT_TRUE(nlohmann::json::accept(written)) << c.file << ": " << written.substr(0, 200);
    }
    if (c.file.ends_with(".csv")) {
      EXPECT_NE(written.substr(0, written.find('\n')).find(','), std::string::npos) << c.file;  // CSV, not a table
    }
  }
  EXPECT_EQ(readTextFile(out / "projects.csv").rfind("id,name,", 0), 0u);
  EXPECT_EQ(readTextFile(out / "report.csv").rfind("group,", 0), 0u);
  // A mismatch of extension and --format, an extension no format has, and the database itself: exit 2, nothing written.
  const std::string before = databaseFingerprint(scene.db());
  EXPECT_EQ(scene.run({"ledger", "show", "P-001", "--format", "table", "-o", (out / "x.json").string()}).exitCode, 2);
  EXPECT_EQ(scene.run({"audit", "list", "-o", (out / "audit.kml").string()}).exitCode, 2);
  EXPECT_FALSE(std::filesystem::exists(out / "x.json"));
  EXPECT_FALSE(std::filesystem::exists(out / "audit.kml"));
  const CliResult ontoDatabase = scene.run({"report", "--period", "2026", "--format", "json", "-o", scene.db().string()});
  EXPECT_NE(ontoDatabase.exitCode, 0);
  EXPECT_EQ(databaseFingerprint(scene.db()), before);
}

// Takes a file back to schema 3: no context layers (migration 5: their tables, R*Trees and SpatiaLite
// metadata rows), no audit chain, no ledger tables (as Landbank wrote it before the ledger).
constexpr const char* kBackToSchema3 =
    // Migrations 6 and 7: the stored parcel facts and their staleness triggers (dropped with their tables).
    "DROP TABLE parcel_facts; DROP TABLE parcel_facts_state; DROP TABLE parcel_facts_offered;"
    "DROP TRIGGER parcel_facts_stale_parcels_insert; DROP TRIGGER parcel_facts_stale_parcels_delete; DROP TRIGGER parcel_facts_stale_parcels_update;"
    "DROP TRIGGER parcel_facts_stale_constraints_insert; DROP TRIGGER parcel_facts_stale_constraints_delete; DROP TRIGGER parcel_facts_stale_constraints_update;"
    "DROP TRIGGER parcel_facts_stale_facilities_insert; DROP TRIGGER parcel_facts_stale_facilities_delete; DROP TRIGGER parcel_facts_stale_facilities_update;"
    "DROP TRIGGER parcel_facts_stale_parks_insert; DROP TRIGGER parcel_facts_stale_parks_delete; DROP TRIGGER parcel_facts_stale_parks_update;"
    "DROP TABLE roads; DROP TABLE water; DROP TABLE places; DROP TABLE idx_roads_geom; DROP TABLE idx_water_geom; DROP TABLE idx_places_geom;"
    "DELETE FROM geometry_columns_auth WHERE f_table_name IN ('roads', 'water', 'places');"
    "DELETE FROM geometry_columns_statistics WHERE f_table_name IN ('roads', 'water', 'places');"
    "DELETE FROM geometry_columns_field_infos WHERE f_table_name IN ('roads', 'water', 'places');"
    "DELETE FROM geometry_columns_time WHERE f_table_name IN ('roads', 'water', 'places');"
    "DELETE FROM geometry_columns WHERE f_table_name IN ('roads', 'water', 'places');"
    "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP INDEX audit_log_project; DROP INDEX audit_log_at;"
    "ALTER TABLE audit_log DROP COLUMN project_id; ALTER TABLE audit_log DROP COLUMN prev_hash; ALTER TABLE audit_log DROP COLUMN hash;"
    "DROP TABLE project_location; DROP TABLE ledger_stage_history; DROP TABLE ledger_problems; DROP TABLE ledger_visits;"
    "DROP TABLE ledger_capital; DROP TABLE ledger_commitments; DROP TABLE ledger_results; DROP TABLE ledger_reservations;";

TEST(LedgerAudit, RowsWrittenBeforeTheChainJoinItWhenTheDatabaseIsMigrated) {
  LedgerScene scene;
  // Take the file back to schema 3 (no chain, no ledger tables), with audit rows as the importer and
  // the viewer wrote them then; opening it read-write migrates it.
  const std::string downgrade = std::string(kBackToSchema3) +
      "INSERT INTO audit_log(at, user, action, layer, feature_id, detail) VALUES ('2026-01-02T03:04:05Z', 'viewer', 'set_status', 'parcels',"
      " 'CY-1', '{\"before\":\"available\",\"after\":\"reserved\"}');"
      "PRAGMA user_version = 3;";
  ASSERT_EQ(scene.sqlExec(downgrade), "");
  const long long rows = scene.sqlInt("SELECT count(*) FROM audit_log");
  scene.ok({"ledger", "move", "P-001", "negotiating", "--date", "2026-03-01"});  // opens read-write: migration 4
  EXPECT_EQ(scene.sqlInt("SELECT count(*) FROM audit_log"), rows + 1);
  EXPECT_EQ(scene.sqlInt("SELECT count(*) FROM audit_log WHERE length(hash) = 64"), rows + 1);
  EXPECT_EQ(scene.sqlText("SELECT prev_hash FROM audit_log WHERE seq = 1"), std::string(64, '0'));
  const json verify = json::parse(scene.ok({"audit", "verify", "--format", "json"}));
  EXPECT_TRUE(verify["ok"].get<bool>());
  EXPECT_NE(scene.sqlExec("DELETE FROM audit_log"), "") << "the triggers are in place after the migration";
}

TEST(LedgerAudit, AListingOnAnOlderDatabaseUpgradesItFirst) {
  LedgerScene scene;
  const std::string downgrade = std::string(kBackToSchema3) + "PRAGMA user_version = 3;";
  ASSERT_EQ(scene.sqlExec(downgrade), "");
  // The first command after an upgrade of Landbank is often a read-only one: it must work, not ask
  // the planner to "open it read-write".
  scene.ok({"parcels", "--format", "json"});
  EXPECT_EQ(scene.sqlInt("PRAGMA user_version"), landbank::Store::currentSchemaVersion());
  const json verify = json::parse(scene.ok({"audit", "verify", "--format", "json"}));
  EXPECT_TRUE(verify["ok"].get<bool>());
}

TEST(LedgerWords, TheTimelineSpeaksTheLanguageFromItsFirstEntry) {
  LedgerScene scene;
  const json zh = json::parse(scene.ok({"ledger", "show", "P-001", "--format", "json"}));
  ASSERT_FALSE(zh["timeline"].empty());
  EXPECT_EQ(zh["timeline"][0]["text"], "登记为线索");
  const json en = json::parse(scene.ok({"--lang", "en", "ledger", "show", "P-001", "--format", "json"}));
  EXPECT_EQ(en["timeline"][0]["text"], "entered at lead");
  const std::string table = scene.ok({"ledger", "show", "P-001", "--format", "table"});
  EXPECT_EQ(table.find("entered"), std::string::npos) << table;
  // An older database's first entry carries the English marker; it is not shown either.
  EXPECT_EQ(scene.sqlExec("UPDATE ledger_stage_history SET note = 'entered' WHERE project_id = 'P-001'"), "");
  EXPECT_EQ(json::parse(scene.ok({"ledger", "show", "P-001", "--format", "json"}))["timeline"][0]["text"], "登记为线索");
  // Stage words of the ledger (投产, not the layer's old 运营), from the one label table.
  EXPECT_NE(scene.ok({"project", "list", "--format", "table"}).find("线索"), std::string::npos);
}

TEST(ImportUser, ProvenanceNamesTheSameUserAsTheAuditRow) {
  LedgerScene scene;  // scene.ok() passes --user tester
  writeTextFile(scene.file("more.geojson"),
                R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"F-1","type":"port","name":"港"},)"
                R"("geometry":{"type":"Point","coordinates":[120.33,36.27]}}]})");
  scene.ok({"import", "facilities", scene.file("more.geojson").string()});
  EXPECT_EQ(scene.sqlText("SELECT imported_by FROM layer_provenance WHERE layer = 'facilities'"), "tester");
  EXPECT_EQ(scene.sqlText("SELECT user FROM audit_log WHERE action = 'import' ORDER BY seq DESC LIMIT 1"), "tester");
}

TEST(SampleLedger, GradesSpreadOverAToDAndTheReportShowsThem) {
  TempDir dir;
  const std::filesystem::path db = dir / "sample.sqlite";
  ASSERT_EQ(runLandbank(db, {"init", "--sample"}).exitCode, 0);
  for (const char* year : {"2024", "2025"}) {
    const CliResult graded = runLandbank(db, {"--today", "2026-11-30", "ledger", "grade", "--year", year, "--format", "json"});
    ASSERT_EQ(graded.exitCode, 0) << graded.err;
    std::map<std::string, int> count;
    for (const json& grade : json::parse(graded.out)) ++count[grade["grade"].is_null() ? "-" : grade["grade"].get<std::string>()];
    for (const char* grade : {"A", "B", "C", "D"}) EXPECT_GE(count[grade], 1) << year << " grade " << grade;
    EXPECT_LE(count["A"] * 2, static_cast<int>(json::parse(graded.out).size())) << year << ": at most half are A";
  }
  // The report's 亩均 over the same results: a plausible district figure, not thousands per 亩.
  const json report = json::parse(runLandbank(db, {"--today", "2026-11-30", "report", "--period", "2025", "--format", "json"}).out);
  EXPECT_GT(report["total"]["tax_per_mu"].get<double>(), 10.0);
  EXPECT_LT(report["total"]["tax_per_mu"].get<double>(), 60.0);
}

}  // namespace
