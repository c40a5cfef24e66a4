#include "render/render_job.h"

#include <QPainter>
#include <QtConcurrent/QtConcurrentRun>

namespace landbank::render {

RenderJob::RenderJob(MapSettings settings, std::shared_ptr<const FeatureSnapshot> snapshot, QObject* parent)
    : QObject(parent), m_settings(std::move(settings)), m_snapshot(std::move(snapshot)) {
  connect(&m_watcher, &QFutureWatcher<Result>::finished, this, [this] {
    Result result = m_watcher.result();
    m_image = std::move(result.image);
    m_stats = result.stats;
    emit finished();
  });
}

RenderJob::~RenderJob() {
  m_cancel->store(true);
  m_watcher.waitForFinished();
}

void RenderJob::start() {
  // The worker gets copies and shared pointers only: nothing it reads can change or vanish under it.
  auto work = [settings = m_settings, snapshot = m_snapshot, cancel = m_cancel]() {
    Result result;
    result.image = QImage(settings.outputSize, QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&result.image);
    result.stats = renderMap(painter, settings, *snapshot, cancel.get());
    return result;
  };
  m_watcher.setFuture(QtConcurrent::run(work));
}

void RenderJob::cancel() { m_cancel->store(true); }
void RenderJob::waitForFinished() { m_watcher.waitForFinished(); }
bool RenderJob::isRunning() const { return m_watcher.isRunning(); }

}  // namespace landbank::render
