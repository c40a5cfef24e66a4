#include "evaluate_calibration.h"

#include <fmt/format.h>

#include "landbank/code_labels.h"
#include "landbank/texts.h"
#include "output.h"

namespace landbank::cli {

CalibratedExpectation evaluateCalibration(const Store& store, const std::string& projectId, const ProjectSpec& project) {
  return calibratedExpectation(store, projectId, project.sector, project.taxWan, project.outputWan);
}

void printCalibration(std::ostream& out, const CalibratedExpectation& e, Language language) {
  const std::string sector = codeLabel(CodeList::Sector, e.sector, language);
  if (e.projectYears == 0) {
    out << say(language, "兑现校准：{}领域尚无投产项目的实绩可比（承诺照录，无法校准）\n",
               "calibration: no results of operating projects in {} yet (the promises cannot be calibrated)\n", sector);
    return;
  }
  out << say(language, "兑现校准（{}领域以往 {} 个项目年度的实绩与承诺之比；承诺取自{}）：\n",
             "calibration ({}: delivered against promised over {} project-years; promises from {}):\n", sector, e.projectYears,
             e.promiseSource == "commitments" ? pick(language, "投资协议", "the investment agreement") : pick(language, "项目信息", "the project record"));
  auto cell = [](const std::optional<double>& value, int decimals) { return value ? formatNumber(*value, decimals) : std::string("-"); };
  std::vector<std::vector<std::string>> rows{
      {pick(language, "年税收", "annual tax"), cell(e.promisedTaxWan, 0), cell(e.taxRatio, 2), cell(e.expectedTaxWan, 0)},
      {pick(language, "年产值", "annual output"), cell(e.promisedOutputWan, 0), cell(e.outputRatio, 2), cell(e.expectedOutputWan, 0)}};
  printTable(out,
             language == Language::Chinese ? std::vector<std::string>{"指标", "承诺(万元)", "历史兑现率", "现实预期(万元)"}
                                           : std::vector<std::string>{"figure", "promised (万元)", "delivery ratio", "realistic (万元)"},
             rows);
}

}  // namespace landbank::cli
