// The no-double-booking invariant on PostgreSQL under the same load as concurrency_test.cc:
// 16 clients on their own pooled connections, each unit of work its own SERIALIZABLE
// transaction, the exclusion constraint as the last line; and acknowledged reservations
// surviving a SIGKILL of the engine's process. Skipped without a server.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "services/booking/postgres/pg_booking_store.h"
#include "storage/postgres.h"
#include "tests/services/booking/booking_fixture.h"
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

ListingFacts Pool() {
  ListingFacts facts = SeatFacts();
  facts.id = "lst_pool";
  facts.unit_count = 3;
  facts.capacity_per_unit = 10;
  return facts;
}

// One engine on PostgreSQL, as the binary wires it.
struct PgEngine {
  PgEngine(const std::string& url, int connections) {
    pool = OpenBookingPostgres({.url = url, .connections = connections}).value();
    store = std::make_unique<PgBookingStore>(*pool);
    directory.Put(Pool(), BasicTerms());
    engine = std::make_unique<BookingEngine>(*store, directory, clock);
  }
  FakeClock clock{Utc(2026, 3, 1, 0)};
  FakeDirectory directory;
  std::unique_ptr<storage::pg::Pool> pool;
  std::unique_ptr<PgBookingStore> store;
  std::unique_ptr<BookingEngine> engine;
};

ReservationRequest RandomRequest(std::mt19937& random, int client) {
  std::uniform_int_distribution<int> slot(0, 23), hours(1, 3), learners(1, 10);
  ReservationRequest request;
  request.listing_id = "lst_pool";
  request.organization_id = absl::StrCat("org_", client);
  request.kind = ReservationKind::kSession;
  request.start_time = Utc(2026, 3, 10, 8) + absl::Minutes(30 * slot(random));
  request.end_time = request.start_time + absl::Hours(hours(random));
  request.learners = learners(random);
  return request;
}

int64_t Scalar(storage::pg::Connection& db, const std::string& sql) {
  absl::StatusOr<storage::pg::Result> rows = db.Exec(sql);
  EXPECT_TRUE(rows.ok()) << rows.status();
  return rows.ok() && !rows->empty() ? rows->Int(0, 0) : -1;
}

// Pairs of distinct occupancy rows of one unit that overlap, counted without trusting the
// constraint that should make them impossible.
constexpr char kOverlaps[] =
    "SELECT COUNT(*) FROM occupancy a JOIN occupancy b ON a.listing_id = b.listing_id AND "
    "a.unit = b.unit AND (a.reservation_id, a.unit) < (b.reservation_id, b.unit) AND "
    "a.occupied_start_us < b.occupied_end_us AND b.occupied_start_us < a.occupied_end_us";

TEST(ConcurrencyPostgresTest, SixteenClientsNeverDoubleBookAndEverySuccessIsReportedOnce) {
  LP_BOOKING_PG_DATABASE_OR_SKIP(database);
  std::vector<std::vector<std::string>> won(kClients);
  std::atomic<int> unexpected{0};
  const auto started = std::chrono::steady_clock::now();
  {
    PgEngine pg(database->url(), kClients);
    std::vector<std::thread> clients;
    for (int client = 0; client < kClients; ++client) {
      clients.emplace_back([&, client] {
        std::mt19937 random(client);
        const auth::Caller caller =
            Coordinator(absl::StrCat("org_", client), absl::StrCat("per_", client));
        for (int attempt = 0; attempt < kAttempts; ++attempt) {
          absl::StatusOr<Reservation> r =
              pg.engine->CreateReservation(caller, RandomRequest(random, client));
          if (r.ok()) {
            won[client].push_back(r->id);
          } else if (r.status().code() != absl::StatusCode::kAlreadyExists) {
            ++unexpected;
            ADD_FAILURE() << r.status();
          }
        }
      });
    }
    for (std::thread& thread : clients) thread.join();
  }
  RecordProperty("milliseconds",
                 static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::steady_clock::now() - started)
                                      .count()));
  EXPECT_EQ(unexpected.load(), 0);

  std::unique_ptr<storage::pg::Connection> db =
      storage::pg::Connection::Open({.url = database->url(), .connections = 1}).value();
  EXPECT_EQ(Scalar(*db, kOverlaps), 0);
  std::set<std::string> reported;
  size_t successes = 0;
  for (const std::vector<std::string>& ids : won) {
    successes += ids.size();
    reported.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(reported.size(), successes) << "a reservation was reported to two clients";
  EXPECT_GT(successes, 0u);
  EXPECT_EQ(Scalar(*db, "SELECT COUNT(*) FROM reservations"), static_cast<int64_t>(successes));
  for (const std::string& id : reported) {
    absl::StatusOr<storage::pg::Result> rows =
        db->Query("SELECT COUNT(*) FROM reservations WHERE id = $1", id);
    ASSERT_TRUE(rows.ok()) << rows.status();
    EXPECT_EQ(rows->Int(0, 0), 1) << id;
  }
  // Every active reservation holds exactly its units' rows.
  EXPECT_EQ(Scalar(*db, "SELECT COUNT(*) FROM occupancy"), static_cast<int64_t>(successes));
}

TEST(ConcurrencyPostgresTest, AcknowledgedReservationsSurviveSigkill) {
  LP_BOOKING_PG_DATABASE_OR_SKIP(database);
  const std::string url = database->url();
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child: reservation load on 8 threads; each acknowledged id goes down the pipe
    // only after CreateReservation returned, i.e. after its COMMIT.
    close(pipe_fds[0]);
    PgEngine pg(url, 8);
    std::vector<std::thread> clients;
    for (int client = 0; client < 8; ++client) {
      clients.emplace_back([&, client] {
        std::mt19937 random(100 + client);
        const auth::Caller caller =
            Coordinator(absl::StrCat("org_", client), absl::StrCat("per_", client));
        for (int attempt = 0;; ++attempt) {
          ReservationRequest request = RandomRequest(random, client);
          // Spread over many days so most attempts succeed.
          request.start_time += absl::Hours(24 * (attempt % 300));
          request.end_time += absl::Hours(24 * (attempt % 300));
          absl::StatusOr<Reservation> r = pg.engine->CreateReservation(caller, request);
          if (r.ok()) {
            const std::string line = r->id + "\n";
            if (write(pipe_fds[1], line.data(), line.size()) < 0) _exit(1);
          }
        }
      });
    }
    for (std::thread& thread : clients) thread.join();
    _exit(0);
  }
  close(pipe_fds[1]);
  std::string received;
  char buffer[4096];
  while (std::count(received.begin(), received.end(), '\n') < 300) {
    const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n <= 0) break;
    received.append(buffer, static_cast<size_t>(n));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  while (true) {
    const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n <= 0) break;
    received.append(buffer, static_cast<size_t>(n));
  }
  close(pipe_fds[0]);
  EXPECT_TRUE(WIFSIGNALED(status));

  std::vector<std::string> acknowledged;
  for (absl::string_view line : absl::StrSplit(received, '\n', absl::SkipEmpty())) {
    acknowledged.emplace_back(line);
  }
  ASSERT_GE(acknowledged.size(), 300u);
  std::unique_ptr<storage::pg::Connection> db =
      storage::pg::Connection::Open({.url = url, .connections = 1}).value();
  for (const std::string& id : acknowledged) {
    absl::StatusOr<storage::pg::Result> rows =
        db->Query("SELECT COUNT(*) FROM reservations WHERE id = $1", id);
    ASSERT_TRUE(rows.ok()) << rows.status();
    EXPECT_EQ(rows->Int(0, 0), 1) << "acknowledged " << id << " is gone";
  }
  EXPECT_EQ(Scalar(*db, kOverlaps), 0);
  EXPECT_EQ(Scalar(*db,
                   "SELECT COUNT(*) FROM occupancy o LEFT JOIN reservations r ON "
                   "r.id = o.reservation_id WHERE r.id IS NULL"),
            0);
}

}  // namespace
}  // namespace leerpool::booking::testing
