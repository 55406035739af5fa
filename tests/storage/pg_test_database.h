#ifndef LEERPOOL_TESTS_STORAGE_PG_TEST_DATABASE_H_
#define LEERPOOL_TESTS_STORAGE_PG_TEST_DATABASE_H_

// A fresh, empty PostgreSQL database per test: the PostgreSQL counterpart of an in-memory
// SQLite database. The server is the private cluster scripts/test starts (scripts/pg-cluster)
// and names in LEERPOOL_TEST_POSTGRES; each database is created with a random name and dropped
// when the object goes.
//
// Without LEERPOOL_TEST_POSTGRES the PostgreSQL half of a conformance suite is skipped, unless
// LEERPOOL_REQUIRE_POSTGRES=1 (scripts/test sets it), where a missing server fails the test.

#include <memory>
#include <span>
#include <string>

#include "absl/status/statusor.h"
#include "storage/migration.h"

namespace leerpool::testing {

class PgTestDatabase {
 public:
  // UNAVAILABLE (with the reason) when no server is configured or it cannot be reached.
  static absl::StatusOr<std::unique_ptr<PgTestDatabase>> Create();
  // A fresh database with `migrations` already applied, copied from a template database that
  // is migrated once per distinct schema (named after a hash of the migrations, kept in the
  // cluster, closed to connections) so that a suite of many tests pays for a copy each rather
  // than for running every migration. Errors as Create().
  static absl::StatusOr<std::unique_ptr<PgTestDatabase>> CreateMigrated(
      std::span<const storage::Migration> migrations);
  // A fresh, empty schema (dropped afterwards) in a database the tests share (created on
  // first use and kept in the cluster); url() connects with search_path set to it, so
  // unqualified names (tables, functions, the migrations' bookkeeping) land there. A few
  // milliseconds where a database costs ~0.4 s, for suites of many tests. Errors as Create().
  static absl::StatusOr<std::unique_ptr<PgTestDatabase>> CreateSchema();
  ~PgTestDatabase();

  // The database's connection URL, for storage::pg::Options::url or a service's --db.
  const std::string& url() const { return url_; }

  // Whether the tests were told a server must be there (LEERPOOL_REQUIRE_POSTGRES=1).
  static bool Required();

 private:
  PgTestDatabase(std::string admin_url, std::string name, std::string url)
      : admin_url_(std::move(admin_url)), name_(std::move(name)), url_(std::move(url)) {}
  std::string admin_url_, name_, url_;
  // Set for CreateSchema(): the schema dropped instead of the database.
  std::string schema_;
};

}  // namespace leerpool::testing

// In a test body: a fresh database, or skip (or fail, when one is required) without a server.
#define LP_PG_TEST_DATABASE_OR_SKIP(var)                         \
  auto var##_or = ::leerpool::testing::PgTestDatabase::Create(); \
  if (!var##_or.ok()) {                                          \
    if (::leerpool::testing::PgTestDatabase::Required()) {       \
      FAIL() << var##_or.status();                               \
    }                                                            \
    GTEST_SKIP() << var##_or.status();                           \
  }                                                              \
  std::unique_ptr<::leerpool::testing::PgTestDatabase> var = std::move(*var##_or)

// The same with a fresh schema (PgTestDatabase::CreateSchema).
#define LP_PG_TEST_SCHEMA_OR_SKIP(var)                                 \
  auto var##_or = ::leerpool::testing::PgTestDatabase::CreateSchema(); \
  if (!var##_or.ok()) {                                                \
    if (::leerpool::testing::PgTestDatabase::Required()) {             \
      FAIL() << var##_or.status();                                     \
    }                                                                  \
    GTEST_SKIP() << var##_or.status();                                 \
  }                                                                    \
  std::unique_ptr<::leerpool::testing::PgTestDatabase> var = std::move(*var##_or)

#endif  // LEERPOOL_TESTS_STORAGE_PG_TEST_DATABASE_H_
