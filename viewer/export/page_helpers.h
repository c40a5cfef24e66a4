#pragma once
// Page drawing shared by the PDF exports of liblandbank_map_export.so (the site-visit packet and the
// investment catalogue): a text cursor with headings, wrapped lines and label/value tables, and a
// map frame drawn by the render library with north arrow, scale bar and legend (internal).

#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "landbank/geo.h"
#include "landbank/output_file.h"
#include "landbank/store.h"
#include "render/map_settings.h"

namespace landbank::render {

class FeatureSnapshot;

/// A request value as text (strings as they are, anything else as JSON).
QString text(const nlohmann::json& value);
/// [minE, minN, maxE, maxN] of a request; Error(Internal) unless four numbers.
ProjectedBox boxOf(const nlohmann::json& values);

/// The request prologue every PDF export shares: the output checked (a .pdf, not the database, not an
/// existing file without "force"), the GUI application, the store opened read-only,
/// the temporary file, and a QPdfWriter at 150 dpi with the page layout and a painter on its first page.
/// finish() ends the painter and renames the file into place; without it, nothing is left behind.
class PdfDocument {
 public:
  /// `what` names the document in the usage error ("a packet"); the request's database, output,
  /// force, language and title are read. Throws Error(Usage) for a bad output, Error(Io) if the PDF
  /// cannot be started.
  PdfDocument(const nlohmann::json& request, const char* what, const QPageLayout& layout);
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  static constexpr int kDpi = 150;
  MapLanguage language() const { return m_language; }
  bool chinese() const { return m_language == MapLanguage::Chinese; }
  const std::filesystem::path& outputPath() const { return m_outputPath; }
  const Store& store() const { return m_store; }
  QPainter& painter() { return m_painter; }
  /// The printable area in device pixels (kDpi), origin at its top-left.
  const QRectF& page() const { return m_page; }
  /// Device pixels per typographic point.
  double unit() const { return kDpi / 72.0; }
  void newPage() { m_writer->newPage(); }
  /// Ends the painter and moves the finished file into place.
  void finish();

 private:
  std::filesystem::path m_outputPath;
  MapLanguage m_language;
  Store m_store;
  std::unique_ptr<AtomicOutputFile> m_output;
  std::unique_ptr<QPdfWriter> m_writer;
  QPainter m_painter;
  QRectF m_page;
};

/// A page writer that keeps a cursor: the y of the next line, in device pixels.
class PageWriter {
 public:
  PageWriter(QPainter& painter, const QRectF& page, double unit) : m_painter(painter), m_page(page), m_unit(unit), m_y(page.top()) {}

  double unit() const { return m_unit; }
  double y() const { return m_y; }
  void setY(double y) { m_y = y; }
  const QRectF& page() const { return m_page; }

  void heading(const QString& line, double size = 16);
  void write(const QString& line, double size = 9.5, bool bold = false, double indent = 0, double width = -1);
  /// Two columns: label, value; moves the cursor below the last row.
  void table(const std::vector<std::pair<QString, QString>>& rows, double labelWidth, double x0, double width);

 private:
  QPainter& m_painter;
  QRectF m_page;
  double m_unit;
  double m_y;
};

/// What a map frame leaves out or adds beyond the packet's defaults.
struct MapFrameExtras {
  std::vector<std::string> highlightBuildings;  ///< buildings drawn highlighted
  std::vector<Layer> hiddenLayers;               ///< layers not drawn (e.g. projects in public documents)
  /// Only these parcels are drawn (nullptr: all).
  std::shared_ptr<const std::unordered_set<std::string>> parcelFilter;
};

/// Draws a map of `extent` into `frame` (device pixels) with the scale bar and north arrow, the
/// legend if asked, and the route if given; `highlight` names parcels. The features come from a
/// snapshot of `store` read for this map's box (FeatureSnapshot::renderBox) and its marked sites.
void drawMapFrame(QPainter& painter, const QRectF& frame, const ProjectedBox& extent, double dpi, MapLanguage language,
                  const Store& store, const std::vector<RankedSite>& ranked, const std::vector<std::string>& highlight,
                  const std::vector<QPointF>& route, bool legend, const MapFrameExtras& extras = {});

}  // namespace landbank::render
