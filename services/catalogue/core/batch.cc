// Catalogue::BatchGetListings: the booking engine's way to learn about thousands of listings
// in one call instead of one call per listing.

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/core/internal.h"
#include "services/common/status_macros.h"

namespace leerpool::catalogue {

absl::StatusOr<ListingBatch> Catalogue::BatchGetListings(
    const auth::Caller& caller, const std::vector<std::string>& ids,
    std::optional<absl::Time> closures_end_after) {
  if (ids.size() > static_cast<size_t>(kMaxBatchListings)) {
    return internal::FieldError("listing_ids", absl::StrCat("at most ", kMaxBatchListings, " ids"));
  }
  for (const std::string& id : ids) LP_RETURN_IF_ERROR(internal::CheckId("listing_ids", id));
  ListingBatch batch;
  LP_RETURN_IF_ERROR(store_.Read([&](CatalogueTransaction& tx) -> absl::Status {
    std::map<std::string, Site> sites;
    std::set<std::string> seen;
    for (const std::string& id : ids) {
      if (!seen.insert(id).second) continue;
      absl::StatusOr<Listing> listing = internal::GetVisibleListing(tx, caller, id);
      if (absl::IsNotFound(listing.status())) {
        batch.missing_ids.push_back(id);
        continue;
      }
      LP_RETURN_IF_ERROR(listing.status());
      if (!listing->site_id.empty()) {
        auto it = sites.find(listing->site_id);
        if (it == sites.end()) {
          LP_ASSIGN_OR_RETURN(Site site, tx.GetSite(listing->site_id));
          it = sites.emplace(listing->site_id, std::move(site)).first;
        }
        listing->site = it->second;
      }
      batch.listings.push_back(*std::move(listing));
    }
    if (!closures_end_after) return absl::OkStatus();
    for (const auto& [site_id, site] : sites) {
      LP_ASSIGN_OR_RETURN(std::vector<Closure> closures,
                          tx.ListClosures(site_id, closures_end_after));
      for (Closure& closure : closures) batch.closures.push_back(std::move(closure));
    }
    return absl::OkStatus();
  }));
  return batch;
}

}  // namespace leerpool::catalogue
