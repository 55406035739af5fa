#ifndef LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_WAITLIST_INBOX_H_
#define LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_WAITLIST_INBOX_H_

// The waitlist and inbox tables (migration 0004); SqliteBookingTransaction forwards its
// WaitlistInboxTransaction methods here.

#include <optional>
#include <string>
#include <vector>

#include "services/booking/core/waitlist_inbox.h"
#include "storage/sqlite.h"

namespace leerpool::booking::sqlite_waitlist {

absl::Status InsertEntry(storage::Database& db, const WaitlistEntry& entry);
absl::StatusOr<WaitlistEntry> GetEntry(storage::Database& db, const std::string& id);
absl::Status UpdateEntry(storage::Database& db, const WaitlistEntry& entry);
absl::StatusOr<std::vector<WaitlistEntry>> ListByListing(storage::Database& db,
                                                         const std::string& listing_id,
                                                         WaitlistState state);
absl::StatusOr<std::optional<WaitlistEntry>> FindByReservation(storage::Database& db,
                                                               const std::string& reservation_id);
absl::StatusOr<std::vector<WaitlistEntry>> ListByOrganization(storage::Database& db,
                                                              const std::string& organization_id);

absl::Status InsertInboxEvent(storage::Database& db, const InboxEvent& event);
absl::StatusOr<std::vector<InboxEvent>> ListInbox(storage::Database& db,
                                                  const std::string& organization_id,
                                                  int64_t before, int limit);
absl::StatusOr<std::vector<InboxEvent>> ListInboxAfter(storage::Database& db,
                                                       const std::string& organization_id,
                                                       int64_t after, int limit);
absl::StatusOr<int64_t> LastInboxSequence(storage::Database& db);

}  // namespace leerpool::booking::sqlite_waitlist

#endif  // LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_WAITLIST_INBOX_H_
