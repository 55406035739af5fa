// The no-double-booking invariant under load through the real group-commit path on a file
// database (WAL, synchronous=FULL), and durability of acknowledged reservations across a
// SIGKILL.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "services/common/status_macros.h"
#include "tests/services/booking/booking_fixture.h"

namespace leerpool::booking::testing {
namespace {

// 16 clients x 500 attempts; every one asks for 1-3 hours on a listing of 3 units over 24
// half-hour starts, so almost every attempt collides with another.
constexpr int kClients = 16;
constexpr int kAttempts = 500;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "booking-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

ListingFacts Pool() {
  ListingFacts facts = SeatFacts();
  facts.id = "lst_pool";
  facts.unit_count = 3;
  facts.capacity_per_unit = 10;
  return facts;
}

// One engine over a file database, as the binary wires it: a writer connection owned by the
// group-commit thread and a reader connection beside it.
struct FileEngine {
  explicit FileEngine(const std::string& path) {
    storage::Options options;
    options.path = path;
    writer = OpenBookingDatabase(options).value();
    reader = OpenBookingDatabase(options).value();
    store = std::make_unique<SqliteBookingStore>(*writer, reader.get());
    directory.Put(Pool(), BasicTerms());
    engine = std::make_unique<BookingEngine>(*store, directory, clock);
  }
  FakeClock clock{Utc(2026, 3, 1, 0)};
  FakeDirectory directory;
  std::unique_ptr<storage::Database> writer;
  std::unique_ptr<storage::Database> reader;
  std::unique_ptr<SqliteBookingStore> store;
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

int64_t Scalar(storage::Database& db, const std::string& sql) {
  storage::Statement statement = db.Prepare(sql).value();
  EXPECT_TRUE(statement.Step().value());
  return statement.Int(0);
}

constexpr char kOverlaps[] =
    "SELECT COUNT(*) FROM occupancy a JOIN occupancy b ON a.listing_id = b.listing_id AND "
    "a.unit = b.unit AND a.rowid < b.rowid AND a.occupied_start_us < b.occupied_end_us AND "
    "b.occupied_start_us < a.occupied_end_us";

TEST(ConcurrencyTest, SixteenClientsNeverDoubleBookAndEverySuccessIsReportedOnce) {
  TempDir dir;
  std::vector<std::vector<std::string>> won(kClients);
  std::atomic<int> unexpected{0};
  int64_t commits = 0;
  {
    FileEngine file(dir.File("booking.db"));
    std::vector<std::thread> clients;
    for (int client = 0; client < kClients; ++client) {
      clients.emplace_back([&, client] {
        std::mt19937 random(client);
        const auth::Caller caller =
            Coordinator(absl::StrCat("org_", client), absl::StrCat("per_", client));
        for (int attempt = 0; attempt < kAttempts; ++attempt) {
          absl::StatusOr<Reservation> r =
              file.engine->CreateReservation(caller, RandomRequest(random, client));
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
    commits = file.store->commits();
  }
  EXPECT_EQ(unexpected.load(), 0);

  storage::Options options;
  options.path = dir.File("booking.db");
  std::unique_ptr<storage::Database> db = OpenBookingDatabase(options).value();
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
    storage::Statement s = db->Prepare("SELECT COUNT(*) FROM reservations WHERE id = ?").value();
    s.Bind(1, id);
    ASSERT_TRUE(s.Step().value());
    EXPECT_EQ(s.Int(0), 1) << id;
  }
  // Group commit: far fewer COMMITs than units of work.
  EXPECT_LT(commits, kClients * kAttempts);
  RecordProperty("commits", static_cast<int>(commits));
}

TEST(ConcurrencyTest, AFailingUnitInABatchKeepsItsErrorAndTheOthersCommit) {
  // Units run together in one transaction; one that fails after writing must leave nothing,
  // get its own error, and not disturb the others in its batch (which run again).
  constexpr int kThreads = 24;
  constexpr int kUnits = 60;
  TempDir dir;
  FileEngine file(dir.File("booking.db"));
  std::atomic<int> wrong{0};
  std::atomic<int> runs{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int u = 0; u < kUnits; ++u) {
        const std::string key = absl::StrCat("key_", t, "_", u);
        const bool fails = (t * kUnits + u) % 7 == 0;
        const absl::Status status = file.store->Transact([&](BookingTransaction& tx) {
          ++runs;
          LP_RETURN_IF_ERROR(tx.InsertIdempotencyKey("per_test", key, key, absl::Now()));
          if (fails) return absl::FailedPreconditionError(absl::StrCat("refused ", key));
          return absl::OkStatus();
        });
        const bool right =
            fails ? status == absl::FailedPreconditionError(absl::StrCat("refused ", key))
                  : status.ok();
        if (!right) {
          ++wrong;
          ADD_FAILURE() << key << ": " << status;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  int stored = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int u = 0; u < kUnits; ++u) {
      const std::string key = absl::StrCat("key_", t, "_", u);
      absl::StatusOr<std::optional<std::string>> found;
      ASSERT_TRUE(file.store
                      ->Read([&](BookingTransaction& tx) -> absl::Status {
                        found = tx.FindIdempotencyKey("per_test", key);
                        return absl::OkStatus();
                      })
                      .ok());
      ASSERT_TRUE(found.ok()) << found.status();
      EXPECT_EQ(found->has_value(), (t * kUnits + u) % 7 != 0) << key;
      if (found->has_value()) ++stored;
    }
  }
  const int failing = (kThreads * kUnits + 6) / 7;
  EXPECT_EQ(stored, kThreads * kUnits - failing);
  // Batches with a failing unit ran their other units a second time.
  EXPECT_GT(runs.load(), kThreads * kUnits);
  EXPECT_LT(file.store->commits(), kThreads * kUnits - failing);
}

TEST(ConcurrencyTest, AcknowledgedReservationsSurviveSigkill) {
  TempDir dir;
  const std::string path = dir.File("booking.db");
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child: reservation load on 8 threads; each acknowledged id goes down the pipe
    // only after CreateReservation returned, i.e. after its COMMIT.
    close(pipe_fds[0]);
    FileEngine file(path);
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
          absl::StatusOr<Reservation> r = file.engine->CreateReservation(caller, request);
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
  // Kill it mid-flight once it has acknowledged a good number.
  while (std::count(received.begin(), received.end(), '\n') < 300) {
    const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n <= 0) break;
    received.append(buffer, static_cast<size_t>(n));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  // Whatever was written before the kill counts too.
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
  storage::Options options;
  options.path = path;
  std::unique_ptr<storage::Database> db = OpenBookingDatabase(options).value();
  for (const std::string& id : acknowledged) {
    storage::Statement s = db->Prepare("SELECT COUNT(*) FROM reservations WHERE id = ?").value();
    s.Bind(1, id);
    ASSERT_TRUE(s.Step().value());
    EXPECT_EQ(s.Int(0), 1) << "acknowledged " << id << " is gone";
  }
  EXPECT_EQ(Scalar(*db, kOverlaps), 0);
  EXPECT_EQ(Scalar(*db,
                   "SELECT COUNT(*) FROM occupancy o LEFT JOIN reservations r ON "
                   "r.id = o.reservation_id WHERE r.id IS NULL"),
            0);
}

}  // namespace
}  // namespace leerpool::booking::testing
