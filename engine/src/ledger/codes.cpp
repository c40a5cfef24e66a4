// Ledger dates, code lists and their labels, and the small helpers the ledger files share.
#include <array>
#include <cstdlib>
#include <ctime>

#include "detail/sqlite.h"
#include "field_values.h"
#include "landbank/error.h"
#include "landbank/layers.h"
#include "landbank/ledger.h"
#include "ledger/ledger_internal.h"

namespace landbank {

namespace {

constexpr std::array<std::string_view, 7> kStages{"lead", "negotiating", "signed", "landed", "building", "operating", "dropped"};
constexpr std::array<std::string_view, 8> kCategories{"approval", "registration", "land",    "planning",
                                                      "customs",  "environment",  "finance", "other"};
constexpr std::array<std::string_view, 3> kCapitalKinds{"strategic", "expansion", "production"};

// Labels of the ledger's codes: one small table (the stage labels of the ledger differ from
// codeLabelZh's parcel-status words: a stage "negotiating" is 洽谈, a parcel "negotiating" 洽谈中).
// Synonyms after the first label are accepted on input only.
struct Label {
  std::string_view code;
  std::array<std::string_view, 3> zh;
};
constexpr Label kLabels[] = {
    {"lead", {"线索", "储备项目", ""}},           {"negotiating", {"洽谈", "谈判", "洽谈中"}},
    {"signed", {"签约", "已签约", ""}},           {"landed", {"落地", "已落地", ""}},
    {"building", {"在建", "开工", ""}},           {"operating", {"投产", "运营", "投产运营"}},
    {"dropped", {"终止", "放弃", ""}},            {"approval", {"审批", "", ""}},
    {"registration", {"注册登记", "注册", ""}},   {"land", {"土地", "用地", ""}},
    {"planning", {"规划", "", ""}},               {"customs", {"海关", "通关", ""}},
    {"environment", {"环保", "环评", ""}},        {"finance", {"融资", "金融", ""}},
    {"other", {"其他", "", ""}},                  {"strategic", {"战略增资", "战略投资", ""}},
    {"expansion", {"扩产增资", "扩产", ""}},      {"production", {"生产性增资", "技改", ""}},
    {"open", {"未解决", "待办", ""}},             {"resolved", {"已解决", "办结", ""}},
    {"commitment", {"承诺事项", "", ""}},         {"problem", {"问题", "", ""}},
    {"construction_start", {"开工", "", ""}},     {"completion", {"竣工", "", ""}},
    {"production_start", {"投产", "", ""}},
};

std::string listOf(std::span<const std::string_view> codes) {
  std::string text;
  for (std::string_view code : codes) text += (text.empty() ? "" : ", ") + std::string(code);
  return text;
}

// Days since 1970-01-01 of a proleptic Gregorian date: Howard Hinnant's days_from_civil
// ("chrono-Compatible Low-Level Date Algorithms").
std::int64_t daysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::int64_t dayNumber(const std::string& date) {
  if (date.size() != 10) throw Error(ErrorCode::Internal, "not an ISO date: '" + date + "'");
  return daysFromCivil(std::atoi(date.substr(0, 4).c_str()), static_cast<unsigned>(std::atoi(date.substr(5, 2).c_str())),
                       static_cast<unsigned>(std::atoi(date.substr(8, 2).c_str())));
}

}  // namespace

std::string parseLedgerDate(std::string_view text, std::string_view what) {
  static const FieldSpec kDate{"date", FieldType::Date};
  try {
    const nlohmann::json value = parseFieldValue(kDate, text);
    if (value.is_null()) throw Error(ErrorCode::BadValue, "a date is required");
    return value.get<std::string>();
  } catch (const Error& error) {
    throw Error(ErrorCode::BadValue, std::string(what) + ": " + error.problem());
  }
}

std::string ledgerToday(const std::optional<std::string>& given) {
  if (given && !given->empty()) return parseLedgerDate(*given, "--today");
  if (const char* fromEnvironment = std::getenv("LANDBANK_TODAY"); fromEnvironment && *fromEnvironment)
    return parseLedgerDate(fromEnvironment, "LANDBANK_TODAY");
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &local);
  return buffer;
}

std::int64_t daysBetween(const std::string& from, const std::string& to) { return dayNumber(to) - dayNumber(from); }

std::span<const std::string_view> ledgerStages() { return kStages; }
std::span<const std::string_view> problemCategories() { return kCategories; }
std::span<const std::string_view> capitalKinds() { return kCapitalKinds; }

std::string parseLedgerCode(std::span<const std::string_view> codes, std::string_view text, std::string_view what) {
  for (std::string_view code : codes) {
    if (code == text) return std::string(code);
    for (const Label& label : kLabels)
      if (label.code == code)
        for (std::string_view zh : label.zh)
          if (!zh.empty() && zh == text) return std::string(code);
  }
  throw Error(ErrorCode::BadValue, std::string(what) + ": '" + std::string(text) + "' is not one of: " + listOf(codes));
}

std::string parseStage(std::string_view text) {
  // The layer's own labels (codeLabelZh) too, so what the importer accepts is accepted here.
  for (std::string_view code : kStages)
    if (codeLabelZh(code) == text && code != "building") return std::string(code);
  return parseLedgerCode(kStages, text, "stage");
}

std::string ledgerLabel(std::string_view code, Language language) {
  if (language == Language::English) return std::string(code);
  for (const Label& label : kLabels)
    if (label.code == code) return std::string(label.zh[0]);
  return std::string(codeLabelZh(code));
}

int stageIndex(const std::string& stage) {
  if (stage.empty()) return -1;
  for (std::size_t i = 0; i < kStages.size(); ++i)
    if (kStages[i] == stage) return static_cast<int>(i);
  return -1;
}

std::string requireProjectStage(SqliteDatabase& db, const std::string& projectId) {
  auto statement = db.prepare("SELECT stage FROM projects WHERE id = ?");
  statement.bind(1, projectId);
  if (!statement.step()) throw Error(ErrorCode::UnknownId, "no such project", {.layer = "projects", .feature = projectId});
  return statement.columnOptionalText(0).value_or("");
}

std::string requireParcelStatus(SqliteDatabase& db, const std::string& parcelId) {
  auto statement = db.prepare("SELECT status FROM parcels WHERE id = ?");
  statement.bind(1, parcelId);
  if (!statement.step()) throw Error(ErrorCode::UnknownId, "no such parcel", {.layer = "parcels", .feature = parcelId});
  return statement.columnText(0);
}

std::optional<std::string> reservedFor(SqliteDatabase& db, const std::string& parcelId, const std::string& today) {
  auto statement = db.prepare(
      "SELECT project_id FROM ledger_reservations WHERE parcel_id = ? AND released_on IS NULL AND until >= ?"
      " ORDER BY id DESC LIMIT 1");
  statement.bind(1, parcelId).bind(2, today);
  if (!statement.step()) return std::nullopt;
  return statement.columnText(0);
}

void bindOptional(SqliteStatement& statement, int index, const std::optional<double>& value) {
  if (value) statement.bind(index, *value); else statement.bindNull(index);
}
void bindOptional(SqliteStatement& statement, int index, const std::optional<std::string>& value) {
  if (value) statement.bind(index, *value); else statement.bindNull(index);
}
nlohmann::json optionalJson(const std::optional<double>& value) { return value ? nlohmann::json(*value) : nlohmann::json(nullptr); }
nlohmann::json optionalJson(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace landbank
