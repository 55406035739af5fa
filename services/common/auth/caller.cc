#include "services/common/auth/caller.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace leerpool::auth {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kOrgAdmin:
      return "org_admin";
    case Role::kCoordinator:
      return "coordinator";
    case Role::kInstructor:
      return "instructor";
    case Role::kAnalyst:
      return "analyst";
    case Role::kUnspecified:
      break;
  }
  return "unspecified";
}

bool ParseRoleName(const std::string& name, Role* role) {
  // kUnspecified is deliberately not parseable: it grants nothing and never belongs in a token.
  for (Role candidate : {Role::kOrgAdmin, Role::kCoordinator, Role::kInstructor, Role::kAnalyst}) {
    if (name == RoleName(candidate)) {
      *role = candidate;
      return true;
    }
  }
  return false;
}

bool Caller::HasRole(const std::string& organization_id, Role role) const {
  auto it = roles.find(organization_id);
  return it != roles.end() && it->second.count(role) > 0;
}

bool Caller::HasAnyRole(const std::string& organization_id, std::initializer_list<Role> any) const {
  if (platform_admin) return true;
  for (Role role : any) {
    if (HasRole(organization_id, role)) return true;
  }
  return false;
}

bool Caller::HoldsAnyRole(const std::string& organization_id,
                          std::initializer_list<Role> any) const {
  for (Role role : any) {
    if (HasRole(organization_id, role)) return true;
  }
  return false;
}

absl::Status RequireSignedIn(const Caller& caller, const std::string& what) {
  if (caller.anonymous()) return absl::UnauthenticatedError(absl::StrCat("sign in to ", what));
  return absl::OkStatus();
}

absl::Status RequireRole(const Caller& caller, const std::string& organization_id,
                         std::initializer_list<Role> any, const std::string& what) {
  if (absl::Status status = RequireSignedIn(caller, what); !status.ok()) return status;
  if (caller.HasAnyRole(organization_id, any)) return absl::OkStatus();
  std::string needed =
      absl::StrJoin(any, " or ", [](std::string* out, Role role) { out->append(RoleName(role)); });
  if (needed.empty()) needed = "platform admin";
  return absl::PermissionDeniedError(absl::StrCat("not allowed to ", what, " in organization ",
                                                  organization_id, " (needs ", needed, ")"));
}

absl::Status RequirePlatformAdmin(const Caller& caller, const std::string& what) {
  if (absl::Status status = RequireSignedIn(caller, what); !status.ok()) return status;
  if (caller.platform_admin) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("only platform admins may ", what));
}

}  // namespace leerpool::auth
