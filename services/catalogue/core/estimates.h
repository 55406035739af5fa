#ifndef LEERPOOL_SERVICES_CATALOGUE_CORE_ESTIMATES_H_
#define LEERPOOL_SERVICES_CATALOGUE_CORE_ESTIMATES_H_

// The arithmetic behind search results: distances, travel times and the cost of a session.

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/catalogue/core/model.h"

namespace leerpool::catalogue {

// Door-to-door speed assumed for a school travelling to a fixed installation.
inline constexpr double kVisitorSpeedKmh = 50.0;

using geo::HaversineKm;
using geo::TravelMinutes;

// "lat,lng" (decimal degrees, optional spaces), validated; INVALID_ARGUMENT naming `field`.
absl::StatusOr<LatLng> ParseLatLng(std::string_view field, std::string_view text);

// One session of `hours` for `learners`: the cheapest of per_hour x hours, per_half_day (when
// hours <= 4) and per_day x ceil(hours / 24), counting only the rates that are set (non-zero);
// plus per_learner x learners; plus per_km x 2 x `transport_km` (there and back) when the
// equipment travels. Rounded to whole cents.
int64_t EstimateCostCents(const Price& price, double hours, int learners,
                          std::optional<double> transport_km);

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_CORE_ESTIMATES_H_
