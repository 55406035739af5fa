#ifndef LEERPOOL_TESTS_SERVICES_CATALOGUE_CATALOGUE_TEST_FIXTURE_H_
#define LEERPOOL_TESTS_SERVICES_CATALOGUE_CATALOGUE_TEST_FIXTURE_H_

// The catalogue core on a real store -- an in-memory SQLite database, or a fresh PostgreSQL
// database for the conformance half (CatalogueBackendTest) -- with a mocked PartnerDirectory (a
// small registry of organisations, networks and qualifications the tests can change) and a
// FakeClock, plus callers and builders for the core tests.

#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/core/catalogue_store.h"
#include "services/catalogue/core/partner_directory.h"
#include "services/common/auth/caller.h"
#include "services/common/clock.h"
#include "storage/postgres.h"
#include "storage/sqlite.h"
#include "tests/storage/pg_test_database.h"

namespace leerpool::catalogue::testing {

class MockPartnerDirectory : public PartnerDirectory {
 public:
  MOCK_METHOD(absl::StatusOr<OrganizationSummary>, GetOrganization, (const std::string& id),
              (override));
  MOCK_METHOD(absl::StatusOr<std::vector<std::string>>, NetworksOf,
              (const std::string& organization_id), (override));
  MOCK_METHOD(absl::Status, CheckNetworkExists, (const std::string& network_id), (override));
  MOCK_METHOD(absl::Status, CheckQualificationTypeExists, (const std::string& id), (override));
  MOCK_METHOD((absl::StatusOr<std::map<std::string, bool>>), CheckQualifications,
              (const auth::Caller& caller, const std::string& person_id,
               const std::vector<std::string>& type_ids, absl::CivilDay first, absl::CivilDay last),
              (override));
};

// Organisations of the fake registry.
inline constexpr char kOwner[] = "org_censes";          // manufacturer, NL, Breda
inline constexpr char kOtherOwner[] = "org_kwartierz";  // simulation centre, BE
inline constexpr char kSchool[] = "org_curio";          // school, NL
inline constexpr char kCompany[] = "org_truck";         // company, NL
inline constexpr char kNetwork[] = "net_energy";
inline constexpr char kQualification[] = "qt_fgas";

enum class Backend { kSqlite, kPostgres };
// "Sqlite" / "Postgres", the suffix of a conformance test's name.
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);
// So ctest's names read "GetParam() = Postgres" rather than bytes.
inline void PrintTo(Backend backend, std::ostream* out) {
  *out << (backend == Backend::kPostgres ? "Postgres" : "Sqlite");
}

class CatalogueTest : public ::testing::Test {
 protected:
  CatalogueTest();
  // Opens the store: a fixture's own SetUp calls this first and returns when
  // IsSkipped() (no PostgreSQL server) or HasFatalFailure().
  void SetUp() override;
  // The store the fixture runs on; SQLite unless a CatalogueBackendTest says otherwise.
  virtual Backend backend() const { return Backend::kSqlite; }

  // ---- Callers
  static auth::Caller Admin(const std::string& organization);
  static auth::Caller Coordinator(const std::string& organization);
  static auth::Caller PlatformAdmin();
  static auth::Caller Anonymous() { return auth::Caller::Anonymous(); }

  // ---- Builders: valid by default.
  static Site SiteAt(const std::string& owner, double latitude, double longitude);
  static Listing Fixed(const std::string& owner, const std::string& title_nl);
  static Listing Mobile(const std::string& owner, const std::string& title_nl, double radius_km);
  static SharingTerms OpenTerms(int64_t per_hour_cents = 5000);

  // ---- Steps that must succeed.
  Site MustCreateSite(const Site& site);
  Listing MustCreate(const Listing& listing);
  SharingTerms MustSetTerms(const std::string& listing_id, const SharingTerms& terms);
  Listing MustPublish(const std::string& listing_id);
  // Creates a site at the point, the listing there, sets terms and publishes.
  Listing MustPublishAt(Listing listing, double latitude, double longitude,
                        const SharingTerms& terms = OpenTerms());

  absl::StatusCode CodeOf(const absl::Status& status) { return status.code(); }

  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 3, 2, 10, 0, 0), absl::UTCTimeZone())};
  // Declared before the store, so it goes after it.
  std::unique_ptr<leerpool::testing::PgTestDatabase> pg_database_;
  std::unique_ptr<storage::pg::Pool> pg_pool_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<CatalogueStore> store_;
  ::testing::NiceMock<MockPartnerDirectory> directory_;
  std::unique_ptr<Catalogue> catalogue_;

  // The fake registry's contents, read by the mock's default actions.
  std::map<std::string, OrganizationSummary> organizations_;
  std::map<std::string, std::vector<std::string>> memberships_;
  std::set<std::string> networks_;
  std::set<std::string> qualification_types_;
  // person id -> qualification types held (on every day).
  std::map<std::string, std::set<std::string>> held_;
  // When set, every directory call fails with this (UNAVAILABLE: the registry is down).
  absl::Status registry_down_;
};

// The same tests on each store: derive from this instead of CatalogueTest, write TEST_P, and
// instantiate with LP_CATALOGUE_ON_EACH_BACKEND(Fixture). The PostgreSQL half skips without a
// server (LEERPOOL_TEST_POSTGRES), unless LEERPOOL_REQUIRE_POSTGRES=1.
class CatalogueBackendTest : public CatalogueTest, public ::testing::WithParamInterface<Backend> {
 protected:
  Backend backend() const override { return GetParam(); }
};

#define LP_CATALOGUE_ON_EACH_BACKEND(fixture)                                                     \
  INSTANTIATE_TEST_SUITE_P(, fixture,                                                             \
                           ::testing::Values(::leerpool::catalogue::testing::Backend::kSqlite,    \
                                             ::leerpool::catalogue::testing::Backend::kPostgres), \
                           ::leerpool::catalogue::testing::BackendName)

// gtest matcher helpers.
MATCHER_P(StatusIs, code, "") { return arg.code() == code; }
MATCHER_P2(StatusIs, code, text, "") {
  return arg.code() == code && std::string(arg.message()).find(text) != std::string::npos;
}

}  // namespace leerpool::catalogue::testing

#endif  // LEERPOOL_TESTS_SERVICES_CATALOGUE_CATALOGUE_TEST_FIXTURE_H_
