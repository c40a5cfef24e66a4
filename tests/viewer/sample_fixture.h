#pragma once
// The viewer tests' common fixture: the bundled sample, built once per test suite with
// `landbank init --sample` (the real command line), and private copies for tests that write.

#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.h"

namespace landbank::test {

class SampleDatabaseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new TempDir();
    const auto result = runLandbank(sampleDb(), {"init", "--sample"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
  }
  static void TearDownTestSuite() {
    delete s_dir;
    s_dir = nullptr;
  }
  /// The suite's sample; tests that write use copyOfSample().
  static std::filesystem::path sampleDb() { return *s_dir / "sample.sqlite"; }
  /// A private copy of the sample in this test's folder.
  std::filesystem::path copyOfSample() {
    const auto path = m_dir / "copy.sqlite";
    std::filesystem::copy_file(sampleDb(), path);
    return path;
  }

  inline static TempDir* s_dir = nullptr;
  TempDir m_dir;  ///< this test's own folder
};

}  // namespace landbank::test
