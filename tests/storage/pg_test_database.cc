#include "tests/storage/pg_test_database.h"

#include <cstdlib>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "storage/postgres.h"

namespace leerpool::testing {
namespace {

// Replaces the database name (the path) of a postgresql:// URL.
std::string WithDatabase(const std::string& url, const std::string& name) {
  const size_t scheme = url.find("://");
  const size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  const size_t query = url.find('?', slash == std::string::npos ? 0 : slash);
  std::string base = slash == std::string::npos ? url : url.substr(0, slash);
  std::string rest = query == std::string::npos ? "" : url.substr(query);
  return absl::StrCat(base, "/", name, rest);
}

}  // namespace

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
      new PgTestDatabase(admin, name, WithDatabase(admin, name)));
}

PgTestDatabase::~PgTestDatabase() {
  storage::pg::Options options{.url = admin_url_, .connections = 1};
  auto connection = storage::pg::Connection::Open(options);
  if (connection.ok()) {
    (void)(*connection)->Execute(absl::StrCat("DROP DATABASE IF EXISTS ", name_, " WITH (FORCE)"));
  }
}

}  // namespace leerpool::testing
