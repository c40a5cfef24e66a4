// landbank parcels|buildings|parks|facilities|constraints [filters] [--format ...] [-o FILE]:
// parse the options into a FeatureQuery (touching no files), run it, write the hits.
#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <span>
#include <sstream>
#include <fstream>
#include <ostream>

#include "cli.h"
#include "landbank/area_names.h"
#include "landbank/edits.h"
#include "landbank/code_labels.h"
#include "landbank/crs.h"
#include "landbank/error.h"
#include "landbank/landuse.h"
#include "landbank/texts.h"
#include "landbank/output_file.h"
#include "landbank/feature_report.h"
#include "landbank/query.h"
#include "landbank/store.h"
#include "landbank/units.h"
#include "output.h"
#include "query_output.h"

namespace landbank::cli {

namespace {

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  for (char c : text + ",") {
    if (c == ',') {
      if (!item.empty()) items.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  return items;
}

std::vector<double> parseNumbers(const std::string& option, const std::string& text, std::size_t count) {
  std::vector<double> numbers;
  for (const std::string& item : splitList(text)) {
    double value = 0;
    auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (ec != std::errc() || ptr != item.data() + item.size() || !std::isfinite(value))
      throw Error(ErrorCode::Usage, Message{option + " " + text + "：'" + item + "' 不是数字", option + " " + text + ": '" + item + "' is not a number"});
    numbers.push_back(value);
  }
  if (numbers.size() != count)
    throw Error(ErrorCode::Usage, bilingual("{} {}：应为 {} 个用逗号分隔的数", "{} {}: expected {} numbers separated by commas", option, text, count));
  return numbers;
}

std::optional<double> optionalArea(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return parseAreaSquareMetres(text);
}

std::optional<double> optionalNumber(const std::string& option, const std::string& text) {
  if (text.empty()) return std::nullopt;
  return parseNumbers(option, text, 1).front();
}

// A subdistrict or park as planners write it (area_names.h). A value that matches nothing is kept
// (the result is then empty) but gets a hint on stderr naming the closest existing names.
std::string resolveName(Context& context, const Store& store, Layer layer, const std::string& option, const std::string& given) {
  const AreaNameMatch match = resolveAreaName(store, layer == Layer::Parks ? NamedArea::Park : NamedArea::Subdistrict, given);
  if (match.known.empty()) return given;
  if (match.value) return *match.value;
  const auto joined = [&](const std::vector<std::string>& names) {
    std::string all;
    for (const std::string& name : names) all += (all.empty() ? "" : say(context.language, "、", ", ")) + name;
    return all;
  };
  const std::string what = layer == Layer::Parks ? pick(context.language, "园区", "park") : pick(context.language, "街道", "subdistrict");
  if (match.nearMisses.empty()) {
    context.err << say(context.language, "landbank: 提示: {} {}: 没有{} {}; 现有: {}\n", "landbank: hint: {} {}: no {} {}; there are: {}\n", option, given,
                       what, given, joined(match.known));
  } else {
    context.err << say(context.language, "landbank: 提示: {} {}: 没有{} {}; 是否要找 {}?\n", "landbank: hint: {} {}: no {} {}; did you mean {}?\n", option,
                       given, what, given, joined(match.nearMisses));
  }
  return given;
}

// park show: the park's buildings with their vacancy, and the parcels inside it by status.
void printParkContents(std::ostream& out, const Store& store, const std::string& parkId, Language language) {
  const ProjectedToLonLat toLonLat(store.databaseCrs());
  FeatureQuery buildings;
  buildings.layer = Layer::Buildings;
  buildings.parkId = parkId;
  out << "\n" << pick(language, "园区内载体", "buildings of the park") << "\n";
  ListingStyle style;
  style.format = OutputFormat::Table;
  style.language = language;
  writeHits(out, Layer::Buildings, runQuery(store, buildings).hits, style, toLonLat);
  FeatureQuery parcels;
  parcels.layer = Layer::Parcels;
  parcels.parkId = parkId;
  out << "\n" << pick(language, "园区内地块（按状态）", "parcels in the park, by status") << "\n";
  style.groupBy = "status";
  writeHits(out, Layer::Parcels, runQuery(store, parcels).hits, style, toLonLat);
}

class QueryCommand : public Command {
 public:
  explicit QueryCommand(Layer layer) : m_layer(layer) {}

  void setup(CLI::App& app) override {
    if (m_layer == Layer::Parcels) {
      app.add_option("--status", m_status, helpText("状态，逗号分隔（reserved、available……或 储备、可供应……）", "Status codes, comma separated (reserved, available, ... or 储备, 可供应, ...)"));
      app.add_option("--use", m_use, helpText("用地代码或前缀，逗号分隔（1001 = 全部工业用地；也可写 工业）", "Land-use codes or prefixes, comma separated (1001 = all industrial)"));
      m_nearestOption = app.add_option("--nearest", m_nearest, helpText("最近的 K 个（原点为 --near 或 --at），按到几何的距离", "The K nearest (origin --near or --at), by distance from the geometry"));
      app.add_option("--park", m_park, helpText("（至少一半面积）位于该园区内的地块", "Parcels lying (at least half) inside this park"));
    }
    if (m_layer == Layer::Parcels || m_layer == Layer::Parks) {
      app.add_option("--min-area", m_minArea, helpText("最小面积：30000、30000m2、45mu、45亩、3ha", "Smallest area: 30000, 30000m2, 45mu, 45亩, 3ha"));
      app.add_option("--max-area", m_maxArea, helpText("最大面积，单位同上", "Largest area, same units"));
    }
    if (m_layer == Layer::Parcels || m_layer == Layer::Parks || m_layer == Layer::Buildings)
      app.add_option("--subdistrict", m_subdistrict, helpText("街道名称，如 棘洪滩街道", "Subdistrict name, e.g. 棘洪滩街道"));
    if (m_layer == Layer::Buildings) {
      app.add_option("--type", m_type, helpText("载体类型，逗号分隔（factory 厂房、office 写字楼、incubator 孵化器、warehouse 仓库、lab 实验室）", "Building types, comma separated (factory, office, incubator, warehouse, lab)"));
      app.add_option("--min-vacant", m_minVacant, helpText("最小空置面积（m2、亩 或 ha）", "Least vacant floor area (m2, mu or ha)"));
      app.add_option("--max-vacant", m_maxVacant, helpText("最大空置面积", "Most vacant floor area"));
      app.add_option("--min-floor-load", m_minFloorLoad, helpText("最小楼面荷载，kN/m2", "Least floor load, kN/m2"));
      app.add_option("--min-clear-height", m_minClearHeight, helpText("最小净高，米", "Least clear height, m"));
      app.add_option("--min-power", m_minPower, helpText("最小供电容量，kVA", "Least power supply, kVA"));
      app.add_option("--max-rent", m_maxRent, helpText("最高租金，元/平方米/月", "Highest rent, yuan/m2/month"));
      app.add_option("--park", m_park, helpText("该园区的载体（park_id）", "Buildings of this park (park_id)"));
      m_nearestOption = app.add_option("--nearest", m_nearest, helpText("最近的 K 个（原点为 --near 或 --at）", "The K nearest (origin --near or --at)"));
    }
    if (m_layer == Layer::Facilities) {
      app.add_option("--type", m_type, helpText("设施类型，逗号分隔（highway_exit 高速出入口、port 港口、metro 地铁……）", "Facility types, comma separated (highway_exit, port, metro, ...)"));
      m_nearestOption = app.add_option("--nearest", m_nearest, helpText("最近的 K 个（原点为 --near 或 --at）", "The K nearest (origin --near or --at)"));
    }
    if (m_layer == Layer::Constraints) {
      app.add_option("--type", m_type, helpText("管控类型，逗号分隔（eco_redline 生态红线、basic_farmland 永久基本农田……）", "Constraint types, comma separated (eco_redline, basic_farmland, ...)"));
      app.add_option("--effect", m_effect, helpText("管控效力，逗号分隔（exclude 排除、require_within 须位于其内、limit_height 限高……）", "Effects, comma separated (exclude, require_within, limit_height, ...)"));
      app.add_option("--intersecting-parcel", m_intersectingParcel, helpText("与该地块重叠的管控区", "Constraints overlapping this parcel"));
    }
    app.add_option("--at", m_at, helpText("X,Y：包含该点的要素（除非指定 --crs，否则为经度,纬度）", "X,Y: features containing the point (lon,lat unless --crs)"));
    app.add_option("--near", m_near, helpText("X,Y：distance_m 的原点；结果由近及远", "X,Y: origin of distance_m; results nearest first"));
    app.add_option("--within", m_within, helpText("与 --near 一起使用：距离不超过此值（1500、1500m、2km）", "With --near: at most this distance (1500, 1500m, 2km)"));
    app.add_option("--bbox", m_bbox, helpText("X1,Y1,X2,Y2：与该矩形相交的要素", "X1,Y1,X2,Y2: features intersecting the box"));
    app.add_option("--crs", m_crs, helpText("--at/--near/--bbox 的坐标系（默认 EPSG:4326 经度,纬度；如 EPSG:4549、EPSG:4528）", "CRS of --at/--near/--bbox (default EPSG:4326 lon,lat; e.g. EPSG:4549, EPSG:4528)"));
    app.add_option("--where", m_where, helpText("筛选表达式，如 \"area_m2 > 30mu and land_use like '1001%'\"", "Filter expression, e.g. \"area_m2 > 30mu and land_use like '1001%'\""));
    app.add_option("--sort", m_sort, helpText("字段[:desc]，多个排序键用逗号分隔", "FIELD[:desc], comma separated for several keys"));
    app.add_option("--limit", m_limit, helpText("最多 N 个要素", "At most N features"))->check(CLI::NonNegativeNumber);
    if (m_nearestOption) m_nearestOption->check(CLI::NonNegativeNumber);
    app.add_option("--group-by", m_groupBy, helpText("按 FIELD 字段的取值分组计数并合计面积（subdistrict、status、land_use_class、type、park 等）", "Counts and area sums per value of FIELD (subdistrict, status, land_use_class, type, park, ...)"));
    app.add_flag("--labels", m_labels, helpText("JSON/CSV/GeoJSON：在代码字段旁增加 <字段>_label（按 --lang 的语言）", "JSON/CSV/GeoJSON: add <field>_label (in --lang) beside code fields"));
    m_output.setup(app);
    m_app = &app;
  }

  int run(Context& context) override {
    // Validate everything that needs no database first (usage errors exit 2 before any file is touched).
    FeatureQuery query;
    query.layer = m_layer;
    const Language language = context.language;
    // An option given with an empty value ("--min-area ''") is a mistake, not "no filter".
    for (const CLI::Option* option : m_app->get_options())
      if (option->count() > 0 && option->get_type_size() != 0 && !option->results().empty() && option->results().front().empty())
        throw Error(ErrorCode::Usage, Message{option->get_name() + "：值为空", option->get_name() + ": empty value"});
    if (!m_status.empty()) query.statuses = parseCodes(CodeList::ParcelStatus, "--status", m_status, language);
    for (const std::string& item : splitList(m_use)) {
      const std::optional<std::string> code = landUseFromText(LandUseTable::bundled(), item);
      if (!code)
        throw Error(ErrorCode::Usage, Message{"--use " + item + "：不是用地分类的代码、代码前缀或类别名称（如 1001、100102、M2、工业、二类工业用地）",
                                              "--use " + item + ": no land-use code, prefix or class name of the classification (e.g. 1001, 100102, M2, 工业, 二类工业用地)"});
      query.landUsePrefixes.push_back(*code);
    }
    if (!m_type.empty())
      query.types = parseCodes(m_layer == Layer::Buildings ? CodeList::BuildingType
                               : m_layer == Layer::Facilities ? CodeList::FacilityType
                                                              : CodeList::ConstraintType,
                               "--type", m_type, language);
    if (!m_effect.empty()) query.effects = parseCodes(CodeList::ConstraintEffect, "--effect", m_effect, language);
    if (!m_groupBy.empty()) {
      const std::vector<std::string> fields = groupByFields(m_layer);
      if (std::find(fields.begin(), fields.end(), m_groupBy) == fields.end()) {
        std::string list;
        for (const std::string& field : fields) list += (list.empty() ? "" : ", ") + field;
        throw Error(ErrorCode::Usage, Message{"--group-by " + m_groupBy + "：不能按这个字段给" + layerLabel(layerName(m_layer), Language::Chinese) + "分组；可选：" + list,
                                              "--group-by " + m_groupBy + ": not a field to group " + std::string(layerName(m_layer)) + " by; one of " + list});
      }
    }
    if (m_crs != "EPSG:4326") {
      const std::string crs = checkedCrsOption("--crs", m_crs);
      try {
        const CrsTransform check(crs, "EPSG:4326");
      } catch (const Error&) {
        throw Error(ErrorCode::Usage, Message{"--crs " + m_crs + "：PROJ 不认识这个坐标参考系（CRS）（可用如 EPSG:4326、EPSG:4549）",
                                              "--crs " + m_crs + ": not a CRS PROJ knows (e.g. EPSG:4326, EPSG:4549)"});
      }
    }
    query.minAreaSquareMetres = optionalArea(m_minArea);
    query.maxAreaSquareMetres = optionalArea(m_maxArea);
    if (!m_minVacant.empty() || !m_maxVacant.empty())
      query.bounds.push_back({"vacant_floor_m2", optionalArea(m_minVacant), optionalArea(m_maxVacant)});
    if (!m_minFloorLoad.empty()) query.bounds.push_back({"floor_load_kn_m2", optionalNumber("--min-floor-load", m_minFloorLoad), {}});
    if (!m_minClearHeight.empty()) query.bounds.push_back({"clear_height_m", optionalNumber("--min-clear-height", m_minClearHeight), {}});
    if (!m_minPower.empty()) query.bounds.push_back({"power_kva", optionalNumber("--min-power", m_minPower), {}});
    if (!m_maxRent.empty()) query.bounds.push_back({"rent_yuan_m2_month", {}, optionalNumber("--max-rent", m_maxRent)});
    if (!m_subdistrict.empty()) query.subdistrict = m_subdistrict;
    if (!m_park.empty()) query.parkId = m_park;
    if (!m_intersectingParcel.empty()) query.intersectingParcelId = m_intersectingParcel;
    if (!m_within.empty()) query.withinMetres = parseLengthMetres(m_within);
    if (m_nearest >= 0) query.nearest = m_nearest;
    if (m_limit >= 0) query.limit = m_limit;
    query.where = m_where;
    for (const std::string& key : splitList(m_sort)) {
      const std::size_t colon = key.find(':');
      const std::string direction = colon == std::string::npos ? "asc" : key.substr(colon + 1);
      if (direction != "asc" && direction != "desc") throw Error(ErrorCode::Usage, Message{"--sort " + key + "：排序方向只能是 asc 或 desc", "--sort " + key + ": direction must be asc or desc"});
      query.sort.push_back({key.substr(0, colon), direction == "desc" ? SortDirection::Descending : SortDirection::Ascending});
    }
    const std::optional<std::vector<double>> at = m_at.empty() ? std::nullopt : std::optional(parseNumbers("--at", m_at, 2));
    const std::optional<std::vector<double>> near = m_near.empty() ? std::nullopt : std::optional(parseNumbers("--near", m_near, 2));
    const std::optional<std::vector<double>> bbox = m_bbox.empty() ? std::nullopt : std::optional(parseNumbers("--bbox", m_bbox, 4));
    if (query.withinMetres && !near) throw Error(ErrorCode::Usage, Message{"--within 需要同时给出 --near X,Y", "--within needs --near X,Y"});
    if (query.nearest && !near && !at) throw Error(ErrorCode::Usage, Message{"--nearest K 需要一个起点：--near X,Y 或 --at X,Y", "--nearest K needs an origin: --near X,Y or --at X,Y"});
    const OutputFormat format = m_output.resolve(context, kAllFormats);
    if (!m_groupBy.empty() && format == OutputFormat::GeoJson) throw Error(ErrorCode::Usage, Message{"--group-by 只能输出 table、json 或 csv，不能输出 geojson", "--group-by writes table, json or csv, not geojson"});
    query.withGeometry = format == OutputFormat::GeoJson;

    const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
    if (query.subdistrict) query.subdistrict = resolveName(context, store, Layer::Boundaries, "--subdistrict", *query.subdistrict);
    if (query.parkId) query.parkId = resolveName(context, store, Layer::Parks, "--park", *query.parkId);
    if (at) query.at = toDatabaseCrs(store, (*at)[0], (*at)[1], m_crs);
    if (near) query.near = toDatabaseCrs(store, (*near)[0], (*near)[1], m_crs);
    if (bbox) {
      // Transform all four corners: a lon/lat box is not a box in the projected CRS.
      ProjectedBox box{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(),
                       std::numeric_limits<double>::lowest()};
      if ((*bbox)[0] > (*bbox)[2] || (*bbox)[1] > (*bbox)[3]) throw Error(ErrorCode::Usage, Message{"--bbox X1,Y1,X2,Y2 要求 X1 <= X2 且 Y1 <= Y2", "--bbox X1,Y1,X2,Y2 needs X1 <= X2 and Y1 <= Y2"});
      for (int corner = 0; corner < 4; ++corner) {
        const EastingNorthing p = toDatabaseCrs(store, (*bbox)[corner & 1 ? 2 : 0], (*bbox)[corner & 2 ? 3 : 1], m_crs);
        box.minEasting = std::min(box.minEasting, p.easting), box.maxEasting = std::max(box.maxEasting, p.easting);
        box.minNorthing = std::min(box.minNorthing, p.northing), box.maxNorthing = std::max(box.maxNorthing, p.northing);
      }
      query.bbox = box;
    }
    const QueryResult result = runQuery(store, query);
    const ProjectedToLonLat toLonLat(store.databaseCrs());
    m_output.emit(context, [&](std::ostream& out) {
      writeHits(out, m_layer, result.hits,
                {.format = format, .language = language, .bom = m_output.bom ? ByteOrderMark::Write : ByteOrderMark::Omit, .groupBy = m_groupBy,
                 .labels = m_labels},
                toLonLat);
    });
    return 0;
  }

 private:
  Layer m_layer;
  std::string m_status, m_use, m_type, m_effect, m_minArea, m_maxArea, m_minVacant, m_maxVacant, m_minFloorLoad, m_minClearHeight,
      m_minPower, m_maxRent, m_subdistrict, m_park, m_intersectingParcel, m_at, m_near, m_within, m_bbox, m_crs = "EPSG:4326", m_where,
      m_sort, m_groupBy;
  std::int64_t m_nearest = -1;
  std::int64_t m_limit = -1;
  bool m_labels = false;
  CLI::Option* m_nearestOption = nullptr;
  CLI::App* m_app = nullptr;
  OutputOptions m_output;
};

// landbank parcel|building|park show ID [--format table|json]: one feature on one page.
class ShowCommand : public Command {
 public:
  explicit ShowCommand(Layer layer) : m_layer(layer) {}

  void setup(CLI::App& app) override {
    app.require_subcommand(1);
    m_show = app.add_subcommand("show", helpText("单个要素的全部信息：属性、面积、中心点、管控、最近设施", "Everything about one feature: attributes, area, centroid, constraints, nearest facilities"));
    m_show->add_option("id", m_id, helpText("要素编号", "Feature id"))->required();
    m_output.setup(*m_show);
    if (m_layer == Layer::Parcels) {
      m_status = app.add_subcommand("status", helpText("像查看器一样修改地块状态（记入审计）：parcel status 编号 状态 [--note]", "Set a parcel's status as the viewer does (audited): parcel status ID STATUS [--note]"));
      m_status->add_option("id", m_id, helpText("地块编号", "Parcel id"))->required();
      m_status->add_option("status", m_newStatus, helpText("reserved|available|negotiating|allocated|building|built（或 储备、可供应……）", "reserved|available|negotiating|allocated|building|built (or 储备, 可供应, ...)"))->required();
      m_status->add_option("--note", m_note, helpText("原因（记入审计记录）", "Why (kept in the audit row)"));
    }
  }

  int run(Context& context) override {
    if (m_status && m_status->parsed()) {
      Store store = Store::open(context.databasePath, StoreAccess::ReadWrite);
      if (!context.user.empty()) store.setUser(context.user);
      const StatusChange change = setParcelStatus(store, m_id, m_newStatus, m_note);
      // For people, in their language: "CY-00054：储备 → 可供应" (the audit row keeps the codes).
      const auto label = [&](const std::string& code) { return codeLabel(CodeList::ParcelStatus, code, context.language); };
      context.out << m_id << say(context.language, "：{} → {}{}\n", ": {} -> {}{}\n", label(change.before), label(change.after),
                                 change.changed ? "" : pick(context.language, "（未变）", " (unchanged)"));
      return 0;
    }
    const OutputFormat format = m_output.resolve(context, kTableOrJson);
    const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
    const std::string id = m_layer == Layer::Parks ? resolveName(context, store, Layer::Parks, "park show", m_id) : m_id;
    const FeatureReport report = featureReport(store, m_layer, id);
    m_output.emit(context, [&](std::ostream& out) {
      if (m_output.bom) out << "\xEF\xBB\xBF";
      if (format == OutputFormat::Json) {
        out << featureReportJson(report).dump(2) << "\n";
        return;
      }
      printFeatureReport(out, report, context.language);
      if (m_layer == Layer::Parks) printParkContents(out, store, id, context.language);
    });
    return 0;
  }

 private:
  Layer m_layer;
  CLI::App* m_show = nullptr;
  CLI::App* m_status = nullptr;
  std::string m_id, m_newStatus, m_note;
  OutputOptions m_output;
};

}  // namespace

std::unique_ptr<Command> makeParcelsCommand() { return std::make_unique<QueryCommand>(Layer::Parcels); }
std::unique_ptr<Command> makeParksCommand() { return std::make_unique<QueryCommand>(Layer::Parks); }
std::unique_ptr<Command> makeBuildingsCommand() { return std::make_unique<QueryCommand>(Layer::Buildings); }
std::unique_ptr<Command> makeConstraintsCommand() { return std::make_unique<QueryCommand>(Layer::Constraints); }
std::unique_ptr<Command> makeFacilitiesCommand() { return std::make_unique<QueryCommand>(Layer::Facilities); }
std::unique_ptr<Command> makeParcelShowCommand() { return std::make_unique<ShowCommand>(Layer::Parcels); }
std::unique_ptr<Command> makeBuildingShowCommand() { return std::make_unique<ShowCommand>(Layer::Buildings); }
std::unique_ptr<Command> makeParkShowCommand() { return std::make_unique<ShowCommand>(Layer::Parks); }

}  // namespace landbank::cli
