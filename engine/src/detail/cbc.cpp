#include "detail/cbc.h"

#include <coin/CbcConfig.h>
#include <coin/Cbc_C_Interface.h>

#include <cmath>
#include <string>

#include "landbank/error.h"

namespace landbank::detail {

MilpModel::MilpModel() : m_model(Cbc_newModel()) {
  if (!m_model) throw Error(ErrorCode::Internal, "CBC could not create a model");
  Cbc_setLogLevel(m_model, 0);
}

MilpModel::~MilpModel() { Cbc_deleteModel(m_model); }

int MilpModel::addBinary(double objective, double lowerBound) {
  const std::string name = "x" + std::to_string(m_columns);
  Cbc_addCol(m_model, name.c_str(), lowerBound, 1.0, objective, 1, 0, nullptr, nullptr);
  return m_columns++;
}

void MilpModel::addRow(const std::vector<int>& columns, const std::vector<double>& coefficients, char sense, double rhs) {
  if (columns.empty()) return;
  const std::string name = "r" + std::to_string(m_rows++);  // CBC copies the name into a std::string: never NULL
  Cbc_addRow(m_model, name.c_str(), static_cast<int>(columns.size()), columns.data(), coefficients.data(), sense, rhs);
}

void MilpModel::setSense(Sense sense) { Cbc_setObjSense(m_model, sense == Sense::Maximise ? -1.0 : 1.0); }

void MilpModel::setSecondsLimit(double seconds) { Cbc_setMaximumSeconds(m_model, seconds); }

void MilpModel::setStartSolution(const std::vector<double>& values) {
  std::vector<int> columns;
  std::vector<double> nonZero;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i] != 0) {
      columns.push_back(static_cast<int>(i));
      nonZero.push_back(values[i]);
    }
  Cbc_setMIPStartI(m_model, static_cast<int>(columns.size()), columns.data(), nonZero.data());
  // CBC 2.10's C interface hands a MIP start to its preprocessed model by column name; when
  // preprocessing drops columns (assemblies make that common) it asks for a name past the end,
  // prints "Illegal index ... in ClpModel::getColumnName" on stdout and abandons the solve.
  // Without preprocessing the start maps one to one.
  Cbc_setParameter(m_model, "preprocess", "off");
}

MilpModel::Outcome MilpModel::solve() {
  Cbc_solve(m_model);
  if (Cbc_isProvenOptimal(m_model)) return Outcome::Optimal;
  if (Cbc_isProvenInfeasible(m_model) || Cbc_isInitialSolveProvenPrimalInfeasible(m_model)) return Outcome::Infeasible;
  return Cbc_bestSolution(m_model) ? Outcome::StoppedWithSolution : Outcome::StoppedWithoutSolution;
}

std::vector<double> MilpModel::solution() const {
  const double* values = Cbc_getColSolution(m_model);
  std::vector<double> result(static_cast<std::size_t>(m_columns), 0.0);
  for (int i = 0; values && i < m_columns; ++i) result[static_cast<std::size_t>(i)] = std::round(values[i]);
  return result;
}

double MilpModel::objectiveValue() const { return Cbc_getObjValue(m_model); }
double MilpModel::bestPossibleValue() const { return Cbc_getBestPossibleObjValue(m_model); }
// Cbc_getVersion() returns NULL in Debian's 2.10 build; the configured version is the same number.
std::string MilpModel::version() { return CBC_VERSION; }

}  // namespace landbank::detail
