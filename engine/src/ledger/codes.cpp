// Ledger dates, code lists and their labels, and the small helpers the ledger files share.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <ctime>

#include "detail/sqlite.h"
#include "field_values.h"
#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/layers.h"
#include "landbank/ledger.h"
#include "ledger/ledger_internal.h"

namespace landbank {

namespace {

// The ledger's code lists and their labels live in the one label table (code_labels.h: LedgerStage,
// ProblemCategory, CapitalKind). Here only the words of the ledger's own views, which are no code
// list: a problem's status and the kinds of overdue items.
struct Label {
  std::string_view code;
  std::string_view zh;
};
constexpr Label kViewLabels[] = {
    {"open", "未解决"},          {"resolved", "已解决"},  {"commitment", "承诺事项"}, {"problem", "问题"},
    {"construction_start", "开工"}, {"completion", "竣工"}, {"production_start", "投产"},
};
constexpr CodeList kLedgerLists[] = {CodeList::LedgerStage, CodeList::ProblemCategory, CodeList::CapitalKind};

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
    if (value.is_null()) throw Error(ErrorCode::BadValue, Message{"需要日期", "a date is required"});
    return value.get<std::string>();
  } catch (const Error& error) {
    throw Error(ErrorCode::BadValue, Message{std::string(what) + "：" + error.problemMessage().zh, std::string(what) + ": " + error.problem()});
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

std::span<const std::string_view> ledgerStages() { return codesOf(CodeList::LedgerStage); }
std::span<const std::string_view> problemCategories() { return codesOf(CodeList::ProblemCategory); }
std::span<const std::string_view> capitalKinds() { return codesOf(CodeList::CapitalKind); }

std::string parseLedgerCode(std::span<const std::string_view> codes, std::string_view text, std::string_view what) {
  // A code, its label or a synonym, from whichever of the ledger's lists holds it; accepted only
  // when it is one of `codes`.
  for (CodeList list : kLedgerLists)
    if (const std::optional<std::string> code = codeFromText(list, text))
      if (std::find(codes.begin(), codes.end(), *code) != codes.end()) return *code;
  std::string labelled;
  for (std::string_view code : codes) labelled += (labelled.empty() ? "" : "、") + std::string(code) + "（" + ledgerLabel(code, Language::Chinese) + "）";
  throw Error(ErrorCode::BadValue, Message{std::string(what) + "：'" + std::string(text) + "' 不是可选值之一：" + labelled,
                                           std::string(what) + ": '" + std::string(text) + "' is not one of: " + listOf(codes)});
}

std::string parseStage(std::string_view text) { return parseLedgerCode(ledgerStages(), text, "stage"); }

std::string ledgerLabel(std::string_view code, Language language) {
  if (language == Language::English) return std::string(code);
  for (CodeList list : kLedgerLists)
    for (std::string_view known : codesOf(list))
      if (known == code) return codeLabel(list, code, language);
  for (const Label& label : kViewLabels)
    if (label.code == code) return std::string(label.zh);
  return std::string(codeLabelZh(code));
}

int stageIndex(const std::string& stage) {
  if (stage.empty()) return -1;
  const auto stages = ledgerStages();
  for (std::size_t i = 0; i < stages.size(); ++i)
    if (stages[i] == stage) return static_cast<int>(i);
  return -1;
}

std::string requireProjectStage(SqliteDatabase& db, const std::string& projectId) {
  auto statement = db.prepare("SELECT stage FROM projects WHERE id = ?");
  statement.bind(1, projectId);
  if (!statement.step()) throw Error(ErrorCode::UnknownId, Message{"没有这个项目", "no such project"}, {.layer = "projects", .feature = projectId});
  return statement.columnOptionalText(0).value_or("");
}

std::string requireParcelStatus(SqliteDatabase& db, const std::string& parcelId) {
  auto statement = db.prepare("SELECT status FROM parcels WHERE id = ?");
  statement.bind(1, parcelId);
  if (!statement.step()) throw Error(ErrorCode::UnknownId, Message{"没有这个地块", "no such parcel"}, {.layer = "parcels", .feature = parcelId});
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
