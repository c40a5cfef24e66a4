#pragma once
// A small hand-made district for the ledger tests: one subdistrict, four parcels of known area, one
// factory building, and projects entered through `landbank project add`. Dates are always given
// (--today, --date): nothing here depends on the wall clock.

#include <filesystem>
#include <string>
#include <vector>

#include "test_support.h"

namespace landbank::test {

class LedgerScene {
 public:
  LedgerScene();
  const std::filesystem::path& db() const { return m_db; }
  /// runLandbank with --today 2026-12-01 and --user tester before `args`.
  CliResult run(const std::vector<std::string>& args) const;
  /// Runs, expecting exit 0 (fails the test otherwise).
  std::string ok(const std::vector<std::string>& args) const;
  /// One integer from SQL run by the sqlite3 library directly (no landbank code).
  long long sqlInt(const std::string& sql) const;
  double sqlDouble(const std::string& sql) const;
  std::string sqlText(const std::string& sql) const;
  /// Runs SQL with the sqlite3 library directly; returns the error message, empty on success.
  std::string sqlExec(const std::string& sql) const;
  std::filesystem::path file(const std::string& name) const { return m_dir / name; }

 private:
  TempDir m_dir;
  std::filesystem::path m_db;
};

}  // namespace landbank::test
