#include "services/common/auth/caller.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leerpool::auth {
namespace {

using ::testing::HasSubstr;

Caller Member(const std::string& organization_id, std::set<Role> roles) {
  Caller caller;
  caller.person_id = "per_1";
  caller.session_id = "ses_1";
  caller.roles[organization_id] = std::move(roles);
  return caller;
}

TEST(RoleTest, NamesRoundTrip) {
  for (Role role : {Role::kOrgAdmin, Role::kCoordinator, Role::kInstructor, Role::kAnalyst}) {
    Role parsed = Role::kUnspecified;
    ASSERT_TRUE(ParseRoleName(RoleName(role), &parsed)) << RoleName(role);
    EXPECT_EQ(parsed, role);
  }
  EXPECT_STREQ(RoleName(Role::kOrgAdmin), "org_admin");
  EXPECT_STREQ(RoleName(Role::kCoordinator), "coordinator");
  Role untouched = Role::kAnalyst;
  EXPECT_FALSE(ParseRoleName("unspecified", &untouched));
  EXPECT_FALSE(ParseRoleName("ORG_ADMIN", &untouched));
  EXPECT_FALSE(ParseRoleName("", &untouched));
  EXPECT_EQ(untouched, Role::kAnalyst);
}

TEST(CallerTest, AnonymousHasNoIdentity) {
  Caller caller = Caller::Anonymous();
  EXPECT_TRUE(caller.anonymous());
  EXPECT_FALSE(caller.IsMemberOf("org_a"));
  EXPECT_FALSE(caller.HasAnyRole("org_a", {Role::kOrgAdmin}));

  Caller machine;
  machine.api_key_id = "key_1";
  EXPECT_FALSE(machine.anonymous());
}

TEST(CallerTest, RolesArePerOrganization) {
  Caller caller = Member("org_a", {Role::kCoordinator, Role::kInstructor});
  EXPECT_FALSE(caller.anonymous());
  EXPECT_TRUE(caller.IsMemberOf("org_a"));
  EXPECT_FALSE(caller.IsMemberOf("org_b"));
  EXPECT_TRUE(caller.HasRole("org_a", Role::kCoordinator));
  EXPECT_FALSE(caller.HasRole("org_a", Role::kOrgAdmin));
  EXPECT_FALSE(caller.HasRole("org_b", Role::kCoordinator));
  EXPECT_TRUE(caller.HasAnyRole("org_a", {Role::kOrgAdmin, Role::kInstructor}));
  EXPECT_FALSE(caller.HasAnyRole("org_a", {Role::kOrgAdmin, Role::kAnalyst}));
  EXPECT_FALSE(caller.HasAnyRole("org_b", {Role::kCoordinator}));
}

TEST(CallerTest, PlatformAdminHasAnyRoleEverywhere) {
  Caller admin;
  admin.person_id = "per_admin";
  admin.platform_admin = true;
  EXPECT_TRUE(admin.HasAnyRole("org_anything", {Role::kOrgAdmin}));
  // HasRole reports what the caller actually holds.
  EXPECT_FALSE(admin.HasRole("org_anything", Role::kOrgAdmin));
}

TEST(RequireTest, SignedIn) {
  EXPECT_TRUE(RequireSignedIn(Member("org_a", {}), "list bookings").ok());
  absl::Status status = RequireSignedIn(Caller::Anonymous(), "list bookings");
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(std::string(status.message()), HasSubstr("list bookings"));
}

TEST(RequireTest, RoleInOrganization) {
  Caller coordinator = Member("org_a", {Role::kCoordinator});
  EXPECT_TRUE(
      RequireRole(coordinator, "org_a", {Role::kOrgAdmin, Role::kCoordinator}, "book").ok());

  absl::Status wrong_role = RequireRole(coordinator, "org_a", {Role::kOrgAdmin}, "create API keys");
  EXPECT_EQ(wrong_role.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(wrong_role.message()), HasSubstr("create API keys"));
  EXPECT_THAT(std::string(wrong_role.message()), HasSubstr("org_admin"));

  absl::Status wrong_org =
      RequireRole(coordinator, "org_b", {Role::kCoordinator}, "cancel the reservation");
  EXPECT_EQ(wrong_org.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(wrong_org.message()), HasSubstr("cancel the reservation"));
  EXPECT_THAT(std::string(wrong_org.message()), HasSubstr("org_b"));

  absl::Status anonymous = RequireRole(Caller::Anonymous(), "org_a", {Role::kCoordinator}, "book");
  EXPECT_EQ(anonymous.code(), absl::StatusCode::kUnauthenticated);

  Caller admin;
  admin.person_id = "per_admin";
  admin.platform_admin = true;
  EXPECT_TRUE(RequireRole(admin, "org_b", {Role::kOrgAdmin}, "update the organization").ok());
  EXPECT_TRUE(RequireRole(admin, "org_b", {}, "anything").ok());
  EXPECT_EQ(RequireRole(coordinator, "org_a", {}, "anything").code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(RequireTest, PlatformAdmin) {
  Caller admin;
  admin.person_id = "per_admin";
  admin.platform_admin = true;
  EXPECT_TRUE(RequirePlatformAdmin(admin, "create organizations").ok());

  absl::Status member =
      RequirePlatformAdmin(Member("org_a", {Role::kOrgAdmin}), "create organizations");
  EXPECT_EQ(member.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(member.message()), HasSubstr("create organizations"));
  EXPECT_EQ(RequirePlatformAdmin(Caller::Anonymous(), "create organizations").code(),
            absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace leerpool::auth
