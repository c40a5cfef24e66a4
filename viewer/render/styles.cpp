#include "render/styles.h"

#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <cmath>
#include <map>
#include <set>

#include "landbank/landuse.h"
#include "landbank/ledger.h"
#include "render/feature_snapshot.h"

namespace landbank::render {

namespace {

QColor withAlpha(QColor colour, int alpha) {
  colour.setAlpha(alpha);
  return colour;
}

/// Status colours: free land in greens/blues (what can be offered), taken land in greys.
QColor statusColour(const std::string& status) {
  static const std::map<std::string, QColor> colours{
      {"reserved", QColor(76, 154, 90)},     {"available", QColor(52, 168, 200)}, {"negotiating", QColor(238, 160, 40)},
      {"allocated", QColor(160, 120, 170)},  {"building", QColor(150, 150, 150)}, {"built", QColor(110, 110, 110)}};
  auto it = colours.find(status);
  return it == colours.end() ? QColor(200, 200, 200) : it->second;
}

/// The usual Chinese planning palette by class of the national classification (first two digits).
QColor landUseColour(const std::string& code) {
  const std::string major = code.substr(0, 2);
  if (major == "10") {  // industrial: ochre to dark brown as pollution class rises
    if (code == "100103") return QColor(140, 90, 50);
    if (code == "100102") return QColor(176, 122, 68);
    return QColor(204, 160, 96);
  }
  static const std::map<std::string, QColor> colours{
      {"07", QColor(255, 225, 90)},   // residential: yellow
      {"08", QColor(230, 110, 160)},  // public administration and services: magenta-pink
      {"09", QColor(225, 50, 50)},    // commercial: red
      {"11", QColor(150, 100, 190)},  // storage: purple
      {"12", QColor(170, 170, 170)},  // transport: grey
      {"13", QColor(90, 150, 200)},   // utilities: blue
      {"14", QColor(110, 190, 90)},   // green space: green
      {"16", QColor(150, 190, 120)},
      {"01", QColor(210, 230, 160)},  {"03", QColor(120, 170, 100)}, {"17", QColor(150, 200, 230)}};
  auto it = colours.find(major);
  return it == colours.end() ? QColor(210, 210, 200) : it->second;
}

QColor constraintColour(const std::string& type) {
  static const std::map<std::string, QColor> colours{
      {"eco_redline", QColor(0, 140, 60)},     {"basic_farmland", QColor(170, 190, 40)}, {"dev_boundary", QColor(90, 90, 90)},
      {"water_source_1", QColor(20, 90, 200)}, {"water_source_2", QColor(90, 150, 230)}, {"airport_height", QColor(120, 60, 200)},
      {"hv_corridor", QColor(230, 120, 0)},    {"flood", QColor(40, 170, 200)},          {"heritage", QColor(160, 80, 40)},
      {"hazard_buffer", QColor(220, 30, 30)},  {"other", QColor(120, 120, 120)}};
  auto it = colours.find(type);
  return it == colours.end() ? QColor(120, 120, 120) : it->second;
}

Qt::BrushStyle constraintHatch(const std::string& type) {
  if (type == "eco_redline" || type == "hazard_buffer") return Qt::DiagCrossPattern;
  if (type == "basic_farmland" || type == "flood") return Qt::HorPattern;
  if (type == "water_source_1" || type == "water_source_2") return Qt::FDiagPattern;
  if (type == "airport_height" || type == "hv_corridor") return Qt::BDiagPattern;
  if (type == "heritage") return Qt::CrossPattern;
  return Qt::NoBrush;
}

/// Ledger stages from cold to warm: a lead is pale, an operating project deep blue, a dropped one grey.
QColor stageColour(const std::string& stage) {
  static const std::map<std::string, QColor> colours{
      {"lead", QColor(170, 200, 230)},    {"negotiating", QColor(250, 190, 60)}, {"signed", QColor(240, 120, 30)},
      {"landed", QColor(210, 40, 90)},    {"building", QColor(150, 40, 160)},    {"operating", QColor(30, 70, 170)},
      {"dropped", QColor(120, 120, 120)}};
  auto it = colours.find(stage);
  return it == colours.end() ? QColor(200, 200, 200) : it->second;
}

/// 亩均效益 grades as the evaluation's maps show them: A green, B light green, C orange, D red.
QColor gradeColour(const std::string& grade) {
  static const std::map<std::string, QColor> colours{
      {"A", QColor(0, 140, 60)}, {"B", QColor(130, 200, 60)}, {"C", QColor(245, 160, 30)}, {"D", QColor(215, 30, 30)}};
  auto it = colours.find(grade);
  return it == colours.end() ? QColor(190, 190, 190) : it->second;
}

struct FacilityLook {
  QColor colour;
  Symbol symbol;
};

FacilityLook facilityLook(const std::string& type) {
  static const std::map<std::string, FacilityLook> looks{
      {"highway_exit", {QColor(0, 130, 70), Symbol::Diamond}}, {"rail_station", {QColor(30, 60, 160), Symbol::Square}},
      {"rail_freight", {QColor(90, 60, 30), Symbol::Square}},  {"port", {QColor(0, 90, 150), Symbol::Hexagon}},
      {"airport", {QColor(60, 60, 60), Symbol::Triangle}},    {"metro", {QColor(200, 0, 60), Symbol::Circle}},
      {"university", {QColor(130, 40, 160), Symbol::Star}},   {"research_institute", {QColor(0, 140, 150), Symbol::Star}},
      {"substation", {QColor(240, 150, 0), Symbol::Cross}},   {"enterprise", {QColor(100, 100, 100), Symbol::Circle}}};
  auto it = looks.find(type);
  return it == looks.end() ? FacilityLook{QColor(80, 80, 80), Symbol::Circle} : it->second;
}

/// Roads by class, as on the planners' base maps: expressways wide and orange, trunk roads yellow,
/// city roads in greys from wide to thin. Widths in pixels at a street scale; at a district scale
/// (over kRoadDetailMetresPerPixel) they narrow so the parcels keep the picture.
constexpr double kRoadDetailMetresPerPixel = 6.0;
struct RoadLook {
  QColor colour;
  double width;        ///< pixels at street scale
  double districtWidth;  ///< pixels at district scale (0: not drawn)
};
RoadLook roadLook(const std::string& roadClass) {
  static const std::map<std::string, RoadLook> looks{
      {"expressway", {QColor(226, 122, 46), 6.0, 3.0}}, {"trunk", {QColor(236, 176, 58), 4.5, 2.0}},
      {"main", {QColor(168, 162, 152), 3.5, 1.0}},      {"secondary", {QColor(184, 179, 171), 2.2, 0.6}},
      {"local", {QColor(198, 194, 188), 1.2, 0.0}}};
  auto it = looks.find(roadClass);
  return it == looks.end() ? RoadLook{QColor(184, 179, 171), 2.0, 0.6} : it->second;
}
const QColor kWaterFill(170, 208, 238);
const QColor kWaterLine(100, 155, 210);

QString humanise(const std::string& code) {
  QString text = QString::fromStdString(code);
  text.replace('_', ' ');
  if (!text.isEmpty()) text[0] = text[0].toUpper();
  return text;
}

template <typename Codes>
std::vector<std::string> presentCodes(const Codes& all, Layer layer, const FeatureSnapshot* snapshot, bool landUse = false) {
  // The whole layer's values (a map export's snapshot may hold only the features near its map).
  const std::vector<std::string>* present = snapshot ? &snapshot->presentValues(layer, landUse ? MapCategoryField::LandUse : MapCategoryField::Category) : nullptr;
  std::vector<std::string> result;
  for (const auto& code : all)
    if (!present || std::ranges::binary_search(*present, std::string(code))) result.emplace_back(code);
  return result;
}

}  // namespace

FeatureStyle featureStyle(Layer layer, const MapFeature& feature, ParcelStyling styling) {
  FeatureStyle style;
  switch (layer) {
    case Layer::Parcels: {
      const QColor base = styling == ParcelStyling::Status ? statusColour(feature.category) : landUseColour(feature.landUse);
      // Opaque, lightened fill: the look of a translucent fill over paper, at the speed of an
      // opaque one (the raster engine fills without blending). Layer opacity still blends when asked.
      style.fill = QColor::fromRgbF(base.redF() * 0.78f + 0.22f, base.greenF() * 0.78f + 0.22f, base.blueF() * 0.78f + 0.22f);
      style.stroke = base.darker(150);
      style.strokeWidth = 0.6;
      break;
    }
    case Layer::Parks:
      style.fill = QColor(40, 110, 200, 18);
      style.stroke = QColor(30, 80, 170);
      style.strokeWidth = 2.0;
      style.strokeStyle = Qt::DashLine;
      break;
    case Layer::Buildings:
      style.fill = QColor(120, 110, 100, 220);
      style.stroke = QColor(60, 55, 50);
      style.strokeWidth = 0.5;
      style.symbol = Symbol::Square;
      style.symbolSize = 5;
      break;
    case Layer::Constraints: {
      const QColor base = constraintColour(feature.category);
      style.fill = withAlpha(base, 45);
      style.stroke = withAlpha(base, 200);
      style.strokeWidth = 1.2;
      style.hatch = constraintHatch(feature.category);
      // Opaque hatch lines: a pattern brush with alpha blends every pixel of the polygon, an opaque
      // one only writes the lines (several times faster on large constraint areas).
      style.hatchColor = base.lighter(115);
      if (isRegionalConstraint(feature.category)) {
        // Kilometres across (an airport's height-limit surface covers a third of the district): a
        // tinted fill and dense hatch over it turned every status colour beneath to mud. An outline
        // and a light hatch on every second line of the pattern keep the parcels' colours true.
        style.fill = Qt::transparent;
        style.stroke = withAlpha(base, 230);
        style.strokeWidth = 2.0;
        style.strokeStyle = Qt::DashLine;
        style.hatch = Qt::BDiagPattern;
        style.hatchColor = withAlpha(base, 70);
      }
      break;
    }
    case Layer::Facilities: {
      const FacilityLook look = facilityLook(feature.category);
      style.fill = look.colour;
      style.stroke = Qt::white;
      style.strokeWidth = 1.0;
      style.symbol = look.symbol;
      style.symbolSize = 11;
      if (feature.kind == ShapeKind::Line) {  // rail lines and the like: a line in the type's colour
        style.fill = Qt::transparent;
        style.stroke = look.colour;
        style.strokeWidth = 2.5;
      }
      break;
    }
    case Layer::Boundaries:
      style.fill = Qt::transparent;
      // Solid lines: dashing a real district outline with thousands of vertices costs tens of ms a frame.
      style.stroke = feature.category == "district" ? QColor(70, 70, 70) : QColor(150, 150, 150);
      style.strokeWidth = feature.category == "district" ? 2.4 : 1.0;
      break;
    case Layer::Projects:
      style.fill = QColor(220, 30, 120);
      style.stroke = Qt::white;
      style.strokeWidth = 1.5;
      style.symbol = Symbol::Star;
      style.symbolSize = 14;
      break;
    case Layer::Roads: {
      const RoadLook look = roadLook(feature.category);
      style.stroke = look.colour;
      style.strokeWidth = look.width;
      break;
    }
    case Layer::Water:
      style.fill = kWaterFill;
      style.stroke = kWaterLine;
      style.strokeWidth = feature.kind == ShapeKind::Line ? 2.0 : 0.8;
      break;
    case Layer::Places:
      style.fill = feature.category == "government" ? QColor(200, 40, 40) : feature.category == "landmark" ? QColor(70, 90, 160) : QColor(120, 100, 80);
      style.stroke = Qt::white;
      style.strokeWidth = 1.0;
      style.symbol = feature.category == "government" ? Symbol::Square : feature.category == "landmark" ? Symbol::Triangle : Symbol::Circle;
      style.symbolSize = 7;
      break;
  }
  return style;
}

bool isRegionalConstraint(const std::string& type) { return type == "airport_height" || type == "dev_boundary"; }

FeatureStyle featureStyle(Layer layer, const MapFeature& feature, const MapSettings& settings) {
  FeatureStyle style = featureStyle(layer, feature, settings.styling);
  if (layer == Layer::Roads && settings.metresPerPixel() > kRoadDetailMetresPerPixel) {
    style.strokeWidth = roadLook(feature.category).districtWidth;
    if (style.strokeWidth <= 0) style.stroke = Qt::transparent;
  }
  if (layer == Layer::Projects) {
    style.fill = settings.projectStyling == ProjectStyling::Stage ? stageColour(feature.category) : gradeColour(settings.projectGrade(feature.id));
    style.stroke = QColor(60, 60, 60);
    style.strokeWidth = 1.2;
  }
  return style;
}

QString layerTitle(Layer layer, MapLanguage language) {
  const bool zh = language == MapLanguage::Chinese;
  switch (layer) {
    case Layer::Parcels: return zh ? QStringLiteral("地块") : QStringLiteral("Parcels");
    case Layer::Parks: return zh ? QStringLiteral("园区") : QStringLiteral("Industrial parks");
    case Layer::Buildings: return zh ? QStringLiteral("载体楼宇") : QStringLiteral("Buildings");
    case Layer::Constraints: return zh ? QStringLiteral("管控约束") : QStringLiteral("Zoning constraints");
    case Layer::Facilities: return zh ? QStringLiteral("设施") : QStringLiteral("Facilities");
    case Layer::Boundaries: return zh ? QStringLiteral("行政边界") : QStringLiteral("Boundaries");
    case Layer::Projects: return zh ? QStringLiteral("招商项目") : QStringLiteral("Projects");
    case Layer::Roads: return zh ? QStringLiteral("道路") : QStringLiteral("Roads");
    case Layer::Water: return zh ? QStringLiteral("水系") : QStringLiteral("Water");
    case Layer::Places: return zh ? QStringLiteral("地名") : QStringLiteral("Places");
  }
  return {};
}

QString codeLabel(const std::string& code, MapLanguage language) {
  if (!code.empty() && std::isdigit(static_cast<unsigned char>(code[0]))) {
    if (const LandUseClass* found = LandUseTable::bundled().find(code))
      return QString::fromStdString(language == MapLanguage::Chinese ? found->nameZh : found->nameEn);
    return QString::fromStdString(code);
  }
  if (language == MapLanguage::Chinese) return QString::fromUtf8(codeLabelZh(code).data(), static_cast<qsizetype>(codeLabelZh(code).size()));
  return humanise(code);
}

LegendGroup legendFor(Layer layer, ParcelStyling styling, MapLanguage language, const FeatureSnapshot* snapshot) {
  LegendGroup group{layer, layerTitle(layer, language), {}};
  auto add = [&](const std::vector<std::string>& values, bool landUse) {
    for (const std::string& value : values) {
      MapFeature probe;
      (landUse ? probe.landUse : probe.category) = value;
      group.entries.push_back({codeLabel(value, language), featureStyle(layer, probe, styling), false, value});
    }
  };
  switch (layer) {
    case Layer::Parcels:
      if (styling == ParcelStyling::Status) add(presentCodes(codes::parcelStatus, layer, snapshot), false);
      else {
        add(snapshot ? snapshot->presentValues(layer, MapCategoryField::LandUse) : std::vector<std::string>(), true);
      }
      break;
    case Layer::Constraints: add(presentCodes(codes::constraintType, layer, snapshot), false); break;
    case Layer::Facilities: add(presentCodes(codes::facilityType, layer, snapshot), false); break;
    case Layer::Boundaries:
      add(presentCodes(codes::boundaryLevel, layer, snapshot), false);
      for (LegendEntry& entry : group.entries) entry.isLine = true;
      break;
    case Layer::Roads:
      add(presentCodes(codes::roadClass, layer, snapshot), false);
      for (LegendEntry& entry : group.entries) entry.isLine = true;
      break;
    case Layer::Water: add(presentCodes(codes::waterClass, layer, snapshot), false); break;
    case Layer::Places: add(presentCodes(codes::placeClass, layer, snapshot), false); break;
    default: {
      MapFeature probe;
      group.entries.push_back({group.title, featureStyle(layer, probe, styling), false});
    }
  }
  return group;
}

LegendGroup legendFor(Layer layer, const MapSettings& settings, const FeatureSnapshot* snapshot) {
  if (layer != Layer::Projects) {
    LegendGroup group = legendFor(layer, settings.styling, settings.language, snapshot);
    return group;
  }
  const bool zh = settings.language == MapLanguage::Chinese;
  LegendGroup group{layer, layerTitle(layer, settings.language), {}};
  MapFeature probe;
  if (settings.projectStyling == ProjectStyling::Stage) {
    for (std::string_view code : ledgerStages()) {
      probe.category = std::string(code);
      if (snapshot && !std::ranges::binary_search(snapshot->presentValues(layer), probe.category)) continue;
      const std::string label = ledgerLabel(code, zh ? Language::Chinese : Language::English);
      group.entries.push_back({QString::fromStdString(label), featureStyle(layer, probe, settings), false, probe.category});
    }
    return group;
  }
  static constexpr std::pair<const char*, const char*> kGrades[] = {
      {"A", "优先发展"}, {"B", "鼓励发展"}, {"C", "提升发展"}, {"D", "整治提升"}};
  MapSettings graded = settings;
  auto grades = std::make_shared<std::unordered_map<std::string, std::string>>();
  graded.projectGrades = grades;
  probe.id = "legend";
  for (const auto& [grade, label] : kGrades) {
    (*grades)[probe.id] = grade;
    group.entries.push_back({zh ? QStringLiteral("%1 %2").arg(QLatin1String(grade), QString::fromUtf8(label))
                                : QStringLiteral("Grade %1").arg(QLatin1String(grade)),
                             featureStyle(layer, probe, graded), false, grade});
  }
  grades->clear();
  group.entries.push_back({zh ? QStringLiteral("未评级") : QStringLiteral("Not graded"), featureStyle(layer, probe, graded), false, std::string()});
  return group;
}

void drawSymbol(QPainter& painter, QPointF c, const FeatureStyle& style) {
  const double r = style.symbolSize / 2;
  painter.setPen(QPen(style.stroke, style.strokeWidth));
  painter.setBrush(style.fill);
  auto polygon = [&](int corners, double rotation, double innerRatio) {
    QPolygonF shape;
    const int n = innerRatio > 0 ? corners * 2 : corners;
    for (int i = 0; i < n; ++i) {
      const double radius = (innerRatio > 0 && i % 2) ? r * innerRatio : r;
      const double angle = rotation + i * 2 * M_PI / n;
      shape << QPointF(c.x() + radius * std::sin(angle), c.y() - radius * std::cos(angle));
    }
    painter.drawPolygon(shape);
  };
  switch (style.symbol) {
    case Symbol::None: break;
    case Symbol::Circle: painter.drawEllipse(c, r, r); break;
    case Symbol::Square: painter.drawRect(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)); break;
    case Symbol::Triangle: polygon(3, 0, 0); break;
    case Symbol::Diamond: polygon(4, 0, 0); break;
    case Symbol::Hexagon: polygon(6, M_PI / 6, 0); break;
    case Symbol::Star: polygon(5, 0, 0.45); break;
    case Symbol::Cross: {
      const double w = r * 0.4;
      painter.drawPolygon(QPolygonF{QPointF(c.x() - w, c.y() - r), QPointF(c.x() + w, c.y() - r), QPointF(c.x() + w, c.y() - w),
                                    QPointF(c.x() + r, c.y() - w), QPointF(c.x() + r, c.y() + w), QPointF(c.x() + w, c.y() + w),
                                    QPointF(c.x() + w, c.y() + r), QPointF(c.x() - w, c.y() + r), QPointF(c.x() - w, c.y() + w),
                                    QPointF(c.x() - r, c.y() + w), QPointF(c.x() - r, c.y() - w), QPointF(c.x() - w, c.y() - w)});
      break;
    }
  }
}

void drawSwatch(QPainter& painter, const QRectF& rect, const LegendEntry& entry) {
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  const FeatureStyle& style = entry.style;
  if (style.symbol != Symbol::None && style.fill != Qt::transparent && entry.label.size() && style.symbolSize > 6) {
    FeatureStyle scaled = style;
    scaled.symbolSize = std::min(rect.height(), style.symbolSize);
    drawSymbol(painter, rect.center(), scaled);
  } else if (entry.isLine) {
    painter.setPen(QPen(style.stroke, style.strokeWidth, style.strokeStyle));
    painter.drawLine(QPointF(rect.left(), rect.center().y()), QPointF(rect.right(), rect.center().y()));
  } else {
    painter.setPen(QPen(style.stroke, std::max(1.0, style.strokeWidth), style.strokeStyle));
    painter.setBrush(style.fill);
    painter.drawRect(rect);
    if (style.hatch != Qt::NoBrush) {
      painter.setBrush(QBrush(style.hatchColor, style.hatch));
      painter.setPen(Qt::NoPen);
      painter.drawRect(rect);
    }
  }
  painter.restore();
}

QColor planClassColour(int classIndex) {
  // Red for the major projects the policy serves first, then orange and blue: distinct from the status
  // fills beneath (greens, blues, greys, purples) and readable as a 3 px line.
  static const QColor colours[] = {QColor(215, 25, 28), QColor(245, 140, 0), QColor(30, 100, 200)};
  return classIndex >= 0 && classIndex < 3 ? colours[classIndex] : QColor(110, 110, 110);
}

}  // namespace landbank::render
