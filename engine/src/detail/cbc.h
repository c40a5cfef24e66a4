#pragma once
// RAII around a COIN-OR CBC model (the C interface, Cbc_C_Interface.h): one owner, freed once, and
// the only place that reads CBC's status codes. CBC's documentation advises against solving one model
// twice, so a MilpModel is built, solved once and dropped.
// Columns and rows are gathered here and handed to CBC in one Cbc_loadProblem (column-major) when
// solve() runs: Cbc_addRow copies the whole matrix on every call (CoinPackedMatrix), which made
// building a model of 10^5 options and 10^4 rows take ~90% of a 300 s allocation.

#include <string>
#include <vector>

namespace landbank::detail {

class MilpModel {
 public:
  enum class Sense { Maximise, Minimise };
  enum class Outcome { Optimal, StoppedWithSolution, Infeasible, StoppedWithoutSolution };

  MilpModel();
  ~MilpModel();
  MilpModel(const MilpModel&) = delete;
  MilpModel& operator=(const MilpModel&) = delete;

  /// A binary variable with objective coefficient `objective`; returns its index.
  int addBinary(double objective, double lowerBound = 0.0);
  /// sum(coefficients[i] * x[columns[i]]) (sense) rhs, sense one of 'L' (<=), 'G' (>=), 'E' (=).
  void addRow(const std::vector<int>& columns, const std::vector<double>& coefficients, char sense, double rhs);
  void setSense(Sense sense);
  void setSecondsLimit(double seconds);
  /// A feasible solution to start from (the value of every variable, in order); CBC then always
  /// has a solution to return, even when it stops at the time limit.
  void setStartSolution(const std::vector<double>& values);

  Outcome solve();
  /// Value of each variable in the best solution found (rounded to 0/1 for binaries).
  std::vector<double> solution() const;
  double objectiveValue() const;
  /// The solver's bound on the optimum (equal to objectiveValue() when proven optimal).
  double bestPossibleValue() const;
  static std::string version();

 private:
  void load();

  void* m_model;  // a Cbc_Model, which CBC's C header declares as void
  int m_columns = 0;
  std::vector<double> m_objective, m_lowerBounds;
  // Rows in compressed form: row r has entries m_rowStarts[r] .. m_rowStarts[r + 1] - 1.
  std::vector<int> m_rowStarts{0}, m_rowColumns;
  std::vector<double> m_rowValues, m_rowLower, m_rowUpper;
  double m_sense = 1.0;  // CBC's: 1 minimise, -1 maximise
  double m_seconds = -1;
  std::vector<double> m_start;
};

}  // namespace landbank::detail
