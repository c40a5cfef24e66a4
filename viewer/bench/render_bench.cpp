// Render benchmark: draws a database's map to an image of a given size, full extent and a 2 km
// window at the centre of the parcels, and prints the median time per frame. The snapshot load
// (reading the database) is timed separately: it happens once per database open, not per frame.
//
//   landbank-render-bench --db FILE [--size 1920x1080] [--frames 15] [--png PREFIX] [--views both|full|window]

#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QThreadPool>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <future>
#include <string>
#include <vector>

#include "landbank/error.h"
#include "landbank/store.h"
#include "render/feature_snapshot.h"
#include "render/map_renderer.h"

using namespace landbank;

namespace {

/// CPU time of the process (every thread, as Qt may hand large fills to its own pool): on the
/// shared, loaded machine the wall time also counts waiting for a core.
double processCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

struct FrameTimes {
  double wallMs;
  double cpuMs;
};

FrameTimes medianMs(const render::MapSettings& settings, const render::FeatureSnapshot& snapshot, int frames, render::RenderStats& stats) {
  // One image reused across frames, as a canvas keeps its back buffer: the time is the drawing,
  // not the kernel zeroing 8 MB of fresh pages each frame.
  QImage image(settings.outputSize, QImage::Format_ARGB32_Premultiplied);
  // Each frame is drawn on a QtConcurrent pool thread, as the viewer's RenderJob does: there Qt's
  // raster engine fills large areas on one thread, while from the main thread it would split them
  // over the pool (and on this shared 2-core machine mostly wait for it).
  auto frame = [&] {
    // Not QtConcurrent::run(...).result(): result() steals a task that has not started yet and runs
    // it on the calling (main) thread, where Qt then splits every large fill over the pool.
    std::promise<FrameTimes> done;
    QThreadPool::globalInstance()->start([&] {
      const auto start = std::chrono::steady_clock::now();
      const double cpuStart = processCpuMs();
      QPainter painter(&image);
      stats = render::renderMap(painter, settings, snapshot);
      painter.end();
      done.set_value({std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(), processCpuMs() - cpuStart});
    });
    return done.get_future().get();
  };
  frame();  // warm-up: fonts, glyph caches
  std::vector<double> times, cpu;
  for (int i = 0; i < frames; ++i) {
    const FrameTimes t = frame();
    times.push_back(t.wallMs);
    cpu.push_back(t.cpuMs);
  }
  std::ranges::sort(times);
  std::ranges::sort(cpu);
  return {times[times.size() / 2], cpu[cpu.size() / 2]};
}

}  // namespace

int main(int argc, char** argv) {
  QGuiApplication app(argc, argv);
  std::string db, png, views = "both";
  int width = 1920, height = 1080, frames = 15;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--db") db = value;
    else if (key == "--frames") frames = std::max(1, std::stoi(value));
    else if (key == "--png") png = value;
    else if (key == "--views" && (value == "both" || value == "full" || value == "window")) views = value;
    else if (key == "--size" && std::sscanf(value.c_str(), "%dx%d", &width, &height) == 2) {}
    else {
      std::fprintf(stderr, "usage: landbank-render-bench --db FILE [--size WxH] [--frames N] [--png PREFIX] [--views both|full|window]\n");
      return 2;
    }
  }
  if (db.empty()) {
    std::fprintf(stderr, "usage: landbank-render-bench --db FILE [--size WxH] [--frames N] [--png PREFIX]\n");
    return 2;
  }
  try {
    const Store store = Store::open(db, StoreAccess::ReadOnly);
    const auto loadStart = std::chrono::steady_clock::now();
    const auto snapshot = render::FeatureSnapshot::load(store);
    const double loadMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - loadStart).count();
    const std::size_t parcels = snapshot->layer(Layer::Parcels).features.size();

    render::MapSettings settings;
    settings.outputSize = QSize(width, height);
    settings.extent = render::boxFromRect(snapshot->fullExtent());
    // The window is centred on a parcel in the middle of the id order, so it shows land, not a gap.
    const auto& parcelFeatures = snapshot->layer(Layer::Parcels).features;
    const QPointF centre = parcelFeatures.empty() ? snapshot->fullExtent().center() : parcelFeatures[parcelFeatures.size() / 2].anchor;
    // LANDBANK_BENCH_ONLY=parcels draws one layer alone, LANDBANK_BENCH_NO_LABELS=1 no labels (to see where the time goes).
    if (const char* only = std::getenv("LANDBANK_BENCH_ONLY"))
      for (auto& state : settings.layers) state.visible = layerName(state.layer) == only;
    if (std::getenv("LANDBANK_BENCH_NO_LABELS")) settings.labels = false;
    render::MapSettings window = settings;
    window.extent = {centre.x() - 1000, centre.y() - 1000, centre.x() + 1000, centre.y() + 1000};

    std::printf("database %s: %zu parcels, %zu features; snapshot load %.0f ms\n", db.c_str(), parcels, snapshot->featureCount(), loadMs);
    for (const auto& [name, s] : {std::pair{"full extent", settings}, std::pair{"2 km window", window}}) {
      if (views != "both" && (views == "full") != (name == std::string("full extent"))) continue;
      render::RenderStats stats;
      const FrameTimes ms = medianMs(s, *snapshot, frames, stats);
      std::printf("  %-12s %dx%d: median %.1f ms/frame over %d frames, cpu %.1f ms (%zu shapes, %zu sub-pixel dots, %zu labels)\n", name, width,
                  height, ms.wallMs, frames, ms.cpuMs, stats.drawn, stats.dots, stats.labels);
      if (!png.empty())
        render::renderImage(s, *snapshot).save(QString::fromStdString(png + (s.extent.maxEasting - s.extent.minEasting < 2001 ? "-2km.png" : "-full.png")));
    }
    // The window used, for the peer measurement (database CRS metres).
    std::printf("  window extent %.1f,%.1f,%.1f,%.1f\n", window.extent.minEasting, window.extent.minNorthing, window.extent.maxEasting,
                window.extent.maxNorthing);
    const ProjectedBox full = settings.visibleExtent();
    std::printf("  full extent %.1f,%.1f,%.1f,%.1f\n", full.minEasting, full.minNorthing, full.maxEasting, full.maxNorthing);
  } catch (const Error& error) {
    std::fprintf(stderr, "landbank-render-bench: %s\n", error.what());
    return 1;
  }
  return 0;
}
