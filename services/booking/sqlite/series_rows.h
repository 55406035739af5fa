#ifndef LEERPOOL_SERVICES_BOOKING_SQLITE_SERIES_ROWS_H_
#define LEERPOOL_SERVICES_BOOKING_SQLITE_SERIES_ROWS_H_

// The series and series_occurrences tables (migration 0003), for SqliteBookingTransaction. The
// caller has checked that the transaction may write.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/booking/core/series.h"
#include "storage/sqlite.h"

namespace leerpool::booking::sqlite_series {

absl::Status Insert(storage::Database& db, const Series& series);
// Without reservations.
absl::StatusOr<Series> Get(storage::Database& db, const std::string& id);
absl::Status Update(storage::Database& db, const Series& series);
absl::Status SetOccurrence(storage::Database& db, const std::string& series_id, int index,
                           const std::string& reservation_id);

}  // namespace leerpool::booking::sqlite_series

#endif  // LEERPOOL_SERVICES_BOOKING_SQLITE_SERIES_ROWS_H_
