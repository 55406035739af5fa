#ifndef LEERPOOL_SERVICES_CATALOGUE_CORE_CATALOGUE_H_
#define LEERPOOL_SERVICES_CATALOGUE_CORE_CATALOGUE_H_

// The equipment catalogue's rules, free of any transport: who may do what, validation,
// versioned terms, search with distances, prices and eligibility, and CSV import. Every
// operation takes the Caller the transport authenticated.
//
// Rights come from the caller's access token: an organisation's ORG_ADMINs (and platform
// admins) manage its listings, sites, closures and terms; members of the owner (any role) and
// platform admins see its drafts and retired listings; everyone sees published listings and
// their terms, sites and closures. Drafts of other organisations answer NOT_FOUND, so their
// existence is not revealed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/catalogue/core/availability_directory.h"
#include "services/catalogue/core/catalogue_store.h"
#include "services/catalogue/core/model.h"
#include "services/catalogue/core/partner_directory.h"
#include "services/catalogue/core/vocabulary.h"
#include "services/common/auth/caller.h"
#include "services/common/clock.h"

namespace leerpool::catalogue {

// Request and result structs give every member a default, so callers can name only the
// fields they set (designated initializers) without -Wmissing-field-initializers.

struct SitePage {
  std::vector<Site> sites = {};
  std::string next_page_token = {};
};

struct ListListingsQuery {
  std::string owner_organization_id = {};
  // Unspecified: every status the caller may see.
  ListingStatus status = ListingStatus::kUnspecified;
  int page_size = 0;
  std::string page_token = {};
};

struct ListingPage {
  std::vector<Listing> listings = {};
  std::string next_page_token = {};
};

struct ImportRequest {
  std::string organization_id = {};
  // The CSV file and the Content-Type it came with (may be empty over plain gRPC).
  std::string csv = {};
  std::string content_type = {};
  bool allow_partial = false;
  // Publish each imported listing at once; needs `default_terms` and a site_id in every row.
  bool publish = false;
  // Stored as version 1 of every imported listing's terms.
  std::optional<SharingTerms> default_terms = {};
  // Check and report only; nothing is stored.
  bool validate_only = false;
};

struct ImportRowResult {
  // 1-based data record number (the header is record 0; blank lines are not records).
  int row = 0;
  std::string listing_id = {};
  std::vector<std::string> errors = {};
};

struct ImportReport {
  std::vector<ImportRowResult> rows = {};
  int imported_count = 0;
  int error_count = 0;
};

enum class SearchSort { kUnspecified = 0, kRelevance = 1, kDistance = 2, kPrice = 3 };

struct SearchRequest {
  std::string q = {};
  std::vector<Category> categories = {};
  std::vector<std::string> technologies = {};
  std::vector<std::string> sectors = {};
  std::vector<std::string> competences = {};
  std::vector<Audience> audiences = {};
  std::string country = {};
  int owner_kind = 0;
  int64_t max_price_per_hour_cents = 0;
  // "lat,lng".
  std::string near = {};
  double within_km = 0;
  bool comes_to_me = false;
  int learners = 0;
  double duration_hours = 0;
  SearchSort sort = SearchSort::kUnspecified;
  int page_size = 0;
  std::string page_token = {};
  std::string organization_id = {};
  // Both or neither: only listings with a unit free for `learners` over [start, end), as the
  // booking engine says (AvailabilityDirectory).
  std::optional<absl::Time> available_start = {};
  std::optional<absl::Time> available_end = {};
};

struct EligibilityReason {
  // "organization_kind", "not_in_network", "not_listed", "missing_qualification",
  // "capacity", "outside_service_radius", "not_published", "no_terms".
  std::string code = {};
  std::string message = {};
  friend bool operator==(const EligibilityReason&, const EligibilityReason&) = default;
};

struct Eligibility {
  bool may_book = false;
  std::vector<EligibilityReason> reasons = {};
  int terms_version = 0;
  bool approval_required = false;
};

struct SearchResult {
  Listing listing;
  // Absent when there is no point to measure from.
  std::optional<double> distance_km = {};
  std::optional<int> travel_minutes = {};
  int64_t estimated_cost_cents = 0;
  // Only for a signed-in caller answering for one organisation.
  std::optional<Eligibility> eligibility = {};
  double relevance = 0;
  // Units free over the availability window; only when the search has one.
  std::optional<int> free_units = {};
};

struct FacetValue {
  std::string value = {};
  int count = 0;
  friend bool operator==(const FacetValue&, const FacetValue&) = default;
};

struct Facet {
  // "category", "technology", "sector", "audience", "country", "owner_kind".
  std::string name = {};
  // Most frequent first, then by value.
  std::vector<FacetValue> values = {};
};

struct SearchResponse {
  std::vector<SearchResult> results = {};
  std::vector<Facet> facets = {};
  int total_count = 0;
  std::string next_page_token = {};
};

struct EligibilityRequest {
  std::string listing_id = {};
  // Default: the caller's only organisation.
  std::string organization_id = {};
  // The responsible person; default: the caller.
  std::string person_id = {};
  std::optional<absl::Time> start_time = {};
  std::optional<absl::Time> end_time = {};
  int learners = 0;
  // Where a mobile setup would go; default: the organisation's location.
  std::optional<LatLng> destination = {};
};

struct ListingBatch {
  std::vector<Listing> listings;
  std::vector<Closure> closures;
  std::vector<std::string> missing_ids;
};

inline constexpr int kMaxBatchListings = 5000;

class Catalogue {
 public:
  // Without `availability` (the booking engine), a search with an availability window fails
  // with FAILED_PRECONDITION.
  Catalogue(CatalogueStore& store, PartnerDirectory& directory, Clock& clock,
            AvailabilityDirectory* availability = nullptr)
      : store_(store), directory_(directory), clock_(clock), availability_(availability) {}

  // ---- Vocabulary. Listing is public; adding is for platform admins.
  absl::StatusOr<std::vector<VocabularyTerm>> ListVocabulary(const auth::Caller& caller,
                                                             VocabularyKind kind);
  absl::StatusOr<VocabularyTerm> CreateVocabularyTerm(const auth::Caller& caller,
                                                      VocabularyTerm term);

  // ---- Sites and closures. Reading is public.
  absl::StatusOr<Site> CreateSite(const auth::Caller& caller, Site site);
  absl::StatusOr<Site> GetSite(const auth::Caller& caller, const std::string& id);
  absl::StatusOr<SitePage> ListSites(const auth::Caller& caller,
                                     const std::string& owner_organization_id, int page_size,
                                     const std::string& page_token);
  // Copies the fields named in `field_mask` (proto field names; every settable field when
  // empty) from `changes` onto the stored site with changes.id.
  absl::StatusOr<Site> UpdateSite(const auth::Caller& caller, const Site& changes,
                                  const std::vector<std::string>& field_mask);
  absl::StatusOr<Closure> AddClosure(const auth::Caller& caller, const std::string& site_id,
                                     Closure closure);
  absl::StatusOr<std::vector<Closure>> ListClosures(const auth::Caller& caller,
                                                    const std::string& site_id,
                                                    std::optional<absl::Time> end_after);
  absl::Status RemoveClosure(const auth::Caller& caller, const std::string& site_id,
                             const std::string& closure_id);

  // ---- Listings
  absl::StatusOr<Listing> CreateListing(const auth::Caller& caller, Listing listing);
  absl::StatusOr<Listing> GetListing(const auth::Caller& caller, const std::string& id);
  absl::StatusOr<ListingPage> ListListings(const auth::Caller& caller,
                                           const ListListingsQuery& query);
  // Many listings (with sites) in one snapshot, plus the closures of their sites that end
  // after `closures_end_after`; ids the caller may not see come back in missing_ids.
  absl::StatusOr<ListingBatch> BatchGetListings(const auth::Caller& caller,
                                                const std::vector<std::string>& ids,
                                                std::optional<absl::Time> closures_end_after);
  absl::StatusOr<Listing> UpdateListing(const auth::Caller& caller, const Listing& changes,
                                        const std::vector<std::string>& field_mask);
  absl::StatusOr<Listing> PublishListing(const auth::Caller& caller, const std::string& id);
  absl::StatusOr<Listing> RetireListing(const auth::Caller& caller, const std::string& id);
  // A report for every record; only a request-level problem (rights, size, header, the
  // registry) is an error status.
  absl::StatusOr<ImportReport> ImportListings(const auth::Caller& caller,
                                              const ImportRequest& request);

  // ---- Sharing terms
  absl::StatusOr<SharingTerms> UpdateSharingTerms(const auth::Caller& caller,
                                                  const std::string& listing_id,
                                                  SharingTerms terms);
  // Version 0: the current one.
  absl::StatusOr<SharingTerms> GetSharingTerms(const auth::Caller& caller,
                                               const std::string& listing_id, int version);

  // ---- Search and eligibility
  absl::StatusOr<SearchResponse> SearchListings(const auth::Caller& caller,
                                                const SearchRequest& request);
  absl::StatusOr<Eligibility> CheckEligibility(const auth::Caller& caller,
                                               const EligibilityRequest& request);

 private:
  // The owner's summary from the registry, for copying into the catalogue.
  absl::StatusOr<OrganizationSummary> FetchOwner(const std::string& field,
                                                 const std::string& organization_id);
  absl::Status ValidateTermsAtRegistry(const SharingTerms& terms, const std::string& prefix);

  CatalogueStore& store_;
  PartnerDirectory& directory_;
  Clock& clock_;
  AvailabilityDirectory* availability_;
};

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_CORE_CATALOGUE_H_
