// landbank audit verify | audit list [--since] [--project] [--user] [--limit]: the hash-chained trail.
#include <CLI/CLI.hpp>

#include <ostream>

#include "cli.h"
#include "usage_errors.h"
#include "landbank/audit.h"
#include "landbank/store.h"
#include "landbank/texts.h"
#include "landbank/code_labels.h"
#include "output.h"

namespace landbank::cli {

namespace {

// verifyAuditChain's problem (English, as the JSON keeps it) for people.
std::string auditProblemText(const std::string& problem, Language language) {
  if (language == Language::English) return problem;
  if (problem.rfind("prev_hash", 0) == 0) return "prev_hash 与上一行的哈希不符（有记录被删除、插入或重新计算了哈希）";
  if (problem.rfind("content", 0) == 0) return "内容与其哈希不符（该记录被改动过）";
  return problem;
}

// The audit trail's action codes and the ledger's tables, for people (the JSON keeps the codes).
// Layers are labelled by code_labels.h; the audit's own words live here, the one command that shows them.
std::string auditWord(std::string_view code, Language language) {
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"import", "导入"},           {"set_status", "修改地块状态"}, {"stage_move", "阶段推进"},   {"project_add", "新增项目"},
      {"project_edit", "修改项目"}, {"problem_add", "登记问题"},    {"problem_update", "更新问题"}, {"problem_resolve", "解决问题"},
      {"visit_add", "走访"},        {"capital_add", "增资"},        {"commitments_set", "设定承诺"}, {"result_record", "登记实绩"},
      {"results_import", "导入实绩"}, {"parcel_reserve", "预留地块"}, {"parcel_release", "解除预留"}, {"sample_ledger", "样例台账"},
      {"ledger", "台账"},           {"ledger_problems", "问题"},     {"ledger_visits", "走访"},      {"ledger_capital", "增资"},
      {"ledger_commitments", "承诺事项"}, {"ledger_results", "年度实绩"}, {"ledger_reservations", "地块预留"}};
  if (language == Language::Chinese)
    for (const auto& [name, label] : kWords)
      if (name == code) return std::string(label);
  return layerLabel(code, language);
}

class AuditCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.require_subcommand(1);
    m_verify = app.add_subcommand("verify", helpText("重新计算哈希链；不一致时以退出码 1 指出第一条不成立的记录", "Recompute the hash chain; exit 1 naming the first row that does not hold"));
    m_output.setup(*m_verify, kTableOrJson);
    m_list = app.add_subcommand("list", helpText("审计记录，按时间先后列出", "Audit rows, oldest first"));
    m_list->add_option("--since", m_since, helpText("此日期/时间及以后的记录（UTC，如 2026-11-01 或 2026-11-01T08:00:00Z）", "Rows at or after this date/time (UTC, 2026-11-01 or 2026-11-01T08:00:00Z)"));
    m_list->add_option("--project", m_project, helpText("与该项目有关的记录", "Rows concerning this project"));
    m_list->add_option("--user", m_user, helpText("该用户的记录", "Rows by this user"));
    m_list->add_option("--limit", m_limit, helpText("只列最新的 N 条记录", "Only the newest N rows"));
    m_output.setup(*m_list, kTableOrJson);
  }

  int run(Context& context) override {
    // Through the listings' output layer: refused formats exit 2; -o FILE is written atomically.
    const OutputFormat format = m_output.resolve(context, kTableOrJson);
    return m_output.emitContext(context, [&](Context& sink) { return runTo(sink, format); });
  }

 private:
  int runTo(Context& context, OutputFormat format) {
    const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
    const Language language = context.language;
    if (m_verify->parsed()) {
      const AuditVerification result = verifyAuditChain(store);
      if (format == OutputFormat::Json) {
        nlohmann::json json{{"ok", result.ok}, {"rows", result.rows}, {"head_hash", result.headHash}};
        json["bad_seq"] = result.badSeq ? nlohmann::json(*result.badSeq) : nlohmann::json(nullptr);
        json["problem"] = result.problem;
        context.out << json.dump(2) << "\n";
      } else if (result.ok) {
        context.out << say(language, "审计链完整：{} 条记录，链头 {}", "audit chain intact: {} rows, head {}", result.rows, result.headHash) << "\n";
      }
      if (!result.ok) {
        context.err << errorPrefix(language)
                    << printableText(say(language, "审计记录 audit_log 第 {} 行：{}", "audit_log row {}: {}", *result.badSeq, auditProblemText(result.problem, language))) << "\n";
        return 1;
      }
      return 0;
    }
    AuditFilter filter;
    if (!m_since.empty()) filter.since = m_since;
    if (!m_project.empty()) filter.projectId = m_project;
    if (!m_user.empty()) filter.user = m_user;
    if (m_limit > 0) filter.limit = m_limit;
    const std::vector<AuditRecord> records = listAudit(store, filter);
    if (format == OutputFormat::Json) {
      nlohmann::json array = nlohmann::json::array();
      for (const AuditRecord& r : records)
        array.push_back({{"seq", r.seq}, {"at", r.at}, {"user", r.user}, {"action", r.action}, {"layer", r.layer}, {"feature_id", r.featureId},
                         {"project", r.projectId}, {"detail", r.detail}, {"prev_hash", r.prevHash}, {"hash", r.hash}});
      context.out << array.dump(2) << "\n";
      return 0;
    }
    std::vector<std::vector<std::string>> rows;
    for (const AuditRecord& r : records) {
      std::string detail = r.detail.dump();
      if (detail.size() > 100) {
        // Cut at a character boundary: a UTF-8 continuation byte (10xxxxxx) never starts the cut.
        std::size_t cut = 97;
        while (cut > 0 && (static_cast<unsigned char>(detail[cut]) & 0xC0) == 0x80) --cut;
        detail = detail.substr(0, cut) + "...";
      }
      rows.push_back({std::to_string(r.seq), r.at, r.user, auditWord(r.action, language), auditWord(r.layer, language), r.featureId, r.projectId, detail});
    }
    printTable(context.out,
               {pick(language, "序号", "seq"), pick(language, "时间(UTC)", "at (UTC)"), pick(language, "用户", "user"), pick(language, "操作", "action"),
                pick(language, "表", "table"), pick(language, "对象", "feature"), pick(language, "项目", "project"), pick(language, "内容", "detail")},
               rows, {pick(language, "对象", "feature")});
    return 0;
  }

  CLI::App* m_verify = nullptr;
  CLI::App* m_list = nullptr;
  OutputOptions m_output;
  std::string m_since, m_project, m_user;
  std::int64_t m_limit = 0;
};

}  // namespace

std::unique_ptr<Command> makeAuditCommand() { return std::make_unique<AuditCommand>(); }

}  // namespace landbank::cli
