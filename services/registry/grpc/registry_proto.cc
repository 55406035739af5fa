#include "services/registry/grpc/registry_proto.h"

#include <string>

#include "services/common/proto_time.h"

namespace leerpool::registry {

Role FromProto(v1::Role role) { return static_cast<Role>(role); }

std::set<Role> FromProtoRoles(const google::protobuf::RepeatedField<int>& roles) {
  std::set<Role> result;
  for (int role : roles) result.insert(static_cast<Role>(role));
  return result;
}

namespace {
void AddRoles(const std::set<Role>& roles, google::protobuf::RepeatedField<int>* proto) {
  for (Role role : roles) proto->Add(static_cast<int>(role));
}
}  // namespace

std::optional<Date> FromProto(bool present, const leerpool::type::v1::Date& date) {
  if (!present) return std::nullopt;
  return Date{date.year(), date.month(), date.day()};
}

void ToProto(absl::CivilDay day, leerpool::type::v1::Date* proto) {
  proto->set_year(static_cast<int32_t>(day.year()));
  proto->set_month(day.month());
  proto->set_day(day.day());
}

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
  leerpool::type::v1::PostalAddress* address = proto->mutable_address();
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

Network FromProto(const v1::Network& proto) {
  Network network;
  network.id = proto.id();
  network.name = proto.name();
  network.description = proto.description();
  network.kind = static_cast<NetworkKind>(proto.kind());
  network.owner_organization_id = proto.owner_organization_id();
  return network;
}

void ToProto(const Network& network, v1::Network* proto) {
  proto->set_id(network.id);
  proto->set_name(network.name);
  proto->set_description(network.description);
  proto->set_kind(static_cast<v1::NetworkKind>(network.kind));
  proto->set_owner_organization_id(network.owner_organization_id);
  proto->set_member_count(network.member_count);
  *proto->mutable_create_time() = ToTimestamp(network.create_time);
}

void ToProto(const NetworkMember& member, v1::NetworkMember* proto) {
  proto->set_network_id(member.network_id);
  proto->set_organization_id(member.organization_id);
  proto->set_organization_name(member.organization_name);
  proto->set_country(member.country);
  *proto->mutable_add_time() = ToTimestamp(member.add_time);
}

void ToProto(const Person& person, v1::Person* proto) {
  proto->set_id(person.id);
  proto->set_email(person.email);
  proto->set_display_name(person.display_name);
  proto->set_locale(person.locale);
  proto->set_platform_admin(person.platform_admin);
  *proto->mutable_create_time() = ToTimestamp(person.create_time);
}

void ToProto(const Membership& membership, v1::Membership* proto) {
  proto->set_organization_id(membership.organization_id);
  proto->set_organization_name(membership.organization_name);
  AddRoles(membership.roles, proto->mutable_roles());
}

void ToProto(const Member& member, v1::Member* proto) {
  proto->set_organization_id(member.organization_id);
  ToProto(member.person, proto->mutable_person());
  AddRoles(member.roles, proto->mutable_roles());
  *proto->mutable_add_time() = ToTimestamp(member.add_time);
}

void ToProto(const Me& me, v1::Me* proto) {
  ToProto(me.person, proto->mutable_person());
  for (const Membership& membership : me.memberships) {
    ToProto(membership, proto->add_memberships());
  }
}

void ToProto(const Invitation& invitation, v1::Invitation* proto) {
  proto->set_id(invitation.id);
  proto->set_organization_id(invitation.organization_id);
  proto->set_email(invitation.email);
  AddRoles(invitation.roles, proto->mutable_roles());
  proto->set_token(invitation.token);
  *proto->mutable_expire_time() = ToTimestamp(invitation.expire_time);
  proto->set_invited_by_person_id(invitation.invited_by_person_id);
}

QualificationType FromProto(const v1::QualificationType& proto) {
  QualificationType type;
  type.id = proto.id();
  type.issuer_organization_id = proto.issuer_organization_id();
  type.code = proto.code();
  type.name_nl = proto.name_nl();
  type.name_en = proto.name_en();
  type.description = proto.description();
  type.validity_months = proto.validity_months();
  return type;
}

void ToProto(const QualificationType& type, v1::QualificationType* proto) {
  proto->set_id(type.id);
  proto->set_issuer_organization_id(type.issuer_organization_id);
  proto->set_code(type.code);
  proto->set_name_nl(type.name_nl);
  proto->set_name_en(type.name_en);
  proto->set_description(type.description);
  proto->set_validity_months(type.validity_months);
  *proto->mutable_create_time() = ToTimestamp(type.create_time);
}

void ToProto(const Qualification& qualification, v1::Qualification* proto) {
  proto->set_id(qualification.id);
  proto->set_qualification_type_id(qualification.qualification_type_id);
  proto->set_person_id(qualification.person_id);
  ToProto(qualification.issue_date, proto->mutable_issue_date());
  if (qualification.expiry_date) ToProto(*qualification.expiry_date, proto->mutable_expiry_date());
  proto->set_issued_by_person_id(qualification.issued_by_person_id);
  proto->set_revoked(qualification.revoked);
  proto->set_revocation_reason(qualification.revocation_reason);
  *proto->mutable_create_time() = ToTimestamp(qualification.create_time);
}

void ToProto(const QualificationChecks& checks, v1::CheckQualificationsResponse* proto) {
  for (const QualificationCheck& check : checks.checks) {
    v1::QualificationCheck* out = proto->add_checks();
    out->set_qualification_type_id(check.qualification_type_id);
    out->set_valid(check.valid);
    out->set_qualification_id(check.qualification_id);
    if (check.expiry_date) ToProto(*check.expiry_date, out->mutable_expiry_date());
  }
  proto->set_all_valid(checks.all_valid);
}

void ToProto(const Session& session, v1::Session* proto) {
  proto->set_access_token(session.access_token);
  *proto->mutable_access_token_expire_time() = ToTimestamp(session.access_token_expire_time);
  proto->set_refresh_token(session.refresh_token);
  if (session.refresh_token_expire_time) {
    *proto->mutable_refresh_token_expire_time() = ToTimestamp(*session.refresh_token_expire_time);
  }
  if (session.person) ToProto(*session.person, proto->mutable_person());
  for (const Membership& membership : session.memberships) {
    ToProto(membership, proto->add_memberships());
  }
}

void ToProto(const ApiKey& key, v1::ApiKey* proto) {
  proto->set_id(key.id);
  proto->set_organization_id(key.organization_id);
  proto->set_name(key.name);
  proto->set_role(static_cast<v1::Role>(key.role));
  proto->set_secret(key.secret);
  *proto->mutable_create_time() = ToTimestamp(key.create_time);
  if (key.last_use_time) *proto->mutable_last_use_time() = ToTimestamp(*key.last_use_time);
  proto->set_revoked(key.revoked());
  proto->set_created_by_person_id(key.created_by_person_id);
}

void ToProto(const Revocation& revocation, v1::Revocation* proto) {
  proto->set_id(revocation.id);
  *proto->mutable_revoke_time() = ToTimestamp(revocation.revoke_time);
  *proto->mutable_expire_time() = ToTimestamp(revocation.expire_time);
}

void ToProto(const AuditEvent& event, v1::AuditEvent* proto) {
  proto->set_id(event.id);
  *proto->mutable_time() = ToTimestamp(event.time);
  proto->set_actor_person_id(event.actor_person_id);
  proto->set_actor_api_key_id(event.actor_api_key_id);
  proto->set_organization_id(event.organization_id);
  proto->set_action(event.action);
  proto->set_resource_id(event.resource_id);
  proto->set_details(event.details);
}

}  // namespace leerpool::registry
