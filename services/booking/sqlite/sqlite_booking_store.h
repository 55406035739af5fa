#ifndef LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_BOOKING_STORE_H_
#define LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_BOOKING_STORE_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "services/booking/core/booking_store.h"
#include "storage/sqlite.h"
#include "storage/wal_checkpointer.h"

namespace leerpool::booking {

struct SqliteBookingStoreOptions {
  // Most units of work one COMMIT carries.
  int max_batch = 64;
  // File databases. Every reservation dirties a few pages spread over the listings' index
  // ranges, which a checkpoint copies once however often they changed since the last one; a
  // WAL ten times SQLite's default (about 40 MB) before a checkpoint made the background
  // checkpoints' share of a reservation's CPU much smaller (bench/booking_bench.cc).
  storage::WalCheckpointerOptions wal_checkpoint = {.background_frames = 10000,
                                                    .inline_frames = 40000};
};

// BookingStore on SQLite with group commit. One thread at a time, the leader, uses the write
// connection: it takes whatever units of work are waiting (up to max_batch), runs them one
// after another in one IMMEDIATE transaction and ends the batch with one COMMIT, so the fsync
// that synchronous=FULL costs is shared by the whole batch. A failing unit leaves the others
// alone: the transaction is rolled back and the others run again, each in its own SAVEPOINT. Units
// of work in a batch run one after another, so they are as serialisable as separate transactions; a
// caller's Transact returns only after the COMMIT that made its work durable (or with the error).
//
// Who leads: a Transact that finds no leader leads on its own thread, so an uncontended call
// wakes no other thread; one that finds a leader waits for its batch. A caller leads at most
// four batches (its own result waits that long), then hands the lead to the store's writer
// thread, which leads for as long as work keeps waiting. TransactAsync leads the same way when
// nobody leads (its `done` then runs on its own thread after its batch); otherwise it only
// queues its unit of work and returns. After a COMMIT the leader queues the batch's other
// answers for the store's answer thread, which runs each `done`, so the answers (gRPC
// responses) take no time from the write connection. Under load no thread sleeps per call:
// the writer thread runs batch after batch, the answer thread wakes at most once per batch,
// and the callers' threads go on with other work.
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
  void TransactAsync(std::function<absl::Status(BookingTransaction&)> work,
                     absl::AnyInvocable<void(absl::Status) &&> done) override;

  // COMMITs issued so far (for tests and metrics).
  int64_t commits() const;
  // CPU time spent running batches, units of work and COMMITs included: the serial part of
  // every write (for benchmarks and metrics).
  double batch_cpu_seconds() const;

 private:
  struct Request;
  absl::Status Enqueue(bool read_only, absl::FunctionRef<absl::Status(BookingTransaction&)> work);
  // Runs the waiting units of work as batches (`own`, a caller's request, first), then gives
  // up or passes on the lead. `own` is null on the writer thread; an asynchronous `own` is
  // answered on this thread after the first batch.
  void Lead(Request* own);
  // Wakes a batch's waiting callers (other than `own`) and queues its TransactAsync answers.
  void Finish(const std::deque<Request*>& batch, const Request* own);
  void WriterLoop();
  // Runs the queued answers' `done`, off the write connection's thread.
  void AnswerLoop();
  void RunBatch(const std::deque<Request*>& batch);
  // The careful way, after a unit failed in RunBatch: each unit in its own savepoint, so a
  // failing one rolls back only itself.
  void RunBatchInSavepoints(const std::deque<Request*>& batch);

  storage::Database& writer_;
  storage::Database* reader_;
  SqliteBookingStoreOptions options_;

  mutable std::mutex mutex_;
  std::deque<Request*> queue_;
  bool leading_ = false;       // some thread is the leader
  bool writer_leads_ = false;  // the lead is handed to the writer thread
  std::condition_variable writer_wanted_;
  std::condition_variable no_leader_;
  bool stopping_ = false;
  bool writer_stopping_ = false;
  int64_t commits_ = 0;
  int64_t batch_cpu_nanos_ = 0;

  std::mutex reader_mutex_;
  // File databases: checkpoints run on a thread of their own instead of inside commits.
  std::unique_ptr<storage::WalCheckpointer> checkpointer_;
  std::thread writer_thread_;

  std::mutex answer_mutex_;
  std::condition_variable answer_wanted_;
  std::vector<Request*> answer_queue_;
  bool answer_stopping_ = false;
  std::thread answer_thread_;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_BOOKING_STORE_H_
