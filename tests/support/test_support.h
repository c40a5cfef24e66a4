#pragma once
// Helpers shared by the test suites: temporary folders, running the CLI (in-process and as a
// process), and a fingerprint of a database's whole content to prove "unchanged".

#include <filesystem>
#include <string>
#include <vector>

namespace landbank::test {

/// A fresh folder under the system temp dir, removed with its content at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

 private:
  std::filesystem::path m_path;
};

struct CliResult {
  int exitCode = -1;
  std::string out;
  std::string err;
};

/// Runs runCli() in-process with `--db database` prepended when `database` is not empty.
CliResult runLandbank(const std::filesystem::path& database, const std::vector<std::string>& args);

/// Runs the built `landbank` executable as a child process (for crash tests and true exit codes).
CliResult runLandbankProcess(const std::filesystem::path& database, const std::vector<std::string>& args);

/// Runs `executable` with `args` as a child process, with the settings of `environment`
/// ("NAME=value") added to the test's own environment; stdin is the test's, stdout and stderr are caught.
CliResult runProcess(const std::filesystem::path& executable, const std::vector<std::string>& args,
                     const std::vector<std::string>& environment = {});

/// What killWhenStderrSays saw.
struct KilledRun {
  bool sawMarker = false;       ///< stderr showed `marker` before the 60 s limit
  bool killedBySignal = false;  ///< the process died of the SIGKILL (it had not finished by itself)
  std::string stderrText;
};

/// Starts the built `landbank` with `args` and one extra environment variable `environment`
/// ("NAME=value", a test hook that makes it stall mid-write), waits until its stderr contains
/// `marker`, then kills it with SIGKILL: the crash tests of imports and exports.
KilledRun killWhenStderrSays(const std::vector<std::string>& args, const std::string& environment, const std::string& marker,
                             const std::filesystem::path& stderrFile);

/// Every table's schema and rows, in a stable text form. Two equal fingerprints mean the
/// database content and schema are the same (WAL checkpoint state aside).
std::string databaseFingerprint(const std::filesystem::path& database);

void writeTextFile(const std::filesystem::path& path, const std::string& content);
std::string readTextFile(const std::filesystem::path& path);

/// Folder of the committed test data (tests/data).
std::filesystem::path testDataDir();

/// Output (stdout and stderr) of the sqlite3 shell with mod_spatialite loaded: an independent reader
/// of the file, for cross-checks against SpatiaLite SQL.
std::string spatialiteShell(const std::filesystem::path& database, const std::string& sql);

/// CSV-quoted WKT of the hand-made scenes: an axis-aligned box (x1,y1)-(x2,y2) and a point, in metres
/// from the scenes' origin (527000, 4018000 in EPSG:4549).
std::string sceneBoxWkt(double x1, double y1, double x2, double y2);
std::string scenePointWkt(double x, double y);

/// Creates a database at `path` (fails the test on error).
void initDatabase(const std::filesystem::path& path);

}  // namespace landbank::test
