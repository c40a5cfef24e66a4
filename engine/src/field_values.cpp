#include "field_values.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/landuse.h"
#include "landbank/matching.h"
#include "landbank/units.h"
#include "landbank/texts.h"

namespace landbank {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' || text.front() == '\n'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
    text.remove_suffix(1);
  return text;
}

std::string listOf(std::span<const std::string_view> codes) {
  std::string text;
  for (std::string_view code : codes) {
    if (!text.empty()) text += ", ";
    text += code;
  }
  return text;
}

void checkRange(const FieldSpec& spec, double value) {
  if (!std::isfinite(value)) throw Error(ErrorCode::BadValue, Message{"值不是有限的数", "value is not a finite number"});
  if ((spec.minValue && value < *spec.minValue) || (spec.maxValue && value > *spec.maxValue)) {
    const double low = spec.minValue.value_or(-INFINITY), high = spec.maxValue.value_or(INFINITY);
    Message problem = bilingual("{:g} 超出范围 [{:g}, {:g}]", "{:g} is out of range [{:g}, {:g}]", value, low, high);
    // Ratios (density 0..1, FAR up to 20) are often typed as percentages: 35 for 0.35, 200 for 2.0.
    if (spec.maxValue && *spec.maxValue <= 20 && value > *spec.maxValue && value <= 100 * *spec.maxValue) {
      const Message hint = bilingual("；看起来是百分数（percentage）：请写成比值 {:g}", "; it looks like a percentage: write the ratio {:g}", value / 100);
      problem.zh += hint.zh;
      problem.en += hint.en;
    }
    throw Error(ErrorCode::BadValue, problem);
  }
}

double parseNumber(std::string_view text) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size())
    throw Error(ErrorCode::BadValue, Message{"'" + std::string(text) + "' 不是数字", "'" + std::string(text) + "' is not a number"});
  return value;
}

bool isLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

std::string parseDate(std::string_view text) {
  int year = 0, month = 0, day = 0;
  const std::string value(text);
  char tail = 0;
  const bool parsed = std::sscanf(value.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &tail) == 3 ||
                      std::sscanf(value.c_str(), "%4d/%2d/%2d%c", &year, &month, &day, &tail) == 3 ||
                      (value.size() == 8 && std::sscanf(value.c_str(), "%4d%2d%2d%c", &year, &month, &day, &tail) == 3) ||
                      std::sscanf(value.c_str(), "%4d年%d月%d日%c", &year, &month, &day, &tail) == 3;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool valid = parsed && year >= 1900 && year <= 2200 && month >= 1 && month <= 12 && day >= 1 &&
                     day <= kDays[month - 1] + ((month == 2 && isLeap(year)) ? 1 : 0);
  if (!valid) throw Error(ErrorCode::BadValue, Message{"'" + value + "' 不是日期（请写成 YYYY-MM-DD）", "'" + value + "' is not a date (write YYYY-MM-DD)"});
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

bool parseBoolean(std::string_view text) {
  for (std::string_view yes : {"1", "true", "TRUE", "True", "yes", "YES", "Yes", "y", "Y", "是", "有", "通"})
    if (text == yes) return true;
  for (std::string_view no : {"0", "false", "FALSE", "False", "no", "NO", "No", "n", "N", "否", "无", "未通"})
    if (text == no) return false;
  throw Error(ErrorCode::BadValue, Message{"'" + std::string(text) + "' 不是是/否值（请写 1/0、true/false 或 是/否）",
                                           "'" + std::string(text) + "' is not a yes/no value (write 1/0, true/false or 是/否)"});
}

}  // namespace

std::string canonicalCode(const FieldSpec& spec, std::string_view text) {
  if (spec.name == "land_use") {
    auto code = LandUseTable::bundled().normalise(std::string(text));
    if (!code)
      throw Error(ErrorCode::BadValue, Message{"'" + std::string(text) +
                                                   "' 既不是国土空间用地用海分类的用地代码（如 100102）、其类别名称（如 二类工业用地），"
                                                   "也不是旧版 GB 50137 代码（如 M2）",
                                               "'" + std::string(text) +
                                                   "' is not a land-use code of the national classification (e.g. 100102), its class name "
                                                   "(e.g. 二类工业用地) nor a legacy GB 50137 code (e.g. M2)"});
    return *code;
  }
  if (spec.codes.empty()) return std::string(text);
  // A code, its label or a synonym (code_labels.h), when the field's list is one of the table's.
  for (CodeList list : {CodeList::ParcelStatus, CodeList::BuildingType, CodeList::ConstraintType, CodeList::ConstraintEffect,
                        CodeList::FacilityType, CodeList::BoundaryLevel, CodeList::Sector, CodeList::Tier, CodeList::Origin,
                        CodeList::Stage})
    if (codesOf(list).data() == spec.codes.data())
      if (auto code = codeFromText(list, text)) return *code;
  for (std::string_view code : spec.codes)
    if (code == text) return std::string(code);
  std::string labelled = listOf(spec.codes);
  for (CodeList list : {CodeList::ParcelStatus, CodeList::BuildingType, CodeList::ConstraintType, CodeList::ConstraintEffect,
                        CodeList::FacilityType, CodeList::BoundaryLevel, CodeList::Sector, CodeList::Tier, CodeList::Origin,
                        CodeList::Stage})
    if (codesOf(list).data() == spec.codes.data()) labelled = codeListText(list, Language::Chinese);
  throw Error(ErrorCode::BadValue,
              Message{"'" + std::string(text) + "' 不是可选值之一：" + labelled, "'" + std::string(text) + "' is not one of: " + listOf(spec.codes)});
}

nlohmann::json parseFieldValue(const FieldSpec& spec, std::string_view raw) {
  const std::string_view text = trim(raw);
  if (text.empty()) return nullptr;
  switch (spec.type) {
    case FieldType::Text:
      if (!spec.codes.empty() || spec.name == "land_use") return canonicalCode(spec, text);
      // A project's near requirements are checked where they enter and stored in canonical form,
      // so a typo fails the import, not a later match.
      if (spec.name == "near") return formatNearText(parseNearText(std::string(text)));
      return std::string(text);
    case FieldType::Real: {
      // Areas and lengths as people write them in a spreadsheet: "80亩", "5ha", "3km".
      const bool area = spec.name.ends_with("_m2"), length = spec.name.ends_with("_m");
      double value = 0;
      if ((area || length) && !text.empty() && !std::isdigit(static_cast<unsigned char>(text.back()))) {
        try {
          value = area ? parseAreaSquareMetres(text) : parseLengthMetres(text);
        } catch (const Error& error) {
          throw Error(ErrorCode::BadValue, error.problemMessage());
        }
      } else {
        value = parseNumber(text);
      }
      checkRange(spec, value);
      return value;
    }
    case FieldType::Integer: {
      const double value = parseNumber(text);
      if (value != std::floor(value)) throw Error(ErrorCode::BadValue, Message{"'" + std::string(text) + "' 不是整数", "'" + std::string(text) + "' is not a whole number"});
      checkRange(spec, value);
      return static_cast<std::int64_t>(value);
    }
    case FieldType::Boolean: return parseBoolean(text);
    case FieldType::Date: return parseDate(text);
    case FieldType::TextList: {
      nlohmann::json list = nlohmann::json::array();
      if (text.front() == '[') {
        nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
        if (!parsed.is_array()) throw Error(ErrorCode::BadValue, Message{"'" + std::string(text) + "' 不是 JSON 列表", "'" + std::string(text) + "' is not a JSON list"});
        for (const auto& item : parsed) list.push_back(canonicalCode(spec, trim(item.is_string() ? item.get<std::string>() : item.dump())));
        return list;
      }
      std::string item;
      auto flush = [&] {
        if (!trim(item).empty()) list.push_back(canonicalCode(spec, trim(item)));
        item.clear();
      };
      const std::string value(text);
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == ',' || value[i] == ';' || value[i] == '|') { flush(); continue; }
        if (value.compare(i, 3, "、") == 0 || value.compare(i, 3, "，") == 0 || value.compare(i, 3, "；") == 0) {
          flush();
          i += 2;
          continue;
        }
        item += value[i];
      }
      flush();
      return list;
    }
  }
  return nullptr;
}

nlohmann::json parseFieldNumber(const FieldSpec& spec, double value) {
  switch (spec.type) {
    case FieldType::Real:
      checkRange(spec, value);
      return value;
    case FieldType::Integer:
      if (value != std::floor(value)) throw Error(ErrorCode::BadValue, bilingual("{:g} 不是整数", "{:g} is not a whole number", value));
      checkRange(spec, value);
      return static_cast<std::int64_t>(value);
    case FieldType::Boolean:
      if (value == 0 || value == 1) return value == 1;
      throw Error(ErrorCode::BadValue, bilingual("{:g} 不是是/否值（1 或 0）", "{:g} is not a yes/no value (1 or 0)", value));
    default: {
      // A numeric column mapped to a text field (e.g. land_use 100102 stored as a number).
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%.15g", value);
      return parseFieldValue(spec, buffer);
    }
  }
}

}  // namespace landbank
