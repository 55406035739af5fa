// The no-double-booking invariant under load through the real group-commit path on a file
// database (WAL, synchronous=FULL), and durability of acknowledged reservations across a
// SIGKILL.

#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/common/status_macros.h"
#include "tests/services/booking/booking_fixture.h"
#include "tests/services/booking/race_load.h"

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

// One engine over a file database, as the binary wires it: a writer connection owned by the
// group-commit thread and a reader connection beside it.
struct FileEngine : EngineHandle {
  explicit FileEngine(const std::string& path) {
    storage::Options options;
    options.path = path;
    writer = OpenBookingDatabase(options).value();
    reader = OpenBookingDatabase(options).value();
    store = std::make_unique<SqliteBookingStore>(*writer, reader.get());
    directory.Put(RacePool(), BasicTerms());
    booking = std::make_unique<BookingEngine>(*store, directory, clock);
  }
  BookingEngine& engine() override { return *booking; }
  FakeClock clock{Utc(2026, 3, 1, 0)};
  FakeDirectory directory;
  std::unique_ptr<storage::Database> writer;
  std::unique_ptr<storage::Database> reader;
  std::unique_ptr<SqliteBookingStore> store;
  std::unique_ptr<BookingEngine> booking;
};

int64_t Scalar(storage::Database& db, const std::string& sql) {
  storage::Statement statement = db.Prepare(sql).value();
  EXPECT_TRUE(statement.Step().value());
  return statement.Int(0);
}

class SqliteRows : public StoredRows {
 public:
  explicit SqliteRows(const std::string& path) {
    storage::Options options;
    options.path = path;
    db_ = OpenBookingDatabase(options).value();
  }
  int64_t OverlappingPairs() override {
    return Scalar(*db_,
                  "SELECT COUNT(*) FROM occupancy a JOIN occupancy b ON a.listing_id = "
                  "b.listing_id AND a.unit = b.unit AND a.rowid < b.rowid AND "
                  "a.occupied_start_us < b.occupied_end_us AND b.occupied_start_us < "
                  "a.occupied_end_us");
  }
  int64_t Reservations() override { return Scalar(*db_, "SELECT COUNT(*) FROM reservations"); }
  int64_t ReservationsWithId(const std::string& id) override {
    storage::Statement s = db_->Prepare("SELECT COUNT(*) FROM reservations WHERE id = ?").value();
    s.Bind(1, id);
    EXPECT_TRUE(s.Step().value());
    return s.Int(0);
  }
  int64_t OccupancyRows() override { return Scalar(*db_, "SELECT COUNT(*) FROM occupancy"); }
  int64_t OrphanOccupancyRows() override {
    return Scalar(*db_,
                  "SELECT COUNT(*) FROM occupancy o LEFT JOIN reservations r ON "
                  "r.id = o.reservation_id WHERE r.id IS NULL");
  }

 private:
  std::unique_ptr<storage::Database> db_;
};

TEST(ConcurrencyTest, SixteenClientsNeverDoubleBookAndEverySuccessIsReportedOnce) {
  TempDir dir;
  RaceOutcome outcome;
  int64_t commits = 0;
  {
    FileEngine file(dir.File("booking.db"));
    outcome = RunRace(file.engine(), kClients, kAttempts);
    commits = file.store->commits();
  }
  SqliteRows stored(dir.File("booking.db"));
  ExpectRaceInvariants(outcome, stored);
  // Group commit: far fewer COMMITs than units of work.
  EXPECT_LT(commits, kClients * kAttempts);
  RecordProperty("commits", static_cast<int>(commits));
}

TEST(ConcurrencyTest, SixteenAsynchronousClientsNeverDoubleBookAndEverySuccessIsReportedOnce) {
  // The gRPC service's form: units queued without waiting, answered by the committing thread.
  TempDir dir;
  RaceOutcome outcome;
  int64_t commits = 0;
  {
    FileEngine file(dir.File("booking.db"));
    outcome = RunRace(file.engine(), kClients, kAttempts, CallForm::kAsynchronous);
    commits = file.store->commits();
  }
  SqliteRows stored(dir.File("booking.db"));
  ExpectRaceInvariants(outcome, stored);
  EXPECT_LT(commits, kClients * kAttempts);
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

// Whether `key` was stored by the idempotency-key units of the tests below.
bool KeyStored(BookingStore& store, const std::string& key) {
  std::optional<std::string> found;
  EXPECT_TRUE(store
                  .Read([&](BookingTransaction& tx) -> absl::Status {
                    LP_ASSIGN_OR_RETURN(found, tx.FindIdempotencyKey("per_test", key));
                    return absl::OkStatus();
                  })
                  .ok());
  return found.has_value();
}

TEST(ConcurrencyTest, AsynchronousUnitsAreAnsweredOnceWithTheirOwnOutcome) {
  constexpr int kThreads = 8;
  constexpr int kUnits = 250;
  TempDir dir;
  FileEngine file(dir.File("booking.db"));
  std::atomic<int> answered{0};
  std::atomic<int> wrong{0};
  std::vector<std::atomic<int>> answers(kThreads * kUnits);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // No thread waits: every unit is queued at once.
      for (int u = 0; u < kUnits; ++u) {
        const int n = t * kUnits + u;
        const std::string key = absl::StrCat("key_", n);
        const bool fails = n % 7 == 0;
        file.store->TransactAsync(
            [key, fails](BookingTransaction& tx) -> absl::Status {
              LP_RETURN_IF_ERROR(tx.InsertIdempotencyKey("per_test", key, key, absl::Now()));
              if (fails) return absl::FailedPreconditionError(absl::StrCat("refused ", key));
              return absl::OkStatus();
            },
            [&, key, fails, n](absl::Status status) {
              const absl::Status expected =
                  fails ? absl::FailedPreconditionError(absl::StrCat("refused ", key))
                        : absl::OkStatus();
              if (status != expected) ++wrong;
              ++answers[n];
              ++answered;
            });
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  while (answered.load() < kThreads * kUnits)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(wrong.load(), 0);
  for (int n = 0; n < kThreads * kUnits; ++n) {
    EXPECT_EQ(answers[n].load(), 1) << n;
    EXPECT_EQ(KeyStored(*file.store, absl::StrCat("key_", n)), n % 7 != 0) << n;
  }
  EXPECT_LT(file.store->commits(), kThreads * kUnits / 2);
}

TEST(ConcurrencyTest, AnAnswerThatUsesTheStoreIsRefusedInsteadOfWaitingForItself) {
  // The first unit finds the store idle and runs on its caller's thread, which answers it; the
  // second is queued meanwhile and answered by the store's answer thread. Neither may wait for
  // the store from there.
  TempDir dir;
  FileEngine file(dir.File("booking.db"));
  auto use_the_store = [&file](std::promise<absl::Status>& result) {
    return [&file, &result](absl::Status) {
      result.set_value(file.store->Transact([](BookingTransaction&) { return absl::OkStatus(); }));
    };
  };
  std::promise<void> first_running;
  std::atomic<bool> second_queued{false};
  std::promise<absl::Status> from_first, from_second;
  std::thread first([&] {
    file.store->TransactAsync(
        [&](BookingTransaction&) {
          first_running.set_value();
          while (!second_queued.load()) std::this_thread::yield();
          return absl::OkStatus();
        },
        use_the_store(from_first));
  });
  first_running.get_future().wait();
  file.store->TransactAsync([](BookingTransaction&) { return absl::OkStatus(); },
                            use_the_store(from_second));
  second_queued = true;
  first.join();
  EXPECT_EQ(from_first.get_future().get().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(from_second.get_future().get().code(), absl::StatusCode::kInternal);
}

TEST(ConcurrencyTest, ACallerThatLeadsIsAnsweredWhileAsynchronousWorkKeepsComing) {
  // The caller finds no leader and leads. From then on a stream of queued units never lets the
  // queue run dry (each unit, as it runs, waits until another is queued behind it) until the
  // caller has its answer. Leading every batch itself, the caller would wait forever; it must
  // hand the lead to the store's thread.
  TempDir dir;
  FileEngine file(dir.File("booking.db"));
  std::atomic<bool> answered{false};
  std::atomic<int> submitted{0};
  std::atomic<int> in_flight{0};
  auto successor_queued = [&](int n) {
    while (submitted.load() <= n + 1 && !answered.load()) std::this_thread::yield();
  };
  std::promise<void> leading;
  std::thread stream([&] {
    leading.get_future().wait();
    for (int n = 0; !answered.load(); ++n) {
      // More than a batch (64), so a running unit's successor always fits.
      while (in_flight.load() > 200) std::this_thread::yield();
      ++in_flight;
      file.store->TransactAsync(
          [n, &successor_queued](BookingTransaction& tx) {
            successor_queued(n);
            const std::string key = absl::StrCat("stream_", n);
            return tx.InsertIdempotencyKey("per_test", key, key, absl::Now());
          },
          [&](absl::Status status) {
            EXPECT_TRUE(status.ok()) << status;
            --in_flight;
          });
      ++submitted;
    }
  });
  bool first_run = true;
  const absl::Status status = file.store->Transact([&](BookingTransaction& tx) {
    if (first_run) {
      first_run = false;
      leading.set_value();
      successor_queued(-1);
    }
    return tx.InsertIdempotencyKey("per_test", "caller", "caller", absl::Now());
  });
  answered = true;
  stream.join();
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_TRUE(KeyStored(*file.store, "caller"));
  while (in_flight.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

TEST(ConcurrencyTest, UnitsQueuedWhenTheStoreClosesStillRun) {
  TempDir dir;
  const std::string path = dir.File("booking.db");
  constexpr int kUnits = 500;
  std::atomic<int> committed{0};
  {
    FileEngine file(path);
    for (int n = 0; n < kUnits; ++n) {
      file.store->TransactAsync(
          [n](BookingTransaction& tx) {
            const std::string key = absl::StrCat("key_", n);
            return tx.InsertIdempotencyKey("per_test", key, key, absl::Now());
          },
          [&](absl::Status status) {
            EXPECT_TRUE(status.ok()) << status;
            if (status.ok()) ++committed;
          });
    }
    file.booking.reset();
    file.store.reset();  // waits for the queue
  }
  EXPECT_EQ(committed.load(), kUnits);
  FileEngine reopened(path);
  for (int n = 0; n < kUnits; ++n) EXPECT_TRUE(KeyStored(*reopened.store, absl::StrCat("key_", n)));
}

TEST(ConcurrencyTest, AcknowledgedReservationsSurviveSigkill) {
  TempDir dir;
  const std::string path = dir.File("booking.db");
  bool killed = false;
  const std::vector<std::string> acknowledged = AcknowledgedBeforeSigkill(
      [&path] { return std::make_unique<FileEngine>(path); }, 300, &killed);
  EXPECT_TRUE(killed);
  ASSERT_GE(acknowledged.size(), 300u);
  SqliteRows stored(path);
  ExpectSurvivedSigkill(acknowledged, stored);
}

TEST(ConcurrencyTest, AsynchronouslyAcknowledgedReservationsSurviveSigkill) {
  TempDir dir;
  const std::string path = dir.File("booking.db");
  bool killed = false;
  const std::vector<std::string> acknowledged =
      AcknowledgedBeforeSigkill([&path] { return std::make_unique<FileEngine>(path); }, 300,
                                &killed, CallForm::kAsynchronous);
  EXPECT_TRUE(killed);
  ASSERT_GE(acknowledged.size(), 300u);
  SqliteRows stored(path);
  ExpectSurvivedSigkill(acknowledged, stored);
}

}  // namespace
}  // namespace leerpool::booking::testing
