#ifndef LEERPOOL_SERVICES_BOOKING_POSTGRES_PG_BOOKING_STORE_H_
#define LEERPOOL_SERVICES_BOOKING_POSTGRES_PG_BOOKING_STORE_H_

#include <memory>
#include <set>
#include <span>
#include <string>

#include "absl/status/statusor.h"
#include "services/booking/core/booking_store.h"
#include "storage/migration.h"
#include "storage/postgres.h"

namespace leerpool::booking {

// The booking schema's history for PostgreSQL, embedded from postgres/migrations/ at build
// time: the same versions and names as SqliteMigrations(), written for PostgreSQL.
std::span<const storage::Migration> PostgresMigrations();

// Connects a pool to the booking engine's PostgreSQL database and migrates it. UNAVAILABLE,
// naming the server, when it cannot be reached; FAILED_PRECONDITION for another service's
// database.
absl::StatusOr<std::unique_ptr<storage::pg::Pool>> OpenBookingPostgres(
    const storage::pg::Options& options);

struct PgBookingStoreOptions {
  // Runs of one unit of work that lose a serialization conflict before the caller is told
  // ABORTED. Reservations of a few popular units collide often; every retry reads the winner.
  int attempts = 16;
};

// BookingStore on a pool of PostgreSQL connections. No group commit: each Transact is its own
// SERIALIZABLE transaction on its own connection, and PostgreSQL shares WAL flushes among
// concurrent commits by itself. A unit of work that loses a serialization conflict -- or whose
// occupancy row collides, in the exclusion constraint, with one committed after its snapshot
// -- is run again from the start; on the rerun the engine sees the winner and refuses (or
// picks another unit) exactly as it would on SQLite. Writers of the same listing take turns
// (an advisory lock per listing from the first write to it), and a rerun takes its listings'
// locks before its snapshot, so a busy listing cannot starve a unit of work of attempts.
// Nested is a SAVEPOINT. Read runs on a REPEATABLE READ, READ ONLY snapshot, which never
// conflicts.
//
// (Not pg::TransactionRunner: its reruns cannot take locks before BEGIN.)
class PgBookingStore : public BookingStore {
 public:
  // `pool` must be migrated (OpenBookingPostgres) and outlive the store.
  explicit PgBookingStore(storage::pg::Pool& pool, PgBookingStoreOptions options = {})
      : pool_(pool), attempts_(options.attempts < 1 ? 1 : options.attempts) {}

  absl::Status Transact(absl::FunctionRef<absl::Status(BookingTransaction&)> work) override;
  absl::Status Read(absl::FunctionRef<absl::Status(BookingTransaction&)> work) override;

 private:
  // One run of `work` in its own transaction; `retry` tells whether it lost a conflict.
  absl::Status Attempt(std::set<std::string>& lock_first,
                       absl::FunctionRef<absl::Status(BookingTransaction&)> work, bool& retry);

  storage::pg::Pool& pool_;
  int attempts_;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_POSTGRES_PG_BOOKING_STORE_H_
