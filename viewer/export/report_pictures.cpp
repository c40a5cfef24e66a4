// `landbank report --map FIGURE` and `--chart stages`: the monthly meeting's pictures, drawn with the
// render library (the viewer's background, boundary styles, scale bar and north arrow) and Qt's own
// painting. The figures come in the request, already computed by the engine (ledger_report.h); this
// file only lays them out.
#include "export/map_export.h"
#include "export/export_support.h"

#include <QFont>
#include <QFontMetricsF>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "landbank/error.h"
#include "landbank/output_file.h"
#include "landbank/store.h"
#include "render/decorations.h"
#include "render/feature_snapshot.h"
#include "render/map_renderer.h"
#include "render/map_settings.h"
#include "render/styles.h"

namespace landbank::render {

namespace {

enum class PictureFormat { Png, Svg };

QString qs(const std::string& text) { return QString::fromStdString(text); }

// Sequential colours, light to dark, for class breaks: ColorBrewer's OrRd with five classes
// (Brewer, Harrower: colorbrewer2.org), the scheme cartographers use for "more is darker".
const QColor kRamp[] = {QColor(0xfe, 0xf0, 0xd9), QColor(0xfd, 0xcc, 0x8a), QColor(0xfc, 0x8d, 0x59), QColor(0xe3, 0x4a, 0x33),
                        QColor(0xb3, 0x00, 0x00)};
constexpr int kMaxClasses = 5;
const QColor kNoData(0xdd, 0xdd, 0xdd);

// Colours of the stages, from cold (a lead) to the green of a firm in production.
QColor stageColour(const std::string& stage) {
  if (stage == "lead") return QColor(0xbd, 0xbd, 0xbd);
  if (stage == "negotiating") return QColor(0x9e, 0xca, 0xe1);
  if (stage == "signed") return QColor(0x31, 0x82, 0xbd);
  if (stage == "landed") return QColor(0xfd, 0x8d, 0x3c);
  if (stage == "building") return QColor(0xfe, 0xd9, 0x76);
  if (stage == "operating") return QColor(0x31, 0xa3, 0x54);
  return QColor(0x80, 0x80, 0x80);
}

struct Picture {
  nlohmann::json request;
  std::filesystem::path database, output;
  PictureFormat format = PictureFormat::Png;
  QSize size;
  int dpi = 96;
  MapLanguage language = MapLanguage::Chinese;
  QString title, subtitle, asOf, note;
};

/// One class of a choropleth: values in [min, max]; a single value when min == max.
struct ValueClass {
  double min = 0, max = 0;
  QColor colour;
  QString label;
};

QString formatValue(double value, int decimals) {
  QString text = QString::number(value, 'f', decimals);
  // Thousands separators for large figures (1,234.5), as the report's table prints them.
  const qsizetype dot = text.indexOf('.');
  qsizetype end = dot < 0 ? text.size() : dot;
  const qsizetype start = text.startsWith('-') ? 1 : 0;
  for (qsizetype at = end - 3; at > start; at -= 3) text.insert(at, ',');
  return text;
}

/// Class breaks: one class per value when there are at most five distinct values (counts of a few
/// projects read best as themselves), else five equal intervals between the smallest and the largest.
/// The largest value is always in the darkest class.
std::vector<ValueClass> classesOf(const std::vector<double>& values, int decimals) {
  std::set<double> distinct(values.begin(), values.end());
  std::vector<ValueClass> classes;
  if (distinct.empty()) return classes;
  if (distinct.size() <= static_cast<std::size_t>(kMaxClasses)) {
    for (double value : distinct) classes.push_back({value, value, {}, formatValue(value, decimals)});
  } else {
    const double low = *distinct.begin(), high = *distinct.rbegin();
    for (int i = 0; i < kMaxClasses; ++i) {
      const double from = low + (high - low) * i / kMaxClasses, to = i == kMaxClasses - 1 ? high : low + (high - low) * (i + 1) / kMaxClasses;
      classes.push_back({from, to, {}, formatValue(from, decimals) + QStringLiteral(" – ") + formatValue(to, decimals)});
    }
  }
  const auto count = static_cast<int>(classes.size());
  for (int i = 0; i < count; ++i) {
    // Spread over the ramp so the lightest and darkest are always used (one class: the middle).
    const int index = count == 1 ? 2 : static_cast<int>(std::lround(static_cast<double>(i) * (kMaxClasses - 1) / (count - 1)));
    classes[static_cast<std::size_t>(i)].colour = kRamp[index];
  }
  return classes;
}

int classOf(const std::vector<ValueClass>& classes, double value) {
  for (std::size_t i = classes.size(); i-- > 0;)
    if (value >= classes[i].min) return static_cast<int>(i);
  return 0;
}

QFont fontOf(const QPainter& painter, double pixels, bool bold) {
  QFont font = painter.font();
  font.setPixelSize(std::max(1, static_cast<int>(std::lround(pixels))));
  font.setBold(bold);
  return font;
}

/// Title and subtitle in a band across the top; returns the band's bottom.
double drawTitleBand(QPainter& painter, const Picture& picture, double unit) {
  const double margin = 16 * unit;
  double y = margin;
  painter.setPen(Qt::black);
  painter.setFont(fontOf(painter, 24 * unit, true));
  const QRectF titleBox = painter.boundingRect(QRectF(margin, y, picture.size.width() - 2 * margin, 200 * unit), Qt::TextWordWrap, picture.title);
  painter.drawText(titleBox, Qt::TextWordWrap, picture.title);
  y = titleBox.bottom() + 4 * unit;
  if (!picture.subtitle.isEmpty()) {
    painter.setPen(QColor(70, 70, 70));
    painter.setFont(fontOf(painter, 14 * unit, false));
    const QRectF box = painter.boundingRect(QRectF(margin, y, picture.size.width() - 2 * margin, 100 * unit), Qt::TextWordWrap, picture.subtitle);
    painter.drawText(box, Qt::TextWordWrap, picture.subtitle);
    y = box.bottom();
  }
  return y + 10 * unit;
}

/// The as-of line (and a note) bottom right.
void drawFooter(QPainter& painter, const Picture& picture, double unit) {
  const double margin = 16 * unit;
  painter.setFont(fontOf(painter, 12 * unit, false));
  painter.setPen(QColor(60, 60, 60));
  QString text = picture.asOf;
  if (!picture.note.isEmpty()) text = picture.note + QStringLiteral("\n") + text;
  painter.drawText(QRectF(picture.size.width() * 0.3, picture.size.height() - margin - 40 * unit, picture.size.width() * 0.7 - margin, 40 * unit),
                   Qt::AlignRight | Qt::AlignBottom, text);
}

/// Legend of swatches: a heading, then one line per entry. Returns its height.
double drawSwatchLegend(QPainter& painter, QPointF topLeft, double width, const QString& heading,
                        const std::vector<std::pair<QColor, QString>>& entries, double unit) {
  const double line = 24 * unit, swatch = 18 * unit;
  painter.setFont(fontOf(painter, 14 * unit, true));
  const QRectF headingBox = painter.boundingRect(QRectF(topLeft.x(), topLeft.y(), width, 200 * unit), Qt::TextWordWrap, heading);
  painter.setPen(Qt::black);
  painter.drawText(headingBox, Qt::TextWordWrap, heading);
  double y = headingBox.bottom() + 8 * unit;
  painter.setFont(fontOf(painter, 13 * unit, false));
  for (const auto& [colour, label] : entries) {
    LegendEntry entry{label, {}, false};
    entry.style.fill = colour;
    entry.style.stroke = QColor(120, 120, 120);
    entry.style.strokeWidth = 1;
    drawSwatch(painter, QRectF(topLeft.x(), y + (line - swatch) / 2, swatch * 1.4, swatch), entry);
    painter.setPen(Qt::black);
    painter.drawText(QRectF(topLeft.x() + swatch * 1.4 + 8 * unit, y, width - swatch * 1.4 - 8 * unit, line), Qt::AlignLeft | Qt::AlignVCenter, label);
    y += line;
  }
  return y - topLeft.y();
}

QPainterPath pathOf(const MapFeature& feature, const MapSettings& settings) {
  const QTransform toPixel = settings.mapToPixel();
  QPainterPath path;
  path.setFillRule(Qt::OddEvenFill);
  for (const QPolygonF& ring : feature.rings) path.addPolygon(toPixel.map(ring));
  return path;
}

/// The choropleth: every subdistrict of the store's boundaries filled by the class of its value.
nlohmann::json paintChoropleth(QPainter& painter, const Picture& picture, const FeatureSnapshot& snapshot) {
  const nlohmann::json& request = picture.request;
  const double unit = picture.dpi / 96.0;
  const int decimals = request.value("decimals", 0);
  const bool missingIsZero = request.value("missing_is_zero", true);
  std::map<std::string, std::optional<double>> given;
  for (const auto& item : request.at("values"))
    given[item.at("subdistrict").get<std::string>()] =
        item.at("value").is_null() ? std::nullopt : std::optional<double>(item.at("value").get<double>());

  std::vector<const MapFeature*> subdistricts;
  QRectF bounds;
  for (const MapFeature& feature : snapshot.layer(Layer::Boundaries).features)
    if (feature.category == "subdistrict") {
      subdistricts.push_back(&feature);
      bounds = bounds.isNull() ? feature.bounds : bounds.united(feature.bounds);
    }
  if (subdistricts.empty()) throw Error(ErrorCode::BadValue, Message{"没有可绘制的街道边界：请导入 level 为 subdistrict 的行政边界", "no subdistrict boundaries to map: import boundaries of level subdistrict"});

  std::vector<std::optional<double>> valueOf;
  std::vector<double> present;
  for (const MapFeature* feature : subdistricts) {
    auto found = given.find(feature->name);
    std::optional<double> value = found != given.end() ? found->second : (missingIsZero ? std::optional<double>(0.0) : std::nullopt);
    valueOf.push_back(value);
    if (value) present.push_back(*value);
  }
  const std::vector<ValueClass> classes = classesOf(present, decimals);

  painter.fillRect(QRect(QPoint(0, 0), picture.size), Qt::white);
  const double top = drawTitleBand(painter, picture, unit);
  const double margin = 16 * unit, legendWidth = 260 * unit, bottom = 56 * unit;
  const QRectF mapArea(margin, top, picture.size.width() - legendWidth - 3 * margin, picture.size.height() - top - bottom);

  MapSettings settings;
  settings.language = picture.language;
  settings.dpi = picture.dpi;
  settings.labels = false;
  settings.outputSize = QSize(static_cast<int>(mapArea.width()), static_cast<int>(mapArea.height()));
  for (LayerState& state : settings.layers) state.visible = state.layer == Layer::Boundaries;
  settings.extent = boxFromRect(bounds.adjusted(-bounds.width() * 0.04, -bounds.height() * 0.04, bounds.width() * 0.04, bounds.height() * 0.04));

  painter.save();
  painter.translate(mapArea.topLeft());
  painter.setClipRect(QRectF(QPointF(0, 0), mapArea.size()));
  painter.setRenderHint(QPainter::Antialiasing);
  renderMap(painter, settings, snapshot);  // the viewer's background and boundary lines
  nlohmann::json items = nlohmann::json::array();
  bool anyMissing = false;
  for (std::size_t i = 0; i < subdistricts.size(); ++i) {
    const MapFeature& feature = *subdistricts[i];
    const QColor fill = valueOf[i] ? classes[static_cast<std::size_t>(classOf(classes, *valueOf[i]))].colour : kNoData;
    anyMissing = anyMissing || !valueOf[i];
    FeatureStyle style = featureStyle(Layer::Boundaries, feature, settings.styling);
    painter.setPen(QPen(style.stroke.darker(130), style.strokeWidth * 1.5 * unit));
    painter.setBrush(fill);
    painter.drawPath(pathOf(feature, settings));
    items.push_back({{"name", feature.name},
                     {"value", valueOf[i] ? nlohmann::json(*valueOf[i]) : nlohmann::json(nullptr)},
                     {"class", valueOf[i] ? nlohmann::json(classOf(classes, *valueOf[i])) : nlohmann::json(nullptr)},
                     {"color", fill.name().toStdString()}});
  }
  // The district outline over the fills, in the viewer's style.
  for (const MapFeature& feature : snapshot.layer(Layer::Boundaries).features)
    if (feature.category == "district") {
      const FeatureStyle style = featureStyle(Layer::Boundaries, feature, settings.styling);
      painter.setPen(QPen(style.stroke, style.strokeWidth * unit));
      painter.setBrush(Qt::NoBrush);
      painter.drawPath(pathOf(feature, settings));
    }
  // Labels: the name and the value, with a white halo so they read on any class.
  const QFont nameFont = fontOf(painter, 14 * unit, true), valueFont = fontOf(painter, 13 * unit, false);
  for (std::size_t i = 0; i < subdistricts.size(); ++i) {
    const QPointF at = settings.toPixel(subdistricts[i]->anchor.x(), subdistricts[i]->anchor.y());
    const QString value = valueOf[i] ? formatValue(*valueOf[i], decimals) : (picture.language == MapLanguage::Chinese ? QStringLiteral("无数据") : QStringLiteral("no data"));
    for (const auto& [text, font, dy] : {std::tuple{qs(subdistricts[i]->name), nameFont, -9.0}, std::tuple{value, valueFont, 9.0}}) {
      QPainterPath path;
      const QFontMetricsF metrics(font);
      path.addText(at + QPointF(-metrics.horizontalAdvance(text) / 2, dy * unit + metrics.ascent() / 2 - 2 * unit), font, text);
      painter.setPen(QPen(QColor(255, 255, 255, 230), 3 * unit, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
      painter.setBrush(Qt::NoBrush);
      painter.drawPath(path);
      painter.setPen(Qt::NoPen);
      painter.setBrush(QColor(20, 20, 20));
      painter.drawPath(path);
    }
  }
  drawNorthArrow(painter, QPointF(32 * unit, 40 * unit), 40 * unit, settings.language);
  drawScaleBar(painter, settings, QPointF(12 * unit, mapArea.height() - 8 * unit));
  painter.restore();

  // Legend with the class breaks, right of the map.
  std::vector<std::pair<QColor, QString>> entries;
  for (auto it = classes.rbegin(); it != classes.rend(); ++it) entries.emplace_back(it->colour, it->label);
  if (anyMissing) entries.emplace_back(kNoData, picture.language == MapLanguage::Chinese ? QStringLiteral("无数据") : QStringLiteral("no data"));
  const QString unitText = qs(request.value("unit", ""));
  const QString heading = qs(request.value("figure_label", "")) + (unitText.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(unitText));
  drawSwatchLegend(painter, QPointF(mapArea.right() + 2 * margin, top), legendWidth, heading, entries, unit);
  drawFooter(painter, picture, unit);

  nlohmann::json classJson = nlohmann::json::array();
  for (const ValueClass& c : classes)
    classJson.push_back({{"min", c.min}, {"max", c.max}, {"label", c.label.toStdString()}, {"color", c.colour.name().toStdString()}});
  return {{"classes", classJson}, {"subdistricts", items}};
}

/// A "nice" tick step (1, 2 or 5 × 10^n) for about five ticks up to `maximum`.
double niceStep(double maximum) {
  const double raw = std::max(maximum, 1.0) / 5;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double step : {1.0, 2.0, 5.0, 10.0})
    if (step * magnitude >= raw) return std::max(1.0, step * magnitude);
  return std::max(1.0, 10 * magnitude);
}

/// Projects by stage at each month's end: stacked bars, lead at the bottom, operating on top.
nlohmann::json paintStageChart(QPainter& painter, const Picture& picture) {
  const nlohmann::json& request = picture.request;
  const double unit = picture.dpi / 96.0;
  const bool zh = picture.language == MapLanguage::Chinese;
  std::vector<std::string> stages;
  std::vector<QString> stageLabels;
  for (const auto& stage : request.at("stages")) {
    stages.push_back(stage.at("code").get<std::string>());
    stageLabels.push_back(qs(stage.at("label").get<std::string>()));
  }
  struct Bar {
    QString label, year;
    std::vector<std::int64_t> counts;
    std::int64_t total = 0;
  };
  std::vector<Bar> bars;
  for (const auto& month : request.at("months")) {
    Bar bar;
    bar.label = qs(month.at("label").get<std::string>());
    bar.year = qs(month.value("year_label", ""));
    bar.counts = month.at("counts").get<std::vector<std::int64_t>>();
    if (bar.counts.size() != stages.size()) throw Error(ErrorCode::Usage, Message{"阶段图：每个月份需要每个阶段各一个数", "stage chart: every month needs one count per stage"});
    for (std::int64_t n : bar.counts) bar.total += n;
    bars.push_back(std::move(bar));
  }
  if (bars.empty()) throw Error(ErrorCode::BadValue, Message{"没有可绘制的内容：统计期内截至统计日期没有月份", "nothing to chart: the period has no month up to the as-of date"});
  std::int64_t highest = 0;
  for (const Bar& bar : bars) highest = std::max(highest, bar.total);

  painter.fillRect(QRect(QPoint(0, 0), picture.size), Qt::white);
  painter.setRenderHint(QPainter::Antialiasing);
  const double top = drawTitleBand(painter, picture, unit);
  const double margin = 16 * unit, legendWidth = 200 * unit, axisWidth = 56 * unit, monthBand = 48 * unit, footer = 36 * unit;
  const QRectF plot(margin + axisWidth, top + 12 * unit, picture.size.width() - legendWidth - 3 * margin - axisWidth,
                    picture.size.height() - top - 12 * unit - monthBand - footer);
  const double step = niceStep(static_cast<double>(highest));
  const double axisMax = std::max(step, std::ceil(static_cast<double>(highest) / step) * step);
  const double pixelsPerProject = plot.height() / axisMax;
  const int baseline = static_cast<int>(std::lround(plot.bottom()));

  // Grid and the value axis.
  painter.setFont(fontOf(painter, 12 * unit, false));
  for (double tick = 0; tick <= axisMax + 1e-9; tick += step) {
    const double y = baseline - tick * pixelsPerProject;
    painter.setPen(QPen(tick == 0 ? QColor(60, 60, 60) : QColor(225, 225, 225), tick == 0 ? 1.5 * unit : 1 * unit));
    painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    painter.setPen(QColor(60, 60, 60));
    painter.drawText(QRectF(margin, y - 10 * unit, axisWidth - 8 * unit, 20 * unit), Qt::AlignRight | Qt::AlignVCenter, QString::number(tick, 'f', 0));
  }
  painter.save();
  painter.translate(margin + 2 * unit, plot.center().y());
  painter.rotate(-90);
  painter.setFont(fontOf(painter, 12 * unit, false));
  painter.drawText(QRectF(-plot.height() / 2, -2 * unit, plot.height(), 16 * unit), Qt::AlignCenter, zh ? QStringLiteral("项目数") : QStringLiteral("projects"));
  painter.restore();

  // Bars: whole pixels and no antialiasing, so every segment is exactly its stage's colour and its
  // height is the rounded running total's difference (a bar's height is its total, never off by a sum of roundings).
  const double slot = plot.width() / static_cast<double>(bars.size());
  const double barWidth = std::max(2.0, slot * 0.62);
  nlohmann::json barJson = nlohmann::json::array();
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const int left = static_cast<int>(std::lround(plot.left() + slot * (static_cast<double>(i) + 0.5) - barWidth / 2));
    const int width = static_cast<int>(std::lround(barWidth));
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    std::int64_t running = 0;
    int previousTop = baseline;
    for (std::size_t s = 0; s < stages.size(); ++s) {
      running += bar.counts[s];
      const int segmentTop = baseline - static_cast<int>(std::lround(static_cast<double>(running) * pixelsPerProject));
      if (segmentTop < previousTop) painter.fillRect(QRect(left, segmentTop, width, previousTop - segmentTop), stageColour(stages[s]));
      previousTop = segmentTop;
    }
    painter.restore();
    painter.setPen(QColor(30, 30, 30));
    painter.setFont(fontOf(painter, 12 * unit, false));
    if (bar.total > 0)
      painter.drawText(QRectF(left - slot / 2, previousTop - 20 * unit, width + slot, 18 * unit), Qt::AlignHCenter | Qt::AlignBottom, QString::number(bar.total));
    painter.setPen(QColor(60, 60, 60));
    painter.drawText(QRectF(left - slot / 2, baseline + 4 * unit, width + slot, 18 * unit), Qt::AlignHCenter | Qt::AlignTop, bar.label);
    if (!bar.year.isEmpty())
      painter.drawText(QRectF(left - slot / 2, baseline + 22 * unit, width + slot, 18 * unit), Qt::AlignHCenter | Qt::AlignTop, bar.year);
    barJson.push_back({{"left", left}, {"width", width}, {"baseline", baseline}, {"top", previousTop}});
  }

  std::vector<std::pair<QColor, QString>> entries;
  for (std::size_t s = stages.size(); s-- > 0;) entries.emplace_back(stageColour(stages[s]), stageLabels[s]);
  drawSwatchLegend(painter, QPointF(plot.right() + 2 * margin, plot.top()), legendWidth, zh ? QStringLiteral("阶段") : QStringLiteral("Stage"), entries, unit);
  drawFooter(painter, picture, unit);

  nlohmann::json stageJson = nlohmann::json::array();
  for (const std::string& stage : stages) stageJson.push_back({{"code", stage}, {"color", stageColour(stage).name().toStdString()}});
  return {{"stages", stageJson}, {"bars", barJson}, {"pixels_per_project", pixelsPerProject}};
}

std::string run(const char* requestText) {
  Picture picture;
  picture.request = nlohmann::json::parse(requestText);
  const nlohmann::json& request = picture.request;
  const std::string kind = request.at("kind").get<std::string>();
  if (kind != "choropleth" && kind != "stage_chart") throw Error(ErrorCode::Usage, Message{"未知的图片类型 '" + kind + "'", "unknown picture kind '" + kind + "'"});
  picture.database = request.at("database").get<std::string>();
  picture.output = request.at("output").get<std::string>();
  const std::string extension = picture.output.extension().string();
  if (extension == ".svg") picture.format = PictureFormat::Svg;
  else if (extension != ".png") throw Error(ErrorCode::Usage, Message{"-o " + picture.output.string() + "：图片只能写成 .png 或 .svg", "-o " + picture.output.string() + ": a picture is .png or .svg"});
  picture.size = QSize(request.value("width", 1600), request.value("height", 1100));
  picture.dpi = request.value("dpi", 96);
  picture.language = request.value("language", "zh_CN") == "en" ? MapLanguage::English : MapLanguage::Chinese;
  picture.title = qs(request.value("title", ""));
  picture.subtitle = qs(request.value("subtitle", ""));
  picture.asOf = qs(request.value("as_of", ""));
  picture.note = qs(request.value("note", ""));
  OutputFileOptions outputOptions;
  outputOptions.existing = request.value("force", true) ? ExistingOutput::Replace : ExistingOutput::Refuse;
  outputOptions.protectedFiles = {picture.database};
  checkOutputTarget(picture.output, outputOptions);

  ensureGuiApplication();
  std::optional<Store> store;
  std::shared_ptr<const FeatureSnapshot> snapshot;
  if (kind == "choropleth") {
    store.emplace(Store::open(picture.database, StoreAccess::ReadOnly));
    snapshot = FeatureSnapshot::load(*store);
    // The boundaries' own date after the ledger's.
    LayerState boundaries{Layer::Boundaries, true, 1.0};
    const QString layers = asOfLine(*store, {boundaries}, picture.language);
    const QString separator = picture.language == MapLanguage::Chinese ? QStringLiteral("；") : QStringLiteral("; ");
    if (store->provenance(Layer::Boundaries)) picture.asOf += (picture.asOf.isEmpty() ? QString() : separator) + layers;
  }
  auto paint = [&](QPainter& painter) {
    return kind == "choropleth" ? paintChoropleth(painter, picture, *snapshot) : paintStageChart(painter, picture);
  };

  AtomicOutputFile output(picture.output, outputOptions, AtomicOutputFile::Mode::PathOnly);
  const QString path = qs(output.temporaryPath().string());
  nlohmann::json summary;
  if (picture.format == PictureFormat::Png) {
    QImage image(picture.size, QImage::Format_RGB32);
    image.setDotsPerMeterX(static_cast<int>(std::lround(picture.dpi / 0.0254)));
    image.setDotsPerMeterY(static_cast<int>(std::lround(picture.dpi / 0.0254)));
    {
      QPainter painter(&image);
      summary = paint(painter);
    }
    if (!image.save(path, "PNG")) throw Error(ErrorCode::Io, Message{"无法写入 PNG", "cannot write the PNG"}, {.file = picture.output.string()});
  } else {
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(picture.size);
    generator.setViewBox(QRect(QPoint(0, 0), picture.size));
    generator.setResolution(picture.dpi);
    generator.setTitle(picture.title);
    QPainter painter;
    if (!painter.begin(&generator)) throw Error(ErrorCode::Io, Message{"无法写入 SVG", "cannot write the SVG"}, {.file = picture.output.string()});
    summary = paint(painter);
    painter.end();
  }
  output.commit();
  summary["output"] = picture.output.string();
  summary["kind"] = kind;
  summary["width"] = picture.size.width();
  summary["height"] = picture.size.height();
  return summary.dump();
}

}  // namespace

}  // namespace landbank::render

extern "C" __attribute__((visibility("default"))) int landbank_export_report_picture(const char* requestJson, char* message, std::size_t messageSize) {
  return landbank::render::answerExport([&] { return landbank::render::run(requestJson); }, requestJson, message, messageSize);
}
