// Matching benchmark: builds a synthetic store of N parcels and M constraint polygons, then times
// MatchEngine on the full hard-rule filter (attributes, constraint overlap, require_within,
// height, a facility within 5 km) with scoring and top 20. engine/bench/run_match_bench.sh runs the
// same filter as one PostGIS query on the same data (copied with ogr2ogr) in the same run.
//
//   landbank-match-bench --out DIR --parcels N --constraints M [--runs R]
// Prints one JSON object with the timings (milliseconds) and the candidate count.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "detail/sqlite.h"
#include "landbank/matching.h"
#include "landbank/rulepack.h"
#include "landbank/store.h"
#include "landbank/stored_facts.h"
#include "landbank/units.h"

using namespace landbank;

namespace {

constexpr double kX0 = 450000, kY0 = 3950000;  // EPSG:4549 metres west of Chengyang
constexpr double kCell = 150;                    // parcel grid cell, metres

std::string ring(const std::vector<std::pair<double, double>>& points) {
  std::string text = "POLYGON((";
  for (std::size_t i = 0; i <= points.size(); ++i) {
    const auto& p = points[i % points.size()];
    text += (i ? "," : "") + std::to_string(p.first) + " " + std::to_string(p.second);
  }
  return text + "))";
}

double shoelace(const std::vector<std::pair<double, double>>& points) {
  double sum = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& a = points[i];
    const auto& b = points[(i + 1) % points.size()];
    sum += a.first * b.second - b.first * a.second;
  }
  return std::abs(sum) / 2;
}

void build(const std::filesystem::path& file, int parcels, int constraints, std::uint64_t seed) {
  Store store = Store::create(file);
  SqliteDatabase& db = store.database();
  std::mt19937_64 rng(seed);
  auto uniform = [&](double a, double b) { return a + (b - a) * static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  const int side = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(parcels))));
  const double extent = side * kCell;
  SqliteTransaction transaction(db);
  {
    auto insert = db.prepare(
        "INSERT INTO parcels(id, land_use, status, price_wan_per_mu, water, gas, sewage, road, power_kva, area_m2, area_mu, geom)"
        " VALUES (?, ?, ?, ?, 1, 1, ?, 1, ?, ?, ?, CastToMulti(GeomFromText(?, 4549)))");
    const char* statuses[] = {"reserved", "available", "negotiating", "allocated", "building", "built"};
    const char* uses[] = {"100101", "100102", "100103", "0901", "110101", "070102"};
    for (int i = 0; i < parcels; ++i) {
      const double x = kX0 + (i % side) * kCell, y = kY0 + (i / side) * kCell;
      const double inset = uniform(5, 40), cut = uniform(0, 40);
      std::vector<std::pair<double, double>> points{{x + inset, y + inset},        {x + kCell - inset - cut, y + inset},
                                                    {x + kCell - inset, y + inset + cut}, {x + kCell - inset, y + kCell - inset},
                                                    {x + inset, y + kCell - inset}};
      const double area = shoelace(points);
      char id[32];
      std::snprintf(id, sizeof id, "B-%07d", i + 1);
      insert.bind(1, id).bind(2, uses[rng() % 6]).bind(3, statuses[rng() % 6]).bind(4, uniform(20, 120));
      insert.bind(5, static_cast<std::int64_t>(rng() % 2)).bind(6, static_cast<double>(315 * (1 + rng() % 8)));
      insert.bind(7, area).bind(8, squareMetresToMu(area)).bind(9, ring(points));
      insert.run();
      insert.reset();
    }
  }
  {
    auto insert = db.prepare("INSERT INTO constraints(id, type, effect, value, geom) VALUES (?, ?, ?, ?, CastToMulti(GeomFromText(?, 4549)))");
    auto add = [&](const std::string& id, const char* type, const char* effect, std::optional<double> value, const std::string& wkt) {
      insert.bind(1, id).bind(2, type).bind(3, effect);
      if (value) insert.bind(4, *value);
      else insert.bindNull(4);
      insert.bind(5, wkt);
      insert.run();
      insert.reset();
    };
    // The development boundary: a 64-gon covering most of the area.
    std::vector<std::pair<double, double>> boundary;
    for (int k = 0; k < 64; ++k) {
      const double angle = 2 * M_PI * k / 64, radius = extent * 0.5 * uniform(0.85, 0.98);
      boundary.emplace_back(kX0 + extent / 2 + radius * std::cos(angle), kY0 + extent / 2 + radius * std::sin(angle));
    }
    add("DEV-1", "dev_boundary", "require_within", std::nullopt, ring(boundary));
    const char* types[] = {"eco_redline", "basic_farmland", "water_source_2", "airport_height", "flood", "hv_corridor"};
    const char* effects[] = {"exclude", "exclude", "exclude_polluting", "limit_height", "penalty", "exclude"};
    for (int c = 1; c < constraints; ++c) {
      const int kind = static_cast<int>(rng() % 6);
      const double cx = kX0 + uniform(0, extent), cy = kY0 + uniform(0, extent), r = uniform(60, 500);
      std::vector<std::pair<double, double>> points;
      for (int k = 0; k < 12; ++k) {
        const double angle = 2 * M_PI * k / 12;
        points.emplace_back(cx + r * uniform(0.6, 1.0) * std::cos(angle), cy + r * uniform(0.6, 1.0) * std::sin(angle));
      }
      add("C-" + std::to_string(c), types[kind], effects[kind],
          kind == 3 ? std::optional<double>(uniform(15, 60)) : kind == 4 ? std::optional<double>(0.3) : std::nullopt, ring(points));
    }
  }
  {
    auto insert = db.prepare("INSERT INTO facilities(id, type, sector, geom) VALUES (?, ?, ?, GeomFromText(?, 4549))");
    const int exits = std::max(4, parcels / 4000);
    for (int f = 0; f < exits + 200; ++f) {
      const bool exit = f < exits;
      insert.bind(1, (exit ? "HX-" : "EN-") + std::to_string(f)).bind(2, exit ? "highway_exit" : "enterprise");
      if (exit) insert.bindNull(3);
      else insert.bind(3, "advanced_mfg");
      insert.bind(4, "POINT(" + std::to_string(kX0 + uniform(0, extent)) + " " + std::to_string(kY0 + uniform(0, extent)) + ")");
      insert.run();
      insert.reset();
    }
  }
  transaction.commit();
  db.exec("ANALYZE");
}

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path out = "bench-out";
  int parcels = 100000, constraints = 10000, runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--out") out = value;
    else if (key == "--parcels") parcels = std::stoi(value);
    else if (key == "--constraints") constraints = std::stoi(value);
    else if (key == "--runs") runs = std::stoi(value);
  }
  std::filesystem::create_directories(out);
  const auto file = out / "bench.sqlite";
  nlohmann::json report{{"parcels", parcels}, {"constraints", constraints}};
  if (!std::filesystem::exists(file)) {
    const auto start = std::chrono::steady_clock::now();
    build(file, parcels, constraints, 42);
    report["build_ms"] = millisecondsSince(start);
  }
  {
    // The stored parcel facts (landbank/stored_facts.h): built here because the synthetic store is
    // written with plain SQL, not through the importer that refreshes them. A store from before
    // migration 6 is migrated by the read-write open.
    Store writable = Store::open(file, StoreAccess::ReadWrite);
    if (storedFactsState(writable) != StoredFactsState::Current) {
      const auto start = std::chrono::steady_clock::now();
      report["facts_parcels"] = rebuildStoredFacts(writable);
      report["facts_build_ms"] = millisecondsSince(start);
    }
  }
  const ProjectSpec project = ProjectSpec::fromJson(
      {{"id", "BENCH"}, {"name", "bench"}, {"sector", "advanced_mfg"}, {"pollution_class", 2}, {"land_use", {"100102", "100103"}},
       {"land_min_m2", 10000}, {"land_max_m2", 18000}, {"height_m", 24}, {"near", nlohmann::json::array({{{"type", "highway_exit"}, {"max_m", 5000}}})}},
      "bench");
  const Store store = Store::open(file, StoreAccess::ReadOnly);
  const RulePack rules = RulePack::load(RulePack::bundledPath());
  std::vector<double> load, first, cached;
  std::int64_t candidates = 0;
  for (int run = 0; run < runs; ++run) {
    auto start = std::chrono::steady_clock::now();
    const MatchEngine engine(store, rules);
    load.push_back(millisecondsSince(start));
    start = std::chrono::steady_clock::now();
    const MatchResult result = engine.match(project, MatchOptions{.top = 20});
    first.push_back(millisecondsSince(start));
    candidates = result.candidateCount;
    start = std::chrono::steady_clock::now();
    engine.match(project, MatchOptions{.top = 20});
    cached.push_back(millisecondsSince(start));
  }
  report["runs"] = runs;
  report["engine_load_ms_median"] = median(load);
  report["match_uncached_ms_median"] = median(first);
  report["match_cached_ms_median"] = median(cached);
  report["candidates"] = candidates;
  report["threads"] = std::thread::hardware_concurrency();
  std::cout << report.dump() << "\n";
  return 0;
}
