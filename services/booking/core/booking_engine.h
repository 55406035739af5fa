#ifndef LEERPOOL_SERVICES_BOOKING_CORE_BOOKING_ENGINE_H_
#define LEERPOOL_SERVICES_BOOKING_CORE_BOOKING_ENGINE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/booking/core/booking_store.h"
#include "services/booking/core/listing_directory.h"
#include "services/booking/core/model.h"
#include "services/booking/core/recurrence.h"
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
  // All items or none; an item's error is prefixed "items[i]: ".
  absl::StatusOr<Basket> CreateBasket(const auth::Caller& caller,
                                      const std::vector<ReservationRequest>& items,
                                      const std::string& idempotency_key);

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

  // Releases every hold past its expiry; returns how many. Called periodically.
  absl::StatusOr<int> SweepExpiredHolds();

 private:
  struct Prepared;
  absl::StatusOr<Prepared> Prepare(const auth::Caller& caller, const ReservationRequest& request,
                                   absl::Time now);
  absl::StatusOr<Reservation> Commit(BookingTransaction& tx, const auth::Caller& caller,
                                     Prepared& prepared, absl::Time now,
                                     const std::string& basket_id);
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

  BookingStore& store_;
  ListingDirectory& directory_;
  Clock& clock_;
  BookingEngineOptions options_;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_CORE_BOOKING_ENGINE_H_
