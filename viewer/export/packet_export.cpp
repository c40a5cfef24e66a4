// `landbank export packet`: the site-visit packet (实地踏勘资料) as one PDF: a cover, an overview
// map with the numbered sites and the suggested route, and a page per site (detail map, attributes,
// score and hard-rule facts, coordinates, a QR code for Amap navigation, lines for notes). Maps are
// drawn by the render library (vector in the PDF); text is real text in an embedded CJK font.
// The request JSON is built by the CLI (engine facts, coordinates, labels in the chosen language).
#include <QFont>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>

#include <qrencode.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "export/export_support.h"
#include "export/page_helpers.h"
#include "export/map_export.h"
#include "landbank/error.h"
#include "landbank/output_file.h"
#include "landbank/store.h"
#include "render/decorations.h"
#include "render/feature_snapshot.h"
#include "render/map_renderer.h"
#include "render/map_settings.h"

namespace landbank::render {

namespace {

using nlohmann::json;

void drawQrCode(QPainter& painter, const QRectF& box, const std::string& content) {
  QRcode* code = QRcode_encodeString(content.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!code) throw Error(ErrorCode::Internal, "cannot encode the navigation link as a QR code");
  const int width = code->width;
  const double cell = std::min(box.width(), box.height()) / (width + 8);  // 4-module quiet zone each side
  painter.fillRect(box, Qt::white);
  QPainterPath path;
  for (int y = 0; y < width; ++y)
    for (int x = 0; x < width; ++x)
      if (code->data[y * width + x] & 1) path.addRect(box.left() + (x + 4) * cell, box.top() + (y + 4) * cell, cell, cell);
  QRcode_free(code);
  painter.fillPath(path, Qt::black);
}

std::string run(const json& request) {
  const QPageSize pageSize(request.value("paper", "A4") == "A3" ? QPageSize::A3 : QPageSize::A4);
  const QPageLayout::Orientation orientation = request.value("landscape", false) ? QPageLayout::Landscape : QPageLayout::Portrait;
  PdfDocument document(request, "a packet", QPageLayout(pageSize, orientation, QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter));
  const MapLanguage language = document.language();
  const bool zh = document.chinese();
  const Store& store = document.store();
  QPainter& painter = document.painter();
  const QRectF& page = document.page();
  const double unit = document.unit();
  const double dpi = PdfDocument::kDpi;
  MapSettings defaults;

  const json& sites = request.at("sites");
  std::vector<RankedSite> ranked;
  std::vector<std::string> ids;
  for (const json& site : sites) {
    ranked.push_back(RankedSite{site.at("id").get<std::string>(), site.at("rank").get<int>()});
    ids.push_back(site.at("id").get<std::string>());
  }
  std::vector<QPointF> route;
  for (const json& point : request.value("route", json::array())) route.emplace_back(point.at(0).get<double>(), point.at(1).get<double>());

  // Cover.
  {
    PageWriter page1(painter, page, unit);
    page1.heading(zh ? QStringLiteral("实地踏勘资料") : QStringLiteral("Site-visit packet"), 22);
    page1.heading(text(request.at("title")), 16);
    for (const json& line : request.value("cover_lines", json::array())) page1.write(text(line), 10);
    page1.write(asOfLine(store, defaults.layers, language), 9);
    page1.setY(page1.y() + 6 * unit);
    page1.write(zh ? QStringLiteral("地块清单") : QStringLiteral("Sites"), 12, true);
    std::vector<std::pair<QString, QString>> rows;
    for (const json& site : sites) rows.emplace_back(text(site.at("rank")) + ". " + text(site.at("id")), text(site.at("summary")));
    page1.table(rows, 90 * unit, page.left(), page.width());
    page1.setY(page1.y() + 6 * unit);
    page1.write(text(request.value("visit_text", "")), 10);
  }
  // Overview.
  document.newPage();
  {
    PageWriter overview(painter, page, unit);
    overview.heading(zh ? QStringLiteral("总览图与建议踏勘路线") : QStringLiteral("Overview and suggested route"), 14);
    const QRectF frame(page.left(), overview.y(), page.width(), page.bottom() - overview.y() - 30 * unit);
    drawMapFrame(painter, frame, boxOf(request.at("overview_extent")), dpi, language, store, ranked, ids, route, true);
    overview.setY(frame.bottom() + 4 * unit);
    overview.write(text(request.value("visit_text", "")), 9);
  }
  // One page per site.
  for (const json& site : sites) {
    document.newPage();
    PageWriter sheet(painter, page, unit);
    sheet.heading(text(site.at("rank")) + ". " + text(site.at("id")) + "  " + text(site.at("name")), 14);
    sheet.write(text(site.at("summary")), 9.5);
    sheet.setY(sheet.y() + 11 * unit);  // room for the corner coordinates above the map
    const double mapHeight = page.height() * 0.40;
    const QRectF frame(page.left(), sheet.y(), page.width(), mapHeight);
    drawMapFrame(painter, frame, boxOf(site.at("extent")), dpi, language, store, {RankedSite{site.at("id").get<std::string>(), site.at("rank").get<int>()}},
                 {site.at("id").get<std::string>()}, {}, true);
    // Corner coordinates of the detail map (WGS84), as the CLI computed them.
    {
      QFont font = painter.font();
      font.setPixelSize(static_cast<int>(std::lround(7 * unit)));
      painter.setFont(font);
      painter.setPen(QColor(60, 60, 60));
      painter.drawText(QRectF(frame.left(), frame.top() - 10 * unit, frame.width() / 2, 10 * unit), Qt::AlignLeft | Qt::AlignBottom,
                       text(site.value("corner_top_left", "")));
      painter.drawText(QRectF(frame.center().x(), frame.bottom() + 1 * unit, frame.width() / 2, 10 * unit), Qt::AlignRight | Qt::AlignTop,
                       text(site.value("corner_bottom_right", "")));
    }
    sheet.setY(frame.bottom() + 12 * unit);
    const double columnWidth = page.width() * 0.5 - 6 * unit;
    const double top = sheet.y();
    std::vector<std::pair<QString, QString>> attributes;
    for (const json& row : site.at("attributes")) attributes.emplace_back(text(row.at(0)), text(row.at(1)));
    sheet.table(attributes, 62 * unit, page.left(), columnWidth);
    const double leftBottom = sheet.y();
    // Right column: coordinates, QR code, score, facts.
    sheet.setY(top);
    const double x0 = page.left() + columnWidth + 12 * unit;
    std::vector<std::pair<QString, QString>> coordinates;
    for (const json& row : site.at("coordinates")) coordinates.emplace_back(text(row.at(0)), text(row.at(1)));
    sheet.table(coordinates, 92 * unit, x0, columnWidth);
    const double qrSize = 80 * unit;
    drawQrCode(painter, QRectF(x0, sheet.y(), qrSize, qrSize), site.at("nav_url").get<std::string>());
    sheet.setY(sheet.y() + 2 * unit);
    sheet.write(zh ? QStringLiteral("扫码用高德地图导航至踏勘点（GCJ-02）") : QStringLiteral("Scan to navigate with Amap to the access point (GCJ-02)"), 8, false,
                x0 - page.left() + qrSize + 6 * unit, columnWidth - qrSize - 6 * unit);
    sheet.setY(std::max(sheet.y(), sheet.y() + qrSize - 14 * unit));
    std::vector<std::pair<QString, QString>> facts;
    for (const json& row : site.value("facts", json::array())) facts.emplace_back(text(row.at(0)), text(row.at(1)));
    if (!facts.empty()) sheet.table(facts, 80 * unit, x0, columnWidth);
    // Notes lines under both columns.
    double y = std::max(leftBottom, sheet.y()) + 8 * unit;
    sheet.setY(y);
    sheet.write(zh ? QStringLiteral("踏勘记录") : QStringLiteral("Notes"), 10, true);
    y = sheet.y() + 14 * unit;
    painter.setPen(QPen(QColor(170, 170, 170), 0.6 * unit));
    for (; y < page.bottom() - 4 * unit; y += 18 * unit) painter.drawLine(QPointF(page.left(), y), QPointF(page.right(), y));
  }
  document.finish();
  return document.outputPath().string() + " (" + std::to_string(sites.size() + 2) + (zh ? " 页" : " pages") + ")";
}

}  // namespace

}  // namespace landbank::render

extern "C" __attribute__((visibility("default"))) int landbank_export_packet(const char* requestJson, char* message, std::size_t messageSize) {
  return landbank::render::answerExport([&] { return landbank::render::run(nlohmann::json::parse(requestJson)); }, requestJson, message, messageSize);
}
