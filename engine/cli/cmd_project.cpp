// landbank project add|edit|show|list: projects entered by people, checked as the importer checks.
#include <CLI/CLI.hpp>

#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "cli.h"
#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/layers.h"
#include "landbank/matching.h"
#include "landbank/project_entry.h"
#include "landbank/texts.h"
#include "ledger_cli.h"
#include "output.h"
#include "query_output.h"

namespace landbank::cli {

std::string optionalCell(const std::optional<double>& value, int decimals) { return value ? formatNumber(*value, decimals) : "-"; }

namespace {

std::optional<LonLat> parseLonLat(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const auto comma = text.find(',');
  try {
    if (comma == std::string::npos) throw std::invalid_argument("no comma");
    std::size_t used = 0;
    const double lon = std::stod(text.substr(0, comma), &used);
    const double lat = std::stod(text.substr(comma + 1));
    return LonLat::fromDegrees(lon, lat);
  } catch (const std::exception&) {
    throw Error(ErrorCode::Usage, Message{"--at '" + text + "' 必须写成 经度,纬度（WGS84 度）", "--at '" + text + "' must be LON,LAT (WGS84 degrees)"});
  }
}

std::string valueCell(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  return cellText(value, 2);
}

void printProject(std::ostream& out, const ProjectRecord& record, Language language) {
  // In Chinese, fields and code values by their labels (which `project edit --set` also accepts);
  // English keeps the field names and codes.
  const bool chinese = language == Language::Chinese;
  std::vector<std::vector<std::string>> rows;
  rows.push_back({fieldLabel("id", language), record.id});
  for (const FieldSpec& field : layerSpec(Layer::Projects).fields) {
    if (field.name == "id" || !record.properties.contains(field.name)) continue;
    std::string value = valueCell(record.properties[std::string(field.name)]);
    if (chinese && field.name == "stage") value = ledgerLabel(value, language);
    else if (chinese && !field.codes.empty()) value = std::string(codeLabelZh(value));
    else if (chinese && field.name == "subsector") value = codeLabel(CodeList::Subsector, value, language);
    if (chinese && field.name == "near" && !value.empty()) {
      try {
        std::string text;
        for (const NearRequirement& near : parseNearText(value))
          text += (text.empty() ? "" : "；") + std::string(codeLabelZh(near.type)) + " ≤ " + formatNumber(near.maxMetres, 0) + " m";
        value = text;
      } catch (const Error&) {
        // Stored texts are checked at entry; an older unchecked one is shown as it is.
      }
    }
    rows.push_back({chinese ? fieldLabel(field.name, language) : std::string(field.name), value});
  }
  rows.push_back({pick(language, "街道", "subdistrict"), record.subdistrict.value_or("-")});
  rows.push_back({pick(language, "位置（经纬度）", "location (lon,lat)"),
                  record.location ? formatNumber(record.location->lon, 6) + "," + formatNumber(record.location->lat, 6) : "-"});
  if (record.parcelId) rows.push_back({pick(language, "落地地块", "parcel"), *record.parcelId});
  if (record.buildingId) rows.push_back({pick(language, "落地楼宇", "building"), *record.buildingId});
  if (!record.extra.empty()) rows.push_back({pick(language, "其他属性", "attrs"), record.extra.dump()});
  printTable(out, {pick(language, "字段", "field"), pick(language, "值", "value")}, rows, {pick(language, "值", "value")});
}

class ProjectCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.require_subcommand(1);
    m_add = app.add_subcommand("add", helpText("新增项目（每个标准字段都有对应选项，或用 --from 文件.json）；输出其编号", "Add a project (flags for every canonical field, or --from FILE.json); prints its id"));
    for (const FieldSpec& field : layerSpec(Layer::Projects).fields) {
      const std::string name(field.name);
      std::string dashed = name;
      std::replace(dashed.begin(), dashed.end(), '_', '-');
      const std::string flags = dashed == name ? "--" + name : "--" + name + ",--" + dashed;
      m_add->add_option(flags, m_fields[name], helpText("标准字段 " + name + "（按导入时的规则读取；代码可写中文名称）",
                                                        "Canonical field " + name + " (as the importer reads it; Chinese labels of codes accepted)"));
    }
    m_add->add_option("--from", m_from, helpText("包含一个项目对象的 JSON 文件（标准字段、经纬度、街道）", "A JSON file with one project object (canonical fields, lon/lat, subdistrict)"));
    m_add->add_option("--at", m_at, helpText("项目位置：经度,纬度（WGS84）", "The project's point: LON,LAT (WGS84)"));
    m_add->add_option("--subdistrict", m_subdistrict, helpText("所在街道（默认：由 --at 推算）", "Its subdistrict (default: derived from --at)"));
    m_add->add_option("--date", m_date, helpText("录入的业务日期（默认：今天）", "Business date of the entry (default: today)"));
    m_output.setup(*m_add, kTableOrJson);

    m_edit = app.add_subcommand("edit", helpText("修改项目字段：--set 字段=值 ...（阶段用 `ledger move` 推进）", "Change fields of a project: --set field=value ... (the stage moves with `ledger move`)"));
    m_edit->add_option("id", m_id, helpText("项目编号", "Project id"))->required();
    m_edit->add_option("--set", m_sets, helpText("字段=值（可重复；值为空则清除可选字段）", "field=value (repeatable; an empty value clears an optional field)"));
    m_edit->add_option("--at", m_at, helpText("新的位置：经度,纬度（WGS84）", "A new point: LON,LAT (WGS84)"));
    m_edit->add_option("--subdistrict", m_subdistrict, helpText("新的街道", "A new subdistrict"));
    m_output.setup(*m_edit, kTableOrJson);

    m_show = app.add_subcommand("show", helpText("单个项目：字段、位置和选址", "One project: its fields, location and site"));
    m_show->add_option("id", m_id, helpText("项目编号", "Project id"))->required();
    m_output.setup(*m_show, kTableOrJson);

    m_list = app.add_subcommand("list", helpText("项目列表，可按阶段、行业、街道、企业层级筛选", "Projects, filtered by stage, sector, subdistrict, tier"));
    m_list->add_option("--stage", m_stage, helpText("阶段代码或名称（如 签约）", "Stage code or label (签约)"));
    m_list->add_option("--sector", m_sector, helpText("行业代码或名称", "Sector code or label"));
    m_list->add_option("--subdistrict", m_subdistrict, helpText("街道名称", "Subdistrict name"));
    m_list->add_option("--tier", m_tier, helpText("企业层级代码或名称", "Tier code or label"));
    m_output.setup(*m_list, kListFormats);
  }

  int run(Context& context) override {
    // `project list` also writes CSV; a format a subcommand cannot write is refused (exit 2), not
    // replaced by a table; -o FILE takes its format from the extension and is written atomically.
    const OutputFormat format = m_output.resolve(context, m_list->parsed() ? std::span<const OutputFormat>(kListFormats)
                                                                            : std::span<const OutputFormat>(kTableOrJson));
    return m_output.emitContext(context, [&](Context& sink) { return runTo(sink, format); });
  }

 private:
  static constexpr OutputFormat kListFormats[] = {OutputFormat::Table, OutputFormat::Json, OutputFormat::Csv};

  int runTo(Context& context, OutputFormat format) {
    if (m_add->parsed()) return add(context, format);
    if (m_edit->parsed()) return edit(context, format);
    if (m_show->parsed()) {
      const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
      const ProjectRecord record = projectRecord(store, m_id);
      if (format == OutputFormat::Json) context.out << projectRecordJson(record).dump(2) << "\n";
      else printProject(context.out, record, context.language);
      return 0;
    }
    return list(context, format);
  }

  int add(Context& context, OutputFormat format) {
    ProjectInput input;
    if (!m_from.empty()) {
      std::ifstream in(m_from, std::ios::binary);
      if (!in) throw Error(ErrorCode::Io, Message{"无法读取项目文件", "cannot read the project file"}, {.file = m_from});
      std::stringstream buffer;
      buffer << in.rdbuf();
      nlohmann::json object = nlohmann::json::parse(buffer.str(), nullptr, false);
      if (object.is_discarded()) throw Error(ErrorCode::BadValue, Message{"不是有效的 JSON", "not valid JSON"}, {.file = m_from});
      input = projectInputFromJson(object, m_from);
    }
    for (const auto& [name, value] : m_fields)
      if (!value.empty()) input.fields[name] = value;  // flags override the file
    if (!m_at.empty()) input.at = parseLonLat(m_at);
    if (!m_subdistrict.empty()) input.subdistrict = m_subdistrict;
    Store store = openForWriting(context);
    input.date = m_date.empty() ? todayOf(context) : m_date;
    const std::string id = addProject(store, input);
    if (format == OutputFormat::Json) context.out << projectRecordJson(projectRecord(store, id)).dump(2) << "\n";
    else context.out << say(context.language, "已登记项目 {}", "added project {}", id) << "\n";
    return 0;
  }

  int edit(Context& context, OutputFormat format) {
    ProjectInput changes;
    for (const std::string& item : m_sets) {
      const auto equals = item.find('=');
      if (equals == std::string::npos || equals == 0) throw Error(ErrorCode::Usage, Message{"--set '" + item + "' 必须写成 字段=值", "--set '" + item + "' must be field=value"});
      const std::string value = item.substr(equals + 1);
      changes.fields[item.substr(0, equals)] = value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value);
    }
    if (!m_at.empty()) changes.at = parseLonLat(m_at);
    if (!m_subdistrict.empty()) changes.subdistrict = m_subdistrict;
    if (changes.fields.empty() && !changes.at && !changes.subdistrict) throw Error(ErrorCode::Usage, Message{"没有要改的内容（--set 字段=值、--at、--subdistrict）", "nothing to change (--set field=value, --at, --subdistrict)"});
    Store store = openForWriting(context);
    const ProjectRecord record = editProject(store, m_id, changes);
    if (format == OutputFormat::Json) context.out << projectRecordJson(record).dump(2) << "\n";
    else printProject(context.out, record, context.language);
    return 0;
  }

  int list(Context& context, OutputFormat format) {
    const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
    ProjectListFilter filter;
    if (!m_stage.empty()) filter.stage = m_stage;
    if (!m_sector.empty()) filter.sector = m_sector;
    if (!m_subdistrict.empty()) filter.subdistrict = m_subdistrict;
    if (!m_tier.empty()) filter.tier = m_tier;
    const std::vector<ProjectRecord> records = listProjectRecords(store, filter);
    if (format == OutputFormat::Json) {
      nlohmann::json array = nlohmann::json::array();
      for (const ProjectRecord& record : records) array.push_back(projectRecordJson(record));
      context.out << array.dump(2) << "\n";
      return 0;
    }
    const std::vector<std::string> keys{"id", "name", "sector", "tier", "stage", "subdistrict", "investment_wan", "parcel"};
    std::vector<std::vector<std::string>> rows;
    for (const ProjectRecord& record : records) {
      const nlohmann::json object = projectRecordJson(record);
      std::vector<std::string> row;
      for (const std::string& key : keys) {
        const nlohmann::json value = object.value(key, nlohmann::json());
        std::string cell = valueCell(value);
        if (format == OutputFormat::Csv && value.is_string()) cell = csvSafeText(cell);  // no formulas for spreadsheets
        if (format == OutputFormat::Csv && value.is_number()) cell = value.dump();       // a number, not "29,300.00"
        if (format == OutputFormat::Table && context.language == Language::Chinese && (key == "sector" || key == "tier"))
          cell = std::string(codeLabelZh(cell));
        if (format == OutputFormat::Table && key == "stage") cell = ledgerLabel(cell, context.language);
        row.push_back(cell);
      }
      rows.push_back(row);
    }
    if (format == OutputFormat::Csv) {
      for (std::size_t i = 0; i < keys.size(); ++i) context.out << (i ? "," : "") << keys[i];
      context.out << "\n";
      for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) context.out << (i ? "," : "") << csvField(row[i]);
        context.out << "\n";
      }
      return 0;
    }
    std::vector<std::string> headers;
    for (const std::string& key : keys) headers.push_back(fieldLabel(key, context.language));
    printTable(context.out, headers, rows, {headers.front()});
    return 0;
  }

  CLI::App* m_add = nullptr;
  CLI::App* m_edit = nullptr;
  CLI::App* m_show = nullptr;
  CLI::App* m_list = nullptr;
  std::map<std::string, std::string> m_fields;
  std::string m_from, m_at, m_subdistrict, m_date, m_id, m_stage, m_sector, m_tier;
  std::vector<std::string> m_sets;
  OutputOptions m_output;
};

}  // namespace

std::unique_ptr<Command> makeProjectCommand() { return std::make_unique<ProjectCommand>(); }

}  // namespace landbank::cli
