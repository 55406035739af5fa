#ifndef LEERPOOL_SERVICES_COMMON_AUTH_CALLER_H_
#define LEERPOOL_SERVICES_COMMON_AUTH_CALLER_H_

// Who is making a request, as every service's core sees it: decided once per request by the
// Authenticator from the access token, then passed to the core's rules.

#include <map>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace leerpool::auth {

// A person's role in one organisation (values match leerpool.registry.v1.Role).
enum class Role {
  kUnspecified = 0,
  kOrgAdmin = 1,
  kCoordinator = 2,
  kInstructor = 3,
  kAnalyst = 4
};

// "org_admin", "coordinator", ...; for messages and token claims.
const char* RoleName(Role role);
bool ParseRoleName(const std::string& name, Role* role);

struct Caller {
  // Empty for an anonymous caller (no Authorization header).
  std::string person_id;
  // The sign-in session the token belongs to (revocable), empty for API keys.
  std::string session_id;
  // Set when the caller is a machine client using an API key.
  std::string api_key_id;
  bool platform_admin = false;
  // Organisation id -> roles held there.
  std::map<std::string, std::set<Role>> roles;
  // Where the request came from (the gateway's x-forwarded-for), for rate limits and audit.
  std::string remote_address;
  absl::Time token_expire_time = absl::InfinitePast();

  bool anonymous() const { return person_id.empty() && api_key_id.empty(); }
  bool IsMemberOf(const std::string& organization_id) const {
    return roles.count(organization_id) > 0;
  }
  bool HasRole(const std::string& organization_id, Role role) const;
  // True when the caller holds any of `roles` in the organisation (or is a platform admin).
  bool HasAnyRole(const std::string& organization_id, std::initializer_list<Role> any) const;
  // Roles actually held in the organisation; unlike HasAnyRole a platform admin does not
  // count, for rules where the side a caller acts for (borrower or owner) matters.
  bool HoldsAnyRole(const std::string& organization_id, std::initializer_list<Role> any) const;

  static Caller Anonymous() { return Caller{}; }
};

// UNAUTHENTICATED "sign in to ..." for an anonymous caller, otherwise OK.
absl::Status RequireSignedIn(const Caller& caller, const std::string& what);
// PERMISSION_DENIED naming what was refused unless the caller is a platform admin or holds one
// of `any` in the organisation; UNAUTHENTICATED for anonymous callers.
absl::Status RequireRole(const Caller& caller, const std::string& organization_id,
                         std::initializer_list<Role> any, const std::string& what);
absl::Status RequirePlatformAdmin(const Caller& caller, const std::string& what);

}  // namespace leerpool::auth

#endif  // LEERPOOL_SERVICES_COMMON_AUTH_CALLER_H_
