// landbank ledger ...: stage moves, problems, visits, capital increases, commitments, annual results,
// reservations, and the views (show, list, overdue). Parsing here, the work in landbank/ledger.h.
#include <CLI/CLI.hpp>

#include <ostream>

#include "cli.h"
#include "landbank/error.h"
#include "landbank/follow_through.h"
#include "landbank/layers.h"
#include "landbank/ledger.h"
#include "landbank/rulepack.h"
#include "landbank/texts.h"
#include "ledger_cli.h"
#include "output.h"

namespace landbank::cli {

namespace {

std::optional<std::string> given(const std::string& text) { return text.empty() ? std::nullopt : std::optional(text); }
std::optional<double> givenNumber(double value, bool set) { return set ? std::optional(value) : std::nullopt; }

nlohmann::json problemOut(const Problem& p) {
  return {{"id", p.id},       {"project", p.projectId},   {"category", p.category}, {"dept", p.dept},
          {"text", p.text},   {"opened_on", p.openedOn},  {"due_on", p.dueOn ? nlohmann::json(*p.dueOn) : nlohmann::json(nullptr)},
          {"status", p.status}, {"resolved_on", p.resolvedOn ? nlohmann::json(*p.resolvedOn) : nlohmann::json(nullptr)},
          {"resolution", p.resolution}, {"overdue", p.overdue}};
}

void printProblems(std::ostream& out, const std::vector<Problem>& problems, Language language) {
  std::vector<std::vector<std::string>> rows;
  for (const Problem& p : problems)
    rows.push_back({p.id, p.projectId, ledgerLabel(p.category, language), p.dept, p.openedOn, p.dueOn.value_or("-"),
                    ledgerLabel(p.status, language) + (p.overdue ? pick(language, "（逾期）", " (overdue)") : ""), p.text});
  printTable(out,
             {pick(language, "编号", "id"), pick(language, "项目", "project"), pick(language, "类别", "category"),
              pick(language, "责任部门", "dept"), pick(language, "提出日期", "opened"), pick(language, "办结时限", "due"),
              pick(language, "状态", "status"), pick(language, "问题", "text")},
             rows, {pick(language, "编号", "id")});
}

class LedgerCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.require_subcommand(1);
    m_move = app.add_subcommand("move", helpText("将项目推进到下一阶段（线索、洽谈、签约、落地、在建、投产、终止）", "Move a project to its next stage (lead, negotiating, signed, landed, building, operating, dropped)"));
    m_move->add_option("project", m_project, helpText("项目编号", "Project id"))->required();
    m_move->add_option("stage", m_stage, helpText("目标阶段：代码或名称（如 签约）", "Target stage: code or label (签约)"))->required();
    m_move->add_option("--date", m_date, helpText("变更日期（默认：今天）", "Date of the change (default: today)"));
    m_move->add_option("--note", m_note, helpText("备注", "Note"));
    m_move->add_option("--reason", m_reason, helpText("原因（终止时必填）", "Reason (required for dropped)"));
    m_move->add_flag("--force", m_force, helpText("允许回退或跳过阶段（在历史中标记）", "Allow a backwards or skipped move (flagged in the history)"));
    m_move->add_option("--parcel", m_parcel, helpText("落地：所用地块（其状态变为已供地）", "Landing: the parcel (its status becomes allocated)"));
    m_move->add_option("--building", m_building, helpText("落地：所用载体（其空置面积相应减少）", "Landing: the building (its vacant floor shrinks)"));
    m_move->add_option("--floor", m_floor, helpText("落地载体时占用的面积，平方米（默认：项目的 floor_need_m2）", "Landing in a building: floor taken, m2 (default: the project's floor_need_m2)"));
    m_writer.setup(*m_move, kTableOrJson);

    CLI::App* problem = app.add_subcommand("problem", helpText("阻碍项目推进的问题：add 登记、update 更新、resolve 解决、list 列出", "Problems that block a project: add, update, resolve, list"));
    problem->require_subcommand(1);
    m_problemAdd = problem->add_subcommand("add", helpText("登记问题：problem add P-001 --category land --dept 自然资源局 --due 日期 \"问题描述\"", "Log a problem: problem add P-001 --category land --dept 自然资源局 --due DATE \"text\""));
    m_problemAdd->add_option("project", m_project, helpText("项目编号", "Project id"))->required();
    m_problemAdd->add_option("text", m_text, helpText("问题描述", "The problem"))->required();
    m_problemAdd->add_option("--category", m_category, helpText("approval 审批|registration 注册|land 土地|planning 规划|customs 海关|environment 环保|finance 金融|other 其他", "approval|registration|land|planning|customs|environment|finance|other"))->required();
    m_problemAdd->add_option("--dept", m_dept, helpText("负责办理的部门", "Department that must act"))->required();
    m_problemAdd->add_option("--due", m_due, helpText("办结期限", "Due date"));
    m_problemAdd->add_option("--date", m_date, helpText("提出日期（默认：今天）", "Date it was raised (default: today)"));
    m_writer.setup(*m_problemAdd, kTableOrJson);
    m_problemUpdate = problem->add_subcommand("update", helpText("修改问题或添加进展备注", "Change a problem or add a progress note"));
    m_problemUpdate->add_option("id", m_id, helpText("问题编号（如 PB-0001）", "Problem id (PB-0001)"))->required();
    m_problemUpdate->add_option("--category", m_category, helpText("新的类别", "New category"));
    m_problemUpdate->add_option("--dept", m_dept, helpText("新的部门", "New department"));
    m_problemUpdate->add_option("--due", m_due, helpText("新的办结期限", "New due date"));
    m_problemUpdate->add_option("--text", m_text, helpText("新的问题描述", "New text"));
    m_problemUpdate->add_option("--note", m_note, helpText("进展备注", "Progress note"));
    m_problemUpdate->add_option("--date", m_date, helpText("备注日期（默认：今天）", "Date of the note (default: today)"));
    m_writer.setup(*m_problemUpdate, kTableOrJson);
    m_problemResolve = problem->add_subcommand("resolve", helpText("将问题标记为已解决", "Mark a problem resolved"));
    m_problemResolve->add_option("id", m_id, helpText("问题编号", "Problem id"))->required();
    m_problemResolve->add_option("--date", m_date, helpText("解决日期（默认：今天）", "Date resolved (default: today)"));
    m_problemResolve->add_option("--resolution", m_note, helpText("解决方式", "How it was resolved"));
    m_writer.setup(*m_problemResolve, kTableOrJson);
    m_problemList = problem->add_subcommand("list", helpText("列出问题", "List problems"));
    m_problemList->add_flag("--open", m_open, helpText("只列未解决的", "Open ones only"));
    m_problemList->add_flag("--overdue", m_overdueOnly, helpText("未解决且已超期的（以 --today 为准）", "Open and past due (at --today)"));
    m_problemList->add_option("--dept", m_dept, helpText("某一部门的", "Of one department"));
    m_problemList->add_option("--category", m_category, helpText("某一类别的", "Of one category"));
    m_problemList->add_option("--project", m_project, helpText("某一项目的", "Of one project"));
    m_writer.setup(*m_problemList, kTableOrJson);

    m_visit = app.add_subcommand("visit", helpText("记录对落地企业的走访", "Record a visit to a landed firm"));
    m_visit->add_option("project", m_project, helpText("项目编号", "Project id"))->required();
    m_visit->add_option("--date", m_date, helpText("走访日期（默认：今天）", "Date of the visit (default: today)"));
    m_visit->add_option("--visitor", m_visitor, helpText("走访人", "Who visited"))->required();
    m_visit->add_option("--findings", m_text, helpText("走访发现", "What was found"));
    m_visit->add_option("--requests", m_note, helpText("企业诉求", "What the firm asked for"));

    m_capital = app.add_subcommand("capital", helpText("记录增资（战略、扩产、生产）", "Record a capital increase (strategic, expansion, production)"));
    m_capital->add_option("project", m_project, helpText("项目编号", "Project id"))->required();
    m_capital->add_option("--kind", m_category, helpText("strategic 战略|expansion 扩产|production 生产", "strategic|expansion|production"))->required();
    m_capital->add_option("--amount", m_amount, helpText("金额，万元", "Amount, 万元"))->required();
    m_capital->add_option("--date", m_date, helpText("日期（默认：今天）", "Date (default: today)"));
    m_capital->add_option("--note", m_note, helpText("备注", "Note"));

    m_commit = app.add_subcommand("commit", helpText("设定投资协议的承诺指标（未给出的保持不变）", "Set the investment agreement's commitments (unset ones are kept)"));
    m_commit->add_option("project", m_project, helpText("项目编号", "Project id"))->required();
    m_commitInvestment = m_commit->add_option("--investment", m_investment, helpText("承诺总投资，万元", "Promised total investment, 万元"));
    m_commitOutput = m_commit->add_option("--output", m_output, helpText("承诺年产值，万元", "Promised annual output, 万元"));
    m_commitTax = m_commit->add_option("--tax", m_tax, helpText("承诺年税收，万元", "Promised annual tax, 万元"));
    m_commitJobs = m_commit->add_option("--jobs", m_jobs, helpText("承诺就业人数", "Promised jobs"));
    m_commitEnergy = m_commit->add_option("--energy", m_energy, helpText("承诺年能耗上限，吨标准煤", "Promised ceiling of annual energy use, tce"));
    m_commit->add_option("--construction-start", m_constructionStart, helpText("承诺开工日期", "Promised start of construction (date)"));
    m_commit->add_option("--completion", m_completion, helpText("承诺竣工日期", "Promised completion (date)"));
    m_commit->add_option("--production", m_production, helpText("承诺投产日期", "Promised start of production (date)"));
    m_commit->add_option("--signed-on", m_signedOn, helpText("协议签订日期", "Date the agreement was signed"));
    m_commit->add_option("--clause", m_clauses, helpText("承诺指标=条款，如 tax_wan=第六条（可重复）", "commitment=clause text, e.g. tax_wan=第六条 (repeatable)"));

    m_result = app.add_subcommand("result", helpText("登记年度实绩：result P-001 --year 2026 --tax ...；批量：result --from 文件.csv|xlsx", "Record a year's results: result P-001 --year 2026 --tax ...; or many: result --from FILE.csv|xlsx"));
    m_result->add_option("project", m_project, helpText("项目编号", "Project id"));
    m_resultYear = m_result->add_option("--year", m_year, helpText("年份", "Year"));
    m_resultInvestment = m_result->add_option("--investment", m_investment, helpText("当年完成投资，万元", "Investment completed in the year, 万元"));
    m_resultOutput = m_result->add_option("--output", m_output, helpText("产值，万元", "Output, 万元"));
    m_resultTax = m_result->add_option("--tax", m_tax, helpText("纳税，万元", "Tax paid, 万元"));
    m_resultJobs = m_result->add_option("--jobs", m_jobs, helpText("年末就业人数", "Jobs at year end"));
    m_resultEnergy = m_result->add_option("--energy", m_energy, helpText("能耗，吨标准煤", "Energy used, tce"));
    m_result->add_option("--from", m_from, helpText("含 project、year、investment、output、tax、jobs、energy 列的 CSV 或 XLSX（全部成功或全部不写入）", "CSV or XLSX with columns project, year, investment, output, tax, jobs, energy (all or nothing)"));

    m_show = app.add_subcommand("show", helpText("项目的完整台账：时间线、问题、承诺、实绩", "A project's whole ledger: timeline, problems, commitments, results"));
    m_show->add_option("project", m_project, helpText("项目编号", "Project id"))->required();
    m_writer.setup(*m_show, kTableOrJson);

    m_list = app.add_subcommand("list", helpText("项目及其所处阶段、停留天数、未解决和超期的问题", "Projects with their stage, days in it, open and overdue problems"));
    m_list->add_option("--stage", m_stage, helpText("只列此阶段", "Only this stage"));
    m_list->add_option("--stalled", m_stalled, helpText("只列至少 DAYS 天未变更阶段的项目（不含已投产、已终止）", "Only projects with no stage change for at least DAYS (not operating, not dropped)"));
    m_writer.setup(*m_list, kTableOrJson);

    m_overdue = app.add_subcommand("overdue", helpText("已过期的承诺和超期未解决的问题", "Commitments past their date and open problems past due"));
    m_writer.setup(*m_overdue, kTableOrJson);

    m_reserve = app.add_subcommand("reserve", helpText("为项目预留地块，直至某日", "Reserve (预留) a parcel for a project until a date"));
    m_reserve->add_option("project", m_project, helpText("项目编号", "Project id"))->required();
    m_reserve->add_option("parcel", m_parcel, helpText("地块编号", "Parcel id"))->required();
    m_reserve->add_option("--until", m_until, helpText("预留的最后一天", "Last day of the reservation"))->required();
    m_reserve->add_option("--note", m_note, helpText("备注", "Note"));
    m_release = app.add_subcommand("release", helpText("解除地块预留", "End a parcel's reservation"));
    m_release->add_option("parcel", m_parcel, helpText("地块编号", "Parcel id"))->required();
    m_release->add_option("--project", m_project, helpText("只解除为该项目的预留", "Only the reservation for this project"));

    m_grade = app.add_subcommand("grade", helpText("投产项目某年的亩均效益评级，以及承诺兑现情况", "亩均效益 grade of operating projects for a year, with delivery against commitments"));
    m_grade->add_option("project", m_project, helpText("单个项目（默认：当年有实绩的全部项目）", "One project (default: every project with results that year)"));
    m_grade->add_option("--year", m_year, helpText("实绩年份", "Year of the results"))->required();
    m_grade->add_option("--rules", m_rules, helpText("规则包（默认：自带的 gisdata/rulepack.json）", "Rule pack (default: the bundled gisdata/rulepack.json)"));
    m_writer.setup(*m_grade, kTableOrJson);
    m_calibration = app.add_subcommand("calibration", helpText("分行业统计至今实缴税收、实现产值与承诺的对比", "Per sector, delivered against promised tax and output so far"));
    m_writer.setup(*m_calibration, kTableOrJson);
  }

  int run(Context& context) override {
    // Through the listings' output layer: a format this command cannot write is refused (exit 2), not
    // replaced by a table; -o FILE takes its format from the extension and is written atomically.
    const OutputFormat format = m_writer.resolve(context, kTableOrJson);
    return m_writer.emitContext(context, [&](Context& sink) { return runTo(sink, format); });
  }

 private:
  int runTo(Context& context, OutputFormat format) {
    const Language language = context.language;
    std::ostream& out = context.out;
    if (m_move->parsed()) {
      Store store = openForWriting(context);
      StageMoveRequest request{m_project, m_stage, m_date.empty() ? todayOf(context) : m_date, m_note, m_reason,
                               m_force ? MoveRules::Force : MoveRules::Enforce, given(m_parcel), given(m_building),
                               givenNumber(m_floor, m_floor > 0)};
      const StageMoveResult result = moveStage(store, request);
      if (format == OutputFormat::Json) {
        nlohmann::json json{{"project", result.projectId}, {"from", result.fromStage.empty() ? nlohmann::json(nullptr) : nlohmann::json(result.fromStage)},
                            {"to", result.toStage}, {"date", result.date}, {"forced", result.forced}, {"forced_rule", result.overriddenRule}};
        if (result.parcelStatusBefore) json["parcel_status_before"] = *result.parcelStatusBefore;
        if (result.vacantFloorAfter) json["vacant_floor_after_m2"] = *result.vacantFloorAfter;
        out << json.dump(2) << "\n";
      } else {
        out << say(language, "{}：{} → {}（{}）", "{}: {} -> {} ({})", result.projectId,
                   result.fromStage.empty() ? "-" : ledgerLabel(result.fromStage, language), ledgerLabel(result.toStage, language), result.date);
        if (result.forced) out << say(language, " [强制，违反规则 {}]", " [forced over rule {}]", result.overriddenRule);
        out << "\n";
      }
      return 0;
    }
    if (m_problemAdd->parsed()) {
      Store store = openForWriting(context);
      const std::string id = addProblem(store, ProblemInput{m_project, m_category, m_dept, m_text, m_date.empty() ? todayOf(context) : m_date, given(m_due)});
      if (format == OutputFormat::Json) out << nlohmann::json{{"id", id}}.dump() << "\n";
      else out << say(language, "已登记问题 {}", "problem {} logged", id) << "\n";
      return 0;
    }
    if (m_problemUpdate->parsed() || m_problemResolve->parsed()) {
      Store store = openForWriting(context);
      const std::string date = m_date.empty() ? todayOf(context) : m_date;
      const Problem problem = m_problemResolve->parsed()
                                  ? resolveProblem(store, m_id, date, m_note)
                                  : updateProblem(store, m_id, ProblemUpdate{given(m_category), given(m_dept), given(m_text), given(m_due), m_note, date});
      if (format == OutputFormat::Json) out << problemOut(problem).dump(2) << "\n";
      else printProblems(out, {problem}, language);
      return 0;
    }
    if (m_problemList->parsed()) {
      const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
      const std::vector<Problem> problems =
          listProblems(store, ProblemFilter{m_open, m_overdueOnly, given(m_dept), given(m_category), given(m_project), todayOf(context)});
      if (format == OutputFormat::Json) {
        nlohmann::json array = nlohmann::json::array();
        for (const Problem& p : problems) array.push_back(problemOut(p));
        out << array.dump(2) << "\n";
      } else {
        printProblems(out, problems, language);
      }
      return 0;
    }
    if (m_visit->parsed()) {
      Store store = openForWriting(context);
      const std::int64_t id = addVisit(store, VisitInput{m_project, m_date.empty() ? todayOf(context) : m_date, m_visitor, m_text, m_note});
      out << say(language, "已记录走访 #{}", "visit #{} recorded", id) << "\n";
      return 0;
    }
    if (m_capital->parsed()) {
      Store store = openForWriting(context);
      const std::int64_t id =
          addCapitalIncrease(store, CapitalIncreaseInput{m_project, m_category, m_amount, m_date.empty() ? todayOf(context) : m_date, m_note});
      out << say(language, "已记录增资 #{}", "capital increase #{} recorded", id) << "\n";
      return 0;
    }
    if (m_commit->parsed()) {
      CommitmentInput input{m_project,
                            givenNumber(m_investment, m_commitInvestment->count() > 0),
                            givenNumber(m_output, m_commitOutput->count() > 0),
                            givenNumber(m_tax, m_commitTax->count() > 0),
                            givenNumber(m_jobs, m_commitJobs->count() > 0),
                            givenNumber(m_energy, m_commitEnergy->count() > 0),
                            given(m_constructionStart),
                            given(m_completion),
                            given(m_production),
                            given(m_signedOn),
                            {}};
      for (const std::string& item : m_clauses) {
        const auto equals = item.find('=');
        if (equals == std::string::npos || equals == 0) throw Error(ErrorCode::Usage, Message{"--clause '" + item + "' 必须写成 承诺项=文字（commitment=text）", "--clause '" + item + "' must be commitment=text"});
        input.clauses[item.substr(0, equals)] = item.substr(equals + 1);
      }
      Store store = openForWriting(context);
      setCommitments(store, input);
      out << say(language, "已更新 {} 的承诺事项", "commitments of {} set", m_project) << "\n";
      return 0;
    }
    if (m_result->parsed()) {
      Store store = openForWriting(context);
      if (!m_from.empty()) {
        if (!m_project.empty()) throw Error(ErrorCode::Usage, Message{"result --from 文件 不需要项目编号（文件里已写明）", "result --from FILE takes no project id (the file names them)"});
        const std::int64_t rows = importResults(store, m_from);
        out << say(language, "已导入 {} 条年度实绩", "{} annual results imported", rows) << "\n";
        return 0;
      }
      if (m_project.empty() || m_resultYear->count() == 0) throw Error(ErrorCode::Usage, Message{"result 需要 项目编号 --year 年份（或 --from 文件）", "result needs PROJECT --year YEAR (or --from FILE)"});
      recordResult(store, AnnualResult{m_project, m_year, givenNumber(m_investment, m_resultInvestment->count() > 0),
                                       givenNumber(m_output, m_resultOutput->count() > 0), givenNumber(m_tax, m_resultTax->count() > 0),
                                       givenNumber(m_jobs, m_resultJobs->count() > 0), givenNumber(m_energy, m_resultEnergy->count() > 0)});
      out << say(language, "已记录 {} 的 {} 年度实绩", "results of {} for {} recorded", m_project, m_year) << "\n";
      return 0;
    }
    if (m_grade->parsed()) return grade(context, format);
    if (m_calibration->parsed()) return calibration(context, format);
    if (m_show->parsed()) return show(context, format);
    if (m_list->parsed()) return list(context, format);
    if (m_overdue->parsed()) return overdue(context, format);
    if (m_reserve->parsed()) {
      Store store = openForWriting(context);
      const Reservation r = reserveParcel(store, m_project, m_parcel, m_until, todayOf(context), m_note);
      out << say(language, "地块 {} 已为项目 {} 预留至 {}", "parcel {} reserved for {} until {}", r.parcelId, r.projectId, r.until) << "\n";
      return 0;
    }
    if (m_release->parsed()) {
      Store store = openForWriting(context);
      const Reservation r = releaseParcel(store, m_parcel, given(m_project), todayOf(context));
      out << say(language, "地块 {} 为项目 {} 的预留已解除", "reservation of parcel {} for {} released", r.parcelId, r.projectId) << "\n";
      return 0;
    }
    return 2;
  }

  int grade(Context& context, OutputFormat format) {
    const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
    const RulePack rules = RulePack::load(m_rules.empty() ? RulePack::bundledPath() : std::filesystem::path(m_rules));
    const Language language = context.language;
    std::vector<FollowThroughGrade> grades;
    if (!m_project.empty()) grades.push_back(gradeProject(store, rules, m_project, m_year, language));
    else grades = gradeAll(store, rules, m_year, language);
    if (format == OutputFormat::Json) {
      nlohmann::json array = nlohmann::json::array();
      for (const FollowThroughGrade& g : grades) array.push_back(followThroughJson(g));
      context.out << (m_project.empty() ? array : array.at(0)).dump(2) << "\n";
      return 0;
    }
    std::vector<std::vector<std::string>> rows;
    for (const FollowThroughGrade& g : grades) {
      auto indicator = [&](const char* name, int decimals) {
        for (const FollowThroughIndicator& i : g.indicators)
          if (i.name == name) return optionalCell(i.value, decimals);
        return std::string("-");
      };
      std::string shortfalls;
      for (const Delivery& d : g.deliveries)
        if (d.shortfall) shortfalls += (shortfalls.empty() ? "" : "; ") + d.text;
      std::string gradeText = g.grade.empty() ? pick(language, "未评", "not graded") + std::string(" (") + g.notGradedReason + ")"
                                              : g.grade + (language == Language::Chinese ? " " + g.gradeLabel : std::string());
      rows.push_back({g.projectId, g.name, optionalCell(g.landMu, 1), indicator("tax_per_mu", 1), indicator("output_per_mu", 1),
                      indicator("investment_intensity", 1), indicator("energy_per_output", 3), indicator("jobs_per_mu", 2),
                      optionalCell(g.score, 1), gradeText, shortfalls.empty() ? "-" : shortfalls});
    }
    printTable(context.out,
               {pick(language, "项目", "project"), pick(language, "名称", "name"), pick(language, "占地(亩)", "land 亩"),
                pick(language, "亩均税收", "tax/亩"), pick(language, "亩均产出", "output/亩"), pick(language, "投资强度", "investment/亩"),
                pick(language, "单位产出能耗", "tce/万元"), pick(language, "亩均就业", "jobs/亩"), pick(language, "得分", "score"),
                pick(language, "档次", "grade"), pick(language, "未履约事项", "shortfalls")},
               rows, {pick(language, "项目", "project")});
    context.out << say(language, "规则包 {} {}；单位：万元/亩，tce/万元，人/亩", "rule pack {} {}; units 万元/亩, tce/万元, jobs/亩", rules.id, rules.version) << "\n";
    return 0;
  }

  int calibration(Context& context, OutputFormat format) {
    const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
    const Language language = context.language;
    const std::vector<SectorCalibration> list = sectorCalibration(store);
    if (format == OutputFormat::Json) {
      nlohmann::json array = nlohmann::json::array();
      for (const SectorCalibration& c : list)
        array.push_back({{"sector", c.sector}, {"project_years", c.projectYears},
                         {"tax_ratio", c.taxRatio ? nlohmann::json(*c.taxRatio) : nlohmann::json(nullptr)},
                         {"output_ratio", c.outputRatio ? nlohmann::json(*c.outputRatio) : nlohmann::json(nullptr)}});
      context.out << array.dump(2) << "\n";
      return 0;
    }
    std::vector<std::vector<std::string>> rows;
    for (const SectorCalibration& c : list)
      rows.push_back({language == Language::Chinese ? std::string(codeLabelZh(c.sector)) : c.sector, std::to_string(c.projectYears),
                      optionalCell(c.taxRatio, 2), optionalCell(c.outputRatio, 2)});
    printTable(context.out,
               {pick(language, "领域", "sector"), pick(language, "项目年数", "project-years"), pick(language, "税收兑现率", "tax delivered/promised"),
                pick(language, "产值兑现率", "output delivered/promised")},
               rows);
    return 0;
  }

  int show(Context& context, OutputFormat format) {
    const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
    const Language language = context.language;
    const ProjectLedger ledger = projectLedger(store, m_project, todayOf(context), language);
    std::ostream& out = context.out;
    if (format == OutputFormat::Json) {
      out << projectLedgerJson(ledger).dump(2) << "\n";
      return 0;
    }
    out << ledger.projectId << "  " << ledger.name << "  " << pick(language, "阶段：", "stage: ") << ledgerLabel(ledger.stage, language);
    if (ledger.subdistrict) out << "  " << pick(language, "街道：", "subdistrict: ") << *ledger.subdistrict;
    if (ledger.parcelId) out << "  " << pick(language, "地块：", "parcel: ") << *ledger.parcelId;
    if (ledger.buildingId) out << "  " << pick(language, "楼宇：", "building: ") << *ledger.buildingId;
    out << "\n\n";
    std::vector<std::vector<std::string>> rows;
    // Timeline kinds for people (JSON keeps the codes).
    auto kindText = [&](const std::string& kind) -> std::string {
      static constexpr std::pair<std::string_view, std::string_view> kKinds[] = {
          {"stage", "阶段变更"}, {"problem_opened", "提出问题"}, {"problem_resolved", "解决问题"},
          {"visit", "走访"},     {"capital", "增资"},           {"result", "年度实绩"}};
      if (language == Language::Chinese)
        for (const auto& [code, label] : kKinds)
          if (code == kind) return std::string(label);
      return kind;
    };
    for (const TimelineEntry& entry : ledger.timeline) rows.push_back({entry.date, kindText(entry.kind), entry.text});
    printTable(out, {pick(language, "日期", "date"), pick(language, "类型", "kind"), pick(language, "事项", "what")}, rows);
    if (ledger.commitments) {
      const Commitments& c = *ledger.commitments;
      out << "\n" << pick(language, "承诺事项", "Commitments") << "\n";
      printTable(out,
                 {pick(language, "投资(万元)", "investment 万元"), pick(language, "产值(万元)", "output 万元"), pick(language, "税收(万元)", "tax 万元"),
                  pick(language, "就业", "jobs"), pick(language, "能耗(tce)", "energy tce"), pick(language, "开工", "construction"),
                  pick(language, "竣工", "completion"), pick(language, "投产", "production")},
                 {{optionalCell(c.investmentWan, 0), optionalCell(c.outputWan, 0), optionalCell(c.taxWan, 0), optionalCell(c.jobs, 0),
                   optionalCell(c.energyTce, 0), c.constructionStart.value_or("-"), c.completion.value_or("-"), c.production.value_or("-")}});
    }
    return 0;
  }

  int list(Context& context, OutputFormat format) {
    const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
    const Language language = context.language;
    LedgerListFilter filter{given(m_stage), m_stalled > 0 ? std::optional(m_stalled) : std::nullopt, todayOf(context)};
    const std::vector<LedgerListRow> rows = listLedger(store, filter);
    if (format == OutputFormat::Json) {
      nlohmann::json array = nlohmann::json::array();
      for (const LedgerListRow& r : rows)
        array.push_back({{"project", r.projectId}, {"name", r.name}, {"sector", r.sector}, {"stage", r.stage},
                         {"subdistrict", r.subdistrict ? nlohmann::json(*r.subdistrict) : nlohmann::json(nullptr)},
                         {"stage_since", r.stageSince ? nlohmann::json(*r.stageSince) : nlohmann::json(nullptr)},
                         {"days_in_stage", r.daysInStage ? nlohmann::json(*r.daysInStage) : nlohmann::json(nullptr)},
                         {"open_problems", r.openProblems}, {"overdue_problems", r.overdueProblems}});
      context.out << array.dump(2) << "\n";
      return 0;
    }
    std::vector<std::vector<std::string>> table;
    for (const LedgerListRow& r : rows)
      table.push_back({r.projectId, r.name, ledgerLabel(r.stage, language), r.subdistrict.value_or("-"), r.stageSince.value_or("-"),
                       r.daysInStage ? std::to_string(*r.daysInStage) : "-", std::to_string(r.openProblems), std::to_string(r.overdueProblems)});
    printTable(context.out,
               {pick(language, "项目", "project"), pick(language, "名称", "name"), pick(language, "阶段", "stage"), pick(language, "街道", "subdistrict"),
                pick(language, "进入阶段日期", "since"), pick(language, "停留天数", "days"), pick(language, "未解决问题", "open"),
                pick(language, "逾期问题", "overdue")},
               table, {pick(language, "项目", "project")});
    return 0;
  }

  int overdue(Context& context, OutputFormat format) {
    const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
    const Language language = context.language;
    const std::vector<OverdueItem> items = overdueItems(store, todayOf(context));
    if (format == OutputFormat::Json) {
      nlohmann::json array = nlohmann::json::array();
      for (const OverdueItem& i : items)
        array.push_back({{"project", i.projectId}, {"kind", i.kind}, {"what", i.what}, {"due_on", i.dueOn}, {"days_overdue", i.daysOverdue}, {"text", i.text}});
      context.out << array.dump(2) << "\n";
      return 0;
    }
    std::vector<std::vector<std::string>> table;
    for (const OverdueItem& i : items)
      table.push_back({i.projectId, ledgerLabel(i.kind, language),
                       i.kind == "commitment" ? ledgerLabel(i.what == "production" ? "production_start" : i.what, language) : i.what, i.dueOn,
                       std::to_string(i.daysOverdue), i.kind == "commitment" ? ledgerLabel(i.text, language) : i.text});
    printTable(context.out,
               {pick(language, "项目", "project"), pick(language, "类型", "kind"), pick(language, "事项", "what"), pick(language, "期限", "due"),
                pick(language, "逾期天数", "days overdue"), pick(language, "现状", "now")},
               table, {pick(language, "项目", "project")});
    return 0;
  }

  CLI::App *m_move = nullptr, *m_problemAdd = nullptr, *m_problemUpdate = nullptr, *m_problemResolve = nullptr, *m_problemList = nullptr;
  CLI::App *m_visit = nullptr, *m_capital = nullptr, *m_commit = nullptr, *m_result = nullptr, *m_show = nullptr, *m_list = nullptr;
  CLI::App *m_overdue = nullptr, *m_reserve = nullptr, *m_release = nullptr, *m_grade = nullptr, *m_calibration = nullptr;
  CLI::Option *m_commitInvestment = nullptr, *m_commitOutput = nullptr, *m_commitTax = nullptr, *m_commitJobs = nullptr, *m_commitEnergy = nullptr;
  CLI::Option *m_resultYear = nullptr, *m_resultInvestment = nullptr, *m_resultOutput = nullptr, *m_resultTax = nullptr, *m_resultJobs = nullptr,
              *m_resultEnergy = nullptr;
  std::string m_project, m_stage, m_date, m_note, m_reason, m_parcel, m_building, m_text, m_category, m_dept, m_due, m_id;
  std::string m_rules, m_visitor, m_constructionStart, m_completion, m_production, m_signedOn, m_from, m_until;
  std::vector<std::string> m_clauses;
  OutputOptions m_writer;  // --format, -o, --bom (m_output is the promised output)
  bool m_force = false, m_open = false, m_overdueOnly = false;
  double m_floor = 0, m_amount = 0, m_investment = 0, m_output = 0, m_tax = 0, m_jobs = 0, m_energy = 0;
  int m_year = 0, m_stalled = 0;
};

}  // namespace

std::unique_ptr<Command> makeLedgerCommand() { return std::make_unique<LedgerCommand>(); }

}  // namespace landbank::cli
