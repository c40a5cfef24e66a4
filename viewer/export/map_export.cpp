#include "export/map_export.h"
#include "export/export_support.h"

#include <QFont>
#include <QGuiApplication>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QThreadPool>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "landbank/error.h"
#include "landbank/output_file.h"
#include "landbank/store.h"
#include "render/decorations.h"
#include "render/styles.h"
#include "render/feature_snapshot.h"
#include "render/map_renderer.h"
#include "render/map_settings.h"

namespace landbank::render {

namespace {

/// The export needs a QGuiApplication (fonts, painting) but never a window: it always runs on the
/// offscreen platform, whatever the environment says, so it works without a display.
void quietQtMessages(QtMsgType type, const QMessageLogContext&, const QString& text) {
  // Qt's informational warnings (e.g. "XDG_RUNTIME_DIR not set") are not the user's concern in a
  // command-line export; real failures are reported through our return code.
  if (type == QtCriticalMsg || type == QtFatalMsg) std::fprintf(stderr, "landbank: Qt: %s\n", text.toLocal8Bit().constData());
}

}  // namespace

void ensureGuiApplication() {
  if (QGuiApplication::instance()) return;
  qInstallMessageHandler(quietQtMessages);
  qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char name[] = "landbank";
  static char* argv[] = {name, nullptr};
  static QGuiApplication* application = new QGuiApplication(argc, argv);  // lives until the process ends
  (void)application;
}

namespace {

enum class ImageKind { Png, Pdf, Svg };

struct Request {
  std::filesystem::path database, output;
  bool force = false;
  ProjectedBox extent;
  int width = 1920, height = 1080, dpi = 96;
  std::string paper, title;
  MapLanguage language = MapLanguage::Chinese;
  std::vector<std::string> layers, highlight;
  std::vector<RankedSite> ranked;
};

Request parseRequest(const char* text) {
  const nlohmann::json json = nlohmann::json::parse(text);
  Request request;
  request.database = json.at("database").get<std::string>();
  request.output = json.at("output").get<std::string>();
  request.force = json.value("force", false);
  const auto extent = json.at("extent").get<std::vector<double>>();
  if (extent.size() != 4) throw Error(ErrorCode::Usage, Message{"地图范围需要四个数", "the map extent needs four numbers"});
  request.extent = ProjectedBox{extent[0], extent[1], extent[2], extent[3]};
  request.width = json.value("width", 1920);
  request.height = json.value("height", 1080);
  request.dpi = json.value("dpi", 96);
  request.paper = json.value("paper", "");
  request.title = json.value("title", "");
  request.language = json.value("language", "zh_CN") == "en" ? MapLanguage::English : MapLanguage::Chinese;
  request.layers = json.value("layers", std::vector<std::string>{});
  request.highlight = json.value("highlight", std::vector<std::string>{});
  for (const auto& site : json.value("ranked", nlohmann::json::array()))
    request.ranked.push_back(RankedSite{site.at("id").get<std::string>(), site.at("rank").get<int>()});
  return request;
}

}  // namespace

QString asOfLine(const Store& store, const std::vector<LayerState>& layers, MapLanguage language) {
  // Layers that share an as-of date are listed together: "2026-10-31 (parcels, parks); 2026-09-01 (roads)".
  std::vector<std::pair<QString, QStringList>> groups;
  for (const LayerState& state : layers) {
    if (!state.visible) continue;
    const auto provenance = store.provenance(state.layer);
    if (!provenance) continue;
    const QString date = QString::fromStdString(!provenance->asOf.empty() ? provenance->asOf : provenance->importedAt.substr(0, 10));
    auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == date; });
    if (group == groups.end()) groups.push_back({date, {}}), group = groups.end() - 1;
    group->second << layerTitle(state.layer, language);
  }
  QStringList parts;
  const bool zh = language == MapLanguage::Chinese;
  for (const auto& [date, names] : groups)
    parts << date + (zh ? QStringLiteral("（") : QStringLiteral(" (")) + names.join(zh ? QStringLiteral("、") : QStringLiteral(", ")) +
                 (zh ? QStringLiteral("）") : QStringLiteral(")"));
  return (zh ? QStringLiteral("数据截至：") : QStringLiteral("Data as of: ")) + parts.join(QStringLiteral("; "));
}

namespace {

/// The map, then the furniture over it: title (top left), north arrow, legend (top right), scale bar
/// (bottom left) and the as-of line (bottom right). Sizes scale with the DPI so print and screen match.
void paintMap(QPainter& painter, const MapSettings& settings, const FeatureSnapshot& snapshot, const QString& title, const QString& asOf) {
  renderMap(painter, settings, snapshot);
  const double unit = settings.dpi / 96.0;
  const double margin = 12 * unit;
  QFont font = painter.font();
  font.setPixelSize(static_cast<int>(std::lround(20 * unit)));
  font.setBold(true);
  double top = margin;
  if (!title.isEmpty()) {
    painter.setFont(font);
    const QRectF box = painter.boundingRect(QRectF(margin, margin, settings.outputSize.width() * 0.6, 100 * unit), Qt::TextWordWrap, title);
    painter.fillRect(box.adjusted(-6 * unit, -4 * unit, 6 * unit, 4 * unit), QColor(255, 255, 255, 220));
    painter.setPen(Qt::black);
    painter.drawText(box, Qt::TextWordWrap, title);
    top = box.bottom() + 8 * unit;
  }
  drawNorthArrow(painter, QPointF(margin + 24 * unit, top + 40 * unit), 40 * unit, settings.language);
  drawLegend(painter, settings, &snapshot, QPointF(settings.outputSize.width() - margin, margin));
  drawScaleBar(painter, settings, QPointF(margin, settings.outputSize.height() - margin));
  font.setBold(false);
  font.setPixelSize(static_cast<int>(std::lround(11 * unit)));
  painter.setFont(font);
  const QRectF line(settings.outputSize.width() * 0.35, settings.outputSize.height() - margin - 16 * unit,
                    settings.outputSize.width() * 0.65 - margin, 16 * unit);
  painter.fillRect(painter.boundingRect(line, Qt::AlignRight | Qt::AlignVCenter, asOf).adjusted(-4 * unit, 0, 4 * unit, 0),
                   QColor(255, 255, 255, 200));
  painter.setPen(QColor(60, 60, 60));
  painter.drawText(line, Qt::AlignRight | Qt::AlignVCenter, asOf);
}

std::string run(const Request& request) {
  const std::string extension = request.output.extension().string();
  ImageKind kind = ImageKind::Png;
  if (extension == ".pdf") kind = ImageKind::Pdf;
  else if (extension == ".svg") kind = ImageKind::Svg;
  else if (extension != ".png") throw Error(ErrorCode::Usage, Message{"-o " + request.output.string() + "：地图只能写成 .png、.pdf 或 .svg", "-o " + request.output.string() + ": a map is .png, .pdf or .svg"});
  if (request.extent.isEmpty() || request.extent.maxEasting - request.extent.minEasting <= 0 ||
      request.extent.maxNorthing - request.extent.minNorthing <= 0)
    throw Error(ErrorCode::Usage, Message{"地图范围为空", "the map extent is empty"});
  OutputFileOptions outputOptions;
  outputOptions.existing = request.force ? ExistingOutput::Replace : ExistingOutput::Refuse;
  outputOptions.protectedFiles = {request.database};
  checkOutputTarget(request.output, outputOptions);

  ensureGuiApplication();
  const Store store = Store::open(request.database, StoreAccess::ReadOnly);

  MapSettings settings;
  settings.language = request.language;
  settings.dpi = request.dpi;
  QPageSize pageSize(QPageSize::A4);
  if (request.paper == "A3") pageSize = QPageSize(QPageSize::A3);
  if (!request.paper.empty()) {
    // Landscape page; the map fills it, minus nothing (the furniture sits on the map).
    const QSizeF inches = pageSize.size(QPageSize::Inch).transposed();
    settings.outputSize = QSize(static_cast<int>(inches.width() * request.dpi), static_cast<int>(inches.height() * request.dpi));
  } else {
    settings.outputSize = QSize(request.width, request.height);
  }
  if (!request.layers.empty())
    for (LayerState& state : settings.layers)
      state.visible = std::find(request.layers.begin(), request.layers.end(), std::string(layerName(state.layer))) != request.layers.end();
  for (const std::string& id : request.highlight) settings.highlighted.push_back(FeatureRef{Layer::Parcels, id});
  settings.rankedSites = request.ranked;
  // Fit the requested extent into the output's aspect ratio (centred).
  settings.extent = request.extent;
  // Only the features near the window (the R*Tree), and the highlighted and ranked sites wherever
  // they are: a 2 km window of a 10^6-parcel store reads a few thousand parcels, not all of them.
  // The map is the same as from the viewer's whole-layer snapshot (tests/viewer/box_snapshot_test.cpp).
  std::vector<FeatureRef> named = settings.highlighted;
  for (const RankedSite& site : settings.rankedSites) named.push_back(FeatureRef{Layer::Parcels, site.parcelId});
  const auto snapshot = FeatureSnapshot::load(store, {FeatureSnapshot::renderBox(settings)}, named);
  const QString title = QString::fromStdString(request.title);
  const QString asOf = asOfLine(store, settings.layers, settings.language);

  AtomicOutputFile output(request.output, outputOptions, AtomicOutputFile::Mode::PathOnly);
  const QString path = QString::fromStdString(output.temporaryPath().string());
  if (kind == ImageKind::Png) {
    QImage image(settings.outputSize, QImage::Format_ARGB32_Premultiplied);
    image.setDotsPerMeterX(static_cast<int>(std::lround(request.dpi / 0.0254)));
    image.setDotsPerMeterY(static_cast<int>(std::lround(request.dpi / 0.0254)));
    // Drawn on a thread of Qt's pool, as the viewer's render job does: on the main thread Qt 6.4's
    // raster engine splits every large fill over the pool and waits for the pieces (a futex storm on
    // this kind of VM; docs/benchmarks.md "Map rendering"); on a pool thread it fills in place.
    // Nothing is thrown across the thread: a failure comes back as text.
    std::promise<std::string> painted;
    QThreadPool::globalInstance()->start([&] {
      try {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        paintMap(painter, settings, *snapshot, title, asOf);
        painted.set_value(std::string());
      } catch (const std::exception& error) {
        painted.set_value(error.what());
      }
    });
    if (const std::string failure = painted.get_future().get(); !failure.empty())
      throw Error(ErrorCode::Internal, Message{"绘制地图失败：" + failure, "drawing the map failed: " + failure}, {.file = request.output.string()});
    if (!image.save(path, "PNG")) throw Error(ErrorCode::Io, Message{"无法写入 PNG", "cannot write the PNG"}, {.file = request.output.string()});
  } else if (kind == ImageKind::Pdf) {
    QPdfWriter writer(path);
    writer.setResolution(request.dpi);
    if (!request.paper.empty()) {
      writer.setPageLayout(QPageLayout(pageSize, QPageLayout::Landscape, QMarginsF(0, 0, 0, 0)));
    } else {
      writer.setPageSize(QPageSize(QSizeF(settings.outputSize.width() * 72.0 / request.dpi, settings.outputSize.height() * 72.0 / request.dpi),
                                   QPageSize::Point, QString(), QPageSize::ExactMatch));
      writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    }
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("landbank"));
    QPainter painter;
    if (!painter.begin(&writer)) throw Error(ErrorCode::Io, Message{"无法写入 PDF", "cannot write the PDF"}, {.file = request.output.string()});
    painter.setRenderHint(QPainter::Antialiasing);
    paintMap(painter, settings, *snapshot, title, asOf);
    painter.end();
  } else {
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(settings.outputSize);
    generator.setViewBox(QRect(QPoint(0, 0), settings.outputSize));
    generator.setResolution(request.dpi);
    generator.setTitle(title);
    QPainter painter;
    if (!painter.begin(&generator)) throw Error(ErrorCode::Io, Message{"无法写入 SVG", "cannot write the SVG"}, {.file = request.output.string()});
    paintMap(painter, settings, *snapshot, title, asOf);
    painter.end();
  }
  output.commit();
  return request.output.string() + " (" + std::to_string(settings.outputSize.width()) + "x" + std::to_string(settings.outputSize.height()) +
         " px, " + std::to_string(request.dpi) + " dpi)";
}

}  // namespace

void copyMessage(const std::string& text, char* message, std::size_t size) {
  if (!message || size == 0) return;
  const std::size_t length = std::min(text.size(), size - 1);
  std::memcpy(message, text.data(), length);
  message[length] = '\0';
}

int answerExport(const std::function<std::string()>& work, const char* requestJson, char* message, std::size_t size) {
  try {
    copyMessage(work(), message, size);
    return 0;
  } catch (const Error& error) {
    // The language is read on its own, tolerantly: the request may be the very thing that failed to parse.
    Language language = Language::Chinese;
    const nlohmann::json request = nlohmann::json::parse(requestJson ? requestJson : "", nullptr, false);
    if (request.is_object() && request.value("language", "zh_CN") == "en") language = Language::English;
    copyMessage(error.message(language), message, size);
    return exitCodeFor(error.code());
  } catch (const std::exception& error) {
    copyMessage(error.what(), message, size);
    return 1;
  }
}

}  // namespace landbank::render

extern "C" __attribute__((visibility("default"))) int landbank_export_map(const char* requestJson, char* message, std::size_t messageSize) {
  return landbank::render::answerExport([&] { return landbank::render::run(landbank::render::parseRequest(requestJson)); }, requestJson, message, messageSize);
}
