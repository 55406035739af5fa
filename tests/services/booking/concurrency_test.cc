// The no-double-booking invariant under load through the real group-commit path on a file
// database (WAL, synchronous=FULL), and durability of acknowledged reservations across a
// SIGKILL.

#include <stdlib.h>

#include <atomic>
#include <filesystem>
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
  bool killed = false;
  const std::vector<std::string> acknowledged = AcknowledgedBeforeSigkill(
      [&path] { return std::make_unique<FileEngine>(path); }, 300, &killed);
  EXPECT_TRUE(killed);
  ASSERT_GE(acknowledged.size(), 300u);
  SqliteRows stored(path);
  ExpectSurvivedSigkill(acknowledged, stored);
}

}  // namespace
}  // namespace leerpool::booking::testing
