#ifndef LEERPOOL_SERVICES_CATALOGUE_CORE_PARTNER_DIRECTORY_H_
#define LEERPOOL_SERVICES_CATALOGUE_CORE_PARTNER_DIRECTORY_H_

// What the catalogue needs to know from the partner registry, and nothing more. grpc/
// implements it with the registry's RPCs; core tests mock it.
//
// Every method fails with NOT_FOUND when the registry does not know the id and UNAVAILABLE
// when the registry cannot be reached (down, or past the call's deadline), so an operation
// that needs the registry stops before it stores anything.

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/catalogue/core/model.h"
#include "services/common/auth/caller.h"

namespace leerpool::catalogue {

class PartnerDirectory {
 public:
  virtual ~PartnerDirectory() = default;

  // ---- Public registry data; an implementation may cache it briefly (seconds).
  virtual absl::StatusOr<OrganizationSummary> GetOrganization(const std::string& id) = 0;
  // Ids of the networks the organisation is a member of.
  virtual absl::StatusOr<std::vector<std::string>> NetworksOf(
      const std::string& organization_id) = 0;
  // OK when the network exists.
  virtual absl::Status CheckNetworkExists(const std::string& network_id) = 0;
  // OK when the qualification type exists.
  virtual absl::Status CheckQualificationTypeExists(const std::string& qualification_type_id) = 0;

  // ---- On the caller's behalf (the registry sees the caller's own credentials).
  // For each of `type_ids`: whether `person_id` holds a valid qualification of that type on
  // every day from `first` to `last`.
  virtual absl::StatusOr<std::map<std::string, bool>> CheckQualifications(
      const auth::Caller& caller, const std::string& person_id,
      const std::vector<std::string>& type_ids, absl::CivilDay first, absl::CivilDay last) = 0;
};

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_CORE_PARTNER_DIRECTORY_H_
