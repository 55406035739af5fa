#ifndef LEERPOOL_SERVICES_CATALOGUE_GRPC_REGISTRY_PARTNER_DIRECTORY_H_
#define LEERPOOL_SERVICES_CATALOGUE_GRPC_REGISTRY_PARTNER_DIRECTORY_H_

// The PartnerDirectory over the registry's gRPC API.

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "leerpool/registry/v1/registry.grpc.pb.h"
#include "services/catalogue/core/partner_directory.h"
#include "services/common/auth/grpc_auth.h"
#include "services/common/clock.h"

namespace leerpool::catalogue {

struct RegistryDirectoryOptions {
  // Every registry call gets this deadline; past it the registry counts as unavailable.
  absl::Duration deadline = absl::Seconds(2);
  // Organisations, memberships and the existence of networks and qualification types are
  // remembered this long, so a search costs at most a few registry calls, not one per result.
  absl::Duration cache_ttl = absl::Seconds(30);
};

using auth::IncomingCallScope;

// Public lookups (GetOrganization, ListNetworks, GetNetwork, GetQualificationType) go out
// without credentials and are cached; CheckQualifications carries the caller's own. A registry
// that does not answer in time is UNAVAILABLE. Thread-safe.
class RegistryPartnerDirectory : public PartnerDirectory {
 public:
  RegistryPartnerDirectory(std::shared_ptr<grpc::Channel> registry, Clock& clock,
                           RegistryDirectoryOptions options = {});

  absl::StatusOr<OrganizationSummary> GetOrganization(const std::string& id) override;
  absl::StatusOr<std::vector<std::string>> NetworksOf(const std::string& organization_id) override;
  absl::Status CheckNetworkExists(const std::string& network_id) override;
  absl::Status CheckQualificationTypeExists(const std::string& qualification_type_id) override;
  absl::StatusOr<std::map<std::string, bool>> CheckQualifications(
      const auth::Caller& caller, const std::string& person_id,
      const std::vector<std::string>& type_ids, absl::CivilDay first, absl::CivilDay last) override;

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
  void Remember(Cache<T>& cache, const std::string& key, T value);
  void SetDeadline(grpc::ClientContext& context) const;

  std::unique_ptr<registry::v1::RegistryService::Stub> stub_;
  Clock& clock_;
  RegistryDirectoryOptions options_;

  std::mutex mutex_;
  Cache<OrganizationSummary> organizations_;
  Cache<std::vector<std::string>> networks_of_;
  Cache<bool> networks_;
  Cache<bool> qualification_types_;
};

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_GRPC_REGISTRY_PARTNER_DIRECTORY_H_
