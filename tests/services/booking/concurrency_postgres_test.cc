// The no-double-booking invariant on PostgreSQL under the same load as concurrency_test.cc
// (race_load.h):
// 16 clients on their own pooled connections, each unit of work its own SERIALIZABLE
// transaction, the exclusion constraint as the last line; and acknowledged reservations
// surviving a SIGKILL of the engine's process. Skipped without a server.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/booking/postgres/pg_booking_store.h"
#include "storage/postgres.h"
#include "tests/services/booking/booking_fixture.h"
#include "tests/services/booking/race_load.h"
#include "tests/storage/pg_test_database.h"

namespace leerpool::booking::testing {
namespace {

constexpr int kClients = 16;
constexpr int kAttempts = 500;

// A fresh migrated database, or skip (fail when one is required) without a server.
#define LP_BOOKING_PG_DATABASE_OR_SKIP(var)                                                  \
  auto var##_or = ::leerpool::testing::PgTestDatabase::CreateMigrated(PostgresMigrations()); \
  if (!var##_or.ok()) {                                                                      \
    if (::leerpool::testing::PgTestDatabase::Required()) FAIL() << var##_or.status();        \
    GTEST_SKIP() << var##_or.status();                                                       \
  }                                                                                          \
  std::unique_ptr<::leerpool::testing::PgTestDatabase> var = std::move(*var##_or)

// One engine on PostgreSQL, as the binary wires it.
struct PgEngine : EngineHandle {
  PgEngine(const std::string& url, int connections) {
    pool = OpenBookingPostgres({.url = url, .connections = connections}).value();
    store = std::make_unique<PgBookingStore>(*pool);
    directory.Put(RacePool(), BasicTerms());
    booking = std::make_unique<BookingEngine>(*store, directory, clock);
  }
  BookingEngine& engine() override { return *booking; }
  FakeClock clock{Utc(2026, 3, 1, 0)};
  FakeDirectory directory;
  std::unique_ptr<storage::pg::Pool> pool;
  std::unique_ptr<PgBookingStore> store;
  std::unique_ptr<BookingEngine> booking;
};

class PostgresRows : public StoredRows {
 public:
  explicit PostgresRows(const std::string& url)
      : db_(storage::pg::Connection::Open({.url = url, .connections = 1}).value()) {}
  // The pairs are ordered by their key, since PostgreSQL rows have no rowid.
  int64_t OverlappingPairs() override {
    return Scalar(
        "SELECT COUNT(*) FROM occupancy a JOIN occupancy b ON a.listing_id = b.listing_id AND "
        "a.unit = b.unit AND (a.reservation_id, a.unit) < (b.reservation_id, b.unit) AND "
        "a.occupied_start_us < b.occupied_end_us AND b.occupied_start_us < a.occupied_end_us");
  }
  int64_t Reservations() override { return Scalar("SELECT COUNT(*) FROM reservations"); }
  int64_t ReservationsWithId(const std::string& id) override {
    absl::StatusOr<storage::pg::Result> rows =
        db_->Query("SELECT COUNT(*) FROM reservations WHERE id = $1", id);
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() ? rows->Int(0, 0) : -1;
  }
  int64_t OccupancyRows() override { return Scalar("SELECT COUNT(*) FROM occupancy"); }
  int64_t OrphanOccupancyRows() override {
    return Scalar(
        "SELECT COUNT(*) FROM occupancy o LEFT JOIN reservations r ON "
        "r.id = o.reservation_id WHERE r.id IS NULL");
  }

 private:
  int64_t Scalar(const std::string& sql) {
    absl::StatusOr<storage::pg::Result> rows = db_->Exec(sql);
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() && !rows->empty() ? rows->Int(0, 0) : -1;
  }
  std::unique_ptr<storage::pg::Connection> db_;
};

TEST(ConcurrencyPostgresTest, SixteenClientsNeverDoubleBookAndEverySuccessIsReportedOnce) {
  LP_BOOKING_PG_DATABASE_OR_SKIP(database);
  RaceOutcome outcome;
  const auto started = std::chrono::steady_clock::now();
  {
    PgEngine pg(database->url(), kClients);
    outcome = RunRace(pg.engine(), kClients, kAttempts);
  }
  RecordProperty("milliseconds",
                 static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::steady_clock::now() - started)
                                      .count()));
  PostgresRows stored(database->url());
  ExpectRaceInvariants(outcome, stored);
}

TEST(ConcurrencyPostgresTest, AcknowledgedReservationsSurviveSigkill) {
  LP_BOOKING_PG_DATABASE_OR_SKIP(database);
  const std::string url = database->url();
  bool killed = false;
  const std::vector<std::string> acknowledged = AcknowledgedBeforeSigkill(
      [&url] { return std::make_unique<PgEngine>(url, 8); }, 300, &killed);
  EXPECT_TRUE(killed);
  ASSERT_GE(acknowledged.size(), 300u);
  PostgresRows stored(url);
  ExpectSurvivedSigkill(acknowledged, stored);
}

}  // namespace
}  // namespace leerpool::booking::testing
