// landbank import LAYER FILE [--src-layer] [--crs] [--encoding] [--map C=S]... [--mode] [--repair] [--skip-invalid] [--as-of]
#include <CLI/CLI.hpp>

#include <ostream>
#include <set>

#include "cli.h"
#include "landbank/crs.h"
#include "landbank/error.h"
#include "landbank/importer.h"
#include "landbank/store.h"
#include "landbank/texts.h"
#include "landbank/units.h"

namespace landbank::cli {

namespace {

class ImportCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("layer", m_layer, helpText("目标图层：parcels 地块、parks 园区、buildings 载体、constraints 管控、facilities 设施、boundaries 边界、projects 项目", "Target layer: parcels, parks, buildings, constraints, facilities, boundaries, projects"))
        ->required();
    app.add_option("file", m_file, helpText("数据源：GeoPackage、Shapefile、GeoJSON、KML、CSV（WKT 或 x/y 列）、XLSX、DXF 等", "Source: GeoPackage, Shapefile, GeoJSON, KML, CSV (WKT or x/y), XLSX, DXF..."))->required();
    app.add_option("--src-layer", m_sourceLayer, helpText("多图层数据源中的图层", "Layer of a multi-layer source"));
    app.add_option("--crs", m_crs, helpText("数据源没有坐标系时指定（或覆盖错误的坐标系），如 EPSG:4549", "CRS of the source when it has none (or overrides a wrong one), e.g. EPSG:4549"));
    app.add_option("--encoding", m_encoding, helpText("数据源的文字编码，如 GBK（没有 .cpg 的中文 shapefile）", "Text encoding of the source, e.g. GBK (Chinese shapefiles without .cpg)"));
    app.add_option("--map", m_maps, helpText("标准字段=源字段 的字段名映射（可重复），如 --map id=DKBH", "CANONICAL=SOURCE field name mapping (repeatable), e.g. --map id=DKBH"));
    app.add_option("--set", m_sets, helpText("标准字段=值，对每个要素赋值（可重复），如 --set status=reserved", "CANONICAL=VALUE for every feature (repeatable), e.g. --set status=reserved"));
    app.add_option("--mode", m_mode, helpText("append（默认，追加）或 replace（整层原子替换）", "append (default) or replace (swap the whole layer atomically)"))
        ->check(CLI::IsMember({"append", "replace"}));
    app.add_flag("--repair", m_repair, helpText("用 GEOS make-valid 修复无效几何（会报告），而不是拒绝导入", "Repair invalid geometries with GEOS make-valid (reported) instead of refusing them"));
    app.add_flag("--skip-invalid", m_skipInvalid, helpText("跳过取值或几何有误的要素（逐个报告），而不是整体失败", "Skip features with bad values or geometry (each reported) instead of failing"));
    app.add_option("--xy", m_xy, helpText("点位 CSV 的 X,Y 列名，如 --xy 经度,纬度（经度,纬度 或 东坐标,北坐标）", "X,Y column names of a CSV of points, e.g. --xy 经度,纬度 (lon,lat or easting,northing)"));
    app.add_flag("--id-from-fid", m_idFromFid, helpText("以源要素编号（FID）为要素编号，而不用编号字段", "Number the features by their source feature id (FID) instead of an id field"));
    app.add_option("--id-prefix", m_idPrefix, helpText("在每个编号前加上此前缀，如 --id-prefix CY-（配合编号字段或 --id-from-fid）", "Put this text before every id, e.g. --id-prefix CY- (with a field or --id-from-fid)"));
    app.add_flag("--force", m_force,
                 helpText("允许 --mode replace 删除的要素超过新增要素的两倍（否则拒绝）", "Let --mode replace remove more than twice as many features as it adds (otherwise refused)"));
    app.add_flag("--force-crs", m_forceCrs, helpText("即使坐标与之矛盾也信任数据源的坐标系", "Trust the source CRS even when its coordinates contradict it"));
    app.add_flag("--merge-parts", m_mergeParts,
                 helpText("编号相同的记录是同一要素的各部分（分行存放的县、岛屿）：合并为一个多面，其余字段必须一致",
                          "Records sharing an id are parts of one feature (a county split across rows, islands): join them into a "
                          "MultiPolygon; their other fields must agree"));
    app.add_flag("--dry-run", m_dryRun,
                 helpText("检查整个数据源，按字段列出每个不同的错误取值及其次数；不写入任何内容（有问题时退出码 1）",
                          "Check the whole source and list every distinct bad value per field with counts; write nothing "
                          "(exit 1 when anything is wrong)"));
    app.add_option("--as-of", m_asOf, helpText("数据源的现势日期（自由文本，如 2026-10-31）", "The date the source data is valid for (free text, e.g. 2026-10-31)"));
  }

  int run(Context& context) override {
    ImportOptions options;
    const auto layer = layerFromName(m_layer);
    if (!layer)
      throw Error(ErrorCode::Usage, Message{"没有图层 '" + m_layer + "'（图层有：parcels 地块、parks 园区、buildings 载体、constraints 管控区、facilities 设施、boundaries 边界、projects 项目）",
                                            "unknown layer '" + m_layer + "' (layers: parcels, parks, buildings, constraints, facilities, boundaries, projects)"});
    options.layer = *layer;
    options.language = context.language;
    options.sourcePath = m_file;
    if (!m_sourceLayer.empty()) options.sourceLayer = m_sourceLayer;
    if (!m_crs.empty()) options.crs = checkedCrsOption("--crs", m_crs);
    if (!m_encoding.empty()) options.encoding = m_encoding;
    options.fieldMap = parsePairs(m_maps, "--map", "CANONICAL=SOURCE, e.g. --map id=DKBH");
    options.constantValues = parsePairs(m_sets, "--set", "CANONICAL=VALUE, e.g. --set status=reserved");
    options.mode = m_mode == "replace" ? ImportMode::Replace : ImportMode::Append;
    options.invalidGeometry = m_repair ? InvalidGeometryPolicy::Repair : InvalidGeometryPolicy::Refuse;
    options.invalidFeatures = m_skipInvalid ? InvalidFeaturePolicy::Skip : InvalidFeaturePolicy::Fail;
    options.asOf = m_asOf;
    if (!m_xy.empty()) {
      const auto comma = m_xy.find(',');
      if (comma == std::string::npos || comma == 0 || comma + 1 == m_xy.size() || m_xy.find(',', comma + 1) != std::string::npos)
        throw Error(ErrorCode::Usage, Message{"--xy " + m_xy + "：请写成 X列,Y列，如 --xy lon,lat", "--xy " + m_xy + ": write XCOL,YCOL, e.g. --xy lon,lat"});
      options.xyColumns = std::make_pair(m_xy.substr(0, comma), m_xy.substr(comma + 1));
    }
    options.idSource = m_idFromFid ? ImportOptions::IdSource::SourceFid : ImportOptions::IdSource::Field;
    options.idPrefix = m_idPrefix;
    options.shrinkGuard = m_force ? ShrinkGuard::Allow : ShrinkGuard::Refuse;
    options.crsCheck = m_forceCrs ? CrsPlausibility::Trust : CrsPlausibility::Check;
    options.repeatedIds = m_mergeParts ? RepeatedIds::MergeParts : RepeatedIds::Refuse;
    options.run = m_dryRun ? ImportRun::DryRun : ImportRun::Write;

    Store store = Store::open(context.databasePath);
    // Provenance and the audit row name the same user: --user, else $LANDBANK_USER, $USER, the OS user.
    if (!context.user.empty()) store.setUser(context.user);
    const ImportResult result = importLayer(store, options, context.feedback);
    const Language language = context.language;
    for (const RepairReport& repair : result.largeRepairs)
      context.err << "landbank: "
                  << say(language, "已修复要素 '{0}'（{1}）：面积 {2} m2 -> {3} m2（变化超过 1%）",
                         "repaired feature '{0}' ({1}): area {2} m2 -> {3} m2 (changed by more than 1%)",
                         printableText(repair.featureId), printableText(repair.reason), repair.areaBeforeSquareMetres,
                         repair.areaAfterSquareMetres)
                  << "\n";
    if (!result.dryRun)
      for (const SkippedFeature& skipped : result.skipped)
        context.err << "landbank: " << pick(language, "已跳过：", "skipped: ") << skipped.reason.in(language) << "\n";
    if (result.outsideDatabaseArea > 0)
      context.err << "landbank: "
                  << say(language, "警告：{1} 个要素中有 {0} 个（部分）位于数据库坐标系的使用范围 {2} 之外：那里的面积和距离有变形",
                         "warning: {0} of {1} features lie (partly) outside the area of use of the database CRS, {2}: areas and "
                         "distances there are distorted",
                         result.outsideDatabaseArea, result.imported, result.databaseAreaText)
                  << "\n";
    if (result.lostSubdistrict > 0)
      context.err << "landbank: "
                  << say(language, "警告：{} 个要素（地块、园区、楼宇）不再位于任何街道边界内",
                         "warning: {} features (parcels, parks, buildings) no longer lie in any subdistrict boundary",
                         result.lostSubdistrict)
                  << "\n";
    context.out << describeImport(options, result, language) << "\n";
    if (result.dryRun) reportDryRun(context, options, result);
    return 0;
  }

 private:
  std::string m_xy, m_idPrefix;
  bool m_idFromFid = false;
  std::string m_layer, m_file, m_sourceLayer, m_crs, m_encoding, m_mode = "append", m_asOf;
  std::vector<std::string> m_maps, m_sets;

  static std::map<std::string, std::string> parsePairs(const std::vector<std::string>& items, const char* option,
                                                       const char* form) {
    std::map<std::string, std::string> pairs;
    for (const std::string& item : items) {
      const auto equals = item.find('=');
      if (equals == std::string::npos || equals == 0 || equals + 1 == item.size())
        throw Error(ErrorCode::Usage, Message{std::string(option) + " " + item + "：请写成 " + form, std::string(option) + " " + item + ": write " + form});
      pairs[item.substr(0, equals)] = item.substr(equals + 1);
    }
    return pairs;
  }
  bool m_repair = false, m_skipInvalid = false, m_force = false, m_forceCrs = false, m_mergeParts = false, m_dryRun = false;

  // The --dry-run answer on stdout: every distinct bad value per field with its count, then the
  // other problems; then one error line (exit 1) when anything is wrong.
  static void reportDryRun(Context& context, const ImportOptions& options, const ImportResult& result) {
    std::int64_t occurrences = 0;
    std::set<std::string> fields;
    for (const BadValueCount& bad : result.badValues) {
      occurrences += bad.count;
      fields.insert(bad.field);
    }
    if (!result.badValues.empty()) {
      context.out << pick(context.language, "有问题的值（字段、值、次数、首次出现的行）：\n", "bad values (field, value, count, first row):\n");
      for (const BadValueCount& bad : result.badValues)
        context.out << "  " << bad.field << "\t"
                    << printableText(bad.value.empty() ? pick(context.language, "（空）", "(empty)") : "'" + bad.value + "'") << "\t"
                    << bad.count << "\t"
                    << say(context.language, "第 {} 行（要素 '{}'）", "row {} (feature '{}')", bad.firstRow, printableText(bad.firstFeature))
                    << pick(context.language, "：", ": ") << printableText(bad.problem.in(context.language)) << "\n";
    }
    if (!result.skipped.empty()) {
      context.out << pick(context.language, "其他问题：\n", "other problems:\n");
      for (const SkippedFeature& skipped : result.skipped) context.out << "  " << skipped.reason.in(context.language) << "\n";
    }
    if (result.badValues.empty() && result.skipped.empty()) return;
    throw Error(ErrorCode::BadValue,
                bilingual("试运行：{2} 个字段中有 {0} 个不同的问题值（共 {1} 处），另有 {3} 个其他问题；未导入任何内容（清单见标准输出）",
                    "dry run: {0} distinct bad values ({1} in all) in {2} fields, {3} other problems; nothing was imported (the "
                    "list is on stdout)",
                    result.badValues.size(), occurrences, fields.size(), result.skipped.size()),
                {.file = options.sourcePath.string(), .layer = std::string(layerName(options.layer))});
  }
};

}  // namespace

std::unique_ptr<Command> makeImportCommand() { return std::make_unique<ImportCommand>(); }

}  // namespace landbank::cli
