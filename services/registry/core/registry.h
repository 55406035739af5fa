#ifndef LEERPOOL_SERVICES_REGISTRY_CORE_REGISTRY_H_
#define LEERPOOL_SERVICES_REGISTRY_CORE_REGISTRY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/clock.h"
#include "services/registry/core/organization.h"
#include "services/registry/core/organization_repository.h"

namespace leerpool::registry {

struct OrganizationPage {
  std::vector<Organization> organizations;
  std::string next_page_token;
};

struct ListOrganizationsQuery {
  OrganizationFilter filter;
  int page_size = 0;
  std::string page_token;
};

// The registry's rules, free of any transport: validation, defaults, ids and timestamps.
class Registry {
 public:
  Registry(OrganizationRepository& organizations, Clock& clock)
      : organizations_(organizations), clock_(clock) {}

  absl::StatusOr<Organization> CreateOrganization(Organization organization);
  absl::StatusOr<Organization> GetOrganization(const std::string& id);
  absl::StatusOr<OrganizationPage> ListOrganizations(const ListOrganizationsQuery& query);
  // Copies the fields named in `field_mask` (snake_case proto field names; all settable
  // fields when empty) from `changes` onto the stored organisation with changes.id.
  absl::StatusOr<Organization> UpdateOrganization(const Organization& changes,
                                                  const std::vector<std::string>& field_mask);

 private:
  OrganizationRepository& organizations_;
  Clock& clock_;
};

// INVALID_ARGUMENT naming the first offending field ("organization.name: ..."), or OK.
absl::Status ValidateOrganization(const Organization& organization);

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_CORE_REGISTRY_H_
