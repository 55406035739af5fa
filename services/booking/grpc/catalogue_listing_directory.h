#ifndef LEERPOOL_SERVICES_BOOKING_GRPC_CATALOGUE_LISTING_DIRECTORY_H_
#define LEERPOOL_SERVICES_BOOKING_GRPC_CATALOGUE_LISTING_DIRECTORY_H_

// The ListingDirectory over the catalogue's gRPC API.

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "leerpool/catalogue/v1/catalogue.grpc.pb.h"
#include "services/booking/core/listing_directory.h"
#include "services/common/auth/grpc_auth.h"
#include "services/common/clock.h"

namespace leerpool::booking {

struct CatalogueDirectoryOptions {
  // Every catalogue call gets this deadline; past it the catalogue counts as unavailable.
  absl::Duration deadline = absl::Seconds(2);
  // Listing facts and closures are needed on every reservation; an owner's change reaches
  // the engine within this long. Terms versions never change, so they are kept longer.
  absl::Duration cache_ttl = absl::Seconds(10);
  absl::Duration terms_ttl = absl::Minutes(10);
};

using auth::IncomingCallScope;

// Public lookups (GetListing, GetSharingTerms, ListClosures) go out without credentials and
// are cached; CheckEligibility carries the caller's own and is never cached. Thread-safe.
class CatalogueListingDirectory : public ListingDirectory {
 public:
  CatalogueListingDirectory(std::shared_ptr<grpc::Channel> catalogue, Clock& clock,
                            CatalogueDirectoryOptions options = {});

  absl::StatusOr<ListingFacts> GetListing(const std::string& listing_id) override;
  absl::StatusOr<Terms> GetTerms(const std::string& listing_id, int version) override;
  absl::StatusOr<std::vector<Closure>> ListClosures(const std::string& site_id,
                                                    absl::Time end_after) override;
  absl::StatusOr<std::vector<ListingSnapshot>> GetListings(
      const std::vector<std::string>& listing_ids, absl::Time closures_end_after) override;
  absl::StatusOr<EligibilityAnswer> CheckEligibility(const auth::Caller& caller,
                                                     const EligibilityQuery& query) override;

 private:
  template <typename T>
  struct Entry {
    T value;
    absl::Time expire_time;
  };
  template <typename T>
  using Cache = std::map<std::string, Entry<T>>;
  template <typename T>
  std::optional<T> Cached(const Cache<T>& cache, const std::string& key);
  template <typename T>
  void Remember(Cache<T>& cache, const std::string& key, T value, absl::Duration ttl);
  void SetDeadline(grpc::ClientContext& context) const;

  std::unique_ptr<catalogue::v1::CatalogueService::Stub> stub_;
  Clock& clock_;
  CatalogueDirectoryOptions options_;
  std::mutex mutex_;
  Cache<ListingFacts> listings_;
  Cache<Terms> terms_;
  Cache<std::vector<Closure>> closures_;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_GRPC_CATALOGUE_LISTING_DIRECTORY_H_
