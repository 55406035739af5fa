#include "services/catalogue/core/estimates.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/catalogue/core/internal.h"
#include "services/common/status_macros.h"

namespace leerpool::catalogue {
namespace {

double Radians(double degrees) { return degrees * std::numbers::pi / 180.0; }

}  // namespace

double HaversineKm(const LatLng& a, const LatLng& b) {
  const double dlat = Radians(b.latitude - a.latitude);
  const double dlng = Radians(b.longitude - a.longitude);
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(Radians(a.latitude)) * std::cos(Radians(b.latitude)) *
                       std::sin(dlng / 2) * std::sin(dlng / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

absl::StatusOr<LatLng> ParseLatLng(std::string_view field, std::string_view text) {
  const std::vector<absl::string_view> parts =
      absl::StrSplit(absl::string_view(text.data(), text.size()), ',');
  LatLng point;
  if (parts.size() != 2 ||
      !absl::SimpleAtod(absl::StripAsciiWhitespace(parts[0]), &point.latitude) ||
      !absl::SimpleAtod(absl::StripAsciiWhitespace(parts[1]), &point.longitude)) {
    return internal::FieldError(field, "must be \"latitude,longitude\" in decimal degrees");
  }
  LP_RETURN_IF_ERROR(internal::CheckLatLng(field, point));
  return point;
}

int TravelMinutes(double distance_km, double speed_kmh) {
  if (speed_kmh <= 0) return 0;
  return static_cast<int>(std::ceil(distance_km / speed_kmh * 60.0 - 1e-9));
}

int64_t EstimateCostCents(const Price& price, double hours, int learners,
                          std::optional<double> transport_km) {
  std::optional<double> base;
  auto offer = [&base](double amount) { base = base ? std::min(*base, amount) : amount; };
  if (price.per_hour_cents > 0) offer(static_cast<double>(price.per_hour_cents) * hours);
  if (price.per_half_day_cents > 0 && hours <= 4) {
    offer(static_cast<double>(price.per_half_day_cents));
  }
  if (price.per_day_cents > 0) {
    offer(static_cast<double>(price.per_day_cents) * std::ceil(hours / 24.0));
  }
  double total = base.value_or(0);
  total += static_cast<double>(price.per_learner_cents) * learners;
  if (transport_km) total += static_cast<double>(price.per_km_cents) * 2.0 * *transport_km;
  return std::llround(total);
}

}  // namespace leerpool::catalogue
