#ifndef LEERPOOL_SERVICES_REGISTRY_GRPC_REGISTRY_GRPC_SERVICE_H_
#define LEERPOOL_SERVICES_REGISTRY_GRPC_REGISTRY_GRPC_SERVICE_H_

#include "leerpool/registry/v1/registry.grpc.pb.h"
#include "services/common/auth/authenticator.h"
#include "services/registry/core/registry.h"

namespace leerpool::registry {

// Maps leerpool.registry.v1 calls onto the core: authenticates the caller from the call's
// metadata, converts messages, maps statuses. No rules live here.
class RegistryGrpcService final : public v1::RegistryService::Service {
 public:
  // Both must outlive the service. `authenticator` should be backed by `registry`
  // (RegistryAuthSource), so sign-outs and revoked keys are refused at once.
  RegistryGrpcService(Registry& registry, auth::Authenticator& authenticator)
      : registry_(registry), authenticator_(authenticator) {}

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
  grpc::Status CreateNetwork(grpc::ServerContext* context, const v1::CreateNetworkRequest* request,
                             v1::Network* response) override;
  grpc::Status GetNetwork(grpc::ServerContext* context, const v1::GetNetworkRequest* request,
                          v1::Network* response) override;
  grpc::Status ListNetworks(grpc::ServerContext* context, const v1::ListNetworksRequest* request,
                            v1::ListNetworksResponse* response) override;
  grpc::Status AddNetworkMember(grpc::ServerContext* context,
                                const v1::AddNetworkMemberRequest* request,
                                v1::NetworkMember* response) override;
  grpc::Status RemoveNetworkMember(grpc::ServerContext* context,
                                   const v1::RemoveNetworkMemberRequest* request,
                                   google::protobuf::Empty* response) override;
  grpc::Status ListNetworkMembers(grpc::ServerContext* context,
                                  const v1::ListNetworkMembersRequest* request,
                                  v1::ListNetworkMembersResponse* response) override;
  grpc::Status GetMe(grpc::ServerContext* context, const v1::GetMeRequest* request,
                     v1::Me* response) override;
  grpc::Status GetPerson(grpc::ServerContext* context, const v1::GetPersonRequest* request,
                         v1::Person* response) override;
  grpc::Status CreateInvitation(grpc::ServerContext* context,
                                const v1::CreateInvitationRequest* request,
                                v1::Invitation* response) override;
  grpc::Status AcceptInvitation(grpc::ServerContext* context,
                                const v1::AcceptInvitationRequest* request,
                                v1::Session* response) override;
  grpc::Status AddMember(grpc::ServerContext* context, const v1::AddMemberRequest* request,
                         v1::Member* response) override;
  grpc::Status ListMembers(grpc::ServerContext* context, const v1::ListMembersRequest* request,
                           v1::ListMembersResponse* response) override;
  grpc::Status UpdateMember(grpc::ServerContext* context, const v1::UpdateMemberRequest* request,
                            v1::Member* response) override;
  grpc::Status RemoveMember(grpc::ServerContext* context, const v1::RemoveMemberRequest* request,
                            google::protobuf::Empty* response) override;
  grpc::Status CreateQualificationType(grpc::ServerContext* context,
                                       const v1::CreateQualificationTypeRequest* request,
                                       v1::QualificationType* response) override;
  grpc::Status GetQualificationType(grpc::ServerContext* context,
                                    const v1::GetQualificationTypeRequest* request,
                                    v1::QualificationType* response) override;
  grpc::Status ListQualificationTypes(grpc::ServerContext* context,
                                      const v1::ListQualificationTypesRequest* request,
                                      v1::ListQualificationTypesResponse* response) override;
  grpc::Status IssueQualification(grpc::ServerContext* context,
                                  const v1::IssueQualificationRequest* request,
                                  v1::Qualification* response) override;
  grpc::Status RevokeQualification(grpc::ServerContext* context,
                                   const v1::RevokeQualificationRequest* request,
                                   v1::Qualification* response) override;
  grpc::Status ListQualifications(grpc::ServerContext* context,
                                  const v1::ListQualificationsRequest* request,
                                  v1::ListQualificationsResponse* response) override;
  grpc::Status CheckQualifications(grpc::ServerContext* context,
                                   const v1::CheckQualificationsRequest* request,
                                   v1::CheckQualificationsResponse* response) override;
  grpc::Status Login(grpc::ServerContext* context, const v1::LoginRequest* request,
                     v1::Session* response) override;
  grpc::Status Refresh(grpc::ServerContext* context, const v1::RefreshRequest* request,
                       v1::Session* response) override;
  grpc::Status Logout(grpc::ServerContext* context, const v1::LogoutRequest* request,
                      google::protobuf::Empty* response) override;
  grpc::Status GetSigningKeys(grpc::ServerContext* context,
                              const v1::GetSigningKeysRequest* request,
                              v1::SigningKeys* response) override;
  grpc::Status ListRevocations(grpc::ServerContext* context,
                               const v1::ListRevocationsRequest* request,
                               v1::ListRevocationsResponse* response) override;
  grpc::Status CreateApiKey(grpc::ServerContext* context, const v1::CreateApiKeyRequest* request,
                            v1::ApiKey* response) override;
  grpc::Status ListApiKeys(grpc::ServerContext* context, const v1::ListApiKeysRequest* request,
                           v1::ListApiKeysResponse* response) override;
  grpc::Status RevokeApiKey(grpc::ServerContext* context, const v1::RevokeApiKeyRequest* request,
                            v1::ApiKey* response) override;
  grpc::Status ExchangeApiKey(grpc::ServerContext* context,
                              const v1::ExchangeApiKeyRequest* request,
                              v1::Session* response) override;
  grpc::Status ListAuditEvents(grpc::ServerContext* context,
                               const v1::ListAuditEventsRequest* request,
                               v1::ListAuditEventsResponse* response) override;

 private:
  Registry& registry_;
  auth::Authenticator& authenticator_;
};

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_GRPC_REGISTRY_GRPC_SERVICE_H_
