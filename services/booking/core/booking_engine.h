#ifndef LEERPOOL_SERVICES_BOOKING_CORE_BOOKING_ENGINE_H_
#define LEERPOOL_SERVICES_BOOKING_CORE_BOOKING_ENGINE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/booking/core/booking_store.h"
#include "services/booking/core/inbox_notifier.h"
#include "services/booking/core/listing_directory.h"
#include "services/booking/core/model.h"
#include "services/booking/core/recurrence.h"
#include "services/booking/core/series.h"
#include "services/common/auth/caller.h"
#include "services/common/clock.h"

namespace leerpool::booking {

struct BookingEngineOptions {
  // How long a hold keeps its slot before ConfirmHold.
  absl::Duration hold_duration = absl::Minutes(10);
  // The longest use a reservation may ask for (occupancy rows are bounded at 366 days).
  absl::Duration max_reservation = absl::Hours(24 * 90);
  // The widest GetAvailability window.
  absl::Duration max_availability_window = absl::Hours(24 * 62);
  // How many listings one SearchAvailability may ask about.
  int max_search_listings = 5000;
  // How long a waitlist offer keeps the freed slot (never past the reservation's start).
  absl::Duration waitlist_offer_duration = absl::Hours(24);
};

// What CreateReservation is asked; mirrors leerpool.booking.v1.CreateReservationRequest.
struct ReservationRequest {
  std::string listing_id;
  std::string organization_id;
  // Defaults to the caller.
  std::string responsible_person_id;
  ReservationKind kind = ReservationKind::kUnspecified;
  absl::Time start_time = absl::InfinitePast();
  absl::Time end_time = absl::InfinitePast();
  int learners = 0;
  std::vector<AudienceCount> planned_learners;
  std::optional<Place> destination;
  std::string handover_from_reservation_id;
  bool hold = false;
  // When the units are taken: join the waitlist (the error stays ALREADY_EXISTS and names the
  // entry), and with auto_accept_offer have the reservation made when the slot frees.
  bool join_waitlist = false;
  bool auto_accept_offer = false;
  std::string idempotency_key;
  std::string notes;
};

struct ListReservationsQuery {
  ReservationFilter filter;
  int page_size = 0;
  std::string page_token;
};

struct ReservationPage {
  std::vector<Reservation> reservations;
  std::string next_page_token;
};

struct UnitAvailability {
  int unit = 0;
  std::vector<std::pair<absl::Time, absl::Time>> free;
  bool out_of_service = false;
};

struct Availability {
  std::string listing_id;
  std::string time_zone;
  std::vector<UnitAvailability> units;
};

// "Which of these listings can serve `learners` in [start, end) (at `destination`, for mobile
// setups)?"
struct AvailabilityQuery {
  std::vector<std::string> listing_ids;
  absl::Time start = absl::InfinitePast();
  absl::Time end = absl::InfinitePast();
  int learners = 0;
  std::optional<LatLng> destination;
};

struct AvailableListing {
  std::string listing_id;
  // Units (or seats) free for the whole window with every buffer.
  int free_units = 0;
};

// The booking engine's rules, free of any transport. Thread-safe.
class BookingEngine {
 public:
  BookingEngine(BookingStore& store, ListingDirectory& directory, Clock& clock,
                BookingEngineOptions options = {});

  // Every occurrence a weekly series would have, for a preview before booking it.
  static absl::StatusOr<std::vector<Occurrence>> PreviewSeries(const WeeklyRecurrence& recurrence) {
    return ExpandWeekly(recurrence);
  }

  // INVALID_ARGUMENT naming every bad field; FAILED_PRECONDITION naming every broken rule;
  // ALREADY_EXISTS when the units are taken (naming the intervals in the way); UNAVAILABLE
  // when the catalogue does not answer (nothing is stored then).
  absl::StatusOr<Reservation> CreateReservation(const auth::Caller& caller,
                                                const ReservationRequest& request);
  // The same without waiting for the commit: the checks run on the calling thread (which may
  // wait for the catalogue), and `done` gets the result, on the store's thread when the store
  // commits on one of its own (see BookingStore::TransactAsync), so `done` must be quick.
  void CreateReservation(const auth::Caller& caller, const ReservationRequest& request,
                         absl::AnyInvocable<void(absl::StatusOr<Reservation>) &&> done);
  // All items or none; an item's error is prefixed "items[i]: ".
  absl::StatusOr<Basket> CreateBasket(const auth::Caller& caller,
                                      const std::vector<ReservationRequest>& items,
                                      const std::string& idempotency_key);

  // ---- Recurring series (booking_engine_series.cc). One reservation per occurrence, made
  // with CreateReservation's rules; `request`'s times, hold and idempotency key are ignored.
  // ALL_OR_NOTHING stores every occurrence or nothing (the error names every occurrence that
  // does not fit, with its index, times and reasons); BEST_EFFORT reserves what fits and
  // records the rest as conflicts. A retry with the same idempotency key returns the series.
  absl::StatusOr<Series> CreateSeries(const auth::Caller& caller, const ReservationRequest& request,
                                      const WeeklyRecurrence& recurrence, SeriesMode mode,
                                      const std::string& idempotency_key);
  // With the current reservation of every occurrence; visible like its reservations.
  absl::StatusOr<Series> GetSeries(const auth::Caller& caller, const std::string& id);
  // Moves the occurrences in scope (past, checked-out and completed ones stay) to a new local
  // start time, duration or learner count, re-checking every rule: all move or none
  // (FAILED_PRECONDITION or ALREADY_EXISTS naming every occurrence that does not fit).
  absl::StatusOr<Series> UpdateSeries(const auth::Caller& caller, const std::string& id,
                                      const SeriesChange& change);
  // Cancels the future occurrences in scope in one transaction.
  absl::StatusOr<Series> CancelSeries(const auth::Caller& caller, const std::string& id,
                                      SeriesScope scope, int occurrence_index,
                                      const std::string& reason);

  absl::StatusOr<Reservation> GetReservation(const auth::Caller& caller, const std::string& id);
  absl::StatusOr<ReservationPage> ListReservations(const auth::Caller& caller,
                                                   const ListReservationsQuery& query);
  absl::StatusOr<std::vector<ReservationEvent>> ListReservationEvents(const auth::Caller& caller,
                                                                      const std::string& id);

  absl::StatusOr<Reservation> ConfirmHold(const auth::Caller& caller, const std::string& id);
  absl::StatusOr<Reservation> ApproveReservation(const auth::Caller& caller, const std::string& id,
                                                 const std::string& reason);
  absl::StatusOr<Reservation> RejectReservation(const auth::Caller& caller, const std::string& id,
                                                const std::string& reason);
  absl::StatusOr<Reservation> CancelReservation(const auth::Caller& caller, const std::string& id,
                                                const std::string& reason);
  absl::StatusOr<Reservation> HandOverReservation(const auth::Caller& caller, const std::string& id,
                                                  const std::string& responsible_person_id);
  absl::StatusOr<Reservation> CheckOutReservation(const auth::Caller& caller, const std::string& id,
                                                  std::optional<absl::Time> time,
                                                  const std::string& notes);
  absl::StatusOr<Reservation> CheckInReservation(const auth::Caller& caller, const std::string& id,
                                                 std::optional<absl::Time> time,
                                                 const std::vector<AudienceCount>& present,
                                                 Condition condition,
                                                 const std::string& damage_report);
  absl::StatusOr<Reservation> MarkNoShow(const auth::Caller& caller, const std::string& id);
  absl::Status ClearDamage(const auth::Caller& caller, const std::string& listing_id, int unit);

  absl::StatusOr<Intake> RecordIntake(const auth::Caller& caller, const std::string& listing_id,
                                      const std::string& organization_id, const std::string& date);
  absl::StatusOr<std::vector<Intake>> ListIntakes(const auth::Caller& caller,
                                                  const std::string& listing_id);

  // Free intervals per unit in [start, end); public.
  absl::StatusOr<Availability> GetAvailability(const std::string& listing_id, absl::Time start,
                                               absl::Time end,
                                               const std::optional<LatLng>& destination);

  // The listings (of at most 5000 asked) where a reservation of the whole window would find
  // enough free units: published, large enough, open (sessions), not closed, within the
  // service radius (loans), with buffers around the window free. Public, like
  // GetAvailability; it answers about occupation only, not about who may book.
  absl::StatusOr<std::vector<AvailableListing>> SearchAvailability(const AvailabilityQuery& query);

  // Releases every hold past its expiry; returns how many. Called periodically.
  absl::StatusOr<int> SweepExpiredHolds();

  // ---- Waitlist (waitlist_inbox.cc). Members of the organisation see its entries.
  absl::StatusOr<std::vector<WaitlistEntry>> ListWaitlistEntries(
      const auth::Caller& caller, const std::string& organization_id);
  // FAILED_PRECONDITION when the offer expired or was never made.
  absl::StatusOr<Reservation> AcceptWaitlistOffer(const auth::Caller& caller,
                                                  const std::string& entry_id);
  absl::Status LeaveWaitlist(const auth::Caller& caller, const std::string& entry_id);

  // ---- Inbox (waitlist_inbox.cc). Members of the organisation only.
  struct InboxPage {
    std::vector<InboxEvent> events;
    std::string next_page_token;
  };
  // Newest first.
  absl::StatusOr<InboxPage> ListInbox(const auth::Caller& caller,
                                      const std::string& organization_id, int page_size,
                                      const std::string& page_token);
  // The sequence a watch that starts now resumes after.
  absl::StatusOr<int64_t> InboxWatchStart(const auth::Caller& caller,
                                          const std::string& organization_id);
  // Notices after `after_sequence`, oldest first, waiting until there is one, `deadline`
  // passes (then empty), ShutdownInbox or `cancelled()` turns true (then CANCELLED).
  absl::StatusOr<std::vector<InboxEvent>> WaitInbox(
      const auth::Caller& caller, const std::string& organization_id, int64_t after_sequence,
      absl::Time deadline, absl::FunctionRef<bool()> cancelled = [] { return false; });
  // Ends every WaitInbox now and from now on (server shutdown).
  void ShutdownInbox() { inbox_notifier_.Shutdown(); }

  // ---- iCalendar feeds (calendar_feeds.cc)
  // Exactly one of `listing_id` (its owner's members) or `organization_id` (its members; its
  // own reservations as borrower). The result's url carries the secret; nothing else ever
  // shows it again.
  absl::StatusOr<CalendarFeed> CreateCalendarFeed(const auth::Caller& caller,
                                                  const std::string& listing_id,
                                                  const std::string& organization_id);
  // Feeds managed by the organisation, revoked ones included.
  absl::StatusOr<std::vector<CalendarFeed>> ListCalendarFeeds(const auth::Caller& caller,
                                                              const std::string& organization_id);
  absl::StatusOr<CalendarFeed> RevokeCalendarFeed(const auth::Caller& caller,
                                                  const std::string& feed_id);
  // The feed's text/calendar body; the secret is the credential, so there is no caller.
  // NOT_FOUND for an unknown or revoked secret.
  absl::StatusOr<std::string> GetCalendar(const std::string& secret);

 private:
  struct Prepared;
  struct NewReservation;
  // CreateReservation up to its transaction: the idempotent retry's answer, or the checks.
  absl::StatusOr<std::shared_ptr<NewReservation>> StartReservation(
      const auth::Caller& caller, const ReservationRequest& request);
  // CreateReservation's unit of work.
  absl::Status CommitReservation(BookingTransaction& tx, NewReservation& reservation);
  // Who an idempotency key belongs to: the person, or the API key acting.
  static std::string Principal(const auth::Caller& caller);
  absl::StatusOr<Prepared> Prepare(const auth::Caller& caller, const ReservationRequest& request,
                                   absl::Time now);
  absl::StatusOr<Reservation> Commit(BookingTransaction& tx, const auth::Caller& caller,
                                     Prepared& prepared, absl::Time now,
                                     const std::string& basket_id);
  // Prepare's result behind a pointer, for booking_engine_series.cc, which cannot see
  // Prepared's definition but hands it back to Commit.
  absl::StatusOr<std::shared_ptr<Prepared>> PrepareShared(const auth::Caller& caller,
                                                          const ReservationRequest& request,
                                                          absl::Time now);
  absl::Status ExpireHolds(BookingTransaction& tx, const std::string& listing_id, absl::Time now);
  // When `r`, the later loan of a handover, ends without taking place (cancelled, rejected,
  // expired), gives the earlier loan back its return leg. `r`'s occupancy must be deleted.
  absl::Status UndoHandover(BookingTransaction& tx, const auth::Caller& caller,
                            const Reservation& r, absl::Time now);
  // Loads a reservation the caller may see (NOT_FOUND otherwise), applies `change` and stores
  // it with an event of `type`, in one transaction.
  template <typename Change>
  absl::StatusOr<Reservation> Mutate(const auth::Caller& caller, const std::string& id,
                                     const std::string& type, Change change);

  // For waitlist_inbox.cc.
  absl::StatusOr<Reservation> JoinWaitlist(const auth::Caller& caller,
                                           const ReservationRequest& request, Reservation draft,
                                           int units_needed, int listing_units,
                                           int quota_hours_per_month, const absl::Status& conflict);
  // What adding [start, end) to the organisation's reservations of the listing would break of
  // a quota of `quota_hours` per calendar month of `zone`: one problem per month over it, none
  // when it fits (or there is no quota).
  static absl::StatusOr<std::vector<std::string>> QuotaProblems(
      BookingTransaction& tx, const std::string& listing_id, const std::string& organization_id,
      const absl::TimeZone& zone, absl::Time start, absl::Time end, int quota_hours);
  // After `r`'s occupancy was deleted: settles the waitlist entry `r` was an offer of, and
  // offers (or books) the freed slot to the first waiting entry that fits.
  absl::Status OfferFreedSlot(BookingTransaction& tx, const Reservation& r, absl::Time now);
  // Stores `event` and the inbox notices it makes, in the caller's transaction.
  absl::Status RecordEvent(BookingTransaction& tx, const Reservation& r,
                           const ReservationEvent& event);

  // Declared before store_, which is notifying_store_: every commit wakes inbox watchers.
  InboxNotifier inbox_notifier_;
  NotifyingBookingStore notifying_store_;
  BookingStore& store_;
  ListingDirectory& directory_;
  Clock& clock_;
  BookingEngineOptions options_;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_CORE_BOOKING_ENGINE_H_
