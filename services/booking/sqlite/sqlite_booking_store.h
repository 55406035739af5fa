#ifndef LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_BOOKING_STORE_H_
#define LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_BOOKING_STORE_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>

#include "services/booking/core/booking_store.h"
#include "storage/sqlite.h"

namespace leerpool::booking {

struct SqliteBookingStoreOptions {
  // Most units of work one COMMIT carries.
  int max_batch = 64;
};

// BookingStore on SQLite with group commit. One writer thread owns the write connection and
// runs every Transact: it takes whatever units of work are waiting (up to max_batch), runs
// each inside its own SAVEPOINT of one IMMEDIATE transaction -- a failing unit rolls back to
// its savepoint and leaves the others alone -- and ends the batch with one COMMIT, so the
// fsync that synchronous=FULL costs is shared by the whole batch. Units of work in a batch
// run one after another, so they are as serialisable as separate transactions; a caller's
// Transact returns only after the COMMIT that made its work durable (or with the error).
//
// Reads go to `reader` (a second connection to the same file; WAL lets it read while the
// writer writes) when given, else through the writer thread (in-memory databases).
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

 private:
  struct Request;
  absl::Status Enqueue(bool read_only, absl::FunctionRef<absl::Status(BookingTransaction&)> work);
  void WriterLoop();
  void RunBatch(const std::deque<Request*>& batch);

  storage::Database& writer_;
  storage::Database* reader_;
  SqliteBookingStoreOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<Request*> queue_;
  bool stopping_ = false;
  int64_t commits_ = 0;

  std::mutex reader_mutex_;
  std::thread thread_;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_BOOKING_STORE_H_
