// ProjectSpec: reading a project from the `projects` layer or from a --spec JSON file.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/units.h"
#include "landbank/features.h"
#include "landbank/layers.h"
#include "landbank/matching.h"

namespace landbank {

namespace {

using nlohmann::json;

std::optional<double> optionalNumber(const json& object, const char* key, const std::string& origin) {
  if (!object.contains(key) || object.at(key).is_null()) return std::nullopt;
  const json& value = object.at(key);
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    char* end = nullptr;
    const double number = std::strtod(text.c_str(), &end);
    if (!text.empty() && end && *end == '\0') return number;
  }
  throw Error(ErrorCode::BadValue, Message{std::string("'") + key + "' 必须是数字", std::string("'") + key + "' must be a number"}, {.file = origin, .field = key});
}

std::string optionalText(const json& object, const char* key) {
  if (!object.contains(key) || !object.at(key).is_string()) return {};
  return object.at(key).get<std::string>();
}

bool isKnownCode(std::span<const std::string_view> list, const std::string& code) {
  return std::find(list.begin(), list.end(), code) != list.end();
}

// Fills the canonical fields shared by both sources from one flat JSON object.
void fillCanonical(ProjectSpec& spec, const json& fields, const std::string& origin) {
  spec.id = optionalText(fields, "id");
  spec.name = optionalText(fields, "name");
  spec.sector = optionalText(fields, "sector");
  spec.subsector = optionalText(fields, "subsector");
  spec.tier = optionalText(fields, "tier");
  spec.stage = optionalText(fields, "stage");
  if (spec.sector.empty())
    throw Error(ErrorCode::MissingField, Message{"项目没有填写产业领域（sector）", "the project has no sector"}, {.file = origin, .feature = spec.id, .field = "sector"});
  if (!isKnownCode(codes::sector, spec.sector))
    throw Error(ErrorCode::BadValue,
                Message{"没有这个产业领域 '" + spec.sector + "'；可选值：" + codeListText(CodeList::Sector, Language::Chinese), "unknown sector '" + spec.sector + "'"},
                {.file = origin, .feature = spec.id, .field = "sector"});
  spec.landMinSquareMetres = optionalNumber(fields, "land_min_m2", origin);
  spec.landMaxSquareMetres = optionalNumber(fields, "land_max_m2", origin);
  spec.floorNeedSquareMetres = optionalNumber(fields, "floor_need_m2", origin);
  spec.buildingType = optionalText(fields, "building_type");
  spec.floorLoadMinKnPerSquareMetre = optionalNumber(fields, "floor_load_min", origin);
  spec.clearHeightMinMetres = optionalNumber(fields, "clear_height_min_m", origin);
  spec.powerKva = optionalNumber(fields, "power_kva", origin);
  if (auto pollution = optionalNumber(fields, "pollution_class", origin)) {
    if (*pollution < 1 || *pollution > 3)
      throw Error(ErrorCode::BadValue, Message{"污染等级 pollution_class 只能是 1、2 或 3", "pollution_class must be 1, 2 or 3"},
                  {.file = origin, .feature = spec.id, .field = "pollution_class"});
    spec.pollutionClass = static_cast<int>(*pollution);
  }
  spec.heightMetres = optionalNumber(fields, "height_m", origin);
  spec.investmentWan = optionalNumber(fields, "investment_wan", origin);
  spec.outputWan = optionalNumber(fields, "output_wan", origin);
  spec.taxWan = optionalNumber(fields, "tax_wan", origin);
  spec.energyTce = optionalNumber(fields, "energy_tce", origin);
  spec.jobs = optionalNumber(fields, "jobs", origin);
  if (spec.landMinSquareMetres && spec.landMaxSquareMetres && *spec.landMinSquareMetres > *spec.landMaxSquareMetres)
    throw Error(ErrorCode::BadValue, Message{"用地下限 land_min_m2 大于上限 land_max_m2", "land_min_m2 is larger than land_max_m2"}, {.file = origin, .feature = spec.id});
}

// The optional inputs that are not canonical project fields (see ProjectSpec).
constexpr const char* kExtraInputs[] = {"needed_by", "preferred_subdistricts", "budget_wan_per_mu", "rent_budget_yuan_m2_month",
                                        "far", "building_coefficient", "admin_share", "green_ratio", "rd_intensity",
                                        "high_tech", "hazardous_chem"};

}  // namespace

std::vector<NearRequirement> parseNearText(const std::string& text) {
  // Items separated by ';' or '；', each TYPE<=DISTANCE (also '≤'); TYPE a facility code or its
  // label/synonym (高速出入口), DISTANCE metres or with a unit (3km, 1500m, 3公里).
  std::string normalised = text;
  for (const std::string_view separator : {"；"})
    for (std::size_t at = normalised.find(separator); at != std::string::npos; at = normalised.find(separator))
      normalised.replace(at, separator.size(), ";");
  for (std::size_t at = normalised.find("≤"); at != std::string::npos; at = normalised.find("≤")) normalised.replace(at, std::string_view("≤").size(), "<=");
  std::vector<NearRequirement> list;
  std::size_t start = 0;
  while (start <= normalised.size()) {
    std::size_t end = normalised.find(';', start);
    if (end == std::string::npos) end = normalised.size();
    std::string item = normalised.substr(start, end - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    start = end + 1;
    if (item.empty()) continue;
    const std::size_t op = item.find("<=");
    if (op == std::string::npos)
      throw Error(ErrorCode::BadValue,
                  Message{"near 条目 '" + item + "' 不是 类型<=距离 的形式（如 highway_exit<=3000 或 高速出入口<=3km）",
                          "near item '" + item + "' is not TYPE<=DISTANCE (e.g. highway_exit<=3000 or 高速出入口<=3km)"},
                  {.field = "near"});
    std::string typeText = item.substr(0, op), number = item.substr(op + 2);
    typeText.erase(typeText.find_last_not_of(' ') + 1);
    number.erase(0, number.find_first_not_of(' '));
    const std::optional<std::string> type = codeFromText(CodeList::FacilityType, typeText);
    if (!type)
      throw Error(ErrorCode::BadValue,
                  Message{"near 条目 '" + item + "' 中的设施类型 '" + typeText + "' 不存在；可选值：" + codeListText(CodeList::FacilityType, Language::Chinese),
                          "near item '" + item + "' names an unknown facility type '" + typeText + "'; expected one of " +
                              codeListText(CodeList::FacilityType, Language::Chinese)},
                  {.field = "near"});
    NearRequirement requirement{*type, 0};
    try {
      requirement.maxMetres = parseLengthMetres(number);
    } catch (const Error&) {
      throw Error(ErrorCode::BadValue,
                  Message{"near 条目 '" + item + "' 没有距离（写米数，或带单位：3000、3000m、3km）",
                          "near item '" + item + "' has no distance (metres, or with a unit: 3000, 3000m, 3km)"},
                  {.field = "near"});
    }
    list.push_back(requirement);
  }
  return list;
}

std::string formatNearText(const std::vector<NearRequirement>& near) {
  std::string text;
  for (const NearRequirement& item : near) {
    char number[32];
    std::snprintf(number, sizeof number, "%.10g", item.maxMetres);
    text += (text.empty() ? "" : ";") + item.type + "<=" + number;
  }
  return text;
}

bool ProjectSpec::wantsLand() const { return landMinSquareMetres || landMaxSquareMetres || !wantsFloorSpace(); }
bool ProjectSpec::wantsFloorSpace() const { return floorNeedSquareMetres.has_value() || !buildingType.empty(); }

ProjectSpec ProjectSpec::fromFeature(const FeatureRecord& record) {
  ProjectSpec spec;
  json fields = record.properties;
  fields["id"] = record.id;
  fillCanonical(spec, fields, "projects");
  if (fields.contains("near") && fields.at("near").is_string()) {
    try {
      spec.near = parseNearText(fields.at("near").get<std::string>());
    } catch (const Error& error) {
      throw Error(ErrorCode::BadValue, error.problemMessage(), {.layer = "projects", .feature = record.id, .field = "near"});
    }
  }
  for (const char* key : kExtraInputs)
    if (record.extra.contains(key)) spec.attrs[key] = record.extra.at(key);
  if (record.extra.contains("land_use")) {
    const json& uses = record.extra.at("land_use");
    std::vector<std::string> codes;
    if (uses.is_array())
      for (const json& code : uses) codes.push_back(code.is_string() ? code.get<std::string>() : code.dump());
    else if (uses.is_string()) {
      // "100101,100102" or "100101;100102", as a spreadsheet would give it.
      std::string text = uses.get<std::string>(), code;
      for (char c : text + ",") {
        if (c == ',' || c == ';') {
          if (!code.empty()) codes.push_back(code);
          code.clear();
        } else if (c != ' ') {
          code += c;
        }
      }
    }
    if (!codes.empty()) spec.landUses = codes;
  }
  return spec;
}

ProjectSpec ProjectSpec::fromJson(const json& object, const std::string& origin) {
  if (!object.is_object()) throw Error(ErrorCode::BadValue, Message{"项目说明文件必须是一个 JSON 对象", "a project spec must be one JSON object"}, {.file = origin});
  json fields = object;
  // The conformance specs and planners' files say area_min_m2/area_max_m2 for the land bounds.
  for (const auto& [alias, canonical] : {std::pair{"area_min_m2", "land_min_m2"}, std::pair{"area_max_m2", "land_max_m2"}})
    if (fields.contains(alias) && !fields.contains(canonical)) fields[canonical] = fields.at(alias);
  if (!fields.contains("id")) fields["id"] = "spec";
  ProjectSpec spec;
  fillCanonical(spec, fields, origin);
  if (fields.contains("near")) {
    const json& near = fields.at("near");
    if (near.is_string()) {
      spec.near = parseNearText(near.get<std::string>());
    } else if (near.is_array()) {
      for (const json& item : near) {
        if (!item.is_object() || !item.contains("type") || !item.contains("max_m") || !item.at("type").is_string() ||
            !item.at("max_m").is_number())
          throw Error(ErrorCode::BadValue, Message{"每个 near 条目都必须是 {\"type\": ..., \"max_m\": ...}", "each near item must be {\"type\": ..., \"max_m\": ...}"},
                      {.file = origin, .field = "near"});
        NearRequirement requirement{item.at("type").get<std::string>(), item.at("max_m").get<double>()};
        if (!isKnownCode(codes::facilityType, requirement.type))
          throw Error(ErrorCode::BadValue,
                      Message{"没有这个设施类型 '" + requirement.type + "'；可选值：" + codeListText(CodeList::FacilityType, Language::Chinese),
                              "unknown facility type '" + requirement.type + "'"},
                      {.file = origin, .field = "near"});
        spec.near.push_back(requirement);
      }
    } else {
      throw Error(ErrorCode::BadValue, Message{"near 必须是 {type, max_m} 的列表", "near must be a list of {type, max_m}"}, {.file = origin, .field = "near"});
    }
  }
  if (fields.contains("land_use")) {
    const json& uses = fields.at("land_use");
    if (!uses.is_array())
      throw Error(ErrorCode::BadValue, Message{"land_use 必须是用地代码的列表", "land_use must be a list of codes"}, {.file = origin, .field = "land_use"});
    std::vector<std::string> codes;
    for (const json& code : uses) {
      if (!code.is_string())
        throw Error(ErrorCode::BadValue, Message{"land_use 必须是用地代码的列表", "land_use must be a list of codes"}, {.file = origin, .field = "land_use"});
      codes.push_back(code.get<std::string>());
    }
    spec.landUses = codes;
  }
  for (const char* key : kExtraInputs)
    if (fields.contains(key)) spec.attrs[key] = fields.at(key);
  if (fields.contains("attrs") && fields.at("attrs").is_object())
    for (const char* key : kExtraInputs)
      if (fields.at("attrs").contains(key)) spec.attrs[key] = fields.at("attrs").at(key);
  return spec;
}

}  // namespace landbank
