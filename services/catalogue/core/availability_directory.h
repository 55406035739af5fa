#ifndef LEERPOOL_SERVICES_CATALOGUE_CORE_AVAILABILITY_DIRECTORY_H_
#define LEERPOOL_SERVICES_CATALOGUE_CORE_AVAILABILITY_DIRECTORY_H_

// What the catalogue asks the booking engine when a search has an availability window: the
// booking engine owns reservations and occupancy, the catalogue only filters by its answer.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/catalogue/core/model.h"
#include "services/common/auth/caller.h"

namespace leerpool::catalogue {

struct AvailabilityQuery {
  // At most AvailabilityDirectory::kMaxListingsPerCall.
  std::vector<std::string> listing_ids = {};
  absl::Time start = absl::InfinitePast();
  absl::Time end = absl::InfinitePast();
  // At least 1.
  int learners = 1;
  // Where a mobile setup would go; absent when the search has no point.
  std::optional<LatLng> destination = {};
};

class AvailabilityDirectory {
 public:
  // The booking engine answers at most this many listings per call.
  static constexpr size_t kMaxListingsPerCall = 5000;

  virtual ~AvailabilityDirectory() = default;

  // The listings among query.listing_ids with a unit (or seat) free for `learners` for the
  // whole of [start, end) -- at `destination` for mobile setups -- and how many units are
  // free; a listing left out has none. UNAVAILABLE when the booking engine cannot answer;
  // INVALID_ARGUMENT when it rejects the window.
  virtual absl::StatusOr<std::map<std::string, int>> FreeUnits(const auth::Caller& caller,
                                                               const AvailabilityQuery& query) = 0;
};

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_CORE_AVAILABILITY_DIRECTORY_H_
