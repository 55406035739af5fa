#ifndef LEERPOOL_SERVICES_BOOKING_CORE_LISTING_DIRECTORY_H_
#define LEERPOOL_SERVICES_BOOKING_CORE_LISTING_DIRECTORY_H_

// What the booking engine needs from the equipment catalogue, stated in its own terms so the
// core knows no gRPC. grpc/ implements it over the catalogue's API (with short caches); tests
// mock it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/booking/core/model.h"
#include "services/common/auth/caller.h"

namespace leerpool::booking {

// Values match leerpool.catalogue.v1.Category.
enum class Category {
  kUnspecified = 0,
  kFixedInstallation = 1,
  kMobileSetup = 2,
  kVrArSet = 3,
  kSimulator = 4,
  kSimulationSpace = 5,
  kELearning = 6,
};

// Open on `weekday` (ISO: Monday 1 .. Sunday 7) from open_minute to close_minute (minutes
// after local midnight; close may be 1440) in the site's zone.
struct OpeningPeriod {
  int weekday = 0;
  int open_minute = 0;
  int close_minute = 0;
};

struct SiteFacts {
  std::string id;
  std::optional<LatLng> location;
  std::string time_zone;
  std::vector<OpeningPeriod> opening_hours;
};

struct MobileFacts {
  double service_radius_km = 0;
  int setup_minutes = 0;
  int teardown_minutes = 0;
  double travel_speed_kmh = 0;
};

struct ListingFacts {
  std::string id;
  std::string owner_organization_id;
  // Dutch title, else English; for calendar feeds.
  std::string title;
  Category category = Category::kUnspecified;
  bool published = false;
  int unit_count = 0;
  int capacity_per_unit = 0;
  // The sharing-terms version in force (0: none).
  int terms_version = 0;
  SiteFacts site;
  std::optional<MobileFacts> mobile;
};

struct Price {
  int64_t per_hour_cents = 0;
  int64_t per_half_day_cents = 0;
  int64_t per_day_cents = 0;
  int64_t per_learner_cents = 0;
  int64_t per_km_cents = 0;
};

// The parts of a sharing-terms version the engine applies.
struct Terms {
  int version = 0;
  bool approval_required = false;
  bool intake_required = false;
  int min_lead_time_hours = 0;
  int max_duration_hours = 0;  // 0: none
  int cancellation_deadline_hours = 0;
  int64_t cancellation_fee_cents = 0;
  int quota_hours_per_month = 0;  // 0: none
  Price price;
  int64_t deposit_cents = 0;
};

struct Closure {
  std::string id;
  // Empty: the whole site.
  std::string listing_id;
  absl::Time start;
  absl::Time end;
  std::string reason;
};

struct EligibilityQuery {
  std::string listing_id;
  std::string organization_id;
  std::string person_id;
  absl::Time start;
  absl::Time end;
  int learners = 0;
  std::optional<LatLng> destination;
};

struct EligibilityAnswer {
  bool may_book = false;
  // "code: message" for every failed rule.
  std::vector<std::string> reasons;
  int terms_version = 0;
  bool approval_required = false;
};

// A listing's facts with the closures that bind it (its site's and its own).
struct ListingSnapshot {
  ListingFacts facts;
  std::vector<Closure> closures;
};

// Failures: NOT_FOUND for an unknown (or unpublished) listing or terms version, UNAVAILABLE
// when the catalogue does not answer in time. Implementations must be thread-safe.
class ListingDirectory {
 public:
  virtual ~ListingDirectory() = default;
  virtual absl::StatusOr<ListingFacts> GetListing(const std::string& listing_id) = 0;
  // version 0: the current terms.
  virtual absl::StatusOr<Terms> GetTerms(const std::string& listing_id, int version) = 0;
  // Closures of the site (whole-site and per-listing) that end after `end_after`.
  virtual absl::StatusOr<std::vector<Closure>> ListClosures(const std::string& site_id,
                                                            absl::Time end_after) = 0;
  // Many listings at once, for availability across listings: the ones that exist and are
  // visible, in request order (unknown ids are left out), with closures ending after
  // `closures_end_after`. The default asks GetListing and ListClosures per listing;
  // implementations over a network override it with one round trip.
  virtual absl::StatusOr<std::vector<ListingSnapshot>> GetListings(
      const std::vector<std::string>& listing_ids, absl::Time closures_end_after);
  // Asked with the caller's own credentials: the catalogue applies its rules to the caller.
  virtual absl::StatusOr<EligibilityAnswer> CheckEligibility(const auth::Caller& caller,
                                                             const EligibilityQuery& query) = 0;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_CORE_LISTING_DIRECTORY_H_
