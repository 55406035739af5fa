#ifndef LEERPOOL_SERVICES_BOOKING_CORE_WAITLIST_INBOX_H_
#define LEERPOOL_SERVICES_BOOKING_CORE_WAITLIST_INBOX_H_

// The waitlist (requests waiting for a taken slot) and the inbox (what each organisation is
// told), and their part of the storage interface.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/booking/core/listing_directory.h"
#include "services/booking/core/model.h"

namespace leerpool::booking {

struct ReservationRequest;

enum class WaitlistState { kWaiting, kOffered, kAccepted, kExpired, kLeft };
// "waiting", "offered", ... as in leerpool.booking.v1.WaitlistEntry.state.
const char* WaitlistStateName(WaitlistState state);

// A request that found its units taken. `draft` is the reservation it would have become,
// computed with the catalogue's facts and terms when it joined (units and id empty), so that
// a freed slot can be offered -- or the reservation made -- inside the freeing transaction
// without a catalogue call.
struct WaitlistEntry {
  std::string id;
  Reservation draft;
  int units_needed = 0;
  // The listing's unit count when it joined.
  int listing_units = 0;
  bool auto_accept = false;
  // The organisation's monthly quota on the listing under the terms it joined under (0: none):
  // re-counted when a freed slot would become its reservation.
  int quota_hours_per_month = 0;
  // The responsible person as asked (empty: the creator), for ListWaitlistEntries.
  std::string requested_responsible_person_id;
  WaitlistState state = WaitlistState::kWaiting;
  // While offered: the HELD reservation that keeps the slot until the offer expires.
  std::string reservation_id;
  std::optional<absl::Time> offer_expire_time;
  absl::Time create_time;
  absl::Time update_time;
};

// One notice for one organisation. `sequence` increases with every notice stored (across
// organisations), so a watcher resumes after the last one it saw.
struct InboxEvent {
  int64_t sequence = 0;
  std::string id;
  absl::Time time;
  std::string organization_id;
  std::string type;
  std::string reservation_id;
  std::string listing_id;
  std::string summary;
};

// The reservation a request would become (no id, no units, no status), from what Prepare
// learnt from the catalogue; Commit's fields, for a waitlist entry.
Reservation MakeWaitlistDraft(const ReservationRequest& request,
                              const std::string& responsible_person_id,
                              const std::string& created_by, const ListingFacts& listing,
                              const Terms& terms, const std::string& time_zone, int transport_out,
                              int transport_back, absl::Time occupied_start,
                              absl::Time occupied_end, std::optional<double> distance_km);

// The waitlist's and the inbox's part of a BookingTransaction.
class WaitlistInboxTransaction {
 public:
  virtual ~WaitlistInboxTransaction() = default;
  virtual absl::Status InsertWaitlistEntry(const WaitlistEntry& entry) = 0;
  virtual absl::StatusOr<WaitlistEntry> GetWaitlistEntry(const std::string& id) = 0;
  virtual absl::Status UpdateWaitlistEntry(const WaitlistEntry& entry) = 0;
  // Entries of the listing in `state`, oldest first.
  virtual absl::StatusOr<std::vector<WaitlistEntry>> ListWaitlistByListing(
      const std::string& listing_id, WaitlistState state) = 0;
  // The entry whose offer is held by this reservation, if any.
  virtual absl::StatusOr<std::optional<WaitlistEntry>> FindWaitlistByReservation(
      const std::string& reservation_id) = 0;
  // The organisation's entries, newest first.
  virtual absl::StatusOr<std::vector<WaitlistEntry>> ListWaitlistByOrganization(
      const std::string& organization_id) = 0;

  // Assigns the sequence.
  virtual absl::Status InsertInboxEvent(const InboxEvent& event) = 0;
  // Newest first, sequence < before (0: from the newest).
  virtual absl::StatusOr<std::vector<InboxEvent>> ListInbox(const std::string& organization_id,
                                                            int64_t before, int limit) = 0;
  // Oldest first, sequence > after.
  virtual absl::StatusOr<std::vector<InboxEvent>> ListInboxAfter(const std::string& organization_id,
                                                                 int64_t after, int limit) = 0;
  // The highest sequence stored (any organisation), 0 when none.
  virtual absl::StatusOr<int64_t> LastInboxSequence() = 0;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_CORE_WAITLIST_INBOX_H_
