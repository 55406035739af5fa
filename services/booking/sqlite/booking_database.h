#ifndef LEERPOOL_SERVICES_BOOKING_SQLITE_BOOKING_DATABASE_H_
#define LEERPOOL_SERVICES_BOOKING_SQLITE_BOOKING_DATABASE_H_

#include <memory>
#include <span>

#include "storage/migration.h"
#include "storage/sqlite.h"

namespace leerpool::booking {

std::span<const storage::Migration> SqliteMigrations();

// Opens (creating and migrating as needed) the booking engine's SQLite database.
absl::StatusOr<std::unique_ptr<storage::Database>> OpenBookingDatabase(
    const storage::Options& options);

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_SQLITE_BOOKING_DATABASE_H_
