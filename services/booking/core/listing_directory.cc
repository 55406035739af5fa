#include "services/booking/core/listing_directory.h"

#include <map>

#include "services/common/status_macros.h"

namespace leerpool::booking {

absl::StatusOr<std::vector<ListingSnapshot>> ListingDirectory::GetListings(
    const std::vector<std::string>& listing_ids, absl::Time closures_end_after) {
  std::vector<ListingSnapshot> out;
  std::map<std::string, std::vector<Closure>> site_closures;
  for (const std::string& id : listing_ids) {
    absl::StatusOr<ListingFacts> facts = GetListing(id);
    if (absl::IsNotFound(facts.status())) continue;
    LP_RETURN_IF_ERROR(facts.status());
    ListingSnapshot snapshot{*std::move(facts), {}};
    const std::string& site_id = snapshot.facts.site.id;
    if (!site_id.empty()) {
      auto it = site_closures.find(site_id);
      if (it == site_closures.end()) {
        LP_ASSIGN_OR_RETURN(std::vector<Closure> closures,
                            ListClosures(site_id, closures_end_after));
        it = site_closures.emplace(site_id, std::move(closures)).first;
      }
      for (const Closure& closure : it->second) {
        if (closure.listing_id.empty() || closure.listing_id == id) {
          snapshot.closures.push_back(closure);
        }
      }
    }
    out.push_back(std::move(snapshot));
  }
  return out;
}

}  // namespace leerpool::booking
