#ifndef LEERPOOL_SERVICES_BOOKING_GRPC_GRPC_STATISTICS_DIRECTORY_H_
#define LEERPOOL_SERVICES_BOOKING_GRPC_GRPC_STATISTICS_DIRECTORY_H_

// The StatisticsDirectory over the catalogue's and the registry's gRPC APIs.

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "leerpool/catalogue/v1/catalogue.grpc.pb.h"
#include "leerpool/registry/v1/registry.grpc.pb.h"
#include "services/booking/core/statistics.h"
#include "services/common/clock.h"

namespace leerpool::booking {

struct StatisticsDirectoryOptions {
  absl::Duration deadline = absl::Seconds(5);
  // Dimensions change rarely and statistics are not a booking decision: a minute is fresh
  // enough, and repeated dashboard queries then cost no calls at all.
  absl::Duration cache_ttl = absl::Minutes(1);
};

// Only public lookups (BatchGetListings, GetSharingTerms, GetOrganization, GetNetwork,
// ListNetworkMembers), without credentials, cached. Thread-safe.
class GrpcStatisticsDirectory : public StatisticsDirectory {
 public:
  GrpcStatisticsDirectory(std::shared_ptr<grpc::Channel> catalogue,
                          std::shared_ptr<grpc::Channel> registry, Clock& clock,
                          StatisticsDirectoryOptions options = {});

  absl::StatusOr<std::vector<ListingDimensions>> GetListings(
      const std::vector<std::string>& listing_ids, absl::Time from, absl::Time to) override;
  absl::StatusOr<std::optional<OrganizationDimensions>> GetOrganization(
      const std::string& organization_id) override;
  absl::StatusOr<std::optional<NetworkDimensions>> GetNetwork(
      const std::string& network_id) override;

 private:
  template <typename T>
  struct Entry {
    T value;
    absl::Time expire_time;
  };
  template <typename T>
  bool Lookup(const std::map<std::string, Entry<T>>& cache, const std::string& key, T& out);
  template <typename T>
  void Remember(std::map<std::string, Entry<T>>& cache, const std::string& key, T value);
  void SetDeadline(grpc::ClientContext& context) const;

  std::unique_ptr<catalogue::v1::CatalogueService::Stub> catalogue_;
  std::unique_ptr<registry::v1::RegistryService::Stub> registry_;
  Clock& clock_;
  StatisticsDirectoryOptions options_;
  std::mutex mutex_;
  // Keyed by listing id and the period's first day: closures are those of the period.
  std::map<std::string, Entry<std::optional<ListingDimensions>>> listings_;
  std::map<std::string, Entry<std::optional<OrganizationDimensions>>> organizations_;
  std::map<std::string, Entry<std::optional<NetworkDimensions>>> networks_;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_GRPC_GRPC_STATISTICS_DIRECTORY_H_
