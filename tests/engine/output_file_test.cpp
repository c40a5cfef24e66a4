// AtomicOutputFile: the target changes only at commit(), an abandoned write leaves no trace, and the
// open database (with its -wal/-shm/-journal companions) can never be the target.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

#include <sys/stat.h>

#include "landbank/error.h"
#include "landbank/output_file.h"
#include "test_support.h"

using namespace landbank;
using namespace landbank::test;
namespace fs = std::filesystem;

namespace {

std::size_t filesIn(const fs::path& folder) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder)) ++count;
  return count;
}

ErrorCode codeOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.code();
  }
  return ErrorCode::Internal;  // no error: the caller's EXPECT fails on this
}

}  // namespace

TEST(AtomicOutputFile, TargetKeepsItsOldContentUntilCommit) {
  TempDir dir;
  writeTextFile(dir / "out.csv", "old\n");
  AtomicOutputFile output(dir / "out.csv", {});
  output.stream() << "new\n";
  EXPECT_EQ(readTextFile(dir / "out.csv"), "old\n");
  EXPECT_EQ(output.temporaryPath().parent_path(), dir.path());
  EXPECT_EQ(output.temporaryPath().extension(), ".csv");
  output.commit();
  EXPECT_EQ(readTextFile(dir / "out.csv"), "new\n");
  EXPECT_EQ(filesIn(dir.path()), 1u) << "the temporary file is gone after the rename";
}

TEST(AtomicOutputFile, AbandonedWriteLeavesTheOldFileAndNoTemporaryFile) {
  TempDir dir;
  writeTextFile(dir / "out.json", "[1]\n");
  {
    AtomicOutputFile output(dir / "out.json", {});
    output.stream() << "[2";  // a failure before commit(): the destructor cleans up
  }
  EXPECT_EQ(readTextFile(dir / "out.json"), "[1]\n");
  EXPECT_EQ(filesIn(dir.path()), 1u);
}

TEST(AtomicOutputFile, PathOnlyModeLetsALibraryCreateTheFile) {
  TempDir dir;
  AtomicOutputFile output(dir / "sites.gpkg", {}, AtomicOutputFile::Mode::PathOnly);
  EXPECT_FALSE(fs::exists(output.temporaryPath()));
  writeTextFile(output.temporaryPath(), "made by a writer");
  output.commit();
  EXPECT_EQ(readTextFile(dir / "sites.gpkg"), "made by a writer");
}

TEST(AtomicOutputFile, RefusesTheDatabaseItsCompanionsAndAFolder) {
  TempDir dir;
  const fs::path database = dir / "land.sqlite";
  writeTextFile(database, "precious");
  const OutputFileOptions options{.protectedFiles = {database}};
  EXPECT_EQ(codeOf([&] { checkOutputTarget(database, options); }), ErrorCode::Usage);
  EXPECT_EQ(codeOf([&] { checkOutputTarget(dir / "land.sqlite-wal", options); }), ErrorCode::Usage);
  EXPECT_EQ(codeOf([&] { checkOutputTarget(dir / "land.sqlite-shm", options); }), ErrorCode::Usage);
  fs::create_directory(dir / "sub");
  EXPECT_EQ(codeOf([&] { checkOutputTarget(dir / "sub" / ".." / "land.sqlite", options); }), ErrorCode::Usage);
  fs::create_symlink(database, dir / "alias.csv");
  EXPECT_EQ(codeOf([&] { checkOutputTarget(dir / "alias.csv", options); }), ErrorCode::Usage);
  fs::create_hard_link(database, dir / "hard.csv");
  EXPECT_EQ(codeOf([&] { checkOutputTarget(dir / "hard.csv", options); }), ErrorCode::Usage);
  EXPECT_EQ(codeOf([&] { checkOutputTarget(dir / "sub", options); }), ErrorCode::Usage);
  EXPECT_EQ(readTextFile(database), "precious");
}

TEST(AtomicOutputFile, RefuseModeKeepsAnExistingFile) {
  TempDir dir;
  writeTextFile(dir / "map.pdf", "old");
  EXPECT_EQ(codeOf([&] { AtomicOutputFile output(dir / "map.pdf", {.existing = ExistingOutput::Refuse, .protectedFiles = {}}); }), ErrorCode::Usage);
  EXPECT_EQ(readTextFile(dir / "map.pdf"), "old");
  EXPECT_EQ(filesIn(dir.path()), 1u);
}

TEST(AtomicOutputFile, RefusesADeviceOrPipeRatherThanRenamingOverIt) {
  // Renaming the written file over /dev/null (as root, with --force) would replace the device itself.
  TempDir dir;
  const fs::path fifo = dir / "pipe.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const fs::path& target : {fs::path("/dev/null"), fifo}) {
    try {
      AtomicOutputFile output(target, {.existing = ExistingOutput::Replace, .protectedFiles = {}});
      FAIL() << target << " was accepted";
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::Usage);
      EXPECT_NE(error.message(Language::English).find("not a regular file"), std::string::npos) << error.message(Language::English);
      EXPECT_NE(error.message(Language::Chinese).find("不是普通文件"), std::string::npos);
    }
  }
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_EQ(filesIn(dir.path()), 1u);  // no temporary file left beside the pipe
}
