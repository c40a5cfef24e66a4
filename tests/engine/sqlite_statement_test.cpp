// The SQLite wrapper's statement reuse: a statement handed out again for the same SQL text must
// behave exactly like a freshly prepared one, and keeping statements must never hold a lock or
// outlive the connection badly.
#include <gtest/gtest.h>

#include "detail/sqlite.h"
#include "landbank/error.h"
#include "test_support.h"

namespace landbank {
namespace {

class StatementReuse : public ::testing::Test {
 protected:
  void SetUp() override {
    m_db.emplace((m_dir / "t.sqlite").string(), SqliteDatabase::Access::Create);
    m_db->exec("CREATE TABLE t(n INTEGER, label TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c');");
  }
  std::vector<std::int64_t> numbersAbove(std::optional<std::int64_t> bound) {
    auto statement = m_db->prepare("SELECT n FROM t WHERE n > ? ORDER BY n");
    if (bound) statement.bind(1, *bound);
    std::vector<std::int64_t> numbers;
    while (statement.step()) numbers.push_back(statement.columnInt(0));
    return numbers;
  }
  test::TempDir m_dir;
  std::optional<SqliteDatabase> m_db;
};

TEST_F(StatementReuse, AReusedStatementStartsFromTheFirstRowWithNoOldBindings) {
  EXPECT_EQ(numbersAbove(1), (std::vector<std::int64_t>{2, 3}));
  // Same SQL again: the kept statement must not remember the bound 1 (an unbound ? is NULL: no rows).
  EXPECT_EQ(numbersAbove(std::nullopt), std::vector<std::int64_t>{});
  EXPECT_EQ(numbersAbove(0), (std::vector<std::int64_t>{1, 2, 3}));
}

TEST_F(StatementReuse, TwoStatementsOfTheSameSqlInUseAtOnceAreIndependent) {
  auto outer = m_db->prepare("SELECT n FROM t ORDER BY n");
  ASSERT_TRUE(outer.step());
  auto inner = m_db->prepare("SELECT n FROM t ORDER BY n");
  ASSERT_TRUE(inner.step());
  ASSERT_TRUE(inner.step());
  EXPECT_EQ(inner.columnInt(0), 2);
  EXPECT_EQ(outer.columnInt(0), 1);
  ASSERT_TRUE(outer.step());
  EXPECT_EQ(outer.columnInt(0), 2);
}

TEST_F(StatementReuse, AStatementLeftMidRowsHoldsNoLock) {
  {
    auto reading = m_db->prepare("SELECT n FROM t");
    ASSERT_TRUE(reading.step());  // stopped after the first row, then dropped
  }
  // An unfinished statement would make DROP fail with "database table is locked".
  EXPECT_NO_THROW(m_db->exec("DROP TABLE t"));
  // The kept statement's table is gone: preparing its SQL again must fail as usual, not crash.
  EXPECT_THROW(numbersAbove(0), Error);
}

TEST_F(StatementReuse, AStatementMayOutliveItsConnection) {
  auto statement = m_db->prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(statement.step());
  EXPECT_EQ(statement.columnInt(0), 3);
  m_db.reset();  // closed while the statement exists: it must finalize itself later (ASan checks)
}

}  // namespace
}  // namespace landbank
