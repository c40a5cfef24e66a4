#pragma once
// RAII around a COIN-OR CBC model (the C interface, Cbc_C_Interface.h): one owner, freed once, and
// the only place that reads CBC's status codes. CBC's documentation advises against solving one model
// twice, so a MilpModel is built, solved once and dropped.

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
  void* m_model;  // a Cbc_Model, which CBC's C header declares as void
  int m_columns = 0;
  int m_rows = 0;
};

}  // namespace landbank::detail
