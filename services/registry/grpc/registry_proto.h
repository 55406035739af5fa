#ifndef LEERPOOL_SERVICES_REGISTRY_GRPC_REGISTRY_PROTO_H_
#define LEERPOOL_SERVICES_REGISTRY_GRPC_REGISTRY_PROTO_H_

// leerpool.registry.v1 messages <-> the registry core's domain types. Pure mapping: no
// defaults, no validation (the core does both).

#include <google/protobuf/repeated_field.h>
#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <set>

#include "absl/time/time.h"
#include "leerpool/registry/v1/registry.pb.h"
#include "services/common/proto_time.h"
#include "services/registry/core/registry.h"

namespace leerpool::registry {

// Proto role numbers equal auth::Role's; unknown numbers pass through for the core to refuse.
std::set<Role> FromProtoRoles(const google::protobuf::RepeatedField<int>& roles);
Role FromProto(v1::Role role);

std::optional<Date> FromProto(bool present, const leerpool::type::v1::Date& date);
void ToProto(absl::CivilDay day, leerpool::type::v1::Date* proto);

Organization FromProto(const v1::Organization& proto);
void ToProto(const Organization& organization, v1::Organization* proto);

Network FromProto(const v1::Network& proto);
void ToProto(const Network& network, v1::Network* proto);
void ToProto(const NetworkMember& member, v1::NetworkMember* proto);

void ToProto(const Person& person, v1::Person* proto);
void ToProto(const Membership& membership, v1::Membership* proto);
void ToProto(const Member& member, v1::Member* proto);
void ToProto(const Me& me, v1::Me* proto);
void ToProto(const Invitation& invitation, v1::Invitation* proto);

QualificationType FromProto(const v1::QualificationType& proto);
void ToProto(const QualificationType& type, v1::QualificationType* proto);
void ToProto(const Qualification& qualification, v1::Qualification* proto);
void ToProto(const QualificationChecks& checks, v1::CheckQualificationsResponse* proto);

void ToProto(const Session& session, v1::Session* proto);
void ToProto(const ApiKey& key, v1::ApiKey* proto);
void ToProto(const Revocation& revocation, v1::Revocation* proto);
void ToProto(const AuditEvent& event, v1::AuditEvent* proto);

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_GRPC_REGISTRY_PROTO_H_
