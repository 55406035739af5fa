#include "tests/storage/pg_test_database.h"

#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "storage/postgres.h"

namespace leerpool::testing {
namespace {

// FNV-1a: a hash that is the same in every process (absl::Hash is seeded per process), so
// concurrent test processes agree on the template's name.
uint64_t StableHash(std::span<const storage::Migration> migrations) {
  uint64_t hash = 14695981039346656037ull;
  auto add = [&hash](std::string_view text) {
    for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
    hash = (hash ^ 0xff) * 1099511628211ull;  // separator
  };
  for (const storage::Migration& migration : migrations) {
    add(absl::StrCat(migration.version));
    add(migration.name);
    add(migration.sql);
  }
  return hash;
}

// Makes the template `name` unless it exists. Under a session advisory lock, so concurrent
// test processes build it once; built under a scratch name and renamed when complete, so a
// process killed halfway leaves no half-migrated template behind.
absl::Status EnsureTemplate(storage::pg::Connection& admin, const std::string& admin_url,
                            const std::string& name,
                            std::span<const storage::Migration> migrations) {
  constexpr int64_t kTemplateLockKey = 0x6c70746d706c;  // "lptmpl"
  absl::StatusOr<storage::pg::Result> locked =
      admin.Query("SELECT pg_advisory_lock($1)", kTemplateLockKey);
  if (!locked.ok()) return locked.status();
  absl::Status status = [&]() -> absl::Status {
    absl::StatusOr<storage::pg::Result> exists =
        admin.Query("SELECT 1 FROM pg_database WHERE datname = $1", name);
    if (!exists.ok()) return exists.status();
    if (!exists->empty()) return absl::OkStatus();
    // Names made here from hex digits, not input: these statements take no parameters.
    const std::string scratch = name + "_wip";
    absl::Status step = admin.Execute(absl::StrCat("DROP DATABASE IF EXISTS ", scratch));
    if (step.ok()) step = admin.Execute(absl::StrCat("CREATE DATABASE ", scratch));
    if (!step.ok()) return step;
    {
      storage::pg::Options options{.url = storage::pg::WithDatabase(admin_url, scratch),
                                   .connections = 1};
      absl::StatusOr<std::unique_ptr<storage::pg::Connection>> connection =
          storage::pg::Connection::Open(options);
      if (!connection.ok()) return connection.status();
      step = (*connection)->Migrate(migrations);
      if (!step.ok()) return step;
    }
    step = admin.Execute(absl::StrCat("ALTER DATABASE ", scratch, " RENAME TO ", name));
    // Copying needs the template to have no sessions; refusing them keeps it that way.
    if (step.ok())
      step = admin.Execute(absl::StrCat("ALTER DATABASE ", name, " WITH ALLOW_CONNECTIONS false"));
    return step;
  }();
  (void)admin.Query("SELECT pg_advisory_unlock($1)", kTemplateLockKey);
  return status;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PgTestDatabase>> PgTestDatabase::CreateMigrated(
    std::span<const storage::Migration> migrations) {
  const char* admin = std::getenv("LEERPOOL_TEST_POSTGRES");
  if (admin == nullptr || admin[0] == '\0') {
    return absl::UnavailableError(
        "no PostgreSQL server for tests: set LEERPOOL_TEST_POSTGRES (scripts/test starts one)");
  }
  storage::pg::Options options{.url = admin, .connections = 1};
  absl::StatusOr<std::unique_ptr<storage::pg::Connection>> connection =
      storage::pg::Connection::Open(options);
  if (!connection.ok()) return connection.status();
  const std::string template_name = absl::StrFormat("lp_template_%016x", StableHash(migrations));
  absl::Status ready = EnsureTemplate(**connection, admin, template_name, migrations);
  if (!ready.ok()) return ready;
  std::random_device random;
  const std::string name = absl::StrFormat("lp_test_%08x%08x", random(), random());
  absl::Status created =
      (*connection)->Execute(absl::StrCat("CREATE DATABASE ", name, " TEMPLATE ", template_name));
  if (!created.ok()) return created;
  return std::unique_ptr<PgTestDatabase>(
      new PgTestDatabase(admin, name, storage::pg::WithDatabase(admin, name)));
}

bool PgTestDatabase::Required() {
  const char* required = std::getenv("LEERPOOL_REQUIRE_POSTGRES");
  return required != nullptr && std::string(required) == "1";
}

absl::StatusOr<std::unique_ptr<PgTestDatabase>> PgTestDatabase::Create() {
  const char* admin = std::getenv("LEERPOOL_TEST_POSTGRES");
  if (admin == nullptr || admin[0] == '\0') {
    return absl::UnavailableError(
        "no PostgreSQL server for tests: set LEERPOOL_TEST_POSTGRES (scripts/test starts one)");
  }
  storage::pg::Options options{.url = admin, .connections = 1};
  absl::StatusOr<std::unique_ptr<storage::pg::Connection>> connection =
      storage::pg::Connection::Open(options);
  if (!connection.ok()) return connection.status();
  std::random_device random;
  const std::string name = absl::StrFormat("lp_test_%08x%08x", random(), random());
  // A name made here from hex digits, not input: CREATE DATABASE takes no parameters.
  absl::Status created = (*connection)->Execute(absl::StrCat("CREATE DATABASE ", name));
  if (!created.ok()) return created;
  return std::unique_ptr<PgTestDatabase>(
      new PgTestDatabase(admin, name, storage::pg::WithDatabase(admin, name)));
}

absl::StatusOr<std::unique_ptr<PgTestDatabase>> PgTestDatabase::CreateSchema() {
  // ctest runs every test in its own process, so the shared database outlives them: made once
  // per cluster (under an advisory lock, as concurrent processes may race for it) and kept,
  // like the templates; each schema in it is dropped with its test.
  constexpr char kSharedDatabase[] = "lp_test_schemas";
  constexpr int64_t kSharedLockKey = 0x6c707363686d;  // "lpschm"
  const char* admin = std::getenv("LEERPOOL_TEST_POSTGRES");
  if (admin == nullptr || admin[0] == '\0') {
    return absl::UnavailableError(
        "no PostgreSQL server for tests: set LEERPOOL_TEST_POSTGRES (scripts/test starts one)");
  }
  static std::mutex mutex;
  static bool shared_exists = false;
  {
    std::lock_guard lock(mutex);
    if (!shared_exists) {
      storage::pg::Options options{.url = admin, .connections = 1};
      absl::StatusOr<std::unique_ptr<storage::pg::Connection>> connection =
          storage::pg::Connection::Open(options);
      if (!connection.ok()) return connection.status();
      absl::StatusOr<storage::pg::Result> locked =
          (*connection)->Query("SELECT pg_advisory_lock($1)", kSharedLockKey);
      if (!locked.ok()) return locked.status();
      absl::StatusOr<storage::pg::Result> exists =
          (*connection)
              ->Query("SELECT 1 FROM pg_database WHERE datname = $1", std::string(kSharedDatabase));
      absl::Status status = exists.status();
      if (status.ok() && exists->empty()) {
        status = (*connection)->Execute(absl::StrCat("CREATE DATABASE ", kSharedDatabase));
      }
      (void)(*connection)->Query("SELECT pg_advisory_unlock($1)", kSharedLockKey);
      if (!status.ok()) return status;
      shared_exists = true;
    }
  }
  const std::string shared_url = storage::pg::WithDatabase(admin, kSharedDatabase);
  storage::pg::Options options{.url = shared_url, .connections = 1};
  absl::StatusOr<std::unique_ptr<storage::pg::Connection>> connection =
      storage::pg::Connection::Open(options);
  if (!connection.ok()) return connection.status();
  std::random_device random;
  const std::string schema = absl::StrFormat("lp_schema_%08x%08x", random(), random());
  // A name made here from hex digits, not input.
  absl::Status created = (*connection)->Execute(absl::StrCat("CREATE SCHEMA ", schema));
  if (!created.ok()) return created;
  const std::string url =
      absl::StrCat(shared_url, shared_url.find('?') == std::string::npos ? "?" : "&",
                   "options=-csearch_path%3D", schema,
                   // Tests need no durability; not waiting for the WAL flush at every commit
                   // is most of their time on a busy machine.
                   "%20-csynchronous_commit%3Doff");
  auto database = std::unique_ptr<PgTestDatabase>(new PgTestDatabase(shared_url, "", url));
  database->schema_ = schema;
  return database;
}

PgTestDatabase::~PgTestDatabase() {
  if (!schema_.empty()) {
    storage::pg::Options options{.url = admin_url_, .connections = 1};
    auto connection = storage::pg::Connection::Open(options);
    if (connection.ok()) {
      (void)(*connection)->Execute(absl::StrCat("DROP SCHEMA IF EXISTS ", schema_, " CASCADE"));
    }
    return;
  }
  storage::pg::Options options{.url = admin_url_, .connections = 1};
  auto connection = storage::pg::Connection::Open(options);
  if (connection.ok()) {
    (void)(*connection)->Execute(absl::StrCat("DROP DATABASE IF EXISTS ", name_, " WITH (FORCE)"));
  }
}

}  // namespace leerpool::testing
