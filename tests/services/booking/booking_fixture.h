#ifndef LEERPOOL_TESTS_SERVICES_BOOKING_BOOKING_FIXTURE_H_
#define LEERPOOL_TESTS_SERVICES_BOOKING_BOOKING_FIXTURE_H_

// The booking engine on a real store -- in-memory SQLite, or a fresh PostgreSQL database for
// the PostgreSQL half of a conformance suite -- with a fake catalogue the test fills, a
// FakeClock, and ready-made callers.

#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "services/booking/core/booking_engine.h"
#include "services/booking/core/listing_directory.h"
#include "services/booking/postgres/pg_booking_store.h"
#include "services/booking/sqlite/booking_database.h"
#include "services/booking/sqlite/sqlite_booking_store.h"
#include "services/common/clock.h"
#include "storage/postgres.h"
#include "tests/storage/pg_test_database.h"

namespace leerpool::booking::testing {

// The catalogue as the engine sees it, answered from maps; thread-safe.
class FakeDirectory : public ListingDirectory {
 public:
  absl::StatusOr<ListingFacts> GetListing(const std::string& id) override;
  absl::StatusOr<Terms> GetTerms(const std::string& listing_id, int version) override;
  absl::StatusOr<std::vector<Closure>> ListClosures(const std::string& site_id,
                                                    absl::Time end_after) override;
  absl::StatusOr<EligibilityAnswer> CheckEligibility(const auth::Caller& caller,
                                                     const EligibilityQuery& query) override;

  void Put(const ListingFacts& listing, const Terms& terms);
  void AddClosure(const std::string& site_id, const Closure& closure);
  // Every CheckEligibility answers "may not" with these reasons.
  void Refuse(std::vector<std::string> reasons);
  void SetDown(bool down);
  int eligibility_calls();

 private:
  std::mutex mutex_;
  std::map<std::string, ListingFacts> listings_;
  std::map<std::string, Terms> terms_;
  std::map<std::string, std::vector<Closure>> closures_;
  std::vector<std::string> refusals_;
  bool down_ = false;
  int eligibility_calls_ = 0;
};

absl::Time Utc(int y, int m, int d, int hh, int mm = 0);
absl::Time Brussels(int y, int m, int d, int hh, int mm = 0);

inline constexpr char kSchool[] = "org_school";
inline constexpr char kOtherSchool[] = "org_other";
inline constexpr char kOwner[] = "org_owner";
// A fixed rig in Brussels open 08:00-18:00 every day, 2 units of 8.
inline constexpr char kRig[] = "lst_rig";
// A mobile setup based near Gent: 1 unit of 12, radius 200 km, 60 km/h, 30 min setup and
// teardown.
inline constexpr char kVan[] = "lst_van";
// E-learning, 30 seats.
inline constexpr char kSeats[] = "lst_seats";

LatLng VanBase();
// A point `km` north of the van's base.
LatLng NorthOfBase(double km);

ListingFacts RigFacts();
ListingFacts VanFacts();
ListingFacts SeatFacts();
Terms BasicTerms(int version = 1);

auth::Caller Coordinator(const std::string& org = kSchool, const std::string& person = "per_coord");
auth::Caller Member(const std::string& org, auth::Role role, const std::string& person);
auth::Caller OwnerAdmin();
auth::Caller PlatformAdmin();

// The store a conformance test runs on.
enum class Backend { kSqlite, kPostgres };
// "Sqlite" / "Postgres": the suffix of each instantiated test's name.
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);
// So test listings say "GetParam() = Postgres" instead of the enum's bytes.
inline void PrintTo(Backend backend, std::ostream* out) {
  *out << (backend == Backend::kPostgres ? "Postgres" : "Sqlite");
}

class BookingFixture : public ::testing::Test {
 protected:
  // PostgreSQL: a fresh database copied from a migrated template; without a server the test
  // is skipped in SetUp (failed when LEERPOOL_REQUIRE_POSTGRES=1), and meanwhile runs on
  // SQLite so that suites' constructors may use the engine.
  explicit BookingFixture(Backend backend = Backend::kSqlite);
  void SetUp() override;

  ReservationRequest Session(const std::string& listing, absl::Time start, absl::Time end,
                             int learners = 4);
  ReservationRequest Loan(absl::Time start, absl::Time end, LatLng destination,
                          const std::string& handover_from = "");
  absl::StatusOr<Reservation> Reserve(const ReservationRequest& request,
                                      const auth::Caller& caller = Coordinator());
  // The same through CreateReservation's asynchronous form, waiting for its answer.
  absl::StatusOr<Reservation> ReserveAsync(const ReservationRequest& request,
                                           const auth::Caller& caller = Coordinator());
  // The first column of the first row of `sql`, read from the database outside the store.
  // Write it in the SQL both backends understand (see JsonText).
  int CountRows(const std::string& sql);
  // An expression giving `field` of the JSON object in `column` as text, on either backend.
  std::string JsonText(const std::string& column, const std::string& field) const;

  FakeClock clock_{Utc(2026, 3, 1, 0)};
  FakeDirectory directory_;
  Backend backend_;
  // Why PostgreSQL could not be used (OK when it is, or on SQLite).
  absl::Status postgres_missing_;
  // SQLite: the in-memory database.
  std::unique_ptr<storage::Database> db_;
  // PostgreSQL: the test's database, the store's pool, and a connection for CountRows.
  std::unique_ptr<leerpool::testing::PgTestDatabase> pg_database_;
  std::unique_ptr<storage::pg::Pool> pg_pool_;
  std::unique_ptr<storage::pg::Connection> pg_reader_;
  std::unique_ptr<BookingStore> store_;
  std::unique_ptr<BookingEngine> engine_;
};

// A BookingFixture over the backend its parameter names: derive a suite from it, write its
// tests with TEST_P and instantiate them with LP_BOOKING_BACKENDS(Suite).
class BackendTest : public BookingFixture, public ::testing::WithParamInterface<Backend> {
 protected:
  BackendTest() : BookingFixture(GetParam()) {}
};

#define LP_BOOKING_BACKENDS(suite)                                                              \
  INSTANTIATE_TEST_SUITE_P(, suite,                                                             \
                           ::testing::Values(::leerpool::booking::testing::Backend::kSqlite,    \
                                             ::leerpool::booking::testing::Backend::kPostgres), \
                           ::leerpool::booking::testing::BackendName)

}  // namespace leerpool::booking::testing

#endif  // LEERPOOL_TESTS_SERVICES_BOOKING_BOOKING_FIXTURE_H_
