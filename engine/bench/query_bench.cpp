// landbank-query-bench: times the five query kinds of issue #3 on one Landbank database through the
// engine (runQuery, SpatiaLite R*Tree) and, when --pg is given, the same queries on the same parcels
// loaded into PostGIS (GiST index, ANALYZE'd), in the same run. Prints one JSON object per line.
//
//   landbank-query-bench --db FILE.sqlite [--pg "host=127.0.0.1 port=55432 dbname=bench"]
//                        [--iterations N] [--cold-iterations N] [--landbank PATH/TO/landbank]
//                        [--only QUERY_KIND]   (e.g. nearest_10: one kind, for profiling)
//
// warm: one open connection, N different query points; cold: a fresh connection (Store::open or
// PQconnectdb) per query, with the OS file cache warm (we cannot drop it on a shared machine).
// Not a test: numbers go to docs/benchmarks.md.
#include <libpq-fe.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fcntl.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "detail/sqlite.h"  // probe points straight from the table (engine-internal, bench only)
#include "landbank/crs.h"
#include "landbank/query.h"
#include "landbank/store.h"
#include "landbank/units.h"

extern char** environ;

using namespace landbank;
using Clock = std::chrono::steady_clock;

namespace {

struct Stats {
  double medianMicros = 0, p95Micros = 0;
  std::size_t rowsMedian = 0;
};

Stats summarise(std::vector<double> micros, std::vector<std::size_t> rows) {
  std::sort(micros.begin(), micros.end());
  std::sort(rows.begin(), rows.end());
  Stats stats;
  if (micros.empty()) return stats;
  stats.medianMicros = micros[micros.size() / 2];
  stats.p95Micros = micros[std::min(micros.size() - 1, static_cast<std::size_t>(std::ceil(static_cast<double>(micros.size()) * 0.95)) - 1)];
  stats.rowsMedian = rows[rows.size() / 2];
  return stats;
}

// One query kind, parameterised by a probe point (database CRS, metres).
struct QueryKind {
  std::string name;
  std::function<FeatureQuery(EastingNorthing)> engine;
  std::function<std::string(EastingNorthing)> postgis;  // SQL with the point written in (numbers only, generated here)
};

std::string num(double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.3f", value);
  return buffer;
}

// The columns the engine reads for every hit (attributes, centroid, WKB), so both sides do the same work.
const char* kPgColumns =
    "id, name, land_use, status, subdistrict, price_wan_per_mu, far_min, far_max, height_max_m, density_max, power_kva, water, gas, "
    "sewage, road, available_from, owner, area_m2, area_mu, attrs, ST_X(ST_Centroid(geom)), ST_Y(ST_Centroid(geom)), ST_AsBinary(geom)";

std::vector<QueryKind> queryKinds() {
  const std::string pt = "ST_SetSRID(ST_MakePoint(";
  auto point = [pt](EastingNorthing p) { return pt + num(p.easting) + ", " + num(p.northing) + "), 4549)"; };
  return {
      {"point_in_parcel", [](EastingNorthing p) { FeatureQuery q; q.at = p; return q; },
       [=](EastingNorthing p) { return std::string("SELECT ") + kPgColumns + " FROM parcels WHERE ST_Intersects(geom, " + point(p) + ") ORDER BY id"; }},
      {"bbox_1km",
       [](EastingNorthing p) {
         FeatureQuery q;
         q.bbox = ProjectedBox{p.easting - 500, p.northing - 500, p.easting + 500, p.northing + 500};
         return q;
       },
       [](EastingNorthing p) {
         const std::string box = "ST_MakeEnvelope(" + num(p.easting - 500) + ", " + num(p.northing - 500) + ", " + num(p.easting + 500) + ", " +
                                 num(p.northing + 500) + ", 4549)";
         return std::string("SELECT ") + kPgColumns + " FROM parcels WHERE ST_Intersects(geom, " + box + ") ORDER BY id";
       }},
      {"nearest_10",
       [](EastingNorthing p) {
         FeatureQuery q;
         q.near = p;
         q.nearest = 10;
         return q;
       },
       [=](EastingNorthing p) {
         return std::string("SELECT ") + kPgColumns + ", ST_Distance(geom, " + point(p) + ") FROM parcels ORDER BY geom <-> " + point(p) + " LIMIT 10";
       }},
      {"near_within_2km",
       [](EastingNorthing p) {
         FeatureQuery q;
         q.near = p;
         q.withinMetres = 2000;
         return q;
       },
       [=](EastingNorthing p) {
         return std::string("SELECT ") + kPgColumns + ", ST_Distance(geom, " + point(p) + ") AS d FROM parcels WHERE ST_DWithin(geom, " + point(p) +
                ", 2000) ORDER BY d, id";
       }},
      {"attribute_area",
       [](EastingNorthing) {
         FeatureQuery q;
         // The first page (100 by id) of reserved/available class-2 industrial parcels of 3 to 20 亩:
         // selective at every size of the synthetic data (parcels get smaller as their number grows).
         q.statuses = {"reserved", "available"};
         q.landUsePrefixes = {"100102"};
         q.minAreaSquareMetres = muToSquareMetres(3);
         q.maxAreaSquareMetres = muToSquareMetres(20);
         q.limit = 100;
         return q;
       },
       [](EastingNorthing) {
         return std::string("SELECT ") + kPgColumns + " FROM parcels WHERE status IN ('reserved', 'available') AND land_use >= '100102' AND "
                "land_use < '100103' AND area_m2 >= " + num(muToSquareMetres(3)) + " AND area_m2 <= " + num(muToSquareMetres(20)) + " ORDER BY id LIMIT 100";
       }},
  };
}

double elapsedMicros(Clock::time_point start) { return std::chrono::duration<double, std::micro>(Clock::now() - start).count(); }

std::size_t runPg(PGconn* connection, const std::string& sql) {
  PGresult* result = PQexec(connection, sql.c_str());
  if (PQresultStatus(result) != PGRES_TUPLES_OK) {
    std::cerr << "PostGIS: " << PQerrorMessage(connection) << "\n";
    std::exit(1);
  }
  const auto rows = static_cast<std::size_t>(PQntuples(result));
  PQclear(result);
  return rows;
}

// Wall time of running the landbank executable once (process start-up, opening the store, query, output).
double processMicros(const std::string& exe, const std::vector<std::string>& args) {
  std::vector<char*> argv{const_cast<char*>(exe.c_str())};
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  const auto start = Clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ) != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  posix_spawn_file_actions_destroy(&actions);
  return elapsedMicros(start);
}

}  // namespace

int main(int argc, char** argv) {
  std::string database, pg, landbankExe, only;
  int iterations = 200, coldIterations = 30;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--db") database = argv[i + 1];
    else if (option == "--pg") pg = argv[i + 1];
    else if (option == "--iterations") iterations = std::stoi(argv[i + 1]);
    else if (option == "--cold-iterations") coldIterations = std::stoi(argv[i + 1]);
    else if (option == "--landbank") landbankExe = argv[i + 1];
    else if (option == "--only") only = argv[i + 1];
    else {
      std::cerr << "unknown option " << option << "\n";
      return 2;
    }
  }
  if (database.empty()) {
    std::cerr << "usage: landbank-query-bench --db FILE.sqlite [--pg CONNINFO] [--iterations N] [--cold-iterations N] [--landbank EXE] [--only QUERY_KIND]\n";
    return 2;
  }

  Store store = Store::open(database, StoreAccess::ReadOnly);
  const std::int64_t parcels = store.featureCount(Layer::Parcels);
  // Probe points: centroids of random parcels, each moved up to 150 m (so some fall in gaps).
  std::vector<EastingNorthing> probes;
  {
    std::mt19937 random(42);
    auto statement = store.database().prepare("SELECT X(Centroid(geom)), Y(Centroid(geom)) FROM parcels WHERE fid % ? = 0 LIMIT 2000");
    statement.bind(1, std::max<std::int64_t>(1, parcels / 2000));
    std::uniform_real_distribution<double> jitter(-150, 150);
    while (statement.step())
      probes.push_back(EastingNorthing::fromMetres(statement.columnDouble(0) + jitter(random), statement.columnDouble(1) + jitter(random)));
    std::shuffle(probes.begin(), probes.end(), random);
  }

  PGconn* connection = nullptr;
  if (!pg.empty()) {
    connection = PQconnectdb(pg.c_str());
    if (PQstatus(connection) != CONNECTION_OK) {
      std::cerr << "PostGIS: " << PQerrorMessage(connection) << "\n";
      return 1;
    }
  }

  for (const QueryKind& kind : queryKinds()) {
    if (!only.empty() && kind.name != only) continue;
    nlohmann::json line = {{"parcels", parcels}, {"query", kind.name}};
    // Warm: reuse the open store; a few untimed queries first to fill caches.
    std::vector<double> times;
    std::vector<std::size_t> rows;
    for (int i = 0; i < 5; ++i) runQuery(store, kind.engine(probes[i % probes.size()]));
    for (int i = 0; i < iterations; ++i) {
      const FeatureQuery query = kind.engine(probes[i % probes.size()]);
      const auto start = Clock::now();
      const QueryResult result = runQuery(store, query);
      times.push_back(elapsedMicros(start));
      rows.push_back(result.hits.size());
    }
    Stats warm = summarise(times, rows);
    line["landbank_warm"] = {{"median_us", warm.medianMicros}, {"p95_us", warm.p95Micros}, {"rows_median", warm.rowsMedian}};
    times.clear(), rows.clear();
    for (int i = 0; i < coldIterations; ++i) {
      const FeatureQuery query = kind.engine(probes[(i + 7) % probes.size()]);
      const auto start = Clock::now();
      const Store fresh = Store::open(database, StoreAccess::ReadOnly);
      const QueryResult result = runQuery(fresh, query);
      times.push_back(elapsedMicros(start));
      rows.push_back(result.hits.size());
    }
    Stats cold = summarise(times, rows);
    line["landbank_cold"] = {{"median_us", cold.medianMicros}, {"p95_us", cold.p95Micros}};
    if (connection) {
      times.clear(), rows.clear();
      for (int i = 0; i < 5; ++i) runPg(connection, kind.postgis(probes[i % probes.size()]));
      for (int i = 0; i < iterations; ++i) {
        const std::string sql = kind.postgis(probes[i % probes.size()]);
        const auto start = Clock::now();
        rows.push_back(runPg(connection, sql));
        times.push_back(elapsedMicros(start));
      }
      Stats pgWarm = summarise(times, rows);
      line["postgis_warm"] = {{"median_us", pgWarm.medianMicros}, {"p95_us", pgWarm.p95Micros}, {"rows_median", pgWarm.rowsMedian}};
      line["ratio_postgis_over_landbank_warm"] = pgWarm.medianMicros / warm.medianMicros;
      times.clear(), rows.clear();
      for (int i = 0; i < coldIterations; ++i) {
        const std::string sql = kind.postgis(probes[(i + 7) % probes.size()]);
        const auto start = Clock::now();
        PGconn* fresh = PQconnectdb(pg.c_str());
        rows.push_back(runPg(fresh, sql));
        PQfinish(fresh);
        times.push_back(elapsedMicros(start));
      }
      Stats pgCold = summarise(times, rows);
      line["postgis_cold"] = {{"median_us", pgCold.medianMicros}, {"p95_us", pgCold.p95Micros}};
      line["ratio_postgis_over_landbank_cold"] = pgCold.medianMicros / cold.medianMicros;
    }
    std::cout << line.dump() << std::endl;
  }
  if (connection) PQfinish(connection);

  if (!landbankExe.empty()) {
    // Command-line start-up: `--version` (no database) and one point query as users run it.
    const ProjectedToLonLat toLonLat(store.databaseCrs());
    const LonLat at = toLonLat.toLonLat(probes.front());
    char lonLat[64];
    std::snprintf(lonLat, sizeof lonLat, "%.7f,%.7f", at.lon, at.lat);
    std::vector<double> version, query;
    for (int i = 0; i < coldIterations; ++i) {
      version.push_back(processMicros(landbankExe, {"--version"}));
      query.push_back(processMicros(landbankExe, {"--db", database, "parcels", "--at", lonLat, "--format", "json"}));
    }
    const Stats v = summarise(version, std::vector<std::size_t>(version.size(), 0));
    const Stats q = summarise(query, std::vector<std::size_t>(query.size(), 0));
    std::cout << nlohmann::json{{"parcels", parcels},
                                {"query", "cli_process"},
                                {"version_median_us", v.medianMicros},
                                {"point_query_median_us", q.medianMicros},
                                {"point_query_p95_us", q.p95Micros}}
                     .dump()
              << std::endl;
  }
  return 0;
}
