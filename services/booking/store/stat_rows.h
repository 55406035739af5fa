#ifndef LEERPOOL_SERVICES_BOOKING_STORE_STAT_ROWS_H_
#define LEERPOOL_SERVICES_BOOKING_STORE_STAT_ROWS_H_

// What the SQLite and the PostgreSQL statistics stores share besides their SQL: the 19 sums
// in the order both select them, reading them from a row, and how a bucket of days is split
// between the day rows and the month rollups. Both stores answer the same queries from the same
// aggregates, so these must not drift apart.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "services/booking/core/statistics.h"

namespace leerpool::booking::stat_rows {

// The sums of the aggregate columns, in StatCounts' order (ReadCounts reads them back).
inline constexpr char kSums[] =
    "sum(active_count), sum(completed_count), sum(cancelled_count), sum(no_show_count), "
    "sum(reserved_minutes), sum(used_minutes), sum(learners_total), sum(learners_1), "
    "sum(learners_2), sum(learners_3), sum(learners_4), sum(learners_5), "
    "sum(learner_minutes_total), sum(learner_minutes_1), sum(learner_minutes_2), "
    "sum(learner_minutes_3), sum(learner_minutes_4), sum(learner_minutes_5), "
    "sum(revenue_cents)";

// Ids bound as one JSON array parameter.
std::string JsonList(const std::vector<std::string>& ids);

// Aggregates are keyed by UTC day number since 1970-01-01.
inline int64_t DayOf(absl::CivilDay day) { return day - absl::CivilDay(1970, 1, 1); }
inline absl::CivilDay CivilOf(int64_t day) { return absl::CivilDay(1970, 1, 1) + day; }

// The 19 sums in kSums' order from column `first` on; `int_at(column)` reads one.
template <typename IntAt>
void ReadCounts(IntAt int_at, int first, StatCounts& c) {
  c.active = int_at(first);
  c.completed = int_at(first + 1);
  c.cancelled = int_at(first + 2);
  c.no_shows = int_at(first + 3);
  c.reserved_minutes = int_at(first + 4);
  c.used_minutes = int_at(first + 5);
  for (int a = 0; a <= kAudienceCount; ++a) {
    c.learners[a] = int_at(first + 6 + a);
    c.learner_minutes[a] = int_at(first + 12 + a);
  }
  c.revenue_cents = int_at(first + 18);
}

// Reads the days [from, to) through `days(from, to)`; with `rollups`, the whole UTC months in
// it through `months(from, to)` instead, and only the days around them through `days`.
template <typename Days, typename Months>
absl::Status ScanBucket(int64_t from, int64_t to, bool rollups, Days days, Months months) {
  if (rollups) {
    const absl::CivilDay from_day = CivilOf(from);
    absl::CivilDay first = absl::CivilDay(absl::CivilMonth(from_day));
    if (first < from_day) first = absl::CivilDay(absl::CivilMonth(from_day) + 1);
    const absl::CivilDay last = absl::CivilDay(absl::CivilMonth(CivilOf(to)));
    if (first < last) {
      if (absl::Status s = days(from, DayOf(first)); !s.ok()) return s;
      if (absl::Status s = months(DayOf(first), DayOf(last)); !s.ok()) return s;
      return days(DayOf(last), to);
    }
  }
  return days(from, to);
}

}  // namespace leerpool::booking::stat_rows

#endif  // LEERPOOL_SERVICES_BOOKING_STORE_STAT_ROWS_H_
