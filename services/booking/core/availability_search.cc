// BookingEngine::SearchAvailability: "which of these listings can serve N learners in my
// window?" over thousands of listings, answered from one catalogue round trip and one
// snapshot of the occupancy table.

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/booking/core/booking_engine.h"
#include "services/booking/core/rules.h"
#include "services/common/status_macros.h"
#include "services/common/time_zone.h"

namespace leerpool::booking {
namespace {

// The occupation a reservation of [start, end) would need, or nullopt when the listing
// cannot take it at all (closed, outside its radius or opening hours, too small).
struct Need {
  absl::Time occupied_start;
  absl::Time occupied_end;
  int units = 0;
};

std::optional<Need> NeedFor(const ListingSnapshot& snapshot, const AvailabilityQuery& query) {
  const ListingFacts& listing = snapshot.facts;
  if (!listing.published || listing.unit_count < 1) return std::nullopt;
  const int capacity = std::max(1, listing.capacity_per_unit);
  Need need{query.start, query.end, std::max(1, (query.learners + capacity - 1) / capacity)};
  if (need.units > listing.unit_count) return std::nullopt;
  const bool loan = listing.mobile && query.destination;
  if (loan) {
    if (!listing.site.location) return std::nullopt;
    const double km = HaversineKm(*listing.site.location, *query.destination);
    if (km > listing.mobile->service_radius_km) return std::nullopt;
    const int travel = TravelMinutes(km, listing.mobile->travel_speed_kmh);
    need.occupied_start -= absl::Minutes(listing.mobile->setup_minutes + travel);
    need.occupied_end += absl::Minutes(listing.mobile->teardown_minutes + travel);
  } else if (listing.category != Category::kELearning && !listing.site.opening_hours.empty()) {
    const absl::TimeZone zone = IanaTimeZoneOrUtc(listing.site.time_zone);
    if (!WithinOpeningHours(listing.site.opening_hours, zone, query.start, query.end)) {
      return std::nullopt;
    }
  }
  for (const Closure& closure : snapshot.closures) {
    // Like CreateReservation: a closed home base stops a loan only when it leaves or returns.
    const bool hits =
        loan && closure.listing_id.empty()
            ? (closure.start <= need.occupied_start && need.occupied_start < closure.end) ||
                  (closure.start <= need.occupied_end && need.occupied_end < closure.end)
            : closure.start < need.occupied_end && need.occupied_start < closure.end;
    if (hits) return std::nullopt;
  }
  return need;
}

}  // namespace

absl::StatusOr<std::vector<AvailableListing>> BookingEngine::SearchAvailability(
    const AvailabilityQuery& query) {
  std::vector<std::string> invalid;
  if (query.listing_ids.empty()) invalid.push_back("listing_ids: at least one is required");
  if (query.listing_ids.size() > static_cast<size_t>(options_.max_search_listings)) {
    invalid.push_back(absl::StrCat("listing_ids: at most ", options_.max_search_listings));
  }
  if (std::any_of(query.listing_ids.begin(), query.listing_ids.end(),
                  [](const std::string& id) { return id.empty() || id.size() > 128; })) {
    invalid.push_back("listing_ids: an id is empty or too long");
  }
  const bool times_set = query.start != absl::InfinitePast() && query.end != absl::InfinitePast();
  if (!times_set) {
    invalid.push_back("start_time, end_time: are required");
  } else if (query.end <= query.start) {
    invalid.push_back("end_time: must be after start_time");
  } else if (query.end - query.start > options_.max_availability_window) {
    invalid.push_back(absl::StrCat("end_time: the window is at most ",
                                   absl::ToInt64Hours(options_.max_availability_window) / 24,
                                   " days"));
  }
  if (query.learners < 0) invalid.push_back("learners: must not be negative");
  if (query.destination && (std::abs(query.destination->latitude) > 90 ||
                            std::abs(query.destination->longitude) > 180)) {
    invalid.push_back("destination: latitude must be in [-90, 90], longitude in [-180, 180]");
  }
  if (!invalid.empty()) {
    std::string message;
    for (const std::string& problem : invalid) {
      absl::StrAppend(&message, message.empty() ? "" : "; ", problem);
    }
    return absl::InvalidArgumentError(message);
  }

  // Closures that end before the earliest possible departure cannot matter; a day's margin
  // covers setup and transport before the window.
  LP_ASSIGN_OR_RETURN(std::vector<ListingSnapshot> listings,
                      directory_.GetListings(query.listing_ids, query.start - absl::Hours(24)));
  std::vector<std::pair<const ListingSnapshot*, Need>> candidates;
  for (const ListingSnapshot& snapshot : listings) {
    if (std::optional<Need> need = NeedFor(snapshot, query)) {
      candidates.emplace_back(&snapshot, *need);
    }
  }

  std::vector<AvailableListing> out;
  const absl::Time now = clock_.Now();
  LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
    // Holds past their expiry are free, whether or not a write has released them yet.
    LP_ASSIGN_OR_RETURN(const std::vector<Reservation> holds, tx.ListExpiredHolds("", now));
    std::set<std::string> expired;
    for (const Reservation& r : holds) expired.insert(r.id);
    std::vector<ListingWindow> windows;
    std::vector<std::string> ids;
    for (const auto& [snapshot, need] : candidates) {
      windows.push_back({snapshot->facts.id, need.occupied_start, need.occupied_end});
      ids.push_back(snapshot->facts.id);
    }
    LP_ASSIGN_OR_RETURN(const std::vector<OutOfService> broken, tx.ListOutOfServiceOfListings(ids));
    LP_ASSIGN_OR_RETURN(const std::vector<Occupancy> occupancy,
                        tx.ListOccupancyOfListings(windows));
    // Busy units per listing. A listing asked for twice has the same window both times.
    std::map<std::string, std::set<int>> busy_units;
    for (const OutOfService& unit : broken) busy_units[unit.listing_id].insert(unit.unit);
    for (const Occupancy& o : occupancy) {
      if (!expired.contains(o.reservation_id)) busy_units[o.listing_id].insert(o.unit);
    }
    for (const auto& [snapshot, need] : candidates) {
      const ListingFacts& listing = snapshot->facts;
      const auto found = busy_units.find(listing.id);
      const std::set<int> none;
      const std::set<int>& busy = found == busy_units.end() ? none : found->second;
      int free_units = listing.unit_count;
      for (int unit : busy) {
        if (unit >= 1 && unit <= listing.unit_count) --free_units;
      }
      if (free_units >= need.units) out.push_back({listing.id, free_units});
    }
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace leerpool::booking
