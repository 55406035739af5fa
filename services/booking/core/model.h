#ifndef LEERPOOL_SERVICES_BOOKING_CORE_MODEL_H_
#define LEERPOOL_SERVICES_BOOKING_CORE_MODEL_H_

// The booking engine's domain: reservations of listed equipment, the units they occupy, and
// their history. Plain values; the rules live in BookingEngine.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/common/geo.h"

namespace leerpool::booking {

// Values match leerpool.booking.v1.ReservationKind.
enum class ReservationKind { kUnspecified = 0, kSession = 1, kLoan = 2 };

// Values match leerpool.booking.v1.ReservationStatus.
enum class ReservationStatus {
  kUnspecified = 0,
  kHeld = 1,
  kPendingApproval = 2,
  kConfirmed = 3,
  kCheckedOut = 4,
  kCompleted = 5,
  kRejected = 6,
  kCancelled = 7,
  kNoShow = 8,
  kExpired = 9,
};

// Whether a reservation in this status keeps its units occupied.
bool IsActive(ReservationStatus status);
const char* StatusName(ReservationStatus status);

// Values match leerpool.booking.v1.Condition.
enum class Condition { kUnspecified = 0, kGood = 1, kDamaged = 2 };

using LatLng = geo::LatLng;

struct PostalAddress {
  std::string street;
  std::string postal_code;
  std::string locality;
  std::string country;
  friend bool operator==(const PostalAddress&, const PostalAddress&) = default;
};

struct Place {
  std::string name;
  PostalAddress address;
  std::optional<LatLng> location;
  friend bool operator==(const Place&, const Place&) = default;
};

// leerpool.catalogue.v1.Audience value and a head count.
struct AudienceCount {
  int audience = 0;
  int count = 0;
  friend bool operator==(const AudienceCount&, const AudienceCount&) = default;
};

struct PriceLine {
  std::string description;
  int64_t amount_cents = 0;
  friend bool operator==(const PriceLine&, const PriceLine&) = default;
};

struct PriceQuote {
  int64_t total_cents = 0;
  std::vector<PriceLine> lines;
  int64_t deposit_cents = 0;
  int terms_version = 0;
  friend bool operator==(const PriceQuote&, const PriceQuote&) = default;
};

struct Reservation {
  std::string id;
  std::string listing_id;
  // Copied from the listing when reserved, so the owner's rights need no catalogue call.
  std::string owner_organization_id;
  std::vector<int> units;
  std::string organization_id;
  std::string responsible_person_id;
  std::string created_by_person_id;
  ReservationKind kind = ReservationKind::kUnspecified;
  ReservationStatus status = ReservationStatus::kUnspecified;
  absl::Time start_time;
  absl::Time end_time;
  absl::Time occupied_start_time;
  absl::Time occupied_end_time;
  std::string time_zone;
  int learners = 0;
  std::vector<AudienceCount> planned_learners;
  std::optional<Place> destination;
  int transport_minutes_out = 0;
  int transport_minutes_back = 0;
  // Kept so a handover can shorten this loan to the end of its teardown.
  int teardown_minutes = 0;
  // The drive from the destination back to the home base. A handover zeroes
  // transport_minutes_back; this survives so that undoing the handover restores the leg.
  int return_to_base_minutes = 0;
  std::string handover_from_reservation_id;
  std::string handover_to_reservation_id;
  int terms_version = 0;
  // Whether terms_version asks the owner to approve (a confirmed hold then waits for it).
  bool approval_required = false;
  PriceQuote quote;
  // The cancellation terms of terms_version, kept so a cancellation needs no catalogue call.
  int cancellation_deadline_hours = 0;
  int64_t cancellation_fee_terms_cents = 0;
  std::optional<absl::Time> hold_expire_time;
  std::string basket_id;
  // The series this reservation is an occurrence of (empty: none), and which occurrence.
  std::string series_id;
  int occurrence_index = 0;
  std::optional<absl::Time> check_out_time;
  std::optional<absl::Time> check_in_time;
  std::vector<AudienceCount> learners_present;
  Condition condition = Condition::kUnspecified;
  std::string damage_report;
  int64_t cancellation_fee_cents = 0;
  std::string reason;
  std::string notes;
  absl::Time create_time;
  absl::Time update_time;
};

// One unit's occupation by one active reservation: [start, end), buffers included.
struct Occupancy {
  std::string listing_id;
  int unit = 0;
  absl::Time start;
  absl::Time end;
  std::string reservation_id;
};

struct ReservationEvent {
  std::string id;
  std::string reservation_id;
  absl::Time time;
  std::string actor_person_id;
  std::string actor_organization_id;
  std::string type;
  ReservationStatus status = ReservationStatus::kUnspecified;
  std::string details;
};

struct Intake {
  std::string listing_id;
  std::string organization_id;
  std::string date;  // YYYY-MM-DD
  std::string recorded_by_person_id;
};

// A unit taken out of service by a damage report.
struct OutOfService {
  std::string listing_id;
  int unit = 0;
  std::string owner_organization_id;
  std::string reservation_id;
  std::string report;
  absl::Time since;
};

struct Basket {
  std::string id;
  std::vector<Reservation> reservations;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_CORE_MODEL_H_
