#ifndef LEERPOOL_SERVICES_REGISTRY_CORE_ORGANIZATION_REPOSITORY_H_
#define LEERPOOL_SERVICES_REGISTRY_CORE_ORGANIZATION_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/registry/core/organization.h"

namespace leerpool::registry {

// Where a page of a name-ordered listing starts: strictly after this (name, id) pair.
struct OrganizationCursor {
  std::string name;
  std::string id;
};

// The registry's only way to its stored organisations. Implementations must be thread-safe
// and atomic per call; SQLite is the default, PostgreSQL comes later.
class OrganizationRepository {
 public:
  virtual ~OrganizationRepository() = default;

  // ALREADY_EXISTS when the id is taken.
  virtual absl::Status Create(const Organization& organization) = 0;
  // NOT_FOUND when there is no such id.
  virtual absl::StatusOr<Organization> Get(const std::string& id) = 0;
  // Up to `limit` organisations matching `filter`, ordered by (name, id), after `after`.
  virtual absl::StatusOr<std::vector<Organization>> List(
      const OrganizationFilter& filter, const std::optional<OrganizationCursor>& after,
      int limit) = 0;
  // Replaces the stored organisation with the same id; NOT_FOUND when there is none.
  virtual absl::Status Update(const Organization& organization) = 0;
};

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_CORE_ORGANIZATION_REPOSITORY_H_
