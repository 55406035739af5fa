#ifndef LEERPOOL_SERVICES_CATALOGUE_CORE_MODEL_H_
#define LEERPOOL_SERVICES_CATALOGUE_CORE_MODEL_H_

// The catalogue's domain: listings of shareable learning equipment, the sites they are at,
// their versioned sharing terms, and what the catalogue knows about the owning organisations.
// Plain values; the rules live in Catalogue.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "services/catalogue/core/vocabulary.h"
#include "services/common/geo.h"

namespace leerpool::catalogue {

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
inline constexpr int kMaxCategory = 6;

// Values match leerpool.catalogue.v1.Audience.
enum class Audience {
  kUnspecified = 0,
  kPupils = 1,
  kTeachers = 2,
  kUpskillingWorkers = 3,
  kJobSeekersAndSideEntrants = 4,
  kTeensOrientation = 5,
};
inline constexpr int kMaxAudience = 5;

enum class ListingStatus { kUnspecified = 0, kDraft = 1, kPublished = 2, kRetired = 3 };

// leerpool.registry.v1.OrganizationKind values run from 1 (school) to 7 (simulation centre).
inline constexpr int kMinOrganizationKind = 1;
inline constexpr int kMaxOrganizationKind = 7;

// The short names used in CSV files ("mobile_setup", "pupils") and the API's enum names
// ("CATEGORY_MOBILE_SETUP", "AUDIENCE_PUPILS"), used for facet values.
std::string_view CategoryShortName(Category category);
std::string_view CategoryEnumName(Category category);
std::string_view AudienceShortName(Audience audience);
std::string_view AudienceEnumName(Audience audience);
// Accepts a short name, an enum name, or (for categories) "e-learning"; any case.
std::optional<Category> ParseCategory(std::string_view text);
std::optional<Audience> ParseAudience(std::string_view text);
// Dutch and English display labels, indexed for full-text search ("E-learning").
std::string_view CategoryLabelNl(Category category);
std::string_view CategoryLabelEn(Category category);

using LatLng = geo::LatLng;

struct PostalAddress {
  std::string street;
  std::string postal_code;
  std::string locality;
  std::string country;
  friend bool operator==(const PostalAddress&, const PostalAddress&) = default;
};

// A wall-clock time; 24:00 is allowed as the end of a day.
struct LocalTime {
  int hours = 0;
  int minutes = 0;
  int MinuteOfDay() const { return hours * 60 + minutes; }
  friend bool operator==(const LocalTime&, const LocalTime&) = default;
};

// Open on `weekday` (ISO: Monday 1 .. Sunday 7) from `open` to `close`, in the site's zone.
struct OpeningPeriod {
  int weekday = 0;
  LocalTime open;
  LocalTime close;
  friend bool operator==(const OpeningPeriod&, const OpeningPeriod&) = default;
};

struct Site {
  std::string id;
  std::string owner_organization_id;
  std::string name;
  PostalAddress address;
  std::optional<LatLng> location;
  // IANA zone the opening hours are stated in.
  std::string time_zone;
  std::vector<OpeningPeriod> opening_hours;
  absl::Time create_time;
  absl::Time update_time;
  friend bool operator==(const Site&, const Site&) = default;
};

// A holiday or maintenance window of a whole site, or of one listing at it.
struct Closure {
  std::string id;
  std::string site_id;
  // Empty: the whole site.
  std::string listing_id;
  // absl::InfinitePast() when a client did not send it.
  absl::Time start_time = absl::InfinitePast();
  absl::Time end_time = absl::InfinitePast();
  std::string reason;
  absl::Time create_time;
  friend bool operator==(const Closure&, const Closure&) = default;
};

struct MediaLink {
  std::string url;
  // "photo", "video", "manual", "website" (or empty).
  std::string kind;
  std::string caption;
  friend bool operator==(const MediaLink&, const MediaLink&) = default;
};

// A setup that travels to the borrower from its home site (the listing's site).
struct MobileSetup {
  double service_radius_km = 0;
  int setup_minutes = 0;
  int teardown_minutes = 0;
  double travel_speed_kmh = 0;
  friend bool operator==(const MobileSetup&, const MobileSetup&) = default;
};

struct Listing {
  std::string id;
  std::string owner_organization_id;
  std::string title_nl;
  std::string title_en;
  std::string description_nl;
  std::string description_en;
  Category category = Category::kUnspecified;
  // Vocabulary codes, in the order the owner gave them.
  std::vector<std::string> technologies;
  std::vector<std::string> sectors;
  std::vector<std::string> competences;
  int unit_count = 0;
  int capacity_per_unit = 0;
  std::vector<Audience> audiences;
  std::vector<std::string> languages;
  std::vector<MediaLink> media;
  ListingStatus status = ListingStatus::kUnspecified;
  std::string site_id;
  std::optional<MobileSetup> mobile;
  // The version of the sharing terms in force; 0 before the first.
  int terms_version = 0;
  absl::Time create_time;
  absl::Time update_time;

  // Output only: the owner as last copied from the registry, and the site.
  std::string owner_name;
  std::string owner_country;
  int owner_kind = 0;
  std::optional<Site> site;

  // The title to show and sort by: Dutch when there is one, else English.
  const std::string& DisplayTitle() const { return title_nl.empty() ? title_en : title_nl; }
  friend bool operator==(const Listing&, const Listing&) = default;
};

// Who may book. An organisation is eligible when `everyone` is set, or its kind is listed,
// or it belongs to a listed network, or it is listed by id. The owner always may.
struct WhoMayBook {
  bool everyone = false;
  std::vector<int> organization_kinds;
  std::vector<std::string> network_ids;
  std::vector<std::string> organization_ids;
  friend bool operator==(const WhoMayBook&, const WhoMayBook&) = default;
};

// Euro cents; 0 means "not charged this way".
struct Price {
  int64_t per_hour_cents = 0;
  int64_t per_half_day_cents = 0;
  int64_t per_day_cents = 0;
  int64_t per_learner_cents = 0;
  int64_t per_km_cents = 0;
  friend bool operator==(const Price&, const Price&) = default;
};

struct SharingTerms {
  std::string listing_id;
  int version = 0;
  WhoMayBook who_may_book;
  bool approval_required = false;
  std::vector<std::string> required_qualification_type_ids;
  bool intake_required = false;
  int min_lead_time_hours = 0;
  int max_duration_hours = 0;
  int cancellation_deadline_hours = 0;
  int64_t cancellation_fee_cents = 0;
  int quota_hours_per_month = 0;
  Price price;
  int64_t deposit_cents = 0;
  int64_t acquisition_cost_cents = 0;
  int expected_lifetime_years = 0;
  bool disclose_borrower_names = false;
  absl::Time create_time;
  std::string created_by_person_id;
  friend bool operator==(const SharingTerms&, const SharingTerms&) = default;
};

// What the catalogue keeps of an organisation from the registry: copied when a listing or
// site of it is created or changed, so search can filter and show owners without a registry
// call per result.
struct OrganizationSummary {
  std::string id;
  std::string name;
  // leerpool.registry.v1.OrganizationKind value.
  int kind = 0;
  // "NL" or "BE".
  std::string country;
  std::optional<LatLng> location;
  friend bool operator==(const OrganizationSummary&, const OrganizationSummary&) = default;
};

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_CORE_MODEL_H_
