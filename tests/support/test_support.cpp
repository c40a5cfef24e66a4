#include "test_support.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "cli.h"

namespace landbank::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "landbank-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  m_path = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

CliResult runLandbank(const std::filesystem::path& database, const std::vector<std::string>& args) {
  std::vector<std::string> full;
  if (!database.empty()) {
    full.push_back("--db");
    full.push_back(database.string());
  }
  full.insert(full.end(), args.begin(), args.end());
  std::ostringstream out, err;
  SilentFeedback feedback;
  CliResult result;
  result.exitCode = cli::runCli(full, out, err, feedback);
  result.out = out.str();
  result.err = err.str();
  return result;
}

namespace {
std::string shellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}
}  // namespace

KilledRun killWhenStderrSays(const std::vector<std::string>& args, const std::string& environment, const std::string& marker,
                             const std::filesystem::path& stderrFile) {
  std::vector<std::string> words{LANDBANK_CLI_EXE};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, stderrFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> env{environment};
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  KilledRun run;
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return run;
  for (int i = 0; i < 600 && !run.sawMarker; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    run.sawMarker = readTextFile(stderrFile).find(marker) != std::string::npos;
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  run.killedBySignal = WIFSIGNALED(status);
  run.stderrText = readTextFile(stderrFile);
  return run;
}

CliResult runLandbankProcess(const std::filesystem::path& database, const std::vector<std::string>& args) {
  std::vector<std::string> full;
  if (!database.empty()) full = {"--db", database.string()};
  full.insert(full.end(), args.begin(), args.end());
  return runProcess(LANDBANK_CLI_EXE, full);
}

CliResult runProcess(const std::filesystem::path& executable, const std::vector<std::string>& args,
                     const std::vector<std::string>& environment) {
  TempDir scratch;
  std::string command;
  if (!environment.empty()) {
    command = "env";
    for (const auto& setting : environment) command += " " + shellQuote(setting);
    command += " ";
  }
  command += shellQuote(executable.string());
  for (const auto& arg : args) command += " " + shellQuote(arg);
  command += " >" + shellQuote((scratch / "out").string()) + " 2>" + shellQuote((scratch / "err").string());
  const int status = std::system(command.c_str());
  CliResult result;
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = readTextFile(scratch / "out");
  result.err = readTextFile(scratch / "err");
  return result;
}

std::string databaseFingerprint(const std::filesystem::path& database) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "<cannot open>";
  }
  std::ostringstream text;
  std::vector<std::string> tables;
  sqlite3_stmt* statement = nullptr;
  // Plain SQL, no SpatiaLite: the R*Tree shadow tables are ordinary tables and are compared too.
  sqlite3_prepare_v2(db, "SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name", -1, &statement, nullptr);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    const std::string type = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(statement, 1));
    const std::string sql = reinterpret_cast<const char*>(sqlite3_column_text(statement, 2));
    text << type << " " << name << " " << sql << "\n";
    // Virtual tables need their module (rtree is built in; SpatiaLite's are not): read the
    // ordinary tables only, which include every virtual table's storage.
    if (type == "table" && sql.find("VIRTUAL TABLE") == std::string::npos) tables.push_back(name);
  }
  sqlite3_finalize(statement);
  for (const std::string& table : tables) {
    const std::string sql = "SELECT * FROM \"" + table + "\" ORDER BY rowid";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
      sqlite3_finalize(statement);
      continue;  // WITHOUT ROWID tables have no rowid; none of ours are
    }
    text << "== " << table << "\n";
    while (sqlite3_step(statement) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(statement); ++c) {
        const int bytes = sqlite3_column_bytes(statement, c);
        const auto* data = static_cast<const char*>(sqlite3_column_blob(statement, c));
        text << (c ? "|" : "") << std::string(data ? data : "", data ? static_cast<std::size_t>(bytes) : 0);
      }
      text << "\n";
    }
    sqlite3_finalize(statement);
  }
  text << "user_version ";
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, nullptr);
  if (sqlite3_step(statement) == SQLITE_ROW) text << sqlite3_column_int(statement, 0);
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return text.str();
}

void writeTextFile(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::string readTextFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::filesystem::path testDataDir() { return LANDBANK_TEST_DATA_DIR; }

void initDatabase(const std::filesystem::path& path) {
  const CliResult result = runLandbank(path, {"init"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
}

std::string spatialiteShell(const std::filesystem::path& database, const std::string& sql) {
  const std::string command = "sqlite3 -cmd \".load mod_spatialite\" '" + database.string() + "' \"" + sql + "\" 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return "popen failed";
  std::string output;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe)) output += buffer;
  pclose(pipe);
  return output;
}

namespace {
constexpr double kSceneX0 = 527000, kSceneY0 = 4018000;
std::string scenePosition(double x, double y) { return std::to_string(kSceneX0 + x) + " " + std::to_string(kSceneY0 + y); }
}  // namespace

std::string sceneBoxWkt(double x1, double y1, double x2, double y2) {
  return "\"POLYGON ((" + scenePosition(x1, y1) + ", " + scenePosition(x2, y1) + ", " + scenePosition(x2, y2) + ", " + scenePosition(x1, y2) +
         ", " + scenePosition(x1, y1) + "))\"";
}

std::string scenePointWkt(double x, double y) { return "\"POINT (" + scenePosition(x, y) + ")\""; }

}  // namespace landbank::test
