#include "detail/cbc.h"

#include <coin/CbcConfig.h>
#include <coin/Cbc_C_Interface.h>

#include <cmath>
#include <limits>
#include <string>

#include "landbank/error.h"

namespace landbank::detail {

MilpModel::MilpModel() : m_model(Cbc_newModel()) {
  if (!m_model) throw Error(ErrorCode::Internal, "CBC could not create a model");
  Cbc_setLogLevel(m_model, 0);
}

MilpModel::~MilpModel() { Cbc_deleteModel(m_model); }

int MilpModel::addBinary(double objective, double lowerBound) {
  m_objective.push_back(objective);
  m_lowerBounds.push_back(lowerBound);
  return m_columns++;
}

void MilpModel::addRow(const std::vector<int>& columns, const std::vector<double>& coefficients, char sense, double rhs) {
  if (columns.empty()) return;
  if (columns.size() != coefficients.size()) throw Error(ErrorCode::Internal, "a MILP row needs one coefficient per column");
  constexpr double kInfinity = std::numeric_limits<double>::max();  // COIN_DBL_MAX
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] < 0 || columns[i] >= m_columns) throw Error(ErrorCode::Internal, "a MILP row names an unknown column");
    m_rowColumns.push_back(columns[i]);
    m_rowValues.push_back(coefficients[i]);
  }
  m_rowStarts.push_back(static_cast<int>(m_rowColumns.size()));
  m_rowLower.push_back(sense == 'L' ? -kInfinity : rhs);
  m_rowUpper.push_back(sense == 'G' ? kInfinity : rhs);
}

void MilpModel::setSense(Sense sense) { m_sense = sense == Sense::Maximise ? -1.0 : 1.0; }

void MilpModel::setSecondsLimit(double seconds) { m_seconds = seconds; }

void MilpModel::setStartSolution(const std::vector<double>& values) { m_start = values; }

void MilpModel::load() {
  // The rows, transposed into columns (counting sort: column by column, rows ascending).
  const std::size_t rowCount = m_rowLower.size();
  const auto columnCount = static_cast<std::size_t>(m_columns);
  std::vector<CoinBigIndex> columnStarts(columnCount + 1, 0);
  for (int column : m_rowColumns) ++columnStarts[static_cast<std::size_t>(column) + 1];
  for (std::size_t c = 0; c < columnCount; ++c) columnStarts[c + 1] += columnStarts[c];
  std::vector<CoinBigIndex> next(columnStarts.begin(), columnStarts.end() - 1);
  std::vector<int> rowIndex(m_rowColumns.size());
  std::vector<double> values(m_rowColumns.size());
  for (std::size_t r = 0; r < rowCount; ++r)
    for (int k = m_rowStarts[r]; k < m_rowStarts[r + 1]; ++k) {
      const auto at = static_cast<std::size_t>(next[static_cast<std::size_t>(m_rowColumns[static_cast<std::size_t>(k)])]++);
      rowIndex[at] = static_cast<int>(r);
      values[at] = m_rowValues[static_cast<std::size_t>(k)];
    }
  const std::vector<double> upper(columnCount, 1.0);
  Cbc_loadProblem(m_model, m_columns, static_cast<int>(rowCount), columnStarts.data(), rowIndex.data(), values.data(), m_lowerBounds.data(),
                  upper.data(), m_objective.data(), m_rowLower.data(), m_rowUpper.data());
  for (int c = 0; c < m_columns; ++c) {
    Cbc_setInteger(m_model, c);
    // Named as Cbc_addCol named them: CBC 2.10 maps a MIP start onto the model by column name.
    const std::string name = "x" + std::to_string(c);
    Cbc_setColName(m_model, c, name.c_str());
  }
  Cbc_setObjSense(m_model, m_sense);
  if (m_seconds >= 0) Cbc_setMaximumSeconds(m_model, m_seconds);
  if (!m_start.empty()) {
    std::vector<int> columns;
    std::vector<double> nonZero;
    for (std::size_t i = 0; i < m_start.size(); ++i)
      if (m_start[i] != 0) {
        columns.push_back(static_cast<int>(i));
        nonZero.push_back(m_start[i]);
      }
    Cbc_setMIPStartI(m_model, static_cast<int>(columns.size()), columns.data(), nonZero.data());
    // CBC 2.10's C interface hands a MIP start to its preprocessed model by column name; when
    // preprocessing drops columns (assemblies make that common) it asks for a name past the end,
    // prints "Illegal index ... in ClpModel::getColumnName" on stdout and abandons the solve.
    // Without preprocessing the start maps one to one.
    Cbc_setParameter(m_model, "preprocess", "off");
  }
}

MilpModel::Outcome MilpModel::solve() {
  load();
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
