#ifndef LEERPOOL_SERVICES_BOOKING_SQLITE_CALENDAR_FEED_ROWS_H_
#define LEERPOOL_SERVICES_BOOKING_SQLITE_CALENDAR_FEED_ROWS_H_

// The calendar_feeds table (migration 0005), for SqliteBookingTransaction. The caller has
// checked that the transaction may write.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/booking/core/calendar_feed.h"
#include "storage/sqlite.h"

namespace leerpool::booking::sqlite_feeds {

absl::Status Insert(storage::Database& db, const CalendarFeed& feed);
absl::StatusOr<CalendarFeed> Get(storage::Database& db, const std::string& id);
absl::StatusOr<CalendarFeed> FindBySecretHash(storage::Database& db,
                                              const std::string& secret_hash);
absl::StatusOr<std::vector<CalendarFeed>> ListByManager(storage::Database& db,
                                                        const std::string& manager_organization_id);
absl::Status Revoke(storage::Database& db, const std::string& id, absl::Time time);

}  // namespace leerpool::booking::sqlite_feeds

#endif  // LEERPOOL_SERVICES_BOOKING_SQLITE_CALENDAR_FEED_ROWS_H_
