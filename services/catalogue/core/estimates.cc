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
