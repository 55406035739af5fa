#ifndef LEERPOOL_SERVICES_BOOKING_CORE_SERIES_H_
#define LEERPOOL_SERVICES_BOOKING_CORE_SERIES_H_

// A recurring series: one weekly recurrence reserved as one reservation per occurrence. The
// series keeps the rule and the request it was made from; each occurrence index points at
// exactly one reservation (the current one: the original, or the one it was moved to).

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/booking/core/model.h"
#include "services/booking/core/recurrence.h"

namespace leerpool::booking {

// Values match leerpool.booking.v1.SeriesMode.
enum class SeriesMode { kUnspecified = 0, kAllOrNothing = 1, kBestEffort = 2 };

// Values match leerpool.booking.v1.SeriesScope.
enum class SeriesScope { kUnspecified = 0, kOne = 1, kThisAndFollowing = 2, kAll = 3 };

// An occurrence that was not reserved (best effort) or could not be (all or nothing, or an
// update), with every reason.
struct OccurrenceConflict {
  int index = 0;
  absl::Time start;
  absl::Time end;
  std::vector<std::string> reasons;
  friend bool operator==(const OccurrenceConflict&, const OccurrenceConflict&) = default;
};

// What every occurrence is reserved with; the times come from the recurrence.
struct SeriesTemplate {
  ReservationKind kind = ReservationKind::kUnspecified;
  std::string responsible_person_id;
  int learners = 0;
  std::vector<AudienceCount> planned_learners;
  std::optional<Place> destination;
  std::string notes;
};

struct Series {
  std::string id;
  std::string listing_id;
  // Copied from the listing, so the owner's right to see it needs no catalogue call.
  std::string owner_organization_id;
  // The borrowing organisation.
  std::string organization_id;
  std::string created_by_person_id;
  SeriesMode mode = SeriesMode::kUnspecified;
  WeeklyRecurrence recurrence;
  SeriesTemplate request;
  // Occurrences not reserved when the series was created (best effort).
  std::vector<OccurrenceConflict> conflicts;
  absl::Time create_time;
  absl::Time update_time;
  // The current reservation of every occurrence that has one, by index. Not stored with the
  // series: read from the reservations.
  std::vector<Reservation> reservations;
};

// An UpdateSeries: unset fields stay as they are.
struct SeriesChange {
  SeriesScope scope = SeriesScope::kUnspecified;
  int occurrence_index = 0;
  // Only hour and minute are read; wall-clock time in the series' zone.
  std::optional<absl::CivilMinute> start_time_of_day;
  std::optional<absl::Duration> duration;
  std::optional<int> learners;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_CORE_SERIES_H_
