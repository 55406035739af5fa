#ifndef LEERPOOL_TESTS_SERVICES_REGISTRY_REGISTRY_TEST_STORE_H_
#define LEERPOOL_TESTS_SERVICES_REGISTRY_REGISTRY_TEST_STORE_H_

// The registry's conformance suites run every test against each backend: the store tests and
// the core tests are value-parameterized over Backend, instantiated with Backends(), so every
// expectation is checked on SQLite and on PostgreSQL alike. TestStore gives a test a migrated
// store on a fresh database of either kind.

#include <memory>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "services/registry/core/registry_store.h"

namespace leerpool::registry::testing {

enum class Backend { kSqlite, kPostgres };

// "Sqlite" / "Postgres": the suffix of each test's name.
std::string BackendName(Backend backend);
inline void PrintTo(Backend backend, std::ostream* os) { *os << BackendName(backend); }

inline auto Backends() { return ::testing::Values(Backend::kSqlite, Backend::kPostgres); }
struct BackendTestName {
  std::string operator()(const ::testing::TestParamInfo<Backend>& info) const {
    return BackendName(info.param);
  }
};

// A migrated RegistryStore on a fresh, empty database: in-memory SQLite, or a new PostgreSQL
// database on the server LEERPOOL_TEST_POSTGRES names (dropped with the TestStore).
class TestStore {
 public:
  // UNAVAILABLE for PostgreSQL without a server.
  static absl::StatusOr<std::unique_ptr<TestStore>> Open(Backend backend);
  virtual ~TestStore() = default;

  virtual RegistryStore& store() = 0;
  // Straight on the database, past the store (to inspect what is stored, or to try what the
  // schema must refuse): the first column of the first row as text, "" when there is none.
  virtual absl::StatusOr<std::string> QueryText(const std::string& sql) = 0;
  virtual absl::Status Execute(const std::string& sql) = 0;
  virtual absl::StatusOr<int> SchemaVersion() = 0;
  // The version of the backend's newest migration.
  virtual int LatestVersion() const = 0;
};

// Whether a failed TestStore::Open should skip the test: no PostgreSQL server for the
// PostgreSQL half, and none was required (LEERPOOL_REQUIRE_POSTGRES=1 makes it a failure).
bool ShouldSkip(Backend backend, const absl::Status& open_status);

}  // namespace leerpool::registry::testing

// In SetUp or a test body: opens a TestStore for `backend` into `target` (a
// std::unique_ptr<TestStore>), or skips the test without a PostgreSQL server.
#define LP_OPEN_REGISTRY_TEST_STORE(backend, target)                                \
  do {                                                                              \
    auto lp_opened = ::leerpool::registry::testing::TestStore::Open(backend);       \
    if (!lp_opened.ok()) {                                                          \
      if (::leerpool::registry::testing::ShouldSkip(backend, lp_opened.status())) { \
        GTEST_SKIP() << lp_opened.status();                                         \
      }                                                                             \
      FAIL() << lp_opened.status();                                                 \
    }                                                                               \
    target = std::move(*lp_opened);                                                 \
  } while (false)

#endif  // LEERPOOL_TESTS_SERVICES_REGISTRY_REGISTRY_TEST_STORE_H_
