#include "services/registry/grpc/registry_grpc_service.h"

#include <google/protobuf/util/time_util.h>

#include <string>
#include <vector>

#include "services/common/grpc_status.h"

namespace leerpool::registry {
namespace {

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
}

}  // namespace

Organization FromProto(const v1::Organization& proto) {
  Organization organization;
  organization.id = proto.id();
  organization.name = proto.name();
  organization.kind = static_cast<OrganizationKind>(proto.kind());
  organization.country = proto.country();
  organization.region = proto.region();
  organization.address = {proto.address().street(), proto.address().postal_code(),
                          proto.address().locality(), proto.address().country()};
  if (proto.has_location()) {
    organization.location = LatLng{proto.location().latitude(), proto.location().longitude()};
  }
  organization.education_tracks.assign(proto.education_tracks().begin(),
                                       proto.education_tracks().end());
  organization.status = static_cast<OrganizationStatus>(proto.status());
  organization.time_zone = proto.time_zone();
  return organization;
}

void ToProto(const Organization& organization, v1::Organization* proto) {
  proto->set_id(organization.id);
  proto->set_name(organization.name);
  proto->set_kind(static_cast<v1::OrganizationKind>(organization.kind));
  proto->set_country(organization.country);
  proto->set_region(organization.region);
  v1::PostalAddress* address = proto->mutable_address();
  address->set_street(organization.address.street);
  address->set_postal_code(organization.address.postal_code);
  address->set_locality(organization.address.locality);
  address->set_country(organization.address.country);
  if (organization.location) {
    proto->mutable_location()->set_latitude(organization.location->latitude);
    proto->mutable_location()->set_longitude(organization.location->longitude);
  }
  for (const std::string& track : organization.education_tracks) {
    proto->add_education_tracks(track);
  }
  proto->set_status(static_cast<v1::OrganizationStatus>(organization.status));
  proto->set_time_zone(organization.time_zone);
  *proto->mutable_create_time() = ToTimestamp(organization.create_time);
  *proto->mutable_update_time() = ToTimestamp(organization.update_time);
}

grpc::Status RegistryGrpcService::CreateOrganization(grpc::ServerContext*,
                                                     const v1::CreateOrganizationRequest* request,
                                                     v1::Organization* response) {
  if (!request->has_organization()) {
    return ToGrpcStatus(absl::InvalidArgumentError("organization: is required"));
  }
  absl::StatusOr<Organization> created =
      registry_.CreateOrganization(FromProto(request->organization()));
  if (!created.ok()) return ToGrpcStatus(created.status());
  ToProto(*created, response);
  return grpc::Status::OK;
}

grpc::Status RegistryGrpcService::GetOrganization(grpc::ServerContext*,
                                                  const v1::GetOrganizationRequest* request,
                                                  v1::Organization* response) {
  absl::StatusOr<Organization> found = registry_.GetOrganization(request->organization_id());
  if (!found.ok()) return ToGrpcStatus(found.status());
  ToProto(*found, response);
  return grpc::Status::OK;
}

grpc::Status RegistryGrpcService::ListOrganizations(grpc::ServerContext*,
                                                    const v1::ListOrganizationsRequest* request,
                                                    v1::ListOrganizationsResponse* response) {
  ListOrganizationsQuery query;
  query.filter.kind = static_cast<OrganizationKind>(request->kind());
  query.filter.country = request->country();
  query.filter.region = request->region();
  query.filter.name_contains = request->name_contains();
  query.page_size = request->page_size();
  query.page_token = request->page_token();
  absl::StatusOr<OrganizationPage> page = registry_.ListOrganizations(query);
  if (!page.ok()) return ToGrpcStatus(page.status());
  for (const Organization& organization : page->organizations) {
    ToProto(organization, response->add_organizations());
  }
  response->set_next_page_token(page->next_page_token);
  return grpc::Status::OK;
}

grpc::Status RegistryGrpcService::UpdateOrganization(grpc::ServerContext*,
                                                     const v1::UpdateOrganizationRequest* request,
                                                     v1::Organization* response) {
  if (!request->has_organization()) {
    return ToGrpcStatus(absl::InvalidArgumentError("organization: is required"));
  }
  std::vector<std::string> mask(request->update_mask().paths().begin(),
                                request->update_mask().paths().end());
  absl::StatusOr<Organization> updated =
      registry_.UpdateOrganization(FromProto(request->organization()), mask);
  if (!updated.ok()) return ToGrpcStatus(updated.status());
  ToProto(*updated, response);
  return grpc::Status::OK;
}

}  // namespace leerpool::registry
