#ifndef LEERPOOL_SERVICES_COMMON_GEO_H_
#define LEERPOOL_SERVICES_COMMON_GEO_H_

// Distances and transport times, the same in the catalogue's estimates and the booking
// engine's schedule, so what a school is shown is what the engine enforces.

namespace leerpool::geo {

// A WGS84 point.
struct LatLng {
  double latitude = 0;
  double longitude = 0;
  friend bool operator==(const LatLng&, const LatLng&) = default;
};

// Mean Earth radius (IUGG).
inline constexpr double kEarthRadiusKm = 6371.0088;

// Great-circle distance.
double HaversineKm(const LatLng& a, const LatLng& b);

// Whole minutes (rounded up) to cover `distance_km` at `speed_kmh`; 0 for no speed. A
// micro-minute of slack keeps floating-point noise from turning 30 km at 60 km/h into 31.
int TravelMinutes(double distance_km, double speed_kmh);

}  // namespace leerpool::geo

#endif  // LEERPOOL_SERVICES_COMMON_GEO_H_
