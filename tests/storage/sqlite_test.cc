#include "storage/sqlite.h"

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/storage/test_util.h"

namespace leerpool::storage {
namespace {

using ::leerpool::storage::testing::MessageContains;
using ::leerpool::storage::testing::OpenOrDie;
using ::leerpool::storage::testing::QueryInt;
using ::leerpool::storage::testing::QueryText;
using ::leerpool::storage::testing::TempDir;

int CountPreparedStatements(sqlite3* db) {
  int count = 0;
  for (sqlite3_stmt* stmt = sqlite3_next_stmt(db, nullptr); stmt != nullptr;
       stmt = sqlite3_next_stmt(db, stmt)) {
    ++count;
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// Open and pragmas

TEST(OpenTest, MemoryDatabaseSkipsWalButSetsOtherPragmas) {
  std::unique_ptr<Database> db = OpenOrDie(Options{});
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(QueryText(*db, "PRAGMA journal_mode"), "memory");
  EXPECT_EQ(QueryInt(*db, "PRAGMA foreign_keys"), 1);
  EXPECT_EQ(QueryInt(*db, "PRAGMA synchronous"), 2);
}

TEST(OpenTest, FileDatabaseUsesWalForeignKeysAndFullSync) {
  TempDir dir;
  std::unique_ptr<Database> db = OpenOrDie(dir.File("app.db"));
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(QueryText(*db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(QueryInt(*db, "PRAGMA foreign_keys"), 1);
  EXPECT_EQ(QueryInt(*db, "PRAGMA synchronous"), 2);
  EXPECT_EQ(db->options().path, dir.File("app.db"));
}

TEST(OpenTest, SynchronousFollowsOptions) {
  TempDir dir;
  const std::pair<Synchronous, int> cases[] = {{Synchronous::kOff, 0},
                                               {Synchronous::kNormal, 1},
                                               {Synchronous::kFull, 2},
                                               {Synchronous::kExtra, 3}};
  for (const auto& [level, expected] : cases) {
    Options options;
    options.path = dir.File("sync.db");
    options.synchronous = level;
    std::unique_ptr<Database> db = OpenOrDie(options);
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(QueryInt(*db, "PRAGMA synchronous"), expected);
    EXPECT_EQ(QueryText(*db, "PRAGMA journal_mode"), "wal");
  }
}

TEST(OpenTest, MissingDirectoryFailsWithPathInMessage) {
  TempDir dir;
  Options options;
  options.path = dir.File("no/such/dir/app.db");
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kInternal) << db.status();
  EXPECT_TRUE(MessageContains(db.status(), options.path)) << db.status();
  EXPECT_TRUE(MessageContains(db.status(), "unable to open")) << db.status();
}

TEST(OpenTest, NonDatabaseFileFailsWithPathInMessage) {
  TempDir dir;
  const std::string path = dir.File("garbage.db");
  {
    std::ofstream out(path, std::ios::binary);
    out << std::string(8192, 'x');
  }
  Options options;
  options.path = path;
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kInternal) << db.status();
  EXPECT_TRUE(MessageContains(db.status(), path)) << db.status();
  EXPECT_TRUE(MessageContains(db.status(), "not a database")) << db.status();
}

TEST(OpenTest, ReadOnlyOfMissingFileFails) {
  TempDir dir;
  Options options;
  options.path = dir.File("absent.db");
  options.read_only = true;
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(options);
  EXPECT_FALSE(db.ok());
  EXPECT_FALSE(std::filesystem::exists(options.path));
}

TEST(OpenTest, ReadOnlyConnectionReadsButCannotWrite) {
  TempDir dir;
  const std::string path = dir.File("ro.db");
  std::unique_ptr<Database> writer = OpenOrDie(path);
  ASSERT_NE(writer, nullptr);
  ASSERT_OK(writer->Execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7);"));

  Options options;
  options.path = path;
  options.read_only = true;
  std::unique_ptr<Database> reader = OpenOrDie(options);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(QueryInt(*reader, "SELECT x FROM t"), 7);
  const absl::Status write = reader->Execute("INSERT INTO t VALUES (8)");
  EXPECT_FALSE(write.ok());
  EXPECT_TRUE(MessageContains(write, "readonly")) << write;
}

// ---------------------------------------------------------------------------------------------
// ParseSynchronous and StatusFromSqlite

TEST(ParseSynchronousTest, AcceptsEveryLevelInAnyCase) {
  EXPECT_EQ(ParseSynchronous("off").value(), Synchronous::kOff);
  EXPECT_EQ(ParseSynchronous("Normal").value(), Synchronous::kNormal);
  EXPECT_EQ(ParseSynchronous("FULL").value(), Synchronous::kFull);
  EXPECT_EQ(ParseSynchronous("eXtRa").value(), Synchronous::kExtra);
}

TEST(ParseSynchronousTest, RejectsOtherTextNamingIt) {
  for (const char* text : {"", "fast", "full ", "2"}) {
    absl::StatusOr<Synchronous> level = ParseSynchronous(text);
    ASSERT_FALSE(level.ok()) << text;
    EXPECT_EQ(level.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(MessageContains(level.status(), std::string("\"") + text + "\"")) << level.status();
  }
}

TEST(StatusFromSqliteTest, MapsResultCodes) {
  const std::pair<int, absl::StatusCode> cases[] = {
      {SQLITE_CONSTRAINT_UNIQUE, absl::StatusCode::kAlreadyExists},
      {SQLITE_CONSTRAINT_PRIMARYKEY, absl::StatusCode::kAlreadyExists},
      {SQLITE_CONSTRAINT_FOREIGNKEY, absl::StatusCode::kFailedPrecondition},
      {SQLITE_CONSTRAINT_CHECK, absl::StatusCode::kFailedPrecondition},
      {SQLITE_CONSTRAINT_NOTNULL, absl::StatusCode::kFailedPrecondition},
      {SQLITE_CONSTRAINT_TRIGGER, absl::StatusCode::kFailedPrecondition},
      {SQLITE_CONSTRAINT, absl::StatusCode::kFailedPrecondition},
      {SQLITE_BUSY, absl::StatusCode::kUnavailable},
      {SQLITE_BUSY_SNAPSHOT, absl::StatusCode::kUnavailable},
      {SQLITE_LOCKED, absl::StatusCode::kUnavailable},
      {SQLITE_LOCKED_SHAREDCACHE, absl::StatusCode::kUnavailable},
      {SQLITE_ERROR, absl::StatusCode::kInternal},
      {SQLITE_IOERR_WRITE, absl::StatusCode::kInternal},
      {SQLITE_CORRUPT, absl::StatusCode::kInternal},
      {SQLITE_READONLY, absl::StatusCode::kInternal},
  };
  for (const auto& [rc, code] : cases) {
    const absl::Status status = StatusFromSqlite(rc, nullptr, "doing things");
    EXPECT_EQ(status.code(), code) << rc << " " << status;
    EXPECT_TRUE(MessageContains(status, "doing things: ")) << status;
    EXPECT_TRUE(MessageContains(status, sqlite3_errstr(rc))) << status;
  }
  EXPECT_TRUE(StatusFromSqlite(SQLITE_OK, nullptr, "fine").ok());
}

// ---------------------------------------------------------------------------------------------
// Error mapping against a real schema

class ErrorMappingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenOrDie(Options{});
    ASSERT_NE(db_, nullptr);
    ASSERT_OK(db_->Execute(R"sql(
      CREATE TABLE rooms (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        capacity INTEGER NOT NULL CHECK (capacity > 0)
      );
      CREATE TABLE bookings (
        id INTEGER PRIMARY KEY,
        room_id INTEGER NOT NULL REFERENCES rooms (id),
        starts INTEGER NOT NULL,
        ends INTEGER NOT NULL
      );
      CREATE TRIGGER bookings_no_overlap BEFORE INSERT ON bookings
      WHEN EXISTS (SELECT 1 FROM bookings
                   WHERE room_id = NEW.room_id AND starts < NEW.ends AND NEW.starts < ends)
      BEGIN
        SELECT RAISE(ABORT, 'overlap');
      END;
      INSERT INTO rooms (id, name, capacity) VALUES (1, 'Kwartier Z', 4);
      INSERT INTO bookings (room_id, starts, ends) VALUES (1, 10, 20);
    )sql"));
  }

  absl::Status Insert(std::string_view sql) {
    absl::StatusOr<Statement> stmt = db_->Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    return stmt->Run();
  }

  std::unique_ptr<Database> db_;
};

TEST_F(ErrorMappingTest, UniqueIsAlreadyExists) {
  const absl::Status status = Insert("INSERT INTO rooms (name, capacity) VALUES ('Kwartier Z', 2)");
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  EXPECT_TRUE(MessageContains(status, "UNIQUE constraint failed: rooms.name")) << status;
}

TEST_F(ErrorMappingTest, PrimaryKeyIsAlreadyExists) {
  const absl::Status status = Insert("INSERT INTO rooms (id, name, capacity) VALUES (1, 'B', 2)");
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
}

TEST_F(ErrorMappingTest, ForeignKeyIsFailedPrecondition) {
  const absl::Status status =
      Insert("INSERT INTO bookings (room_id, starts, ends) VALUES (99, 1, 2)");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_TRUE(MessageContains(status, "FOREIGN KEY")) << status;
}

TEST_F(ErrorMappingTest, CheckIsFailedPrecondition) {
  const absl::Status status = Insert("INSERT INTO rooms (name, capacity) VALUES ('C', 0)");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_TRUE(MessageContains(status, "CHECK constraint failed")) << status;
}

TEST_F(ErrorMappingTest, NotNullIsFailedPrecondition) {
  const absl::Status status = Insert("INSERT INTO rooms (name, capacity) VALUES (NULL, 3)");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
}

TEST_F(ErrorMappingTest, TriggerRaiseIsFailedPreconditionWithItsMessage) {
  const absl::Status status =
      Insert("INSERT INTO bookings (room_id, starts, ends) VALUES (1, 15, 25)");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_TRUE(MessageContains(status, "overlap")) << status;
  EXPECT_OK(Insert("INSERT INTO bookings (room_id, starts, ends) VALUES (1, 20, 30)"));
}

TEST_F(ErrorMappingTest, ErrorsFromStepAndExecuteMapAlike) {
  ASSERT_OK_AND_ASSIGN(Statement stmt,
                       db_->Prepare("INSERT INTO rooms (name, capacity) VALUES (?, ?)"));
  absl::StatusOr<bool> row = stmt.BindAll("Kwartier Z", 3).Step();
  ASSERT_FALSE(row.ok());
  EXPECT_EQ(row.status().code(), absl::StatusCode::kAlreadyExists);

  const absl::Status status =
      db_->Execute("INSERT INTO bookings (room_id, starts, ends) VALUES (1, 0, 11)");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_TRUE(MessageContains(status, "overlap")) << status;
}

TEST_F(ErrorMappingTest, BadSqlIsInternalAndNamesTheStatement) {
  absl::StatusOr<Statement> stmt = db_->Prepare("SELEC name FROM rooms");
  ASSERT_FALSE(stmt.ok());
  EXPECT_EQ(stmt.status().code(), absl::StatusCode::kInternal);
  EXPECT_TRUE(MessageContains(stmt.status(), "SELEC name FROM rooms")) << stmt.status();
  EXPECT_TRUE(MessageContains(stmt.status(), "syntax error")) << stmt.status();

  stmt = db_->Prepare("SELECT * FROM no_such_table");
  ASSERT_FALSE(stmt.ok());
  EXPECT_TRUE(MessageContains(stmt.status(), "no such table")) << stmt.status();
}

// ---------------------------------------------------------------------------------------------
// Statements and the statement cache

class StatementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenOrDie(Options{});
    ASSERT_NE(db_, nullptr);
  }
  std::unique_ptr<Database> db_;
};

TEST_F(StatementTest, EverySupportedTypeRoundTrips) {
  ASSERT_OK(db_->Execute(
      "CREATE TABLE v (i INTEGER, d REAL, t TEXT, b BLOB, n TEXT, oi INTEGER, ot TEXT, "
      "flag INTEGER, small INTEGER, c TEXT, empty_text TEXT, empty_blob BLOB)"));
  const std::string text = "Kwartier Z — zorg é";
  const std::string blob("\0a\0\0b\xff", 6);
  const std::optional<int64_t> no_int;
  const std::optional<std::string> some_text = "ß";
  {
    ASSERT_OK_AND_ASSIGN(Statement insert,
                         db_->Prepare("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.Bind(1, std::numeric_limits<int64_t>::min())
        .Bind(2, -1234.5625)
        .Bind(3, text)
        .BindBlob(4, blob)
        .BindNull(5)
        .Bind(6, no_int)
        .Bind(7, some_text)
        .Bind(8, true)
        .Bind(9, 42)
        .Bind(10, "literal")
        .Bind(11, std::string_view())
        .BindBlob(12, std::string_view());
    ASSERT_OK(insert.Run());
  }
  ASSERT_OK_AND_ASSIGN(
      Statement select,
      db_->Prepare("SELECT i, d, t, b, n, oi, ot, flag, small, c, empty_text, empty_blob, "
                   "typeof(t), typeof(b), typeof(empty_text), typeof(empty_blob) FROM v"));
  ASSERT_OK_AND_ASSIGN(const bool row, select.Step());
  ASSERT_TRUE(row);
  EXPECT_EQ(select.Int(0), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(select.Double(1), -1234.5625);
  EXPECT_EQ(select.Text(2), text);
  EXPECT_EQ(select.Blob(3), blob);
  EXPECT_EQ(select.Blob(3).size(), 6u);
  EXPECT_TRUE(select.IsNull(4));
  EXPECT_EQ(select.OptionalText(4), std::nullopt);
  EXPECT_TRUE(select.IsNull(5));
  EXPECT_EQ(select.OptionalText(6), some_text);
  EXPECT_EQ(select.Int(7), 1);
  EXPECT_EQ(select.Int(8), 42);
  EXPECT_EQ(select.Text(9), "literal");
  EXPECT_FALSE(select.IsNull(10));
  EXPECT_EQ(select.Text(10), "");
  EXPECT_FALSE(select.IsNull(11));
  EXPECT_EQ(select.Blob(11), "");
  EXPECT_EQ(select.Text(12), "text");
  EXPECT_EQ(select.Text(13), "blob");
  EXPECT_EQ(select.Text(14), "text");
  EXPECT_EQ(select.Text(15), "blob");
  ASSERT_OK_AND_ASSIGN(const bool more, select.Step());
  EXPECT_FALSE(more);
}

TEST_F(StatementTest, TextIsCopiedAtBindTime) {
  ASSERT_OK_AND_ASSIGN(Statement stmt, db_->Prepare("SELECT ?"));
  {
    std::string temporary = "short-lived value";
    stmt.Bind(1, temporary);
    temporary.assign(temporary.size(), '#');
  }
  ASSERT_OK_AND_ASSIGN(const bool row, stmt.Step());
  ASSERT_TRUE(row);
  EXPECT_EQ(stmt.Text(0), "short-lived value");
}

TEST_F(StatementTest, BindingsAreClearedBetweenUses) {
  const int before = CountPreparedStatements(db_->handle());
  {
    ASSERT_OK_AND_ASSIGN(Statement stmt, db_->Prepare("SELECT ?"));
    stmt.Bind(1, int64_t{5});
    ASSERT_OK_AND_ASSIGN(const bool row, stmt.Step());
    ASSERT_TRUE(row);
    EXPECT_EQ(stmt.Int(0), 5);
  }
  {
    ASSERT_OK_AND_ASSIGN(Statement stmt, db_->Prepare("SELECT ?"));
    ASSERT_OK_AND_ASSIGN(const bool row, stmt.Step());
    ASSERT_TRUE(row);
    EXPECT_TRUE(stmt.IsNull(0));
  }
  // Both uses shared the one cached statement.
  EXPECT_EQ(CountPreparedStatements(db_->handle()), before + 1);
}

TEST_F(StatementTest, NestedUseOfTheSameSqlGetsAnOwnedCopy) {
  ASSERT_OK(
      db_->Execute("CREATE TABLE t (id INTEGER PRIMARY KEY); "
                   "INSERT INTO t VALUES (1), (2), (3);"));
  constexpr std::string_view kSql = "SELECT id FROM t WHERE id >= ? ORDER BY id";
  const int before = CountPreparedStatements(db_->handle());
  {
    ASSERT_OK_AND_ASSIGN(Statement outer, db_->Prepare(kSql));
    outer.Bind(1, 1);
    ASSERT_OK_AND_ASSIGN(bool row, outer.Step());
    ASSERT_TRUE(row);
    EXPECT_EQ(outer.Int(0), 1);
    EXPECT_EQ(CountPreparedStatements(db_->handle()), before + 1);
    {
      ASSERT_OK_AND_ASSIGN(Statement inner, db_->Prepare(kSql));
      EXPECT_EQ(CountPreparedStatements(db_->handle()), before + 2);
      inner.Bind(1, 2);
      std::vector<int64_t> ids;
      while (true) {
        ASSERT_OK_AND_ASSIGN(const bool inner_row, inner.Step());
        if (!inner_row) break;
        ids.push_back(inner.Int(0));
      }
      EXPECT_EQ(ids, (std::vector<int64_t>{2, 3}));
    }
    // The owned copy is finalized; the outer one is still mid-iteration.
    EXPECT_EQ(CountPreparedStatements(db_->handle()), before + 1);
    ASSERT_OK_AND_ASSIGN(row, outer.Step());
    ASSERT_TRUE(row);
    EXPECT_EQ(outer.Int(0), 2);
  }
  ASSERT_OK_AND_ASSIGN(Statement again, db_->Prepare(kSql));
  EXPECT_EQ(CountPreparedStatements(db_->handle()), before + 1);
}

TEST_F(StatementTest, BindErrorIsReportedByStepAndRun) {
  ASSERT_OK_AND_ASSIGN(Statement stmt, db_->Prepare("SELECT ?"));
  stmt.Bind(3, int64_t{1}).Bind(1, int64_t{2});
  absl::StatusOr<bool> row = stmt.Step();
  ASSERT_FALSE(row.ok());
  EXPECT_TRUE(MessageContains(row.status(), "binding parameter 3")) << row.status();
  EXPECT_TRUE(MessageContains(row.status(), "out of range")) << row.status();
  EXPECT_FALSE(stmt.Run().ok());
}

TEST_F(StatementTest, MoveLeavesNothingBehind) {
  const int before = CountPreparedStatements(db_->handle());
  ASSERT_OK_AND_ASSIGN(Statement first, db_->Prepare("SELECT 1"));
  Statement moved(std::move(first));
  EXPECT_EQ(first.Step().status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(first.Run().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(first.IsNull(0));
  first.Bind(1, 1);  // Ignored, must not crash.
  ASSERT_OK_AND_ASSIGN(bool row, moved.Step());
  ASSERT_TRUE(row);

  ASSERT_OK_AND_ASSIGN(Statement second, db_->Prepare("SELECT 2"));
  EXPECT_EQ(CountPreparedStatements(db_->handle()), before + 2);
  second = std::move(moved);  // Hands "SELECT 2" back to the cache.
  EXPECT_EQ(second.Int(0), 1);
  {
    // Cached and free again, so no new statement is prepared.
    ASSERT_OK_AND_ASSIGN(Statement select_two, db_->Prepare("SELECT 2"));
    EXPECT_EQ(CountPreparedStatements(db_->handle()), before + 2);
    ASSERT_OK_AND_ASSIGN(row, select_two.Step());
    EXPECT_EQ(select_two.Int(0), 2);
  }
  Statement& alias = second;
  second = std::move(alias);  // Self-move is harmless.
  ASSERT_OK_AND_ASSIGN(row, second.Step());
  EXPECT_FALSE(row);
}

TEST_F(StatementTest, RunCanBeRepeatedWithNewBindings) {
  ASSERT_OK(db_->Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"));
  ASSERT_OK_AND_ASSIGN(Statement insert, db_->Prepare("INSERT INTO t (name) VALUES (?)"));
  for (const char* name : {"a", "b", "c"}) {
    ASSERT_OK(insert.Bind(1, name).Run());
    EXPECT_EQ(db_->Changes(), 1);
  }
  EXPECT_EQ(db_->LastInsertRowId(), 3);
  EXPECT_EQ(QueryInt(*db_, "SELECT COUNT(*) FROM t"), 3);
  ASSERT_OK(db_->Execute("UPDATE t SET name = 'x' WHERE id > 1"));
  EXPECT_EQ(db_->Changes(), 2);
}

TEST_F(StatementTest, PrepareTakesExactlyOneStatement) {
  absl::StatusOr<Statement> two = db_->Prepare("SELECT 1; SELECT 2");
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.status().code(), absl::StatusCode::kInvalidArgument) << two.status();
  absl::StatusOr<Statement> empty = db_->Prepare("  -- nothing\n");
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument) << empty.status();
  EXPECT_OK(db_->Prepare("SELECT 1;  -- trailing comment\n").status());
}

TEST_F(StatementTest, ExecuteRunsScripts) {
  ASSERT_OK(db_->Execute("CREATE TABLE a (x); CREATE TABLE b (y); INSERT INTO a VALUES (1);"));
  EXPECT_EQ(QueryInt(*db_, "SELECT COUNT(*) FROM a"), 1);
  const absl::Status status = db_->Execute("INSERT INTO a VALUES (2); BOGUS;");
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_TRUE(MessageContains(status, "BOGUS")) << status;
}

// ---------------------------------------------------------------------------------------------
// Transactions

class TransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenOrDie(Options{});
    ASSERT_NE(db_, nullptr);
    ASSERT_OK(db_->Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"));
  }
  absl::Status Insert(std::string_view name) {
    absl::StatusOr<Statement> stmt = db_->Prepare("INSERT INTO t (name) VALUES (?)");
    if (!stmt.ok()) return stmt.status();
    return stmt->Bind(1, name).Run();
  }
  int64_t Count() { return QueryInt(*db_, "SELECT COUNT(*) FROM t"); }
  bool InTransaction() { return sqlite3_get_autocommit(db_->handle()) == 0; }

  std::unique_ptr<Database> db_;
};

TEST_F(TransactionTest, RollsBackOnDestructionWithoutCommit) {
  {
    ASSERT_OK_AND_ASSIGN(Transaction txn, Transaction::Begin(*db_));
    ASSERT_OK(Insert("a"));
    EXPECT_EQ(Count(), 1);
  }
  EXPECT_FALSE(InTransaction());
  EXPECT_EQ(Count(), 0);
}

TEST_F(TransactionTest, CommitPersists) {
  {
    ASSERT_OK_AND_ASSIGN(Transaction txn, Transaction::Begin(*db_));
    ASSERT_OK(Insert("a"));
    ASSERT_OK(Insert("b"));
    ASSERT_OK(txn.Commit());
    EXPECT_FALSE(InTransaction());
  }
  EXPECT_EQ(Count(), 2);
}

TEST_F(TransactionTest, ErrorInsideThenDestructionLeavesNothing) {
  ASSERT_OK(Insert("existing"));
  {
    ASSERT_OK_AND_ASSIGN(Transaction txn, Transaction::Begin(*db_));
    ASSERT_OK(Insert("new"));
    const absl::Status duplicate = Insert("existing");
    EXPECT_EQ(duplicate.code(), absl::StatusCode::kAlreadyExists) << duplicate;
    // The failed statement alone was undone; the transaction is still open.
    EXPECT_TRUE(InTransaction());
  }
  EXPECT_FALSE(InTransaction());
  EXPECT_EQ(Count(), 1);
}

TEST_F(TransactionTest, ExplicitRollbackAndDoubleFinishes) {
  ASSERT_OK_AND_ASSIGN(Transaction txn, Transaction::Begin(*db_));
  ASSERT_OK(Insert("a"));
  ASSERT_OK(txn.Rollback());
  EXPECT_EQ(Count(), 0);
  EXPECT_EQ(txn.Rollback().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(txn.Commit().code(), absl::StatusCode::kFailedPrecondition);

  ASSERT_OK_AND_ASSIGN(Transaction second, Transaction::Begin(*db_));
  ASSERT_OK(second.Commit());
  EXPECT_EQ(second.Commit().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(TransactionTest, MovedFromTransactionDoesNothing) {
  {
    ASSERT_OK_AND_ASSIGN(Transaction original, Transaction::Begin(*db_));
    ASSERT_OK(Insert("a"));
    {
      Transaction moved(std::move(original));
      EXPECT_EQ(original.Commit().code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_TRUE(InTransaction());
      ASSERT_OK(moved.Commit());
    }
    // `original` is destroyed here and must not roll back or touch anything.
    ASSERT_OK(Insert("b"));
  }
  EXPECT_EQ(Count(), 2);
}

TEST_F(TransactionTest, DeferredModeWorks) {
  ASSERT_OK_AND_ASSIGN(Transaction txn, Transaction::Begin(*db_, Transaction::Mode::kDeferred));
  EXPECT_TRUE(InTransaction());
  ASSERT_OK(Insert("a"));
  ASSERT_OK(txn.Commit());
  EXPECT_EQ(Count(), 1);
}

TEST_F(TransactionTest, NestedBeginFailsAndLeavesOuterIntact) {
  ASSERT_OK_AND_ASSIGN(Transaction outer, Transaction::Begin(*db_));
  ASSERT_OK(Insert("a"));
  absl::StatusOr<Transaction> inner = Transaction::Begin(*db_);
  ASSERT_FALSE(inner.ok());
  EXPECT_EQ(inner.status().code(), absl::StatusCode::kInternal);
  EXPECT_TRUE(MessageContains(inner.status(), "within a transaction")) << inner.status();
  ASSERT_OK(outer.Commit());
  EXPECT_EQ(Count(), 1);
}

TEST_F(TransactionTest, CommitAfterSqliteRolledBackIsAborted) {
  ASSERT_OK(Insert("existing"));
  ASSERT_OK_AND_ASSIGN(Transaction txn, Transaction::Begin(*db_));
  ASSERT_OK(Insert("new"));
  ASSERT_OK_AND_ASSIGN(Statement stmt,
                       db_->Prepare("INSERT OR ROLLBACK INTO t (name) VALUES ('existing')"));
  EXPECT_EQ(stmt.Run().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_FALSE(InTransaction());
  const absl::Status commit = txn.Commit();
  EXPECT_EQ(commit.code(), absl::StatusCode::kAborted) << commit;
  EXPECT_EQ(Count(), 1);
}

// ---------------------------------------------------------------------------------------------
// Two connections to one file

class TwoConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("shared.db");
    a_ = OpenOrDie(path_);
    ASSERT_NE(a_, nullptr);
    ASSERT_OK(a_->Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, who TEXT)"));
  }
  std::unique_ptr<Database> OpenB(std::chrono::milliseconds busy_timeout) {
    Options options;
    options.path = path_;
    options.busy_timeout = busy_timeout;
    return OpenOrDie(options);
  }
  static absl::Status Insert(Database& db, std::string_view who) {
    absl::StatusOr<Statement> stmt = db.Prepare("INSERT INTO t (who) VALUES (?)");
    if (!stmt.ok()) return stmt.status();
    return stmt->Bind(1, who).Run();
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Database> a_;
};

TEST_F(TwoConnectionTest, SecondWriterGetsUnavailableUntilFirstCommits) {
  std::unique_ptr<Database> b = OpenB(std::chrono::milliseconds(50));
  ASSERT_NE(b, nullptr);
  ASSERT_OK_AND_ASSIGN(Transaction a_txn, Transaction::Begin(*a_));
  ASSERT_OK(Insert(*a_, "a"));

  absl::StatusOr<Transaction> b_txn = Transaction::Begin(*b);
  ASSERT_FALSE(b_txn.ok());
  EXPECT_EQ(b_txn.status().code(), absl::StatusCode::kUnavailable) << b_txn.status();
  const absl::Status b_write = Insert(*b, "b");
  EXPECT_EQ(b_write.code(), absl::StatusCode::kUnavailable) << b_write;
  // WAL: the reader is not blocked and sees the last committed state.
  EXPECT_EQ(QueryInt(*b, "SELECT COUNT(*) FROM t"), 0);

  ASSERT_OK(a_txn.Commit());
  ASSERT_OK_AND_ASSIGN(Transaction b_retry, Transaction::Begin(*b));
  ASSERT_OK(Insert(*b, "b"));
  ASSERT_OK(b_retry.Commit());
  EXPECT_EQ(QueryInt(*a_, "SELECT COUNT(*) FROM t"), 2);
}

TEST_F(TwoConnectionTest, SecondWriterWaitsWithinBusyTimeout) {
  std::unique_ptr<Database> b = OpenB(std::chrono::seconds(10));
  ASSERT_NE(b, nullptr);
  ASSERT_OK_AND_ASSIGN(Transaction a_txn, Transaction::Begin(*a_));
  ASSERT_OK(Insert(*a_, "a"));

  // From here until join() only the thread touches connection A.
  absl::Status a_commit;
  std::thread committer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    a_commit = a_txn.Commit();
  });
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<Transaction> b_txn = Transaction::Begin(*b);
  const auto waited = std::chrono::steady_clock::now() - start;
  committer.join();

  EXPECT_OK(a_commit);
  ASSERT_TRUE(b_txn.ok()) << b_txn.status();
  EXPECT_GE(waited, std::chrono::milliseconds(100));
  ASSERT_OK(Insert(*b, "b"));
  ASSERT_OK(b_txn->Commit());
  EXPECT_EQ(QueryInt(*a_, "SELECT COUNT(*) FROM t"), 2);
}

// In WAL mode COMMIT never waits for readers, so this uses a rollback journal, where COMMIT
// needs every reader gone: a busy COMMIT must leave the transaction retryable, and
// destruction must still roll it back.
TEST_F(TwoConnectionTest, BusyCommitLeavesTransactionRetryableOrRollbackable) {
  ASSERT_OK(a_->Execute("PRAGMA journal_mode=DELETE"));
  ASSERT_EQ(QueryText(*a_, "PRAGMA journal_mode"), "delete");
  sqlite3_busy_timeout(a_->handle(), 50);

  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path_.c_str(), &reader, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  const auto hold_read_lock = [&] {
    ASSERT_EQ(sqlite3_exec(reader, "BEGIN; SELECT COUNT(*) FROM t;", nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(reader);
  };
  const auto release_read_lock = [&] {
    ASSERT_EQ(sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(reader);
  };

  hold_read_lock();
  {
    ASSERT_OK_AND_ASSIGN(Transaction txn, Transaction::Begin(*a_));
    ASSERT_OK(Insert(*a_, "retried"));
    const absl::Status busy = txn.Commit();
    EXPECT_EQ(busy.code(), absl::StatusCode::kUnavailable) << busy;
    EXPECT_EQ(sqlite3_get_autocommit(a_->handle()), 0);
    release_read_lock();
    ASSERT_OK(txn.Commit());
  }
  EXPECT_EQ(QueryInt(*a_, "SELECT COUNT(*) FROM t"), 1);

  hold_read_lock();
  {
    ASSERT_OK_AND_ASSIGN(Transaction txn, Transaction::Begin(*a_));
    ASSERT_OK(Insert(*a_, "abandoned"));
    EXPECT_EQ(txn.Commit().code(), absl::StatusCode::kUnavailable);
  }
  EXPECT_NE(sqlite3_get_autocommit(a_->handle()), 0);
  release_read_lock();
  EXPECT_EQ(QueryInt(*a_, "SELECT COUNT(*) FROM t"), 1);
  sqlite3_close(reader);
}

// ---------------------------------------------------------------------------------------------
// Backup

TEST(BackupTest, CopiesEveryRow) {
  TempDir dir;
  std::unique_ptr<Database> db = OpenOrDie(dir.File("source.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_OK(db->Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"));
  {
    ASSERT_OK_AND_ASSIGN(Transaction txn, Transaction::Begin(*db));
    ASSERT_OK_AND_ASSIGN(Statement insert, db->Prepare("INSERT INTO t (name) VALUES (?)"));
    for (int i = 0; i < 1000; ++i) ASSERT_OK(insert.Bind(1, "zorg é " + std::to_string(i)).Run());
    ASSERT_OK(txn.Commit());
  }
  const std::string copy_path = dir.File("copy.db");
  ASSERT_OK(db->BackupTo(copy_path));
  EXPECT_FALSE(std::filesystem::exists(copy_path + ".backup-tmp"));

  std::unique_ptr<Database> copy = OpenOrDie(copy_path);
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(QueryInt(*copy, "SELECT COUNT(*) FROM t"), 1000);
  EXPECT_EQ(QueryText(*copy, "SELECT name FROM t WHERE id = 1000"), "zorg é 999");
  EXPECT_EQ(QueryText(*copy, "PRAGMA integrity_check"), "ok");

  // A second backup replaces the first.
  ASSERT_OK(db->Execute("DELETE FROM t WHERE id > 10"));
  copy.reset();
  ASSERT_OK(db->BackupTo(copy_path));
  copy = OpenOrDie(copy_path);
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(QueryInt(*copy, "SELECT COUNT(*) FROM t"), 10);
}

TEST(BackupTest, CopiesInMemoryDatabase) {
  TempDir dir;
  std::unique_ptr<Database> db = OpenOrDie(Options{});
  ASSERT_NE(db, nullptr);
  ASSERT_OK(db->Execute("CREATE TABLE t (x); INSERT INTO t VALUES (1), (2);"));
  ASSERT_OK(db->BackupTo(dir.File("mem-copy.db")));
  std::unique_ptr<Database> copy = OpenOrDie(dir.File("mem-copy.db"));
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(QueryInt(*copy, "SELECT SUM(x) FROM t"), 3);
}

TEST(BackupTest, FailsCleanlyForBadTargets) {
  TempDir dir;
  const std::string source = dir.File("source.db");
  std::unique_ptr<Database> db = OpenOrDie(source);
  ASSERT_NE(db, nullptr);
  ASSERT_OK(db->Execute("CREATE TABLE t (x)"));

  const std::string missing = dir.File("no/such/dir/copy.db");
  const absl::Status status = db->BackupTo(missing);
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << status;
  EXPECT_TRUE(MessageContains(status, missing)) << status;

  EXPECT_EQ(db->BackupTo(source).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(db->BackupTo("").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM t"), 0);
}

// Every writer transaction inserts one row and bumps a counter, so a backup that mixed two
// snapshots would show COUNT(*) != counter.
TEST(BackupTest, ConsistentWhileAnotherConnectionWrites) {
  TempDir dir;
  const std::string path = dir.File("busy.db");
  std::unique_ptr<Database> db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  ASSERT_OK(db->Execute(R"sql(
    CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);
    CREATE TABLE counter (n INTEGER NOT NULL);
    INSERT INTO counter VALUES (0);
  )sql"));
  const std::string payload(2048, 'p');
  {
    ASSERT_OK_AND_ASSIGN(Transaction txn, Transaction::Begin(*db));
    ASSERT_OK_AND_ASSIGN(Statement insert, db->Prepare("INSERT INTO t (payload) VALUES (?)"));
    for (int i = 0; i < 2000; ++i) ASSERT_OK(insert.BindBlob(1, payload).Run());
    ASSERT_OK(db->Execute("UPDATE counter SET n = 2000"));
    ASSERT_OK(txn.Commit());
  }

  std::atomic<bool> stop{false};
  std::atomic<int> commits{0};
  std::atomic<bool> writer_failed{false};
  absl::Status writer_status;  // Written by the writer before it sets writer_failed.
  std::thread writer([&] {
    absl::StatusOr<std::unique_ptr<Database>> w = Database::Open(Options{.path = path});
    if (!w.ok()) {
      writer_status = w.status();
      writer_failed = true;
      return;
    }
    Database& wdb = **w;
    while (!stop.load()) {
      absl::StatusOr<Transaction> txn = Transaction::Begin(wdb);
      absl::Status status = txn.status();
      if (status.ok()) {
        absl::StatusOr<Statement> insert = wdb.Prepare("INSERT INTO t (payload) VALUES (?)");
        status = insert.ok() ? insert->BindBlob(1, payload).Run() : insert.status();
      }
      if (status.ok()) status = wdb.Execute("UPDATE counter SET n = n + 1");
      if (status.ok()) status = txn->Commit();
      if (!status.ok()) {
        writer_status = status;
        writer_failed = true;
        return;
      }
      ++commits;
    }
  });

  while (commits.load() < 20 && !writer_failed.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  constexpr int kBackups = 4;
  std::vector<absl::Status> backups;
  for (int i = 0; i < kBackups; ++i) {
    backups.push_back(db->BackupTo(dir.File("copy" + std::to_string(i) + ".db")));
  }
  const int commits_during = commits.load();
  stop = true;
  writer.join();
  ASSERT_OK(writer_status);
  EXPECT_GT(commits_during, 20);

  for (int i = 0; i < kBackups; ++i) {
    ASSERT_OK(backups[i]);
    std::unique_ptr<Database> copy = OpenOrDie(dir.File("copy" + std::to_string(i) + ".db"));
    ASSERT_NE(copy, nullptr);
    EXPECT_EQ(QueryText(*copy, "PRAGMA integrity_check"), "ok");
    const int64_t rows = QueryInt(*copy, "SELECT COUNT(*) FROM t");
    EXPECT_EQ(rows, QueryInt(*copy, "SELECT n FROM counter")) << "backup " << i;
    EXPECT_GE(rows, 2020);
  }
}

}  // namespace
}  // namespace leerpool::storage
