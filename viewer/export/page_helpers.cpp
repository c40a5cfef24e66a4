// Page drawing shared by the packet and catalogue PDF exports (page_helpers.h).
#include "export/page_helpers.h"

#include <QColor>
#include <QFont>
#include <QPen>
#include <QPolygonF>

#include <algorithm>
#include <cmath>

#include "export/export_support.h"
#include "landbank/error.h"
#include "render/decorations.h"
#include "render/feature_snapshot.h"
#include "render/map_renderer.h"

namespace landbank::render {

QString text(const nlohmann::json& value) { return QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump()); }

ProjectedBox boxOf(const nlohmann::json& values) {
  const auto v = values.get<std::vector<double>>();
  if (v.size() != 4) throw Error(ErrorCode::Internal, "export request: an extent needs four numbers");
  return ProjectedBox{v[0], v[1], v[2], v[3]};
}

namespace {

std::filesystem::path checkedPdfOutput(const nlohmann::json& request, const char* what, const OutputFileOptions& options) {
  std::filesystem::path path = request.at("output").get<std::string>();
  if (path.extension() != ".pdf") throw Error(ErrorCode::Usage, Message{"-o " + path.string() + "：只能写成 .pdf", "-o " + path.string() + ": " + what + " is a .pdf"});
  checkOutputTarget(path, options);
  return path;
}

OutputFileOptions pdfOutputOptions(const nlohmann::json& request) {
  OutputFileOptions options;
  options.existing = request.value("force", false) ? ExistingOutput::Replace : ExistingOutput::Refuse;
  options.protectedFiles = {request.at("database").get<std::string>()};
  return options;
}

Store openedForExport(const nlohmann::json& request) {
  ensureGuiApplication();
  return Store::open(request.at("database").get<std::string>(), StoreAccess::ReadOnly);
}

}  // namespace

PdfDocument::PdfDocument(const nlohmann::json& request, const char* what, const QPageLayout& layout)
    : m_outputPath(checkedPdfOutput(request, what, pdfOutputOptions(request))),
      m_language(request.value("language", "zh_CN") == "en" ? MapLanguage::English : MapLanguage::Chinese),
      m_store(openedForExport(request)),
      m_output(std::make_unique<AtomicOutputFile>(m_outputPath, pdfOutputOptions(request), AtomicOutputFile::Mode::PathOnly)),
      m_writer(std::make_unique<QPdfWriter>(QString::fromStdString(m_output->temporaryPath().string()))) {
  m_writer->setResolution(kDpi);
  m_writer->setPageLayout(layout);
  m_writer->setTitle(text(request.at("title")));
  m_writer->setCreator(QStringLiteral("landbank"));
  if (!m_painter.begin(m_writer.get())) throw Error(ErrorCode::Io, Message{"无法写入 PDF", "cannot write the PDF"}, {.file = m_outputPath.string()});
  m_painter.setRenderHint(QPainter::Antialiasing);
  m_page = QRectF(QPointF(0, 0), QSizeF(m_writer->width(), m_writer->height()));
}

void PdfDocument::finish() {
  m_painter.end();
  m_output->commit();
}

void PageWriter::heading(const QString& line, double size) {
  write(line, size, true);
  m_y += 2 * m_unit;
}

void PageWriter::write(const QString& line, double size, bool bold, double indent, double width) {
  QFont font = m_painter.font();
  font.setPixelSize(static_cast<int>(std::lround(size * m_unit)));
  font.setBold(bold);
  m_painter.setFont(font);
  m_painter.setPen(Qt::black);
  const double w = width > 0 ? width : m_page.width() - indent;
  const QRectF box = m_painter.boundingRect(QRectF(m_page.left() + indent, m_y, w, 1000 * m_unit), Qt::TextWordWrap, line);
  m_painter.drawText(box, Qt::TextWordWrap, line);
  m_y = box.bottom() + 2 * m_unit;
}

void PageWriter::table(const std::vector<std::pair<QString, QString>>& rows, double labelWidth, double x0, double width) {
  QFont font = m_painter.font();
  font.setPixelSize(static_cast<int>(std::lround(9 * m_unit)));
  font.setBold(false);
  m_painter.setFont(font);
  for (const auto& [label, value] : rows) {
    const QRectF valueBox = m_painter.boundingRect(QRectF(x0 + labelWidth, m_y, width - labelWidth, 1000 * m_unit), Qt::TextWordWrap, value);
    m_painter.setPen(QColor(90, 90, 90));
    m_painter.drawText(QRectF(x0, m_y, labelWidth - 4 * m_unit, valueBox.height()), Qt::TextWordWrap, label);
    m_painter.setPen(Qt::black);
    m_painter.drawText(valueBox, Qt::TextWordWrap, value);
    m_y = valueBox.bottom() + 1.5 * m_unit;
    m_painter.setPen(QPen(QColor(220, 220, 220), 0.5 * m_unit));
    m_painter.drawLine(QPointF(x0, m_y), QPointF(x0 + width, m_y));
    m_y += 1.5 * m_unit;
  }
}

void drawMapFrame(QPainter& painter, const QRectF& frame, const ProjectedBox& extent, double dpi, MapLanguage language,
                  const Store& store, const std::vector<RankedSite>& ranked, const std::vector<std::string>& highlight,
                  const std::vector<QPointF>& route, bool legend, const MapFrameExtras& extras) {
  MapSettings settings;
  settings.language = language;
  settings.dpi = dpi;
  settings.outputSize = frame.size().toSize();
  settings.extent = extent;
  settings.rankedSites = ranked;
  for (const std::string& id : highlight) settings.highlighted.push_back(FeatureRef{Layer::Parcels, id});
  for (const std::string& id : extras.highlightBuildings) settings.highlighted.push_back(FeatureRef{Layer::Buildings, id});
  for (LayerState& state : settings.layers)
    if (std::find(extras.hiddenLayers.begin(), extras.hiddenLayers.end(), state.layer) != extras.hiddenLayers.end()) state.visible = false;
  settings.parcelFilter = extras.parcelFilter;
  // Each map reads only what is near it (the R*Tree) and the sites it marks: a packet's detail maps
  // or a catalogue's small maps need a few hundred features each, not the whole store.
  std::vector<FeatureRef> named = settings.highlighted;
  for (const RankedSite& site : ranked) named.push_back(FeatureRef{Layer::Parcels, site.parcelId});
  const auto loaded = FeatureSnapshot::load(store, {FeatureSnapshot::renderBox(settings)}, named);
  const FeatureSnapshot& snapshot = *loaded;
  painter.save();
  painter.translate(frame.topLeft());
  painter.setClipRect(QRectF(QPointF(0, 0), frame.size()));
  renderMap(painter, settings, snapshot);
  if (route.size() >= 2) {
    QPolygonF line;
    for (const QPointF& point : route) line << settings.toPixel(point.x(), point.y());
    painter.setPen(QPen(QColor(31, 120, 180, 220), 2.5 * dpi / 96.0, Qt::DashLine, Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(Qt::NoBrush);
    painter.drawPolyline(line);
    painter.setBrush(QColor(31, 120, 180));
    painter.drawEllipse(line.first(), 5 * dpi / 96.0, 5 * dpi / 96.0);
  }
  const double unit = dpi / 96.0;
  drawNorthArrow(painter, QPointF(24 * unit, 36 * unit), 36 * unit, language);
  drawScaleBar(painter, settings, QPointF(10 * unit, frame.height() - 10 * unit));
  if (legend) drawLegend(painter, settings, &snapshot, QPointF(frame.width() - 8 * unit, 8 * unit));
  painter.restore();
  painter.setPen(QPen(QColor(80, 80, 80), 0.8 * unit));
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(frame);
}

}  // namespace landbank::render
