// The sample's ledger history. The sample's projects already carry a stage and, from landed on, a
// point on an occupied parcel; this adds the history that leads there. Its own seeded stream
// (std::mt19937_64 with our own uniform transform, as the generator does, so the numbers are the
// same on every platform).
#include "ledger/sample_ledger.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "detail/sqlite.h"
#include "landbank/ledger.h"
#include "landbank/store.h"
#include "ledger/ledger_internal.h"

namespace landbank {

namespace {

class Stream {
 public:
  explicit Stream(std::uint64_t seed) : m_engine(seed ^ 0x1edce7ULL) {}
  double uniform(double low, double high) {
    return low + (high - low) * static_cast<double>(m_engine() >> 11) * (1.0 / 9007199254740992.0);
  }
  int integer(int low, int high) { return std::min(high, low + static_cast<int>(uniform(0, high - low + 1))); }
  bool chance(double p) { return uniform(0, 1) < p; }

 private:
  std::mt19937_64 m_engine;
};

// Day number <-> ISO date, proleptic Gregorian (Howard Hinnant's civil_from_days / days_from_civil).
std::string dateFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02u", static_cast<long long>(y + (m <= 2 ? 1 : 0)), m, d);
  return buffer;
}

constexpr const char* kAsOf = "2026-11-30";

// FNV-1a (Fowler, Noll, Vo): a platform-independent hash of an id, unlike std::hash.
std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
  return hash;
}

struct Promise {
  std::optional<double> investment, output, tax, jobs, energy;
};

struct Dept {
  const char* category;
  const char* dept;
  const char* text;
};
constexpr std::array<Dept, 10> kProblems{{
    {"approval", "区行政审批服务局", "施工许可并联审批材料待补正"},
    {"registration", "区市场监督管理局", "外资企业设立登记需补充股东公证材料"},
    {"land", "区自然资源局", "建设用地指标需市级统筹调剂"},
    {"land", "区自然资源局", "地块土壤污染状况调查报告待评审"},
    {"planning", "区自然资源局", "规划条件中容积率与企业方案不一致"},
    {"customs", "青岛海关驻城阳办事处", "进口设备减免税手续办理"},
    {"environment", "市生态环境局城阳分局", "环评批复前置条件未落实"},
    {"finance", "区地方金融发展服务中心", "项目贷款银行授信未到位"},
    {"other", "区招商促进中心", "高管子女入学协调"},
    {"approval", "区住房和城乡建设局", "消防设计审查意见待回复"},
}};
constexpr std::array<const char*, 5> kVisitors{"招商一科", "招商二科", "企业服务专员", "区领导带队", "街道经济办"};
constexpr std::array<const char*, 5> kFindings{"生产经营正常，订单饱满", "二期扩产计划已启动", "受原材料价格影响利润下滑",
                                                "新产线调试中", "研发中心投入使用"};
constexpr std::array<const char*, 5> kRequests{"", "协调用电增容", "申请人才公寓", "希望对接本地配套企业", "申请技改补贴"};

}  // namespace

void loadSampleLedger(Store& store, std::uint64_t seed) {
  SqliteDatabase& db = store.database();
  SqliteTransaction transaction(db);
  Stream rng(seed);
  const std::int64_t asOfDay = daysBetween("1970-01-01", kAsOf);
  const std::string user = store.auditUser();
  const std::string now = Store::utcNow();

  std::vector<std::string> subdistricts;
  {
    auto statement = db.prepare("SELECT name FROM boundaries WHERE level = 'subdistrict' ORDER BY name");
    while (statement.step()) subdistricts.push_back(statement.columnText(0));
  }
  struct Project {
    std::string id, stage;
    std::optional<double> x, y, investment, output, tax, jobs, energy;
  };
  std::vector<Project> projects;
  {
    auto statement = db.prepare(
        "SELECT id, coalesce(stage, 'lead'), X(geom), Y(geom), investment_wan, output_wan, tax_wan, jobs, energy_tce FROM projects ORDER BY id");
    while (statement.step())
      projects.push_back({statement.columnText(0), statement.columnText(1), statement.columnOptionalDouble(2), statement.columnOptionalDouble(3),
                          statement.columnOptionalDouble(4), statement.columnOptionalDouble(5), statement.columnOptionalDouble(6),
                          statement.columnOptionalDouble(7), statement.columnOptionalDouble(8)});
  }
  auto history = db.prepare(
      "INSERT INTO ledger_stage_history(project_id, from_stage, to_stage, on_date, note, site_kind, site_id, user, recorded_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  auto location = db.prepare("INSERT OR REPLACE INTO project_location(project_id, subdistrict, parcel_id) VALUES (?, ?, ?)");
  auto findParcel = db.prepare(
      "SELECT id, subdistrict, area_mu FROM parcels WHERE fid IN (SELECT pkid FROM idx_parcels_geom WHERE xmin <= ?1 AND xmax >= ?1"
      " AND ymin <= ?2 AND ymax >= ?2) AND ST_Contains(geom, MakePoint(?1, ?2, ?3)) = 1 LIMIT 1");
  auto problem = db.prepare(
      "INSERT INTO ledger_problems(id, project_id, category, dept, text, opened_on, due_on, status, resolved_on, resolution)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  auto visit = db.prepare("INSERT INTO ledger_visits(project_id, visited_on, visitor, findings, requests) VALUES (?, ?, ?, ?, ?)");
  auto capital = db.prepare("INSERT INTO ledger_capital(project_id, kind, amount_wan, on_date, note) VALUES (?, ?, ?, ?, '')");
  auto commitment = db.prepare(
      "INSERT INTO ledger_commitments(project_id, investment_wan, output_wan, tax_wan, jobs, energy_tce, construction_start, completion,"
      " production, signed_on, clauses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  auto result = db.prepare(
      "INSERT INTO ledger_results(project_id, year, investment_wan, output_wan, tax_wan, jobs, energy_tce) VALUES (?, ?, ?, ?, ?, ?, ?)");
  int problems = 0, visits = 0, increases = 0, commitments = 0, results = 0, moves = 0, operating = 0;
  const std::vector<std::string> order{"lead", "negotiating", "signed", "landed", "building", "operating"};

  for (const Project& project : projects) {
    const int reached = std::max(0, stageIndex(project.stage));
    // Stage dates backwards from a last change some weeks to two years before the as-of date, so
    // that some projects are stalled; operating ones have been operating for two to three years.
    std::vector<std::int64_t> days(static_cast<std::size_t>(reached) + 1);
    days[static_cast<std::size_t>(reached)] = asOfDay - (project.stage == "operating" ? rng.integer(700, 1050) : rng.integer(10, 420));
    for (int k = reached - 1; k >= 0; --k) days[static_cast<std::size_t>(k)] = days[static_cast<std::size_t>(k) + 1] - rng.integer(30, 200);
    std::optional<std::string> parcelId, subdistrict;
    std::optional<double> parcelMu;
    if (project.x && project.y) {
      findParcel.bind(1, *project.x).bind(2, *project.y).bind(3, store.databaseSrid());
      if (findParcel.step()) {
        parcelId = findParcel.columnText(0);
        subdistrict = findParcel.columnOptionalText(1);
        parcelMu = findParcel.columnOptionalDouble(2);
      }
      findParcel.reset();
    }
    if (!subdistrict && !subdistricts.empty()) subdistrict = subdistricts[static_cast<std::size_t>(rng.integer(0, static_cast<int>(subdistricts.size()) - 1))];
    location.bind(1, project.id);
    bindOptional(location, 2, subdistrict);
    bindOptional(location, 3, reached >= 3 ? parcelId : std::nullopt);
    location.run();
    location.reset();
    for (int k = 0; k <= reached; ++k) {
      history.bind(1, project.id);
      if (k == 0) history.bindNull(2); else history.bind(2, order[static_cast<std::size_t>(k) - 1]);
      history.bind(3, order[static_cast<std::size_t>(k)]).bind(4, dateFromDays(days[static_cast<std::size_t>(k)]));
      history.bind(5, k == 0 ? "sample" : "");
      const bool landing = k == 3 && parcelId;
      if (landing) history.bind(6, "parcel").bind(7, *parcelId); else history.bindNull(6).bindNull(7);
      history.bind(8, user).bind(9, now);
      history.run();
      history.reset();
      ++moves;
    }
    // Problems for projects on the way (negotiating to building).
    if (reached >= 1 && reached <= 4 && rng.chance(0.7)) {
      const int count = rng.integer(1, 3);
      for (int i = 0; i < count; ++i) {
        const Dept& item = kProblems[static_cast<std::size_t>(rng.integer(0, static_cast<int>(kProblems.size()) - 1))];
        const std::int64_t opened = std::min(asOfDay - 5, days[static_cast<std::size_t>(reached)] + rng.integer(5, 120));
        const std::int64_t due = opened + rng.integer(20, 90);
        const bool resolved = rng.chance(0.55) && opened + 10 < asOfDay;
        const std::int64_t resolvedOn = std::min(asOfDay, opened + rng.integer(5, 80));
        char id[32];
        std::snprintf(id, sizeof id, "PB-%04d", ++problems);
        problem.bind(1, id).bind(2, project.id).bind(3, item.category).bind(4, item.dept).bind(5, item.text).bind(6, dateFromDays(opened));
        problem.bind(7, dateFromDays(due)).bind(8, resolved ? "resolved" : "open");
        if (resolved) problem.bind(9, dateFromDays(resolvedOn)).bind(10, "已协调解决"); else problem.bindNull(9).bind(10, "");
        problem.run();
        problem.reset();
      }
    }
    // Commitments from signing on: the project's own promised figures; for a project that landed
    // on a parcel, an agreement sized to that parcel (the sample places projects on parcels whatever
    // their size, so the project's figures over the parcel's 亩 would grade nearly every firm A).
    // Sized around the rule pack's 亩均 benchmarks (30 万元 tax, 600 万元 output, 300 万元 investment,
    // 1.5 jobs per 亩, 0.05 tce per 万元), drawn from a stream of the project's own so that the rest
    // of the history stays as it was.
    Promise promise{project.investment, project.output, project.tax, project.jobs, project.energy};
    if (reached >= 3 && parcelMu && *parcelMu > 0) {
      Stream sized(seed ^ fnv1a(project.id));
      const double mu = *parcelMu, level = sized.uniform(0.85, 1.3);
      promise.investment = std::round(mu * 300 * sized.uniform(0.9, 1.5));
      promise.output = std::round(mu * 600 * level * sized.uniform(0.9, 1.1));
      promise.tax = std::round(mu * 30 * level * sized.uniform(0.9, 1.1));
      promise.jobs = std::max(5.0, std::round(mu * 1.5 * sized.uniform(0.8, 1.3)));
      promise.energy = std::round(*promise.output * 0.05 * sized.uniform(0.8, 1.2));
    }
    if (reached >= 2) {
      const std::int64_t signedDay = days[2];
      commitment.bind(1, project.id);
      bindOptional(commitment, 2, promise.investment);
      bindOptional(commitment, 3, promise.output);
      bindOptional(commitment, 4, promise.tax);
      if (promise.jobs) commitment.bind(5, static_cast<std::int64_t>(*promise.jobs)); else commitment.bindNull(5);
      bindOptional(commitment, 6, promise.energy);
      const std::int64_t start = signedDay + rng.integer(90, 200);
      const std::int64_t completion = start + rng.integer(300, 540);
      commitment.bind(7, dateFromDays(start)).bind(8, dateFromDays(completion)).bind(9, dateFromDays(completion + rng.integer(20, 90)));
      commitment.bind(10, dateFromDays(signedDay));
      commitment.bind(11, nlohmann::json{{"investment_wan", "第三条"}, {"tax_wan", "第六条"}, {"output_wan", "第六条"}}.dump());
      commitment.run();
      commitment.reset();
      ++commitments;
    }
    // Visits and capital increases for landed firms.
    if (reached >= 3) {
      const int count = rng.integer(1, 4);
      for (int i = 0; i < count; ++i) {
        const std::int64_t on = days[3] + rng.integer(20, static_cast<int>(std::max<std::int64_t>(21, asOfDay - days[3])));
        visit.bind(1, project.id).bind(2, dateFromDays(std::min(on, asOfDay))).bind(3, kVisitors[static_cast<std::size_t>(rng.integer(0, 4))]);
        visit.bind(4, kFindings[static_cast<std::size_t>(rng.integer(0, 4))]).bind(5, kRequests[static_cast<std::size_t>(rng.integer(0, 4))]);
        visit.run();
        visit.reset();
        ++visits;
      }
      if (rng.chance(0.35) && promise.investment) {
        static constexpr std::array<const char*, 3> kKinds{"strategic", "expansion", "production"};
        capital.bind(1, project.id).bind(2, kKinds[static_cast<std::size_t>(rng.integer(0, 2))]);
        capital.bind(3, std::round(*promise.investment * rng.uniform(0.1, 0.4))).bind(4, dateFromDays(std::min(asOfDay, days[3] + rng.integer(200, 700))));
        capital.run();
        capital.reset();
        ++increases;
      }
    }
    // Two or three years of results for operating firms, some above and some below their promise.
    if (reached == 5) {
      const int years = rng.integer(2, 3);
      // Delivery against the promise: the operating firms take turns through four bands, so that
      // the grades spread over A to D (a firm at or above its promise, two short of it, one far short).
      static constexpr double kBands[4][2] = {{0.95, 1.15}, {0.7, 0.9}, {0.5, 0.65}, {0.25, 0.42}};
      const auto* band = kBands[operating++ % 4];
      const double delivery = rng.uniform(band[0], band[1]);
      for (int i = 0; i < years; ++i) {
        const int year = 2025 - (years - 1) + i;
        const double ramp = 0.7 + 0.15 * i;
        result.bind(1, project.id).bind(2, year);
        if (promise.investment) result.bind(3, std::round(*promise.investment / years * rng.uniform(0.7, 1.1))); else result.bindNull(3);
        if (promise.output) result.bind(4, std::round(*promise.output * delivery * ramp)); else result.bindNull(4);
        if (promise.tax) result.bind(5, std::round(*promise.tax * delivery * ramp * rng.uniform(0.9, 1.1))); else result.bindNull(5);
        if (promise.jobs) result.bind(6, static_cast<std::int64_t>(std::round(*promise.jobs * std::min(1.2, delivery + 0.1)))); else result.bindNull(6);
        if (promise.energy) result.bind(7, std::round(*promise.energy * rng.uniform(0.8, 1.2) * ramp)); else result.bindNull(7);
        result.run();
        result.reset();
        ++results;
      }
    }
  }
  store.recordAudit(AuditEntry{"sample_ledger", "ledger", "",
                               {{"as_of", kAsOf}, {"seed", seed}, {"stage_changes", moves}, {"problems", problems}, {"visits", visits},
                                {"capital_increases", increases}, {"commitments", commitments}, {"results", results}}});
  transaction.commit();
}

}  // namespace landbank
