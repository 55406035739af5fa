#ifndef LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_BOOKING_STORE_H_
#define LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_BOOKING_STORE_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>

#include "services/booking/core/booking_store.h"
#include "storage/sqlite.h"
#include "storage/wal_checkpointer.h"

namespace leerpool::booking {

struct SqliteBookingStoreOptions {
  // Most units of work one COMMIT carries.
  int max_batch = 64;
};

// BookingStore on SQLite with group commit. One thread at a time, the leader, uses the write
// connection: it takes whatever units of work are waiting (up to max_batch), runs them one
// after another in one IMMEDIATE transaction and ends the batch with one COMMIT, so the fsync
// that synchronous=FULL costs is shared by the whole batch. A failing unit leaves the others
// alone: the transaction is rolled back and the others run again, each in its own SAVEPOINT. Units
// of work in a batch run one after another, so they are as serialisable as separate transactions; a
// caller's Transact returns only after the COMMIT that made its work durable (or with the error).
//
// The leader is a caller, not a thread of the store's own: a Transact that finds no leader
// leads, so an uncontended call runs on its own thread without waking another; one that
// finds a leader waits, and when its batch is done has its result, or, being the oldest
// waiting, is handed the lead. A leader runs up to four batches in a row while work keeps
// waiting, since each hand-over wakes a thread. Handing every call to a dedicated writer
// thread and back cost two thread wake-ups per call, which on a busy machine is most of a
// call's latency.
//
// Reads go to `reader` (a second connection to the same file; WAL lets it read while the
// writer writes) when given, else through the write connection (in-memory databases).
class SqliteBookingStore : public BookingStore {
 public:
  // `writer` (and `reader`) must be migrated (OpenBookingDatabase) and outlive the store.
  SqliteBookingStore(storage::Database& writer, storage::Database* reader = nullptr,
                     SqliteBookingStoreOptions options = {});
  ~SqliteBookingStore() override;
  SqliteBookingStore(const SqliteBookingStore&) = delete;
  SqliteBookingStore& operator=(const SqliteBookingStore&) = delete;

  absl::Status Transact(absl::FunctionRef<absl::Status(BookingTransaction&)> work) override;
  absl::Status Read(absl::FunctionRef<absl::Status(BookingTransaction&)> work) override;

  // COMMITs issued so far (for tests and metrics).
  int64_t commits() const;
  // CPU time spent running batches, units of work and COMMITs included: the serial part of
  // every write (for benchmarks and metrics).
  double batch_cpu_seconds() const;

 private:
  struct Request;
  absl::Status Enqueue(bool read_only, absl::FunctionRef<absl::Status(BookingTransaction&)> work);
  // Runs the waiting units of work (`own` first) as one batch, then passes the lead on.
  void Lead(Request& own);
  void RunBatch(const std::deque<Request*>& batch);
  // The careful way, after a unit failed in RunBatch: each unit in its own savepoint, so a
  // failing one rolls back only itself.
  void RunBatchInSavepoints(const std::deque<Request*>& batch);

  storage::Database& writer_;
  storage::Database* reader_;
  SqliteBookingStoreOptions options_;

  mutable std::mutex mutex_;
  std::deque<Request*> queue_;
  bool leading_ = false;  // some caller is the leader
  std::condition_variable no_leader_;
  bool stopping_ = false;
  int64_t commits_ = 0;
  int64_t batch_cpu_nanos_ = 0;

  std::mutex reader_mutex_;
  // File databases: checkpoints run on a thread of their own instead of inside commits.
  std::unique_ptr<storage::WalCheckpointer> checkpointer_;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_BOOKING_STORE_H_
