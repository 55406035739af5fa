#ifndef LEERPOOL_SERVICES_BOOKING_CORE_RULES_H_
#define LEERPOOL_SERVICES_BOOKING_CORE_RULES_H_

// The arithmetic of reservations: distances and transport, opening hours in a zone, price
// quotes. Pure functions, tested on their own.

#include <vector>

#include "absl/time/time.h"
#include "services/booking/core/listing_directory.h"
#include "services/booking/core/model.h"

namespace leerpool::booking {

struct Interval {
  absl::Time start;
  absl::Time end;
  friend bool operator==(const Interval&, const Interval&) = default;
};

using geo::HaversineKm;
using geo::TravelMinutes;

// The site's opening hours as instants, merged where one period ends as the next begins
// (across midnight too), clipped to [from, to). Wall-clock periods are placed with the zone's
// rules of each day, so 09:00-12:00 is 08:00Z-11:00Z in winter and 07:00Z-10:00Z in summer.
std::vector<Interval> OpenIntervals(const std::vector<OpeningPeriod>& hours,
                                    const absl::TimeZone& zone, absl::Time from, absl::Time to);
// Whether [start, end) lies inside one (merged) opening interval.
bool WithinOpeningHours(const std::vector<OpeningPeriod>& hours, const absl::TimeZone& zone,
                        absl::Time start, absl::Time end);

// `from` minus `taken` (sorted or not); the result is sorted and disjoint.
std::vector<Interval> Subtract(std::vector<Interval> from, std::vector<Interval> taken);

// The cheapest of per hour x hours, per half day (up to 4 hours) and per day x ceil(hours /
// 24), counting only rates that are set; plus per learner; plus per km x 2 x distance for
// loans. Each part is a line; amounts rounded to whole cents.
PriceQuote Quote(const Terms& terms, absl::Duration use, int learners,
                 std::optional<double> transport_km);

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_CORE_RULES_H_
