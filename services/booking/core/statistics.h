#ifndef LEERPOOL_SERVICES_BOOKING_CORE_STATISTICS_H_
#define LEERPOOL_SERVICES_BOOKING_CORE_STATISTICS_H_

// Multi-use statistics over the booking engine's reservations: utilisation, distinct
// borrowing organisations, cross-border use, learners reached, cost per learner-hour.
//
// The sums come from aggregates the store keeps in the transaction of every reservation
// change (StatisticsStore); the dimensions (technology, sector, region, owner kind, opening
// hours, acquisition cost, ...) come from the catalogue and the registry (StatisticsDirectory).
// The rules of who sees what live here.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/booking/core/booking_store.h"
#include "services/booking/core/listing_directory.h"
#include "services/common/auth/caller.h"
#include "services/common/clock.h"

namespace leerpool::booking {

// Audiences 1..5 (leerpool.catalogue.v1.Audience); index 0 holds every audience together.
inline constexpr int kAudienceCount = 5;

// The sums of one aggregate row (see migration 0007 for what each one counts).
struct StatCounts {
  int64_t active = 0;
  int64_t completed = 0;
  int64_t cancelled = 0;
  int64_t no_shows = 0;
  int64_t reserved_minutes = 0;
  int64_t used_minutes = 0;
  // [0]: all audiences; [1..5]: per audience.
  std::array<int64_t, kAudienceCount + 1> learners{};
  std::array<int64_t, kAudienceCount + 1> learner_minutes{};
  int64_t revenue_cents = 0;

  void Add(const StatCounts& other);
  friend bool operator==(const StatCounts&, const StatCounts&) = default;
};

// The contribution of one reservation, as the store's triggers compute it; for tests that
// recompute the aggregates from the raw reservations.
StatCounts ContributionOf(const Reservation& reservation);
// The UTC day (days since 1970-01-01) a reservation's figures are counted on: its start.
int64_t StatDay(absl::Time time);

struct StatRow {
  std::string listing_id;
  std::string owner_organization_id;
  std::string organization_id;
  // UTC day; -1 when the query summed over days.
  int64_t day = -1;
  StatCounts counts;
};

struct StatRowQuery {
  // [from_day, to_day) in UTC days.
  int64_t from_day = 0;
  int64_t to_day = 0;
  // Empty: any.
  std::vector<std::string> listing_ids;
  std::vector<std::string> owner_organization_ids;
  std::string organization_id;
  // One row per day, else one per (listing, owner, borrower) summed over the period.
  bool per_day = false;
};

// The sums of several buckets at once, with every id as a small integer (an index into `ids`),
// so that a year of rows adds up without string keys.
struct StatBlock {
  std::vector<std::string> ids;
  // All sums of (bucket, listing, owner), or of (bucket, listing, owner, borrower).
  struct Sums {
    int32_t bucket = 0;
    int32_t listing = 0;
    int32_t owner = 0;
    // -1: summed over every borrower.
    int32_t borrower = -1;
    StatCounts counts;
  };
  // Completed use of (bucket, listing, owner, borrower); rows without completed use may be
  // left out. A (bucket, listing, owner, borrower) may come in several rows (whole months and
  // days at the edges of the bucket): their sum is what counts.
  struct Use {
    int32_t bucket = 0;
    int32_t listing = 0;
    int32_t owner = 0;
    int32_t borrower = 0;
    int64_t completed = 0;
    int64_t used_minutes = 0;
  };
  std::vector<Sums> sums;
  std::vector<Use> uses;
};

struct StatBlockQuery {
  // Bucket b is [bounds[b], bounds[b + 1]) in UTC days.
  std::vector<int64_t> bounds;
  // Filters as in StatRowQuery (empty: any).
  std::vector<std::string> listing_ids;
  std::vector<std::string> owner_organization_ids;
  std::string organization_id;
  // Sums per borrower (every Sums row has borrower >= 0).
  bool sums_per_borrower = false;
  // Whole months may be read from month rollups; false: from the day rows only.
  bool month_rollups = true;
};

// The aggregates. Implementations must be thread-safe.
class StatisticsStore {
 public:
  virtual ~StatisticsStore() = default;
  virtual absl::StatusOr<std::vector<StatRow>> QueryRows(const StatRowQuery& query) = 0;
  // Every sum a query needs, read in one snapshot.
  virtual absl::StatusOr<StatBlock> QueryBlock(const StatBlockQuery& query) = 0;
  // Every listing ever reserved, with its owner (owner filter applied unless empty).
  struct KnownListing {
    std::string listing_id;
    std::string owner_organization_id;
  };
  virtual absl::StatusOr<std::vector<KnownListing>> ListKnownListings(
      const std::string& owner_organization_id) = 0;
};

// ---- Dimensions

struct ListingDimensions {
  std::string id;
  std::string owner_organization_id;
  std::string title;
  Category category = Category::kUnspecified;
  std::vector<std::string> technologies;
  std::vector<std::string> sectors;
  std::string owner_country;
  int unit_count = 1;
  bool mobile = false;
  std::string time_zone;
  std::vector<OpeningPeriod> opening_hours;
  // Closures of the listing's site (whole site or this listing) overlapping the period asked.
  std::vector<Closure> closures;
  // From the current sharing terms; 0 when not stated.
  int64_t acquisition_cost_cents = 0;
  int expected_lifetime_years = 0;
  bool disclose_borrower_names = false;
};

// Values match leerpool.registry.v1.OrganizationKind.
enum class OrganizationKind {
  kUnspecified = 0,
  kSchool = 1,
  kTrainingCentre = 2,
  kCompany = 3,
  kManufacturer = 4,
  kSectorBody = 5,
  kGovernment = 6,
  kSimulationCentre = 7,
};
const char* OrganizationKindCode(OrganizationKind kind);

struct OrganizationDimensions {
  std::string id;
  std::string name;
  OrganizationKind kind = OrganizationKind::kUnspecified;
  std::string country;
  std::string region;
};

struct NetworkDimensions {
  std::string id;
  std::string owner_organization_id;
  std::vector<std::string> member_organization_ids;
};

// What statistics need from the catalogue and the registry. NOT_FOUND-free: unknown ids are
// left out (listings) or answered with nullopt; UNAVAILABLE when a service does not answer.
// Implementations must be thread-safe (and may cache briefly).
class StatisticsDirectory {
 public:
  virtual ~StatisticsDirectory() = default;
  // The listings that exist, with closures overlapping [from, to).
  virtual absl::StatusOr<std::vector<ListingDimensions>> GetListings(
      const std::vector<std::string>& listing_ids, absl::Time from, absl::Time to) = 0;
  virtual absl::StatusOr<std::optional<OrganizationDimensions>> GetOrganization(
      const std::string& organization_id) = 0;
  virtual absl::StatusOr<std::optional<NetworkDimensions>> GetNetwork(
      const std::string& network_id) = 0;
};

// ---- Queries

enum class GroupBy {
  kNone = 0,
  kListing = 1,
  kOwner = 2,
  kTechnology = 3,
  kSector = 4,
  kRegion = 5,
  kCountry = 6,
  kOwnerKind = 7,
  kBorrowerKind = 8,
};

enum class StatInterval { kUnspecified = 0, kMonth = 1, kWeek = 2, kQuarter = 3, kSchoolYear = 4 };

// At most one field set; none: platform-wide.
struct StatScope {
  std::string listing_id;
  std::string owner_organization_id;
  // As borrower.
  std::string organization_id;
  std::string network_id;
  std::string technology;
  std::string sector;
  std::string region;
  std::string country;
  OrganizationKind owner_kind = OrganizationKind::kUnspecified;
};

struct StatQuery {
  StatScope scope;
  absl::Time start = absl::InfinitePast();
  absl::Time end = absl::InfinitePast();
  GroupBy group_by = GroupBy::kNone;
};

struct AudienceFigures {
  int audience = 0;
  int64_t learners = 0;
  double learner_hours = 0;
};

struct KindCount {
  OrganizationKind kind = OrganizationKind::kUnspecified;
  int count = 0;
};

struct BorrowerFigures {
  std::string organization_id;
  std::string name;
  double used_hours = 0;
};

// Every figure for one group and one period [period_start, period_end) (whole UTC days).
struct StatFigures {
  std::string group_key;
  std::string group_label;
  absl::Time period_start;
  absl::Time period_end;
  int listing_count = 0;
  double available_hours = 0;
  double reserved_hours = 0;
  double used_hours = 0;
  // used_hours / available_hours (0 when nothing was available).
  double utilisation = 0;
  int64_t reservations_active = 0;
  int64_t reservations_completed = 0;
  int64_t cancellations = 0;
  int64_t no_shows = 0;
  int distinct_organizations = 0;
  std::vector<KindCount> organizations_by_kind;
  int cross_border_organizations = 0;
  double cross_border_used_hours = 0;
  double cross_border_used_hours_share = 0;
  double cross_border_organizations_share = 0;
  int64_t learners_reached = 0;
  double learner_hours = 0;
  std::vector<AudienceFigures> audiences;
  int64_t revenue_cents = 0;
  // Acquisition cost / expected lifetime, for the period, of the listings stating both.
  int64_t depreciation_cents = 0;
  // depreciation_cents / learner_hours (0 when either is 0).
  double cost_per_learner_hour_cents = 0;
  // Only where the caller may see them (see docs/security.md).
  std::vector<BorrowerFigures> borrowers;
};

struct StatSummary {
  absl::Time period_start;
  absl::Time period_end;
  // One entry per group (a single entry with an empty key without group_by), by key.
  std::vector<StatFigures> groups;
};

struct StatTimeSeries {
  StatInterval interval = StatInterval::kUnspecified;
  // Per bucket (and group), by bucket start then key; buckets are clipped to the period.
  std::vector<StatFigures> points;
};

enum class TopOrder { kUtilisation = 1, kDistinctOrganizations = 2 };

struct TopQuery {
  StatQuery query;  // group_by ignored: the ranking is per listing
  TopOrder order = TopOrder::kUtilisation;
  bool bottom = false;
  int limit = 10;
};

// A past reservation recorded from a previous system.
struct HistoricReservation {
  std::string listing_id;
  std::string owner_organization_id;
  std::string organization_id;
  std::string responsible_person_id;
  ReservationKind kind = ReservationKind::kSession;
  // kCompleted, kCancelled or kNoShow.
  ReservationStatus status = ReservationStatus::kCompleted;
  absl::Time start_time;
  absl::Time end_time;
  int learners = 0;
  std::optional<absl::Time> check_out_time;
  std::optional<absl::Time> check_in_time;
  std::vector<AudienceCount> learners_present;
  int64_t price_cents = 0;
  int64_t cancellation_fee_cents = 0;
  std::string time_zone;
  std::vector<int> units;
};

struct StatisticsOptions {
  absl::Duration max_period = absl::Hours(24 * 3653);
  int max_top = 100;
  int max_import = 5000;
  // Read whole months from the store's month rollups (false: from the day rows, for tests
  // that compare the two).
  bool month_rollups = true;
};

// Thread-safe.
class Statistics {
 public:
  Statistics(StatisticsStore& store, StatisticsDirectory& directory, BookingStore& bookings,
             Clock& clock, StatisticsOptions options = {});

  absl::StatusOr<StatSummary> Summary(const auth::Caller& caller, const StatQuery& query);
  absl::StatusOr<StatTimeSeries> TimeSeries(const auth::Caller& caller, const StatQuery& query,
                                            StatInterval interval);
  absl::StatusOr<std::vector<StatFigures>> Top(const auth::Caller& caller, const TopQuery& query);
  // The summary (interval unspecified) or the time series as CSV (RFC 4180, UTF-8, CRLF).
  absl::StatusOr<std::string> Export(const auth::Caller& caller, const StatQuery& query,
                                     StatInterval interval);

  // Platform admins only: stores past reservations (all ending before now) through the
  // booking store, so the aggregates count them; returns their ids. All or nothing.
  absl::StatusOr<std::vector<std::string>> ImportHistory(
      const auth::Caller& caller, const std::vector<HistoricReservation>& history);

 private:
  struct Access;
  struct Plan;
  absl::StatusOr<Plan> Prepare(const auth::Caller& caller, const StatQuery& query);
  absl::StatusOr<std::vector<StatFigures>> Compute(const auth::Caller& caller,
                                                   const StatQuery& query, StatInterval interval);

  StatisticsStore& store_;
  StatisticsDirectory& directory_;
  BookingStore& bookings_;
  Clock& clock_;
  StatisticsOptions options_;
};

// ---- Pieces exposed for tests

// Buckets of `interval` covering [start, end), clipped to it: [bucket start, bucket end).
// Weeks start on Monday, quarters in January, April, July, October, school years on
// 1 September; all in UTC.
std::vector<std::pair<absl::Time, absl::Time>> StatBuckets(absl::Time start, absl::Time end,
                                                           StatInterval interval);
// Minutes the listing is available in [from, to): opening hours in its site's zone (24 hours
// a day for mobile setups and listings without opening hours) minus closures, times units.
int64_t AvailableMinutes(const ListingDimensions& listing, absl::Time from, absl::Time to);
// AvailableMinutes, remembering the opening intervals of each (zone, opening hours, period):
// most listings share their site's week, so a query over thousands of listings converts
// local opening hours to instants once per distinct week. Not thread-safe; one per query.
class AvailabilityCache {
 public:
  int64_t Minutes(const ListingDimensions& listing, absl::Time from, absl::Time to);

 private:
  std::map<std::string, std::vector<std::pair<absl::Time, absl::Time>>> open_;
};
// RFC 4180: header row, CRLF line ends, every field quoted.
std::string StatFiguresCsv(const std::vector<StatFigures>& rows);
std::vector<std::string> StatCsvHeader();

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_CORE_STATISTICS_H_
