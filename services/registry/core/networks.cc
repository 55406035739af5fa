// Networks: learning networks and equipment pools, and which organisations belong to them.

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"
#include "services/registry/core/internal.h"
#include "services/registry/core/registry.h"

namespace leerpool::registry {
namespace {

using internal::FieldError;
using internal::JsonObject;

bool MayRunNetworks(OrganizationKind kind) {
  return kind == OrganizationKind::kSectorBody || kind == OrganizationKind::kGovernment;
}

const char* NetworkKindName(NetworkKind kind) {
  switch (kind) {
    case NetworkKind::kLearningNetwork:
      return "learning_network";
    case NetworkKind::kPool:
      return "pool";
    case NetworkKind::kUnspecified:
      break;
  }
  return "unspecified";
}

absl::Status ValidateNetwork(const Network& network) {
  LP_RETURN_IF_ERROR(
      internal::CheckRequiredText("network.name", network.name, internal::kMaxNameBytes));
  LP_RETURN_IF_ERROR(internal::CheckLength("network.description", network.description,
                                           internal::kMaxDescriptionBytes));
  if (network.kind != NetworkKind::kLearningNetwork && network.kind != NetworkKind::kPool) {
    return FieldError("network.kind", "must be a learning network or a pool");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Network> Registry::CreateNetwork(const auth::Caller& caller, Network network) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "create networks"));
  if (!network.id.empty()) return FieldError("network.id", "is assigned by the server");
  LP_RETURN_IF_ERROR(
      internal::CheckId("network.owner_organization_id", network.owner_organization_id));
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_ASSIGN_OR_RETURN(const Organization owner,
                        tx.GetOrganization(network.owner_organization_id));
    if (!actor.platform_admin) {
      LP_RETURN_IF_ERROR(auth::RequireRole(actor, owner.id, {Role::kOrgAdmin},
                                           "create networks for the organisation"));
      if (!MayRunNetworks(owner.kind)) {
        return absl::FailedPreconditionError(
            absl::StrCat("only a sector body or a government may run a network, and ", owner.name,
                         " is neither; a platform admin can create the network on its behalf"));
      }
    }
    LP_RETURN_IF_ERROR(ValidateNetwork(network));
    network.id = NewId("net");
    network.member_count = 0;
    network.create_time = clock_.Now();
    LP_RETURN_IF_ERROR(tx.InsertNetwork(network));
    return internal::RecordAudit(tx, actor, network.create_time, owner.id, "network.create",
                                 network.id,
                                 JsonObject()
                                     .String("name", network.name)
                                     .String("kind", NetworkKindName(network.kind))
                                     .String("owner_organization_id", owner.id)
                                     .String("description", network.description)
                                     .Build());
  }));
  return network;
}

absl::StatusOr<Network> Registry::GetNetwork(const auth::Caller&, const std::string& id) {
  LP_RETURN_IF_ERROR(internal::CheckId("network_id", id));
  Network found;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(found, tx.GetNetwork(id));
    return absl::OkStatus();
  }));
  return found;
}

absl::StatusOr<NetworkPage> Registry::ListNetworks(const auth::Caller&,
                                                   const ListNetworksQuery& query) {
  LP_ASSIGN_OR_RETURN(const internal::PageRequest page,
                      internal::ResolvePage(query.page_size, query.page_token));
  LP_RETURN_IF_ERROR(internal::CheckLength("member_organization_id", query.member_organization_id,
                                           internal::kMaxIdBytes));
  NetworkPage result;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(result.networks,
                        tx.ListNetworks({.member_organization_id = query.member_organization_id},
                                        page.after, page.limit + 1));
    return absl::OkStatus();
  }));
  result.next_page_token = internal::FinishPage(result.networks, page.limit, [](const Network& n) {
    return KeysetCursor{n.name, n.id};
  });
  return result;
}

absl::StatusOr<NetworkMember> Registry::AddNetworkMember(const auth::Caller& caller,
                                                         const std::string& network_id,
                                                         const std::string& organization_id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "manage network members"));
  LP_RETURN_IF_ERROR(internal::CheckId("network_id", network_id));
  LP_RETURN_IF_ERROR(internal::CheckId("organization_id", organization_id));
  NetworkMember member;
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_ASSIGN_OR_RETURN(Network network, tx.GetNetwork(network_id));
    LP_RETURN_IF_ERROR(auth::RequireRole(actor, network.owner_organization_id, {Role::kOrgAdmin},
                                         "manage the network's members"));
    LP_ASSIGN_OR_RETURN(const Organization organization, tx.GetOrganization(organization_id));
    LP_ASSIGN_OR_RETURN(std::optional<NetworkMember> existing,
                        tx.FindNetworkMember(network_id, organization_id));
    if (existing) {
      return absl::AlreadyExistsError(
          absl::StrCat(organization.name, " is already a member of network ", network.name));
    }
    member.network_id = network.id;
    member.organization_id = organization.id;
    member.organization_name = organization.name;
    member.country = organization.country;
    member.add_time = clock_.Now();
    LP_RETURN_IF_ERROR(tx.InsertNetworkMember(member));
    ++network.member_count;
    LP_RETURN_IF_ERROR(tx.UpdateNetwork(network));
    return internal::RecordAudit(tx, actor, member.add_time, network.owner_organization_id,
                                 "network.member.add", network.id,
                                 JsonObject().String("organization_id", organization.id).Build());
  }));
  return member;
}

absl::Status Registry::RemoveNetworkMember(const auth::Caller& caller,
                                           const std::string& network_id,
                                           const std::string& organization_id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "manage network members"));
  LP_RETURN_IF_ERROR(internal::CheckId("network_id", network_id));
  LP_RETURN_IF_ERROR(internal::CheckId("organization_id", organization_id));
  return store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_ASSIGN_OR_RETURN(Network network, tx.GetNetwork(network_id));
    LP_RETURN_IF_ERROR(auth::RequireRole(actor, network.owner_organization_id, {Role::kOrgAdmin},
                                         "manage the network's members"));
    LP_ASSIGN_OR_RETURN(std::optional<NetworkMember> existing,
                        tx.FindNetworkMember(network_id, organization_id));
    if (!existing) {
      return absl::NotFoundError(absl::StrCat("organization ", organization_id,
                                              " is not a member of network ", network_id));
    }
    LP_RETURN_IF_ERROR(tx.DeleteNetworkMember(network_id, organization_id));
    --network.member_count;
    LP_RETURN_IF_ERROR(tx.UpdateNetwork(network));
    return internal::RecordAudit(tx, actor, clock_.Now(), network.owner_organization_id,
                                 "network.member.remove", network.id,
                                 JsonObject().String("organization_id", organization_id).Build());
  });
}

absl::StatusOr<NetworkMemberPage> Registry::ListNetworkMembers(const auth::Caller&,
                                                               const std::string& network_id,
                                                               int page_size,
                                                               const std::string& page_token) {
  LP_RETURN_IF_ERROR(internal::CheckId("network_id", network_id));
  LP_ASSIGN_OR_RETURN(const internal::PageRequest page,
                      internal::ResolvePage(page_size, page_token));
  NetworkMemberPage result;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    LP_RETURN_IF_ERROR(tx.GetNetwork(network_id).status());
    LP_ASSIGN_OR_RETURN(result.members,
                        tx.ListNetworkMembers(network_id, page.after, page.limit + 1));
    return absl::OkStatus();
  }));
  result.next_page_token =
      internal::FinishPage(result.members, page.limit, [](const NetworkMember& m) {
        return KeysetCursor{m.organization_name, m.organization_id};
      });
  return result;
}

}  // namespace leerpool::registry
