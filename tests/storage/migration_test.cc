#include "storage/migration.h"

#include <sqlite3.h>

#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "storage/sqlite.h"
#include "tests/storage/test_util.h"

namespace leerpool::storage {
namespace {

using ::leerpool::storage::testing::MessageContains;
using ::leerpool::storage::testing::OpenOrDie;
using ::leerpool::storage::testing::QueryInt;
using ::leerpool::storage::testing::TableExists;
using ::leerpool::storage::testing::TempDir;

constexpr Migration kRooms = {1, "rooms",
                              "CREATE TABLE rooms (id INTEGER PRIMARY KEY, "
                              "name TEXT NOT NULL UNIQUE);"};
constexpr Migration kBookings = {2, "bookings", R"sql(
  CREATE TABLE bookings (
    id INTEGER PRIMARY KEY,
    room_id INTEGER NOT NULL REFERENCES rooms (id)
  );
  CREATE INDEX bookings_room ON bookings (room_id);
)sql"};
// Not idempotent on purpose: applying it twice would fail on the UNIQUE name.
constexpr Migration kSeed = {3, "seed", R"sql(
  ALTER TABLE rooms ADD COLUMN capacity INTEGER NOT NULL DEFAULT 1;
  INSERT INTO rooms (name) VALUES ('Kwartier Z');
)sql"};
constexpr Migration kNotes = {4, "notes",
                              "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"};

const std::vector<Migration> kFirstThree = {kRooms, kBookings, kSeed};
const std::vector<Migration> kAllFour = {kRooms, kBookings, kSeed, kNotes};

struct AppliedMigration {
  int64_t version;
  std::string name;
  std::string applied_at;
  bool operator==(const AppliedMigration&) const = default;
};

std::vector<AppliedMigration> AppliedMigrations(Database& db) {
  std::vector<AppliedMigration> applied;
  absl::StatusOr<Statement> stmt =
      db.Prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  EXPECT_TRUE(stmt.ok()) << stmt.status();
  if (!stmt.ok()) return applied;
  while (true) {
    absl::StatusOr<bool> row = stmt->Step();
    EXPECT_TRUE(row.ok()) << row.status();
    if (!row.ok() || !*row) break;
    applied.push_back({stmt->Int(0), stmt->Text(1), stmt->Text(2)});
  }
  return applied;
}

int Version(Database& db) {
  absl::StatusOr<int> version = db.SchemaVersion();
  EXPECT_TRUE(version.ok()) << version.status();
  return version.ok() ? *version : -1;
}

class MigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenOrDie(Options{});
    ASSERT_NE(db_, nullptr);
  }
  std::unique_ptr<Database> db_;
};

TEST_F(MigrationTest, FreshDatabaseGetsEveryMigration) {
  EXPECT_EQ(Version(*db_), 0);
  ASSERT_OK(db_->Migrate(kFirstThree));
  EXPECT_EQ(Version(*db_), 3);
  EXPECT_TRUE(TableExists(*db_, "rooms"));
  EXPECT_TRUE(TableExists(*db_, "bookings"));
  EXPECT_EQ(QueryInt(*db_, "SELECT capacity FROM rooms WHERE name = 'Kwartier Z'"), 1);

  const std::vector<AppliedMigration> applied = AppliedMigrations(*db_);
  ASSERT_EQ(applied.size(), 3u);
  const char* names[] = {"rooms", "bookings", "seed"};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(applied[i].version, i + 1);
    EXPECT_EQ(applied[i].name, names[i]);
    // ISO 8601 UTC with milliseconds, e.g. 2024-05-01T12:34:56.789Z.
    EXPECT_EQ(applied[i].applied_at.size(), 24u) << applied[i].applied_at;
    EXPECT_EQ(applied[i].applied_at.back(), 'Z');
  }
}

TEST_F(MigrationTest, RerunningIsANoOp) {
  ASSERT_OK(db_->Migrate(kFirstThree));
  const std::vector<AppliedMigration> before = AppliedMigrations(*db_);
  ASSERT_OK(db_->Migrate(kFirstThree));
  ASSERT_OK(db_->Migrate(kFirstThree));
  EXPECT_EQ(AppliedMigrations(*db_), before);
  EXPECT_EQ(Version(*db_), 3);
  EXPECT_EQ(QueryInt(*db_, "SELECT COUNT(*) FROM rooms"), 1);
}

TEST_F(MigrationTest, LaterMigrationIsAppliedAlone) {
  ASSERT_OK(db_->Migrate(kFirstThree));
  const std::vector<AppliedMigration> before = AppliedMigrations(*db_);
  EXPECT_FALSE(TableExists(*db_, "notes"));

  ASSERT_OK(db_->Migrate(kAllFour));
  EXPECT_EQ(Version(*db_), 4);
  EXPECT_TRUE(TableExists(*db_, "notes"));
  const std::vector<AppliedMigration> after = AppliedMigrations(*db_);
  ASSERT_EQ(after.size(), 4u);
  EXPECT_EQ(std::vector<AppliedMigration>(after.begin(), after.begin() + 3), before);
  EXPECT_EQ(after[3].name, "notes");
  EXPECT_EQ(QueryInt(*db_, "SELECT COUNT(*) FROM rooms"), 1);
}

TEST_F(MigrationTest, EmptyListOnFreshDatabaseChangesNothing) {
  ASSERT_OK(db_->Migrate({}));
  EXPECT_EQ(Version(*db_), 0);
  EXPECT_FALSE(TableExists(*db_, "schema_migrations"));
}

TEST_F(MigrationTest, SyntaxErrorRollsBackOnlyThatMigration) {
  const Migration broken = {3, "broken", "CREATE TABLE half (x); CREATE TABL oops (y);"};
  const std::vector<Migration> migrations = {kRooms, kBookings, broken};
  const absl::Status status = db_->Migrate(migrations);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << status;
  EXPECT_TRUE(MessageContains(status, "migration 3 (broken)")) << status;
  EXPECT_TRUE(MessageContains(status, "syntax error")) << status;

  EXPECT_EQ(Version(*db_), 2);
  EXPECT_FALSE(TableExists(*db_, "half"));
  EXPECT_TRUE(TableExists(*db_, "rooms"));
  EXPECT_TRUE(TableExists(*db_, "bookings"));
  EXPECT_EQ(AppliedMigrations(*db_).size(), 2u);
  EXPECT_EQ(sqlite3_get_autocommit(db_->handle()), 1);

  // Once fixed, the migration goes through.
  ASSERT_OK(db_->Migrate(kFirstThree));
  EXPECT_EQ(Version(*db_), 3);
}

TEST_F(MigrationTest, ConstraintFailureRollsBackThatMigration) {
  ASSERT_OK(db_->Migrate(std::vector<Migration>{kRooms, kBookings}));
  const Migration duplicate = {3, "duplicate", R"sql(
    CREATE TABLE tags (name TEXT UNIQUE);
    INSERT INTO rooms (name) VALUES ('A');
    INSERT INTO tags VALUES ('a');
    INSERT INTO tags VALUES ('a');
  )sql"};
  absl::Status status = db_->Migrate(std::vector<Migration>{kRooms, kBookings, duplicate});
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  EXPECT_TRUE(MessageContains(status, "migration 3 (duplicate)")) << status;
  EXPECT_EQ(Version(*db_), 2);
  EXPECT_FALSE(TableExists(*db_, "tags"));
  EXPECT_EQ(QueryInt(*db_, "SELECT COUNT(*) FROM rooms"), 0);

  const Migration dangling = {3, "dangling", R"sql(
    CREATE TABLE extra (x);
    INSERT INTO bookings (room_id) VALUES (42);
  )sql"};
  status = db_->Migrate(std::vector<Migration>{kRooms, kBookings, dangling});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_EQ(Version(*db_), 2);
  EXPECT_FALSE(TableExists(*db_, "extra"));
}

TEST_F(MigrationTest, FailingFirstMigrationLeavesDatabaseEmpty) {
  const Migration broken = {1, "broken", "CREATE TABLE a (x); SELECT * FROM missing;"};
  EXPECT_FALSE(db_->Migrate(std::vector<Migration>{broken}).ok());
  EXPECT_EQ(Version(*db_), 0);
  EXPECT_EQ(QueryInt(*db_, "SELECT COUNT(*) FROM sqlite_master"), 0);
}

TEST_F(MigrationTest, NonConsecutiveVersionsAreRejectedUntouched) {
  const std::vector<std::vector<Migration>> bad_lists = {
      {{1, "a", "CREATE TABLE a (x);"}, {3, "c", "CREATE TABLE c (x);"}},
      {{2, "b", "CREATE TABLE b (x);"}, {3, "c", "CREATE TABLE c (x);"}},
      {{1, "a", "CREATE TABLE a (x);"}, {1, "a2", "CREATE TABLE a2 (x);"}},
      {{2, "b", "CREATE TABLE b (x);"}, {1, "a", "CREATE TABLE a (x);"}},
      {{0, "zero", "CREATE TABLE z (x);"}},
  };
  for (const std::vector<Migration>& list : bad_lists) {
    const absl::Status status = db_->Migrate(list);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  }
  EXPECT_EQ(QueryInt(*db_, "SELECT COUNT(*) FROM sqlite_master"), 0);

  // Also on a migrated database: nothing further is applied.
  ASSERT_OK(db_->Migrate(kFirstThree));
  const std::vector<Migration> gap = {kRooms, kBookings, kSeed, {5, "five", "CREATE TABLE f (x);"}};
  EXPECT_EQ(db_->Migrate(gap).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Version(*db_), 3);
}

TEST_F(MigrationTest, MissingNameOrSqlIsRejected) {
  const std::vector<Migration> no_name = {{1, nullptr, "CREATE TABLE a (x);"}};
  EXPECT_EQ(db_->Migrate(no_name).code(), absl::StatusCode::kInvalidArgument);
  const std::vector<Migration> no_sql = {{1, "a", nullptr}};
  EXPECT_EQ(db_->Migrate(no_sql).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(QueryInt(*db_, "SELECT COUNT(*) FROM sqlite_master"), 0);
}

TEST_F(MigrationTest, DatabaseNewerThanBinaryIsRejected) {
  ASSERT_OK(db_->Migrate(kAllFour));
  const std::vector<AppliedMigration> before = AppliedMigrations(*db_);
  const absl::Status status = db_->Migrate(kFirstThree);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_TRUE(MessageContains(status, "database schema version 4 is newer than this binary's 3"))
      << status;
  EXPECT_EQ(db_->Migrate({}).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(AppliedMigrations(*db_), before);
}

TEST_F(MigrationTest, MigrationMustNotEndTheTransaction) {
  const Migration commits = {2, "commits", "CREATE TABLE x (a); COMMIT;"};
  const absl::Status status = db_->Migrate(std::vector<Migration>{kRooms, commits});
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(MessageContains(status, "must not contain")) << status;
  EXPECT_EQ(Version(*db_), 1);
}

TEST(MigrationFileTest, VersionSurvivesReopen) {
  TempDir dir;
  const std::string path = dir.File("app.db");
  {
    std::unique_ptr<Database> db = OpenOrDie(path);
    ASSERT_NE(db, nullptr);
    ASSERT_OK(db->Migrate(kFirstThree));
  }
  std::unique_ptr<Database> db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(Version(*db), 3);
  ASSERT_OK(db->Migrate(kAllFour));
  EXPECT_EQ(Version(*db), 4);
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM rooms"), 1);
}

TEST(MigrationFileTest, ReadOnlyConnectionCanOnlyCheck) {
  TempDir dir;
  const std::string path = dir.File("app.db");
  std::unique_ptr<Database> writer = OpenOrDie(path);
  ASSERT_NE(writer, nullptr);
  ASSERT_OK(writer->Migrate(kFirstThree));

  Options options;
  options.path = path;
  options.read_only = true;
  std::unique_ptr<Database> reader = OpenOrDie(options);
  ASSERT_NE(reader, nullptr);
  EXPECT_OK(reader->Migrate(kFirstThree));
  const absl::Status pending = reader->Migrate(kAllFour);
  EXPECT_EQ(pending.code(), absl::StatusCode::kFailedPrecondition) << pending;
  EXPECT_TRUE(MessageContains(pending, "read-only")) << pending;
  EXPECT_EQ(Version(*writer), 3);
}

// Two service instances starting at once: each migration must still be applied exactly once.
TEST(MigrationFileTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  TempDir dir;
  const std::string path = dir.File("app.db");
  std::unique_ptr<Database> first = OpenOrDie(path);
  std::unique_ptr<Database> second = OpenOrDie(path);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  absl::Status first_status;
  absl::Status second_status;
  std::thread other([&] { second_status = second->Migrate(kAllFour); });
  first_status = first->Migrate(kAllFour);
  other.join();
  EXPECT_OK(first_status);
  EXPECT_OK(second_status);
  EXPECT_EQ(Version(*first), 4);
  EXPECT_EQ(AppliedMigrations(*first).size(), 4u);
  EXPECT_EQ(QueryInt(*first, "SELECT COUNT(*) FROM rooms"), 1);
}

}  // namespace
}  // namespace leerpool::storage
