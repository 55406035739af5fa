#include "services/registry/grpc/registry_grpc_service.h"

#include <string>
#include <utility>
#include <vector>

#include "services/common/auth/grpc_auth.h"
#include "services/common/grpc_status.h"
#include "services/common/log.h"
#include "services/common/status_macros.h"
#include "services/registry/grpc/registry_proto.h"

namespace leerpool::registry {
namespace {

// Authenticates the call, runs `handle` with the caller, and maps its status.
template <typename Handle>
grpc::Status Serve(auth::Authenticator& authenticator, grpc::ServerContext* context,
                   Handle&& handle) {
  absl::StatusOr<auth::Caller> caller = auth::AuthenticateCall(authenticator, *context);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(handle(*caller));
}

// The registry's own authenticator learns of a revocation now instead of at its next poll.
void RefreshRevocations(auth::Authenticator& authenticator) {
  if (absl::Status status = authenticator.RefreshRevocations(); !status.ok()) {
    LogLine({{"service", "registry"},
             {"event", "revocation refresh failed"},
             {"error", status.ToString()}});
  }
}

std::vector<std::string> Strings(const google::protobuf::RepeatedPtrField<std::string>& values) {
  return {values.begin(), values.end()};
}

}  // namespace

// ---- Organisations

grpc::Status RegistryGrpcService::CreateOrganization(grpc::ServerContext* context,
                                                     const v1::CreateOrganizationRequest* request,
                                                     v1::Organization* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    if (!request->has_organization()) {
      return absl::InvalidArgumentError("organization: is required");
    }
    LP_ASSIGN_OR_RETURN(const Organization created,
                        registry_.CreateOrganization(caller, FromProto(request->organization())));
    ToProto(created, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::GetOrganization(grpc::ServerContext* context,
                                                  const v1::GetOrganizationRequest* request,
                                                  v1::Organization* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Organization found,
                        registry_.GetOrganization(caller, request->organization_id()));
    ToProto(found, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::ListOrganizations(grpc::ServerContext* context,
                                                    const v1::ListOrganizationsRequest* request,
                                                    v1::ListOrganizationsResponse* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    ListOrganizationsQuery query;
    query.filter.kind = static_cast<OrganizationKind>(request->kind());
    query.filter.country = request->country();
    query.filter.region = request->region();
    query.filter.name_contains = request->name_contains();
    query.page_size = request->page_size();
    query.page_token = request->page_token();
    LP_ASSIGN_OR_RETURN(const OrganizationPage page, registry_.ListOrganizations(caller, query));
    for (const Organization& organization : page.organizations) {
      ToProto(organization, response->add_organizations());
    }
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::UpdateOrganization(grpc::ServerContext* context,
                                                     const v1::UpdateOrganizationRequest* request,
                                                     v1::Organization* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    if (!request->has_organization()) {
      return absl::InvalidArgumentError("organization: is required");
    }
    LP_ASSIGN_OR_RETURN(const Organization updated,
                        registry_.UpdateOrganization(caller, FromProto(request->organization()),
                                                     Strings(request->update_mask().paths())));
    ToProto(updated, response);
    return absl::OkStatus();
  });
}

// ---- Networks

grpc::Status RegistryGrpcService::CreateNetwork(grpc::ServerContext* context,
                                                const v1::CreateNetworkRequest* request,
                                                v1::Network* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    if (!request->has_network()) return absl::InvalidArgumentError("network: is required");
    LP_ASSIGN_OR_RETURN(const Network created,
                        registry_.CreateNetwork(caller, FromProto(request->network())));
    ToProto(created, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::GetNetwork(grpc::ServerContext* context,
                                             const v1::GetNetworkRequest* request,
                                             v1::Network* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Network found, registry_.GetNetwork(caller, request->network_id()));
    ToProto(found, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::ListNetworks(grpc::ServerContext* context,
                                               const v1::ListNetworksRequest* request,
                                               v1::ListNetworksResponse* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    ListNetworksQuery query;
    query.member_organization_id = request->member_organization_id();
    query.page_size = request->page_size();
    query.page_token = request->page_token();
    LP_ASSIGN_OR_RETURN(const NetworkPage page, registry_.ListNetworks(caller, query));
    for (const Network& network : page.networks) ToProto(network, response->add_networks());
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::AddNetworkMember(grpc::ServerContext* context,
                                                   const v1::AddNetworkMemberRequest* request,
                                                   v1::NetworkMember* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(
        const NetworkMember member,
        registry_.AddNetworkMember(caller, request->network_id(), request->organization_id()));
    ToProto(member, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::RemoveNetworkMember(grpc::ServerContext* context,
                                                      const v1::RemoveNetworkMemberRequest* request,
                                                      google::protobuf::Empty*) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) {
    return registry_.RemoveNetworkMember(caller, request->network_id(), request->organization_id());
  });
}

grpc::Status RegistryGrpcService::ListNetworkMembers(grpc::ServerContext* context,
                                                     const v1::ListNetworkMembersRequest* request,
                                                     v1::ListNetworkMembersResponse* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const NetworkMemberPage page,
                        registry_.ListNetworkMembers(caller, request->network_id(),
                                                     request->page_size(), request->page_token()));
    for (const NetworkMember& member : page.members) ToProto(member, response->add_members());
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

// ---- People

grpc::Status RegistryGrpcService::GetMe(grpc::ServerContext* context, const v1::GetMeRequest*,
                                        v1::Me* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Me me, registry_.GetMe(caller));
    ToProto(me, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::GetPerson(grpc::ServerContext* context,
                                            const v1::GetPersonRequest* request,
                                            v1::Person* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Person person, registry_.GetPerson(caller, request->person_id()));
    ToProto(person, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::CreateInvitation(grpc::ServerContext* context,
                                                   const v1::CreateInvitationRequest* request,
                                                   v1::Invitation* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    CreateInvitationRequest invitation;
    invitation.organization_id = request->organization_id();
    invitation.email = request->email();
    invitation.roles = FromProtoRoles(request->roles());
    invitation.ttl_hours = request->ttl_hours();
    LP_ASSIGN_OR_RETURN(const Invitation created, registry_.CreateInvitation(caller, invitation));
    ToProto(created, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::AcceptInvitation(grpc::ServerContext* context,
                                                   const v1::AcceptInvitationRequest* request,
                                                   v1::Session* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    AcceptInvitationRequest accept;
    accept.token = request->token();
    accept.display_name = request->display_name();
    accept.password = request->password();
    accept.locale = request->locale();
    LP_ASSIGN_OR_RETURN(const Session session, registry_.AcceptInvitation(caller, accept));
    ToProto(session, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::AddMember(grpc::ServerContext* context,
                                            const v1::AddMemberRequest* request,
                                            v1::Member* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Member member,
                        registry_.AddMember(caller, request->organization_id(), request->email(),
                                            FromProtoRoles(request->roles())));
    ToProto(member, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::ListMembers(grpc::ServerContext* context,
                                              const v1::ListMembersRequest* request,
                                              v1::ListMembersResponse* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const MemberPage page,
                        registry_.ListMembers(caller, request->organization_id(),
                                              request->page_size(), request->page_token()));
    for (const Member& member : page.members) ToProto(member, response->add_members());
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::UpdateMember(grpc::ServerContext* context,
                                               const v1::UpdateMemberRequest* request,
                                               v1::Member* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(
        const Member member,
        registry_.UpdateMember(caller, request->organization_id(), request->person_id(),
                               FromProtoRoles(request->roles())));
    ToProto(member, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::RemoveMember(grpc::ServerContext* context,
                                               const v1::RemoveMemberRequest* request,
                                               google::protobuf::Empty*) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) {
    return registry_.RemoveMember(caller, request->organization_id(), request->person_id());
  });
}

// ---- Qualifications

grpc::Status RegistryGrpcService::CreateQualificationType(
    grpc::ServerContext* context, const v1::CreateQualificationTypeRequest* request,
    v1::QualificationType* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    if (!request->has_qualification_type()) {
      return absl::InvalidArgumentError("qualification_type: is required");
    }
    LP_ASSIGN_OR_RETURN(
        const QualificationType created,
        registry_.CreateQualificationType(caller, FromProto(request->qualification_type())));
    ToProto(created, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::GetQualificationType(
    grpc::ServerContext* context, const v1::GetQualificationTypeRequest* request,
    v1::QualificationType* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const QualificationType type,
                        registry_.GetQualificationType(caller, request->qualification_type_id()));
    ToProto(type, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::ListQualificationTypes(
    grpc::ServerContext* context, const v1::ListQualificationTypesRequest* request,
    v1::ListQualificationTypesResponse* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(
        const QualificationTypePage page,
        registry_.ListQualificationTypes(caller, request->issuer_organization_id(),
                                         request->page_size(), request->page_token()));
    for (const QualificationType& type : page.qualification_types) {
      ToProto(type, response->add_qualification_types());
    }
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::IssueQualification(grpc::ServerContext* context,
                                                     const v1::IssueQualificationRequest* request,
                                                     v1::Qualification* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    IssueQualificationRequest issue;
    issue.qualification_type_id = request->qualification_type_id();
    issue.person_id = request->person_id();
    issue.person_email = request->person_email();
    issue.issue_date = FromProto(request->has_issue_date(), request->issue_date());
    issue.expiry_date = FromProto(request->has_expiry_date(), request->expiry_date());
    LP_ASSIGN_OR_RETURN(const Qualification issued, registry_.IssueQualification(caller, issue));
    ToProto(issued, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::RevokeQualification(grpc::ServerContext* context,
                                                      const v1::RevokeQualificationRequest* request,
                                                      v1::Qualification* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(
        const Qualification revoked,
        registry_.RevokeQualification(caller, request->qualification_id(), request->reason()));
    ToProto(revoked, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::ListQualifications(grpc::ServerContext* context,
                                                     const v1::ListQualificationsRequest* request,
                                                     v1::ListQualificationsResponse* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const std::vector<Qualification> qualifications,
                        registry_.ListQualifications(caller, request->person_id()));
    for (const Qualification& qualification : qualifications) {
      ToProto(qualification, response->add_qualifications());
    }
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::CheckQualifications(grpc::ServerContext* context,
                                                      const v1::CheckQualificationsRequest* request,
                                                      v1::CheckQualificationsResponse* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    CheckQualificationsRequest check;
    check.person_id = request->person_id();
    check.qualification_type_ids = Strings(request->qualification_type_ids());
    check.start_date = FromProto(request->has_start_date(), request->start_date());
    check.end_date = FromProto(request->has_end_date(), request->end_date());
    LP_ASSIGN_OR_RETURN(const QualificationChecks checks,
                        registry_.CheckQualifications(caller, check));
    ToProto(checks, response);
    return absl::OkStatus();
  });
}

// ---- Sign-in

grpc::Status RegistryGrpcService::Login(grpc::ServerContext* context,
                                        const v1::LoginRequest* request, v1::Session* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Session session,
                        registry_.Login(caller, request->email(), request->password()));
    ToProto(session, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::Refresh(grpc::ServerContext* context,
                                          const v1::RefreshRequest* request,
                                          v1::Session* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    absl::StatusOr<Session> session = registry_.Refresh(caller, request->refresh_token());
    // A reused refresh token ends its session: make this process refuse its tokens now.
    if (absl::IsUnauthenticated(session.status())) RefreshRevocations(authenticator_);
    if (!session.ok()) return session.status();
    ToProto(*session, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::Logout(grpc::ServerContext* context,
                                         const v1::LogoutRequest* request,
                                         google::protobuf::Empty*) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_RETURN_IF_ERROR(registry_.Logout(caller, request->refresh_token()));
    RefreshRevocations(authenticator_);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::GetSigningKeys(grpc::ServerContext* context,
                                                 const v1::GetSigningKeysRequest*,
                                                 v1::SigningKeys* response) {
  return Serve(authenticator_, context, [&](const auth::Caller&) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auto keys, registry_.GetSigningKeys());
    for (const auto& [key_id, public_key] : keys) {
      v1::SigningKey* key = response->add_keys();
      key->set_key_id(key_id);
      key->set_public_key(public_key);
    }
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::ListRevocations(grpc::ServerContext* context,
                                                  const v1::ListRevocationsRequest* request,
                                                  v1::ListRevocationsResponse* response) {
  return Serve(authenticator_, context, [&](const auth::Caller&) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const RevocationList list,
                        registry_.ListRevocations(FromTimestamp(request->since())));
    for (const Revocation& revocation : list.revocations) {
      ToProto(revocation, response->add_revocations());
    }
    *response->mutable_as_of() = ToTimestamp(list.as_of);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::CreateApiKey(grpc::ServerContext* context,
                                               const v1::CreateApiKeyRequest* request,
                                               v1::ApiKey* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const ApiKey key,
                        registry_.CreateApiKey(caller, request->organization_id(), request->name(),
                                               FromProto(request->role())));
    ToProto(key, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::ListApiKeys(grpc::ServerContext* context,
                                              const v1::ListApiKeysRequest* request,
                                              v1::ListApiKeysResponse* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const std::vector<ApiKey> keys,
                        registry_.ListApiKeys(caller, request->organization_id()));
    for (const ApiKey& key : keys) ToProto(key, response->add_api_keys());
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::RevokeApiKey(grpc::ServerContext* context,
                                               const v1::RevokeApiKeyRequest* request,
                                               v1::ApiKey* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const ApiKey key, registry_.RevokeApiKey(caller, request->organization_id(),
                                                                 request->api_key_id()));
    RefreshRevocations(authenticator_);
    ToProto(key, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryGrpcService::ExchangeApiKey(grpc::ServerContext* context,
                                                 const v1::ExchangeApiKeyRequest* request,
                                                 v1::Session* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Session session,
                        registry_.ExchangeApiKey(caller, request->api_key()));
    ToProto(session, response);
    return absl::OkStatus();
  });
}

// ---- Audit trail

grpc::Status RegistryGrpcService::ListAuditEvents(grpc::ServerContext* context,
                                                  const v1::ListAuditEventsRequest* request,
                                                  v1::ListAuditEventsResponse* response) {
  return Serve(authenticator_, context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const AuditEventPage page,
                        registry_.ListAuditEvents(caller, request->organization_id(),
                                                  request->page_size(), request->page_token()));
    for (const AuditEvent& event : page.events) ToProto(event, response->add_events());
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

}  // namespace leerpool::registry
