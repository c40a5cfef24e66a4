// landbank boundaries|projects|roads|water|places [--format] [--limit]: the plain listings (the
// context layers with --class). The layers with filters
// (parcels, parks, buildings, constraints, facilities) are query commands (cmd_query.cpp).
#include <CLI/CLI.hpp>

#include <ostream>

#include "cli.h"
#include <algorithm>

#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/features.h"
#include "landbank/store.h"
#include "output.h"
#include "query_output.h"

namespace landbank::cli {

namespace {

class ListCommand : public Command {
 public:
  explicit ListCommand(Layer layer) : m_layer(layer) {}

  void setup(CLI::App& app) override {
    app.add_option("--limit", m_limit, helpText("最多 N 个要素", "At most N features"))->check(CLI::NonNegativeNumber);
    if (classList()) app.add_option("--class", m_class, helpText("类别，逗号分隔（代码或中文名，如 expressway、高速公路）", "Classes, comma separated (codes or labels, e.g. expressway)"));
    if (m_layer == Layer::Projects) app.add_option("--stage", m_stage, helpText("阶段，逗号分隔（lead、negotiating……或 线索、洽谈、签约、落地……）", "Stages, comma separated (lead, negotiating, ... or 线索, 洽谈, 签约, 落地, ...)"));
    app.add_option("--group-by", m_groupBy, helpText("按 FIELD 字段的取值分组计数（及面积合计）（stage、sector、tier、level 等）", "Counts (and area sums) per value of FIELD (stage, sector, tier, level, ...)"));
    app.add_flag("--labels", m_labels, helpText("JSON/CSV/GeoJSON：在代码字段旁增加 <字段>_label（按 --lang 的语言）", "JSON/CSV/GeoJSON: add <field>_label (in --lang) beside code fields"));
    m_output.setup(app);
  }

  int run(Context& context) override {
    const OutputFormat format = m_output.resolve(context, kAllFormats);
    std::vector<std::string> stages;
    if (!m_stage.empty()) stages = parseCodes(CodeList::Stage, "--stage", m_stage, context.language);
    std::vector<std::string> classes;
    if (!m_class.empty()) classes = parseCodes(*classList(), "--class", m_class, context.language);
    if (!m_groupBy.empty()) {
      const std::vector<std::string> fields = groupByFields(m_layer);
      if (std::find(fields.begin(), fields.end(), m_groupBy) == fields.end()) {
        std::string list;
        for (const std::string& field : fields) list += (list.empty() ? "" : ", ") + field;
        throw Error(ErrorCode::Usage, Message{"--group-by " + m_groupBy + "：不能按这个字段给" + layerLabel(layerName(m_layer), Language::Chinese) + "分组；可选：" + list,
                                              "--group-by " + m_groupBy + ": not a field to group " + std::string(layerName(m_layer)) + " by; one of " + list});
      }
      if (format == OutputFormat::GeoJson) throw Error(ErrorCode::Usage, Message{"--group-by 只能输出 table、json 或 csv，不能输出 geojson", "--group-by writes table, json or csv, not geojson"});
    }
    const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
    ReadOptions read;
    if (m_limit >= 0 && stages.empty() && classes.empty()) read.limit = m_limit;
    read.withGeometry = format == OutputFormat::GeoJson;
    std::vector<QueryHit> hits;
    for (FeatureRecord& record : readFeatures(store, m_layer, read)) {
      if (!stages.empty() && std::find(stages.begin(), stages.end(), record.properties.value("stage", "")) == stages.end()) continue;
      if (!classes.empty() && std::find(classes.begin(), classes.end(), record.properties.value("class", "")) == classes.end()) continue;
      if (m_limit >= 0 && static_cast<std::int64_t>(hits.size()) >= m_limit) break;
      hits.push_back({std::move(record), std::nullopt});
    }
    const ProjectedToLonLat toLonLat(store.databaseCrs());
    m_output.emit(context, [&](std::ostream& out) {
      writeHits(out, m_layer, hits,
                {.format = format, .language = context.language, .bom = m_output.bom ? ByteOrderMark::Write : ByteOrderMark::Omit,
                 .groupBy = m_groupBy, .labels = m_labels},
                toLonLat);
    });
    return 0;
  }

 private:
  /// The code list of the layer's `class` field (the context layers), if it has one.
  std::optional<CodeList> classList() const { return codeListOfField(layerName(m_layer), "class"); }

  Layer m_layer;
  std::string m_stage, m_class, m_groupBy;
  std::int64_t m_limit = -1;
  bool m_labels = false;
  OutputOptions m_output;
};

}  // namespace

std::unique_ptr<Command> makeBoundariesCommand() { return std::make_unique<ListCommand>(Layer::Boundaries); }
std::unique_ptr<Command> makeProjectsCommand() { return std::make_unique<ListCommand>(Layer::Projects); }
std::unique_ptr<Command> makeRoadsCommand() { return std::make_unique<ListCommand>(Layer::Roads); }
std::unique_ptr<Command> makeWaterCommand() { return std::make_unique<ListCommand>(Layer::Water); }
std::unique_ptr<Command> makePlacesCommand() { return std::make_unique<ListCommand>(Layer::Places); }

}  // namespace landbank::cli
