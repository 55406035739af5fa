#include "tests/services/registry/registry_test_store.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/registry/postgres/pg_registry_store.h"
#include "services/registry/sqlite/sqlite_registry_store.h"
#include "storage/postgres.h"
#include "storage/sqlite.h"
#include "tests/storage/pg_test_database.h"

namespace leerpool::registry::testing {
namespace {

class SqliteTestStore : public TestStore {
 public:
  explicit SqliteTestStore(std::unique_ptr<storage::Database> db)
      : db_(std::move(db)), store_(*db_) {}

  RegistryStore& store() override { return store_; }

  absl::StatusOr<std::string> QueryText(const std::string& sql) override {
    LP_ASSIGN_OR_RETURN(storage::Statement statement, db_->Prepare(sql));
    LP_ASSIGN_OR_RETURN(const bool row, statement.Step());
    return row ? statement.Text(0) : std::string();
  }
  absl::Status Execute(const std::string& sql) override { return db_->Execute(sql); }
  absl::StatusOr<int> SchemaVersion() override { return db_->SchemaVersion(); }
  int LatestVersion() const override { return SqliteMigrations().back().version; }

 private:
  std::unique_ptr<storage::Database> db_;
  SqliteRegistryStore store_;
};

class PostgresTestStore : public TestStore {
 public:
  PostgresTestStore(std::unique_ptr<leerpool::testing::PgTestDatabase> database,
                    std::unique_ptr<storage::pg::Pool> pool)
      : database_(std::move(database)), pool_(std::move(pool)), store_(*pool_) {}

  RegistryStore& store() override { return store_; }

  absl::StatusOr<std::string> QueryText(const std::string& sql) override {
    LP_ASSIGN_OR_RETURN(storage::pg::Pool::Lease connection, pool_->Acquire());
    LP_ASSIGN_OR_RETURN(storage::pg::Result rows, connection->Exec(sql));
    return rows.empty() ? std::string() : rows.Text(0, 0);
  }
  absl::Status Execute(const std::string& sql) override {
    LP_ASSIGN_OR_RETURN(storage::pg::Pool::Lease connection, pool_->Acquire());
    return connection->Execute(sql);
  }
  absl::StatusOr<int> SchemaVersion() override {
    LP_ASSIGN_OR_RETURN(storage::pg::Pool::Lease connection, pool_->Acquire());
    return connection->SchemaVersion();
  }
  int LatestVersion() const override { return PostgresMigrations().back().version; }

 private:
  // Declared first so that it is dropped last, after the pool's connections are closed.
  std::unique_ptr<leerpool::testing::PgTestDatabase> database_;
  std::unique_ptr<storage::pg::Pool> pool_;
  PgRegistryStore store_;
};

}  // namespace

std::string BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "Sqlite" : "Postgres";
}

absl::StatusOr<std::unique_ptr<TestStore>> TestStore::Open(Backend backend) {
  if (backend == Backend::kSqlite) {
    LP_ASSIGN_OR_RETURN(std::unique_ptr<storage::Database> db, OpenRegistryDatabase({}));
    return std::make_unique<SqliteTestStore>(std::move(db));
  }
  LP_ASSIGN_OR_RETURN(std::unique_ptr<leerpool::testing::PgTestDatabase> database,
                      leerpool::testing::PgTestDatabase::CreateMigrated(PostgresMigrations()));
  // Two connections: some tests run units of work from two threads at once. Commits need not
  // wait for the disk in a database dropped after the test, which halves the suite's time.
  const std::string& url = database->url();
  storage::pg::Options options{
      .url = absl::StrCat(url, url.find('?') == std::string::npos ? "?" : "&",
                          "options=-csynchronous_commit%3Doff"),
      .connections = 2};
  // Migrating again finds the template's version and does nothing; it still checks it.
  LP_ASSIGN_OR_RETURN(std::unique_ptr<storage::pg::Pool> pool, OpenRegistryPostgres(options));
  return std::make_unique<PostgresTestStore>(std::move(database), std::move(pool));
}

bool ShouldSkip(Backend backend, const absl::Status& open_status) {
  return backend == Backend::kPostgres && absl::IsUnavailable(open_status) &&
         !leerpool::testing::PgTestDatabase::Required();
}

}  // namespace leerpool::registry::testing
