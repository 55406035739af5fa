#include "services/booking/sqlite/booking_database.h"

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace leerpool::booking {

absl::StatusOr<std::unique_ptr<storage::Database>> OpenBookingDatabase(
    const storage::Options& options) {
  LP_ASSIGN_OR_RETURN(std::unique_ptr<storage::Database> db, storage::Database::Open(options));
  LP_RETURN_IF_ERROR(db->Migrate(SqliteMigrations()));
  absl::StatusOr<storage::Statement> owner = db->Prepare("SELECT service FROM database_owner");
  if (!owner.ok() || !owner->Step().value_or(false) || owner->Text(0) != "booking") {
    return absl::FailedPreconditionError(
        absl::StrCat(options.path, " is not a booking engine database"));
  }
  return db;
}

}  // namespace leerpool::booking
