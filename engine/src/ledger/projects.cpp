// Projects entered by people: the importer's checks (layers.h specs, field_values.h parsing), one
// transaction with the audit row, the first stage in the ledger's history.
#include "landbank/project_entry.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "detail/sqlite.h"
#include "field_values.h"
#include "landbank/crs.h"
#include "landbank/error.h"
#include "landbank/layers.h"
#include "landbank/ledger.h"
#include "landbank/store.h"
#include "ledger/ledger_internal.h"

namespace landbank {

namespace {

const LayerSpec& projectSpec() { return layerSpec(Layer::Projects); }

// One value through the importer's parser; errors carry file/layer/feature/field like the importer's.
nlohmann::json parseValue(const FieldSpec& spec, const nlohmann::json& raw, const ErrorContext& context) {
  try {
    if (raw.is_null()) return nullptr;
    if (raw.is_number()) return parseFieldNumber(spec, raw.get<double>());
    if (raw.is_string()) return parseFieldValue(spec, raw.get<std::string>());
    if (raw.is_boolean()) return parseFieldValue(spec, raw.get<bool>() ? "1" : "0");
    return parseFieldValue(spec, raw.dump());
  } catch (const Error& error) {
    throw Error(ErrorCode::BadValue, error.problemMessage(), context);
  }
}

std::optional<std::string> subdistrictAt(SqliteDatabase& db, int srid, EastingNorthing point) {
  auto statement = db.prepare(
      "SELECT name FROM boundaries WHERE level = 'subdistrict' AND ST_Contains(geom, MakePoint(?, ?, ?)) = 1 ORDER BY id LIMIT 1");
  statement.bind(1, point.easting).bind(2, point.northing).bind(3, srid);
  if (!statement.step()) return std::nullopt;
  return statement.columnText(0);
}

std::string checkedSubdistrict(SqliteDatabase& db, const std::string& name, const ErrorContext& context) {
  std::vector<std::string> names;
  auto statement = db.prepare("SELECT name FROM boundaries WHERE level = 'subdistrict' ORDER BY name");
  while (statement.step()) names.push_back(statement.columnText(0));
  if (names.empty() || std::find(names.begin(), names.end(), name) != names.end()) return name;
  std::string list;
  for (const std::string& item : names) list += (list.empty() ? "" : ", ") + item;
  throw Error(ErrorCode::BadValue,
              Message{"'" + name + "' 不是边界图层中的街道（现有：" + list + "）", "'" + name + "' is not a subdistrict of the boundaries layer (" + list + ")"}, context);
}

// The canonical values of `input`, checked. `id` names the feature in errors.
nlohmann::json checkedValues(const ProjectInput& input, const std::string& id) {
  nlohmann::json values = nlohmann::json::object();
  for (const auto& [name, raw] : input.fields) {
    const ErrorContext context{.file = input.origin.empty() ? std::nullopt : std::optional(input.origin), .layer = "projects",
                               .feature = id, .field = name};
    const FieldSpec* spec = projectSpec().field(name);
    if (!spec) {
      std::string known;
      for (const FieldSpec& field : projectSpec().fields) known += (known.empty() ? "" : ", ") + std::string(field.name);
      throw Error(ErrorCode::BadValue, Message{"'" + name + "' 不是项目（projects）的字段（字段有：" + known + "）", "'" + name + "' is not a field of projects (" + known + ")"},
                  context);
    }
    nlohmann::json text = raw;
    // The ledger's stage labels (洽谈, 投产, ...) too, besides the layer's own (签约, 洽谈中).
    if (name == "stage" && raw.is_string()) try {
        text = parseStage(raw.get<std::string>());
      } catch (const Error&) {
        // not a ledger label either: the importer's parser names the problem
      }
    values[name] = parseValue(*spec, text, context);
  }
  return values;
}

void bindJson(SqliteStatement& statement, int index, const nlohmann::json& value) {
  if (value.is_null()) statement.bindNull(index);
  else if (value.is_boolean()) statement.bind(index, static_cast<std::int64_t>(value.get<bool>() ? 1 : 0));
  else if (value.is_number_integer()) statement.bind(index, value.get<std::int64_t>());
  else if (value.is_number()) statement.bind(index, value.get<double>());
  else if (value.is_string()) statement.bind(index, value.get<std::string>());
  else statement.bind(index, value.dump());
}

std::string nextProjectId(SqliteDatabase& db) {
  std::int64_t highest = 0;
  auto statement = db.prepare("SELECT id FROM projects WHERE id LIKE 'P-%'");
  while (statement.step()) {
    const std::string id = statement.columnText(0);
    if (id.size() < 3 || id.find_first_not_of("0123456789", 2) != std::string::npos) continue;
    highest = std::max<std::int64_t>(highest, std::atoll(id.c_str() + 2));
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "P-%03lld", static_cast<long long>(highest + 1));
  return buffer;
}

void setLocation(Store& store, const std::string& id, const std::optional<LonLat>& at, const std::optional<std::string>& subdistrict,
                 const ErrorContext& context) {
  SqliteDatabase& db = store.database();
  std::optional<std::string> where;
  if (subdistrict) where = checkedSubdistrict(db, *subdistrict, context);
  if (at) {
    if (!std::isfinite(at->lon) || !std::isfinite(at->lat) || at->lon < -180 || at->lon > 180 || at->lat < -90 || at->lat > 90)
      throw Error(ErrorCode::BadValue, Message{"--at 必须是以度为单位的 经度,纬度（WGS84）", "--at must be lon,lat in degrees (WGS84)"}, context);
    const EastingNorthing point = ProjectedToLonLat(store.databaseCrs()).toProjected(*at);
    auto update = db.prepare("UPDATE projects SET geom = MakePoint(?, ?, ?) WHERE id = ?");
    update.bind(1, point.easting).bind(2, point.northing).bind(3, store.databaseSrid()).bind(4, id);
    update.run();
    if (!where) where = subdistrictAt(db, store.databaseSrid(), point);
  }
  if (!at && !subdistrict) return;
  auto upsert = db.prepare(
      "INSERT INTO project_location(project_id, subdistrict) VALUES (?, ?)"
      " ON CONFLICT(project_id) DO UPDATE SET subdistrict = excluded.subdistrict");
  upsert.bind(1, id);
  bindOptional(upsert, 2, where);
  upsert.run();
}

ProjectRecord readProject(const Store& store, const std::string& projectId) {
  SqliteDatabase& db = store.database();
  std::string columns = "p.id";
  for (const FieldSpec& field : projectSpec().fields)
    if (field.name != "id") columns += ", p." + std::string(field.name);
  columns += ", p.attrs, X(p.geom), Y(p.geom), l.subdistrict, l.parcel_id, l.building_id";
  auto statement = db.prepare("SELECT " + columns + " FROM projects p LEFT JOIN project_location l ON l.project_id = p.id WHERE p.id = ?");
  statement.bind(1, projectId);
  if (!statement.step()) throw Error(ErrorCode::UnknownId, Message{"没有这个项目", "no such project"}, {.layer = "projects", .feature = projectId});
  ProjectRecord record;
  record.id = statement.columnText(0);
  int column = 0;
  for (const FieldSpec& field : projectSpec().fields) {
    if (field.name == "id") continue;
    ++column;
    if (statement.isNull(column)) continue;
    const std::string name(field.name);
    switch (field.type) {
      case FieldType::Real: record.properties[name] = statement.columnDouble(column); break;
      case FieldType::Integer: record.properties[name] = statement.columnInt(column); break;
      case FieldType::Boolean: record.properties[name] = statement.columnInt(column) != 0; break;
      case FieldType::TextList: record.properties[name] = nlohmann::json::parse(statement.columnText(column), nullptr, false); break;
      default: record.properties[name] = statement.columnText(column);
    }
  }
  record.extra = nlohmann::json::parse(statement.columnText(column + 1), nullptr, false);
  if (!record.extra.is_object()) record.extra = nlohmann::json::object();
  if (!statement.isNull(column + 2)) {
    const LonLat lonLat = ProjectedToLonLat(store.databaseCrs())
                              .toLonLat(EastingNorthing::fromMetres(statement.columnDouble(column + 2), statement.columnDouble(column + 3)));
    record.location = lonLat;
  }
  record.subdistrict = statement.columnOptionalText(column + 4);
  record.parcelId = statement.columnOptionalText(column + 5);
  record.buildingId = statement.columnOptionalText(column + 6);
  if (!record.subdistrict && record.location) {
    const EastingNorthing point = ProjectedToLonLat(store.databaseCrs()).toProjected(*record.location);
    record.subdistrict = subdistrictAt(db, store.databaseSrid(), point);
  }
  return record;
}

}  // namespace

ProjectInput projectInputFromJson(const nlohmann::json& object, const std::string& origin) {
  if (!object.is_object()) throw Error(ErrorCode::BadValue, Message{"项目文件应是一个 JSON 对象", "a project file holds one JSON object"}, {.file = origin});
  ProjectInput input;
  input.origin = origin;
  for (const auto& [key, value] : object.items()) {
    if (key == "lon" || key == "lat") continue;
    if (key == "location") {
      if (!value.is_array() || value.size() != 2 || !value[0].is_number() || !value[1].is_number())
        throw Error(ErrorCode::BadValue, Message{"location 必须是 [经度, 纬度]（WGS84）", "location must be [lon, lat] (WGS84)"}, {.file = origin, .field = "location"});
      input.at = LonLat::fromDegrees(value[0].get<double>(), value[1].get<double>());
    } else if (key == "subdistrict") {
      if (!value.is_string()) throw Error(ErrorCode::BadValue, Message{"subdistrict 必须是文字", "subdistrict must be text"}, {.file = origin, .field = "subdistrict"});
      input.subdistrict = value.get<std::string>();
    } else if (projectSpec().field(key)) {
      input.fields[key] = value;
    } else {
      input.extra[key] = value;
    }
  }
  if (object.contains("lon") || object.contains("lat")) {
    if (!object.value("lon", nlohmann::json()).is_number() || !object.value("lat", nlohmann::json()).is_number())
      throw Error(ErrorCode::BadValue, Message{"lon 和 lat 都必须是数字（WGS84）", "lon and lat must both be numbers (WGS84)"}, {.file = origin, .field = "lon"});
    input.at = LonLat::fromDegrees(object["lon"].get<double>(), object["lat"].get<double>());
  }
  return input;
}

std::string addProject(Store& store, const ProjectInput& input) {
  const std::string date = parseLedgerDate(input.date, "--date");
  SqliteDatabase& db = store.database();
  SqliteTransaction transaction(db);
  std::string id;
  if (auto given = input.fields.find("id"); given != input.fields.end() && !given->second.is_null()) {
    id = given->second.is_string() ? given->second.get<std::string>() : given->second.dump();
    while (!id.empty() && std::isspace(static_cast<unsigned char>(id.back()))) id.pop_back();
  }
  if (id.empty()) id = nextProjectId(db);
  nlohmann::json values = checkedValues(input, id);
  values["id"] = id;
  const std::optional<std::string> file = input.origin.empty() ? std::nullopt : std::optional(input.origin);
  for (const FieldSpec& field : projectSpec().fields)
    if (field.requirement == Requirement::Required && (!values.contains(field.name) || values[std::string(field.name)].is_null()))
      throw Error(ErrorCode::MissingField, Message{"必填值为空", "required value is empty"},
                  {.file = file, .layer = "projects", .feature = id, .field = std::string(field.name)});
  auto exists = db.prepare("SELECT 1 FROM projects WHERE id = ?");
  exists.bind(1, id);
  if (exists.step()) throw Error(ErrorCode::Duplicate, Message{"数据库中已有这个编号", "id already exists in the database"}, {.file = file, .layer = "projects", .feature = id, .field = "id"});

  std::string columns = "id", placeholders = "?";
  for (const FieldSpec& field : projectSpec().fields) {
    if (field.name == "id") continue;
    columns += ", " + std::string(field.name);
    placeholders += ", ?";
  }
  auto insert = db.prepare("INSERT INTO projects(" + columns + ", attrs) VALUES (" + placeholders + ", ?)");
  int index = 1;
  insert.bind(index++, id);
  for (const FieldSpec& field : projectSpec().fields) {
    if (field.name == "id") continue;
    bindJson(insert, index++, values.value(std::string(field.name), nlohmann::json()));
  }
  insert.bind(index, input.extra.dump());
  insert.run();
  setLocation(store, id, input.at, input.subdistrict, {.file = file, .layer = "projects", .feature = id, .field = "subdistrict"});
  if (values.contains("stage") && !values["stage"].is_null()) {
    auto history = db.prepare(
        "INSERT INTO ledger_stage_history(project_id, from_stage, to_stage, on_date, note, user, recorded_at)"
        " VALUES (?, NULL, ?, ?, '', ?, ?)");
    history.bind(1, id).bind(2, values["stage"].get<std::string>()).bind(3, date).bind(4, store.auditUser()).bind(5, Store::utcNow());
    history.run();
  }
  const ProjectRecord record = readProject(store, id);
  store.recordAudit(AuditEntry{"project_add", "projects", id, {{"before", nullptr}, {"after", projectRecordJson(record)}, {"date", date}}, id});
  transaction.commit();
  return id;
}

ProjectRecord editProject(Store& store, const std::string& projectId, const ProjectInput& changes) {
  for (const char* fixed : {"id", "stage"})
    if (changes.fields.count(fixed))
      throw Error(ErrorCode::Usage,
                  std::string(fixed) == "id" ? Message{"项目编号不能修改", "a project's id cannot be changed"}
                                             : Message{"阶段要用 `landbank ledger move` 推进（有规则、日期和历史记录）",
                                                       "the stage changes with `landbank ledger move` (rules, date and history)"},
                  {.layer = "projects", .feature = projectId, .field = fixed});
  SqliteDatabase& db = store.database();
  SqliteTransaction transaction(db);
  const ProjectRecord before = readProject(store, projectId);
  const nlohmann::json values = checkedValues(changes, projectId);
  for (const auto& [name, value] : values.items()) {
    if (value.is_null() && projectSpec().field(name)->requirement == Requirement::Required)
      throw Error(ErrorCode::MissingField, Message{"必填值为空", "required value is empty"}, {.layer = "projects", .feature = projectId, .field = name});
    auto update = db.prepare("UPDATE projects SET " + name + " = ? WHERE id = ?");
    bindJson(update, 1, value);
    update.bind(2, projectId);
    update.run();
  }
  setLocation(store, projectId, changes.at, changes.subdistrict, {.layer = "projects", .feature = projectId, .field = "subdistrict"});
  const ProjectRecord after = readProject(store, projectId);
  nlohmann::json beforeJson = nlohmann::json::object(), afterJson = nlohmann::json::object();
  const nlohmann::json a = projectRecordJson(before), b = projectRecordJson(after);
  for (const auto& [key, value] : b.items())
    if (!a.contains(key) || a[key] != value) {
      beforeJson[key] = a.value(key, nlohmann::json());
      afterJson[key] = value;
    }
  for (const auto& [key, value] : a.items())
    if (!b.contains(key)) {
      beforeJson[key] = value;
      afterJson[key] = nullptr;
    }
  if (!afterJson.empty())
    store.recordAudit(AuditEntry{"project_edit", "projects", projectId, {{"before", beforeJson}, {"after", afterJson}}, projectId});
  transaction.commit();
  return after;
}

ProjectRecord projectRecord(const Store& store, const std::string& projectId) { return readProject(store, projectId); }

std::vector<ProjectRecord> listProjectRecords(const Store& store, const ProjectListFilter& filter) {
  SqliteDatabase& db = store.database();
  SqliteReadSnapshot snapshot(db);
  const std::optional<std::string> stage = filter.stage ? std::optional(parseStage(*filter.stage)) : std::nullopt;
  const std::optional<std::string> sector =
      filter.sector ? std::optional(canonicalCode(*projectSpec().field("sector"), *filter.sector)) : std::nullopt;
  const std::optional<std::string> tier = filter.tier ? std::optional(canonicalCode(*projectSpec().field("tier"), *filter.tier)) : std::nullopt;
  std::vector<std::string> ids;
  auto statement = db.prepare("SELECT id FROM projects ORDER BY id");
  while (statement.step()) ids.push_back(statement.columnText(0));
  std::vector<ProjectRecord> records;
  for (const std::string& id : ids) {
    ProjectRecord record = readProject(store, id);
    auto text = [&](const char* key) { return record.properties.value(key, std::string()); };
    if (stage && text("stage") != *stage) continue;
    if (sector && text("sector") != *sector) continue;
    if (tier && text("tier") != *tier) continue;
    if (filter.subdistrict && record.subdistrict != filter.subdistrict) continue;
    records.push_back(std::move(record));
  }
  return records;
}

nlohmann::json projectRecordJson(const ProjectRecord& record) {
  nlohmann::json object = record.properties;
  object["id"] = record.id;
  object["subdistrict"] = optionalJson(record.subdistrict);
  object["location"] = record.location ? nlohmann::json{record.location->lon, record.location->lat} : nlohmann::json(nullptr);
  object["parcel"] = optionalJson(record.parcelId);
  object["building"] = optionalJson(record.buildingId);
  if (!record.extra.empty()) object["attrs"] = record.extra;
  return object;
}

}  // namespace landbank
