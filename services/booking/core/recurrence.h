#ifndef LEERPOOL_SERVICES_BOOKING_CORE_RECURRENCE_H_
#define LEERPOOL_SERVICES_BOOKING_CORE_RECURRENCE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace leerpool::booking {

// "Every interval_weeks weeks on `weekdays` at start_time for duration, in time_zone, from
// first_date until until_date (inclusive) or for count occurrences." Times are wall-clock
// times in the named zone, so a 09:00 lesson stays at 09:00 across DST changes.
struct WeeklyRecurrence {
  std::string time_zone;
  absl::CivilDay first_date;
  absl::CivilMinute start_time_of_day;  // only hour and minute are read
  absl::Duration duration;
  // ISO numbering: Monday 1 ... Sunday 7.
  std::vector<int> weekdays;
  int interval_weeks = 1;
  std::optional<absl::CivilDay> until_date;
  int count = 0;
};

struct Occurrence {
  int index = 0;
  absl::Time start;
  absl::Time end;
  // e.g. "2026-03-30T09:00:00+02:00" in the series' zone.
  std::string local_start;
};

inline constexpr int kMaxSeriesOccurrences = 520;

// Validates the recurrence (INVALID_ARGUMENT naming the "recurrence.<field>") and lists every
// occurrence in order. A wall-clock start that does not exist on a spring-forward day is
// taken with the offset before the change (as RFC 5545 prescribes); one that exists twice on
// a fall-back day is the earlier.
absl::StatusOr<std::vector<Occurrence>> ExpandWeekly(const WeeklyRecurrence& recurrence);

// Checks that y-m-d is a real calendar date (no 30 February); INVALID_ARGUMENT naming `field`.
absl::StatusOr<absl::CivilDay> MakeDate(int year, int month, int day, const std::string& field);

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_CORE_RECURRENCE_H_
