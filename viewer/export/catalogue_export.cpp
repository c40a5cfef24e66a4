// `landbank export catalogue`: the investor-facing land catalogue (招商地块推介册) as one PDF: a cover
// with the totals, a contents list by park and subdistrict, and a page per offered site (a small map,
// the key figures). Maps are drawn by the render library (vector in the PDF); text is real text in an
// embedded CJK font. The request JSON is built by the CLI (engine/cli/export_catalogue.cpp) and holds
// only what may be shown to investors.
#include <QFont>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <cmath>
#include <memory>
#include <unordered_set>
#include <nlohmann/json.hpp>
#include <string>

#include "export/export_support.h"
#include "export/map_export.h"
#include "export/page_helpers.h"
#include "landbank/error.h"
#include "landbank/output_file.h"
#include "landbank/store.h"
#include "render/feature_snapshot.h"
#include "render/map_settings.h"

namespace landbank::render {

namespace {

using nlohmann::json;

/// Rows of the contents that fit one page (9-point lines, A4 portrait).
constexpr std::size_t kContentsRowsPerPage = 44;

void footer(QPainter& painter, const QRectF& page, double unit, int number) {
  QFont font = painter.font();
  font.setPixelSize(static_cast<int>(std::lround(8 * unit)));
  font.setBold(false);
  painter.setFont(font);
  painter.setPen(QColor(110, 110, 110));
  painter.drawText(QRectF(page.left(), page.bottom() - 10 * unit, page.width(), 10 * unit), Qt::AlignHCenter | Qt::AlignBottom,
                   QString::number(number));
}

std::string run(const json& request) {
  PdfDocument document(request, "a catalogue",
                       QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter));
  const bool zh = document.chinese();
  QPainter& painter = document.painter();
  const QRectF& page = document.page();
  const double unit = document.unit();
  MapSettings defaults;

  auto offered = std::make_shared<std::unordered_set<std::string>>();
  for (const json& id : request.at("offered_parcels")) offered->insert(id.get<std::string>());
  const std::shared_ptr<const std::unordered_set<std::string>> offeredParcels = offered;

  // The contents: a line per group, then a line per site; its pages come before the sites'.
  const json& groups = request.at("groups");
  std::size_t contentsRows = 0, siteCount = 0;
  for (const json& group : groups) {
    contentsRows += 1 + group.at("sites").size();
    siteCount += group.at("sites").size();
  }
  const std::size_t contentsPages = std::max<std::size_t>(1, (contentsRows + kContentsRowsPerPage - 1) / kContentsRowsPerPage);
  const int firstSitePage = static_cast<int>(2 + contentsPages);

  // Cover.
  {
    PageWriter cover(painter, page, unit);
    cover.setY(page.top() + page.height() * 0.25);
    cover.heading(text(request.at("title")), 24);
    cover.write(zh ? QStringLiteral("Chengyang investment land catalogue") : QStringLiteral("城阳区招商地块推介册"), 12);
    cover.setY(cover.y() + 16 * unit);
    for (const json& line : request.value("cover_lines", json::array())) cover.write(text(line), 12);
    cover.setY(cover.y() + 6 * unit);
    std::vector<LayerState> publicLayers;
    for (const LayerState& state : defaults.layers)
      if (state.layer != Layer::Projects) publicLayers.push_back(state);
    cover.write(asOfLine(document.store(), publicLayers, document.language()), 9);
  }
  // Contents.
  int pageNumber = 2;
  {
    document.newPage();
    PageWriter contents(painter, page, unit);
    contents.heading(zh ? QStringLiteral("目录") : QStringLiteral("Contents"), 16);
    std::size_t row = 0;
    int sitePage = firstSitePage;
    for (const json& group : groups) {
      std::vector<std::pair<QString, QString>> lines;
      lines.emplace_back(QString(), text(group.at("title")));
      for (const json& site : group.at("sites"))
        lines.emplace_back(QString::number(sitePage++), text(site.at("id")) + "  " + text(site.at("name")) + "  ·  " + text(site.at("summary")));
      for (std::size_t i = 0; i < lines.size(); ++i, ++row) {
        if (row > 0 && row % kContentsRowsPerPage == 0) {
          footer(painter, page, unit, pageNumber++);
          document.newPage();
          contents.setY(page.top());
        }
        if (i == 0) contents.write(lines[i].second, 10, true);
        else contents.write(lines[i].first + "    " + lines[i].second, 8.5, false, 8 * unit);
      }
    }
    footer(painter, page, unit, pageNumber++);
  }
  // A page per site.
  for (const json& group : groups) {
    for (const json& site : group.at("sites")) {
      document.newPage();
      PageWriter sheet(painter, page, unit);
      sheet.write(text(group.at("title")), 9);
      sheet.heading(text(site.at("id")) + "  " + text(site.at("name")), 15);
      sheet.write(text(site.at("summary")), 10);
      sheet.setY(sheet.y() + 2 * unit);
      const QRectF frame(page.left(), sheet.y(), page.width(), page.height() * 0.42);
      const std::string id = site.at("id").get<std::string>();
      const bool building = site.value("kind", "parcel") == "building";
      MapFrameExtras extras;
      extras.hiddenLayers = {Layer::Projects};  // nothing of the ledger in a public document
      extras.parcelFilter = offeredParcels;      // nor parcels that are not on offer
      if (building) extras.highlightBuildings = {id};
      drawMapFrame(painter, frame, boxOf(site.at("extent")), PdfDocument::kDpi, document.language(), document.store(), {},
                   building ? std::vector<std::string>{} : std::vector<std::string>{id}, {}, false, extras);
      sheet.setY(frame.bottom() + 10 * unit);
      std::vector<std::pair<QString, QString>> rows;
      for (const json& row : site.at("rows")) rows.emplace_back(text(row.at(0)), text(row.at(1)));
      sheet.table(rows, 110 * unit, page.left(), page.width());
      footer(painter, page, unit, pageNumber++);
    }
  }
  document.finish();
  return document.outputPath().string() + " (" + std::to_string(siteCount + 1 + contentsPages) + (zh ? " 页" : " pages") + ")";
}

}  // namespace

}  // namespace landbank::render

extern "C" __attribute__((visibility("default"))) int landbank_export_catalogue(const char* requestJson, char* message, std::size_t messageSize) {
  return landbank::render::answerExport([&] { return landbank::render::run(nlohmann::json::parse(requestJson)); }, requestJson, message, messageSize);
}
