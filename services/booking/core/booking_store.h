#ifndef LEERPOOL_SERVICES_BOOKING_CORE_BOOKING_STORE_H_
#define LEERPOOL_SERVICES_BOOKING_CORE_BOOKING_STORE_H_

// The booking engine's one way to its stored state. No SQL, no engine-specific errors.
//
// The no-double-booking invariant lives here, not in the core: every active reservation owns
// one occupancy row per unit, and the store refuses (ALREADY_EXISTS, naming only the
// conflicting intervals) any insert or update that would make two rows of the same listing
// and unit overlap. The core picks free units first so that a refusal is the exception, but
// correctness never depends on the core's check.

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/booking/core/calendar_feed.h"
#include "services/booking/core/model.h"
#include "services/booking/core/series.h"
#include "services/booking/core/waitlist_inbox.h"
#include "services/common/status_macros.h"

namespace leerpool::booking {

struct ReservationFilter {
  // At most one of the two; neither: every reservation (platform admins).
  std::string organization_id;
  std::string owner_organization_id;
  std::string listing_id;
  std::vector<ReservationStatus> statuses;
  std::optional<absl::Time> end_after;
  std::optional<absl::Time> start_before;
};

// Reservations are listed by (start, id); a page starts strictly after this pair.
struct ReservationCursor {
  absl::Time start;
  std::string id;
};

// A listing and a window of time, for the questions asked of many listings at once.
struct ListingWindow {
  std::string listing_id;
  absl::Time from;
  absl::Time to;
};

// Reads and writes inside one transaction. Methods fail with NOT_FOUND (Get*, Update* of a
// missing row), ALREADY_EXISTS (a taken key, an occupancy overlap), UNAVAILABLE (busy) or
// INTERNAL. After a failed call the caller must abandon the transaction (return the error).
class BookingTransaction : public WaitlistInboxTransaction {
 public:
  virtual ~BookingTransaction() = default;

  // Runs `work` so that when it fails, its writes are undone and the transaction goes on
  // as it was before (a savepoint); its error is returned. For units of work that may be
  // refused one by one, such as the occurrences of a best-effort series.
  virtual absl::Status Nested(absl::FunctionRef<absl::Status(BookingTransaction&)> work) = 0;

  virtual absl::StatusOr<Reservation> GetReservation(const std::string& id) = 0;
  virtual absl::Status InsertReservation(const Reservation& reservation) = 0;
  // Replaces every stored field of the reservation with the same id.
  virtual absl::Status UpdateReservation(const Reservation& reservation) = 0;
  virtual absl::StatusOr<std::vector<Reservation>> ListReservations(
      const ReservationFilter& filter, const std::optional<ReservationCursor>& after,
      int limit) = 0;
  // Reservations of `organization_id` on `listing_id` in any of `statuses` overlapping
  // [from, to), for quotas.
  virtual absl::StatusOr<std::vector<Reservation>> ListBorrowerReservations(
      const std::string& listing_id, const std::string& organization_id,
      const std::vector<ReservationStatus>& statuses, absl::Time from, absl::Time to) = 0;
  // HELD reservations whose hold expired at or before `now`; of one listing, or of all when
  // `listing_id` is empty.
  virtual absl::StatusOr<std::vector<Reservation>> ListExpiredHolds(const std::string& listing_id,
                                                                    absl::Time now) = 0;

  // ---- Occupancy (the invariant)
  // ALREADY_EXISTS "unit U is occupied from A to B" when it overlaps another row of the unit.
  virtual absl::Status InsertOccupancy(const Occupancy& occupancy) = 0;
  // Moves the end of every row of the reservation (a handover drops the return leg).
  virtual absl::Status UpdateOccupancyEnd(const std::string& reservation_id, absl::Time end) = 0;
  virtual absl::Status DeleteOccupancy(const std::string& reservation_id) = 0;
  // Rows of the listing overlapping [from, to), ordered by (unit, start).
  virtual absl::StatusOr<std::vector<Occupancy>> ListOccupancy(const std::string& listing_id,
                                                               absl::Time from, absl::Time to) = 0;

  // ---- Many listings at once (a cross-listing search), so that a store across the network
  // answers in one round trip instead of one per listing. By default, one call per listing.
  // ListOccupancy of each window's listing in that window, all together, in no set order.
  virtual absl::StatusOr<std::vector<Occupancy>> ListOccupancyOfListings(
      const std::vector<ListingWindow>& windows) {
    std::vector<Occupancy> out;
    for (const ListingWindow& window : windows) {
      LP_ASSIGN_OR_RETURN(std::vector<Occupancy> rows,
                          ListOccupancy(window.listing_id, window.from, window.to));
      out.insert(out.end(), rows.begin(), rows.end());
    }
    return out;
  }
  // ListOutOfService of each listing, all together, in no set order.
  virtual absl::StatusOr<std::vector<OutOfService>> ListOutOfServiceOfListings(
      const std::vector<std::string>& listing_ids) {
    std::vector<OutOfService> out;
    for (const std::string& listing_id : listing_ids) {
      LP_ASSIGN_OR_RETURN(std::vector<OutOfService> rows, ListOutOfService(listing_id));
      out.insert(out.end(), rows.begin(), rows.end());
    }
    return out;
  }

  // ---- Idempotency: (principal, key) -> the id of the first result.
  virtual absl::StatusOr<std::optional<std::string>> FindIdempotencyKey(
      const std::string& principal, const std::string& key) = 0;
  virtual absl::Status InsertIdempotencyKey(const std::string& principal, const std::string& key,
                                            const std::string& result_id, absl::Time time) = 0;

  // ---- History
  virtual absl::Status InsertEvent(const ReservationEvent& event) = 0;
  // Oldest first.
  virtual absl::StatusOr<std::vector<ReservationEvent>> ListEvents(
      const std::string& reservation_id) = 0;

  // ---- Intakes
  // Records (or re-dates) the intake of an organisation for a listing.
  virtual absl::Status UpsertIntake(const Intake& intake) = 0;
  virtual absl::StatusOr<bool> HasIntake(const std::string& listing_id,
                                         const std::string& organization_id) = 0;
  virtual absl::StatusOr<std::vector<Intake>> ListIntakes(const std::string& listing_id) = 0;

  // ---- Units out of service
  virtual absl::Status InsertOutOfService(const OutOfService& unit) = 0;
  // NOT_FOUND when the unit is in service.
  virtual absl::Status DeleteOutOfService(const std::string& listing_id, int unit) = 0;
  virtual absl::StatusOr<std::vector<OutOfService>> ListOutOfService(
      const std::string& listing_id) = 0;

  // ---- Calendar feeds
  // ALREADY_EXISTS when the id or the secret hash is taken.
  virtual absl::Status InsertCalendarFeed(const CalendarFeed& feed) = 0;
  virtual absl::StatusOr<CalendarFeed> GetCalendarFeed(const std::string& id) = 0;
  // NOT_FOUND when no feed, revoked or not, has this secret hash.
  virtual absl::StatusOr<CalendarFeed> FindCalendarFeed(const std::string& secret_hash) = 0;
  // Oldest first.
  virtual absl::StatusOr<std::vector<CalendarFeed>> ListCalendarFeeds(
      const std::string& manager_organization_id) = 0;
  virtual absl::Status RevokeCalendarFeed(const std::string& id, absl::Time time) = 0;

  // ---- Series
  // ALREADY_EXISTS when the id is taken. The series' reservations are not written.
  virtual absl::Status InsertSeries(const Series& series) = 0;
  // Without reservations; NOT_FOUND when there is no such series.
  virtual absl::StatusOr<Series> GetSeries(const std::string& id) = 0;
  // Replaces the recurrence, template, conflicts and update time of the series with the id.
  virtual absl::Status UpdateSeries(const Series& series) = 0;
  // Makes `reservation_id` the one reservation of occurrence `index` of the series.
  virtual absl::Status SetSeriesOccurrence(const std::string& series_id, int index,
                                           const std::string& reservation_id) = 0;
  // The current reservation of every occurrence that has one, by occurrence index.
  virtual absl::StatusOr<std::vector<Reservation>> ListSeriesReservations(
      const std::string& series_id) = 0;
};

class BookingStore {
 public:
  virtual ~BookingStore() = default;
  // Runs `work` in a write transaction: committed when it returns OK (and the commit
  // succeeds), rolled back entirely otherwise. Serialisable.
  virtual absl::Status Transact(absl::FunctionRef<absl::Status(BookingTransaction&)> work) = 0;
  // Transact without waiting for other callers' work: `done` gets what Transact would have
  // returned. A store with threads of its own may return before the commit and call `done` on
  // one of them, so `done` must be quick and must not use the store (it is refused there); it
  // may also run the unit (and `done`) on the calling thread, which must be allowed to wait
  // for a commit. This default runs Transact on the calling thread and then `done`.
  virtual void TransactAsync(std::function<absl::Status(BookingTransaction&)> work,
                             absl::AnyInvocable<void(absl::Status) &&> done) {
    std::move(done)(Transact(work));
  }
  // Runs `work` on a consistent snapshot; writes inside are an error.
  virtual absl::Status Read(absl::FunctionRef<absl::Status(BookingTransaction&)> work) = 0;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_CORE_BOOKING_STORE_H_
