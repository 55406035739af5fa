// People, invitations, memberships and roles.

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/secrets.h"
#include "services/registry/core/registry.h"
#include "tests/services/registry/core/registry_fixture.h"

namespace leerpool::registry {
namespace {

using testing::Anonymous;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using testing::Message;
using testing::Must;
using ::testing::Not;
using testing::PasswordOf;
using ::testing::StartsWith;

class PeopleTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    RegistryFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    curio_ = MakeOrganization("Curio");
    spoor_ = MakeOrganization("GO! Campus Het Spoor", OrganizationKind::kSchool, "BE");
    alice_ = Join(admin_, curio_.id, "alice@curio.test", {Role::kOrgAdmin});
    carl_ = Join(alice_, curio_.id, "carl@curio.test", {Role::kCoordinator});
    bob_ = Join(admin_, spoor_.id, "bob@spoor.test", {Role::kOrgAdmin});
  }

  CreateInvitationRequest InvitationTo(const std::string& organization_id, const std::string& email,
                                       std::set<Role> roles = {Role::kInstructor}) {
    CreateInvitationRequest request;
    request.organization_id = organization_id;
    request.email = email;
    request.roles = std::move(roles);
    return request;
  }

  AcceptInvitationRequest Accept(const Invitation& invitation, const std::string& password) {
    AcceptInvitationRequest request;
    request.token = invitation.token;
    request.password = password;
    return request;
  }

  std::vector<std::string> MemberEmails(const std::string& organization_id) {
    std::vector<std::string> emails;
    for (const Member& member :
         Must(registry_->ListMembers(admin_, organization_id, 0, "")).members) {
      emails.push_back(member.person.email);
    }
    return emails;
  }

  Organization curio_, spoor_;
  auth::Caller alice_, carl_, bob_;
};

// ---------------------------------------------------------------------------------------------
// Invitations

TEST_P(PeopleTest, AnInvitationCarriesItsTokenOnceAndStoresOnlyItsHash) {
  const Invitation invitation =
      Must(registry_->CreateInvitation(alice_, InvitationTo(curio_.id, "  Ines@Curio.TEST ")));
  EXPECT_THAT(invitation.id, MatchesRegex("inv_[0-9a-f]{32}"));
  EXPECT_EQ(invitation.email, "ines@curio.test");
  EXPECT_EQ(invitation.invited_by_person_id, alice_.person_id);
  EXPECT_EQ(invitation.expire_time, clock_.Now() + absl::Hours(168));
  ASSERT_GE(invitation.token.size(), 40u);
  const std::string stored = QueryText(
      absl::StrCat("SELECT token_hash FROM invitations WHERE id = '", invitation.id, "'"));
  EXPECT_EQ(stored, auth::HashSecret(invitation.token));
  EXPECT_THAT(stored, Not(HasSubstr(invitation.token)));
}

TEST_P(PeopleTest, AcceptingCreatesTheAccountAndSignsIn) {
  const Invitation invitation = Must(registry_->CreateInvitation(
      alice_, InvitationTo(curio_.id, "ines@curio.test", {Role::kInstructor, Role::kAnalyst})));
  AcceptInvitationRequest accept = Accept(invitation, "correct horse battery");
  accept.display_name = "Ines Peeters";
  accept.locale = "en";
  const Session session = Must(registry_->AcceptInvitation(Anonymous(), accept));
  ASSERT_TRUE(session.person.has_value());
  EXPECT_EQ(session.person->email, "ines@curio.test");
  EXPECT_EQ(session.person->display_name, "Ines Peeters");
  EXPECT_EQ(session.person->locale, "en");
  EXPECT_FALSE(session.person->platform_admin);
  ASSERT_EQ(session.memberships.size(), 1u);
  EXPECT_EQ(session.memberships[0].organization_id, curio_.id);
  EXPECT_EQ(session.memberships[0].organization_name, "Curio");
  EXPECT_EQ(session.memberships[0].roles, (std::set<Role>{Role::kInstructor, Role::kAnalyst}));
  EXPECT_FALSE(session.refresh_token.empty());
  const auth::Caller ines = CallerOf(session);
  EXPECT_TRUE(ines.HasRole(curio_.id, Role::kInstructor));
  // The password set here is the one that signs in.
  EXPECT_EQ(SignIn("ines@curio.test", "correct horse battery").person_id, ines.person_id);
}

TEST_P(PeopleTest, ANewAccountDefaultsItsNameAndLocale) {
  const Invitation invitation =
      Must(registry_->CreateInvitation(alice_, InvitationTo(curio_.id, "ines@curio.test")));
  const Session session =
      Must(registry_->AcceptInvitation(Anonymous(), Accept(invitation, "0123456789")));
  ASSERT_TRUE(session.person.has_value());
  EXPECT_EQ(session.person->display_name, "ines");
  EXPECT_EQ(session.person->locale, "nl");
}

TEST_P(PeopleTest, AnInvitationWorksOnce) {
  const Invitation invitation =
      Must(registry_->CreateInvitation(alice_, InvitationTo(curio_.id, "ines@curio.test")));
  Must(registry_->AcceptInvitation(Anonymous(), Accept(invitation, "0123456789")));
  absl::StatusOr<Session> again =
      registry_->AcceptInvitation(Anonymous(), Accept(invitation, "0123456789"));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(again.status()), HasSubstr("already used"));
}

TEST_P(PeopleTest, AnUnknownTokenRevealsNothing) {
  AcceptInvitationRequest accept;
  accept.token = "not-a-token-anyone-was-given";
  accept.password = "0123456789";
  absl::StatusOr<Session> session = registry_->AcceptInvitation(Anonymous(), accept);
  EXPECT_EQ(session.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Message(session.status()), "no such invitation");
  accept.token.clear();
  EXPECT_THAT(Message(registry_->AcceptInvitation(Anonymous(), accept).status()),
              StartsWith("token:"));
}

TEST_P(PeopleTest, AnInvitationWorksUntilJustBeforeItsExpiry) {
  CreateInvitationRequest request = InvitationTo(curio_.id, "ines@curio.test");
  request.ttl_hours = 2;
  const Invitation invitation = Must(registry_->CreateInvitation(alice_, request));
  EXPECT_EQ(invitation.expire_time, clock_.Now() + absl::Hours(2));
  clock_.Set(invitation.expire_time - absl::Microseconds(1));
  EXPECT_TRUE(registry_->AcceptInvitation(Anonymous(), Accept(invitation, "0123456789")).ok());
}

TEST_P(PeopleTest, AnInvitationIsDeadAtItsExpiry) {
  const Invitation invitation =
      Must(registry_->CreateInvitation(alice_, InvitationTo(curio_.id, "ines@curio.test")));
  clock_.Set(invitation.expire_time);
  absl::StatusOr<Session> late =
      registry_->AcceptInvitation(Anonymous(), Accept(invitation, "0123456789"));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(late.status()), HasSubstr("expired"));
  EXPECT_THAT(MemberEmails(curio_.id), Not(::testing::Contains("ines@curio.test")));
}

TEST_P(PeopleTest, TheTimeToLiveIsBounded) {
  CreateInvitationRequest request = InvitationTo(curio_.id, "ines@curio.test");
  request.ttl_hours = 720;
  EXPECT_EQ(Must(registry_->CreateInvitation(alice_, request)).expire_time,
            clock_.Now() + absl::Hours(720));
  for (int hours : {721, -1}) {
    request.ttl_hours = hours;
    absl::StatusOr<Invitation> refused = registry_->CreateInvitation(alice_, request);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Message(refused.status()), StartsWith("ttl_hours:"));
  }
}

TEST_P(PeopleTest, InvitationsNeedAValidEmailAndRoles) {
  for (const std::string& email : std::vector<std::string>{
           "", "   ", "no-at-sign", "two@@curio.test", "a@b@c", "@curio.test", "ines@",
           "ines @curio.test", "ines\t@curio.test", std::string(250, 'x') + "@c.nl"}) {
    SCOPED_TRACE(email);
    absl::StatusOr<Invitation> refused =
        registry_->CreateInvitation(alice_, InvitationTo(curio_.id, email));
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Message(refused.status()), StartsWith("email:"));
  }
  for (const std::set<Role>& roles :
       {std::set<Role>{}, std::set<Role>{Role::kUnspecified}, std::set<Role>{Role(9)}}) {
    absl::StatusOr<Invitation> refused =
        registry_->CreateInvitation(alice_, InvitationTo(curio_.id, "ines@curio.test", roles));
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Message(refused.status()), StartsWith("roles:"));
  }
  EXPECT_EQ(Count("invitations"), 3);  // The fixture's.
}

TEST_P(PeopleTest, OnlyOrganisationAdminsInvite) {
  EXPECT_EQ(
      registry_->CreateInvitation(carl_, InvitationTo(curio_.id, "x@curio.test")).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      registry_->CreateInvitation(bob_, InvitationTo(curio_.id, "x@curio.test")).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->CreateInvitation(Anonymous(), InvitationTo(curio_.id, "x@curio.test"))
                .status()
                .code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(
      registry_->CreateInvitation(alice_, InvitationTo("org_nope", "x@curio.test")).status().code(),
      absl::StatusCode::kNotFound);
  EXPECT_TRUE(registry_->CreateInvitation(admin_, InvitationTo(curio_.id, "x@curio.test")).ok());
}

TEST_P(PeopleTest, InvitingAMemberAgainIsAlreadyExists) {
  EXPECT_EQ(registry_->CreateInvitation(alice_, InvitationTo(curio_.id, "CARL@curio.test"))
                .status()
                .code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_P(PeopleTest, TheNewPasswordMustBe10To128Characters) {
  const Invitation invitation =
      Must(registry_->CreateInvitation(alice_, InvitationTo(curio_.id, "ines@curio.test")));
  // Characters, not bytes: five two-byte characters are five.
  const std::string five_accented = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9";
  for (const std::string& password : std::vector<std::string>{
           std::string(9, 'p'), five_accented, std::string(129, 'p'), std::string()}) {
    absl::StatusOr<Session> refused =
        registry_->AcceptInvitation(Anonymous(), Accept(invitation, password));
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Message(refused.status()), StartsWith("password:"));
  }
  EXPECT_EQ(Count("people"), 4);  // The admin and the fixture's three.
  // The refusals did not use the invitation up.
  EXPECT_TRUE(
      registry_->AcceptInvitation(Anonymous(), Accept(invitation, std::string(128, 'p'))).ok());
}

TEST_P(PeopleTest, AnExistingAccountJoinsWithItsOwnPassword) {
  // Bob, admin at Het Spoor, is invited into Curio too.
  const Invitation invitation = Must(registry_->CreateInvitation(
      alice_, InvitationTo(curio_.id, "bob@spoor.test", {Role::kInstructor})));
  const Session session = Must(
      registry_->AcceptInvitation(Anonymous(), Accept(invitation, PasswordOf("bob@spoor.test"))));
  ASSERT_TRUE(session.person.has_value());
  EXPECT_EQ(session.person->id, bob_.person_id);
  const Me me = Must(registry_->GetMe(CallerOf(session)));
  ASSERT_EQ(me.memberships.size(), 2u);
  EXPECT_EQ(Count("people"), 4);
  EXPECT_TRUE(CallerOf(session).HasRole(curio_.id, Role::kInstructor));
  EXPECT_TRUE(CallerOf(session).HasRole(spoor_.id, Role::kOrgAdmin));
}

TEST_P(PeopleTest, AcceptingPutsTheInvitingOrganisationFirstInTheSession) {
  // Created after Het Spoor, so its id sorts after it: stored order alone would put it last.
  const Organization later = MakeOrganization("Later College");
  const auth::Caller later_admin = Join(admin_, later.id, "admin@later.test", {Role::kOrgAdmin});
  const Invitation invitation = Must(registry_->CreateInvitation(
      later_admin, InvitationTo(later.id, "bob@spoor.test", {Role::kCoordinator})));
  const Session session = Must(
      registry_->AcceptInvitation(Anonymous(), Accept(invitation, PasswordOf("bob@spoor.test"))));
  ASSERT_EQ(session.memberships.size(), 2u);
  EXPECT_EQ(session.memberships.front().organization_id, later.id);
  EXPECT_EQ(session.memberships.back().organization_id, spoor_.id);
}

TEST_P(PeopleTest, AnExistingAccountWithAWrongPasswordIsRefusedAndNothingChanges) {
  const Invitation invitation =
      Must(registry_->CreateInvitation(alice_, InvitationTo(curio_.id, "bob@spoor.test")));
  absl::StatusOr<Session> refused =
      registry_->AcceptInvitation(Anonymous(), Accept(invitation, "not bobs password"));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(MemberEmails(curio_.id), Not(::testing::Contains("bob@spoor.test")));
  // Still unused: Bob can accept with his own password.
  EXPECT_TRUE(
      registry_->AcceptInvitation(Anonymous(), Accept(invitation, PasswordOf("bob@spoor.test")))
          .ok());
}

// ---------------------------------------------------------------------------------------------
// Members

TEST_P(PeopleTest, AddMemberAddsAnExistingAccountByEmail) {
  const Member member =
      Must(registry_->AddMember(alice_, curio_.id, " BOB@Spoor.test", {Role::kAnalyst}));
  EXPECT_EQ(member.organization_id, curio_.id);
  EXPECT_EQ(member.person.id, bob_.person_id);
  EXPECT_EQ(member.roles, std::set<Role>{Role::kAnalyst});
  EXPECT_EQ(member.add_time, clock_.Now());
  EXPECT_THAT(MemberEmails(curio_.id),
              ElementsAre("alice@curio.test", "bob@spoor.test", "carl@curio.test"));
  EXPECT_EQ(
      registry_->AddMember(alice_, curio_.id, "bob@spoor.test", {Role::kAnalyst}).status().code(),
      absl::StatusCode::kAlreadyExists);
}

TEST_P(PeopleTest, AddMemberRefusesUnknownEmailsMissingRolesAndNonAdmins) {
  absl::StatusOr<Member> unknown =
      registry_->AddMember(alice_, curio_.id, "nobody@nowhere.test", {Role::kAnalyst});
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(unknown.status()), HasSubstr("invitation"));
  absl::StatusOr<Member> no_roles = registry_->AddMember(alice_, curio_.id, "bob@spoor.test", {});
  EXPECT_THAT(Message(no_roles.status()), StartsWith("roles:"));
  EXPECT_EQ(
      registry_->AddMember(carl_, curio_.id, "bob@spoor.test", {Role::kAnalyst}).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(MemberEmails(curio_.id), ElementsAre("alice@curio.test", "carl@curio.test"));
}

TEST_P(PeopleTest, MembersListTheirOrganisationOthersMayNot) {
  EXPECT_EQ(Must(registry_->ListMembers(carl_, curio_.id, 0, "")).members.size(), 2u);
  EXPECT_EQ(registry_->ListMembers(bob_, curio_.id, 0, "").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->ListMembers(Anonymous(), curio_.id, 0, "").status().code(),
            absl::StatusCode::kUnauthenticated);
  const MemberPage first = Must(registry_->ListMembers(alice_, curio_.id, 1, ""));
  ASSERT_EQ(first.members.size(), 1u);
  EXPECT_EQ(first.members[0].person.email, "alice@curio.test");
  const MemberPage second =
      Must(registry_->ListMembers(alice_, curio_.id, 1, first.next_page_token));
  ASSERT_EQ(second.members.size(), 1u);
  EXPECT_EQ(second.members[0].person.email, "carl@curio.test");
  EXPECT_EQ(second.next_page_token, "");
}

TEST_P(PeopleTest, UpdateMemberReplacesTheRoles) {
  const Member updated = Must(registry_->UpdateMember(alice_, curio_.id, carl_.person_id,
                                                      {Role::kInstructor, Role::kAnalyst}));
  EXPECT_EQ(updated.roles, (std::set<Role>{Role::kInstructor, Role::kAnalyst}));
  EXPECT_EQ(updated.person.email, "carl@curio.test");
  EXPECT_THAT(Message(registry_->UpdateMember(alice_, curio_.id, carl_.person_id, {}).status()),
              StartsWith("roles:"));
  EXPECT_EQ(
      registry_->UpdateMember(alice_, curio_.id, bob_.person_id, {Role::kAnalyst}).status().code(),
      absl::StatusCode::kNotFound);
  EXPECT_EQ(
      registry_->UpdateMember(carl_, curio_.id, carl_.person_id, {Role::kOrgAdmin}).status().code(),
      absl::StatusCode::kPermissionDenied);
}

TEST_P(PeopleTest, TheLastAdminCannotBeDemotedOrRemoved) {
  absl::StatusOr<Member> demoted =
      registry_->UpdateMember(alice_, curio_.id, alice_.person_id, {Role::kCoordinator});
  EXPECT_EQ(demoted.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(demoted.status()), HasSubstr("last org_admin"));
  absl::Status removed = registry_->RemoveMember(admin_, curio_.id, alice_.person_id);
  EXPECT_EQ(removed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(alice_.HasRole(curio_.id, Role::kOrgAdmin));
  EXPECT_EQ(Must(registry_->GetMe(alice_)).memberships.at(0).roles,
            std::set<Role>{Role::kOrgAdmin});

  // With a second admin, either may go.
  Must(registry_->UpdateMember(alice_, curio_.id, carl_.person_id,
                               {Role::kOrgAdmin, Role::kCoordinator}));
  EXPECT_TRUE(
      registry_->UpdateMember(alice_, curio_.id, alice_.person_id, {Role::kInstructor}).ok());
  EXPECT_EQ(registry_->RemoveMember(admin_, curio_.id, carl_.person_id).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_P(PeopleTest, RemoveMemberEndsTheirRightsInTheRegistryAtOnce) {
  const auth::Caller dana = Join(alice_, curio_.id, "dana@curio.test", {Role::kOrgAdmin});
  ASSERT_TRUE(registry_->RemoveMember(alice_, curio_.id, dana.person_id).ok());
  EXPECT_THAT(MemberEmails(curio_.id), ElementsAre("alice@curio.test", "carl@curio.test"));
  // Dana's access token still names the role, but the registry reads the roles afresh.
  ASSERT_TRUE(dana.HasRole(curio_.id, Role::kOrgAdmin));
  EXPECT_EQ(registry_->ListMembers(dana, curio_.id, 0, "").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->RemoveMember(alice_, curio_.id, dana.person_id).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(registry_->RemoveMember(carl_, curio_.id, alice_.person_id).code(),
            absl::StatusCode::kPermissionDenied);
}

// ---------------------------------------------------------------------------------------------
// GetMe and GetPerson

TEST_P(PeopleTest, GetMeShowsThePersonAndEveryMembership) {
  const Me me = Must(registry_->GetMe(carl_));
  EXPECT_EQ(me.person.email, "carl@curio.test");
  ASSERT_EQ(me.memberships.size(), 1u);
  EXPECT_EQ(me.memberships[0].organization_name, "Curio");
  EXPECT_EQ(me.memberships[0].roles, std::set<Role>{Role::kCoordinator});
  EXPECT_EQ(registry_->GetMe(Anonymous()).status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(Must(registry_->GetMe(admin_)).person.platform_admin);
  EXPECT_THAT(Must(registry_->GetMe(admin_)).memberships, IsEmpty());
}

TEST_P(PeopleTest, APersonIsVisibleToThemselvesColleaguesAndPlatformAdmins) {
  EXPECT_EQ(Must(registry_->GetPerson(carl_, carl_.person_id)).email, "carl@curio.test");
  EXPECT_EQ(Must(registry_->GetPerson(alice_, carl_.person_id)).email, "carl@curio.test");
  EXPECT_EQ(Must(registry_->GetPerson(admin_, carl_.person_id)).email, "carl@curio.test");
  EXPECT_EQ(registry_->GetPerson(bob_, carl_.person_id).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->GetPerson(Anonymous(), carl_.person_id).status().code(),
            absl::StatusCode::kUnauthenticated);
  // An unknown id looks like someone else's to those who may not look, so ids cannot be probed.
  const std::string unknown = "person_00000000000000000000000000000000";
  EXPECT_EQ(registry_->GetPerson(bob_, unknown).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->GetPerson(admin_, unknown).status().code(), absl::StatusCode::kNotFound);
}

TEST_P(PeopleTest, OneAccountPerEmailWhateverItsCase) {
  ASSERT_TRUE(
      registry_->BootstrapPlatformAdmin("  ADMIN@Leerpool.TEST", "another-password-9").ok());
  EXPECT_EQ(Count("people"), 4);
  // The existing account kept its password.
  EXPECT_EQ(SignIn(testing::kAdminEmail, testing::kAdminPassword).person_id, admin_.person_id);
}

INSTANTIATE_TEST_SUITE_P(Backends, PeopleTest, testing::Backends(), testing::BackendTestName());

}  // namespace
}  // namespace leerpool::registry
