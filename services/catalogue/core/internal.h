#ifndef LEERPOOL_SERVICES_CATALOGUE_CORE_INTERNAL_H_
#define LEERPOOL_SERVICES_CATALOGUE_CORE_INTERNAL_H_

// Helpers shared by the Catalogue's operation files; not part of the core's interface.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/catalogue/core/catalogue_store.h"
#include "services/catalogue/core/model.h"
#include "services/common/auth/caller.h"

namespace leerpool::catalogue::internal {

inline constexpr size_t kMaxTitleBytes = 200;
inline constexpr size_t kMaxDescriptionBytes = 5000;
inline constexpr size_t kMaxNameBytes = 200;
inline constexpr size_t kMaxShortTextBytes = 500;
inline constexpr size_t kMaxIdBytes = 100;
inline constexpr size_t kMaxUrlBytes = 2000;
inline constexpr size_t kMaxMedia = 20;
inline constexpr size_t kMaxListItems = 50;
inline constexpr int kMaxUnitCount = 100000;
inline constexpr int kMaxCapacityPerUnit = 10000;
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 200;

// INVALID_ARGUMENT "<field>: <problem>": every bad-input error names its field first.
absl::Status FieldError(std::string_view field, std::string_view problem);
std::string Join(std::string_view prefix, std::string_view field);

bool IsBlank(std::string_view text);
bool IsValidUtf8(std::string_view text);
// At most `max_bytes` of `text` for quoting in a message, cut on a character boundary so the
// message stays valid UTF-8 (it may end up in a proto string); "?" when `text` is not UTF-8.
std::string Excerpt(std::string_view text, size_t max_bytes);
// Optional text: valid UTF-8, at most `max_bytes`.
absl::Status CheckLength(std::string_view field, std::string_view value, size_t max_bytes);
// A resource id named in a request: present and of sane length (the lookup decides the rest).
absl::Status CheckId(std::string_view field, std::string_view id);
// A point on the earth: finite, latitude in [-90, 90], longitude in [-180, 180].
absl::Status CheckLatLng(std::string_view field, const LatLng& point);

// The caller may see the owner's unpublished listings: a member (any role) or platform admin.
bool MaySeeUnpublished(const auth::Caller& caller, const std::string& owner_organization_id);
// UNAUTHENTICATED for anonymous callers, PERMISSION_DENIED unless ORG_ADMIN of the owner or
// platform admin.
absl::Status RequireOwnerAdmin(const auth::Caller& caller, const std::string& owner_organization_id,
                               const std::string& what);

// The listing if the caller may see it; NOT_FOUND (the same as for a missing one) otherwise.
absl::StatusOr<Listing> GetVisibleListing(CatalogueTransaction& tx, const auth::Caller& caller,
                                          const std::string& id);

// Vocabulary by code, for validating tags.
using VocabularyIndex = std::map<std::string, VocabularyTerm, std::less<>>;
absl::StatusOr<VocabularyIndex> LoadVocabulary(CatalogueTransaction& tx);

// Every problem of a listing's own fields, each "<prefix><field>: <problem>" (prefix
// "listing." for the API, "" for CSV rows). Does not check the site; see CheckListingSite.
std::vector<std::string> ListingProblems(const Listing& listing, const VocabularyIndex& vocabulary,
                                         std::string_view prefix);
// The site, when set, exists and belongs to the listing's owner.
absl::StatusOr<std::optional<Site>> CheckListingSite(CatalogueTransaction& tx,
                                                     const Listing& listing,
                                                     std::string_view prefix);
// What a draft still lacks to be published (site, terms, mobile block), as messages.
std::vector<std::string> PublishProblems(const Listing& listing);

// The first problem as INVALID_ARGUMENT, or OK.
absl::Status FirstProblem(const std::vector<std::string>& problems);

std::vector<std::string> SiteProblems(const Site& site, std::string_view prefix);
std::vector<std::string> TermsProblems(const SharingTerms& terms, std::string_view prefix);

// Keyset page tokens over (create time, id), for ListSites and ListListings.
absl::StatusOr<std::optional<CreationCursor>> DecodeCreationToken(const std::string& token);
std::string EncodeCreationToken(absl::Time create_time, const std::string& id);

// The site's time zone, UTC when it cannot be loaded (it was validated when stored).
absl::TimeZone SiteZone(const Site& site);

}  // namespace leerpool::catalogue::internal

#endif  // LEERPOOL_SERVICES_CATALOGUE_CORE_INTERNAL_H_
