// The PostgreSQL layer against a real server (a fresh database per test).

#include "storage/postgres.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/storage/pg_test_database.h"

namespace leerpool::storage::pg {
namespace {

using ::testing::HasSubstr;

#define ASSERT_OK(expr)                                    \
  do {                                                     \
    const absl::Status _status = (expr);                   \
    ASSERT_TRUE(_status.ok()) << #expr << ": " << _status; \
  } while (0)

std::unique_ptr<Connection> Connect(const std::string& url) {
  auto connection = Connection::Open({.url = url, .connections = 1});
  EXPECT_TRUE(connection.ok()) << connection.status();
  return connection.ok() ? std::move(*connection) : nullptr;
}

TEST(PostgresUrlTest, RecognisesBothSchemes) {
  EXPECT_TRUE(IsPostgresUrl("postgresql://u@h:5432/db"));
  EXPECT_TRUE(IsPostgresUrl("postgres://h/db"));
  EXPECT_FALSE(IsPostgresUrl("/var/lib/leerpool/booking.db"));
  EXPECT_FALSE(IsPostgresUrl(":memory:"));
}

TEST(PostgresStatusTest, MapsSqlStatesLikeTheSqliteLayer) {
  EXPECT_EQ(StatusFromSqlState("23505", "dup", "ctx").code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(StatusFromSqlState("23P01", "overlap", "ctx").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(StatusFromSqlState("23503", "fk", "ctx").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(StatusFromSqlState("P0001", "raised", "ctx").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(StatusFromSqlState("40001", "serialize", "ctx").code(), absl::StatusCode::kAborted);
  EXPECT_EQ(StatusFromSqlState("08006", "gone", "ctx").code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(StatusFromSqlState("57P01", "shutdown", "ctx").code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(StatusFromSqlState("42601", "syntax", "ctx").code(), absl::StatusCode::kInternal);
  EXPECT_EQ(StatusFromSqlState("23505", "dup", "inserting").message(), "inserting: dup");
}

TEST(PostgresConnectionTest, AnUnreachableServerIsUnavailableWithTheReason) {
  auto connection =
      Connection::Open({.url = "postgresql://nobody@127.0.0.1:1/none", .connections = 1});
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(connection.status().message()), HasSubstr("cannot connect"));
  EXPECT_FALSE(Pool::Open({.url = "postgresql://nobody@127.0.0.1:1/none"}).ok());
}

TEST(PostgresConnectionTest, ParametersRoundTripEveryType) {
  LP_PG_TEST_DATABASE_OR_SKIP(db);
  auto connection = Connect(db->url());
  ASSERT_OK(connection->Execute(
      "CREATE TABLE t (i BIGINT, d DOUBLE PRECISION, s TEXT, b BOOLEAN, y BYTEA, n TEXT)"));
  const std::string bytes("\x00\x01\xff'\\", 5);
  const std::string text = "O'Brien; DROP TABLE t; -- ‘Brussel’ \xe2\x82\xac";
  ASSERT_OK(connection
                ->Exec("INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6)",
                       Params()
                           .Add(int64_t{-9007199254740993})
                           .Add(0.1)
                           .Add(text)
                           .Add(true)
                           .AddBytes(bytes)
                           .Add(std::optional<std::string>()))
                .status());
  auto rows = connection->Query("SELECT i, d, s, b, y, n FROM t WHERE s = $1", text);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1);
  EXPECT_EQ(rows->Int(0, 0), -9007199254740993);
  EXPECT_EQ(rows->Double(0, 1), 0.1);
  EXPECT_EQ(rows->Text(0, 2), text);
  EXPECT_TRUE(rows->Bool(0, 3));
  EXPECT_EQ(rows->Bytes(0, 4), bytes);
  EXPECT_TRUE(rows->IsNull(0, 5));
  EXPECT_EQ(rows->OptionalText(0, 5), std::nullopt);
  // The table is still there: the text was data, not SQL.
  EXPECT_TRUE(connection->Execute("SELECT 1 FROM t").ok());
}

TEST(PostgresConnectionTest, ConstraintViolationsMapToTheSameCodesAsSqlite) {
  LP_PG_TEST_DATABASE_OR_SKIP(db);
  auto connection = Connect(db->url());
  ASSERT_OK(connection->Execute("CREATE EXTENSION IF NOT EXISTS btree_gist"));
  ASSERT_OK(connection->Execute(
      "CREATE TABLE occupancy (unit INT, during INT8RANGE, code TEXT UNIQUE CHECK (code <> ''), "
      "EXCLUDE USING gist (unit WITH =, during WITH &&))"));
  const char* insert = "INSERT INTO occupancy VALUES ($1, int8range($2, $3), $4)";
  ASSERT_OK(connection->Query(insert, 1, 0, 10, "a").status());
  // Touching intervals do not overlap; another unit may overlap.
  ASSERT_OK(connection->Query(insert, 1, 10, 20, "b").status());
  ASSERT_OK(connection->Query(insert, 2, 5, 15, "c").status());
  absl::Status overlap = connection->Query(insert, 1, 9, 11, "d").status();
  EXPECT_EQ(overlap.code(), absl::StatusCode::kFailedPrecondition) << overlap;
  EXPECT_EQ(connection->Query(insert, 3, 0, 1, "a").status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(connection->Query(insert, 3, 0, 1, "").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(PostgresTransactionTest, DestructionRollsBackAndAFailedTransactionNeverCommits) {
  LP_PG_TEST_DATABASE_OR_SKIP(db);
  auto connection = Connect(db->url());
  ASSERT_OK(connection->Execute("CREATE TABLE t (k TEXT PRIMARY KEY)"));
  {
    auto tx = Transaction::Begin(*connection, Transaction::Isolation::kSerializable);
    ASSERT_TRUE(tx.ok());
    ASSERT_OK(connection->Query("INSERT INTO t VALUES ($1)", "dropped").status());
  }
  {
    auto tx = Transaction::Begin(*connection, Transaction::Isolation::kSerializable);
    ASSERT_TRUE(tx.ok());
    ASSERT_OK(connection->Query("INSERT INTO t VALUES ($1)", "x").status());
    EXPECT_FALSE(connection->Query("INSERT INTO t VALUES ($1)", "x").ok());
    // PostgreSQL would answer this COMMIT with a silent ROLLBACK.
    EXPECT_EQ(tx->Commit().code(), absl::StatusCode::kAborted);
  }
  auto count = connection->Exec("SELECT count(*) FROM t");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->Int(0, 0), 0);
}

constexpr std::array<Migration, 2> kMigrations = {{
    {1, "first", "CREATE TABLE a (x INT); INSERT INTO a VALUES (1);"},
    {2, "second", "ALTER TABLE a ADD COLUMN y TEXT NOT NULL DEFAULT 'y';"},
}};

TEST(PostgresMigrationTest, AppliesOnceInOrderAndRefusesANewerDatabase) {
  LP_PG_TEST_DATABASE_OR_SKIP(db);
  auto connection = Connect(db->url());
  ASSERT_OK(connection->Migrate(std::span(kMigrations).first(1)));
  EXPECT_EQ(*connection->SchemaVersion(), 1);
  ASSERT_OK(connection->Migrate(kMigrations));
  ASSERT_OK(connection->Migrate(kMigrations));
  EXPECT_EQ(*connection->SchemaVersion(), 2);
  auto rows = connection->Exec("SELECT x, y FROM a");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 1);  // The first migration's INSERT ran once.
  EXPECT_EQ(connection->Migrate(std::span(kMigrations).first(1)).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(PostgresMigrationTest, AFailingMigrationLeavesNothingAndOneWithCommitIsRefused) {
  LP_PG_TEST_DATABASE_OR_SKIP(db);
  auto connection = Connect(db->url());
  constexpr std::array<Migration, 1> broken = {{{1, "broken", "CREATE TABLE b (x INT); SELEC 1;"}}};
  EXPECT_FALSE(connection->Migrate(broken).ok());
  EXPECT_EQ(*connection->SchemaVersion(), 0);
  EXPECT_FALSE(connection->Execute("SELECT 1 FROM b").ok());
  constexpr std::array<Migration, 1> commits = {
      {{1, "commits", "CREATE TABLE c (x INT); COMMIT;"}}};
  absl::Status refused = connection->Migrate(commits);
  EXPECT_THAT(std::string(refused.message()), HasSubstr("must not contain"));
}

TEST(PostgresMigrationTest, ReplicasStartingTogetherApplyEachMigrationOnce) {
  LP_PG_TEST_DATABASE_OR_SKIP(db);
  std::vector<std::thread> replicas;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    replicas.emplace_back([&] {
      auto connection = Connection::Open({.url = db->url(), .connections = 1});
      if (!connection.ok() || !(*connection)->Migrate(kMigrations).ok()) ++failures;
    });
  }
  for (std::thread& t : replicas) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto connection = Connect(db->url());
  auto rows = connection->Exec("SELECT count(*) FROM a");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->Int(0, 0), 1);
}

TEST(PostgresRunnerTest, ConcurrentReadModifyWriteIsRetriedUntilNoUpdateIsLost) {
  LP_PG_TEST_DATABASE_OR_SKIP(db);
  auto pool = Pool::Open({.url = db->url(), .connections = 4});
  ASSERT_TRUE(pool.ok()) << pool.status();
  TransactionRunner runner(**pool, /*attempts=*/50);
  ASSERT_OK(runner.Run(false, [](Connection& c) {
    return c.Execute("CREATE TABLE counter (n BIGINT); INSERT INTO counter VALUES (0);");
  }));
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        absl::Status status = runner.Run(false, [](Connection& c) -> absl::Status {
          auto read = c.Exec("SELECT n FROM counter");
          if (!read.ok()) return read.status();
          return c.Query("UPDATE counter SET n = $1", read->Int(0, 0) + 1).status();
        });
        if (!status.ok()) ++failures;
      }
    });
  }
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(failures.load(), 0);
  int64_t n = 0;
  ASSERT_OK(runner.Run(true, [&](Connection& c) -> absl::Status {
    auto read = c.Exec("SELECT n FROM counter");
    if (!read.ok()) return read.status();
    n = read->Int(0, 0);
    return absl::OkStatus();
  }));
  EXPECT_EQ(n, 100);
}

TEST(PostgresPoolTest, ALostConnectionFailsOneCallAndTheNextReconnects) {
  LP_PG_TEST_DATABASE_OR_SKIP(db);
  auto pool = Pool::Open({.url = db->url(), .connections = 1});
  ASSERT_TRUE(pool.ok());
  std::string pid;
  {
    auto lease = (*pool)->Acquire();
    ASSERT_TRUE(lease.ok());
    pid = (*lease)->Exec("SELECT pg_backend_pid()")->Text(0, 0);
  }
  auto admin = Connect(db->url());
  ASSERT_OK(admin->Query("SELECT pg_terminate_backend($1::int)", pid).status());
  {
    auto lease = (*pool)->Acquire();
    ASSERT_TRUE(lease.ok());
    absl::Status lost = (*lease)->Exec("SELECT 1").status();
    EXPECT_EQ(lost.code(), absl::StatusCode::kUnavailable) << lost;
  }
  auto lease = (*pool)->Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  auto again = (*lease)->Exec("SELECT 1");
  EXPECT_TRUE(again.ok()) << again.status();
}

}  // namespace
}  // namespace leerpool::storage::pg
