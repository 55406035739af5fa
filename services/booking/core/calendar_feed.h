#ifndef LEERPOOL_SERVICES_BOOKING_CORE_CALENDAR_FEED_H_
#define LEERPOOL_SERVICES_BOOKING_CORE_CALENDAR_FEED_H_

#include <optional>
#include <string>

#include "absl/time/time.h"

namespace leerpool::booking {

// A secret URL publishing reservations as iCalendar: of one listing (for its owner) or of
// one organisation's own reservations as borrower. Calendar applications cannot send a
// token, so whoever holds the secret may read the feed; only its hash is stored, and a
// leaked URL is revoked rather than rotated.
struct CalendarFeed {
  std::string id;
  // Exactly one of the two.
  std::string listing_id;
  std::string organization_id;
  // Whose members list and revoke it: the listing's owner, or organization_id.
  std::string manager_organization_id;
  // HashSecret of the secret in the URL.
  std::string secret_hash;
  std::string created_by;
  absl::Time create_time;
  std::optional<absl::Time> revoke_time;
  // Only when just created, never stored: "/v1/calendars/<secret>".
  std::string url;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_CORE_CALENDAR_FEED_H_
