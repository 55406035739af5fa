#include "services/common/geo.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace leerpool::geo {
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

int TravelMinutes(double distance_km, double speed_kmh) {
  if (speed_kmh <= 0) return 0;
  return static_cast<int>(std::ceil(distance_km / speed_kmh * 60.0 - 1e-6));
}

}  // namespace leerpool::geo
