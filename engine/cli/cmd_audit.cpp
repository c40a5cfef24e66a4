// landbank audit verify | audit list [--since] [--project] [--user] [--limit]: the hash-chained trail.
#include <CLI/CLI.hpp>

#include <ostream>

#include "cli.h"
#include "landbank/audit.h"
#include "landbank/store.h"
#include "landbank/texts.h"
#include "output.h"

namespace landbank::cli {

namespace {

class AuditCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.require_subcommand(1);
    m_verify = app.add_subcommand("verify", helpText("重新计算哈希链；不一致时以退出码 1 指出第一条不成立的记录", "Recompute the hash chain; exit 1 naming the first row that does not hold"));
    m_verify->add_option("--format", m_format, helpText("table（表格）或 json", "table or json"));
    m_list = app.add_subcommand("list", helpText("审计记录，按时间先后列出", "Audit rows, oldest first"));
    m_list->add_option("--since", m_since, helpText("此日期/时间及以后的记录（UTC，如 2026-11-01 或 2026-11-01T08:00:00Z）", "Rows at or after this date/time (UTC, 2026-11-01 or 2026-11-01T08:00:00Z)"));
    m_list->add_option("--project", m_project, helpText("与该项目有关的记录", "Rows concerning this project"));
    m_list->add_option("--user", m_user, helpText("该用户的记录", "Rows by this user"));
    m_list->add_option("--limit", m_limit, helpText("只列最新的 N 条记录", "Only the newest N rows"));
    m_list->add_option("--format", m_format, helpText("table（表格）或 json", "table or json"));
  }

  int run(Context& context) override {
    // Through the listings' check: a format this command cannot write is refused, not replaced by a table.
    const OutputFormat format = resolveFormatOption(context, m_format, kTableOrJson);
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
        context.err << "landbank: error: audit_log row " << *result.badSeq << ": " << result.problem << "\n";
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
      if (detail.size() > 100) detail = detail.substr(0, 97) + "...";
      rows.push_back({std::to_string(r.seq), r.at, r.user, r.action, r.layer, r.featureId, r.projectId, detail});
    }
    printTable(context.out,
               {pick(language, "序号", "seq"), pick(language, "时间(UTC)", "at (UTC)"), pick(language, "用户", "user"), pick(language, "操作", "action"),
                pick(language, "表", "table"), pick(language, "对象", "feature"), pick(language, "项目", "project"), pick(language, "内容", "detail")},
               rows, {pick(language, "对象", "feature")});
    return 0;
  }

 private:
  CLI::App* m_verify = nullptr;
  CLI::App* m_list = nullptr;
  std::string m_format, m_since, m_project, m_user;
  std::int64_t m_limit = 0;
};

}  // namespace

std::unique_ptr<Command> makeAuditCommand() { return std::make_unique<AuditCommand>(); }

}  // namespace landbank::cli
