#ifndef LEERPOOL_SERVICES_BOOKING_CORE_BOOKING_ENGINE_H_
#define LEERPOOL_SERVICES_BOOKING_CORE_BOOKING_ENGINE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "services/booking/core/recurrence.h"

namespace leerpool::booking {

// The booking engine's rules, free of any transport.
class BookingEngine {
 public:
  // Every occurrence a weekly series would have, for a preview before booking it.
  absl::StatusOr<std::vector<Occurrence>> PreviewSeries(const WeeklyRecurrence& recurrence) {
    return ExpandWeekly(recurrence);
  }
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_CORE_BOOKING_ENGINE_H_
