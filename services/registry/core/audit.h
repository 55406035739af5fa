#ifndef LEERPOOL_SERVICES_REGISTRY_CORE_AUDIT_H_
#define LEERPOOL_SERVICES_REGISTRY_CORE_AUDIT_H_

#include <string>

#include "absl/time/time.h"

namespace leerpool::registry {

// Who made a change recorded in the audit trail.
inline constexpr char kSystemActor[] = "system";

// One change in the registry, written in the same transaction as the change itself.
struct AuditEvent {
  std::string id;
  absl::Time time;
  // A person id, or "system" for start-up actions; empty when an API key acted.
  std::string actor_person_id;
  std::string actor_api_key_id;
  // The organisation the change concerns; empty for changes outside any organisation.
  std::string organization_id;
  // e.g. "organization.update", "member.add", "qualification.issue".
  std::string action;
  std::string resource_id;
  // Changed fields as a JSON object; never secrets or hashes.
  std::string details;
  friend bool operator==(const AuditEvent&, const AuditEvent&) = default;
};

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_CORE_AUDIT_H_
