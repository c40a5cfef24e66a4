#pragma once
// One map drawing on a worker thread (QtConcurrent's pool). The owner keeps the job while it runs,
// may cancel it (the renderer stops at its next check) and gets finished() on its own thread.

#include <QFutureWatcher>
#include <QImage>
#include <QObject>

#include <atomic>
#include <memory>

#include "render/feature_snapshot.h"
#include "render/map_renderer.h"
#include "render/map_settings.h"

namespace landbank::render {

class RenderJob : public QObject {
  Q_OBJECT
 public:
  RenderJob(MapSettings settings, std::shared_ptr<const FeatureSnapshot> snapshot, QObject* parent = nullptr);
  ~RenderJob() override;

  void start();
  /// Asks the worker to stop; finished() still follows (with wasCancelled() true).
  void cancel();
  void waitForFinished();
  bool isRunning() const;
  bool wasCancelled() const { return m_stats.cancelled; }

  const MapSettings& settings() const { return m_settings; }
  /// The drawn image (valid after finished() and when not cancelled).
  const QImage& image() const { return m_image; }
  const RenderStats& stats() const { return m_stats; }

 signals:
  void finished();

 private:
  struct Result {
    QImage image;
    RenderStats stats;
  };
  MapSettings m_settings;
  std::shared_ptr<const FeatureSnapshot> m_snapshot;
  std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
  QFutureWatcher<Result> m_watcher;
  QImage m_image;
  RenderStats m_stats;
};

}  // namespace landbank::render
