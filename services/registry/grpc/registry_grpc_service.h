#ifndef LEERPOOL_SERVICES_REGISTRY_GRPC_REGISTRY_GRPC_SERVICE_H_
#define LEERPOOL_SERVICES_REGISTRY_GRPC_REGISTRY_GRPC_SERVICE_H_

#include "leerpool/registry/v1/registry.grpc.pb.h"
#include "services/registry/core/registry.h"

namespace leerpool::registry {

// Maps leerpool.registry.v1 messages to the core and back; no rules live here.
class RegistryGrpcService final : public v1::RegistryService::Service {
 public:
  explicit RegistryGrpcService(Registry& registry) : registry_(registry) {}

  grpc::Status CreateOrganization(grpc::ServerContext* context,
                                  const v1::CreateOrganizationRequest* request,
                                  v1::Organization* response) override;
  grpc::Status GetOrganization(grpc::ServerContext* context,
                               const v1::GetOrganizationRequest* request,
                               v1::Organization* response) override;
  grpc::Status ListOrganizations(grpc::ServerContext* context,
                                 const v1::ListOrganizationsRequest* request,
                                 v1::ListOrganizationsResponse* response) override;
  grpc::Status UpdateOrganization(grpc::ServerContext* context,
                                  const v1::UpdateOrganizationRequest* request,
                                  v1::Organization* response) override;

 private:
  Registry& registry_;
};

// Exposed for tests of the mapping.
Organization FromProto(const v1::Organization& proto);
void ToProto(const Organization& organization, v1::Organization* proto);

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_GRPC_REGISTRY_GRPC_SERVICE_H_
