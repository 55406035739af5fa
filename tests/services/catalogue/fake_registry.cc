#include "tests/services/catalogue/fake_registry.h"

#include <algorithm>

namespace leerpool::catalogue::testing {

namespace rv1 = ::leerpool::registry::v1;

FakeRegistry::FakeRegistry() = default;

FakeRegistry::~FakeRegistry() { Stop(); }

void FakeRegistry::Start() {
  absl::StatusOr<std::unique_ptr<GrpcServer>> server =
      GrpcServer::Start({.name = "fake-registry"}, {this});
  if (server.ok()) server_ = std::move(*server);
}

void FakeRegistry::Stop() {
  if (server_) server_->Shutdown();
}

void FakeRegistry::AddOrganization(const std::string& id, const std::string& name, int kind,
                                   const std::string& country, double latitude, double longitude) {
  std::lock_guard lock(mutex_);
  rv1::Organization& organization = organizations_[id];
  organization.set_id(id);
  organization.set_name(name);
  organization.set_kind(static_cast<rv1::OrganizationKind>(kind));
  organization.set_country(country);
  organization.mutable_location()->set_latitude(latitude);
  organization.mutable_location()->set_longitude(longitude);
}

void FakeRegistry::AddNetwork(const std::string& id, const std::vector<std::string>& members) {
  std::lock_guard lock(mutex_);
  network_members_[id] = members;
}

void FakeRegistry::AddQualificationType(const std::string& id) {
  std::lock_guard lock(mutex_);
  qualification_types_.insert(id);
}

void FakeRegistry::Grant(const std::string& person_id, const std::string& type_id) {
  std::lock_guard lock(mutex_);
  held_[person_id].insert(type_id);
}

void FakeRegistry::Rename(const std::string& id, const std::string& name) {
  std::lock_guard lock(mutex_);
  organizations_[id].set_name(name);
}

int FakeRegistry::calls(const std::string& method) {
  std::lock_guard lock(mutex_);
  return calls_[method];
}

std::string FakeRegistry::last_check_authorization() {
  std::lock_guard lock(mutex_);
  return last_check_authorization_;
}

void FakeRegistry::Count(const std::string& method) {
  std::lock_guard lock(mutex_);
  ++calls_[method];
}

grpc::Status FakeRegistry::GetOrganization(grpc::ServerContext*,
                                           const rv1::GetOrganizationRequest* request,
                                           rv1::Organization* response) {
  Count("GetOrganization");
  std::lock_guard lock(mutex_);
  auto it = organizations_.find(request->organization_id());
  if (it == organizations_.end()) return {grpc::StatusCode::NOT_FOUND, "no such organization"};
  *response = it->second;
  return grpc::Status::OK;
}

grpc::Status FakeRegistry::ListNetworks(grpc::ServerContext*,
                                        const rv1::ListNetworksRequest* request,
                                        rv1::ListNetworksResponse* response) {
  Count("ListNetworks");
  std::lock_guard lock(mutex_);
  for (const auto& [id, members] : network_members_) {
    if (std::find(members.begin(), members.end(), request->member_organization_id()) !=
        members.end()) {
      response->add_networks()->set_id(id);
    }
  }
  return grpc::Status::OK;
}

grpc::Status FakeRegistry::GetNetwork(grpc::ServerContext*, const rv1::GetNetworkRequest* request,
                                      rv1::Network* response) {
  Count("GetNetwork");
  std::lock_guard lock(mutex_);
  if (!network_members_.contains(request->network_id())) {
    return {grpc::StatusCode::NOT_FOUND, "no such network"};
  }
  response->set_id(request->network_id());
  return grpc::Status::OK;
}

grpc::Status FakeRegistry::GetQualificationType(grpc::ServerContext*,
                                                const rv1::GetQualificationTypeRequest* request,
                                                rv1::QualificationType* response) {
  Count("GetQualificationType");
  std::lock_guard lock(mutex_);
  if (!qualification_types_.contains(request->qualification_type_id())) {
    return {grpc::StatusCode::NOT_FOUND, "no such qualification type"};
  }
  response->set_id(request->qualification_type_id());
  return grpc::Status::OK;
}

grpc::Status FakeRegistry::CheckQualifications(grpc::ServerContext* context,
                                               const rv1::CheckQualificationsRequest* request,
                                               rv1::CheckQualificationsResponse* response) {
  Count("CheckQualifications");
  std::lock_guard lock(mutex_);
  auto authorization = context->client_metadata().find("authorization");
  last_check_authorization_ =
      authorization == context->client_metadata().end()
          ? ""
          : std::string(authorization->second.data(), authorization->second.size());
  // Like the registry: signed-in callers only.
  if (last_check_authorization_.empty()) {
    return {grpc::StatusCode::UNAUTHENTICATED, "sign in to check qualifications"};
  }
  bool all = true;
  for (const std::string& type : request->qualification_type_ids()) {
    rv1::QualificationCheck* check = response->add_checks();
    check->set_qualification_type_id(type);
    check->set_valid(held_[request->person_id()].contains(type));
    all = all && check->valid();
  }
  response->set_all_valid(all);
  return grpc::Status::OK;
}

}  // namespace leerpool::catalogue::testing
