// Stage moves: the order lead -> negotiating -> signed -> landed -> building -> operating (plus
// dropped), and landing on a parcel or in a building in the same transaction.
#include <cmath>

#include "detail/sqlite.h"
#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/ledger.h"
#include "landbank/store.h"
#include "landbank/stored_facts.h"
#include "landbank/texts.h"
#include "ledger/ledger_internal.h"

namespace landbank {

namespace {

constexpr int kDropped = 6;

// The rule's code travels in the context too (the viewer's dialog explains it by the code).
[[noreturn]] void refuse(const std::string& projectId, const std::string& rule, const Message& problem) {
  throw Error(ErrorCode::BadValue, Message{"阶段推进被拒绝（规则 '" + rule + "'）：" + problem.zh, "move refused by rule '" + rule + "': " + problem.en},
              {.layer = "projects", .feature = projectId, .field = "stage", .rule = rule});
}

std::string stageZh(const std::string& code) { return code.empty() ? "（无）" : ledgerLabel(code, Language::Chinese); }

}  // namespace

std::string stageMoveRule(const std::string& from, const std::string& to) {
  const int source = stageIndex(from), target = stageIndex(to);
  if (from == to) return "same_stage";
  if (target == kDropped) return "";
  if (source == kDropped) return "reopen_dropped";
  if (target < source) return "backwards";
  if (target > source + 1) return "skipped";
  return "";
}

StageMoveResult moveStage(Store& store, const StageMoveRequest& request) {
  const std::string to = parseStage(request.toStage);
  const std::string date = parseLedgerDate(request.date, "--date");
  SqliteDatabase& db = store.database();
  SqliteTransaction transaction(db);
  const std::string from = requireProjectStage(db, request.projectId);
  StageMoveResult result{request.projectId, from, to, date, false, "", std::nullopt, std::nullopt};

  const std::string rule = stageMoveRule(from, to);
  if (rule == "same_stage") refuse(request.projectId, rule, Message{"项目已处于“" + stageZh(to) + "”阶段", "the project is already at stage " + to});
  if (!rule.empty()) {
    if (request.rules != MoveRules::Force) {
      const std::string what = rule == "backwards"        ? "a move back from " + from + " to " + to
                               : rule == "skipped"        ? "a move from " + (from.empty() ? std::string("(none)") : from) +
                                                                " to " + to + " skips a stage"
                                                          : "a dropped project cannot be reopened";
      const std::string whatZh = rule == "backwards" ? "从“" + stageZh(from) + "”退回到“" + stageZh(to) + "”"
                                 : rule == "skipped" ? "从“" + stageZh(from) + "”到“" + stageZh(to) + "”跳过了阶段"
                                                     : "已放弃的项目不能重新启动";
      refuse(request.projectId, rule,
             Message{whatZh + "（阶段依次为 线索 -> 洽谈 -> 签约 -> 落地 -> 在建 -> 投产；加 --force 可强制推进，并在历史中标记）",
                     what + " (stages go lead -> negotiating -> signed -> landed -> building -> operating;"
                            " --force overrides and flags it in the history)"});
    }
    result.forced = true;
    result.overriddenRule = rule;
  }
  if (to == "dropped" && request.reason.empty())
    refuse(request.projectId, "dropped_needs_reason", Message{"放弃项目须说明原因（--reason）", "a project is dropped with a reason (--reason)"});

  // Landing: the site, checked and taken in this transaction.
  nlohmann::json site = nullptr;
  std::optional<std::string> siteKind, siteId, subdistrict;
  std::optional<double> floor;
  if (request.parcelId && request.buildingId) refuse(request.projectId, "one_site", Message{"--parcel 和 --building 只能给一个", "name --parcel or --building, not both"});
  const bool hasSite = request.parcelId || request.buildingId;
  if (hasSite && to != "landed") refuse(request.projectId, "site_only_when_landing", Message{"只有推进到“落地”时才指定选址", "a site is named when moving to landed"});
  if (to == "landed" && !hasSite) {
    auto location = db.prepare("SELECT parcel_id, building_id FROM project_location WHERE project_id = ?");
    location.bind(1, request.projectId);
    const bool known = location.step() && (!location.isNull(0) || !location.isNull(1));
    if (!known) refuse(request.projectId, "landing_needs_site",
                     Message{"落地须指明选址（--parcel 编号 或 --building 编号 [--floor 平方米]）", "landing names its site (--parcel ID or --building ID [--floor M2])"});
  }
  if (request.parcelId) {
    const std::string& parcel = *request.parcelId;
    const std::string status = requireParcelStatus(db, parcel);
    auto holder = db.prepare("SELECT project_id FROM project_location WHERE parcel_id = ? AND project_id <> ?");
    holder.bind(1, parcel).bind(2, request.projectId);
    if (holder.step())
      refuse(request.projectId, "parcel_allocated",
             Message{"地块 " + parcel + " 已供给项目 " + holder.columnText(0), "parcel " + parcel + " is allocated to project " + holder.columnText(0)});
    if (status == "allocated" || status == "building" || status == "built")
      refuse(request.projectId, "parcel_allocated",
             Message{"地块 " + parcel + " 已是“" + codeLabel(CodeList::ParcelStatus, status, Language::Chinese) + "”状态（已供给其他项目）",
                     "parcel " + parcel + " is already " + status + " (allocated to another project)"});
    if (const auto other = reservedFor(db, parcel, date); other && *other != request.projectId)
      refuse(request.projectId, "parcel_reserved", Message{"地块 " + parcel + " 已为项目 " + *other + " 预留", "parcel " + parcel + " is reserved for project " + *other});
    auto read = db.prepare("SELECT subdistrict FROM parcels WHERE id = ?");
    read.bind(1, parcel);
    read.step();
    subdistrict = read.columnOptionalText(0);
    const StoredFactsState factsBefore = storedFactsState(store);  // before the update's trigger marks them
    auto update = db.prepare("UPDATE parcels SET status = 'allocated' WHERE id = ?");
    update.bind(1, parcel);
    update.run();
    // An allocated parcel is no longer offered: its stored facts go (landbank/stored_facts.h).
    auto fid = db.prepare("SELECT fid FROM parcels WHERE id = ?");
    fid.bind(1, parcel);
    if (fid.step()) updateStoredFacts(store, StoredFactsChange{StoredFactsChange::Scope::Parcels, {fid.columnInt(0)}, factsBefore});
    // A project without a point takes one on its parcel.
    auto point = db.prepare(
        "UPDATE projects SET geom = (SELECT PointOnSurface(geom) FROM parcels WHERE id = ?) WHERE id = ? AND geom IS NULL");
    point.bind(1, parcel).bind(2, request.projectId);
    point.run();
    auto release = db.prepare("UPDATE ledger_reservations SET released_on = ? WHERE parcel_id = ? AND released_on IS NULL");
    release.bind(1, date).bind(2, parcel);
    release.run();
    result.parcelStatusBefore = status;
    siteKind = "parcel";
    siteId = parcel;
    site = {{"kind", "parcel"}, {"id", parcel}, {"status_before", status}, {"status_after", "allocated"}};
  }
  if (request.buildingId) {
    const std::string& building = *request.buildingId;
    auto read = db.prepare("SELECT vacant_floor_m2, subdistrict FROM buildings WHERE id = ?");
    read.bind(1, building);
    if (!read.step()) throw Error(ErrorCode::UnknownId, Message{"没有这个载体", "no such building"}, {.layer = "buildings", .feature = building});
    const double vacant = read.columnDouble(0);
    subdistrict = read.columnOptionalText(1);
    floor = request.floorSquareMetres;
    if (!floor) {
      auto need = db.prepare("SELECT floor_need_m2 FROM projects WHERE id = ?");
      need.bind(1, request.projectId);
      if (need.step()) floor = need.columnOptionalDouble(0);
    }
    if (!floor || !std::isfinite(*floor) || *floor <= 0)
      refuse(request.projectId, "landing_needs_floor", Message{"落地到载体须指明占用的面积（--floor 平方米）", "landing in a building names the floor taken (--floor M2)"});
    if (*floor > vacant + 1e-9)
      refuse(request.projectId, "floor_exceeds_vacancy",
             bilingual("载体 {} 只有 {} 平方米空置，少于 {} 平方米", "building {} has {} m2 vacant, less than {} m2", building,
                       std::llround(vacant), std::llround(*floor)));
    auto update = db.prepare("UPDATE buildings SET vacant_floor_m2 = ? WHERE id = ?");
    update.bind(1, vacant - *floor).bind(2, building);
    update.run();
    result.vacantFloorAfter = vacant - *floor;
    siteKind = "building";
    siteId = building;
    site = {{"kind", "building"}, {"id", building}, {"floor_m2", *floor}, {"vacant_before", vacant}, {"vacant_after", vacant - *floor}};
  }
  if (siteKind) {
    auto upsert = db.prepare(
        "INSERT INTO project_location(project_id, subdistrict, parcel_id, building_id, floor_m2) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(project_id) DO UPDATE SET subdistrict = coalesce(excluded.subdistrict, subdistrict),"
        " parcel_id = excluded.parcel_id, building_id = excluded.building_id, floor_m2 = excluded.floor_m2");
    upsert.bind(1, request.projectId);
    bindOptional(upsert, 2, subdistrict);
    bindOptional(upsert, 3, siteKind == "parcel" ? siteId : std::nullopt);
    bindOptional(upsert, 4, siteKind == "building" ? siteId : std::nullopt);
    bindOptional(upsert, 5, floor);
    upsert.run();
  }

  auto stage = db.prepare("UPDATE projects SET stage = ? WHERE id = ?");
  stage.bind(1, to).bind(2, request.projectId);
  stage.run();
  auto history = db.prepare(
      "INSERT INTO ledger_stage_history(project_id, from_stage, to_stage, on_date, note, reason, forced, forced_rule, site_kind,"
      " site_id, floor_m2, user, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  history.bind(1, request.projectId);
  if (from.empty()) history.bindNull(2); else history.bind(2, from);
  history.bind(3, to).bind(4, date).bind(5, request.note).bind(6, request.reason).bind(7, result.forced ? 1 : 0);
  history.bind(8, result.overriddenRule);
  bindOptional(history, 9, siteKind);
  bindOptional(history, 10, siteId);
  bindOptional(history, 11, floor);
  history.bind(12, store.auditUser()).bind(13, Store::utcNow());
  history.run();

  nlohmann::json detail{{"before", {{"stage", from.empty() ? nlohmann::json(nullptr) : nlohmann::json(from)}}},
                        {"after", {{"stage", to}}},
                        {"date", date},
                        {"note", request.note}};
  if (!request.reason.empty()) detail["reason"] = request.reason;
  if (result.forced) detail["forced"] = result.overriddenRule;
  if (!site.is_null()) detail["site"] = site;
  store.recordAudit(AuditEntry{"stage_move", "projects", request.projectId, detail, request.projectId});
  transaction.commit();
  return result;
}

}  // namespace landbank
